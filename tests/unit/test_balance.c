/*
 * Unit tests of analysis/balance.c: the per-variable statistics and the
 * joint F test against R (tests/data/analysis/balance_reference.csv and
 * balance_joint_reference.csv, made by
 * tests/ref/analysis_tables_reference.R from basic.csv), and the
 * small-cell rule: a level count under min_cell never stands alone in an
 * arm, so that the arm's total less the shown levels cannot give it back.
 */
#include <math.h>
#include <stdlib.h>

#include "balance.h"
#include "csvio.h"
#include "text.h"
#include "unit.h"

#define MAX_REFERENCE_ROWS 8

struct reference_row {
	char variable[16], level[16];
	double value[5]; /* mean_t, mean_c, sd_t, sd_c, std_diff */
};

struct references {
	struct reference_row row[MAX_REFERENCE_ROWS];
	size_t n;
	double joint[4]; /* statistic, df1, df2, p_value */
	int has_joint;
};

static int
read_rows(void *arg, const struct rct_csv_row *row)
{
	struct references *r = arg;
	struct reference_row *b;
	size_t i;

	if (row->record == 0)
		return 0;
	assert_true(r->n < MAX_REFERENCE_ROWS && row->nfields == 7);
	b = &r->row[r->n++];
	snprintf(b->variable, sizeof(b->variable), "%s", row->fields[0]);
	snprintf(b->level, sizeof(b->level), "%s", row->fields[1]);
	for (i = 0; i < 5; i++)
		assert_int_equal(rct_text_parse_double(row->fields[2 + i],
				     &b->value[i]),
		    0);
	return 0;
}

static int
read_joint(void *arg, const struct rct_csv_row *row)
{
	struct references *r = arg;
	size_t i;

	if (row->record == 0)
		return 0;
	assert_true(!r->has_joint && row->nfields == 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(rct_text_parse_double(row->fields[i],
				     &r->joint[i]),
		    0);
	r->has_joint = 1;
	return 0;
}

static void
close_to(double got, double want, const char *what, const char *where)
{
	if (!(fabs(got - want) <= 1e-10 * fmax(fabs(want), 1)))
		fail_msg("%s of %s: %.17g, R gives %.17g", what, where, got,
		    want);
}

static const char *const names[] = {"arm", "x1", "x2", "f"};
static const unsigned char categorical[] = {1, 0, 0, 1};
static const char *const variables[] = {"x1", "x2", "f"};
static const unsigned char factor[] = {0, 0, 1};

static void
run_balance(struct rct_dataset **d, struct rct_balance *b, int min_cell)
{
	struct rct_balance_spec spec = {
	    .arm = "arm",
	    .treat = "treatment",
	    .control = "control",
	    .variables = variables,
	    .factor = factor,
	    .nvariables = 3,
	    .min_cell = min_cell,
	};

	assert_int_equal(rct_dataset_read_csv(d,
			     "tests/data/analysis/basic.csv", names,
			     categorical, 4),
	    0);
	memset(b, 0, sizeof(*b));
	assert_int_equal(rct_balance(*d, &spec, b), 0);
}

static void
test_balance__matches_r(void **state)
{
	struct references r;
	struct rct_dataset *d = NULL;
	struct rct_balance b;
	size_t i, j, matched = 0;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(
	    rct_csv_read("tests/data/analysis/balance_reference.csv", read_rows,
		&r),
	    0);
	assert_int_equal(
	    rct_csv_read("tests/data/analysis/balance_joint_reference.csv",
		read_joint, &r),
	    0);
	/* x1, x2 and the three levels of f. */
	assert_int_equal(r.n, 5);
	assert_true(r.has_joint);
	run_balance(&d, &b, 0);
	assert_int_equal(b.n_treat, 200);
	assert_int_equal(b.n_control, 200);
	assert_int_equal(b.nrows, r.n);
	for (i = 0; i < r.n; i++) {
		const struct reference_row *want = &r.row[i];

		for (j = 0; j < b.nrows; j++) {
			const struct rct_balance_row *got = &b.rows[j];
			char where[40];

			if (strcmp(got->variable, want->variable) != 0 ||
			    strcmp(got->level ? got->level : "", want->level) !=
				0)
				continue;
			snprintf(where, sizeof(where), "%s %s", want->variable,
			    want->level);
			close_to(got->mean_treat, want->value[0],
			    "treated mean", where);
			close_to(got->mean_control, want->value[1],
			    "control mean", where);
			close_to(got->sd_treat, want->value[2], "treated sd",
			    where);
			close_to(got->sd_control, want->value[3], "control sd",
			    where);
			close_to(got->std_diff, want->value[4],
			    "standardized difference", where);
			assert_false(got->suppressed);
			matched++;
		}
	}
	assert_int_equal(matched, r.n);
	close_to(b.f, r.joint[0], "F", "the joint test");
	close_to(b.df1, r.joint[1], "df1", "the joint test");
	close_to(b.df2, r.joint[2], "df2", "the joint test");
	close_to(b.p_value, r.joint[3], "p", "the joint test");
	assert_false(b.joint_hidden);
	assert_false(b.any_suppressed);
	rct_balance_release(&b);
	rct_dataset_free(d);
}

/*
 * basic.csv has 83 participants at level c of f (about 40 per arm): with
 * min_cell 60 that level is suppressed in both arms, and in each arm
 * another level must go with it, or 200 less the shown levels gives it.
 */
static void
test_balance__small_cells_never_stand_alone(void **state)
{
	struct rct_dataset *d = NULL;
	struct rct_balance b;
	size_t j;
	int hidden_treat = 0, hidden_control = 0, level_c = 0;

	(void)state;
	run_balance(&d, &b, 60);
	assert_true(b.any_suppressed);
	for (j = 0; j < b.nrows; j++) {
		const struct rct_balance_row *row = &b.rows[j];

		if (row->level == NULL || strcmp(row->variable, "f") != 0) {
			assert_false(row->suppressed_treat);
			assert_false(row->suppressed_control);
			continue;
		}
		if (strcmp(row->level, "c") == 0) {
			level_c = 1;
			assert_true(row->n_treat < 60 && row->n_control < 60);
			assert_true(row->suppressed_treat);
			assert_true(row->suppressed_control);
		}
		if (row->suppressed_treat) {
			hidden_treat++;
			assert_true(row->share_hidden_treat);
		}
		if (row->suppressed_control) {
			hidden_control++;
			assert_true(row->share_hidden_control);
		}
	}
	assert_true(level_c);
	assert_true(hidden_treat >= 2);
	assert_true(hidden_control >= 2);
	rct_balance_release(&b);
	rct_dataset_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_balance__matches_r),
	    cmocka_unit_test(test_balance__small_cells_never_stand_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
