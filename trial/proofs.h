/*
 * The tree the log's inclusion and consistency proofs are made from
 * (proofs.c): a store's own, or one shared by several read handles of
 * one store in one process (a server's), each new entry then read and
 * hashed once for all of them.
 */
#ifndef RCT_PROOFS_H
#define RCT_PROOFS_H

#include <stdint.h>

#include "merkle.h"
#include "store.h"

struct rct_proofs;

int rct_proofs_new(struct rct_proofs **out) __attribute__((warn_unused_result));
void rct_proofs_free(struct rct_proofs *p);

/*
 * From now on s makes its proofs from p, shared with other handles of
 * the same store (read handles: a shared tree is never rolled back), and
 * locked while one of them uses it.  p outlives s's use of it.
 */
void rct_proofs_share(struct rct_store *s, struct rct_proofs *p);

/* The tree s's proofs are made from, held (locked when shared) until unhold. */
struct rct_merkle_tree *rct_proofs_hold(struct rct_store *s);
void rct_proofs_unhold(struct rct_store *s);

/*
 * Bring t (held) up to the log as of the open transaction: 0 with *size
 * the log's number of entries, which t's leaves begin with (t may hold
 * more when shared), or an error recorded.
 */
int rct_proofs_sync(struct rct_store *s, struct rct_merkle_tree *t,
    uint64_t *size) __attribute__((warn_unused_result));

#endif
