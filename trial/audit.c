/*
 * The audit log's hash chain and signed heads (audit.h).  Appending costs
 * one BLAKE2b and one INSERT per entry; signing happens once per commit in
 * rct_audit_sign_head(), called by rct_store_commit() with the signing key.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "audit_internal.h"
#include "batch.h"
#include "checkpoint_internal.h"
#include "error.h"
#include "store_internal.h"
#include "text.h"

static const char entry_domain[] = "rct-audit-v1";
static const char head_domain[] = "rct-head-v1";

static void
put_be64(unsigned char out[8], uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--) {
		out[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

static void
hash_string(crypto_generichash_state *st, const char *s)
{
	unsigned char len[8];
	size_t n = strlen(s);

	put_be64(len, n);
	crypto_generichash_update(st, len, 8);
	crypto_generichash_update(st, (const unsigned char *)s, n);
}

void
rct_audit_entry_hash(unsigned char out[RCT_AUDIT_HASH_BYTES],
    const struct rct_audit_entry *e)
{
	crypto_generichash_state st;
	unsigned char seq[8];

	crypto_generichash_init(&st, NULL, 0, RCT_AUDIT_HASH_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)entry_domain,
	    sizeof(entry_domain));
	crypto_generichash_update(&st, e->prev, RCT_AUDIT_HASH_BYTES);
	put_be64(seq, (uint64_t)e->seq);
	crypto_generichash_update(&st, seq, 8);
	hash_string(&st, e->at);
	hash_string(&st, e->actor);
	hash_string(&st, e->action);
	hash_string(&st, e->payload);
	crypto_generichash_final(&st, out, RCT_AUDIT_HASH_BYTES);
}

static void
head_message(unsigned char msg[sizeof(head_domain) + 8 + 32], int64_t seq,
    const unsigned char hash[32])
{
	memcpy(msg, head_domain, sizeof(head_domain));
	put_be64(msg + sizeof(head_domain), (uint64_t)seq);
	memcpy(msg + sizeof(head_domain) + 8, hash, 32);
}

/*
 * The operating-system user of the process (its effective uid), never
 * $USER or $LOGNAME, which anyone can set.  Only a test build lets
 * RCT_ACTOR name someone else.
 */
static void
os_user(char *out, size_t len)
{
	struct passwd *pw = getpwuid(geteuid());

#ifdef RCT_TEST_CLOCK
	const char *a = getenv("RCT_ACTOR");

	if (a && *a) {
		snprintf(out, len, "%s", a);
		return;
	}
#endif
	if (pw && pw->pw_name && *pw->pw_name)
		snprintf(out, len, "%s", pw->pw_name);
	else
		snprintf(out, len, "uid:%ld", (long)geteuid());
}

/* The web service's authenticated user, per thread (rct_audit_set_actor). */
static _Thread_local char service_actor[RCT_ACTOR_MAX];

void
rct_audit_set_actor(const char *actor)
{
	snprintf(service_actor, sizeof(service_actor), "%s",
	    actor ? actor : "");
}

int
rct_audit_actor_of(char out[RCT_ACTOR_MAX])
{
	const char *behalf = getenv("RCT_ON_BEHALF_OF");
	char user[128];
	size_t i, n;

	if (service_actor[0] != '\0') {
		snprintf(out, RCT_ACTOR_MAX, "%s", service_actor);
		return 0;
	}
	os_user(user, sizeof(user));
	if (behalf == NULL || *behalf == '\0') {
		snprintf(out, RCT_ACTOR_MAX, "%s", user);
		return 0;
	}
	n = strlen(behalf);
	if (n > RCT_BEHALF_MAX || !rct_text_utf8_valid(behalf, n))
		return rct_error(RCT_EINVAL,
		    "RCT_ON_BEHALF_OF is not valid UTF-8 of at most %d bytes",
		    RCT_BEHALF_MAX);
	for (i = 0; i < n; i++)
		if ((unsigned char)behalf[i] < 0x20 || behalf[i] == 0x7f)
			return rct_error(RCT_EINVAL,
			    "RCT_ON_BEHALF_OF holds a control character");
	snprintf(out, RCT_ACTOR_MAX, "%s" RCT_BEHALF_SEP "%s)", user, behalf);
	return 0;
}

const char *
rct_audit_actor(void)
{
	static char buf[RCT_ACTOR_MAX];

	if (rct_audit_actor_of(buf) != 0) {
		rct_error_clear();
		os_user(buf, sizeof(buf));
	}
	return buf;
}

