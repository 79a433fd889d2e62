/*
 * Unit tests of analysis/effects_plan.c: the pre-specified analysis built
 * from the shipped protocols, the user's options over it, and the
 * effects table with its family's adjusted p-values.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "effects_plan.h"
#include "multiplicity.h"
#include "protocol.h"
#include "text.h"
#include "unit.h"

static struct rct_protocol *
load(const char *path)
{
	struct rct_protocol *p = NULL;

	assert_int_equal(rct_protocol_load(&p, path), 0);
	return p;
}

static void
test_effects_plan__the_protocol_fills_what_was_not_given(void **state)
{
	struct rct_protocol *p = load("protocols/supported-employment.ini");
	struct rct_effects_plan pl;

	(void)state;
	rct_effects_plan_init(&pl);
	assert_int_equal(rct_effects_plan_protocol(&pl, p), 0);
	assert_string_equal(pl.spec.arm, "arm");
	assert_string_equal(pl.spec.control, "control");
	assert_int_equal(pl.noutcomes, 2);
	assert_string_equal(pl.outcomes[0], "employed_or_education_12m");
	assert_string_equal(pl.outcomes[1], "earnings_12m");
	assert_int_equal(pl.spec.estimator, RCT_EST_LIN);
	assert_int_equal(pl.spec.se, RCT_SE_HC2);
	assert_true(pl.spec.se_given);
	assert_true(pl.spec.alpha == 0.05);
	assert_int_equal(pl.spec.missing_covariates, RCT_MISSING_INDICATOR);
	/* lin: the protocol's covariates, codes as factors. */
	assert_int_equal(pl.spec.ncovariates, 4);
	assert_string_equal(pl.spec.covariates[0], "gender");
	assert_int_equal(pl.spec.covariate_factor[0], 1);
	assert_string_equal(pl.spec.covariates[3], "years_in_norway");
	assert_int_equal(pl.spec.covariate_factor[3], 0);
	assert_null(pl.spec.takeup);
	assert_null(pl.spec.strata);
	assert_null(pl.spec.cluster);
	assert_int_equal(pl.prob_allocation, 0);
	rct_effects_plan_release(&pl);
	rct_protocol_free(p);
}

static void
test_effects_plan__the_users_options_win(void **state)
{
	struct rct_protocol *p = load("protocols/supported-employment.ini");
	struct rct_effects_plan pl;
	char *outcome[] = {"earnings_12m"};

	(void)state;
	rct_effects_plan_init(&pl);
	pl.spec.estimator = RCT_EST_OLS;
	pl.estimator_given = 1;
	pl.spec.alpha = 0.1;
	pl.alpha_given = 1;
	pl.spec.missing_covariates = RCT_MISSING_LISTWISE;
	pl.missing_given = 1;
	pl.spec.control = "treatment";
	assert_int_equal(rct_effects_plan_outcomes(&pl, outcome, 1), 0);
	assert_int_equal(rct_effects_plan_protocol(&pl, p), 0);
	assert_int_equal(pl.noutcomes, 1);
	assert_string_equal(pl.outcomes[0], "earnings_12m");
	assert_string_equal(pl.spec.control, "treatment");
	assert_int_equal(pl.spec.estimator, RCT_EST_OLS);
	/* The protocol's errors are those of lin, not of ols. */
	assert_false(pl.spec.se_given);
	assert_true(pl.spec.alpha == 0.1);
	assert_int_equal(pl.spec.missing_covariates, RCT_MISSING_LISTWISE);
	assert_int_equal(pl.spec.ncovariates, 0);
	rct_effects_plan_release(&pl);
	rct_protocol_free(p);
}

static void
test_effects_plan__iv_takes_the_protocols_takeup(void **state)
{
	struct rct_protocol *p = load("protocols/supported-employment.ini");
	struct rct_effects_plan pl;
	char *cov[] = {"birth_year"};

	(void)state;
	rct_effects_plan_init(&pl);
	pl.spec.estimator = RCT_EST_IV;
	pl.estimator_given = 1;
	assert_int_equal(rct_effects_plan_covariates(&pl, cov, NULL, 1), 0);
	assert_int_equal(rct_effects_plan_protocol(&pl, p), 0);
	assert_string_equal(pl.spec.takeup, "took_up");
	/* Covariates given: not the protocol's. */
	assert_int_equal(pl.spec.ncovariates, 1);
	assert_string_equal(pl.spec.covariates[0], "birth_year");
	assert_int_equal(pl.spec.covariate_factor[0], 0);
	rct_effects_plan_release(&pl);
	rct_protocol_free(p);
}

