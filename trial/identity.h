/*
 * Norwegian identity numbers, and how we keep them: never in clear.
 *
 * Accepted: the 11-digit fødselsnummer (with its H-number and synthetic
 * test variants, month + 40 and month + 80), the D-number (first digit
 * + 4), both checked by their two mod-11 check digits and the birth date
 * they encode; and the 12-digit DUF number of the immigration
 * authorities, with its two-digit mod-11 control.
 *
 * A number is stored as (a) a keyed BLAKE2b pseudonym under the pseudonym
 * key, equal for equal numbers so the same person cannot be enrolled
 * twice, and (b) sealed to the linkage officer's X25519 public key, for
 * register linkage by the holder of the secret half only (TRUST.md): the
 * service that enrols can seal but never open.  Each write transaction (a
 * server's group commit of many enrolments included) makes one ephemeral
 * key pair and one crypto_box shared key with the linkage public key (as
 * crypto_box_seal does for every message, but once, so that a million-row
 * import costs one X25519 and not a million); a sealed number
 * is the ephemeral public key and the secretbox of the number under the
 * shared key, with the pseudonym's first 24 bytes as nonce (distinct for
 * distinct numbers; the same number is never sealed twice).  Stores of
 * schema 2 kept the secretbox alone, under a subkey of identity.key; those
 * rows stay as they were (their digests are in the log) and open with the
 * same root (keys.h).
 * Messages never repeat the number itself.
 */
#ifndef RCT_IDENTITY_H
#define RCT_IDENTITY_H

#include <stddef.h>

#include "keys.h"

#define RCT_PSEUDONYM_BYTES 32
#define RCT_ID_MAX 12
#define RCT_SEALED_BYTES                                                       \
	(crypto_box_PUBLICKEYBYTES + crypto_secretbox_MACBYTES + RCT_ID_MAX)
#define RCT_SEALED_LEGACY_BYTES (crypto_secretbox_MACBYTES + RCT_ID_MAX)

/* What a session that enrols holds: no key that opens a number. */
struct rct_identity_keys {
	unsigned char pseudonym[crypto_generichash_KEYBYTES];
	/* BLAKE2b keyed by it, the key's block compressed once per session. */
	crypto_generichash_state keyed;
	unsigned char ephemeral_pk[crypto_box_PUBLICKEYBYTES];
	unsigned char shared[crypto_box_BEFORENMBYTES];
};

enum rct_id_kind {
	RCT_ID_FNR, /* fødselsnummer */
	RCT_ID_DNR, /* D-number */
	RCT_ID_HNR, /* H-number (month + 40) */
	RCT_ID_SYNTHETIC, /* test number (month + 80) */
	RCT_ID_DUF,
};

/*
 * Check s.  Returns 0 and the kind, or -1 with a reason in why that
 * does not contain the number.
 */
int rct_identity_check(const char *s, enum rct_id_kind *kind, char *why,
    size_t whylen) __attribute__((warn_unused_result));

const char *rct_identity_kind_name(enum rct_id_kind kind);

/* Compute the two check digits of the first 9 digits of an 11-digit
 * number (for generating test data); -1 when none exist. */
int rct_identity_fnr_check_digits(const char *nine, char out[3])
    __attribute__((warn_unused_result));

/* The two control digits of the first 10 digits of a DUF number. */
void rct_identity_duf_check_digits(const char *ten, char out[3]);

/*
 * The pseudonym key, and a fresh ephemeral key pair whose secret half is
 * wiped once the shared key with the linkage public key is made.  Fails
 * only when the linkage public key is not a valid point.
 */
int rct_identity_keys_derive(struct rct_identity_keys *ik,
    const struct rct_keys *k) __attribute__((warn_unused_result));

/* Only the pseudonym key (an outcome import finds people, seals none). */
void rct_identity_keys_pseudonym(struct rct_identity_keys *ik,
    const struct rct_keys *k);
void rct_identity_keys_wipe(struct rct_identity_keys *ik);

/* Keyed pseudonym of a checked number. */
void rct_identity_pseudonym(unsigned char out[RCT_PSEUDONYM_BYTES],
    const struct rct_identity_keys *ik, const char *id);

/* Seal a checked number, given its pseudonym. */
void rct_identity_seal(unsigned char out[RCT_SEALED_BYTES],
    const struct rct_identity_keys *ik,
    const unsigned char pseudonym[RCT_PSEUDONYM_BYTES], const char *id);

/*
 * Open a sealed number (of RCT_SEALED_BYTES, or RCT_SEALED_LEGACY_BYTES
 * from a store of schema 2) into out (RCT_ID_MAX + 1 bytes) with the
 * linkage key; 0, or -1 when it does not open.
 */
int
rct_identity_open(char out[RCT_ID_MAX + 1], const struct rct_linkage_key *lk,
    const unsigned char pseudonym[RCT_PSEUDONYM_BYTES],
    const unsigned char *sealed, size_t sealed_len)
    __attribute__((warn_unused_result));

#endif
