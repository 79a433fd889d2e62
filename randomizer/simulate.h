/*
 * randomizer simulate: the properties of a protocol's allocation over many
 * simulated trials, each with a fresh random secret and synthetic
 * participants (strata and factor levels drawn uniformly from the code
 * lists, five sites, clusters of ten), allocated by the same code as a
 * real trial.  What is measured depends on the method:
 *   all:          arm frequencies against the ratio (chi-square test)
 *   blocks:       the largest imbalance within a stratum at any moment,
 *                 which must stay within half the largest block
 *   batch:        overall totals within one of the ratio
 *   minimization: mean imbalance over factor levels, against simple
 *                 randomization of the same participants
 *   cluster:      members whose arm differs from their cluster's (none)
 *   lottery:      places given equal to the capacity
 *   all:          predictability (predict.h): the share of arms guessed
 *                 right by the convergence strategy, without and with the
 *                 block sizes, over the simulated trials, beside its exact
 *                 expectation for the same strata where that is known
 *                 (blocks, simple), which it must match within 4 standard
 *                 errors; blocks also over whole blocks; and a coin's
 */
#ifndef RCT_SIMULATE_H
#define RCT_SIMULATE_H

#include "protocol.h"
#include "table.h"

/* A table of property, value, expected, ok. */
int rct_simulate(const struct rct_protocol *p, long trials, long participants,
    struct rct_table **out);

#endif
