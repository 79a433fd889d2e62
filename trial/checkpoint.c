/*
 * Checkpoints of the audit log as a Merkle tree (checkpoint.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "buf.h"
#include "checkpoint.h"
#include "checkpoint_internal.h"
#include "error.h"
#include "fingerprint.h"
#include "json.h"
#include "merkle.h"
#include "note.h"
#include "proofs.h"
#include "receipt_internal.h"
#include "store_internal.h"

int
rct_checkpoint_origin(struct rct_store *s, char origin[256])
{
	struct rct_fingerprint f;
	char fp[65], reg[200] = "";
	sqlite3_stmt *st;
	int rc;

	if (s->origin[0]) {
		memcpy(origin, s->origin, sizeof(s->origin));
		return 0;
	}
	if ((rc = rct_fingerprint_of_store(s, &f)) != 0)
		return rc;
	rct_fingerprint_hex(&f, fp);
	if ((rc = rct_store_stmt(s, "SELECT payload FROM audit WHERE seq = 1",
		 &st)) != 0)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		rct_json_field((const char *)sqlite3_column_text(st, 0),
		    "registration", reg, sizeof(reg));
	rct_store_stmt_done(s, st);
	rct_fingerprint_origin(reg, fp, s->origin);
	memcpy(origin, s->origin, sizeof(s->origin));
	return 0;
}

int
rct_checkpoint_begin(struct rct_store *s)
{
	sqlite3_stmt *st;
	int rc;

	s->tree_ok = 0;
	memset(&s->tree, 0, sizeof(s->tree));
	if ((rc = rct_store_stmt(s,
		 "SELECT size, frontier FROM checkpoint ORDER BY size DESC "
		 "LIMIT 1",
		 &st)) != 0)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_int64(st, 0) == s->head_seq &&
	    rct_merkle_frontier_load(&s->tree, sqlite3_column_blob(st, 1),
		(size_t)sqlite3_column_bytes(st, 1)) == 0 &&
	    (int64_t)s->tree.size == s->head_seq)
		s->tree_ok = 1;
	rct_store_stmt_done(s, st);
	return 0;
}

void
rct_checkpoint_leaf(struct rct_store *s, const unsigned char hash[32])
{
	rct_merkle_hash leaf;

	if (!s->tree_ok)
		return;
	rct_merkle_leaf(leaf, hash, 32);
	rct_merkle_frontier_add(&s->tree, leaf);
}

/* The tree of the whole log from its entries (an old store, a first
 * commit). */
static int
rebuild(struct rct_store *s)
{
	rct_merkle_hash leaf;
	sqlite3_stmt *st;
	int rc;

	memset(&s->tree, 0, sizeof(s->tree));
	if ((rc = rct_store_stmt(s, "SELECT hash FROM audit ORDER BY seq",
		 &st)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rct_merkle_leaf(leaf, sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
		rct_merkle_frontier_add(&s->tree, leaf);
	}
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_DONE)
		return rct_store_sql_error(s, "reading the audit log");
	s->tree_ok = 1;
	return 0;
}

int
rct_checkpoint_sign(struct rct_store *s, const struct rct_keys *k)
{
	struct rct_buf text = RCT_BUF_INIT, note = RCT_BUF_INIT;
	unsigned char frontier[8 + 64 * RCT_MERKLE_HASH];
	rct_merkle_hash root;
	char origin[256];
	sqlite3_stmt *st;
	size_t text_len;
	int rc;

	if ((!s->tree_ok && (rc = rebuild(s)) != 0) ||
	    (rc = rct_checkpoint_origin(s, origin)) != 0)
		return rc;
	if ((int64_t)s->tree.size != s->head_seq)
		return rct_error(RCT_ESTORE,
		    "the log's tree has %llu entries, its head is at %lld",
		    (unsigned long long)s->tree.size, (long long)s->head_seq);
	rct_merkle_frontier_root(&s->tree, root);
	rct_note_checkpoint(&text, origin, s->tree.size, root);
	text_len = text.len;
	rct_note_sign(&note, rct_buf_str(&text), origin, k->sign_sk);
	rct_buf_release(&text);
	rct_merkle_frontier_save(&s->tree, frontier);
	if (rct_buf_failed(&note)) {
		rct_buf_release(&note);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	if ((rc = rct_store_stmt(s,
		 "INSERT INTO checkpoint(size, frontier, note) VALUES (?, ?, "
		 "?)",
		 &st)) != 0) {
		rct_buf_release(&note);
		return rc;
	}
	sqlite3_bind_int64(st, 1, s->head_seq);
	sqlite3_bind_blob(st, 2, frontier,
	    (int)rct_merkle_frontier_bytes(&s->tree), SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rct_buf_str(&note), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	if (rc == SQLITE_DONE)
		rct_receipt_note_signed(s, origin,
		    k->sign_sk + crypto_sign_SEEDBYTES, rct_buf_str(&note),
		    note.len, text_len, s->tree.size, root);
	rct_buf_release(&note);
	return rc == SQLITE_DONE ?
	    0 :
	    rct_store_sql_error(s, "signing the checkpoint");
}

/* The latest signed checkpoint's note into b and its size. */
static int
latest_sized(struct rct_store *s, struct rct_buf *b, uint64_t *size)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(s,
		 "SELECT note, size FROM checkpoint ORDER BY size DESC LIMIT 1",
		 &st)) != 0)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		rct_buf_adds(b, (const char *)sqlite3_column_text(st, 0));
		*size = (uint64_t)sqlite3_column_int64(st, 1);
	} else
		rc = rct_error(RCT_ENOTFOUND,
		    "store '%s' has no checkpoint yet: its next write signs "
		    "one",
		    s->path);
	rct_store_stmt_done(s, st);
	return rc;
}

