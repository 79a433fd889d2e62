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

#include "alloc.h"
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
 * participant.  The plain way, one unit at a time through a new
 * allocator that keeps the record of every draw, as randomizer assign
 * allocates: the reference a rct_redrawer's draws are tested against.
 * r is only read, so draws may run on several threads.
 */
int rct_redraw_draw(const struct rct_redraw *r, const unsigned char secret[32],
    int *arm);

/*
 * The units drawn (participants, or clusters), and where a redrawer's
 * draw gives the arm of the unit whose arm the k-th participant has.
 */
size_t rct_redraw_units(const struct rct_redraw *r);
size_t rct_redraw_unit(const struct rct_redraw *r, size_t k);

/*
 * Many draws on one thread: one quiet allocator, reset with each draw's
 * secret, keeping what does not depend on the secret.  A draw gives the
 * arm index of every unit: the k-th participant's is at
 * unit_arm[rct_redraw_unit(r, k)], and is what rct_redraw_draw gives
 * them.  The plan must outlive the drawer; free with rct_redraw_drawer_free().
 */
struct rct_redrawer;
int
rct_redraw_drawer_new(struct rct_redrawer **out, const struct rct_redraw *r);
int rct_redraw_drawer_draw(struct rct_redrawer *d,
    const unsigned char secret[32], int *unit_arm);
void rct_redraw_drawer_free(struct rct_redrawer *d);

/*
 * The allocator's two entry points for re-drawing, defined in alloc.c
 * beside what they share with the rest of the allocator, declared here
 * because only re-draws use them.
 *
 * rct_redraw_allocator_reset: the allocator as rct_alloc_new would make it
 * with this secret and the same protocol and source, keeping what a
 * quiet allocator computed that does not depend on the secret (the
 * nonces of the blocks' streams).
 *
 * rct_redraw_run: n units one after the other, as n calls of
 * rct_alloc_next would allocate them, giving only each one's arm (arm[i],
 * a protocol arm index); fastest on a quiet allocator.  rct_redraw_alike:
 * the same for n units alike *u (of its stratum and factor levels).
 */
int rct_redraw_allocator_reset(struct rct_allocator *a,
    const unsigned char secret[32]);
int rct_redraw_run(struct rct_allocator *a, const struct rct_alloc_unit *u,
    size_t n, int *arm);
int rct_redraw_alike(struct rct_allocator *a, const struct rct_alloc_unit *u,
    size_t n, int *arm);

#endif
