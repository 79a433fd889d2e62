/*
 * Unit tests of randomizer/block_memo.c: a store handle that allocates
 * one participant at a time (as the web service does) keeps where each
 * stratum's walk through its blocks stands, and the arms it draws so are
 * the arms a fresh allocator draws for the same log (rct_replay), also
 * when some of those allocations were rolled back and drawn again.
 */
#include <stdio.h>
#include <stdlib.h>

#include "assign.h"
#include "register.h"
#include "replay.h"
#include "site.h"
#include "store.h"
#include "unit.h"

#define PEOPLE 90

static const char protocol[] =
    "[trial]\nname = Unit trial\nregistration = R1\n"
    "[arm control]\nratio = 1\n[arm treatment]\nratio = 2\n"
    "[randomization]\nmethod = blocks\nblock_sizes = 3, 6, 9\n"
    "strata = site\n"
    "[variable birth_year]\ntype = integer\nmin = 1900\nmax = 2100\n"
    "[outcome work]\ntype = binary\ntime = 12 months\n"
    "[analysis]\nprimary = work\n";

static int
setup(void **state)
{
	return unit_store_setup(state, protocol);
}

static void
test_block_memo__one_at_a_time_draws_as_a_fresh_allocator(void **state)
{
	static const char *const sites[] = {"0301", "4601", "5001"};
	struct unit_store *f = *state;
	struct rct_register *r = NULL;
	struct rct_register_stats st;
	struct rct_assignment out = {NULL, 0, 0};
	char id[32], pid[RCT_PID_MAX];
	const char *v[3];
	long serial = 0;
	int64_t i, replayed = 0;

	assert_int_equal(rct_store_begin(f->s), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(rct_site_add(f->s, sites[i], sites[i], -1), 0);
	assert_int_equal(rct_register_begin(&r, f->s, "unit", NULL), 0);
	for (i = 0; i < PEOPLE; i++) {
		unit_identity(&serial, id);
		v[0] = id;
		v[1] = sites[(i * 7 + i / 4) % 3];
		v[2] = "1985";
		assert_int_equal(rct_register_add(r, v, NULL, pid), 0);
	}
	assert_int_equal(rct_register_finish(r, 0, &st), 0);
	rct_register_free(r);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_null(rct_store_memo(f->s));
	for (i = 1; i <= PEOPLE; i++) {
		/* Every fifth drawn once and rolled back, then again. */
		if (i % 5 == 0) {
			assert_int_equal(rct_store_begin(f->s), 0);
			assert_int_equal(rct_assign(f->s, &i, 1, 0, &out), 0);
			rct_assign_release(&out);
			rct_store_rollback(f->s);
		}
		assert_int_equal(rct_store_begin(f->s), 0);
		assert_int_equal(rct_assign(f->s, &i, 1, 0, &out), 0);
		assert_int_equal((int)out.n, 1);
		rct_assign_release(&out);
		assert_int_equal(rct_store_commit(f->s), 0);
		assert_non_null(rct_store_memo(f->s));
	}
	if (rct_replay(f->s, &replayed) != 0)
		fail_msg("replay: %s", unit_messages());
	assert_int_equal(replayed, PEOPLE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_block_memo__one_at_a_time_draws_as_a_fresh_allocator,
		setup, unit_store_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
