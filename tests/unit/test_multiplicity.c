/*
 * Unit tests of analysis/multiplicity.c against R's p.adjust
 * (tests/data/analysis/multiplicity.csv, made by
 * tests/ref/estimatr_reference.R): the p-values given in reverse order,
 * with a NaN among them that must stay out of the family.
 */
#include <math.h>
#include <stdlib.h>

#include "csvio.h"
#include "multiplicity.h"
#include "text.h"
#include "unit.h"

#define MAX 32

struct reference {
	double holm[2][MAX], bh[2][MAX]; /* [0] raw, [1] adjusted */
	size_t nholm, nbh;
};

static int
read_reference(void *arg, const struct rct_csv_row *row)
{
	struct reference *r = arg;
	double raw, adj;

	if (row->record == 0)
		return 0;
	assert_int_equal(rct_text_parse_double(row->fields[1], &raw), 0);
	assert_int_equal(rct_text_parse_double(row->fields[2], &adj), 0);
	if (strcmp(row->fields[0], "holm") == 0) {
		r->holm[0][r->nholm] = raw;
		r->holm[1][r->nholm++] = adj;
	} else {
		r->bh[0][r->nbh] = raw;
		r->bh[1][r->nbh++] = adj;
	}
	return 0;
}

static void
check(void (*adjust)(const double *, size_t, double *), double ref[2][MAX],
    size_t n)
{
	double p[MAX + 1], q[MAX + 1];
	size_t i;

	/* Reversed, with a NaN in the middle. */
	for (i = 0; i < n; i++)
		p[i < n / 2 ? i : i + 1] = ref[0][n - 1 - i];
	p[n / 2] = NAN;
	adjust(p, n + 1, q);
	assert_true(isnan(q[n / 2]));
	for (i = 0; i < n; i++) {
		double want = ref[1][n - 1 - i], got = q[i < n / 2 ? i : i + 1];

		if (fabs(got - want) > 1e-15 * fabs(want))
			fail_msg("p = %.17g adjusted to %.17g, R gives %.17g",
			    ref[0][n - 1 - i], got, want);
	}
}

static void
test_multiplicity__holm_and_bh_match_p_adjust(void **state)
{
	struct reference r;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(rct_csv_read("tests/data/analysis/multiplicity.csv",
			     read_reference, &r),
	    0);
	assert_int_equal(r.nholm, 10);
	assert_int_equal(r.nbh, 10);
	check(rct_multiplicity_holm, r.holm, r.nholm);
	check(rct_multiplicity_bh, r.bh, r.nbh);
}

static void
test_multiplicity__a_single_p_value_is_unchanged(void **state)
{
	double p = 0.03, q;

	(void)state;
	rct_multiplicity_holm(&p, 1, &q);
	assert_true(q == p);
	rct_multiplicity_bh(&p, 1, &q);
	assert_true(q == p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_multiplicity__holm_and_bh_match_p_adjust),
	    cmocka_unit_test(test_multiplicity__a_single_p_value_is_unchanged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
