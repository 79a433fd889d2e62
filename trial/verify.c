/*
 * Verifying a store (verify.h).  The audit log is walked once, in order;
 * rows written in bulk (participants, outcomes) are read alongside with
 * cursors in id order, since their ids grow with their entries; all other
 * rows are looked up by the key their entry names, and their payload is
 * rebuilt with the very function that wrote it and compared byte for
 * byte.  Finally each table's rows are counted against the entries
 * matched, so a row no entry describes is found too.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "allocation.h"
#include "audit.h"
#include "buf.h"
#include "correct.h"
#include "checkpoint.h"
#include "cover.h"
#include "digest.h"
#include "error.h"
#include "followup.h"
#include "identity.h"
#include "json.h"
#include "keys.h"
#include "register.h"
#include "site.h"
#include "store_internal.h"
#include "screening.h"
#include "user_internal.h"
#include "verify.h"

enum lookup {
	L_ALLOCATION,
	L_CLUSTER,
	L_BATCH,
	L_WITHDRAWAL,
	L_EXIT,
	L_PROTOCOL,
	L_PROMOTION,
	L_CORRECTION,
	L_CONCEALED,
	NLOOKUPS
};

/* Per lookup: the query by key, and the count of its rows. */
static const char *const lookup_sql[NLOOKUPS] = {
    "SELECT arm, sequence, position, probabilities, detail, cluster, "
    "audit_seq FROM allocation WHERE participant = ?",
    "SELECT arm, sequence, position, probabilities, detail, cluster, "
    "audit_seq FROM cluster_allocation WHERE cluster = ?",
    "SELECT kind, site, capacity, units, audit_seq FROM batch WHERE id = ?",
    "SELECT date, reason, audit_seq FROM withdrawal WHERE participant = ?",
    "SELECT date, reason, audit_seq FROM exit WHERE participant = ?",
    "SELECT hash, audit_seq, text FROM protocol WHERE version = ?",
    "SELECT rank, promoted_seq FROM waiting_list WHERE participant = ?",
    "SELECT participant, variable, old, new, reason, audit_seq FROM "
    "correction WHERE audit_seq = ?",
    "SELECT hash, audit_seq FROM concealed WHERE version = ?",
};

static const char *const count_sql[NLOOKUPS] = {
    "SELECT count(*) FROM allocation",
    "SELECT count(*) FROM cluster_allocation",
    "SELECT count(*) FROM batch",
    "SELECT count(*) FROM withdrawal",
    "SELECT count(*) FROM exit",
    "SELECT count(*) FROM protocol",
    "SELECT count(*) FROM waiting_list WHERE promoted_seq IS NOT NULL",
    "SELECT count(*) FROM correction",
    "SELECT count(*) FROM concealed",
};

static const char *const table_name[NLOOKUPS] = {"allocation",
    "cluster allocation", "batch", "withdrawal", "exit", "protocol version",
    "promotion", "correction", "concealed protocol part"};

/*
 * A site as its entries left it: added, perhaps renamed, perhaps removed.
 * Sites are few, and a rename changes the key a row is found by, so they
 * are replayed whole and compared with the table at the end.
 */
struct site_state {
	char code[64];
	char *name;
	char target[32]; /* as in the payload: digits or "null" */
	int64_t seq; /* the site.add entry, which the row names */
	int64_t removed; /* the site.remove entry, or 0 */
};

/*
 * A withdrawal or exit entry.  Its row is matched when the entry is read;
 * a row that is missing then (or names a later entry) must have been
 * deleted by an undo entry further on, which finds it here.
 */
enum event_state { EV_MATCHED, EV_PENDING, EV_UNDONE };

struct event_state_row {
	int64_t seq, participant;
	int exit; /* 0 withdrawal, 1 exit */
	enum event_state state;
};

struct verifier {
	struct rct_store *s;
	struct site_state *sites;
	size_t nsites, capsites;
	struct event_state_row *events;
	size_t nevents, capevents;
	sqlite3_stmt *lookup[NLOOKUPS];
	int64_t matched[NLOOKUPS];
	sqlite3_stmt *participants, *identities, *outcomes;
	int prow, irow, orow; /* the cursors are on a row */
	struct rct_buf payload;
	struct rct_verify_report *r;
	long screenings; /* screening reports matched */
	struct rct_cover *cover; /* the checks of the store as a whole */
};

