/*
 * Unit tests of analysis/attrition.c against R (tests/data/analysis/,
 * made by tests/ref/analysis_tables_reference.R): response rates by arm
 * and Lee's trimming bounds, with the treated arm trimmed (lee.csv) and
 * the control arm (lee_reverse.csv).
 */
#include <math.h>
#include <stdlib.h>

#include "attrition.h"
#include "csvio.h"
#include "text.h"
#include "unit.h"

struct lee {
	char data[32], trimmed[16];
	double q_treat, q_control, trim_share, lower, upper;
	long k;
};

struct references {
	struct lee row[4];
	size_t n;
};

static int
read_reference(void *arg, const struct rct_csv_row *row)
{
	struct references *r = arg;
	struct lee *l;
	double k;

	if (row->record == 0)
		return 0;
	assert_true(r->n < 4 && row->nfields == 8);
	l = &r->row[r->n++];
	snprintf(l->data, sizeof(l->data), "%s", row->fields[0]);
	snprintf(l->trimmed, sizeof(l->trimmed), "%s", row->fields[4]);
	assert_int_equal(rct_text_parse_double(row->fields[1], &l->q_treat), 0);
	assert_int_equal(rct_text_parse_double(row->fields[2], &l->q_control),
	    0);
	assert_int_equal(rct_text_parse_double(row->fields[3], &l->trim_share),
	    0);
	assert_int_equal(rct_text_parse_double(row->fields[5], &k), 0);
	assert_int_equal(rct_text_parse_double(row->fields[6], &l->lower), 0);
	assert_int_equal(rct_text_parse_double(row->fields[7], &l->upper), 0);
	l->k = (long)k;
	return 0;
}

static void
close_to(double got, double want, const char *what)
{
	if (!(fabs(got - want) <= 1e-12 * fmax(fabs(want), 1)))
		fail_msg("%s: %.17g, R gives %.17g", what, got, want);
}

static void
test_attrition__lee_bounds_match_r(void **state)
{
	static const char *const names[] = {"arm", "y"};
	static const unsigned char cat[] = {1, 0};
	struct references r;
	size_t i;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(rct_csv_read("tests/data/analysis/lee_reference.csv",
			     read_reference, &r),
	    0);
	assert_int_equal(r.n, 2);
	for (i = 0; i < r.n; i++) {
		char path[128];
		struct rct_dataset *d = NULL;
		struct rct_attrition a;

		snprintf(path, sizeof(path), "tests/data/analysis/%s",
		    r.row[i].data);
		assert_int_equal(rct_dataset_read_csv(&d, path, names, cat, 2),
		    0);
		memset(&a, 0, sizeof(a));
		assert_int_equal(rct_attrition(d, "arm", "treatment", "control",
				     "y", &a),
		    0);
		close_to(a.rate_treat, r.row[i].q_treat, "treated response");
		close_to(a.rate_control, r.row[i].q_control,
		    "control response");
		assert_non_null(a.trimmed);
		assert_string_equal(a.trimmed, r.row[i].trimmed);
		close_to(a.trim_share, r.row[i].trim_share, "trimmed share");
		assert_int_equal(a.k, r.row[i].k);
		close_to(a.lower, r.row[i].lower, "lower bound");
		close_to(a.upper, r.row[i].upper, "upper bound");
		rct_dataset_free(d);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_attrition__lee_bounds_match_r),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
