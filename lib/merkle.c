/*
 * Merkle tree hashing and proofs (merkle.h), after RFC 9162 section 2.1.
 * The proofs are built by the recursive definitions of PATH and SUBPROOF
 * (2.1.3.1, 2.1.4.1) and checked by the iterative algorithms of 2.1.3.2
 * and 2.1.4.2, so that building and checking are two independent codings
 * of the same definition.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "merkle.h"

void
rct_merkle_leaf(rct_merkle_hash out, const void *data, size_t len)
{
	crypto_hash_sha256_state st;
	static const unsigned char zero = 0x00;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, &zero, 1);
	crypto_hash_sha256_update(&st, data, len);
	crypto_hash_sha256_final(&st, out);
}

void
rct_merkle_node(rct_merkle_hash out, const rct_merkle_hash left,
    const rct_merkle_hash right)
{
	unsigned char buf[1 + 2 * RCT_MERKLE_HASH];

	buf[0] = 0x01;
	memcpy(buf + 1, left, RCT_MERKLE_HASH);
	memcpy(buf + 1 + RCT_MERKLE_HASH, right, RCT_MERKLE_HASH);
	crypto_hash_sha256(out, buf, sizeof(buf));
}

/* The largest power of two below n (n > 1). */
static uint64_t
split(uint64_t n)
{
	uint64_t k = 1;

	while (k << 1 < n)
		k <<= 1;
	return k;
}

/*
 * MTH of n leaves, bottom-up level by level in a stack of at most 64
 * pending subtrees: O(n) hashes, O(log n) memory.
 */
void
rct_merkle_root(rct_merkle_hash out, const rct_merkle_hash *leaves, uint64_t n)
{
	rct_merkle_hash stack[65];
	uint64_t size[65], i;
	int top = 0;

	if (n == 0) {
		crypto_hash_sha256(out, (const unsigned char *)"", 0);
		return;
	}
	for (i = 0; i < n; i++) {
		memcpy(stack[top], leaves[i], RCT_MERKLE_HASH);
		size[top++] = 1;
		/* Merge equal-sized neighbours: perfect subtrees, left first.
		 */
		while (top >= 2 && size[top - 1] == size[top - 2]) {
			rct_merkle_node(stack[top - 2], stack[top - 2],
			    stack[top - 1]);
			size[top - 2] *= 2;
			top--;
		}
	}
	/* The right edge, smaller subtrees on the right, joined right to left.
	 */
	while (top >= 2) {
		rct_merkle_node(stack[top - 2], stack[top - 2], stack[top - 1]);
		top--;
	}
	memcpy(out, stack[0], RCT_MERKLE_HASH);
}

static int
push(rct_merkle_hash *proof, size_t *len, const rct_merkle_hash h)
{
	if (*len >= RCT_MERKLE_MAX_PROOF)
		return -1;
	memcpy(proof[(*len)++], h, RCT_MERKLE_HASH);
	return 0;
}

/* PATH(m, D[0:n]) of RFC 9162, 2.1.3.1, leaves first to last. */
static int
path(rct_merkle_hash *proof, size_t *len, const rct_merkle_hash *d, uint64_t n,
    uint64_t m)
{
	rct_merkle_hash h;
	uint64_t k;

	if (n <= 1)
		return 0;
	k = split(n);
	if (m < k) {
		if (path(proof, len, d, k, m) != 0)
			return -1;
		rct_merkle_root(h, d + k, n - k);
	} else {
		if (path(proof, len, d + k, n - k, m - k) != 0)
			return -1;
		rct_merkle_root(h, d, k);
	}
	return push(proof, len, h);
}

int
rct_merkle_inclusion(rct_merkle_hash *proof, size_t *len,
    const rct_merkle_hash *leaves, uint64_t n, uint64_t index)
{
	*len = 0;
	if (index >= n)
		return -1;
	return path(proof, len, leaves, n, index);
}

/* SUBPROOF(m, D[0:n], b) of RFC 9162, 2.1.4.1. */
static int
subproof(rct_merkle_hash *proof, size_t *len, const rct_merkle_hash *d,
    uint64_t n, uint64_t m, int b)
{
	rct_merkle_hash h;
	uint64_t k;

	if (m == n) {
		if (b)
			return 0;
		rct_merkle_root(h, d, n);
		return push(proof, len, h);
	}
	k = split(n);
	if (m <= k) {
		if (subproof(proof, len, d, k, m, b) != 0)
			return -1;
		rct_merkle_root(h, d + k, n - k);
	} else {
		if (subproof(proof, len, d + k, n - k, m - k, 0) != 0)
			return -1;
		rct_merkle_root(h, d, k);
	}
	return push(proof, len, h);
}

