/* Outcome import (outcome.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "buf.h"
#include "digest.h"
#include "error.h"
#include "identity.h"
#include "outcome.h"
#include "store_internal.h"
#include "text.h"

static const char *const field_names[RCT_OF_COUNT] = {"participant",
    "id_number", "outcome", "value", "date"};

struct rct_outcomes {
	struct rct_store *s;
	const struct rct_protocol *p;
	struct rct_identity_keys ik;
	int have_keys;
	char *source;
	unsigned char file_hash[32];
	int has_file_hash;
	int replace;
	int64_t seq;
	char today[11];
	sqlite3_stmt *by_pseudonym, *by_id, *current, *insert;
	struct rct_digest digest;
	struct rct_outcome_stats stats;
	int64_t first, last;
	int failed;
};

int
rct_outcome_field_of(const char *name)
{
	int i;

	for (i = 0; i < RCT_OF_COUNT; i++)
		if (strcmp(name, field_names[i]) == 0)
			return i;
	return -1;
}

int
rct_outcome_begin(struct rct_outcomes **out, struct rct_store *s,
    const char *source, const unsigned char *file_hash, int replace)
{
	struct rct_outcomes *o;
	int rc;

	*out = NULL;
	if ((o = calloc(1, sizeof(*o))) == NULL ||
	    (o->source = strdup(source)) == NULL) {
		free(o);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	o->s = s;
	o->p = rct_store_protocol(s);
	o->replace = replace;
	o->seq = rct_audit_next_seq(s);
	rct_text_today(o->today);
	rct_digest_init(&o->digest);
	if (file_hash) {
		memcpy(o->file_hash, file_hash, 32);
		o->has_file_hash = 1;
	}
	if ((rc = rct_store_prepare(s, &o->by_pseudonym,
		 "SELECT participant "
		 "FROM identity WHERE pseudonym = ?")) != 0 ||
	    (rc = rct_store_prepare(s, &o->by_id,
		 "SELECT id FROM participant "
		 "WHERE id = ?")) != 0 ||
	    (rc = rct_store_prepare(s, &o->current,
		 "SELECT value, audit_seq "
		 "FROM outcome WHERE participant = ? AND name = ? ORDER BY id DESC "
		 "LIMIT 1")) != 0 ||
	    (rc = rct_store_prepare(s, &o->insert,
		 "INSERT INTO outcome("
		 "participant, name, value, date, audit_seq) VALUES "
		 "(?, ?, ?, ?, ?)")) != 0) {
		rct_outcome_free(o);
		return rc;
	}
	*out = o;
	return 0;
}

static int
given(const char *s)
{
	return s && *s;
}

/* The participant a row names, by id or identity number; 0 if none. */
static int64_t
find_participant(struct rct_outcomes *o, const char *const *v,
    const struct rct_row_where *w)
{
	unsigned char pseudonym[RCT_PSEUDONYM_BYTES];
	enum rct_id_kind kind;
	sqlite3_stmt *st;
	char why[256];
	int64_t id = 0;

	if (given(v[RCT_OF_PARTICIPANT]) == given(v[RCT_OF_ID_NUMBER])) {
		rct_register_row_error(w,
		    given(v[RCT_OF_PARTICIPANT]) ? RCT_OF_ID_NUMBER :
						   RCT_OF_PARTICIPANT,
		    "expected either a participant id or "
		    "an identity number, not %s",
		    given(v[RCT_OF_PARTICIPANT]) ? "both" : "neither");
		return 0;
	}
	if (given(v[RCT_OF_PARTICIPANT])) {
		if (rct_register_participant_parse(v[RCT_OF_PARTICIPANT], &id) <
		    0) {
			rct_register_row_error(w, RCT_OF_PARTICIPANT,
			    "'%s' is not a "
			    "participant id, expected e.g. P000042",
			    v[RCT_OF_PARTICIPANT]);
			return 0;
		}
		st = o->by_id;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
	} else {
		if (rct_identity_check(v[RCT_OF_ID_NUMBER], &kind, why,
			sizeof(why)) < 0) {
			rct_register_row_error(w, RCT_OF_ID_NUMBER, "%s", why);
			return 0;
		}
		if (!o->have_keys) {
			const struct rct_keys *keys;

			if (rct_store_keys(o->s, RCT_KEY_PSEUDONYM, &keys) !=
			    0) {
				o->failed = 1;
				return 0;
			}
			/* Only the pseudonym: an outcome seals nothing. */
			rct_identity_keys_pseudonym(&o->ik, keys);
			o->have_keys = 1;
		}
		rct_identity_pseudonym(pseudonym, &o->ik, v[RCT_OF_ID_NUMBER]);
		st = o->by_pseudonym;
		sqlite3_reset(st);
		sqlite3_bind_blob(st, 1, pseudonym, sizeof(pseudonym),
		    SQLITE_TRANSIENT);
	}
	id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (id == 0)
		rct_register_row_error(w,
		    given(v[RCT_OF_PARTICIPANT]) ? RCT_OF_PARTICIPANT :
						   RCT_OF_ID_NUMBER,
		    "%s is not enrolled in this trial",
		    given(v[RCT_OF_PARTICIPANT]) ? v[RCT_OF_PARTICIPANT] :
						   "this person");
	return id;
}

