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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "balance.h"
#include "cmd_common.h"
#include "cmds.h"
#include "error.h"
#include "store.h"
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

int
cmd_balance(struct rct_cmd_ctx *ctx)
{
	struct options o;
	struct rct_dataset *d = NULL;
	struct rct_table *t = NULL;
	size_t i;
	int rc;

	memset(&o, 0, sizeof(o));
	o.spec.min_cell = 5;
	if ((rc = parse(ctx, &o)) != 0)
		goto out;
	o.spec.variables = (const char *const *)o.variables;
	o.spec.nvariables = o.nvariables;
	o.spec.factor = o.factor;
	if (ctx->store)
		rc = rct_balance_store(&t, ctx->store, &o.spec,
		    o.min_cell_given);
	else {
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
		if (rc == 0)
			rc = rct_balance_table(&t, d, &o.spec, NULL);
	}
	if (rc == 0)
		rct_table_print(t, ctx->out, o.fmt);
out:
	rct_table_free(t);
	rct_dataset_free(d);
	rct_text_list_free(o.variables, o.nvariables);
	free(o.factor);
	return rc;
}
