/*
 * Holm and Benjamini-Hochberg adjustments (multiplicity.h), with R's
 * p.adjust definitions: for the m p-values sorted ascending,
 *   Holm: q_(i) = max over j <= i of min(1, (m - j + 1) p_(j))
 *   BH:   q_(i) = min over j >= i of min(1, m / j p_(j)).
 */
#include <math.h>
#include <stdlib.h>

#include "multiplicity.h"

static const double *sort_base;

static int
by_p(const void *a, const void *b)
{
	double x = sort_base[*(const size_t *)a];
	double y = sort_base[*(const size_t *)b];

	if (x < y)
		return -1;
	if (x > y)
		return 1;
	/* Ties in input order, so the result is the same on every libc. */
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* The indices of the non-NaN p-values, sorted by p; returns their count. */
static size_t
order(const double *p, size_t n, size_t *idx)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (!isnan(p[i]))
			idx[m++] = i;
	sort_base = p;
	qsort(idx, m, sizeof(*idx), by_p);
	return m;
}

void
rct_multiplicity_holm(const double *p, size_t n, double *adjusted)
{
	size_t *idx = malloc((n + 1) * sizeof(*idx)), i, m;
	double run = 0, q;

	for (i = 0; i < n; i++)
		adjusted[i] = NAN;
	if (idx == NULL)
		return;
	m = order(p, n, idx);
	for (i = 0; i < m; i++) {
		q = fmin(1, (double)(m - i) * p[idx[i]]);
		run = fmax(run, q);
		adjusted[idx[i]] = run;
	}
	free(idx);
}

void
rct_multiplicity_bh(const double *p, size_t n, double *adjusted)
{
	size_t *idx = malloc((n + 1) * sizeof(*idx)), i, m;
	double run = 1, q;

	for (i = 0; i < n; i++)
		adjusted[i] = NAN;
	if (idx == NULL)
		return;
	m = order(p, n, idx);
	for (i = m; i-- > 0;) {
		q = fmin(1, (double)m / (double)(i + 1) * p[idx[i]]);
		run = fmin(run, q);
		adjusted[idx[i]] = run;
	}
	free(idx);
}
