/*
 * The concealed part of a protocol in the store (concealed.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "allocation.h"
#include "audit.h"
#include "buf.h"
#include "concealed.h"
#include "error.h"
#include "store_internal.h"

static const char stub[] =
    "[concealed]\n"
    "; sealed in the store until reveal; its commitment is the "
    "concealed_hash of the log\n";

static void
derive(unsigned char out[32], const unsigned char secret[32],
    const char *domain)
{
	crypto_generichash(out, 32, (const unsigned char *)domain,
	    strlen(domain), secret, 32);
}

void
rct_concealed_hash(const unsigned char secret[32], const char *text,
    char hash[65])
{
	unsigned char k[32], h[32];

	derive(k, secret, "rct-concealed-commit-v1");
	crypto_generichash(h, sizeof(h), (const unsigned char *)text,
	    strlen(text), k, sizeof(k));
	sodium_memzero(k, sizeof(k));
	sodium_bin2hex(hash, 65, h, sizeof(h));
}

static void
nonce_of(unsigned char nonce[crypto_secretbox_NONCEBYTES],
    const unsigned char k[32], int64_t version)
{
	unsigned char h[32];
	char what[40];

	snprintf(what, sizeof(what), "protocol v%lld", (long long)version);
	crypto_generichash(h, sizeof(h), (const unsigned char *)what,
	    strlen(what), k, 32);
	memcpy(nonce, h, crypto_secretbox_NONCEBYTES);
}

char *
rct_concealed_seal(const unsigned char secret[32], int64_t version,
    const char *text)
{
	unsigned char k[32], nonce[crypto_secretbox_NONCEBYTES], *box;
	size_t len = strlen(text), blen = len + crypto_secretbox_MACBYTES;
	char *hex;

	if ((box = malloc(blen)) == NULL ||
	    (hex = malloc(2 * blen + 1)) == NULL) {
		free(box);
		return NULL;
	}
	derive(k, secret, "rct-concealed-v1");
	nonce_of(nonce, k, version);
	crypto_secretbox_easy(box, (const unsigned char *)text, len, nonce, k);
	sodium_memzero(k, sizeof(k));
	sodium_bin2hex(hex, 2 * blen + 1, box, blen);
	free(box);
	return hex;
}

int
rct_concealed_unseal(const unsigned char secret[32], int64_t version,
    const char *sealed, char **text)
{
	unsigned char k[32], nonce[crypto_secretbox_NONCEBYTES], *box;
	size_t hlen = strlen(sealed), blen = 0;
	int rc = -1;

	*text = NULL;
	if (hlen < 2 * crypto_secretbox_MACBYTES ||
	    (box = malloc(hlen / 2 + 1)) == NULL)
		return -1;
	if (sodium_hex2bin(box, hlen / 2 + 1, sealed, hlen, NULL, &blen,
		NULL) == 0 &&
	    blen >= crypto_secretbox_MACBYTES &&
	    (*text = malloc(blen - crypto_secretbox_MACBYTES + 1)) != NULL) {
		derive(k, secret, "rct-concealed-v1");
		nonce_of(nonce, k, version);
		rc = crypto_secretbox_open_easy((unsigned char *)*text, box,
		    blen, nonce, k);
		sodium_memzero(k, sizeof(k));
		if (rc == 0)
			(*text)[blen - crypto_secretbox_MACBYTES] = '\0';
		else {
			free(*text);
			*text = NULL;
		}
	}
	free(box);
	return rc == 0 ? 0 : -1;
}

int
rct_concealed_split(const struct rct_protocol *full,
    const unsigned char secret[32], struct rct_protocol **public_part,
    char **concealed, char hash[65])
{
	struct rct_buf pub = RCT_BUF_INIT, conc = RCT_BUF_INIT;
	int rc;

	*public_part = NULL;
	*concealed = NULL;
	strcpy(hash, "none");
	rc = rct_protocol_split(full->text, strlen(full->text), &pub, &conc);
	if (rc == 1 && full->concealed_keys == 0)
		rc = rct_error(RCT_EINVAL,
		    "protocol '%s': its [concealed] section is empty, expected "
		    "the randomization parameters to keep from staff "
		    "(block_sizes, weights or probability)",
		    full->path);
	if (rc == 1) {
		if (pub.len > 0 && pub.data[pub.len - 1] != '\n')
			rct_buf_addc(&pub, '\n');
		rct_buf_adds(&pub, stub);
		rc = rct_buf_failed(&pub) ?
		    rct_error(RCT_ENOMEM, "out of memory") :
		    rct_protocol_parse(public_part, full->path,
			rct_buf_str(&pub), pub.len);
		if (rc == 0) {
			rct_concealed_hash(secret, rct_buf_str(&conc), hash);
			if ((*concealed = strdup(rct_buf_str(&conc))) == NULL)
				rc = rct_error(RCT_ENOMEM, "out of memory");
		}
	} else if (rc == RCT_ENOMEM)
		rct_error(rc, "out of memory");
	rct_buf_release(&pub);
	rct_buf_release(&conc);
	if (rc != 0) {
		rct_protocol_free(*public_part);
		*public_part = NULL;
	}
	return rc;
}

/* The concealed row in force: that of the latest version up to now. */
static int
concealed_row(struct rct_store *s, int64_t *version, char **sealed, char **hash)
{
	sqlite3_stmt *st;
	int rc;

	*sealed = *hash = NULL;
	if ((rc = rct_store_stmt(s,
		 "SELECT version, sealed, hash FROM concealed WHERE version "
		 "<= ? ORDER BY version DESC LIMIT 1",
		 &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, s->protocol_version);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*version = sqlite3_column_int64(st, 0);
		*sealed = strdup((const char *)sqlite3_column_text(st, 1));
		*hash = strdup((const char *)sqlite3_column_text(st, 2));
	}
	rct_store_stmt_done(s, st);
	if (*sealed == NULL || *hash == NULL) {
		free(*sealed);
		free(*hash);
		*sealed = *hash = NULL;
		return rct_error(RCT_ECHECK,
		    "store '%s' has a concealed protocol part but no sealed "
		    "row for it: it was deleted",
		    s->path);
	}
	return 0;
}

int
rct_concealed_store_text(struct rct_store *s, char **text)
{
	unsigned char secret[32];
	char *sealed = NULL, *hash = NULL, want[65];
	int64_t version = 0;
	int rc;

	*text = NULL;
	if (!s->protocol->concealed)
		return 0;
	if ((rc = concealed_row(s, &version, &sealed, &hash)) != 0)
		return rc;
	if ((rc = rct_allocation_secret(s, secret)) != 0)
		rct_error(rc,
		    "the protocol's concealed part (its block sizes) is sealed "
		    "until reveal: this needs the randomization secret, which "
		    "only the service holds, or randomizer reveal");
	else {
		if (rct_concealed_unseal(secret, version, sealed, text) != 0)
			rc = rct_error(RCT_ECHECK,
			    "the concealed part of protocol v%lld does not "
			    "open with the trial's secret: it was tampered "
			    "with",
			    (long long)version);
		else {
			rct_concealed_hash(secret, *text, want);
			if (strcmp(want, hash) != 0)
				rc = rct_error(RCT_ECHECK,
				    "the concealed part of protocol v%lld does "
				    "not match its commitment %s",
				    (long long)version, hash);
		}
	}
	sodium_memzero(secret, sizeof(secret));
	free(sealed);
	free(hash);
	if (rc != 0) {
		free(*text);
		*text = NULL;
	}
	return rc;
}

int
rct_concealed_protocol_open(struct rct_store *s,
    const struct rct_protocol **out)
{
	struct rct_buf pub = RCT_BUF_INIT, stubs = RCT_BUF_INIT;
	struct rct_protocol *p = NULL;
	char *text = NULL, name[64];
	int rc;

	*out = s->protocol;
	if (!s->protocol->concealed)
		return 0;
	if (s->open_protocol && s->open_version == s->protocol_version) {
		*out = s->open_protocol;
		return 0;
	}
	if ((rc = rct_concealed_store_text(s, &text)) != 0)
		return rc;
	if (rct_protocol_split(s->protocol->text, strlen(s->protocol->text),
		&pub, &stubs) >= 0)
		rct_buf_adds(&pub, text);
	if (rct_buf_failed(&pub) || rct_buf_failed(&stubs))
		rc = rct_error(RCT_ENOMEM, "out of memory");
	snprintf(name, sizeof(name), "protocol v%lld (concealed part opened)",
	    (long long)s->protocol_version);
	if (rc == 0)
		rc = rct_protocol_parse(&p, name, rct_buf_str(&pub), pub.len);
	sodium_memzero(pub.data, pub.len);
	rct_buf_release(&pub);
	rct_buf_release(&stubs);
	if (text)
		sodium_memzero(text, strlen(text));
	free(text);
	if (rc != 0)
		return rc;
	rct_protocol_free(s->open_protocol);
	s->open_protocol = p;
	s->open_version = s->protocol_version;
	*out = p;
	return 0;
}

int
rct_concealed_insert(struct rct_store *s, int64_t version,
    const unsigned char secret[32], const char *text, const char *hash)
{
	sqlite3_stmt *st;
	char *sealed;
	int rc;

	if ((sealed = rct_concealed_seal(secret, version, text)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if ((rc = rct_store_stmt(s,
		 "INSERT INTO concealed(version, sealed, hash, audit_seq) "
		 "VALUES (?, ?, ?, ?)",
		 &st)) != 0) {
		free(sealed);
		return rc;
	}
	sqlite3_bind_int64(st, 1, version);
	sqlite3_bind_text(st, 2, sealed, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, rct_audit_next_seq(s));
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	free(sealed);
	return rc == SQLITE_DONE ?
	    0 :
	    rct_store_sql_error(s, "saving the concealed part");
}

int
rct_concealed_current_hash(struct rct_store *s, char hash[65])
{
	char *sealed = NULL, *h = NULL;
	int64_t version;
	int rc;

	strcpy(hash, "none");
	if (!s->protocol->concealed)
		return 0;
	if ((rc = concealed_row(s, &version, &sealed, &h)) == 0)
		snprintf(hash, 65, "%s", h);
	free(sealed);
	free(h);
	return rc;
}