static int mismatch(const struct rct_audit_entry *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
mismatch(const struct rct_audit_entry *e, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return rct_error(RCT_ECHECK,
	    "audit entry %lld (%s) does not match the "
	    "store: %s",
	    (long long)e->seq, e->action, msg);
}

static const char *
field(const struct rct_audit_entry *e, const char *key, char *buf, size_t len)
{
	return rct_json_field(e->payload, key, buf, len) == 0 ? buf : NULL;
}

static const char *
col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Position the lookup on the row with this text or integer key. */
static int
find(struct verifier *v, enum lookup l, const char *text, int64_t key)
{
	sqlite3_stmt *st = v->lookup[l];

	sqlite3_reset(st);
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int64(st, 1, key);
	return sqlite3_step(st) == SQLITE_ROW;
}

/* Say which field of a rebuilt payload differs from the entry's. */
static int
differs(const struct rct_audit_entry *e, const char *rebuilt, const char *table,
    const char *what)
{
	static const char *const keys[] = {"arm", "sequence", "position",
	    "probabilities", "detail", "cluster", "participant", "name",
	    "target", "date", "reason", "kind", "site", "capacity", "units",
	    "variable", "old", "new", NULL};
	char store[512], entry[512];
	size_t i;
	int a, b;

	for (i = 0; keys[i]; i++) {
		a = rct_json_field(rebuilt, keys[i], store, sizeof(store));
		b = rct_json_field(e->payload, keys[i], entry, sizeof(entry));
		if (a != b || (a == 0 && strcmp(store, entry) != 0))
			return mismatch(e,
			    "the %s of %s has %s '%s' in the "
			    "store, '%s' in the log",
			    table, what, keys[i], a == 0 ? store : "",
			    b == 0 ? entry : "");
	}
	return mismatch(e, "the %s of %s differs from the log", table, what);
}

/* The payload rebuilt from the row must be the entry's, byte for byte. */
static int
same_payload(struct verifier *v, const struct rct_audit_entry *e, enum lookup l,
    const char *what, int64_t seq_col)
{
	if (rct_buf_failed(&v->payload))
		return rct_error(RCT_ENOMEM, "out of memory");
	if (strcmp(rct_buf_str(&v->payload), e->payload) != 0)
		return differs(e, rct_buf_str(&v->payload), table_name[l],
		    what);
	if (seq_col != e->seq)
		return mismatch(e, "the %s of %s names entry %lld",
		    table_name[l], what, (long long)seq_col);
	v->matched[l]++;
	return 0;
}

static int
check_allocation(struct verifier *v, const struct rct_audit_entry *e,
    int cluster)
{
	struct rct_allocation_row r;
	sqlite3_stmt *st;
	char key[256];
	int64_t id = 0;
	enum lookup l = cluster ? L_CLUSTER : L_ALLOCATION;

	if (field(e, cluster ? "cluster" : "participant", key, sizeof(key)) ==
		NULL ||
	    (!cluster && rct_register_participant_parse(key, &id) < 0))
		return mismatch(e, "its payload names no %s",
		    cluster ? "cluster" : "participant");
	if (!find(v, l, cluster ? key : NULL, id))
		return mismatch(e, "%s has no %s", key, table_name[l]);
	st = v->lookup[l];
	r.participant = id;
	r.arm = col(st, 0);
	r.sequence = col(st, 1);
	r.position = sqlite3_column_int64(st, 2);
	r.probabilities = col(st, 3);
	r.detail = col(st, 4);
	r.cluster = col(st, 5);
	if (cluster)
		r.cluster = key;
	rct_buf_reset(&v->payload);
	rct_allocation_payload(&v->payload, &r);
	return same_payload(v, e, l, key, sqlite3_column_int64(st, 6));
}

static int
check_batch(struct verifier *v, const struct rct_audit_entry *e)
{
	sqlite3_stmt *st = v->lookup[L_BATCH];
	char key[32];
	long long id;

	if (field(e, "batch", key, sizeof(key)) == NULL ||
	    sscanf(key, "%lld", &id) != 1)
		return mismatch(e, "its payload names no batch");
	if (!find(v, L_BATCH, NULL, id))
		return mismatch(e, "batch %lld is not in the store", id);
	rct_buf_reset(&v->payload);
	rct_allocation_batch_payload(&v->payload, id, col(st, 0), col(st, 1),
	    sqlite3_column_type(st, 2) == SQLITE_NULL ?
		-1 :
		sqlite3_column_int64(st, 2),
	    sqlite3_column_int64(st, 3));
	return same_payload(v, e, L_BATCH, key, sqlite3_column_int64(st, 4));
}

static struct site_state *
site_alive(struct verifier *v, const char *code)
{
	size_t i;

	for (i = v->nsites; i-- > 0;)
		if (!v->sites[i].removed && strcmp(v->sites[i].code, code) == 0)
			return &v->sites[i];
	return NULL;
}

/* A site entry's payload must be the one its fields make, byte for byte. */
static int
canonical(struct verifier *v, const struct rct_audit_entry *e)
{
	if (rct_buf_failed(&v->payload))
		return rct_error(RCT_ENOMEM, "out of memory");
	if (strcmp(rct_buf_str(&v->payload), e->payload) != 0)
		return mismatch(e,
		    "its payload is not the one the toolkit "
		    "writes");
	return 0;
}

static int
check_site(struct verifier *v, const struct rct_audit_entry *e)
{
	struct site_state *x;
	char code[64], name[1024], target[32];
	int rc;

	if (field(e, "code", code, sizeof(code)) == NULL ||
	    field(e, "name", name, sizeof(name)) == NULL ||
	    field(e, "target", target, sizeof(target)) == NULL)
		return mismatch(e, "its payload names no site");
	rct_buf_reset(&v->payload);
	rct_site_payload(&v->payload, code, name,
	    strcmp(target, "null") == 0 ? -1 : atol(target));
	if ((rc = canonical(v, e)) != 0)
		return rc;
	if (site_alive(v, code))
		return mismatch(e, "site '%s' was added before", code);
	if (v->nsites == v->capsites) {
		size_t cap = v->capsites ? 2 * v->capsites : 16;
		struct site_state *more =
		    realloc(v->sites, cap * sizeof(*more));

		if (more == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		v->sites = more;
		v->capsites = cap;
	}
	x = &v->sites[v->nsites];
	memset(x, 0, sizeof(*x));
	if ((x->name = strdup(name)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	v->nsites++;
	snprintf(x->code, sizeof(x->code), "%s", code);
	snprintf(x->target, sizeof(x->target), "%s", target);
	x->seq = e->seq;
	return 0;
}

static int
check_site_change(struct verifier *v, const struct rct_audit_entry *e,
    int rename)
{
	struct site_state *x;
	char old[64], new_code[64], name[1024], reason[1024];
	int rc;

	if (field(e, rename ? "old" : "code", old, sizeof(old)) == NULL ||
	    field(e, "reason", reason, sizeof(reason)) == NULL ||
	    (rename &&
		(field(e, "new", new_code, sizeof(new_code)) == NULL ||
		    field(e, "name", name, sizeof(name)) == NULL)))
		return mismatch(e, "its payload names no site and reason");
	rct_buf_reset(&v->payload);
	if (rename)
		rct_site_rename_payload(&v->payload, old, new_code, name,
		    reason);
	else
		rct_site_remove_payload(&v->payload, old, reason);
	if ((rc = canonical(v, e)) != 0)
		return rc;
	if ((x = site_alive(v, old)) == NULL)
		return mismatch(e, "site '%s' was not a site then", old);
	if (!rename) {
		x->removed = e->seq;
		return 0;
	}
	if (strcmp(old, new_code) != 0 && site_alive(v, new_code))
		return mismatch(e, "site '%s' existed already", new_code);
	free(x->name);
	if ((x->name = strdup(name)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	snprintf(x->code, sizeof(x->code), "%s", new_code);
	return 0;
}

/* The site table, both ways: each site the log left, and no other. */
static int
check_sites(struct verifier *v)
{
	struct site_state *x;
	sqlite3_stmt *st;
	const char *code, *name, *target;
	char num[32];
	size_t alive = 0, i;
	int rc;

	if ((rc = rct_store_stmt(v->s,
		 "SELECT code, name, target, audit_seq FROM site", &st)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		code = col(st, 0) ? col(st, 0) : "";
		name = col(st, 1) ? col(st, 1) : "";
		target = col(st, 2) ? col(st, 2) : "null";
		if (sqlite3_column_type(st, 2) == SQLITE_INTEGER) {
			snprintf(num, sizeof(num), "%lld",
			    (long long)sqlite3_column_int64(st, 2));
			target = num;
		}
		if ((x = site_alive(v, code)) == NULL) {
			rc = rct_error(RCT_ECHECK,
			    "site '%s' is in the store, but no audit entry "
			    "left it there: it was added or renamed outside "
			    "the toolkit",
			    code);
			goto out;
		}
		if (strcmp(x->name, name) != 0 || strcmp(x->target, target) ||
		    sqlite3_column_int64(st, 3) != x->seq) {
			rc = rct_error(RCT_ECHECK,
			    "site '%s' has name '%s' and target %s in the "
			    "store (entry %lld), but the log says '%s' and %s "
			    "(entry %lld): it was edited outside the toolkit",
			    code, name, target,
			    (long long)sqlite3_column_int64(st, 3), x->name,
			    x->target, (long long)x->seq);
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = rct_store_sql_error(v->s, "reading the sites");
		goto out;
	}
	rc = 0;
	for (i = 0; i < v->nsites; i++)
		alive += v->sites[i].removed == 0;
	rct_store_stmt_done(v->s, st);
	st = NULL;
	if ((rc = rct_store_stmt(v->s, "SELECT count(*) FROM site", &st)) != 0)
		return rc;
	if (sqlite3_step(st) != SQLITE_ROW ||
	    (size_t)sqlite3_column_int64(st, 0) != alive)
		rc = rct_error(RCT_ECHECK,
		    "the store holds %lld site(s) but the audit log leaves "
		    "%zu: a site was deleted or renamed outside the toolkit",
		    (long long)sqlite3_column_int64(st, 0), alive);
out:
	rct_store_stmt_done(v->s, st);
	return rc;
}

static int
note_event(struct verifier *v, const struct rct_audit_entry *e, int64_t id,
    int exit, enum event_state state)
{
	struct event_state_row *x;

	if (v->nevents == v->capevents) {
		size_t cap = v->capevents ? 2 * v->capevents : 64;
		struct event_state_row *more =
		    realloc(v->events, cap * sizeof(*more));

		if (more == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		v->events = more;
		v->capevents = cap;
	}
	x = &v->events[v->nevents++];
	x->seq = e->seq;
	x->participant = id;
	x->exit = exit;
	x->state = state;
	return 0;
}

static int
check_event(struct verifier *v, const struct rct_audit_entry *e, enum lookup l)
{
	sqlite3_stmt *st = v->lookup[l];
	char pid[32];
	int64_t id;
	int rc;

	if (field(e, "participant", pid, sizeof(pid)) == NULL ||
	    rct_register_participant_parse(pid, &id) < 0)
		return mismatch(e, "its payload names no participant");
	rct_buf_reset(&v->payload);
	if (!find(v, l, NULL, id) || sqlite3_column_int64(st, 2) > e->seq)
		return note_event(v, e, id, l == L_EXIT, EV_PENDING);
	rct_followup_event_payload(&v->payload, id, col(st, 0), col(st, 1));
	if ((rc = same_payload(v, e, l, pid, sqlite3_column_int64(st, 2))) != 0)
		return rc;
	return note_event(v, e, id, l == L_EXIT, EV_MATCHED);
}

/*
 * An undo names the withdrawal or exit entry it undid: one of the same
 * participant, not undone before, whose row must be gone from the store.
 */
static int
check_undo(struct verifier *v, const struct rct_audit_entry *e, int exit)
{
	const char *what = exit ? "exit" : "withdrawal";
	char pid[32], num[32], reason[1024];
	int64_t id, undoes;
	size_t i;
	int rc;

	if (field(e, "participant", pid, sizeof(pid)) == NULL ||
	    rct_register_participant_parse(pid, &id) < 0 ||
	    field(e, "undoes", num, sizeof(num)) == NULL ||
	    field(e, "reason", reason, sizeof(reason)) == NULL)
		return mismatch(e,
		    "its payload names no participant, entry "
		    "and reason");
	undoes = atoll(num);
	rct_buf_reset(&v->payload);
	rct_followup_undo_payload(&v->payload, id, undoes, reason);
	if ((rc = canonical(v, e)) != 0)
		return rc;
	for (i = v->nevents; i-- > 0;)
		if (v->events[i].seq == undoes)
			break;
	if (i == (size_t)-1 || v->events[i].participant != id ||
	    v->events[i].exit != exit || v->events[i].state == EV_UNDONE)
		return mismatch(e,
		    "it undoes entry %lld, which is no %s of %s still in "
		    "force",
		    (long long)undoes, what, pid);
	if (v->events[i].state == EV_MATCHED)
		return mismatch(e,
		    "it undid the %s of %s (entry %lld), but the row is still "
		    "in the store",
		    what, pid, (long long)undoes);
	v->events[i].state = EV_UNDONE;
	return 0;
}

/* A withdrawal or exit whose row went missing and that no undo undid. */
static int
check_pending_events(struct verifier *v)
{
	char pid[RCT_PID_MAX];
	size_t i;

	for (i = 0; i < v->nevents; i++) {
		if (v->events[i].state != EV_PENDING)
			continue;
		rct_register_participant_format(pid, v->events[i].participant);
		return rct_error(RCT_ECHECK,
		    "audit entry %lld (%s) does not match the store: %s has no "
		    "%s, and no entry undid it",
		    (long long)v->events[i].seq,
		    v->events[i].exit ? "exit" : "withdraw", pid,
		    v->events[i].exit ? "exit" : "withdrawal");
	}
	return 0;
}

static int
check_correction(struct verifier *v, const struct rct_audit_entry *e)
{
	sqlite3_stmt *st = v->lookup[L_CORRECTION];
	char pid[RCT_PID_MAX];

	if (!find(v, L_CORRECTION, NULL, e->seq))
		return mismatch(e, "its correction is not in the store");
	rct_register_participant_format(pid, sqlite3_column_int64(st, 0));
	rct_buf_reset(&v->payload);
	rct_correct_payload(&v->payload, sqlite3_column_int64(st, 0),
	    col(st, 1), col(st, 2), col(st, 3), col(st, 4));
	return same_payload(v, e, L_CORRECTION, pid,
	    sqlite3_column_int64(st, 5));
}

static int
check_promotion(struct verifier *v, const struct rct_audit_entry *e)
{
	sqlite3_stmt *st = v->lookup[L_PROMOTION];
	char pid[32], rank[32];
	int64_t id;

	if (field(e, "participant", pid, sizeof(pid)) == NULL ||
	    rct_register_participant_parse(pid, &id) < 0 ||
	    field(e, "rank", rank, sizeof(rank)) == NULL)
		return mismatch(e, "its payload names no participant");
	if (!find(v, L_PROMOTION, NULL, id))
		return mismatch(e, "%s is not on a waiting list", pid);
	if (sqlite3_column_int64(st, 0) != atoll(rank) ||
	    sqlite3_column_int64(st, 1) != e->seq)
		return mismatch(e, "the waiting list differs for %s", pid);
	v->matched[L_PROMOTION]++;
	return 0;
}

/*
 * A protocol version's concealed part: its sealed row carries the
 * commitment the entry made (concealed.h).  Without the secret that is
 * all that can be checked; with it, verify --replay opens it too.
 */
static int
check_concealed(struct verifier *v, const struct rct_audit_entry *e,
    int64_t version)
{
	sqlite3_stmt *st = v->lookup[L_CONCEALED];
	char hash[80];

	if (field(e, "concealed_hash", hash, sizeof(hash)) == NULL)
		return 0;
	if (!find(v, L_CONCEALED, NULL, version))
		return mismatch(e,
		    "the concealed part of protocol version %lld is missing",
		    (long long)version);
	if (strcmp(col(st, 0), hash) != 0 ||
	    sqlite3_column_int64(st, 1) != e->seq)
		return mismatch(e,
		    "the concealed part of protocol version %lld was edited",
		    (long long)version);
	v->matched[L_CONCEALED]++;
	return 0;
}

static int
check_protocol(struct verifier *v, const struct rct_audit_entry *e,
    int64_t version)
{
	sqlite3_stmt *st = v->lookup[L_PROTOCOL];
	unsigned char h[32];
	char hash[80], text_hash[65];

	if (field(e, "protocol_hash", hash, sizeof(hash)) == NULL)
		return mismatch(e, "its payload names no protocol hash");
	if (version == 0 &&
	    (field(e, "version", hash, sizeof(hash)) == NULL ||
		(version = atoll(hash)) < 2 ||
		field(e, "protocol_hash", hash, sizeof(hash)) == NULL))
		return mismatch(e, "its payload names no version");
	if (!find(v, L_PROTOCOL, NULL, version))
		return mismatch(e, "protocol version %lld is missing",
		    (long long)version);
	/* The text itself must still have the hash the entry committed to. */
	crypto_generichash(h, sizeof(h), sqlite3_column_blob(st, 2),
	    (size_t)sqlite3_column_bytes(st, 2), NULL, 0);
	sodium_bin2hex(text_hash, sizeof(text_hash), h, sizeof(h));
	if (strcmp(col(st, 0), hash) != 0 || strcmp(text_hash, hash) != 0)
		return mismatch(e, "protocol version %lld was edited",
		    (long long)version);
	if (sqlite3_column_int64(st, 1) != e->seq)
		return mismatch(e, "protocol version %lld names entry %lld",
		    (long long)version, (long long)sqlite3_column_int64(st, 1));
	v->matched[L_PROTOCOL]++;
	return check_concealed(v, e, version);
}

static int
same_meta(struct verifier *v, const struct rct_audit_entry *e, const char *key)
{
	char want[160], *have = NULL;
	int rc;

	if (field(e, key, want, sizeof(want)) == NULL)
		return mismatch(e, "its payload has no %s", key);
	if ((rc = rct_store_meta(v->s, key, &have)) != 0)
		return rc;
	rc = strcmp(have, want) == 0 ?
	    0 :
	    mismatch(e, "the store's %s is %s", key, have);
	free(have);
	return rc;
}

/* The keys init (or the migration to schema 3) recorded, when it did. */
static int
same_keys(struct verifier *v, const struct rct_audit_entry *e)
{
	static const char *const keys[] = {"linkage_key", "pseudonym_check"};
	char buf[160];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (field(e, keys[i], buf, sizeof(buf)) != NULL &&
		    (rc = same_meta(v, e, keys[i])) != 0)
			return rc;
	return 0;
}

static int
check_reveal(struct verifier *v, const struct rct_audit_entry *e)
{
	unsigned char secret[32];
	int rc;

	if ((rc = same_meta(v, e, "secret")) != 0)
		return rc;
	/* The revealed secret must be the one committed to at init. */
	rc = rct_allocation_secret(v->s, secret);
	sodium_memzero(secret, sizeof(secret));
	return rc;
}

/*
 * Read the participant cursor's current row, with its identity, into a
 * digest.  Identities are read in participant order alongside (a join
 * would need an index that a million-row import cannot afford to fill).
 */
static int
digest_participant(struct verifier *v, struct rct_digest *d)
{
	static const unsigned char none[RCT_SEALED_BYTES];
	sqlite3_stmt *st = v->participants, *id = v->identities;
	int64_t pid = sqlite3_column_int64(st, 0);
	const unsigned char *pseudonym = none, *sealed = none;
	size_t sealed_len = RCT_SEALED_BYTES;

	if (v->irow && sqlite3_column_int64(id, 0) < pid)
		return rct_error(RCT_ECHECK,
		    "an identity belongs to "
		    "participant %lld, who is not in the "
		    "store",
		    (long long)sqlite3_column_int64(id, 0));
	if (v->irow && sqlite3_column_int64(id, 0) == pid &&
	    sqlite3_column_bytes(id, 1) == RCT_PSEUDONYM_BYTES &&
	    (sqlite3_column_bytes(id, 2) == RCT_SEALED_BYTES ||
		sqlite3_column_bytes(id, 2) == RCT_SEALED_LEGACY_BYTES)) {
		pseudonym = sqlite3_column_blob(id, 1);
		sealed = sqlite3_column_blob(id, 2);
		sealed_len = (size_t)sqlite3_column_bytes(id, 2);
	}
	rct_digest_participant(d, pid, col(st, 1), pseudonym, sealed,
	    sealed_len, col(st, 2), col(st, 3));
	if (v->irow && sqlite3_column_int64(id, 0) == pid)
		v->irow = sqlite3_step(id) == SQLITE_ROW;
	return 0;
}

static void
digest_outcome(struct verifier *v, struct rct_digest *d)
{
	sqlite3_stmt *st = v->outcomes;

	rct_digest_outcome(d, sqlite3_column_int64(st, 0),
	    sqlite3_column_int64(st, 1), col(st, 2), col(st, 3), col(st, 4));
}

/*
 * The rows of a bulk entry: those at the cursor naming this entry.  Rows
 * before them that name an earlier entry belong to none.
 */
static int
check_rows(struct verifier *v, const struct rct_audit_entry *e,
    int participants)
{
	sqlite3_stmt *st = participants ? v->participants : v->outcomes;
	int *on_row = participants ? &v->prow : &v->orow;
	int seq_col = participants ? 6 : 5;
	struct rct_digest d;
	char digest[65], want[80], count[32], first[32], last[32];
	int64_t n = 0, id = 0, first_id = 0;

	if (field(e, "digest", want, sizeof(want)) == NULL ||
	    field(e, "count", count, sizeof(count)) == NULL ||
	    field(e, "first", first, sizeof(first)) == NULL ||
	    field(e, "last", last, sizeof(last)) == NULL)
		return mismatch(e, "its payload lacks the digest of its rows");
	rct_digest_init(&d);
	while (*on_row && sqlite3_column_int64(st, seq_col) <= e->seq) {
		id = sqlite3_column_int64(st, 0);
		if (sqlite3_column_int64(st, seq_col) < e->seq)
			return rct_error(RCT_ECHECK,
			    "%s %lld names audit entry "
			    "%lld, which did not add it",
			    participants ? "participant" : "outcome",
			    (long long)id,
			    (long long)sqlite3_column_int64(st, seq_col));
		if (n++ == 0)
			first_id = id;
		if (participants) {
			int rc = digest_participant(v, &d);

			if (rc != 0)
				return rc;
		} else
			digest_outcome(v, &d);
		*on_row = sqlite3_step(st) == SQLITE_ROW;
	}
	rct_digest_final(&d, digest);
	if (n != atoll(count))
		return mismatch(e, "it added %s rows, the store holds %lld",
		    count, (long long)n);
	if (participants) {
		char pf[RCT_PID_MAX], pl[RCT_PID_MAX];

		rct_register_participant_format(pf, first_id);
		rct_register_participant_format(pl, id);
		if (strcmp(pf, first) != 0 || strcmp(pl, last) != 0)
			return mismatch(e,
			    "its participants are %s to %s in "
			    "the store",
			    pf, pl);
		v->r->participants += n;
	} else if (first_id != atoll(first) || id != atoll(last))
		return mismatch(e, "its outcomes are rows %lld to %lld",
		    (long long)first_id, (long long)id);
	if (strcmp(digest, want) != 0)
		return mismatch(e, "its rows were edited since");
	return 0;
}

/* A screening report: the current one is matched; replaced ones pass. */
static int
check_screen(struct verifier *v, const struct rct_audit_entry *e)
{
	char site[64], month[16];
	int current, rc;

	if (field(e, "site", site, sizeof(site)) == NULL ||
	    field(e, "month", month, sizeof(month)) == NULL)
		return mismatch(e, "its payload names no site and month");
	if ((rc = rct_screening_check(v->s, site, month, e->seq, e->payload,
		 &current)) != 0)
		return rc;
	v->screenings += current;
	return 0;
}

static int
check_entry(void *arg, const struct rct_audit_entry *e)
{
	struct verifier *v = arg;
	const char *a = e->action;
	int rc;

	v->r->entries++;
	if ((rc = rct_cover_entry(v->cover, e)) != 0)
		return rc;
	if (strcmp(a, "init") == 0) {
		if ((rc = same_meta(v, e, "commitment")) != 0 ||
		    (rc = same_meta(v, e, "signing_key")) != 0 ||
		    (rc = same_keys(v, e)) != 0)
			return rc;
		return check_protocol(v, e, 1);
	}
	if (strcmp(a, "site.add") == 0)
		return check_site(v, e);
	if (strcmp(a, "enrol") == 0)
		return check_rows(v, e, 1);
	if (strcmp(a, "outcome.import") == 0)
		return check_rows(v, e, 0);
	if (strcmp(a, "withdraw") == 0)
		return check_event(v, e, L_WITHDRAWAL);
	if (strcmp(a, "exit") == 0)
		return check_event(v, e, L_EXIT);
	if (strcmp(a, "withdraw.undo") == 0)
		return check_undo(v, e, 0);
	if (strcmp(a, "exit.undo") == 0)
		return check_undo(v, e, 1);
	if (strcmp(a, "site.rename") == 0)
		return check_site_change(v, e, 1);
	if (strcmp(a, "site.remove") == 0)
		return check_site_change(v, e, 0);
	if (strcmp(a, "allocate") == 0) {
		v->r->allocations++;
		return check_allocation(v, e, 0);
	}
	if (strcmp(a, "allocate.cluster") == 0)
		return check_allocation(v, e, 1);
	if (strcmp(a, "batch") == 0)
		return check_batch(v, e);
	if (strcmp(a, "promote") == 0)
		return check_promotion(v, e);
	if (strcmp(a, "correct") == 0)
		return check_correction(v, e);
	if (strcmp(a, "protocol.amend") == 0)
		return check_protocol(v, e, 0);
	if (strcmp(a, "reveal") == 0)
		return check_reveal(v, e);
	if (strcmp(a, "screen") == 0)
		return check_screen(v, e);
	if (strcmp(a, "store.migrate") == 0)
		return same_keys(v, e);
	/* An export writes no row: the entry is the record of who and when. */
	if (strcmp(a, "linkage.export") == 0)
		return 0;
	/* Users and sessions: replayed by cover.c (user_cover.c). */
	if (rct_user_cover_action(a))
		return 0;
	return rct_error(RCT_ECHECK,
	    "audit entry %lld has an unknown action "
	    "'%s'",
	    (long long)e->seq, a);
}

static int
check_counts(struct verifier *v)
{
	sqlite3_stmt *st;
	long screenings;
	int64_t n;
	int l, rc;

	if ((rc = rct_store_stmt(v->s,
		 "SELECT (SELECT count(*) FROM "
		 "identity) - (SELECT count(*) FROM "
		 "participant)",
		 &st)) != 0)
		return rc;
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	rct_store_stmt_done(v->s, st);
	if (n != 0)
		return rct_error(RCT_ECHECK,
		    "the store holds identities of "
		    "people who are not participants");
	if (v->prow)
		return rct_error(RCT_ECHECK,
		    "participant %lld has no "
		    "enrolment entry",
		    (long long)sqlite3_column_int64(v->participants, 0));
	if (v->orow)
		return rct_error(RCT_ECHECK,
		    "outcome row %lld has no import "
		    "entry",
		    (long long)sqlite3_column_int64(v->outcomes, 0));
	if ((rc = rct_screening_count(v->s, &screenings)) != 0)
		return rc;
	if (screenings != v->screenings)
		return rct_error(RCT_ECHECK,
		    "the store holds %ld screening report(s) but the audit "
		    "log describes %ld",
		    screenings, v->screenings);
	for (l = 0; l < NLOOKUPS; l++) {
		if ((rc = rct_store_prepare(v->s, &st, count_sql[l])) != 0)
			return rc;
		n = sqlite3_step(st) == SQLITE_ROW ?
		    sqlite3_column_int64(st, 0) :
		    -1;
		rct_store_stmt_done(v->s, st);
		if (n != v->matched[l])
			return rct_error(RCT_ECHECK,
			    "the store holds %lld %s "
			    "row(s) but the audit log "
			    "describes %lld",
			    (long long)n, table_name[l],
			    (long long)v->matched[l]);
	}
	return 0;
}

static int
check_published_head(struct rct_store *s, const char *hex)
{
	unsigned char hash[32];
	sqlite3_stmt *st;
	size_t len = 0;
	int rc;

	if (sodium_hex2bin(hash, sizeof(hash), hex, strlen(hex), NULL, &len,
		NULL) != 0 ||
	    len != sizeof(hash))
		return rct_error(RCT_EINVAL, "head '%s' is not 64 hex digits",
		    hex);
	if ((rc = rct_store_stmt(s,
		 "SELECT seq FROM audit_head "
		 "WHERE hash = ?",
		 &st)) != 0)
		return rc;
	sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_STATIC);
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_ROW)
		return rct_error(RCT_ECHECK,
		    "the published head %s is not in "
		    "the log: it was cut short or "
		    "rewritten",
		    hex);
	return 0;
}

int
rct_verify_store(struct rct_store *s, const char *head_hash,
    struct rct_verify_report *r)
{
	struct verifier v;
	char sig[129], hash[65];
	int l, rc;

	memset(&v, 0, sizeof(v));
	memset(r, 0, sizeof(*r));
	v.s = s;
	v.r = r;
	rct_buf_init(&v.payload);
	if ((rc = rct_cover_schema(s)) != 0 ||
	    (rc = rct_cover_open(&v.cover, s)) != 0)
		goto out;
	for (l = 0; l < NLOOKUPS; l++)
		if ((rc = rct_store_prepare(s, &v.lookup[l], lookup_sql[l])) !=
		    0)
			goto out;
	if ((rc = rct_store_prepare(s, &v.participants,
		 "SELECT id, site, baseline, stratum, NULL, NULL, audit_seq "
		 "FROM participant ORDER BY id")) != 0 ||
	    (rc = rct_store_prepare(s, &v.identities,
		 "SELECT participant, pseudonym, sealed FROM identity ORDER BY "
		 "participant")) != 0 ||
	    (rc = rct_store_prepare(s, &v.outcomes,
		 "SELECT id, participant, name, value, date, audit_seq FROM "
		 "outcome ORDER BY id")) != 0)
		goto out;
	v.prow = sqlite3_step(v.participants) == SQLITE_ROW;
	v.irow = sqlite3_step(v.identities) == SQLITE_ROW;
	v.orow = sqlite3_step(v.outcomes) == SQLITE_ROW;
	/* One pass: each entry's link in the chain, then its rows. */
	if ((rc = rct_audit_verify_chain_with(s, NULL, check_entry, &v)) == 0 &&
	    (rc = check_pending_events(&v)) == 0 &&
	    (rc = check_counts(&v)) == 0 && (rc = check_sites(&v)) == 0 &&
	    (rc = rct_cover_finish(v.cover)) == 0 &&
	    (rc = rct_checkpoint_verify(s, &r->checkpoints)) == 0 &&
	    (rc = rct_audit_head(s, &r->head_seq, hash, sig)) == 0 && head_hash)
		rc = check_published_head(s, head_hash);
out:
	for (l = 0; l < NLOOKUPS; l++)
		sqlite3_finalize(v.lookup[l]);
	sqlite3_finalize(v.participants);
	sqlite3_finalize(v.identities);
	sqlite3_finalize(v.outcomes);
	rct_cover_free(v.cover);
	rct_buf_release(&v.payload);
	for (l = 0; l < (int)v.nsites; l++)
		free(v.sites[l].name);
	free(v.sites);
	free(v.events);
	return rc;
}

int
rct_verify_allocations(struct rct_store *s,
    int (*fn)(void *arg, const struct rct_logged_allocation *a), void *arg)
{
	struct rct_logged_allocation a;
	sqlite3_stmt *st;
	char *values[256];
	int n, i, rc;

	if ((rc = rct_store_stmt(s,
		 "SELECT al.audit_seq, al.participant, al.cluster, al.arm, "
		 "al.sequence, al.position, al.probabilities, al.detail, "
		 "p.site, p.stratum, p.baseline FROM allocation al "
		 "JOIN participant p ON p.id = al.participant "
		 "UNION ALL "
		 "SELECT c.audit_seq, 0, c.cluster, c.arm, c.sequence, "
		 "c.position, c.probabilities, c.detail, p.site, p.stratum, "
		 "p.baseline FROM cluster_allocation c "
		 "JOIN participant p ON p.id = (SELECT min(participant) FROM "
		 "allocation m WHERE m.cluster = c.cluster) "
		 "ORDER BY 1",
		 &st)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&a, 0, sizeof(a));
		a.seq = sqlite3_column_int64(st, 0);
		a.participant = sqlite3_column_int64(st, 1);
		a.cluster = col(st, 2);
		a.arm = col(st, 3);
		a.sequence = col(st, 4);
		a.position = sqlite3_column_int64(st, 5);
		a.probabilities = col(st, 6);
		a.detail = col(st, 7);
		a.site = col(st, 8);
		a.stratum = col(st, 9);
		if ((n = rct_json_strings(col(st, 10), values, 256)) < 0) {
			rc = rct_error(RCT_ECHECK,
			    "the baseline of allocation "
			    "entry %lld is damaged",
			    (long long)a.seq);
			break;
		}
		a.values = (const char *const *)values;
		a.nvalues = (size_t)n;
		rc = fn(arg, &a);
		for (i = 0; i < n; i++)
			free(values[i]);
		if (rc != 0)
			break;
	}
	rct_store_stmt_done(s, st);
	if (rc == SQLITE_DONE)
		return 0;
	return rc < 0 ? rc : rct_store_sql_error(s, "reading allocations");
}
