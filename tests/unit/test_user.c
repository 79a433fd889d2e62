/*
 * Unit tests of user accounts and sessions (trial/user.c,
 * trial/user_session.c) and of verify's replay of them
 * (trial/user_cover.c), on stores in memory.  Built with the test clock:
 * each write reads RCT_NOW when its transaction begins.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "protocol.h"
#include "site.h"
#include "store.h"
#include "store_internal.h"
#include "unit.h"
#include "user.h"
#include "user_internal.h"
#include "user_session.h"
#include "verify.h"

static const char protocol_text[] =
    "[trial]\nname = Unit trial\nregistration = R1\n"
    "[arm control]\nratio = 1\n[arm treatment]\nratio = 1\n"
    "[randomization]\nmethod = simple\n"
    "[variable birth_year]\ntype = integer\nmin = 1900\nmax = 2100\n"
    "[outcome work]\ntype = binary\ntime = 12 months\n"
    "[analysis]\nprimary = work\n";

struct fixture {
	struct rct_protocol *p;
	struct rct_store *s;
	char otp[RCT_OTP_BYTES]; /* kari's */
};

static void
at(const char *now)
{
	setenv("RCT_NOW", now, 1);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const char *sites[] = {"0301"};

	rct_error_clear();
	at("2026-10-15T10:00:00Z");
	setenv("RCT_ACTOR", "tester", 1);
	unsetenv("RCT_ON_BEHALF_OF");
	if (f == NULL || unit_store_new(&f->p, &f->s, protocol_text) != 0)
		return -1;
	if (rct_store_begin(f->s) != 0 ||
	    rct_site_add(f->s, "0301", "Oslo", 10) != 0 ||
	    rct_site_add(f->s, "4601", "Bergen", 10) != 0 ||
	    rct_user_add(f->s, "kari", "staff", sites, 1, f->otp) != 0 ||
	    rct_store_commit(f->s) != 0) {
		fprintf(stderr, "setup: %s\n", unit_messages());
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	rct_store_close(f->s);
	rct_protocol_free(f->p);
	sodium_memzero(f->otp, sizeof(f->otp));
	free(f);
	rct_error_clear();
	return 0;
}

static void
intact(struct fixture *f)
{
	struct rct_verify_report r;

	if (rct_verify_store(f->s, NULL, &r) != 0)
		fail_msg("verify: %s", unit_messages());
}

/* A login at time now, committed whatever the verdict. */
static enum rct_login_status
login(struct fixture *f, const char *now, const char *name, const char *pw)
{
	struct rct_login_result r;

	at(now);
	assert_int_equal(rct_store_begin(f->s), 0);
	if (rct_user_login(f->s, name, pw, &r) != 0)
		fail_msg("login: %s", unit_messages());
	assert_int_equal(rct_store_commit(f->s), 0);
	return r.status;
}

static void
test_user__one_time_password_is_hashed_only(void **state)
{
	struct fixture *f = *state;
	const char *hash;
	size_t i;

	assert_int_equal(strlen(f->otp), 23);
	for (i = 0; i < 23; i++)
		if (i % 6 == 5)
			assert_int_equal(f->otp[i], '-');
		else
			assert_non_null(strchr(RCT_OTP_ALPHABET, f->otp[i]));
	hash = unit_one_text(f->s, "SELECT password_hash FROM user");
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	assert_int_equal(crypto_pwhash_str_verify(hash, f->otp, 23), 0);
	assert_null(strstr(hash, f->otp));
	assert_string_equal(
	    unit_one_text(f->s,
		"SELECT count(*) FROM audit WHERE instr(payload, "
		"'argon2') OR instr(payload, 'password_hash')"),
	    "0");
	assert_string_equal(
	    unit_one_text(f->s,
		"SELECT must_change || disabled || failed_logins "
		"FROM user"),
	    "100");
	intact(f);
}

static void
test_user__names_roles_and_sites_are_checked(void **state)
{
	struct fixture *f = *state;
	const char *two[] = {"0301", "4601"}, *twice[] = {"0301", "0301"};
	const char *none[] = {"9999"};
	char otp[RCT_OTP_BYTES];

	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_user_add(f->s, "Kari", "staff", two, 2, otp),
	    RCT_EINVAL);
	assert_in_messages("user name 'Kari' is not valid, expected 1 to 64 "
			   "lowercase letters, digits, '.', '-' or '_'");
	assert_int_equal(rct_user_add(f->s, "", "monitor", NULL, 0, otp),
	    RCT_EINVAL);
	assert_int_equal(rct_user_add(f->s, "ola", "admin", NULL, 0, otp),
	    RCT_EINVAL);
	assert_in_messages("role 'admin' is unknown, expected staff, "
			   "researcher or monitor");
	assert_int_equal(rct_user_add(f->s, "ola", "staff", NULL, 0, otp),
	    RCT_EINVAL);
	assert_in_messages("a staff user needs at least one --site");
	assert_int_equal(rct_user_add(f->s, "ola", "researcher", two, 1, otp),
	    RCT_EINVAL);
	assert_in_messages("a researcher has no sites: --site is only for "
			   "staff");
	assert_int_equal(rct_user_add(f->s, "ola", "staff", none, 1, otp),
	    RCT_ENOTFOUND);
	assert_in_messages("site '9999' does not exist");
	assert_int_equal(rct_user_add(f->s, "ola", "staff", twice, 2, otp),
	    RCT_EINVAL);
	assert_int_equal(rct_user_add(f->s, "kari", "monitor", NULL, 0, otp),
	    RCT_EEXISTS);
	assert_int_equal(otp[0], '\0');
	assert_int_equal(rct_user_add(f->s, "ola.n-2_b", "staff", two, 2, otp),
	    0);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_string_equal(
	    unit_one_text(f->s,
		"SELECT group_concat(site) FROM user_site WHERE "
		"user = 'ola.n-2_b'"),
	    "0301,4601");
	intact(f);
}

