/*
 * Signed notes and checkpoints (note.h), after the C2SP signed-note and
 * tlog-checkpoint specifications.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "note.h"

#define EM_DASH "\xe2\x80\x94"
#define ALG_ED25519 0x01
#define ALG_COSIG_V1 0x04

static uint32_t
key_hash(const char *name, unsigned char alg,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)name,
	    strlen(name));
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	crypto_hash_sha256_update(&st, &alg, 1);
	crypto_hash_sha256_update(&st, pk, crypto_sign_PUBLICKEYBYTES);
	crypto_hash_sha256_final(&st, h);
	return (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 |
	    (uint32_t)h[2] << 8 | (uint32_t)h[3];
}

uint32_t
rct_note_key_hash(const char *name,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	return key_hash(name, ALG_ED25519, pk);
}

uint32_t
rct_note_cosig_key_hash(const char *name,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	return key_hash(name, ALG_COSIG_V1, pk);
}

static void
add_base64(struct rct_buf *b, const unsigned char *bin, size_t len)
{
	char out[256];

	if (sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL) >
	    sizeof(out)) {
		rct_buf_adds(b, "");
		b->failed = 1;
		return;
	}
	sodium_bin2base64(out, sizeof(out), bin, len,
	    sodium_base64_VARIANT_ORIGINAL);
	rct_buf_adds(b, out);
}

static void
verifier_key(struct rct_buf *b, const char *name, unsigned char alg,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	unsigned char key[1 + crypto_sign_PUBLICKEYBYTES];

	key[0] = alg;
	memcpy(key + 1, pk, crypto_sign_PUBLICKEYBYTES);
	rct_buf_addf(b, "%s+%08x+", name, (unsigned)key_hash(name, alg, pk));
	add_base64(b, key, sizeof(key));
}

void
rct_note_verifier_key(struct rct_buf *b, const char *name,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	verifier_key(b, name, ALG_ED25519, pk);
}

void
rct_note_cosig_verifier_key(struct rct_buf *b, const char *name,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	verifier_key(b, name, ALG_COSIG_V1, pk);
}

static int
valid_name(const char *name, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (name[i] == ' ' || name[i] == '+' || name[i] == '\n' ||
		    (unsigned char)name[i] < 0x20)
			return 0;
	return 1;
}

static int
parse_vkey(const char *vkey, unsigned char alg, char *name, size_t namelen,
    unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	unsigned char key[1 + crypto_sign_PUBLICKEYBYTES + 8];
	const char *p1 = strchr(vkey, '+'), *p2;
	unsigned long hash;
	size_t n, len = 0;
	char *end;

	if (p1 == NULL || (p2 = strchr(p1 + 1, '+')) == NULL ||
	    (n = (size_t)(p1 - vkey)) + 1 > namelen || !valid_name(vkey, n) ||
	    p2 - p1 != 9)
		return -1;
	hash = strtoul(p1 + 1, &end, 16);
	if (end != p2 ||
	    sodium_base642bin(key, sizeof(key), p2 + 1, strlen(p2 + 1), NULL,
		&len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    len != 1 + crypto_sign_PUBLICKEYBYTES || key[0] != alg)
		return -1;
	memcpy(name, vkey, n);
	name[n] = '\0';
	memcpy(pk, key + 1, crypto_sign_PUBLICKEYBYTES);
	return key_hash(name, alg, pk) == hash ? 0 : -1;
}

int
rct_note_parse_verifier_key(const char *vkey, char *name, size_t namelen,
    unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	return parse_vkey(vkey, ALG_ED25519, name, namelen, pk);
}

int
rct_note_parse_cosig_verifier_key(const char *vkey, char *name, size_t namelen,
    unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	return parse_vkey(vkey, ALG_COSIG_V1, name, namelen, pk);
}

void
rct_note_sign(struct rct_buf *b, const char *text, const char *name,
    const unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sig[4 + crypto_sign_BYTES];
	uint32_t h;

	crypto_sign_ed25519_sk_to_pk(pk, sk);
	h = rct_note_key_hash(name, pk);
	sig[0] = (unsigned char)(h >> 24);
	sig[1] = (unsigned char)(h >> 16);
	sig[2] = (unsigned char)(h >> 8);
	sig[3] = (unsigned char)h;
	crypto_sign_detached(sig + 4, NULL, (const unsigned char *)text,
	    strlen(text), sk);
	rct_buf_adds(b, text);
	rct_buf_adds(b, "\n" EM_DASH " ");
	rct_buf_adds(b, name);
	rct_buf_addc(b, ' ');
	add_base64(b, sig, sizeof(sig));
	rct_buf_addc(b, '\n');
}

size_t
rct_note_text_len(const char *note, size_t len)
{
	size_t i;

	/* The text ends at the last blank line: "\n\n" before the
	 * signatures. */
	if (len < 2 || note[len - 1] != '\n' || memchr(note, '\0', len))
		return 0;
	for (i = len - 1; i > 0; i--)
		if (note[i] == '\n' && note[i - 1] == '\n')
			return i;
	return 0;
}

