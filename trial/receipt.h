/*
 * Receipts: a self-contained proof of one allocation, which the site keeps
 * and anyone can check offline, without the store, against the trial's
 * fingerprint.  It carries the allocation's audit entry, the init entry
 * (whose payload gives the keys, the protocol's hash and so the
 * fingerprint), the protocol as registered (its witnesses and quorum), and
 * a C2SP tlog-proof: the entry's inclusion proof under the newest
 * checkpoint with its cosignatures.  A later receipt for the same
 * participant proves the entry is still there.
 *
 *   rct-receipt-v1
 *   participant P000017
 *   entry-seq N
 *   entry-at, entry-actor, entry-action, entry-payload, entry-prev (hex)
 *   init-at, init-actor, init-payload
 *   init-proof B64...        (inclusion of entry 1, on one line)
 *   protocol B64             (protocol version 1, as stored)
 *   (empty line)
 *   c2sp.org/tlog-proof@v1 ... the cosigned checkpoint
 */
#ifndef RCT_RECEIPT_H
#define RCT_RECEIPT_H

#include <stdint.h>

#include "buf.h"
#include "store.h"

/* The audit entry of participant id's allocation into *seq, 0 if none. */
int rct_receipt_allocation_seq(struct rct_store *s, int64_t id, int64_t *seq);

/*
 * With witnesses: the audit entry of the first allocation, up to
 * participant id's own, that no checkpoint of the quorum holds, into
 * *seq; 0 when there is none, when id is not allocated, or when the
 * protocol names no witnesses.  Others' later allocations, still being
 * cosigned, do not count.
 */
int rct_receipt_unwitnessed(struct rct_store *s, int64_t id, int64_t *seq);

/* Append the receipt of participant id's allocation to b. */
int rct_receipt_write(struct rct_store *s, int64_t id, struct rct_buf *b);

struct rct_receipt_result {
	char participant[32];
	char arm[128];
	int64_t seq; /* the allocation's audit entry */
	char entry_hash[65]; /* its hash, hex */
	uint64_t size; /* of the checkpoint it lies under */
	int cosigners; /* of the protocol's witnesses */
	long quorum; /* 0 when the protocol names none */
};

/*
 * Check a receipt against a fingerprint (hex): every hash, proof and
 * signature, and the witnesses' quorum when the protocol names witnesses.
 * 0 when it holds; RCT_ECHECK saying what does not; RCT_EINVAL when it is
 * not a receipt.
 */
int rct_receipt_verify(const char *text, size_t len, const char *fingerprint,
    struct rct_receipt_result *r) __attribute__((warn_unused_result));

/*
 * Check participant id's allocation in the store itself, as its receipt
 * would be checked against the store's own fingerprint (receipt_check.c):
 * its entry, hashed from its columns, under the newest checkpoint, signed
 * by the trial's key and cosigned by the witnesses' quorum.  0 with what
 * it proves in r (entry hash, arm, cosigners); RCT_ECHECK saying what
 * does not hold; RCT_ENOTFOUND when the participant is not allocated.
 */
int rct_receipt_check(struct rct_store *s, int64_t id,
    struct rct_receipt_result *r) __attribute__((warn_unused_result));

#endif
