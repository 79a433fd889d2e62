/*
 * trial screen STORE --site CODE --month YYYY-MM --screened N
 *                    [--excluded REASON=N]... [--replace]
 *
 * Records a site's screening for a month: how many were assessed for
 * eligibility and how many excluded, with reasons (screening.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "error.h"
#include "screening.h"
#include "text.h"

#define MAX_REASONS 32

int
cmd_screen(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"site", required_argument, NULL, 's'},
	    {"month", required_argument, NULL, 'm'},
	    {"screened", required_argument, NULL, 'n'},
	    {"excluded", required_argument, NULL, 'x'},
	    {"replace", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	struct rct_screen_reason ex[MAX_REASONS];
	char *reasons[MAX_REASONS];
	const char *site = NULL, *month = NULL, *eq;
	long screened = -1, total = 0;
	size_t n = 0, i;
	int c, rc = 0, replace = 0;

	optind = 0;
	while (rc == 0 &&
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 's':
			site = optarg;
			break;
		case 'm':
			month = optarg;
			break;
		case 'n':
			rc = rct_cli_long(ctx, "--screened", optarg, 0,
			    100000000, &screened);
			break;
		case 'x':
			if (n == MAX_REASONS) {
				rc = rct_cli_usage(ctx,
				    "at most %d exclusion reasons",
				    MAX_REASONS);
				break;
			}
			if ((eq = strrchr(optarg, '=')) == NULL ||
			    eq == optarg) {
				rc = rct_cli_usage(ctx,
				    "--excluded '%s': expected REASON=COUNT",
				    optarg);
				break;
			}
			if ((reasons[n] = strndup(optarg,
				 (size_t)(eq - optarg))) == NULL) {
				rc = rct_error(RCT_ENOMEM, "out of memory");
				break;
			}
			ex[n].reason = reasons[n];
			if ((rc = rct_cli_long(ctx, "--excluded", eq + 1, 0,
				 100000000, &ex[n].count)) == 0)
				total += ex[n].count;
			n++;
			break;
		case 'r':
			replace = 1;
			break;
		default:
			rc = rct_cli_usage(ctx, "unknown option");
		}
	if (rc == 0 && (rc = rct_cli_end(ctx)) == 0 &&
	    (site == NULL || month == NULL || screened < 0))
		rc = rct_cli_usage(ctx,
		    "--site, --month and --screened are required");
	if (rc == 0 &&
	    (rc = rct_screen(ctx->store, site, month, screened, ex, n,
		 replace)) == 0)
		fprintf(ctx->out,
		    "%s site %s, %s: %ld screened, %ld excluded\n",
		    replace ? "replaced" : "recorded", site, month, screened,
		    total);
	for (i = 0; i < n; i++)
		free(reasons[i]);
	return rc;
}
