/*
 * Unit tests of the deferred sync (trial/store_sync.c): without deferral
 * a sync has nothing to wait for; deferred, a commit is counted, the
 * handle commits with synchronous = NORMAL, and rct_store_sync() puts
 * what was committed on disk; a sync asked for a commit still under way
 * waits for it (and for no later one), and many waiters for one commit
 * are all woken by its end; a failed sync fails every later
 * one with a message, never claiming what it could not do, and a WAL
 * that would not open fails that sync alone.  The
 * checkpointer apart (rct_store_checkpoint_apart) copies a WAL of more
 * than 1,000 frames into the database by itself, and stops at close.  The
 * witnesses are asked only once what they are to cosign is on disk.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "protocol.h"
#include "store.h"
#include "store_internal.h"
#include "unit.h"
#include "witness_client.h"

struct fixture {
	char dir[64];
	char path[96];
	struct rct_protocol *p;
	struct rct_store *s;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	rct_error_clear();
	if (f == NULL)
		return -1;
	*state = f;
	snprintf(f->dir, sizeof(f->dir), "/tmp/rct-sync-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	return unit_store_new_at(&f->p, &f->s, unit_protocol_simple, f->path);
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	if (f != NULL) {
		rct_store_close(f->s);
		rct_protocol_free(f->p);
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
		if (f->dir[0] && system(cmd) != 0)
			fprintf(stderr, "teardown: cannot remove %s\n", f->dir);
		free(f);
	}
	rct_error_clear();
	return 0;
}

/* One committed write: a meta row. */
static int
write_one(struct rct_store *s, const char *value)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_begin(s)) != 0)
		return rc;
	if ((rc = rct_store_stmt(s,
		 "INSERT OR REPLACE INTO meta(key, value) VALUES ('t', ?)",
		 &st)) != 0) {
		rct_store_rollback(s);
		return rc;
	}
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_DONE) {
		rct_store_rollback(s);
		return -1;
	}
	return rct_store_commit(s);
}

static void
test_not_deferred(void **state)
{
	struct fixture *f = *state;
	uint64_t before = rct_store_commits_begun(f->s);

	assert_int_equal(unit_sql_int(f->s, "PRAGMA synchronous"),
	    2); /* FULL */
	assert_int_equal(write_one(f->s, "a"), 0);
	assert_int_equal(rct_store_commits_begun(f->s), before + 1);
	/* Each commit waited for the disk: nothing to wait for, even ahead. */
	assert_int_equal(rct_store_sync(f->s, before + 1000), 0);
}

static void
test_deferred(void **state)
{
	struct fixture *f = *state;
	uint64_t n;

	assert_int_equal(rct_store_defer_sync(f->s), 0);
	assert_int_equal(rct_store_defer_sync(f->s), 0); /* once is enough */
	assert_int_equal(unit_sql_int(f->s, "PRAGMA synchronous"),
	    1); /* NORMAL */
	assert_int_equal(write_one(f->s, "b"), 0);
	assert_int_equal(write_one(f->s, "c"), 0);
	n = rct_store_commits_begun(f->s);
	assert_true(f->s->sync_durable < n);
	assert_int_equal(rct_store_sync(f->s, n), 0);
	assert_int_equal(f->s->sync_durable, n);
	assert_true(f->s->dir_synced);
	/* Asked again, or for less, it is done at once. */
	assert_int_equal(rct_store_sync(f->s, n), 0);
	assert_int_equal(rct_store_sync(f->s, 1), 0);
	assert_int_equal(f->s->sync_durable, n);
}

struct waiter {
	struct rct_store *s;
	uint64_t upto;
	atomic_int done;
	int rc;
};

static void *
wait_sync(void *arg)
{
	struct waiter *w = arg;

	w->rc = rct_store_sync(w->s, w->upto);
	rct_error_clear();
	atomic_store(&w->done, 1);
	return NULL;
}

