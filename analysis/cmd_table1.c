/*
 * analysis table1 [STORE] [--data FILE.csv --arm COL --variables A,B]
 *                 [--median A,B] [--total] [--digits N] [--min-cell N]
 *                 [--format table|csv|json|md|html|xlsx] [--out FILE]
 *
 * The baseline table as journals print it (table1.h): one column per arm
 * headed by its label and n, then optionally all arms together; per code
 * variable its label and one row per code, n (%), in the protocol's
 * order; per number mean (SD), or median [Q1, Q3] with --median; the
 * missing of each (no row when nobody is).  Percentages with one decimal, means
 * and SDs with
 * --digits (1).  Small cells and their complements read "suppressed"
 * (suppress.h), the same cells analysis balance blanks.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmds.h"
#include "defaults.h"
#include "error.h"
#include "store.h"
#include "store_data.h"
#include "table1.h"
#include "text.h"
#include "xlsx.h"

struct options {
	const char *data, *arm, *out;
	char **variables, **median;
	size_t nvariables, nmedian;
	unsigned char *factor;
	long min_cell, digits;
	int total;
	enum rct_format fmt;
};

/* --format: a text format or xlsx; Stata and SPSS files take no table. */
static int
table_format(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	enum rct_format *fmt = opt->dest;

	if (rct_table_format_parse_file(arg, fmt) < 0 ||
	    *fmt == RCT_FORMAT_DTA || *fmt == RCT_FORMAT_SAV)
		return rct_cli_usage(ctx,
		    "unknown format '%s', expected table, csv, "
		    "json, md, html or xlsx",
		    arg);
	return 0;
}

static int
parse(struct rct_cmd_ctx *ctx, struct options *o)
{
	struct rct_cmd_list variables = {&o->variables, &o->nvariables};
	struct rct_cmd_list median = {&o->median, &o->nmedian};
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("data", &o->data),
	    RCT_OPT_STRING("arm", &o->arm),
	    RCT_OPT_FN("variables", rct_cmd_list_option, &variables),
	    RCT_OPT_FN("median", rct_cmd_list_option, &median),
	    RCT_OPT_FLAG("total", &o->total),
	    RCT_OPT_LONG("digits", &o->digits, 0, 6),
	    RCT_OPT_LONG("min-cell", &o->min_cell, 0, 1000),
	    RCT_OPT_FN("format", table_format, &o->fmt),
	    RCT_OPT_STRING("out", &o->out),
	    RCT_OPT_END,
	};
	int rc;

	rc = rct_cli_parse(ctx, opts);
	if (rc != 0 || (rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (ctx->store && (o->data || o->arm))
		return rct_cli_usage(ctx,
		    "give a STORE or --data FILE.csv --arm COL, not both");
	if (ctx->store == NULL &&
	    (o->data == NULL || o->arm == NULL || o->nvariables == 0))
		return rct_cli_usage(ctx,
		    "--data FILE.csv, --arm and "
		    "--variables are required (or a "
		    "STORE)");
	if (o->fmt == RCT_FORMAT_XLSX && o->out == NULL)
		return rct_cli_usage(ctx, "--format xlsx needs --out FILE");
	return 0;
}

int
cmd_table1(struct rct_cmd_ctx *ctx)
{
	const struct rct_protocol *p = NULL;
	struct rct_table1_layout l;
	struct options o;
	struct rct_dataset *d = NULL;
	struct rct_table *tab = NULL;
	size_t i;
	unsigned char *median = NULL;
	int rc, any = 0;

	memset(&o, 0, sizeof(o));
	memset(&l, 0, sizeof(l));
	o.min_cell = -1;
	o.digits = 1;
	if ((rc = parse(ctx, &o)) != 0)
		goto out;
	if (ctx->store) {
		p = rct_store_protocol(ctx->store);
		if (o.nvariables == 0) {
			if ((rc = rct_defaults_baseline(p, &o.variables,
				 &o.factor, &o.nvariables)) != 0)
				goto out;
		} else if ((rc = rct_cmd_factors(o.variables, o.nvariables,
				&o.factor)) != 0)
			goto out;
		if ((rc = rct_store_data_read(ctx->store, &d)) != 0)
			goto out;
		l.arm = "arm";
		if (o.min_cell < 0)
			o.min_cell = rct_defaults_min_cell(p);
	} else {
		const char **names = calloc(o.nvariables + 2, sizeof(char *));
		unsigned char *cat = calloc(o.nvariables + 2, 1);

		if ((rc = rct_cmd_factors(o.variables, o.nvariables,
			 &o.factor)) == 0 &&
		    (names == NULL || cat == NULL))
			rc = rct_error(RCT_ENOMEM, "out of memory");
		if (rc == 0) {
			names[0] = o.arm;
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
		if (rc != 0)
			goto out;
		l.arm = o.arm;
		if (o.min_cell < 0)
			o.min_cell = 5;
	}
	if ((median = calloc(o.nvariables + 1, 1)) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < o.nmedian; i++)
		if (rct_text_list_find(o.variables, o.nvariables, o.median[i]) <
		    0) {
			rc = rct_cli_usage(ctx,
			    "--median '%s' is not one of the variables",
			    o.median[i]);
			goto out;
		}
	for (i = 0; i < o.nvariables; i++)
		median[i] = rct_text_list_find(o.median, o.nmedian,
				o.variables[i]) >= 0;
	l.variables = (const char *const *)o.variables;
	l.factor = o.factor;
	l.median = median;
	l.nvariables = o.nvariables;
	l.min_cell = (int)o.min_cell;
	l.total = o.total;
	l.digits = (int)o.digits;
	/* HTML and Markdown collapse spaces: two no-break spaces there. */
	l.indent = o.fmt == RCT_FORMAT_HTML || o.fmt == RCT_FORMAT_MD ?
	    "\u00a0\u00a0" :
	    "  ";
	if ((rc = rct_table1_table(&tab, &any, d, p, &l)) != 0)
		goto out;
	if (o.fmt == RCT_FORMAT_XLSX)
		rc = rct_xlsx_write(tab, o.out, "table1");
	else if (o.out) {
		FILE *fp = fopen(o.out, "w");

		if (fp == NULL)
			rc = rct_error(RCT_EIO, "cannot write '%s'", o.out);
		else {
			rct_table_print(tab, fp, o.fmt);
			if (fclose(fp) != 0)
				rc = rct_error(RCT_EIO, "cannot write '%s'",
				    o.out);
		}
	} else
		rct_table_print(tab, ctx->out, o.fmt);
	if (rc == 0 && any && o.out == NULL &&
	    (o.fmt == RCT_FORMAT_TABLE || o.fmt == RCT_FORMAT_MD))
		fprintf(ctx->out,
		    "\nCounts below %ld, and the counts that would reveal "
		    "them, are suppressed.\n",
		    o.min_cell);
out:
	rct_table_free(tab);
	rct_dataset_free(d);
	rct_text_list_free(o.variables, o.nvariables);
	rct_text_list_free(o.median, o.nmedian);
	free(o.factor);
	free(median);
	return rc;
}
