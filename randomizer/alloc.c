/*
 * The allocation methods (alloc.h).  Every random choice is drawn from the
 * keyed stream of lib/stream.c under a context that names it, so the same
 * secret, protocol and order of units always give the same arms, and
 * retrying an allocation draws exactly what the first attempt drew.
 *
 * Counts and block positions of strata are kept in a small hash map,
 * filled from the source on first use and updated as units are allocated.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "redraw.h"
#include "text.h"

/* Quiet allocators compute the first keystream blocks this many ahead. */
#define AHEAD 16
/* and keep strata by address in a table of this size (a power of 2). */
#define SEEN 256

struct stratum {
	char *key;
	int64_t count; /* units allocated */
	/* blocks: the block holding position count + 1 (block -1 before
	 * the first) */
	struct rct_alloc_block walk;
	/*
	 * Quiet only: the nonces of blocks 0 to nnonces - 1 (they do not
	 * depend on the secret, so they outlive a reset), and the first
	 * keystream block of blocks ahead_first to ahead_first + nahead - 1.
	 */
	unsigned char (*nonce)[RCT_STREAM_NONCE_BYTES];
	int64_t nnonces, noncecap;
	unsigned char ahead[AHEAD][RCT_STREAM_BLOCK_BYTES];
	int64_t ahead_first;
	int nahead;
};

struct level {
	char *key; /* factor index, 0x1f, level */
	int64_t counts[RCT_MAX_ARMS];
};

struct map {
	void **slots;
	size_t cap, n;
};

struct rct_allocator {
	const struct rct_protocol *p;
	unsigned char secret[32];
	struct rct_alloc_source src;
	int narms;
	int ratio_sum;
	int64_t batches; /* batches and lotteries so far; -1 unknown */
	struct map strata, levels;
	int64_t lcm; /* of the ratios, for minimization */
	int64_t weights[RCT_MAX_FACTORS]; /* in thousandths */
	int quiet; /* no record of the draws (re-draws for inference) */
	/*
	 * Quiet only, where the units' strings live as long as the
	 * allocator: strata by the key's address (open addressing, at most
	 * half full; the rest are found by value).
	 */
	const char *seen_key[SEEN];
	struct stratum *seen[SEEN];
	size_t nseen;
	/* The ratio's arms repeated to the largest block, in fill_ratio's
	 * order: a block's arms before its shuffle are the first ones. */
	int pattern[1000];
	/* For each block size, how many of the pattern fill_ratio writes. */
	int *fill;
	/* Quiet only: the stream of the block last drawn, wiped with the
	 * allocator (reset or free) rather than after each block. */
	struct rct_stream block_stream;
};

static int fill_ratio(const struct rct_allocator *a, int *arms, int k);

/* The entry under key (the first member of each entry is its key). */
static void *
map_find(struct map *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = rct_text_hash_string(key) & (m->cap - 1); m->slots[i];
	     i = (i + 1) & (m->cap - 1))
		if (strcmp(*(char **)m->slots[i], key) == 0)
			return m->slots[i];
	return NULL;
}

static int
map_put(struct map *m, void *entry)
{
	void **old = m->slots;
	size_t oldcap = m->cap, i, j;

	if (2 * (m->n + 1) > m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		if ((m->slots = calloc(m->cap, sizeof(void *))) == NULL) {
			m->slots = old;
			m->cap = oldcap;
			return -1;
		}
		m->n = 0;
		for (j = 0; j < oldcap; j++)
			if (old[j])
				map_put(m, old[j]);
		free(old);
	}
	for (i = rct_text_hash_string(*(char **)entry) & (m->cap - 1);
	     m->slots[i]; i = (i + 1) & (m->cap - 1))
		;
	m->slots[i] = entry;
	m->n++;
	return 0;
}

static void
map_free(struct map *m, void (*release)(void *entry))
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		if (m->slots[i]) {
			if (release)
				release(m->slots[i]);
			free(*(char **)m->slots[i]);
			free(m->slots[i]);
		}
	free(m->slots);
}

static void
stratum_release(void *entry)
{
	struct stratum *s = entry;

	free(s->nonce);
	sodium_memzero(s->ahead, sizeof(s->ahead));
}

