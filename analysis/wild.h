/*
 * The wild cluster bootstrap of one regression coefficient, for few
 * clusters: restricted (the null imposed, "WCR"), with Rademacher or Webb
 * weights, the symmetric p-value and the interval by test inversion, as
 * Roodman, MacKinnon, Nielsen and Webb (2019, "Fast and wild", Stata
 * Journal 19(1)) define them and boottest computes them.
 *
 * With G clusters and Rademacher weights the 2^G weight vectors are all
 * enumerated when G <= RCT_WILD_ENUMERATE_MAX (exact, nothing random);
 * otherwise B weight vectors are drawn from the keyed stream (lib/stream.c)
 * under a key derived from a seed, so that a run is reproduced byte for
 * byte.  This is analysis, not allocation: the seed is no secret and is
 * reported with the result.
 */
#ifndef RCT_WILD_H
#define RCT_WILD_H

#include <stddef.h>
#include <stdint.h>

#include "ols.h"

#define RCT_WILD_ENUMERATE_MAX 12
#define RCT_WILD_DEFAULT_DRAWS 9999
#define RCT_WILD_DEFAULT_SEED 1

enum rct_wild_weights {
	RCT_WILD_RADEMACHER, /* -1, 1 with probability 1/2 each */
	RCT_WILD_WEBB, /* +-sqrt(1/2), +-1, +-sqrt(3/2), 1/6 each */
};

/* "rademacher" or "webb", and back (-1 for another name). */
const char *rct_wild_weights_name(enum rct_wild_weights w);
int rct_wild_weights_parse(const char *name, enum rct_wild_weights *out);

struct rct_wild_spec {
	enum rct_wild_weights weights;
	long draws; /* B, when the weights are drawn */
	uint64_t seed;
	double alpha; /* of the interval */
};

struct rct_wild_result {
	double estimate; /* the OLS coefficient */
	double std_error; /* its CR1 ("stata") error, as in t */
	double statistic; /* estimate / std_error */
	double p_value; /* of coefficient = 0 */
	double conf_low, conf_high; /* infinite when never rejected */
	long draws; /* weight vectors used (2^G when enumerated) */
	int enumerated; /* 1: every Rademacher vector, no seed used */
};

/*
 * The wild restricted cluster bootstrap of coefficient coef of the fit of
 * y on X (column 0 the intercept), with clusters cluster[i] in
 * 0..nclusters-1; kept (NULL: all) the columns to use (rct_ols's, with
 * collinear ones dropped).  For each null value b0 the fit of y - b0 x_coef
 * on the other columns gives the restricted residuals u; bootstrap
 * samples are y* = (restricted fit) + u_g v_g, each refitted, with
 * t* = (b* - b0) / se_CR1(b*); p(b0) is the share of |t*| >= |t(b0)|
 * (ties, such as v = 1, counted).  The interval is {b0 : p(b0) >= alpha},
 * its ends found by stepping out from the estimate by 2^j standard
 * errors, j = 0..20, until p < alpha and bisecting to the jump (infinite
 * when not rejected within 2^20 standard errors).
 */
int rct_wild(struct rct_wild_result *out, const struct rct_design *X,
    const int *kept, const double *y, const int32_t *cluster, size_t nclusters,
    size_t coef, const struct rct_wild_spec *spec);

#endif
