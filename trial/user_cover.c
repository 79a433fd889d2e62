/*
 * verify's check of users and sessions (user_internal.h), driven by
 * cover.c: every user and session entry is replayed, in log order, into
 * the rows it must have left, checking on the way that the log kept the
 * rules (a lockout after RCT_USER_FAILURES_MAX failures in a row, for
 * RCT_USER_LOCKOUT_SECONDS; nothing done for a user who does not exist or
 * is disabled); after the last entry the tables user, user_site and
 * session must hold exactly the replayed rows, field by field, and no
 * other.  A password hash is matched through the digest its entry keeps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "error.h"
#include "json.h"
#include "store_internal.h"
#include "user_internal.h"

struct cover_user {
	char name[RCT_USER_NAME_MAX + 1];
	char role[16];
	char *sites; /* as the entry wrote them: a JSON array, in order */
	char password[65]; /* the digest of the hash */
	int must_change, disabled;
	long failed;
	char locked_until[21];
	int64_t created_seq, changed_seq;
	char changed_action[32];
};

struct cover_session {
	int64_t id;
	char user[RCT_USER_NAME_MAX + 1];
	char token[65]; /* the digest of the token's hash */
	char created_at[21];
	long long idle_seconds;
	char expires_at[21];
	int64_t revoked_seq, audit_seq;
};

struct rct_user_cover {
	struct cover_user *u;
	size_t nu, capu;
	struct cover_session *ss;
	size_t nss, capss;
};

static const char *const actions[] = {"user.add", "user.disable", "user.reset",
    "user.password", "user.login", "user.login_failed", "user.lockout",
    "session.create", "session.revoke", NULL};

int
rct_user_cover_action(const char *action)
{
	size_t i;

	for (i = 0; actions[i]; i++)
		if (strcmp(actions[i], action) == 0)
			return 1;
	return 0;
}

int
rct_user_cover_open(struct rct_user_cover **out)
{
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	return 0;
}

void
rct_user_cover_free(struct rct_user_cover *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nu; i++)
		free(c->u[i].sites);
	free(c->u);
	free(c->ss);
	free(c);
}

static int
bad(const struct rct_audit_entry *e, const char *what)
{
	return rct_error(RCT_ECHECK, "audit entry %lld (%s) %s",
	    (long long)e->seq, e->action, what);
}

/* Users are few: a linear search. */
static struct cover_user *
user_of(struct rct_user_cover *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nu; i++)
		if (strcmp(c->u[i].name, name) == 0)
			return &c->u[i];
	return NULL;
}

static struct cover_session *
session_of(struct rct_user_cover *c, int64_t id)
{
	size_t i;

	for (i = 0; i < c->nss; i++)
		if (c->ss[i].id == id)
			return &c->ss[i];
	return NULL;
}

