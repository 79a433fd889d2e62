/*
 * Unit tests of lib/stream.c against tests/data/stream-vectors.txt, made
 * by tests/ref/stream_vectors.py: an independent ChaCha20 (from RFC 8439,
 * checked against the RFC's vector) and Python's BLAKE2b.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "stream.h"
#include "unit.h"

#ifndef VECTORS
#define VECTORS "tests/data/stream-vectors.txt"
#endif

static unsigned char key[32];

/* Split "a/b/c" into parts (in place). */
static size_t
split(char *s, const char **parts, size_t max)
{
	size_t n = 0;
	char *p;

	for (p = strtok(s, "/"); p && n < max; p = strtok(NULL, "/"))
		parts[n++] = p;
	return n;
}

static void
test_stream__matches_the_reference(void **state)
{
	struct rct_stream st;
	char line[2048], kind[32], ctx[256], *rest;
	const char *parts[8];
	unsigned long long want;
	int a[64], i, n, checked = 0, off;
	size_t np;
	FILE *fp = fopen(VECTORS, "r");

	(void)state;
	assert_non_null(fp);
	for (i = 0; i < 32; i++)
		key[i] = (unsigned char)i;
	while (fgets(line, sizeof(line), fp)) {
		if (line[0] == '#')
			continue;
		assert_int_equal(sscanf(line, "%31s %255s %n", kind, ctx, &off),
		    2);
		rest = line + off;
		np = split(ctx, parts, 8);
		rct_stream_init(&st, key, parts, np);
		if (strcmp(kind, "words") == 0) {
			for (i = 0; i < 8; i++) {
				want = strtoull(rest, &rest, 10);
				assert_int_equal(rct_stream_word(&st), want);
			}
		} else if (strcmp(kind, "below") == 0) {
			unsigned long long bound = strtoull(rest, &rest, 10);

			for (i = 0; i < 8; i++) {
				want = strtoull(rest, &rest, 10);
				assert_int_equal(rct_stream_below(&st,
						     (uint32_t)bound),
				    want);
			}
		} else if (strcmp(kind, "shuffle") == 0) {
			n = (int)strtol(rest, &rest, 10);
			for (i = 0; i < n; i++)
				a[i] = i;
			rct_stream_shuffle(&st, a, (size_t)n);
			for (i = 0; i < n; i++)
				assert_int_equal(a[i], strtol(rest, &rest, 10));
		} else if (strcmp(kind, "after1000") == 0) {
			for (i = 0; i < 1000; i++)
				rct_stream_word(&st);
			assert_int_equal(rct_stream_word(&st),
			    strtoull(rest, &rest, 10));
		} else
			fail_msg("unknown vector '%s'", kind);
		checked++;
		rct_stream_wipe(&st);
	}
	fclose(fp);
	assert_int_equal(checked, 8);
}

static void
test_stream__contexts_and_keys_differ(void **state)
{
	struct rct_stream a, b;
	const char *p1[2] = {"a", "bc"}, *p2[2] = {"ab", "c"};
	unsigned char other[32] = {1};

	(void)state;
	rct_stream_init(&a, key, p1, 2);
	rct_stream_init(&b, key, p2, 2);
	assert_int_not_equal(rct_stream_word(&a), rct_stream_word(&b));
	rct_stream_init(&a, key, p1, 2);
	rct_stream_init(&b, other, p1, 2);
	assert_int_not_equal(rct_stream_word(&a), rct_stream_word(&b));
}

static void
test_stream__below_is_uniform(void **state)
{
	struct rct_stream st;
	const char *p[1] = {"uniform"};
	long counts[7] = {0};
	double chi = 0, e;
	int i;

	(void)state;
	rct_stream_init(&st, key, p, 1);
	for (i = 0; i < 70000; i++)
		counts[rct_stream_below(&st, 7)]++;
	e = 10000;
	for (i = 0; i < 7; i++)
		chi += (counts[i] - e) * (counts[i] - e) / e;
	/* chi-square, 6 df: the 0.999 quantile is 22.46. */
	assert_true(chi < 22.46);
}

/*
 * The first blocks computed many at once are libsodium's ChaCha20, for
 * every count of streams around the number of lanes, and a stream started
 * from one reads on into block 1 and beyond as rct_stream_init's does.
 */
static void
test_stream__first_blocks_are_chacha20(void **state)
{
	static const size_t counts[] = {1, 2, 15, 16, 17, 31, 32, 33, 100};
	static const unsigned char zeros[RCT_STREAM_BLOCK_BYTES];
	unsigned char k[RCT_STREAM_KEY_BYTES], want[RCT_STREAM_BLOCK_BYTES];
	unsigned char nonce[100][RCT_STREAM_NONCE_BYTES];
	unsigned char got[100][RCT_STREAM_BLOCK_BYTES];
	const char *parts[2] = {"first", NULL};
	char num[16];
	struct rct_stream a, b;
	size_t c, i;
	int w;

	(void)state;
	for (c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		randombytes_buf(k, sizeof(k));
		randombytes_buf(nonce, sizeof(nonce));
		rct_stream_first_blocks(got[0], k, nonce[0], counts[c]);
		for (i = 0; i < counts[c]; i++) {
			crypto_stream_chacha20_ietf_xor_ic(want, zeros,
			    sizeof(want), nonce[i], 0, k);
			assert_memory_equal(got[i], want, sizeof(want));
		}
	}
	for (i = 0; i < 20; i++) {
		snprintf(num, sizeof(num), "%zu", i);
		parts[1] = num;
		rct_stream_nonce(nonce[i], parts, 2);
	}
	rct_stream_first_blocks(got[0], key, nonce[0], 20);
	for (i = 0; i < 20; i++) {
		snprintf(num, sizeof(num), "%zu", i);
		parts[1] = num;
		rct_stream_init(&a, key, parts, 2);
		rct_stream_init_nonce(&b, key, nonce[i], got[i]);
		for (w = 0; w < 200; w++)
			assert_int_equal(rct_stream_word(&a),
			    rct_stream_word(&b));
	}
	rct_stream_wipe(&a);
	rct_stream_wipe(&b);
}

/*
 * below() takes w mod n without a division for small n: the same draws as
 * the definition (rejection, then w % n), on both sides of that bound.
 */
static void
test_stream__below_is_the_definition(void **state)
{
	struct rct_stream a, b;
	const char *p[1] = {"definition"};
	uint32_t n, w;
	uint64_t limit;
	int i;

	(void)state;
	rct_stream_init(&a, key, p, 1);
	rct_stream_init(&b, key, p, 1);
	for (n = 1; n <= 100; n++) {
		limit = 4294967296ULL - 4294967296ULL % n;
		for (i = 0; i < 2000; i++) {
			do
				w = rct_stream_word(&a);
			while ((uint64_t)w >= limit);
			assert_int_equal(rct_stream_below(&b, n), w % n);
		}
	}
	for (i = 0; i < 1000; i++) {
		n = rct_stream_word(&a) | 1;
		limit = 4294967296ULL - 4294967296ULL % n;
		rct_stream_word(&b);
		do
			w = rct_stream_word(&a);
		while ((uint64_t)w >= limit);
		assert_int_equal(rct_stream_below(&b, n), w % n);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stream__matches_the_reference),
	    cmocka_unit_test(test_stream__contexts_and_keys_differ),
	    cmocka_unit_test(test_stream__below_is_uniform),
	    cmocka_unit_test(test_stream__first_blocks_are_chacha20),
	    cmocka_unit_test(test_stream__below_is_the_definition),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