static int
check_date(const char *date, const char *today, const struct rct_row_where *w)
{
	int y, m, d;

	if (!given(date))
		return 0;
	if (rct_text_parse_date(date, &y, &m, &d) < 0)
		return rct_register_row_error(w, RCT_OF_DATE,
		    "date '%s' is not a date, "
		    "expected YYYY-MM-DD",
		    date);
	if (strcmp(date, today) > 0)
		return rct_register_row_error(w, RCT_OF_DATE,
		    "date %s lies in the future", date);
	return 0;
}

/* 0 to insert, 1 when unchanged, RCT_EINVAL when refused. */
static int
compare_current(struct rct_outcomes *o, int64_t id, const char *name,
    const char *value, const struct rct_row_where *w)
{
	sqlite3_stmt *st = o->current;
	char pid[RCT_PID_MAX];
	int rc = 0;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *old = (const char *)sqlite3_column_text(st, 0);

		rct_register_participant_format(pid, id);
		if (strcmp(old, value) == 0)
			rc = 1;
		else if (sqlite3_column_int64(st, 1) == o->seq)
			rc = rct_register_row_error(w, RCT_OF_VALUE,
			    "%s of %s is given twice "
			    "in this file, with different values",
			    name, pid);
		else if (!o->replace)
			rc = rct_register_row_error(w, RCT_OF_VALUE,
			    "%s of %s is already "
			    "recorded as '%s'; a correction needs --replace",
			    name, pid, old);
		else
			o->stats.replaced++;
	}
	sqlite3_reset(st);
	return rc;
}