int
rct_checkpoint_latest_size(struct rct_store *s, uint64_t *size)
{
	struct rct_buf b = RCT_BUF_INIT;
	int rc = latest_sized(s, &b, size);

	rct_buf_release(&b);
	return rc;
}

int
rct_checkpoint_latest(struct rct_store *s, struct rct_buf *b)
{
	uint64_t size;

	return latest_sized(s, b, &size);
}

/* One stored checkpoint against the tree of the first size entries. */
static int
check_one(sqlite3_stmt *cp, const struct rct_merkle_frontier *tree,
    const char *origin, const unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	unsigned char saved[8 + 64 * RCT_MERKLE_HASH], root[32], want[32];
	const char *note = (const char *)sqlite3_column_text(cp, 2);
	char got_origin[256];
	uint64_t size = 0;
	size_t tl = 0;
	long long at = sqlite3_column_int64(cp, 0);

	rct_merkle_frontier_root(tree, want);
	rct_merkle_frontier_save(tree, saved);
	if (note == NULL ||
	    rct_note_verify(note, strlen(note), origin, pk, &tl) != 0)
		return rct_error(RCT_ECHECK,
		    "the checkpoint at entry %lld is not signed by the trial's "
		    "key under its origin '%s'",
		    at, origin);
	if (rct_note_parse_checkpoint(note, tl, got_origin, sizeof(got_origin),
		&size, root) != 0 ||
	    strcmp(got_origin, origin) != 0 || (long long)size != at)
		return rct_error(RCT_ECHECK,
		    "the checkpoint at entry %lld is malformed", at);
	if (memcmp(root, want, 32) != 0)
		return rct_error(RCT_ECHECK,
		    "the checkpoint at entry %lld does not match the log: the "
		    "entries up to it were changed",
		    at);
	if ((size_t)sqlite3_column_bytes(cp, 1) !=
		rct_merkle_frontier_bytes(tree) ||
	    memcmp(sqlite3_column_blob(cp, 1), saved,
		rct_merkle_frontier_bytes(tree)) != 0)
		return rct_error(RCT_ECHECK,
		    "the tree's edge stored at entry %lld was edited", at);
	return 0;
}

