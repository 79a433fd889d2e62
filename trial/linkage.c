/*
 * Register linkage (linkage.h).
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "buf.h"
#include "csvio.h"
#include "error.h"
#include "identity.h"
#include "linkage.h"
#include "register.h"
#include "store_internal.h"

static int
key_matches(struct rct_store *s, const struct rct_linkage_key *lk)
{
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	char *hex = NULL;
	size_t len = 0;
	int rc;

	if ((rc = rct_store_meta(s, "linkage_key", &hex)) != 0)
		return rc;
	if (sodium_hex2bin(pk, sizeof(pk), hex, strlen(hex), NULL, &len,
		NULL) != 0 ||
	    len != sizeof(pk) || sodium_memcmp(pk, lk->pk, sizeof(pk)) != 0)
		rc = rct_error(RCT_ESECRET,
		    "this linkage key is not the one store '%s' seals "
		    "identities to",
		    s->path);
	free(hex);
	return rc;
}

int
rct_linkage_export(struct rct_store *s, const struct rct_linkage_key *lk,
    FILE *fp, long *count)
{
	static const char *const header[] = {"participant", "id_number"};
	struct rct_buf b = RCT_BUF_INIT;
	char id[RCT_ID_MAX + 1], pid[32], hex[65];
	const char *row[2];
	sqlite3_stmt *st;
	int rc;

	*count = 0;
	if ((rc = key_matches(s, lk)) != 0)
		return rc;
	if ((rc = rct_store_stmt(s,
		 "SELECT participant, pseudonym, sealed FROM identity "
		 "ORDER BY participant",
		 &st)) != 0)
		return rc;
	rct_csv_write_row(fp, header, 2);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(st, 1) != RCT_PSEUDONYM_BYTES ||
		    rct_identity_open(id, lk, sqlite3_column_blob(st, 1),
			sqlite3_column_blob(st, 2),
			(size_t)sqlite3_column_bytes(st, 2)) != 0) {
			rct_register_participant_format(pid,
			    sqlite3_column_int64(st, 0));
			rct_store_stmt_done(s, st);
			sodium_memzero(id, sizeof(id));
			return rct_error(RCT_ECHECK,
			    "the sealed identity of %s does not open with "
			    "this key: the store was tampered with",
			    pid);
		}
		rct_register_participant_format(pid,
		    sqlite3_column_int64(st, 0));
		row[0] = pid;
		row[1] = id;
		rct_csv_write_row(fp, row, 2);
		(*count)++;
	}
	sodium_memzero(id, sizeof(id));
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_DONE)
		return rct_store_sql_error(s, "reading the identities");
	sodium_bin2hex(hex, sizeof(hex), lk->pk, sizeof(lk->pk));
	rct_buf_addf(&b, "{\"count\":%ld,\"linkage_key\":\"%s\"}", *count, hex);
	return rct_audit_append_buf(s, "linkage.export", &b);
}
