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

uint32_t
rct_note_key_hash(const char *name,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES], alg = ALG_ED25519;

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

void
rct_note_verifier_key(struct rct_buf *b, const char *name,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	unsigned char key[1 + crypto_sign_PUBLICKEYBYTES];

	key[0] = ALG_ED25519;
	memcpy(key + 1, pk, crypto_sign_PUBLICKEYBYTES);
	rct_buf_addf(b, "%s+%08x+", name,
	    (unsigned)rct_note_key_hash(name, pk));
	add_base64(b, key, sizeof(key));
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

int
rct_note_parse_verifier_key(const char *vkey, char *name, size_t namelen,
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
	    len != 1 + crypto_sign_PUBLICKEYBYTES || key[0] != ALG_ED25519)
		return -1;
	memcpy(name, vkey, n);
	name[n] = '\0';
	memcpy(pk, key + 1, crypto_sign_PUBLICKEYBYTES);
	return rct_note_key_hash(name, pk) == hash ? 0 : -1;
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

int
rct_note_verify(const char *note, size_t len, const char *name,
    const unsigned char pk[crypto_sign_PUBLICKEYBYTES], size_t *textlen)
{
	unsigned char sig[4 + crypto_sign_BYTES + 8];
	size_t tl = 0, i, nl = strlen(name), siglen;
	const char *line, *end = note + len, *eol;
	uint32_t want = rct_note_key_hash(name, pk), got;
	char b64[128];

	/* The text ends at the last blank line: "\n\n" before the signatures.
	 */
	if (len < 2 || note[len - 1] != '\n' || memchr(note, '\0', len))
		return -1;
	for (i = len - 1; i > 0; i--)
		if (note[i] == '\n' && note[i - 1] == '\n') {
			tl = i;
			break;
		}
	if (tl == 0)
		return -1;
	for (line = note + tl + 1; line < end; line = eol + 1) {
		eol = memchr(line, '\n', (size_t)(end - line));
		if (eol == NULL)
			return -1;
		if ((size_t)(eol - line) < 4 + nl + 1 ||
		    memcmp(line, EM_DASH " ", 4) != 0 ||
		    memcmp(line + 4, name, nl) != 0 || line[4 + nl] != ' ')
			continue;
		if ((size_t)(eol - line - 5 - nl) >= sizeof(b64))
			continue;
		memcpy(b64, line + 5 + nl, (size_t)(eol - line - 5 - nl));
		b64[eol - line - 5 - nl] = '\0';
		if (sodium_base642bin(sig, sizeof(sig), b64, strlen(b64), NULL,
			&siglen, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    siglen != 4 + crypto_sign_BYTES)
			continue;
		got = (uint32_t)sig[0] << 24 | (uint32_t)sig[1] << 16 |
		    (uint32_t)sig[2] << 8 | (uint32_t)sig[3];
		if (got != want)
			continue;
		if (crypto_sign_verify_detached(sig + 4,
			(const unsigned char *)note, tl, pk) == 0) {
			*textlen = tl;
			return 0;
		}
	}
	return -1;
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
