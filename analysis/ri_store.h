/*
 * Randomization inference from a store (ri.h): every draw re-runs the
 * trial's own allocation (method, strata, clusters, batches, in the order
 * of its log) with a new secret, through the randomizer's allocator
 * (randomizer/redraw.c), matched to the rows of the store's dataset.
 */
#ifndef RCT_RI_STORE_H
#define RCT_RI_STORE_H

#include "columns.h"
#include "dataset.h"
#include "ri.h"
#include "store.h"

struct rct_ri_store;

/*
 * Load the re-draw plan of store s and match the rows of d (participant
 * ids in d->line) to its units.  Where the secret is at hand (the keys,
 * or revealed), re-draw with it first: the plan must give back every arm
 * of column arm, or the draws would not be the trial's own (RCT_ECHECK
 * naming the participant).  *checked is 1 when that was checked, 0 when
 * no secret was at hand.  d and arm must outlive *out; free it with
 * rct_ri_store_free().
 */
int rct_ri_store_new(struct rct_ri_store **out, struct rct_store *s,
    const struct rct_dataset *d, const struct rct_column *arm, int *checked)
    __attribute__((warn_unused_result));

/*
 * Fill design to compare arms treat and control (the protocol's names)
 * by re-drawing the store's allocation; design reads rs, which must
 * outlive it.
 */
void rct_ri_store_design(const struct rct_ri_store *rs, const char *treat,
    const char *control, struct rct_ri_design *design);

void rct_ri_store_free(struct rct_ri_store *rs);

#endif
