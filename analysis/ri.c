/* Randomization inference (ri.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "error.h"
#include "parallel.h"
#include "ri.h"
#include "stream.h"

/*
 * Welch's t from the sums of each arm (g = 0 control, 1 treated): k[g]
 * people, s[g] and ss[g] the sum and the sum of squares of their outcome
 * less a shift; the difference in means goes to diff.  NaN if undefined.
 */
static double
welch_sums(const double s[2], const double ss[2], const double k[2],
    double *diff)
{
	double v[2];
	int g;

	if (k[0] < 2 || k[1] < 2) {
		*diff = NAN;
		return NAN;
	}
	for (g = 0; g < 2; g++) {
		double m = s[g] / k[g];

		v[g] = fmax(ss[g] - m * s[g], 0) / (k[g] - 1) / k[g];
	}
	*diff = s[1] / k[1] - s[0] / k[0];
	return v[0] + v[1] > 0 ? *diff / sqrt(v[0] + v[1]) : NAN;
}

/*
 * Welch's t of outcome y under arms z, and the difference.  One pass,
 * with sums shifted by the first value so that a large mean does not
 * swamp the spread.
 */
static double
welch(const double *y, const int8_t *z, size_t n, double *diff, long *n1,
    long *n0)
{
	double s[2] = {0, 0}, ss[2] = {0, 0}, k[2], shift = NAN, d;
	long c[2] = {0, 0};
	size_t i;

	for (i = 0; i < n; i++)
		if (z[i] >= 0 && !isnan(y[i])) {
			if (isnan(shift))
				shift = y[i];
			d = y[i] - shift;
			s[z[i]] += d;
			ss[z[i]] += d * d;
			c[z[i]]++;
		}
	*n1 = c[1];
	*n0 = c[0];
	k[0] = (double)c[0];
	k[1] = (double)c[1];
	return welch_sums(s, ss, k, diff);
}

/*
 * What a unit brings to the sums of its arm, for one outcome: its rows
 * with the outcome, how many, their sum and sum of squares (shifted).
 */
struct unit_sums {
	double sum, sq, count;
};

struct job {
	const struct rct_ri_design *design;
	size_t m;
	const struct unit_sums *us; /* nunits x m */
	const struct unit_sums *total; /* m: over every unit */
	int need_t; /* the t of each draw is read (else only diff) */
	uint64_t seed;
	double *t, *diff; /* draws x m */
	int failed[RCT_PARALLEL_MAX];
	struct rct_error_held held[RCT_PARALLEL_MAX];
};

static void
draw_key(uint64_t seed, uint64_t r, unsigned char key[32])
{
	unsigned char msg[9 + 16];
	int i;

	memcpy(msg, "rct-ri-v1", 9);
	for (i = 0; i < 8; i++) {
		msg[9 + i] = (unsigned char)(seed >> (8 * i));
		msg[17 + i] = (unsigned char)(r >> (8 * i));
	}
	crypto_generichash(key, 32, msg, sizeof(msg), NULL, 0);
}

/*
 * The sums of outcome k over the units drawn into arm code: the units'
 * sums weighted by 0 or 1 from a table rather than branched on (the arms
 * of a draw are random: half the branches would be mispredicted), in two
 * interleaved halves so that the additions overlap.
 */
static struct unit_sums
sum_arm(const struct job *j, size_t k, const int *arm, int code)
{
	static const double weight[2] = {0, 1};
	const struct unit_sums *x = j->us + k;
	struct unit_sums a = {0, 0, 0}, b = {0, 0, 0};
	size_t u, n = j->design->nunits, m = j->m;

	for (u = 0; u + 1 < n; u += 2) {
		double w = weight[arm[u] == code];
		double v = weight[arm[u + 1] == code];

		a.sum += w * x[u * m].sum;
		b.sum += v * x[(u + 1) * m].sum;
		a.count += w * x[u * m].count;
		b.count += v * x[(u + 1) * m].count;
		if (j->need_t) {
			a.sq += w * x[u * m].sq;
			b.sq += v * x[(u + 1) * m].sq;
		}
	}
	if (u < n && arm[u] == code) {
		a.sum += x[u * m].sum;
		a.count += x[u * m].count;
		a.sq += x[u * m].sq;
	}
	a.sum += b.sum;
	a.sq += b.sq;
	a.count += b.count;
	return a;
}

