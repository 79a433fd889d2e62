/*
 * Unit tests of the commands' tables built in the library
 * (balance_table.c, table1_table.c, consort_table.c, attrition_table.c,
 * ri_table.c, pilot_tables.c): their shape, their suppressed cells, and
 * against R (tests/ref/analysis_tables_reference.R, values in
 * tests/data/analysis/, the files named ..._reference.csv) the figures
 * they carry.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrition.h"
#include "balance.h"
#include "consort.h"
#include "dataset.h"
#include "pilot_tables.h"
#include "ri_table.h"
#include "table1.h"
#include "text.h"
#include "unit.h"

#define DIR "tests/data/analysis/"

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

static struct rct_dataset *
basic(void)
{
	static const char *const names[] = {"arm", "x1", "f"};
	static const unsigned char cat[] = {1, 0, 1};
	struct rct_dataset *d = NULL;

	assert_int_equal(rct_dataset_read_csv(&d, DIR "basic.csv", names, cat,
			     3),
	    0);
	return d;
}

static void
test_tables__balance_matches_r(void **state)
{
	static const char *const vars[] = {"x1", "f"};
	static const unsigned char factor[] = {0, 1};
	struct rct_dataset *d = basic();
	struct rct_balance_spec sp;
	struct rct_table *t = NULL;
	const char *const *row;

	(void)state;
	memset(&sp, 0, sizeof(sp));
	sp.arm = "arm";
	sp.treat = "treatment";
	sp.control = "control";
	sp.variables = vars;
	sp.factor = factor;
	sp.nvariables = 2;
	assert_int_equal(rct_balance_table(&t, d, &sp, NULL), 0);
	/* x1, the three levels of f, the joint test. */
	assert_int_equal(rct_table_rows(t), 5);
	row = rct_table_row(t, 0);
	assert_string_equal(row[0], "x1");
	assert_string_equal(row[2], "treatment");
	close_to(number(row[5]), 0.048101964402351836, 1e-10, "mean_treat");
	close_to(number(row[8]), -0.12916950802600616, 1e-10, "mean_ctrl");
	close_to(number(row[10]), 0.17159791211057102, 1e-10, "std_diff");
	assert_string_equal(row[17], "");
	assert_string_equal(rct_table_row(t, 4)[0], "joint F test");
	rct_table_free(t);
	/* Every cell of f below 1000: left empty with the note. */
	sp.min_cell = 1000;
	assert_int_equal(rct_balance_table(&t, d, &sp, NULL), 0);
	row = rct_table_row(t, 1);
	assert_string_equal(row[0], "f");
	assert_string_equal(row[4], "");
	assert_string_equal(row[17],
	    "fewer than 1000, or would reveal one: suppressed");
	rct_table_free(t);
	rct_dataset_free(d);
}

static void
test_tables__table1_has_a_column_per_arm(void **state)
{
	static const char *const vars[] = {"x1", "f"};
	static const unsigned char factor[] = {0, 1};
	struct rct_dataset *d = basic();
	struct rct_table1_layout l;
	struct rct_table *t = NULL;
	const char *const *names;
	int any = -1;

	(void)state;
	memset(&l, 0, sizeof(l));
	l.arm = "arm";
	l.variables = vars;
	l.factor = factor;
	l.nvariables = 2;
	l.total = 1;
	l.digits = 1;
	l.indent = "  ";
	assert_int_equal(rct_table1_table(&t, &any, d, NULL, &l), 0);
	assert_int_equal(any, 0);
	names = rct_table_names(t);
	assert_int_equal(rct_table_columns(t), 4);
	assert_string_equal(names[0], "Characteristic");
	assert_string_equal(names[1], "control (n = 200)");
	assert_string_equal(names[2], "treatment (n = 200)");
	assert_string_equal(names[3], "Total (n = 400)");
	/* x1, then f's header and its three levels (nobody missing). */
	assert_int_equal(rct_table_rows(t), 5);
	assert_string_equal(rct_table_row(t, 0)[0], "x1, mean (SD)");
	assert_string_equal(rct_table_row(t, 1)[0], "f, n (%)");
	assert_string_equal(rct_table_row(t, 1)[1], "");
	assert_string_equal(rct_table_row(t, 2)[0], "  a");
	assert_non_null(strstr(rct_table_row(t, 2)[3], "193 ("));
	rct_table_free(t);
	l.min_cell = 1000;
	assert_int_equal(rct_table1_table(&t, &any, d, NULL, &l), 0);
	assert_int_equal(any, 1);
	assert_string_equal(rct_table_row(t, 2)[1], "suppressed");
	rct_table_free(t);
	rct_dataset_free(d);
}

static void
test_tables__consort_rows_and_hidden_counts(void **state)
{
	struct rct_consort c;
	struct rct_table *t = NULL;
	const char *const *row;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.outcome = "y";
	c.assessed.n = 130;
	c.excluded_count.n = 30;
	c.enrolled.n = 100;
	c.not_randomized.n = 3;
	c.not_randomized.hidden = 1;
	c.randomized.n = 97;
	c.narms = 2;
	c.arms[0].name = "control";
	c.arms[0].allocated.n = 48;
	c.arms[0].analysed.n = 45;
	c.arms[0].lost.n = 3;
	c.arms[1].name = "treatment";
	c.arms[1].label = "Treated";
	c.arms[1].allocated.n = 49;
	c.arms[1].analysed.n = 49;
	assert_int_equal(rct_consort_table(&t, &c), 0);
	/* assessed, excluded, enrolled, not randomized, randomized, and six
	 * stages of each arm. */
	assert_int_equal(rct_table_rows(t), 5 + 2 * 6);
	row = rct_table_row(t, 0);
	assert_string_equal(row[0], "assessed for eligibility");
	assert_string_equal(row[2], "130");
	assert_string_equal(row[3], "");
	row = rct_table_row(t, 3);
	assert_string_equal(row[0], "not randomized");
	assert_string_equal(row[2], "");
	assert_string_equal(row[3], "suppressed");
	row = rct_table_row(t, 5);
	assert_string_equal(row[0], "allocated");
	assert_string_equal(row[1], "control");
	assert_string_equal(row[2], "48");
	row = rct_table_row(t, 11);
	assert_string_equal(row[1], "treatment");
	assert_string_equal(row[3], "Treated");
	rct_table_free(t);
	/* Screening that does not add up is said so. */
	c.partial = 1;
	assert_int_equal(rct_consort_table(&t, &c), 0);
	assert_non_null(strstr(rct_table_row(t, 0)[3], "do not add up"));
	rct_table_free(t);
}

