/*
 * Batched inserts: rows are gathered and written RCT_BATCH_ROWS at a time
 * with one multi-row INSERT, which costs SQLite about half as much per row
 * as one statement per row.  Used where a command writes a million rows:
 * register imports, identities, allocations.  Values are copied, so the
 * caller's buffers may change after each call.  Only trial/ uses this.
 */
#ifndef RCT_BATCH_H
#define RCT_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define RCT_BATCH_ROWS 50

struct rct_batch;

/*
 * Rows for target, a constant "table(col, col, ...)" of ncols columns.
 * The caller guarantees no row breaks a constraint (ids it assigned
 * itself, keys it checked), so a failure is a store error.
 */
int rct_batch_open(struct rct_batch **out, struct rct_store *s,
    const char *target, int ncols);

void rct_batch_int(struct rct_batch *b, int64_t v);
void rct_batch_text(struct rct_batch *b, const char *s); /* NULL: null */
void rct_batch_blob(struct rct_batch *b, const void *data, size_t len);

/* End the current row; writes a full batch.  0 or an error code. */
int rct_batch_row(struct rct_batch *b);

/* Write the rows gathered so far. */
int rct_batch_flush(struct rct_batch *b);

/* Free; rows not flushed are dropped. */
void rct_batch_free(struct rct_batch *b);

#endif
