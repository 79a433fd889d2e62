/*
 * Receipts of allocations (receipt.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "audit.h"
#include "checkpoint.h"
#include "error.h"
#include "fingerprint.h"
#include "json.h"
#include "merkle.h"
#include "note.h"
#include "protocol.h"
#include "receipt.h"
#include "receipt_internal.h"
#include "receipt_memo.h"
#include "register.h"
#include "store_internal.h"

/*
 * The base64 of the trial's first protocol, every receipt's: encoded once
 * a handle (a server's page of an arm encoded it each time, 2% of its
 * work) and kept with it; version 1 is never rewritten.  NULL when out
 * of memory.
 */
static const char *
protocol_b64(struct rct_store *s, int *rc)
{
	sqlite3_stmt *st;
	size_t len, n;

	*rc = 0;
	if (s->protocol_b64 != NULL)
		return s->protocol_b64;
	if ((*rc = rct_store_stmt(s,
		 "SELECT text FROM protocol WHERE version = 1", &st)) != 0)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		len = (size_t)sqlite3_column_bytes(st, 0);
		n = sodium_base64_encoded_len(len,
		    sodium_base64_VARIANT_ORIGINAL);
		if ((s->protocol_b64 = malloc(n)) != NULL)
			sodium_bin2base64(s->protocol_b64, n,
			    sqlite3_column_blob(st, 0), len,
			    sodium_base64_VARIANT_ORIGINAL);
		else
			*rc = rct_error(RCT_ENOMEM, "out of memory");
	} else
		*rc = rct_error(RCT_ECHECK, "the store has no protocol");
	rct_store_stmt_done(s, st);
	return s->protocol_b64;
}

/* Where add_entry() writes an entry's lines, under which prefix. */
struct entry_lines {
	struct rct_buf *b;
	const char *prefix;
	int with_prev;
};

static int
entry_lines(void *arg, const struct rct_audit_entry *e)
{
	const struct entry_lines *l = arg;
	char hex[65];

	rct_buf_addf(l->b, "%s-at %s\n%s-actor %s\n", l->prefix, e->at,
	    l->prefix, e->actor);
	if (l->with_prev)
		rct_buf_addf(l->b, "%s-action %s\n", l->prefix, e->action);
	rct_buf_addf(l->b, "%s-payload %s\n", l->prefix, e->payload);
	if (l->with_prev) {
		sodium_bin2hex(hex, sizeof(hex), e->prev, 32);
		rct_buf_addf(l->b, "%s-prev %s\n", l->prefix, hex);
	}
	return 0;
}

/* "key value\n" of the columns of one audit entry. */
static int
add_entry(struct rct_store *s, int64_t seq, const char *prefix,
    struct rct_buf *b, int with_prev)
{
	struct entry_lines l = {b, prefix, with_prev};

	return rct_audit_entry_at(s, seq, entry_lines, &l);
}

int
rct_receipt_write(struct rct_store *s, int64_t id, struct rct_buf *b)
{
	rct_merkle_hash proof[RCT_MERKLE_MAX_PROOF];
	struct rct_buf note = RCT_BUF_INIT;
	char pid[RCT_PID_MAX], b64[64];
	const char *text;
	int64_t seq = 0;
	uint64_t size, init_size;
	size_t len, i;
	int rc;

	rct_register_participant_format(pid, id);
	if ((rc = rct_receipt_allocation_seq(s, id, &seq)) != 0)
		return rc;
	if (seq == 0)
		return rct_error(RCT_ENOTFOUND, "%s is not allocated", pid);
	rct_buf_addf(b, "rct-receipt-v1\nparticipant %s\nentry-seq %lld\n", pid,
	    (long long)seq);
	if ((rc = add_entry(s, seq, "entry", b, 1)) != 0 ||
	    (rc = add_entry(s, 1, "init", b, 0)) != 0 ||
	    (rc = rct_checkpoint_inclusion(s, 1, &note, proof, &len,
		 &init_size)) != 0)
		goto out;
	rct_buf_adds(b, "init-proof");
	for (i = 0; i < len; i++) {
		sodium_bin2base64(b64, sizeof(b64), proof[i], RCT_MERKLE_HASH,
		    sodium_base64_VARIANT_ORIGINAL);
		rct_buf_addf(b, " %s", b64);
	}
	rct_buf_adds(b, "\nprotocol ");
	if ((text = protocol_b64(s, &rc)) == NULL)
		goto out;
	rct_buf_adds(b, text);
	rct_buf_reset(&note);
	if ((rc = rct_checkpoint_inclusion(s, seq, &note, proof, &len,
		 &size)) != 0)
		goto out;
	/* Both proofs under one checkpoint: the witnesses' newest, or not. */
	if (size != init_size) {
		rc = rct_error(RCT_ECHECK,
		    "the allocation of %s is not yet under a checkpoint the "
		    "witnesses' quorum cosigned: no receipt before it is",
		    pid);
		goto out;
	}
	rct_buf_addf(b, "\n\nc2sp.org/tlog-proof@v1\nindex %lld\n",
	    (long long)seq - 1);
	rc = rct_checkpoint_add_proof(b, proof, len, &note);
out:
	rct_buf_release(&note);
	return rc;
}

