/*
 * The analysis dataset of a trial store: one row per allocated
 * participant (intention to treat: everyone as randomized), with the
 * columns
 *   arm, site, stratum, cluster    as allocated (categories)
 *   withdrawn                      1 when consent was withdrawn, else 0
 *   each baseline variable         codes as categories, integers and
 *                                  numbers as numbers (corrected values);
 *                                  dates and free text are left out
 *   prob:ARM                       per arm, its probability in the
 *                                  allocation (what the allocation stored)
 *   each outcome                   its latest recorded value; binary,
 *                                  continuous and count as numbers,
 *                                  ordinal as its rank 1, 2, ...
 * A participant without a value has it missing.
 */
#ifndef RCT_STORE_DATA_H
#define RCT_STORE_DATA_H

#include "dataset.h"
#include "store.h"

int rct_store_data_read(struct rct_store *s, struct rct_dataset **out);

/* The name of arm's prob:ARM column, cut to fit out. */
#define RCT_STORE_DATA_PROB_MAX 96
void
rct_store_data_prob_column(char out[RCT_STORE_DATA_PROB_MAX], const char *arm);

/*
 * The same for an analysis of the randomized (effects, attrition,
 * subgroups, randomization inference): with nobody allocated yet there is
 * nothing to estimate, and the error says so and what to do.
 */
int
rct_store_data_read_allocated(struct rct_store *s, struct rct_dataset **out);

#endif
