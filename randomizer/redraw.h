/*
 * Drawing a trial's allocation again with another secret, for
 * randomization inference: the trial's own method and parameters, its
 * strata, clusters, batches and lotteries, in the order of its log, run
 * through the very allocator that allocated.  Each draw is thus an
 * allocation the trial could have made.
 */
#ifndef RCT_REDRAW_H
#define RCT_REDRAW_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct rct_redraw;

/* Read the allocation history of a store; free with rct_redraw_free(). */
int rct_redraw_load(struct rct_store *s, struct rct_redraw **out);
void rct_redraw_free(struct rct_redraw *r);

/* The allocated participants, by id ascending: how many, and the k-th. */
size_t rct_redraw_participants(const struct rct_redraw *r);
int64_t rct_redraw_participant(const struct rct_redraw *r, size_t k);

/*
 * One draw with secret: arm[k] is the protocol's arm index of the k-th
 * participant.  r is only read, so draws may run on several threads.
 */
int rct_redraw_draw(const struct rct_redraw *r, const unsigned char secret[32],
    int *arm);

#endif