static void
test_user__five_failures_lock_for_fifteen_minutes(void **state)
{
	struct fixture *f = *state;
	int i;

	for (i = 0; i < 4; i++)
		assert_int_equal(login(f, "2026-10-15T10:01:00Z", "kari",
				     "not the password"),
		    RCT_LOGIN_WRONG);
	assert_string_equal(unit_one_text(f->s,
				"SELECT failed_logins FROM user"),
	    "4");
	assert_int_equal(login(f, "2026-10-15T10:02:00Z", "kari",
			     "wrong again"),
	    RCT_LOGIN_LOCKED);
	assert_string_equal(unit_one_text(f->s,
				"SELECT locked_until FROM user"),
	    "2026-10-15T10:17:00Z");
	assert_string_equal(unit_one_text(f->s,
				"SELECT payload FROM audit WHERE action = "
				"'user.lockout'"),
	    "{\"name\":\"kari\",\"until\":\"2026-10-15T10:17:00Z\"}");
	/* The right password is refused while locked, and nothing counted. */
	assert_int_equal(login(f, "2026-10-15T10:16:59Z", "kari", f->otp),
	    RCT_LOGIN_LOCKED);
	assert_int_equal(login(f, "2026-10-15T10:17:00Z", "kari", f->otp),
	    RCT_LOGIN_OK);
	assert_string_equal(
	    unit_one_text(f->s,
		"SELECT failed_logins || coalesce(locked_until, "
		"'-') FROM user"),
	    "0-");
	/* An unknown name is wrong, and writes nothing. */
	assert_int_equal(login(f, "2026-10-15T10:18:00Z", "nobody", "x"),
	    RCT_LOGIN_WRONG);
	assert_int_equal(login(f, "2026-10-15T10:18:00Z", "Bad Name", "x"),
	    RCT_LOGIN_WRONG);
	assert_string_equal(unit_one_text(f->s,
				"SELECT count(*) FROM audit WHERE payload LIKE "
				"'%nobody%'"),
	    "0");
	intact(f);
}

static void
test_user__reset_clears_a_lockout(void **state)
{
	struct fixture *f = *state;
	char otp[RCT_OTP_BYTES];
	int i;

	for (i = 0; i < 5; i++)
		login(f, "2026-10-15T10:01:00Z", "kari", "guess guess guess");
	at("2026-10-15T10:02:00Z");
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_user_reset(f->s, "kari", otp), 0);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_string_not_equal(otp, f->otp);
	assert_int_equal(login(f, "2026-10-15T10:03:00Z", "kari", f->otp),
	    RCT_LOGIN_WRONG);
	assert_int_equal(login(f, "2026-10-15T10:03:00Z", "kari", otp),
	    RCT_LOGIN_OK);
	sodium_memzero(otp, sizeof(otp));
	intact(f);
}

