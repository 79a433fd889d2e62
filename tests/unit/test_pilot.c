/*
 * Unit tests of analysis/pilot.c against R (tests/ref/pilot_reference.R):
 * the ANOVA intra-class correlation with Searle's interval on three
 * pilots (one with a negative estimate), and exact Poisson intervals of
 * recruitment rates (poisson.test).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "csvio.h"
#include "dataset.h"
#include "pilot.h"
#include "text.h"
#include "unit.h"

#define DIR "tests/data/pilot/"

static void
close_to(double got, double want, double tol, const char *what)
{
	double s = fabs(want) > 0 ? fabs(want) : 1;

	if (fabs(got - want) > tol * s)
		fail_msg("%s: %.17g, R gives %.17g", what, got, want);
}

static double
field(const struct rct_csv_row *row, size_t i)
{
	double x;

	assert_int_equal(rct_text_parse_double(row->fields[i], &x), 0);
	return x;
}

static int
check_icc(void *arg, const struct rct_csv_row *row)
{
	static const char *const names[] = {"cluster", "y"};
	static const unsigned char cat[] = {1, 0};
	struct rct_dataset *d;
	struct rct_icc icc;
	char path[256];

	(void)arg;
	if (row->record == 0)
		return 0;
	snprintf(path, sizeof(path), DIR "%s", row->fields[0]);
	assert_int_equal(rct_dataset_read_csv(&d, path, names, cat, 2), 0);
	assert_int_equal(rct_pilot_icc(d->cols[1].num, d->cols[0].code, d->n,
			     0.05, &icc),
	    0);
	assert_int_equal(icc.clusters, (long)field(row, 1));
	assert_int_equal(icc.n, (long)field(row, 2));
	close_to(icc.msb, field(row, 3), 1e-10, "msb");
	close_to(icc.msw, field(row, 4), 1e-10, "msw");
	close_to(icc.n0, field(row, 5), 1e-12, "n0");
	close_to(icc.icc, field(row, 6), 1e-10, "icc");
	close_to(icc.lower, field(row, 7), 1e-8, "lower");
	close_to(icc.upper, field(row, 8), 1e-8, "upper");
	rct_dataset_free(d);
	return 0;
}

static void
test_pilot__icc_matches_r(void **state)
{
	(void)state;
	assert_int_equal(rct_csv_read(DIR "icc_reference.csv", check_icc, NULL),
	    0);
}

static int
check_rate(void *arg, const struct rct_csv_row *row)
{
	double lo, hi;

	(void)arg;
	if (row->record == 0)
		return 0;
	rct_pilot_poisson_ci((long)field(row, 0), field(row, 1), 0.05, &lo,
	    &hi);
	close_to(lo, field(row, 3), 1e-9, "lower");
	close_to(hi, field(row, 4), 1e-9, "upper");
	return 0;
}

static void
test_pilot__poisson_intervals_match_r(void **state)
{
	(void)state;
	assert_int_equal(rct_csv_read(DIR "rate_reference.csv", check_rate,
			     NULL),
	    0);
}

static void
test_pilot__icc_needs_two_clusters(void **state)
{
	const double y[] = {1, 2, 3};
	const int32_t cl[] = {0, 0, 0};
	struct rct_icc icc;

	(void)state;
	assert_int_equal(rct_pilot_icc(y, cl, 3, 0.05, &icc), RCT_EINVAL);
	assert_in_messages("an ICC needs two clusters");
	rct_error_clear();
	/* Nobody yet (a cluster trial before its first enrolment). */
	assert_int_equal(rct_pilot_icc(NULL, NULL, 0, 0.05, &icc), RCT_EINVAL);
	assert_in_messages("an ICC needs two clusters");
	assert_int_equal(icc.clusters, 0);
	rct_error_clear();
	/* Nobody with a cluster. */
	{
		const int32_t none[] = {-1, -1, -1};

		assert_int_equal(rct_pilot_icc(y, none, 3, 0.05, &icc),
		    RCT_EINVAL);
		rct_error_clear();
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pilot__icc_matches_r),
	    cmocka_unit_test(test_pilot__poisson_intervals_match_r),
	    cmocka_unit_test(test_pilot__icc_needs_two_clusters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
