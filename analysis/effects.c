/*
 * Effect estimates (effects.h).  Definitions, as in R's estimatr:
 *   dim:      difference_in_means without blocks: Welch (Neyman) variance
 *             and Welch-Satterthwaite degrees of freedom; with clusters
 *             (each in one arm) the CR2 fit of Y ~ Z; with strata it is
 *             the blocked estimator.
 *   blocked:  difference_in_means with blocks (and clusters): see
 *             blocked() below.
 *   ols:      lm_robust(Y ~ Z); ancova: lm_robust(Y ~ Z + X); with strata
 *             lm_robust(fixed_effects = ~ strata), as their indicators.
 *   lin:      lm_lin (Lin 2013): Y ~ Z + Xc + Z:Xc, Xc centred on the
 *             sample means; a categorical covariate becomes indicators
 *             of its levels after the first, then centred; strata are
 *             such a covariate.
 *   iv:       iv_robust(Y ~ D + X | Z + X): two-stage least squares, the
 *             variance on the second-stage design with the structural
 *             residuals Y - [1 D X] beta.
 *   risk_ratio, odds_ratio: the Wald interval on the log scale, as a
 *             log-binomial or logistic glm on the arm alone gives, with
 *             clusters sandwich::vcovCL's errors; reported exponentiated.
 *   --se wild: the wild restricted cluster bootstrap of a regression's
 *             coefficient of the arm (wild.h).
 *   horvitz_thompson: horvitz_thompson(condition_prs =) under simple
 *             assignment, see ht() below.
 * A covariate missing for some rows drops them, or keeps them by the
 * missing-indicator method (White and Thompson 2005; select_rows()).
 * p-values and intervals are two-sided or, as estimatr's alternative =,
 * one-sided (finish()).
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
#include "suppress.h"
#include "wild.h"

static const char *const missing_names[] = {"listwise", "indicator"};
static const char *const alternative_names[] = {"two.sided", "greater", "less"};

static int
name_index(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
rct_effects_missing_cov_name(enum rct_missing_cov m)
{
	return missing_names[m];
}

int
rct_effects_missing_cov_parse(const char *name, enum rct_missing_cov *out)
{
	int i = name_index(missing_names, 2, name);

	if (i >= 0)
		*out = (enum rct_missing_cov)i;
	return i < 0 ? -1 : 0;
}

const char *
rct_effects_alternative_name(enum rct_alternative a)
{
	return alternative_names[a];
}

int
rct_effects_alternative_parse(const char *name, enum rct_alternative *out)
{
	int i = name_index(alternative_names, 3, name);

	if (i >= 0)
		*out = (enum rct_alternative)i;
	return i < 0 ? -1 : 0;
}

size_t
rct_effects_columns(const struct rct_effect_spec *spec, const char **names,
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
	if (spec->prob && n < max)
		names[n++] = spec->prob;
	if (spec->prob_control && n < max)
		names[n++] = spec->prob_control;
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
	double *pr; /* probability of treatment (horvitz_thompson, IPW) */
	double *pc; /* probability of control: 1 - pr, or its column's */
	double *weight; /* inverse-probability weights, or NULL */
	int32_t *block, *cluster;
	size_t nblocks, nclusters;
	double *cov; /* n x p expanded covariates */
	size_t p;
	char **cov_names; /* p names: "x1", "f=b" */
	const struct rct_column *strata, *clusters;
	const char *source; /* for messages */
	const char *treat, *control; /* the levels compared */
	int32_t *block_level; /* block -> level of the strata column */
	int32_t *cluster_level; /* cluster -> level of the cluster column */
	long n_treat, n_control, n_missing, n_left_out;
};

