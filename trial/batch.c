/*
 * Batched inserts (batch.h).  The statement of a full batch is prepared
 * when the first full batch is written, not when the batch is opened:
 * most batches of the web service and of single commands hold one row,
 * and preparing a 50-row INSERT for it cost more than writing the row.
 * Both are kept prepared by the open store (rct_store_stmt_text).  The
 * values grow as rows come, for the same reason: a batch of one row
 * should not clear room for fifty rows of 64 columns.
 */
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "buf.h"
#include "error.h"
#include "store_internal.h"

enum kind { V_NULL, V_INT, V_TEXT, V_BLOB };

struct value {
	enum kind kind;
	int64_t i;
	size_t off, len; /* in data, for text and blobs */
};

struct rct_batch {
	struct rct_store *s;
	char *target;
	int ncols;
	sqlite3_stmt *full;
	struct value *values;
	int nvalues, cap;
	struct rct_buf data;
	int failed;
};

/* "INSERT INTO target VALUES (?,?),(?,?)..." for rows rows. */
static int
prepare(struct rct_batch *b, int rows, sqlite3_stmt **st)
{
	struct rct_buf sql = RCT_BUF_INIT;
	int r, c, rc;

	rct_buf_addf(&sql, "INSERT OR FAIL INTO %s VALUES ", b->target);
	for (r = 0; r < rows; r++) {
		rct_buf_adds(&sql, r ? ",(" : "(");
		for (c = 0; c < b->ncols; c++)
			rct_buf_adds(&sql, c ? ",?" : "?");
		rct_buf_addc(&sql, ')');
	}
	rc = rct_buf_failed(&sql) ?
	    rct_error(RCT_ENOMEM, "out of memory") :
	    rct_store_stmt_text(b->s, rct_buf_str(&sql), st);
	rct_buf_release(&sql);
	return rc;
}

int
rct_batch_open(struct rct_batch **out, struct rct_store *s, const char *target,
    int ncols)
{
	struct rct_batch *b;

	*out = NULL;
	if (ncols < 1 || ncols > 64)
		return rct_error(RCT_EINVAL, "a batch holds 1 to 64 columns");
	if ((b = calloc(1, sizeof(*b))) == NULL ||
	    (b->target = strdup(target)) == NULL) {
		free(b);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	b->s = s;
	b->ncols = ncols;
	rct_buf_init(&b->data);
	*out = b;
	return 0;
}

static struct value *
next_value(struct rct_batch *b)
{
	if (b->nvalues >= RCT_BATCH_ROWS * b->ncols) {
		b->failed = 1; /* a row with too many values */
		return NULL;
	}
	if (b->nvalues == b->cap) {
		int cap = b->cap ? 4 * b->cap : b->ncols;
		struct value *grown;

		if (cap > RCT_BATCH_ROWS * b->ncols)
			cap = RCT_BATCH_ROWS * b->ncols;
		if ((grown = realloc(b->values,
			 (size_t)cap * sizeof(*grown))) == NULL) {
			b->failed = 1;
			return NULL;
		}
		b->values = grown;
		b->cap = cap;
	}
	return &b->values[b->nvalues++];
}

void
rct_batch_int(struct rct_batch *b, int64_t v)
{
	struct value *x = next_value(b);

	if (x) {
		x->kind = V_INT;
		x->i = v;
	}
}

static void
add_bytes(struct rct_batch *b, enum kind kind, const void *data, size_t len)
{
	struct value *x = next_value(b);

	if (x == NULL)
		return;
	x->kind = kind;
	x->off = b->data.len;
	x->len = len;
	rct_buf_add(&b->data, data, len);
}

void
rct_batch_text(struct rct_batch *b, const char *s)
{
	struct value *x;

	if (s)
		add_bytes(b, V_TEXT, s, strlen(s));
	else if ((x = next_value(b)) != NULL)
		x->kind = V_NULL;
}

void
rct_batch_blob(struct rct_batch *b, const void *data, size_t len)
{
	add_bytes(b, V_BLOB, data, len);
}

static int
write_rows(struct rct_batch *b, sqlite3_stmt *st)
{
	int i, rc;

	for (i = 0; i < b->nvalues; i++) {
		struct value *x = &b->values[i];
		/* Only text and blobs have an offset into the data, which
		 * is not allocated while every one of them is empty. */
		const char *p =
		    (x->kind == V_TEXT || x->kind == V_BLOB) && b->data.data ?
		    b->data.data + x->off :
		    "";

		switch (x->kind) {
		case V_NULL:
			sqlite3_bind_null(st, i + 1);
			break;
		case V_INT:
			sqlite3_bind_int64(st, i + 1, x->i);
			break;
		case V_TEXT:
			sqlite3_bind_text(st, i + 1, p, (int)x->len,
			    SQLITE_STATIC);
			break;
		case V_BLOB:
			sqlite3_bind_blob(st, i + 1, p, (int)x->len,
			    SQLITE_STATIC);
			break;
		}
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	b->nvalues = 0;
	rct_buf_reset(&b->data);
	if (rc != SQLITE_DONE)
		return rct_store_sql_error(b->s, "writing rows");
	return 0;
}

/* Write a full batch through the statement of RCT_BATCH_ROWS rows. */
static int
write_full(struct rct_batch *b)
{
	int rc;

	if (b->full == NULL && (rc = prepare(b, RCT_BATCH_ROWS, &b->full)) != 0)
		return rc;
	return write_rows(b, b->full);
}

int
rct_batch_row(struct rct_batch *b)
{
	if (b->failed || rct_buf_failed(&b->data))
		return rct_error(RCT_ENOMEM,
		    "a batch row is wrong or memory "
		    "ran out");
	if (b->nvalues % b->ncols != 0)
		return rct_error(RCT_EINVAL,
		    "a batch row has the wrong number "
		    "of values");
	if (b->nvalues == RCT_BATCH_ROWS * b->ncols)
		return write_full(b);
	return 0;
}

int
rct_batch_flush(struct rct_batch *b)
{
	sqlite3_stmt *st;
	int rc;

	if (b->nvalues == 0)
		return 0;
	if (b->nvalues == RCT_BATCH_ROWS * b->ncols)
		return write_full(b);
	if ((rc = prepare(b, b->nvalues / b->ncols, &st)) != 0)
		return rc;
	rc = write_rows(b, st);
	rct_store_stmt_done(b->s, st);
	return rc;
}

void
rct_batch_free(struct rct_batch *b)
{
	if (b == NULL)
		return;
	rct_store_stmt_done(b->s, b->full);
	rct_buf_release(&b->data);
	free(b->values);
	free(b->target);
	free(b);
}
