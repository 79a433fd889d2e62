/*
 * analysis subgroups [STORE] [--data FILE.csv --arm COL --treat LEVEL]
 *                    --by COL [--outcome A,B] [--estimator E] [--se S]
 *
 * The effect within each level of a baseline factor (lm_robust(y ~ z)
 * with HC2 on the subgroup unless another estimator is asked for), then
 * the test that the effect is the same in every level (the interaction of
 * the arm with the factor, effects.h).  Subgroups with fewer than
 * --min-cell people in an arm, and those that would reveal them by
 * arithmetic (suppress.h), are shown without their figures.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmds.h"
#include "effects.h"
#include "error.h"
#include "subgroups.h"

int
cmd_subgroups(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    RCT_CMD_DATA_OPTIONS,
	    {"by", required_argument, NULL, 'b'},
	    {"estimator", required_argument, NULL, 'e'},
	    {"se", required_argument, NULL, 'S'},
	    {"min-cell", required_argument, NULL, 'm'},
	    {NULL, 0, NULL, 0},
	};
	struct rct_cmd_data o;
	struct rct_effect_spec sp;
	struct rct_subgroups_spec sg;
	struct rct_dataset *d = NULL;
	struct rct_table *t = NULL;
	const char *by = NULL;
	long min_cell = 5;
	int c, rc = 0, min_cell_given = 0;

	memset(&o, 0, sizeof(o));
	memset(&sp, 0, sizeof(sp));
	sp.alpha = 0.05;
	sp.estimator = RCT_EST_OLS;
	optind = 0;
	while (rc == 0 &&
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'b':
			by = optarg;
			break;
		case 'e':
			if (rct_estimator_parse(optarg, &sp.estimator) < 0)
				rc = rct_cli_usage(ctx,
				    "unknown estimator '%s'", optarg);
			break;
		case 'S':
			if (rct_se_parse(optarg, &sp.se) < 0)
				rc = rct_cli_usage(ctx, "unknown --se '%s'",
				    optarg);
			sp.se_given = 1;
			break;
		case 'm':
			rc = rct_cli_long(ctx, "--min-cell", optarg, 0, 1000,
			    &min_cell);
			min_cell_given = 1;
			break;
		default:
			if ((rc = rct_cmd_data_option(ctx, &o, c, optarg)) == 1)
				rc = rct_cli_usage(ctx, "unknown option");
		}
	if (rc != 0 || (rc = rct_cli_end(ctx)) != 0 ||
	    (rc = rct_cmd_data_finish(ctx, &o)) != 0)
		goto out;
	if (by == NULL || o.noutcomes == 0) {
		rc = rct_cli_usage(ctx,
		    "--by COL is required, and --outcome with --data");
		goto out;
	}
	if (!min_cell_given && o.protocol && o.protocol->min_cell > 0)
		min_cell = o.protocol->min_cell;
	if ((rc = rct_cmd_data_load(ctx, &o, &by, (const unsigned char[]){1}, 1,
		 &d)) != 0)
		goto out;
	sg.effect = sp;
	sg.effect.arm = o.arm;
	sg.effect.treat = o.treat;
	sg.effect.control = o.control;
	sg.outcomes = o.outcomes;
	sg.noutcomes = o.noutcomes;
	sg.by = by;
	sg.min_cell = (int)min_cell;
	rc = rct_subgroups_table(&t, d, o.protocol, &sg);
	if (rc == 0)
		rct_table_print(t, ctx->out, o.fmt);
out:
	rct_table_free(t);
	rct_dataset_free(d);
	rct_cmd_data_free(&o);
	return rc;
}
