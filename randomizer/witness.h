/*
 * A witness (TRUST.md, "Witnesses"; C2SP tlog-witness): an independent
 * party - a data monitoring committee, an ethics committee, a registry -
 * that holds its own Ed25519 key and remembers, for each trial log it
 * follows, the last checkpoint it cosigned.  It cosigns a new checkpoint
 * only when a consistency proof shows that it extends that one, so that
 * no allocation under a cosigned checkpoint can be taken back: an undo, a
 * rollback to an older copy or a rewritten log is a fork, which it
 * refuses and keeps as evidence that anyone can check.
 *
 * Its state is a directory of its own (mode 0700):
 *   witness.key          Ed25519 secret key, hex (mode 0600)
 *   name                 its name, as in its signature lines
 *   logs/ID.vkey         a trial log it follows: the log's verifier key
 *   logs/ID.checkpoint   the last checkpoint it cosigned for that log
 *   logs/ID.evidence/    refused requests (forks, rollbacks, bad proofs)
 * where ID is the hex SHA-256 of the log's origin.  A check and the
 * update it allows happen under an exclusive lock of logs/ID.lock, and
 * the new checkpoint is on disk (written, synced, renamed) before the
 * cosignature is returned.  Nothing here prints or exits.
 */
#ifndef RCT_WITNESS_H
#define RCT_WITNESS_H

#include <stddef.h>

#include "buf.h"

struct rct_witness;

/* Make a witness in dir (which must not exist) named name. */
int rct_witness_create(const char *dir, const char *name);

int rct_witness_open(struct rct_witness **out, const char *dir);
void rct_witness_free(struct rct_witness *w);

/* Append the witness's verifier key (cosignature/v1, type 0x04). */
void rct_witness_verifier_key(const struct rct_witness *w, struct rct_buf *b);

/* Follow the trial log whose checkpoint verifier key is log_vkey. */
int rct_witness_trust(struct rct_witness *w, const char *log_vkey);

/*
 * The add-checkpoint call: body is the request (an "old N" line, the
 * consistency proof lines, an empty line, the signed checkpoint).  *status
 * gets the HTTP status the protocol gives (200 with the cosignature lines
 * in response; 409 with the size cosigned before; 400, 403, 404, 422 with
 * a reason); the return is 0 when the request was handled (whatever the
 * status), or an error of the witness itself (its files).
 */
int
rct_witness_add_checkpoint(struct rct_witness *w, const char *body, size_t len,
    int *status, struct rct_buf *response) __attribute__((warn_unused_result));

#endif