static void
test_user__a_disabled_user_is_refused(void **state)
{
	struct fixture *f = *state;
	char otp[RCT_OTP_BYTES];

	at("2026-10-15T10:01:00Z");
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_user_disable(f->s, "kari", ""), RCT_EINVAL);
	assert_int_equal(rct_user_disable(f->s, "ola", "left"), RCT_ENOTFOUND);
	assert_int_equal(rct_user_disable(f->s, "kari", "left the job"), 0);
	assert_int_equal(rct_user_disable(f->s, "kari", "again"), RCT_EINVAL);
	assert_int_equal(rct_user_reset(f->s, "kari", otp), RCT_EINVAL);
	assert_in_messages("user 'kari' is disabled: a disabled user gets no "
			   "new password");
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_int_equal(login(f, "2026-10-15T10:02:00Z", "kari", f->otp),
	    RCT_LOGIN_DISABLED);
	intact(f);
}

static void
test_user__change_password(void **state)
{
	struct fixture *f = *state;
	struct rct_login_result r;

	at("2026-10-15T10:01:00Z");
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_user_change_password(f->s, "kari", f->otp, "short",
			     &r),
	    RCT_EINVAL);
	assert_in_messages("the new password is too short: it needs at least "
			   "12 characters");
	assert_int_equal(rct_user_change_password(f->s, "kari", f->otp, f->otp,
			     &r),
	    RCT_EINVAL);
	assert_in_messages("the new password is the old one");
	assert_int_equal(rct_user_change_password(f->s, "kari", "wrong old one",
			     "a long new password", &r),
	    0);
	assert_int_equal(r.status, RCT_LOGIN_WRONG);
	assert_int_equal(r.failed, 1);
	assert_int_equal(rct_user_change_password(f->s, "kari", f->otp,
			     "a long new password", &r),
	    0);
	assert_int_equal(r.status, RCT_LOGIN_OK);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_string_equal(
	    unit_one_text(f->s,
		"SELECT must_change || failed_logins FROM user"),
	    "00");
	assert_int_equal(login(f, "2026-10-15T10:02:00Z", "kari", f->otp),
	    RCT_LOGIN_WRONG);
	assert_int_equal(login(f, "2026-10-15T10:02:00Z", "kari",
			     "a long new password"),
	    RCT_LOGIN_OK);
	intact(f);
}

/* The first step of a login at time now, in a transaction of its own. */
static void
attempt(struct fixture *f, const char *now, const char *name, const char *pw,
    struct rct_login_attempt *a)
{
	at(now);
	assert_int_equal(rct_store_begin(f->s), 0);
	if (rct_user_attempt_begin(f->s, name, a) != 0)
		fail_msg("begin: %s", unit_messages());
	rct_store_rollback(f->s);
	rct_user_attempt_verify(a, pw, NULL);
}

/* The last step of a login at time now, committed. */
static enum rct_login_status
finish(struct fixture *f, const char *now, struct rct_login_attempt *a)
{
	struct rct_login_result r;

	at(now);
	assert_int_equal(rct_store_begin(f->s), 0);
	if (rct_user_login_finish(f->s, a, &r) != 0)
		fail_msg("finish: %s", unit_messages());
	assert_int_equal(rct_store_commit(f->s), 0);
	rct_user_attempt_wipe(a);
	return r.status;
}

static void
test_user__attempts_side_by_side_count_as_in_a_row(void **state)
{
	struct fixture *f = *state;
	struct rct_login_attempt a[6];
	int i;

	/* Six guesses begun before any is recorded: the fifth locks. */
	for (i = 0; i < 6; i++)
		attempt(f, "2026-10-15T10:01:00Z", "kari", "guess guess",
		    &a[i]);
	for (i = 0; i < 4; i++)
		assert_int_equal(finish(f, "2026-10-15T10:01:01Z", &a[i]),
		    RCT_LOGIN_WRONG);
	assert_string_equal(unit_one_text(f->s,
				"SELECT failed_logins FROM user"),
	    "4");
	assert_int_equal(finish(f, "2026-10-15T10:01:02Z", &a[4]),
	    RCT_LOGIN_LOCKED);
	assert_int_equal(finish(f, "2026-10-15T10:01:03Z", &a[5]),
	    RCT_LOGIN_LOCKED);
	assert_string_equal(unit_one_text(f->s,
				"SELECT count(*) FROM audit WHERE action IN "
				"('user.login_failed', 'user.lockout')"),
	    "5");
	/* The right password, checked before the lock, is refused after it. */
	attempt(f, "2026-10-15T10:02:00Z", "kari", f->otp, &a[0]);
	assert_int_equal(a[0].decided, 1);
	assert_int_equal(finish(f, "2026-10-15T10:02:01Z", &a[0]),
	    RCT_LOGIN_LOCKED);
	intact(f);
}

