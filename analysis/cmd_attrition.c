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
#include "table1.h"

#define NCOLS 18

/*
 * The responders and the others of each arm are a table whose columns
 * add up to the arms' n (published): small cells are suppressed with
 * their complements (suppress.h).  A row with a suppressed count shows
 * no rate of that arm, and nothing computed from both (the difference,
 * its test, Lee's trimming and bounds would give the count back).
 */
static int
add_row(struct rct_table *t, const struct rct_attrition *a, int hide_treat,
    int hide_control, int min_cell)
{
	char num[9][32], count[4][24], k[24], note[96];
	int hide = hide_treat || hide_control;
	const char *cells[NCOLS];
	const double x[9] = {a->rate_treat, a->rate_control, a->difference,
	    a->std_error, a->df, a->p_value, a->trim_share, a->lower, a->upper};
	const long c[4] = {a->n_treat, a->responded_treat, a->n_control,
	    a->responded_control};
	size_t i;

	for (i = 0; i < 9; i++)
		rct_cmd_number(num[i],
		    (i == 0 && hide_treat) || (i == 1 && hide_control) ||
			    (i >= 2 && i != 4 && hide) ?
			NAN :
			x[i]);
	for (i = 0; i < 4; i++)
		snprintf(count[i], sizeof(count[i]), "%ld", c[i]);
	snprintf(k, sizeof(k), "%ld", a->k);
	snprintf(note, sizeof(note),
	    "fewer than %d, or would reveal one: suppressed", min_cell);
	cells[0] = a->outcome;
	cells[1] = a->treat;
	cells[2] = a->control;
	cells[3] = count[0];
	cells[4] = hide_treat ? "" : count[1];
	cells[5] = count[2];
	cells[6] = hide_control ? "" : count[3];
	for (i = 0; i < 6; i++)
		cells[7 + i] = num[i];
	cells[13] = a->trimmed && !hide ? a->trimmed : "";
	cells[14] = hide ? "" : k;
	cells[15] = num[7];
	cells[16] = num[8];
	cells[17] = hide ? note : "";
	return rct_table_add(t, cells);
}

int
cmd_attrition(struct rct_cmd_ctx *ctx)
{
	static const char *const cols[NCOLS] = {"outcome", "treat", "control",
	    "n_treat", "responded_treat", "n_control", "responded_control",
	    "rate_treat", "rate_control", "difference", "std_error", "df",
	    "p_value", "trimmed_arm", "trimmed", "lee_lower", "lee_upper",
	    "note"};
	struct rct_cmd_data o;
	struct rct_dataset *d = NULL;
	struct rct_table *t = NULL;
	struct rct_attrition a;
	struct rct_column *armcol;
	unsigned char *flags = NULL;
	long min_cell = -1;
	struct rct_cli_opt data[RCT_CMD_DATA_NOPTS];
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_MORE(data),
	    RCT_OPT_LONG("min-cell", &min_cell, 0, 1000),
	    RCT_OPT_END,
	};
	size_t i, rows;
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
	if ((t = rct_table_new(NCOLS, cols)) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 3; i < NCOLS - 1; i++)
		if (i != 13)
			rct_table_set_numeric(t, i);
	if (min_cell < 0)
		min_cell = o.protocol && o.protocol->min_cell > 0 ?
		    o.protocol->min_cell :
		    5;
	armcol = rct_dataset_column(d, o.arm);
	while (rc == 0 && rct_cmd_next_arm(&o))
		for (i = 0; rc == 0 && i < o.noutcomes; i++) {
			struct rct_column *y =
			    rct_dataset_column(d, o.outcomes[i]);
			size_t cols = armcol ? armcol->nlevels + 1 : 0;
			int ht = 0, hc = 0, lt, lc;

			if ((rc = rct_attrition(d, o.arm, o.compare, o.control,
				 o.outcomes[i], &a)) != 0)
				break;
			/* Grid row 0: responders, by arm (all arms). */
			if ((rc = rct_variable_suppress(armcol, y, d->n,
				 (int)min_cell, 1, &flags, NULL, &rows)) != 0)
				break;
			lt = rct_column_level(armcol, a.treat);
			lc = rct_column_level(armcol, a.control);
			ht = lt >= 0 &&
			    (flags[(size_t)lt] || flags[cols + (size_t)lt]);
			hc = lc >= 0 &&
			    (flags[(size_t)lc] || flags[cols + (size_t)lc]);
			free(flags);
			flags = NULL;
			rc = add_row(t, &a, ht, hc, (int)min_cell);
		}
	if (rc == 0)
		rct_table_print(t, ctx->out, o.fmt);
out:
	rct_table_free(t);
	rct_dataset_free(d);
	rct_cmd_data_free(&o);
	return rc;
}
