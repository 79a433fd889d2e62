/*
 * Closed-form planning of a trial: power, sample size and minimum
 * detectable effect (MDES), as R's pwr (pwr.t.test, pwr.t2n.test,
 * pwr.2p.test) and PowerUpR (cra2, bira2f1: the MDES from the multiplier
 * t(1 - alpha/2) + t(power), power from the noncentral t) compute them.  Each
 * solves for the one quantity left at zero.
 */
#ifndef RCT_POWER_H
#define RCT_POWER_H

/* P(T <= t) for the noncentral t with df degrees and noncentrality ncp. */
double rct_pnt(double t, double df, double ncp);

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

int rct_plan_individual(struct rct_plan_individual *p, enum rct_solve s);
int rct_plan_cluster(struct rct_plan_cluster *p, enum rct_solve s);
int rct_plan_blocked(struct rct_plan_blocked *p, enum rct_solve s);

#endif
