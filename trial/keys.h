/*
 * The trial's secrets, kept outside the store in NAME.keys/ (mode 0700),
 * one file of mode 0600 each, hex-encoded (DESIGN.md):
 *   randomization.key  the secret every random draw is keyed by
 *   signing.key        Ed25519 secret key that signs the audit log head
 *   signing.pub        its public key (also recorded in the store)
 *   identity.key       seals identity numbers and keys their pseudonyms
 * Files that group or others can read are refused.  Secrets are wiped
 * from memory by rct_keys_wipe().
 */
#ifndef RCT_KEYS_H
#define RCT_KEYS_H

#include <stddef.h>

#include <sodium.h>

enum rct_key_kind {
	RCT_KEY_SECRET = 1 << 0,
	RCT_KEY_SIGNING = 1 << 1,
	RCT_KEY_IDENTITY = 1 << 2,
};

#define RCT_SECRET_BYTES 32
#define RCT_IDENTITY_KEY_BYTES 32

struct rct_keys {
	unsigned loaded; /* rct_key_kind bits */
	unsigned char secret[RCT_SECRET_BYTES];
	unsigned char sign_sk[crypto_sign_SECRETKEYBYTES];
	unsigned char sign_pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char identity[RCT_IDENTITY_KEY_BYTES];
};

/* The keys directory beside a store: "se.db" -> "se.keys". */
int rct_keys_dir(char *out, size_t outlen, const char *store_path);

/* Fresh keys in memory. */
void rct_keys_generate(struct rct_keys *k);

/* Create dir (which must not exist) and write every key into it. */
int rct_keys_write(const struct rct_keys *k, const char *dir);

/* Load the keys named by which from dir, refusing unsafe files. */
int rct_keys_load(struct rct_keys *k, const char *dir, unsigned which);

/* The commitment published at init: BLAKE2b-256 of the secret. */
void rct_keys_commitment(unsigned char out[32],
    const unsigned char secret[RCT_SECRET_BYTES]);

/* Overwrite every secret with zeros. */
void rct_keys_wipe(struct rct_keys *k);

#endif
