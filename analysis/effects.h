/*
 * Effect estimates of one outcome, with estimatr's names and definitions
 * (difference_in_means, lm_robust, lm_lin, iv_robust), and the risk and
 * odds ratios of a binary outcome.
 */
#ifndef RCT_EFFECTS_H
#define RCT_EFFECTS_H

#include <stddef.h>
#include <stdint.h>

#include "dataset.h"
#include "methods.h"
#include "ols.h"
#include "wild.h"

enum rct_missing_cov {
	RCT_MISSING_LISTWISE,
	RCT_MISSING_INDICATOR,
};

/* "listwise" or "indicator", and back (-1 for another name). */
const char *rct_effects_missing_cov_name(enum rct_missing_cov m);
int rct_effects_missing_cov_parse(const char *name, enum rct_missing_cov *out);

/*
 * The alternative hypothesis of the p-value and interval, as estimatr's
 * alternative = "two.sided", "greater", "less": a one-sided test has the
 * interval open on the other side (conf_high or conf_low infinite).
 */
enum rct_alternative {
	RCT_ALT_TWO_SIDED,
	RCT_ALT_GREATER,
	RCT_ALT_LESS,
};

const char *rct_effects_alternative_name(enum rct_alternative a);
int rct_effects_alternative_parse(const char *name, enum rct_alternative *out);

struct rct_effect_spec {
	const char *outcome;
	const char *arm; /* column of arms */
	const char *treat; /* its treatment level */
	const char *control; /* its control level, or NULL */
	const char *strata; /* column, or NULL */
	const char *cluster; /* column, or NULL */
	const char *takeup; /* column (IV), or NULL */
	/*
	 * Column of each row's probability of treatment: the
	 * horvitz_thompson estimator's, or for ols, ancova and lin the
	 * inverse-probability weights 1/p (treated) and 1/(1-p) (controls).
	 */
	const char *prob;
	/*
	 * Column of each row's probability of the control arm, or NULL for
	 * 1 - prob (two arms); with more arms than two, the weights of the
	 * controls are 1 / prob_control.
	 */
	const char *prob_control;
	const char *const *covariates;
	size_t ncovariates;
	/* per covariate, or NULL: read as categories (factor(NAME)) */
	const unsigned char *covariate_factor;
	enum rct_estimator estimator;
	enum rct_se_type se;
	int se_given; /* else estimatr's default */
	/* only the rows where column subset has level subset_level */
	const char *subset;
	const char *subset_level;
	double alpha; /* 0.05 */
	/*
	 * A covariate with missing values: the row dropped (listwise, the
	 * default), or kept by the missing-indicator method (White and
	 * Thompson 2005): the value set to 0 and a 0/1 column missing(NAME)
	 * added beside it, used (for lin centred and interacted) like any
	 * covariate.  The arm's estimate and error do not depend on the 0.
	 */
	enum rct_missing_cov missing_covariates;
	enum rct_alternative alternative;
	/*
	 * --se wild: the wild cluster bootstrap's weights, draws and seed
	 * (wild.h); draws and seed are used only when the weights are drawn.
	 */
	struct rct_wild_spec wild;
	int wild_given; /* --wild-weights, --bootstrap or --seed given */
	/*
	 * Per row of the dataset, or NULL: 1 for a row left out (counted
	 * in n_left_out, not in n nor n_missing), as a store's analysis
	 * leaves out a stratum whose allocation has no comparison
	 * (rct_effects_plan_left_out in effects_plan.h).
	 */
	const unsigned char *left_out;
};

struct rct_estimate {
	char outcome[64];
	const char *estimator;
	const char *se_type;
	const char *term; /* "treatment", or "takeup" (IV) */
	const char *treat, *control; /* the arms compared (the dataset's) */
	double estimate, std_error, df, statistic, p_value;
	double conf_low, conf_high;
	double conf_level; /* 1 - alpha */
	const char *alternative; /* "two.sided", "greater" or "less" */
	/*
	 * "identity", or "log" for the ratios: std_error and statistic are
	 * of the log ratio, estimate and interval of the ratio itself.
	 */
	const char *scale;
	const char *strata; /* the column used as blocks or fixed effects */
	const char *cluster; /* the column of clusters used */
	/* the column of probabilities whose inverse weights the fit, or NULL */
	const char *weights;
	long n, n_treat, n_control;
	/*
	 * IV only, else NaN: the first stage's coefficient of the arm (the
	 * compliance rate) and the Wald F of the instrument on (1, df2).
	 */
	double compliance, first_stage_f, first_stage_df2;
	long n_missing; /* rows dropped for a missing value */
	long n_left_out; /* rows of the two arms left out (spec.left_out) */
	/*
	 * --se wild only (else wild_weights NULL): the weights, the number
	 * of weight vectors and, when they were drawn, the seed.
	 */
	const char *wild_weights;
	long draws;
	int enumerated;
	uint64_t seed;
};

/*
 * Estimate the effect of spec on dataset d.  Bad input (an unknown
 * column, a non-numeric outcome, a level that does not occur, a stratum
 * with one arm only, a constant outcome, an empty arm) records a message
 * and returns RCT_EINVAL: never a NaN.
 *
 * Strata and clusters are never ignored (estimatr's definitions): dim
 * with strata is the blocked estimator, and with clusters its errors are
 * CR2; ols, ancova and iv take the strata as fixed effects, lin their
 * indicators among the covariates; the ratios take clusters (CR0 or
 * stata, as sandwich::vcovCL) and refuse strata and covariates.  Only the
 * columns an estimator uses drop rows that miss a value.  What is changed on
 * the way (an error type the estimator does not have, covariates it does not
 * use) is said with rct_error_warn.
 */
int rct_effects_estimate(struct rct_dataset *d,
    const struct rct_effect_spec *spec, struct rct_estimate *out);

/*
 * The columns an analysis of spec reads from a dataset, and which of them
 * are categories whatever they look like (arm, strata, clusters).
 */
size_t rct_effects_columns(const struct rct_effect_spec *spec,
    const char **names, unsigned char *categorical, size_t max);

/* A Wald test of several coefficients being zero, as an F statistic. */
struct rct_wald {
	double statistic, df1, df2, p_value;
	long n;
};

/*
 * Whether the effect differs between the levels of the categorical column
 * by: the fit y ~ z * by (the spec's covariates left out) with the spec's
 * errors (HC2, or CR2 with clusters), and the Wald F test that every
 * interaction is zero: F = b'V^-1 b / q on (q, n - k) degrees of freedom
 * (G - 1 with clusters).
 */
int rct_effects_interaction(struct rct_dataset *d,
    const struct rct_effect_spec *spec, const char *by, struct rct_wald *out);

/*
 * The analysed counts of an effects table of n rows (suppress.h): an
 * arm's n_treat or n_control below min_cell is suppressed, and so is the
 * other arm's when the row's n (published, as n_missing is: the flow's
 * analysed and lost) would give it back.  published[i] (or NULL) marks
 * a row whose counts another table publishes (the CONSORT flow's
 * analysed, for the primary outcome): never suppressed, nor are the
 * counts of a row with nobody missing (the arms' n).  hidden[i] gets
 * bit 1 for n_treat, bit 2 for n_control.  RCT_ENOMEM.
 */
int rct_effects_suppress(const struct rct_estimate *e, size_t n,
    const unsigned char *published, int min_cell, unsigned char *hidden);

#endif