/* The value of "key value" at the start of *p; advances past the line. */
static const char *
take_line(const char **p, const char *end, const char *key, char *out,
    size_t outlen)
{
	size_t kl = strlen(key), n;
	const char *eol = memchr(*p, '\n', (size_t)(end - *p));

	if (eol == NULL || (size_t)(eol - *p) < kl + 1 ||
	    memcmp(*p, key, kl) != 0 || (*p)[kl] != ' ' ||
	    (n = (size_t)(eol - *p) - kl - 1) >= outlen)
		return NULL;
	memcpy(out, *p + kl + 1, n);
	out[n] = '\0';
	*p = eol + 1;
	return out;
}

static int
parse_proof(char *text, rct_merkle_hash *proof, size_t *len)
{
	char *tok, *save = NULL;
	size_t bl;

	*len = 0;
	for (tok = strtok_r(text, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		if (*len == RCT_MERKLE_MAX_PROOF ||
		    sodium_base642bin(proof[*len], RCT_MERKLE_HASH, tok,
			strlen(tok), NULL, &bl, NULL,
			sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    bl != RCT_MERKLE_HASH)
			return -1;
		(*len)++;
	}
	return 0;
}

#define FIELD 65536

/*
 * The memo's keys (receipt_memo.h): the protocol's by its text and the
 * hash the init entry registers; the checkpoint's by that, the origin
 * and key it is checked under, and its text.
 */
static void
memo_keys(const char *protocol, const char *protocol_hash, const char *origin,
    const unsigned char *pk, const char *note, size_t note_len,
    unsigned char proto_key[RCT_RECEIPT_MEMO_KEY],
    unsigned char note_key[RCT_RECEIPT_MEMO_KEY])
{
	static const char a[] = "rct-receipt-memo-protocol-v1",
			  b[] = "rct-receipt-memo-checkpoint-v1";
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, RCT_RECEIPT_MEMO_KEY);
	crypto_generichash_update(&st, (const unsigned char *)a, sizeof(a));
	crypto_generichash_update(&st, (const unsigned char *)protocol,
	    strlen(protocol) + 1);
	crypto_generichash_update(&st, (const unsigned char *)protocol_hash,
	    strlen(protocol_hash) + 1);
	crypto_generichash_final(&st, proto_key, RCT_RECEIPT_MEMO_KEY);
	crypto_generichash_init(&st, NULL, 0, RCT_RECEIPT_MEMO_KEY);
	crypto_generichash_update(&st, (const unsigned char *)b, sizeof(b));
	crypto_generichash_update(&st, proto_key, RCT_RECEIPT_MEMO_KEY);
	crypto_generichash_update(&st, (const unsigned char *)origin,
	    strlen(origin) + 1);
	crypto_generichash_update(&st, pk, crypto_sign_PUBLICKEYBYTES);
	crypto_generichash_update(&st, (const unsigned char *)note, note_len);
	crypto_generichash_final(&st, note_key, RCT_RECEIPT_MEMO_KEY);
}

/*
 * The protocol's quorum and witnesses' keys, as the memo keeps them; 0
 * when it has more witnesses than a memo holds (not kept, then).
 */
static int
proto_witnesses(const struct rct_protocol *proto,
    struct rct_receipt_proto_memo *m)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	m->quorum = proto->nwitnesses ? proto->witness_quorum : 0;
	if (proto->nwitnesses > RCT_RECEIPT_MEMO_WITNESSES)
		return 0;
	m->nwitnesses = proto->nwitnesses;
	for (i = 0; i < proto->nwitnesses; i++)
		m->witnesses[i].parsed =
		    rct_note_parse_cosig_verifier_key(proto->witnesses[i].key,
			m->witnesses[i].name, sizeof(m->witnesses[i].name),
			m->witnesses[i].pk) == 0;
	return 1;
}

/*
 * Count the checkpoint's cosignatures by the protocol's witnesses: their
 * keys as m holds them, or parsed from proto when m cannot hold them all.
 */
