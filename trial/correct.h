/*
 * Corrections of baseline values after enrolment.  The enrolled values are
 * frozen (the allocation was made on them, and the enrolment's audit entry
 * holds their digest); a correction is a separate, audited row that keeps
 * the original, with a reason.  Exports and analyses see the corrected
 * value; the stratum stays the one the participant was enrolled, and
 * allocated, in.
 */
#ifndef RCT_CORRECT_H
#define RCT_CORRECT_H

#include <stdint.h>

#include "buf.h"
#include "store.h"

/* Correct variable of participant to value (NULL or "" for missing). */
int rct_correct(struct rct_store *s, const char *participant,
    const char *variable, const char *value, const char *reason);

/* The canonical payload of a correction's audit entry. */
void rct_correct_payload(struct rct_buf *b, int64_t participant,
    const char *variable, const char *old, const char *new_value,
    const char *reason);

#endif