int
rct_outcome_add(struct rct_outcomes *o, const char *const *v,
    const struct rct_row_where *w)
{
	const struct rct_outcome *oc = NULL;
	const char *value, *given_value = v[RCT_OF_VALUE];
	char why[600], canonical[RCT_CANONICAL_MAX], point[RCT_CANONICAL_MAX];
	int64_t id, row;
	int bad = 0, rc;

	if (o->failed)
		return RCT_ESTORE;
	id = find_participant(o, v, w);
	bad += id == 0;
	if (!given(v[RCT_OF_OUTCOME]))
		bad += rct_register_row_error(w, RCT_OF_OUTCOME,
			   "outcome is missing") != 0;
	else if ((oc = rct_protocol_outcome(o->p, v[RCT_OF_OUTCOME])) == NULL)
		bad += rct_register_row_error(w, RCT_OF_OUTCOME,
			   "'%s' is not an outcome of "
			   "the protocol",
			   v[RCT_OF_OUTCOME]) != 0;
	else {
		/* A ';' file may write a continuous value with a comma. */
		if (w && w->decimal_comma && oc->type == RCT_OUTCOME_CONTINUOUS)
			given_value = rct_text_decimal_comma(given_value, point,
			    sizeof(point));
		if (rct_protocol_outcome_check(oc, given_value, why,
			sizeof(why)) < 0) {
			rct_text_quote_as_written(why, sizeof(why), given_value,
			    v[RCT_OF_VALUE]);
			bad += rct_register_row_error(w, RCT_OF_VALUE, "%s",
				   why) != 0;
		}
	}
	bad += check_date(v[RCT_OF_DATE], o->today, w) != 0;
	if (o->failed)
		return RCT_ESTORE;
	if (bad) {
		o->stats.bad_rows++;
		return RCT_EINVAL;
	}
	/* A count as normally written, so "+3" is stored as 3. */
	value = rct_protocol_outcome_canonical(oc, given_value, canonical);
	if ((rc = compare_current(o, id, oc->name, value, w)) != 0) {
		if (rc == 1)
			o->stats.unchanged++;
		else
			o->stats.bad_rows++;
		return rc;
	}
	sqlite3_reset(o->insert);
	sqlite3_bind_int64(o->insert, 1, id);
	sqlite3_bind_text(o->insert, 2, oc->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(o->insert, 3, value, -1, SQLITE_STATIC);
	if (given(v[RCT_OF_DATE]))
		sqlite3_bind_text(o->insert, 4, v[RCT_OF_DATE], -1,
		    SQLITE_STATIC);
	else
		sqlite3_bind_null(o->insert, 4);
	sqlite3_bind_int64(o->insert, 5, o->seq);
	rc = sqlite3_step(o->insert);
	sqlite3_reset(o->insert);
	if (rc != SQLITE_DONE) {
		o->failed = 1;
		return rct_store_sql_error(o->s, "recording an outcome");
	}
	row = sqlite3_last_insert_rowid(o->s->db);
	rct_digest_outcome(&o->digest, row, id, oc->name, value,
	    given(v[RCT_OF_DATE]) ? v[RCT_OF_DATE] : NULL);
	if (o->stats.added++ == 0)
		o->first = row;
	o->last = row;
	return 0;
}

int
rct_outcome_finish(struct rct_outcomes *o, long other_bad_rows,
    struct rct_outcome_stats *st)
{
	struct rct_buf b = RCT_BUF_INIT;
	const struct rct_keys *keys = NULL;
	char digest[65];
	long bad = o->stats.bad_rows + other_bad_rows;
	int rc;

	*st = o->stats;
	if (o->failed)
		return RCT_ESTORE;
	if (bad > 0)
		return rct_register_rows_refused(bad, o->source);
	if (o->stats.added == 0)
		return 0;
	rct_digest_final(&o->digest, digest);
	if (o->has_file_hash &&
	    (rc = rct_store_keys(o->s, RCT_KEY_PSEUDONYM, &keys)) != 0)
		return rc;
	rct_digest_payload_start(&b, o->source,
	    o->has_file_hash ? o->file_hash : NULL,
	    o->has_file_hash ? keys->pseudonym : NULL);
	rct_buf_addf(&b,
	    ",\"count\":%ld,\"unchanged\":%ld,\"replaced\":%ld,"
	    "\"first\":%lld,\"last\":%lld,\"digest\":\"%s\"}",
	    o->stats.added, o->stats.unchanged, o->stats.replaced,
	    (long long)o->first, (long long)o->last, digest);
	rc = rct_audit_append_buf(o->s, "outcome.import", &b);
	return rc;
}

void
rct_outcome_free(struct rct_outcomes *o)
{
	if (o == NULL)
		return;
	sqlite3_finalize(o->by_pseudonym);
	sqlite3_finalize(o->by_id);
	sqlite3_finalize(o->current);
	sqlite3_finalize(o->insert);
	free(o->source);
	rct_identity_keys_wipe(&o->ik);
	free(o);
}
