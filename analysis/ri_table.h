/*
 * The table of randomization inference (ri.h): from a store every draw
 * re-runs the trial's own allocation with a new secret (ri_store.h); from
 * a file the arms are permuted as complete randomization within the
 * strata, of the clusters.
 */
#ifndef RCT_RI_TABLE_H
#define RCT_RI_TABLE_H

#include <stddef.h>

#include "dataset.h"
#include "protocol.h"
#include "store.h"
#include "table.h"

struct rct_ri_table_spec {
	const char *arm, *treat, *control; /* treat NULL: each arm of p */
	char *const *outcomes;
	size_t noutcomes;
	const char *strata, *cluster; /* columns of a file, or NULL */
	long draws;
	unsigned long long seed;
	int use_t; /* Welch's t, else the difference in means */
};

/*
 * With s (the store d came from) its re-draws; without, permutations.
 * *out is the caller's (rct_table_free).
 */
int
rct_ri_table(struct rct_table **out, struct rct_dataset *d, struct rct_store *s,
    const struct rct_protocol *p, const struct rct_ri_table_spec *x);

/* As analysis ri STORE --draws N --seed S: the outcome family. */
int rct_ri_table_store(struct rct_table **out, struct rct_store *s, long draws,
    unsigned long long seed);

#endif
