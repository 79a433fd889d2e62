/*
 * Table 1 as journals print it (table1.h, rct_table1_table): the
 * protocol's labels, codes and arms around rct_table1(), laid out as one
 * column per arm with n (%), mean (SD) or median [Q1, Q3], for analysis
 * table1 and the report.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defaults.h"
#include "error.h"
#include "store_data.h"
#include "table1.h"
#include "text.h"

#define SUPPRESSED "suppressed"

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
rct_table1_table(struct rct_table **out, int *any_suppressed,
    struct rct_dataset *d, const struct rct_protocol *p,
    const struct rct_table1_layout *l)
{
	struct rct_table1_spec sp;
	struct rct_table1 t;
	const char **arms = NULL, **armlab = NULL, **labels = NULL;
	const char *const **codes = NULL;
	size_t *ncodes = NULL, i;
	int rc = 0;

	*out = NULL;
	*any_suppressed = 0;
	memset(&sp, 0, sizeof(sp));
	memset(&t, 0, sizeof(t));
	labels = calloc(l->nvariables + 1, sizeof(char *));
	codes = calloc(l->nvariables + 1, sizeof(*codes));
	ncodes = calloc(l->nvariables + 1, sizeof(size_t));
	if (labels == NULL || codes == NULL || ncodes == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < l->nvariables; i++) {
		const struct rct_variable *v =
		    p ? rct_protocol_variable(p, l->variables[i]) : NULL;

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
	sp.arm = l->arm;
	sp.variables = l->variables;
	sp.factor = l->factor;
	sp.labels = labels;
	sp.codes = codes;
	sp.ncodes = ncodes;
	sp.median = l->median;
	sp.nvariables = l->nvariables;
	sp.min_cell = l->min_cell;
	if ((rc = rct_table1(d, &sp, &t)) != 0)
		goto out;
	if ((*out = layout(&t, l->total, l->digits, l->indent)) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	*any_suppressed = t.any_suppressed;
out:
	rct_table1_release(&t);
	free(labels);
	free(codes);
	free(ncodes);
	free(arms);
	free(armlab);
	return rc;
}

int
rct_table1_store(struct rct_table **out, int *any_suppressed,
    struct rct_store *s, const char *indent)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	struct rct_table1_layout l;
	struct rct_dataset *d = NULL;
	char **names = NULL;
	unsigned char *factor = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	*any_suppressed = 0;
	memset(&l, 0, sizeof(l));
	if ((rc = rct_defaults_baseline(p, &names, &factor, &n)) == 0 &&
	    (rc = rct_store_data_read(s, &d)) == 0) {
		l.arm = "arm";
		l.variables = (const char *const *)names;
		l.factor = factor;
		l.nvariables = n;
		l.min_cell = rct_defaults_min_cell(p);
		l.digits = 1;
		l.indent = indent;
		rc = rct_table1_table(out, any_suppressed, d, p, &l);
	}
	rct_dataset_free(d);
	rct_text_list_free(names, n);
	free(factor);
	return rc;
}
