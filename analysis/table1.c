/* Table 1: baseline characteristics by arm (table1.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "error.h"
#include "suppress.h"
#include "table1.h"

int
rct_table1_variable_suppress(const struct rct_column *arm,
    const struct rct_column *c, size_t n, int min_cell, int present_only,
    unsigned char **flags, long **counts, size_t *rows)
{
	size_t cols = arm->nlevels, nl, r, i, k;
	long *grid = NULL, *all = NULL;
	unsigned char *cell = NULL, *tot = NULL;
	int rc = 0, levels = c->kind == RCT_COLUMN_CATEGORY && !present_only;

	*flags = NULL;
	if (counts)
		*counts = NULL;
	nl = levels ? c->nlevels : 1;
	*rows = nl + 1;
	grid = calloc(*rows * cols + 1, sizeof(long));
	cell = calloc(*rows * cols + 1, 1);
	tot = calloc(*rows + 1, 1);
	all = calloc(*rows * (cols + 1) + 1, sizeof(long));
	*flags = calloc(*rows * (cols + 1) + 1, 1);
	if (grid == NULL || cell == NULL || tot == NULL || all == NULL ||
	    *flags == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (arm->code[i] < 0)
			continue;
		if (rct_columns_missing(c, i))
			r = nl;
		else
			r = levels ? (size_t)c->code[i] : 0;
		grid[r * cols + (size_t)arm->code[i]]++;
	}
	if ((rc = rct_suppress_grid(grid, *rows, cols, 0, 1, min_cell, cell,
		 tot, NULL)) != 0)
		goto out;
	for (r = 0; r < *rows; r++) {
		long sum = 0;

		for (k = 0; k < cols; k++) {
			all[r * (cols + 1) + k] = grid[r * cols + k];
			(*flags)[r * (cols + 1) + k] = cell[r * cols + k];
			sum += grid[r * cols + k];
		}
		all[r * (cols + 1) + cols] = sum;
		(*flags)[r * (cols + 1) + cols] = tot[r];
	}
	if (counts) {
		*counts = all;
		all = NULL;
	}
out:
	if (rc != 0) {
		free(*flags);
		*flags = NULL;
	}
	free(grid);
	free(cell);
	free(tot);
	free(all);
	return rc;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* R's quantile(x, p, type = 7) of the n sorted values at x. */
static double
quantile7(const double *x, size_t n, double p)
{
	double h = (double)(n - 1) * p, f = floor(h);
	size_t j = (size_t)f;

	if (n == 0)
		return NAN;
	return j + 1 < n ? x[j] + (h - f) * (x[j + 1] - x[j]) : x[j];
}

/* Mean, SD (n - 1), median and quartiles of the k values at v. */
static void
summarize(struct rct_table1_cell *cell, double *v, size_t k)
{
	double sum = 0, ss = 0;
	size_t i;

	cell->mean = cell->sd = cell->median = cell->q1 = cell->q3 = NAN;
	if (k == 0)
		return;
	for (i = 0; i < k; i++)
		sum += v[i];
	cell->mean = sum / (double)k;
	for (i = 0; i < k; i++)
		ss += (v[i] - cell->mean) * (v[i] - cell->mean);
	if (k > 1)
		cell->sd = sqrt(ss / (double)(k - 1));
	qsort(v, k, sizeof(double), cmp_double);
	cell->median = quantile7(v, k, 0.5);
	cell->q1 = quantile7(v, k, 0.25);
	cell->q3 = quantile7(v, k, 0.75);
}

static int
add_row(struct rct_table1 *t, enum rct_table1_kind kind, const char *variable,
    const char *label, const char *level, int median,
    struct rct_table1_row **row)
{
	struct rct_table1_row *grown =
	    realloc(t->rows, (t->nrows + 1) * sizeof(*grown));
	struct rct_table1_row *r;
	size_t a;