const char *
rct_alloc_sequence(const struct rct_protocol *p, const struct rct_alloc_unit *u)
{
	switch (p->method) {
	case RCT_METHOD_SIMPLE:
	case RCT_METHOD_MINIMIZATION:
		return "";
	case RCT_METHOD_LOTTERY:
		return u->site;
	default:
		return u->stratum;
	}
}

void
rct_alloc_probabilities(struct rct_buf *b, const struct rct_protocol *p,
    const double *prob)
{
	char num[32];
	size_t i;

	rct_buf_addc(b, '{');
	for (i = 0; i < p->narms; i++) {
		if (i)
			rct_buf_addc(b, ',');
		rct_buf_add_json_string(b, p->arms[i].name);
		rct_text_format_double(num, prob[i]);
		rct_buf_addf(b, ":%s", num);
	}
	rct_buf_addc(b, '}');
}

static int
fresh_count(void *arg, const char *sequence, int64_t *n)
{
	(void)arg;
	(void)sequence;
	*n = 0;
	return 0;
}

static int
fresh_levels(void *arg, size_t f, const char *level, int64_t *counts)
{
	(void)arg;
	(void)f;
	(void)level;
	memset(counts, 0, RCT_MAX_ARMS * sizeof(*counts));
	return 0;
}

static int
fresh_batches(void *arg, int64_t *n)
{
	(void)arg;
	*n = 0;
	return 0;
}

const struct rct_alloc_source rct_alloc_fresh = {NULL, fresh_count,
    fresh_levels, fresh_batches, NULL, NULL};

