/*
 * Effect estimates (effects.h).  Definitions, as in R's estimatr:
 *   dim:      difference_in_means without blocks: Welch (Neyman) variance
 *             and Welch-Satterthwaite degrees of freedom.
 *   blocked:  difference_in_means with blocks: the block estimates
 *             weighted by block size, variance sum (N_j/N)^2 v_j with v_j
 *             the Neyman variance in block j, df = N - 2J; when every
 *             block is a pair, the matched-pair variance with df = J - 1
 *             (Imai, King and Nall 2009).
 *   ols:      lm_robust(Y ~ Z); ancova: lm_robust(Y ~ Z + X).
 *   lin:      lm_lin (Lin 2013): Y ~ Z + Xc + Z:Xc, Xc centred on the
 *             sample means; a categorical covariate becomes indicators
 *             of its levels after the first, then centred.
 *   iv:       iv_robust(Y ~ D + X | Z + X): two-stage least squares, the
 *             variance on the second-stage design with the structural
 *             residuals Y - [1 D X] beta.
 *   risk_ratio, odds_ratio: the Wald interval on the log scale, as a
 *             log-binomial or logistic glm on the arm alone gives.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "columns.h"
#include "effects.h"
#include "error.h"

static const char *const estimator_names[] = {"dim", "blocked", "ols", "ancova",
    "lin", "iv", "risk_ratio", "odds_ratio"};

const char *
rct_estimator_name(enum rct_estimator e)
{
	return estimator_names[e];
}

int
rct_estimator_parse(const char *name, enum rct_estimator *out)
{
	size_t i;

	for (i = 0; i < sizeof(estimator_names) / sizeof(*estimator_names); i++)
		if (strcmp(name, estimator_names[i]) == 0) {
			*out = (enum rct_estimator)i;
			return 0;
		}
	return -1;
}

size_t
rct_effect_columns(const struct rct_effect_spec *spec, const char **names,
    unsigned char *categorical, size_t max)
{
	size_t n = 0, i;

	memset(categorical, 0, max);
	names[n++] = spec->outcome;
	categorical[n] = 1;
	names[n++] = spec->arm;
	if (spec->strata && n < max) {
		categorical[n] = 1;
		names[n++] = spec->strata;
	}
	if (spec->cluster && n < max) {
		categorical[n] = 1;
		names[n++] = spec->cluster;
	}
	if (spec->takeup && n < max)
		names[n++] = spec->takeup;
	for (i = 0; i < spec->ncovariates && n < max; i++) {
		categorical[n] =
		    spec->covariate_factor && spec->covariate_factor[i];
		names[n++] = spec->covariates[i];
	}
	return n;
}

/* The rows an estimate uses, and what it needs of them. */
struct sample {
	size_t n;
	double *y, *z, *d; /* outcome, treatment (0/1), take-up */
	int32_t *block, *cluster;
	size_t nblocks, nclusters;
	double *cov; /* n x p expanded covariates */
	size_t p;
	char **cov_names; /* p names: "x1", "f=b" */
	const struct rct_column *strata;
	const char *source; /* for messages */
	const char *treat, *control; /* the levels compared */
	int32_t *block_level; /* block -> level of the strata column */
	long n_treat, n_control, n_missing;
};

static void
sample_free(struct sample *s)
{
	free(s->y);
	free(s->z);
	free(s->d);
	free(s->block);
	free(s->cluster);
	free(s->cov);
	if (s->cov_names) {
		size_t i;

		for (i = 0; i < s->p; i++)
			free(s->cov_names[i]);
		free(s->cov_names);
	}
	free(s->block_level);
}

/*
 * Codes 0..m-1 for the levels that occur, in order of level; back, when
 * not NULL, receives (m entries, caller frees) the level of each code.
 */
static size_t
recode(int32_t *codes, size_t n, size_t nlevels, int32_t **back)
{
	int32_t *map = calloc(nlevels + 1, sizeof(int32_t));
	size_t i, m = 0;

	if (map == NULL)
		return 0;
	for (i = 0; i < n; i++)
		map[codes[i]] = 1;
	for (i = 0; i < nlevels; i++)
		map[i] = map[i] ? (int32_t)m++ : -1;
	for (i = 0; i < n; i++)
		codes[i] = map[codes[i]];
	if (back && (*back = calloc(m + 1, sizeof(int32_t))) != NULL)
		for (i = 0; i < nlevels; i++)
			if (map[i] >= 0)
				(*back)[map[i]] = (int32_t)i;
	free(map);
	return m;
}

