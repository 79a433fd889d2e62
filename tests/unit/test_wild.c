/*
 * Unit tests of analysis/wild.c: what follows from the definition of the
 * wild restricted cluster bootstrap without any reference program (the
 * comparison with R's computation by definition is t3070).
 */
#include <math.h>
#include <stdlib.h>

#include "unit.h"
#include "wild.h"

/* 8 clusters of 3, clusters 0-3 treated: y = 1 + 2 z + noise. */
#define N 24
#define G 8

static void
data(double *X, double *y, int32_t *cl, size_t g_count)
{
	static const double noise[N] = {0.3, -1.2, 0.8, 0.1, -0.4, 1.5, -0.9,
	    0.2, 0.6, -0.7, 1.1, -0.3, 0.5, -1.4, 0.9, 0.0, -0.2, 1.3, -0.6,
	    0.4, -1.0, 0.7, 0.2, -0.5};
	size_t i;

	for (i = 0; i < N; i++) {
		size_t g = i / 3 % g_count;
		double z = g < g_count / 2;

		X[2 * i] = 1;
		X[2 * i + 1] = z;
		y[i] = 1 + 2 * z + noise[i] + 0.5 * (double)(g % 3);
		cl[i] = (int32_t)g;
	}
}

static void
test_wild__enumeration_is_exact_and_needs_no_seed(void **state)
{
	double X[2 * N], y[N];
	int32_t cl[N];
	struct rct_design D;
	struct rct_wild_spec spec = {RCT_WILD_RADEMACHER, 999, 1, 0.05};
	struct rct_wild_result a, b;

	(void)state;
	data(X, y, cl, G);
	rct_ols_design_matrix(&D, X, N, 2);
	assert_int_equal(rct_wild(&a, &D, NULL, y, cl, G, 1, &spec), 0);
	spec.seed = 99;
	spec.draws = 5000;
	assert_int_equal(rct_wild(&b, &D, NULL, y, cl, G, 1, &spec), 0);
	assert_int_equal(a.draws, 256);
	assert_int_equal(a.enumerated, 1);
	/* The seed and B do not enter; p is a count of 256. */
	assert_true(a.p_value == b.p_value);
	assert_true(a.conf_low == b.conf_low && a.conf_high == b.conf_high);
	assert_true(a.p_value * 256 == floor(a.p_value * 256));
	/* v and -v give the same |t*|, and v = 1 gives t: p >= 2/256. */
	assert_true(a.p_value >= 2.0 / 256);
	assert_true(a.conf_low < a.estimate && a.estimate < a.conf_high);
	assert_true(a.std_error > 0);
}

static void
test_wild__few_clusters_never_reject(void **state)
{
	double X[2 * N], y[N];
	int32_t cl[N];
	struct rct_design D;
	struct rct_wild_spec spec = {RCT_WILD_RADEMACHER, 999, 1, 0.05};
	struct rct_wild_result r;

	(void)state;
	/* 4 clusters: the smallest p is 2/16 > 0.05, the interval infinite. */
	data(X, y, cl, 4);
	rct_ols_design_matrix(&D, X, N, 2);
	assert_int_equal(rct_wild(&r, &D, NULL, y, cl, 4, 1, &spec), 0);
	assert_int_equal(r.draws, 16);
	assert_true(r.p_value >= 2.0 / 16);
	assert_true(isinf(r.conf_low) && r.conf_low < 0);
	assert_true(isinf(r.conf_high) && r.conf_high > 0);
}

static void
test_wild__drawn_weights_repeat_with_the_seed(void **state)
{
	double X[2 * N], y[N];
	int32_t cl[N];
	struct rct_design D;
	struct rct_wild_spec spec = {RCT_WILD_WEBB, 999, 7, 0.05};
	struct rct_wild_result a, b, c;

	(void)state;
	data(X, y, cl, G);
	rct_ols_design_matrix(&D, X, N, 2);
	assert_int_equal(rct_wild(&a, &D, NULL, y, cl, G, 1, &spec), 0);
	assert_int_equal(rct_wild(&b, &D, NULL, y, cl, G, 1, &spec), 0);
	spec.seed = 8;
	assert_int_equal(rct_wild(&c, &D, NULL, y, cl, G, 1, &spec), 0);
	assert_int_equal(a.draws, 999);
	assert_int_equal(a.enumerated, 0);
	assert_memory_equal(&a, &b, sizeof(a));
	assert_true(a.p_value != c.p_value || a.conf_low != c.conf_low);
}

static void
test_wild__weights_parse(void **state)
{
	enum rct_wild_weights w;

	(void)state;
	assert_int_equal(rct_wild_weights_parse("webb", &w), 0);
	assert_int_equal(w, RCT_WILD_WEBB);
	assert_string_equal(rct_wild_weights_name(w), "webb");
	assert_int_equal(rct_wild_weights_parse("mammen", &w), -1);
}

static void
test_wild__one_cluster_is_refused(void **state)
{
	double X[2 * N], y[N];
	int32_t cl[N];
	struct rct_design D;
	struct rct_wild_spec spec = {RCT_WILD_RADEMACHER, 999, 1, 0.05};
	struct rct_wild_result r;

	(void)state;
	data(X, y, cl, G);
	memset(cl, 0, sizeof(cl));
	rct_ols_design_matrix(&D, X, N, 2);
	assert_int_equal(rct_wild(&r, &D, NULL, y, cl, 1, 1, &spec),
	    RCT_EINVAL);
	assert_in_messages("needs two clusters or more");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wild__enumeration_is_exact_and_needs_no_seed),
	    cmocka_unit_test(test_wild__few_clusters_never_reject),
	    cmocka_unit_test(test_wild__drawn_weights_repeat_with_the_seed),
	    cmocka_unit_test(test_wild__weights_parse),
	    cmocka_unit_test(test_wild__one_cluster_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
