/*
 * Unit tests of the statements the open store keeps prepared
 * (trial/store_sql.c, rct_store_stmt): the same SQL gets the same
 * statement back, reset and unbound (and SQL built at run time by its
 * text, not its buffer); the least recently used is evicted
 * once the cache is full; a nested use of the same SQL gets one of its
 * own; a statement given back after an error holds no read open; a
 * read transaction refuses writes without expiring the cache; and
 * closing the store finalizes every one.
 */
#include <stdio.h>
#include <stdlib.h>

#include "protocol.h"
#include "store.h"
#include "store_internal.h"
#include "unit.h"

static int
setup(void **state)
{
	return unit_store_setup(state, unit_protocol_simple);
}

/* How many statements are prepared on the store's connection. */
static int
count_stmts(struct rct_store *s)
{
	sqlite3_stmt *st = NULL;
	int n = 0;

	while ((st = sqlite3_next_stmt(s->db, st)) != NULL)
		n++;
	return n;
}

static const char select_param[] = "SELECT ?1";

static void
test_hit(void **state)
{
	struct unit_store *f = *state;
	sqlite3_stmt *a, *b;
	char copy[sizeof(select_param)];
	int n0 = count_stmts(f->s);

	assert_int_equal(rct_store_stmt(f->s, select_param, &a), 0);
	sqlite3_bind_int(a, 1, 7);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(a, 0), 7);
	/* Given back mid-step: reset, and its binding cleared. */
	rct_store_stmt_done(f->s, a);
	assert_int_equal(sqlite3_stmt_busy(a), 0);
	/* The same text at another address finds it too. */
	memcpy(copy, select_param, sizeof(copy));
	assert_int_equal(rct_store_stmt(f->s, copy, &b), 0);
	assert_ptr_equal(a, b);
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(b, 0), SQLITE_NULL);
	rct_store_stmt_done(f->s, b);
	assert_int_equal(count_stmts(f->s), n0 + 1);
}

/* SQL built at run time: the cache keeps its own copy of the text. */
static void
test_text(void **state)
{
	struct unit_store *f = *state;
	sqlite3_stmt *a, *b;
	char sql[32];

	snprintf(sql, sizeof(sql), "SELECT %d", 41);
	assert_int_equal(rct_store_stmt_text(f->s, sql, &a), 0);
	rct_store_stmt_done(f->s, a);
	/* The same buffer with another text is another statement. */
	snprintf(sql, sizeof(sql), "SELECT %d", 42);
	assert_int_equal(rct_store_stmt_text(f->s, sql, &b), 0);
	assert_ptr_not_equal(a, b);
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(b, 0), 42);
	rct_store_stmt_done(f->s, b);
	snprintf(sql, sizeof(sql), "SELECT %d", 41);
	assert_int_equal(rct_store_stmt_text(f->s, sql, &b), 0);
	assert_ptr_equal(a, b);
	memset(sql, 0, sizeof(sql));
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(b, 0), 41);
	rct_store_stmt_done(f->s, b);
}

static void
test_eviction(void **state)
{
	struct unit_store *f = *state;
	static char sql[RCT_STORE_STMTS + 1][32];
	sqlite3_stmt *st, *first;
	int i;

	rct_store_stmt_clear(f->s);
	for (i = 0; i <= RCT_STORE_STMTS; i++) {
		snprintf(sql[i], sizeof(sql[i]), "SELECT %d", i);
		assert_int_equal(rct_store_stmt(f->s, sql[i], &st), 0);
		if (i == 0)
			first = st;
		rct_store_stmt_done(f->s, st);
		if (i < RCT_STORE_STMTS) {
			/* "SELECT 0" used after each: "SELECT 1" is the
			 * least recently used when the cache is full. */
			assert_int_equal(rct_store_stmt(f->s, sql[0], &st), 0);
			rct_store_stmt_done(f->s, st);
		}
	}
	assert_int_equal(f->s->nstmts, RCT_STORE_STMTS);
	assert_int_equal(count_stmts(f->s), RCT_STORE_STMTS);
	/* "SELECT 0" was kept, "SELECT 1" evicted and finalized. */
	for (i = 0; i < f->s->nstmts; i++)
		assert_string_not_equal(f->s->stmts[i].sql, sql[1]);
	assert_int_equal(rct_store_stmt(f->s, sql[0], &st), 0);
	assert_ptr_equal(st, first);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	rct_store_stmt_done(f->s, st);
}

static void
test_nested(void **state)
{
	struct unit_store *f = *state;
	sqlite3_stmt *outer, *inner;
	int n0 = count_stmts(f->s);

	assert_int_equal(rct_store_stmt(f->s, select_param, &outer), 0);
	sqlite3_bind_int(outer, 1, 1);
	assert_int_equal(sqlite3_step(outer), SQLITE_ROW);
	assert_int_equal(rct_store_stmt(f->s, select_param, &inner), 0);
	assert_ptr_not_equal(outer, inner);
	sqlite3_bind_int(inner, 1, 2);
	assert_int_equal(sqlite3_step(inner), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(inner, 0), 2);
	/* The outer one is untouched by the inner use. */
	assert_int_equal(sqlite3_column_int(outer, 0), 1);
	rct_store_stmt_done(f->s, inner); /* finalized: not cached */
	assert_int_equal(count_stmts(f->s), n0 + 1);
	rct_store_stmt_done(f->s, outer);
	assert_int_equal(rct_store_stmt(f->s, select_param, &inner), 0);
	assert_ptr_equal(outer, inner);
	rct_store_stmt_done(f->s, inner);
	rct_store_stmt_done(f->s, NULL);
}