static int
name_covariates(struct sample *s, struct rct_column *const *cov, size_t n)
{
	size_t k, l, j = 0;
	char name[256];

	if ((s->cov_names = calloc(s->p + 1, sizeof(char *))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (k = 0; k < n; k++) {
		if (cov[k]->kind == RCT_COLUMN_NUMBER) {
			s->cov_names[j++] = strdup(cov[k]->name);
			continue;
		}
		for (l = 1; l < cov[k]->nlevels; l++) {
			snprintf(name, sizeof(name), "%s=%s", cov[k]->name,
			    cov[k]->levels[l]);
			s->cov_names[j++] = strdup(name);
		}
	}
	return 0;
}

/* Number of expanded columns of a covariate. */
static size_t
width(const struct rct_column *c)
{
	return c->kind == RCT_COLUMN_NUMBER ? 1 :
					      (c->nlevels ? c->nlevels - 1 : 0);
}

static int
select_rows(struct rct_dataset *d, const struct rct_effect_spec *spec,
    struct sample *s)
{
	struct rct_column *y, *arm, *st = NULL, *cl = NULL, *tk = NULL;
	struct rct_column *sub = NULL;
	int sub_level = -1;
	struct rct_column *cov[64];
	int treat, control = -1, rc;
	size_t i, j, k, n = 0;

	memset(s, 0, sizeof(*s));
	if (spec->ncovariates > 64)
		return rct_error(RCT_EINVAL, "at most 64 covariates");
	if ((y = rct_column_need(d, spec->outcome, "outcome")) == NULL ||
	    (arm = rct_column_need(d, spec->arm, "arm")) == NULL ||
	    (spec->strata &&
		(st = rct_column_need(d, spec->strata, "strata")) == NULL) ||
	    (spec->cluster &&
		(cl = rct_column_need(d, spec->cluster, "clusters")) == NULL) ||
	    (spec->takeup &&
		(tk = rct_column_need(d, spec->takeup, "take-up")) == NULL))
		return RCT_EINVAL;
	for (k = 0; k < spec->ncovariates; k++)
		if ((cov[k] = rct_column_need(d, spec->covariates[k],
			 "covariates")) == NULL)
			return RCT_EINVAL;
	if ((rc = rct_dataset_require_number(d, y)) != 0 ||
	    (tk && (rc = rct_dataset_require_number(d, tk)) != 0))
		return rc;
	/*
	 * A covariate of numbers with some text in it is a mistyped number
	 * far more often than a code list: refused unless asked for.
	 */
	for (k = 0; k < spec->ncovariates; k++)
		if ((rc = rct_covariate_check(d, cov[k],
			 spec->covariate_factor &&
			     spec->covariate_factor[k])) != 0)
			return rc;
	if ((rc = rct_arms_resolve(d, arm, spec->treat, spec->control, &treat,
		 &control)) != 0)
		return rc;
	if (spec->subset) {
		if ((sub = rct_column_need(d, spec->subset, "subgroups")) ==
		    NULL)
			return RCT_EINVAL;
		if (sub->kind != RCT_COLUMN_CATEGORY ||
		    (sub_level = rct_column_level(sub, spec->subset_level)) < 0)
			return rct_error(RCT_EINVAL,
			    "%s: '%s' is not a level of column '%s'", d->source,
			    spec->subset_level, spec->subset);
	}
	for (k = 0; k < spec->ncovariates; k++)
		s->p += width(cov[k]);
	if ((rc = name_covariates(s, cov, spec->ncovariates)) != 0)
		return rc;
	s->strata = st;
	s->source = d->source;
	s->control = arm->levels[control];
	s->treat = arm->levels[treat];
	s->y = calloc(d->n + 1, sizeof(double));
	s->z = calloc(d->n + 1, sizeof(double));
	/* Columns not used stay zero, their memory untouched. */
	s->d = calloc(d->n + 1, sizeof(double));
	s->block = calloc(d->n + 1, sizeof(int32_t));
	s->cluster = calloc(d->n + 1, sizeof(int32_t));
	s->cov = calloc(d->n * s->p + 1, sizeof(double));
	if (!s->y || !s->z || !s->d || !s->block || !s->cluster || !s->cov)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < d->n; i++) {
		int a = arm->code[i];

		if (a != treat && a != control)
			continue; /* another arm, or not allocated */
		if (sub && sub->code[i] != sub_level)
			continue; /* another subgroup */
		if (rct_column_missing(y, i) ||
		    (st && rct_column_missing(st, i)) ||
		    (cl && rct_column_missing(cl, i)) ||
		    (tk && rct_column_missing(tk, i))) {
			s->n_missing++;
			continue;
		}
		for (k = 0; k < spec->ncovariates; k++)
			if (rct_column_missing(cov[k], i))
				break;
		if (k < spec->ncovariates) {
			s->n_missing++;
			continue;
		}
		s->y[n] = y->num[i];
		s->z[n] = a == treat;
		if (tk)
			s->d[n] = tk->num[i];
		if (st)
			s->block[n] = st->code[i];
		if (cl)
			s->cluster[n] = cl->code[i];
		for (k = 0, j = 0; k < spec->ncovariates; k++) {
			struct rct_column *c = cov[k];
			size_t l;

			if (c->kind == RCT_COLUMN_NUMBER)
				s->cov[n * s->p + j++] = c->num[i];
			else
				for (l = 1; l < c->nlevels; l++)
					s->cov[n * s->p + j++] =
					    c->code[i] == (int32_t)l;
		}
		s->n_treat += a == treat;
		s->n_control += a == control;
		n++;
	}
	s->n = n;
	if (s->n_treat == 0 || s->n_control == 0)
		return rct_error(RCT_EINVAL,
		    "%s: arm '%s' has nobody with an "
		    "outcome for '%s': no effect can be "
		    "estimated",
		    d->source,
		    s->n_treat == 0 ? spec->treat : arm->levels[control],
		    spec->outcome);
	if (st)
		s->nblocks = recode(s->block, n, st->nlevels, &s->block_level);
	if (cl)
		s->nclusters = recode(s->cluster, n, cl->nlevels, NULL);
	for (i = 1; i < n; i++)
		if (s->y[i] != s->y[0])
			break;
	if (i == n)
		return rct_error(RCT_EINVAL,
		    "%s: outcome '%s' is %g for "
		    "everyone: there is no variation to "
		    "estimate an effect from",
		    d->source, spec->outcome, s->y[0]);
	return 0;
}

/* p-value and interval from the estimate, its error and t degrees. */
static void
finish(struct rct_estimate *e, double alpha)
{
	double q;

	e->statistic = e->estimate / e->std_error;
	if (isinf(e->df)) {
		e->p_value = 2 * gsl_cdf_ugaussian_Q(fabs(e->statistic));
		q = gsl_cdf_ugaussian_Qinv(alpha / 2);
	} else {
		e->p_value = 2 * gsl_cdf_tdist_Q(fabs(e->statistic), e->df);
		q = gsl_cdf_tdist_Qinv(alpha / 2, e->df);
	}
	e->conf_low = e->estimate - q * e->std_error;
	e->conf_high = e->estimate + q * e->std_error;
}

/* Mean and sample variance of y over rows with z == arm (and block b). */
static void
moments(const struct sample *s, int arm, int32_t b, double *mean, double *var,
    long *count)
{
	double m = 0, ss = 0, dd;
	long n = 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->z[i] == arm && (b < 0 || s->block[i] == b)) {
			n++;
			dd = s->y[i] - m;
			m += dd / (double)n;
			ss += dd * (s->y[i] - m);
		}
	*mean = m;
	*var = n > 1 ? ss / (double)(n - 1) : NAN;
	*count = n;
}

