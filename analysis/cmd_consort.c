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
	if ((rc = rct_consort_table(&t, &c)) != 0)
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