/*
 * The statistics of draw r from the units' arms.  When every unit is in
 * one of the two arms (always, with two arms), control's sums are the
 * totals less the treated's: one pass over the units, not two.
 */
static void
draw_statistics(struct job *j, const int *arm, size_t r)
{
	const struct rct_ri_design *d = j->design;
	size_t u, k, both = 0;
	double s[2], ss[2], c[2];

	if (d->two_arms)
		both = d->nunits;
	else
		for (u = 0; u < d->nunits; u++)
			both += (size_t)((arm[u] == d->treat) |
			    (arm[u] == d->control));
	for (k = 0; k < j->m; k++) {
		struct unit_sums t = sum_arm(j, k, arm, d->treat), o;

		if (both == d->nunits) {
			o.sum = j->total[k].sum - t.sum;
			o.sq = j->total[k].sq - t.sq;
			o.count = j->total[k].count - t.count;
		} else
			o = sum_arm(j, k, arm, d->control);
		s[0] = o.sum, ss[0] = o.sq, c[0] = o.count;
		s[1] = t.sum, ss[1] = t.sq, c[1] = t.count;
		j->t[r * j->m + k] =
		    welch_sums(s, ss, c, &j->diff[r * j->m + k]);
	}
}

static void
run_draws(void *arg, int part, size_t begin, size_t end)
{
	struct job *j = arg;
	const struct rct_ri_design *d = j->design;
	int *arm = malloc((d->nunits + 1) * sizeof(int));
	void *state = NULL;
	unsigned char key[32];
	size_t r;

	rct_error_hold(&j->held[part]);
	if (arm == NULL)
		j->failed[part] = rct_error(RCT_ENOMEM, "out of memory");
	else
		j->failed[part] = d->start(d->ctx, &state);
	for (r = begin; r < end && !j->failed[part]; r++) {
		draw_key(j->seed, r, key);
		if ((j->failed[part] = d->draw(state, key, arm)) != 0)
			break;
		draw_statistics(j, arm, r);
	}
	if (state != NULL)
		d->finish(state);
	rct_error_hold(NULL);
	sodium_memzero(key, sizeof(key));
	free(arm);
}

/* The order of outcomes by |t| observed, largest first. */
static const struct rct_ri_result *order_base;

static int
by_t(const void *a, const void *b)
{
	double x = fabs(order_base[*(const size_t *)a].statistic);
	double y = fabs(order_base[*(const size_t *)b].statistic);

	return x > y ? -1 : x < y;
}

