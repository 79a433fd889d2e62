/*
 * analysis consort STORE [--assessed N] [--excluded REASON=N]...
 *                        [--svg FILE] [--min-cell N]
 *
 * The CONSORT 2010 flow as a table (stage, arm, count) and, with --svg,
 * as a diagram.  The top of the flow (assessed, excluded with reasons)
 * comes from the store's screening log (trial screen), or from
 * --assessed and --excluded when given.
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
row(struct rct_table *t, const char *stage, const char *arm, long n,
    const char *detail, int min_cell, int is_reason)
{
	char num[24];
	const char *cells[4];

	snprintf(num, sizeof(num), "%ld", n);
	cells[0] = stage;
	cells[1] = arm;
	/* Small counts of reasons are not published. */
	cells[2] = is_reason && n > 0 && n < min_cell ? "" : num;
	cells[3] = is_reason && n > 0 && n < min_cell ?
	    "fewer than min_cell: suppressed" :
	    detail;
	return rct_table_add(t, cells);
}

static int
table(struct rct_table *t, const struct rct_consort *c, int min_cell)
{
	size_t a, i;
	int rc = 0;

	if (c->assessed >= 0) {
		rc = row(t, "assessed for eligibility", "", c->assessed, "",
		    min_cell, 0);
		for (i = 0; rc == 0 && i < c->nexcluded; i++)
			rc = row(t, "excluded", "", c->excluded[i],
			    c->excluded_reason[i], min_cell, 1);
	}
	if (rc == 0)
		rc = row(t, "enrolled", "", c->enrolled,
		    "consented, in the "
		    "register",
		    min_cell, 0);
	if (rc == 0)
		rc = row(t, "not randomized", "", c->not_randomized, "",
		    min_cell, 0);
	if (rc == 0)
		rc = row(t, "randomized", "", c->randomized, "", min_cell, 0);
	for (a = 0; rc == 0 && a < c->narms; a++) {
		const struct rct_consort_arm *r = &c->arms[a];

		rc = row(t, "allocated", r->name, r->allocated, r->label,
		    min_cell, 0);
		if (rc == 0 && c->has_takeup)
			rc = row(t, "received the measure", r->name,
			    r->received, "", min_cell, 0);
		if (rc == 0 && c->has_takeup)
			rc = row(t, "did not receive the measure", r->name,
			    r->not_received, "", min_cell, 0);
		if (rc == 0)
			rc = row(t, "withdrew consent", r->name, r->withdrew,
			    "", min_cell, 0);
		if (rc == 0)
			rc = row(t, "left the measure early", r->name,
			    r->exited, "", min_cell, 0);
		for (i = 0; rc == 0 && i < c->nreasons; i++)
			if (r->exit_reason[i] > 0)
				rc = row(t, "left the measure: reason", r->name,
				    r->exit_reason[i], c->reasons[i], min_cell,
				    1);
		if (rc == 0)
			rc = row(t, "lost to follow-up", r->name, r->lost,
			    "no value of the primary outcome", min_cell, 0);
		if (rc == 0)
			rc = row(t, "analysed", r->name, r->analysed,
			    c->outcome ? c->outcome : "", min_cell, 0);
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
	if ((rc = rct_consort(ctx->store, assessed, excluded, nexcluded, &c)) !=
	    0)
		goto out;
	if (c.assessed >= 0 && c.assessed < c.enrolled + c.excluded_count) {
		if (assessed < 0) /* the log: some months not reported yet */
			rct_warn("the screening log counts %ld assessed, fewer "
				 "than the %ld enrolled and %ld excluded: are "
				 "some months not reported yet?",
			    c.assessed, c.enrolled, c.excluded_count);
		else {
			rc = rct_error(RCT_EINVAL,
			    "--assessed %ld is fewer than the %ld enrolled "
			    "and %ld excluded",
			    c.assessed, c.enrolled, c.excluded_count);
			goto out;
		}
	}
	if ((t = rct_table_new(4, cols)) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	rct_table_set_numeric(t, 2);
	if ((rc = table(t, &c, (int)min_cell)) != 0)
		goto out;
	if (svg) {
		if ((fp = fopen(svg, "w")) == NULL) {
			rc = rct_error(RCT_EIO, "cannot write '%s': %s", svg,
			    strerror(errno));
			goto out;
		}
		rct_consort_svg(&c, (int)min_cell, fp);
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