static void
test_user__a_change_in_between_is_refused(void **state)
{
	struct fixture *f = *state;
	struct rct_login_attempt a, b;
	char otp[RCT_OTP_BYTES];

	/* Right password, then a reset: refused, nothing written or counted. */
	attempt(f, "2026-10-15T10:01:00Z", "kari", f->otp, &a);
	assert_int_equal(a.verified, 1);
	attempt(f, "2026-10-15T10:01:00Z", "kari", "wrong wrong", &b);
	at("2026-10-15T10:01:01Z");
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_user_reset(f->s, "kari", otp), 0);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_string_equal(unit_one_text(f->s, "SELECT max(seq) FROM audit"),
	    "5");
	assert_int_equal(finish(f, "2026-10-15T10:01:02Z", &a),
	    RCT_LOGIN_WRONG);
	assert_int_equal(finish(f, "2026-10-15T10:01:02Z", &b),
	    RCT_LOGIN_WRONG);
	assert_string_equal(unit_one_text(f->s, "SELECT max(seq) FROM audit"),
	    "5");
	assert_string_equal(unit_one_text(f->s,
				"SELECT failed_logins FROM user"),
	    "0");
	/* Right password, then disabled: refused as disabled, no session. */
	attempt(f, "2026-10-15T10:02:00Z", "kari", otp, &a);
	assert_int_equal(a.verified, 1);
	at("2026-10-15T10:02:01Z");
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_user_disable(f->s, "kari", "left"), 0);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_int_equal(finish(f, "2026-10-15T10:02:02Z", &a),
	    RCT_LOGIN_DISABLED);
	assert_string_equal(unit_one_text(f->s,
				"SELECT count(*) FROM audit WHERE action = "
				"'user.login'"),
	    "0");
	sodium_memzero(otp, sizeof(otp));
	intact(f);
}

static void
test_user__a_password_change_in_three_steps(void **state)
{
	struct fixture *f = *state;
	struct rct_login_result r;
	struct rct_login_attempt a;

	at("2026-10-15T10:01:00Z");
	assert_int_equal(rct_user_new_password_check(f->otp, "short"),
	    RCT_EINVAL);
	assert_int_equal(rct_user_new_password_check(f->otp,
			     "a long new password"),
	    0);
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_user_attempt_begin(f->s, "kari", &a), 0);
	rct_store_rollback(f->s);
	rct_user_attempt_verify(&a, f->otp, "a long new password");
	assert_int_equal(a.verified, 1);
	assert_int_equal(strncmp(a.new_hash, "$argon2id$", 10), 0);
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_user_password_finish(f->s, &a, &r), 0);
	assert_int_equal(rct_store_commit(f->s), 0);
	rct_user_attempt_wipe(&a);
	assert_int_equal(r.status, RCT_LOGIN_OK);
	assert_int_equal(login(f, "2026-10-15T10:02:00Z", "kari",
			     "a long new password"),
	    RCT_LOGIN_OK);
	/* An unknown name costs a hash too, and is wrong. */
	attempt(f, "2026-10-15T10:03:00Z", "nobody", "x", &a);
	assert_int_equal(a.found, 0);
	assert_int_equal(a.decided, 0);
	assert_int_equal(strncmp(a.hash, "$argon2id$", 10), 0);
	assert_int_equal(finish(f, "2026-10-15T10:03:00Z", &a),
	    RCT_LOGIN_WRONG);
	intact(f);
}

/* Validate a token at time now, committed. */
static enum rct_session_status
validate(struct fixture *f, const char *now, const char *token)
{
	enum rct_session_status st;
	struct rct_session_info info;

	at(now);
	assert_int_equal(rct_store_begin(f->s), 0);
	if (rct_user_session_validate(f->s, token, &st, &info) != 0)
		fail_msg("validate: %s", unit_messages());
	assert_int_equal(rct_store_commit(f->s), 0);
	if (st == RCT_SESSION_OK)
		assert_string_equal(info.user, "kari");
	return st;
}

