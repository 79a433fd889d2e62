/*
 * Unit tests of analysis/ri.c on a design small enough to count: 8
 * participants, 4 treated, complete randomization (70 allocations).  With
 * outcomes that separate the arms completely, only the observed
 * allocation and its mirror are as extreme, so the exact p-value is
 * 2/70; the Monte Carlo p-value must be within its own error of it, be
 * the same on every run with the same seed, and never be zero.
 */
#include <math.h>
#include <stdlib.h>

#include "ri.h"
#include "unit.h"

#define N 8

static const int8_t z[N] = {1, 1, 1, 1, 0, 0, 0, 0};
static const double y[N] = {10, 11, 12, 13, 1, 2, 3, 4};

static void
run(long draws, uint64_t seed, int use_t, struct rct_ri_result *res)
{
	struct rct_ri_permutation *perm = NULL;
	struct rct_ri_design design;
	const double *ys[1] = {y};

	assert_int_equal(rct_ri_permutation_new(&perm, z, NULL, NULL, N), 0);
	rct_ri_permutation_design(&design, perm);
	assert_int_equal(rct_ri(ys, 1, N, z, &design, draws, seed, use_t, res),
	    0);
	rct_ri_permutation_free(perm);
}

static void
test_ri__complete_separation_gives_two_in_seventy(void **state)
{
	struct rct_ri_result r;
	double exact = 2.0 / 70;

	(void)state;
	run(20000, 7, 0, &r);
	assert_true(r.estimate == 9.0); /* 11.5 - 2.5 */
	assert_int_equal(r.n_treat, 4);
	assert_int_equal(r.n_control, 4);
	assert_int_equal(r.draws, 20000);
	assert_true(r.p_value == (1.0 + (double)r.extreme) / 20001.0);
	if (fabs(r.p_value - exact) > 5 * sqrt(exact * (1 - exact) / 20000))
		fail_msg("p = %.6f, exactly 2/70 = %.6f", r.p_value, exact);
	assert_true(fabs(r.mc_error -
			sqrt(r.p_value * (1 - r.p_value) / 20000)) < 1e-15);
	assert_true(isnan(r.p_westfall_young)); /* one outcome */
}

static void
test_ri__a_seed_gives_the_same_draws(void **state)
{
	struct rct_ri_result a, b, c;

	(void)state;
	run(2000, 3, 1, &a);
	run(2000, 3, 1, &b);
	run(2000, 4, 1, &c);
	assert_int_equal(a.extreme, b.extreme);
	assert_true(a.p_value == b.p_value && a.statistic == b.statistic);
	/* Another seed draws otherwise (the counts differ by chance only). */
	assert_true(c.p_value > 0);
}

static void
test_ri__no_effect_is_not_significant(void **state)
{
	static const double flat[N] = {1, 2, 3, 4, 4, 3, 2, 1};
	struct rct_ri_permutation *perm = NULL;
	struct rct_ri_design design;
	const double *ys[1] = {flat};
	struct rct_ri_result r;

	(void)state;
	assert_int_equal(rct_ri_permutation_new(&perm, z, NULL, NULL, N), 0);
	rct_ri_permutation_design(&design, perm);
	assert_int_equal(rct_ri(ys, 1, N, z, &design, 1000, 1, 0, &r), 0);
	rct_ri_permutation_free(perm);
	/* T_obs = 0: every draw is as extreme. */
	assert_true(r.estimate == 0);
	assert_int_equal(r.extreme, 1000);
	assert_true(r.p_value == 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ri__complete_separation_gives_two_in_seventy),
	    cmocka_unit_test(test_ri__a_seed_gives_the_same_draws),
	    cmocka_unit_test(test_ri__no_effect_is_not_significant),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
