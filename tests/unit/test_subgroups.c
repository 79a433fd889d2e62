/*
 * Unit tests of analysis/subgroups.c against R
 * (tests/ref/analysis_tables_reference.R, whose values are in
 * tests/data/analysis/subgroup_*reference.csv): lm_robust(y ~ z, HC2) in
 * each level of f of basic.csv and the Wald F test of the z:f
 * interactions; then the suppression of small subgroups, and a level
 * that cannot be estimated.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "subgroups.h"
#include "text.h"
#include "unit.h"

#define DIR "tests/data/analysis/"

/* R's figures of levels a, b, c: estimate, std_error, df, p_value, n. */
static const double ref[3][5] = {
    {1.0047467471582208, 0.26076316647081416, 191, 0.0001591707231907201, 193},
    {0.62712230393055501, 0.31551703093063199, 122, 0.049095403524114692, 124},
    {1.3491918925159172, 0.43286714760650907, 81, 0.0025294869480115929, 83},
};

static double
number(const char *cell)
{
	double x;

	assert_int_equal(rct_text_parse_double(cell, &x), 0);
	return x;
}

static void
close_to(double got, double want, double tol, const char *what)
{
	if (fabs(got - want) > tol * (fabs(want) > 0 ? fabs(want) : 1))
		fail_msg("%s: %.17g, R gives %.17g", what, got, want);
}

static struct rct_table *
run(const char *file, const char *by, int min_cell, struct rct_dataset **d)
{
	const char *names[] = {"arm", "y", by};
	static const unsigned char cat[] = {1, 0, 1};
	char *outcome[] = {"y"};
	struct rct_subgroups_spec s;
	struct rct_table *t = NULL;

	assert_int_equal(rct_dataset_read_csv(d, file, names, cat, 3), 0);
	memset(&s, 0, sizeof(s));
	s.effect.arm = "arm";
	s.effect.treat = "treatment";
	s.effect.alpha = 0.05;
	s.effect.estimator = RCT_EST_OLS;
	s.outcomes = outcome;
	s.noutcomes = 1;
	s.by = by;
	s.min_cell = min_cell;
	assert_int_equal(rct_subgroups_table(&t, *d, NULL, &s), 0);
	return t;
}

static void
test_subgroups__each_level_and_the_interaction_match_r(void **state)
{
	struct rct_dataset *d = NULL;
	struct rct_table *t = run(DIR "basic.csv", "f", 0, &d);
	size_t l;

	(void)state;
	assert_int_equal(rct_table_rows(t), 4);
	assert_string_equal(rct_table_names(t)[11], "p_value");
	for (l = 0; l < 3; l++) {
		const char *const *row = rct_table_row(t, l);

		assert_string_equal(row[0], "y");
		assert_string_equal(row[1], "treatment");
		assert_string_equal(row[2], "control");
		assert_string_equal(row[3], "f");
		assert_int_equal(row[4][0], "abc"[l]);
		assert_string_equal(row[5], "ols");
		assert_string_equal(row[6], "HC2");
		close_to(number(row[7]), ref[l][0], 1e-8, "estimate");
		close_to(number(row[8]), ref[l][1], 1e-8, "std_error");
		close_to(number(row[9]), ref[l][2], 1e-6, "df");
		close_to(number(row[11]), ref[l][3], 1e-6, "p_value");
		close_to(number(row[14]), ref[l][4], 0, "n");
	}
	{
		const char *const *row = rct_table_row(t, 3);

		assert_string_equal(row[4], "interaction test");
		close_to(number(row[17]), 0.96929650091294972, 1e-6, "F");
		close_to(number(row[18]), 2, 0, "df1");
		close_to(number(row[19]), 394, 0, "df2");
		close_to(number(row[11]), 0.38025253327291669, 1e-6, "p");
	}
	rct_table_free(t);
	rct_dataset_free(d);
}

static void
test_subgroups__small_subgroups_show_no_figures(void **state)
{
	struct rct_dataset *d = NULL;
	struct rct_table *t = run(DIR "basic.csv", "f", 50, &d);
	size_t l, c;

	(void)state;
	/*
	 * b and c have fewer than 50 in an arm: no figures; a keeps its own
	 * (the two hidden ones cover each other in the column sums).
	 */
	close_to(number(rct_table_row(t, 0)[7]), ref[0][0], 1e-8, "a");
	for (l = 1; l < 3; l++) {
		const char *const *row = rct_table_row(t, l);

		for (c = 7; c < 17; c++)
			assert_string_equal(row[c], "");
		assert_string_equal(row[20],
		    "fewer than 50, or would reveal one: suppressed");
	}
	rct_table_free(t);
	rct_dataset_free(d);
}

static void
test_subgroups__a_level_without_both_arms_says_why(void **state)
{
	struct rct_dataset *d = NULL;
	struct rct_table *t = run(DIR "subgroup_gap.csv", "g", 0, &d);
	const char *const *row = rct_table_row(t, 2);

	(void)state;
	assert_int_equal(rct_table_rows(t), 4);
	assert_string_equal(row[4], "c");
	assert_string_equal(row[7], "");
	assert_non_null(strstr(row[20], "not estimable: "));
	assert_non_null(strstr(row[20], "has nobody with an outcome"));
	assert_string_not_equal(rct_table_row(t, 0)[7], "");
	rct_table_free(t);
	rct_dataset_free(d);
}

static void
test_subgroups__by_must_be_a_factor_of_few_levels(void **state)
{
	const char *names[] = {"arm", "y", "x1"};
	static const unsigned char cat[] = {1, 0, 0};
	char *outcome[] = {"y"};
	struct rct_subgroups_spec s;
	struct rct_dataset *d = NULL;
	struct rct_table *t = NULL;

	(void)state;
	assert_int_equal(rct_dataset_read_csv(&d, DIR "basic.csv", names, cat,
			     3),
	    0);
	memset(&s, 0, sizeof(s));
	s.effect.arm = "arm";
	s.effect.treat = "treatment";
	s.effect.alpha = 0.05;
	s.effect.estimator = RCT_EST_OLS;
	s.outcomes = outcome;
	s.noutcomes = 1;
	s.by = "x1";
	assert_int_equal(rct_subgroups_table(&t, d, NULL, &s), RCT_EINVAL);
	assert_null(t);
	assert_in_messages("holds numbers: subgroups need categories");
	rct_error_clear();
	s.by = "nothing";
	assert_int_equal(rct_subgroups_table(&t, d, NULL, &s), RCT_EINVAL);
	assert_in_messages("no column 'nothing' for --by");
	rct_error_clear();
	rct_dataset_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		test_subgroups__each_level_and_the_interaction_match_r),
	    cmocka_unit_test(test_subgroups__small_subgroups_show_no_figures),
	    cmocka_unit_test(
		test_subgroups__a_level_without_both_arms_says_why),
	    cmocka_unit_test(test_subgroups__by_must_be_a_factor_of_few_levels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
