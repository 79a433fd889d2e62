/*
 * Design diagnosis by simulation, as DeclareDesign does in R: thousands
 * of trials of a protocol, each with synthetic participants allocated by
 * the real allocator and analysed by the protocol's pre-specified
 * estimator, under an assumed effect and outcome model; then power, bias,
 * RMSE, coverage of the confidence interval and the type-S error rate.
 *
 * The outcome model, in standard deviations of the outcome:
 *   y = effect z + sqrt(r2) w + sqrt(icc) u_cluster + sqrt(1 - r2 - icc) e
 * where w is the standardized sum of the protocol's covariates (codes by
 * their index), u and e standard normal.  Trial r draws from the secret
 * BLAKE2b-256("rct-diagnose-v1" || seed || r), so runs repeat.
 */
#ifndef RCT_DIAGNOSE_H
#define RCT_DIAGNOSE_H

#include <stdint.h>

#include "effects.h"
#include "protocol.h"
#include "store.h"
#include "table.h"

struct rct_diagnose_spec {
	const struct rct_protocol *protocol;
	long trials, participants;
	double effect, r2, icc;
	int cluster_size; /* cluster designs (default 10) */
	int sites; /* default 5 */
	uint64_t seed;
	enum rct_estimator estimator;
	enum rct_se_type se;
	int se_given;
	double alpha;
};

struct rct_diagnosis {
	long trials, failed; /* trials the estimator could not analyse */
	double mean_estimate, bias, rmse, power, coverage, type_s;
	double mean_se, sd_estimate;
};

int
rct_diagnose(const struct rct_diagnose_spec *spec, struct rct_diagnosis *out);

/* Which of the spec's assumptions a flag gave (the rest have defaults). */
struct rct_diagnose_given {
	int r2, icc, estimator;
};

/*
 * The diagnosis of design as `analysis diagnose` reports it (one row,
 * every assumption echoed; diagnose_report.c).  With a pilot store, the
 * R^2 and the ICC not given are what the pilot measured (pilot.h), shrunk
 * to leave some variance to noise; the estimator and errors not given are
 * the protocol's.  s->protocol is set to design.  The caller frees *out.
 */
int
rct_diagnose_report(struct rct_store *pilot, const struct rct_protocol *design,
    struct rct_diagnose_spec *s, const struct rct_diagnose_given *given,
    struct rct_table **out) __attribute__((warn_unused_result));

#endif
