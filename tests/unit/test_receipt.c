/*
 * Unit tests of what the web service's group commit and its pages stand
 * on: savepoints inside one write transaction (trial/store.c), kept or
 * undone alone with the audit head the handle holds, so that the log
 * verifies afterwards; and receipts verified again and again in one
 * process (trial/receipt_memo.c), where an altered copy of a receipt
 * that verified must still fail and the original still pass; and the
 * same checks made in the store itself (trial/receipt_check.c, what a
 * server's page of an arm shows), which an altered store must fail; and
 * a participant's status read in one lookup (rct_participant_status) as
 * the walk of all participants gives it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "assign.h"
#include "buf.h"
#include "fingerprint.h"
#include "followup.h"
#include "participant.h"
#include "receipt.h"
#include "receipt_memo.h"
#include "register.h"
#include "site.h"
#include "store.h"
#include "store_internal.h"
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

/* rct_receipt_check of participant id in a read transaction of its own. */
static int
checked(struct rct_store *s, int64_t id, struct rct_receipt_result *r)
{
	int rc;

	assert_int_equal(rct_store_begin_read(s), 0);
	rc = rct_receipt_check(s, id, r);
	rct_store_rollback(s);
	return rc;
}

/* Run sql on the store, outside any transaction of the library's. */
static void
alter(struct rct_store *s, const char *sql)
{
	assert_int_equal(rct_store_exec(s, sql), 0);
}

/* The check fails, saying why (in the messages), and is cleared. */
static void
refused(struct rct_store *s, int64_t id, const char *what, const char *why)
{
	struct rct_receipt_result r;

	if (checked(s, id, &r) == 0)
		fail_msg("participant %lld checked in a store whose %s",
		    (long long)id, what);
	assert_string_equal(r.arm, "");
	assert_in_messages(why);
	rct_error_clear();
}

static void
test_receipt__checked_in_the_store_as_its_receipt(void **state)
{
	struct unit_store *f = *state;
	struct rct_buf b = RCT_BUF_INIT;
	struct rct_receipt_result direct, offline;
	char fp[65];
	int64_t id;

	enrol_and_allocate(f->s);
	/* What the page shows is what the receipt proves offline. */
	for (id = 1; id <= PEOPLE; id++) {
		rct_buf_reset(&b);
		receipt_of(f->s, id, &b, fp);
		assert_int_equal(rct_receipt_verify(rct_buf_str(&b), b.len, fp,
				     &offline),
		    0);
		assert_int_equal(checked(f->s, id, &direct), 0);
		assert_string_equal(direct.participant, offline.participant);
		assert_string_equal(direct.arm, offline.arm);
		assert_string_equal(direct.entry_hash, offline.entry_hash);
		assert_int_equal(direct.seq, offline.seq);
		assert_int_equal(direct.size, offline.size);
		assert_int_equal(direct.quorum, 0);
		/* Again, from the memo of its checkpoint. */
		assert_int_equal(checked(f->s, id, &offline), 0);
		assert_memory_equal(&direct, &offline, sizeof(direct));
	}
	rct_buf_release(&b);
	/* Not allocated, or no such participant. */
	assert_int_equal(checked(f->s, PEOPLE + 1, &direct), RCT_ENOTFOUND);
	rct_error_clear();
	/* The allocation row pointing at another participant's entry. */
	alter(f->s,
	    "UPDATE allocation SET audit_seq = (SELECT audit_seq FROM "
	    "allocation WHERE participant = 1) WHERE participant = 2");
	refused(f->s, 2, "allocation names another's entry",
	    "is of P000001, not of P000002");
	/* Participant 1's arm changed in its entry (the payload). */
	alter(f->s,
	    "UPDATE audit SET payload = replace(payload, '\"arm\":\"', "
	    "'\"arm\":\"x') WHERE seq = (SELECT audit_seq FROM "
	    "allocation WHERE participant = 1)");
	refused(f->s, 1, "entry's arm was changed",
	    "not in the log under its newest checkpoint");
	/* A byte of the newest checkpoint's signature changed. */
	assert_int_equal(checked(f->s, 3, &direct), 0);
	alter(f->s,
	    "UPDATE checkpoint SET note = substr(note, 1, length(note) "
	    "- 10) || CASE substr(note, -9, 1) WHEN 'A' THEN 'B' ELSE "
	    "'A' END || substr(note, -8) WHERE size = (SELECT "
	    "max(size) FROM checkpoint)");
	refused(f->s, 3, "checkpoint's signature was changed",
	    "not signed by the trial's key");
}

