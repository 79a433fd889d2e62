/*
 * Where each stratum's walk through its permuted blocks stands, kept with
 * the open store between allocations (rct_store_memo), so that a server
 * allocating one participant at a time does not draw again every block
 * of the stratum before the one in use (a stream per block: the cost
 * grew with the trial).  The walk depends only on the secret, the
 * protocol and the stratum, never on what the store holds, so the memo
 * is keyed by a hash of the first two under the secret and holds
 * nothing a rolled-back transaction could make untrue.  It holds block
 * contents, which are as secret as the secret the same handle holds: it
 * is wiped when replaced and when the store closes.
 */
#ifndef RCT_BLOCK_MEMO_H
#define RCT_BLOCK_MEMO_H

#include "alloc.h"
#include "protocol.h"
#include "store.h"

/* Strata a memo holds at most; walks of others start from block 0. */
#define RCT_BLOCK_MEMO_STRATA 1024

struct rct_block_memo;

/*
 * The memo of store s for the draws under secret and protocol p (the
 * opened one, with its block sizes): the one kept, or a new one when
 * none is or either has changed; NULL when memory runs out (nothing is
 * remembered then, which changes no draw).
 */
struct rct_block_memo *rct_block_memo_of(struct rct_store *s,
    const unsigned char secret[32], const struct rct_protocol *p);

/* rct_alloc_source's block_get and block_put, on m (NULL: none). */
int rct_block_memo_get(struct rct_block_memo *m, const char *stratum,
    struct rct_alloc_block *b);
void rct_block_memo_put(struct rct_block_memo *m, const char *stratum,
    const struct rct_alloc_block *b);

#endif
