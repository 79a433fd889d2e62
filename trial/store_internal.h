/*
 * What the files of trial/ share about the store: the SQLite handle and
 * the state of the current transaction.  Nothing outside trial/ includes
 * this header: only trial/ speaks SQL.
 */
#ifndef RCT_STORE_INTERNAL_H
#define RCT_STORE_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>

#include "identity.h"
#include "keys.h"
#include "merkle.h"
#include "protocol.h"
#include "store.h"
#include "wake.h"

/* The statements the open store keeps prepared (store_sql.c). */
#define RCT_STORE_STMTS 64

struct rct_store_stmt_slot {
	const char *sql; /* the caller's text (a string constant), or own */
	char *own; /* rct_store_stmt_text()'s copy of the text */
	sqlite3_stmt *st;
	uint64_t used; /* s->stmt_clock at the last hand-out, for LRU */
	int busy; /* handed out, not yet given back */
};

struct rct_store {
	sqlite3 *db;
	char *path;
	char keys_dir[4096];
	int memory; /* ":memory:": keys live only in memory */
	int writable;
	int in_tx;
	int reading; /* the transaction is rct_store_begin_read()'s */
	int migrate; /* an older schema, migrated in the first write */
	int schema_version; /* PRAGMA user_version when opened */
	struct rct_protocol *protocol;
	int64_t protocol_version;
	/* The protocol with its concealed part opened (concealed.c). */
	struct rct_protocol *open_protocol;
	int64_t open_version;
	struct rct_keys keys;
	/* rct_store_identity_keys(): the write transaction's, once made. */
	struct rct_identity_keys tx_identity;
	int tx_identity_made;
	/* The audit chain head as of the open transaction. */
	int64_t head_seq;
	unsigned char head_hash[32];
	char head_at[21]; /* the time of entry head_seq, "" before the first */
	int head_dirty; /* entries appended, head to sign */
	/* The log as a Merkle tree (checkpoint.c); tree_ok once loaded. */
	struct rct_merkle_frontier tree;
	int tree_ok;
	/*
	 * Every subtree of the log's tree, for proofs (checkpoint.c): kept
	 * across transactions and checked against the store at each use.
	 */
	struct rct_merkle_tree proofs;
	/* The one shared with other read handles instead, when set (proofs.c).
	 */
	struct rct_proofs *shared_proofs;
	/* What rct_store_savepoint() restores, while sp_open. */
	struct {
		int64_t head_seq;
		unsigned char head_hash[32];
		char head_at[21];
		int head_dirty;
		struct rct_merkle_frontier tree;
		int tree_ok;
	} sp;
	int sp_open;
	uint64_t commits;
	/*
	 * Deferred sync (store_sync.c): commits begun and ended on this
	 * handle, how many of them are on disk, whether a thread syncs now
	 * and whether a sync failed (all atomic, read by other threads);
	 * sync_wake moves whenever one of them does.  The WAL's descriptor
	 * and dir_synced belong to the thread that syncs.
	 */
	int defer_sync;
	_Atomic uint64_t sync_begun, sync_ended, sync_durable;
	_Atomic int syncing, sync_failed;
	struct rct_wake sync_wake;
	int dir_synced;
	int wal_fd; /* the WAL, kept open by the syncing thread, or -1 */
	struct rct_store_checkpointer *checkpointer; /* or NULL */
	char *protocol_b64; /* receipt.c: version 1's, once encoded */
	void *memo; /* rct_store_memo() */
	void (*memo_free)(void *memo);
	char origin[256];
	/* checkpoint.c: the init entry's signing key, once read. */
	unsigned char signing_pk[32];
	int signing_pk_known;
	/* Prepared statements kept across uses, keyed by their SQL. */
	struct rct_store_stmt_slot stmts[RCT_STORE_STMTS];
	int nstmts;
	uint64_t stmt_clock;
};

/* Long enough that concurrent staff wait rather than see "locked". */
#define BUSY_TIMEOUT_MS 60000

/*
 * store_sql.c: record the SQLite error of the last call on s and return
 * RCT_ESTORE, with what to do for a busy, read-only or full store.
 */
int rct_store_sql_error(struct rct_store *s, const char *what);

/* Prepare sql on s->db, recording an error on failure. */
int
rct_store_prepare(struct rct_store *s, sqlite3_stmt **stmt, const char *sql);

/*
 * A statement for sql from the store's cache, prepared once
 * (SQLITE_PREPARE_PERSISTENT) and reset with its bindings cleared, or
 * NULL with an error recorded.  sql must outlive the store (a string
 * constant): the cache keeps the pointer, compared before the text.
 * While it is in use, the same SQL asked for again (a nested use) gets a
 * statement of its own, prepared anew and finalized when given back.  The
 * least recently used of RCT_STORE_STMTS is finalized to make room.
 * Give every statement back with rct_store_stmt_done(), on every path,
 * errors included, so that none is left mid-step holding a read open.
 */
int rct_store_stmt(struct rct_store *s, const char *sql, sqlite3_stmt **st);

/* The same for SQL built at run time: the cache keeps a copy of the
 * text and compares only the text. */
int
rct_store_stmt_text(struct rct_store *s, const char *sql, sqlite3_stmt **st);

/* Give back a statement of rct_store_stmt(): reset (or finalized if it
 * was not cached), its bindings cleared; NULL is a no-op. */
void rct_store_stmt_done(struct rct_store *s, sqlite3_stmt *st);

/* Finalize every cached statement (before the database is closed). */
void rct_store_stmt_clear(struct rct_store *s);

/* store_sync.c: around each commit, and at the handle's close. */
void rct_store_sync_commit_begins(struct rct_store *s);
void rct_store_sync_commit_ends(struct rct_store *s);
void rct_store_sync_close(struct rct_store *s);

/* store_checkpointer.c: its thread stopped, before the handle closes. */
void rct_store_checkpointer_stop(struct rct_store *s);

/* Run SQL without results (schema, pragmas). */
int rct_store_exec(struct rct_store *s, const char *sql);

/* Apply migrations from the store's version up to RCT_SCHEMA_VERSION. */
int rct_store_schema_migrate(struct rct_store *s, int from);

/*
 * Compare the store's schema objects (tables, indexes, triggers, views)
 * with exactly those that migrations 0 to version - 1 create: RCT_ECHECK
 * naming the first object added, removed or altered outside the toolkit.
 */
int rct_store_schema_check_objects(struct rct_store *s, int version)
    __attribute__((warn_unused_result));

/* Load the protocol in force from the store into s->protocol. */
int rct_store_load_protocol(struct rct_store *s);

#endif
