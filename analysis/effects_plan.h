/*
 * The effects table (analysis effects, the report's effects section):
 * the analysis to run, as a plan built from what the user said and, in a
 * store, the protocol's pre-specified analysis for what was not said;
 * then one row per outcome (per arm against the comparison) with the
 * family's Holm and Benjamini-Hochberg adjusted p-values.
 */
#ifndef RCT_EFFECTS_PLAN_H
#define RCT_EFFECTS_PLAN_H

#include <stddef.h>

#include "effects.h"
#include "protocol.h"
#include "store.h"
#include "store_data.h"
#include "table.h"

/*
 * What to estimate.  spec holds the options; the *_given flags say which
 * of them the user set, so that the protocol fills only the others (the
 * se and the wild bootstrap have theirs in spec).  The plan owns its
 * outcome and covariate lists; spec.covariates points into them.
 */
struct rct_effects_plan {
	struct rct_effect_spec spec;
	char **outcomes, **covariates;
	size_t noutcomes, ncovariates;
	unsigned char *factor; /* per covariate: read as categories */
	int estimator_given, alpha_given, treat_given, missing_given;
	/* From a store: the probabilities stored with each allocation. */
	int prob_allocation;
	char prob_treat[RCT_STORE_DATA_PROB_MAX],
	    prob_control[RCT_STORE_DATA_PROB_MAX];
};

/* estimatr's defaults: difference in means, alpha 0.05, no outcome yet. */
void rct_effects_plan_init(struct rct_effects_plan *pl);

/* Copies of the outcomes, and of the covariates with their factor flags. */
int rct_effects_plan_outcomes(struct rct_effects_plan *pl, char *const *names,
    size_t n);
int rct_effects_plan_covariates(struct rct_effects_plan *pl, char *const *names,
    const unsigned char *factor, size_t n);

/*
 * From a store: what was not given comes from the protocol's [analysis]:
 * the outcome family (or the primary outcome), the estimator, its
 * errors, covariates, missing covariates and alpha; arms from the
 * allocation, compared with the protocol's control arm
 * (rct_protocol_control_arm); strata and clusters as randomized.
 */
int rct_effects_plan_protocol(struct rct_effects_plan *pl,
    const struct rct_protocol *p);

void rct_effects_plan_release(struct rct_effects_plan *pl);

/*
 * The risk set of a store's comparison of arm treat with arm control
 * (as lottery studies analyse, e.g. Abdulkadiroglu, Angrist, Narita and
 * Pathak 2017): a stratum (a lottery's site) whose allocated
 * participants of the two arms are all in one of them had its arm fixed
 * (probability 1 or 0): it has no comparison within it, and blocked
 * leaves it out (of the blocked estimate).  With prob_treat and
 * prob_control (the columns of Horvitz-Thompson and inverse-probability
 * weights, and of randomization inference) every row with probability 0
 * of either arm is left out too: its weight is undefined, and every
 * re-draw gives it the same arm.  strata names the strata in the note;
 * it and the prob columns may be NULL or absent from d.  row gets
 * one flag per row of d (1: left out) and note, when anything is left
 * out, says which strata, how many and why; n counts the rows of the
 * two arms left out.  Free with rct_effects_plan_left_out_release().
 */
struct rct_left_out {
	unsigned char *row;
	long n;
	size_t nstrata;
	char note[512];
};

int rct_effects_plan_left_out(struct rct_left_out *out, struct rct_dataset *d,
    const char *arm, const char *treat, const char *control, const char *strata,
    int blocked, const char *prob_treat, const char *prob_control);
void rct_effects_plan_left_out_release(struct rct_left_out *lo);

/*
 * The table, and the estimates of its rows (an IV row has the ITT row
 * after it; their arm names point into the dataset, valid while it is).
 * The caller frees both with rct_effects_plan_results_release().
 */
struct rct_effects {
	struct rct_table *table;
	struct rct_estimate *estimates;
	size_t nestimates;
	/* what a store's analysis left out (rct_effects_plan_left_out), or ""
	 */
	char note[1024];
};

/*
 * Every outcome of the plan on d; with p (a store's protocol) and no
 * treat given, every arm against the comparison.  The table rounds to 4
 * digits (rct_table_set_digits to change it) within 80 columns.
 */
int rct_effects_plan_table(struct rct_effects *out, struct rct_dataset *d,
    const struct rct_effects_plan *pl, const struct rct_protocol *p);

/*
 * The store's pre-specified analysis, as analysis effects STORE: the
 * table only (no estimates).
 */
int rct_effects_plan_store(struct rct_effects *out, struct rct_store *s);

void rct_effects_plan_results_release(struct rct_effects *r);

#endif
