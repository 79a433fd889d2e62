/*
 * An allocation checked in the store itself (receipt.h): what a server's
 * page of an arm stands on.  The same things hold as for its receipt
 * (rct_receipt_verify), read from the store instead of from a text: the
 * allocation's entry, hashed as the log hashes it, lies under the newest
 * checkpoint, which the trial's key (the init entry's) signed, with the
 * witnesses' quorum when the protocol names witnesses.  Building the
 * receipt as text and parsing it back was half of that page's work; the
 * download still does it, for the text is what the site keeps.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "checkpoint.h"
#include "error.h"
#include "json.h"
#include "merkle.h"
#include "note.h"
#include "protocol.h"
#include "receipt.h"
#include "receipt_internal.h"
#include "receipt_memo.h"
#include "register.h"
#include "store_internal.h"

int
rct_receipt_allocation_seq(struct rct_store *s, int64_t id, int64_t *seq)
{
	sqlite3_stmt *st;
	int rc;

	*seq = 0;
	if ((rc = rct_store_stmt(s,
		 "SELECT audit_seq FROM allocation WHERE participant = ?",
		 &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		*seq = sqlite3_column_int64(st, 0);
	rct_store_stmt_done(s, st);
	return 0;
}

/* An allocation's entry: its hash and, from its payload, r's names. */
struct allocation_entry {
	unsigned char *hash;
	struct rct_receipt_result *r;
};

/*
 * The entry's hash as the log computes it from its columns (never the
 * stored hash column, which is what the proofs are made of), and from
 * its payload the participant and arm.
 */
static int
hash_allocation(void *arg, const struct rct_audit_entry *e)
{
	struct allocation_entry *a = arg;

	rct_audit_entry_hash(a->hash, e);
	if (strncmp(e->action, "allocate", 8) != 0 ||
	    rct_json_field(e->payload, "participant", a->r->participant,
		sizeof(a->r->participant)) != 0 ||
	    rct_json_field(e->payload, "arm", a->r->arm, sizeof(a->r->arm)) !=
		0)
		return rct_error(RCT_ECHECK,
		    "audit entry %lld is not an allocation", (long long)e->seq);
	return 0;
}

/*
 * The memo's key of a checkpoint as this store checks it: the trial's
 * key and origin, the protocol's witnesses and quorum (which decide the
 * cosigners counted), and the note.
 */
static void
note_key(const struct rct_protocol *p, const char *origin,
    const unsigned char pk[32], const char *note, size_t len,
    unsigned char key[RCT_RECEIPT_MEMO_KEY])
{
	static const char domain[] = "rct-receipt-memo-store-checkpoint-v1";
	crypto_generichash_state st;
	size_t i;

	crypto_generichash_init(&st, NULL, 0, RCT_RECEIPT_MEMO_KEY);
	crypto_generichash_update(&st, (const unsigned char *)domain,
	    sizeof(domain));
	crypto_generichash_update(&st, pk, 32);
	crypto_generichash_update(&st, (const unsigned char *)origin,
	    strlen(origin) + 1);
	crypto_generichash_update(&st,
	    (const unsigned char *)&p->witness_quorum,
	    sizeof(p->witness_quorum));
	for (i = 0; i < p->nwitnesses; i++)
		crypto_generichash_update(&st,
		    (const unsigned char *)(p->witnesses[i].key ?
			    p->witnesses[i].key :
			    ""),
		    strlen(p->witnesses[i].key ? p->witnesses[i].key : "") + 1);
	crypto_generichash_update(&st, (const unsigned char *)&len,
	    sizeof(len));
	crypto_generichash_update(&st, (const unsigned char *)note, len);
	crypto_generichash_final(&st, key, RCT_RECEIPT_MEMO_KEY);
}

/*
 * The checkpoint note (signed by pk under origin, of size entries): its
 * root and cosigners into m; a note found true before is not checked
 * again (receipt_memo.h).
 */
static int
checked_note(struct rct_store *s, const char *origin,
    const unsigned char pk[32], const struct rct_buf *note, uint64_t size,
    struct rct_receipt_note_memo *m)
{
	unsigned char key[RCT_RECEIPT_MEMO_KEY];
	const char *text = rct_buf_str(note);
	char o2[256];
	uint64_t n;
	size_t tl;

