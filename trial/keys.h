/*
 * The trial's keys (TRUST.md, "Keys"), kept outside the store in NAME.keys/
 * (mode 0700, owned by the user running the service, not a symbolic
 * link), one file each, hex-encoded:
 *   randomization.key  the secret every random draw is keyed by (0600)
 *   signing.key        Ed25519 secret key that signs the audit log (0600)
 *   signing.pub        its public key (also recorded in the store)
 *   pseudonym.key      keys the BLAKE2b pseudonyms that find one person
 *                      enrolled twice (0600)
 *   linkage.pub        the linkage officer's X25519 public key, to which
 *                      identity numbers are sealed
 * The linkage key pair's secret half is never in NAME.keys/: trial init
 * writes it to NAME.linkage.key beside the store for the linkage officer
 * to take away (or is given only the public half), and only `trial
 * linkage export --key FILE` reads it.  Stores of schema 2 and older kept
 * one identity.key instead (secretbox), which their migration reads once.
 *
 * Files that group or others can read are refused.  Every key loaded is
 * checked against what init recorded in the store before it is used
 * (store.c).  Secrets are wiped from memory by rct_keys_wipe().
 */
#ifndef RCT_KEYS_H
#define RCT_KEYS_H

#include <stddef.h>

#include <sodium.h>

enum rct_key_kind {
	RCT_KEY_SECRET = 1 << 0,
	RCT_KEY_SIGNING = 1 << 1,
	RCT_KEY_PSEUDONYM = 1 << 2,
	RCT_KEY_LINKAGE = 1 << 3, /* the public half */
	RCT_KEY_LEGACY = 1 << 4, /* identity.key of schema 2 and older */
};

/* What enrolment needs: no key that opens an identity. */
#define RCT_KEY_IDENTITY (RCT_KEY_PSEUDONYM | RCT_KEY_LINKAGE)

#define RCT_SECRET_BYTES 32
#define RCT_PSEUDONYM_KEY_BYTES crypto_generichash_KEYBYTES
#define RCT_LEGACY_KEY_BYTES 32

struct rct_keys {
	unsigned loaded; /* rct_key_kind bits */
	unsigned char secret[RCT_SECRET_BYTES];
	unsigned char sign_sk[crypto_sign_SECRETKEYBYTES];
	unsigned char sign_pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char pseudonym[RCT_PSEUDONYM_KEY_BYTES];
	unsigned char linkage_pk[crypto_box_PUBLICKEYBYTES];
	unsigned char legacy[RCT_LEGACY_KEY_BYTES];
};

/*
 * The linkage officer's key: a 32-byte root from which the X25519 key pair
 * is derived (crypto_kdf, subkey 3 of context "rctident", as the seed of
 * crypto_box_seed_keypair).  A store migrated from schema 2 has its old
 * identity.key as the root: the same file then also opens the identities
 * sealed before the migration (secretbox under subkey 2), and subkey 1 of
 * it was, and stays, the pseudonym key.
 */
struct rct_linkage_key {
	unsigned char root[32];
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	unsigned char sk[crypto_box_SECRETKEYBYTES];
};

#define RCT_SUBKEY_PSEUDONYM 1
#define RCT_SUBKEY_LEGACY_SEAL 2
#define RCT_SUBKEY_LINKAGE 3

/* Subkey n of a root (identity.key of old, or a linkage key's root). */
void
rct_keys_subkey(unsigned char out[32], const unsigned char root[32], int n);

/* Fill lk->pk and lk->sk from lk->root. */
void rct_keys_linkage_derive(struct rct_linkage_key *lk);

/* The keys directory beside a store: "se.db" -> "se.keys". */
int rct_keys_dir(char *out, size_t outlen, const char *store_path);

/* The linkage key file init writes: "se.db" -> "se.linkage.key". */
int rct_keys_linkage_path(char *out, size_t outlen, const char *store_path);

/*
 * Fresh keys in memory.  With lk non-NULL a fresh linkage key pair is made
 * too and its public half put in k; otherwise the caller sets
 * k->linkage_pk (a public key the linkage officer handed over).
 */
void rct_keys_generate(struct rct_keys *k, struct rct_linkage_key *lk);

/* Create dir (which must not exist) and write every key into it. */
int rct_keys_write(const struct rct_keys *k, const char *dir);

/*
 * Write one more key of kind into dir (a migration), or accept the file
 * that is already there when it holds the same bytes.
 */
int
rct_keys_add(const struct rct_keys *k, const char *dir, enum rct_key_kind kind);

/* Load the keys named by which from dir, refusing unsafe files. */
int rct_keys_load(struct rct_keys *k, const char *dir, unsigned which);

/* The linkage key pair: written O_EXCL with mode 0600, read as keys are. */
int rct_keys_linkage_write(const struct rct_linkage_key *lk, const char *path);
int rct_keys_linkage_load(struct rct_linkage_key *lk, const char *path);

/* A public key file (linkage.pub, given to trial init --linkage-pub). */
int rct_keys_read_public(unsigned char *out, size_t len, const char *path);

/* The commitment published at init: BLAKE2b-256 of the secret. */
void rct_keys_commitment(unsigned char out[32],
    const unsigned char secret[RCT_SECRET_BYTES]);

/*
 * What init records of the pseudonym key: a BLAKE2b-256 keyed by it of a
 * fixed text, so that a swapped key file is found before it is used and
 * nothing about the key itself is told.
 */
void rct_keys_pseudonym_check(unsigned char out[32],
    const unsigned char key[RCT_PSEUDONYM_KEY_BYTES]);

/* Overwrite every secret with zeros. */
void rct_keys_wipe(struct rct_keys *k);
void rct_keys_linkage_wipe(struct rct_linkage_key *lk);

#endif
