/* The keyed random stream (stream.h). */
#include <string.h>

#include <sodium.h>

#include "stream.h"

static const char domain[] = "rct-stream-v1";

void
rct_stream_init(struct rct_stream *st,
    const unsigned char key[RCT_STREAM_KEY_BYTES], const char *const *parts,
    size_t nparts)
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
	memcpy(st->key, key, RCT_STREAM_KEY_BYTES);
	memcpy(st->nonce, digest, sizeof(st->nonce));
	st->block = 0;
	st->used = st->len = 0;
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
	st->used = 0;
	st->len = len;
}

uint32_t
rct_stream_word(struct rct_stream *st)
{
	const unsigned char *p;

	if (st->used + 4 > st->len)
		refill(st);
	p = st->buf + st->used;
	st->used += 4;
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

uint32_t
rct_stream_below(struct rct_stream *st, uint32_t n)
{
	/* limit = 2^32 - (2^32 mod n), computed in 64 bits. */
	uint64_t limit = 4294967296ULL - 4294967296ULL % n;
	uint32_t w;

	do
		w = rct_stream_word(st);
	while ((uint64_t)w >= limit);
	return w % n;
}

void
rct_stream_shuffle(struct rct_stream *st, int *a, size_t n)
{
	size_t i, j;
	int t;

	for (i = n; i > 1; i--) {
		j = rct_stream_below(st, (uint32_t)i);
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