static void
test_effects_plan__blocked_and_clusters_as_randomized(void **state)
{
	struct rct_protocol *lottery =
	    load("protocols/vocational-fourth-year.ini");
	struct rct_protocol *cluster =
	    load("protocols/mother-tongue-support.ini");
	struct rct_effects_plan pl;

	(void)state;
	rct_effects_plan_init(&pl);
	assert_int_equal(rct_effects_plan_protocol(&pl, lottery), 0);
	assert_int_equal(pl.spec.estimator, RCT_EST_BLOCKED);
	assert_string_equal(pl.spec.strata, "stratum");
	assert_false(pl.spec.se_given);
	/* A lottery compares with the arm not offered. */
	assert_string_equal(pl.spec.control, "ordinary");
	assert_null(pl.spec.cluster);
	rct_effects_plan_release(&pl);
	rct_effects_plan_init(&pl);
	assert_int_equal(rct_effects_plan_protocol(&pl, cluster), 0);
	assert_int_equal(pl.spec.se, RCT_SE_CR2);
	assert_string_equal(pl.spec.cluster, "cluster");
	assert_string_equal(pl.spec.control, "ordinary");
	/* dim takes no covariates, whatever the protocol lists. */
	assert_int_equal(pl.spec.ncovariates, 0);
	rct_effects_plan_release(&pl);
	rct_protocol_free(lottery);
	rct_protocol_free(cluster);
}

static void
test_effects_plan__minimization_has_no_allocation_probabilities(void **state)
{
	struct rct_protocol *p = load("tests/data/minimization.ini");
	struct rct_effects_plan pl;
	char *outcome[] = {"y"};

	(void)state;
	rct_effects_plan_init(&pl);
	pl.spec.estimator = RCT_EST_HT;
	pl.estimator_given = 1;
	assert_int_equal(rct_effects_plan_outcomes(&pl, outcome, 1), 0);
	assert_int_equal(rct_effects_plan_protocol(&pl, p), RCT_EINVAL);
	assert_in_messages("analysis ri STORE");
	rct_error_clear();
	rct_effects_plan_release(&pl);
	rct_protocol_free(p);
}

static void
test_effects_plan__the_table_has_the_familys_adjusted_p(void **state)
{
	static const char *const names[] = {"arm", "y", "yb"};
	static const unsigned char cat[] = {1, 0, 0};
	struct rct_effects_plan pl;
	struct rct_effects r;
	struct rct_dataset *d = NULL;
	struct rct_estimate e[2];
	char *outcomes[] = {"y", "yb"}, want[32];
	double p[2], holm[2];
	const char *const *row;
	size_t i;

	(void)state;
	assert_int_equal(rct_dataset_read_csv(&d,
			     "tests/data/analysis/basic.csv", names, cat, 3),
	    0);
	rct_effects_plan_init(&pl);
	pl.spec.arm = "arm";
	pl.spec.treat = "treatment";
	pl.spec.control = "control";
	assert_int_equal(rct_effects_plan_outcomes(&pl, outcomes, 2), 0);
	assert_int_equal(rct_effects_plan_table(&r, d, &pl, NULL), 0);
	assert_int_equal(r.nestimates, 2);
	assert_int_equal(rct_table_rows(r.table), 2);
	assert_string_equal(rct_table_names(r.table)[0], "outcome");
	for (i = 0; i < 2; i++) {
		struct rct_effect_spec sp = pl.spec;

		sp.outcome = outcomes[i];
		assert_int_equal(rct_effects_estimate(d, &sp, &e[i]), 0);
		p[i] = e[i].p_value;
		assert_true(r.estimates[i].estimate == e[i].estimate);
	}
	rct_multiplicity_holm(p, 2, holm);
	for (i = 0; i < rct_table_columns(r.table); i++)
		if (strcmp(rct_table_names(r.table)[i], "p_holm") == 0)
			break;
	assert_true(i < rct_table_columns(r.table));
	row = rct_table_row(r.table, 1);
	rct_text_format_cell(want, holm[1]);
	assert_string_equal(row[i], want);
	assert_string_equal(row[0], "yb");
	rct_effects_plan_results_release(&r);
	/* One outcome: no family, no adjusted columns. */
	assert_int_equal(rct_effects_plan_outcomes(&pl, outcomes, 1), 0);
	assert_int_equal(rct_effects_plan_table(&r, d, &pl, NULL), 0);
	for (i = 0; i < rct_table_columns(r.table); i++)
		assert_string_not_equal(rct_table_names(r.table)[i], "p_holm");
	rct_effects_plan_results_release(&r);
	rct_effects_plan_results_release(NULL);
	rct_effects_plan_release(&pl);
	rct_dataset_free(d);
}

