/*
 * Unit tests of analysis/ols.c against R (tests/data/unit/, made by
 * tests/ref/ols_unit_reference.R): every standard error type of
 * lm_robust on a small design, with a collinear column that must be
 * dropped as lm() drops it, and CR2's Satterthwaite degrees of freedom,
 * unweighted and weighted (lm_robust(weights =)), the intercept's too.
 */
#include <math.h>
#include <stdlib.h>

#include "csvio.h"
#include "ols.h"
#include "text.h"
#include "unit.h"

#define MAX_ROWS 64
#define K 4 /* intercept, x1, x2, x3 = x1 + x2 */
#define KEPT 3

struct data {
	double X[MAX_ROWS * K], y[MAX_ROWS], w[MAX_ROWS];
	int32_t cluster[MAX_ROWS];
	size_t n, nclusters;
};

struct reference {
	char type[MAX_ROWS][16];
	int term[MAX_ROWS];
	double estimate[MAX_ROWS], se[MAX_ROWS], df[MAX_ROWS];
	size_t n;
};

static double
field(const struct rct_csv_row *row, size_t i)
{
	double x;

	assert_true(i < row->nfields);
	assert_int_equal(rct_text_parse_double(row->fields[i], &x), 0);
	return x;
}

static int
read_data(void *arg, const struct rct_csv_row *row)
{
	struct data *d = arg;
	double *x;

	if (row->record == 0)
		return 0;
	assert_true(d->n < MAX_ROWS);
	x = &d->X[d->n * K];
	d->y[d->n] = field(row, 0);
	x[0] = 1;
	x[1] = field(row, 1);
	x[2] = field(row, 2);
	x[3] = field(row, 3);
	d->cluster[d->n] = (int32_t)field(row, 4);
	d->w[d->n] = field(row, 5);
	if ((size_t)d->cluster[d->n] + 1 > d->nclusters)
		d->nclusters = (size_t)d->cluster[d->n] + 1;
	d->n++;
	return 0;
}

static int
read_reference(void *arg, const struct rct_csv_row *row)
{
	struct reference *r = arg;

	if (row->record == 0)
		return 0;
	assert_true(r->n < MAX_ROWS);
	snprintf(r->type[r->n], sizeof(r->type[0]), "%s", row->fields[0]);
	r->term[r->n] = (int)field(row, 1);
	r->estimate[r->n] = field(row, 2);
	r->se[r->n] = field(row, 3);
	r->df[r->n] = field(row, 4);
	r->n++;
	return 0;
}

static void
close_to(double got, double want, double tol, const char *what, int term)
{
	if (!(fabs(got - want) <= tol * fmax(fabs(want), 1e-300)))
		fail_msg("%s, term %d: %.17g, R gives %.17g", what, term, got,
		    want);
}

static void
test_ols__every_se_type_matches_lm_robust(void **state)
{
	static struct data d;
	static struct reference r;
	struct rct_design X;
	size_t i, checked = 0;

	(void)state;
	memset(&d, 0, sizeof(d));
	memset(&r, 0, sizeof(r));
	assert_int_equal(rct_csv_read("tests/data/unit/ols_data.csv", read_data,
			     &d),
	    0);
	assert_int_equal(rct_csv_read("tests/data/unit/ols_reference.csv",
			     read_reference, &r),
	    0);
	assert_int_equal(d.n, 23);
	assert_int_equal(r.n, 9 * KEPT);
	rct_ols_design_matrix(&X, d.X, d.n, K);
	for (i = 0; i < r.n; i += KEPT) {
		struct rct_fit fit;
		enum rct_se_type se;
		int t;

		/* "CR2w": CR2 of the fit weighted by w. */
		X.weight = strcmp(r.type[i], "CR2w") == 0 ? d.w : NULL;
		assert_int_equal(rct_methods_se_parse(X.weight ? "CR2" :
								 r.type[i],
				     &se),
		    0);
		memset(&fit, 0, sizeof(fit));
		assert_int_equal(rct_ols(&fit, &X, NULL, d.y,
				     rct_ols_se_clustered(se) ? d.cluster :
								NULL,
				     d.nclusters, se),
		    0);
		/* x3 = x1 + x2 is dropped, as lm() drops it. */
		assert_int_equal(fit.rank, KEPT);
		assert_int_equal(fit.kept[3], 0);
		assert_true(isnan(fit.beta[3]));
		for (t = 0; t < KEPT; t++) {
			size_t j = i + (size_t)t;

			assert_int_equal(r.term[j], t);
			close_to(fit.beta[t], r.estimate[j], 1e-10, r.type[j],
			    t);
			close_to(sqrt(fit.vcov[t * K + t]), r.se[j], 1e-8,
			    r.type[j], t);
			close_to(fit.df[t], r.df[j], 1e-6, r.type[j], t);
			checked++;
		}
		rct_ols_fit_release(&fit);
	}
	assert_int_equal(checked, 9 * KEPT);
}

static void
test_ols__a_clustered_type_without_clusters_is_refused(void **state)
{
	double X[4 * 2] = {1, 0, 1, 1, 1, 2, 1, 3}, y[4] = {1, 2, 2, 4};
	struct rct_design d;
	struct rct_fit fit;

	(void)state;
	memset(&fit, 0, sizeof(fit));
	rct_ols_design_matrix(&d, X, 4, 2);
	assert_true(rct_ols(&fit, &d, NULL, y, NULL, 0, RCT_SE_CR2) < 0);
	rct_ols_fit_release(&fit);
	rct_error_clear();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ols__every_se_type_matches_lm_robust),
	    cmocka_unit_test(
		test_ols__a_clustered_type_without_clusters_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
