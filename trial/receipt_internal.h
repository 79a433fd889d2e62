/*
 * What receipt.c and receipt_check.c share.
 */
#ifndef RCT_RECEIPT_INTERNAL_H
#define RCT_RECEIPT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/*
 * receipt_check.c, called by checkpoint.c: the note (of len bytes, whose
 * text is text_len of them, of a tree of size entries with root) that
 * this process has just signed as origin with the key whose public half
 * is pk is kept as checked, so that the first page of an arm under it
 * does not verify its signature again (receipt_memo.h): only what signs
 * knows that without verifying.
 */
void rct_receipt_note_signed(struct rct_store *s, const char *origin,
    const unsigned char pk[32], const char *note, size_t len, size_t text_len,
    uint64_t size, const unsigned char root[32]);

#endif
