/*
 * Concealing how each draw was decided (TRUST.md, rule 3).  For the
 * sequential methods (simple, permuted blocks, minimization) a decision's
 * detail says where the unit stands in its block, which block size was
 * drawn, or the minimization draw: from that, the end of every block and
 * so the next arms follow.  Before reveal it is stored, in the allocation
 * row and its audit entry alike, only sealed:
 *
 *   {"sealed":"HEX"}   HEX = secretbox(pad64(detail), nonce, key)
 *   key   = BLAKE2b-256 keyed by the randomization secret of
 *           "rct-conceal-v1"
 *   nonce = BLAKE2b-192 keyed by key of "SEQUENCE\x1fPOSITION\x1fUNIT"
 *           (UNIT: the participant id P000001, or the cluster's name)
 *
 * Padded to 64 bytes (ISO/IEC 7816-4, libsodium's sodium_pad), so that its
 * length tells nothing either.  Sealing is deterministic: the log still
 * hashes and signs it, and after reveal anyone with the secret seals the
 * replayed detail again and compares byte for byte (verify --replay), or
 * opens it (randomizer log --open).  A batch or a lottery is drawn whole
 * in one transaction: once it is stored nothing of it remains to be
 * predicted, so its detail (batch number, misfit, lottery draw, which the
 * waiting list shows anyway) stays readable for randomization inference.
 */
#ifndef RCT_CONCEAL_H
#define RCT_CONCEAL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define RCT_CONCEAL_KEY_BYTES 32

void rct_conceal_key(unsigned char key[RCT_CONCEAL_KEY_BYTES],
    const unsigned char secret[32]);

/*
 * Append the sealed form of detail to b.  unit is the participant id
 * (formatted) or the cluster's name.
 */
void rct_conceal_seal(struct rct_buf *b,
    const unsigned char key[RCT_CONCEAL_KEY_BYTES], const char *sequence,
    int64_t position, const char *unit, const char *detail);

/* Nonzero when a stored detail is in the sealed form. */
int rct_conceal_is_sealed(const char *stored);

/*
 * Open a sealed detail into out; 0, or -1 when it is not sealed, does not
 * open under key and context, or does not fit.
 */
int rct_conceal_open(char *out, size_t outlen,
    const unsigned char key[RCT_CONCEAL_KEY_BYTES], const char *sequence,
    int64_t position, const char *unit, const char *stored)
    __attribute__((warn_unused_result));

#endif
