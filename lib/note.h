/*
 * Signed notes (C2SP signed-note, the format of Go's golang.org/x/mod/
 * sumdb/note) and transparency-log checkpoints in them (C2SP
 * tlog-checkpoint): the form in which the audit log's heads are published
 * and cosigned by witnesses, readable by tools that are not ours.
 *
 *   note      = text, then "\n", then one line per signature:
 *               "\u2014 NAME BASE64(key hash || signature)\n"
 *   key hash  = the first 4 bytes of SHA-256(NAME || "\n" || 0x01 || key)
 *               (0x01: Ed25519), big-endian
 *   signature = Ed25519 over the text (its final newline included)
 *   verifier key, as published: "NAME+HEX(key hash)+BASE64(0x01 || key)"
 *   checkpoint text = ORIGIN "\n" TREE-SIZE "\n" BASE64(ROOT) "\n"
 *
 * NAME must be non-empty, without spaces, "+" or newlines.
 */
#ifndef RCT_NOTE_H
#define RCT_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "buf.h"

/* The key hash of name's Ed25519 public key. */
uint32_t rct_note_key_hash(const char *name,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES]);

/* Append name's verifier key ("NAME+HASH+KEY") to b. */
void rct_note_verifier_key(struct rct_buf *b, const char *name,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES]);

/*
 * Parse a verifier key into name (at most namelen bytes with its NUL) and
 * pk; 0, or -1 when it is not one (wrong form, algorithm or key hash).
 */
int rct_note_parse_verifier_key(const char *vkey, char *name, size_t namelen,
    unsigned char pk[crypto_sign_PUBLICKEYBYTES]);

/* Append the note of text signed by name with sk to b. */
void rct_note_sign(struct rct_buf *b, const char *text, const char *name,
    const unsigned char sk[crypto_sign_SECRETKEYBYTES]);

/*
 * Check that note carries a valid signature by name under pk.  On 0, the
 * text's length (up to and including its last newline) goes to *textlen.
 * -1 when the note is malformed or holds no such valid signature.
 */
int rct_note_verify(const char *note, size_t len, const char *name,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES], size_t *textlen)
    __attribute__((warn_unused_result));

/* Append the checkpoint text of a tree of size with root to b. */
void rct_note_checkpoint(struct rct_buf *b, const char *origin, uint64_t size,
    const unsigned char root[32]);

/*
 * Parse a checkpoint text's first three lines; 0, or -1 when malformed.
 * origin gets at most originlen bytes with its NUL.
 */
int rct_note_parse_checkpoint(const char *text, size_t len, char *origin,
    size_t originlen, uint64_t *size, unsigned char root[32])
    __attribute__((warn_unused_result));

/*
 * Cosignatures (C2SP tlog-cosignature, Ed25519 cosignature/v1): a witness's
 * note signature on a checkpoint, over
 *   "cosignature/v1\ntime T\n" || the checkpoint text,
 * with key hash SHA-256(NAME || "\n" || 0x04 || key)[:4] and the signature
 * bytes key hash || T (8 bytes, big-endian) || Ed25519 signature.
 */
uint32_t rct_note_cosig_key_hash(const char *name,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES]);

/* Append a witness's verifier key ("NAME+HASH+BASE64(0x04 || key)"). */
void rct_note_cosig_verifier_key(struct rct_buf *b, const char *name,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES]);

/* Parse one; as rct_note_parse_verifier_key, for type 0x04. */
int rct_note_parse_cosig_verifier_key(const char *vkey, char *name,
    size_t namelen, unsigned char pk[crypto_sign_PUBLICKEYBYTES]);

/* Append the cosignature line of text by name at time t to b. */
void rct_note_cosign(struct rct_buf *b, const char *text, size_t textlen,
    const char *name, const unsigned char sk[crypto_sign_SECRETKEYBYTES],
    uint64_t t);

/*
 * Check that note carries a valid cosignature by name under pk; its time
 * goes to *t.  0, or -1 when there is none that verifies.
 */
int rct_note_verify_cosig(const char *note, size_t len, const char *name,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES], uint64_t *t)
    __attribute__((warn_unused_result));

/* The length of a note's text (up to its blank line), or 0 if none. */
size_t rct_note_text_len(const char *note, size_t len);

#endif