static void
new_session(struct fixture *f, const char *now,
    char token[RCT_SESSION_TOKEN_HEX])
{
	struct rct_session_info info;

	at(now);
	assert_int_equal(rct_store_begin(f->s), 0);
	if (rct_user_session_create(f->s, "kari", token, &info) != 0)
		fail_msg("session: %s", unit_messages());
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_string_equal(info.role, "staff");
	assert_int_equal(strlen(token), 64);
}

static void
test_session__idle_after_thirty_minutes(void **state)
{
	struct fixture *f = *state;
	char token[RCT_SESSION_TOKEN_HEX], sql[256];

	new_session(f, "2026-10-15T10:00:00Z", token);
	/* Only a hash is kept: neither the token nor its bytes. */
	assert_string_equal(unit_one_text(f->s,
				"SELECT length(token_hash) FROM session"),
	    "32");
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM session WHERE hex(token_hash) = upper('%s') "
	    "OR token_hash = '%s'",
	    token, token);
	assert_string_equal(unit_one_text(f->s, sql), "0");
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM audit WHERE instr(lower(payload), '%s')",
	    token);
	assert_string_equal(unit_one_text(f->s, sql), "0");
	assert_int_equal(validate(f, "2026-10-15T10:29:59Z", token),
	    RCT_SESSION_OK);
	/* Seen at 10:29:59: idle from then. */
	assert_int_equal(validate(f, "2026-10-15T10:59:58Z", token),
	    RCT_SESSION_OK);
	assert_int_equal(validate(f, "2026-10-15T11:29:58Z", token),
	    RCT_SESSION_IDLE);
	assert_int_equal(
	    validate(f, "2026-10-15T11:30:00Z",
		"00000000000000000000000000000000000000000000000000"
		"00000000000000"),
	    RCT_SESSION_UNKNOWN);
	assert_int_equal(validate(f, "2026-10-15T11:30:00Z", "short"),
	    RCT_SESSION_UNKNOWN);
	sodium_memzero(token, sizeof(token));
	intact(f);
}

/* Validate a token at time now in a read transaction: the verdict. */
static enum rct_session_status
validate_reading(struct fixture *f, const char *now, const char *token,
    int *touch_due)
{
	enum rct_session_status st;
	struct rct_session_info info;

	at(now);
	assert_int_equal(rct_store_begin_read(f->s), 0);
	assert_int_equal(rct_store_reading(f->s), 1);
	if (rct_user_session_validate(f->s, token, &st, &info) != 0)
		fail_msg("validate: %s", unit_messages());
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_int_equal(rct_store_reading(f->s), 0);
	*touch_due = info.touch_due;
	return st;
}

static void
test_session__last_seen_moves_once_a_minute(void **state)
{
	struct fixture *f = *state;
	char token[RCT_SESSION_TOKEN_HEX], otp[RCT_OTP_BYTES];
	const char *sites[] = {"0301"};
	int changes, due;

	new_session(f, "2026-10-15T10:00:00Z", token);
	changes = sqlite3_total_changes(f->s->db);
	/* Under a minute: nothing written, in a write or a read. */
	assert_int_equal(validate(f, "2026-10-15T10:00:59Z", token),
	    RCT_SESSION_OK);
	assert_int_equal(validate_reading(f, "2026-10-15T10:00:59Z", token,
			     &due),
	    RCT_SESSION_OK);
	assert_int_equal(due, 0);
	assert_int_equal(sqlite3_total_changes(f->s->db), changes);
	assert_string_equal(unit_one_text(f->s,
				"SELECT last_seen FROM session"),
	    "2026-10-15T10:00:00Z");
	/* A minute: due; a read transaction says so and writes nothing. */
	assert_int_equal(validate_reading(f, "2026-10-15T10:01:00Z", token,
			     &due),
	    RCT_SESSION_OK);
	assert_int_equal(due, 1);
	assert_string_equal(unit_one_text(f->s,
				"SELECT last_seen FROM session"),
	    "2026-10-15T10:00:00Z");
	assert_int_equal(validate(f, "2026-10-15T10:01:00Z", token),
	    RCT_SESSION_OK);
	assert_string_equal(unit_one_text(f->s,
				"SELECT last_seen FROM session"),
	    "2026-10-15T10:01:00Z");
	/* Seen at 10:01:30 but not written: idle 30 minutes after 10:01. */
	assert_int_equal(validate(f, "2026-10-15T10:01:30Z", token),
	    RCT_SESSION_OK);
	assert_int_equal(validate_reading(f, "2026-10-15T10:30:59Z", token,
			     &due),
	    RCT_SESSION_OK);
	assert_int_equal(validate_reading(f, "2026-10-15T10:31:00Z", token,
			     &due),
	    RCT_SESSION_IDLE);
	/* A read transaction refuses to write. */
	at("2026-10-15T10:32:00Z");
	assert_int_equal(rct_store_begin_read(f->s), 0);
	assert_int_not_equal(rct_user_add(f->s, "ola", "staff", sites, 1, otp),
	    0);
	rct_store_rollback(f->s);
	rct_error_clear();
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_user_add(f->s, "ola", "staff", sites, 1, otp), 0);
	assert_int_equal(rct_store_commit(f->s), 0);
	sodium_memzero(otp, sizeof(otp));
	sodium_memzero(token, sizeof(token));
	intact(f);
}

