/*
 * Replaying a trial's allocations: every allocation in the log is drawn
 * again, in the order it was made, from the protocol, the participants'
 * strata and baseline, and the secret (revealed, or from the keys), with
 * the same code that drew it; any difference in arm, sequence, position,
 * probabilities or the record of the draw is a failed check.
 */
#ifndef RCT_REPLAY_H
#define RCT_REPLAY_H

#include <stdint.h>

#include "store.h"

int rct_replay(struct rct_store *s, int64_t *replayed)
    __attribute__((warn_unused_result));

#endif
