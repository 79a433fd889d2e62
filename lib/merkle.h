/*
 * The audit log as a Merkle tree, hashed as RFC 9162 (and RFC 6962 before
 * it) says, so that a later tree head can be proven to extend an earlier
 * one (a consistency proof) and an entry to lie under a head (an inclusion
 * proof), each with O(log n) hashes and without handing over the log; the
 * hashing that C2SP's tlog-checkpoint, tlog-witness and tlog-proof, Go's
 * golang.org/x/mod/sumdb/tlog and certificate transparency use:
 *
 *   leaf hash = SHA-256(0x00 || data)
 *   node hash = SHA-256(0x01 || left || right)
 *   MTH(D[0:n]) = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of
 *                 two below n; MTH of one leaf is its leaf hash; of none,
 *                 SHA-256 of the empty string
 *
 * The functions here take the leaf hashes (RCT_MERKLE_HASH bytes each) in
 * order; they compute in O(n) and need no other state.  Proofs are written
 * into a caller's array of at most RCT_MERKLE_MAX_PROOF hashes.
 */
#ifndef RCT_MERKLE_H
#define RCT_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#define RCT_MERKLE_HASH 32
/* Enough for any tree of up to 2^63 leaves, with room to spare. */
#define RCT_MERKLE_MAX_PROOF 128

typedef unsigned char rct_merkle_hash[RCT_MERKLE_HASH];

void rct_merkle_leaf(rct_merkle_hash out, const void *data, size_t len);
void rct_merkle_node(rct_merkle_hash out, const rct_merkle_hash left,
    const rct_merkle_hash right);

/* MTH of the first n leaf hashes. */
void
rct_merkle_root(rct_merkle_hash out, const rct_merkle_hash *leaves, uint64_t n);

/*
 * The inclusion proof of leaf index in the tree of the first n leaves
 * (RFC 9162, 2.1.3.1); *len gets the number of hashes.  -1 when index is
 * not below n.
 */
int rct_merkle_inclusion(rct_merkle_hash *proof, size_t *len,
    const rct_merkle_hash *leaves, uint64_t n, uint64_t index);

/*
 * The consistency proof from the tree of the first m leaves to that of
 * the first n (RFC 9162, 2.1.4.1); -1 unless 0 < m <= n.
 */
int rct_merkle_consistency(rct_merkle_hash *proof, size_t *len,
    const rct_merkle_hash *leaves, uint64_t m, uint64_t n);

/*
 * Check an inclusion proof of leaf (its leaf hash) at index under root of
 * a tree of size n (RFC 9162, 2.1.3.2): 0 when it holds.
 */
int rct_merkle_verify_inclusion(const rct_merkle_hash leaf, uint64_t index,
    uint64_t n, const rct_merkle_hash *proof, size_t len,
    const rct_merkle_hash root) __attribute__((warn_unused_result));

/*
 * Check a consistency proof that the tree of size n and root2 extends the
 * tree of size m and root1 (RFC 9162, 2.1.4.2): 0 when it holds.
 */
int rct_merkle_verify_consistency(uint64_t m, uint64_t n,
    const rct_merkle_hash root1, const rct_merkle_hash root2,
    const rct_merkle_hash *proof, size_t len)
    __attribute__((warn_unused_result));

/*
 * The right edge of a growing tree (a compact range from 0): the roots of
 * its perfect subtrees, largest first, one per set bit of the size.  It
 * takes leaves one at a time in O(1) amortized hashes and gives the root
 * of the tree so far in O(log n), so that each commit of the log signs a
 * new root without reading the entries before it.
 */
struct rct_merkle_frontier {
	uint64_t size;
	int n;
	rct_merkle_hash node[64];
};

void rct_merkle_frontier_add(struct rct_merkle_frontier *f,
    const rct_merkle_hash leaf);
void rct_merkle_frontier_root(const struct rct_merkle_frontier *f,
    rct_merkle_hash out);

/* As bytes for the store: size (8, big-endian) then the n nodes. */
size_t rct_merkle_frontier_bytes(const struct rct_merkle_frontier *f);
void rct_merkle_frontier_save(const struct rct_merkle_frontier *f,
    unsigned char *out);
int rct_merkle_frontier_load(struct rct_merkle_frontier *f,
    const unsigned char *in, size_t len) __attribute__((warn_unused_result));

/*
 * Every perfect subtree of a growing tree, level by level: level 0 holds
 * the leaf hashes, level l the (size >> l) roots of the aligned subtrees
 * of 2^l leaves.  Built once from the leaves (O(n) hashes, 2n hashes of
 * memory) and extended a leaf at a time in O(1) amortized hashes, it
 * gives the same proofs as rct_merkle_inclusion() and
 * rct_merkle_consistency() for any size up to its own in O(log^2 n)
 * hashes, so that a long-running service does not rehash the log for
 * each receipt.  Zero it to start; rct_merkle_tree_release() frees it.
 */
struct rct_merkle_tree {
	uint64_t size;
	rct_merkle_hash *level[64];
	uint64_t cap[64]; /* hashes allocated at each level */
};

/* Add the next leaf hash: 0, or -1 when memory ran out (t unchanged). */
int rct_merkle_tree_add(struct rct_merkle_tree *t, const rct_merkle_hash leaf)
    __attribute__((warn_unused_result));

/* Free the levels and zero t; NULL is fine. */
void rct_merkle_tree_release(struct rct_merkle_tree *t);

/* As rct_merkle_inclusion() for the tree of the first n <= t->size leaves. */
int rct_merkle_tree_inclusion(rct_merkle_hash *proof, size_t *len,
    const struct rct_merkle_tree *t, uint64_t n, uint64_t index);

/* As rct_merkle_consistency() for 0 < m <= n <= t->size. */
int rct_merkle_tree_consistency(rct_merkle_hash *proof, size_t *len,
    const struct rct_merkle_tree *t, uint64_t m, uint64_t n);

#endif
