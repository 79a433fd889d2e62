/*
 * What rct_receipt_verify() has found true before, by the bytes it was
 * found of (receipt_memo.c): a server shows an arm only when the receipt
 * of its allocation verifies, and every receipt of a trial carries the
 * same protocol, and every receipt of one commit the same checkpoint, so
 * that parsing the one and checking the other's signatures again is the
 * most of each page's work.  Only what verified is kept, under the
 * BLAKE2b of all that it depends on, so that a memo changes no outcome:
 * other bytes miss it and are checked in full.
 */
#ifndef RCT_RECEIPT_MEMO_H
#define RCT_RECEIPT_MEMO_H

#include <stddef.h>
#include <stdint.h>

#define RCT_RECEIPT_MEMO_KEY 32

/* A witness of the protocol, as its cosignatures are checked. */
struct rct_receipt_witness {
	int parsed; /* its verifier key parsed: name and pk are set */
	char name[256];
	unsigned char pk[32];
};

/* Witnesses a memo holds; a protocol with more is checked in full. */
#define RCT_RECEIPT_MEMO_WITNESSES 16

/* The receipt's protocol: its hash matched the init entry's. */
struct rct_receipt_proto_memo {
	long quorum;
	size_t nwitnesses;
	struct rct_receipt_witness witnesses[RCT_RECEIPT_MEMO_WITNESSES];
};

/* The receipt's checkpoint: signed, parsed, cosigned by cosigners. */
struct rct_receipt_note_memo {
	size_t text_len;
	uint64_t size;
	unsigned char root[32];
	int cosigners;
};

/* 1 with a copy in out when key was kept, else 0. */
int rct_receipt_memo_proto_get(const unsigned char key[RCT_RECEIPT_MEMO_KEY],
    struct rct_receipt_proto_memo *out);
/* Keep a copy of m under key. */
void rct_receipt_memo_proto_put(const unsigned char key[RCT_RECEIPT_MEMO_KEY],
    const struct rct_receipt_proto_memo *m);

int rct_receipt_memo_note_get(const unsigned char key[RCT_RECEIPT_MEMO_KEY],
    struct rct_receipt_note_memo *out);
void rct_receipt_memo_note_put(const unsigned char key[RCT_RECEIPT_MEMO_KEY],
    const struct rct_receipt_note_memo *m);

#endif
