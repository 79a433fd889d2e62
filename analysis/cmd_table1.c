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
#include "error.h"
#include "store.h"
#include "store_data.h"
#include "table1.h"
#include "text.h"
#include "xlsx.h"

#define SUPPRESSED "suppressed"

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

	if (rct_format_parse_file(arg, fmt) < 0 || *fmt == RCT_FORMAT_DTA ||
	    *fmt == RCT_FORMAT_SAV)
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

/* "95 (47.3)", "1987.2 (10.3)", "27 [22, 31.5]" or "suppressed". */
static void
figure(char out[96], const struct rct_table1_row *r,
    const struct rct_table1_cell *c, int digits)
{
	int d = digits;

	if (r->kind == RCT_TABLE1_HEADER)
		out[0] = '\0';
	else if (c->suppressed)
		snprintf(out, 96, "%s", SUPPRESSED);
	else if (r->kind != RCT_TABLE1_NUMBER)
		snprintf(out, 96, isnan(c->percent) ? "%ld" : "%ld (%.1f)",
		    c->n, c->percent);
	else if (r->median && !isnan(c->median))
		snprintf(out, 96, "%.*f [%.*f, %.*f]", d, c->median, d, c->q1,
		    d, c->q3);
	else if (!isnan(c->mean) && !isnan(c->sd))
		snprintf(out, 96, "%.*f (%.*f)", d, c->mean, d, c->sd);
	else if (!isnan(c->mean))
		snprintf(out, 96, "%.*f", d, c->mean);
	else
		out[0] = '\0';
}

static struct rct_table *
layout(const struct rct_table1 *t, int total, int digits, const char *indent)
{
	size_t ncols = 1 + t->narms + (total != 0), a, r;
	char **heads = calloc(ncols + 1, sizeof(char *)), (*fig)[96] = NULL;
	const char **cells = calloc(ncols + 1, sizeof(char *));
	struct rct_table *tab = NULL;
	char first[320];
	int ok = heads != NULL && cells != NULL;

	if (ok && (fig = calloc(ncols + 1, sizeof(*fig))) == NULL)
		ok = 0;
	for (a = 0; ok && a < t->narms + (total != 0); a++) {
		const char *label = a < t->narms ? t->labels[a] : "Total";
		size_t len = strlen(label) + 32;

		if ((heads[a + 1] = malloc(len)) == NULL)
			ok = 0;
		else
			snprintf(heads[a + 1], len, "%s (n = %ld)", label,
			    t->n[a < t->narms ? a : t->narms]);
	}
	heads[0] = "Characteristic";
	if (ok)
		tab = rct_table_new(ncols, (const char *const *)heads);
	for (r = 0; tab && r < t->nrows; r++) {
		const struct rct_table1_row *w = &t->rows[r];

		/* Nobody missing: no row (journals print none). */
		if (w->kind == RCT_TABLE1_MISSING && w->cell[t->narms].n == 0)
			continue;
		switch (w->kind) {
		case RCT_TABLE1_HEADER:
			snprintf(first, sizeof(first), "%s, n (%%)", w->label);
			break;
		case RCT_TABLE1_LEVEL:
			snprintf(first, sizeof(first), "%s%s", indent,
			    w->level);
			break;
		case RCT_TABLE1_NUMBER:
			snprintf(first, sizeof(first), "%s, %s", w->label,
			    w->median ? "median [Q1, Q3]" : "mean (SD)");
			break;
		case RCT_TABLE1_MISSING:
			snprintf(first, sizeof(first), "%smissing", indent);
			break;
		}
		cells[0] = first;
		for (a = 0; a < t->narms; a++) {
			figure(fig[a], w, &w->cell[a], digits);
			cells[a + 1] = fig[a];
		}
		if (total) {
			figure(fig[t->narms], w, &w->cell[t->narms], digits);
			cells[t->narms + 1] = fig[t->narms];
		}
		if (rct_table_add(tab, cells) != 0) {
			rct_table_free(tab);
			tab = NULL;
		}
	}
	for (a = 1; heads && a < ncols; a++)
		free(heads[a]);
	free(heads);
	free(cells);
	free(fig);
	return tab;
}