/*
 * Call check for each signature line by name whose key hash is want,
 * with the decoded bytes after the key hash; 0 at the first for which it
 * returns 0, else -1.
 */
static int
each_signature(const char *note, size_t len, size_t tl, const char *name,
    uint32_t want,
    int (*check)(void *arg, const unsigned char *sig, size_t siglen), void *arg)
{
	unsigned char sig[4 + 8 + crypto_sign_BYTES + 8];
	const char *line, *end = note + len, *eol;
	size_t nl = strlen(name), siglen;
	uint32_t got;
	char b64[160];

	for (line = note + tl + 1; line < end; line = eol + 1) {
		eol = memchr(line, '\n', (size_t)(end - line));
		if (eol == NULL)
			return -1;
		if ((size_t)(eol - line) < 4 + nl + 1 ||
		    memcmp(line, EM_DASH " ", 4) != 0 ||
		    memcmp(line + 4, name, nl) != 0 || line[4 + nl] != ' ' ||
		    (size_t)(eol - line - 5 - nl) >= sizeof(b64))
			continue;
		memcpy(b64, line + 5 + nl, (size_t)(eol - line - 5 - nl));
		b64[eol - line - 5 - nl] = '\0';
		if (sodium_base642bin(sig, sizeof(sig), b64, strlen(b64), NULL,
			&siglen, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    siglen < 4)
			continue;
		got = (uint32_t)sig[0] << 24 | (uint32_t)sig[1] << 16 |
		    (uint32_t)sig[2] << 8 | (uint32_t)sig[3];
		if (got == want && check(arg, sig + 4, siglen - 4) == 0)
			return 0;
	}
	return -1;
}

struct plain_check {
	const unsigned char *text;
	size_t len;
	const unsigned char *pk;
};

static int
check_plain(void *arg, const unsigned char *sig, size_t siglen)
{
	const struct plain_check *c = arg;

	return siglen == crypto_sign_BYTES &&
		crypto_sign_verify_detached(sig, c->text, c->len, c->pk) == 0 ?
	    0 :
	    -1;
}

int
rct_note_verify(const char *note, size_t len, const char *name,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES], size_t *textlen)
{
	struct plain_check c;
	size_t tl = rct_note_text_len(note, len);

	if (tl == 0)
		return -1;
	c.text = (const unsigned char *)note;
	c.len = tl;
	c.pk = pk;
	if (each_signature(note, len, tl, name, rct_note_key_hash(name, pk),
		check_plain, &c) != 0)
		return -1;
	*textlen = tl;
	return 0;
}

static void
cosig_message(struct rct_buf *m, const char *text, size_t textlen, uint64_t t)
{
	rct_buf_addf(m, "cosignature/v1\ntime %llu\n", (unsigned long long)t);
	rct_buf_add(m, text, textlen);
}

