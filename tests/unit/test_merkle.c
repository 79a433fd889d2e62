/*
 * Unit tests of lib/merkle.c: roots against the test vectors of the
 * certificate transparency reference implementation (RFC 6962 hashing of
 * the eight leaves "", 00, 10, 2021, 3031, 40414243, 5051525354555657,
 * 606162636465666768696a6b6c6d6e6f, as computed again by a plain
 * recursive MTH in Python's hashlib), the bottom-up root against the
 * recursive definition for every size to 200, and every inclusion and
 * consistency proof of trees up to 40 leaves built, checked, and refused
 * when one bit of it, the size or the root is wrong; and the proofs of
 * the tree that keeps its subtrees (the store's cache) byte for byte the
 * same as those from the leaves, for every size to 300.
 */
#include <sodium.h>

#include "merkle.h"
#include "unit.h"

static const char *const vector_leaves[] = {"", "00", "10", "2021", "3031",
    "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};

static const char *const vector_roots[] = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

static void
make_leaves(rct_merkle_hash *leaves, size_t n)
{
	unsigned char data[8];
	size_t i;

	for (i = 0; i < n; i++) {
		memcpy(data, &i,
		    sizeof(data) < sizeof(i) ? sizeof(data) : sizeof(i));
		rct_merkle_leaf(leaves[i], data, sizeof(data));
	}
}

/* MTH by its recursive definition, RFC 9162 2.1.1. */
static void
mth(rct_merkle_hash out, const rct_merkle_hash *d, size_t n)
{
	rct_merkle_hash l, r;
	size_t k = 1;

	if (n == 1) {
		memcpy(out, d[0], RCT_MERKLE_HASH);
		return;
	}
	while (k * 2 < n)
		k *= 2;
	mth(l, d, k);
	mth(r, d + k, n - k);
	rct_merkle_node(out, l, r);
}

static void
test_merkle__roots_of_the_reference_vectors(void **state)
{
	rct_merkle_hash leaves[8], root;
	unsigned char data[16];
	char hex[65];
	size_t i, len;

	(void)state;
	for (i = 0; i < 8; i++) {
		assert_int_equal(sodium_hex2bin(data, sizeof(data),
				     vector_leaves[i], strlen(vector_leaves[i]),
				     NULL, &len, NULL),
		    0);
		rct_merkle_leaf(leaves[i], data, len);
	}
	for (i = 1; i <= 8; i++) {
		rct_merkle_root(root, leaves, i);
		sodium_bin2hex(hex, sizeof(hex), root, sizeof(root));
		assert_string_equal(hex, vector_roots[i - 1]);
	}
	rct_merkle_root(root, leaves, 0);
	sodium_bin2hex(hex, sizeof(hex), root, sizeof(root));
	assert_string_equal(hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void
test_merkle__bottom_up_root_is_the_definition(void **state)
{
	static rct_merkle_hash leaves[200];
	rct_merkle_hash a, b;
	size_t n;

	(void)state;
	make_leaves(leaves, 200);
	for (n = 1; n <= 200; n++) {
		rct_merkle_root(a, leaves, n);
		mth(b, leaves, n);
		assert_memory_equal(a, b, RCT_MERKLE_HASH);
	}
}

static void
test_merkle__every_inclusion_proof_checks(void **state)
{
	static rct_merkle_hash leaves[40];
	rct_merkle_hash proof[RCT_MERKLE_MAX_PROOF], root, other;
	size_t n, i, len, k;

	(void)state;
	make_leaves(leaves, 40);
	for (n = 1; n <= 40; n++) {
		rct_merkle_root(root, leaves, n);
		rct_merkle_root(other, leaves, n == 1 ? 2 : n - 1);
		for (i = 0; i < n; i++) {
			assert_int_equal(rct_merkle_inclusion(proof, &len,
					     leaves, n, i),
			    0);
			assert_int_equal(rct_merkle_verify_inclusion(leaves[i],
					     i, n, proof, len, root),
			    0);
			/* Another leaf, index, size or root: refused. */
			assert_int_not_equal(
			    rct_merkle_verify_inclusion(leaves[(i + 1) % 40], i,
				n, proof, len, root),
			    0);
			assert_int_not_equal(
			    rct_merkle_verify_inclusion(leaves[i], i, n, proof,
				len, other),
			    0);
			if (n > 1)
				assert_int_not_equal(
				    rct_merkle_verify_inclusion(leaves[i],
					(i + 1) % n, n, proof, len, root),
				    0);
			for (k = 0; k < len; k++) {
				proof[k][k % RCT_MERKLE_HASH] ^= 1;
				assert_int_not_equal(
				    rct_merkle_verify_inclusion(leaves[i], i, n,
					proof, len, root),
				    0);
				proof[k][k % RCT_MERKLE_HASH] ^= 1;
			}
		}
		assert_int_not_equal(rct_merkle_inclusion(proof, &len, leaves,
					 n, n),
		    0);
	}
}

static void
test_merkle__every_consistency_proof_checks(void **state)
{
	static rct_merkle_hash leaves[40];
	rct_merkle_hash proof[RCT_MERKLE_MAX_PROOF], r1, r2, forged[40];
	size_t m, n, len, k;

	(void)state;
	make_leaves(leaves, 40);
	for (n = 1; n <= 40; n++)
		for (m = 1; m <= n; m++) {
			rct_merkle_root(r1, leaves, m);
			rct_merkle_root(r2, leaves, n);
			assert_int_equal(rct_merkle_consistency(proof, &len,
					     leaves, m, n),
			    0);
			assert_int_equal(rct_merkle_verify_consistency(m, n, r1,
					     r2, proof, len),
			    0);
			for (k = 0; k < len; k++) {
				proof[k][0] ^= 0x80;
				assert_int_not_equal(
				    rct_merkle_verify_consistency(m, n, r1, r2,
					proof, len),
				    0);
				proof[k][0] ^= 0x80;
			}
			if (m == n)
				continue;
			/* A fork: the first m leaves rewritten. */
			memcpy(forged, leaves, sizeof(forged));
			forged[m - 1][5] ^= 1;
			rct_merkle_root(r2, forged, n);
			assert_int_equal(rct_merkle_consistency(proof, &len,
					     forged, m, n),
			    0);
			assert_int_not_equal(rct_merkle_verify_consistency(m, n,
						 r1, r2, proof, len),
			    0);
		}
}

static void
test_merkle__frontier_gives_every_root(void **state)
{
	static rct_merkle_hash leaves[300];
	struct rct_merkle_frontier f = {0}, g;
	unsigned char bytes[8 + 64 * RCT_MERKLE_HASH];
	rct_merkle_hash a, b;
	size_t n;

	(void)state;
	make_leaves(leaves, 300);
	rct_merkle_frontier_root(&f, a);
	rct_merkle_root(b, leaves, 0);
	assert_memory_equal(a, b, RCT_MERKLE_HASH);
	for (n = 1; n <= 300; n++) {
		rct_merkle_frontier_add(&f, leaves[n - 1]);
		rct_merkle_frontier_root(&f, a);
		rct_merkle_root(b, leaves, n);
		assert_memory_equal(a, b, RCT_MERKLE_HASH);
		/* Saved and loaded, it goes on the same. */
		rct_merkle_frontier_save(&f, bytes);
		assert_int_equal(rct_merkle_frontier_load(&g, bytes,
				     rct_merkle_frontier_bytes(&f)),
		    0);
		assert_int_not_equal(rct_merkle_frontier_load(&g, bytes,
					 rct_merkle_frontier_bytes(&f) + 1),
		    0);
		assert_int_equal(rct_merkle_frontier_load(&g, bytes,
				     rct_merkle_frontier_bytes(&f)),
		    0);
		f = g;
	}
}

static void
test_merkle__kept_subtrees_give_the_same_proofs(void **state)
{
	static rct_merkle_hash leaves[300];
	rct_merkle_hash a[RCT_MERKLE_MAX_PROOF], b[RCT_MERKLE_MAX_PROOF];
	struct rct_merkle_tree t = {0};
	size_t n, i, la, lb;

	(void)state;
	make_leaves(leaves, 300);
	assert_int_not_equal(rct_merkle_tree_inclusion(a, &la, &t, 0, 0), 0);
	for (n = 1; n <= 300; n++) {
		assert_int_equal(rct_merkle_tree_add(&t, leaves[n - 1]), 0);
		assert_int_equal(t.size, n);
		for (i = 0; i < n; i++) {
			assert_int_equal(rct_merkle_tree_inclusion(a, &la, &t,
					     n, i),
			    0);
			assert_int_equal(rct_merkle_inclusion(b, &lb, leaves, n,
					     i),
			    0);
			assert_int_equal(la, lb);
			assert_memory_equal(a, b, la * RCT_MERKLE_HASH);
		}
		for (i = 1; i <= n; i++) {
			assert_int_equal(rct_merkle_tree_consistency(a, &la, &t,
					     i, n),
			    0);
			assert_int_equal(rct_merkle_consistency(b, &lb, leaves,
					     i, n),
			    0);
			assert_int_equal(la, lb);
			assert_memory_equal(a, b, la * RCT_MERKLE_HASH);
		}
		/* Beyond its size, or an empty old tree: refused, as above. */
		assert_int_not_equal(rct_merkle_tree_inclusion(a, &la, &t, n,
					 n),
		    0);
		assert_int_not_equal(rct_merkle_tree_inclusion(a, &la, &t,
					 n + 1, 0),
		    0);
		assert_int_not_equal(rct_merkle_tree_consistency(a, &la, &t, 0,
					 n),
		    0);
		assert_int_not_equal(rct_merkle_tree_consistency(a, &la, &t, 1,
					 n + 1),
		    0);
	}
	rct_merkle_tree_release(&t);
	assert_int_equal(t.size, 0);
	rct_merkle_tree_release(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_merkle__roots_of_the_reference_vectors),
	    cmocka_unit_test(test_merkle__bottom_up_root_is_the_definition),
	    cmocka_unit_test(test_merkle__every_inclusion_proof_checks),
	    cmocka_unit_test(test_merkle__every_consistency_proof_checks),
	    cmocka_unit_test(test_merkle__frontier_gives_every_root),
	    cmocka_unit_test(test_merkle__kept_subtrees_give_the_same_proofs),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