static void
test_session__expires_after_twelve_hours(void **state)
{
	struct fixture *f = *state;
	char token[RCT_SESSION_TOKEN_HEX];
	char when[21];
	int m;

	new_session(f, "2026-10-15T10:00:00Z", token);
	/* Seen every 20 minutes: never idle, until 22:00. */
	for (m = 20; m <= 700; m += 20) {
		snprintf(when, sizeof(when), "2026-10-15T%02d:%02d:00Z",
		    10 + m / 60, m % 60);
		assert_int_equal(validate(f, when, token), RCT_SESSION_OK);
	}
	assert_int_equal(validate(f, "2026-10-15T21:59:59Z", token),
	    RCT_SESSION_OK);
	assert_int_equal(validate(f, "2026-10-15T22:00:00Z", token),
	    RCT_SESSION_EXPIRED);
	intact(f);
}

static void
test_session__revoked_by_logout_and_by_disable(void **state)
{
	struct fixture *f = *state;
	char a[RCT_SESSION_TOKEN_HEX], b[RCT_SESSION_TOKEN_HEX];

	new_session(f, "2026-10-15T10:00:00Z", a);
	new_session(f, "2026-10-15T10:00:00Z", b);
	at("2026-10-15T10:05:00Z");
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_user_session_revoke(f->s, a, "logout"), 0);
	assert_int_equal(rct_user_session_revoke(f->s, a, "logout"),
	    RCT_ENOTFOUND);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_int_equal(validate(f, "2026-10-15T10:06:00Z", a),
	    RCT_SESSION_REVOKED);
	assert_int_equal(validate(f, "2026-10-15T10:06:00Z", b),
	    RCT_SESSION_OK);
	at("2026-10-15T10:07:00Z");
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_user_disable(f->s, "kari", "left"), 0);
	assert_int_equal(rct_user_session_create(f->s, "kari", a, NULL),
	    RCT_EINVAL);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_int_equal(validate(f, "2026-10-15T10:08:00Z", b),
	    RCT_SESSION_REVOKED);
	assert_string_equal(unit_one_text(f->s,
				"SELECT group_concat(json_extract(payload, "
				"'$.reason')) FROM audit WHERE action = "
				"'session.revoke'"),
	    "logout,user disabled");
	intact(f);
}

/* Edit the store with sql: verify must fail naming what. */
static void
tampered(struct fixture *f, const char *sql, const char *what)
{
	struct rct_verify_report r;

	assert_int_equal(rct_store_exec(f->s, sql), 0);
	assert_int_equal(rct_verify_store(f->s, NULL, &r), RCT_ECHECK);
	assert_in_messages(what);
}

static void
test_verify__a_changed_role_is_found(void **state)
{
	tampered(*state, "UPDATE user SET role = 'researcher'",
	    "user 'kari' has role 'researcher' in the store, but audit entry "
	    "4 (user.add) left it 'staff'");
}

static void
test_verify__a_swapped_hash_is_found(void **state)
{
	char hash[crypto_pwhash_STRBYTES], sql[512];

	assert_int_equal(crypto_pwhash_str(hash, "known to me", 11,
			     RCT_USER_OPSLIMIT, RCT_USER_MEMLIMIT),
	    0);
	snprintf(sql, sizeof(sql), "UPDATE user SET password_hash = '%s'",
	    hash);
	tampered(*state, sql,
	    "user 'kari' has a password hash that no audit entry describes");
}