int
rct_checkpoint_verify(struct rct_store *s, int64_t *count)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	struct rct_merkle_frontier tree;
	struct rct_fingerprint f;
	rct_merkle_hash leaf;
	sqlite3_stmt *ent = NULL, *cp = NULL;
	char origin[256];
	int rc, have_cp;
	int64_t last = 0;

	*count = 0;
	memset(&tree, 0, sizeof(tree));
	if ((rc = rct_fingerprint_of_store(s, &f)) != 0 ||
	    (rc = rct_checkpoint_origin(s, origin)) != 0)
		return rc;
	if (sodium_hex2bin(pk, sizeof(pk), f.signing_key, 64, NULL, NULL,
		NULL) != 0)
		return rct_error(RCT_ECHECK, "the init entry is damaged");
	if ((rc = rct_store_stmt(s, "SELECT hash FROM audit ORDER BY seq",
		 &ent)) != 0 ||
	    (rc = rct_store_stmt(s,
		 "SELECT size, frontier, note FROM checkpoint ORDER BY "
		 "size",
		 &cp)) != 0)
		goto out;
	have_cp = sqlite3_step(cp) == SQLITE_ROW;
	/* A store migrated from schema 2 has none before its migration. */
	while (rc == 0 && sqlite3_step(ent) == SQLITE_ROW) {
		rct_merkle_leaf(leaf, sqlite3_column_blob(ent, 0),
		    (size_t)sqlite3_column_bytes(ent, 0));
		rct_merkle_frontier_add(&tree, leaf);
		while (rc == 0 && have_cp &&
		    sqlite3_column_int64(cp, 0) <= (int64_t)tree.size) {
			if (sqlite3_column_int64(cp, 0) < (int64_t)tree.size)
				rc = rct_error(RCT_ECHECK,
				    "two checkpoints at entry %lld, or one out "
				    "of order",
				    (long long)sqlite3_column_int64(cp, 0));
			else if ((rc = check_one(cp, &tree, origin, pk)) == 0) {
				last = (int64_t)tree.size;
				(*count)++;
			}
			have_cp = sqlite3_step(cp) == SQLITE_ROW;
		}
	}
	if (rc == 0 && have_cp)
		rc = rct_error(RCT_ECHECK,
		    "a checkpoint at entry %lld is beyond the end of the log: "
		    "entries were deleted",
		    (long long)sqlite3_column_int64(cp, 0));
	if (rc == 0 && last != (int64_t)tree.size)
		rc = rct_error(RCT_ECHECK,
		    "entries %lld to %llu are under no signed checkpoint: they "
		    "were added outside the toolkit",
		    (long long)last + 1, (unsigned long long)tree.size);
out:
	rct_store_stmt_done(s, ent);
	rct_store_stmt_done(s, cp);
	return rc;
}

static int
read_signing_key(struct rct_store *s,
    unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	struct rct_fingerprint f;
	int rc;

	if ((rc = rct_fingerprint_of_store(s, &f)) != 0)
		return rc;
	if (sodium_hex2bin(pk, crypto_sign_PUBLICKEYBYTES, f.signing_key, 64,
		NULL, NULL, NULL) != 0)
		return rct_error(RCT_ECHECK, "the init entry is damaged");
	return 0;
}

int
rct_checkpoint_signing_key(struct rct_store *s,
    unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	int rc;

	if (!s->signing_pk_known) {
		if ((rc = read_signing_key(s, s->signing_pk)) != 0)
			return rc;
		s->signing_pk_known = 1;
	}
	memcpy(pk, s->signing_pk, sizeof(s->signing_pk));
	return 0;
}

int
rct_checkpoint_verifier_key(struct rct_store *s, struct rct_buf *b)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	char origin[256];
	int rc;

	if ((rc = rct_checkpoint_signing_key(s, pk)) != 0 ||
	    (rc = rct_checkpoint_origin(s, origin)) != 0)
		return rc;
	rct_note_verifier_key(b, origin, pk);
	return 0;
}

static int
witness_key(struct rct_store *s, size_t w, char name[256],
    unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	const struct rct_protocol *p = s->protocol;

	if (w >= p->nwitnesses || p->witnesses[w].key == NULL ||
	    rct_note_parse_cosig_verifier_key(p->witnesses[w].key, name, 256,
		pk) != 0)
		return rct_error(RCT_EINVAL, "the protocol has no witness %zu",
		    w + 1);
	return 0;
}

int
rct_checkpoint_count_cosigners(struct rct_store *s, const char *note,
    size_t len)
{
	const struct rct_protocol *p = s->protocol;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	char name[256];
	uint64_t t;
	size_t w;
	int n = 0;

	for (w = 0; w < p->nwitnesses; w++)
		if (witness_key(s, w, name, pk) == 0 &&
		    rct_note_verify_cosig(note, len, name, pk, &t) == 0)
			n++;
	return n;
}

