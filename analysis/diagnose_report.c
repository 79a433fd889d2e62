/*
 * The row `analysis diagnose` prints (diagnose.h): the assumptions taken
 * from a pilot store where no flag gave them, the protocol's estimator and
 * errors where none was named, and every assumption echoed beside the
 * diagnosis.
 */
#include <stdio.h>
#include <string.h>

#include "diagnose.h"
#include "error.h"
#include "pilot.h"
#include "text.h"

#define NCOLS 23
#define NNUMBERS 16

int
rct_diagnose_report(struct rct_store *pilot, const struct rct_protocol *design,
    struct rct_diagnose_spec *s, const struct rct_diagnose_given *given,
    struct rct_table **out)
{
	static const char *const cols[NCOLS] = {"protocol", "estimator",
	    "se_type", "trials", "participants", "effect", "r2", "icc", "power",
	    "bias", "rmse", "coverage", "type_s", "mean_estimate",
	    "sd_estimate", "mean_std_error", "failed", "alpha", "seed",
	    "method", "assumptions", "pilot_n", "pilot_sd"};
	struct rct_pilot_assumptions pa;
	struct rct_diagnosis d;
	struct rct_table *t;
	const char *cells[NCOLS];
	char pn[24], psd[32], num[NNUMBERS][32];
	size_t i;
	int rc;

	*out = NULL;
	s->protocol = design;
	memset(&pa, 0, sizeof(pa));
	pn[0] = psd[0] = '\0';
	if (pilot) {
		/* What the pilot measured, where no flag says otherwise. */
		if ((rc = rct_pilot_assumptions(pilot, design, &pa)) != 0)
			return rc;
		if (!given->r2)
			s->r2 = pa.r2 < 0 ? 0 : pa.r2 > 0.9 ? 0.9 : pa.r2;
		if (!given->icc && pa.has_icc)
			s->icc = pa.icc < 0 ? 0 : pa.icc;
		if (s->r2 + s->icc >= 1)
			s->icc = 0.99 - s->r2;
		snprintf(pn, sizeof(pn), "%ld", pa.n);
		rct_text_format_cell(psd, pa.sd);
	}
	if (!given->estimator && design->estimator &&
	    rct_methods_estimator_parse(design->estimator, &s->estimator) < 0)
		s->estimator = RCT_EST_DIM;
	if (!s->se_given && design->se_type &&
	    rct_methods_se_parse(design->se_type, &s->se) == 0)
		s->se_given = 1;
	if ((rc = rct_diagnose(s, &d)) != 0)
		return rc;
	if ((t = rct_table_new(NCOLS, cols)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	{
		const double x[NNUMBERS] = {(double)d.trials,
		    (double)s->participants, s->effect, s->r2, s->icc, d.power,
		    d.bias, d.rmse, d.coverage, d.type_s, d.mean_estimate,
		    d.sd_estimate, d.mean_se, (double)d.failed, s->alpha,
		    (double)s->seed};

		for (i = 0; i < NNUMBERS; i++)
			rct_text_format_cell(num[i], x[i]);
	}
	cells[0] = design->name;
	cells[1] = rct_methods_estimator_name(s->estimator);
	cells[2] = s->se_given ? rct_methods_se_name(s->se) : "default";
	for (i = 0; i < NNUMBERS; i++)
		cells[3 + i] = num[i];
	cells[19] = rct_protocol_method_name(design->method);
	cells[20] = pilot ? "pilot and flags" : "flags";
	cells[21] = pn;
	cells[22] = psd;
	for (i = 3; i < 19; i++)
		rct_table_set_numeric(t, i);
	rct_table_set_numeric(t, 21);
	rct_table_set_numeric(t, 22);
	if ((rc = rct_table_add(t, cells)) != 0) {
		rct_table_free(t);
		return rc;
	}
	*out = t;
	return 0;
}
