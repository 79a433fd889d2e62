/*
 * Checkpoints of the audit log (issue: witnessed allocation).  Besides the
 * chain head signed at each commit (audit.h), every commit signs a C2SP
 * tlog-checkpoint of the log as a Merkle tree (lib/merkle.h): its leaves
 * are the entries' hashes, leaf i = SHA-256(0x00 || hash of entry i + 1).
 * The checkpoint is a signed note (lib/note.h) by the trial's signing key
 * under the trial's origin, "rct/REGISTRATION/FINGERPRINT16" (the
 * registration with anything but letters, digits, '.', '-' and '_' as
 * '_', and the first 16 hex digits of the fingerprint): tools that are
 * not ours (Go's sumdb/note and sumdb/tlog, transparency-dev witnesses)
 * read it, and a later checkpoint can be proven to extend an earlier one
 * without handing over the log.
 *
 * Each row of table checkpoint keeps the tree's right edge (frontier) at
 * that size, so that the next commit hashes only its own new entries.
 */
#ifndef RCT_CHECKPOINT_H
#define RCT_CHECKPOINT_H

#include <stdint.h>

#include "buf.h"
#include "merkle.h"
#include "store.h"

/* The trial's origin line (at most 255 bytes). */
int rct_checkpoint_origin(struct rct_store *s, char origin[256])
    __attribute__((warn_unused_result));

/* Append the newest signed checkpoint to b. */
int rct_checkpoint_latest(struct rct_store *s, struct rct_buf *b)
    __attribute__((warn_unused_result));

/*
 * Check every stored checkpoint: its root is the tree of the entries up
 * to its size, its frontier that tree's right edge, and its note is
 * signed by the trial's key (the init entry's) under the trial's origin;
 * the newest covers the whole log.  RCT_ECHECK naming the first problem.
 */
int rct_checkpoint_verify(struct rct_store *s, int64_t *count)
    __attribute__((warn_unused_result));

/*
 * The trial's signing key, from the init entry; kept by the handle once
 * read, as the origin is (an init entry is never rewritten).
 */
int rct_checkpoint_signing_key(struct rct_store *s,
    unsigned char pk[crypto_sign_PUBLICKEYBYTES]);

/* Append the log's verifier key ("ORIGIN+HASH+KEY"), for witnesses. */
int rct_checkpoint_verifier_key(struct rct_store *s, struct rct_buf *b)
    __attribute__((warn_unused_result));

/*
 * The size of the newest checkpoint that the protocol's witness w
 * (index) cosigned, or 0: where its next consistency proof starts.
 */
int rct_checkpoint_witnessed(struct rct_store *s, size_t w, uint64_t *size)
    __attribute__((warn_unused_result));

/*
 * Append an add-checkpoint request (C2SP tlog-witness) for the newest
 * checkpoint to b: "old N", the consistency proof from size old, an empty
 * line and the signed checkpoint.
 */
int rct_checkpoint_request(struct rct_store *s, uint64_t old, struct rct_buf *b)
    __attribute__((warn_unused_result));

/* The size of the newest checkpoint; RCT_ENOTFOUND when there is none. */
int rct_checkpoint_latest_size(struct rct_store *s, uint64_t *size)
    __attribute__((warn_unused_result));

/*
 * Add to the checkpoint of size of (0: the newest) the cosignature lines
 * of text that verify under the protocol's witnesses (others are ignored,
 * as the protocol says), inside the open write.  *cosigners gets how many
 * of the witnesses have now cosigned it.  Cosignatures are outside the
 * hash chain: each proves itself, and logging it would need a new
 * checkpoint.  A server that asked the witnesses away from its writers
 * names the size it asked for: newer checkpoints may have come since.
 */
int rct_checkpoint_add_cosignatures(struct rct_store *s, uint64_t of,
    const char *text, size_t len, int *cosigners)
    __attribute__((warn_unused_result));

/*
 * With witnesses in the protocol: the audit entry of the first allocation
 * (up to entry upto; 0: of all) under no checkpoint that the quorum
 * cosigned, or 0 when there is none (every such allocation witnessed, or
 * no witnesses named).  An allocation is witnessed once a checkpoint of
 * the quorum holds it, whatever later commits are still to be cosigned.
 */
int rct_checkpoint_unwitnessed(struct rct_store *s, int64_t upto, int64_t *seq)
    __attribute__((warn_unused_result));

/*
 * A checkpoint (note, with its cosignatures) and the inclusion proof of
 * audit entry seq in its tree of size *size, for a receipt: with
 * witnesses, the newest checkpoint their quorum cosigned when it holds
 * seq, else the newest checkpoint.
 */
int rct_checkpoint_inclusion(struct rct_store *s, int64_t seq,
    struct rct_buf *note, rct_merkle_hash *proof, size_t *len, uint64_t *size)
    __attribute__((warn_unused_result));

/*
 * The end of a C2SP proof text (an add-checkpoint request, a receipt's
 * tlog-proof): each hash of proof in base64 on a line of its own, a blank
 * line, then the checkpoint note.  RCT_ENOMEM when b has run out of
 * memory (before or here), else 0.
 */
int rct_checkpoint_add_proof(struct rct_buf *b, rct_merkle_hash *proof,
    size_t len, const struct rct_buf *note) __attribute__((warn_unused_result));

/*
 * Check a checkpoint published earlier (mailed, in the minutes, held by a
 * witness) against the store: signed by the trial's key under its
 * origin, and the root of the store's first SIZE entries.  RCT_ECHECK
 * when the log was cut short below it or rewritten.
 */
int rct_checkpoint_check_published(struct rct_store *s, const char *note,
    size_t len, uint64_t *size) __attribute__((warn_unused_result));

/* How many of the protocol's witnesses cosigned note. */
int rct_checkpoint_count_cosigners(struct rct_store *s, const char *note,
    size_t len) __attribute__((warn_unused_result));

#endif
