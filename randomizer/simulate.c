/*
 * Simulated trials of a protocol's allocation (simulate.h).
 *
 * analysis/diagnose.c also makes synthetic participants, but not with
 * this generator, and sharing one would change the figures of one or the
 * other (issue 15 kept them apart):
 *   - the stream: here one stream for the whole run, keyed by a fresh
 *     random key and read trial after trial; there each trial has its own
 *     stream from the seed and the trial's number, so that trials run in
 *     parallel and a seed repeats its figures;
 *   - the draws of a unit (a participant, or a cluster of CLUSTER_SIZE
 *     in a cluster trial) in stream order: here its site among SITES,
 *     then one draw per stratum other than site, then one per
 *     minimization factor other than site, so a variable that is both is
 *     drawn twice, independently; one without codes (a number, or a name
 *     that is no variable) is one of c0, c1, c2;  there its site among
 *     --sites, then one draw per coded or numeric variable of the
 *     protocol, used or not, numbers over their range; strata and factors
 *     are read from those values, and after the allocation the outcomes'
 *     normal deviates follow on the same stream;
 *   - what is kept: here the strings the allocator needs (stratum key,
 *     factor levels); there every variable's value and a covariate score,
 *     for the outcome model and the dataset the estimator reads.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <sodium.h>

#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "intern.h"
#include "predict.h"
#include "simulate.h"
#include "stream.h"

#define SITES 5
#define CLUSTER_SIZE 10

/* Synthetic units of one simulated trial, and their strings. */
struct trial {
	struct rct_alloc_unit *u;
	size_t n;
	char (*site)[8];
	char (*stratum)[256];
	char (*levels)[RCT_MAX_FACTORS][64];
	const char *(*lv)[RCT_MAX_FACTORS]; /* pointers to levels */
	char (*cluster)[24];
};

/* A value of variable name ("site" or a code variable) for a unit. */
static void
draw_value(const struct rct_protocol *p, const char *name, const char *site,
    struct rct_stream *st, char *out, size_t len)
{
	const struct rct_variable *v;

	if (strcmp(name, "site") == 0) {
		snprintf(out, len, "%s", site);
		return;
	}
	v = rct_protocol_variable(p, name);
	if (v && v->ncodes > 0)
		snprintf(out, len, "%s",
		    v->codes[rct_stream_below(st, (uint32_t)v->ncodes)]);
	else
		snprintf(out, len, "c%u", rct_stream_below(st, 3));
}

static int
make_trial(const struct rct_protocol *p, size_t n, struct rct_stream *st,
    struct trial *t)
{
	size_t i, k, f, group;

	memset(t, 0, sizeof(*t));
	t->n = n;
	t->u = calloc(n, sizeof(*t->u));
	t->site = calloc(n, sizeof(*t->site));
	t->stratum = calloc(n, sizeof(*t->stratum));
	t->levels = calloc(n, sizeof(*t->levels));
	t->cluster = calloc(n, sizeof(*t->cluster));
	t->lv = calloc(n, sizeof(*t->lv));
	if (!t->u || !t->site || !t->stratum || !t->levels || !t->cluster ||
	    !t->lv)
		return rct_error(RCT_ENOMEM, "out of memory");
	/* In a cluster trial, a cluster's members share site and strata. */
	group = p->unit == RCT_UNIT_CLUSTER ? CLUSTER_SIZE : 1;
	for (i = 0; i < n; i++) {
		if (i % group != 0) {
			memcpy(t->site[i], t->site[i - 1], sizeof(t->site[0]));
			memcpy(t->stratum[i], t->stratum[i - 1],
			    sizeof(t->stratum[0]));
			memcpy(t->levels[i], t->levels[i - 1],
			    sizeof(t->levels[0]));
		} else {
			char value[64];

			snprintf(t->site[i], sizeof(t->site[0]), "S%u",
			    rct_stream_below(st, SITES) + 1);
			for (k = 0; k < p->nstrata; k++) {
				draw_value(p, p->strata[k], t->site[i], st,
				    value, sizeof(value));
				if (k)
					strncat(t->stratum[i], "|",
					    sizeof(t->stratum[0]) -
						strlen(t->stratum[i]) - 1);
				strncat(t->stratum[i], value,
				    sizeof(t->stratum[0]) -
					strlen(t->stratum[i]) - 1);
			}
			for (f = 0; f < p->nfactors; f++)
				draw_value(p, p->factors[f], t->site[i], st,
				    t->levels[i][f], sizeof(t->levels[0][0]));
		}
		snprintf(t->cluster[i], sizeof(t->cluster[0]), "K%zu",
		    i / group);
		t->u[i].participant = group == 1 ? (int64_t)i + 1 : 0;
		t->u[i].cluster = group == 1 ? NULL : t->cluster[i];
		t->u[i].site = t->site[i];
		t->u[i].stratum = t->stratum[i];
		for (f = 0; f < p->nfactors; f++)
			t->lv[i][f] = t->levels[i][f];
		t->u[i].levels = t->lv[i];
	}
	return 0;
}

