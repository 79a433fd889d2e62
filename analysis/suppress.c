/* Small-cell suppression with complementary cells (suppress.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "suppress.h"

void
rct_suppress_cells_init(struct rct_cells *c)
{
	memset(c, 0, sizeof(*c));
}

void
rct_suppress_cells_release(struct rct_cells *c)
{
	free(c->value);
	free(c->fixed);
	free(c->suppressed);
	free(c->term);
	free(c->coef);
	free(c->start);
	memset(c, 0, sizeof(*c));
}

static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if ((q = realloc(*p, n * size)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	*p = q;
	return 0;
}

int
rct_suppress_cells_add(struct rct_cells *c, long value, int fixed,
    size_t *index)
{
	size_t cap = c->cap;

	if (grow((void **)&c->value, &cap, c->n + 1, sizeof(long)) != 0)
		return RCT_ENOMEM;
	cap = c->cap;
	if (grow((void **)&c->fixed, &cap, c->n + 1, 1) != 0)
		return RCT_ENOMEM;
	cap = c->cap;
	if (grow((void **)&c->suppressed, &cap, c->n + 1, 1) != 0)
		return RCT_ENOMEM;
	c->cap = cap;
	c->value[c->n] = value;
	c->fixed[c->n] =
	    fixed == RCT_CELL_NOT_PRIMARY ? RCT_CELL_NOT_PRIMARY : fixed != 0;
	c->suppressed[c->n] = 0;
	if (index)
		*index = c->n;
	c->n++;
	return 0;
}

int
rct_suppress_cells_sum(struct rct_cells *c, size_t total, const size_t *parts,
    size_t n)
{
	size_t i, cap, need = c->nterms + n + 1;

	cap = c->capterms;
	if (grow((void **)&c->term, &cap, need, sizeof(size_t)) != 0)
		return RCT_ENOMEM;
	cap = c->capterms;
	if (grow((void **)&c->coef, &cap, need, sizeof(int)) != 0)
		return RCT_ENOMEM;
	c->capterms = cap;
	cap = c->capeq;
	if (grow((void **)&c->start, &cap, c->neq + 2, sizeof(size_t)) != 0)
		return RCT_ENOMEM;
	c->capeq = cap;
	if (c->neq == 0)
		c->start[0] = 0;
	c->term[c->nterms] = total;
	c->coef[c->nterms++] = -1;
	for (i = 0; i < n; i++) {
		c->term[c->nterms] = parts[i];
		c->coef[c->nterms++] = 1;
	}
	c->start[++c->neq] = c->nterms;
	return 0;
}

/*
 * Which suppressed cells the sums determine: det[i] set for each (det
 * has c->n entries).  The sums restricted to the suppressed cells (the
 * visible ones are known numbers) are reduced to reduced row echelon
 * form; a suppressed cell is determined when it is a pivot whose row has
 * no other unknown left.
 */
