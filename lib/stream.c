/* The keyed random stream (stream.h). */
#include <string.h>

#include <sodium.h>

#include "stream.h"

static const char domain[] = "rct-stream-v1";

void
rct_stream_nonce(unsigned char nonce[RCT_STREAM_NONCE_BYTES],
    const char *const *parts, size_t nparts)
{
	crypto_generichash_state h;
	unsigned char digest[32], msg[256];
	size_t i, len = sizeof(domain) - 1, k;

	/* The context in one piece when it is short (the common case). */
	memcpy(msg, domain, len);
	for (i = 0; i < nparts && len < sizeof(msg); i++) {
		k = strlen(parts[i]);
		if (len + 1 + k > sizeof(msg)) {
			len = sizeof(msg);
			break;
		}
		msg[len++] = 0;
		memcpy(msg + len, parts[i], k);
		len += k;
	}
	if (len < sizeof(msg))
		crypto_generichash(digest, sizeof(digest), msg, len, NULL, 0);
	else {
		const unsigned char zero = 0;

		crypto_generichash_init(&h, NULL, 0, sizeof(digest));
		crypto_generichash_update(&h, (const unsigned char *)domain,
		    strlen(domain));
		for (i = 0; i < nparts; i++) {
			crypto_generichash_update(&h, &zero, 1);
			crypto_generichash_update(&h,
			    (const unsigned char *)parts[i], strlen(parts[i]));
		}
		crypto_generichash_final(&h, digest, sizeof(digest));
	}
	memcpy(nonce, digest, RCT_STREAM_NONCE_BYTES);
}

void
rct_stream_init_nonce(struct rct_stream *st,
    const unsigned char key[RCT_STREAM_KEY_BYTES],
    const unsigned char nonce[RCT_STREAM_NONCE_BYTES],
    const unsigned char *first)
{
	memcpy(st->key, key, RCT_STREAM_KEY_BYTES);
	memcpy(st->nonce, nonce, RCT_STREAM_NONCE_BYTES);
	st->block = 0;
	st->used = st->len = 0;
	st->first = first;
	if (first != NULL) {
		/* What refill() would have read first: block 0 alone. */
		st->block = 1;
		st->len = RCT_STREAM_BLOCK_BYTES;
	}
}

void
rct_stream_init(struct rct_stream *st,
    const unsigned char key[RCT_STREAM_KEY_BYTES], const char *const *parts,
    size_t nparts)
{
	unsigned char nonce[RCT_STREAM_NONCE_BYTES];

	rct_stream_nonce(nonce, parts, nparts);
	rct_stream_init_nonce(st, key, nonce, NULL);
}

static uint32_t
load32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
store32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

#if defined(__GNUC__)
/*
 * ChaCha20's block function (RFC 8439, 2.3) with block counter 0, on
 * LANES nonces at once: each uint32_t of the state is a vector holding
 * that word of LANES blocks (GCC's vector extension, also in clang).
 * On x86-64 the compiler makes an AVX-512 version besides the baseline
 * one and picks one when the program loads.
 */
#define LANES 16
typedef uint32_t lanes __attribute__((vector_size(4 * LANES)));

/*
 * Not under ThreadSanitizer: a clone's ifunc resolver runs while the
 * program is relocated, before the sanitizer's runtime is up, and crashes.
 */
#if defined(__x86_64__) && defined(__has_attribute) &&                         \
    !defined(__SANITIZE_THREAD__)
#if __has_attribute(target_clones)
#define CLONES __attribute__((target_clones("avx512f", "default")))
#endif
#endif
#ifndef CLONES
#define CLONES
#endif

#define ROTL(x, n) ((x) << (n) | (x) >> (32 - (n)))
#define QUARTER(a, b, c, d)                                                    \
	do {                                                                   \
		a += b;                                                        \
		d = ROTL(d ^ a, 16);                                           \
		c += d;                                                        \
		b = ROTL(b ^ c, 12);                                           \
		a += b;                                                        \
		d = ROTL(d ^ a, 8);                                            \
		c += d;                                                        \
		b = ROTL(b ^ c, 7);                                            \
	} while (0)

