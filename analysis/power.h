/*
 * Closed-form planning of a trial: power, sample size and minimum
 * detectable effect (MDES), as R's pwr (pwr.t.test, pwr.t2n.test,
 * pwr.2p.test) and PowerUpR (cra2, bira2f1: the MDES from the multiplier
 * t(1 - alpha/2) + t(power), power from the noncentral t) compute them.  Each
 * solves for the one quantity left at zero.
 */
#ifndef RCT_POWER_H
#define RCT_POWER_H

#include "table.h"

/* P(T <= t) for the noncentral t with df degrees and noncentrality ncp. */
double rct_power_pnt(double t, double df, double ncp);

/* What a plan solves for. */
enum rct_solve {
	RCT_SOLVE_N, /* n per arm (individual), clusters J (cluster) */
	RCT_SOLVE_POWER,
	RCT_SOLVE_MDES,
};

struct rct_plan_individual {
	double effect_size; /* standardized d; or from p_control/treatment */
	double p_control, p_treatment; /* binary: Cohen's h (pwr.2p.test) */
	int binary;
	double n_per_arm; /* control arm when ratio != 1 */
	double ratio; /* treated per control (1) */
	double alpha, power;
	double r2; /* covariate R^2: the error variance shrinks by 1 - r2 */
	double attrition; /* share without the outcome: inflates n */
	/* results */
	double n_treat, n_enrolled_per_arm, h;
};

struct rct_plan_cluster {
	double clusters, cluster_size, icc, share_treated;
	double r2_cluster, r2_individual;
	int cluster_covariates; /* g */
	double alpha, power, mdes;
	double clusters_real, df; /* results */
};

struct rct_plan_blocked {
	double blocks, block_size, share_treated, r2_individual;
	int covariates; /* g */
	double alpha, power, mdes;
	double df;
};

int rct_power_plan_individual(struct rct_plan_individual *p, enum rct_solve s);
int rct_power_plan_cluster(struct rct_plan_cluster *p, enum rct_solve s);
int rct_power_plan_blocked(struct rct_plan_blocked *p, enum rct_solve s);

/* The inputs of a plan as `analysis power` takes them (power_plan.c). */
enum rct_power_input {
	RCT_POWER_EFFECT,
	RCT_POWER_P0,
	RCT_POWER_P1,
	RCT_POWER_POWER,
	RCT_POWER_N,
	RCT_POWER_ALPHA,
	RCT_POWER_RATIO,
	RCT_POWER_R2,
	RCT_POWER_ATTRITION,
	RCT_POWER_CLUSTERS,
	RCT_POWER_SIZE,
	RCT_POWER_ICC,
	RCT_POWER_R2C,
	RCT_POWER_R2I,
	RCT_POWER_G,
	RCT_POWER_SHARE,
	RCT_POWER_SITES,
	RCT_POWER_SITE_SIZE,
	RCT_POWER_NINPUTS
};

/* What is given: a value and whether it was given, for each input. */
struct rct_power_given {
	double v[RCT_POWER_NINPUTS];
	int set[RCT_POWER_NINPUTS];
};

/*
 * Solve the plan of design ("individual", "cluster" or "blocked") for the
 * one quantity the given inputs leave out, and return one row: the design,
 * the quantity solved for (under the name of its flag) and every input.
 * The caller frees *out.  RCT_EINVAL when the inputs do not make one plan;
 * *choice is then 1 when the message is about which inputs were given (a
 * usage error), 0 when a value is out of range.
 */
int rct_power_solve(const char *design, const struct rct_power_given *g,
    struct rct_table **out, int *choice) __attribute__((warn_unused_result));

#endif
