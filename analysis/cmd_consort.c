/*
 * analysis consort STORE [--assessed N] [--excluded REASON=N]...
 *                        [--svg FILE] [--min-cell N]
 *
 * The CONSORT flow as a table (stage, arm, count) and, with --svg, as the
 * CONSORT 2025 diagram (consort.h).  The top of the flow (assessed,
 * excluded with reasons) comes from the store's screening log (trial
 * screen), or from --assessed and --excluded when given; when the log
 * covers only some of the sites and months recruited in, both say so.
 * Small counts and those that would reveal them are suppressed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmds.h"
#include "consort.h"
#include "error.h"
#include "store.h"

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
	}
	return rc;
}

/* --excluded REASON=N, as many as given: the array is the caller's. */
struct exclusions {
	char **reasons;
	size_t n;
};

static int
excluded_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	struct exclusions *x = opt->dest;
	char **grown;

	(void)ctx;
	if ((grown = realloc(x->reasons, (x->n + 1) * sizeof(char *))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	x->reasons = grown;
	x->reasons[x->n++] = (char *)arg; /* an argv string */
	return 0;
}

int
cmd_consort(struct rct_cmd_ctx *ctx)
{
	static const char *const cols[] = {"stage", "arm", "n", "detail"};
	struct rct_consort c;
	struct rct_table *t = NULL;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	struct exclusions x = {NULL, 0};
	const char *svg = NULL;
	long assessed = -1, min_cell = -1;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_LONG("assessed", &assessed, 0, 1000000000L),
	    RCT_OPT_FN("excluded", excluded_option, &x),
	    RCT_OPT_STRING("svg", &svg),
	    RCT_OPT_LONG("min-cell", &min_cell, 0, 1000),
	    RCT_OPT_FORMAT(&fmt),
	    RCT_OPT_END,
	};
	FILE *fp;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		goto out;
	if (x.n && assessed < 0) {
		rc = rct_cli_usage(ctx, "--excluded needs --assessed N");
		goto out;
	}
	if (min_cell < 0)
		min_cell = rct_store_protocol(ctx->store)->min_cell > 0 ?
		    rct_store_protocol(ctx->store)->min_cell :
		    5;
	if ((rc = rct_consort(ctx->store, assessed, x.reasons, x.n,
		 (int)min_cell, &c)) != 0)
		goto out;
	if (assessed >= 0 && c.assessed.n < c.enrolled.n + c.excluded_count.n) {
		rc = rct_error(RCT_EINVAL,
		    "--assessed %ld is fewer than the %ld enrolled and %ld "
		    "excluded",
		    c.assessed.n, c.enrolled.n, c.excluded_count.n);
		goto out;
	}
	if ((t = rct_table_new(4, cols)) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	rct_table_set_numeric(t, 2);
	if ((rc = table(t, &c)) != 0)
		goto out;
	if (svg) {
		if ((fp = fopen(svg, "w")) == NULL) {
			rc = rct_error(RCT_EIO, "cannot write '%s': %s", svg,
			    strerror(errno));
			goto out;
		}
		rct_consort_svg(&c, fp);
		if (fclose(fp) != 0) {
			rc = rct_error(RCT_EIO, "cannot write '%s': %s", svg,
			    strerror(errno));
			goto out;
		}
	}
	rct_table_print(t, ctx->out, fmt);
out:
	rct_table_free(t);
	rct_consort_free(&c);
	free(x.reasons);
	return rc;
}
