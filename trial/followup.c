/*
 * Withdrawal and exit (followup.h).  Each is one row in its own table
 * (a participant withdraws or exits once) and one audit entry whose payload
 * repeats the row, so verify can match them both ways.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "error.h"
#include "followup.h"
#include "register.h"
#include "store_internal.h"
#include "text.h"

const char *const rct_exit_reasons[] = {
    "paid_work",
    "upper_secondary",
    "higher_education",
    "adult_primary_school",
    "other_measure",
    "dropped_out",
    "completed_without_activity",
    "moved",
    "unknown",
    NULL,
};

int
rct_followup_participant_find(struct rct_store *s, const char *text,
    int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	if (rct_register_participant_parse(text, id) < 0)
		return rct_error(RCT_EINVAL,
		    "'%s' is not a participant id, "
		    "expected P followed by digits, as in P000042",
		    text);
	if ((rc = rct_store_stmt(s,
		 "SELECT 1 FROM participant WHERE "
		 "id = ?",
		 &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, *id);
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return rct_error(RCT_ENOTFOUND,
		    "participant '%s' is not in "
		    "this trial",
		    text);
	return rct_store_sql_error(s, "finding a participant");
}

/*
 * A date for an event of participant id: valid, not in the future, and not
 * before recruitment (the protocol's recruitment date when it names one,
 * since a register may be imported long after people were recruited).
 */
