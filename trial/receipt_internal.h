/*
 * What receipt.c and receipt_check.c share.
 */
#ifndef RCT_RECEIPT_INTERNAL_H
#define RCT_RECEIPT_INTERNAL_H

#include <stdint.h>

#include "audit.h"
#include "store.h"

/* The audit entry of participant id's allocation into *seq, 0 if none. */
int rct_receipt_allocation_seq(struct rct_store *s, int64_t id, int64_t *seq);

/*
 * Call fn with audit entry seq as stored (strings valid during the call);
 * its return, or RCT_ECHECK when the entry is missing or damaged.
 */
int rct_receipt_entry(struct rct_store *s, int64_t seq,
    int (*fn)(void *arg, const struct rct_audit_entry *e), void *arg);

#endif
