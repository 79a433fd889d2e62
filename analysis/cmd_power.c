/*
 * analysis power --design individual|cluster|blocked [options]
 *
 * Closed-form planning (power.h): the options become the given inputs,
 * and rct_power_solve() (power_plan.c) solves for the quantity left out
 * and returns the one row to print.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmds.h"
#include "error.h"
#include "power.h"
#include "text.h"

/* An input of the plan: a number, and that it was given. */
#define INPUT(n, i)                                                            \
	{                                                                      \
		.name = (n), .kind = RCT_CLI_DOUBLE,                           \
		.dest = &g.v[RCT_POWER_##i], .seen = &g.set[RCT_POWER_##i]     \
	}

int
cmd_power(struct rct_cmd_ctx *ctx)
{
	struct rct_power_given g;
	struct rct_table *t = NULL;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char *design = "individual";
	int rc = 0, choice;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("design", &design),
	    RCT_OPT_FORMAT(&fmt),
	    INPUT("effect-size", EFFECT),
	    INPUT("p-control", P0),
	    INPUT("p-treatment", P1),
	    INPUT("power", POWER),
	    INPUT("n-per-arm", N),
	    INPUT("alpha", ALPHA),
	    INPUT("ratio", RATIO),
	    INPUT("r2", R2),
	    INPUT("attrition", ATTRITION),
	    INPUT("clusters", CLUSTERS),
	    INPUT("cluster-size", SIZE),
	    INPUT("icc", ICC),
	    INPUT("r2-cluster", R2C),
	    INPUT("r2-individual", R2I),
	    INPUT("cluster-covariates", G),
	    INPUT("covariates", G),
	    INPUT("share-treated", SHARE),
	    INPUT("sites", SITES),
	    INPUT("site-size", SITE_SIZE),
	    RCT_OPT_END,
	};

	memset(&g, 0, sizeof(g));
	rc = rct_cli_parse(ctx, opts);
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