static int
event_date(struct rct_store *s, int64_t id, const char *date, char out[11])
{
	sqlite3_stmt *st;
	char today[11];
	int y, m, d, rc;

	rct_text_today(today);
	if (date == NULL)
		date = today;
	if (rct_text_parse_date(date, &y, &m, &d) < 0)
		return rct_error(RCT_EINVAL,
		    "date '%s' is not a date, expected "
		    "YYYY-MM-DD",
		    date);
	if (strcmp(date, today) > 0)
		return rct_error(RCT_EINVAL,
		    "date %s lies in the future, "
		    "expected %s or earlier",
		    date, today);
	if ((rc = rct_store_stmt(s,
		 "SELECT substr(coalesce("
		 "json_extract(p.baseline, ?2), a.at), 1, 10) FROM participant p "
		 "JOIN audit a ON a.seq = p.audit_seq WHERE p.id = ?1",
		 &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (rct_store_protocol(s)->recruited) {
		char path[24];

		rct_register_baseline_path(rct_store_protocol(s),
		    rct_store_protocol(s)->recruited, path);
		sqlite3_bind_text(st, 2, path, -1, SQLITE_TRANSIENT);
	}
	if (sqlite3_step(st) == SQLITE_ROW &&
	    strcmp(date, (const char *)sqlite3_column_text(st, 0)) < 0)
		rc = rct_error(RCT_EINVAL,
		    "date %s is before the participant "
		    "was recruited on %s",
		    date, (const char *)sqlite3_column_text(st, 0));
	rct_store_stmt_done(s, st);
	snprintf(out, 11, "%s", date);
	return rc;
}

static int
record_event(struct rct_store *s, const char *table_sql, const char *action,
    const char *what, const char *participant, const char *date,
    const char *reason)
{
	struct rct_buf b = RCT_BUF_INIT;
	sqlite3_stmt *st;
	char day[11];
	int64_t id;
	int rc;

	if ((rc = rct_followup_participant_find(s, participant, &id)) != 0 ||
	    (rc = event_date(s, id, date, day)) != 0)
		return rc;
	if ((rc = rct_store_prepare(s, &st, table_sql)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, rct_audit_next_seq(s));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return rct_error(RCT_EEXISTS, "participant %s has already %s",
		    participant, what);
	if (rc != SQLITE_DONE)
		return rct_store_sql_error(s, "recording the event");
	rct_followup_event_payload(&b, id, day, reason);
	rc = rct_audit_append_buf(s, action, &b);
	return rc;
}

void
rct_followup_event_payload(struct rct_buf *b, int64_t participant,
    const char *date, const char *reason)
{
	char pid[RCT_PID_MAX];

	rct_register_participant_format(pid, participant);
	rct_buf_addf(b,
	    "{\"participant\":\"%s\",\"date\":\"%s\",\"reason\":", pid, date);
	rct_buf_add_json_string(b, reason);
	rct_buf_addc(b, '}');
}

int
rct_followup_withdraw(struct rct_store *s, const char *participant,
    const char *date, const char *reason)
{
	if (*reason == '\0' || strlen(reason) > 500 ||
	    !rct_text_utf8_valid(reason, strlen(reason)))
		return rct_error(RCT_EINVAL,
		    "the reason must be 1 to 500 "
		    "characters of UTF-8 text");
	if (rct_text_check("the reason", reason) != 0)
		return RCT_EINVAL;
	return record_event(s,
	    "INSERT INTO withdrawal(participant, date, "
	    "reason, audit_seq) VALUES (?, ?, ?, ?)",
	    "withdraw", "withdrawn", participant, date, reason);
}

int
rct_followup_exit(struct rct_store *s, const char *participant,
    const char *date, const char *reason)
{
	struct rct_buf codes = RCT_BUF_INIT;
	size_t i;
	int rc;

	if ((rc = rct_text_check("the exit reason", reason)) != 0)
		return rc;
	for (i = 0; rct_exit_reasons[i]; i++)
		if (strcmp(reason, rct_exit_reasons[i]) == 0)
			return record_event(s,
			    "INSERT INTO exit(participant, "
			    "date, reason, audit_seq) VALUES (?, ?, ?, ?)",
			    "exit", "exited", participant, date, reason);
	for (i = 0; rct_exit_reasons[i]; i++) {
		if (i)
			rct_buf_addc(&codes, '|');
		rct_buf_adds(&codes, rct_exit_reasons[i]);
	}
	rc = rct_error(RCT_EINVAL,
	    "exit reason '%s' is not a code, expected "
	    "%s",
	    reason, rct_buf_str(&codes));
	rct_buf_release(&codes);
	return rc;
}

void
rct_followup_undo_payload(struct rct_buf *b, int64_t participant,
    int64_t undoes, const char *reason)
{
	char pid[RCT_PID_MAX];

	rct_register_participant_format(pid, participant);
	rct_buf_addf(b,
	    "{\"participant\":\"%s\",\"undoes\":%lld,\"reason\":", pid,
	    (long long)undoes);
	rct_buf_add_json_string(b, reason);
	rct_buf_addc(b, '}');
}

/*
 * Undo the participant's withdrawal or exit: its row is deleted and an
 * entry "withdraw.undo" or "exit.undo" names the entry that recorded it,
 * with the reason for the correction; the original entry stays in the
 * log, so verify knows the row was there and why it is gone.
 */
static int
undo_event(struct rct_store *s, const char *delete_sql, const char *action,
    const char *what, const char *participant, const char *reason)
{
	struct rct_buf b = RCT_BUF_INIT;
	sqlite3_stmt *st;
	int64_t id, seq;
	int rc;

	if (*reason == '\0' || strlen(reason) > 500 ||
	    !rct_text_utf8_valid(reason, strlen(reason)))
		return rct_error(RCT_EINVAL,
		    "the reason for the correction must be 1 to 500 "
		    "characters of UTF-8 text");
	if ((rc = rct_text_check("the reason", reason)) != 0 ||
	    (rc = rct_followup_participant_find(s, participant, &id)) != 0)
		return rc;
	if ((rc = rct_store_prepare(s, &st, delete_sql)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	seq = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rct_store_sql_error(s, "undoing the event");
	if (seq == 0)
		return rct_error(RCT_ENOTFOUND,
		    "participant %s has not %s: there is nothing to undo",
		    participant, what);
	rct_followup_undo_payload(&b, id, seq, reason);
	return rct_audit_append_buf(s, action, &b);
}

int
rct_followup_withdraw_undo(struct rct_store *s, const char *participant,
    const char *reason)
{
	return undo_event(s,
	    "DELETE FROM withdrawal WHERE participant = ? RETURNING audit_seq",
	    "withdraw.undo", "withdrawn", participant, reason);
}

int
rct_followup_exit_undo(struct rct_store *s, const char *participant,
    const char *reason)
{
	return undo_event(s,
	    "DELETE FROM exit WHERE participant = ? RETURNING audit_seq",
	    "exit.undo", "exited", participant, reason);
}