static void
free_trial(struct trial *t)
{
	free(t->u);
	free(t->site);
	free(t->stratum);
	free(t->levels);
	free(t->cluster);
	free(t->lv);
}

/* The units to allocate: everyone, or one per cluster. */
static size_t
units_of(const struct rct_protocol *p, const struct trial *t,
    struct rct_alloc_unit *out)
{
	size_t i, n = 0, group = p->unit == RCT_UNIT_CLUSTER ? CLUSTER_SIZE : 1;

	for (i = 0; i < t->n; i += group)
		out[n++] = t->u[i];
	return n;
}

/* The largest gap in ratio units between two arms' counts. */
static double
gap(const struct rct_protocol *p, const int64_t *counts)
{
	double lo = INFINITY, hi = -INFINITY, x;
	size_t a;

	for (a = 0; a < p->narms; a++) {
		x = (double)counts[a] / p->arms[a].ratio;
		lo = x < lo ? x : lo;
		hi = x > hi ? x : hi;
	}
	return hi - lo;
}

/*
 * Units' codes for one string each (stratum, or level of factor f), into
 * code[]; the number of distinct strings, or -1 when out of memory.
 */
static long
codes_of(const struct rct_alloc_unit *u, size_t n, long f, int32_t *code)
{
	struct rct_intern in = {0};
	size_t i;
	long k;

	for (i = 0; i < n; i++) {
		const char *s = f < 0 ? u[i].stratum : u[i].levels[f];

		if ((code[i] = rct_intern(&in, s ? s : "")) < 0) {
			rct_intern_release_all(&in);
			return -1;
		}
	}
	k = (long)in.n;
	rct_intern_release_all(&in);
	return k;
}

/* Per-code arm counts, code x RCT_MAX_ARMS, zeroed; NULL if no memory. */
static int64_t *
counts_new(long ncodes)
{
	return calloc((size_t)(ncodes > 0 ? ncodes : 1) * RCT_MAX_ARMS,
	    sizeof(int64_t));
}

