/*
 * Sealed decision details (conceal.h).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "conceal.h"
#include "json.h"

#define PAD_BLOCK 64
#define PLAIN_MAX 448

void
rct_conceal_key(unsigned char key[RCT_CONCEAL_KEY_BYTES],
    const unsigned char secret[32])
{
	static const char domain[] = "rct-conceal-v1";

	crypto_generichash(key, RCT_CONCEAL_KEY_BYTES,
	    (const unsigned char *)domain, sizeof(domain) - 1, secret, 32);
}

static void
nonce_for(unsigned char nonce[crypto_secretbox_NONCEBYTES],
    const unsigned char key[RCT_CONCEAL_KEY_BYTES], const char *sequence,
    int64_t position, const char *unit)
{
	char ctx[1024];
	int n;

	n = snprintf(ctx, sizeof(ctx), "%s\x1f%lld\x1f%s",
	    sequence ? sequence : "", (long long)position, unit ? unit : "");
	if (n < 0 || (size_t)n >= sizeof(ctx))
		n = (int)sizeof(ctx) - 1;
	crypto_generichash(nonce, crypto_secretbox_NONCEBYTES,
	    (const unsigned char *)ctx, (size_t)n, key, RCT_CONCEAL_KEY_BYTES);
}

void
rct_conceal_seal(struct rct_buf *b,
    const unsigned char key[RCT_CONCEAL_KEY_BYTES], const char *sequence,
    int64_t position, const char *unit, const char *detail)
{
	unsigned char plain[PLAIN_MAX],
	    box[PLAIN_MAX + crypto_secretbox_MACBYTES];
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	char hex[2 * sizeof(box) + 1];
	size_t len = strlen(detail), padded;

	/* A detail is at most 511 bytes; the allocator's are far shorter. */
	if (len > PLAIN_MAX - 1)
		len = PLAIN_MAX - 1;
	memcpy(plain, detail, len);
	if (sodium_pad(&padded, plain, len, PAD_BLOCK, sizeof(plain)) != 0)
		padded = len;
	nonce_for(nonce, key, sequence, position, unit);
	crypto_secretbox_easy(box, plain, padded, nonce, key);
	sodium_bin2hex(hex, sizeof(hex), box,
	    padded + crypto_secretbox_MACBYTES);
	rct_buf_adds(b, "{\"sealed\":\"");
	rct_buf_adds(b, hex);
	rct_buf_adds(b, "\"}");
	sodium_memzero(plain, sizeof(plain));
}

int
rct_conceal_is_sealed(const char *stored)
{
	return strncmp(stored, "{\"sealed\":\"", 11) == 0;
}

int
rct_conceal_open(char *out, size_t outlen,
    const unsigned char key[RCT_CONCEAL_KEY_BYTES], const char *sequence,
    int64_t position, const char *unit, const char *stored)
{
	unsigned char box[PLAIN_MAX + crypto_secretbox_MACBYTES];
	unsigned char plain[PLAIN_MAX], nonce[crypto_secretbox_NONCEBYTES];
	char hex[2 * sizeof(box) + 1];
	size_t len = 0, unpadded;

	if (!rct_conceal_is_sealed(stored) ||
	    rct_json_field(stored, "sealed", hex, sizeof(hex)) != 0 ||
	    sodium_hex2bin(box, sizeof(box), hex, strlen(hex), NULL, &len,
		NULL) != 0 ||
	    len < crypto_secretbox_MACBYTES)
		return -1;
	nonce_for(nonce, key, sequence, position, unit);
	if (crypto_secretbox_open_easy(plain, box, len, nonce, key) != 0 ||
	    sodium_unpad(&unpadded, plain, len - crypto_secretbox_MACBYTES,
		PAD_BLOCK) != 0 ||
	    unpadded >= outlen)
		return -1;
	memcpy(out, plain, unpadded);
	out[unpadded] = '\0';
	return 0;
}
