/*
 * Unit tests of time and actor along the audit log (TRUST.md, rule 7) and
 * of what verify checks of the store as a whole (trial/cover.c), on
 * stores in memory.  Built with the test clock (RCT_NOW, RCT_ACTOR).
 */
#include <stdio.h>
#include <stdlib.h>

#include "audit.h"
#include "protocol.h"
#include "site.h"
#include "store.h"
#include "store_internal.h"
#include "unit.h"
#include "verify.h"

static const char protocol_text[] =
    "[trial]\nname = Unit trial\nregistration = R1\n"
    "[arm control]\nratio = 1\n[arm treatment]\nratio = 1\n"
    "[randomization]\nmethod = simple\n"
    "[variable birth_year]\ntype = integer\nmin = 1900\nmax = 2100\n"
    "[outcome work]\ntype = binary\ntime = 12 months\n"
    "[analysis]\nprimary = work\n";

static int
setup(void **state)
{
	setenv("RCT_NOW", "2026-10-15T10:00:00Z", 1);
	setenv("RCT_ACTOR", "tester", 1);
	unsetenv("RCT_ON_BEHALF_OF");
	return unit_store_setup(state, protocol_text);
}

static void
test_clock__a_write_earlier_than_the_log_is_refused(void **state)
{
	struct unit_store *f = *state;
	struct rct_verify_report r;

	setenv("RCT_NOW", "2026-10-01T09:00:00Z", 1);
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_site_add(f->s, "0301", "Oslo", 10), RCT_EINVAL);
	assert_in_messages("the clock reads 2026-10-01T09:00:00Z, before the "
			   "time of the last audit entry (1, at "
			   "2026-10-15T10:00:00Z)");
	rct_store_rollback(f->s);
	rct_error_clear();
	/* The same second is not earlier. */
	setenv("RCT_NOW", "2026-10-15T10:00:00Z", 1);
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_site_add(f->s, "0301", "Oslo", 10), 0);
	assert_int_equal(rct_store_commit(f->s), 0);
	if (rct_verify_store(f->s, NULL, &r) != 0)
		fail_msg("%s", unit_messages());
}

static void
test_clock__verify_finds_time_going_backwards(void **state)
{
	struct unit_store *f = *state;
	struct rct_verify_report r;

	/* A writer without the check (an older build): a signed, chained
	 * entry dated before the one it follows. */
	setenv("RCT_NOW", "2026-10-01T09:00:00Z", 1);
	assert_int_equal(rct_store_begin(f->s), 0);
	f->s->head_at[0] = '\0';
	assert_int_equal(rct_site_add(f->s, "0301", "Oslo", 10), 0);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_int_equal(rct_verify_store(f->s, NULL, &r), RCT_ECHECK);
	assert_in_messages("audit entry 2 (site.add) is dated "
			   "2026-10-01T09:00:00Z, before entry 1 "
			   "(2026-10-15T10:00:00Z): time went backwards");
}

static void
test_clock__one_time_per_transaction(void **state)
{
	struct unit_store *f = *state;

	assert_string_equal(
	    unit_one_text(f->s,
		"SELECT (SELECT value FROM meta WHERE key = "
		"'created_at') = (SELECT at FROM audit WHERE "
		"seq = 1) AND (SELECT adopted_at FROM protocol) "
		"= (SELECT at FROM audit_head)"),
	    "1");
}

static void
test_actor__on_behalf_of_is_recorded_apart(void **state)
{
	struct unit_store *f = *state;
	char actor[RCT_ACTOR_MAX];

	setenv("RCT_ON_BEHALF_OF", "Kari Nordmann, NAV Bergen", 1);
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_site_add(f->s, "0301", "Oslo", 10), 0);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_string_equal(unit_one_text(f->s,
				"SELECT actor FROM audit WHERE seq = 2"),
	    "tester (on behalf of Kari Nordmann, NAV Bergen)");
	setenv("RCT_ON_BEHALF_OF", "two\nlines", 1);
	assert_int_equal(rct_audit_actor_of(actor), RCT_EINVAL);
	assert_in_messages("RCT_ON_BEHALF_OF holds a control character");
	rct_error_clear();
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_site_add(f->s, "4601", "Bergen", 10), RCT_EINVAL);
	rct_store_rollback(f->s);
	unsetenv("RCT_ON_BEHALF_OF");
	unsetenv("RCT_ACTOR");
	assert_int_equal(rct_audit_actor_of(actor), 0);
	assert_null(strchr(actor, ' '));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_clock__a_write_earlier_than_the_log_is_refused, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(
		test_clock__verify_finds_time_going_backwards, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(
		test_clock__one_time_per_transaction, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(
		test_actor__on_behalf_of_is_recorded_apart, setup,
		unit_store_teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
