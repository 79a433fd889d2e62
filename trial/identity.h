/*
 * Norwegian identity numbers, and how we keep them: never in clear.
 *
 * Accepted: the 11-digit fødselsnummer (with its H-number and synthetic
 * test variants, month + 40 and month + 80), the D-number (first digit
 * + 4), both checked by their two mod-11 check digits and the birth date
 * they encode; and the 12-digit DUF number of the immigration
 * authorities, with its two-digit mod-11 control.
 *
 * A number is stored as (a) a keyed BLAKE2b pseudonym, equal for equal
 * numbers so the same person cannot be enrolled twice, and (b) sealed with
 * secretbox under the identity key, for register linkage by the key holder.
 * The secretbox nonce is the pseudonym's first 24 bytes: a keyed function
 * of the number under another subkey, so it never repeats for different
 * numbers, costs no system call per row, and need not be stored.  Equal
 * numbers seal to equal boxes, which tells nothing the pseudonym does not.
 * Messages never repeat the number itself.
 */
#ifndef RCT_IDENTITY_H
#define RCT_IDENTITY_H

#include <stddef.h>

#include "keys.h"

#define RCT_PSEUDONYM_BYTES 32
#define RCT_ID_MAX 12
#define RCT_SEALED_BYTES (crypto_secretbox_MACBYTES + RCT_ID_MAX)

/* The two subkeys of the identity key, derived once per session. */
struct rct_identity_keys {
	unsigned char pseudonym[crypto_generichash_KEYBYTES];
	unsigned char seal[crypto_secretbox_KEYBYTES];
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
    size_t whylen);

const char *rct_identity_kind_name(enum rct_id_kind kind);

/* Compute the two check digits of the first 9 digits of an 11-digit
 * number (for generating test data); -1 when none exist. */
int rct_identity_fnr_check_digits(const char *nine, char out[3]);

/* The two control digits of the first 10 digits of a DUF number. */
void rct_identity_duf_check_digits(const char *ten, char out[3]);

void rct_identity_keys_derive(struct rct_identity_keys *ik,
    const struct rct_keys *k);
void rct_identity_keys_wipe(struct rct_identity_keys *ik);

/* Keyed pseudonym of a checked number. */
void rct_identity_pseudonym(unsigned char out[RCT_PSEUDONYM_BYTES],
    const struct rct_identity_keys *ik, const char *id);

/* Seal a checked number, given its pseudonym. */
void rct_identity_seal(unsigned char out[RCT_SEALED_BYTES],
    const struct rct_identity_keys *ik,
    const unsigned char pseudonym[RCT_PSEUDONYM_BYTES], const char *id);

/* Open a sealed number into out (RCT_ID_MAX + 1 bytes); 0 or -1. */
int
rct_identity_open(char out[RCT_ID_MAX + 1], const struct rct_identity_keys *ik,
    const unsigned char pseudonym[RCT_PSEUDONYM_BYTES],
    const unsigned char sealed[RCT_SEALED_BYTES]);

#endif
