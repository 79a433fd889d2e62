/*
 * Sessions of the web service (user_session.h): created after a login,
 * looked up by the hash of their token on every request, revoked at
 * logout or when their user changes.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "error.h"
#include "store_internal.h"
#include "text.h"
#include "user_internal.h"
#include "user_session.h"

/* The hash the store keeps of a token's bytes. */
static void
token_hash(unsigned char out[32], const unsigned char *token)
{
	static const char domain[] = RCT_SESSION_TOKEN_DOMAIN;
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const unsigned char *)domain,
	    sizeof(domain));
	crypto_generichash_update(&st, token, RCT_SESSION_TOKEN_BYTES);
	crypto_generichash_final(&st, out, 32);
}

/* The hash of a token given as hex; -1 when it is not 64 hex digits. */
static int
token_hash_hex(unsigned char out[32], const char *token)
{
	unsigned char bytes[RCT_SESSION_TOKEN_BYTES];
	size_t len = 0;

	if (strlen(token) != 2 * RCT_SESSION_TOKEN_BYTES ||
	    sodium_hex2bin(bytes, sizeof(bytes), token, strlen(token), NULL,
		&len, NULL) != 0 ||
	    len != sizeof(bytes)) {
		sodium_memzero(bytes, sizeof(bytes));
		return -1;
	}
	token_hash(out, bytes);
	sodium_memzero(bytes, sizeof(bytes));
	return 0;
}

static int
revoke_entry(struct rct_store *s, int64_t id, const char *user,
    const char *reason)
{
	struct rct_buf b = RCT_BUF_INIT;
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(s,
		 "UPDATE session SET revoked_seq = ? WHERE id = ?", &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, rct_audit_next_seq(s));
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_DONE)
		return rct_store_sql_error(s, "revoking a session");
	rct_buf_addf(&b, "{\"session\":%lld,\"name\":", (long long)id);
	rct_buf_add_json_string(&b, user);
	rct_buf_adds(&b, ",\"reason\":");
	rct_buf_add_json_string(&b, reason);
	rct_buf_addc(&b, '}');
	return rct_audit_append_buf(s, "session.revoke", &b);
}

int
rct_user_session_create(struct rct_store *s, const char *user,
    char token[RCT_SESSION_TOKEN_HEX], struct rct_session_info *info)
{
	unsigned char bytes[RCT_SESSION_TOKEN_BYTES], hash[32];
	struct rct_buf b = RCT_BUF_INIT;
	struct rct_user_row u;
	sqlite3_stmt *st;
	char now[21], expires[21], digest[65];
	int64_t id;
	int rc;

	token[0] = '\0';
	if ((rc = rct_user_load(s, user, &u)) != 0)
		return rc;
	sodium_memzero(u.hash, sizeof(u.hash));
	if (u.disabled)
		return rct_error(RCT_EINVAL,
		    "user '%s' is disabled: no session", user);
	rct_text_now(now);
	rct_user_time_add(expires, now, RCT_SESSION_ABSOLUTE_SECONDS);
	randombytes_buf(bytes, sizeof(bytes));
	token_hash(hash, bytes);
	if ((rc = rct_store_stmt(s,
		 "INSERT INTO session(token_hash, user, created_at, "
		 "last_seen, idle_seconds, expires_at, revoked_seq, "
		 "audit_seq) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
		 &st)) != 0)
		goto out;
	sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_STATIC);
	sqlite3_bind_text(st, 2, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, RCT_SESSION_IDLE_SECONDS);
	sqlite3_bind_text(st, 6, expires, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, rct_audit_next_seq(s));
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_DONE) {
		rc = rct_store_sql_error(s, "creating a session");
		goto out;
	}
	id = sqlite3_last_insert_rowid(s->db);
	rct_user_digest(digest, RCT_SESSION_TOKEN_DOMAIN, hash, sizeof(hash));
	rct_buf_addf(&b, "{\"session\":%lld,\"name\":", (long long)id);
	rct_buf_add_json_string(&b, user);
	rct_buf_addf(&b,
	    ",\"token\":\"%s\",\"idle_seconds\":%d,\"expires_at\":\"%s\"}",
	    digest, RCT_SESSION_IDLE_SECONDS, expires);
	if ((rc = rct_audit_append_buf(s, "session.create", &b)) != 0)
		goto out;
	sodium_bin2hex(token, RCT_SESSION_TOKEN_HEX, bytes, sizeof(bytes));
	if (info) {
		memset(info, 0, sizeof(*info));
		info->id = id;
		snprintf(info->user, sizeof(info->user), "%s", user);
		snprintf(info->role, sizeof(info->role), "%s", u.role);
		info->must_change = u.must_change;
		memcpy(info->expires_at, expires, sizeof(expires));
	}
out:
	sodium_memzero(bytes, sizeof(bytes));
	return rc;
}

/*
 * The session of a token, with what its user's row says of it (read in
 * the same statement: a server checks a session on every request):
 * *found 0 when there is none.
 */
struct session_row {
	int64_t id;
	char user[RCT_USER_NAME_MAX + 1];
	char last_seen[21];
	long long idle_seconds;
	char expires_at[21];
	int revoked;
	char role[16];
	int must_change, disabled;
};