/* Mean over factor levels of the final gap, for minimization. */
static int
level_gap(const struct rct_protocol *p, const struct rct_alloc_unit *u,
    const struct rct_decision *d, size_t n, int32_t *code, double *mean)
{
	int64_t *counts;
	double sum = 0;
	size_t f, i, levels = 0;
	long k, c;

	for (f = 0; f < p->nfactors; f++) {
		if ((k = codes_of(u, n, (long)f, code)) < 0 ||
		    (counts = counts_new(k)) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		for (i = 0; i < n; i++)
			counts[code[i] * RCT_MAX_ARMS + d[i].arm]++;
		for (c = 0; c < k; c++)
			sum += gap(p, &counts[c * RCT_MAX_ARMS]);
		levels += (size_t)k;
		free(counts);
	}
	*mean = levels ? sum / (double)levels : 0;
	return 0;
}

/* The largest gap within any stratum after any allocation, for blocks. */
static int
stratum_gap(const struct rct_protocol *p, const struct rct_alloc_unit *u,
    const struct rct_decision *d, size_t n, int32_t *code, double *worst)
{
	int64_t *counts;
	double g;
	size_t i;
	long k;

	if ((k = codes_of(u, n, -1, code)) < 0 ||
	    (counts = counts_new(k)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		int64_t *c = &counts[code[i] * RCT_MAX_ARMS];

		c[d[i].arm]++;
		if ((g = gap(p, c)) > *worst)
			*worst = g;
	}
	free(counts);
	return 0;
}

struct results {
	int64_t arms[RCT_MAX_ARMS];
	double worst_stratum_gap; /* blocks */
	double worst_total_gap; /* batch */
	double min_gap, simple_gap; /* minimization, summed */
	int64_t lottery_wrong; /* sites given other than capacity */
	long trials;
	/*
	 * Predictability, two observers (predict.h), [0] of counts only,
	 * [1] knowing the block sizes: sums over trials of each trial's
	 * share of correct guesses, and of its difference from the exact
	 * expectation for the trial's sequences, with their squares.
	 */
	double share[2], share2[2], diff[2], diff2[2];
};

/* Decisions of a batch or lottery, into d at index map[i] (or i). */
struct into {
	struct rct_decision *d;
	const size_t *map;
};

static int
store_decision(void *arg, size_t i, const struct rct_decision *d)
{
	struct into *x = arg;

	x->d[x->map ? x->map[i] : i] = *d;
	return 0;
}

static int
allocate(const struct rct_protocol *p, const unsigned char secret[32],
    struct rct_alloc_unit *u, size_t n, struct rct_decision *d)
{
	struct rct_allocator *a;
	size_t i, s, k;
	int rc;

	if ((rc = rct_alloc_new(&a, p, secret, &rct_alloc_fresh)) != 0)
		return rc;
	if (p->method == RCT_METHOD_BATCH) {
		struct into x = {d, NULL};

		rc = rct_alloc_batch(a, u, n, store_decision, &x);
	} else if (p->method == RCT_METHOD_LOTTERY) {
		/* One lottery per site, for half its applicants. */
		struct rct_alloc_unit *su = calloc(n, sizeof(*su));
		size_t *idx = calloc(n, sizeof(*idx));
		struct into x = {d, idx};

		for (s = 1; rc == 0 && su && idx && s <= SITES; s++) {
			char site[8];

			snprintf(site, sizeof(site), "S%zu", s);
			for (i = 0, k = 0; i < n; i++)
				if (strcmp(u[i].site, site) == 0) {
					idx[k] = i;
					su[k++] = u[i];
				}
			if (k == 0)
				continue;
			rc = rct_alloc_lottery(a, su, k, (int64_t)(k / 2),
			    store_decision, &x);
		}
		if (!su || !idx)
			rc = rct_error(RCT_ENOMEM, "out of memory");
		free(su);
		free(idx);
	} else
		for (i = 0; rc == 0 && i < n; i++)
			rc = rct_alloc_next(a, &u[i], &d[i]);
	rct_alloc_free(a);
	return rc;
}

/* Where a block began and its size, from the record of a blocks draw. */
static int
block_of(const struct rct_decision *d, int *size, int64_t *in_block)
{
	const char *q = strstr(d->detail, "\"block_size\":");

	if (q == NULL ||
	    sscanf(q, "\"block_size\":%d,\"in_block\":%" SCNd64, size,
		in_block) != 2)
		return rct_error(RCT_EINVAL, "no block in the record '%s'",
		    d->detail);
	return 0;
}

/*
 * The convergence guesses of one simulated trial: each unit's arm guessed
 * from the earlier arms of its sequence, in the order of the units, by
 * both observers (predict.h); for methods without blocks the second
 * observer knows nothing more than the first.
 */
static int
guesses(const struct rct_protocol *p, const struct rct_predict *pr,
    const struct rct_alloc_unit *u, const struct rct_decision *d, size_t n,
    int32_t *code, struct results *r)
{
	struct rct_intern in = {0};
	int64_t *counts = NULL, *block = NULL, *seen = NULL, in_block;
	double correct[2] = {0, 0}, exact[2] = {0, 0}, x;
	int *size = NULL, o, rc = 0;
	size_t i, k;

	for (i = 0; i < n; i++)
		if ((code[i] = rct_intern(&in, rct_alloc_sequence(p, &u[i]))) <
		    0) {
			rc = rct_error(RCT_ENOMEM, "out of memory");
			goto out;
		}
	k = in.n ? in.n : 1;
	counts = calloc(k * RCT_MAX_ARMS, sizeof(*counts));
	block = calloc(k * RCT_MAX_ARMS, sizeof(*block));
	seen = calloc(k, sizeof(*seen));
	size = calloc(k, sizeof(*size));
	if (!counts || !block || !seen || !size) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		int64_t *c = &counts[code[i] * RCT_MAX_ARMS];
		int64_t *b = &block[code[i] * RCT_MAX_ARMS];

		x = rct_predict_credit(p, c, seen[code[i]], d[i].arm);
		correct[0] += x;
		if (p->method == RCT_METHOD_BLOCKS) {
			if ((rc = block_of(&d[i], &size[code[i]], &in_block)) !=
			    0)
				goto out;
			if (in_block == 1)
				memset(b, 0, RCT_MAX_ARMS * sizeof(*b));
			x = rct_predict_credit(p, b, size[code[i]], d[i].arm);
			b[d[i].arm]++;
		}
		correct[1] += x;
		c[d[i].arm]++;
		seen[code[i]]++;
	}
	for (k = 0; pr->exact && k < in.n; k++) {
		exact[0] += pr->counts[seen[k]];
		exact[1] += pr->blocks[seen[k]];
	}
	for (o = 0; o < 2; o++) {
		x = correct[o] / (double)n;
		r->share[o] += x;
		r->share2[o] += x * x;
		x = (correct[o] - exact[o]) / (double)n;
		r->diff[o] += x;
		r->diff2[o] += x * x;
	}
out:
	rct_intern_release_all(&in);
	free(counts);
	free(block);
	free(seen);
	free(size);
	return rc;
}

static int
measure(const struct rct_protocol *p, const struct rct_predict *pr,
    const struct rct_alloc_unit *u, const struct rct_decision *d, size_t n,
    int32_t *code, struct results *r)
{
	int64_t total[RCT_MAX_ARMS] = {0};
	double g;
	size_t i, s, offered;
	int offer, rc = 0;

	for (i = 0; i < n; i++) {
		r->arms[d[i].arm]++;
		total[d[i].arm]++;
	}
	if (p->method == RCT_METHOD_BLOCKS)
		rc = stratum_gap(p, u, d, n, code, &r->worst_stratum_gap);
	if (p->method == RCT_METHOD_BATCH &&
	    (g = gap(p, total)) > r->worst_total_gap)
		r->worst_total_gap = g;
	if (p->method == RCT_METHOD_MINIMIZATION &&
	    (rc = level_gap(p, u, d, n, code, &g)) == 0)
		r->min_gap += g;
	if (rc == 0)
		rc = guesses(p, pr, u, d, n, code, r);
	if (rc == 0 && p->method == RCT_METHOD_LOTTERY) {
		offer = rct_alloc_arm_index(p, p->offer);
		for (s = 1; s <= SITES; s++) {
			char site[8];
			size_t k = 0;

			snprintf(site, sizeof(site), "S%zu", s);
			offered = 0;
			for (i = 0; i < n; i++)
				if (strcmp(u[i].site, site) == 0) {
					k++;
					offered += d[i].arm == offer;
				}
			r->lottery_wrong += offered != k / 2;
		}
	}
	return rc;
}

static int
add_row(struct rct_table *t, const char *property, const char *value,
    const char *expected, int ok)
{
	const char *cells[4] = {property, value, expected, ok ? "yes" : "NO"};

	return rct_table_add(t, cells);
}

/* Mean and standard error over trials of a sum x and its squares x2. */
static void
mean_se(double x, double x2, long trials, double *mean, double *se)
{
	double var;

	*mean = x / (double)trials;
	var = trials > 1 ? (x2 - x * *mean) / (double)(trials - 1) : 0;
	*se = var > 0 ? sqrt(var / (double)trials) : 0;
}

/*
 * The rows of predictability: each observer's share of correct guesses
 * over the simulated trials beside its exact expectation for the same
 * sequences, which it must match within 4 standard errors of their
 * difference (from 100 trials on: fewer give too rough an error); the
 * long-run figure of whole blocks; a coin.
 */
static int
report_guesses(const struct rct_protocol *p, const struct rct_predict *pr,
    const struct results *r, struct rct_table *t)
{
	static const char *const names[2] =
	    {"correct guesses without the block sizes (convergence strategy)",
		"correct guesses with the block sizes (convergence strategy)"};
	char value[128], expected[192];
	const char *same;
	double share, se, diff, dse, whole[2];
	int o, ok, rc = 0, blocks = p->method == RCT_METHOD_BLOCKS;

	whole[0] = pr->counts_whole;
	whole[1] = pr->blocks_whole;
	for (o = 0; rc == 0 && o < 2; o++) {
		mean_se(r->share[o], r->share2[o], r->trials, &share, &se);
		mean_se(r->diff[o], r->diff2[o], r->trials, &diff, &dse);
		snprintf(value, sizeof(value), "%.2f%% (se %.2g%%)",
		    100 * share, 100 * se);
		ok = !pr->exact || r->trials < 100 ||
		    fabs(diff) <= 4 * dse + 1e-12;
		/* Without blocks the second observer is the first. */
		same = blocks || o == 0 ? "" : "; no blocks: as without";
		if (pr->exact)
			snprintf(expected, sizeof(expected),
			    "%.2f%% exact for these sequences%s",
			    100 * (share - diff), same);
		else if (blocks || p->method == RCT_METHOD_SIMPLE)
			snprintf(expected, sizeof(expected),
			    "too many states for an exact value%s", same);
		else
			snprintf(expected, sizeof(expected),
			    "no exact value for %s%s",
			    rct_protocol_method_name(p->method), same);
		rc = add_row(t, names[o], value, expected, ok);
	}
	if (rc == 0 && blocks && pr->exact) {
		snprintf(value, sizeof(value), "%.2f%% / %.2f%%",
		    100 * whole[0], 100 * whole[1]);
		rc = add_row(t,
		    "correct guesses over whole blocks (without / with "
		    "the block sizes)",
		    value, "exact", 1);
	}
	if (rc == 0) {
		snprintf(value, sizeof(value), "%.2f%%", 100 * pr->coin);
		rc = add_row(t,
		    "correct guesses by a coin (the largest allocation "
		    "share)",
		    value, "", 1);
	}
	return rc;
}

static int
report(const struct rct_protocol *p, const struct rct_predict *pr,
    const struct results *r, struct rct_table *t)
{
	char value[128], expected[128];
	double chi = 0, e, total = 0, pval;
	int max_block = 0, rc = 0;
	size_t a;

	for (a = 0; a < p->narms; a++)
		total += (double)r->arms[a];
	if (p->method != RCT_METHOD_LOTTERY) {
		int sum = 0;

		for (a = 0; a < p->narms; a++)
			sum += p->arms[a].ratio;
		for (a = 0; a < p->narms; a++) {
			e = total * p->arms[a].ratio / sum;
			chi += (r->arms[a] - e) * (r->arms[a] - e) / e;
		}
		pval = gsl_cdf_chisq_Q(chi, (double)p->narms - 1);
		snprintf(value, sizeof(value), "chi2 %.3f, p %.4f", chi, pval);
		rc = add_row(t, "arm frequencies match the ratio", value,
		    "p > 0.001", pval > 0.001);
	}
	if (rc == 0 && p->method == RCT_METHOD_BLOCKS) {
		int sum = 0;

		for (a = 0; a < p->nblock_sizes; a++)
			max_block = p->block_sizes[a] > max_block ?
			    p->block_sizes[a] :
			    max_block;
		for (a = 0; a < p->narms; a++)
			sum += p->arms[a].ratio;
		snprintf(value, sizeof(value), "%g", r->worst_stratum_gap);
		snprintf(expected, sizeof(expected),
		    "<= %g (largest block "
		    "%d / ratio sum %d)",
		    (double)max_block / sum, max_block, sum);
		rc = add_row(t, "largest imbalance within a stratum", value,
		    expected, r->worst_stratum_gap <= (double)max_block / sum);
	}
	if (rc == 0 && p->method == RCT_METHOD_BATCH) {
		snprintf(value, sizeof(value), "%g", r->worst_total_gap);
		rc = add_row(t, "largest imbalance of the totals", value,
		    "<= 1 (within one of the ratio)", r->worst_total_gap <= 1);
	}
	if (rc == 0 && p->method == RCT_METHOD_MINIMIZATION) {
		snprintf(value, sizeof(value), "%.3f vs %.3f",
		    r->min_gap / r->trials, r->simple_gap / r->trials);
		rc = add_row(t,
		    "mean imbalance over factor levels, "
		    "minimization vs simple",
		    value, "minimization < half of simple",
		    r->min_gap < 0.5 * r->simple_gap);
	}
	if (rc == 0 && p->method == RCT_METHOD_LOTTERY) {
		snprintf(value, sizeof(value), "%lld",
		    (long long)r->lottery_wrong);
		rc = add_row(t, "site lotteries giving other than capacity",
		    value, "0", r->lottery_wrong == 0);
	}
	if (rc == 0)
		rc = report_guesses(p, pr, r, t);
	if (rc == 0) {
		snprintf(value, sizeof(value), "%ld trials, %.0f units",
		    r->trials, total);
		rc = add_row(t, "simulated", value, "", 1);
	}
	return rc;
}

int
rct_simulate(const struct rct_protocol *p, long trials, long participants,
    struct rct_table **out)
{
	static const char *const cols[] = {"property", "value", "expected",
	    "ok"};
	unsigned char secret[32], datakey[32];
	struct rct_stream st;
	struct rct_protocol simple = *p;
	struct results r;
	struct trial t;
	struct rct_alloc_unit *u = NULL;
	struct rct_decision *d = NULL;
	struct rct_predict *pr = NULL;
	int32_t *code = NULL; /* per unit: its stratum's or level's code */
	const char *parts[1] = {"simulate"};
	double g;
	size_t n;
	long k;
	int rc = 0;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	simple.method = RCT_METHOD_SIMPLE;
	randombytes_buf(datakey, sizeof(datakey));
	rct_stream_init(&st, datakey, parts, 1);
	u = calloc((size_t)participants, sizeof(*u));
	d = calloc((size_t)participants, sizeof(*d));
	code = calloc((size_t)participants, sizeof(*code));
	if (u == NULL || d == NULL || code == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = rct_predict_new(&pr, p, participants)) != 0)
		goto out;
	for (k = 0; rc == 0 && k < trials; k++) {
		randombytes_buf(secret, sizeof(secret));
		if ((rc = make_trial(p, (size_t)participants, &st, &t)) == 0) {
			n = units_of(p, &t, u);
			rc = allocate(p, secret, u, n, d);
			if (rc == 0)
				rc = measure(p, pr, u, d, n, code, &r);
			if (rc == 0 && p->method == RCT_METHOD_MINIMIZATION &&
			    (rc = allocate(&simple, secret, u, n, d)) == 0 &&
			    (rc = level_gap(p, u, d, n, code, &g)) == 0)
				r.simple_gap += g;
		}
		free_trial(&t);
		r.trials++;
	}
	if (rc == 0 && (*out = rct_table_new(4, cols)) == NULL)
		rc = rct_error(RCT_ENOMEM, "out of memory");
	if (rc == 0)
		rc = report(p, pr, &r, *out);
out:
	rct_predict_free(pr);
	sodium_memzero(secret, sizeof(secret));
	rct_stream_wipe(&st);
	free(u);
	free(d);
	free(code);
	return rc;
}
