/*
 * Digests of the rows an audit entry describes.  An entry for many rows
 * (an import of a register, of outcomes) records the BLAKE2b-256 of the
 * canonical form of all of them, in id order, instead of one entry per
 * row; verify recomputes it from the store.  The canonical form of a row
 * is its fields, each as an 8-byte big-endian length and the bytes, a
 * missing value as the length 2^64 - 1 and no bytes.
 */
#ifndef RCT_DIGEST_H
#define RCT_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "buf.h"

struct rct_digest {
	crypto_generichash_state st;
	uint64_t rows;
	unsigned char pending[4096]; /* fed to BLAKE2b in large pieces */
	size_t npending;
};

void rct_digest_init(struct rct_digest *d);

/* One field; data NULL is a missing value. */
void rct_digest_field(struct rct_digest *d, const void *data, size_t len);
void rct_digest_text(struct rct_digest *d, const char *s);
void rct_digest_int(struct rct_digest *d, int64_t v);

void rct_digest_participant(struct rct_digest *d, int64_t id, const char *site,
    const unsigned char *pseudonym, const unsigned char *sealed,
    size_t sealed_len, const char *baseline, const char *stratum);

void rct_digest_outcome(struct rct_digest *d, int64_t id, int64_t participant,
    const char *name, const char *value, const char *date);

/*
 * Begin the payload of an import's entry: {"source":..., and, when the
 * file's BLAKE2b is known, its MAC under a subkey of the pseudonym key
 * ("file_mac"): whoever holds the key and the file can show that this
 * file was imported, but the store tells nothing of a file's bytes
 * without the key (TRUST.md, rule 4: a one-row register is its identity
 * number and bytes that are all in the store).  The caller adds the
 * counts and the digest.
 */
void rct_digest_payload_start(struct rct_buf *b, const char *source,
    const unsigned char *file_hash, const unsigned char *key);

/* Hex of the digest; the state may not be used afterwards. */
void rct_digest_final(struct rct_digest *d, char hex[65]);

#endif
