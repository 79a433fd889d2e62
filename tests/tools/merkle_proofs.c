/*
 * merkle_proofs HASHES: print, for a tree whose leaves are the audit entry
 * hashes in HASHES (one hex line each, in order), every root, every
 * inclusion proof in the whole tree and every consistency proof, as lib/
 * merkle.c makes them, for a checker that is not ours
 * (tests/interop/tlog_check.go, Go's golang.org/x/mod/sumdb/tlog):
 *
 *   root N BASE64
 *   record I N BASE64...      (inclusion of leaf I in the tree of size N)
 *   tree M N BASE64...        (the tree of size N extends that of size M)
 *
 * Each proof is also made from a tree that keeps its subtrees (the
 * store's cache, rct_merkle_tree), grown a leaf at a time; exit 1 when
 * the two differ, so that the checker vouches for both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "merkle.h"

static void
print_hashes(const rct_merkle_hash *h, size_t n)
{
	char b64[64];
	size_t i;

	for (i = 0; i < n; i++) {
		sodium_bin2base64(b64, sizeof(b64), h[i], RCT_MERKLE_HASH,
		    sodium_base64_VARIANT_ORIGINAL);
		printf(" %s", b64);
	}
	printf("\n");
}

int
main(int argc, char **argv)
{
	static rct_merkle_hash leaves[4096];
	rct_merkle_hash proof[RCT_MERKLE_MAX_PROOF], kept[RCT_MERKLE_MAX_PROOF];
	rct_merkle_hash root;
	struct rct_merkle_tree t = {0};
	unsigned char bin[64];
	char line[256], b64[64];
	size_t n = 0, len, klen, m, k, bl;
	FILE *fp;

	if (argc != 2 || sodium_init() < 0 ||
	    (fp = fopen(argv[1], "r")) == NULL)
		return 2;
	while (n < 4096 && fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (sodium_hex2bin(bin, sizeof(bin), line, strlen(line), NULL,
			&bl, NULL) != 0 ||
		    bl != 32)
			return 2;
		rct_merkle_leaf(leaves[n++], bin, bl);
	}
	fclose(fp);
	for (k = 0; k < n; k++)
		if (rct_merkle_tree_add(&t, leaves[k]) != 0)
			return 1;
	for (m = 1; m <= n; m++) {
		rct_merkle_root(root, leaves, m);
		sodium_bin2base64(b64, sizeof(b64), root, RCT_MERKLE_HASH,
		    sodium_base64_VARIANT_ORIGINAL);
		printf("root %zu %s\n", m, b64);
	}
	for (k = 0; k < n; k++) {
		if (rct_merkle_inclusion(proof, &len, leaves, n, k) != 0 ||
		    rct_merkle_tree_inclusion(kept, &klen, &t, n, k) != 0 ||
		    klen != len ||
		    memcmp(kept, proof, len * RCT_MERKLE_HASH) != 0)
			return 1;
		printf("record %zu %zu", k, n);
		print_hashes(proof, len);
	}
	for (m = 1; m <= n; m++)
		for (k = m; k <= n; k++) {
			if (rct_merkle_consistency(proof, &len, leaves, m, k) !=
				0 ||
			    rct_merkle_tree_consistency(kept, &klen, &t, m,
				k) != 0 ||
			    klen != len ||
			    memcmp(kept, proof, len * RCT_MERKLE_HASH) != 0)
				return 1;
			printf("tree %zu %zu", m, k);
			print_hashes(proof, len);
		}
	rct_merkle_tree_release(&t);
	return 0;
}
