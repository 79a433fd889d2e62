/*
 * Power and sample size (power.h).
 *
 * The noncentral t distribution follows Lenth's algorithm AS 243 (Applied
 * Statistics 38, 1989), the method behind R's pt(ncp = ): a series of
 * regularized incomplete beta functions weighted by Poisson terms.
 * Solving is by bisection on a bracket, to far below the 1e-4 to which
 * the results are checked against R.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#include "error.h"
#include "power.h"

#define PI 3.14159265358979323846

double
rct_power_pnt(double t, double df, double ncp)
{
	double x, lambda, p, q, s, a, b, rxb, albeta, xodd, godd, xeven, geven;
	double tnc, del = ncp, tt = t;
	int negdel = 0, j;

	if (df <= 0)
		return NAN;
	if (ncp == 0)
		return gsl_cdf_tdist_P(t, df);
	if (t < 0) {
		negdel = 1;
		tt = -t;
		del = -ncp;
	}
	x = tt * tt / (tt * tt + df);
	tnc = 0;
	if (x > 0) {
		lambda = del * del;
		p = 0.5 * exp(-0.5 * lambda);
		q = sqrt(2 / PI) * p * del;
		s = 0.5 - p;
		if (s < 1e-7)
			s = -0.5 * expm1(-0.5 * lambda);
		a = 0.5;
		b = 0.5 * df;
		rxb = pow(1 - x, b);
		albeta =
		    0.5 * log(PI) + gsl_sf_lngamma(b) - gsl_sf_lngamma(0.5 + b);
		xodd = gsl_sf_beta_inc(a, b, x);
		godd = 2 * rxb * exp(a * log(x) - albeta);
		tnc = b * x;
		xeven = tnc < 1e-12 ? tnc : 1 - rxb;
		geven = tnc * rxb;
		tnc = p * xodd + q * xeven;
		for (j = 1; j <= 10000; j++) {
			a += 1;
			xodd -= godd;
			xeven -= geven;
			godd *= x * (a + b - 1) / a;
			geven *= x * (a + b - 0.5) / (a + 0.5);
			p *= lambda / (2 * j);
			q *= lambda / (2 * j + 1);
			s -= p;
			tnc += p * xodd + q * xeven;
			if (fabs(2 * s * (xodd - godd)) < 1e-14 && j > 2)
				break;
		}
	}
	tnc += gsl_cdf_ugaussian_P(-del);
	if (tnc > 1)
		tnc = 1;
	return negdel ? 1 - tnc : tnc;
}

/* Two-sided power of the t test with df and noncentrality ncp (pwr). */
static double
t_power(double ncp, double df, double alpha)
{
	double q = gsl_cdf_tdist_Qinv(alpha / 2, df);

	return 1 - rct_power_pnt(q, df, ncp) + rct_power_pnt(-q, df, ncp);
}

