/*
 * User accounts (user.h): adding, disabling, resetting and listing them,
 * and checking and changing passwords as the web service will.  Each
 * change is one UPDATE or INSERT and one audit entry; user_cover.c replays
 * the entries against the rows for verify, so the two must change
 * together here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "buf.h"
#include "error.h"
#include "store_internal.h"
#include "text.h"
#include "user.h"
#include "user_internal.h"

/*
 * What an unknown name is checked against, so that a login takes as long
 * whether the name exists or not: the hash of a random password nobody
 * kept, with the limits of RCT_USER_OPSLIMIT and RCT_USER_MEMLIMIT.
 */
static const char unknown_user_hash[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=65536,t=2,p=1$wti8MHs+8IHsakVJWxwgQg$"
    "DNC3hycAwzZBj7E4H5LPTXzEpaD3g5HZ0Sr5XCCVleU";

/* The number the n decimal digits at t write. */
static int
digits(const char *t, size_t n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*t++ - '0');
	return v;
}

long long
rct_user_time_seconds(const char *t)
{
	static const char form[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	if (t == NULL || strlen(t) != sizeof(form) - 1)
		return -1;
	for (i = 0; form[i]; i++)
		if (form[i] == 'd' ? (t[i] < '0' || t[i] > '9') :
				     t[i] != form[i])
			return -1;
	/* Digits, checked above: read as such (sscanf was a server's cost
	 * on every request, three times). */
	return (long long)rct_text_days_from_civil(digits(t, 4),
		   digits(t + 5, 2), digits(t + 8, 2)) *
	    86400 +
	    digits(t + 11, 2) * 3600 + digits(t + 14, 2) * 60 +
	    digits(t + 17, 2);
}

void
rct_user_time_add(char out[21], const char *t, long long secs)
{
	long long v = rct_user_time_seconds(t) + secs;
	unsigned day;
	char date[11];

	rct_text_date_from_days((long)(v / 86400), date);
	day = (unsigned)(v % 86400);
	snprintf(out, 21, "%.10sT%02u:%02u:%02uZ", date, day / 3600 % 24,
	    day / 60 % 60, day % 60);
}

void
rct_user_digest(char hex[65], const char *domain, const void *data, size_t len)
{
	crypto_generichash_state st;
	unsigned char h[32];

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)domain,
	    strlen(domain) + 1);
	crypto_generichash_update(&st, data, len);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

int
rct_user_name_valid(const char *name)
{
	size_t i, n = strlen(name);

	if (n < 1 || n > RCT_USER_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
			(name[i] >= '0' && name[i] <= '9') || name[i] == '.' ||
			name[i] == '-' || name[i] == '_'))
			return 0;
	return 1;
}

static int
check_name(const char *name)
{
	if (rct_user_name_valid(name))
		return 0;
	return rct_error(RCT_EINVAL,
	    "user name '%s' is not valid, expected 1 to %d lowercase "
	    "letters, digits, '.', '-' or '_'",
	    name, RCT_USER_NAME_MAX);
}

/* A fresh one-time password: 4 groups of 5, uniform over the alphabet. */
static void
otp_generate(char otp[RCT_OTP_BYTES])
{
	static const char alphabet[] = RCT_OTP_ALPHABET;
	size_t i, j, k = 0;

	for (i = 0; i < RCT_OTP_GROUPS; i++) {
		if (i > 0)
			otp[k++] = '-';
		for (j = 0; j < RCT_OTP_GROUP_LEN; j++)
			otp[k++] = alphabet[randombytes_uniform(
			    (uint32_t)(sizeof(alphabet) - 1))];
	}
	otp[k] = '\0';
}

static int
hash_password(char out[crypto_pwhash_STRBYTES], const char *password)
{
	if (crypto_pwhash_str(out, password, strlen(password),
		RCT_USER_OPSLIMIT, RCT_USER_MEMLIMIT) != 0)
		return rct_error(RCT_ENOMEM,
		    "out of memory hashing a password (Argon2id needs %zu MiB)",
		    (size_t)(RCT_USER_MEMLIMIT >> 20));
	return 0;
}

