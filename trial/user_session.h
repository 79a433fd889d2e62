/*
 * Sessions of the web service: what a browser holds after a login.  The
 * token is 32 random bytes, given to the caller once as 64 hex digits;
 * the store keeps only its BLAKE2b-256 (domain "rct-session-token-v1"),
 * so a copy of the store logs nobody in.  A session ends when it has been
 * idle for its idle time, at its absolute expiry, when it is revoked
 * (logout), or when its user is disabled, reset or changes password.
 *
 * Creating and revoking are audit entries (session.create names the
 * session, its user, a digest of the stored hash and the expiry;
 * session.revoke the reason); validating only moves last_seen, which the
 * log does not describe (verify checks that it lies between the session's
 * creation and its absolute expiry), and only once it is
 * RCT_SESSION_TOUCH_SECONDS old, so that most requests write nothing.  The
 * idle time counts from last_seen: a session ends between
 * RCT_SESSION_IDLE_SECONDS - RCT_SESSION_TOUCH_SECONDS and
 * RCT_SESSION_IDLE_SECONDS after its last request (29 to 30 minutes).
 * Every call runs inside the caller's write transaction; validating may
 * run in a read transaction too.  The caller wipes tokens with
 * sodium_memzero().
 */
#ifndef RCT_USER_SESSION_H
#define RCT_USER_SESSION_H

#include <stdint.h>

#include "store.h"
#include "user.h"

/* Configurable: a build for another service may choose others. */
#define RCT_SESSION_IDLE_SECONDS (30 * 60)
/* last_seen moves at most this often: well below the idle time. */
#define RCT_SESSION_TOUCH_SECONDS 60
#define RCT_SESSION_ABSOLUTE_SECONDS (12 * 60 * 60)
#define RCT_SESSION_TOKEN_BYTES 32
#define RCT_SESSION_TOKEN_HEX (2 * RCT_SESSION_TOKEN_BYTES + 1)

struct rct_session_info {
	int64_t id;
	char user[RCT_USER_NAME_MAX + 1];
	char role[16];
	int must_change; /* the user must change their password first */
	char expires_at[21]; /* the absolute expiry */
	/* Validated in a read transaction, last_seen is due to move: the
	 * caller validates again in a write transaction. */
	int touch_due;
};

/*
 * A new session for user, who must exist and not be disabled (the caller
 * has checked the password with rct_user_login()).  token gets the token;
 * info, when not NULL, what the session is.
 */
int rct_user_session_create(struct rct_store *s, const char *user,
    char token[RCT_SESSION_TOKEN_HEX], struct rct_session_info *info)
    __attribute__((warn_unused_result));

enum rct_session_status {
	RCT_SESSION_OK,
	RCT_SESSION_UNKNOWN, /* no such token (or not 64 hex digits) */
	RCT_SESSION_IDLE, /* idle for longer than its idle time */
	RCT_SESSION_EXPIRED, /* past its absolute expiry */
	RCT_SESSION_REVOKED,
	RCT_SESSION_DISABLED, /* its user was disabled */
};

/*
 * Look a token up: 0 with the verdict in *status (and info filled when
 * OK), or a negative code on an error.  When last_seen is
 * RCT_SESSION_TOUCH_SECONDS or more behind, it is moved to now; in a read
 * transaction (rct_store_begin_read) nothing is written and
 * info->touch_due is set instead.
 */
int rct_user_session_validate(struct rct_store *s, const char *token,
    enum rct_session_status *status, struct rct_session_info *info)
    __attribute__((warn_unused_result));

/* Revoke the session of token (logout); RCT_ENOTFOUND when none is live. */
int rct_user_session_revoke(struct rct_store *s, const char *token,
    const char *reason) __attribute__((warn_unused_result));

#endif