int
rct_audit_load_head(struct rct_store *s)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(s,
		 "SELECT seq, hash, at FROM audit ORDER BY seq DESC LIMIT 1",
		 &st)) != 0)
		return rc;
	s->head_seq = 0;
	memset(s->head_hash, 0, sizeof(s->head_hash));
	s->head_dirty = 0;
	s->head_at[0] = '\0';
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s->head_seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == 32)
			memcpy(s->head_hash, sqlite3_column_blob(st, 1), 32);
		if (sqlite3_column_text(st, 2))
			snprintf(s->head_at, sizeof(s->head_at), "%s",
			    (const char *)sqlite3_column_text(st, 2));
		rc = SQLITE_DONE;
	}
	rct_store_stmt_done(s, st);
	return rc == SQLITE_DONE ? 0 :
				   rct_store_sql_error(s,
				       "reading the "
				       "audit log");
}

int64_t
rct_audit_next_seq(const struct rct_store *s)
{
	return s->head_seq + 1;
}

struct rct_audit_batch {
	struct rct_store *s;
	struct rct_batch *rows;
	char at[21];
	char actor[RCT_ACTOR_MAX];
};

/*
 * Times never go backwards along the log (TRUST.md, rule 7): a clock that
 * reads earlier than the last entry is refused rather than bent to the
 * last time, since a clock that is wrong by months would otherwise stamp
 * every later entry with a time that is not when it happened.
 */
static int
check_clock(const struct rct_store *s, const char *now)
{
	if (s->head_at[0] == '\0' || strcmp(now, s->head_at) >= 0)
		return 0;
	return rct_error(RCT_EINVAL,
	    "the clock reads %s, before the time of the last audit entry "
	    "(%lld, at %s); times never go backwards along the log: set the "
	    "system clock right and try again; nothing was written",
	    now, (long long)s->head_seq, s->head_at);
}