	if (grown == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	t->rows = grown;
	r = &t->rows[t->nrows];
	memset(r, 0, sizeof(*r));
	if ((r->cell = calloc(t->narms + 1, sizeof(*r->cell))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	t->nrows++;
	r->kind = kind;
	r->variable = variable;
	r->label = label;
	r->level = level;
	r->median = median;
	for (a = 0; a <= t->narms; a++) {
		r->cell[a].percent = r->cell[a].mean = r->cell[a].sd = NAN;
		r->cell[a].median = r->cell[a].q1 = r->cell[a].q3 = NAN;
	}
	*row = r;
	return 0;
}

/*
 * Fill row's cells from grid row g of the suppression grid (counts and
 * flags with cols + 1 entries per row); armcode[a] is arm a's column in
 * the grid, or -1 for an arm nobody is in.
 */
static void
fill_counts(struct rct_table1 *t, struct rct_table1_row *row, const long *cnt,
    const unsigned char *flags, size_t g, size_t cols, const int *armcode)
{
	size_t a;

	for (a = 0; a <= t->narms; a++) {
		struct rct_table1_cell *c = &row->cell[a];
		long k = 0;
		int s = 0;

		if (a == t->narms) {
			k = cnt ? cnt[g * (cols + 1) + cols] : 0;
			s = cnt ? flags[g * (cols + 1) + cols] : 0;
		} else if (cnt && armcode[a] >= 0) {
			k = cnt[g * (cols + 1) + (size_t)armcode[a]];
			s = flags[g * (cols + 1) + (size_t)armcode[a]];
		}
		c->n = k;
		c->suppressed = s;
		c->percent =
		    t->n[a] > 0 ? 100.0 * (double)k / (double)t->n[a] : NAN;
		t->any_suppressed |= s != 0;
	}
}

static int
number_rows(struct rct_table1 *t, struct rct_dataset *d,
    const struct rct_column *arm, const struct rct_column *c, const char *label,
    int median, const int *armcode, const long *cnt, const unsigned char *flags)
{
	struct rct_table1_row *row;
	double *v = malloc((d->n + 1) * sizeof(double));
	size_t a, i, k;
	int rc;

	if (v == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if ((rc = add_row(t, RCT_TABLE1_NUMBER, c->name, label, NULL, median,
		 &row)) != 0)
		goto out;
	fill_counts(t, row, cnt, flags, 0, arm->nlevels, armcode);
	for (a = 0; a <= t->narms; a++) {
		for (i = 0, k = 0; i < d->n; i++)
			if (arm->code[i] >= 0 && !isnan(c->num[i]) &&
			    (a == t->narms || arm->code[i] == armcode[a]))
				v[k++] = c->num[i];
		summarize(&row->cell[a], v, k);
		row->cell[a].percent = NAN;
	}
	if ((rc = add_row(t, RCT_TABLE1_MISSING, c->name, label, NULL, median,
		 &row)) == 0)
		fill_counts(t, row, cnt, flags, 1, arm->nlevels, armcode);
out:
	free(v);
	return rc;
}

static int
level_rows(struct rct_table1 *t, const struct rct_column *arm,
    const struct rct_column *c, const char *label, const char *const *codes,
    size_t ncodes, const int *armcode, const long *cnt,
    const unsigned char *flags)
{
	struct rct_table1_row *row;
	unsigned char *shown = calloc(c->nlevels + 1, 1);
	size_t i, l;
	int rc;

	if (shown == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	rc = add_row(t, RCT_TABLE1_HEADER, c->name, label, NULL, 0, &row);
	/* The protocol's codes in order (a code nobody has: zeros). */
	for (i = 0; rc == 0 && i < ncodes; i++) {
		int g = rct_dataset_column_level(c, codes[i]);

		if ((rc = add_row(t, RCT_TABLE1_LEVEL, c->name, label, codes[i],
			 0, &row)) != 0)
			break;
		if (g >= 0) {
			fill_counts(t, row, cnt, flags, (size_t)g, arm->nlevels,
			    armcode);
			shown[g] = 1;
		} else
			fill_counts(t, row, NULL, NULL, 0, 0, armcode);
	}
	/* Then any level of the data the protocol does not list. */
	for (l = 0; rc == 0 && l < c->nlevels; l++)
		if (!shown[l] &&
		    (rc = add_row(t, RCT_TABLE1_LEVEL, c->name, label,
			 c->levels[l], 0, &row)) == 0)
			fill_counts(t, row, cnt, flags, l, arm->nlevels,
			    armcode);
	if (rc == 0 &&
	    (rc = add_row(t, RCT_TABLE1_MISSING, c->name, label, NULL, 0,
		 &row)) == 0)
		fill_counts(t, row, cnt, flags, c->nlevels, arm->nlevels,
		    armcode);
	free(shown);
	return rc;
}

int
rct_table1(struct rct_dataset *d, const struct rct_table1_spec *spec,
    struct rct_table1 *out)
{
	struct rct_column *arm, *c;
	int *armcode = NULL, rc = 0;
	unsigned char *flags = NULL;
	long *cnt = NULL;
	size_t a, i, v, rows;

	memset(out, 0, sizeof(*out));
	out->min_cell = spec->min_cell;
	if ((arm = rct_columns_need(d, spec->arm, "arm")) == NULL)
		return RCT_EINVAL;
	if (arm->kind != RCT_COLUMN_CATEGORY)
		return rct_error(RCT_EINVAL,
		    "%s: the arm column '%s' holds "
		    "numbers, expected arm names",
		    d->source, spec->arm);
	out->narms = spec->arms ? spec->narms : arm->nlevels;
	out->arms = calloc(out->narms + 1, sizeof(char *));
	out->labels = calloc(out->narms + 1, sizeof(char *));
	out->n = calloc(out->narms + 1, sizeof(long));
	armcode = calloc(out->narms + 1, sizeof(int));
	if (out->arms == NULL || out->labels == NULL || out->n == NULL ||
	    armcode == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto fail;
	}
	for (a = 0; a < out->narms; a++) {
		out->arms[a] = spec->arms ? spec->arms[a] : arm->levels[a];
		out->labels[a] = spec->arm_labels && spec->arm_labels[a] ?
		    spec->arm_labels[a] :
		    out->arms[a];
		armcode[a] = rct_dataset_column_level(arm, out->arms[a]);
		for (i = 0; i < d->n; i++)
			if (armcode[a] >= 0 && arm->code[i] == armcode[a])
				out->n[a]++;
		out->n[out->narms] += out->n[a];
	}
	for (v = 0; v < spec->nvariables; v++) {
		const char *label = spec->labels && spec->labels[v] ?
		    spec->labels[v] :
		    spec->variables[v];

		if ((c = rct_columns_need(d, spec->variables[v],
			 "baseline variables")) == NULL) {
			rc = RCT_EINVAL;
			goto fail;
		}
		if ((rc = rct_columns_covariate_check(d, c,
			 spec->factor && spec->factor[v])) != 0)
			goto fail;
		if ((rc = rct_table1_variable_suppress(arm, c, d->n,
			 spec->min_cell, 0, &flags, &cnt, &rows)) != 0)
			goto fail;
		if (c->kind == RCT_COLUMN_NUMBER)
			rc = number_rows(out, d, arm, c, label,
			    spec->median && spec->median[v], armcode, cnt,
			    flags);
		else
			rc = level_rows(out, arm, c, label,
			    spec->codes && spec->codes[v] ?
				spec->codes[v] :
				(const char *const *)c->levels,
			    spec->codes && spec->codes[v] ? spec->ncodes[v] :
							    c->nlevels,
			    armcode, cnt, flags);
		free(flags);
		free(cnt);
		flags = NULL;
		cnt = NULL;
		if (rc != 0)
			goto fail;
	}
	free(armcode);
	return 0;
fail:
	free(armcode);
	rct_table1_release(out);
	return rc;
}

void
rct_table1_release(struct rct_table1 *t)
{
	size_t i;

	for (i = 0; i < t->nrows; i++)
		free(t->rows[i].cell);
	free(t->rows);
	free(t->arms);
	free(t->labels);
	free(t->n);
	memset(t, 0, sizeof(*t));
}
