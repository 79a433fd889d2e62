/*
 * Unit tests of analysis/suppress.c: a small cell alone on its lines gets
 * complements on its row and column (a 2 x 2 cycle), none of whose values
 * the sums then determine; zeros are shown; fixed cells never hide; a
 * count nobody sees (value < 0) counts as suppressed; min_cell 0 hides
 * nothing; a cell not hidden for its size is still a complement; the
 * effects table's analysed counts (rct_effects_suppress).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "effects.h"
#include "suppress.h"
#include "unit.h"

static void
test_suppress__a_small_cell_gets_a_cycle_of_complements(void **state)
{
	/* 3 levels x 2 arms; the arms' n fixed, totals across arms not. */
	const long counts[] = {30, 28, 2, 9, 18, 20};
	unsigned char out[6], row[3], col[2];

	(void)state;
	assert_int_equal(rct_suppress_grid(counts, 3, 2, 0, 1, 5, out, row,
			     col),
	    0);
	assert_int_equal(out[2], 1); /* the 2: primary */
	assert_int_equal(out[3], 2); /* its row's other cell */
	/* Its column's smallest other cell, and the fourth corner. */
	assert_int_equal(out[0] + out[1] + out[4] + out[5] > 0, 1);
	assert_int_equal(col[0], 0);
	assert_int_equal(col[1], 0); /* fixed: never hidden */
	/* Each row and column holds 0 or at least 2 hidden cells. */
	assert_true((out[0] != 0) + (out[1] != 0) + (row[0] != 0) != 1);
	assert_true((out[2] != 0) + (out[3] != 0) + (row[1] != 0) != 1);
	assert_true((out[4] != 0) + (out[5] != 0) + (row[2] != 0) != 1);
	assert_true((out[0] != 0) + (out[2] != 0) + (out[4] != 0) != 1);
	assert_true((out[1] != 0) + (out[3] != 0) + (out[5] != 0) != 1);
}

static void
test_suppress__zeros_shown_and_min_cell_zero_hides_nothing(void **state)
{
	const long counts[] = {0, 40, 30, 12};
	unsigned char out[4];

	(void)state;
	assert_int_equal(rct_suppress_grid(counts, 2, 2, 0, 1, 5, out, NULL,
			     NULL),
	    0);
	assert_memory_equal(out, ((unsigned char[]){0, 0, 0, 0}), 4);
	assert_int_equal(rct_suppress_grid((const long[]){1, 2, 3, 4}, 2, 2, 0,
			     1, 0, out, NULL, NULL),
	    0);
	assert_memory_equal(out, ((unsigned char[]){0, 0, 0, 0}), 4);
}

static void
test_suppress__an_unseen_count_needs_a_complement(void **state)
{
	struct rct_cells c;
	size_t a, b, d, t;

	(void)state;
	/* a + b + d = t (fixed); a is unseen, b and d large: one must go. */
	rct_suppress_cells_init(&c);
	assert_int_equal(rct_suppress_cells_add(&c, -1, 0, &a), 0);
	assert_int_equal(rct_suppress_cells_add(&c, 40, 0, &b), 0);
	assert_int_equal(rct_suppress_cells_add(&c, 30, 0, &d), 0);
	assert_int_equal(rct_suppress_cells_add(&c, 80, 1, &t), 0);
	assert_int_equal(rct_suppress_cells_sum(&c, t, (size_t[]){a, b, d}, 3),
	    0);
	assert_int_equal(rct_suppress_cells(&c, 5), 0);
	assert_int_equal(c.suppressed[a], 1);
	assert_int_equal(c.suppressed[b], 0);
	assert_int_equal(c.suppressed[d], 2); /* the smaller */
	assert_int_equal(c.suppressed[t], 0);
	rct_suppress_cells_release(&c);
}

static void
test_suppress__not_primary_is_only_a_complement(void **state)
{
	struct rct_cells c;
	size_t w, m, a;

	(void)state;
	/* with a value + without (lost, not hidden for its size) = n. */
	rct_suppress_cells_init(&c);
	assert_int_equal(rct_suppress_cells_add(&c, 20, 0, &w), 0);
	assert_int_equal(rct_suppress_cells_add(&c, 3, RCT_CELL_NOT_PRIMARY,
			     &m),
	    0);
	assert_int_equal(rct_suppress_cells_add(&c, 23, 1, &a), 0);
	assert_int_equal(rct_suppress_cells_sum(&c, a, (size_t[]){w, m}, 2), 0);
	assert_int_equal(rct_suppress_cells(&c, 5), 0);
	assert_int_equal(c.suppressed[w] + c.suppressed[m], 0);
	/* A small count beside it: it goes as the complement. */
	c.value[w] = 3;
	c.value[m] = 20;
	assert_int_equal(rct_suppress_cells(&c, 5), 0);
	assert_int_equal(c.suppressed[w], 1);
	assert_int_equal(c.suppressed[m], 2);
	assert_int_equal(c.suppressed[a], 0);
	rct_suppress_cells_release(&c);
}

static void
test_suppress__effects_small_arm_and_its_complement(void **state)
{
	struct rct_estimate e[2];
	unsigned char hidden[2], published[2] = {1, 0};

	(void)state;
	memset(e, 0, sizeof(e));
	snprintf(e[0].outcome, sizeof(e[0].outcome), "y");
	e[0].treat = "b";
	e[0].control = "a";
	e[0].n = 13;
	e[0].n_treat = 3;
	e[0].n_control = 10;
	e[0].n_missing = 1;
	assert_int_equal(rct_effects_suppress(e, 1, NULL, 5, hidden), 0);
	assert_int_equal(hidden[0], 3); /* n = 13 gives one from the other */
	assert_int_equal(rct_effects_suppress(e, 1, published, 5, hidden), 0);
	assert_int_equal(hidden[0], 0); /* the flow's analysed */
	e[0].n_missing = 0;
	assert_int_equal(rct_effects_suppress(e, 1, NULL, 5, hidden), 0);
	assert_int_equal(hidden[0], 0); /* nobody missing: the arms' n */
	/* A second arm against the same comparison arm shares its count. */
	e[0].n_missing = 1;
	e[1] = e[0];
	e[1].treat = "c";
	e[1].n_treat = 20;
	e[1].n = 30;
	assert_int_equal(rct_effects_suppress(e, 2, NULL, 5, hidden), 0);
	assert_int_equal(hidden[0], 3);
	assert_int_equal(hidden[1], 3); /* a's count hidden: c's follows */
	assert_int_equal(rct_effects_suppress(e, 2, NULL, 0, hidden), 0);
	assert_int_equal(hidden[0] + hidden[1], 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		test_suppress__a_small_cell_gets_a_cycle_of_complements),
	    cmocka_unit_test(
		test_suppress__zeros_shown_and_min_cell_zero_hides_nothing),
	    cmocka_unit_test(test_suppress__an_unseen_count_needs_a_complement),
	    cmocka_unit_test(test_suppress__not_primary_is_only_a_complement),
	    cmocka_unit_test(
		test_suppress__effects_small_arm_and_its_complement),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