int
rct_audit_batch_open(struct rct_audit_batch **out, struct rct_store *s)
{
	struct rct_audit_batch *b;
	int rc;

	*out = NULL;
	if (!s->in_tx)
		return rct_error(RCT_ESTORE,
		    "audit entry outside a transaction");
	if ((b = calloc(1, sizeof(*b))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	b->s = s;
	rct_text_now(b->at);
	if ((rc = check_clock(s, b->at)) != 0 ||
	    (rc = rct_audit_actor_of(b->actor)) != 0) {
		free(b);
		return rc;
	}
	if ((rc = rct_batch_open(&b->rows, s,
		 "audit(seq, at, actor, action, payload, prev, hash)", 7)) !=
	    0) {
		free(b);
		return rc;
	}
	*out = b;
	return 0;
}

int
rct_audit_batch_append(struct rct_audit_batch *b, const char *action,
    const char *payload)
{
	struct rct_store *s = b->s;
	struct rct_audit_entry e;

	e.seq = s->head_seq + 1;
	e.at = b->at;
	e.actor = b->actor;
	e.action = action;
	e.payload = payload;
	memcpy(e.prev, s->head_hash, 32);
	rct_audit_entry_hash(e.hash, &e);
	rct_batch_int(b->rows, e.seq);
	rct_batch_text(b->rows, e.at);
	rct_batch_text(b->rows, e.actor);
	rct_batch_text(b->rows, e.action);
	rct_batch_text(b->rows, e.payload);
	rct_batch_blob(b->rows, e.prev, 32);
	rct_batch_blob(b->rows, e.hash, 32);
	s->head_seq = e.seq;
	memcpy(s->head_hash, e.hash, 32);
	memcpy(s->head_at, e.at, sizeof(s->head_at));
	s->head_dirty = 1;
	rct_checkpoint_leaf(s, e.hash);
	return rct_batch_row(b->rows);
}

int
rct_audit_batch_close(struct rct_audit_batch *b)
{
	int rc;

	if (b == NULL)
		return 0;
	rc = rct_batch_flush(b->rows);
	rct_batch_free(b->rows);
	free(b);
	return rc;
}

int
rct_audit_append(struct rct_store *s, const char *action, const char *payload)
{
	struct rct_audit_batch *b;
	int rc;

	if ((rc = rct_audit_batch_open(&b, s)) != 0)
		return rc;
	if ((rc = rct_audit_batch_append(b, action, payload)) != 0) {
		rct_audit_batch_close(b);
		return rc;
	}
	return rct_audit_batch_close(b);
}

int
rct_audit_append_buf(struct rct_store *s, const char *action, struct rct_buf *b)
{
	int rc = rct_buf_failed(b) ?
	    rct_error(RCT_ENOMEM, "out of memory") :
	    rct_audit_append(s, action, rct_buf_str(b));

	rct_buf_release(b);
	return rc;
}

int
rct_audit_sign_head(struct rct_store *s, const struct rct_keys *k)
{
	unsigned char msg[sizeof(head_domain) + 8 + 32];
	unsigned char sig[crypto_sign_BYTES];
	sqlite3_stmt *st;
	char at[21];
	int rc;

	if (!s->head_dirty)
		return 0;
	head_message(msg, s->head_seq, s->head_hash);
	crypto_sign_detached(sig, NULL, msg, sizeof(msg), k->sign_sk);
	rct_text_now(at);
	if ((rc = rct_store_stmt(s,
		 "INSERT INTO audit_head(seq, hash, "
		 "signature, at) VALUES (?, ?, ?, ?)",
		 &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, s->head_seq);
	sqlite3_bind_blob(st, 2, s->head_hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, sig, sizeof(sig), SQLITE_STATIC);
	sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_DONE)
		return rct_store_sql_error(s, "signing the audit log head");
	if ((rc = rct_checkpoint_sign(s, k)) != 0)
		return rc;
	s->head_dirty = 0;
	return 0;
}

/*
 * The entry of a row (seq, at, actor, action, payload, prev, hash) into e,
 * its strings valid until the statement steps again; a hash or prev of
 * another length is left zero.  0, or -1 when a text field is empty.
 */
static int
entry_of_row(sqlite3_stmt *st, struct rct_audit_entry *e)
{
	e->seq = sqlite3_column_int64(st, 0);
	e->at = (const char *)sqlite3_column_text(st, 1);
	e->actor = (const char *)sqlite3_column_text(st, 2);
	e->action = (const char *)sqlite3_column_text(st, 3);
	e->payload = (const char *)sqlite3_column_text(st, 4);
	memset(e->prev, 0, 32);
	memset(e->hash, 0, 32);
	if (sqlite3_column_bytes(st, 5) == 32)
		memcpy(e->prev, sqlite3_column_blob(st, 5), 32);
	if (sqlite3_column_bytes(st, 6) == 32)
		memcpy(e->hash, sqlite3_column_blob(st, 6), 32);
	return e->at == NULL || e->actor == NULL || e->action == NULL ||
		e->payload == NULL ?
	    -1 :
	    0;
}

int
rct_audit_foreach(struct rct_store *s,
    int (*fn)(void *arg, const struct rct_audit_entry *e), void *arg)
{
	struct rct_audit_entry e;
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(s,
		 "SELECT seq, at, actor, action, "
		 "payload, prev, hash FROM audit ORDER BY seq",
		 &st)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (entry_of_row(st, &e) != 0) {
			rct_store_stmt_done(s, st);
			return rct_error(RCT_ECHECK,
			    "audit entry %lld has an "
			    "empty field",
			    (long long)e.seq);
		}
		if ((rc = fn(arg, &e)) != 0) {
			rct_store_stmt_done(s, st);
			return rc;
		}
	}
	rct_store_stmt_done(s, st);
	return rc == SQLITE_DONE ? 0 :
				   rct_store_sql_error(s,
				       "reading the "
				       "audit log");
}

int
rct_audit_entry_at(struct rct_store *s, int64_t seq,
    int (*fn)(void *arg, const struct rct_audit_entry *e), void *arg)
{
	struct rct_audit_entry e;
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(s,
		 "SELECT seq, at, actor, action, payload, prev, hash FROM "
		 "audit WHERE seq = ?",
		 &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) != SQLITE_ROW || entry_of_row(st, &e) != 0 ||
	    sqlite3_column_bytes(st, 5) != 32) {
		rct_store_stmt_done(s, st);
		return rct_error(RCT_ECHECK, "audit entry %lld is missing",
		    (long long)seq);
	}
	rc = fn(arg, &e);
	rct_store_stmt_done(s, st);
	return rc;
}

struct chain {
	int64_t count;
	unsigned char prev[32];
	int (*fn)(void *arg, const struct rct_audit_entry *e);
	void *arg;
};

static int
check_entry(void *arg, const struct rct_audit_entry *e)
{
	struct chain *c = arg;
	unsigned char h[32];

	if (e->seq != c->count + 1)
		return rct_error(RCT_ECHECK,
		    "audit entry %lld follows entry "
		    "%lld: an entry was deleted or reordered",
		    (long long)e->seq, (long long)c->count);
	if (memcmp(e->prev, c->prev, 32) != 0)
		return rct_error(RCT_ECHECK,
		    "audit entry %lld does not link to "
		    "entry %lld: the chain was broken",
		    (long long)e->seq, (long long)c->count);
	rct_audit_entry_hash(h, e);
	if (memcmp(h, e->hash, 32) != 0)
		return rct_error(RCT_ECHECK,
		    "audit entry %lld (%s) was edited: "
		    "its hash does not match its content",
		    (long long)e->seq, e->action);
	memcpy(c->prev, e->hash, 32);
	c->count++;
	return c->fn ? c->fn(c->arg, e) : 0;
}

static int
public_key(struct rct_store *s, unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	char *hex = NULL;
	size_t len = 0;
	int rc;

	if ((rc = rct_store_meta(s, "signing_key", &hex)) != 0)
		return rc;
	rc = sodium_hex2bin(pk, crypto_sign_PUBLICKEYBYTES, hex, strlen(hex),
	    NULL, &len, NULL);
	free(hex);
	if (rc != 0 || len != crypto_sign_PUBLICKEYBYTES)
		return rct_error(RCT_ECHECK,
		    "the store's signing key is "
		    "damaged");
	return 0;
}

/* Check every signed head against the chain; the last must end it. */
static int
check_heads(struct rct_store *s, const struct chain *c)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char msg[sizeof(head_domain) + 8 + 32];
	sqlite3_stmt *st, *entry;
	int64_t seq, last = 0;
	int rc;

	if ((rc = public_key(s, pk)) != 0)
		return rc;
	if ((rc = rct_store_stmt(s,
		 "SELECT seq, hash, signature FROM "
		 "audit_head ORDER BY seq",
		 &st)) != 0)
		return rc;
	if ((rc = rct_store_stmt(s,
		 "SELECT hash FROM audit WHERE "
		 "seq = ?",
		 &entry)) != 0) {
		rct_store_stmt_done(s, st);
		return rc;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		rc = RCT_ECHECK;
		if (sqlite3_column_bytes(st, 1) != 32 ||
		    sqlite3_column_bytes(st, 2) != crypto_sign_BYTES) {
			rct_error(rc, "signed head at entry %lld is damaged",
			    (long long)seq);
			goto out;
		}
		head_message(msg, seq, sqlite3_column_blob(st, 1));
		if (crypto_sign_verify_detached(sqlite3_column_blob(st, 2), msg,
			sizeof(msg), pk) != 0) {
			rct_error(rc,
			    "signed head at entry %lld has a bad "
			    "signature",
			    (long long)seq);
			goto out;
		}
		sqlite3_reset(entry);
		sqlite3_bind_int64(entry, 1, seq);
		if (sqlite3_step(entry) != SQLITE_ROW ||
		    sqlite3_column_bytes(entry, 0) != 32 ||
		    memcmp(sqlite3_column_blob(entry, 0),
			sqlite3_column_blob(st, 1), 32) != 0) {
			rct_error(rc,
			    "audit entry %lld differs from the head "
			    "signed at it",
			    (long long)seq);
			goto out;
		}
		last = seq;
	}
	if (rc != SQLITE_DONE) {
		rc = rct_store_sql_error(s, "reading the signed heads");
		goto out;
	}
	rc = 0;
	if (last != c->count)
		rc = rct_error(RCT_ECHECK,
		    "audit entries %lld to %lld are not "
		    "covered by a signed head: they were added outside the "
		    "toolkit",
		    (long long)last + 1, (long long)c->count);
out:
	rct_store_stmt_done(s, st);
	rct_store_stmt_done(s, entry);
	return rc;
}

