/*
 * Allocation methods, as pure functions of the protocol, the trial secret,
 * the state of earlier allocations and the units to allocate.  Nothing here
 * touches the store: the caller (cmd_assign.c, replay.c, simulate.c) loads
 * the state through callbacks and writes the results.  That is what lets
 * `randomizer verify --replay` and `randomizer simulate` run the very code
 * that allocated.  The methods and their draws are specified in
 * randomizer/README.md.
 */
#ifndef RCT_ALLOC_H
#define RCT_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "protocol.h"
#include "stream.h"

#define RCT_MAX_ARMS 16
#define RCT_MAX_FACTORS 16
/* Minimization and its draws work in millionths, exactly. */
#define RCT_PROB_SCALE 1000000

/* Something to allocate: a participant, or a cluster of them. */
struct rct_alloc_unit {
	int64_t participant; /* 0 for a cluster */
	const char *cluster; /* the cluster's name, or NULL */
	const char *stratum; /* NULL when a factor is missing */
	const char *site;
	const char *const *levels; /* minimization: one per factor */
};

struct rct_decision {
	int arm; /* index into protocol arms */
	int64_t position; /* 1-based, in the unit's sequence */
	int64_t waiting_rank; /* lottery: place on the list, or 0 */
	double prob[RCT_MAX_ARMS]; /* assignment probability per arm */
	char detail[512]; /* JSON object: how it was decided */
};

/* Where a stratum's walk through its permuted blocks stands. */
#define RCT_ALLOC_BLOCK_MAX 1000
struct rct_alloc_block {
	int64_t block; /* its number, from 0 */
	int64_t block_start; /* its first position */
	int block_size;
	int arms[RCT_ALLOC_BLOCK_MAX];
};

/*
 * Where earlier allocations are counted.  Each callback is asked once per
 * key per allocator; the allocator then keeps the counts up to date itself.
 */
struct rct_alloc_source {
	void *arg;
	/* Units allocated so far in a stratum ("" for the whole trial). */
	int (*stratum_count)(void *arg, const char *stratum, int64_t *n);
	/* Minimization: units per arm with this level of factor f. */
	int (*level_counts)(void *arg, size_t f, const char *level,
	    int64_t counts[RCT_MAX_ARMS]);
	/* Batches and lotteries run so far. */
	int (*batches)(void *arg, int64_t *n);
	/*
	 * Optional (NULL: each allocator walks each stratum's blocks from
	 * the first, which costs a stream per block before the one in use):
	 * where an allocator of the same secret and protocol left a
	 * stratum's walk, got (1 when known, else 0) and kept again after
	 * each draw.  A walk is the same whatever the store holds, so a
	 * rolled-back draw leaves it true.
	 */
	int (*block_get)(void *arg, const char *stratum,
	    struct rct_alloc_block *b);
	void (*block_put)(void *arg, const char *stratum,
	    const struct rct_alloc_block *b);
};

/* A source for a trial with no allocation yet (replay, simulation). */
extern const struct rct_alloc_source rct_alloc_fresh;

struct rct_allocator;

/*
 * An allocator for protocol p keyed by secret (copied; wiped on free).
 * The caller frees it with rct_alloc_free().
 */
int rct_alloc_new(struct rct_allocator **out, const struct rct_protocol *p,
    const unsigned char secret[32], const struct rct_alloc_source *src);
void rct_alloc_free(struct rct_allocator *a);

/*
 * Leave out the record of each draw (the decision's detail and, for
 * blocks, its probabilities): the same arms and positions, faster, for
 * the re-draws of randomization inference, which read nothing else.
 */
void rct_alloc_quiet(struct rct_allocator *a);

/*
 * One unit as it arrives (methods simple, blocks, minimization).  The unit
 * must have its stratum (and, for minimization, every factor level).
 */
int rct_alloc_next(struct rct_allocator *a, const struct rct_alloc_unit *u,
    struct rct_decision *d);

/* Told each decision of a batch or lottery, unit i, in unit order. */
typedef int (
    *rct_decision_fn)(void *arg, size_t i, const struct rct_decision *d);

/*
 * A cohort at once (method batch): exact counts within each stratum, the
 * remainders ("misfits") of all strata allocated together so that the
 * overall totals stay within one of the ratio.
 */
int rct_alloc_batch(struct rct_allocator *a, const struct rct_alloc_unit *u,
    size_t n, rct_decision_fn emit, void *arg);

/*
 * A lottery (method lottery) for capacity places among n applicants of one
 * site: a random order, the first capacity offered a place, the rest on the
 * waiting list in that order.
 */
int rct_alloc_lottery(struct rct_allocator *a, const struct rct_alloc_unit *u,
    size_t n, int64_t capacity, rct_decision_fn emit, void *arg);

/* The sequence a unit draws from: its stratum, its site (lottery), or ""
 * for methods that are not stratified (simple, minimization). */
const char *rct_alloc_sequence(const struct rct_protocol *p,
    const struct rct_alloc_unit *u);

/* The probabilities as stored: {"control":0.5,"treatment":0.5}, with the
 * digits that give each double back. */
void rct_alloc_probabilities(struct rct_buf *b, const struct rct_protocol *p,
    const double *prob);

/* The arm index of a name, or -1. */
int rct_alloc_arm_index(const struct rct_protocol *p, const char *name);

#endif