/* The row of name into u, *found 0 when there is none (not an error). */
static int
load_row(struct rct_store *s, const char *name, struct rct_user_row *u,
    int *found)
{
	sqlite3_stmt *st;
	const char *v;
	int rc;

	memset(u, 0, sizeof(*u));
	*found = 0;
	if ((rc = rct_store_stmt(s,
		 "SELECT role, password_hash, must_change, disabled, "
		 "failed_logins, locked_until, created_seq, changed_seq "
		 "FROM user WHERE name = ?",
		 &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(u->name, sizeof(u->name), "%s", name);
		v = (const char *)sqlite3_column_text(st, 0);
		snprintf(u->role, sizeof(u->role), "%s", v ? v : "");
		v = (const char *)sqlite3_column_text(st, 1);
		snprintf(u->hash, sizeof(u->hash), "%s", v ? v : "");
		u->must_change = sqlite3_column_int(st, 2) != 0;
		u->disabled = sqlite3_column_int(st, 3) != 0;
		u->failed = (long)sqlite3_column_int64(st, 4);
		v = (const char *)sqlite3_column_text(st, 5);
		snprintf(u->locked_until, sizeof(u->locked_until), "%s",
		    v ? v : "");
		u->created_seq = sqlite3_column_int64(st, 6);
		u->changed_seq = sqlite3_column_int64(st, 7);
		*found = 1;
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = rct_store_sql_error(s, "reading a user");
	rct_store_stmt_done(s, st);
	return rc;
}

int
rct_user_load(struct rct_store *s, const char *name, struct rct_user_row *u)
{
	int found, rc;

	if ((rc = load_row(s, name, u, &found)) != 0)
		return rc;
	if (!found)
		return rct_error(RCT_ENOTFOUND,
		    "user '%s' does not exist; see 'trial user list'", name);
	return 0;
}

/* The digest an entry keeps of a password hash (user.h). */
static void
add_password_digest(struct rct_buf *b, const char *hash)
{
	char hex[65];

	rct_user_digest(hex, RCT_USER_PASSWORD_DOMAIN, hash, strlen(hash));
	rct_buf_adds(b, ",\"password\":\"");
	rct_buf_adds(b, hex);
	rct_buf_addc(b, '"');
}

/* The entry {"name":NAME...} of action, with the rest added by the caller. */
static void
payload_start(struct rct_buf *b, const char *name)
{
	rct_buf_adds(b, "{\"name\":");
	rct_buf_add_json_string(b, name);
}

static int
check_sites(struct rct_store *s, const char *role, const char *const *sites,
    size_t nsites)
{
	sqlite3_stmt *st;
	size_t i, j;
	int found, rc;

	if (strcmp(role, "staff") == 0 && nsites == 0)
		return rct_error(RCT_EINVAL,
		    "a staff user needs at least one --site, the sites they "
		    "work for");
	if (strcmp(role, "staff") != 0 && nsites > 0)
		return rct_error(RCT_EINVAL,
		    "a %s has no sites: --site is only for staff", role);
	if (nsites > RCT_USER_SITES_MAX)
		return rct_error(RCT_EINVAL, "at most %d sites for one user",
		    RCT_USER_SITES_MAX);
	for (i = 0; i < nsites; i++)
		for (j = 0; j < i; j++)
			if (strcmp(sites[i], sites[j]) == 0)
				return rct_error(RCT_EINVAL,
				    "site '%s' is given twice", sites[i]);
	if ((rc = rct_store_stmt(s, "SELECT 1 FROM site WHERE code = ?",
		 &st)) != 0)
		return rc;
	for (i = 0; i < nsites; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, sites[i], -1, SQLITE_STATIC);
		found = sqlite3_step(st) == SQLITE_ROW;
		if (!found) {
			rct_store_stmt_done(s, st);
			return rct_error(RCT_ENOTFOUND,
			    "site '%s' does not exist; add it first with "
			    "'trial site add'",
			    sites[i]);
		}
	}
	rct_store_stmt_done(s, st);
	return 0;
}

static int
by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
rct_user_add(struct rct_store *s, const char *name, const char *role,
    const char *const *sites, size_t nsites, char otp[RCT_OTP_BYTES])
{
	struct rct_buf b = RCT_BUF_INIT;
	char hash[crypto_pwhash_STRBYTES];
	const char **sorted = NULL;
	sqlite3_stmt *st = NULL;
	int64_t seq = rct_audit_next_seq(s);
	size_t i;
	int rc;

	otp[0] = '\0';
	if ((rc = check_name(name)) != 0)
		return rc;
	if (strcmp(role, "staff") != 0 && strcmp(role, "researcher") != 0 &&
	    strcmp(role, "monitor") != 0)
		return rct_error(RCT_EINVAL,
		    "role '%s' is unknown, expected staff, researcher or "
		    "monitor",
		    role);
	if ((rc = check_sites(s, role, sites, nsites)) != 0)
		return rc;
	/* Sites in order: the entry and user_site read the same. */
	if (nsites && (sorted = malloc(nsites * sizeof(*sorted))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < nsites; i++)
		sorted[i] = sites[i];
	if (nsites)
		qsort(sorted, nsites, sizeof(*sorted), by_string);
	otp_generate(otp);
	if ((rc = hash_password(hash, otp)) != 0)
		goto out;
	if ((rc = rct_store_stmt(s,
		 "INSERT INTO user(name, role, password_hash, must_change, "
		 "disabled, failed_logins, locked_until, created_seq, "
		 "changed_seq) VALUES (?, ?, ?, 1, 0, 0, NULL, ?, ?)",
		 &st)) != 0)
		goto out;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, seq);
	sqlite3_bind_int64(st, 5, seq);
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	st = NULL;
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		rc = rct_error(RCT_EEXISTS, "user '%s' already exists", name);
		goto out;
	}
	if (rc != SQLITE_DONE) {
		rc = rct_store_sql_error(s, "adding a user");
		goto out;
	}
	if ((rc = rct_store_stmt(s,
		 "INSERT INTO user_site(user, site) VALUES (?, ?)", &st)) != 0)
		goto out;
	for (i = 0; i < nsites; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, sorted[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = rct_store_sql_error(s, "adding a user's sites");
			goto out;
		}
	}
	payload_start(&b, name);
	rct_buf_adds(&b, ",\"role\":");
	rct_buf_add_json_string(&b, role);
	rct_buf_adds(&b, ",\"sites\":[");
	for (i = 0; i < nsites; i++) {
		if (i)
			rct_buf_addc(&b, ',');
		rct_buf_add_json_string(&b, sorted[i]);
	}
	rct_buf_addc(&b, ']');
	add_password_digest(&b, hash);
	rct_buf_addc(&b, '}');
	rc = rct_audit_append_buf(s, "user.add", &b);
out:
	rct_store_stmt_done(s, st);
	rct_buf_release(&b);
	free(sorted);
	sodium_memzero(hash, sizeof(hash));
	if (rc != 0)
		sodium_memzero(otp, RCT_OTP_BYTES);
	return rc;
}

/*
 * Set a user's row for the entry about to be appended.  sql has nparams
 * parameters, in this order: text (when 4), num (when 3 or 4), then always
 * changed_seq (the next entry) and the user's name.
 */
static int
update_user(struct rct_store *s, const char *sql, const char *name,
    const char *text, int64_t num, int nparams)
{
	sqlite3_stmt *st;
	int rc, i = 1;

	if ((rc = rct_store_stmt(s, sql, &st)) != 0)
		return rc;
	if (nparams >= 4)
		sqlite3_bind_text(st, i++, text, -1, SQLITE_STATIC);
	if (nparams >= 3)
		sqlite3_bind_int64(st, i++, num);
	sqlite3_bind_int64(st, i++, rct_audit_next_seq(s));
	sqlite3_bind_text(st, i, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	return rc == SQLITE_DONE ? 0 :
				   rct_store_sql_error(s, "updating a user");
}

int
rct_user_disable(struct rct_store *s, const char *name, const char *reason)
{
	struct rct_buf b = RCT_BUF_INIT;
	struct rct_user_row u;
	int rc;

	if ((rc = check_name(name)) != 0)
		return rc;
	if (*reason == '\0' || strlen(reason) > 200 ||
	    !rct_text_utf8_valid(reason, strlen(reason)))
		return rct_error(RCT_EINVAL,
		    "the reason must be 1 to 200 characters of UTF-8 text");
	if ((rc = rct_text_check("the reason", reason)) != 0 ||
	    (rc = rct_user_load(s, name, &u)) != 0)
		return rc;
	if (u.disabled)
		return rct_error(RCT_EINVAL, "user '%s' is already disabled",
		    name);
	if ((rc = rct_user_session_revoke_user(s, name, "user disabled")) !=
		0 ||
	    (rc = update_user(s,
		 "UPDATE user SET disabled = 1, changed_seq = ? WHERE name = ?",
		 name, NULL, 0, 2)) != 0)
		return rc;
	payload_start(&b, name);
	rct_buf_adds(&b, ",\"reason\":");
	rct_buf_add_json_string(&b, reason);
	rct_buf_addc(&b, '}');
	return rct_audit_append_buf(s, "user.disable", &b);
}

/* Store hash, made already, as the user's (user.reset or user.password). */
static int
store_password(struct rct_store *s, const char *name, const char *hash,
    int must_change, const char *action, const char *why)
{
	struct rct_buf b = RCT_BUF_INIT;
	int rc;

	if ((rc = rct_user_session_revoke_user(s, name, why)) != 0 ||
	    (rc = update_user(s,
		 "UPDATE user SET password_hash = ?, must_change = ?, "
		 "failed_logins = 0, locked_until = NULL, changed_seq = ? "
		 "WHERE name = ?",
		 name, hash, must_change, 4)) != 0)
		return rc;
	payload_start(&b, name);
	add_password_digest(&b, hash);
	rct_buf_addc(&b, '}');
	return rct_audit_append_buf(s, action, &b);
}

/* Hash password and store it (user.reset or user.password). */
static int
set_password(struct rct_store *s, const char *name, const char *password,
    int must_change, const char *action, const char *why)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc;

	if ((rc = hash_password(hash, password)) == 0)
		rc = store_password(s, name, hash, must_change, action, why);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

int
rct_user_reset(struct rct_store *s, const char *name, char otp[RCT_OTP_BYTES])
{
	struct rct_user_row u;
	int rc;

	otp[0] = '\0';
	if ((rc = check_name(name)) != 0 ||
	    (rc = rct_user_load(s, name, &u)) != 0)
		return rc;
	sodium_memzero(u.hash, sizeof(u.hash));
	if (u.disabled)
		return rct_error(RCT_EINVAL,
		    "user '%s' is disabled: a disabled user gets no new "
		    "password",
		    name);
	otp_generate(otp);
	if ((rc = set_password(s, name, otp, 1, "user.reset",
		 "password reset")) != 0)
		sodium_memzero(otp, RCT_OTP_BYTES);
	return rc;
}

/* Whether the user is locked now; locked_until is cleared when it passed. */
static int
is_locked(const struct rct_user_row *u, const char *now)
{
	return u->locked_until[0] != '\0' && strcmp(now, u->locked_until) < 0;
}

int
rct_user_attempt_begin(struct rct_store *s, const char *name,
    struct rct_login_attempt *a)
{
	struct rct_user_row u;
	char now[21];
	int found = 0, rc;

	memset(a, 0, sizeof(*a));
	/* An unknown name costs the same Argon2id work as a known one. */
	memcpy(a->hash, unknown_user_hash, sizeof(a->hash));
	if (!rct_user_name_valid(name))
		return 0;
	snprintf(a->name, sizeof(a->name), "%s", name);
	if ((rc = load_row(s, name, &u, &found)) != 0 || !found)
		goto out;
	a->found = 1;
	rct_text_now(now);
	if (u.disabled) {
		a->decided = 1;
		a->early = RCT_LOGIN_DISABLED;
	} else if (is_locked(&u, now)) {
		a->decided = 1;
		a->early = RCT_LOGIN_LOCKED;
		memcpy(a->locked_until, u.locked_until,
		    sizeof(a->locked_until));
	} else
		memcpy(a->hash, u.hash, sizeof(a->hash));
out:
	sodium_memzero(u.hash, sizeof(u.hash));
	return rc;
}

/*
 * Test builds only (tests/bin): RCT_TEST_HASH_DELAY_MS makes each check
 * of a password that long, so that a test can see what else runs while a
 * login is hashing (t4350).
 */
static void
test_delay(void)
{
#ifdef RCT_TEST_CLOCK
	const char *ms = getenv("RCT_TEST_HASH_DELAY_MS");
	struct timespec t;
	long v;

	if (ms == NULL || (v = strtol(ms, NULL, 10)) <= 0 || v > 60000)
		return;
	t.tv_sec = v / 1000;
	t.tv_nsec = (v % 1000) * 1000000L;
	nanosleep(&t, NULL);
#endif
}

void
rct_user_attempt_verify(struct rct_login_attempt *a, const char *password,
    const char *new_password)
{
	if (a->decided)
		return;
	test_delay();
	a->verified = crypto_pwhash_str_verify(a->hash, password,
			  strlen(password)) == 0 &&
	    a->found;
	if (a->verified && new_password &&
	    crypto_pwhash_str(a->new_hash, new_password, strlen(new_password),
		RCT_USER_OPSLIMIT, RCT_USER_MEMLIMIT) != 0)
		a->hash_failed = 1;
}

void
rct_user_attempt_wipe(struct rct_login_attempt *a)
{
	sodium_memzero(a, sizeof(*a));
}

/*
 * The shared part of finishing a login and a change of password: the
 * verdict on the attempt against the user's row as it is now, a failure
 * counted and written.  *ok is set when the password is right and the
 * account may log in; u is the row then.
 */
static int
attempt_judge(struct rct_store *s, const struct rct_login_attempt *a,
    struct rct_login_result *r, struct rct_user_row *u, int *ok)
{
	struct rct_buf b = RCT_BUF_INIT;
	const char *name = a->name;
	char now[21], until[21];
	int found = 0, rc;

	*ok = 0;
	memset(r, 0, sizeof(*r));
	memset(u, 0, sizeof(*u));
	r->status = RCT_LOGIN_WRONG;
	if (a->decided) {
		r->status = a->early;
		memcpy(r->locked_until, a->locked_until,
		    sizeof(r->locked_until));
		return 0;
	}
	if (a->hash_failed)
		return rct_error(RCT_ENOMEM,
		    "out of memory hashing a password (Argon2id needs %zu MiB)",
		    (size_t)(RCT_USER_MEMLIMIT >> 20));
	/* An unknown name: wrong, and nothing is written. */
	if (!a->found)
		return 0;
	if ((rc = load_row(s, name, u, &found)) != 0 || !found)
		return rc;
	rct_text_now(now);
	if (u->disabled) {
		r->status = RCT_LOGIN_DISABLED;
		return 0;
	}
	if (is_locked(u, now)) {
		r->status = RCT_LOGIN_LOCKED;
		memcpy(r->locked_until, u->locked_until, 21);
		return 0;
	}
	/* Checked against a hash since replaced: wrong, not counted. */
	if (strlen(u->hash) != strlen(a->hash) ||
	    sodium_memcmp(u->hash, a->hash, strlen(a->hash)) != 0)
		return 0;
	if (a->verified) {
		*ok = 1;
		return 0;
	}
	payload_start(&b, name);
	if (u->failed + 1 >= RCT_USER_FAILURES_MAX) {
		rct_user_time_add(until, now, RCT_USER_LOCKOUT_SECONDS);
		if ((rc = update_user(s,
			 "UPDATE user SET locked_until = ?, failed_logins = "
			 "?, changed_seq = ? WHERE name = ?",
			 name, until, 0, 4)) != 0) {
			rct_buf_release(&b);
			return rc;
		}
		rct_buf_adds(&b, ",\"until\":\"");
		rct_buf_adds(&b, until);
		rct_buf_adds(&b, "\"}");
		r->status = RCT_LOGIN_LOCKED;
		r->failed = RCT_USER_FAILURES_MAX;
		memcpy(r->locked_until, until, 21);
		return rct_audit_append_buf(s, "user.lockout", &b);
	}
	if ((rc = update_user(s,
		 "UPDATE user SET failed_logins = ?, locked_until = NULL, "
		 "changed_seq = ? WHERE name = ?",
		 name, NULL, u->failed + 1, 3)) != 0) {
		rct_buf_release(&b);
		return rc;
	}
	rct_buf_addf(&b, ",\"failed\":%ld}", u->failed + 1);
	r->failed = (int)(u->failed + 1);
	return rct_audit_append_buf(s, "user.login_failed", &b);
}

int
rct_user_login_finish(struct rct_store *s, const struct rct_login_attempt *a,
    struct rct_login_result *r)
{
	struct rct_buf b = RCT_BUF_INIT;
	struct rct_user_row u;
	int ok, rc;

	rc = attempt_judge(s, a, r, &u, &ok);
	sodium_memzero(u.hash, sizeof(u.hash));
	if (rc != 0 || !ok)
		return rc;
	if ((rc = update_user(s,
		 "UPDATE user SET failed_logins = 0, locked_until = NULL, "
		 "changed_seq = ? WHERE name = ?",
		 a->name, NULL, 0, 2)) != 0)
		return rc;
	payload_start(&b, a->name);
	rct_buf_addc(&b, '}');
	if ((rc = rct_audit_append_buf(s, "user.login", &b)) != 0)
		return rc;
	r->status = RCT_LOGIN_OK;
	snprintf(r->role, sizeof(r->role), "%s", u.role);
	r->must_change = u.must_change;
	return 0;
}

int
rct_user_login(struct rct_store *s, const char *name, const char *password,
    struct rct_login_result *r)
{
	struct rct_login_attempt a;
	int rc;

	memset(r, 0, sizeof(*r));
	r->status = RCT_LOGIN_WRONG;
	if ((rc = rct_user_attempt_begin(s, name, &a)) == 0) {
		rct_user_attempt_verify(&a, password, NULL);
		rc = rct_user_login_finish(s, &a, r);
	}
	rct_user_attempt_wipe(&a);
	return rc;
}

int
rct_user_new_password_check(const char *old_password, const char *new_password)
{
	size_t n = strlen(new_password);

	if (n < RCT_PASSWORD_MIN)
		return rct_error(RCT_EINVAL,
		    "the new password is too short: it needs at least %d "
		    "characters",
		    RCT_PASSWORD_MIN);
	if (n > RCT_PASSWORD_MAX || !rct_text_utf8_valid(new_password, n))
		return rct_error(RCT_EINVAL,
		    "the new password must be UTF-8 text of at most %d bytes",
		    RCT_PASSWORD_MAX);
	if (rct_text_control_find(new_password, n, 0, NULL) >= 0)
		return rct_error(RCT_EINVAL,
		    "the new password holds a control character");
	if (strlen(old_password) == n &&
	    sodium_memcmp(old_password, new_password, n) == 0)
		return rct_error(RCT_EINVAL,
		    "the new password is the old one: choose another");
	return 0;
}

int
rct_user_password_finish(struct rct_store *s, const struct rct_login_attempt *a,
    struct rct_login_result *r)
{
	struct rct_user_row u;
	int ok, rc;

	rc = attempt_judge(s, a, r, &u, &ok);
	sodium_memzero(u.hash, sizeof(u.hash));
	if (rc != 0 || !ok)
		return rc;
	if ((rc = store_password(s, a->name, a->new_hash, 0, "user.password",
		 "password changed")) != 0)
		return rc;
	r->status = RCT_LOGIN_OK;
	snprintf(r->role, sizeof(r->role), "%s", u.role);
	r->must_change = 0;
	return 0;
}

int
rct_user_change_password(struct rct_store *s, const char *name,
    const char *old_password, const char *new_password,
    struct rct_login_result *r)
{
	struct rct_login_attempt a;
	int rc;

	memset(r, 0, sizeof(*r));
	r->status = RCT_LOGIN_WRONG;
	if ((rc = rct_user_new_password_check(old_password, new_password)) != 0)
		return rc;
	if ((rc = rct_user_attempt_begin(s, name, &a)) == 0) {
		rct_user_attempt_verify(&a, old_password, new_password);
		rc = rct_user_password_finish(s, &a, r);
	}
	rct_user_attempt_wipe(&a);
	return rc;
}

int
rct_user_list(struct rct_store *s, struct rct_table **out)
{
	static const char *const cols[] = {"name", "role", "sites", "disabled",
	    "must_change", "locked"};
	struct rct_table *t;
	sqlite3_stmt *st;
	const char *cells[6], *until;
	char now[21];
	int rc;

	*out = NULL;
	rct_text_now(now);
	if ((t = rct_table_new(6, cols)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if ((rc = rct_store_stmt(s,
		 "SELECT u.name, u.role, coalesce((SELECT group_concat(site, "
		 "',') FROM (SELECT site FROM user_site WHERE user = u.name "
		 "ORDER BY site)), ''), u.disabled, u.must_change, "
		 "u.locked_until FROM user u ORDER BY u.name",
		 &st)) != 0) {
		rct_table_free(t);
		return rc;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cells[0] = (const char *)sqlite3_column_text(st, 0);
		cells[1] = (const char *)sqlite3_column_text(st, 1);
		cells[2] = (const char *)sqlite3_column_text(st, 2);
		cells[3] = sqlite3_column_int(st, 3) ? "yes" : "no";
		cells[4] = sqlite3_column_int(st, 4) ? "yes" : "no";
		until = (const char *)sqlite3_column_text(st, 5);
		cells[5] = until && strcmp(now, until) < 0 ? until : "no";
		if ((rc = rct_table_add(t, cells)) != 0)
			break;
	}
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_DONE) {
		rct_table_free(t);
		return rc < 0 ? rc : rct_store_sql_error(s, "listing users");
	}
	*out = t;
	return 0;
}

int
rct_user_sites(struct rct_store *s, const char *name, char ***sites, size_t *n)
{
	sqlite3_stmt *st;
	char **list = NULL, **grown;
	size_t cap = 0;
	int rc;

	*sites = NULL;
	*n = 0;
	if ((rc = rct_store_stmt(s,
		 "SELECT site FROM user_site WHERE user = ? ORDER BY site",
		 &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 4;
			if ((grown = realloc(list, cap * sizeof(*list))) ==
			    NULL) {
				rc = RCT_ENOMEM;
				break;
			}
			list = grown;
		}
		if ((list[*n] = strdup(
			 (const char *)sqlite3_column_text(st, 0))) == NULL) {
			rc = RCT_ENOMEM;
			break;
		}
		(*n)++;
	}
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_DONE) {
		rct_user_sites_free(list, *n);
		*n = 0;
		return rc == RCT_ENOMEM ?
		    rct_error(RCT_ENOMEM, "out of memory") :
		    rct_store_sql_error(s, "reading a user's sites");
	}
	*sites = list;
	return 0;
}

void
rct_user_sites_free(char **sites, size_t n)
{
	size_t i;

	if (sites == NULL)
		return;
	for (i = 0; i < n; i++)
		free(sites[i]);
	free(sites);
}
