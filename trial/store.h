/*
 * The trial store: one SQLite file per trial (DESIGN.md, "Store").
 *
 * WAL mode, foreign keys on, synchronous=FULL, a busy timeout so that
 * several site staff can write at once, and PRAGMA user_version with
 * numbered migrations (schema.c).  Every change runs between
 * rct_store_begin() (BEGIN IMMEDIATE, so two writers never interleave) and
 * rct_store_commit(), which signs the new head of the audit log in the same
 * transaction.  Only trial/ speaks SQL; the other modules use the
 * functions declared here and in the headers beside it.
 */
#ifndef RCT_STORE_H
#define RCT_STORE_H

#include <stdint.h>

#include "keys.h"
#include "protocol.h"

struct rct_store;

enum rct_store_flags {
	RCT_STORE_READ = 0,
	RCT_STORE_WRITE = 1 << 0,
	/* Reading: open a store of an older schema too (verify judges it). */
	RCT_STORE_ANY_SCHEMA = 1 << 1,
};

/* The schema this build writes; older stores are migrated on open. */
#define RCT_SCHEMA_VERSION 5

/* What trial init is given, and what it tells the researcher. */
struct rct_store_init {
	/* In: the linkage officer's public key, or NULL to make a pair. */
	const unsigned char *linkage_pk;
	/* Out: the commitment to the secret and the fingerprint (hex). */
	char commitment[65];
	char fingerprint[65];
	/* Out: the hashes of the protocol as stored and of its concealed
	 * part ("none" when it has none). */
	char protocol_hash[65];
	char concealed_hash[65];
	/* Out: where the linkage key's secret half went, or "". */
	char linkage_key[4096];
};

/*
 * Create a new store at path from a checked protocol, with fresh keys in
 * the keys directory beside it (or held in memory only for ":memory:").
 * Records the init entry (protocol hash, commitment, public keys, the
 * pseudonym key's check value) in the audit log.  When no linkage public
 * key is given, a linkage key pair is made and its secret half written to
 * NAME.linkage.key beside the store, for the linkage officer to take away.
 * On success *out is open for writing; free it with rct_store_close().
 */
int rct_store_create(struct rct_store **out, const char *path,
    const struct rct_protocol *p, struct rct_store_init *init);

/* Open an existing store, migrating an older schema when writing. */
int rct_store_open(struct rct_store **out, const char *path, unsigned flags);

/*
 * For a process whose threads use stores at once (the web service),
 * before its first store is opened: SQLite keeps no memory statistics,
 * which take one mutex of the whole process on every allocation of every
 * connection, and keeps a transaction's savepoints in memory up to 16
 * MiB (a server's group commit holds one a request).  0, or RCT_ESTORE
 * when SQLite is already in use.
 */
int rct_store_many_threads(void);

/* Close; an open transaction is rolled back; secrets are wiped. */
void rct_store_close(struct rct_store *s);

int rct_store_begin(struct rct_store *s);
int rct_store_commit(struct rct_store *s);
void rct_store_rollback(struct rct_store *s);

/*
 * A read transaction (BEGIN, deferred), for a server's pages that only
 * read: with WAL it neither waits for a writer nor makes one wait, and it
 * commits without writing.  For its length any statement that would
 * write is refused when it is prepared (as PRAGMA query_only would, but
 * without expiring every statement the store keeps prepared each time it
 * is set).  rct_store_commit() and
 * rct_store_rollback() end it.  A store with a migration still to do gets
 * a write transaction instead.
 */
int rct_store_begin_read(struct rct_store *s);

/* Nonzero while the open transaction is a read transaction. */
int rct_store_reading(const struct rct_store *s);

/* Nonzero while a transaction is open. */
int rct_store_in_transaction(const struct rct_store *s);

