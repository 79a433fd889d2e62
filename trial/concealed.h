/*
 * The concealed part of a protocol in the store (TRUST.md, rule 3; SPIRIT
 * 2025 item 21b).  At init (and at an amendment) the [concealed] section
 * is cut from the protocol's text: the store keeps the public text with
 * an empty [concealed] section in its place, and the section itself only
 * sealed, in table concealed:
 *
 *   sealed = hex of secretbox(text, nonce, K)
 *     K     = BLAKE2b-256 keyed by the randomization secret of
 *             "rct-concealed-v1"
 *     nonce = first 24 bytes of BLAKE2b-256 keyed by K of "protocol vN"
 *   hash   = hex of BLAKE2b-256 keyed by BLAKE2b-256(secret keyed,
 *            "rct-concealed-commit-v1") of text
 *
 * The hash is in the init entry (and an amendment's) and so in the
 * fingerprint: a commitment that hides the block sizes (they are few, so
 * an unkeyed hash would give them away) and binds them, since the secret
 * is committed too.  After reveal anyone recomputes both.
 */
#ifndef RCT_CONCEALED_H
#define RCT_CONCEALED_H

#include <stdint.h>

#include "protocol.h"
#include "store.h"

/*
 * Cut the concealed part from full.  *public gets the protocol to store
 * (its text with an empty [concealed] section), or NULL when full has no
 * concealed part; *concealed the section's text (caller frees), hash its
 * commitment under secret ("none" when there is none).
 */
int rct_concealed_split(const struct rct_protocol *full,
    const unsigned char secret[32], struct rct_protocol **public_part,
    char **concealed, char hash[65]);

/* Seal text under secret for protocol version (hex, caller frees). */
char *rct_concealed_seal(const unsigned char secret[32], int64_t version,
    const char *text);

/*
 * Open the sealed hex of version; 0 and *text (caller frees), or -1 when
 * it does not open.
 */
int rct_concealed_unseal(const unsigned char secret[32], int64_t version,
    const char *sealed, char **text) __attribute__((warn_unused_result));

/* The commitment to a concealed text under secret. */
void rct_concealed_hash(const unsigned char secret[32], const char *text,
    char hash[65]);

/*
 * The protocol in force with its concealed part opened: with the secret
 * from the keys, or revealed.  A protocol without one is returned as it
 * is.  The result belongs to the store.
 */
int rct_concealed_protocol_open(struct rct_store *s,
    const struct rct_protocol **out) __attribute__((warn_unused_result));

/* Write the sealed row of version (inside the open write). */
int rct_concealed_insert(struct rct_store *s, int64_t version,
    const unsigned char secret[32], const char *text, const char *hash);

/* The commitment of the concealed part in force, or "none". */
int rct_concealed_current_hash(struct rct_store *s, char hash[65]);

/* The concealed text in force (caller frees), for reveal; NULL if none. */
int rct_concealed_store_text(struct rct_store *s, char **text);

#endif
