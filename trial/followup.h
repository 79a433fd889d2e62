/*
 * Follow-up events of a participant: withdrawal from the study (consent
 * withdrawn: no further data collected) and exit from the measure, with a
 * reason from the fixed list of exit reasons (DOMAIN.md).
 */
#ifndef RCT_FOLLOWUP_H
#define RCT_FOLLOWUP_H

#include <stdint.h>

#include "buf.h"
#include "store.h"

/* The canonical payload of a withdrawal's or exit's audit entry. */
void rct_followup_event_payload(struct rct_buf *b, int64_t participant,
    const char *date, const char *reason);

/* The exit reason codes, NULL-terminated. */
extern const char *const rct_exit_reasons[];

/* The id of an enrolled participant named "P000042", or an error. */
int rct_followup_participant_find(struct rct_store *s, const char *text,
    int64_t *id);

/* date NULL is today; it may not precede enrolment or lie in the future. */
int rct_followup_withdraw(struct rct_store *s, const char *participant,
    const char *date, const char *reason);
int rct_followup_exit(struct rct_store *s, const char *participant,
    const char *date, const char *reason);

/*
 * Undo a mistaken withdrawal or exit of participant, with the reason for
 * the correction: the row is deleted and an audit entry
 * ("withdraw.undo", "exit.undo") names the entry that recorded it.
 */
int rct_followup_withdraw_undo(struct rct_store *s, const char *participant,
    const char *reason);
int rct_followup_exit_undo(struct rct_store *s, const char *participant,
    const char *reason);

/* The canonical payload of an undo entry. */
void rct_followup_undo_payload(struct rct_buf *b, int64_t participant,
    int64_t undoes, const char *reason);

#endif