/*
 * The lottery export of t3230: vestland offered everyone a place.  Its
 * rows are left out, by the one arm of the site or by the probability 1,
 * and the effect on the rows left is the effect on a file without them.
 */
static void
test_effects_plan__a_site_with_one_arm_is_left_out(void **state)
{
	static const char *const names[] = {"arm", "site", "p", "work_48m"};
	static const unsigned char cat[] = {1, 1, 0, 0};
	struct rct_dataset *d = NULL;
	struct rct_left_out lo, by_p;
	struct rct_effect_spec sp;
	struct rct_estimate e;
	struct rct_column *site;
	long n_v = 0;
	size_t i;

	(void)state;
	assert_int_equal(rct_dataset_read_csv(&d,
			     "tests/data/analysis/lottery_left_out.csv", names,
			     cat, 4),
	    0);
	site = rct_dataset_column(d, "site");
	assert_non_null(site);
	assert_int_equal(rct_effects_plan_left_out(&lo, d, "arm", "course",
			     "ordinary", "site", 1, NULL, NULL),
	    0);
	assert_int_equal(rct_effects_plan_left_out(&by_p, d, "arm", "course",
			     "ordinary", "site", 0, "p", NULL),
	    0);
	for (i = 0; i < d->n; i++) {
		int v = strcmp(site->levels[site->code[i]], "vestland") == 0;

		n_v += v;
		assert_int_equal(lo.row[i], v);
		assert_int_equal(by_p.row[i], v);
	}
	assert_true(n_v > 0);
	assert_int_equal(lo.n, n_v);
	assert_int_equal(lo.nstrata, 1);
	assert_non_null(strstr(lo.note, "stratum 'vestland'"));
	assert_string_equal(lo.note, by_p.note);
	/* Without blocks nor probabilities nothing is left out. */
	rct_effects_plan_left_out_release(&by_p);
	assert_int_equal(rct_effects_plan_left_out(&by_p, d, "arm", "course",
			     "ordinary", "site", 0, NULL, NULL),
	    0);
	assert_int_equal(by_p.n, 0);
	assert_string_equal(by_p.note, "");
	memset(&sp, 0, sizeof(sp));
	sp.arm = "arm";
	sp.treat = "course";
	sp.control = "ordinary";
	sp.outcome = "work_48m";
	sp.strata = "site";
	sp.alpha = 0.05;
	sp.estimator = RCT_EST_BLOCKED;
	assert_int_equal(rct_effects_estimate(d, &sp, &e), RCT_EINVAL);
	sp.left_out = lo.row;
	assert_int_equal(rct_effects_estimate(d, &sp, &e), 0);
	assert_int_equal(e.n_left_out, n_v);
	assert_int_equal(e.n + e.n_missing + e.n_left_out, (long)d->n);
	/* tests/data/analysis/lottery_left_out_reference.csv, blocked_work */
	assert_true(fabs(e.estimate - 0.0059523809523809729) < 1e-12);
	assert_true(fabs(e.std_error - 0.11486773794450288) < 1e-12);
	rct_effects_plan_left_out_release(&lo);
	rct_effects_plan_left_out_release(&by_p);
	rct_effects_plan_left_out_release(NULL);
	rct_dataset_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		test_effects_plan__the_protocol_fills_what_was_not_given),
	    cmocka_unit_test(test_effects_plan__the_users_options_win),
	    cmocka_unit_test(test_effects_plan__iv_takes_the_protocols_takeup),
	    cmocka_unit_test(
		test_effects_plan__blocked_and_clusters_as_randomized),
	    cmocka_unit_test(
		test_effects_plan__minimization_has_no_allocation_probabilities),
	    cmocka_unit_test(
		test_effects_plan__the_table_has_the_familys_adjusted_p),
	    cmocka_unit_test(
		test_effects_plan__a_site_with_one_arm_is_left_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
