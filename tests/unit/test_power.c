/*
 * Unit tests of analysis/power_plan.c: which quantity a set of inputs
 * solves for, the row it returns, and which refusals are usage errors.
 * The figures are pwr's (tests/data/power/individual.csv, made by
 * tests/ref/power_reference.R); t3900 checks every case of that file
 * through the command.
 */
#include <math.h>
#include <stdlib.h>

#include "power.h"
#include "text.h"
#include "unit.h"

static struct rct_power_given
given(void)
{
	struct rct_power_given g;

	memset(&g, 0, sizeof(g));
	return g;
}

static void
set(struct rct_power_given *g, enum rct_power_input i, double v)
{
	g->v[i] = v;
	g->set[i] = 1;
}

/* The value of the row's column name, as a number. */
static double
column(const struct rct_table *t, const char *name)
{
	const char *const *names = rct_table_names(t);
	size_t i;
	double x;

	assert_int_equal(rct_table_rows(t), 1);
	for (i = 0; i < rct_table_columns(t); i++)
		if (strcmp(names[i], name) == 0) {
			assert_int_equal(rct_text_parse_double(rct_table_row(t,
								   0)[i],
					     &x),
			    0);
			return x;
		}
	fail_msg("no column %s", name);
	return NAN;
}

static void
test_power__effect_and_power_solve_n_as_pwr(void **state)
{
	struct rct_power_given g = given();
	struct rct_table *t;
	int choice;

	(void)state;
	set(&g, RCT_POWER_EFFECT, 0.3);
	set(&g, RCT_POWER_POWER, 0.8);
	assert_int_equal(rct_power_solve("individual", &g, &t, &choice), 0);
	assert_string_equal(rct_table_row(t, 0)[1], "n_per_arm");
	/* pwr.t.test(d = 0.3, power = 0.8)$n */
	assert_true(fabs(column(t, "n_per_arm") - 175.38466947025657) < 1e-6);
	assert_true(column(t, "alpha") == 0.05);
	rct_table_free(t);
}

static void
test_power__both_given_solve_the_mdes(void **state)
{
	struct rct_power_given g = given();
	struct rct_table *t;
	int choice;

	(void)state;
	set(&g, RCT_POWER_POWER, 0.8);
	set(&g, RCT_POWER_N, 175.38466947025657);
	assert_int_equal(rct_power_solve("individual", &g, &t, &choice), 0);
	assert_string_equal(rct_table_row(t, 0)[1], "mdes");
	assert_true(fabs(column(t, "mdes") - 0.3) < 1e-6);
	rct_table_free(t);
}

static void
test_power__which_inputs_is_a_usage_error(void **state)
{
	struct rct_power_given g = given();
	struct rct_table *t = (struct rct_table *)&g;
	int choice = 0;

	(void)state;
	set(&g, RCT_POWER_EFFECT, 0.3);
	assert_int_equal(rct_power_solve("individual", &g, &t, &choice),
	    RCT_EINVAL);
	assert_null(t);
	assert_int_equal(choice, 1);
	assert_in_messages("give --power (to solve for n_per_arm)");
	rct_error_clear();
	assert_int_equal(rct_power_solve("crossover", &g, &t, &choice),
	    RCT_EINVAL);
	assert_int_equal(choice, 1);
	assert_in_messages("unknown --design 'crossover'");
	rct_error_clear();
}

static void
test_power__a_value_out_of_range_is_not(void **state)
{
	struct rct_power_given g = given();
	struct rct_table *t;
	int choice = 1;

	(void)state;
	set(&g, RCT_POWER_EFFECT, 0.3);
	set(&g, RCT_POWER_POWER, 1.5);
	assert_int_equal(rct_power_solve("individual", &g, &t, &choice),
	    RCT_EINVAL);
	assert_int_equal(choice, 0);
	rct_error_clear();
}

static void
test_power__cluster_and_blocked_name_what_they_solve(void **state)
{
	struct rct_power_given g = given();
	struct rct_table *t;
	int choice;

	(void)state;
	set(&g, RCT_POWER_SIZE, 10);
	set(&g, RCT_POWER_ICC, 0.1);
	set(&g, RCT_POWER_EFFECT, 0.3);
	set(&g, RCT_POWER_POWER, 0.8);
	assert_int_equal(rct_power_solve("cluster", &g, &t, &choice), 0);
	assert_string_equal(rct_table_row(t, 0)[1], "clusters");
	assert_true(column(t, "clusters") >= column(t, "clusters_real"));
	rct_table_free(t);
	g = given();
	set(&g, RCT_POWER_SITES, 10);
	set(&g, RCT_POWER_SITE_SIZE, 20);
	set(&g, RCT_POWER_EFFECT, 0.3);
	assert_int_equal(rct_power_solve("blocked", &g, &t, &choice), 0);
	assert_string_equal(rct_table_row(t, 0)[1], "power");
	assert_true(column(t, "power") > 0 && column(t, "power") < 1);
	rct_table_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_power__effect_and_power_solve_n_as_pwr),
	    cmocka_unit_test(test_power__both_given_solve_the_mdes),
	    cmocka_unit_test(test_power__which_inputs_is_a_usage_error),
	    cmocka_unit_test(test_power__a_value_out_of_range_is_not),
	    cmocka_unit_test(
		test_power__cluster_and_blocked_name_what_they_solve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
