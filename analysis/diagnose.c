/*
 * Design diagnosis by simulation (diagnose.h).
 *
 * randomizer/simulate.c also makes synthetic participants, but not with
 * this generator, and sharing one would change the figures of one or the
 * other (issue 15 kept them apart):
 *   - the stream: here each trial has its own, keyed by the seed and the
 *     trial's number (diagnose.h), so that trials run in parallel and a
 *     seed repeats its figures; there one stream serves the whole run,
 *     keyed by a fresh random key and read trial after trial;
 *   - the draws of a unit (a participant, or a cluster of --cluster-size
 *     in a cluster trial) in stream order: here its site among --sites,
 *     then one draw per coded or numeric variable of the protocol, used
 *     or not, numbers over their range; strata and factors are read from
 *     those values (the site for one that is no such variable); after the
 *     allocation the outcomes' normal deviates follow on the same stream;
 *     there its site among 5, then one draw per stratum other than site,
 *     then one per minimization factor other than site, so a variable that
 *     is both is drawn twice, and one without codes is one of c0, c1, c2;
 *   - what is kept: here every variable's value and a covariate score,
 *     for the outcome model and the dataset the estimator reads; there
 *     only the strings the allocator needs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "alloc.h"
#include "buf.h"
#include "dataset.h"
#include "diagnose.h"
#include "error.h"
#include "parallel.h"
#include "stream.h"

#define MAX_COLS 64

/* A uniform double in (0, 1) from the stream. */
static double
uniform(struct rct_stream *st)
{
	return ((double)rct_stream_word(st) + 0.5) / 4294967296.0;
}

