/*
 * Protocol amendments.  The protocol is frozen at init (its hash is in the
 * first audit entry); a change is a new version with a reason, recorded in
 * the audit log, and the old text is kept.  Once anyone is allocated, the
 * parts that decide allocation (arms and ratios, unit, method and its
 * parameters, strata and their codes) can no longer change: a replay must
 * give the same arms.
 */
#ifndef RCT_AMEND_H
#define RCT_AMEND_H

#include "protocol.h"
#include "store.h"

/* Number of allocated participants. */
int rct_amend_allocations(struct rct_store *s, long *n);

/* Adopt p as the next protocol version inside the open transaction. */
int rct_amend_protocol(struct rct_store *s, const struct rct_protocol *p,
    const char *reason);

#endif
