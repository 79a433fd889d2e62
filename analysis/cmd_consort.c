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
#include <getopt.h>
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

int
cmd_consort(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"assessed", required_argument, NULL, 'A'},
	    {"excluded", required_argument, NULL, 'x'},
	    {"svg", required_argument, NULL, 's'},
	    {"min-cell", required_argument, NULL, 'm'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	static const char *const cols[] = {"stage", "arm", "n", "detail"};
	struct rct_consort c;
	struct rct_table *t = NULL;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	char **excluded = NULL, **grown;
	const char *svg = NULL;
	long assessed = -1, min_cell = -1;
	size_t nexcluded = 0;
	FILE *fp;
	int ch, rc = 0;

	memset(&c, 0, sizeof(c));
	optind = 0;
	while (rc == 0 &&
	    (ch = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		switch (ch) {
		case 'A':
			rc = rct_cli_long(ctx, "--assessed", optarg, 0,
			    1000000000L, &assessed);
			break;
		case 'x':
			if ((grown = realloc(excluded,
				 (nexcluded + 1) * sizeof(char *))) == NULL) {
				rc = rct_error(RCT_ENOMEM, "out of memory");
				break;
			}
			excluded = grown;
			excluded[nexcluded++] = optarg;
			break;
		case 's':
			svg = optarg;
			break;
		case 'm':
			rc = rct_cli_long(ctx, "--min-cell", optarg, 0, 1000,
			    &min_cell);
			break;
		case 'f':
			rc = rct_cli_format(ctx, optarg, &fmt);
			break;
		default:
			rc = rct_cli_usage(ctx, "unknown option");
		}
	if (rc != 0 || (rc = rct_cli_end(ctx)) != 0)
		goto out;
	if (nexcluded && assessed < 0) {
		rc = rct_cli_usage(ctx, "--excluded needs --assessed N");
		goto out;
	}
	if (min_cell < 0)
		min_cell = rct_store_protocol(ctx->store)->min_cell > 0 ?
		    rct_store_protocol(ctx->store)->min_cell :
		    5;
	if ((rc = rct_consort(ctx->store, assessed, excluded, nexcluded,
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
	free(excluded);
	return rc;
}