static void
sample_free(struct sample *s)
{
	free(s->y);
	free(s->z);
	free(s->d);
	free(s->pr);
	free(s->pc);
	free(s->weight);
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
	free(s->cluster_level);
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
name_covariates(struct sample *s, struct rct_column *const *cov, size_t n,
    const unsigned char *indicator)
{
	size_t k, l, j = 0;
	char name[256];

	if ((s->cov_names = calloc(s->p + 1, sizeof(char *))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (k = 0; k < n; k++) {
		if (cov[k]->kind == RCT_COLUMN_NUMBER)
			s->cov_names[j++] = strdup(cov[k]->name);
		else
			for (l = 1; l < cov[k]->nlevels; l++) {
				snprintf(name, sizeof(name), "%s=%s",
				    cov[k]->name, cov[k]->levels[l]);
				s->cov_names[j++] = strdup(name);
			}
		if (indicator[k]) {
			snprintf(name, sizeof(name), "missing(%s)",
			    cov[k]->name);
			s->cov_names[j++] = strdup(name);
		}
	}
	for (j = 0; j < s->p; j++)
		if (s->cov_names[j] == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
	return 0;
}

/* Number of expanded columns of a covariate. */
static size_t
width(const struct rct_column *c)
{
	return c->kind == RCT_COLUMN_NUMBER ? 1 :
					      (c->nlevels ? c->nlevels - 1 : 0);
}

/* Whether row i is one of the arms compared (and of the subgroup). */
static int
row_compared(const struct rct_column *arm, int treat, int control,
    const struct rct_column *sub, int sub_level, size_t i)
{
	int a = arm->code[i];

	if (a != treat && a != control)
		return 0; /* another arm, or not allocated */
	return sub == NULL || sub->code[i] == sub_level;
}

static int
select_rows(struct rct_dataset *d, const struct rct_effect_spec *spec,
    struct sample *s)
{
	struct rct_column *y, *arm, *st = NULL, *cl = NULL, *tk = NULL;
	struct rct_column *sub = NULL, *pr = NULL, *pc = NULL;
	int sub_level = -1;
	struct rct_column *cov[64];
	unsigned char indicator[64] = {0};
	long nfilled[64] = {0};
	int treat, control = -1, rc;
	size_t i, j, k, n = 0;

	memset(s, 0, sizeof(*s));
	if (spec->ncovariates > 64)
		return rct_error(RCT_EINVAL, "at most 64 covariates");
	if ((y = rct_columns_need(d, spec->outcome, "outcome")) == NULL ||
	    (arm = rct_columns_need(d, spec->arm, "arm")) == NULL ||
	    (spec->strata &&
		(st = rct_columns_need(d, spec->strata, "strata")) == NULL) ||
	    (spec->cluster &&
		(cl = rct_columns_need(d, spec->cluster, "clusters")) ==
		    NULL) ||
	    (spec->takeup &&
		(tk = rct_columns_need(d, spec->takeup, "take-up")) == NULL) ||
	    (spec->prob &&
		(pr = rct_columns_need(d, spec->prob, "probabilities")) ==
		    NULL) ||
	    (spec->prob_control &&
		(pc = rct_columns_need(d, spec->prob_control,
		     "probabilities")) == NULL))
		return RCT_EINVAL;
	for (k = 0; k < spec->ncovariates; k++)
		if ((cov[k] = rct_columns_need(d, spec->covariates[k],
			 "covariates")) == NULL)
			return RCT_EINVAL;
	if ((rc = rct_dataset_require_number(d, y)) != 0 ||
	    (tk && (rc = rct_dataset_require_number(d, tk)) != 0) ||
	    (pr && (rc = rct_dataset_require_number(d, pr)) != 0) ||
	    (pc && (rc = rct_dataset_require_number(d, pc)) != 0))
		return rc;
	/*
	 * A covariate of numbers with some text in it is a mistyped number
	 * far more often than a code list: refused unless asked for.
	 */
	for (k = 0; k < spec->ncovariates; k++)
		if ((rc = rct_columns_covariate_check(d, cov[k],
			 spec->covariate_factor &&
			     spec->covariate_factor[k])) != 0)
			return rc;
	if ((rc = rct_columns_arms_resolve(d, arm, spec->treat, spec->control,
		 &treat, &control)) != 0)
		return rc;
	if (spec->subset) {
		if ((sub = rct_columns_need(d, spec->subset, "subgroups")) ==
		    NULL)
			return RCT_EINVAL;
		if (sub->kind != RCT_COLUMN_CATEGORY ||
		    (sub_level = rct_dataset_column_level(sub,
			 spec->subset_level)) < 0)
			return rct_error(RCT_EINVAL,
			    "%s: '%s' is not a level of column '%s'", d->source,
			    spec->subset_level, spec->subset);
	}
	/*
	 * The missing-indicator method (White and Thompson 2005): each
	 * covariate missing somewhere among the rows that have everything
	 * else gets a 0/1 column missing(NAME), and those rows keep their
	 * place with the covariate set to 0 (a category's indicators all 0).
	 */
	for (i = 0;
	     spec->missing_covariates == RCT_MISSING_INDICATOR && i < d->n;
	     i++) {
		if (!row_compared(arm, treat, control, sub, sub_level, i) ||
		    (spec->left_out && spec->left_out[i]) ||
		    rct_columns_missing(y, i) ||
		    (st && rct_columns_missing(st, i)) ||
		    (cl && rct_columns_missing(cl, i)) ||
		    (tk && rct_columns_missing(tk, i)))
			continue;
		for (k = 0; k < spec->ncovariates; k++)
			if (rct_columns_missing(cov[k], i)) {
				indicator[k] = 1;
				nfilled[k]++;
			}
	}
	for (k = 0; k < spec->ncovariates; k++)
		s->p += width(cov[k]) + indicator[k];
	if ((rc = name_covariates(s, cov, spec->ncovariates, indicator)) != 0)
		return rc;
	s->strata = st;
	s->clusters = cl;
	s->source = d->source;
	s->control = arm->levels[control];
	s->treat = arm->levels[treat];
	s->y = calloc(d->n + 1, sizeof(double));
	s->z = calloc(d->n + 1, sizeof(double));
	/* Columns not used stay zero, their memory untouched. */
	s->d = calloc(d->n + 1, sizeof(double));
	s->pr = calloc(d->n + 1, sizeof(double));
	s->pc = calloc(d->n + 1, sizeof(double));
	s->block = calloc(d->n + 1, sizeof(int32_t));
	s->cluster = calloc(d->n + 1, sizeof(int32_t));
	s->cov = calloc(d->n * s->p + 1, sizeof(double));
	if (!s->y || !s->z || !s->d || !s->pr || !s->pc || !s->block ||
	    !s->cluster || !s->cov)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < d->n; i++) {
		int a = arm->code[i];

		if (!row_compared(arm, treat, control, sub, sub_level, i))
			continue;
		if (spec->left_out && spec->left_out[i]) {
			s->n_left_out++;
			continue;
		}
		if (rct_columns_missing(y, i) ||
		    (st && rct_columns_missing(st, i)) ||
		    (cl && rct_columns_missing(cl, i)) ||
		    (tk && rct_columns_missing(tk, i)) ||
		    (pr && rct_columns_missing(pr, i)) ||
		    (pc && rct_columns_missing(pc, i))) {
			s->n_missing++;
			continue;
		}
		for (k = 0; k < spec->ncovariates; k++)
			if (!indicator[k] && rct_columns_missing(cov[k], i))
				break;
		if (k < spec->ncovariates) {
			s->n_missing++;
			continue;
		}
		s->y[n] = y->num[i];
		s->z[n] = a == treat;
		if (tk)
			s->d[n] = tk->num[i];
		if (pr)
			s->pr[n] = pr->num[i];
		if (pr)
			s->pc[n] = pc ? pc->num[i] : 1 - pr->num[i];
		if (st)
			s->block[n] = st->code[i];
		if (cl)
			s->cluster[n] = cl->code[i];
		for (k = 0, j = 0; k < spec->ncovariates; k++) {
			struct rct_column *c = cov[k];
			int miss = indicator[k] && rct_columns_missing(c, i);
			size_t l;

			if (c->kind == RCT_COLUMN_NUMBER)
				s->cov[n * s->p + j++] = miss ? 0 : c->num[i];
			else
				for (l = 1; l < c->nlevels; l++)
					s->cov[n * s->p + j++] =
					    !miss && c->code[i] == (int32_t)l;
			if (indicator[k])
				s->cov[n * s->p + j++] = miss;
		}
		s->n_treat += a == treat;
		s->n_control += a == control;
		n++;
	}
	s->n = n;
	for (k = 0; k < spec->ncovariates; k++)
		if (indicator[k])
			rct_error_warn(
			    "%s: covariate '%s' is missing for %ld of %zu "
			    "people: they stay in the analysis by the "
			    "missing-indicator method (the value set to 0 "
			    "and the column missing(%s) added)",
			    spec->outcome, spec->covariates[k], nfilled[k], n,
			    spec->covariates[k]);
	if ((s->n_treat == 0 || s->n_control == 0) && sub)
		return rct_error(RCT_EINVAL,
		    "%s: arm '%s' has nobody with an outcome for '%s' where "
		    "'%s' is '%s': no effect can be estimated there",
		    d->source,
		    s->n_treat == 0 ? spec->treat : arm->levels[control],
		    spec->outcome, spec->subset, spec->subset_level);
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
		s->nclusters =
		    recode(s->cluster, n, cl->nlevels, &s->cluster_level);
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

/*
 * p-value and interval from the estimate, its error and t degrees (normal
 * when df is infinite).  One-sided, as estimatr's alternative =
 * "greater" / "less": p = P(T >= t) or P(T <= t), and the interval
 * [estimate - q se, Inf) or (-Inf, estimate + q se] with q the 1 - alpha
 * quantile.
 */
static void
finish(struct rct_estimate *e, double alpha, enum rct_alternative alt)
{
	double t, q, lower, upper, tail = alt == RCT_ALT_TWO_SIDED ? 2 : 1;

	t = e->statistic = e->estimate / e->std_error;
	if (isinf(e->df)) {
		upper = gsl_cdf_ugaussian_Q(t);
		lower = gsl_cdf_ugaussian_P(t);
		q = gsl_cdf_ugaussian_Qinv(alpha / tail);
	} else {
		upper = gsl_cdf_tdist_Q(t, e->df);
		lower = gsl_cdf_tdist_P(t, e->df);
		q = gsl_cdf_tdist_Qinv(alpha / tail, e->df);
	}
	e->alternative = rct_effects_alternative_name(alt);
	e->conf_low = e->estimate - q * e->std_error;
	e->conf_high = e->estimate + q * e->std_error;
	if (alt == RCT_ALT_GREATER) {
		e->p_value = upper;
		e->conf_high = INFINITY;
	} else if (alt == RCT_ALT_LESS) {
		e->p_value = lower;
		e->conf_low = -INFINITY;
	} else
		e->p_value = 2 *
		    (isinf(e->df) ? gsl_cdf_ugaussian_Q(fabs(t)) :
				    gsl_cdf_tdist_Q(fabs(t), e->df));
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

/*
 * With clusters: every cluster in one arm (as estimatr's
 * difference_in_means requires) and, with blocks, within one block.
 */
static int
check_clusters(const struct sample *s, const char *estimator)
{
	int32_t *arm, *blk;
	size_t i, g;
	int rc = 0;

	arm = malloc((s->nclusters + 1) * sizeof(int32_t));
	blk = malloc((s->nclusters + 1) * sizeof(int32_t));
	if (arm == NULL || blk == NULL) {
		free(arm);
		free(blk);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	for (g = 0; g < s->nclusters; g++)
		arm[g] = blk[g] = -1;
	for (i = 0; rc == 0 && i < s->n; i++) {
		int32_t c = s->cluster[i], z = s->z[i] != 0;
		const char *name = s->clusters->levels[s->cluster_level[c]];

		if (arm[c] < 0) {
			arm[c] = z;
			blk[c] = s->block[i];
		} else if (arm[c] != z)
			rc = rct_error(RCT_EINVAL,
			    "%s: cluster '%s' of column '%s' has members in "
			    "both arms: the %s estimator with clusters needs "
			    "each cluster in one arm, as estimatr's "
			    "difference_in_means does; for cluster-robust "
			    "errors of individually randomized data use "
			    "--estimator ols",
			    s->source, name, s->clusters->name, estimator);
		else if (s->strata && blk[c] != s->block[i])
			rc = rct_error(RCT_EINVAL,
			    "%s: cluster '%s' of column '%s' lies in more "
			    "than one stratum of '%s': clusters must nest "
			    "within strata",
			    s->source, name, s->clusters->name,
			    s->strata->name);
	}
	free(arm);
	free(blk);
	return rc;
}

/* One block of the blocked estimator. */
struct block_est {
	double d, v; /* its difference in means and variance */
	long n, n1, n0, units; /* units: people, or clusters */
};

/*
 * The CR2 difference in means of block b: lm_robust(y ~ z, clusters,
 * se_type = "CR2") on the block's rows, as estimatr's
 * difference_in_means_internal computes it for each block.
 */
static int
block_cr2(const struct sample *s, int32_t b, struct block_est *out)
{
	struct rct_design X;
	struct rct_fit fit;
	double *x = NULL, *y = NULL;
	int32_t *cl = NULL, *map = NULL;
	size_t i, m = 0, g = 0;
	int rc;

	x = malloc(2 * ((size_t)out->n + 1) * sizeof(double));
	y = malloc(((size_t)out->n + 1) * sizeof(double));
	cl = malloc(((size_t)out->n + 1) * sizeof(int32_t));
	map = malloc((s->nclusters + 1) * sizeof(int32_t));
	if (!x || !y || !cl || !map) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < s->nclusters; i++)
		map[i] = -1;
	for (i = 0; i < s->n; i++) {
		if (s->block[i] != b)
			continue;
		if (map[s->cluster[i]] < 0)
			map[s->cluster[i]] = (int32_t)g++;
		x[2 * m] = 1;
		x[2 * m + 1] = s->z[i];
		y[m] = s->y[i];
		cl[m++] = map[s->cluster[i]];
	}
	rct_ols_design_matrix(&X, x, m, 2);
	if ((rc = rct_ols(&fit, &X, NULL, y, cl, g, RCT_SE_CR2)) != 0)
		goto out;
	out->d = fit.beta[1];
	out->v = fit.vcov[3];
	rct_ols_fit_release(&fit);
out:
	free(x);
	free(y);
	free(cl);
	free(map);
	return rc;
}

/*
 * estimatr's difference_in_means with blocks (and clusters):
 *   estimate  sum (N_j / N) d_j (Gerber and Green 2012, eq. 3.10);
 *   blocked   var = sum (N_j / N)^2 v_j, v_j the Neyman variance of block
 *             j (Gerber and Green 2012, p. 74, fn. 17), df = N - 2J;
 *   block-clustered: v_j the CR2 variance of the block's y ~ z,
 *             df = G - 2J with G clusters;
 *   pairs     when a block has two units (clusters): the matched-pair
 *             variance sum (d_j - d)^2 / (J (J - 1)) (Gerber and Green
 *             2012, eq. 3.16), with clusters J / ((J - 1) N^2)
 *             sum (N_j d_j - N d / J)^2 (Imai, King and Nall 2009, eq.
 *             6), df = J - 1.  estimatr takes it for every block once
 *             any block is a pair, and warns when others are larger.
 */
static int
blocked(const struct sample *s, const struct rct_effect_spec *spec,
    struct rct_estimate *e)
{
	struct block_est *bl;
	int32_t *seen = NULL;
	double J = (double)s->nblocks, N = (double)s->n, est = 0, var = 0;
	double m, v, w;
	size_t b, i, npairs = 0, G = 0;
	int clustered = s->clusters != NULL, pairs, rc = 0;

	if (spec->strata == NULL)
		return rct_error(RCT_EINVAL,
		    "the blocked estimator needs --strata COL");
	if (clustered && (rc = check_clusters(s, "blocked")) != 0)
		return rc;
	bl = calloc(s->nblocks + 1, sizeof(*bl));
	seen = malloc((s->nclusters + 1) * sizeof(int32_t));
	if (bl == NULL || seen == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < s->nclusters; i++)
		seen[i] = 0;
	for (i = 0; i < s->n; i++) {
		struct block_est *x = &bl[s->block[i]];

		x->n++;
		x->n1 += s->z[i] != 0;
		x->n0 += s->z[i] == 0;
		if (!clustered)
			x->units++;
		else if (!seen[s->cluster[i]]++)
			x->units++;
	}
	for (b = 0; b < s->nblocks; b++) {
		const char *name = s->strata->levels[s->block_level[b]];

		if (bl[b].n1 == 0 || bl[b].n0 == 0) {
			rc = rct_error(RCT_EINVAL,
			    "%s: stratum '%s' of column '%s' has only arm "
			    "'%s' (%ld people): the blocked estimator needs "
			    "both arms in every stratum, as estimatr's "
			    "difference_in_means does; merge it with another "
			    "stratum, or leave its rows out of the data (a "
			    "store's analysis leaves out a stratum whose "
			    "allocation has one arm, with a note)",
			    s->source, name, s->strata->name,
			    bl[b].n1 ? spec->treat : s->control,
			    bl[b].n1 ? bl[b].n1 : bl[b].n0);
			goto out;
		}
		npairs += bl[b].units == 2;
		G += (size_t)bl[b].units;
	}
	pairs = npairs > 0;
	if (pairs && npairs < s->nblocks)
		rct_error_warn(
		    "%s: %zu of the %zu strata of '%s' are pairs (two "
		    "%s) and the others larger: the matched-pair "
		    "variance is used for all, with %zu degrees of "
		    "freedom, as estimatr's difference_in_means does",
		    spec->outcome, npairs, s->nblocks, s->strata->name,
		    clustered ? "clusters" : "people", s->nblocks - 1);
	for (b = 0; b < s->nblocks; b++) {
		struct block_est *x = &bl[b];
		long c1, c0;
		double m0, v0;

		moments(s, 1, (int32_t)b, &m, &v, &c1);
		moments(s, 0, (int32_t)b, &m0, &v0, &c0);
		x->d = m - m0;
		if (pairs)
			continue;
		if (clustered) {
			if ((rc = block_cr2(s, (int32_t)b, x)) != 0)
				goto out;
		} else if (c1 < 2 || c0 < 2) {
			rc = rct_error(RCT_EINVAL,
			    "stratum '%s' has a single participant in an arm "
			    "(and no stratum is a pair): its variance cannot "
			    "be estimated",
			    s->strata->levels[s->block_level[b]]);
			goto out;
		} else
			x->v = v / (double)c1 + v0 / (double)c0;
	}
	for (b = 0; b < s->nblocks; b++)
		est += (double)bl[b].n / N * bl[b].d;
	for (b = 0; b < s->nblocks; b++) {
		w = (double)bl[b].n / N;
		if (!pairs)
			var += w * w * bl[b].v;
		else if (!clustered)
			var +=
			    (bl[b].d - est) * (bl[b].d - est) / (J * (J - 1));
		else {
			m = (double)bl[b].n * bl[b].d - N * est / J;
			var += J / ((J - 1) * N * N) * m * m;
		}
	}
	if (pairs && s->nblocks < 2) {
		rc = rct_error(RCT_EINVAL,
		    "%s: the only stratum of '%s' is a pair: the "
		    "matched-pair variance needs two pairs or more",
		    s->source, s->strata->name);
		goto out;
	}
	e->estimate = est;
	e->std_error = sqrt(var);
	/* The pairs' variance is Neyman's; blocks of clusters are CR2. */
	e->se_type = rct_methods_se_name(
	    clustered && !pairs ? RCT_SE_CR2 : RCT_SE_NEYMAN);
	e->df = pairs ? J - 1 : clustered ? (double)G - 2 * J : N - 2 * J;
out:
	free(bl);
	free(seen);
	return rc;
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
	c->p = s->p; /* the sample holds the covariates est uses only */
	c->lin = est == RCT_EST_LIN;
	if ((c->mean = calloc(c->p + 1, sizeof(double))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if (c->lin) {
		/* lm_lin(weights =) centres on the weighted means. */
		double total = 0;

		for (i = 0; i < s->n; i++) {
			double w = s->weight ? s->weight[i] : 1;

			total += w;
			for (j = 0; j < c->p; j++)
				c->mean[j] += w * s->cov[i * s->p + j];
		}
		for (j = 0; j < c->p; j++)
			c->mean[j] /= total;
	}
	c->d.n = s->n;
	c->d.k = 2 + c->p * (c->lin ? 2 : 1);
	c->d.row = design_row;
	c->d.ctx = c;
	c->d.weight = s->weight;
	return 0;
}

/*
 * IV's first stage: take-up on the instruments [1 z X]; dhat receives
 * the fitted take-up.  With its errors of type se, the diagnostics of
 * estimatr's iv_robust(diagnostics = TRUE): the coefficient of the arm
 * (the compliance rate: without covariates or strata the difference in
 * take-up between the arms) and the Wald F of the instrument, its
 * square over its variance, on (1, n - k) degrees of freedom (1, G - 1
 * with clusters); estimatr gives none with fixed effects, and the same F
 * is that of lm_robust(D ~ Z + X, fixed_effects = ~ strata).
 */
static int
first_stage(const struct sample *s, enum rct_se_type se, double *dhat,
    struct rct_estimate *e)
{
	struct design zd = {0};
	struct rct_fit first;
	double *x = NULL;
	size_t i, j;
	int rc, fitted;

	if ((rc = design(&zd, s, RCT_EST_ANCOVA, s->z)) != 0)
		return rc;
	if ((x = malloc(zd.d.k * sizeof(double))) == NULL) {
		free(zd.mean);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	rc = rct_ols(&first, &zd.d, NULL, s->d,
	    rct_ols_se_clustered(se) ? s->cluster : NULL, s->nclusters, se);
	fitted = rc == 0; /* else rct_ols released it */
	if (rc == 0 && !first.kept[1])
		rc = rct_error(RCT_EINVAL,
		    "the arm does not predict take-up: "
		    "there is no first stage");
	if (rc == 0) {
		e->compliance = first.beta[1];
		e->first_stage_f =
		    first.beta[1] * first.beta[1] / first.vcov[zd.d.k + 1];
		e->first_stage_df2 = rct_ols_se_clustered(se) ?
		    (double)s->nclusters - 1 :
		    (double)s->n - (double)first.rank;
	}
	for (i = 0; rc == 0 && i < s->n; i++) {
		design_row(&zd.d, i, x);
		dhat[i] = 0;
		for (j = 0; j < zd.d.k; j++)
			if (first.kept[j])
				dhat[i] += first.beta[j] * x[j];
	}
	if (fitted)
		rct_ols_fit_release(&first);
	free(x);
	free(zd.mean);
	return rc;
}

/* Columns 2.. are the covariates (and, for lin, their products). */
static void
warn_dropped(const struct sample *s, const struct rct_effect_spec *spec,
    const struct rct_fit *fit)
{
	size_t j;

	for (j = 2; j < fit->k; j++)
		if (!fit->kept[j])
			rct_error_warn(
			    "%s: covariate '%s'%s is collinear with the "
			    "columns before it and was dropped, as R's lm "
			    "does",
			    spec->outcome, s->cov_names[(j - 2) % s->p],
			    j - 2 >= s->p ? " (its interaction with the arm)" :
					    "");
}

static int
regression(const struct sample *s, const struct rct_effect_spec *spec,
    enum rct_se_type se, struct rct_estimate *e)
{
	struct design X = {0}, xhat = {0};
	struct rct_fit fit;
	double *dhat = NULL;
	size_t k;
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
		if ((rc = first_stage(s, se, dhat, e)) != 0 ||
		    (rc = design(&xhat, s, RCT_EST_IV, dhat)) != 0)
			goto out;
	}
	rc = rct_ols(&fit, &X.d, iv ? &xhat.d : NULL, s->y,
	    rct_ols_se_clustered(se) ? s->cluster : NULL, s->nclusters, se);
	if (rc != 0)
		goto out;
	if (!fit.kept[1]) {
		rct_ols_fit_release(&fit);
		rc = rct_error(RCT_EINVAL,
		    "the treatment is collinear with the "
		    "covariates: no effect can be estimated");
		goto out;
	}
	warn_dropped(s, spec, &fit);
	e->estimate = fit.beta[1];
	e->std_error = sqrt(fit.vcov[1 * k + 1]);
	e->df = fit.df[1];
	rct_ols_fit_release(&fit);
out:
	free(X.mean);
	free(xhat.mean);
	free(dhat);
	return rc;
}

/*
 * --se wild: the regression's coefficient of the arm with the wild
 * restricted cluster bootstrap's p-value and interval (wild.h); the
 * error reported is the CR1 ("stata") one its t statistic uses, and there
 * are no degrees of freedom.
 */
static int
wild_regression(const struct sample *s, const struct rct_effect_spec *spec,
    const struct rct_wild_spec *ws, struct rct_estimate *e)
{
	struct design X = {0};
	struct rct_fit fit;
	struct rct_wild_result w;
	int rc;

	if ((rc = design(&X, s, spec->estimator, s->z)) != 0)
		return rc;
	if ((rc = rct_ols(&fit, &X.d, NULL, s->y, s->cluster, s->nclusters,
		 RCT_SE_STATA)) != 0)
		goto out;
	if (!fit.kept[1]) {
		rct_ols_fit_release(&fit);
		rc = rct_error(RCT_EINVAL,
		    "the treatment is collinear with the "
		    "covariates: no effect can be estimated");
		goto out;
	}
	warn_dropped(s, spec, &fit);
	rc =
	    rct_wild(&w, &X.d, fit.kept, s->y, s->cluster, s->nclusters, 1, ws);
	rct_ols_fit_release(&fit);
	if (rc != 0)
		goto out;
	e->estimate = w.estimate;
	e->std_error = w.std_error;
	e->statistic = w.statistic;
	e->df = NAN;
	e->p_value = w.p_value;
	e->conf_low = w.conf_low;
	e->conf_high = w.conf_high;
	e->wild_weights = rct_wild_weights_name(ws->weights);
	e->draws = w.draws;
	e->enumerated = w.enumerated;
	e->seed = ws->seed;
	if (w.enumerated && 2.0 / (double)w.draws >= spec->alpha)
		rct_error_warn(
		    "%s: with %zu clusters the smallest p-value of the "
		    "wild bootstrap is %g, not below alpha %g: the "
		    "interval has no finite end",
		    spec->outcome, s->nclusters, 2.0 / (double)w.draws,
		    spec->alpha);
out:
	free(X.mean);
	return rc;
}

/*
 * The cluster-robust error of the log ratio: the glm of y on the arm
 * alone (log-binomial for the risk ratio, logistic for the odds ratio)
 * with sandwich::vcovCL's errors (Zeileis, Koell and Graham 2020), CR0 =
 * type "HC0", cadjust = FALSE; stata = vcovCL's default for a glm, times
 * G / (G - 1) (Stata's adjustment for maximum-likelihood models, without
 * the (n - 1) / (n - k) of regress).  With the arm as the only regressor the
 * fitted means are the arms' proportions m1, m0 and the sandwich's
 * arm-by-arm element reduces to sum over clusters g of T_g^2, with
 * T_g = sum_i r_i / n_arm (negative for control rows) and r_i = (y_i - m)
 * / m (log link) or (y_i - m) / (m (1 - m)) (logit link); without
 * clusters it is the Wald variance above.
 */
static int
ratio_clustered(const struct sample *s, enum rct_estimator est, double m1,
    double m0, double n1, double n0, enum rct_se_type se, double *std_error)
{
	double *T, v = 0, G = (double)s->nclusters;
	size_t i, g;

	if ((T = calloc(s->nclusters + 1, sizeof(double))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < s->n; i++) {
		double m = s->z[i] ? m1 : m0, r = s->y[i] - m;

		r /= est == RCT_EST_RISK_RATIO ? m : m * (1 - m);
		T[s->cluster[i]] += s->z[i] ? r / n1 : -r / n0;
	}
	for (g = 0; g < s->nclusters; g++)
		v += T[g] * T[g];
	free(T);
	if (se == RCT_SE_STATA)
		v *= G / (G - 1);
	*std_error = sqrt(v);
	return 0;
}

static int
ratio(const struct sample *s, const struct rct_effect_spec *spec,
    enum rct_se_type se, struct rct_estimate *e)
{
	double a = 0, c = 0, n1 = 0, n0 = 0;
	size_t i;
	int rc;

	for (i = 0; i < s->n; i++) {
		if (s->y[i] != 0 && s->y[i] != 1)
			return rct_error(RCT_EINVAL,
			    "a %s needs a binary "
			    "outcome (0 or 1); '%s' has %g",
			    rct_methods_estimator_name(spec->estimator),
			    spec->outcome, s->y[i]);
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
		    rct_methods_estimator_name(spec->estimator));
	if (spec->estimator == RCT_EST_RISK_RATIO) {
		e->estimate = log((a / n1) / (c / n0));
		e->std_error = sqrt(1 / a - 1 / n1 + 1 / c - 1 / n0);
	} else {
		e->estimate = log((a / (n1 - a)) / (c / (n0 - c)));
		e->std_error =
		    sqrt(1 / a + 1 / (n1 - a) + 1 / c + 1 / (n0 - c));
	}
	if (rct_ols_se_clustered(se) &&
	    (rc = ratio_clustered(s, spec->estimator, a / n1, c / n0, n1, n0,
		 se, &e->std_error)) != 0)
		return rc;
	e->df = INFINITY;
	finish(e, spec->alpha, spec->alternative);
	/* Reported on the ratio scale; the error stays on the log scale. */
	e->estimate = exp(e->estimate);
	e->conf_low = exp(e->conf_low);
	e->conf_high = exp(e->conf_high);
	return 0;
}

/*
 * Row i's probability of its own arm must be above 0 (and no
 * probability outside [0, 1]): that of treatment for the treated, of
 * control for the controls.
 */
static int
check_probability(const struct sample *s, const struct rct_effect_spec *spec,
    size_t i)
{
	double p = s->pr[i], q = s->pc[i];

	if (!(p >= 0 && p <= 1) || (s->z[i] && p == 0))
		return rct_error(RCT_EINVAL,
		    "%s: probability %g of treatment in column '%s' for a "
		    "participant in arm '%s': expected a value above 0 for "
		    "the treated and below 1 for the controls",
		    s->source, p, spec->prob, s->z[i] ? s->treat : s->control);
	if (!(q >= 0 && q <= 1) || (!s->z[i] && q == 0))
		return rct_error(RCT_EINVAL,
		    "%s: probability %g of control%s%s%s for a participant "
		    "in arm '%s': expected a value above 0 for the controls",
		    s->source, q, spec->prob_control ? " in column '" : "",
		    spec->prob_control ? spec->prob_control : "",
		    spec->prob_control ? "'" : "",
		    s->z[i] ? s->treat : s->control);
	return 0;
}

/*
 * estimatr's horvitz_thompson(y ~ z, condition_prs = p) without blocks or
 * clusters (simple, Bernoulli assignment with each row's probability p of
 * treatment; Aronow and Middleton 2013): with Y1 = y / p over the
 * treated and Y0 = y / q over the controls (q = 1 - p, or the control
 * arm's own probability with more arms), the estimate (sum Y1 -
 * sum Y0) / N and its se_type = "youngs" error sqrt(sum Y1^2 + sum
 * Y0^2) / N, a conservative bound from Young's inequality; normal
 * reference (estimatr's df is NA).
 */
static int
ht(const struct sample *s, const struct rct_effect_spec *spec,
    struct rct_estimate *e)
{
	double t1 = 0, t0 = 0, v = 0, N = (double)s->n, w;
	size_t i;
	int rc;

	for (i = 0; i < s->n; i++) {
		if ((rc = check_probability(s, spec, i)) != 0)
			return rc;
		w = s->z[i] ? s->y[i] / s->pr[i] : s->y[i] / s->pc[i];
		if (s->z[i])
			t1 += w;
		else
			t0 += w;
		v += w * w;
	}
	e->estimate = (t1 - t0) / N;
	e->std_error = sqrt(v) / N;
	e->df = INFINITY;
	return 0;
}

/*
 * Inverse-probability weights from each row's probability p of
 * treatment: 1 / p for the treated, 1 / q for the controls (q = 1 - p, or
 * the control arm's own probability), for
 * lm_robust(weights =) (and lm_lin(weights =)); see e.g. Imbens and
 * Rubin 2015, ch. 12.
 */
static int
ipw(struct sample *s, const struct rct_effect_spec *spec)
{
	size_t i;

	if ((s->weight = calloc(s->n + 1, sizeof(double))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < s->n; i++) {
		int rc = check_probability(s, spec, i);

		if (rc != 0)
			return rc;
		s->weight[i] = s->z[i] ? 1 / s->pr[i] : 1 / s->pc[i];
	}
	return 0;
}

/* The covariates of a regression: --covariates, then the strata. */
#define RCT_COVARIATES_MAX 64

static int
is_regression(enum rct_estimator e)
{
	return e == RCT_EST_OLS || e == RCT_EST_ANCOVA || e == RCT_EST_LIN ||
	    e == RCT_EST_IV;
}

static int
is_ratio(enum rct_estimator e)
{
	return e == RCT_EST_RISK_RATIO || e == RCT_EST_ODDS_RATIO;
}

/*
 * The error type of an estimator, from what was asked: an error the
 * estimator does not have is refused, or (dim, blocked and the ratios,
 * which have one variance each) said and replaced.
 */
static int
choose_se(const struct rct_effect_spec *spec, enum rct_estimator est,
    enum rct_se_type *out)
{
	enum rct_se_type se = spec->se;
	const char *name = rct_methods_estimator_name(est);

	if (spec->wild_given && !(spec->se_given && se == RCT_SE_WILD))
		return rct_error(RCT_EINVAL,
		    "--wild-weights, --bootstrap and --seed are for --se wild");
	if (est == RCT_EST_HT && spec->se_given && se == RCT_SE_WILD)
		return rct_error(RCT_EINVAL,
		    "the wild cluster bootstrap is for dim (with clusters), "
		    "ols, ancova and lin, not for horvitz_thompson");
	if (est == RCT_EST_HT) {
		if (spec->se_given && se != RCT_SE_YOUNGS)
			rct_error_warn(
			    "--se %s is not an error of the "
			    "horvitz_thompson estimator: its variance "
			    "bound from Young's inequality is used, as "
			    "estimatr's",
			    rct_methods_se_name(se));
		*out = RCT_SE_YOUNGS;
		return 0;
	}

	if (spec->se_given && se == RCT_SE_WILD) {
		if (spec->cluster == NULL)
			return rct_error(RCT_EINVAL,
			    "--se wild is the wild cluster bootstrap: it "
			    "needs --cluster COL");
		if (est == RCT_EST_BLOCKED)
			return rct_error(RCT_EINVAL,
			    "the wild cluster bootstrap is for a regression: "
			    "the blocked estimator (dim with --strata) is "
			    "not one; --estimator ols takes the strata as "
			    "fixed effects");
		if (!is_regression(est) && est != RCT_EST_DIM)
			return rct_error(RCT_EINVAL,
			    "the wild cluster bootstrap is for dim (with "
			    "clusters), ols, ancova and lin, not for %s",
			    name);
		if (est == RCT_EST_IV)
			return rct_error(RCT_EINVAL,
			    "the wild cluster bootstrap of an iv estimate "
			    "(WRE) is not implemented: use --se cr2");
		if (spec->prob)
			return rct_error(RCT_EINVAL,
			    "the wild cluster bootstrap with "
			    "inverse-probability weights is not "
			    "implemented: drop --prob, or use --se cr2");
		if (spec->alternative != RCT_ALT_TWO_SIDED)
			return rct_error(RCT_EINVAL,
			    "the wild cluster bootstrap gives the "
			    "symmetric two-sided p-value only: drop "
			    "--alternative %s",
			    rct_effects_alternative_name(spec->alternative));
		*out = RCT_SE_WILD;
		return 0;
	}
	if (!spec->se_given && spec->cluster && is_ratio(est))
		se = RCT_SE_STATA; /* vcovCL's default */
	else if (!spec->se_given)
		se = spec->cluster         ? RCT_SE_CR2 :
		    est <= RCT_EST_BLOCKED ? RCT_SE_NEYMAN :
		    is_ratio(est)          ? RCT_SE_WALD :
					     RCT_SE_HC2;
	if (spec->cluster && !rct_ols_se_clustered(se))
		return rct_error(RCT_EINVAL,
		    "with clusters the errors must be "
		    "cluster-robust: --se cr2, cr0 or stata");
	if (!spec->cluster && rct_ols_se_clustered(se))
		return rct_error(RCT_EINVAL, "--se %s needs --cluster COL",
		    rct_methods_se_name(se));
	if (est <= RCT_EST_BLOCKED && spec->cluster && se != RCT_SE_CR2)
		return rct_error(RCT_EINVAL,
		    "the %s estimator with clusters has CR2 errors, as "
		    "estimatr's difference_in_means: --se %s is for "
		    "--estimator ols",
		    name, rct_methods_se_name(se));
	if (est <= RCT_EST_BLOCKED && !spec->cluster && se != RCT_SE_NEYMAN) {
		rct_error_warn(
		    "--se %s is not an error of the %s estimator: its "
		    "Neyman variance is used, as estimatr's "
		    "difference_in_means does (--estimator ols takes "
		    "--se %s)",
		    rct_methods_se_name(se), name, rct_methods_se_name(se));
		se = RCT_SE_NEYMAN;
	}
	if (is_ratio(est) && se == RCT_SE_CR2)
		return rct_error(RCT_EINVAL,
		    "the %s has cluster-robust errors CR0 or stata (those of "
		    "sandwich::vcovCL), not CR2",
		    name);
	if (is_ratio(est) && !spec->cluster && se != RCT_SE_WALD) {
		rct_error_warn(
		    "--se %s is not an error of the %s: the Wald error "
		    "of the glm is used",
		    rct_methods_se_name(se), name);
		se = RCT_SE_WALD;
	}
	if (se == RCT_SE_YOUNGS || se == RCT_SE_WILD)
		return rct_error(RCT_EINVAL,
		    "--se %s is not for the %s estimator",
		    rct_methods_se_name(se), name);
	if (is_regression(est) && (se == RCT_SE_NEYMAN || se == RCT_SE_WALD))
		return rct_error(RCT_EINVAL, "--se %s is not for regression",
		    rct_methods_se_name(se));
	*out = se;
	return 0;
}

int
rct_effects_estimate(struct rct_dataset *d, const struct rct_effect_spec *spec,
    struct rct_estimate *e)
{
	struct rct_effect_spec use = *spec;
	const char *cov[RCT_COVARIATES_MAX + 1];
	unsigned char factor[RCT_COVARIATES_MAX + 1];
	enum rct_estimator est = spec->estimator;
	enum rct_se_type se = RCT_SE_HC2;
	struct sample s;
	size_t k;
	int rc;

	memset(e, 0, sizeof(*e));
	memset(&s, 0, sizeof(s));
	e->first_stage_f = e->first_stage_df2 = e->compliance = NAN;
	e->alternative = rct_effects_alternative_name(spec->alternative);
	snprintf(e->outcome, sizeof(e->outcome), "%s", spec->outcome);
	e->term = est == RCT_EST_IV ? "takeup" : "treatment";
	e->conf_level = 1 - spec->alpha;
	e->scale = is_ratio(est) ? "log" : "identity";
	if (est == RCT_EST_HT && spec->prob == NULL)
		return rct_error(RCT_EINVAL,
		    "the horvitz_thompson estimator needs --prob COL, each "
		    "row's probability of treatment");
	if (est == RCT_EST_HT && (spec->strata || spec->cluster))
		return rct_error(RCT_EINVAL,
		    "the horvitz_thompson estimator takes simple (Bernoulli) "
		    "assignment with each row's probability, as estimatr's "
		    "horvitz_thompson(condition_prs =): with --%s it needs "
		    "the joint assignment probabilities, which are not "
		    "implemented; drop --%s",
		    spec->strata ? "strata" : "cluster",
		    spec->strata ? "strata" : "cluster");
	if (spec->prob && est != RCT_EST_HT && est != RCT_EST_OLS &&
	    est != RCT_EST_ANCOVA && est != RCT_EST_LIN)
		return rct_error(RCT_EINVAL,
		    "--prob COL is for the horvitz_thompson estimator, or "
		    "inverse-probability weights of ols, ancova and lin, not "
		    "for %s",
		    rct_methods_estimator_name(est));
	if (est == RCT_EST_IV && spec->takeup == NULL)
		return rct_error(RCT_EINVAL,
		    "the iv estimator needs --takeup "
		    "COL");
	if (is_ratio(est) && (spec->strata || spec->ncovariates))
		return rct_error(RCT_EINVAL,
		    "the %s is estimated on the arm alone (a glm without "
		    "strata or covariates): drop --%s, or use --estimator "
		    "ols for the risk difference with them",
		    rct_methods_estimator_name(est),
		    spec->strata ? "strata" : "covariates");
	/* difference_in_means(blocks =) is the blocked estimator. */
	if (est == RCT_EST_DIM && spec->strata)
		est = RCT_EST_BLOCKED;
	e->estimator = rct_methods_estimator_name(est);
	if ((rc = choose_se(spec, est, &se)) != 0)
		return rc;
	/* Only the covariates the estimator uses may drop a row. */
	use.estimator = est;
	use.ncovariates = 0;
	if (est == RCT_EST_ANCOVA || est == RCT_EST_LIN || est == RCT_EST_IV)
		use.ncovariates = spec->ncovariates;
	else if (spec->ncovariates)
		rct_error_warn(
		    "the %s estimator uses no covariates: --covariates "
		    "is not used, and a missing covariate drops no row "
		    "(ancova and lin use them)",
		    e->estimator);
	if (use.ncovariates + 1 > RCT_COVARIATES_MAX)
		return rct_error(RCT_EINVAL, "at most %d covariates",
		    RCT_COVARIATES_MAX - 1);
	for (k = 0; k < use.ncovariates; k++) {
		cov[k] = spec->covariates[k];
		factor[k] = spec->covariate_factor && spec->covariate_factor[k];
	}
	/*
	 * Strata of a regression as fixed effects, i.e. their indicators
	 * (lm_robust(fixed_effects = ~ strata) gives the same fit); for lin
	 * centred and interacted with the arm like every covariate
	 * (lm_lin(covariates = ~ X + strata)).
	 */
	if (spec->strata && is_regression(est)) {
		cov[use.ncovariates] = spec->strata;
		factor[use.ncovariates++] = 1;
	}
	use.covariates = cov;
	use.covariate_factor = factor;
	e->strata = spec->strata;
	e->cluster = spec->cluster;
	e->weights = est != RCT_EST_HT ? spec->prob : NULL;
	if ((rc = select_rows(d, &use, &s)) != 0 ||
	    (e->weights && (rc = ipw(&s, spec)) != 0))
		goto out;
	e->n = (long)s.n;
	e->treat = s.treat;
	e->control = s.control;
	e->n_treat = s.n_treat;
	e->n_control = s.n_control;
	e->n_missing = s.n_missing;
	e->n_left_out = s.n_left_out;
	e->se_type = rct_methods_se_name(se);
	if (se == RCT_SE_WILD) {
		struct rct_wild_spec ws = spec->wild;

		if (!spec->wild_given) {
			ws.weights = RCT_WILD_RADEMACHER;
			ws.draws = RCT_WILD_DEFAULT_DRAWS;
			ws.seed = RCT_WILD_DEFAULT_SEED;
		}
		ws.alpha = spec->alpha;
		if (ws.weights == RCT_WILD_RADEMACHER &&
		    s.nclusters <= RCT_WILD_ENUMERATE_MAX && spec->wild_given)
			rct_error_warn(
			    "%s: with %zu clusters every one of the %ld "
			    "Rademacher weight vectors is used (exact): "
			    "no draws, --bootstrap and --seed are not "
			    "used",
			    spec->outcome, s.nclusters, 1L << s.nclusters);
		rc = est == RCT_EST_DIM ? check_clusters(&s, "dim") : 0;
		if (rc == 0)
			rc = wild_regression(&s, &use, &ws, e);
		goto out;
	}
	switch (est) {
	case RCT_EST_DIM:
		if (spec->cluster) {
			/*
			 * difference_in_means(clusters =): the CR2 fit of
			 * y ~ z, for clusters wholly in one arm.
			 */
			if ((rc = check_clusters(&s, "dim")) == 0)
				rc = regression(&s, &use, se, e);
		} else
			rc = dim(&s, e);
		break;
	case RCT_EST_BLOCKED:
		rc = blocked(&s, &use, e);
		break;
	case RCT_EST_HT:
		rc = ht(&s, &use, e);
		break;
	case RCT_EST_RISK_RATIO:
	case RCT_EST_ODDS_RATIO:
		rc = ratio(&s, &use, se, e);
		goto out;
	default:
		rc = regression(&s, &use, se, e);
	}
	if (rc == 0 && !(e->std_error > 0))
		rc = est <= RCT_EST_BLOCKED ?
		    rct_error(RCT_EINVAL,
			"the standard error of %s is zero: every participant "
			"in an arm has the same outcome",
			spec->outcome) :
		    rct_error(RCT_EINVAL,
			"the %s error of %s cannot be computed: the model has "
			"so many coefficients for %zu people that some are "
			"fitted exactly (leverage 1); use fewer covariates, "
			"or ancova instead of lin",
			rct_methods_se_name(se), spec->outcome, s.n);
	if (rc == 0)
		finish(e, spec->alpha, spec->alternative);
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
rct_effects_interaction(struct rct_dataset *d,
    const struct rct_effect_spec *spec, const char *by, struct rct_wald *out)
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
	if (!spec->se_given || !(is_hc_type(se) || rct_ols_se_clustered(se)))
		se = spec->cluster ? RCT_SE_CR2 : RCT_SE_HC2;
	/* y ~ z * by: Lin's design, whose interactions are those of z * by. */
	s2.covariates = covariates;
	s2.covariate_factor = factor;
	s2.ncovariates = 1;
	s2.subset = NULL;
	s2.missing_covariates = RCT_MISSING_LISTWISE; /* by drops its rows */
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
		 rct_ols_se_clustered(se) ? s.cluster : NULL, s.nclusters,
		 se)) != 0)
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
	out->df2 = rct_ols_se_clustered(se) ? (double)s.nclusters - 1 :
					      (double)s.n - (double)fit.rank;
	out->statistic = f / (double)q;
	out->p_value = gsl_cdf_fdist_Q(out->statistic, out->df1, out->df2);
	out->n = (long)s.n;
out:
	if (fitted)
		rct_ols_fit_release(&fit);
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

/*
 * Which analysed counts of an effects table to suppress (effects.h).  A
 * cell per arm's analysed count of an outcome (rows that share one, the
 * comparison arm of several arms or an IV row and its ITT row, share the
 * cell), its n published (fixed), and n = n_treat + n_control.
 */
int
rct_effects_suppress(const struct rct_estimate *e, size_t n,
    const unsigned char *published, int min_cell, unsigned char *hidden)
{
	struct rct_cells c;
	size_t *cell = NULL, i, j, parts[2], total;
	int rc = 0;

	memset(hidden, 0, n);
	rct_suppress_cells_init(&c);
	if ((cell = malloc((2 * n + 1) * sizeof(size_t))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; rc == 0 && i < n; i++) {
		const char *arm[2] = {e[i].treat, e[i].control};
		const long v[2] = {e[i].n_treat, e[i].n_control};
		size_t g;

		for (g = 0; rc == 0 && g < 2; g++) {
			/* The same arm's count of the same outcome: one cell.
			 */
			for (j = 0; j < 2 * i; j++) {
				const struct rct_estimate *o = &e[j / 2];
				const char *oa = j % 2 ? o->control : o->treat;
				long ov = j % 2 ? o->n_control : o->n_treat;

				if (ov == v[g] && oa && arm[g] &&
				    strcmp(oa, arm[g]) == 0 &&
				    strcmp(o->outcome, e[i].outcome) == 0)
					break;
			}
			if (j < 2 * i)
				cell[2 * i + g] = cell[j];
			else /* nobody missing: the arm's n, published */
				rc = rct_suppress_cells_add(&c, v[g],
				    (published && published[i]) ||
					e[i].n_missing == 0,
				    &cell[2 * i + g]);
		}
		if (rc != 0 || e[i].n != v[0] + v[1])
			continue;
		parts[0] = cell[2 * i];
		parts[1] = cell[2 * i + 1];
		if ((rc = rct_suppress_cells_add(&c, e[i].n, 1, &total)) == 0)
			rc = rct_suppress_cells_sum(&c, total, parts, 2);
	}
	if (rc == 0)
		rc = rct_suppress_cells(&c, min_cell);
	for (i = 0; rc == 0 && i < n; i++)
		hidden[i] = (c.suppressed[cell[2 * i]] ? 1 : 0) |
		    (c.suppressed[cell[2 * i + 1]] ? 2 : 0);
	rct_suppress_cells_release(&c);
	free(cell);
	return rc;
}