static int
find_session(struct rct_store *s, const char *token, struct session_row *r,
    int *found)
{
	unsigned char hash[32];
	sqlite3_stmt *st;
	int rc;

	memset(r, 0, sizeof(*r));
	*found = 0;
	if (token_hash_hex(hash, token) != 0)
		return 0;
	if ((rc = rct_store_stmt(s,
		 "SELECT session.id, session.user, last_seen, idle_seconds, "
		 "expires_at, revoked_seq IS NOT NULL, user.role, "
		 "user.must_change, user.disabled FROM session JOIN user ON "
		 "user.name = session.user WHERE token_hash = ?",
		 &st)) != 0)
		return rc;
	sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(st, 0);
		snprintf(r->user, sizeof(r->user), "%s",
		    (const char *)sqlite3_column_text(st, 1));
		snprintf(r->last_seen, sizeof(r->last_seen), "%s",
		    (const char *)sqlite3_column_text(st, 2));
		r->idle_seconds = sqlite3_column_int64(st, 3);
		snprintf(r->expires_at, sizeof(r->expires_at), "%s",
		    (const char *)sqlite3_column_text(st, 4));
		r->revoked = sqlite3_column_int(st, 5);
		snprintf(r->role, sizeof(r->role), "%s",
		    (const char *)sqlite3_column_text(st, 6));
		r->must_change = sqlite3_column_int(st, 7) != 0;
		r->disabled = sqlite3_column_int(st, 8) != 0;
		*found = 1;
		rc = SQLITE_DONE;
	}
	rct_store_stmt_done(s, st);
	return rc == SQLITE_DONE ? 0 :
				   rct_store_sql_error(s, "reading a session");
}

int
rct_user_session_validate(struct rct_store *s, const char *token,
    enum rct_session_status *status, struct rct_session_info *info)
{
	struct session_row r;
	sqlite3_stmt *st;
	char now[21];
	long long now_s, last_s, expires_s;
	int found, touch, rc;

	*status = RCT_SESSION_UNKNOWN;
	if (info)
		memset(info, 0, sizeof(*info));
	if ((rc = find_session(s, token, &r, &found)) != 0 || !found)
		return rc;
	rct_text_now(now);
	now_s = rct_user_time_seconds(now);
	last_s = rct_user_time_seconds(r.last_seen);
	expires_s = rct_user_time_seconds(r.expires_at);
	if (now_s < 0 || last_s < 0 || expires_s < 0 || r.idle_seconds < 0) {
		*status = RCT_SESSION_EXPIRED; /* damaged: never accepted */
		return 0;
	}
	if (r.revoked) {
		*status = RCT_SESSION_REVOKED;
		return 0;
	}
	if (now_s >= expires_s) {
		*status = RCT_SESSION_EXPIRED;
		return 0;
	}
	if (now_s >= last_s + r.idle_seconds) {
		*status = RCT_SESSION_IDLE;
		return 0;
	}
	if (r.disabled) {
		*status = RCT_SESSION_DISABLED;
		return 0;
	}
	touch = now_s - last_s >= RCT_SESSION_TOUCH_SECONDS;
	if (touch && !rct_store_reading(s)) {
		if ((rc = rct_store_stmt(s,
			 "UPDATE session SET last_seen = ? WHERE id = ? AND "
			 "last_seen < ?",
			 &st)) != 0)
			return rc;
		sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, r.id);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		rct_store_stmt_done(s, st);
		if (rc != SQLITE_DONE)
			return rct_store_sql_error(s, "updating a session");
		touch = 0;
	}
	*status = RCT_SESSION_OK;
	if (info) {
		info->touch_due = touch;
		info->id = r.id;
		snprintf(info->user, sizeof(info->user), "%s", r.user);
		snprintf(info->role, sizeof(info->role), "%s", r.role);
		info->must_change = r.must_change;
		memcpy(info->expires_at, r.expires_at, sizeof(r.expires_at));
	}
	return 0;
}

int
rct_user_session_revoke(struct rct_store *s, const char *token,
    const char *reason)
{
	struct session_row r;
	int found, rc;

	if ((rc = rct_text_check("the reason", reason)) != 0)
		return rc;
	if ((rc = find_session(s, token, &r, &found)) != 0)
		return rc;
	if (!found || r.revoked)
		return rct_error(RCT_ENOTFOUND, "no such session is live");
	return revoke_entry(s, r.id, r.user, reason);
}

int
rct_user_session_revoke_user(struct rct_store *s, const char *name,
    const char *reason)
{
	sqlite3_stmt *st;
	int64_t ids[64];
	char now[21];
	int n, i, rc;

	rct_text_now(now);
	/* In rounds, as revoking writes to the table being read. */
	do {
		if ((rc = rct_store_stmt(s,
			 "SELECT id FROM session WHERE user = ? AND "
			 "revoked_seq IS NULL AND expires_at > ? ORDER BY id "
			 "LIMIT 64",
			 &st)) != 0)
			return rc;
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
		for (n = 0; n < 64 && sqlite3_step(st) == SQLITE_ROW; n++)
			ids[n] = sqlite3_column_int64(st, 0);
		rct_store_stmt_done(s, st);
		for (i = 0; i < n; i++)
			if ((rc = revoke_entry(s, ids[i], name, reason)) != 0)
				return rc;
	} while (n == 64);
	return 0;
}
