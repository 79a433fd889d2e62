/*
 * Unit tests of trial/methods.c: every estimator and type of error read
 * back from its name, and the names a protocol may write.
 */
#include "methods.h"
#include "unit.h"

static void
test_methods__names_round_trip(void **state)
{
	enum rct_estimator e, eb;
	enum rct_se_type t, tb;

	(void)state;
	for (e = RCT_EST_DIM; e <= RCT_EST_HT; e++) {
		assert_int_equal(rct_methods_estimator_parse(
				     rct_methods_estimator_name(e), &eb),
		    0);
		assert_int_equal(eb, e);
	}
	for (t = RCT_SE_CLASSICAL; t <= RCT_SE_WILD; t++) {
		assert_int_equal(rct_methods_se_parse(rct_methods_se_name(t),
				     &tb),
		    0);
		assert_int_equal(tb, t);
	}
	assert_string_equal(rct_methods_estimator_name(RCT_EST_HT),
	    "horvitz_thompson");
	assert_string_equal(rct_methods_se_name(RCT_SE_HC2), "HC2");
	assert_int_equal(rct_methods_se_parse("hc2", &t), 0);
	assert_int_equal(t, RCT_SE_HC2);
	assert_int_equal(rct_methods_estimator_parse("DIM", &e), -1);
	assert_int_equal(rct_methods_estimator_parse("", &e), -1);
	assert_int_equal(rct_methods_se_parse("hc4", &t), -1);
}

static void
test_methods__what_a_protocol_may_name(void **state)
{
	static const char *const est_ok[] = {"dim", "blocked", "ols", "lin",
	    "ancova", "iv"};
	static const char *const est_no[] = {"risk_ratio", "odds_ratio",
	    "horvitz_thompson", "DIM", "Lin", ""};
	static const char *const se_ok[] = {"classical", "hc0", "hc1", "hc2",
	    "hc3", "cr0", "stata", "cr2"};
	static const char *const se_no[] = {"HC2", "Cr2", "Stata", "neyman",
	    "wald", "youngs", "wild", ""};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(est_ok) / sizeof(est_ok[0]); i++)
		assert_true(rct_methods_estimator_ok(est_ok[i]));
	for (i = 0; i < sizeof(est_no) / sizeof(est_no[0]); i++)
		assert_false(rct_methods_estimator_ok(est_no[i]));
	for (i = 0; i < sizeof(se_ok) / sizeof(se_ok[0]); i++)
		assert_true(rct_methods_se_ok(se_ok[i]));
	for (i = 0; i < sizeof(se_no) / sizeof(se_no[0]); i++)
		assert_false(rct_methods_se_ok(se_no[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_methods__names_round_trip),
	    cmocka_unit_test(test_methods__what_a_protocol_may_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