int
rct_alloc_arm_index(const struct rct_protocol *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->narms; i++)
		if (strcmp(p->arms[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int64_t
gcd(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

int
rct_alloc_new(struct rct_allocator **out, const struct rct_protocol *p,
    const unsigned char secret[32], const struct rct_alloc_source *src)
{
	struct rct_allocator *a;
	size_t i;

	*out = NULL;
	if (p->narms > RCT_MAX_ARMS || p->nfactors > RCT_MAX_FACTORS)
		return rct_error(RCT_EINVAL,
		    "at most %d arms and %d "
		    "minimization factors",
		    RCT_MAX_ARMS, RCT_MAX_FACTORS);
	if (p->concealed && p->concealed_keys == 0)
		return rct_error(RCT_EINVAL,
		    "the protocol's concealed part is sealed: allocation "
		    "needs it opened with the randomization secret");
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	a->p = p;
	memcpy(a->secret, secret, 32);
	a->src = *src;
	a->narms = (int)p->narms;
	a->batches = -1;
	a->lcm = 1;
	for (i = 0; i < p->narms; i++) {
		a->ratio_sum += p->arms[i].ratio;
		a->lcm =
		    a->lcm / gcd(a->lcm, p->arms[i].ratio) * p->arms[i].ratio;
		if (a->lcm > 1000000000) {
			rct_alloc_free(a);
			return rct_error(RCT_EINVAL,
			    "the arm ratios are too "
			    "irregular for minimization");
		}
	}
	if ((a->fill = calloc(p->nblock_sizes + 1, sizeof(int))) == NULL) {
		rct_alloc_free(a);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	if (a->ratio_sum > 0) {
		fill_ratio(a, a->pattern, 1000 / a->ratio_sum);
		for (i = 0; i < p->nblock_sizes; i++)
			a->fill[i] =
			    p->block_sizes[i] / a->ratio_sum * a->ratio_sum;
	}
	for (i = 0; i < p->nfactors; i++)
		a->weights[i] = i < p->nweights ?
		    (int64_t)(p->weights[i] * 1000 + 0.5) :
		    1000;
	*out = a;
	return 0;
}

void
rct_alloc_quiet(struct rct_allocator *a)
{
	a->quiet = 1;
}

/*
 * The strata and levels met so far stay, with their counts read again
 * from the source as a new allocator would read them: what they keep
 * that does not depend on the secret (the nonces) is what a reset saves.
 */
int
rct_redraw_allocator_reset(struct rct_allocator *a,
    const unsigned char secret[32])
{
	size_t i;

	memcpy(a->secret, secret, 32);
	rct_stream_wipe(&a->block_stream);
	a->batches = -1;
	for (i = 0; i < a->strata.cap; i++) {
		struct stratum *s = a->strata.slots[i];

		if (s == NULL)
			continue;
		s->walk.block = -1;
		s->walk.block_start = 0;
		s->walk.block_size = 0;
		s->nahead = 0;
		sodium_memzero(s->ahead, sizeof(s->ahead));
		if (a->src.stratum_count(a->src.arg, s->key, &s->count) != 0)
			return RCT_ESTORE;
	}
	for (i = 0; i < a->levels.cap; i++) {
		struct level *l = a->levels.slots[i];
		const char *value;

		if (l == NULL)
			continue;
		value = strchr(l->key, 0x1f) + 1;
		if (a->src.level_counts(a->src.arg,
			(size_t)strtoul(l->key, NULL, 10), value,
			l->counts) != 0)
			return RCT_ESTORE;
	}
	return 0;
}

void
rct_alloc_free(struct rct_allocator *a)
{
	if (a == NULL)
		return;
	map_free(&a->strata, stratum_release);
	map_free(&a->levels, NULL);
	rct_stream_wipe(&a->block_stream);
	free(a->fill);
	sodium_memzero(a->secret, sizeof(a->secret));
	free(a);
}

static struct stratum *
stratum_of(struct rct_allocator *a, const char *key)
{
	struct stratum *s;
	size_t c =
	    (size_t)(((uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15ULL) >> 56);

	if (a->quiet)
		for (; a->seen_key[c] != NULL; c = (c + 1) & (SEEN - 1))
			if (a->seen_key[c] == key)
				return a->seen[c];
	if ((s = map_find(&a->strata, key)) != NULL) {
		if (a->quiet && a->nseen < SEEN / 2) {
			a->seen_key[c] = key;
			a->seen[c] = s;
			a->nseen++;
		}
		return s;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->key = strdup(key)) == NULL) {
		free(s);
		rct_error(RCT_ENOMEM, "out of memory");
		return NULL;
	}
	s->walk.block = -1;
	if (a->src.stratum_count(a->src.arg, key, &s->count) != 0 ||
	    map_put(&a->strata, s) != 0) {
		free(s->key);
		free(s);
		return NULL;
	}
	/* What the memo holds is used only when it is a block. */
	if (!a->quiet && a->src.block_get &&
	    (a->src.block_get(a->src.arg, key, &s->walk) != 1 ||
		s->walk.block < 0 || s->walk.block_size < 1 ||
		s->walk.block_size > RCT_ALLOC_BLOCK_MAX))
		s->walk.block = -1;
	return s;
}

/* The stream for a draw named by parts. */
static void
stream_for(struct rct_allocator *a, struct rct_stream *st,
    const char *const *parts, size_t n)
{
	rct_stream_init(st, a->secret, parts, n);
}

static void
ratio_probs(const struct rct_allocator *a, double prob[RCT_MAX_ARMS])
{
	int i;

	for (i = 0; i < a->narms; i++)
		prob[i] = (double)a->p->arms[i].ratio / a->ratio_sum;
}

/* One ratio block of arms: each arm ratio times, times k. */
static int
fill_ratio(const struct rct_allocator *a, int *arms, int k)
{
	int i, r, n = 0, j;

	for (j = 0; j < k; j++)
		for (i = 0; i < a->narms; i++)
			for (r = 0; r < a->p->arms[i].ratio; r++)
				arms[n++] = i;
	return n;
}

/*
 * The stream of block s->walk.block of stratum s.  A quiet allocator, which
 * re-draws the same blocks under many secrets, keeps their nonces and
 * computes the streams' first blocks AHEAD at a time: the same stream.
 */
static int
block_stream(struct rct_allocator *a, struct stratum *s, struct rct_stream *st)
{
	char num[24];
	const char *parts[4] = {"blocks", s->key, "block", num};
	int64_t b = s->walk.block, k, cap;
	void *grown;

	if (!a->quiet) {
		rct_buf_format_int(num, b);
		stream_for(a, st, parts, 4);
		return 0;
	}
	if (b < s->ahead_first || b >= s->ahead_first + s->nahead) {
		if (b + AHEAD > s->noncecap) {
			cap = s->noncecap ? 2 * s->noncecap : 64;
			if (cap < b + AHEAD)
				cap = b + AHEAD;
			if ((grown = realloc(s->nonce,
				 (size_t)cap * sizeof(*s->nonce))) == NULL)
				return rct_error(RCT_ENOMEM, "out of memory");
			s->nonce = grown;
			s->noncecap = cap;
		}
		for (k = s->nnonces; k < b + AHEAD; k++) {
			rct_buf_format_int(num, k);
			rct_stream_nonce(s->nonce[k], parts, 4);
		}
		if (s->nnonces < b + AHEAD)
			s->nnonces = b + AHEAD;
		rct_stream_first_blocks(s->ahead[0], a->secret, s->nonce[b],
		    AHEAD);
		s->ahead_first = b;
		s->nahead = AHEAD;
	}
	rct_stream_init_nonce(st, a->secret, s->nonce[b],
	    s->ahead[b - s->ahead_first]);
	return 0;
}

/* Make s's current block the one holding position pos. */
static int
seek_block(struct rct_allocator *a, struct stratum *s, int64_t pos)
{
	struct rct_stream own, *st = &a->block_stream;
	uint32_t k;
	int rc;

	if (!a->quiet)
		st = &own;

	if (s->walk.block < 0 || pos < s->walk.block_start) {
		s->walk.block = -1;
		s->walk.block_start = 1;
		s->walk.block_size = 0;
	}
	while (s->walk.block < 0 ||
	    pos >= s->walk.block_start + s->walk.block_size) {
		s->walk.block_start += s->walk.block_size;
		s->walk.block++;
		if ((rc = block_stream(a, s, st)) != 0)
			return rc;
		k = rct_stream_below(st, (uint32_t)a->p->nblock_sizes);
		s->walk.block_size = a->p->block_sizes[k];
		/*
		 * What fill_ratio(a, s->walk.arms, block_size / ratio_sum)
		 * does; a small block is copied as 8 (nothing past its end is
		 * read), which the compiler does in one move, not a call.
		 */
		if (a->fill[k] == s->walk.block_size && s->walk.block_size <= 8)
			memcpy(s->walk.arms, a->pattern, 8 * sizeof(int));
		else
			memcpy(s->walk.arms, a->pattern,
			    (size_t)a->fill[k] * sizeof(int));
		rct_stream_shuffle(st, s->walk.arms,
		    (size_t)s->walk.block_size);
		if (st == &own)
			rct_stream_wipe(st);
	}
	return 0;
}

static int
alloc_blocks(struct rct_allocator *a, const struct rct_alloc_unit *u,
    struct rct_decision *d)
{
	struct stratum *s;
	int64_t pos;
	int rc;

	if ((s = stratum_of(a, u->stratum)) == NULL)
		return RCT_ENOMEM;
	pos = ++s->count;
	if ((rc = seek_block(a, s, pos)) != 0)
		return rc;
	d->arm = s->walk.arms[pos - s->walk.block_start];
	d->position = pos;
	if (a->quiet)
		return 0;
	if (a->src.block_put)
		a->src.block_put(a->src.arg, s->key, &s->walk);
	ratio_probs(a, d->prob);
	snprintf(d->detail, sizeof(d->detail),
	    "{\"block\":%" PRId64 ",\"block_size\":%d,\"in_block\":%" PRId64
	    "}",
	    s->walk.block + 1, s->walk.block_size,
	    pos - s->walk.block_start + 1);
	return 0;
}

static int
alloc_simple(struct rct_allocator *a, struct rct_decision *d)
{
	struct rct_stream st;
	struct stratum *s;
	char num[24];
	const char *parts[2] = {"simple", num};
	uint32_t draw;
	int i, left;

	if ((s = stratum_of(a, "")) == NULL)
		return RCT_ENOMEM;
	d->position = ++s->count;
	snprintf(num, sizeof(num), "%" PRId64, d->position);
	stream_for(a, &st, parts, 2);
	draw = rct_stream_below(&st, (uint32_t)a->ratio_sum);
	rct_stream_wipe(&st);
	for (i = 0, left = (int)draw; left >= a->p->arms[i].ratio; i++)
		left -= a->p->arms[i].ratio;
	d->arm = i;
	ratio_probs(a, d->prob);
	snprintf(d->detail, sizeof(d->detail), "{\"draw\":%u,\"of\":%d}", draw,
	    a->ratio_sum);
	return 0;
}

static struct level *
level_of(struct rct_allocator *a, size_t f, const char *value)
{
	struct level *l;
	char *key;
	size_t len = strlen(value) + 8;

	if ((key = malloc(len)) == NULL)
		return NULL;
	snprintf(key, len, "%zu\x1f%s", f, value);
	if ((l = map_find(&a->levels, key)) != NULL) {
		free(key);
		return l;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL) {
		free(key);
		return NULL;
	}
	l->key = key;
	if (a->src.level_counts(a->src.arg, f, value, l->counts) != 0 ||
	    map_put(&a->levels, l) != 0) {
		free(key);
		free(l);
		return NULL;
	}
	return l;
}

/*
 * Pocock and Simon (1975): for each arm, the imbalance that giving it would
 * leave, summed over factors with their weights; imbalance is the range of
 * the counts across arms at the participant's level, each count scaled by
 * lcm / ratio so that unequal ratios are balanced in proportion.  All in
 * integers, so ties are exact on every machine.
 */
static void
scores(struct rct_allocator *a, struct level **lv, int64_t score[])
{
	int64_t scaled, lo, hi;
	size_t f;
	int arm, i;

	for (arm = 0; arm < a->narms; arm++) {
		score[arm] = 0;
		for (f = 0; f < a->p->nfactors; f++) {
			lo = INT64_MAX;
			hi = INT64_MIN;
			for (i = 0; i < a->narms; i++) {
				scaled = (lv[f]->counts[i] + (i == arm)) *
				    (a->lcm / a->p->arms[i].ratio);
				if (scaled < lo)
					lo = scaled;
				if (scaled > hi)
					hi = scaled;
			}
			score[arm] += a->weights[f] * (hi - lo);
		}
	}
}

/*
 * Share total millionths among the arms in mask (count of them k), the
 * remainder going to the first ones, so the shares add up exactly.
 */
static void
share(int64_t *out, const int *mask, int narms, int64_t total, int k)
{
	int64_t each = total / k, rest = total % k;
	int i;

	for (i = 0; i < narms; i++)
		if (mask[i]) {
			out[i] = each + (rest > 0);
			if (rest > 0)
				rest--;
		}
}

static int
alloc_minimization(struct rct_allocator *a, const struct rct_alloc_unit *u,
    struct rct_decision *d)
{
	struct level *lv[RCT_MAX_FACTORS];
	struct stratum *s;
	struct rct_stream st;
	struct rct_buf b = RCT_BUF_INIT;
	int64_t score[RCT_MAX_ARMS], best = INT64_MAX, millionths[RCT_MAX_ARMS];
	int64_t p = (int64_t)(a->p->probability * RCT_PROB_SCALE + 0.5);
	int min[RCT_MAX_ARMS], rest[RCT_MAX_ARMS], nmin = 0, i, left;
	char num[24];
	const char *parts[2] = {"minimization", num};
	uint32_t draw;
	size_t f;

	for (f = 0; f < a->p->nfactors; f++)
		if ((lv[f] = level_of(a, f, u->levels[f])) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
	if ((s = stratum_of(a, "")) == NULL)
		return RCT_ENOMEM;
	scores(a, lv, score);
	for (i = 0; i < a->narms; i++)
		if (score[i] < best)
			best = score[i];
	for (i = 0; i < a->narms; i++) {
		min[i] = score[i] == best;
		rest[i] = !min[i];
		nmin += min[i];
	}
	if (nmin == a->narms) {
		/* A tie of all arms: the ratio decides. */
		int64_t given = 0;

		for (i = 0; i < a->narms; i++) {
			millionths[i] = (int64_t)RCT_PROB_SCALE *
			    a->p->arms[i].ratio / a->ratio_sum;
			given += millionths[i];
		}
		millionths[0] += RCT_PROB_SCALE - given;
	} else {
		share(millionths, min, a->narms, p, nmin);
		share(millionths, rest, a->narms, RCT_PROB_SCALE - p,
		    a->narms - nmin);
	}
	d->position = ++s->count;
	snprintf(num, sizeof(num), "%" PRId64, d->position);
	stream_for(a, &st, parts, 2);
	draw = rct_stream_below(&st, RCT_PROB_SCALE);
	rct_stream_wipe(&st);
	for (i = 0, left = (int)draw; i < a->narms - 1 && left >= millionths[i];
	     i++)
		left -= (int)millionths[i];
	d->arm = i;
	for (f = 0; f < a->p->nfactors; f++)
		lv[f]->counts[d->arm]++;
	for (i = 0; i < a->narms; i++)
		d->prob[i] = (double)millionths[i] / RCT_PROB_SCALE;
	if (a->quiet)
		return 0;
	rct_buf_adds(&b, "{\"scores\":[");
	for (i = 0; i < a->narms; i++)
		rct_buf_addf(&b, "%s%" PRId64, i ? "," : "", score[i]);
	rct_buf_addf(&b, "],\"draw\":%u,\"of\":%d}", draw, RCT_PROB_SCALE);
	snprintf(d->detail, sizeof(d->detail), "%s", rct_buf_str(&b));
	rct_buf_release(&b);
	return 0;
}

int
rct_alloc_next(struct rct_allocator *a, const struct rct_alloc_unit *u,
    struct rct_decision *d)
{
	size_t f;

	/* All but the detail's bytes, which only need to be a string. */
	if (!a->quiet)
		memset(d, 0, offsetof(struct rct_decision, detail));
	d->detail[0] = '\0';
	switch (a->p->method) {
	case RCT_METHOD_SIMPLE:
		return alloc_simple(a, d);
	case RCT_METHOD_BLOCKS:
		if (u->stratum == NULL)
			return rct_error(RCT_EINVAL,
			    "a stratification factor "
			    "is missing");
		return alloc_blocks(a, u, d);
	case RCT_METHOD_MINIMIZATION:
		for (f = 0; f < a->p->nfactors; f++)
			if (u->levels[f] == NULL || *u->levels[f] == '\0')
				return rct_error(RCT_EINVAL,
				    "minimization "
				    "factor '%s' is missing",
				    a->p->factors[f]);
		return alloc_minimization(a, u, d);
	default:
		return rct_error(RCT_EINVAL,
		    "method %s does not allocate one "
		    "by one",
		    rct_protocol_method_name(a->p->method));
	}
}

/*
 * For blocks on a quiet allocator, the loop of alloc_blocks without its
 * decision: building that was most of what a re-draw took per unit.
 */
int
rct_redraw_run(struct rct_allocator *a, const struct rct_alloc_unit *u,
    size_t n, int *arm)
{
	struct rct_decision d;
	struct stratum *s;
	int64_t pos;
	size_t i;
	int rc;

	if (a->p->method != RCT_METHOD_BLOCKS || !a->quiet) {
		for (i = 0; i < n; i++) {
			if ((rc = rct_alloc_next(a, &u[i], &d)) != 0)
				return rc;
			arm[i] = d.arm;
		}
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (u[i].stratum == NULL)
			return rct_error(RCT_EINVAL,
			    "a stratification factor is missing");
		if ((s = stratum_of(a, u[i].stratum)) == NULL)
			return RCT_ENOMEM;
		pos = ++s->count;
		if ((pos >= s->walk.block_start + s->walk.block_size ||
			s->walk.block < 0 || pos < s->walk.block_start) &&
		    (rc = seek_block(a, s, pos)) != 0)
			return rc;
		arm[i] = s->walk.arms[pos - s->walk.block_start];
	}
	return 0;
}

/*
 * For blocks on a quiet allocator, the units take the rest of the block
 * at once: what one by one would give them, position after position.
 * The sizes of the blocks are random, so a branch on them would mostly
 * be mispredicted: a short piece is copied as 8 (what lies past it is
 * overwritten by the next piece).
 */
int
rct_redraw_alike(struct rct_allocator *a, const struct rct_alloc_unit *u,
    size_t n, int *arm)
{
	struct rct_decision d;
	struct stratum *s;
	int64_t pos;
	size_t i, take, off;
	int rc;

	if (a->p->method != RCT_METHOD_BLOCKS || !a->quiet) {
		for (i = 0; i < n; i++) {
			if ((rc = rct_alloc_next(a, u, &d)) != 0)
				return rc;
			arm[i] = d.arm;
		}
		return 0;
	}
	if (n == 0)
		return 0;
	if (u->stratum == NULL)
		return rct_error(RCT_EINVAL,
		    "a stratification factor is missing");
	if ((s = stratum_of(a, u->stratum)) == NULL)
		return RCT_ENOMEM;
	for (i = 0; i < n; i += take) {
		pos = s->count + 1;
		if ((pos >= s->walk.block_start + s->walk.block_size ||
			s->walk.block < 0 || pos < s->walk.block_start) &&
		    (rc = seek_block(a, s, pos)) != 0)
			return rc;
		take = (size_t)(s->walk.block_start + s->walk.block_size - pos);
		if (take > n - i)
			take = n - i;
		off = (size_t)(pos - s->walk.block_start);
		if (take <= 8 && i + 8 <= n &&
		    off + 8 <= sizeof(s->walk.arms) / sizeof(s->walk.arms[0]))
			memcpy(arm + i, s->walk.arms + off, 8 * sizeof(int));
		else
			memcpy(arm + i, s->walk.arms + off, take * sizeof(int));
		s->count += (int64_t)take;
	}
	return 0;
}

static int
next_batch(struct rct_allocator *a, int64_t *k)
{
	if (a->batches < 0 && a->src.batches(a->src.arg, &a->batches) != 0)
		return RCT_ESTORE;
	*k = ++a->batches;
	return 0;
}

/* Units of the batch in one stratum: their indices, in the given order. */
struct group {
	const char *stratum;
	size_t *members;
	size_t n;
};

static int
group_by_stratum(const struct rct_alloc_unit *u, size_t n, struct group **out,
    size_t *ngroups)
{
	struct group *g = NULL, *grown;
	size_t i, k, count = 0;

	for (i = 0; i < n; i++) {
		for (k = 0; k < count; k++)
			if (strcmp(g[k].stratum, u[i].stratum) == 0)
				break;
		if (k == count) {
			if ((grown = realloc(g, (count + 1) * sizeof(*g))) ==
			    NULL)
				goto fail;
			g = grown;
			g[count].stratum = u[i].stratum;
			if ((g[count].members = calloc(n, sizeof(size_t))) ==
			    NULL)
				goto fail;
			g[count].n = 0;
			count++;
		}
		g[k].members[g[k].n++] = i;
	}
	*out = g;
	*ngroups = count;
	return 0;
fail:
	for (k = 0; k < count; k++)
		free(g[k].members);
	free(g);
	return rct_error(RCT_ENOMEM, "out of memory");
}

/*
 * Batch and lottery decide for all their units before the first is told:
 * the arms are kept in small arrays, and each decision is then built and
 * handed to emit in the order of the units, so that a million-unit batch
 * never holds a million decisions.
 */
int
rct_alloc_batch(struct rct_allocator *a, const struct rct_alloc_unit *u,
    size_t n, rct_decision_fn emit, void *arg)
{
	struct rct_stream st;
	struct rct_decision d;
	struct group *g = NULL;
	struct stratum *s;
	size_t ngroups = 0, i, k, nmisfits = 0, *misfits = NULL;
	int *slots = NULL, *pool = NULL, *arm = NULL, full;
	int64_t batch, *position = NULL;
	char num[24];
	const char *parts[3] = {"batch", num, NULL};
	int rc;

	for (i = 0; i < n; i++)
		if (u[i].stratum == NULL)
			return rct_error(RCT_EINVAL,
			    "a stratification factor "
			    "is missing");
	if ((rc = next_batch(a, &batch)) != 0 ||
	    (rc = group_by_stratum(u, n, &g, &ngroups)) != 0)
		return rc;
	snprintf(num, sizeof(num), "%" PRId64, batch);
	slots = calloc(n + (size_t)a->ratio_sum, sizeof(int));
	pool = calloc(n + (size_t)a->ratio_sum, sizeof(int));
	arm = calloc(n + 1, sizeof(int));
	position = calloc(n + 1, sizeof(int64_t));
	misfits = calloc(n + 1, sizeof(size_t));
	if (!slots || !pool || !arm || !position || !misfits) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (k = 0; k < ngroups; k++) {
		/* Whole ratio blocks, and -1 slots for the misfits. */
		full = (int)(g[k].n / (size_t)a->ratio_sum);
		fill_ratio(a, slots, full);
		for (i = (size_t)full * (size_t)a->ratio_sum; i < g[k].n; i++)
			slots[i] = -1;
		parts[2] = g[k].stratum;
		stream_for(a, &st, parts, 3);
		rct_stream_shuffle(&st, slots, g[k].n);
		rct_stream_wipe(&st);
		if ((s = stratum_of(a, g[k].stratum)) == NULL) {
			rc = RCT_ENOMEM;
			goto out;
		}
		for (i = 0; i < g[k].n; i++) {
			size_t m = g[k].members[i];

			arm[m] = slots[i];
			position[m] = ++s->count;
			if (slots[i] < 0)
				misfits[nmisfits++] = m;
		}
	}
	/* The misfits of all strata: whole blocks, then part of one block. */
	full = (int)(nmisfits / (size_t)a->ratio_sum);
	fill_ratio(a, pool, full + 1);
	parts[2] = "misfits";
	stream_for(a, &st, parts, 3);
	rct_stream_shuffle(&st, pool + (size_t)full * (size_t)a->ratio_sum,
	    (size_t)a->ratio_sum);
	rct_stream_shuffle(&st, pool, nmisfits);
	rct_stream_wipe(&st);
	for (i = 0; i < nmisfits; i++)
		arm[misfits[i]] = -2 - pool[i]; /* a misfit, and its arm */
	for (i = 0; rc == 0 && i < n; i++) {
		memset(&d, 0, sizeof(d));
		d.arm = arm[i] >= 0 ? arm[i] : -2 - arm[i];
		d.position = position[i];
		ratio_probs(a, d.prob);
		if (!a->quiet)
			snprintf(d.detail, sizeof(d.detail),
			    "{\"batch\":%" PRId64 ",\"misfit\":%s}", batch,
			    arm[i] >= 0 ? "false" : "true");
		rc = emit(arg, i, &d);
	}
out:
	for (k = 0; k < ngroups; k++)
		free(g[k].members);
	free(g);
	free(slots);
	free(pool);
	free(arm);
	free(position);
	free(misfits);
	return rc;
}

int
rct_alloc_lottery(struct rct_allocator *a, const struct rct_alloc_unit *u,
    size_t n, int64_t capacity, rct_decision_fn emit, void *arg)
{
	struct rct_stream st;
	struct rct_decision d;
	struct stratum *s;
	int *order, *rank, offer = rct_alloc_arm_index(a->p, a->p->offer),
			   other;
	double p_offer;
	int64_t lottery, base;
	char num[24];
	const char *parts[3] = {"lottery", num, NULL};
	size_t i;
	int rc;

	if (n == 0)
		return 0;
	other = offer == 0 ? 1 : 0;
	if ((rc = next_batch(a, &lottery)) != 0)
		return rc;
	order = calloc(n, sizeof(int));
	rank = calloc(n, sizeof(int));
	if (order == NULL || rank == NULL) {
		free(order);
		free(rank);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++)
		order[i] = (int)i;
	snprintf(num, sizeof(num), "%" PRId64, lottery);
	parts[2] = u[0].site;
	stream_for(a, &st, parts, 3);
	rct_stream_shuffle(&st, order, n);
	rct_stream_wipe(&st);
	/* rank[unit] is its place in the drawn order, from 0. */
	for (i = 0; i < n; i++)
		rank[order[i]] = (int)i;
	if ((s = stratum_of(a, u[0].site)) == NULL) {
		free(order);
		free(rank);
		return RCT_ENOMEM;
	}
	base = s->count;
	s->count += (int64_t)n;
	p_offer = capacity >= (int64_t)n ? 1.0 : (double)capacity / (double)n;
	for (i = 0; rc == 0 && i < n; i++) {
		int64_t drawn = rank[i];

		memset(&d, 0, sizeof(d));
		d.arm = drawn < capacity ? offer : other;
		d.waiting_rank = drawn < capacity ? 0 : drawn - capacity + 1;
		d.position = base + drawn + 1;
		d.prob[offer] = p_offer;
		d.prob[other] = 1.0 - p_offer;
		if (!a->quiet)
			snprintf(d.detail, sizeof(d.detail),
			    "{\"lottery\":%" PRId64 ",\"draw\":%" PRId64
			    ",\"of\":%zu,\"capacity\":%" PRId64 "}",
			    lottery, drawn + 1, n, capacity);
		rc = emit(arg, i, &d);
	}
	free(order);
	free(rank);
	return rc;
}
