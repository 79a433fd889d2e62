/* Between store.c and audit.c: the chain head of a transaction. */
#ifndef RCT_AUDIT_INTERNAL_H
#define RCT_AUDIT_INTERNAL_H

#include "store_internal.h"

/* Read the newest entry into s->head_seq and s->head_hash. */
int rct_audit_load_head(struct rct_store *s);

/*
 * Sign the head when entries were appended, and its checkpoint; called at
 * commit with the signing key (store.c loads it, so that audit.c and
 * checkpoint.c do not call back into store.c).
 */
int rct_audit_sign_head(struct rct_store *s, const struct rct_keys *k);

#endif
