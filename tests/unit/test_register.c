/*
 * Unit tests of the store, the register and the audit chain, on stores in
 * memory (":memory:", keys held in memory only).
 */
#include <stdio.h>
#include <stdlib.h>

#include "amend.h"
#include "audit.h"
#include "followup.h"
#include "participant.h"
#include "protocol.h"
#include "register.h"
#include "site.h"
#include "store.h"
#include "store_internal.h"
#include "unit.h"

static const char protocol_text[] =
    "[trial]\nname = Unit trial\nregistration = R1\n"
    "[arm control]\nratio = 1\n[arm treatment]\nratio = 1\n"
    "[randomization]\nmethod = blocks\nblock_sizes = 2, 4\n"
    "strata = site, gender\n"
    "[variable gender]\ntype = code\ncodes = female, male\n"
    "[variable birth_year]\ntype = integer\nmin = 1900\nmax = 2100\n"
    "[variable level]\ntype = code\ncodes = A1, A2, unknown\n"
    "unknown = unknown\nsources = test, assessment\nrequired = no\n"
    "[variable consent_date]\ntype = date\nmax = today\n"
    "[eligibility]\nage = 18..67 from birth_year at consent_date\n"
    "[outcome work]\ntype = binary\ntime = 12 months\n"
    "[analysis]\nprimary = work\n";

static int
setup(void **state)
{
	struct unit_store *f;

	if (unit_store_setup(state, protocol_text) != 0)
		return -1;
	f = *state;
	if (rct_store_begin(f->s) != 0 ||
	    rct_site_add(f->s, "0301", "Oslo", 10) != 0 ||
	    rct_site_add(f->s, "4601", "Bergen", -1) != 0 ||
	    rct_store_commit(f->s) != 0) {
		fprintf(stderr, "setup: %s\n", unit_messages());
		return -1;
	}
	return 0;
}

/* id_number, site, gender, birth_year, level, consent_date, level_source */
static int
add(struct rct_register *r, const char *id, const char *site,
    const char *gender, char pid[RCT_PID_MAX])
{
	const char *v[7] = {id, site, gender, "1990", "A1", "2026-01-10",
	    "test"};

	return rct_register_add(r, v, NULL, pid);
}

static void
test_register__adds_and_keeps_no_number_in_clear(void **state)
{
	struct unit_store *f = *state;
	struct rct_register *r;
	struct rct_register_stats st;
	char pid[RCT_PID_MAX];

	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_register_begin(&r, f->s, "unit", NULL), 0);
	assert_int_equal(rct_register_nfields(r), 7);
	assert_int_equal(rct_register_field(r, "level_source"), 6);
	assert_true(rct_register_field_optional(r, 6));
	assert_int_equal(add(r, "11057523044", "0301", "female", pid), 0);
	assert_string_equal(pid, "P000001");
	assert_int_equal(add(r, "26117512737", "4601", "male", pid), 0);
	assert_string_equal(pid, "P000002");
	assert_int_equal(rct_register_finish(r, 0, &st), 0);
	assert_int_equal(st.added, 2);
	rct_register_free(r);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_int_equal(unit_sql_int(f->s, "SELECT count(*) FROM participant"),
	    2);
	assert_int_equal(unit_sql_int(f->s, "SELECT count(*) FROM identity"),
	    2);
	assert_int_equal(unit_sql_int(f->s,
			     "SELECT count(*) FROM participant "
			     "WHERE stratum = '0301|female'"),
	    1);
	/* Nowhere in any table does the number appear. */
	assert_int_equal(unit_sql_int(f->s,
			     "SELECT count(*) FROM participant "
			     "WHERE baseline LIKE '%11057523044%'"),
	    0);
	assert_int_equal(unit_sql_int(f->s,
			     "SELECT count(*) FROM audit WHERE "
			     "payload LIKE '%11057523044%'"),
	    0);
	assert_int_equal(unit_sql_int(f->s,
			     "SELECT count(*) FROM identity WHERE "
			     "instr(sealed, CAST('11057523044' AS BLOB)) > 0"),
	    0);
}

