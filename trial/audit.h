/*
 * The audit log: an append-only hash chain of entries, its head signed
 * with the trial's Ed25519 key once per committed transaction (DESIGN.md,
 * "Audit log").
 *
 * Entry hash = BLAKE2b-256("rct-audit-v1\0" || prev || seq || at || actor
 * || action || payload), where seq is 8 bytes big-endian and each string
 * is preceded by its length as 8 bytes big-endian; prev of the first entry
 * is 32 zero bytes.  Head signature = Ed25519("rct-head-v1\0" || seq ||
 * hash).  Payloads are canonical JSON written by our own code, keys in a
 * fixed order, so that anyone can recompute every hash.
 */
#ifndef RCT_AUDIT_H
#define RCT_AUDIT_H

#include <stdint.h>

#include "buf.h"
#include "store.h"

#define RCT_AUDIT_HASH_BYTES 32

struct rct_audit_entry {
	int64_t seq;
	const char *at;
	const char *actor;
	const char *action;
	const char *payload;
	unsigned char prev[RCT_AUDIT_HASH_BYTES];
	unsigned char hash[RCT_AUDIT_HASH_BYTES];
};

/* The sequence number the next appended entry will get (inside a write). */
int64_t rct_audit_next_seq(const struct rct_store *s);

/* How many entries of an action ("correct", "protocol.amend") there are. */
int rct_audit_count(struct rct_store *s, const char *action, long *n);

/* Append an entry inside the open transaction. */
int
rct_audit_append(struct rct_store *s, const char *action, const char *payload);

/*
 * Append the text built in b (or record that memory ran out building it),
 * and release b.
 */
int rct_audit_append_buf(struct rct_store *s, const char *action,
    struct rct_buf *b);

/*
 * Many entries in one go (a batch allocation): appended to the chain at
 * once, written to the table in batches.  Close writes what is left; a
 * failure leaves the transaction to be rolled back.
 */
struct rct_audit_batch;
int rct_audit_batch_open(struct rct_audit_batch **out, struct rct_store *s);
int rct_audit_batch_append(struct rct_audit_batch *b, const char *action,
    const char *payload);
int rct_audit_batch_close(struct rct_audit_batch *b);

/* Compute the hash an entry must have. */
void rct_audit_entry_hash(unsigned char out[RCT_AUDIT_HASH_BYTES],
    const struct rct_audit_entry *e);

/*
 * Call fn for every entry in sequence order.  A nonzero return from fn
 * stops the walk and is returned.
 */
int rct_audit_foreach(struct rct_store *s,
    int (*fn)(void *arg, const struct rct_audit_entry *e), void *arg);

/*
 * Call fn with entry seq alone, as rct_audit_foreach gives it; its
 * return, or RCT_ECHECK when the entry is missing or damaged.
 */
int rct_audit_entry_at(struct rct_store *s, int64_t seq,
    int (*fn)(void *arg, const struct rct_audit_entry *e), void *arg);

/*
 * Check the chain: consecutive sequence numbers, each prev equal to the
 * hash before it, each hash recomputed, every head signature valid under
 * the trial's public key, and the last head at the last entry.  Returns 0
 * or RCT_ECHECK naming the first bad entry.  *entries gets the count.
 */
int rct_audit_verify_chain(struct rct_store *s, int64_t *entries)
    __attribute__((warn_unused_result));

/*
 * The same, in one pass with another check: fn is called for each entry
 * once its link in the chain is checked (verify.c matches the data).
 */
int rct_audit_verify_chain_with(struct rct_store *s, int64_t *entries,
    int (*fn)(void *arg, const struct rct_audit_entry *e), void *arg)
    __attribute__((warn_unused_result));

/* The newest signed head: its seq, hash (hex) and signature (hex). */
int rct_audit_head(struct rct_store *s, int64_t *seq, char hash[65],
    char signature[129]);

/*
 * Who is acting (TRUST.md, rule 7): the operating-system user of the
 * process, by its effective uid (getpwuid), "uid:N" when it has no name;
 * never $USER.  RCT_ON_BEHALF_OF, when set, names whom the user acts for
 * (site staff who phoned in an enrolment, say); it is recorded in the
 * entry's actor after the user, as "USER (on behalf of TEXT)": a user
 * name holds no space, so the user is the text before the first space.
 * Only a test build (-DRCT_TEST_CLOCK) takes the user from RCT_ACTOR.
 * rct_audit_actor_of() fails (RCT_EINVAL) on an on-behalf-of text that is
 * not UTF-8 of at most RCT_BEHALF_MAX bytes without control characters.
 */
#define RCT_BEHALF_MAX 200
#define RCT_BEHALF_SEP " (on behalf of "
#define RCT_ACTOR_MAX (128 + sizeof(RCT_BEHALF_SEP) + RCT_BEHALF_MAX + 2)
int
rct_audit_actor_of(char out[RCT_ACTOR_MAX]) __attribute__((warn_unused_result));
const char *rct_audit_actor(void);

/*
 * The web service sets the actor of the entries the calling thread appends
 * to its authenticated user ("web:NAME"), for one request; NULL or "" goes
 * back to the operating-system user.  While it is set, RCT_ON_BEHALF_OF
 * and RCT_ACTOR are not read.
 */
void rct_audit_set_actor(const char *actor);

#endif
