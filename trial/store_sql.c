/*
 * The SQLite helpers every file of trial/ uses: preparing, running and
 * reporting the error of a statement, the cache of statements kept
 * prepared by the open store, and reading one meta value.  They
 * live apart from store.c (opening, creating, transactions), so that the
 * files store.c itself calls (schema.c, audit.c, batch.c) depend on these
 * and not back on store.c.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "store_internal.h"

int
rct_store_sql_error(struct rct_store *s, const char *what)
{
	int code = sqlite3_extended_errcode(s->db);

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return rct_error(RCT_ESTORE,
		    "store '%s' stayed busy for %d s "
		    "while %s; try again",
		    s->path, BUSY_TIMEOUT_MS / 1000, what);
	if ((code & 0xff) == SQLITE_READONLY)
		return rct_error(RCT_ESTORE,
		    "store '%s' is read-only for this user (its file, or "
		    "the directory that holds it, cannot be written): %s; "
		    "nothing was written",
		    s->path, what);
	if ((code & 0xff) == SQLITE_FULL)
		return rct_error(RCT_ESTORE,
		    "the disk is full while %s in "
		    "'%s'; nothing was written",
		    what, s->path);
	if ((code & 0xff) == SQLITE_IOERR)
		return rct_error(RCT_ESTORE,
		    "store '%s': the disk refused a write while %s (is it "
		    "full, or the file too large?); nothing was written",
		    s->path, what);
	return rct_error(RCT_ESTORE, "store '%s': %s while %s", s->path,
	    sqlite3_errmsg(s->db), what);
}

/*
 * Inside a read transaction, refuse a statement that would write (and
 * give it back): what PRAGMA query_only did, checked here because
 * setting that pragma expires every prepared statement, so that the
 * cache below would prepare each again after every read.
 */
static int
refuse_write(struct rct_store *s, sqlite3_stmt **st, int kept)
{
	if (!s->reading || sqlite3_stmt_readonly(*st))
		return 0;
	if (kept)
		rct_store_stmt_done(s, *st);
	else
		sqlite3_finalize(*st);
	*st = NULL;
	return rct_error(RCT_ESTORE,
	    "store '%s': attempt to write a readonly database while "
	    "preparing a query",
	    s->path);
}

int
rct_store_prepare(struct rct_store *s, sqlite3_stmt **stmt, const char *sql)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, stmt, NULL) != SQLITE_OK) {
		*stmt = NULL;
		return rct_store_sql_error(s, "preparing a query");
	}
	return refuse_write(s, stmt, 0);
}

/* Empty slot for a statement: a new one, or the least recently used of
 * those not in use, finalized; NULL when every one is in use. */
static struct rct_store_stmt_slot *
free_slot(struct rct_store *s)
{
	struct rct_store_stmt_slot *slot = NULL;
	int i;

	if (s->nstmts < RCT_STORE_STMTS)
		return &s->stmts[s->nstmts++];
	for (i = 0; i < s->nstmts; i++) {
		struct rct_store_stmt_slot *e = &s->stmts[i];

		if (!e->busy && (slot == NULL || e->used < slot->used))
			slot = e;
	}
	if (slot) {
		sqlite3_finalize(slot->st);
		free(slot->own);
		memset(slot, 0, sizeof(*slot));
	}
	return slot;
}

/* Give back a slot that free_slot() returned: the last fills its hole. */
static void
drop_slot(struct rct_store *s, struct rct_store_stmt_slot *slot)
{
	*slot = s->stmts[--s->nstmts];
	memset(&s->stmts[s->nstmts], 0, sizeof(*slot));
}

/* rct_store_stmt(), and with copy the cache keeping its own copy of sql
 * and comparing only the text (SQL built at run time). */
static int
cached(struct rct_store *s, const char *sql, int copy, sqlite3_stmt **st)
{
	struct rct_store_stmt_slot *slot;
	int i;

	*st = NULL;
	for (i = 0; i < s->nstmts; i++) {
		struct rct_store_stmt_slot *e = &s->stmts[i];

		if ((copy || e->sql != sql) && strcmp(e->sql, sql) != 0)
			continue;
		if (e->busy) /* a nested use: one of its own */
			return rct_store_prepare(s, st, sql);
		e->busy = 1;
		e->used = ++s->stmt_clock;
		sqlite3_reset(e->st);
		sqlite3_clear_bindings(e->st);
		*st = e->st;
		return refuse_write(s, st, 1);
	}
	if ((slot = free_slot(s)) == NULL) /* every one in use */
		return rct_store_prepare(s, st, sql);
	if (copy && (slot->own = strdup(sql)) == NULL) {
		drop_slot(s, slot);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
		NULL) != SQLITE_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
		free(slot->own);
		drop_slot(s, slot);
		return rct_store_sql_error(s, "preparing a query");
	}
	slot->sql = copy ? slot->own : sql;
	slot->st = *st;
	slot->busy = 1;
	slot->used = ++s->stmt_clock;
	return refuse_write(s, st, 1);
}

int
rct_store_stmt(struct rct_store *s, const char *sql, sqlite3_stmt **st)
{
	return cached(s, sql, 0, st);
}

int
rct_store_stmt_text(struct rct_store *s, const char *sql, sqlite3_stmt **st)
{
	return cached(s, sql, 1, st);
}

void
rct_store_stmt_done(struct rct_store *s, sqlite3_stmt *st)
{
	int i;

	if (st == NULL)
		return;
	for (i = 0; i < s->nstmts; i++)
		if (s->stmts[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			s->stmts[i].busy = 0;
			return;
		}
	sqlite3_finalize(st);
}

void
rct_store_stmt_clear(struct rct_store *s)
{
	int i;

	for (i = 0; i < s->nstmts; i++) {
		sqlite3_finalize(s->stmts[i].st);
		free(s->stmts[i].own);
	}
	memset(s->stmts, 0, sizeof(s->stmts));
	s->nstmts = 0;
}

int
rct_store_exec(struct rct_store *s, const char *sql)
{
	if (s->reading)
		return rct_error(RCT_ESTORE,
		    "store '%s': attempt to write a readonly database while "
		    "updating the schema",
		    s->path);
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return rct_store_sql_error(s, "updating the schema");
	return 0;
}

int
rct_store_meta(struct rct_store *s, const char *key, char **value)
{
	sqlite3_stmt *st;
	int rc;

	*value = NULL;
	if ((rc = rct_store_prepare(s, &st,
		 "SELECT value FROM meta WHERE "
		 "key = ?")) != 0)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*value = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (*value == NULL)
		return rct_error(RCT_ENOTFOUND, "store '%s' has no %s", s->path,
		    key);
	return 0;
}
