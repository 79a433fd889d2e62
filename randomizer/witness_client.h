/*
 * Asking the protocol's witnesses to cosign (C2SP tlog-witness client,
 * libcurl): for each witness with a url, an add-checkpoint request for the
 * store's newest checkpoint, its consistency proof starting at the last
 * checkpoint that witness cosigned; a 409 that names the witness's size is
 * answered once with a proof from that size.  Waits are bounded (2 s to
 * connect, 5 s in all, per witness).
 */
#ifndef RCT_WITNESS_CLIENT_H
#define RCT_WITNESS_CLIENT_H

#include "buf.h"
#include "store.h"

/*
 * Gather the cosignature lines of the witnesses that answer into lines,
 * and a sentence per witness that did not into why.  Reads the store only;
 * the caller keeps the lines in a write (rct_checkpoint_add_cosignatures).
 */
int rct_witness_client_collect(struct rct_store *s, struct rct_buf *lines,
    struct rct_buf *why);

#endif
