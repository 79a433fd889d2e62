/*
 * Allocating participants of a store: reads them, turns them into units
 * (participants, or clusters in a cluster trial), asks the allocation
 * methods of alloc.c, and writes the allocations with their audit entries
 * through trial/allocation.h, all in the caller's transaction.
 */
#ifndef RCT_ASSIGN_H
#define RCT_ASSIGN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "register.h"
#include "store.h"

struct rct_assigned {
	char pid[RCT_PID_MAX];
	char *arm;
	char *stratum; /* NULL when none */
	char *cluster; /* NULL in individual trials */
	int64_t waiting_rank; /* lottery: place on the waiting list, or 0 */
};

struct rct_assignment {
	struct rct_assigned *rows;
	size_t n, cap;
};

void rct_assign_release(struct rct_assignment *a);

/*
 * Allocate the participants named by ids (n of them, in that order), or
 * with pending set every participant not yet allocated and not withdrawn,
 * in enrolment order.  Sequential methods allocate one after the other; a
 * batch method allocates them as one cohort.  A participant allocated
 * already, withdrawn, or missing a stratification factor is refused.
 */
int rct_assign(struct rct_store *s, const int64_t *ids, size_t n, int pending,
    struct rct_assignment *out);

/*
 * When every one of ids is allocated already, *all is set and out gets
 * their allocations (to show again, once witnessed); else *all is 0 and
 * out is empty.
 */
int rct_assign_allocated(struct rct_store *s, const int64_t *ids, size_t n,
    int *all, struct rct_assignment *out);

/*
 * After rct_assign() in a write transaction of a protocol with witnesses:
 * commit what was allocated, ask the witnesses, keep their cosignatures in
 * a second write (left open for the caller to commit), and return 0 only
 * when the quorum has cosigned the newest checkpoint: only then may an arm
 * be shown (TRUST.md, rule 2).  RCT_ECHECK says how many cosigned; the
 * allocation stays stored, and asking again shows the same arms.
 */
int rct_assign_witness(struct rct_store *s);

/*
 * The write after rct_assign_witness()'s asking, for a caller that asks
 * the witnesses itself (rct_witness_client_collect, away from its
 * writers): keep the cosignature lines in the open write transaction, and
 * return 0 only when a checkpoint of the quorum now holds every
 * allocation up to audit entry upto (the caller's own; 0: all), else
 * RCT_ECHECK, why saying who did not answer.  Allocations of others
 * after upto, still being cosigned, do not count.  The lines cosign the
 * checkpoint of size asked (0: the newest).
 */
int rct_assign_witness_keep(struct rct_store *s, const struct rct_buf *lines,
    const struct rct_buf *why, int64_t upto, uint64_t asked);

/* Run a lottery for capacity places among the site's unallocated applicants. */
int rct_assign_lottery(struct rct_store *s, const char *site, int64_t capacity,
    struct rct_assignment *out);

#endif