static void
test_register__same_person_rules(void **state)
{
	struct unit_store *f = *state;
	struct rct_register *r;
	struct rct_register_stats st;
	char pid[RCT_PID_MAX];

	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_register_begin(&r, f->s, "first", NULL), 0);
	assert_int_equal(add(r, "11057523044", "0301", "female", pid), 0);
	assert_int_equal(rct_register_finish(r, 0, &st), 0);
	rct_register_free(r);
	assert_int_equal(rct_store_commit(f->s), 0);

	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_register_begin(&r, f->s, "second", NULL), 0);
	/* The same row again is unchanged, and names the participant. */
	assert_int_equal(add(r, "11057523044", "0301", "female", pid), 1);
	assert_string_equal(pid, "P000001");
	/* At another site: an error naming the first site. */
	rct_error_clear();
	assert_int_equal(add(r, "11057523044", "4601", "female", pid),
	    RCT_EINVAL);
	assert_in_messages("already enrolled at site '0301' as P000001");
	/* With other values: the column, both values, and trial correct. */
	assert_int_equal(add(r, "11057523044", "0301", "male", pid),
	    RCT_EINVAL);
	assert_in_messages("already enrolled as P000001 with gender 'female', "
			   "not 'male'; a register row does not change an "
			   "enrolled value: correct it with 'trial correct");
	assert_in_messages("P000001 --set gender=male --reason TEXT'");
	/* Twice among the new rows: found when the session finishes. */
	assert_int_equal(add(r, "26117512737", "0301", "male", pid), 0);
	assert_int_equal(add(r, "26117512737", "0301", "male", pid), 0);
	assert_int_equal(rct_register_finish(r, 0, &st), RCT_EINVAL);
	assert_in_messages("the same person is already on line");
	assert_int_equal(st.bad_rows, 3);
	rct_register_free(r);
	rct_store_rollback(f->s);
	assert_int_equal(unit_sql_int(f->s, "SELECT count(*) FROM participant"),
	    1);
}

static void
test_register__bad_values_are_all_reported(void **state)
{
	struct unit_store *f = *state;
	struct rct_register *r;
	struct rct_row_where w;
	const char *v[7] = {"11057523045", "9999", "f", "19x0", "B9",
	    "2026-02-30", "guess"};
	long columns[7] = {1, 2, 3, 4, 5, 6, 7};
	char pid[RCT_PID_MAX];

	w.file = "reg.csv";
	w.line = 7;
	w.columns = columns;
	w.decimal_comma = 0;
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_register_begin(&r, f->s, "reg.csv", NULL), 0);
	rct_error_clear();
	assert_int_equal(rct_register_add(r, v, &w, pid), RCT_EINVAL);
	assert_in_messages("reg.csv:7:1: identity number has wrong check "
			   "digits");
	assert_in_messages("reg.csv:7:2: site '9999' is not a site");
	assert_in_messages("reg.csv:7:3: 'f' is not a code of gender");
	assert_in_messages("reg.csv:7:4: birth_year '19x0' is not a whole "
			   "number");
	assert_in_messages("reg.csv:7:5: 'B9' is not a code of level");
	assert_in_messages("reg.csv:7:6: consent_date '2026-02-30' is not a "
			   "date");
	assert_in_messages("reg.csv:7:7: 'guess' is not a source of level");
	assert_null(strstr(unit_messages(), "11057523045"));
	rct_register_free(r);
	rct_store_rollback(f->s);
}

static void
test_register__eligibility_and_missing_stratum(void **state)
{
	struct unit_store *f = *state;
	struct rct_register *r;
	struct rct_register_stats st;
	const char *young[7] = {"11057523044", "0301", "male", "2015", "A1",
	    "2026-01-10", NULL};
	char pid[RCT_PID_MAX];

	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_register_begin(&r, f->s, "unit", NULL), 0);
	rct_error_clear();
	assert_int_equal(rct_register_add(r, young, NULL, pid), RCT_EINVAL);
	assert_in_messages("not eligible: age 11");
	assert_int_equal(rct_register_finish(r, 0, &st), RCT_EINVAL);
	rct_register_free(r);
	rct_store_rollback(f->s);
}

static int
count_walk(void *arg, const struct rct_participant *p)
{
	int *n = arg;

	if (strcmp(p->values[0], p->id == 1 ? "female" : "male") != 0 ||
	    strcmp(p->values[1], "1990") != 0 || p->values[4] == NULL ||
	    strcmp(p->values[4], "test") != 0)
		return -99;
	(*n)++;
	return 0;
}