CLONES static void
first_blocks(unsigned char *out, const unsigned char key[RCT_STREAM_KEY_BYTES],
    const unsigned char *nonces, size_t n)
{
	/* "expand 32-byte k" */
	static const uint32_t sigma[4] = {0x61707865, 0x3320646e, 0x79622d32,
	    0x6b206574};
	uint32_t word[16][LANES];
	lanes s[16], o[16], x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11,
	    x12, x13, x14, x15;
	size_t b, i, l;
	int r;

	for (i = 0; i < 4; i++)
		s[i] = (lanes){0} + sigma[i];
	for (i = 0; i < 8; i++)
		s[4 + i] = (lanes){0} + load32(key + 4 * i);
	s[12] = (lanes){0}; /* the block counter */
	for (b = 0; b < n; b += LANES) {
		for (i = 0; i < 3; i++) {
			for (l = 0; l < LANES; l++)
				word[i][l] = b + l < n ?
				    load32(nonces +
					RCT_STREAM_NONCE_BYTES * (b + l) +
					4 * i) :
				    0;
			memcpy(&s[13 + i], word[i], sizeof(lanes));
		}
		x0 = s[0], x1 = s[1], x2 = s[2], x3 = s[3];
		x4 = s[4], x5 = s[5], x6 = s[6], x7 = s[7];
		x8 = s[8], x9 = s[9], x10 = s[10], x11 = s[11];
		x12 = s[12], x13 = s[13], x14 = s[14], x15 = s[15];
		for (r = 0; r < 10; r++) {
			/* A column round, then a diagonal round. */
			QUARTER(x0, x4, x8, x12);
			QUARTER(x1, x5, x9, x13);
			QUARTER(x2, x6, x10, x14);
			QUARTER(x3, x7, x11, x15);
			QUARTER(x0, x5, x10, x15);
			QUARTER(x1, x6, x11, x12);
			QUARTER(x2, x7, x8, x13);
			QUARTER(x3, x4, x9, x14);
		}
		o[0] = x0 + s[0], o[1] = x1 + s[1], o[2] = x2 + s[2];
		o[3] = x3 + s[3], o[4] = x4 + s[4], o[5] = x5 + s[5];
		o[6] = x6 + s[6], o[7] = x7 + s[7], o[8] = x8 + s[8];
		o[9] = x9 + s[9], o[10] = x10 + s[10], o[11] = x11 + s[11];
		o[12] = x12 + s[12], o[13] = x13 + s[13], o[14] = x14 + s[14];
		o[15] = x15 + s[15];
		for (i = 0; i < 16; i++)
			memcpy(word[i], &o[i], sizeof(lanes));
		for (l = 0; l < LANES && b + l < n; l++)
			for (i = 0; i < 16; i++)
				store32(out + RCT_STREAM_BLOCK_BYTES * (b + l) +
					4 * i,
				    word[i][l]);
	}
	sodium_memzero(word, sizeof(word));
	sodium_memzero(s, sizeof(s));
	sodium_memzero(o, sizeof(o));
}
#else
/* Without vector types: one libsodium call per stream. */
static void
first_blocks(unsigned char *out, const unsigned char key[RCT_STREAM_KEY_BYTES],
    const unsigned char *nonces, size_t n)
{
	static const unsigned char zeros[RCT_STREAM_BLOCK_BYTES];
	size_t i;

	for (i = 0; i < n; i++)
		crypto_stream_chacha20_ietf_xor_ic(out +
			RCT_STREAM_BLOCK_BYTES * i,
		    zeros, RCT_STREAM_BLOCK_BYTES,
		    nonces + RCT_STREAM_NONCE_BYTES * i, 0, key);
}
#endif

void
rct_stream_first_blocks(unsigned char *out,
    const unsigned char key[RCT_STREAM_KEY_BYTES], const unsigned char *nonces,
    size_t n)
{
	first_blocks(out, key, nonces, n);
}

static void
refill(struct rct_stream *st)
{
	static const unsigned char zeros[sizeof(st->buf)];
	/* One block first: most draws need a few words only. */
	size_t len = st->block == 0 ? 64 : sizeof(st->buf);

	/* The keystream is ChaCha20 applied to zeros, from block st->block. */
	crypto_stream_chacha20_ietf_xor_ic(st->buf, zeros, len, st->nonce,
	    st->block, st->key);
	st->block += (uint32_t)(len / 64);
	st->first = NULL;
	st->used = 0;
	st->len = len;
}

static inline uint32_t
word(struct rct_stream *st)
{
	const unsigned char *p;

	if (st->used + 4 > st->len)
		refill(st);
	p = (st->first ? st->first : st->buf) + st->used;
	st->used += 4;
	return load32(p);
}

/*
 * w mod n without a division for the n of shuffles and block sizes (a
 * division takes as long as the rest of a shuffle's step): Lemire, Kaser
 * and Kurz (2019), "Faster remainder by direct computation", exact for
 * every 32-bit w and n with M = ceil(2^64 / n) (which wraps to 0 for
 * n = 1, where the result is 0 as it should be).  The high half of the
 * 96-bit product is one 128-bit product, or two 64-bit ones.
 */
#define M(n) (UINT64_MAX / (n) + 1)
#define M8(n)                                                                  \
	M(n), M(n + 1), M(n + 2), M(n + 3), M(n + 4), M(n + 5), M(n + 6),      \
	    M(n + 7)
static const uint64_t reciprocal[65] = {0, M8(1), M8(9), M8(17), M8(25), M8(33),
    M8(41), M8(49), M8(57)};

static inline uint32_t
mod(uint32_t w, uint32_t n)
{
	uint64_t low;

	if (n >= sizeof(reciprocal) / sizeof(reciprocal[0]))
		return w % n;
	low = reciprocal[n] * w;
#ifdef __SIZEOF_INT128__
	return (uint32_t)(((unsigned __int128)low * n) >> 64);
#else
	low = (low >> 32) * n + ((low & 0xffffffff) * n >> 32);
	return (uint32_t)(low >> 32);
#endif
}

/* Past the fast path of below(): w may be rejected. */
static uint32_t
below_rejecting(struct rct_stream *st, uint32_t n, uint32_t w)
{
	uint64_t limit = 4294967296ULL - 4294967296ULL % n;

	while ((uint64_t)w >= limit)
		w = word(st);
	return mod(w, n);
}

static inline uint32_t
below(struct rct_stream *st, uint32_t n)
{
	uint32_t w = word(st);

	/*
	 * The limit, 2^32 - (2^32 mod n), is above 2^32 - n: every word up
	 * to that is accepted without the division that computes it.
	 */
	if (w <= UINT32_MAX - n + 1)
		return mod(w, n);
	return below_rejecting(st, n, w);
}

uint32_t
rct_stream_word(struct rct_stream *st)
{
	return word(st);
}

uint32_t
rct_stream_below(struct rct_stream *st, uint32_t n)
{
	return below(st, n);
}

void
rct_stream_shuffle(struct rct_stream *st, int *a, size_t n)
{
	size_t i, j;
	int t;

	for (i = n; i > 1; i--) {
		j = below(st, (uint32_t)i);
		t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

void
rct_stream_wipe(struct rct_stream *st)
{
	sodium_memzero(st, sizeof(*st));
}
