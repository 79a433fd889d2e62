/*
 * Randomization inference: the p-value of the sharp null hypothesis that
 * the arm changed nobody's outcome, from the distribution of the test
 * statistic over allocations drawn again the way the trial drew them.
 *
 * The statistic is the difference in means among those with the outcome
 * (as R's ri2 with estimatr's difference_in_means), or with use_t its
 * studentized form, Welch's t; the p-value is two-sided,
 * (1 + #{|T_r| >= |T_obs|}) / (1 + R) over R draws (never zero), and its
 * Monte Carlo error is sqrt(p (1 - p) / R).  With several outcomes each
 * also gets the Westfall-Young step-down adjusted p-value (maxT over the
 * same draws, always on the t statistics so that outcomes on different
 * scales are comparable), which keeps the family-wise error and uses how
 * the outcomes move together.
 *
 * Draw r uses the secret BLAKE2b-256("rct-ri-v1" || seed || r), 8-byte
 * little-endian integers, so a run is repeatable, whatever the number
 * of threads that share the draws.
 */
#ifndef RCT_RI_H
#define RCT_RI_H

#include <stddef.h>
#include <stdint.h>

/*
 * How the trial draws: the arms of nunits units (participants, or
 * clusters), row i of the data being unit unit_of_row[i] (-1: in no arm).
 * start makes the state one thread draws with (*state, freed by finish;
 * nothing to free when start fails);
 * draw fills arm[u] for every unit as the draw with secret key allocates
 * it, treat and control being the codes of the two arms compared (any
 * other code: in neither).  Several threads draw at once, each with its
 * own state.
 */
struct rct_ri_design {
	size_t nunits;
	const int32_t *unit_of_row;
	int treat, control;
	int two_arms; /* set when draw gives every unit treat or control */
	void *ctx;
	int (*start)(void *ctx, void **state);
	int (*draw)(void *state, const unsigned char key[32], int *arm);
	void (*finish)(void *state);
};

struct rct_ri_result {
	double estimate; /* difference in means */
	double statistic; /* its t */
	double p_value, mc_error;
	double p_westfall_young; /* NaN with one outcome */
	long draws, extreme;
	long n_treat, n_control;
};

/*
 * y[j] is outcome j over n rows (NaN when missing), z the observed arms
 * (1 treated, 0 control, -1 neither).  Results go to out[j].
 */
int rct_ri(const double *const *y, size_t noutcomes, size_t n, const int8_t *z,
    const struct rct_ri_design *design, long draws, uint64_t seed, int use_t,
    struct rct_ri_result *out);

/*
 * The design of complete randomization within strata (strata NULL: one
 * stratum) as a permutation of the observed arms, of clusters when
 * cluster is not NULL (every member takes its cluster's arm; a cluster
 * must have one arm and one stratum).  Codes are 0-based, -1 missing.
 * rct_ri_permutation_design fills a design that reads p, which must
 * outlive it.
 */
struct rct_ri_permutation;
int rct_ri_permutation_new(struct rct_ri_permutation **out, const int8_t *z,
    const int32_t *strata, const int32_t *cluster, size_t n);
void rct_ri_permutation_free(struct rct_ri_permutation *p);
void rct_ri_permutation_design(struct rct_ri_design *d,
    const struct rct_ri_permutation *p);

#endif
