/*
 * The keyed random stream: every random draw of an allocation comes from
 * here, and is a pure function of the trial secret and a context naming
 * the draw (method, stratum, block or position).  The specification, with
 * test vectors, is in randomizer/README.md; in short:
 *
 *   nonce  = first 12 bytes of BLAKE2b-256("rct-stream-v1" || 0x00 ||
 *            context)
 *   stream = ChaCha20 (IETF, libsodium crypto_stream_chacha20_ietf) with
 *            key = the 32-byte secret, that nonce, block counter from 0
 *   word   = the next 4 stream bytes read little-endian
 *   below(n) = the first word w with w < 2^32 - (2^32 mod n), then w mod n
 *              (rejection sampling: no modulo bias)
 *   shuffle  = Fisher-Yates: for i = n-1 down to 1, swap a[i], a[below(i+1)]
 *
 * Nothing here depends on the platform, the C library or the libsodium
 * build, so a replay in ten years gives the same arms.  There is no seed:
 * the only way to obtain a stream is the trial's secret.
 */
#ifndef RCT_STREAM_H
#define RCT_STREAM_H

#include <stddef.h>
#include <stdint.h>

#define RCT_STREAM_KEY_BYTES 32
#define RCT_STREAM_NONCE_BYTES 12
#define RCT_STREAM_BLOCK_BYTES 64

struct rct_stream {
	unsigned char key[RCT_STREAM_KEY_BYTES];
	unsigned char nonce[RCT_STREAM_NONCE_BYTES];
	uint32_t block; /* next ChaCha20 block */
	unsigned char buf[64 * 4]; /* keystream not yet used */
	/* Until the first refill, the block 0 given to rct_stream_init_nonce,
	 * read where it is, or NULL. */
	const unsigned char *first;
	size_t used, len;
};

/*
 * Start the stream for a context: the parts are joined with 0x00 bytes
 * between them (so "a","bc" and "ab","c" differ).  The key is copied.
 */
void rct_stream_init(struct rct_stream *st,
    const unsigned char key[RCT_STREAM_KEY_BYTES], const char *const *parts,
    size_t nparts);

/*
 * The same in two steps, for a caller that starts many streams of the
 * same contexts under different keys (the re-draws of randomization
 * inference): the nonce of a context depends on the context only, so it
 * can be kept, and a stream started from it.  first, when not NULL, is
 * the stream's block 0 as rct_stream_first_blocks() gave it, read in
 * place: it must stay as it is while the stream is used.
 */
void rct_stream_nonce(unsigned char nonce[RCT_STREAM_NONCE_BYTES],
    const char *const *parts, size_t nparts);
void rct_stream_init_nonce(struct rct_stream *st,
    const unsigned char key[RCT_STREAM_KEY_BYTES],
    const unsigned char nonce[RCT_STREAM_NONCE_BYTES],
    const unsigned char *first);

/*
 * Block 0 of the keystream of n streams under one key: out holds n
 * blocks of RCT_STREAM_BLOCK_BYTES, the i-th for the i-th nonce of
 * nonces (n of RCT_STREAM_NONCE_BYTES).  The bytes libsodium's ChaCha20
 * gives, computed for many nonces at once (one SIMD lane each), which a
 * call of 64 bytes cannot do.
 */
void rct_stream_first_blocks(unsigned char *out,
    const unsigned char key[RCT_STREAM_KEY_BYTES], const unsigned char *nonces,
    size_t n);

/* The next 32-bit word. */
uint32_t rct_stream_word(struct rct_stream *st);

/* A uniform integer in [0, n), n >= 1. */
uint32_t rct_stream_below(struct rct_stream *st, uint32_t n);

/* Shuffle a[0..n-1] in place (Fisher-Yates). */
void rct_stream_shuffle(struct rct_stream *st, int *a, size_t n);

/* Wipe the key and keystream. */
void rct_stream_wipe(struct rct_stream *st);

#endif