static int
dim(const struct sample *s, struct rct_estimate *e)
{
	double m1, v1, m0, v0, a, b;
	long n1, n0;

	moments(s, 1, -1, &m1, &v1, &n1);
	moments(s, 0, -1, &m0, &v0, &n0);
	if (n1 < 2 || n0 < 2)
		return rct_error(RCT_EINVAL,
		    "an arm has a single participant: "
		    "its variance cannot be estimated");
	a = v1 / (double)n1;
	b = v0 / (double)n0;
	e->estimate = m1 - m0;
	e->std_error = sqrt(a + b);
	e->df = (a + b) * (a + b) /
	    (a * a / (double)(n1 - 1) + b * b / (double)(n0 - 1));
	return 0;
}

static int
blocked(const struct sample *s, const struct rct_effect_spec *spec,
    struct rct_estimate *e)
{
	double m1, v1, m0, v0, est = 0, var = 0, w, mean = 0, ss = 0, dd;
	long n1, n0;
	size_t b;
	int pairs = 1;

	if (spec->strata == NULL)
		return rct_error(RCT_EINVAL,
		    "the blocked estimator needs "
		    "--strata COL");
	for (b = 0; b < s->nblocks; b++) {
		moments(s, 1, (int32_t)b, &m1, &v1, &n1);
		moments(s, 0, (int32_t)b, &m0, &v0, &n0);
		if (n1 == 0 || n0 == 0)
			return rct_error(RCT_EINVAL,
			    "%s: stratum '%s' of column '%s' has only "
			    "arm '%s' (%ld people): the blocked estimator "
			    "needs both arms in every stratum; merge it "
			    "with another",
			    s->source, s->strata->levels[s->block_level[b]],
			    s->strata->name, n1 ? spec->treat : s->control,
			    n1 ? n1 : n0);
		pairs &= n1 == 1 && n0 == 1;
	}
	for (b = 0; b < s->nblocks; b++) {
		moments(s, 1, (int32_t)b, &m1, &v1, &n1);
		moments(s, 0, (int32_t)b, &m0, &v0, &n0);
		w = (double)(n1 + n0) / (double)s->n;
		est += w * (m1 - m0);
		if (pairs) {
			/* Running mean and sum of squares of pair differences.
			 */
			dd = (m1 - m0) - mean;
			mean += dd / (double)(b + 1);
			ss += dd * ((m1 - m0) - mean);
		} else if (n1 < 2 || n0 < 2)
			return rct_error(RCT_EINVAL,
			    "stratum '%s' has a single "
			    "participant in an arm (and not "
			    "every stratum is a pair): its "
			    "variance cannot be estimated",
			    s->strata->levels[s->block_level[b]]);
		else
			var += w * w * (v1 / (double)n1 + v0 / (double)n0);
	}
	e->estimate = est;
	if (pairs) {
		double J = (double)s->nblocks;

		e->std_error = sqrt(ss / (J * (J - 1)));
		e->df = J - 1;
	} else {
		e->std_error = sqrt(var);
		e->df = (double)s->n - 2 * (double)s->nblocks;
	}
	return 0;
}