int
rct_checkpoint_witnessed(struct rct_store *s, size_t w, uint64_t *size)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	sqlite3_stmt *st;
	const char *note;
	char name[256];
	uint64_t t;
	int rc;

	*size = 0;
	if ((rc = witness_key(s, w, name, pk)) != 0 ||
	    (rc = rct_store_stmt(s,
		 "SELECT size, note FROM checkpoint ORDER BY size DESC",
		 &st)) != 0)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW)
		if ((note = (const char *)sqlite3_column_text(st, 1)) != NULL &&
		    rct_note_verify_cosig(note, strlen(note), name, pk, &t) ==
			0) {
			*size = (uint64_t)sqlite3_column_int64(st, 0);
			break;
		}
	rct_store_stmt_done(s, st);
	return 0;
}

/* The leaf hashes of the whole log, in order (caller frees). */
static int
read_leaves(struct rct_store *s, rct_merkle_hash **out, uint64_t *n)
{
	rct_merkle_hash *leaves = NULL, *grown;
	size_t cap = 0;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = rct_store_stmt(s, "SELECT hash FROM audit ORDER BY seq",
		 &st)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 1024;
			if ((grown = realloc(leaves, cap * sizeof(*leaves))) ==
			    NULL) {
				free(leaves);
				rct_store_stmt_done(s, st);
				return rct_error(RCT_ENOMEM, "out of memory");
			}
			leaves = grown;
		}
		rct_merkle_leaf(leaves[(*n)++], sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
	}
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_DONE) {
		free(leaves);
		return rct_store_sql_error(s, "reading the audit log");
	}
	*out = leaves;
	return 0;
}

int
rct_checkpoint_add_proof(struct rct_buf *b, rct_merkle_hash *proof, size_t len,
    const struct rct_buf *note)
{
	char b64[64];
	size_t i;

	for (i = 0; i < len; i++) {
		sodium_bin2base64(b64, sizeof(b64), proof[i], RCT_MERKLE_HASH,
		    sodium_base64_VARIANT_ORIGINAL);
		rct_buf_addf(b, "%s\n", b64);
	}
	rct_buf_addc(b, '\n');
	rct_buf_add(b, note->data, note->len);
	if (rct_buf_failed(b))
		return rct_error(RCT_ENOMEM, "out of memory");
	return 0;
}

/*
 * The latest checkpoint and the proofs' tree t (held) brought up to it:
 * proofs are made for the tree it signs, which entries appended in the
 * open transaction (others' requests of a group commit, not yet signed)
 * do not change.
 */
static int
latest_with_proofs(struct rct_store *s, struct rct_merkle_tree *t,
    struct rct_buf *note, uint64_t *size)
{
	uint64_t logged;
	int rc;

	if ((rc = latest_sized(s, note, size)) != 0 ||
	    (rc = rct_proofs_sync(s, t, &logged)) != 0)
		return rc;
	if (*size > logged)
		return rct_error(RCT_ECHECK,
		    "the latest checkpoint signs %llu entries, but the log "
		    "has %llu",
		    (unsigned long long)*size, (unsigned long long)logged);
	return 0;
}

/* rct_checkpoint_request() with the proofs' tree t held. */
static int
request_from(struct rct_store *s, struct rct_merkle_tree *t, uint64_t old,
    struct rct_buf *b)
{
	struct rct_buf note = RCT_BUF_INIT;
	rct_merkle_hash proof[RCT_MERKLE_MAX_PROOF];
	uint64_t n = 0;
	size_t len = 0;
	int rc;

	if ((rc = latest_with_proofs(s, t, &note, &n)) != 0)
		goto out;
	if (old > n) {
		rc = rct_error(RCT_EINVAL,
		    "the witness has a checkpoint of size %llu, but the log "
		    "has %llu entries: this store is an older copy (a "
		    "rollback)",
		    (unsigned long long)old, (unsigned long long)n);
		goto out;
	}
	if (old > 0 &&
	    rct_merkle_tree_consistency(proof, &len, t, old, n) != 0) {
		rc = rct_error(RCT_EINVAL, "no consistency proof from %llu",
		    (unsigned long long)old);
		goto out;
	}
	rct_buf_addf(b, "old %llu\n", (unsigned long long)old);
	rc = rct_checkpoint_add_proof(b, proof, len, &note);
out:
	rct_buf_release(&note);
	return rc;
}

int
rct_checkpoint_request(struct rct_store *s, uint64_t old, struct rct_buf *b)
{
	struct rct_merkle_tree *t = rct_proofs_hold(s);
	int rc = request_from(s, t, old, b);

	rct_proofs_unhold(s);
	return rc;
}