/*
 * One savepoint inside the open write transaction, for a server that
 * commits several requests together (web/server.c): each request's work
 * between rct_store_savepoint() and rct_store_savepoint_release() is kept,
 * or undone alone by rct_store_savepoint_rollback(), which also restores
 * the audit head and tree the store holds in memory, so that what others
 * wrote before it in the same transaction stays and commits with it.  A
 * savepoint takes the time anew (rct_text_now_hold): each request's
 * entries carry its own time, not the transaction's.  One level only; a
 * commit or rollback inside ends it, and release and rollback then do
 * nothing (rct_store_commits tells that it happened).
 */
int rct_store_savepoint(struct rct_store *s);
int rct_store_savepoint_release(struct rct_store *s);
void rct_store_savepoint_rollback(struct rct_store *s);

/* How many transactions this handle has committed since it was opened. */
uint64_t rct_store_commits(const struct rct_store *s);

/*
 * One memo that code above the store keeps with the open handle, across
 * its transactions (the randomizer's walk through each stratum's blocks,
 * randomizer/assign.c): what was set, or NULL.  Setting replaces it, the
 * old one given to its free function; closing the handle frees it.  The
 * free function must wipe what is secret in it.
 */
void *rct_store_memo(const struct rct_store *s);
void rct_store_memo_set(struct rct_store *s, void *memo,
    void (*free_fn)(void *memo));

/* The protocol in force (the latest amendment). */
const struct rct_protocol *rct_store_protocol(const struct rct_store *s);

/*
 * The identity keys of the open write transaction: the pseudonym key and
 * one ephemeral key pair with its shared key (identity.h), made at the
 * first call of the transaction and wiped when it ends, so that every
 * number the transaction seals (an import's million rows, or the
 * enrolments a server commits together) costs one key exchange, and no
 * shared key outlives it.  -1 with an error outside a write transaction
 * or when the linkage public key is not a valid key.
 */
struct rct_identity_keys;
int rct_store_identity_keys(struct rct_store *s,
    const struct rct_identity_keys **out) __attribute__((warn_unused_result));

/* The keys, loading the kinds asked for from the keys directory. */
int rct_store_keys(struct rct_store *s, unsigned which,
    const struct rct_keys **out);

const char *rct_store_path(const struct rct_store *s);

/* A meta value ("trial", "commitment", "signing_key", ...); caller frees. */
int rct_store_meta(struct rct_store *s, const char *key, char **value);

/* Record p as the protocol in force from now on (within a write). */
int rct_store_adopt_protocol(struct rct_store *s, const struct rct_protocol *p,
    const char *reason);

/*
 * Group commit for a server that answers only what is on disk.  After
 * rct_store_defer_sync(), a commit on s writes the log (the WAL) without
 * waiting for the disk (synchronous = NORMAL), so that the next
 * transaction need not wait for it either; rct_store_sync(s, upto) then
 * returns once every commit begun up to the upto-th is on disk
 * (fdatasync of the WAL), syncing if need be and waiting for a commit
 * still under way.  What SQLite stores is as safe as with synchronous =
 * FULL once rct_store_sync() has returned: a response shows nothing
 * before.  rct_store_commits_begun() and rct_store_sync() may be called
 * from any thread, beside the one that uses s; a sync that fails fails
 * every later one (what is on disk is then unknown).  Without deferral
 * rct_store_sync() returns 0 at once: each commit waited for the disk.
 */
int rct_store_defer_sync(struct rct_store *s);
uint64_t rct_store_commits_begun(struct rct_store *s);
int rct_store_sync(struct rct_store *s, uint64_t upto);

/*
 * For a server: the WAL of s is copied into the database by a thread of
 * its own, on a connection of its own, each time 1,000 new frames are in
 * it, rather than by the commit that crosses that (SQLite's way, a pause
 * of milliseconds in the middle of a server's queue of writers), and
 * once the commits pause for a second, so that the next write can start
 * the WAL afresh.  Stopped when s closes.
 */
int rct_store_checkpoint_apart(struct rct_store *s);

/* Raise SQLite's page cache for a bulk load inside this transaction. */
void rct_store_bulk(struct rct_store *s);

#endif
