/*
 * The CONSORT flow as a table (consort.h, rct_consort_table): stage, arm,
 * count and detail, the suppressed counts empty with the reason, for
 * analysis consort and the report.
 */
#include <stdio.h>
#include <string.h>

#include "consort.h"
#include "error.h"

static int
row(struct rct_table *t, const char *stage, const char *arm,
    const struct rct_count *k, const char *detail)
{
	char num[24], note[512];
	const char *cells[4];

	snprintf(num, sizeof(num), "%ld", k->n);
	if (k->hidden)
		snprintf(note, sizeof(note), "%s%ssuppressed", detail,
		    *detail ? ": " : "");
	cells[0] = stage;
	cells[1] = arm;
	cells[2] = k->hidden ? "" : num;
	cells[3] = k->hidden ? note : detail;
	return rct_table_add(t, cells);
}

/* Clusters and their mean size (not shown when the count is hidden). */
static int
clusters(struct rct_table *t, const char *stage, const char *arm,
    const struct rct_count *k, long nk)
{
	char detail[64] = "";
	struct rct_count c = {nk, 0};

	if (!k->hidden && nk > 0)
		snprintf(detail, sizeof(detail), "mean cluster size %.1f",
		    (double)k->n / (double)nk);
	return row(t, stage, arm, &c, detail);
}

static int
table(struct rct_table *t, const struct rct_consort *c)
{
	char note[160];
	size_t a, i;
	int rc = 0;

	if (c->assessed.n >= 0) {
		note[0] = '\0';
		if (c->partial && c->months_reported < c->months_recruiting)
			snprintf(note, sizeof(note),
			    "screening reported for %ld of %ld site-months "
			    "with recruitment: covers only part of the flow",
			    c->months_reported, c->months_recruiting);
		else if (c->partial)
			snprintf(note, sizeof(note),
			    "assessed less excluded (%ld) is not the enrolled "
			    "(%ld): the counts do not add up",
			    c->assessed.n - c->excluded_count.n, c->enrolled.n);
		rc = row(t, "assessed for eligibility", "", &c->assessed, note);
		if (rc == 0)
			rc = row(t, "excluded", "", &c->excluded_count,
			    "all reasons");
		for (i = 0; rc == 0 && i < c->nexcluded; i++)
			rc = row(t, "excluded", "", &c->excluded[i],
			    c->excluded_reason[i]);
	}
	if (rc == 0)
		rc = row(t, "enrolled", "", &c->enrolled,
		    "consented, in the register");
	if (rc == 0)
		rc = row(t, "not randomized", "", &c->not_randomized, "");
	if (rc == 0)
		rc = row(t, "randomized", "", &c->randomized, "");
	if (rc == 0 && c->cluster)
		rc = clusters(t, "clusters randomized", "", &c->randomized,
		    c->clusters);
	for (a = 0; rc == 0 && a < c->narms; a++) {
		const struct rct_consort_arm *r = &c->arms[a];

		rc = row(t, "allocated", r->name, &r->allocated,
		    r->label ? r->label : "");
		if (rc == 0 && c->cluster)
			rc = clusters(t, "clusters allocated", r->name,
			    &r->allocated, r->clusters_allocated);
		if (rc == 0 && c->has_takeup)
			rc = row(t, "received the measure", r->name,
			    &r->received, "");
		if (rc == 0 && c->has_takeup)
			rc = row(t, "did not receive the measure", r->name,
			    &r->not_received, "");
		if (rc == 0)
			rc = row(t, "withdrew consent", r->name, &r->withdrew,
			    "");
		if (rc == 0)
			rc = row(t, "left the measure early", r->name,
			    &r->exited, "");
		for (i = 0; rc == 0 && i < c->nreasons; i++)
			if (r->exit_reason[i].n > 0 || r->exit_reason[i].hidden)
				rc = row(t, "left the measure: reason", r->name,
				    &r->exit_reason[i], c->reasons[i]);
		if (rc == 0)
			rc = row(t, "lost to follow-up", r->name, &r->lost,
			    "no value of the primary outcome");
		if (rc == 0)
			rc = row(t, "analysed", r->name, &r->analysed,
			    c->outcome ? c->outcome : "");
		if (rc == 0 && c->cluster)
			rc = clusters(t, "clusters analysed", r->name,
			    &r->analysed, r->clusters_analysed);
		if (rc == 0)
			rc = row(t, "excluded from analysis", r->name, &r->lost,
			    "no value of the primary outcome");
		if (rc == 0 && c->any_left_out)
			rc =
			    row(t, "excluded: arm fixed", r->name, &r->left_out,
				"their stratum allocated one arm only "
				"(probability 1 or 0): no comparison");
	}
	return rc;
}

int
rct_consort_table(struct rct_table **out, const struct rct_consort *c)
{
	static const char *const cols[] = {"stage", "arm", "n", "detail"};
	struct rct_table *t;
	int rc;

	*out = NULL;
	if ((t = rct_table_new(4, cols)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	rct_table_set_numeric(t, 2);
	if ((rc = table(t, c)) != 0) {
		rct_table_free(t);
		return rc;
	}
	*out = t;
	return 0;
}