/*
 * The design of an OLS estimator, given row by row from the sample so no
 * n x k matrix is built: [1, z] (ols), [1, z, X] (ancova, iv),
 * [1, z, X - mean X, z (X - mean X)] (lin).  For IV's second stage z is
 * the fitted take-up.
 */
struct design {
	struct rct_design d;
	const struct sample *s;
	const double *z;
	size_t p; /* covariates used */
	int lin;
	double *mean; /* p centres: the means for lin, else 0 */
};

static void
design_row(const struct rct_design *d, size_t i, double *x)
{
	const struct design *c = d->ctx;
	const double *cov = c->s->cov + i * c->s->p;
	size_t j;

	x[0] = 1;
	x[1] = c->z[i];
	for (j = 0; j < c->p; j++) {
		double v = cov[j] - c->mean[j];

		x[2 + j] = v;
		if (c->lin)
			x[2 + c->p + j] = c->z[i] * v;
	}
}

static int
design(struct design *c, const struct sample *s, enum rct_estimator est,
    const double *z)
{
	size_t i, j;

	c->s = s;
	c->z = z;
	c->p = est == RCT_EST_OLS ? 0 : s->p;
	c->lin = est == RCT_EST_LIN;
	if ((c->mean = calloc(c->p + 1, sizeof(double))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if (c->lin) {
		for (i = 0; i < s->n; i++)
			for (j = 0; j < c->p; j++)
				c->mean[j] += s->cov[i * s->p + j];
		for (j = 0; j < c->p; j++)
			c->mean[j] /= (double)s->n;
	}
	c->d.n = s->n;
	c->d.k = 2 + c->p * (c->lin ? 2 : 1);
	c->d.row = design_row;
	c->d.ctx = c;
	return 0;
}

/*
 * IV's first stage: take-up on the instruments [1 z X]; dhat receives
 * the fitted take-up.
 */
static int
first_stage(const struct sample *s, double *dhat)
{
	struct design zd = {0};
	struct rct_fit first;
	double *x = NULL;
	size_t i, j;
	int rc;

	if ((rc = design(&zd, s, RCT_EST_ANCOVA, s->z)) != 0)
		return rc;
	if ((x = malloc(zd.d.k * sizeof(double))) == NULL) {
		free(zd.mean);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	rc = rct_ols(&first, &zd.d, NULL, s->d, NULL, 0, RCT_SE_CLASSICAL);
	if (rc == 0 && !first.kept[1])
		rc = rct_error(RCT_EINVAL,
		    "the arm does not predict take-up: "
		    "there is no first stage");
	for (i = 0; rc == 0 && i < s->n; i++) {
		design_row(&zd.d, i, x);
		dhat[i] = 0;
		for (j = 0; j < zd.d.k; j++)
			if (first.kept[j])
				dhat[i] += first.beta[j] * x[j];
	}
	if (first.kept)
		rct_fit_release(&first);
	free(x);
	free(zd.mean);
	return rc;
}

static int
regression(const struct sample *s, const struct rct_effect_spec *spec,
    enum rct_se_type se, struct rct_estimate *e)
{
	struct design X = {0}, xhat = {0};
	struct rct_fit fit;
	double *dhat = NULL;
	size_t k, j;
	int rc, iv = spec->estimator == RCT_EST_IV;

	/* IV: X = [1 D X], fitted on xhat = [1 Dhat X]. */
	if ((rc = design(&X, s, spec->estimator, iv ? s->d : s->z)) != 0)
		return rc;
	k = X.d.k;
	if (iv) {
		if ((dhat = malloc((s->n + 1) * sizeof(double))) == NULL) {
			rc = rct_error(RCT_ENOMEM, "out of memory");
			goto out;
		}
		if ((rc = first_stage(s, dhat)) != 0 ||
		    (rc = design(&xhat, s, RCT_EST_IV, dhat)) != 0)
			goto out;
	}
	rc = rct_ols(&fit, &X.d, iv ? &xhat.d : NULL, s->y,
	    rct_se_clustered(se) ? s->cluster : NULL, s->nclusters, se);
	if (rc != 0)
		goto out;
	if (!fit.kept[1]) {
		rct_fit_release(&fit);
		rc = rct_error(RCT_EINVAL,
		    "the treatment is collinear with the "
		    "covariates: no effect can be estimated");
		goto out;
	}
	/* Columns 2.. are the covariates (and, for lin, their products). */
	for (j = 2; j < k; j++)
		if (!fit.kept[j])
			rct_warn("%s: covariate '%s'%s is collinear with the "
				 "columns before it and was dropped, as R's lm "
				 "does",
			    spec->outcome, s->cov_names[(j - 2) % s->p],
			    j - 2 >= s->p ? " (its interaction with the arm)" :
					    "");
	e->estimate = fit.beta[1];
	e->std_error = sqrt(fit.vcov[1 * k + 1]);
	e->df = fit.df[1];
	rct_fit_release(&fit);
out:
	free(X.mean);
	free(xhat.mean);
	free(dhat);
	return rc;
}

static int
ratio(const struct sample *s, const struct rct_effect_spec *spec,
    struct rct_estimate *e)
{
	double a = 0, c = 0, n1 = 0, n0 = 0;
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->y[i] != 0 && s->y[i] != 1)
			return rct_error(RCT_EINVAL,
			    "a %s needs a binary "
			    "outcome (0 or 1); '%s' has %g",
			    rct_estimator_name(spec->estimator), spec->outcome,
			    s->y[i]);
		if (s->z[i]) {
			n1++;
			a += s->y[i];
		} else {
			n0++;
			c += s->y[i];
		}
	}
	if (a == 0 || c == 0 ||
	    (spec->estimator == RCT_EST_ODDS_RATIO && (a == n1 || c == n0)))
		return rct_error(RCT_EINVAL,
		    "an arm has no %s: the %s cannot "
		    "be estimated",
		    a == 0 || c == 0 ? "events" : "non-events",
		    rct_estimator_name(spec->estimator));
	if (spec->estimator == RCT_EST_RISK_RATIO) {
		e->estimate = log((a / n1) / (c / n0));
		e->std_error = sqrt(1 / a - 1 / n1 + 1 / c - 1 / n0);
	} else {
		e->estimate = log((a / (n1 - a)) / (c / (n0 - c)));
		e->std_error =
		    sqrt(1 / a + 1 / (n1 - a) + 1 / c + 1 / (n0 - c));
	}
	e->df = INFINITY;
	finish(e, spec->alpha);
	/* Reported on the ratio scale; the error stays on the log scale. */
	e->estimate = exp(e->estimate);
	e->conf_low = exp(e->conf_low);
	e->conf_high = exp(e->conf_high);
	return 0;
}

int
rct_effect(struct rct_dataset *d, const struct rct_effect_spec *spec,
    struct rct_estimate *e)
{
	struct sample s;
	enum rct_se_type se = spec->se;
	int rc;

	memset(e, 0, sizeof(*e));
	snprintf(e->outcome, sizeof(e->outcome), "%s", spec->outcome);
	e->estimator = rct_estimator_name(spec->estimator);
	e->term = spec->estimator == RCT_EST_IV ? "takeup" : "treatment";
	if (spec->estimator == RCT_EST_IV && spec->takeup == NULL)
		return rct_error(RCT_EINVAL,
		    "the iv estimator needs --takeup "
		    "COL");
	if (!spec->se_given)
		se = spec->cluster                        ? RCT_SE_CR2 :
		    spec->estimator <= RCT_EST_BLOCKED    ? RCT_SE_NEYMAN :
		    spec->estimator >= RCT_EST_RISK_RATIO ? RCT_SE_WALD :
							    RCT_SE_HC2;
	if (spec->cluster && !rct_se_clustered(se))
		return rct_error(RCT_EINVAL,
		    "with clusters the errors must be "
		    "cluster-robust: --se cr2, cr0 or stata");
	if (!spec->cluster && rct_se_clustered(se))
		return rct_error(RCT_EINVAL, "--se %s needs --cluster COL",
		    rct_se_name(se));
	if ((rc = select_rows(d, spec, &s)) != 0)
		goto out;
	e->n = (long)s.n;
	e->treat = s.treat;
	e->control = s.control;
	e->n_treat = s.n_treat;
	e->n_control = s.n_control;
	e->n_missing = s.n_missing;
	switch (spec->estimator) {
	case RCT_EST_DIM:
		if (rct_se_clustered(se)) {
			/* The difference in means with cluster errors. */
			struct rct_effect_spec ols = *spec;

			ols.estimator = RCT_EST_OLS;
			e->estimator = "ols";
			rc = regression(&s, &ols, se, e);
		} else {
			se = RCT_SE_NEYMAN;
			rc = dim(&s, e);
		}
		break;
	case RCT_EST_BLOCKED:
		se = RCT_SE_NEYMAN;
		rc = blocked(&s, spec, e);
		break;
	case RCT_EST_RISK_RATIO:
	case RCT_EST_ODDS_RATIO:
		e->se_type = rct_se_name(RCT_SE_WALD);
		rc = ratio(&s, spec, e);
		goto out;
	default:
		if (se == RCT_SE_NEYMAN || se == RCT_SE_WALD) {
			rc = rct_error(RCT_EINVAL,
			    "--se %s is not for "
			    "regression",
			    rct_se_name(se));
			break;
		}
		rc = regression(&s, spec, se, e);
	}
	e->se_type = rct_se_name(se);
	if (rc == 0 && !(e->std_error > 0))
		rc = spec->estimator <= RCT_EST_BLOCKED ||
			spec->estimator >= RCT_EST_RISK_RATIO ?
		    rct_error(RCT_EINVAL,
			"the standard error of %s is zero: every participant "
			"in an arm has the same outcome",
			spec->outcome) :
		    rct_error(RCT_EINVAL,
			"the %s error of %s cannot be computed: the model has "
			"so many coefficients for %zu people that some are "
			"fitted exactly (leverage 1); use fewer covariates, "
			"or ancova instead of lin",
			rct_se_name(se), spec->outcome, s.n);
	if (rc == 0)
		finish(e, spec->alpha);
out:
	sample_free(&s);
	return rc;
}

/* Levels of a subgroup column the interaction test takes. */
#define RCT_INTERACTION_MAX 64

static int
is_hc_type(enum rct_se_type se)
{
	return se >= RCT_SE_CLASSICAL && se <= RCT_SE_HC3;
}

int
rct_interaction(struct rct_dataset *d, const struct rct_effect_spec *spec,
    const char *by, struct rct_wald *out)
{
	struct rct_effect_spec s2 = *spec;
	const char *covariates[1] = {by};
	const unsigned char factor[1] = {1};
	enum rct_se_type se = spec->se;
	struct design X = {0};
	struct sample s;
	struct rct_fit fit;
	gsl_matrix *V = NULL;
	gsl_vector *b = NULL, *w = NULL;
	size_t idx[RCT_INTERACTION_MAX], q = 0, i, j;
	double f = 0;
	int rc, fitted = 0;

	memset(out, 0, sizeof(*out));
	if (!spec->se_given || !(is_hc_type(se) || rct_se_clustered(se)))
		se = spec->cluster ? RCT_SE_CR2 : RCT_SE_HC2;
	/* y ~ z * by: Lin's design, whose interactions are those of z * by. */
	s2.covariates = covariates;
	s2.covariate_factor = factor;
	s2.ncovariates = 1;
	s2.subset = NULL;
	if ((rc = select_rows(d, &s2, &s)) != 0)
		goto out;
	if (s.p < 1 || s.p >= RCT_INTERACTION_MAX) {
		rc = rct_error(RCT_EINVAL,
		    "column '%s' has %zu levels: a subgroup test needs 2 to %d",
		    by, s.p + 1, RCT_INTERACTION_MAX);
		goto out;
	}
	if ((rc = design(&X, &s, RCT_EST_LIN, s.z)) != 0 ||
	    (rc = rct_ols(&fit, &X.d, NULL, s.y,
		 rct_se_clustered(se) ? s.cluster : NULL, s.nclusters, se)) !=
		0)
		goto out;
	fitted = 1;
	for (j = 2 + s.p; j < X.d.k; j++)
		if (fit.kept[j])
			idx[q++] = j;
	if (q == 0) {
		rc = rct_error(RCT_EINVAL,
		    "%s: no interaction of the arm with '%s' can be estimated",
		    d->source, by);
		goto out;
	}
	V = gsl_matrix_alloc(q, q);
	b = gsl_vector_alloc(q);
	w = gsl_vector_alloc(q);
	if (!V || !b || !w) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < q; i++) {
		gsl_vector_set(b, i, fit.beta[idx[i]]);
		for (j = 0; j < q; j++)
			gsl_matrix_set(V, i, j,
			    fit.vcov[idx[i] * X.d.k + idx[j]]);
	}
	gsl_set_error_handler_off();
	if (gsl_linalg_cholesky_decomp1(V) != 0 ||
	    gsl_linalg_cholesky_solve(V, b, w) != 0) {
		rc = rct_error(RCT_EINVAL,
		    "%s: the interactions with '%s' have a singular "
		    "covariance: a subgroup is too small to test",
		    d->source, by);
		goto out;
	}
	gsl_blas_ddot(b, w, &f);
	out->df1 = (double)q;
	out->df2 = rct_se_clustered(se) ? (double)s.nclusters - 1 :
					  (double)s.n - (double)fit.rank;
	out->statistic = f / (double)q;
	out->p_value = gsl_cdf_fdist_Q(out->statistic, out->df1, out->df2);
	out->n = (long)s.n;
out:
	if (fitted)
		rct_fit_release(&fit);
	if (V)
		gsl_matrix_free(V);
	if (b)
		gsl_vector_free(b);
	if (w)
		gsl_vector_free(w);
	free(X.mean);
	sample_free(&s);
	return rc;
}
