/*
 * Unit tests of trial/checkpoint.c's proofs from the subtrees the store
 * handle keeps: after each commit, after a transaction rolled back once
 * the handle had proofs of its entries, and after an entry changed under
 * it, every inclusion proof and every witness request is byte for byte
 * what the leaves read afresh from the store give; so too for read
 * handles that share one tree (proofs.h), one of them in a snapshot
 * older than the tree the other has brought it to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "buf.h"
#include "checkpoint.h"
#include "merkle.h"
#include "proofs.h"
#include "protocol.h"
#include "site.h"
#include "store.h"
#include "store_internal.h"
#include "unit.h"

static int
setup(void **state)
{
	return unit_store_setup(state, unit_protocol_simple);
}

/* The leaf hashes of the log, read afresh (at most max). */
static size_t
leaves_of(struct rct_store *s, rct_merkle_hash *leaves, size_t max)
{
	sqlite3_stmt *st;
	size_t n = 0;

	assert_int_equal(rct_store_prepare(s, &st,
			     "SELECT hash FROM audit ORDER BY seq"),
	    0);
	while (n < max && sqlite3_step(st) == SQLITE_ROW)
		rct_merkle_leaf(leaves[n++], sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_finalize(st);
	return n;
}

/* Every proof the store gives in the open read, against its leaves. */
static void
check_proofs_in(struct rct_store *s)
{
	static rct_merkle_hash leaves[256];
	rct_merkle_hash proof[RCT_MERKLE_MAX_PROOF], want[RCT_MERKLE_MAX_PROOF];
	struct rct_buf note = RCT_BUF_INIT, got = RCT_BUF_INIT,
		       exp = RCT_BUF_INIT;
	uint64_t size, old;
	size_t n, len, wlen, i;

	n = leaves_of(s, leaves, 256);
	assert_true(n > 0 && n < 256);
	for (i = 0; i < n; i++) {
		rct_buf_reset(&note);
		assert_int_equal(rct_checkpoint_inclusion(s, (int64_t)i + 1,
				     &note, proof, &len, &size),
		    0);
		assert_int_equal(size, n);
		assert_int_equal(rct_merkle_inclusion(want, &wlen, leaves, n,
				     i),
		    0);
		assert_int_equal(len, wlen);
		assert_memory_equal(proof, want, len * RCT_MERKLE_HASH);
	}
	assert_int_not_equal(rct_checkpoint_inclusion(s, (int64_t)n + 1, &note,
				 proof, &len, &size),
	    0);
	rct_buf_reset(&note);
	assert_int_equal(rct_checkpoint_latest(s, &note), 0);
	for (old = 0; old <= n; old++) {
		rct_buf_reset(&got);
		rct_buf_reset(&exp);
		assert_int_equal(rct_checkpoint_request(s, old, &got), 0);
		wlen = 0;
		if (old > 0)
			assert_int_equal(rct_merkle_consistency(want, &wlen,
					     leaves, old, n),
			    0);
		rct_buf_addf(&exp, "old %llu\n", (unsigned long long)old);
		assert_int_equal(rct_checkpoint_add_proof(&exp, want, wlen,
				     &note),
		    0);
		assert_string_equal(rct_buf_str(&got), rct_buf_str(&exp));
	}
	rct_buf_release(&note);
	rct_buf_release(&got);
	rct_buf_release(&exp);
}

/* Every proof the store gives, inside a read of its own. */
static void
check_proofs(struct rct_store *s)
{
	assert_int_equal(rct_store_begin_read(s), 0);
	check_proofs_in(s);
	rct_store_rollback(s);
}

static void
add_site(struct rct_store *s, int i)
{
	char code[16];

	snprintf(code, sizeof(code), "s%d", i);
	assert_int_equal(rct_site_add(s, code, "a site", -1), 0);
}

static void
test_checkpoint__kept_proofs_follow_the_log(void **state)
{
	struct unit_store *f = *state;
	rct_merkle_hash proof[RCT_MERKLE_MAX_PROOF];
	struct rct_buf note = RCT_BUF_INIT;
	uint64_t size;
	size_t len;
	int i;

	check_proofs(f->s);
	for (i = 0; i < 40; i++) {
		assert_int_equal(rct_store_begin(f->s), 0);
		add_site(f->s, i);
		if (i % 3 == 0)
			add_site(f->s, 1000 + i);
		assert_int_equal(rct_store_commit(f->s), 0);
		if (i % 7 == 0 || i > 35)
			check_proofs(f->s);
	}
	/* Proofs of entries that are then rolled back, then others. */
	assert_int_equal(rct_store_begin(f->s), 0);
	add_site(f->s, 2000);
	add_site(f->s, 2001);
	assert_int_equal(rct_checkpoint_inclusion(f->s, 2, &note, proof, &len,
			     &size),
	    0);
	rct_store_rollback(f->s);
	check_proofs(f->s);
	assert_int_equal(rct_store_begin(f->s), 0);
	add_site(f->s, 2000);
	assert_int_equal(rct_checkpoint_inclusion(f->s, 2, &note, proof, &len,
			     &size),
	    0);
	rct_store_rollback(f->s);
	assert_int_equal(rct_store_begin(f->s), 0);
	add_site(f->s, 3000);
	add_site(f->s, 3001);
	add_site(f->s, 3002);
	assert_int_equal(rct_store_commit(f->s), 0);
	check_proofs(f->s);
	/* An entry's hash changed under the handle: built again. */
	assert_int_equal(rct_store_exec(f->s,
			     "UPDATE audit SET hash = zeroblob(32) WHERE seq = "
			     "(SELECT max(seq) FROM audit)"),
	    0);
	check_proofs(f->s);
	rct_buf_release(&note);
}

static void
commit_sites(struct rct_store *s, int from, int n)
{
	int i;

	assert_int_equal(rct_store_begin(s), 0);
	for (i = 0; i < n; i++)
		add_site(s, from + i);
	assert_int_equal(rct_store_commit(s), 0);
}

static void
test_checkpoint__shared_proofs_serve_every_snapshot(void **state)
{
	struct rct_protocol *p = NULL;
	struct rct_store *w = NULL, *a = NULL, *b = NULL;
	struct rct_proofs *shared = NULL;
	char dir[] = "/tmp/test_checkpoint.XXXXXX", path[64], cmd[96];
	int i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	assert_int_equal(unit_store_new_at(&p, &w, unit_protocol_simple, path),
	    0);
	commit_sites(w, 0, 5);
	assert_int_equal(rct_store_open(&a, path, RCT_STORE_READ), 0);
	assert_int_equal(rct_store_open(&b, path, RCT_STORE_READ), 0);
	assert_int_equal(rct_proofs_new(&shared), 0);
	rct_proofs_share(a, shared);
	rct_proofs_share(b, shared);
	check_proofs(a);
	/* a's snapshot stays while b brings the tree past it. */
	assert_int_equal(rct_store_begin_read(a), 0);
	check_proofs_in(a);
	for (i = 0; i < 4; i++) {
		commit_sites(w, 100 + 10 * i, 1 + i);
		check_proofs(b);
		check_proofs_in(a); /* the older log, from the newer tree */
	}
	rct_store_rollback(a);
	check_proofs(a);
	check_proofs(b);
	/* An entry's hash changed under both: built again, by either. */
	assert_int_equal(rct_store_exec(w,
			     "UPDATE audit SET hash = zeroblob(32) WHERE seq = "
			     "(SELECT max(seq) FROM audit)"),
	    0);
	check_proofs(b);
	check_proofs(a);
	rct_store_close(a);
	rct_store_close(b);
	rct_proofs_free(shared);
	rct_store_close(w);
	rct_protocol_free(p);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_checkpoint__kept_proofs_follow_the_log, setup,
		unit_store_teardown),
	    cmocka_unit_test(
		test_checkpoint__shared_proofs_serve_every_snapshot),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
