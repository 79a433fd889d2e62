/* Residual sums of squares (rss.h). */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ols.h"
#include "rss.h"

struct design {
	struct rct_design d;
	const double *extra;
	const struct rct_column *const *cols;
	size_t ncols;
	const size_t *rows;
};

static void
design_row(const struct rct_design *d, size_t i, double *x)
{
	const struct design *j = d->ctx;
	size_t r = j->rows[i], c, l, k = 1;

	x[0] = 1;
	if (j->extra)
		x[k++] = j->extra[i];
	for (c = 0; c < j->ncols; c++) {
		const struct rct_column *col = j->cols[c];

		if (col->kind == RCT_COLUMN_NUMBER)
			x[k++] = col->num[r];
		else
			for (l = 1; l < col->nlevels; l++)
				x[k++] = col->code[r] == (int32_t)l;
	}
}

int
rct_rss(const double *y, const double *extra,
    const struct rct_column *const *cols, size_t ncols, const size_t *rows,
    size_t m, struct rct_rss *out)
{
	struct design j;
	struct rct_fit fit;
	double *x, mean = 0, e;
	size_t i, c, k = 1 + (extra != NULL);
	int rc;

	memset(out, 0, sizeof(*out));
	for (c = 0; c < ncols; c++)
		k += cols[c]->kind == RCT_COLUMN_NUMBER ?
		    1 :
		    (cols[c]->nlevels ? cols[c]->nlevels - 1 : 0);
	out->n = m;
	for (i = 0; i < m; i++)
		mean += y[i] / (double)m;
	for (i = 0; i < m; i++)
		out->tss += (y[i] - mean) * (y[i] - mean);
	if (m <= k)
		return rct_error(RCT_EINVAL,
		    "%zu rows for %zu coefficients: too few to fit", m, k);
	j.d.n = m;
	j.d.k = k;
	j.d.row = design_row;
	j.d.ctx = &j;
	j.d.weight = NULL;
	j.extra = extra;
	j.cols = cols;
	j.ncols = ncols;
	j.rows = rows;
	if ((rc = rct_ols(&fit, &j.d, NULL, y, NULL, 0, RCT_SE_CLASSICAL)) != 0)
		return rc;
	if ((x = malloc(k * sizeof(double))) == NULL) {
		rct_ols_fit_release(&fit);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	for (i = 0; i < m; i++) {
		design_row(&j.d, i, x);
		e = y[i];
		for (c = 0; c < k; c++)
			if (fit.kept[c])
				e -= fit.beta[c] * x[c];
		out->rss += e * e;
	}
	out->rank = fit.rank;
	free(x);
	rct_ols_fit_release(&fit);
	return 0;
}