/*
 * The checkpoint a commit signs is kept as checked by the process that
 * signed it (rct_receipt_note_signed): what a page then finds is what a
 * full verification of the same note finds, and a note altered in the
 * store after its signing is not taken for it.
 */
static void
test_receipt__the_signers_checkpoint_as_verified(void **state)
{
	struct unit_store *f = *state;
	struct rct_receipt_result kept, verified;
	struct rct_receipt_note_memo none;
	unsigned char nokey[RCT_RECEIPT_MEMO_KEY];
	int64_t id;

	enrol_and_allocate(f->s);
	memset(&none, 0, sizeof(none));
	memset(nokey, 0, sizeof(nokey));
	for (id = 1; id <= PEOPLE; id++) {
		assert_int_equal(checked(f->s, id, &kept), 0);
		/* The memo emptied: the note's signature verified again. */
		rct_receipt_memo_note_put(nokey, &none);
		assert_int_equal(checked(f->s, id, &verified), 0);
		assert_memory_equal(&kept, &verified, sizeof(kept));
		assert_int_equal(kept.size,
		    unit_sql_int(f->s, "SELECT max(size) FROM checkpoint"));
	}
	/* Signed again, then one byte of the stored signature changed. */
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_site_add(f->s, "4601", "Bergen", -1), 0);
	assert_int_equal(rct_store_commit(f->s), 0);
	alter(f->s,
	    "UPDATE checkpoint SET note = substr(note, 1, length(note) "
	    "- 10) || CASE substr(note, -9, 1) WHEN 'A' THEN 'B' ELSE "
	    "'A' END || substr(note, -8) WHERE size = (SELECT "
	    "max(size) FROM checkpoint)");
	refused(f->s, 2, "checkpoint's signature was changed after signing",
	    "not signed by the trial's key");
}

/* What a page shows of a participant, as text, from either reader. */
static int
standing(void *arg, const struct rct_participant *p)
{
	struct rct_buf *b = arg;

	rct_buf_addf(b, "%lld %s %s %s %s %s %s %s %s\n", (long long)p->id,
	    p->pid, p->site, p->enrolled_at, p->stratum ? p->stratum : "-",
	    p->arm ? p->arm : "-", p->withdrawn ? p->withdrawn : "-",
	    p->exit_reason ? p->exit_reason : "-",
	    p->probabilities ? p->probabilities : "-");
	return 0;
}

static void
test_receipt__status_is_the_walk_without_the_baseline(void **state)
{
	struct unit_store *f = *state;
	struct rct_participant_filter filter;
	struct rct_buf walked = RCT_BUF_INIT, looked = RCT_BUF_INIT;
	int64_t id;

	enrol_and_allocate(f->s);
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_followup_withdraw(f->s, "P000002", NULL, "moved"),
	    0);
	assert_int_equal(rct_followup_exit(f->s, "P000003", NULL, "paid_work"),
	    0);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_int_equal(rct_store_begin_read(f->s), 0);
	for (id = 1; id <= PEOPLE + 1; id++) {
		rct_buf_reset(&walked);
		rct_buf_reset(&looked);
		memset(&filter, 0, sizeof(filter));
		filter.id = id;
		assert_int_equal(rct_participant_foreach(f->s, &filter,
				     standing, &walked),
		    0);
		assert_int_equal(rct_participant_status(f->s, id, standing,
				     &looked),
		    0);
		assert_string_equal(rct_buf_str(&looked), rct_buf_str(&walked));
		/* No such participant: nothing, as the walk gives. */
		if (id > PEOPLE)
			assert_int_equal(looked.len, 0);
		else
			assert_true(looked.len > 0);
	}
	rct_store_rollback(f->s);
	rct_buf_release(&walked);
	rct_buf_release(&looked);
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
	    cmocka_unit_test_setup_teardown(
		test_receipt__checked_in_the_store_as_its_receipt, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(
		test_receipt__the_signers_checkpoint_as_verified, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(
		test_receipt__status_is_the_walk_without_the_baseline, setup,
		unit_store_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