static int
cosigners_of(const struct rct_protocol *proto,
    const struct rct_receipt_proto_memo *m, const char *note, size_t len)
{
	int from_memo = proto == NULL || proto->nwitnesses == m->nwitnesses;
	size_t i, nw = from_memo ? m->nwitnesses : proto->nwitnesses;
	struct rct_receipt_witness own;
	uint64_t t;
	int n = 0;

	for (i = 0; i < nw; i++) {
		const struct rct_receipt_witness *w = &own;

		/* m holds at most RCT_RECEIPT_MEMO_WITNESSES: index it only
		 * when it holds them all. */
		if (from_memo)
			w = &m->witnesses[i];
		else {
			const char *key = proto->witnesses[i].key;

			own.parsed =
			    rct_note_parse_cosig_verifier_key(key, own.name,
				sizeof(own.name), own.pk) == 0;
		}
		if (w->parsed &&
		    rct_note_verify_cosig(note, len, w->name, w->pk, &t) == 0)
			n++;
	}
	return n;
}

int
rct_receipt_verify(const char *text, size_t len, const char *fingerprint,
    struct rct_receipt_result *r)
{
	static const char *const keys[] = {"participant", "entry-seq",
	    "entry-at", "entry-actor", "entry-action", "entry-payload",
	    "entry-prev", "init-at", "init-actor", "init-payload", "init-proof",
	    "protocol"};
	enum {
		PID,
		SEQ,
		EAT,
		EACT,
		EACTION,
		EPAY,
		EPREV,
		IAT,
		IACT,
		IPAY,
		IPROOF,
		PROT,
		NKEYS
	};
	char *v[NKEYS] = {NULL};
	rct_merkle_hash proof[RCT_MERKLE_MAX_PROOF], leaf, root;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], *ptext = NULL;
	unsigned char proto_key[RCT_RECEIPT_MEMO_KEY],
	    note_key[RCT_RECEIPT_MEMO_KEY];
	struct rct_receipt_proto_memo pm;
	struct rct_receipt_note_memo nm;
	struct rct_protocol *proto = NULL;
	struct rct_audit_entry e;
	struct rct_fingerprint f;
	const char *p = text, *end = text + len, *note, *eol;
	char fp[65], origin[256], o2[256], reg[200] = "", got[80];
	uint64_t size = 0, index;
	size_t plen, tl, i, ptlen = 0, field;
	int rc = RCT_EINVAL, k, noted = 0, proto_fresh = 0;

	/* No line is longer than the receipt, nor than FIELD. */
	field = len < FIELD ? len + 1 : FIELD;
	memset(r, 0, sizeof(*r));
	memset(&pm, 0, sizeof(pm));
	memset(&nm, 0, sizeof(nm));
	if (len < 16 || memcmp(text, "rct-receipt-v1\n", 15) != 0 ||
	    memchr(text, '\0', len) != NULL)
		return rct_error(RCT_EINVAL,
		    "not a receipt, expected one from 'randomizer receipt'");
	p += 15;
	for (k = 0; k < NKEYS; k++)
		if ((v[k] = malloc(field)) == NULL ||
		    take_line(&p, end, keys[k], v[k], field) == NULL) {
			rc = rct_error(RCT_EINVAL,
			    "the receipt lacks its '%s' line", keys[k]);
			goto out;
		}
	if (p >= end || *p != '\n' || (size_t)(end - p) < 25 ||
	    memcmp(p + 1, "c2sp.org/tlog-proof@v1\n", 23) != 0) {
		rc = rct_error(RCT_EINVAL, "the receipt lacks its tlog-proof");
		goto out;
	}
	p += 24;
	if (take_line(&p, end, "index", got, sizeof(got)) == NULL ||
	    strspn(got, "0123456789") != strlen(got)) {
		rc = rct_error(RCT_EINVAL, "the tlog-proof has no index");
		goto out;
	}
	index = strtoull(got, NULL, 10);
	rc = RCT_ECHECK;
	/* The init entry: the keys, the protocol and so the fingerprint. */
	if (rct_fingerprint_of_payload(v[IPAY], &f) != 0) {
		rct_error(rc, "the receipt's init entry is damaged");
		goto out;
	}
	rct_fingerprint_hex(&f, fp);
	if (strncasecmp(fp, fingerprint, 64) != 0 ||
	    strlen(fingerprint) != 64) {
		rct_error(rc,
		    "the receipt is of another trial than fingerprint %.16s... "
		    "(its own is %.16s...)",
		    fingerprint, fp);
		goto out;
	}
	rct_json_field(v[IPAY], "registration", reg, sizeof(reg));
	rct_fingerprint_origin(reg, fp, origin);
	sodium_hex2bin(pk, sizeof(pk), f.signing_key, 64, NULL, NULL, NULL);
	/* The checkpoint, signed by the trial's key. */
	plen = 0;
	for (; p < end && *p != '\n'; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL ||
		    plen == RCT_MERKLE_MAX_PROOF ||
		    sodium_base642bin(proof[plen], RCT_MERKLE_HASH, p,
			(size_t)(eol - p), NULL, &i, NULL,
			sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    i != RCT_MERKLE_HASH) {
			rct_error(RCT_EINVAL, "the tlog-proof is malformed");
			rc = RCT_EINVAL;
			goto out;
		}
		plen++;
	}
	note = p + 1;
	if (p < end) {
		memo_keys(v[PROT], f.protocol_hash, origin, pk, note,
		    (size_t)(end - note), proto_key, note_key);
		noted = rct_receipt_memo_note_get(note_key, &nm);
	}
	if (noted) {
		tl = nm.text_len;
		size = nm.size;
		memcpy(root, nm.root, sizeof(root));
	} else if (p >= end ||
	    rct_note_verify(note, (size_t)(end - note), origin, pk, &tl) != 0 ||
	    rct_note_parse_checkpoint(note, tl, o2, sizeof(o2), &size, root) !=
		0) {
		rct_error(rc,
		    "the receipt's checkpoint is not signed by the trial's key");
		goto out;
	}
	/* The allocation's entry, hashed as the log hashes it. */
	memset(&e, 0, sizeof(e));
	e.seq = atoll(v[SEQ]);
	e.at = v[EAT];
	e.actor = v[EACT];
	e.action = v[EACTION];
	e.payload = v[EPAY];
	if (strlen(v[EPREV]) != 64 ||
	    sodium_hex2bin(e.prev, 32, v[EPREV], 64, NULL, NULL, NULL) != 0 ||
	    (uint64_t)e.seq != index + 1 ||
	    strncmp(e.action, "allocate", 8) != 0) {
		rct_error(rc, "the receipt's entry is damaged");
		goto out;
	}
	rct_audit_entry_hash(e.hash, &e);
	sodium_bin2hex(r->entry_hash, sizeof(r->entry_hash), e.hash, 32);
	rct_merkle_leaf(leaf, e.hash, 32);
	if (rct_merkle_verify_inclusion(leaf, index, size, proof, plen, root) !=
	    0) {
		rct_error(rc,
		    "the allocation's entry is not in the log under the "
		    "receipt's checkpoint: the receipt was altered");
		goto out;
	}
	if (rct_json_field(e.payload, "participant", r->participant,
		sizeof(r->participant)) != 0 ||
	    strcmp(r->participant, v[PID]) != 0 ||
	    rct_json_field(e.payload, "arm", r->arm, sizeof(r->arm)) != 0) {
		rct_error(rc, "the receipt's entry is of another participant");
		goto out;
	}
	/* The init entry under the same checkpoint. */
	memset(&e, 0, sizeof(e));
	e.seq = 1;
	e.at = v[IAT];
	e.actor = v[IACT];
	e.action = "init";
	e.payload = v[IPAY];
	rct_audit_entry_hash(e.hash, &e);
	rct_merkle_leaf(leaf, e.hash, 32);
	if (parse_proof(v[IPROOF], proof, &plen) != 0 ||
	    rct_merkle_verify_inclusion(leaf, 0, size, proof, plen, root) !=
		0) {
		rct_error(rc, "the receipt's init entry is not the log's");
		goto out;
	}
	/* The protocol as registered: its witnesses and quorum. */
	if (!rct_receipt_memo_proto_get(proto_key, &pm)) {
		if ((ptext = malloc(strlen(v[PROT]) + 1)) == NULL ||
		    sodium_base642bin(ptext, strlen(v[PROT]) + 1, v[PROT],
			strlen(v[PROT]), NULL, &ptlen, NULL,
			sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    rct_protocol_parse(&proto, "the receipt's protocol",
			(const char *)ptext, ptlen) != 0) {
			rct_error(rc, "the receipt's protocol is damaged");
			goto out;
		}
		rct_protocol_hash_hex(proto, got);
		if (strcmp(got, f.protocol_hash) != 0) {
			rct_error(rc,
			    "the receipt's protocol is not the one registered");
			goto out;
		}
		proto_fresh = proto_witnesses(proto, &pm);
	}
	r->quorum = pm.quorum;
	r->cosigners = noted ?
	    nm.cosigners :
	    cosigners_of(proto, &pm, note, (size_t)(end - note));
	if (r->quorum && r->cosigners < r->quorum) {
		rct_error(rc,
		    "the receipt's checkpoint is cosigned by %d of the quorum "
		    "of %ld witnesses",
		    r->cosigners, r->quorum);
		goto out;
	}
	r->seq = atoll(v[SEQ]);
	r->size = size;
	rc = 0;
	if (proto_fresh)
		rct_receipt_memo_proto_put(proto_key, &pm);
	if (!noted) {
		nm.text_len = tl;
		nm.size = size;
		memcpy(nm.root, root, sizeof(nm.root));
		nm.cosigners = r->cosigners;
		rct_receipt_memo_note_put(note_key, &nm);
	}
out:
	for (k = 0; k < NKEYS; k++)
		free(v[k]);
	free(ptext);
	rct_protocol_free(proto);
	return rc;
}
