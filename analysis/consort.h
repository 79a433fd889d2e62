/*
 * The CONSORT flow of a trial from its store, as the CONSORT 2025 flow
 * diagram lays it out (Hopewell et al., BMJ 2025;389:e081123, figure 1;
 * for cluster trials the extension's clusters and cluster sizes at each
 * stage, Campbell et al., BMJ 2012;345:e5661):
 *   Enrolment   assessed for eligibility, excluded (with reasons),
 *               enrolled and not randomized, randomized;
 *   Allocation  per arm allocated, received / did not receive the measure;
 *   Follow-up   withdrew consent, left the measure early (with reasons),
 *               lost to follow-up (no value of the primary outcome);
 *   Analysis    analysed, excluded from analysis (with reasons).
 * The counts assessed and excluded come from the store's screening log
 * (trial screen) or are given by the team; when the log does not cover
 * every site and month someone was recruited in, the flow says so
 * (coverage below) instead of implying that the numbers add up.
 *
 * Every count is suppressed with its complements (suppress.h) on the sums
 * that tie them: enrolled = not randomized + randomized, randomized = the
 * arms' allocated, allocated = analysed + lost + left out, an arm's exits = its
 * reasons, the excluded = their reasons, assessed = excluded + enrolled
 * when the log covers the whole flow, and each count's total across the
 * arms (known from the other tables).
 */
#ifndef RCT_CONSORT_H
#define RCT_CONSORT_H

#include <stdio.h>

#include "protocol.h"
#include "store.h"
#include "table.h"

#define RCT_CONSORT_MAX_REASONS 16
#define RCT_CONSORT_MAX_ARMS 16

/* A count and whether it is suppressed (1 primary, 2 complementary). */
struct rct_count {
	long n;
	int hidden;
};

struct rct_consort_arm {
	const char *name, *label;
	struct rct_count allocated, withdrew, exited, lost, analysed;
	/*
	 * With a value of the primary outcome, but left out of the
	 * pre-specified analysis: their stratum's allocation had one arm
	 * (a lottery site that offered everyone a place), as effects
	 * leaves it out (rct_effects_plan_left_out in effects_plan.h).
	 */
	struct rct_count left_out;
	struct rct_count received, not_received; /* the takeup outcome */
	struct rct_count exit_reason[RCT_CONSORT_MAX_REASONS];
	/* Cluster trials: clusters with someone allocated, analysed. */
	long clusters_allocated, clusters_analysed;
};

struct rct_consort {
	const char *title, *outcome;
	int has_takeup, cluster;
	struct rct_count assessed; /* n -1 when not known */
	struct rct_count excluded_count;
	char **excluded_reason; /* "not eligible", ... */
	struct rct_count *excluded;
	size_t nexcluded;
	/*
	 * The screening log's coverage: of the site-months someone was
	 * recruited in, how many have a report (both 0 when the counts were
	 * given by hand, which are taken to cover everything).
	 */
	long months_recruiting, months_reported;
	int partial; /* the log does not cover the whole flow */
	struct rct_count enrolled, randomized, not_randomized;
	struct rct_consort_arm arms[RCT_CONSORT_MAX_ARMS];
	size_t narms;
	long clusters; /* cluster trials: clusters randomized */
	const char *const *reasons; /* the exit reasons' names */
	size_t nreasons;
	int min_cell, any_hidden;
	int any_left_out; /* some arm has left_out above 0 */
};

/*
 * Count the flow and suppress its small counts; assessed (-1: unknown)
 * and the exclusions come from the team as "reason=count" items, or from
 * the screening log.
 */
int rct_consort(struct rct_store *s, long assessed, char *const *excluded,
    size_t nexcluded, int min_cell, struct rct_consort *out);
void rct_consort_release(struct rct_consort *c);

/* The words an exit reason is printed with ("in paid work"). */
const char *rct_consort_exit_reason_label(const char *reason);

/*
 * The diagram as a standalone SVG, valid XML whatever the labels hold;
 * every line fits its box (boxes grow, long text wraps).
 */
void rct_consort_svg(const struct rct_consort *c, FILE *fp);

/*
 * The flow as a table (stage, arm, n, detail): a suppressed count empty,
 * its detail saying so.  *out is the caller's (rct_table_free).
 */
int rct_consort_table(struct rct_table **out, const struct rct_consort *c);

#endif
