/* Between store.c, audit.c and checkpoint.c: the tree of a transaction. */
#ifndef RCT_CHECKPOINT_INTERNAL_H
#define RCT_CHECKPOINT_INTERNAL_H

#include "store_internal.h"

/* Load the frontier of the log as of the open transaction into s->tree. */
int
rct_checkpoint_begin(struct rct_store *s) __attribute__((warn_unused_result));

/* One appended entry's hash, as the next leaf. */
void rct_checkpoint_leaf(struct rct_store *s, const unsigned char hash[32]);

/* Sign and store the checkpoint of the new head with k; called at commit. */
int rct_checkpoint_sign(struct rct_store *s, const struct rct_keys *k)
    __attribute__((warn_unused_result));

#endif