static void
test_tables__attrition_lee_bounds_match_r(void **state)
{
	static const char *const names[] = {"arm", "y"};
	static const unsigned char cat[] = {1, 0};
	char *outcome[] = {"y"};
	struct rct_attrition_spec s;
	struct rct_dataset *d = NULL;
	struct rct_table *t = NULL;
	const char *const *row;

	(void)state;
	assert_int_equal(rct_dataset_read_csv(&d, DIR "lee.csv", names, cat, 2),
	    0);
	memset(&s, 0, sizeof(s));
	s.arm = "arm";
	s.treat = "treatment";
	s.control = "control";
	s.outcomes = outcome;
	s.noutcomes = 1;
	assert_int_equal(rct_attrition_table(&t, d, NULL, &s), 0);
	assert_int_equal(rct_table_rows(t), 1);
	row = rct_table_row(t, 0);
	assert_string_equal(row[13], "treatment");
	assert_string_equal(row[14], "22");
	close_to(number(row[15]), 0.22134074336283183, 1e-8, "lee_lower");
	close_to(number(row[16]), 0.77560163716814157, 1e-8, "lee_upper");
	assert_string_equal(row[17], "");
	rct_table_free(t);
	rct_dataset_free(d);
}

static void
test_tables__ri_p_value_near_the_exact_one(void **state)
{
	static const char *const names[] = {"arm", "y"};
	static const unsigned char cat[] = {1, 0};
	char *outcome[] = {"y"};
	struct rct_ri_table_spec x;
	struct rct_dataset *d = NULL;
	struct rct_table *t = NULL;
	const char *const *row;
	double p, se;

	(void)state;
	assert_int_equal(rct_dataset_read_csv(&d, DIR "ri_complete.csv", names,
			     cat, 2),
	    0);
	memset(&x, 0, sizeof(x));
	x.arm = "arm";
	x.treat = "treatment";
	x.control = "control";
	x.outcomes = outcome;
	x.noutcomes = 1;
	x.draws = 20000;
	x.seed = 1;
	assert_int_equal(rct_ri_table(&t, d, NULL, NULL, &x), 0);
	assert_int_equal(rct_table_rows(t), 1);
	row = rct_table_row(t, 0);
	assert_string_equal(row[3], "difference_in_means");
	assert_string_equal(row[8], "20000");
	close_to(number(row[4]), 1.6925999999999997, 1e-10, "estimate");
	/* R's exact p over the 252 assignments, within 4 Monte Carlo SEs. */
	p = number(row[10]);
	se = number(row[11]);
	assert_true(fabs(p - 0.055555555555555552) <= 4 * se + 1.0 / 20001);
	rct_table_free(t);
	rct_dataset_free(d);
}

static void
test_tables__pilot_tables_by_name(void **state)
{
	struct rct_pilot p;
	struct rct_table *t = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.corrections = 2;
	p.amendments = 1;
	p.withdrawals = 4;
	assert_int_equal(rct_pilot_tables_find("recruitment"), 0);
	assert_int_equal(rct_pilot_tables_find("deviations"), 3);
	assert_int_equal(rct_pilot_tables_find("other"), -1);
	assert_int_equal(rct_pilot_tables_build(&t, &p, 3, RCT_FORMAT_CSV), 0);
	assert_int_equal(rct_table_rows(t), 4);
	assert_string_equal(rct_table_row(t, 0)[0], "corrections");
	assert_string_equal(rct_table_row(t, 0)[1], "2");
	assert_string_equal(rct_table_row(t, 3)[1], "0");
	rct_table_free(t);
	/* All four under their titles, the rates' note under the first. */
	assert_non_null(fp = open_memstream(&text, &len));
	assert_int_equal(rct_pilot_tables_write(fp, &p, -1, RCT_FORMAT_MD), 0);
	fclose(fp);
	assert_non_null(strstr(text, "### Recruitment against target\n"));
	assert_non_null(strstr(text, "### Deviations recorded\n"));
	assert_non_null(strstr(text, "Rates are per month over each site's"));
	free(text);
	text = NULL;
	/* One table in csv: no title, no note. */
	assert_non_null(fp = open_memstream(&text, &len));
	assert_int_equal(rct_pilot_tables_write(fp, &p, 3, RCT_FORMAT_CSV), 0);
	fclose(fp);
	assert_int_equal(strncmp(text, "recorded,n,meaning\n", 19), 0);
	assert_null(strstr(text, "Deviations recorded"));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tables__balance_matches_r),
	    cmocka_unit_test(test_tables__table1_has_a_column_per_arm),
	    cmocka_unit_test(test_tables__consort_rows_and_hidden_counts),
	    cmocka_unit_test(test_tables__attrition_lee_bounds_match_r),
	    cmocka_unit_test(test_tables__ri_p_value_near_the_exact_one),
	    cmocka_unit_test(test_tables__pilot_tables_by_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
