/*
 * The trial's fingerprint (fingerprint.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "buf.h"
#include "error.h"
#include "fingerprint.h"
#include "json.h"
#include "store_internal.h"

void
rct_fingerprint_hex(const struct rct_fingerprint *f, char out[65])
{
	struct rct_buf b = RCT_BUF_INIT;
	unsigned char h[32];

	rct_buf_addf(&b,
	    "rct-fingerprint-v1\n"
	    "signing_key %s\ncommitment %s\nprotocol_hash %s\n"
	    "concealed_hash %s\nlinkage_key %s\npseudonym_check %s\n",
	    f->signing_key, f->commitment, f->protocol_hash,
	    *f->concealed_hash ? f->concealed_hash : "none",
	    *f->linkage_key ? f->linkage_key : "none",
	    *f->pseudonym_check ? f->pseudonym_check : "none");
	crypto_generichash(h, sizeof(h), (const unsigned char *)rct_buf_str(&b),
	    strlen(rct_buf_str(&b)), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
	rct_buf_release(&b);
}

static int
hex_field(const char *payload, const char *key, char out[65], int required)
{
	size_t i;

	if (rct_json_field(payload, key, out, 65) != 0 || strlen(out) != 64) {
		strcpy(out, "none");
		return required ? -1 : 0;
	}
	for (i = 0; i < 64; i++)
		if (!strchr("0123456789abcdef", out[i]))
			return -1;
	return 0;
}

int
rct_fingerprint_of_payload(const char *payload, struct rct_fingerprint *f)
{
	memset(f, 0, sizeof(*f));
	if (hex_field(payload, "signing_key", f->signing_key, 1) != 0 ||
	    hex_field(payload, "commitment", f->commitment, 1) != 0 ||
	    hex_field(payload, "protocol_hash", f->protocol_hash, 1) != 0 ||
	    hex_field(payload, "concealed_hash", f->concealed_hash, 0) != 0 ||
	    hex_field(payload, "linkage_key", f->linkage_key, 0) != 0 ||
	    hex_field(payload, "pseudonym_check", f->pseudonym_check, 0) != 0)
		return -1;
	return 0;
}

void
rct_fingerprint_origin(const char *registration, const char fp[65],
    char origin[256])
{
	char reg[200];
	char *p;

	snprintf(reg, sizeof(reg), "%s", registration ? registration : "");
	for (p = reg; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
			*p == '_'))
			*p = '_';
	snprintf(origin, 256, "rct/%s/%.16s", *reg ? reg : "unregistered", fp);
}

int
rct_fingerprint_of_store(struct rct_store *s, struct rct_fingerprint *f)
{
	sqlite3_stmt *st;
	const char *payload;
	int rc;

	memset(f, 0, sizeof(*f));
	if ((rc = rct_store_stmt(s,
		 "SELECT payload FROM audit WHERE seq = 1 AND action = "
		 "'init'",
		 &st)) != 0)
		return rc;
	if (sqlite3_step(st) != SQLITE_ROW ||
	    (payload = (const char *)sqlite3_column_text(st, 0)) == NULL) {
		rct_store_stmt_done(s, st);
		return rct_error(RCT_ECHECK,
		    "store '%s' has no init entry: the log was cut at its "
		    "start",
		    s->path);
	}
	if (rct_fingerprint_of_payload(payload, f) != 0)
		rc = rct_error(RCT_ECHECK,
		    "the init entry of store '%s' is damaged", s->path);
	rct_store_stmt_done(s, st);
	return rc;
}

int
rct_fingerprint_check(struct rct_store *s, const char *fingerprint)
{
	struct rct_fingerprint f;
	char have[65];
	int rc;

	if (strlen(fingerprint) != 64 ||
	    strspn(fingerprint, "0123456789abcdefABCDEF") != 64)
		return rct_error(RCT_EINVAL,
		    "fingerprint '%s' is not 64 hex digits", fingerprint);
	if ((rc = rct_fingerprint_of_store(s, &f)) != 0)
		return rc;
	rct_fingerprint_hex(&f, have);
	if (strncasecmp(have, fingerprint, 64) != 0)
		return rct_error(RCT_ECHECK,
		    "store '%s' does not match the fingerprint %.16s...: its "
		    "init entry fixed another signing key, commitment, "
		    "protocol or linkage key (this store's fingerprint is "
		    "%s); it is not the trial that was registered",
		    s->path, fingerprint, have);
	return 0;
}
