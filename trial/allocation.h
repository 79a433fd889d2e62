/*
 * The store's side of allocation: what the randomizer reads (counts of
 * earlier allocations, the clusters already allocated, the secret) and
 * writes (allocations with their audit entries, batches, the waiting
 * list).  The randomizer decides; this only stores, so that only trial/
 * speaks SQL.
 *
 * Each allocation has one audit entry whose payload is the row itself in
 * canonical JSON (rct_allocation_payload); verify rebuilds the payload from
 * the row and compares.
 */
#ifndef RCT_ALLOCATION_H
#define RCT_ALLOCATION_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "register.h"
#include "store.h"

struct rct_allocation_row {
	int64_t participant; /* 0 for a cluster's own row */
	const char *cluster; /* NULL in individual trials */
	const char *arm;
	const char *sequence; /* NULL for cluster members */
	int64_t position;
	const char *probabilities; /* JSON object: arm -> probability */
	const char *detail; /* JSON object */
};

/* The canonical payload of an allocation's audit entry. */
void
rct_allocation_payload(struct rct_buf *b, const struct rct_allocation_row *r);

/* Allocations so far in a sequence, of clusters or of participants. */
int rct_allocation_count(struct rct_store *s, int clusters,
    const char *sequence, int64_t *n);

/*
 * Minimization: allocated participants per arm among those whose factor
 * ("site" or a variable) has this level.  counts follows the protocol's
 * arm order.
 */
int rct_allocation_level_counts(struct rct_store *s, const char *factor,
    const char *level, int64_t *counts);

/* Batches and lotteries run so far. */
int rct_allocation_batches(struct rct_store *s, int64_t *n);

/*
 * The arm and probabilities of an allocated cluster: *arm and *probs are
 * new strings the caller frees, or NULL when the cluster is not allocated.
 */
int rct_allocation_cluster(struct rct_store *s, const char *cluster, char **arm,
    char **probs);

/* Nonzero once the secret has been revealed: allocation is closed. */
int rct_allocation_closed(struct rct_store *s, int *closed);

/* The randomization secret: from the keys, or the revealed one. */
int rct_allocation_secret(struct rct_store *s, unsigned char secret[32]);

/* Writing allocations inside the open transaction. */
struct rct_allocation_writer;

int rct_allocation_writer_open(struct rct_allocation_writer **out,
    struct rct_store *s);
int rct_allocation_write(struct rct_allocation_writer *w,
    const struct rct_allocation_row *r);
int rct_allocation_write_batch(struct rct_allocation_writer *w, int64_t id,
    const char *kind, const char *site, int64_t capacity, int64_t units);
int rct_allocation_write_waiting(struct rct_allocation_writer *w,
    int64_t participant, const char *site, int64_t lottery, int64_t rank);
/* Write what is gathered and free; returns the first failure. */
int rct_allocation_writer_close(struct rct_allocation_writer *w);

/*
 * Offer freed places of a lottery at a site to the next on its waiting
 * list, strictly in order, skipping those who withdrew.  promoted gets the
 * participant ids and ranks their waiting-list ranks (at most places of
 * each, both owned by the caller), *n how many.  A trial whose method is
 * not a lottery has no waiting list: RCT_EINVAL.
 */
int rct_allocation_promote(struct rct_store *s, const char *site,
    int64_t places, int64_t *promoted, int64_t *ranks, int64_t *n);

/* The canonical payload of a batch's or lottery's audit entry. */
void rct_allocation_batch_payload(struct rct_buf *b, int64_t id,
    const char *kind, const char *site, int64_t capacity, int64_t units);

/* Publish the secret (into the store and the audit log). */
/*
 * Publish the secret (inside a write): allocation closes for good.
 * closed is how many enrolled participants were waiting and are closed
 * out as never randomized (the caller decided so), recorded in the entry.
 */
int
rct_allocation_reveal(struct rct_store *s, char secret_hex[65], long closed);

/* Enrolled, not withdrawn and not allocated: *waiting, the first's id. */
int rct_allocation_waiting(struct rct_store *s, long *waiting, long *allocated,
    char first[RCT_PID_MAX]);

#endif