	note_key(s->protocol, origin, pk, text, note->len, key);
	if (rct_receipt_memo_note_get(key, m) && m->size == size)
		return 0;
	memset(m, 0, sizeof(*m));
	if (rct_note_verify(text, note->len, origin, pk, &tl) != 0 ||
	    rct_note_parse_checkpoint(text, tl, o2, sizeof(o2), &n, m->root) !=
		0 ||
	    n != size)
		return rct_error(RCT_ECHECK,
		    "the newest checkpoint is not signed by the trial's key");
	m->text_len = tl;
	m->size = size;
	m->cosigners = rct_checkpoint_count_cosigners(s, text, note->len);
	rct_receipt_memo_note_put(key, m);
	return 0;
}

void
rct_receipt_note_signed(struct rct_store *s, const char *origin,
    const unsigned char pk[32], const char *note, size_t len, size_t text_len,
    uint64_t size, const unsigned char root[32])
{
	unsigned char key[RCT_RECEIPT_MEMO_KEY];
	struct rct_receipt_note_memo m;

	if (s->protocol == NULL) /* being created: no page reads it yet */
		return;
	memset(&m, 0, sizeof(m));
	m.text_len = text_len;
	m.size = size;
	memcpy(m.root, root, sizeof(m.root));
	m.cosigners = rct_checkpoint_count_cosigners(s, note, len);
	note_key(s->protocol, origin, pk, note, len, key);
	rct_receipt_memo_note_put(key, &m);
}

int
rct_receipt_unwitnessed(struct rct_store *s, int64_t id, int64_t *seq)
{
	int64_t mine;
	int rc;

	*seq = 0;
	if ((rc = rct_receipt_allocation_seq(s, id, &mine)) != 0 || mine == 0)
		return rc;
	return rct_checkpoint_unwitnessed(s, mine, seq);
}

int
rct_receipt_check(struct rct_store *s, int64_t id, struct rct_receipt_result *r)
{
	rct_merkle_hash proof[RCT_MERKLE_MAX_PROOF], leaf;
	const struct rct_protocol *p = s->protocol;
	unsigned char hash[32], pk[32];
	struct rct_buf note = RCT_BUF_INIT;
	struct rct_receipt_note_memo m;
	struct allocation_entry a;
	char pid[RCT_PID_MAX], origin[256];
	int64_t seq;
	uint64_t size;
	size_t len;
	int rc;

	memset(r, 0, sizeof(*r));
	rct_register_participant_format(pid, id);
	if ((rc = rct_receipt_allocation_seq(s, id, &seq)) != 0)
		return rc;
	if (seq == 0)
		return rct_error(RCT_ENOTFOUND, "%s is not allocated", pid);
	a.hash = hash;
	a.r = r;
	if ((rc = rct_audit_entry_at(s, seq, hash_allocation, &a)) != 0 ||
	    (rc = rct_checkpoint_signing_key(s, pk)) != 0 ||
	    (rc = rct_checkpoint_origin(s, origin)) != 0 ||
	    (rc = rct_checkpoint_inclusion(s, seq, &note, proof, &len,
		 &size)) != 0 ||
	    (rc = checked_note(s, origin, pk, &note, size, &m)) != 0)
		goto out;
	rc = RCT_ECHECK;
	if (strcmp(r->participant, pid) != 0) {
		rct_error(rc, "audit entry %lld is of %s, not of %s",
		    (long long)seq, r->participant, pid);
		goto out;
	}
	rct_merkle_leaf(leaf, hash, sizeof(hash));
	if (rct_merkle_verify_inclusion(leaf, (uint64_t)seq - 1, size, proof,
		len, m.root) != 0) {
		rct_error(rc,
		    "the allocation of %s is not in the log under its newest "
		    "checkpoint: the store was altered",
		    pid);
		goto out;
	}
	r->quorum = p->nwitnesses ? p->witness_quorum : 0;
	r->cosigners = m.cosigners;
	if (r->quorum && r->cosigners < r->quorum) {
		rct_error(rc,
		    "the newest checkpoint is cosigned by %d of the quorum of "
		    "%ld witnesses",
		    r->cosigners, r->quorum);
		goto out;
	}
	r->seq = seq;
	r->size = size;
	sodium_bin2hex(r->entry_hash, sizeof(r->entry_hash), hash, 32);
	rc = 0;
out:
	rct_buf_release(&note);
	if (rc != 0)
		memset(r, 0, sizeof(*r));
	return rc;
}
