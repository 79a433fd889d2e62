/* Shared between protocol.c and protocol_check.c; not part of the API. */
#ifndef RCT_PROTOCOL_INTERNAL_H
#define RCT_PROTOCOL_INTERNAL_H

#include "protocol.h"

/* Check cross-references; record each problem; return how many. */
int
rct_protocol_check(struct rct_protocol *p) __attribute__((warn_unused_result));

#endif