static void
test_waits_for_commit(void **state)
{
	struct fixture *f = *state;
	struct timespec pause = {0, 50 * 1000 * 1000};
	struct waiter w;
	pthread_t t;

	assert_int_equal(rct_store_defer_sync(f->s), 0);
	memset(&w, 0, sizeof(w));
	w.s = f->s;
	/* The next commit, not yet begun: the waiter must wait for it. */
	w.upto = rct_store_commits_begun(f->s) + 1;
	assert_int_equal(pthread_create(&t, NULL, wait_sync, &w), 0);
	nanosleep(&pause, NULL);
	assert_int_equal(atomic_load(&w.done), 0);
	assert_int_equal(write_one(f->s, "d"), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(w.rc, 0);
	assert_int_equal(f->s->sync_durable, w.upto);
}

/*
 * Many waiters for one commit not yet begun (a server's group commit):
 * its end wakes every one of them, none returns before it, and one sync
 * serves them all.
 */
static void
test_many_wait_for_one_commit(void **state)
{
	struct fixture *f = *state;
	struct timespec pause = {0, 50 * 1000 * 1000};
	struct waiter w[16];
	pthread_t t[16];
	size_t i, n = sizeof(w) / sizeof(w[0]);

	assert_int_equal(rct_store_defer_sync(f->s), 0);
	for (i = 0; i < n; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].s = f->s;
		w[i].upto = rct_store_commits_begun(f->s) + 1;
		assert_int_equal(pthread_create(&t[i], NULL, wait_sync, &w[i]),
		    0);
	}
	nanosleep(&pause, NULL);
	for (i = 0; i < n; i++)
		assert_int_equal(atomic_load(&w[i].done), 0);
	assert_int_equal(atomic_load(&f->s->sync_wake.waiters), (int)n);
	assert_int_equal(write_one(f->s, "m"), 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(w[i].rc, 0);
	}
	assert_int_equal(f->s->sync_durable, w[0].upto);
	assert_int_equal(atomic_load(&f->s->sync_wake.waiters), 0);
	assert_int_equal(atomic_load(&f->s->syncing), 0);
}

static void
test_failed_is_sticky(void **state)
{
	struct fixture *f = *state;
	uint64_t n;

	assert_int_equal(rct_store_defer_sync(f->s), 0);
	assert_int_equal(write_one(f->s, "e"), 0);
	assert_int_equal(rct_store_sync(f->s, rct_store_commits_begun(f->s)),
	    0);
	assert_int_equal(write_one(f->s, "e2"), 0);
	n = rct_store_commits_begun(f->s);
	/* As sync_wal() records an fdatasync that failed. */
	f->s->sync_failed = EIO;
	assert_int_not_equal(rct_store_sync(f->s, n), 0);
	assert_non_null(
	    strstr(unit_messages(), "could not be written to disk"));
	assert_true(f->s->sync_durable < n);
	rct_error_clear();
	/* Even what was on disk before is no longer vouched for. */
	assert_int_not_equal(rct_store_sync(f->s, 1), 0);
}

static off_t
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

/* Commit meta row key = value on s. */
static void
put_row(struct rct_store *s, const char *key, const char *value)
{
	sqlite3_stmt *st;

	assert_int_equal(rct_store_begin(s), 0);
	assert_int_equal(rct_store_stmt(s,
			     "INSERT INTO meta(key, value) VALUES (?, ?)", &st),
	    0);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	rct_store_stmt_done(s, st);
	assert_int_equal(rct_store_commit(s), 0);
}

/*
 * Nonzero when the store's database file alone, without its WAL (a copy
 * of it opened by itself), holds meta row key.
 */