int
rct_checkpoint_add_cosignatures(struct rct_store *s, uint64_t of,
    const char *text, size_t len, int *cosigners)
{
	const struct rct_protocol *p = s->protocol;
	struct rct_buf note = RCT_BUF_INIT, one = RCT_BUF_INIT;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	const char *line, *end = text + len, *eol;
	sqlite3_stmt *st;
	char name[256];
	int64_t size = 0;
	uint64_t t;
	size_t w, tl;
	int rc, added = 0;

	*cosigners = 0;
	if (p->nwitnesses == 0)
		return rct_error(RCT_EINVAL,
		    "the protocol names no witnesses: there is nobody whose "
		    "cosignature to add");
	if ((rc = rct_store_stmt(s,
		 "SELECT size, note FROM checkpoint WHERE ?1 = 0 OR size = ?1 "
		 "ORDER BY size DESC LIMIT 1",
		 &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, (int64_t)of);
	if (sqlite3_step(st) == SQLITE_ROW) {
		size = sqlite3_column_int64(st, 0);
		rct_buf_adds(&note, (const char *)sqlite3_column_text(st, 1));
	}
	rct_store_stmt_done(s, st);
	if ((tl = rct_note_text_len(note.data, note.len)) == 0) {
		rct_buf_release(&note);
		if (of != 0)
			return rct_error(RCT_ENOTFOUND,
			    "store '%s' has no checkpoint of size %llu",
			    s->path, (unsigned long long)of);
		return rct_error(RCT_ENOTFOUND, "store '%s' has no checkpoint",
		    s->path);
	}
	/* Each line that is a valid cosignature of this checkpoint, once. */
	for (line = text; line < end; line = eol + 1) {
		if ((eol = memchr(line, '\n', (size_t)(end - line))) == NULL)
			eol = end;
		rct_buf_reset(&one);
		rct_buf_add(&one, note.data, tl + 1);
		rct_buf_add(&one, line, (size_t)(eol - line));
		rct_buf_addc(&one, '\n');
		for (w = 0; w < p->nwitnesses; w++)
			if (witness_key(s, w, name, pk) == 0 &&
			    rct_note_verify_cosig(one.data, one.len, name, pk,
				&t) == 0 &&
			    rct_note_verify_cosig(note.data, note.len, name, pk,
				&t) != 0) {
				rct_buf_add(&note, line, (size_t)(eol - line));
				rct_buf_addc(&note, '\n');
				added++;
				break;
			}
		if (eol == end)
			break;
	}
	rct_buf_release(&one);
	*cosigners = rct_checkpoint_count_cosigners(s, note.data, note.len);
	/* Nothing new: the store is left as it was. */
	if (added > 0 &&
	    (rc = rct_store_stmt(s,
		 "UPDATE checkpoint SET note = ? WHERE size = ?", &st)) == 0) {
		sqlite3_bind_text(st, 1, rct_buf_str(&note), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, size);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = rct_store_sql_error(s, "adding cosignatures");
		rct_store_stmt_done(s, st);
	}
	rct_buf_release(&note);
	return rc;
}

/*
 * The newest checkpoint the witnesses' quorum cosigned: its size, and its
 * note into note when not NULL; *size 0 when there is none.
 */
static int
quorum_checkpoint(struct rct_store *s, struct rct_buf *note, uint64_t *size)
{
	const struct rct_protocol *p = s->protocol;
	sqlite3_stmt *st;
	const char *text;
	int rc;

	*size = 0;
	if ((rc = rct_store_stmt(s,
		 "SELECT size, note FROM checkpoint ORDER BY size DESC",
		 &st)) != 0)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW)
		if ((text = (const char *)sqlite3_column_text(st, 1)) != NULL &&
		    rct_checkpoint_count_cosigners(s, text, strlen(text)) >=
			p->witness_quorum) {
			*size = (uint64_t)sqlite3_column_int64(st, 0);
			if (note)
				rct_buf_adds(note, text);
			break;
		}
	rct_store_stmt_done(s, st);
	return 0;
}

int
rct_checkpoint_unwitnessed(struct rct_store *s, int64_t upto, int64_t *seq)
{
	sqlite3_stmt *st;
	uint64_t covered;
	int rc;

	*seq = 0;
	if (s->protocol->nwitnesses == 0)
		return 0;
	if ((rc = quorum_checkpoint(s, NULL, &covered)) != 0 ||
	    (rc = rct_store_stmt(s,
		 "SELECT min(seq) FROM audit WHERE seq > ?1 AND (?2 = 0 OR "
		 "seq <= ?2) AND action IN ('allocate', 'allocate.cluster', "
		 "'batch')",
		 &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, (int64_t)covered);
	sqlite3_bind_int64(st, 2, upto);
	if (sqlite3_step(st) == SQLITE_ROW)
		*seq = sqlite3_column_int64(st, 0);
	rct_store_stmt_done(s, st);
	return 0;
}

/* rct_checkpoint_inclusion() with the proofs' tree t held. */
static int
inclusion_from(struct rct_store *s, struct rct_merkle_tree *t, int64_t seq,
    struct rct_buf *note, rct_merkle_hash *proof, size_t *len, uint64_t *size)
{
	uint64_t n, q = 0, logged;
	int rc;

	/*
	 * With witnesses, under the newest checkpoint of their quorum when it
	 * holds seq: a later one, of commits still being cosigned, does not
	 * hide an allocation the witnesses have already seen.
	 */
	if (s->protocol->nwitnesses > 0 && seq >= 1) {
		struct rct_buf qn = RCT_BUF_INIT;

		if ((rc = quorum_checkpoint(s, &qn, &q)) != 0) {
			rct_buf_release(&qn);
			return rc;
		}
		if (q >= (uint64_t)seq) {
			rct_buf_add(note, qn.data, qn.len);
			rct_buf_release(&qn);
			if ((rc = rct_proofs_sync(s, t, &logged)) != 0)
				return rc;
			if (q > logged)
				return rct_error(RCT_ECHECK,
				    "a cosigned checkpoint signs %llu entries, "
				    "but the log has %llu",
				    (unsigned long long)q,
				    (unsigned long long)logged);
			n = q;
			goto prove;
		}
		rct_buf_release(&qn);
	}
	if ((rc = latest_with_proofs(s, t, note, &n)) != 0)
		return rc;
prove:
	*size = n;
	if (seq < 1 || (uint64_t)seq > n ||
	    rct_merkle_tree_inclusion(proof, len, t, n, (uint64_t)seq - 1) != 0)
		rc = rct_error(RCT_ENOTFOUND,
		    "audit entry %lld is not in the log", (long long)seq);
	return rc;
}

int
rct_checkpoint_inclusion(struct rct_store *s, int64_t seq, struct rct_buf *note,
    rct_merkle_hash *proof, size_t *len, uint64_t *size)
{
	struct rct_merkle_tree *t = rct_proofs_hold(s);
	int rc = inclusion_from(s, t, seq, note, proof, len, size);

	rct_proofs_unhold(s);
	return rc;
}

int
rct_checkpoint_check_published(struct rct_store *s, const char *note,
    size_t len, uint64_t *size)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], root[32], want[32];
	rct_merkle_hash *leaves = NULL;
	char origin[256], o2[256];
	uint64_t n = 0;
	size_t tl;
	int rc;

	*size = 0;
	if ((rc = read_signing_key(s, pk)) != 0 ||
	    (rc = rct_checkpoint_origin(s, origin)) != 0)
		return rc;
	if (rct_note_verify(note, len, origin, pk, &tl) != 0 ||
	    rct_note_parse_checkpoint(note, tl, o2, sizeof(o2), size, root) !=
		0)
		return rct_error(RCT_ECHECK,
		    "the published checkpoint is not one of this trial's (not "
		    "signed by its key under origin '%s')",
		    origin);
	if ((rc = read_leaves(s, &leaves, &n)) != 0)
		return rc;
	if (*size > n)
		rc = rct_error(RCT_ECHECK,
		    "the published checkpoint covers %llu entries, the log has "
		    "%llu: it was cut short",
		    (unsigned long long)*size, (unsigned long long)n);
	else {
		rct_merkle_root(want, leaves, *size);
		if (memcmp(want, root, 32) != 0)
			rc = rct_error(RCT_ECHECK,
			    "the log's first %llu entries are not the ones the "
			    "published checkpoint signed: the log was rewritten",
			    (unsigned long long)*size);
	}
	free(leaves);
	return rc;
}
