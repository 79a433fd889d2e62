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
	struct rct_cmd_data o;
	struct rct_effect_spec sp;
	struct rct_subgroups_spec sg;
	struct rct_dataset *d = NULL;
	struct rct_table *t = NULL;
	const char *by = NULL;
	long min_cell = 5;
	int rc = 0, min_cell_given = 0;
	struct rct_cli_opt data[RCT_CMD_DATA_NOPTS];
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_MORE(data),
	    RCT_OPT_STRING("by", &by),
	    RCT_OPT_FN("estimator", rct_cmd_estimator_option, &sp.estimator),
	    {.name = "se",
		.kind = RCT_CLI_FN,
		.dest = &sp.se,
		.fn = rct_cmd_se_option,
		.seen = &sp.se_given},
	    {.name = "min-cell",
		.kind = RCT_CLI_LONG,
		.dest = &min_cell,
		.min = 0,
		.max = 1000,
		.seen = &min_cell_given},
	    RCT_OPT_END,
	};

	memset(&o, 0, sizeof(o));
	memset(&sp, 0, sizeof(sp));
	sp.alpha = 0.05;
	sp.estimator = RCT_EST_OLS;
	rct_cmd_data_options(&o, data);
	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0 ||
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
	rct_cmd_data_release(&o);
	return rc;
}
