/*
 * analysis power --design individual|cluster|blocked [options]
 *
 * Closed-form planning (power.h): the options become the given inputs,
 * and rct_power_solve() (power_plan.c) solves for the quantity left out
 * and returns the one row to print.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmds.h"
#include "error.h"
#include "power.h"
#include "text.h"

/* Each input's flag is RCT_POWER_<INPUT> + FLAG_BASE in getopt_long. */
#define FLAG_BASE 256
#define FLAG(i) (FLAG_BASE + RCT_POWER_##i)

int
cmd_power(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"design", required_argument, NULL, 'd'},
	    {"format", required_argument, NULL, 'f'},
	    {"effect-size", required_argument, NULL, FLAG(EFFECT)},
	    {"p-control", required_argument, NULL, FLAG(P0)},
	    {"p-treatment", required_argument, NULL, FLAG(P1)},
	    {"power", required_argument, NULL, FLAG(POWER)},
	    {"n-per-arm", required_argument, NULL, FLAG(N)},
	    {"alpha", required_argument, NULL, FLAG(ALPHA)},
	    {"ratio", required_argument, NULL, FLAG(RATIO)},
	    {"r2", required_argument, NULL, FLAG(R2)},
	    {"attrition", required_argument, NULL, FLAG(ATTRITION)},
	    {"clusters", required_argument, NULL, FLAG(CLUSTERS)},
	    {"cluster-size", required_argument, NULL, FLAG(SIZE)},
	    {"icc", required_argument, NULL, FLAG(ICC)},
	    {"r2-cluster", required_argument, NULL, FLAG(R2C)},
	    {"r2-individual", required_argument, NULL, FLAG(R2I)},
	    {"cluster-covariates", required_argument, NULL, FLAG(G)},
	    {"covariates", required_argument, NULL, FLAG(G)},
	    {"share-treated", required_argument, NULL, FLAG(SHARE)},
	    {"sites", required_argument, NULL, FLAG(SITES)},
	    {"site-size", required_argument, NULL, FLAG(SITE_SIZE)},
	    {NULL, 0, NULL, 0},
	};
	struct rct_power_given g;
	struct rct_table *t = NULL;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char *design = "individual";
	int c, rc = 0, idx, choice;

	memset(&g, 0, sizeof(g));
	optind = 0;
	while (rc == 0 &&
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, &idx)) != -1) {
		if (c == 'd')
			design = optarg;
		else if (c == 'f')
			rc = rct_cli_format(ctx, optarg, &fmt);
		else if (c >= FLAG_BASE && c < FLAG_BASE + RCT_POWER_NINPUTS) {
			if (rct_parse_double(optarg, &g.v[c - FLAG_BASE]) != 0)
				rc = rct_cli_usage(ctx,
				    "--%s '%s' is not a number",
				    longopts[idx].name, optarg);
			g.set[c - FLAG_BASE] = 1;
		} else
			rc = rct_cli_usage(ctx, "unknown option");
	}
	if (rc != 0 || (rc = rct_cli_end(ctx)) != 0)
		return rc;
	if ((rc = rct_power_solve(design, &g, &t, &choice)) != 0) {
		if (choice) { /* which inputs were given: say the usage too */
			char msg[512];

			snprintf(msg, sizeof(msg), "%s", rct_error_last());
			rct_error_clear();
			rc = rct_cli_usage(ctx, "%s", msg);
		}
		return rc;
	}
	rct_table_print(t, ctx->out, fmt);
	rct_table_free(t);
	return 0;
}
