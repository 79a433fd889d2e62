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
 * creation and its absolute expiry).  Every call runs inside the caller's
 * write transaction.  The caller wipes tokens with sodium_memzero().
 */
#ifndef RCT_USER_SESSION_H
#define RCT_USER_SESSION_H

#include <stdint.h>

#include "store.h"
#include "user.h"

/* Configurable: a build for another service may choose others. */
#define RCT_SESSION_IDLE_SECONDS (30 * 60)
#define RCT_SESSION_ABSOLUTE_SECONDS (12 * 60 * 60)
#define RCT_SESSION_TOKEN_BYTES 32
#define RCT_SESSION_TOKEN_HEX (2 * RCT_SESSION_TOKEN_BYTES + 1)

struct rct_session_info {
	int64_t id;
	char user[RCT_USER_NAME_MAX + 1];
	char role[16];
	int must_change; /* the user must change their password first */
	char expires_at[21]; /* the absolute expiry */
};

/*
 * A new session for user, who must exist and not be disabled (the caller
 * has checked the password with rct_user_login()).  token gets the token;
 * info, when not NULL, what the session is.
 */
int rct_session_create(struct rct_store *s, const char *user,
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
 * OK, after last_seen is moved to now), or a negative code on an error.
 */
int rct_session_validate(struct rct_store *s, const char *token,
    enum rct_session_status *status, struct rct_session_info *info)
    __attribute__((warn_unused_result));

/* Revoke the session of token (logout); RCT_ENOTFOUND when none is live. */
int rct_session_revoke(struct rct_store *s, const char *token,
    const char *reason) __attribute__((warn_unused_result));

#endif
