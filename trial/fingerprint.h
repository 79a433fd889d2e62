/*
 * The trial's fingerprint: one hash that the trial registration carries,
 * so that verification is anchored outside the store (TRUST.md, rule 5).
 * It covers what init fixed: the signing public key, the commitment to the
 * randomization secret, the protocol's hash, the concealed part's hash,
 * the linkage public key and the pseudonym key's check value.  A store
 * rewritten with fresh keys agrees with itself, but not with the
 * fingerprint published before the first enrolment.
 *
 * fingerprint = BLAKE2b-256 of the text
 *   "rct-fingerprint-v1\n"
 *   "signing_key HEX\n" "commitment HEX\n" "protocol_hash HEX\n"
 *   "concealed_hash HEX-or-none\n" "linkage_key HEX-or-none\n"
 *   "pseudonym_check HEX-or-none\n"
 * (lowercase hex; "none" where a store of an older schema recorded none),
 * which anyone can recompute from the init entry with b2sum -l 256.
 */
#ifndef RCT_FINGERPRINT_H
#define RCT_FINGERPRINT_H

#include "store.h"

struct rct_fingerprint {
	char signing_key[65];
	char commitment[65];
	char protocol_hash[65];
	char concealed_hash[65];
	char linkage_key[65];
	char pseudonym_check[65];
};

/* What an init entry's payload fixed; 0, or -1 when a field is bad. */
int rct_fingerprint_of_payload(const char *payload, struct rct_fingerprint *f);

/* The log's origin line: "rct/REGISTRATION/FINGERPRINT16" (checkpoint.h). */
void rct_fingerprint_origin(const char *registration, const char fp[65],
    char origin[256]);

/* The fingerprint of f as 64 hex digits. */
void rct_fingerprint_hex(const struct rct_fingerprint *f, char out[65]);

/*
 * What the store's init entry (audit entry 1) fixed; the chain itself is
 * checked by verify.  Returns RCT_ECHECK when the entry is missing or
 * lacks a field every store has.
 */
int rct_fingerprint_of_store(struct rct_store *s, struct rct_fingerprint *f)
    __attribute__((warn_unused_result));

/*
 * Check the store's init entry against a fingerprint published in the
 * trial registration (hex).  0, or RCT_ECHECK saying what differs.  The
 * caller verifies the chain too: together they anchor every signed head
 * and allocation in what was fixed before the first enrolment.
 */
int rct_fingerprint_check(struct rct_store *s, const char *fingerprint)
    __attribute__((warn_unused_result));

#endif