int
cmd_table1(struct rct_cmd_ctx *ctx)
{
	const struct rct_protocol *p = NULL;
	struct rct_table1_spec sp;
	struct options o;
	struct rct_dataset *d = NULL;
	struct rct_table *tab = NULL;
	struct rct_table1 t;
	const char **arms = NULL, **armlab = NULL, **labels = NULL;
	const char *const **codes = NULL;
	size_t *ncodes = NULL, i;
	unsigned char *median = NULL;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&sp, 0, sizeof(sp));
	memset(&t, 0, sizeof(t));
	o.min_cell = -1;
	o.digits = 1;
	if ((rc = parse(ctx, &o)) != 0)
		goto out;
	if (ctx->store) {
		p = rct_store_protocol(ctx->store);
		if (o.nvariables == 0) {
			if ((rc = rct_cmd_baseline_variables(p, &o.variables,
				 &o.factor, &o.nvariables)) != 0)
				goto out;
		} else if ((rc = rct_cmd_factors(o.variables, o.nvariables,
				&o.factor)) != 0)
			goto out;
		if ((rc = rct_store_dataset(ctx->store, &d)) != 0)
			goto out;
		sp.arm = "arm";
		if (o.min_cell < 0)
			o.min_cell = p->min_cell > 0 ? p->min_cell : 5;
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
		sp.arm = o.arm;
		if (o.min_cell < 0)
			o.min_cell = 5;
	}
	labels = calloc(o.nvariables + 1, sizeof(char *));
	codes = calloc(o.nvariables + 1, sizeof(*codes));
	ncodes = calloc(o.nvariables + 1, sizeof(size_t));
	median = calloc(o.nvariables + 1, 1);
	if (labels == NULL || codes == NULL || ncodes == NULL ||
	    median == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < o.nmedian; i++)
		if (rct_list_find(o.variables, o.nvariables, o.median[i]) < 0) {
			rc = rct_cli_usage(ctx,
			    "--median '%s' is not one of the variables",
			    o.median[i]);
			goto out;
		}
	for (i = 0; i < o.nvariables; i++) {
		const struct rct_variable *v =
		    p ? rct_protocol_variable(p, o.variables[i]) : NULL;

		median[i] =
		    rct_list_find(o.median, o.nmedian, o.variables[i]) >= 0;
		if (v && v->label)
			labels[i] = v->label;
		if (v && v->type == RCT_VAR_CODE) {
			codes[i] = (const char *const *)v->codes;
			ncodes[i] = v->ncodes;
		}
	}
	if (p) {
		arms = calloc(p->narms + 1, sizeof(char *));
		armlab = calloc(p->narms + 1, sizeof(char *));
		if (arms == NULL || armlab == NULL) {
			rc = rct_error(RCT_ENOMEM, "out of memory");
			goto out;
		}
		for (i = 0; i < p->narms; i++) {
			arms[i] = p->arms[i].name;
			armlab[i] = p->arms[i].label;
		}
		sp.arms = arms;
		sp.arm_labels = armlab;
		sp.narms = p->narms;
	}
	sp.variables = (const char *const *)o.variables;
	sp.factor = o.factor;
	sp.labels = labels;
	sp.codes = codes;
	sp.ncodes = ncodes;
	sp.median = median;
	sp.nvariables = o.nvariables;
	sp.min_cell = (int)o.min_cell;
	if ((rc = rct_table1(d, &sp, &t)) != 0)
		goto out;
	/* HTML and Markdown collapse spaces: two no-break spaces there. */
	if ((tab = layout(&t, o.total, (int)o.digits,
		 o.fmt == RCT_FORMAT_HTML || o.fmt == RCT_FORMAT_MD ?
		     "\u00a0\u00a0" :
		     "  ")) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	if (o.fmt == RCT_FORMAT_XLSX)
		rc = rct_table_write_xlsx(tab, o.out, "table1");
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
	if (rc == 0 && t.any_suppressed && o.out == NULL &&
	    (o.fmt == RCT_FORMAT_TABLE || o.fmt == RCT_FORMAT_MD))
		fprintf(ctx->out,
		    "\nCounts below %ld, and the counts that would reveal "
		    "them, are suppressed.\n",
		    o.min_cell);
out:
	rct_table_free(tab);
	rct_table1_free(&t);
	rct_dataset_free(d);
	rct_list_free(o.variables, o.nvariables);
	rct_list_free(o.median, o.nmedian);
	free(o.factor);
	free(labels);
	free(codes);
	free(ncodes);
	free(median);
	free(arms);
	free(armlab);
	return rc;
}