void
rct_note_cosign(struct rct_buf *b, const char *text, size_t textlen,
    const char *name, const unsigned char sk[crypto_sign_SECRETKEYBYTES],
    uint64_t t)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sig[4 + 8 + crypto_sign_BYTES];
	struct rct_buf m = RCT_BUF_INIT;
	uint32_t h;
	int i;

	crypto_sign_ed25519_sk_to_pk(pk, sk);
	h = rct_note_cosig_key_hash(name, pk);
	for (i = 0; i < 4; i++)
		sig[i] = (unsigned char)(h >> (24 - 8 * i));
	for (i = 0; i < 8; i++)
		sig[4 + i] = (unsigned char)(t >> (56 - 8 * i));
	cosig_message(&m, text, textlen, t);
	crypto_sign_detached(sig + 12, NULL, (const unsigned char *)m.data,
	    m.len, sk);
	rct_buf_release(&m);
	rct_buf_adds(b, EM_DASH " ");
	rct_buf_adds(b, name);
	rct_buf_addc(b, ' ');
	add_base64(b, sig, sizeof(sig));
	rct_buf_addc(b, '\n');
}

struct cosig_check {
	const char *text;
	size_t len;
	const unsigned char *pk;
	uint64_t t;
};

static int
check_cosig(void *arg, const unsigned char *sig, size_t siglen)
{
	struct cosig_check *c = arg;
	struct rct_buf m = RCT_BUF_INIT;
	uint64_t t = 0;
	int i, rc;

	if (siglen != 8 + crypto_sign_BYTES)
		return -1;
	for (i = 0; i < 8; i++)
		t = t << 8 | sig[i];
	if (t > INT64_MAX)
		return -1;
	cosig_message(&m, c->text, c->len, t);
	rc = rct_buf_failed(&m) ||
		crypto_sign_verify_detached(sig + 8,
		    (const unsigned char *)m.data, m.len, c->pk) != 0 ?
	    -1 :
	    0;
	rct_buf_release(&m);
	if (rc == 0)
		c->t = t;
	return rc;
}

int
rct_note_verify_cosig(const char *note, size_t len, const char *name,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES], uint64_t *t)
{
	struct cosig_check c;
	size_t tl = rct_note_text_len(note, len);

	if (tl == 0)
		return -1;
	c.text = note;
	c.len = tl;
	c.pk = pk;
	c.t = 0;
	if (each_signature(note, len, tl, name,
		rct_note_cosig_key_hash(name, pk), check_cosig, &c) != 0)
		return -1;
	*t = c.t;
	return 0;
}

void
rct_note_checkpoint(struct rct_buf *b, const char *origin, uint64_t size,
    const unsigned char root[32])
{
	rct_buf_addf(b, "%s\n%llu\n", origin, (unsigned long long)size);
	add_base64(b, root, 32);
	rct_buf_addc(b, '\n');
}

int
rct_note_parse_checkpoint(const char *text, size_t len, char *origin,
    size_t originlen, uint64_t *size, unsigned char root[32])
{
	const char *l1 = memchr(text, '\n', len), *l2, *l3;
	char num[24], b64[64];
	size_t n, rlen = 0;
	char *end;

	if (l1 == NULL || (size_t)(l1 - text) + 1 > originlen || l1 == text ||
	    (l2 = memchr(l1 + 1, '\n', len - (size_t)(l1 + 1 - text))) ==
		NULL ||
	    (l3 = memchr(l2 + 1, '\n', len - (size_t)(l2 + 1 - text))) == NULL)
		return -1;
	memcpy(origin, text, (size_t)(l1 - text));
	origin[l1 - text] = '\0';
	if ((n = (size_t)(l2 - l1 - 1)) == 0 || n >= sizeof(num) ||
	    (n > 1 && l1[1] == '0'))
		return -1;
	memcpy(num, l1 + 1, n);
	num[n] = '\0';
	if (strspn(num, "0123456789") != n)
		return -1;
	*size = strtoull(num, &end, 10);
	if ((n = (size_t)(l3 - l2 - 1)) >= sizeof(b64))
		return -1;
	memcpy(b64, l2 + 1, n);
	b64[n] = '\0';
	return sodium_base642bin(root, 32, b64, n, NULL, &rlen, NULL,
		   sodium_base64_VARIANT_ORIGINAL) == 0 &&
		rlen == 32 ?
	    0 :
	    -1;
}
