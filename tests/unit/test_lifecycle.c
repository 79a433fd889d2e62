/*
 * Unit tests of the lifecycle names (STYLE.md, issue 15): every public
 * _free takes NULL as a no-op, and every _release of a caller-owned struct
 * takes a zeroed one, and the struct it leaves can be released again.
 * tests/t0300-names.sh checks that each _free a header declares is called
 * here.
 */
#include <stdlib.h>

#include "alloc.h"
#include "assign.h"
#include "balance.h"
#include "batch.h"
#include "buf.h"
#include "cmd_common.h"
#include "consort.h"
#include "cover.h"
#include "csvio.h"
#include "dataset.h"
#include "effects_plan.h"
#include "forest.h"
#include "intern.h"
#include "merkle.h"
#include "ols.h"
#include "outcome.h"
#include "pilot.h"
#include "predict.h"
#include "proofs.h"
#include "protocol.h"
#include "redraw.h"
#include "register.h"
#include "ri.h"
#include "ri_store.h"
#include "screening.h"
#include "suppress.h"
#include "table.h"
#include "table1.h"
#include "text.h"
#include "unit.h"
#include "user.h"
#include "user_internal.h"
#include "witness.h"

/* Every bit of *p zero. */
static int
all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

static void
test_lifecycle__free_null_is_a_no_op(void **state)
{
	(void)state;
	rct_alloc_free(NULL);
	rct_batch_free(NULL);
	rct_cover_free(NULL);
	rct_dataset_build_free(NULL);
	rct_dataset_free(NULL);
	rct_outcome_free(NULL);
	rct_predict_free(NULL);
	rct_proofs_free(NULL);
	rct_protocol_free(NULL);
	rct_redraw_free(NULL);
	rct_redraw_drawer_free(NULL);
	rct_register_free(NULL);
	rct_ri_permutation_free(NULL);
	rct_ri_store_free(NULL);
	rct_table_free(NULL);
	rct_text_list_free(NULL, 3);
	rct_user_cover_free(NULL);
	rct_user_sites_free(NULL, 3);
	rct_witness_free(NULL);
}

/* Release a zeroed T with fn twice; it stays zeroed. */
#define RELEASE_ZEROED(T, fn)                                                  \
	do {                                                                   \
		T x;                                                           \
		memset(&x, 0, sizeof(x));                                      \
		fn(&x);                                                        \
		assert_true(all_zero(&x, sizeof(x)));                          \
		fn(&x);                                                        \
		assert_true(all_zero(&x, sizeof(x)));                          \
	} while (0)

static void
test_lifecycle__release_zeroed_twice(void **state)
{
	(void)state;
	RELEASE_ZEROED(struct rct_assignment, rct_assign_release);
	RELEASE_ZEROED(struct rct_balance, rct_balance_release);
	RELEASE_ZEROED(struct rct_buf, rct_buf_release);
	RELEASE_ZEROED(struct rct_cells, rct_suppress_cells_release);
	RELEASE_ZEROED(struct rct_cmd_data, rct_cmd_data_release);
	RELEASE_ZEROED(struct rct_consort, rct_consort_release);
	RELEASE_ZEROED(struct rct_csv_header, rct_csv_header_release);
	RELEASE_ZEROED(struct rct_effects_plan, rct_effects_plan_release);
	RELEASE_ZEROED(struct rct_effects, rct_effects_plan_results_release);
	RELEASE_ZEROED(struct rct_left_out, rct_effects_plan_left_out_release);
	RELEASE_ZEROED(struct rct_fit, rct_ols_fit_release);
	RELEASE_ZEROED(struct rct_forest, rct_forest_release);
	RELEASE_ZEROED(struct rct_intern, rct_intern_release);
	RELEASE_ZEROED(struct rct_intern, rct_intern_release_all);
	RELEASE_ZEROED(struct rct_merkle_tree, rct_merkle_tree_release);
	RELEASE_ZEROED(struct rct_pilot, rct_pilot_release);
	RELEASE_ZEROED(struct rct_screening, rct_screening_release);
	RELEASE_ZEROED(struct rct_table1, rct_table1_release);
}

/* A struct with something in it is released to zero, and again. */
static void
test_lifecycle__release_filled_then_again(void **state)
{
	struct rct_assignment a = {0};
	struct rct_cmd_data o = {0};
	struct rct_intern in = {0};

	(void)state;
	a.rows = calloc(1, sizeof(*a.rows));
	assert_non_null(a.rows);
	a.n = a.cap = 1;
	a.rows[0].arm = strdup("control");
	rct_assign_release(&a);
	assert_true(all_zero(&a, sizeof(a)));
	rct_assign_release(&a);

	o.outcomes = calloc(1, sizeof(*o.outcomes));
	assert_non_null(o.outcomes);
	o.outcomes[0] = strdup("score");
	o.noutcomes = 1;
	rct_cmd_data_release(&o);
	assert_true(all_zero(&o, sizeof(o)));
	rct_cmd_data_release(&o);

	assert_int_equal(rct_intern(&in, "a"), 0);
	rct_intern_release_all(&in);
	assert_true(all_zero(&in, sizeof(in)));
	rct_intern_release_all(&in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lifecycle__free_null_is_a_no_op),
	    cmocka_unit_test(test_lifecycle__release_zeroed_twice),
	    cmocka_unit_test(test_lifecycle__release_filled_then_again),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
