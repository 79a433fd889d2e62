/*
 * analysis balance [STORE] [--data FILE.csv --arm COL --treat LEVEL]
 *                  [--variables A,factor(B),...] [--min-cell N]
 *
 * The baseline table: per variable (per level of a categorical one) the
 * count, mean (share) and standard deviation in each arm, the
 * standardized difference, and last the joint F test of the arm on all
 * the variables.  From a store: every code and number variable of the
 * protocol, every arm against the comparison arm, the protocol's
 * min_cell.  Counts below min_cell, and the counts that would reveal
 * them, are suppressed (balance.h; left empty, with a note).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "balance.h"
#include "cmd_common.h"
#include "cmds.h"
#include "error.h"
#include "store.h"
#include "store_data.h"
#include "text.h"

struct options {
	struct rct_balance_spec spec;
	const char *data;
	char **variables;
	size_t nvariables;
	unsigned char *factor;
	int min_cell_given;
	enum rct_format fmt;
};

static int
parse(struct rct_cmd_ctx *ctx, struct options *o)
{
	struct rct_cmd_list variables = {&o->variables, &o->nvariables};
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("data", &o->data),
	    RCT_OPT_STRING("arm", &o->spec.arm),
	    RCT_OPT_STRING("treat", &o->spec.treat),
	    RCT_OPT_STRING("control", &o->spec.control),
	    RCT_OPT_FN("variables", rct_cmd_list_option, &variables),
	    {.name = "min-cell",
		.kind = RCT_CLI_INT,
		.dest = &o->spec.min_cell,
		.min = 0,
		.max = 1000,
		.seen = &o->min_cell_given},
	    RCT_OPT_FORMAT(&o->fmt),
	    RCT_OPT_END,
	};
	int rc;

	rc = rct_cli_parse(ctx, opts);
	if (rc != 0 || (rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (ctx->store && (o->data || o->spec.arm))
		return rct_cli_usage(ctx,
		    "give a STORE or --data FILE.csv --arm COL, not both");
	if (ctx->store == NULL &&
	    (o->data == NULL || o->spec.arm == NULL || o->spec.treat == NULL))
		return rct_cli_usage(ctx,
		    "--data FILE.csv, --arm and --treat are required (or a "
		    "STORE)");
	if (ctx->store == NULL && o->nvariables == 0)
		return rct_cli_usage(ctx,
		    "--variables is required with --data");
	return rct_cmd_factors(o->variables, o->nvariables, &o->factor);
}

#define NCOLS 18

static int
add_rows(struct rct_table *t, const struct rct_balance *b, int min_cell)
{
	char num[9][32], count[4][24], note[96], joint[96];
	const char *cells[NCOLS];
	size_t r, i;
	int rc = 0;

	snprintf(note, sizeof(note),
	    "fewer than %d, or would reveal one: suppressed", min_cell);
	for (r = 0; rc == 0 && r < b->nrows; r++) {
		const struct rct_balance_row *w = &b->rows[r];
		const double x[5] = {w->mean_treat, w->sd_treat,
		    w->mean_control, w->sd_control, w->std_diff};
		const int hide[5] = {w->share_hidden_treat,
		    w->share_hidden_treat, w->share_hidden_control,
		    w->share_hidden_control, w->suppressed};
		const long c[4] = {w->n_treat, w->n_control, w->missing_treat,
		    w->missing_control};
		const int blank[4] = {w->suppressed_treat,
		    w->suppressed_control, w->missing_suppressed_treat,
		    w->missing_suppressed_control};
		int any = 0;

		for (i = 0; i < 5; i++)
			rct_cmd_number(num[i], hide[i] ? NAN : x[i]);
		for (i = 0; i < 4; i++) {
			snprintf(count[i], sizeof(count[i]), "%ld", c[i]);
			any |= blank[i] || hide[i];
		}
		memset(cells, 0, sizeof(cells));
		cells[0] = w->variable;
		cells[1] = w->level ? w->level : "";
		cells[2] = b->treat;
		cells[3] = b->control;
		cells[4] = blank[0] ? "" : count[0];
		cells[5] = num[0];
		cells[6] = num[1];
		cells[7] = blank[1] ? "" : count[1];
		cells[8] = num[2];
		cells[9] = num[3];
		cells[10] = num[4];
		cells[11] = blank[2] ? "" : count[2];
		cells[12] = blank[3] ? "" : count[3];
		cells[17] = any ? note : "";
		rc = rct_table_add(t, cells);
	}
	if (rc != 0 || b->df1 <= 0)
		return rc;
	/* The joint test: F, df1, df2, p. */
	memset(cells, 0, sizeof(cells));
	cells[0] = "joint F test";
	cells[2] = b->treat;
	cells[3] = b->control;
	if (b->joint_hidden) {
		snprintf(joint, sizeof(joint),
		    "not shown: it would reveal a suppressed count");
		cells[17] = joint;
		return rct_table_add(t, cells);
	}
	rct_cmd_number(num[5], b->f);
	rct_cmd_number(num[6], b->df1);
	rct_cmd_number(num[7], b->df2);
	rct_cmd_number(num[8], b->p_value);
	cells[13] = num[5];
	cells[14] = num[6];
	cells[15] = num[7];
	cells[16] = num[8];
	snprintf(joint, sizeof(joint), "%ld complete rows", b->n_joint);
	cells[17] = joint;
	return rct_table_add(t, cells);
}