static void
test_error(void **state)
{
	struct unit_store *f = *state;
	sqlite3_stmt *st;
	int n0 = count_stmts(f->s);

	/* A query that does not prepare: an error, nothing cached. */
	assert_int_not_equal(rct_store_stmt(f->s, "SELECT FROM nowhere", &st),
	    0);
	assert_null(st);
	assert_in_messages("preparing a query");
	assert_int_equal(count_stmts(f->s), n0);
	/* A step that fails (a constraint), given back: nothing is left
	 * running, and no transaction is open. */
	assert_int_equal(
	    rct_store_stmt(f->s,
		"INSERT INTO meta(key, value) VALUES ('trial', 'x')", &st),
	    0);
	assert_int_equal(sqlite3_step(st) & 0xff, SQLITE_CONSTRAINT);
	rct_store_stmt_done(f->s, st);
	assert_int_equal(sqlite3_stmt_busy(st), 0);
	assert_int_equal(sqlite3_get_autocommit(f->s->db), 1);
	/* A read left mid-step and given back holds no read open. */
	assert_int_equal(rct_store_stmt(f->s, "SELECT key FROM meta", &st), 0);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	rct_store_stmt_done(f->s, st);
	for (st = sqlite3_next_stmt(f->s->db, NULL); st != NULL;
	     st = sqlite3_next_stmt(f->s->db, st))
		assert_int_equal(sqlite3_stmt_busy(st), 0);
}

/* Inside a read transaction a statement that would write is refused,
 * and every one the store keeps stays prepared (not expired). */
static void
test_reading(void **state)
{
	struct unit_store *f = *state;
	static const char insert[] =
	    "INSERT INTO meta(key, value) VALUES ('x', 'y')";
	sqlite3_stmt *st;

	assert_int_equal(rct_store_stmt(f->s, select_param, &st), 0);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	rct_store_stmt_done(f->s, st);
	assert_int_equal(rct_store_begin_read(f->s), 0);
	assert_int_equal(rct_store_reading(f->s), 1);
	assert_int_not_equal(rct_store_stmt(f->s, insert, &st), 0);
	assert_null(st);
	assert_in_messages("attempt to write a readonly database");
	assert_int_not_equal(rct_store_prepare(f->s, &st, insert), 0);
	assert_null(st);
	assert_int_equal(rct_store_stmt(f->s, select_param, &st), 0);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	rct_store_stmt_done(f->s, st);
	assert_int_equal(rct_store_commit(f->s), 0);
	assert_int_equal(sqlite3_stmt_status(st, SQLITE_STMTSTATUS_REPREPARE,
			     0),
	    0);
	/* Writing again once the read is over. */
	assert_int_equal(rct_store_stmt(f->s, insert, &st), 0);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	rct_store_stmt_done(f->s, st);
	for (st = sqlite3_next_stmt(f->s->db, NULL); st != NULL;
	     st = sqlite3_next_stmt(f->s->db, st))
		assert_int_equal(sqlite3_stmt_busy(st), 0);
}

static void
test_close(void **state)
{
	struct unit_store *f = *state;
	sqlite3_stmt *st;
	sqlite3_int64 before;

	assert_int_equal(rct_store_stmt(f->s, select_param, &st), 0);
	rct_store_stmt_done(f->s, st);
	assert_int_not_equal(count_stmts(f->s), 0);
	/* Clearing finalizes every cached statement. */
	rct_store_stmt_clear(f->s);
	assert_null(sqlite3_next_stmt(f->s->db, NULL));
	/* Closing with statements cached frees all SQLite held: a close
	 * that failed (statements left) would keep the connection. */
	rct_store_close(f->s);
	rct_protocol_free(f->p);
	before = sqlite3_memory_used();
	assert_int_equal(unit_store_new(&f->p, &f->s, unit_protocol_simple), 0);
	assert_int_equal(rct_store_stmt(f->s, select_param, &st), 0);
	rct_store_stmt_done(f->s, st);
	assert_int_equal(rct_store_stmt(f->s, "SELECT key FROM meta", &st), 0);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	rct_store_stmt_done(f->s, st);
	assert_int_not_equal(count_stmts(f->s), 0);
	rct_store_close(f->s);
	assert_int_equal(sqlite3_memory_used(), before);
	f->s = NULL;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_hit, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(test_text, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(test_eviction, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(test_nested, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(test_error, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(test_reading, setup,
		unit_store_teardown),
	    cmocka_unit_test_setup_teardown(test_close, setup,
		unit_store_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