/* Westfall and Young's step-down maxT adjusted p-values. */
static int
westfall_young(struct rct_ri_result *out, size_t m, const double *t, long R)
{
	size_t *o = malloc((m + 1) * sizeof(size_t)), j, r;
	long *count = calloc(m + 1, sizeof(long));
	double run = 0, u, p;

	if (o == NULL || count == NULL) {
		free(o);
		free(count);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	for (j = 0; j < m; j++)
		o[j] = j;
	order_base = out;
	qsort(o, m, sizeof(size_t), by_t);
	for (r = 0; r < (size_t)R; r++) {
		u = 0;
		for (j = m; j-- > 0;) {
			double a = fabs(t[r * m + o[j]]);

			if (!isnan(a) && a > u)
				u = a;
			count[j] += u >= fabs(out[o[j]].statistic);
		}
	}
	for (j = 0; j < m; j++) {
		p = (1 + (double)count[j]) / (1 + (double)R);
		run = fmax(run, p);
		out[o[j]].p_westfall_young = run;
	}
	free(o);
	free(count);
	return 0;
}

/*
 * The units' sums of each outcome, and their totals, shifted by the
 * first value of the outcome in a unit.
 */
static int
unit_sums(struct unit_sums **out, struct unit_sums *total,
    const double *const *y, size_t m, size_t n, const struct rct_ri_design *d)
{
	struct unit_sums *us = calloc(d->nunits * m + 1, sizeof(*us));
	size_t i, k;

	*out = us;
	if (us == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (k = 0; k < m; k++) {
		double shift = NAN, v;

		memset(&total[k], 0, sizeof(total[k]));
		for (i = 0; i < n; i++) {
			struct unit_sums *x;

			if (d->unit_of_row[i] < 0 || isnan(y[k][i]))
				continue;
			if (isnan(shift))
				shift = y[k][i];
			v = y[k][i] - shift;
			x = &us[(size_t)d->unit_of_row[i] * m + k];
			x->sum += v;
			x->sq += v * v;
			x->count++;
		}
		for (i = 0; i < d->nunits; i++) {
			total[k].sum += us[i * m + k].sum;
			total[k].sq += us[i * m + k].sq;
			total[k].count += us[i * m + k].count;
		}
	}
	return 0;
}

int
rct_ri(const double *const *y, size_t noutcomes, size_t n, const int8_t *z,
    const struct rct_ri_design *design, long draws, uint64_t seed, int use_t,
    struct rct_ri_result *out)
{
	struct job j;
	struct unit_sums *us = NULL, *total = NULL;
	size_t k, r;
	int p, rc = 0;

	memset(&j, 0, sizeof(j));
	for (k = 0; k < noutcomes; k++) {
		memset(&out[k], 0, sizeof(out[k]));
		out[k].statistic = welch(y[k], z, n, &out[k].estimate,
		    &out[k].n_treat, &out[k].n_control);
		out[k].draws = draws;
		out[k].p_westfall_young = NAN;
		if (isnan(out[k].statistic))
			return rct_error(RCT_EINVAL,
			    "outcome %zu: each arm needs two people with the "
			    "outcome and some variation for a test",
			    k + 1);
	}
	j.t = malloc((size_t)draws * noutcomes * sizeof(double) + 1);
	j.diff = malloc((size_t)draws * noutcomes * sizeof(double) + 1);
	total = calloc(noutcomes + 1, sizeof(*total));
	if (j.t == NULL || j.diff == NULL || total == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = unit_sums(&us, total, y, noutcomes, n, design)) != 0)
		goto out;
	j.design = design;
	j.m = noutcomes;
	j.us = us;
	j.total = total;
	/* Westfall-Young reads the t of every outcome. */
	j.need_t = use_t || noutcomes > 1;
	j.seed = seed;
	rct_parallel_for((size_t)draws, rct_parallel_parts(), 1, run_draws, &j);
	/* The messages of the first part that failed, as one thread gives. */
	for (p = 0; p < RCT_PARALLEL_MAX; p++) {
		if (rc == 0 && j.failed[p])
			rc = j.failed[p];
		rct_error_release(&j.held[p], rc == j.failed[p] && rc != 0);
	}
	if (rc != 0)
		goto out;
	for (k = 0; k < noutcomes; k++) {
		const double *stat = use_t ? j.t : j.diff;
		double obs = fabs(use_t ? out[k].statistic : out[k].estimate),
		       pv;

		for (r = 0; r < (size_t)draws; r++) {
			double a = fabs(stat[r * noutcomes + k]);

			/* A tie within rounding counts as extreme. */
			out[k].extreme += !isnan(a) && a >= obs * (1 - 1e-12);
		}
		pv = (1 + (double)out[k].extreme) / (1 + (double)draws);
		out[k].p_value = pv;
		out[k].mc_error = sqrt(pv * (1 - pv) / (double)draws);
	}
	if (noutcomes > 1)
		rc = westfall_young(out, noutcomes, j.t, draws);
out:
	free(us);
	free(total);
	free(j.t);
	free(j.diff);
	return rc;
}

/* Units to permute in each stratum. */
struct rct_ri_permutation {
	size_t n; /* rows */
	int32_t *unit_of_row; /* -1: in neither arm */
	size_t nunits;
	int *label; /* per unit, its observed arm (1 or 0) */
	size_t *stratum_start; /* units sorted by stratum: ranges */
	size_t *order; /* units in stratum order */
	size_t nstrata;
};

void
rct_ri_permutation_free(struct rct_ri_permutation *p)
{
	if (p == NULL)
		return;
	free(p->unit_of_row);
	free(p->label);
	free(p->stratum_start);
	free(p->order);
	free(p);
}

int
rct_ri_permutation_new(struct rct_ri_permutation **out, const int8_t *z,
    const int32_t *strata, const int32_t *cluster, size_t n)
{
	struct rct_ri_permutation *p = calloc(1, sizeof(*p));
	int32_t *unit_of_cluster = NULL, *stratum_of_unit = NULL, maxc = -1;
	int32_t maxs = 0;
	size_t i, u, *fill = NULL;
	int rc = 0;

	*out = NULL;
	if (p == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	p->n = n;
	for (i = 0; i < n; i++) {
		if (cluster && cluster[i] > maxc)
			maxc = cluster[i];
		if (strata && strata[i] + 1 > maxs)
			maxs = strata[i] + 1;
	}
	p->unit_of_row = malloc((n + 1) * sizeof(int32_t));
	p->label = malloc((n + 1) * sizeof(int));
	stratum_of_unit = malloc((n + 1) * sizeof(int32_t));
	unit_of_cluster = malloc(((size_t)maxc + 2) * sizeof(int32_t));
	if (!p->unit_of_row || !p->label || !stratum_of_unit ||
	    !unit_of_cluster) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i <= (size_t)(maxc + 1); i++)
		unit_of_cluster[i] = -1;
	for (i = 0; i < n; i++) {
		int32_t s = strata ? strata[i] : 0;

		p->unit_of_row[i] = -1;
		if (z[i] < 0)
			continue;
		if (cluster && cluster[i] >= 0 &&
		    unit_of_cluster[cluster[i]] >= 0) {
			u = (size_t)unit_of_cluster[cluster[i]];
			if (p->label[u] != z[i] || stratum_of_unit[u] != s) {
				rc = rct_error(RCT_EINVAL,
				    "a cluster has members in two arms or two "
				    "strata: it cannot have been randomized "
				    "as a cluster");
				goto out;
			}
		} else {
			u = p->nunits++;
			p->label[u] = z[i];
			stratum_of_unit[u] = s;
			if (cluster && cluster[i] >= 0)
				unit_of_cluster[cluster[i]] = (int32_t)u;
		}
		p->unit_of_row[i] = (int32_t)u;
	}
	/* Units grouped by stratum (counting sort). */
	p->nstrata = (size_t)maxs + 1;
	p->stratum_start = calloc(p->nstrata + 1, sizeof(size_t));
	p->order = malloc((p->nunits + 1) * sizeof(size_t));
	fill = calloc(p->nstrata + 1, sizeof(size_t));
	if (!p->stratum_start || !p->order || !fill) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (u = 0; u < p->nunits; u++)
		p->stratum_start[stratum_of_unit[u] + 1]++;
	for (i = 0; i < p->nstrata; i++)
		p->stratum_start[i + 1] += p->stratum_start[i];
	for (u = 0; u < p->nunits; u++) {
		size_t s = (size_t)stratum_of_unit[u];

		p->order[p->stratum_start[s] + fill[s]++] = u;
	}
out:
	free(unit_of_cluster);
	free(stratum_of_unit);
	free(fill);
	if (rc != 0)
		rct_ri_permutation_free(p);
	else
		*out = p;
	return rc;
}

/* What a thread permutes with: the labels of one stratum at a time. */
struct permutation_state {
	const struct rct_ri_permutation *p;
	int *lab;
};

static int
permutation_start(void *ctx, void **state)
{
	const struct rct_ri_permutation *p = ctx;
	struct permutation_state *ps = calloc(1, sizeof(*ps));

	*state = NULL;
	if (ps == NULL ||
	    (ps->lab = malloc((p->nunits + 1) * sizeof(int))) == NULL) {
		free(ps);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	ps->p = p;
	*state = ps;
	return 0;
}

static int
permutation_draw(void *state, const unsigned char key[32], int *arm)
{
	const struct permutation_state *ps = state;
	const struct rct_ri_permutation *p = ps->p;
	static const char *const parts[] = {"ri-permutation"};
	struct rct_stream st;
	size_t s, i;

	rct_stream_init(&st, key, parts, 1);
	for (s = 0; s < p->nstrata; s++) {
		size_t a = p->stratum_start[s], b = p->stratum_start[s + 1];

		for (i = a; i < b; i++)
			ps->lab[i - a] = p->label[p->order[i]];
		rct_stream_shuffle(&st, ps->lab, b - a);
		for (i = a; i < b; i++)
			arm[p->order[i]] = ps->lab[i - a];
	}
	rct_stream_wipe(&st);
	return 0;
}

static void
permutation_finish(void *state)
{
	struct permutation_state *ps = state;

	free(ps->lab);
	free(ps);
}

void
rct_ri_permutation_design(struct rct_ri_design *d,
    const struct rct_ri_permutation *p)
{
	memset(d, 0, sizeof(*d));
	d->nunits = p->nunits;
	d->unit_of_row = p->unit_of_row;
	d->treat = 1;
	d->control = 0;
	d->two_arms = 1;
	d->ctx = (void *)p;
	d->start = permutation_start;
	d->draw = permutation_draw;
	d->finish = permutation_finish;
}