/* The root of f(x) = target in [lo, hi], f increasing, by bisection. */
static double
solve(double (*f)(const void *, double), const void *arg, double target,
    double lo, double hi)
{
	int i;

	if (f(arg, lo) > target || f(arg, hi) < target)
		return NAN;
	for (i = 0; i < 200 && hi - lo > 1e-12 * fmax(1, fabs(hi)); i++) {
		double mid = 0.5 * (lo + hi);

		if (f(arg, mid) < target)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

static int
check_common(double alpha, double power, enum rct_solve s)
{
	if (!(alpha > 0 && alpha < 1))
		return rct_error(RCT_EINVAL,
		    "--alpha %g is not between 0 and 1", alpha);
	if (s != RCT_SOLVE_POWER && !(power > 0 && power < 1))
		return rct_error(RCT_EINVAL,
		    "--power %g is not between 0 and 1: give the power to "
		    "reach, such as 0.8",
		    power);
	return 0;
}

/* Individual designs: power at n (control) with d, two-sided. */
static double
individual_power(const struct rct_plan_individual *p, double n, double d)
{
	double n1 = n, n2 = n * p->ratio, se;

	if (p->binary) {
		/* pwr.2p.test: normal, h * sqrt(n / 2) with equal arms. */
		double z = gsl_cdf_ugaussian_Qinv(p->alpha / 2);
		double shift = d * sqrt(n1 * n2 / (n1 + n2));

		return gsl_cdf_ugaussian_Q(z - shift) +
		    gsl_cdf_ugaussian_P(-z - shift);
	}
	se = sqrt(n1 * n2 / (n1 + n2));
	return t_power(d * se, n1 + n2 - 2, p->alpha);
}

struct at {
	const struct rct_plan_individual *p;
	double fixed;
};

static double
power_of_n(const void *arg, double n)
{
	const struct at *a = arg;

	return individual_power(a->p, n, a->fixed);
}

static double
power_of_d(const void *arg, double d)
{
	const struct at *a = arg;

	return individual_power(a->p, a->fixed, d);
}

int
rct_power_plan_individual(struct rct_plan_individual *p, enum rct_solve s)
{
	double d, shrink;
	struct at a;
	int rc;

	if (p->ratio == 0)
		p->ratio = 1;
	if ((rc = check_common(p->alpha, p->power, s)) != 0)
		return rc;
	if (!(p->ratio > 0))
		return rct_error(RCT_EINVAL, "--ratio %g must be positive",
		    p->ratio);
	if (!(p->r2 >= 0 && p->r2 < 1))
		return rct_error(RCT_EINVAL, "--r2 %g is not in [0, 1)", p->r2);
	if (!(p->attrition >= 0 && p->attrition < 1))
		return rct_error(RCT_EINVAL, "--attrition %g is not in [0, 1)",
		    p->attrition);
	if (p->binary) {
		if (!(p->p_control > 0 && p->p_control < 1) ||
		    !(p->p_treatment > 0 && p->p_treatment < 1))
			return rct_error(RCT_EINVAL,
			    "--p-control and --p-treatment must be "
			    "proportions strictly between 0 and 1");
		p->h = 2 * asin(sqrt(p->p_treatment)) -
		    2 * asin(sqrt(p->p_control));
		p->effect_size = p->h;
	}
	/* Covariates with R^2 shrink the error: d grows by 1/sqrt(1-r2). */
	shrink = 1 / sqrt(1 - p->r2);
	a.p = p;
	switch (s) {
	case RCT_SOLVE_N:
		if (p->effect_size == 0)
			return rct_error(RCT_EINVAL,
			    "an effect of zero needs infinitely many "
			    "participants: give --effect-size (or rates that "
			    "differ)");
		a.fixed = fabs(p->effect_size) * shrink;
		p->n_per_arm = solve(power_of_n, &a, p->power, 2 + 1e-9, 1e9);
		if (isnan(p->n_per_arm))
			return rct_error(RCT_EINVAL,
			    "no sample size below 1e9 per arm reaches power %g",
			    p->power);
		break;
	case RCT_SOLVE_POWER:
		if (!(p->n_per_arm >= 2))
			return rct_error(RCT_EINVAL,
			    "--n-per-arm %g: at least 2 are needed",
			    p->n_per_arm);
		p->power = individual_power(p, p->n_per_arm,
		    fabs(p->effect_size) * shrink);
		break;
	case RCT_SOLVE_MDES:
		if (!(p->n_per_arm >= 2))
			return rct_error(RCT_EINVAL,
			    "--n-per-arm %g: at least 2 are needed",
			    p->n_per_arm);
		a.fixed = p->n_per_arm;
		d = solve(power_of_d, &a, p->power, 1e-9, 50);
		if (isnan(d))
			return rct_error(RCT_EINVAL,
			    "no effect size reaches power %g with %g per arm",
			    p->power, p->n_per_arm);
		p->effect_size = d / shrink;
		break;
	}
	p->n_treat = p->n_per_arm * p->ratio;
	p->n_enrolled_per_arm = p->n_per_arm / (1 - p->attrition);
	return 0;
}

/*
 * Two-tailed power of an effect es with error se on df degrees: the
 * noncentral t with ncp es / se, as PowerUpR's .power.fun computes it.
 */
static double
design_power(double es, double se, double df, double alpha)
{
	return t_power(es / se, df, alpha);
}

static double
multiplier(double df, double alpha, double power)
{
	return gsl_cdf_tdist_Qinv(alpha / 2, df) +
	    gsl_cdf_tdist_Pinv(power, df);
}

static double
cluster_se(const struct rct_plan_cluster *p, double J)
{
	double P = p->share_treated;

	return sqrt(p->icc * (1 - p->r2_cluster) / (P * (1 - P) * J) +
	    (1 - p->icc) * (1 - p->r2_individual) /
		(P * (1 - P) * J * p->cluster_size));
}

static double
cluster_power_of_j(const void *arg, double J)
{
	const struct rct_plan_cluster *p = arg;

	return design_power(p->mdes, cluster_se(p, J),
	    J - p->cluster_covariates - 2, p->alpha);
}

int
rct_power_plan_cluster(struct rct_plan_cluster *p, enum rct_solve s)
{
	int rc;

	if (p->share_treated == 0)
		p->share_treated = 0.5;
	if ((rc = check_common(p->alpha, p->power, s)) != 0)
		return rc;
	if (!(p->icc >= 0 && p->icc < 1))
		return rct_error(RCT_EINVAL,
		    "--icc %g is not in [0, 1): the intra-class correlation "
		    "is a share of the variance",
		    p->icc);
	if (!(p->cluster_size >= 1))
		return rct_error(RCT_EINVAL, "--cluster-size %g: at least 1",
		    p->cluster_size);
	if (!(p->share_treated > 0 && p->share_treated < 1) ||
	    !(p->r2_cluster >= 0 && p->r2_cluster < 1) ||
	    !(p->r2_individual >= 0 && p->r2_individual < 1))
		return rct_error(RCT_EINVAL,
		    "the share treated and the R^2 values must lie in (0, 1) "
		    "and [0, 1)");
	if (s != RCT_SOLVE_N &&
	    !(p->clusters - p->cluster_covariates - 2 >= 1 && p->clusters >= 3))
		return rct_error(RCT_EINVAL,
		    "--clusters %g: at least 3, and more than the %d "
		    "cluster covariates + 2, for any degrees of freedom",
		    p->clusters, p->cluster_covariates);
	switch (s) {
	case RCT_SOLVE_MDES:
		p->df = p->clusters - p->cluster_covariates - 2;
		p->mdes = multiplier(p->df, p->alpha, p->power) *
		    cluster_se(p, p->clusters);
		break;
	case RCT_SOLVE_POWER:
		p->df = p->clusters - p->cluster_covariates - 2;
		p->power = design_power(p->mdes, cluster_se(p, p->clusters),
		    p->df, p->alpha);
		break;
	case RCT_SOLVE_N:
		if (!(p->mdes > 0))
			return rct_error(RCT_EINVAL,
			    "an effect of zero needs infinitely many "
			    "clusters: give --effect-size");
		p->clusters_real = solve(cluster_power_of_j, p, p->power,
		    p->cluster_covariates + 3, 1e7);
		if (isnan(p->clusters_real))
			return rct_error(RCT_EINVAL,
			    "no number of clusters reaches power %g: the ICC "
			    "limits what more clusters can give",
			    p->power);
		p->clusters = ceil(p->clusters_real - 1e-9);
		p->df = p->clusters - p->cluster_covariates - 2;
		break;
	}
	return 0;
}

int
rct_power_plan_blocked(struct rct_plan_blocked *p, enum rct_solve s)
{
	double P, se;
	int rc;

	if (p->share_treated == 0)
		p->share_treated = 0.5;
	P = p->share_treated;
	if ((rc = check_common(p->alpha, p->power, s)) != 0)
		return rc;
	if (!(P > 0 && P < 1) ||
	    !(p->r2_individual >= 0 && p->r2_individual < 1))
		return rct_error(RCT_EINVAL,
		    "the share treated must lie in (0, 1) and R^2 in [0, 1)");
	p->df = p->blocks * (p->block_size - 2) - p->covariates;
	if (!(p->blocks >= 1) || !(p->df >= 1))
		return rct_error(RCT_EINVAL,
		    "%g sites of %g people leave no degrees of freedom",
		    p->blocks, p->block_size);
	se = sqrt(
	    (1 - p->r2_individual) / (P * (1 - P) * p->blocks * p->block_size));
	if (s == RCT_SOLVE_MDES)
		p->mdes = multiplier(p->df, p->alpha, p->power) * se;
	else if (s == RCT_SOLVE_POWER)
		p->power = design_power(p->mdes, se, p->df, p->alpha);
	else
		return rct_error(RCT_EINVAL,
		    "the blocked design solves for mdes or power");
	return 0;
}
