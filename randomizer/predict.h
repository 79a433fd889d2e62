/*
 * Predictability of an allocation: how often an observer who has seen
 * every earlier arm of a sequence (a stratum, see rct_alloc_sequence)
 * guesses the next arm right.  The observer follows the convergence
 * strategy of Blackwell and Hodges (1957), randomizeR's corGuess("CS"):
 * guess the arm furthest below its target, at random among tied arms, a
 * tie of k arms counting 1/k correct when the next arm is one of them.
 * Two observers differ in what they know:
 *
 *   counts only    the arm counts of the sequence so far; the target of
 *                  arm i is its share, ratio_i / ratio sum, of the units
 *                  so far (the arm "behind")
 *   block sizes    where the current block began and its size B; the
 *                  target of arm i is its count in the block, B ratio_i /
 *                  ratio sum, so the guess is the arm with most places
 *                  left, and the last arm(s) of each block are certain
 *
 * Whole blocks are exactly in ratio, so with equal ratios the two guess
 * alike and score the same; with unequal ratios knowing the block sizes
 * helps.  A coin (always the likeliest arm) scores the largest share.
 */
#ifndef RCT_PREDICT_H
#define RCT_PREDICT_H

#include <stdint.h>

#include "protocol.h"

/* The largest product of (count + 1) over arms worked out exactly. */
#define RCT_PREDICT_MAX_STATES 4000000

/*
 * The expected credit (0 to 1) of the convergence guess for a next unit
 * given arm: counts[] of each arm so far and the scale of the targets
 * (the units so far for the observer of counts only, the block size for
 * the observer of block sizes, counts then within the block).
 */
double rct_predict_credit(const struct rct_protocol *p, const int64_t *counts,
    int64_t scale, int arm);

/*
 * Exact expectations for a design, where they are known: blocks (by
 * enumerating the states of each block size) and simple randomization
 * (by the multinomial states of the whole sequence).  Minimization,
 * batch and lottery have none (exact is 0): only simulation tells.
 */
struct rct_predict {
	int exact; /* whether counts[] and blocks[] are known */
	int64_t max_n;
	/* [n], 0 <= n <= max_n: expected correct guesses among the first n
	 * units of a sequence, by the two observers */
	double *counts;
	double *blocks;
	/* per unit over a long sequence of whole blocks (blocks only; else
	 * NAN) */
	double counts_whole, blocks_whole;
	double coin; /* the largest allocation share */
};

/*
 * The exact expectations of protocol p for sequences of up to max_n
 * units; the caller frees the result with rct_predict_free().  A design
 * too large to work out exactly is no error: exact is then 0.
 */
int rct_predict_new(struct rct_predict **out, const struct rct_protocol *p,
    int64_t max_n);
void rct_predict_free(struct rct_predict *pr);

#endif
