/*
 * Predictability of a design (predict.h): the convergence guess and its
 * exact expectation.
 *
 * Blocks: within a block of size B, with K_i = B ratio_i / ratio sum
 * places of arm i, the counts after j units are multivariate
 * hypergeometric, and the next unit is arm i with chance (K_i - c_i) /
 * (B - j).  Walking every count vector c (0 <= c_i <= K_i) in order of
 * its index gives the chance of a correct guess at each place of the
 * block; a sequence of n units is then blocks drawn one after the other,
 * each size equally likely among the protocol's block_sizes (randomizer/
 * README.md), the last one cut off at n.  Earlier whole blocks are in
 * ratio, so the observer of counts only, who measures the counts of the
 * whole sequence against its length, guesses as if measuring the block's
 * counts against its j units: both observers are worked out from the
 * block alone.  For 1:1 blocks of size 2m this gives Blackwell and
 * Hodges' m + 2^(2m-1) / C(2m,m) - 1/2 correct guesses per block
 * (tests/ref/predictability_reference.py checks both).
 *
 * Simple: the arms are independent draws; with equal ratios any guess is
 * right with chance 1 / arms, else the multinomial counts are walked one
 * unit at a time.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "predict.h"

static int
ratio_sum(const struct rct_protocol *p)
{
	size_t i;
	int sum = 0;

	for (i = 0; i < p->narms; i++)
		sum += p->arms[i].ratio;
	return sum;
}

/*
 * The arms of the convergence guess: those of greatest shortfall
 * ratio_i scale - ratio sum counts_i (the target times the ratio sum, so
 * that ties are exact), marked in in[]; returns how many.
 */
static int
guess_set(const struct rct_protocol *p, int sum, const int64_t *counts,
    int64_t scale, int *in)
{
	int64_t d[RCT_MAX_ARMS], best = INT64_MIN;
	size_t i;
	int k = 0;

	for (i = 0; i < p->narms; i++) {
		d[i] = p->arms[i].ratio * scale - (int64_t)sum * counts[i];
		if (d[i] > best)
			best = d[i];
	}
	for (i = 0; i < p->narms; i++)
		k += (in[i] = d[i] == best);
	return k;
}

double
rct_predict_credit(const struct rct_protocol *p, const int64_t *counts,
    int64_t scale, int arm)
{
	int in[RCT_MAX_ARMS], k = guess_set(p, ratio_sum(p), counts, scale, in);

	return in[arm] ? 1.0 / k : 0.0;
}

/*
 * The chance of a correct guess at each place j (0 to B - 1) of a block
 * of size B, into a[] (counts only) and b[] (block sizes known).  Returns
 * 1 when the block has too many states to walk, else 0 (or an error).
 */