static void
test_verify__added_rows_are_found(void **state)
{
	struct fixture *f = *state;
	struct rct_verify_report r;

	tampered(f,
	    "INSERT INTO user SELECT 'eve', 'researcher', password_hash, 0, 0, "
	    "0, NULL, 4, 4 FROM user",
	    "the store holds user 'eve', whom no audit entry added");
	assert_int_equal(rct_store_exec(f->s,
			     "DELETE FROM user WHERE name = "
			     "'eve'"),
	    0);
	rct_error_clear();
	tampered(f, "INSERT INTO user_site VALUES ('kari', '4601')",
	    "user 'kari' has the sites [\"0301\",\"4601\"] in the store");
	assert_int_equal(rct_store_exec(f->s,
			     "DELETE FROM user_site WHERE "
			     "site = '4601'"),
	    0);
	rct_error_clear();
	assert_int_equal(rct_verify_store(f->s, NULL, &r), 0);
	tampered(f,
	    "INSERT INTO session VALUES (1, zeroblob(32), 'kari', "
	    "'2026-10-15T10:00:00Z', '2026-10-15T10:00:00Z', 1800, "
	    "'2026-10-15T22:00:00Z', NULL, 4)",
	    "the store holds session 1, which no audit entry created");
}

static void
test_verify__a_revived_session_is_found(void **state)
{
	struct fixture *f = *state;
	char token[RCT_SESSION_TOKEN_HEX];

	new_session(f, "2026-10-15T10:00:00Z", token);
	assert_int_equal(rct_store_begin(f->s), 0);
	assert_int_equal(rct_user_session_revoke(f->s, token, "logout"), 0);
	assert_int_equal(rct_store_commit(f->s), 0);
	intact(f);
	tampered(f, "UPDATE session SET revoked_seq = NULL",
	    "session 1 of user 'kari' differs from what audit entry 5 made of "
	    "it and the revocation left");
}

/* Times of the store's form, as seconds since 1970 (timegm's figures). */
static void
test_user__times_read_as_seconds(void **state)
{
	char out[21];

	(void)state;
	assert_int_equal(rct_user_time_seconds("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(rct_user_time_seconds("2026-12-02T18:02:16Z"),
	    1796234536LL);
	assert_int_equal(rct_user_time_seconds("2000-02-29T23:59:59Z"),
	    951868799LL);
	assert_int_equal(rct_user_time_seconds("1999-12-31T23:59:59Z"),
	    946684799LL);
	assert_int_equal(rct_user_time_seconds("2026-12-02 18:02:16Z"), -1);
	assert_int_equal(rct_user_time_seconds("2026-12-02T18:02:1xZ"), -1);
	assert_int_equal(rct_user_time_seconds("2026-12-02T18:02:16"), -1);
	assert_int_equal(rct_user_time_seconds("2026-12-02T18:02:16Z0"), -1);
	assert_int_equal(rct_user_time_seconds(NULL), -1);
	rct_user_time_add(out, "1999-12-31T23:59:59Z", 1);
	assert_string_equal(out, "2000-01-01T00:00:00Z");
	rct_user_time_add(out, "2000-02-28T23:30:00Z", 3600);
	assert_string_equal(out, "2000-02-29T00:30:00Z");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_user__times_read_as_seconds),
	    T(test_user__one_time_password_is_hashed_only),
	    T(test_user__names_roles_and_sites_are_checked),
	    T(test_user__five_failures_lock_for_fifteen_minutes),
	    T(test_user__reset_clears_a_lockout),
	    T(test_user__a_disabled_user_is_refused),
	    T(test_user__change_password),
	    T(test_user__attempts_side_by_side_count_as_in_a_row),
	    T(test_user__a_change_in_between_is_refused),
	    T(test_user__a_password_change_in_three_steps),
	    T(test_session__idle_after_thirty_minutes),
	    T(test_session__last_seen_moves_once_a_minute),
	    T(test_session__expires_after_twelve_hours),
	    T(test_session__revoked_by_logout_and_by_disable),
	    T(test_verify__a_changed_role_is_found),
	    T(test_verify__a_swapped_hash_is_found),
	    T(test_verify__added_rows_are_found),
	    T(test_verify__a_revived_session_is_found),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