int
rct_audit_verify_chain(struct rct_store *s, int64_t *entries)
{
	return rct_audit_verify_chain_with(s, entries, NULL, NULL);
}

int
rct_audit_verify_chain_with(struct rct_store *s, int64_t *entries,
    int (*fn)(void *arg, const struct rct_audit_entry *e), void *arg)
{
	struct chain c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.fn = fn;
	c.arg = arg;
	if ((rc = rct_audit_foreach(s, check_entry, &c)) != 0)
		return rc;
	if (c.count == 0)
		return rct_error(RCT_ECHECK,
		    "the audit log is empty: the init "
		    "entry was deleted");
	if ((rc = check_heads(s, &c)) != 0)
		return rc;
	if (entries)
		*entries = c.count;
	return 0;
}

int
rct_audit_head(struct rct_store *s, int64_t *seq, char hash[65],
    char signature[129])
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(s,
		 "SELECT seq, hash, signature FROM "
		 "audit_head ORDER BY seq DESC LIMIT 1",
		 &st)) != 0)
		return rc;
	if (sqlite3_step(st) != SQLITE_ROW ||
	    sqlite3_column_bytes(st, 1) != 32 ||
	    sqlite3_column_bytes(st, 2) != crypto_sign_BYTES) {
		rct_store_stmt_done(s, st);
		return rct_error(RCT_ECHECK, "the store has no signed head");
	}
	*seq = sqlite3_column_int64(st, 0);
	sodium_bin2hex(hash, 65, sqlite3_column_blob(st, 1), 32);
	sodium_bin2hex(signature, 129, sqlite3_column_blob(st, 2),
	    crypto_sign_BYTES);
	rct_store_stmt_done(s, st);
	return 0;
}

int
rct_audit_count(struct rct_store *s, const char *action, long *n)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if ((rc = rct_store_stmt(s,
		 "SELECT count(*) FROM audit WHERE action = ?", &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(st, 0);
	else
		rc = rct_store_sql_error(s, "counting audit entries");
	rct_store_stmt_done(s, st);
	return rc;
}