int
cmd_balance(struct rct_cmd_ctx *ctx)
{
	static const char *const cols[NCOLS] = {"variable", "level", "treat",
	    "control", "n_treat", "mean_treat", "sd_treat", "n_control",
	    "mean_control", "sd_control", "std_diff", "missing_treat",
	    "missing_control", "f_statistic", "df1", "df2", "p_value", "note"};
	const struct rct_protocol *p = NULL;
	struct options o;
	struct rct_dataset *d = NULL;
	struct rct_table *t = NULL;
	struct rct_balance b;
	size_t a, narms = 1, i;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&b, 0, sizeof(b));
	o.spec.min_cell = 5;
	if ((rc = parse(ctx, &o)) != 0)
		goto out;
	if (ctx->store) {
		p = rct_store_protocol(ctx->store);
		narms = p->narms;
		o.spec.arm = "arm";
		if (o.spec.control == NULL)
			o.spec.control = rct_protocol_control_arm(p);
		if (!o.min_cell_given && p->min_cell > 0)
			o.spec.min_cell = p->min_cell;
		if (o.nvariables == 0) {
			free(o.factor);
			if ((rc = rct_cmd_baseline_variables(p, &o.variables,
				 &o.factor, &o.nvariables)) != 0)
				goto out;
		}
		rc = rct_store_dataset(ctx->store, &d);
	} else {
		const char **names = calloc(o.nvariables + 2, sizeof(char *));
		unsigned char *cat = calloc(o.nvariables + 2, 1);

		if (names == NULL || cat == NULL)
			rc = rct_error(RCT_ENOMEM, "out of memory");
		else {
			names[0] = o.spec.arm;
			cat[0] = 1;
			for (i = 0; i < o.nvariables; i++) {
				names[i + 1] = o.variables[i];
				cat[i + 1] = o.factor[i];
			}
			rc = rct_dataset_read_csv(&d, o.data, names, cat,
			    o.nvariables + 1);
		}
		free(names);
		free(cat);
	}
	if (rc != 0)
		goto out;
	o.spec.variables = (const char *const *)o.variables;
	o.spec.nvariables = o.nvariables;
	o.spec.factor = o.factor;
	if ((t = rct_table_new(NCOLS, cols)) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 4; i < 17; i++)
		rct_table_set_numeric(t, i);
	for (a = 0; rc == 0 && a < narms; a++) {
		if (p) {
			if (strcmp(p->arms[a].name, o.spec.control) == 0)
				continue;
			o.spec.treat = p->arms[a].name;
		}
		if ((rc = rct_balance(d, &o.spec, &b)) == 0)
			rc = add_rows(t, &b, o.spec.min_cell);
		rct_balance_free(&b);
	}
	if (rc == 0)
		rct_table_print(t, ctx->out, o.fmt);
out:
	rct_table_free(t);
	rct_dataset_free(d);
	rct_list_free(o.variables, o.nvariables);
	free(o.factor);
	return rc;
}