static int
walk_block(const struct rct_protocol *p, int B, double *a, double *b)
{
	int64_t K[RCT_MAX_ARMS], stride[RCT_MAX_ARMS], c[RCT_MAX_ARMS], S = 1;
	int in_a[RCT_MAX_ARMS], in_b[RCT_MAX_ARMS], sum = ratio_sum(p);
	int64_t idx, j;
	double *prob, q, next;
	size_t i;
	int ka, kb;

	for (i = 0; i < p->narms; i++) {
		K[i] = (int64_t)B * p->arms[i].ratio / sum;
		stride[i] = S;
		if ((S *= K[i] + 1) > RCT_PREDICT_MAX_STATES)
			return 1;
	}
	if ((prob = calloc((size_t)S, sizeof(*prob))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	memset(a, 0, (size_t)B * sizeof(*a));
	memset(b, 0, (size_t)B * sizeof(*b));
	prob[0] = 1;
	/* A state's successors have larger indices: index order is safe. */
	for (idx = 0; idx < S; idx++) {
		if ((q = prob[idx]) == 0)
			continue;
		for (i = 0, j = 0; i < p->narms; i++)
			j += c[i] = idx / stride[i] % (K[i] + 1);
		if (j == B)
			continue;
		ka = guess_set(p, sum, c, j, in_a);
		kb = guess_set(p, sum, c, B, in_b);
		for (i = 0; i < p->narms; i++) {
			if (c[i] == K[i])
				continue;
			next = q * (double)(K[i] - c[i]) / (double)(B - j);
			a[j] += in_a[i] ? next / ka : 0;
			b[j] += in_b[i] ? next / kb : 0;
			prob[idx + stride[i]] += next;
		}
	}
	free(prob);
	return 0;
}

static int
exact_blocks(struct rct_predict *pr, const struct rct_protocol *p)
{
	size_t e, K = p->nblock_sizes;
	int64_t n, B, sizes = 0;
	double **a = calloc(K, sizeof(*a)), **b = calloc(K, sizeof(*b));
	double full_a = 0, full_b = 0, sa, sb;
	int rc = 0, big = 0;

	if (a == NULL || b == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	/* a[e][j], b[e][j]: correct guesses among the first j of block e. */
	for (e = 0; rc == 0 && !big && e < K; e++) {
		B = p->block_sizes[e];
		a[e] = calloc((size_t)B + 1, sizeof(double));
		b[e] = calloc((size_t)B + 1, sizeof(double));
		if (a[e] == NULL || b[e] == NULL) {
			rc = rct_error(RCT_ENOMEM, "out of memory");
			break;
		}
		if ((rc = walk_block(p, (int)B, a[e] + 1, b[e] + 1)) == 1) {
			big = 1;
			rc = 0;
			break;
		}
		for (n = 1; n <= B; n++) {
			a[e][n] += a[e][n - 1];
			b[e][n] += b[e][n - 1];
		}
		full_a += a[e][B];
		full_b += b[e][B];
		sizes += B;
	}
	if (rc != 0 || big)
		goto out;
	pr->counts_whole = full_a / (double)sizes;
	pr->blocks_whole = full_b / (double)sizes;
	pr->counts[0] = pr->blocks[0] = 0;
	for (n = 1; n <= pr->max_n; n++) {
		sa = sb = 0;
		for (e = 0; e < K; e++) {
			B = p->block_sizes[e];
			sa += B <= n ? a[e][B] + pr->counts[n - B] : a[e][n];
			sb += B <= n ? b[e][B] + pr->blocks[n - B] : b[e][n];
		}
		pr->counts[n] = sa / (double)K;
		pr->blocks[n] = sb / (double)K;
	}
	pr->exact = 1;
out:
	for (e = 0; a && b && e < K; e++) {
		free(a[e]);
		free(b[e]);
	}
	free(a);
	free(b);
	return rc;
}

/*
 * Simple randomization with unequal ratios: the counts of the first
 * narms - 1 arms index a layer of states with j units (the last arm's
 * count is j minus theirs), walked from j to j + 1.
 */
static int
exact_simple(struct rct_predict *pr, const struct rct_protocol *p)
{
	int64_t R = pr->max_n + 1, L = 1, stride[RCT_MAX_ARMS], c[RCT_MAX_ARMS];
	int in[RCT_MAX_ARMS], sum = ratio_sum(p), k;
	int64_t idx, j, rest;
	double *cur, *nxt, *swap, q, share, step;
	size_t i, last = p->narms - 1;

	for (i = 0; i < last; i++) {
		stride[i] = L;
		if ((L *= R) > RCT_PREDICT_MAX_STATES ||
		    L * pr->max_n > 50 * (int64_t)RCT_PREDICT_MAX_STATES)
			return 0;
	}
	stride[last] = 0; /* the last arm's count is not in the index */
	cur = calloc((size_t)L, sizeof(*cur));
	nxt = calloc((size_t)L, sizeof(*nxt));
	if (cur == NULL || nxt == NULL) {
		free(cur);
		free(nxt);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	cur[0] = 1;
	pr->counts[0] = 0;
	for (j = 0; j < pr->max_n; j++) {
		step = 0;
		memset(nxt, 0, (size_t)L * sizeof(*nxt));
		for (idx = 0; idx < L; idx++) {
			if ((q = cur[idx]) == 0)
				continue;
			for (i = 0, rest = j; i < last; i++)
				rest -= c[i] = idx / stride[i] % R;
			c[last] = rest;
			k = guess_set(p, sum, c, j, in);
			for (i = 0; i < p->narms; i++) {
				share = (double)p->arms[i].ratio / sum;
				step += in[i] ? q * share / k : 0;
				nxt[idx + stride[i]] += q * share;
			}
		}
		pr->counts[j + 1] = pr->counts[j] + step;
		swap = cur;
		cur = nxt;
		nxt = swap;
	}
	free(cur);
	free(nxt);
	memcpy(pr->blocks, pr->counts, (size_t)R * sizeof(double));
	pr->exact = 1;
	return 0;
}

int
rct_predict_new(struct rct_predict **out, const struct rct_protocol *p,
    int64_t max_n)
{
	struct rct_predict *pr;
	int sum = ratio_sum(p), equal = 1, rc = 0;
	int64_t n;
	size_t i;

	*out = NULL;
	if (p->narms > RCT_MAX_ARMS || max_n < 0)
		return rct_error(RCT_EINVAL, "at most %d arms", RCT_MAX_ARMS);
	if ((pr = calloc(1, sizeof(*pr))) == NULL ||
	    (pr->counts = calloc((size_t)max_n + 1, sizeof(double))) == NULL ||
	    (pr->blocks = calloc((size_t)max_n + 1, sizeof(double))) == NULL) {
		rct_predict_free(pr);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	pr->max_n = max_n;
	pr->counts_whole = pr->blocks_whole = NAN;
	for (i = 0; i < p->narms; i++) {
		if (p->arms[i].ratio * 1.0 / sum > pr->coin)
			pr->coin = p->arms[i].ratio * 1.0 / sum;
		equal &= p->arms[i].ratio == p->arms[0].ratio;
	}
	if (p->method == RCT_METHOD_BLOCKS)
		rc = exact_blocks(pr, p);
	else if (p->method == RCT_METHOD_SIMPLE && equal) {
		for (n = 0; n <= max_n; n++)
			pr->counts[n] = pr->blocks[n] = (double)n / p->narms;
		pr->exact = 1;
	} else if (p->method == RCT_METHOD_SIMPLE)
		rc = exact_simple(pr, p);
	if (rc != 0) {
		rct_predict_free(pr);
		return rc;
	}
	*out = pr;
	return 0;
}

void
rct_predict_free(struct rct_predict *pr)
{
	if (pr == NULL)
		return;
	free(pr->counts);
	free(pr->blocks);
	free(pr);
}