static int
determined(const struct rct_cells *c, unsigned char *det)
{
	size_t *col = NULL, *cell = NULL, s = 0, i, j, e, r, k, piv;
	double *a = NULL;
	int rc = 0;

	memset(det, 0, c->n);
	if ((col = malloc((c->n + 1) * sizeof(size_t))) == NULL ||
	    (cell = malloc((c->n + 1) * sizeof(size_t))) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < c->n; i++)
		if (c->suppressed[i]) {
			col[i] = s;
			cell[s++] = i;
		}
	if (s == 0 || c->neq == 0)
		goto out;
	if ((a = calloc(c->neq * s, sizeof(double))) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (e = 0; e < c->neq; e++)
		for (j = c->start[e]; j < c->start[e + 1]; j++)
			if (c->suppressed[c->term[j]])
				a[e * s + col[c->term[j]]] += c->coef[j];
	/* Gauss-Jordan with partial pivoting; entries stay small integers. */
	for (r = 0, k = 0; k < s && r < c->neq; k++) {
		piv = r;
		for (e = r; e < c->neq; e++)
			if (fabs(a[e * s + k]) > fabs(a[piv * s + k]))
				piv = e;
		if (fabs(a[piv * s + k]) < 1e-9)
			continue;
		for (j = 0; j < s; j++) {
			double t = a[r * s + j];

			a[r * s + j] = a[piv * s + j];
			a[piv * s + j] = t;
		}
		for (j = s; j-- > 0;)
			a[r * s + j] /= a[r * s + k];
		for (e = 0; e < c->neq; e++)
			if (e != r && fabs(a[e * s + k]) > 1e-12) {
				double f = a[e * s + k];

				for (j = 0; j < s; j++)
					a[e * s + j] -= f * a[r * s + j];
			}
		r++;
	}
	/* A row with exactly one unknown left determines it. */
	for (e = 0; e < r; e++) {
		size_t nz = 0, which = 0;

		for (j = 0; j < s; j++)
			if (fabs(a[e * s + j]) > 1e-9) {
				nz++;
				which = j;
			}
		if (nz == 1)
			det[cell[which]] = 1;
	}
out:
	free(a);
	free(col);
	free(cell);
	return rc;
}

/* Whether cell a is a better complement than b (c->n: none yet). */
static int
better(const struct rct_cells *c, size_t a, size_t b)
{
	if (b == c->n)
		return 1;
	if ((c->value[a] > 0) != (c->value[b] > 0))
		return c->value[a] > 0;
	return c->value[a] < c->value[b];
}

/*
 * The cell to suppress next so that k is no longer determined: among the
 * visible cells on a sum holding k (else on any sum holding a suppressed
 * cell), one that alone makes k undetermined if there is one; a non-zero
 * count before a zero; the smallest.  c->n when there is none.
 */
static int
complement(struct rct_cells *c, size_t k, unsigned char *det, size_t *out)
{
	size_t best = c->n, e, j, pass;
	int best_frees = 0, rc;

	for (pass = 0; pass < 2 && best == c->n; pass++)
		for (e = 0; e < c->neq; e++) {
			int holds = 0;

			for (j = c->start[e]; j < c->start[e + 1]; j++)
				if (pass == 0 ? c->term[j] == k :
						c->suppressed[c->term[j]])
					holds = 1;
			if (!holds)
				continue;
			for (j = c->start[e]; j < c->start[e + 1]; j++) {
				size_t i = c->term[j];
				int frees;

				if (c->suppressed[i] || c->fixed[i] == 1)
					continue;
				c->suppressed[i] = 2;
				rc = determined(c, det);
				c->suppressed[i] = 0;
				if (rc != 0)
					return rc;
				frees = !det[k];
				if (frees > best_frees ||
				    (frees == best_frees &&
					better(c, i, best))) {
					best = i;
					best_frees = frees;
				}
			}
		}
	*out = best;
	return 0;
}

int
rct_suppress_cells(struct rct_cells *c, int min_cell)
{
	unsigned char *det = malloc(c->n + 1);
	size_t i, k, next;
	int rc = 0;

	if (det == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	memset(c->suppressed, 0, c->n);
	if (min_cell <= 1) /* nothing to suppress */
		goto out;
	for (i = 0; i < c->n; i++)
		c->suppressed[i] = c->value[i] < 0 ||
		    (!c->fixed[i] && c->value[i] > 0 && c->value[i] < min_cell);
	for (;;) {
		if ((rc = determined(c, det)) != 0)
			break;
		for (k = 0; k < c->n && !det[k]; k++)
			;
		if (k == c->n)
			break;
		if ((rc = complement(c, k, det, &next)) != 0 || next == c->n)
			break; /* only published cells left around it */
		c->suppressed[next] = 2;
	}
out:
	free(det);
	return rc;
}

int
rct_suppress_grid(const long *counts, size_t rows, size_t cols, int row_fixed,
    int col_fixed, int min_cell, unsigned char *out, unsigned char *row_out,
    unsigned char *col_out)
{
	struct rct_cells c;
	size_t *parts = NULL, i, j, total;
	long sum;
	int rc = 0;

	rct_suppress_cells_init(&c);
	if ((parts = malloc(
		 (rows > cols ? rows : cols) * sizeof(size_t) + 1)) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	/* Cells 0 .. rows*cols-1, then the row totals, then the columns'. */
	for (i = 0; rc == 0 && i < rows * cols; i++)
		rc = rct_suppress_cells_add(&c, counts[i], 0, NULL);
	for (i = 0; rc == 0 && i < rows; i++) {
		for (j = 0, sum = 0; j < cols; j++) {
			sum += counts[i * cols + j];
			parts[j] = i * cols + j;
		}
		if ((rc = rct_suppress_cells_add(&c, sum, row_fixed, &total)) ==
		    0)
			rc = rct_suppress_cells_sum(&c, total, parts, cols);
	}
	for (j = 0; rc == 0 && j < cols; j++) {
		for (i = 0, sum = 0; i < rows; i++) {
			sum += counts[i * cols + j];
			parts[i] = i * cols + j;
		}
		if ((rc = rct_suppress_cells_add(&c, sum, col_fixed, &total)) ==
		    0)
			rc = rct_suppress_cells_sum(&c, total, parts, rows);
	}
	if (rc == 0)
		rc = rct_suppress_cells(&c, min_cell);
	if (rc != 0)
		goto out;
	memcpy(out, c.suppressed, rows * cols);
	if (row_out)
		memcpy(row_out, c.suppressed + rows * cols, rows);
	if (col_out)
		memcpy(col_out, c.suppressed + rows * cols + rows, cols);
out:
	free(parts);
	rct_suppress_cells_release(&c);
	return rc;
}
