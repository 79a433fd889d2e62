/* Canonical row digests (digest.h). */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "digest.h"
#include "identity.h"

void
rct_digest_init(struct rct_digest *d)
{
	static const char domain[] = "rct-rows-v1";

	crypto_generichash_init(&d->st, NULL, 0, 32);
	crypto_generichash_update(&d->st, (const unsigned char *)domain,
	    sizeof(domain));
	d->rows = 0;
	d->npending = 0;
}

/* Many small updates cost more than the hashing: gather them first. */
static void
feed(struct rct_digest *d, const void *data, size_t len)
{
	if (d->npending + len > sizeof(d->pending)) {
		crypto_generichash_update(&d->st, d->pending, d->npending);
		d->npending = 0;
		if (len > sizeof(d->pending)) {
			crypto_generichash_update(&d->st, data, len);
			return;
		}
	}
	memcpy(d->pending + d->npending, data, len);
	d->npending += len;
}

void
rct_digest_field(struct rct_digest *d, const void *data, size_t len)
{
	unsigned char be[8];
	uint64_t v = data ? (uint64_t)len : UINT64_MAX;
	int i;

	for (i = 7; i >= 0; i--) {
		be[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	feed(d, be, 8);
	if (data && len)
		feed(d, data, len);
}

void
rct_digest_text(struct rct_digest *d, const char *s)
{
	rct_digest_field(d, s, s ? strlen(s) : 0);
}

void
rct_digest_int(struct rct_digest *d, int64_t v)
{
	char buf[24];

	rct_digest_field(d, buf, (size_t)rct_buf_format_int(buf, v));
}

void
rct_digest_participant(struct rct_digest *d, int64_t id, const char *site,
    const unsigned char *pseudonym, const unsigned char *sealed,
    size_t sealed_len, const char *baseline, const char *stratum)
{
	rct_digest_int(d, id);
	rct_digest_text(d, site);
	rct_digest_field(d, pseudonym, RCT_PSEUDONYM_BYTES);
	rct_digest_field(d, sealed, sealed_len);
	rct_digest_text(d, baseline);
	rct_digest_text(d, stratum);
	d->rows++;
}

void
rct_digest_outcome(struct rct_digest *d, int64_t id, int64_t participant,
    const char *name, const char *value, const char *date)
{
	rct_digest_int(d, id);
	rct_digest_int(d, participant);
	rct_digest_text(d, name);
	rct_digest_text(d, value);
	rct_digest_text(d, date);
	d->rows++;
}

void
rct_digest_final(struct rct_digest *d, char hex[65])
{
	unsigned char h[32];

	crypto_generichash_update(&d->st, d->pending, d->npending);
	d->npending = 0;
	crypto_generichash_final(&d->st, h, sizeof(h));
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

void
rct_digest_payload_start(struct rct_buf *b, const char *source,
    const unsigned char *file_hash, const unsigned char *key)
{
	static const char domain[] = "rct-file-mac-v1";
	unsigned char k[32], mac[32];
	char hex[65];

	rct_buf_adds(b, "{\"source\":");
	rct_buf_add_json_string(b, source);
	if (file_hash == NULL || key == NULL)
		return;
	crypto_generichash(k, sizeof(k), (const unsigned char *)domain,
	    sizeof(domain), key, 32);
	crypto_generichash(mac, sizeof(mac), file_hash, 32, k, sizeof(k));
	sodium_memzero(k, sizeof(k));
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	rct_buf_addf(b, ",\"file_mac\":\"%s\"", hex);
}
