/*
 * What user.c, user_session.c and user_cover.c share: times as the log
 * writes them, the digests entries keep of stored verifiers, and the
 * users' rows.  Only trial/ includes this.
 */
#ifndef RCT_USER_INTERNAL_H
#define RCT_USER_INTERNAL_H

#include <stdint.h>

#include "audit.h"
#include "store_internal.h"
#include "user.h"

/* Seconds since 1970 of a time YYYY-MM-DDTHH:MM:SSZ, or -1. */
long long rct_user_time_seconds(const char *t);

/* The time secs seconds after t (valid) into out. */
void rct_user_time_add(char out[21], const char *t, long long secs);

/* Hex of BLAKE2b-256(domain || 0 || data): what an entry keeps of a verifier.
 */
void
rct_user_digest(char hex[65], const char *domain, const void *data, size_t len);

#define RCT_USER_PASSWORD_DOMAIN "rct-user-password-v1"
#define RCT_SESSION_TOKEN_DOMAIN "rct-session-token-v1"

/* A user's row. */
struct rct_user_row {
	char name[RCT_USER_NAME_MAX + 1];
	char role[16];
	char hash[crypto_pwhash_STRBYTES];
	int must_change;
	int disabled;
	long failed;
	char locked_until[21]; /* "" when not locked */
	int64_t created_seq, changed_seq;
};

/* Load the row of name into u; RCT_ENOTFOUND (recorded) when there is none. */
int
rct_user_load(struct rct_store *s, const char *name, struct rct_user_row *u);

/* Revoke every live session of a user (session.revoke entries). */
int rct_user_session_revoke_user(struct rct_store *s, const char *name,
    const char *reason);

/* The check of verify (user_cover.c), driven by cover.c. */
struct rct_user_cover;
int rct_user_cover_open(struct rct_user_cover **out);
void rct_user_cover_free(struct rct_user_cover *c);
/* Nonzero for an action of users and sessions ("user.add", ...). */
int rct_user_cover_action(const char *action);
int rct_user_cover_entry(struct rct_user_cover *c,
    const struct rct_audit_entry *e) __attribute__((warn_unused_result));
int rct_user_cover_finish(struct rct_user_cover *c, struct rct_store *s)
    __attribute__((warn_unused_result));

#endif