static void
test_register__participants_read_back(void **state)
{
	struct unit_store *f = *state;
	struct rct_register *r;
	struct rct_register_stats st;
	char pid[RCT_PID_MAX];
	int n = 0;

	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_register_begin(&r, f->s, "unit", NULL), 0);
	assert_int_equal(add(r, "11057523044", "0301", "female", pid), 0);
	assert_int_equal(add(r, "26117512737", "0301", "male", pid), 0);
	assert_int_equal(rct_register_finish(r, 0, &st), 0);
	rct_register_free(r);
	/* Before enrolment (the clock says 2026-10-15): refused. */
	assert_int_equal(rct_followup_withdraw(f->s, "P000002", "2026-10-01",
			     "moved"),
	    RCT_EINVAL);
	assert_int_equal(rct_followup_withdraw(f->s, "P000002", "2026-10-15",
			     "moved"),
	    0);
	assert_int_equal(rct_followup_withdraw(f->s, "P000002", NULL, "again"),
	    RCT_EEXISTS);
	assert_int_equal(rct_followup_exit(f->s, "P000001", NULL, "paid_work"),
	    0);
	assert_int_equal(rct_followup_exit(f->s, "P000009", NULL, "paid_work"),
	    RCT_ENOTFOUND);
	assert_int_equal(rct_followup_exit(f->s, "P000001", NULL, "moved"),
	    RCT_EEXISTS);
	assert_int_equal(rct_followup_exit(f->s, "P000002", NULL, "job"),
	    RCT_EINVAL);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_int_equal(rct_participant_foreach(f->s, NULL, count_walk, &n),
	    0);
	assert_int_equal(n, 2);
}

static void
test_audit__chain_verifies_and_detects_edits(void **state)
{
	struct unit_store *f = *state;
	struct rct_register *r;
	struct rct_register_stats st;
	char pid[RCT_PID_MAX];
	int64_t n;

	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_register_begin(&r, f->s, "unit", NULL), 0);
	assert_int_equal(add(r, "11057523044", "0301", "female", pid), 0);
	assert_int_equal(rct_register_finish(r, 0, &st), 0);
	rct_register_free(r);
	assert_int_equal(rct_store_commit(f->s), 0);
	/* init, two sites, one enrolment */
	assert_int_equal(rct_audit_verify_chain(f->s, &n), 0);
	assert_int_equal(n, 4);

	/* An edited payload no longer matches its hash. */
	rct_error_clear();
	assert_int_equal(
	    rct_store_exec(f->s,
		"UPDATE audit SET payload = "
		"replace(payload, 'Bergen', 'Bergen!') WHERE seq = 3"),
	    0);
	assert_int_equal(rct_audit_verify_chain(f->s, &n), RCT_ECHECK);
	assert_in_messages("audit entry 3 (site.add) was edited");
}

static void
test_audit__deleted_and_unsigned_entries_are_found(void **state)
{
	struct unit_store *f = *state;
	int64_t n;

	rct_error_clear();
	assert_int_equal(rct_store_exec(f->s,
			     "DELETE FROM audit WHERE seq = "
			     "2"),
	    0);
	assert_int_equal(rct_audit_verify_chain(f->s, &n), RCT_ECHECK);
	assert_in_messages("audit entry 3 follows entry 1");
}

static void
test_audit__entries_after_the_last_signed_head(void **state)
{
	struct unit_store *f = *state;
	int64_t n;

	rct_error_clear();
	assert_int_equal(rct_store_exec(f->s,
			     "DELETE FROM audit_head WHERE "
			     "seq = (SELECT max(seq) FROM audit_head)"),
	    0);
	assert_int_equal(rct_audit_verify_chain(f->s, &n), RCT_ECHECK);
	assert_in_messages("not covered by a signed head");
}