int
rct_merkle_consistency(rct_merkle_hash *proof, size_t *len,
    const rct_merkle_hash *leaves, uint64_t m, uint64_t n)
{
	*len = 0;
	if (m == 0 || m > n)
		return -1;
	if (m == n)
		return 0;
	return subproof(proof, len, leaves, n, m, 1);
}

int
rct_merkle_verify_inclusion(const rct_merkle_hash leaf, uint64_t index,
    uint64_t n, const rct_merkle_hash *proof, size_t len,
    const rct_merkle_hash root)
{
	rct_merkle_hash r;
	uint64_t fn = index, sn = n - 1;
	size_t i;

	if (index >= n)
		return -1;
	memcpy(r, leaf, RCT_MERKLE_HASH);
	for (i = 0; i < len; i++) {
		if (sn == 0)
			return -1;
		if ((fn & 1) || fn == sn) {
			rct_merkle_node(r, proof[i], r);
			if (!(fn & 1))
				while (fn != 0 && !(fn & 1)) {
					fn >>= 1;
					sn >>= 1;
				}
		} else
			rct_merkle_node(r, r, proof[i]);
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && sodium_memcmp(r, root, RCT_MERKLE_HASH) == 0 ? 0 : -1;
}

int
rct_merkle_verify_consistency(uint64_t m, uint64_t n,
    const rct_merkle_hash root1, const rct_merkle_hash root2,
    const rct_merkle_hash *proof, size_t len)
{
	rct_merkle_hash fr, sr;
	const unsigned char *first;
	uint64_t fn, sn;
	size_t i = 0;

	if (m == 0 || m > n)
		return -1;
	if (m == n)
		return len == 0 &&
			sodium_memcmp(root1, root2, RCT_MERKLE_HASH) == 0 ?
		    0 :
		    -1;
	if (len == 0)
		return -1;
	/* When m is a power of two, root1 itself starts the proof. */
	if ((m & (m - 1)) == 0)
		first = root1;
	else
		first = proof[i++];
	fn = m - 1;
	sn = n - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	memcpy(fr, first, RCT_MERKLE_HASH);
	memcpy(sr, first, RCT_MERKLE_HASH);
	for (; i < len; i++) {
		if (sn == 0)
			return -1;
		if ((fn & 1) || fn == sn) {
			rct_merkle_node(fr, proof[i], fr);
			rct_merkle_node(sr, proof[i], sr);
			if (!(fn & 1))
				while (fn != 0 && !(fn & 1)) {
					fn >>= 1;
					sn >>= 1;
				}
		} else
			rct_merkle_node(sr, sr, proof[i]);
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && sodium_memcmp(fr, root1, RCT_MERKLE_HASH) == 0 &&
		sodium_memcmp(sr, root2, RCT_MERKLE_HASH) == 0 ?
	    0 :
	    -1;
}

void
rct_merkle_frontier_add(struct rct_merkle_frontier *f,
    const rct_merkle_hash leaf)
{
	uint64_t carry = f->size;

	memcpy(f->node[f->n++], leaf, RCT_MERKLE_HASH);
	/* Each trailing one bit of the old size is a subtree to merge. */
	while (carry & 1) {
		rct_merkle_node(f->node[f->n - 2], f->node[f->n - 2],
		    f->node[f->n - 1]);
		f->n--;
		carry >>= 1;
	}
	f->size++;
}

void
rct_merkle_frontier_root(const struct rct_merkle_frontier *f,
    rct_merkle_hash out)
{
	int i;

	if (f->n == 0) {
		crypto_hash_sha256(out, (const unsigned char *)"", 0);
		return;
	}
	memcpy(out, f->node[f->n - 1], RCT_MERKLE_HASH);
	for (i = f->n - 2; i >= 0; i--)
		rct_merkle_node(out, f->node[i], out);
}

size_t
rct_merkle_frontier_bytes(const struct rct_merkle_frontier *f)
{
	return 8 + (size_t)f->n * RCT_MERKLE_HASH;
}

void
rct_merkle_frontier_save(const struct rct_merkle_frontier *f,
    unsigned char *out)
{
	int i;

	for (i = 0; i < 8; i++)
		out[i] = (unsigned char)(f->size >> (56 - 8 * i));
	memcpy(out + 8, f->node, (size_t)f->n * RCT_MERKLE_HASH);
}

int
rct_merkle_frontier_load(struct rct_merkle_frontier *f, const unsigned char *in,
    size_t len)
{
	uint64_t size = 0, bits;
	int i, n = 0;

	if (len < 8)
		return -1;
	for (i = 0; i < 8; i++)
		size = size << 8 | in[i];
	for (bits = size; bits; bits >>= 1)
		n += (int)(bits & 1);
	if (len != 8 + (size_t)n * RCT_MERKLE_HASH)
		return -1;
	f->size = size;
	f->n = n;
	memcpy(f->node, in + 8, (size_t)n * RCT_MERKLE_HASH);
	return 0;
}

int
rct_merkle_tree_add(struct rct_merkle_tree *t, const rct_merkle_hash leaf)
{
	uint64_t i = t->size, want;
	rct_merkle_hash *grown;
	int l;

	/* Room first at every level the new leaf completes a subtree of. */
	for (l = 0; l < 64 && (l == 0 || ((i + 1) & ((1ULL << l) - 1)) == 0);
	     l++) {
		want = (i + 1) >> l;
		if (want <= t->cap[l])
			continue;
		want = t->cap[l] ? 2 * t->cap[l] : 64;
		if ((grown = realloc(t->level[l], want * sizeof(*grown))) ==
		    NULL)
			return -1;
		t->level[l] = grown;
		t->cap[l] = want;
	}
	memcpy(t->level[0][i], leaf, RCT_MERKLE_HASH);
	for (l = 0; i & 1; l++, i >>= 1)
		rct_merkle_node(t->level[l + 1][i >> 1], t->level[l][i - 1],
		    t->level[l][i]);
	t->size++;
	return 0;
}

void
rct_merkle_tree_release(struct rct_merkle_tree *t)
{
	int l;

	if (t == NULL)
		return;
	for (l = 0; l < 64; l++)
		free(t->level[l]);
	memset(t, 0, sizeof(*t));
}

/*
 * MTH of the n leaves from off, by the recursive definition, taking each
 * aligned perfect subtree from its level: the ranges that PATH and
 * SUBPROOF ask for have off a multiple of the largest power of two not
 * above n, so this takes O(log n) hashes.
 */
static void
tree_root(rct_merkle_hash out, const struct rct_merkle_tree *t, uint64_t off,
    uint64_t n)
{
	rct_merkle_hash l, r;
	uint64_t k;
	int lv = 0;

	if (n == 0) {
		crypto_hash_sha256(out, (const unsigned char *)"", 0);
		return;
	}
	if ((n & (n - 1)) == 0 && off % n == 0) {
		while ((1ULL << lv) < n)
			lv++;
		memcpy(out, t->level[lv][off >> lv], RCT_MERKLE_HASH);
		return;
	}
	k = split(n);
	tree_root(l, t, off, k);
	tree_root(r, t, off + k, n - k);
	rct_merkle_node(out, l, r);
}

/* path() over the leaves from off in t. */
static int
tree_path(rct_merkle_hash *proof, size_t *len, const struct rct_merkle_tree *t,
    uint64_t off, uint64_t n, uint64_t m)
{
	rct_merkle_hash h;
	uint64_t k;

	if (n <= 1)
		return 0;
	k = split(n);
	if (m < k) {
		if (tree_path(proof, len, t, off, k, m) != 0)
			return -1;
		tree_root(h, t, off + k, n - k);
	} else {
		if (tree_path(proof, len, t, off + k, n - k, m - k) != 0)
			return -1;
		tree_root(h, t, off, k);
	}
	return push(proof, len, h);
}

int
rct_merkle_tree_inclusion(rct_merkle_hash *proof, size_t *len,
    const struct rct_merkle_tree *t, uint64_t n, uint64_t index)
{
	*len = 0;
	if (index >= n || n > t->size)
		return -1;
	return tree_path(proof, len, t, 0, n, index);
}

/* subproof() over the leaves from off in t. */
static int
tree_subproof(rct_merkle_hash *proof, size_t *len,
    const struct rct_merkle_tree *t, uint64_t off, uint64_t n, uint64_t m,
    int b)
{
	rct_merkle_hash h;
	uint64_t k;

	if (m == n) {
		if (b)
			return 0;
		tree_root(h, t, off, n);
		return push(proof, len, h);
	}
	k = split(n);
	if (m <= k) {
		if (tree_subproof(proof, len, t, off, k, m, b) != 0)
			return -1;
		tree_root(h, t, off + k, n - k);
	} else {
		if (tree_subproof(proof, len, t, off + k, n - k, m - k, 0) != 0)
			return -1;
		tree_root(h, t, off, k);
	}
	return push(proof, len, h);
}

int
rct_merkle_tree_consistency(rct_merkle_hash *proof, size_t *len,
    const struct rct_merkle_tree *t, uint64_t m, uint64_t n)
{
	*len = 0;
	if (m == 0 || m > n || n > t->size)
		return -1;
	if (m == n)
		return 0;
	return tree_subproof(proof, len, t, 0, n, m, 1);
}
