/*
 * User accounts of the web service (TRUST.md, "The parties"): site staff
 * of their own sites, researchers and monitors, managed from the command
 * line by the researcher and used by the service to log people in.
 *
 * A password is kept only as its Argon2id string (crypto_pwhash_str), with
 * libsodium's INTERACTIVE limits (64 MiB, 2 passes, about 0.1 s): a login
 * runs on the service's small server while staff wait for the page, and
 * MODERATE (256 MiB, about 0.7 s each) would let a handful of logins at
 * once, or an attacker making them, exhaust its memory.  Guessing online
 * is bounded by the lockout, guessing offline from a copied store by the
 * minimum length and the random one-time passwords (about 99 bits).
 *
 * Every change to a user is an audit entry inside the caller's write
 * transaction.  An entry never holds a password or its hash: only
 * "password", the BLAKE2b-256 of the Argon2id string under the domain
 * "rct-user-password-v1".  That string carries a random 16-byte salt, so
 * nobody can test a guess against the digest without the row itself; and
 * verify needs no key to check that no hash in the store was swapped for
 * one whose password someone knows (user_cover.c).
 *
 * Nothing here prints; the one-time passwords are returned to the caller,
 * who shows them once and wipes them with sodium_memzero().
 */
#ifndef RCT_USER_H
#define RCT_USER_H

#include <stddef.h>

#include <sodium.h>

#include "store.h"
#include "table.h"

#define RCT_USER_NAME_MAX 64
#define RCT_USER_SITES_MAX 64 /* sites of one staff user */
#define RCT_USER_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define RCT_USER_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE
/* Failed logins in a row that lock the account, and for how long. */
#define RCT_USER_FAILURES_MAX 5
#define RCT_USER_LOCKOUT_SECONDS (15 * 60)
/* A password a user chooses: bytes of UTF-8, no control characters. */
#define RCT_PASSWORD_MIN 12
#define RCT_PASSWORD_MAX 1024
/* One-time passwords: 4 groups of 5 of RCT_OTP_ALPHABET, '-' between. */
#define RCT_OTP_ALPHABET "23456789abcdefghjkmnpqrstuvwxyz"
#define RCT_OTP_GROUPS 4
#define RCT_OTP_GROUP_LEN 5
#define RCT_OTP_BYTES (RCT_OTP_GROUPS * (RCT_OTP_GROUP_LEN + 1))

/* Nonzero for 1 to 64 of [a-z0-9._-]. */
int rct_user_name_valid(const char *name);

/*
 * Add a user of role "staff" (who needs at least one site, each of which
 * must exist), "researcher" or "monitor" (who have none), with a fresh
 * one-time password written to otp and must_change set.  The caller wipes
 * otp after showing it.
 */
int rct_user_add(struct rct_store *s, const char *name, const char *role,
    const char *const *sites, size_t nsites, char otp[RCT_OTP_BYTES])
    __attribute__((warn_unused_result));

/* Disable a user for good, revoking their sessions; reason is required. */
int rct_user_disable(struct rct_store *s, const char *name, const char *reason)
    __attribute__((warn_unused_result));

/*
 * A new one-time password for a user who is not disabled: must_change
 * set, the failed logins and any lockout cleared, their sessions revoked.
 */
int rct_user_reset(struct rct_store *s, const char *name,
    char otp[RCT_OTP_BYTES]) __attribute__((warn_unused_result));

/* Table of name, role, sites, disabled, must_change, locked (no hashes). */
int rct_user_list(struct rct_store *s, struct rct_table **out);

/*
 * The sites of a staff user, in order (none for other roles): *sites is a
 * list of *n strings the caller frees with rct_user_sites_free().
 */
int
rct_user_sites(struct rct_store *s, const char *name, char ***sites, size_t *n);
void rct_user_sites_free(char **sites, size_t n);

enum rct_login_status {
	RCT_LOGIN_OK,
	RCT_LOGIN_WRONG, /* wrong password, or no such user */
	RCT_LOGIN_LOCKED, /* too many failures: until result.locked_until */
	RCT_LOGIN_DISABLED,
};