static int
alone_holds(const struct fixture *f, const char *key)
{
	char copy[128], buf[65536];
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	FILE *in, *out;
	size_t n;
	int found = 0;

	snprintf(copy, sizeof(copy), "%s/alone.db", f->dir);
	assert_non_null(in = fopen(f->path, "rb"));
	assert_non_null(out = fopen(copy, "wb"));
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
	if (sqlite3_open_v2(copy, &db, SQLITE_OPEN_READONLY, NULL) ==
		SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT 1 FROM meta WHERE key = ?", -1, &st,
		NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		found = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	unlink(copy);
	return found;
}

static void
test_checkpoint_apart(void **state)
{
	struct fixture *f = *state;
	struct timespec pause = {0, 10 * 1000 * 1000};
	char value[3000];
	off_t before;
	int i, waited;

	assert_int_equal(rct_store_defer_sync(f->s), 0);
	assert_int_equal(rct_store_checkpoint_apart(f->s), 0);
	assert_int_equal(rct_store_checkpoint_apart(f->s), 0); /* one */
	before = file_size(f->path);
	assert_true(before > 0);
	/* Over 1,000 pages of rows, in the WAL first. */
	for (i = 0; i < 1200; i++) {
		sqlite3_stmt *st;

		memset(value, 'a' + i % 26, sizeof(value) - 1);
		value[sizeof(value) - 1] = '\0';
		assert_int_equal(rct_store_begin(f->s), 0);
		assert_int_equal(rct_store_stmt(f->s,
				     "INSERT INTO meta(key, value) VALUES "
				     "(printf('k%d', ?), ?)",
				     &st),
		    0);
		sqlite3_bind_int(st, 1, i);
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		rct_store_stmt_done(f->s, st);
		assert_int_equal(rct_store_commit(f->s), 0);
	}
	/* The thread copies them into the database (bounded wait). */
	for (waited = 0; waited < 500 && file_size(f->path) <= before; waited++)
		nanosleep(&pause, NULL);
	assert_true(file_size(f->path) > before);
	assert_int_equal(rct_store_sync(f->s, rct_store_commits_begun(f->s)),
	    0);
	/* Closing stops the thread (teardown; ASan and valgrind watch). */
}

/*
 * A few rows, far fewer frames than 1,000: once the commits pause (a
 * second), they are copied too, so that the database file alone holds
 * them and the next write can start the WAL afresh.
 */
static void
test_checkpoint_when_idle(void **state)
{
	struct fixture *f = *state;
	int waited;

	assert_int_equal(rct_store_defer_sync(f->s), 0);
	assert_int_equal(rct_store_checkpoint_apart(f->s), 0);
	put_row(f->s, "first", "a row");
	put_row(f->s, "tail", "the last row");
	assert_false(alone_holds(f, "tail")); /* in the WAL only, so far */
	for (waited = 0; waited < 50 && !alone_holds(f, "tail"); waited++)
		nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
	assert_true(alone_holds(f, "tail"));
	assert_true(waited >= 5); /* not at once: after the pause */
	assert_int_equal(rct_store_sync(f->s, rct_store_commits_begun(f->s)),
	    0);
}

static void
test_witnesses_after_sync(void **state)
{
	struct fixture *f = *state;
	struct rct_buf lines = RCT_BUF_INIT, why = RCT_BUF_INIT;
	uint64_t n;

	assert_int_equal(rct_store_defer_sync(f->s), 0);
	assert_int_equal(write_one(f->s, "w"), 0);
	n = rct_store_commits_begun(f->s);
	assert_true(f->s->sync_durable < n);
	assert_int_equal(rct_witness_client_collect(f->s, &lines, &why), 0);
	assert_int_equal(f->s->sync_durable, n);
	rct_buf_release(&lines);
	rct_buf_release(&why);
}

/* A WAL that will not open fails that sync alone, not every later one. */
static void
test_unopened_is_not_sticky(void **state)
{
	struct fixture *f = *state;
	char wal[128], aside[140];
	uint64_t n;

	assert_int_equal(rct_store_defer_sync(f->s), 0);
	assert_int_equal(write_one(f->s, "u"), 0);
	n = rct_store_commits_begun(f->s);
	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	snprintf(aside, sizeof(aside), "%s-wal.aside", f->path);
	/* A link to itself where the WAL is: open() gives ELOOP. */
	assert_int_equal(rename(wal, aside), 0);
	assert_int_equal(symlink(wal, wal), 0);
	assert_int_not_equal(rct_store_sync(f->s, n), 0);
	assert_non_null(strstr(unit_messages(), "would not open"));
	assert_true(f->s->sync_durable < n);
	assert_int_equal(f->s->sync_failed, 0);
	rct_error_clear();
	assert_int_equal(unlink(wal), 0);
	assert_int_equal(rename(aside, wal), 0);
	assert_int_equal(rct_store_sync(f->s, n), 0);
	assert_int_equal(f->s->sync_durable, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_not_deferred, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deferred, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_waits_for_commit, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_many_wait_for_one_commit,
		setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_is_sticky, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_unopened_is_not_sticky, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_checkpoint_when_idle, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_checkpoint_apart, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_witnesses_after_sync, setup,
		teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
