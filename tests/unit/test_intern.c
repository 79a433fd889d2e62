/*
 * Unit tests of lib/intern.c: codes in the order first seen, the same
 * code for the same string however often and however large the table
 * grows, copies independent of the caller's buffer.
 */
#include <stdio.h>
#include <stdlib.h>

#include "intern.h"
#include "unit.h"

static void
test_intern__codes_in_first_seen_order(void **state)
{
	struct rct_intern in = {0};

	(void)state;
	assert_int_equal(rct_intern(&in, "0301|female"), 0);
	assert_int_equal(rct_intern(&in, "4601|male"), 1);
	assert_int_equal(rct_intern(&in, "0301|female"), 0);
	assert_int_equal(rct_intern(&in, ""), 2);
	assert_int_equal(rct_intern(&in, "4601|male"), 1);
	assert_int_equal(in.n, 3);
	assert_string_equal(in.names[1], "4601|male");
	rct_intern_release_all(&in);
	assert_int_equal(in.n, 0);
	assert_null(in.names);
}

static void
test_intern__the_same_codes_after_growing(void **state)
{
	struct rct_intern in = {0};
	char buf[32];
	int i;

	(void)state;
	/* Far past the first 64 slots; the buffer is reused each time. */
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "level-%d", i);
		assert_int_equal(rct_intern(&in, buf), i);
	}
	for (i = 4999; i >= 0; i--) {
		snprintf(buf, sizeof(buf), "level-%d", i);
		assert_int_equal(rct_intern(&in, buf), i);
	}
	assert_int_equal(in.n, 5000);
	assert_string_equal(in.names[1234], "level-1234");
	assert_true(in.nslots >= 2 * in.n);
	rct_intern_release_all(&in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_intern__codes_in_first_seen_order),
	    cmocka_unit_test(test_intern__the_same_codes_after_growing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