struct rct_login_result {
	enum rct_login_status status;
	char role[16]; /* when OK */
	int must_change; /* when OK: the password must be changed first */
	int failed; /* failures in a row so far (WRONG) */
	char locked_until[21]; /* when LOCKED */
};

/*
 * Check a password as the service does at login, inside a write
 * transaction.  Returns 0 once the attempt is decided and recorded, with
 * the verdict in r->status: the caller commits in every case, so that a
 * failure is counted (user.login_failed) and the fifth in a row locks the
 * account for RCT_USER_LOCKOUT_SECONDS (user.lockout).  A success is a
 * user.login entry and clears the count.  A locked or disabled account is
 * refused without looking at the password, an unknown name after the same
 * Argon2id work as a known one, and neither writes anything.  A negative
 * code is an error (store, memory), the transaction to be rolled back.
 */
int rct_user_login(struct rct_store *s, const char *name, const char *password,
    struct rct_login_result *r) __attribute__((warn_unused_result));

/*
 * Change a password: new_password must have RCT_PASSWORD_MIN to
 * RCT_PASSWORD_MAX bytes and differ from the old one (RCT_EINVAL, nothing
 * written), and old_password is checked as rct_user_login() checks it,
 * with the same counting and verdicts in r; when it is right the new hash
 * is stored, must_change cleared and the user's sessions revoked
 * (user.password).
 */
int rct_user_change_password(struct rct_store *s, const char *name,
    const char *old_password, const char *new_password,
    struct rct_login_result *r) __attribute__((warn_unused_result));

/*
 * The same in three steps, so that a service need not hold the store
 * while Argon2id runs (about 0.1 s a password):
 *
 * rct_user_attempt_begin(), inside any transaction, reads what the
 * password will be checked against (the user's hash; for an unknown or
 * invalid name, a hash of the same cost) and decides at once, without the
 * password, for a disabled or locked account.  It writes nothing.
 *
 * rct_user_attempt_verify() checks the password, and for a change of
 * password hashes the new one: on any thread, without the store, and
 * without recording a message (a failure waits in the attempt).
 *
 * rct_user_login_finish() or rct_user_password_finish(), inside a write
 * transaction, read the user's row again and record the outcome as
 * rct_user_login() and rct_user_change_password() do, judged against the
 * row as it is now: an account disabled or locked in between is refused
 * with nothing written; a password checked against a hash that was
 * replaced in between (a reset, another change) is refused as wrong and
 * not counted; a failure counts on top of those recorded in between, so
 * that attempts made side by side lock the account as one after the
 * other would.
 *
 * The attempt holds the hashes: wipe it with rct_user_attempt_wipe().
 */
struct rct_login_attempt {
	char name[RCT_USER_NAME_MAX + 1];
	int found; /* the name is a user's */
	int decided; /* refused at begin, with early and locked_until */
	enum rct_login_status early;
	char locked_until[21];
	char hash[crypto_pwhash_STRBYTES]; /* what the password is checked
					      against */
	int verified; /* the password matches hash */
	char new_hash[crypto_pwhash_STRBYTES]; /* a change: the new one's */
	int hash_failed; /* hashing the new password ran out of memory */
};

int rct_user_attempt_begin(struct rct_store *s, const char *name,
    struct rct_login_attempt *a) __attribute__((warn_unused_result));

/* new_password NULL for a login; nothing is done for a decided attempt. */
void rct_user_attempt_verify(struct rct_login_attempt *a, const char *password,
    const char *new_password);

int
rct_user_login_finish(struct rct_store *s, const struct rct_login_attempt *a,
    struct rct_login_result *r) __attribute__((warn_unused_result));

int
rct_user_password_finish(struct rct_store *s, const struct rct_login_attempt *a,
    struct rct_login_result *r) __attribute__((warn_unused_result));

void rct_user_attempt_wipe(struct rct_login_attempt *a);

/*
 * Whether new_password may replace old_password (the rules of
 * rct_user_change_password()): 0, or RCT_EINVAL with the reason.
 */
int rct_user_new_password_check(const char *old_password,
    const char *new_password) __attribute__((warn_unused_result));

#endif
