/*
 * What receipt.c and receipt_check.c share.
 */
#ifndef RCT_RECEIPT_INTERNAL_H
#define RCT_RECEIPT_INTERNAL_H

#include <stdint.h>

#include "store.h"

/* The audit entry of participant id's allocation into *seq, 0 if none. */
int rct_receipt_allocation_seq(struct rct_store *s, int64_t id, int64_t *seq);

#endif
