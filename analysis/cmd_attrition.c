/*
 * analysis attrition [STORE] [--data FILE.csv --arm COL --treat LEVEL]
 *                    [--outcome A,B]
 *
 * Per outcome: who has it in each arm, the difference in response rates
 * with its test, and Lee's bounds on the effect (attrition.h).  From a
 * store: the protocol's outcome family, every arm against the comparison.
 * Small counts of responders or of the missing are suppressed with the
 * counts that would reveal them (--min-cell, default the protocol's or
 * 5), and the figures computed from them with them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrition.h"
#include "cmd_common.h"
#include "cmds.h"
#include "error.h"
#include "defaults.h"

int
cmd_attrition(struct rct_cmd_ctx *ctx)
{
	struct rct_cmd_data o;
	struct rct_dataset *d = NULL;
	struct rct_table *t = NULL;
	struct rct_attrition_spec s;
	long min_cell = -1;
	struct rct_cli_opt data[RCT_CMD_DATA_NOPTS];
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_MORE(data),
	    RCT_OPT_LONG("min-cell", &min_cell, 0, 1000),
	    RCT_OPT_END,
	};
	int rc = 0;

	memset(&o, 0, sizeof(o));
	rct_cmd_data_options(&o, data);
	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0 ||
	    (rc = rct_cmd_data_finish(ctx, &o)) != 0)
		goto out;
	if (o.noutcomes == 0) {
		rc = rct_cli_usage(ctx, "--outcome is required with --data");
		goto out;
	}
	if ((rc = rct_cmd_data_load(ctx, &o, NULL, NULL, 0, &d)) != 0)
		goto out;
	if (min_cell < 0)
		min_cell = rct_defaults_min_cell(o.protocol);
	memset(&s, 0, sizeof(s));
	s.arm = o.arm;
	s.treat = o.treat;
	s.control = o.control;
	s.outcomes = o.outcomes;
	s.noutcomes = o.noutcomes;
	s.min_cell = (int)min_cell;
	if ((rc = rct_attrition_table(&t, d, o.protocol, &s)) == 0)
		rct_table_print(t, ctx->out, o.fmt);
out:
	rct_table_free(t);
	rct_dataset_free(d);
	rct_cmd_data_release(&o);
	return rc;
}