static int
add_user(struct rct_user_cover *c, const struct rct_audit_entry *e,
    const char *name)
{
	struct cover_user *u;
	char role[16], sites[4096], pw[80];

	if (user_of(c, name))
		return bad(e, "adds a user who exists");
	if (rct_json_field(e->payload, "role", role, sizeof(role)) != 0 ||
	    rct_json_field(e->payload, "sites", sites, sizeof(sites)) != 0 ||
	    rct_json_field(e->payload, "password", pw, sizeof(pw)) != 0 ||
	    strlen(pw) != 64)
		return bad(e, "names no role, sites and password digest");
	if (c->nu == c->capu) {
		size_t cap = c->capu ? 2 * c->capu : 16;
		struct cover_user *more = realloc(c->u, cap * sizeof(*more));

		if (more == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		c->u = more;
		c->capu = cap;
	}
	u = &c->u[c->nu];
	memset(u, 0, sizeof(*u));
	if ((u->sites = strdup(sites)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	c->nu++;
	snprintf(u->name, sizeof(u->name), "%s", name);
	snprintf(u->role, sizeof(u->role), "%s", role);
	memcpy(u->password, pw, 65);
	u->must_change = 1;
	u->created_seq = u->changed_seq = e->seq;
	snprintf(u->changed_action, sizeof(u->changed_action), "user.add");
	return 0;
}

static int
session_entry(struct rct_user_cover *c, const struct rct_audit_entry *e,
    const char *name, struct cover_user *u)
{
	struct cover_session *x;
	char num[32], token[80], expires[32];
	int64_t id;

	if (rct_json_field(e->payload, "session", num, sizeof(num)) != 0 ||
	    (id = atoll(num)) < 1)
		return bad(e, "names no session");
	x = session_of(c, id);
	if (strcmp(e->action, "session.revoke") == 0) {
		if (x == NULL || strcmp(x->user, name) != 0)
			return bad(e,
			    "revokes a session of that user that no "
			    "entry created");
		if (x->revoked_seq)
			return bad(e, "revokes a session revoked before");
		x->revoked_seq = e->seq;
		return 0;
	}
	if (x)
		return bad(e, "creates a session that exists");
	if (u->disabled)
		return bad(e, "creates a session of a disabled user");
	if (rct_json_field(e->payload, "token", token, sizeof(token)) != 0 ||
	    strlen(token) != 64 ||
	    rct_json_field(e->payload, "idle_seconds", num, sizeof(num)) != 0 ||
	    rct_json_field(e->payload, "expires_at", expires,
		sizeof(expires)) != 0 ||
	    rct_user_time_seconds(expires) < 0 || strcmp(expires, e->at) <= 0)
		return bad(e, "names no token digest, idle time and expiry");
	if (c->nss == c->capss) {
		size_t cap = c->capss ? 2 * c->capss : 64;
		struct cover_session *more =
		    realloc(c->ss, cap * sizeof(*more));

		if (more == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		c->ss = more;
		c->capss = cap;
	}
	x = &c->ss[c->nss++];
	memset(x, 0, sizeof(*x));
	x->id = id;
	snprintf(x->user, sizeof(x->user), "%.64s", name);
	memcpy(x->token, token, 65);
	snprintf(x->created_at, sizeof(x->created_at), "%s", e->at);
	x->idle_seconds = atoll(num);
	snprintf(x->expires_at, sizeof(x->expires_at), "%.20s", expires);
	x->audit_seq = e->seq;
	return 0;
}

int
rct_user_cover_entry(struct rct_user_cover *c, const struct rct_audit_entry *e)
{
	struct cover_user *u;
	char name[RCT_USER_NAME_MAX + 8], buf[80], until[21];
	const char *a = e->action;

	if (rct_json_field(e->payload, "name", name, sizeof(name)) != 0 ||
	    !rct_user_name_valid(name))
		return bad(e, "names no valid user");
	if (strcmp(a, "user.add") == 0)
		return add_user(c, e, name);
	if ((u = user_of(c, name)) == NULL)
		return bad(e, "names a user whom no entry added");
	if (strncmp(a, "session.", 8) == 0)
		return session_entry(c, e, name, u);
	if (u->disabled)
		return bad(e, "changes a disabled user");
	if (strcmp(a, "user.disable") == 0) {
		u->disabled = 1;
	} else if (strcmp(a, "user.reset") == 0 ||
	    strcmp(a, "user.password") == 0) {
		if (rct_json_field(e->payload, "password", buf, sizeof(buf)) !=
			0 ||
		    strlen(buf) != 64)
			return bad(e, "names no password digest");
		memcpy(u->password, buf, 65);
		u->must_change = strcmp(a, "user.reset") == 0;
		u->failed = 0;
		u->locked_until[0] = '\0';
	} else if (strcmp(a, "user.login") == 0) {
		u->failed = 0;
		u->locked_until[0] = '\0';
	} else if (strcmp(a, "user.login_failed") == 0) {
		if (rct_json_field(e->payload, "failed", buf, sizeof(buf)) !=
			0 ||
		    atol(buf) != u->failed + 1 ||
		    u->failed + 1 >= RCT_USER_FAILURES_MAX)
			return bad(e,
			    "does not count the failed logins in a "
			    "row");
		if (u->locked_until[0] && strcmp(e->at, u->locked_until) < 0)
			return bad(e,
			    "counts a login while the user was "
			    "locked");
		u->failed++;
		u->locked_until[0] = '\0';
	} else if (strcmp(a, "user.lockout") == 0) {
		if (u->failed != RCT_USER_FAILURES_MAX - 1)
			return bad(e,
			    "locks a user without the failed logins "
			    "that lock");
		rct_user_time_add(until, e->at, RCT_USER_LOCKOUT_SECONDS);
		if (rct_json_field(e->payload, "until", buf, sizeof(buf)) !=
			0 ||
		    strcmp(buf, until) != 0)
			return bad(e,
			    "locks a user for another time than the "
			    "lockout's");
		u->failed = 0;
		memcpy(u->locked_until, until, sizeof(until));
	}
	u->changed_seq = e->seq;
	snprintf(u->changed_action, sizeof(u->changed_action), "%s", a);
	return 0;
}

static int
edited(const struct cover_user *u, const char *what, const char *store,
    const char *log)
{
	return rct_error(RCT_ECHECK,
	    "user '%s' has %s '%s' in the store, but audit entry %lld (%s) "
	    "left it '%s': the row was edited outside the toolkit",
	    u->name, what, store, (long long)u->changed_seq, u->changed_action,
	    log);
}

static const char *
col(sqlite3_stmt *st, int i)
{
	const char *v = (const char *)sqlite3_column_text(st, i);

	return v ? v : "";
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct cover_user *)a)->name,
	    ((const struct cover_user *)b)->name);
}

static int
by_id(const void *a, const void *b)
{
	const struct cover_session *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* One user row against its replay. */
static int
same_user(const struct cover_user *u, sqlite3_stmt *st)
{
	char digest[65], num[32], num2[32];
	const char *hash = col(st, 2);

	if (strcmp(col(st, 1), u->role) != 0)
		return edited(u, "role", col(st, 1), u->role);
	rct_user_digest(digest, RCT_USER_PASSWORD_DOMAIN, hash, strlen(hash));
	if (strcmp(digest, u->password) != 0)
		return rct_error(RCT_ECHECK,
		    "user '%s' has a password hash that no audit entry "
		    "describes (the last, %lld, describes another): it was "
		    "replaced outside the toolkit",
		    u->name, (long long)u->changed_seq);
	if (sqlite3_column_int64(st, 3) != u->must_change)
		return edited(u, "must_change", col(st, 3),
		    u->must_change ? "1" : "0");
	if (sqlite3_column_int64(st, 4) != u->disabled)
		return edited(u, "disabled", col(st, 4),
		    u->disabled ? "1" : "0");
	snprintf(num, sizeof(num), "%ld", u->failed);
	if (sqlite3_column_type(st, 5) != SQLITE_INTEGER ||
	    sqlite3_column_int64(st, 5) != u->failed)
		return edited(u, "failed_logins", col(st, 5), num);
	if (strcmp(col(st, 6), u->locked_until) != 0)
		return edited(u, "locked_until", col(st, 6), u->locked_until);
	snprintf(num, sizeof(num), "%lld", (long long)u->created_seq);
	snprintf(num2, sizeof(num2), "%lld", (long long)u->changed_seq);
	if (sqlite3_column_int64(st, 7) != u->created_seq)
		return edited(u, "created_seq", col(st, 7), num);
	if (sqlite3_column_int64(st, 8) != u->changed_seq)
		return edited(u, "changed_seq", col(st, 8), num2);
	return 0;
}

static int
check_users(struct rct_user_cover *c, struct rct_store *s)
{
	sqlite3_stmt *st;
	size_t i = 0;
	int rc;

	if (c->nu)
		qsort(c->u, c->nu, sizeof(*c->u), by_name);
	if ((rc = rct_store_stmt(s,
		 "SELECT name, role, password_hash, must_change, disabled, "
		 "failed_logins, locked_until, created_seq, changed_seq, "
		 "(SELECT coalesce(json_group_array(site), '[]') FROM (SELECT "
		 "site FROM user_site WHERE user = u.name ORDER BY site)) "
		 "FROM user u ORDER BY name",
		 &st)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = col(st, 0);

		if (i == c->nu || strcmp(c->u[i].name, name) > 0) {
			rc = rct_error(RCT_ECHECK,
			    "the store holds user '%s', whom no audit entry "
			    "added: the row was added outside the toolkit",
			    name);
			goto out;
		}
		if (strcmp(c->u[i].name, name) < 0)
			break;
		if ((rc = same_user(&c->u[i], st)) != 0)
			goto out;
		if (strcmp(col(st, 9), c->u[i].sites) != 0) {
			rc = rct_error(RCT_ECHECK,
			    "user '%s' has the sites %s in the store, but "
			    "audit entry %lld (user.add) gave %s: they were "
			    "edited outside the toolkit",
			    name, col(st, 9), (long long)c->u[i].created_seq,
			    c->u[i].sites);
			goto out;
		}
		i++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = rct_store_sql_error(s, "reading users");
		goto out;
	}
	rc = 0;
	if (i < c->nu)
		rc = rct_error(RCT_ECHECK,
		    "audit entry %lld added user '%s', but the store has no "
		    "such row: it was deleted outside the toolkit",
		    (long long)c->u[i].created_seq, c->u[i].name);
out:
	rct_store_stmt_done(s, st);
	return rc;
}

/* user_site rows of no user are not read by the join above. */
static int
check_sites(struct rct_store *s)
{
	sqlite3_stmt *st;
	int64_t n;
	int rc;

	if ((rc = rct_store_stmt(s,
		 "SELECT count(*) FROM user_site WHERE user NOT IN (SELECT "
		 "name FROM user)",
		 &st)) != 0)
		return rc;
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	rct_store_stmt_done(s, st);
	if (n != 0)
		return rct_error(RCT_ECHECK,
		    "the store holds %lld site(s) of no user: they were added "
		    "outside the toolkit",
		    (long long)n);
	return 0;
}

static int
same_session(const struct cover_session *x, sqlite3_stmt *st)
{
	const char *seen = col(st, 4);
	char digest[65];

	if (sqlite3_column_bytes(st, 1) == 32)
		rct_user_digest(digest, RCT_SESSION_TOKEN_DOMAIN,
		    sqlite3_column_blob(st, 1), 32);
	else
		digest[0] = '\0';
	if (strcmp(digest, x->token) != 0 || strcmp(col(st, 2), x->user) ||
	    strcmp(col(st, 3), x->created_at) != 0 ||
	    sqlite3_column_int64(st, 5) != x->idle_seconds ||
	    strcmp(col(st, 6), x->expires_at) != 0 ||
	    sqlite3_column_int64(st, 7) != x->revoked_seq ||
	    (sqlite3_column_type(st, 7) == SQLITE_NULL) != !x->revoked_seq ||
	    sqlite3_column_int64(st, 8) != x->audit_seq)
		return rct_error(RCT_ECHECK,
		    "session %lld of user '%s' differs from what audit entry "
		    "%lld made of it%s: it was edited outside the toolkit",
		    (long long)x->id, x->user, (long long)x->audit_seq,
		    x->revoked_seq ? " and the revocation left" : "");
	if (rct_user_time_seconds(seen) < 0 ||
	    strcmp(seen, x->created_at) < 0 || strcmp(seen, x->expires_at) > 0)
		return rct_error(RCT_ECHECK,
		    "session %lld was last seen at '%s', outside its life "
		    "from %s to %s: it was edited outside the toolkit",
		    (long long)x->id, seen, x->created_at, x->expires_at);
	return 0;
}

static int
check_sessions(struct rct_user_cover *c, struct rct_store *s)
{
	sqlite3_stmt *st;
	size_t i = 0;
	int64_t id;
	int rc;

	if (c->nss)
		qsort(c->ss, c->nss, sizeof(*c->ss), by_id);
	if ((rc = rct_store_stmt(s,
		 "SELECT id, token_hash, user, created_at, last_seen, "
		 "idle_seconds, expires_at, revoked_seq, audit_seq FROM "
		 "session ORDER BY id",
		 &st)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (i == c->nss || c->ss[i].id > id) {
			rc = rct_error(RCT_ECHECK,
			    "the store holds session %lld, which no audit entry "
			    "created: the row was added outside the toolkit",
			    (long long)id);
			goto out;
		}
		if (c->ss[i].id < id)
			break;
		if ((rc = same_session(&c->ss[i], st)) != 0)
			goto out;
		i++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = rct_store_sql_error(s, "reading sessions");
		goto out;
	}
	rc = 0;
	if (i < c->nss)
		rc = rct_error(RCT_ECHECK,
		    "audit entry %lld created session %lld, but the store has "
		    "no such row: it was deleted outside the toolkit",
		    (long long)c->ss[i].audit_seq, (long long)c->ss[i].id);
out:
	rct_store_stmt_done(s, st);
	return rc;
}

int
rct_user_cover_finish(struct rct_user_cover *c, struct rct_store *s)
{
	int rc;

	if ((rc = check_users(c, s)) != 0 || (rc = check_sites(s)) != 0 ||
	    (rc = check_sessions(c, s)) != 0)
		return rc;
	return 0;
}