static double
normal(struct rct_stream *st)
{
	double u = uniform(st), v = uniform(st);

	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

/* One simulated trial's participants. */
struct people {
	size_t n, nvars, ncols;
	char (*site)[8];
	char (*cluster)[24];
	/*
	 * Stratum keys ("S3|female|..."), however long, one after another in
	 * keys; stratum[i] is where participant i's begins.
	 */
	struct rct_buf keys;
	size_t *stratum;
	const char *(*value)[MAX_COLS]; /* per variable used: a code, or num */
	char (*num)[MAX_COLS][24];
	const char *(*lv)[RCT_MAX_FACTORS];
	double *w; /* the covariate sum */
	double *y;
	int *arm;
	struct rct_alloc_unit *u;
};

struct job {
	const struct rct_diagnose_spec *s;
	int vars[MAX_COLS]; /* protocol variables generated */
	size_t nvars;
	int factor_var[RCT_MAX_FACTORS];
	double *est, *se, *lo, *hi, *p; /* per trial; NaN when it failed */
	struct rct_error_held held[RCT_PARALLEL_MAX];
	int failed[RCT_PARALLEL_MAX];
};

/*
 * A value of variable v for a participant, and its standardized score:
 * *out points at the protocol's code, or at num holding the number.
 */
static double
draw_value(const struct rct_variable *v, struct rct_stream *st, char num[24],
    const char **out)
{
	double lo, hi, x;
	uint32_t k;

	if (v->type == RCT_VAR_CODE) {
		k = rct_stream_below(st, (uint32_t)v->ncodes);
		*out = v->codes[k];
		/* Codes by index, centred and scaled as a uniform. */
		return v->ncodes > 1 ? ((double)k - (v->ncodes - 1) / 2.0) /
			sqrt(((double)v->ncodes * v->ncodes - 1) / 12) :
				       0;
	}
	lo = v->has_min ? v->min : 0;
	hi = v->has_max ? v->max : lo + 10;
	if (hi - lo > 50) { /* a year of birth: a span of adults */
		lo = hi - 50 > lo ? (lo + hi) / 2 - 25 : lo;
		hi = lo + 50;
	}
	k = rct_stream_below(st, (uint32_t)(hi - lo + 1));
	x = lo + k;
	snprintf(num, 24, "%.0f", x);
	*out = num;
	return (x - (lo + hi) / 2) /
	    sqrt(((hi - lo + 1) * (hi - lo + 1) - 1) / 12);
}

static int
emit(void *arg, size_t i, const struct rct_decision *d)
{
	int *arm = arg;

	arm[i] = d->arm;
	return 0;
}

static void
people_free(struct people *pp)
{
	free(pp->site);
	free(pp->cluster);
	rct_buf_release(&pp->keys);
	free(pp->stratum);
	free(pp->value);
	free(pp->num);
	free(pp->lv);
	free(pp->w);
	free(pp->y);
	free(pp->arm);
	free(pp->u);
}

/* Make, allocate and give outcomes to one trial's participants. */
static int
make(const struct job *j, const unsigned char key[32], struct people *pp)
{
	const struct rct_diagnose_spec *s = j->s;
	const struct rct_protocol *p = s->protocol;
	static const char *const parts[] = {"diagnose"};
	struct rct_stream st;
	struct rct_allocator *a = NULL;
	struct rct_decision d;
	size_t i, k, f,
	    group = p->unit == RCT_UNIT_CLUSTER ? (size_t)s->cluster_size : 1;
	size_t nunits = 0;
	double sum = 0, ss = 0, mean, sd, u = 0;
	int *unit_arm, rc = 0;

	rct_stream_init(&st, key, parts, 1);
	pp->site = calloc(pp->n, sizeof(*pp->site));
	pp->cluster = calloc(pp->n, sizeof(*pp->cluster));
	pp->stratum = calloc(pp->n, sizeof(*pp->stratum));
	pp->value = calloc(pp->n, sizeof(*pp->value));
	pp->num = calloc(pp->n, sizeof(*pp->num));
	pp->lv = calloc(pp->n, sizeof(*pp->lv));
	pp->w = calloc(pp->n, sizeof(double));
	pp->y = calloc(pp->n, sizeof(double));
	pp->arm = calloc(pp->n, sizeof(int));
	pp->u = calloc(pp->n, sizeof(*pp->u));
	unit_arm = calloc(pp->n, sizeof(int));
	if (!pp->site || !pp->cluster || !pp->stratum || !pp->value ||
	    !pp->num || !pp->lv || !pp->w || !pp->y || !pp->arm || !pp->u ||
	    !unit_arm) {
		free(unit_arm);
		return RCT_ENOMEM;
	}
	for (i = 0; i < pp->n; i++) {
		if (i % group) { /* a cluster shares site, strata and values */
			memcpy(pp->site[i], pp->site[i - 1],
			    sizeof(pp->site[0]));
			memcpy(pp->value[i], pp->value[i - 1],
			    sizeof(pp->value[0]));
			pp->stratum[i] = pp->stratum[i - 1];
			pp->w[i] = pp->w[i - 1];
		} else {
			snprintf(pp->site[i], sizeof(pp->site[0]), "S%u",
			    rct_stream_below(&st, (uint32_t)s->sites) + 1);
			for (k = 0; k < j->nvars; k++)
				pp->w[i] += draw_value(&p->vars[j->vars[k]],
				    &st, pp->num[i][k], &pp->value[i][k]);
			pp->stratum[i] = pp->keys.len;
			for (k = 0; k < p->nstrata; k++) {
				const char *v = pp->site[i];
				size_t m;

				for (m = 0; m < j->nvars; m++)
					if (strcmp(p->vars[j->vars[m]].name,
						p->strata[k]) == 0)
						v = pp->value[i][m];
				if (k)
					rct_buf_addc(&pp->keys, '|');
				rct_buf_adds(&pp->keys, v);
			}
			/* Each key ends with its NUL, the next begins after. */
			rct_buf_add(&pp->keys, "", 1);
		}
		snprintf(pp->cluster[i], sizeof(pp->cluster[0]), "K%zu",
		    i / group);
		for (f = 0; f < p->nfactors; f++) {
			int v = j->factor_var[f];
			size_t m;

			pp->lv[i][f] = pp->site[i];
			for (m = 0; v >= 0 && m < j->nvars; m++)
				if (j->vars[m] == v)
					pp->lv[i][f] = pp->value[i][m];
		}
		if (i % group == 0) {
			struct rct_alloc_unit *un = &pp->u[nunits++];

			un->participant = group == 1 ? (int64_t)i + 1 : 0;
			un->cluster = group == 1 ? NULL : pp->cluster[i];
			un->site = pp->site[i];
			un->levels = pp->lv[i];
		}
	}
	if (rct_buf_failed(&pp->keys)) {
		rc = RCT_ENOMEM;
		goto out;
	}
	/* The keys have stopped moving: point the units at them. */
	for (i = 0, k = 0; i < pp->n; i += group)
		pp->u[k++].stratum = pp->keys.data + pp->stratum[i];
	if ((rc = rct_alloc_new(&a, p, key, &rct_alloc_fresh)) != 0)
		goto out;
	rct_alloc_quiet(a);
	if (p->method == RCT_METHOD_BATCH)
		rc = rct_alloc_batch(a, pp->u, nunits, emit, unit_arm);
	else
		for (i = 0; rc == 0 && i < nunits; i++) {
			rc = rct_alloc_next(a, &pp->u[i], &d);
			unit_arm[i] = d.arm;
		}
	if (rc != 0)
		goto out;
	/* The outcome model, with w standardized over the trial. */
	for (i = 0; i < pp->n; i++) {
		sum += pp->w[i];
		ss += pp->w[i] * pp->w[i];
	}
	mean = sum / (double)pp->n;
	sd = sqrt(fmax(ss / (double)pp->n - mean * mean, 0));
	for (i = 0; i < pp->n; i++) {
		if (i % group == 0)
			u = normal(&st);
		pp->arm[i] = unit_arm[i / group];
		pp->y[i] = s->effect * (pp->arm[i] != 0) +
		    sqrt(s->r2) * (sd > 0 ? (pp->w[i] - mean) / sd : 0) +
		    sqrt(s->icc) * u + sqrt(1 - s->r2 - s->icc) * normal(&st);
	}
out:
	rct_alloc_free(a);
	rct_stream_wipe(&st);
	free(unit_arm);
	return rc;
}

/* The trial as a dataset, analysed with the protocol's estimator. */
static int
analyse(const struct job *j, const struct people *pp, struct rct_estimate *e)
{
	const struct rct_diagnose_spec *s = j->s;
	const struct rct_protocol *p = s->protocol;
	const char *names[MAX_COLS + 4], *values[MAX_COLS + 4];
	unsigned char cat[MAX_COLS + 4];
	struct rct_dataset_builder *b;
	struct rct_dataset *d = NULL;
	struct rct_effect_spec sp;
	char y[32];
	size_t i, k, nc = 0;
	int rc;

	names[nc] = "arm";
	cat[nc++] = 1;
	names[nc] = "stratum";
	cat[nc++] = 1;
	names[nc] = "cluster";
	cat[nc++] = 1;
	names[nc] = "y";
	cat[nc++] = 0;
	for (k = 0; k < j->nvars; k++) {
		names[nc] = p->vars[j->vars[k]].name;
		cat[nc++] = p->vars[j->vars[k]].type == RCT_VAR_CODE;
	}
	if ((rc = rct_dataset_build_begin(&b, "simulated trial", names, cat,
		 nc)) != 0)
		return rc;
	for (i = 0; rc == 0 && i < pp->n; i++) {
		snprintf(y, sizeof(y), "%.17g", pp->y[i]);
		values[0] = p->arms[pp->arm[i]].name;
		values[1] = pp->keys.data + pp->stratum[i];
		values[2] = pp->cluster[i];
		values[3] = y;
		for (k = 0; k < j->nvars; k++)
			values[4 + k] = pp->value[i][k];
		rc = rct_dataset_build_row(b, values, (long)i + 1);
	}
	if (rc != 0) {
		rct_dataset_build_free(b);
		return rc;
	}
	if ((rc = rct_dataset_build_end(b, &d)) != 0)
		return rc;
	memset(&sp, 0, sizeof(sp));
	sp.outcome = "y";
	sp.arm = "arm";
	sp.control = p->arms[0].name;
	sp.treat = p->arms[1].name;
	sp.estimator = s->estimator;
	sp.se = s->se;
	sp.se_given = s->se_given;
	sp.alpha = s->alpha;
	sp.covariates = (const char *const *)p->covariates;
	sp.ncovariates =
	    s->estimator == RCT_EST_LIN || s->estimator == RCT_EST_ANCOVA ?
	    p->ncovariates :
	    0;
	if (s->estimator == RCT_EST_BLOCKED)
		sp.strata = "stratum";
	if (p->unit == RCT_UNIT_CLUSTER)
		sp.cluster = "cluster";
	rc = rct_effects_estimate(d, &sp, e);
	rct_dataset_free(d);
	return rc;
}

static void
run(void *arg, int part, size_t begin, size_t end)
{
	struct job *j = arg;
	struct rct_estimate e;
	struct people pp;
	unsigned char key[32], msg[15 + 16];
	size_t r;
	int i, rc;

	rct_error_hold(&j->held[part]);
	for (r = begin; r < end; r++) {
		memcpy(msg, "rct-diagnose-v1", 15);
		for (i = 0; i < 8; i++) {
			msg[15 + i] = (unsigned char)(j->s->seed >> (8 * i));
			msg[23 + i] = (unsigned char)((uint64_t)r >> (8 * i));
		}
		crypto_generichash(key, 32, msg, sizeof(msg), NULL, 0);
		memset(&pp, 0, sizeof(pp));
		pp.n = (size_t)j->s->participants;
		rc = make(j, key, &pp);
		if (rc == RCT_ENOMEM || (rc != 0 && rc != RCT_EINVAL)) {
			j->failed[part] = rc;
			people_free(&pp);
			break;
		}
		j->est[r] = j->se[r] = j->lo[r] = j->hi[r] = j->p[r] = NAN;
		if (rc == 0 && analyse(j, &pp, &e) == 0) {
			j->est[r] = e.estimate;
			j->se[r] = e.std_error;
			j->lo[r] = e.conf_low;
			j->hi[r] = e.conf_high;
			j->p[r] = e.p_value;
		}
		people_free(&pp);
	}
	sodium_memzero(key, sizeof(key));
	rct_error_hold(NULL);
}

int
rct_diagnose(const struct rct_diagnose_spec *s, struct rct_diagnosis *out)
{
	const struct rct_protocol *p = s->protocol;
	struct job j;
	size_t r, i, f;
	long sig = 0, wrong = 0, ok = 0, cover = 0;
	double sum = 0, ss = 0, sse = 0, sum_se = 0;
	int rc = 0, part;

	memset(out, 0, sizeof(*out));
	memset(&j, 0, sizeof(j));
	j.s = s;
	if (p->narms != 2)
		return rct_error(RCT_EINVAL,
		    "diagnose compares two arms; the protocol has %zu",
		    p->narms);
	if (p->method == RCT_METHOD_LOTTERY)
		return rct_error(RCT_EINVAL,
		    "a lottery allocates places, not arms to diagnose");
	for (i = 0; i < p->nvars && j.nvars < MAX_COLS; i++)
		if ((p->vars[i].type == RCT_VAR_CODE &&
			p->vars[i].ncodes > 0) ||
		    p->vars[i].type == RCT_VAR_INTEGER ||
		    p->vars[i].type == RCT_VAR_NUMBER)
			j.vars[j.nvars++] = (int)i;
	for (f = 0; f < p->nfactors; f++) {
		const struct rct_variable *v =
		    rct_protocol_variable(p, p->factors[f]);

		j.factor_var[f] = v ? (int)(v - p->vars) : -1;
	}
	j.est = malloc((size_t)s->trials * sizeof(double));
	j.se = malloc((size_t)s->trials * sizeof(double));
	j.lo = malloc((size_t)s->trials * sizeof(double));
	j.hi = malloc((size_t)s->trials * sizeof(double));
	j.p = malloc((size_t)s->trials * sizeof(double));
	if (!j.est || !j.se || !j.lo || !j.hi || !j.p) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	rct_parallel_for((size_t)s->trials, rct_parallel_parts(), 1, run, &j);
	for (part = 0; part < RCT_PARALLEL_MAX; part++) {
		if (rc == 0 && j.failed[part])
			rc = j.failed[part];
		/* The estimator's warnings on single trials are not news. */
		rct_error_release(&j.held[part], j.failed[part] != 0);
	}
	if (rc != 0)
		goto out;
	for (r = 0; r < (size_t)s->trials; r++) {
		if (isnan(j.est[r])) {
			out->failed++;
			continue;
		}
		ok++;
		sum += j.est[r];
		ss += j.est[r] * j.est[r];
		sse += (j.est[r] - s->effect) * (j.est[r] - s->effect);
		sum_se += j.se[r];
		cover += j.lo[r] <= s->effect && s->effect <= j.hi[r];
		if (j.p[r] < s->alpha) {
			sig++;
			wrong +=
			    s->effect != 0 && (j.est[r] > 0) != (s->effect > 0);
		}
	}
	out->trials = ok;
	if (ok == 0) {
		rc = rct_error(RCT_EINVAL,
		    "the estimator could analyse none of the %ld simulated "
		    "trials: too few participants for its coefficients?",
		    s->trials);
		goto out;
	}
	out->mean_estimate = sum / (double)ok;
	out->bias = out->mean_estimate - s->effect;
	out->rmse = sqrt(sse / (double)ok);
	out->sd_estimate = ok > 1 ?
	    sqrt(fmax(ss - sum * sum / (double)ok, 0) / (double)(ok - 1)) :
	    NAN;
	out->mean_se = sum_se / (double)ok;
	out->power = (double)sig / (double)ok;
	out->coverage = (double)cover / (double)ok;
	out->type_s = sig && s->effect != 0 ? (double)wrong / (double)sig : NAN;
out:
	free(j.est);
	free(j.se);
	free(j.lo);
	free(j.hi);
	free(j.p);
	return rc;
}
