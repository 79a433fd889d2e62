/*
 * The tree the log's proofs are made from (proofs.h): every subtree of
 * the log, kept across transactions so that a proof costs O(log^2 n)
 * hashes and reading only the entries added since the last one.  A
 * store's own, or one that a server's read handles share, so that each
 * new entry is read and hashed once rather than once by every handle.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "merkle.h"
#include "proofs.h"
#include "store_internal.h"

struct rct_proofs {
	pthread_mutex_t lock;
	struct rct_merkle_tree tree;
};

int
rct_proofs_new(struct rct_proofs **out)
{
	struct rct_proofs *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (p == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	pthread_mutex_init(&p->lock, NULL);
	*out = p;
	return 0;
}

void
rct_proofs_free(struct rct_proofs *p)
{
	if (p == NULL)
		return;
	rct_merkle_tree_release(&p->tree);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

void
rct_proofs_share(struct rct_store *s, struct rct_proofs *p)
{
	s->shared_proofs = p;
}

struct rct_merkle_tree *
rct_proofs_hold(struct rct_store *s)
{
	if (s->shared_proofs == NULL)
		return &s->proofs;
	pthread_mutex_lock(&s->shared_proofs->lock);
	return &s->shared_proofs->tree;
}

void
rct_proofs_unhold(struct rct_store *s)
{
	if (s->shared_proofs != NULL)
		pthread_mutex_unlock(&s->shared_proofs->lock);
}

/*
 * Add the leaves of the entries read by st (seq, hash) to t.  With
 * contiguous set, an entry whose seq is not the next leaf's number stops
 * it: *gap is set and the caller starts again from the leaves.
 */
static int
add_leaves(struct rct_store *s, struct rct_merkle_tree *t, sqlite3_stmt *st,
    int contiguous, int *gap)
{
	rct_merkle_hash leaf;
	int rc;

	*gap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (contiguous &&
		    sqlite3_column_int64(st, 0) != (int64_t)t->size + 1) {
			*gap = 1;
			return 0;
		}
		rct_merkle_leaf(leaf, sqlite3_column_blob(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1));
		if (rct_merkle_tree_add(t, leaf) != 0)
			return rct_error(RCT_ENOMEM, "out of memory");
	}
	return rc == SQLITE_DONE ?
	    0 :
	    rct_store_sql_error(s, "reading the audit log");
}

/*
 * 1 when the entry numbered seq has the hash of t's leaf seq - 1 (an
 * entry's hash covers the one before it, so the chain up to there is the
 * same), 0 when not or when there is no such entry; -1 on an error.
 */
static int
leaf_matches(struct rct_store *s, const struct rct_merkle_tree *t, int64_t seq)
{
	rct_merkle_hash leaf;
	sqlite3_stmt *st;
	int same = 0, rc;

	if (rct_store_stmt(s, "SELECT hash FROM audit WHERE seq = ?", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, seq);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rct_merkle_leaf(leaf, sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
		same = memcmp(leaf, t->level[0][seq - 1], RCT_MERKLE_HASH) == 0;
	}
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rct_store_sql_error(s, "reading the audit log"), -1;
	return same;
}

/* The number of the log's last entry as of the open transaction. */
static int
log_size(struct rct_store *s, uint64_t *n)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if ((rc = rct_store_stmt(s, "SELECT max(seq) FROM audit", &st)) != 0)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = (uint64_t)sqlite3_column_int64(st, 0);
	rct_store_stmt_done(s, st);
	return rc == SQLITE_ROW ?
	    0 :
	    rct_store_sql_error(s, "reading the audit log");
}

/*
 * What t holds is checked first: the entry numbered its size must have
 * the hash of its last leaf, and the entries after it must follow in
 * order.  A shared tree may be ahead of this transaction (another handle
 * saw newer entries): it serves when the log's last entry here has the
 * hash of that leaf.  Anything else (a transaction rolled back after a
 * proof, another process's writes that do not extend it) and it is built
 * again from every entry.  The proofs are the same as from the leaves
 * (tests/unit/test_merkle.c); verify never uses this, it recomputes from
 * the entries.
 */
int
rct_proofs_sync(struct rct_store *s, struct rct_merkle_tree *t, uint64_t *size)
{
	sqlite3_stmt *st;
	int rc, gap = 0, same = 0;

	*size = 0;
	if (t->size > 0 && (same = leaf_matches(s, t, (int64_t)t->size)) < 0)
		return RCT_ESTORE;
	if (same) {
		if ((rc = rct_store_stmt(s,
			 "SELECT seq, hash FROM audit WHERE seq > ? ORDER BY "
			 "seq",
			 &st)) != 0)
			return rc;
		sqlite3_bind_int64(st, 1, (int64_t)t->size);
		rc = add_leaves(s, t, st, 1, &gap);
		rct_store_stmt_done(s, st);
		if (rc != 0)
			rct_merkle_tree_release(t);
		if (rc != 0 || !gap) {
			*size = t->size;
			return rc;
		}
	} else if (t->size > 0 && s->shared_proofs != NULL) {
		uint64_t n;

		if ((rc = log_size(s, &n)) != 0)
			return rc;
		if (n == 0 || n < t->size) {
			if (n > 0 &&
			    (same = leaf_matches(s, t, (int64_t)n)) < 0)
				return RCT_ESTORE;
			if (n == 0 || same) {
				*size = n;
				return 0;
			}
		}
	}
	rct_merkle_tree_release(t);
	if ((rc = rct_store_stmt(s, "SELECT seq, hash FROM audit ORDER BY seq",
		 &st)) != 0)
		return rc;
	rc = add_leaves(s, t, st, 0, &gap);
	rct_store_stmt_done(s, st);
	if (rc != 0)
		rct_merkle_tree_release(t);
	*size = t->size;
	return rc;
}
