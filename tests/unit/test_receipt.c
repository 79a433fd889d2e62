/*
 * Unit tests of what the web service's group commit and its pages stand
 * on: savepoints inside one write transaction (trial/store.c), kept or
 * undone alone with the audit head the handle holds, so that the log
 * verifies afterwards; and receipts verified again and again in one
 * process (trial/receipt_memo.c), where an altered copy of a receipt
 * that verified must still fail and the original still pass.
 */
#include <stdio.h>
#include <stdlib.h>

#include "assign.h"
#include "buf.h"
#include "fingerprint.h"
#include "receipt.h"
#include "register.h"
#include "site.h"
#include "store.h"
#include "unit.h"
#include "verify.h"

#define PEOPLE 4

static int
setup(void **state)
{
	return unit_store_setup(state, unit_protocol_simple);
}

/* PEOPLE participants at site 0301, all allocated, committed. */
static void
enrol_and_allocate(struct rct_store *s)
{
	struct rct_register *r = NULL;
	struct rct_register_stats st;
	struct rct_assignment out = {NULL, 0, 0};
	char id[32], pid[RCT_PID_MAX];
	const char *v[3];
	long serial = 0;
	int i;

	assert_int_equal(rct_store_begin(s), 0);
	assert_int_equal(rct_site_add(s, "0301", "Oslo", -1), 0);
	assert_int_equal(rct_register_begin(&r, s, "unit", NULL), 0);
	for (i = 0; i < PEOPLE; i++) {
		unit_identity(&serial, id);
		v[0] = id;
		v[1] = "0301";
		v[2] = "1985";
		assert_int_equal(rct_register_add(r, v, NULL, pid), 0);
	}
	assert_int_equal(rct_register_finish(r, 0, &st), 0);
	rct_register_free(r);
	assert_int_equal(rct_assign(s, NULL, 0, 1, &out), 0);
	assert_int_equal((int)out.n, PEOPLE);
	rct_assign_release(&out);
	assert_int_equal(rct_store_commit(s), 0);
}

static void
assert_intact(struct rct_store *s)
{
	struct rct_verify_report rep;

	memset(&rep, 0, sizeof(rep));
	if (rct_verify_store(s, NULL, &rep) != 0)
		fail_msg("verify: %s", unit_messages());
}

static void
test_receipt__savepoints_keep_or_undo_one_request(void **state)
{
	struct unit_store *f = *state;
	uint64_t commits;

	enrol_and_allocate(f->s);
	commits = rct_store_commits(f->s);
	/* Refused outside a write transaction, and one level only. */
	assert_int_not_equal(rct_store_savepoint(f->s), 0);
	assert_int_equal(rct_store_begin_read(f->s), 0);
	assert_int_not_equal(rct_store_savepoint(f->s), 0);
	rct_store_rollback(f->s);
	rct_error_clear();
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_store_savepoint(f->s), 0);
	assert_int_not_equal(rct_store_savepoint(f->s), 0);
	rct_error_clear();
	/* Three requests in one transaction: kept, undone, kept. */
	assert_int_equal(rct_site_add(f->s, "4601", "Bergen", -1), 0);
	assert_int_equal(rct_store_savepoint_release(f->s), 0);
	assert_int_equal(rct_store_savepoint(f->s), 0);
	assert_int_equal(rct_site_add(f->s, "5001", "Trondheim", -1), 0);
	rct_store_savepoint_rollback(f->s);
	assert_int_equal(rct_store_savepoint(f->s), 0);
	assert_int_equal(rct_site_add(f->s, "1103", "Stavanger", -1), 0);
	assert_int_equal(rct_store_savepoint_release(f->s), 0);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_int_equal(rct_store_commits(f->s), commits + 1);
	assert_string_equal(unit_one_text(f->s,
				"SELECT group_concat(code, ',') FROM "
				"(SELECT code FROM site ORDER BY code)"),
	    "0301,1103,4601");
	/* The undone entry left no gap in the chain and no stale head. */
	assert_intact(f->s);
	/* A commit inside ends the savepoint: release does nothing then. */
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_store_savepoint(f->s), 0);
	assert_int_equal(rct_site_add(f->s, "3005", "Drammen", -1), 0);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_int_equal(rct_store_savepoint_release(f->s), 0);
	rct_store_savepoint_rollback(f->s);
	assert_int_equal(rct_store_commits(f->s), commits + 2);
	assert_intact(f->s);
}

/* The receipt of participant id and the store's fingerprint. */
static void
receipt_of(struct rct_store *s, int64_t id, struct rct_buf *b, char fp[65])
{
	struct rct_fingerprint fpr;

	assert_int_equal(rct_store_begin_read(s), 0);
	assert_int_equal(rct_receipt_write(s, id, b), 0);
	assert_int_equal(rct_fingerprint_of_store(s, &fpr), 0);
	rct_store_rollback(s);
	rct_fingerprint_hex(&fpr, fp);
}

/* text with the first occurrence of what (in the line key) changed. */
static char *
altered(const char *text, const char *key, size_t skip)
{
	char *copy = strdup(text), *at;

	assert_non_null(copy);
	at = strstr(copy, key);
	assert_non_null(at);
	at += strlen(key) + skip;
	assert_true(*at != '\0' && *at != '\n');
	*at = *at == 'A' ? 'B' : 'A';
	return copy;
}

static void
test_receipt__verified_again_and_altered_copies_fail(void **state)
{
	struct unit_store *f = *state;
	struct rct_buf b = RCT_BUF_INIT, other = RCT_BUF_INIT;
	struct rct_receipt_result first, again;
	/* Lines of the receipt and an offset into their value. */
	static const struct {
		const char *key;
		size_t skip;
	} parts[] = {
	    {"\nprotocol ", 40}, /* the registered protocol */
	    {"\nentry-payload ", 30}, /* the allocation (its arm) */
	    {"\ninit-payload ", 20}, /* the keys and protocol hash */
	    {"\n\xe2\x80\x94 ", 30}, /* the checkpoint's signature */
	};
	char fp[65], *bad;
	size_t i;
	int round;

	enrol_and_allocate(f->s);
	receipt_of(f->s, 1, &b, fp);
	receipt_of(f->s, 2, &other, fp);
	assert_int_equal(rct_receipt_verify(rct_buf_str(&b), b.len, fp, &first),
	    0);
	for (round = 0; round < 2; round++) {
		assert_int_equal(rct_receipt_verify(rct_buf_str(&b), b.len, fp,
				     &again),
		    0);
		assert_memory_equal(&first, &again, sizeof(first));
		for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
			bad = altered(rct_buf_str(&b), parts[i].key,
			    parts[i].skip);
			if (rct_receipt_verify(bad, strlen(bad), fp, &again) ==
			    0)
				fail_msg("round %d: an altered %s verified",
				    round, parts[i].key + 1);
			free(bad);
			rct_error_clear();
		}
		/* Another participant's, under the same checkpoint. */
		assert_int_equal(rct_receipt_verify(rct_buf_str(&other),
				     other.len, fp, &again),
		    0);
		assert_string_not_equal(again.participant, first.participant);
	}
	/* Of another trial: the fingerprint is not this one's. */
	fp[0] = fp[0] == '0' ? '1' : '0';
	assert_int_not_equal(rct_receipt_verify(rct_buf_str(&b), b.len, fp,
				 &again),
	    0);
	rct_buf_release(&b);
	rct_buf_release(&other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_receipt__savepoints_keep_or_undo_one_request, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(
		test_receipt__verified_again_and_altered_copies_fail, setup,
		unit_store_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
