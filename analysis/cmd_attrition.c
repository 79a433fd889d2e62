/*
 * analysis attrition [STORE] [--data FILE.csv --arm COL --treat LEVEL]
 *                    [--outcome A,B]
 *
 * Per outcome: who has it in each arm, the difference in response rates
 * with its test, and Lee's bounds on the effect (attrition.h).  From a
 * store: the protocol's outcome family, every arm against the comparison.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrition.h"
#include "cmd_common.h"
#include "cmds.h"
#include "error.h"

#define NCOLS 17

static int
add_row(struct rct_table *t, const struct rct_attrition *a)
{
	char num[9][32], count[4][24], k[24];
	const char *cells[NCOLS];
	const double x[9] = {a->rate_treat, a->rate_control, a->difference,
	    a->std_error, a->df, a->p_value, a->trim_share, a->lower, a->upper};
	const long c[4] = {a->n_treat, a->responded_treat, a->n_control,
	    a->responded_control};
	size_t i;

	for (i = 0; i < 9; i++)
		rct_cmd_number(num[i], x[i]);
	for (i = 0; i < 4; i++)
		snprintf(count[i], sizeof(count[i]), "%ld", c[i]);
	snprintf(k, sizeof(k), "%ld", a->k);
	cells[0] = a->outcome;
	cells[1] = a->treat;
	cells[2] = a->control;
	cells[3] = count[0];
	cells[4] = count[1];
	cells[5] = count[2];
	cells[6] = count[3];
	for (i = 0; i < 6; i++)
		cells[7 + i] = num[i];
	cells[13] = a->trimmed ? a->trimmed : "";
	cells[14] = k;
	cells[15] = num[7];
	cells[16] = num[8];
	return rct_table_add(t, cells);
}

int
cmd_attrition(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    RCT_CMD_DATA_OPTIONS,
	    {NULL, 0, NULL, 0},
	};
	static const char *const cols[NCOLS] = {"outcome", "treat", "control",
	    "n_treat", "responded_treat", "n_control", "responded_control",
	    "rate_treat", "rate_control", "difference", "std_error", "df",
	    "p_value", "trimmed_arm", "trimmed", "lee_lower", "lee_upper"};
	struct rct_cmd_data o;
	struct rct_dataset *d = NULL;
	struct rct_table *t = NULL;
	struct rct_attrition a;
	size_t i;
	int c, rc = 0;

	memset(&o, 0, sizeof(o));
	optind = 0;
	while (rc == 0 &&
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		if ((rc = rct_cmd_data_option(ctx, &o, c, optarg)) == 1)
			rc = rct_cli_usage(ctx, "unknown option");
	if (rc != 0 || (rc = rct_cli_end(ctx)) != 0 ||
	    (rc = rct_cmd_data_finish(ctx, &o)) != 0)
		goto out;
	if (o.noutcomes == 0) {
		rc = rct_cli_usage(ctx, "--outcome is required with --data");
		goto out;
	}
	if ((rc = rct_cmd_data_load(ctx, &o, NULL, NULL, 0, &d)) != 0)
		goto out;
	if ((t = rct_table_new(NCOLS, cols)) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 3; i < NCOLS; i++)
		if (i != 13)
			rct_table_set_numeric(t, i);
	while (rc == 0 && rct_cmd_next_arm(&o))
		for (i = 0; rc == 0 && i < o.noutcomes; i++)
			if ((rc = rct_attrition(d, o.arm, o.compare, o.control,
				 o.outcomes[i], &a)) == 0)
				rc = add_row(t, &a);
	if (rc == 0)
		rct_table_print(t, ctx->out, o.fmt);
out:
	rct_table_free(t);
	rct_dataset_free(d);
	rct_cmd_data_free(&o);
	return rc;
}