static void
test_amend__design_is_frozen_once_allocated(void **state)
{
	struct unit_store *f = *state;
	struct rct_protocol *p2 = NULL;
	char *text = strdup(protocol_text);
	char *at = strstr(text, "block_sizes = 2, 4");

	memcpy(at, "block_sizes = 2, 6", 18);
	assert_int_equal(rct_protocol_parse(&p2, "v2.ini", text, strlen(text)),
	    0);
	/* Before anyone is allocated the design may change, audited. */
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_amend_protocol(f->s, p2, "more blocks"), 0);
	rct_store_rollback(f->s);
	/* After an allocation it may not. */
	assert_int_equal(
	    rct_store_exec(f->s,
		"INSERT INTO participant(id, "
		"site, baseline, stratum, audit_seq) VALUES (1, '0301', '[]', "
		"NULL, 1); INSERT INTO allocation(participant, arm, position, "
		"probabilities, detail, audit_seq) VALUES (1, 'control', 1, "
		"'{}', '{}', 1)"),
	    0);
	assert_int_equal(rct_store_begin(f->s), 0);
	rct_error_clear();
	assert_int_equal(rct_amend_protocol(f->s, p2, "more blocks"),
	    RCT_EINVAL);
	assert_in_messages("changes the block sizes");
	assert_int_equal(rct_amend_protocol(f->s, f->p, "same"), RCT_EINVAL);
	assert_in_messages("unchanged");
	rct_store_rollback(f->s);
	rct_protocol_free(p2);
	free(text);
}

/*
 * One ephemeral key pair a write transaction (store.h): the numbers two
 * registers of one transaction seal (the enrolments a server commits
 * together) carry one ephemeral public key, another transaction's
 * another, and the keys are wiped when the transaction ends, whether it
 * commits or not; none is made outside a write transaction.
 */
static void
test_register__one_ephemeral_key_a_transaction(void **state)
{
	struct unit_store *f = *state;
	const struct rct_identity_keys *ik;
	struct rct_identity_keys zero;
	struct rct_register *r;
	struct rct_register_stats st;
	char pid[RCT_PID_MAX];
	long serial = 100;
	char id[32];
	int i;

	memset(&zero, 0, sizeof(zero));
	assert_int_not_equal(rct_store_identity_keys(f->s, &ik), 0);
	assert_null(ik);
	assert_in_messages("open write transaction");
	rct_error_clear();
	assert_int_equal(rct_store_begin_read(f->s), 0);
	assert_int_not_equal(rct_store_identity_keys(f->s, &ik), 0);
	rct_store_rollback(f->s);
	rct_error_clear();
	for (i = 0; i < 2; i++) {
		int k;

		assert_int_equal(rct_store_begin(f->s), 0);
		for (k = 0; k < 2; k++) {
			assert_int_equal(rct_register_begin(&r, f->s, "unit",
					     NULL),
			    0);
			unit_identity(&serial, id);
			assert_int_equal(add(r, id, "0301", "female", pid), 0);
			assert_int_equal(rct_register_finish(r, 0, &st), 0);
			rct_register_free(r);
		}
		assert_true(f->s->tx_identity_made);
		assert_int_equal(rct_store_commit(f->s), 0);
		assert_false(f->s->tx_identity_made);
		assert_memory_equal(&f->s->tx_identity, &zero, sizeof(zero));
	}
	/* Two transactions of two numbers each: two keys, two rows each. */
	assert_int_equal(unit_sql_int(f->s,
			     "SELECT count(DISTINCT substr(sealed, 1, 32)) "
			     "FROM identity"),
	    2);
	assert_int_equal(unit_sql_int(f->s,
			     "SELECT max(n) FROM (SELECT count(*) AS n FROM "
			     "identity GROUP BY substr(sealed, 1, 32))"),
	    2);
	/* Undone, the keys are wiped too, and the next is another. */
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_store_identity_keys(f->s, &ik), 0);
	assert_non_null(ik);
	rct_store_rollback(f->s);
	assert_false(f->s->tx_identity_made);
	assert_memory_equal(&f->s->tx_identity, &zero, sizeof(zero));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_register__adds_and_keeps_no_number_in_clear, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(test_register__same_person_rules,
		setup, unit_store_teardown),
	    cmocka_unit_test_setup_teardown(
		test_register__one_ephemeral_key_a_transaction, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(
		test_register__bad_values_are_all_reported, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(
		test_register__eligibility_and_missing_stratum, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(
		test_register__participants_read_back, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(
		test_audit__chain_verifies_and_detects_edits, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(
		test_audit__deleted_and_unsigned_entries_are_found, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(
		test_audit__entries_after_the_last_signed_head, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(
		test_amend__design_is_frozen_once_allocated, setup,
		unit_store_teardown),
	};

	if (sodium_init() < 0)
		return 1;
	setenv("RCT_NOW", "2026-10-15", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
