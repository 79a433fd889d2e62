/* Adding and listing sites (site.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "error.h"
#include "site.h"
#include "store_internal.h"
#include "text.h"

void
rct_site_payload(struct rct_buf *b, const char *code, const char *name,
    long target)
{
	rct_buf_adds(b, "{\"code\":");
	rct_buf_add_json_string(b, code);
	rct_buf_adds(b, ",\"name\":");
	rct_buf_add_json_string(b, name);
	if (target >= 0)
		rct_buf_addf(b, ",\"target\":%ld}", target);
	else
		rct_buf_adds(b, ",\"target\":null}");
}

int
rct_site_add(struct rct_store *s, const char *code, const char *name,
    long target)
{
	struct rct_buf b = RCT_BUF_INIT;
	sqlite3_stmt *st;
	char now[21];
	int rc;

	if (!rct_code_valid(code))
		return rct_error(RCT_EINVAL,
		    "site code '%s' is not valid, "
		    "expected 1 to 32 letters, digits, '_' or '-' (e.g. the "
		    "kommunenummer 0301)",
		    code);
	if (*name == '\0' || strlen(name) > 200 ||
	    !rct_utf8_valid(name, strlen(name)))
		return rct_error(RCT_EINVAL,
		    "site name must be 1 to 200 "
		    "characters of UTF-8 text");
	if ((rc = rct_text_check("site name", name)) != 0)
		return rc;
	rct_now(now);
	if ((rc = rct_store_prepare(s, &st,
		 "INSERT INTO site(code, name, "
		 "target, added_at, audit_seq) VALUES (?, ?, ?, ?, ?)")) != 0)
		return rc;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if (target >= 0)
		sqlite3_bind_int64(st, 3, target);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, rct_audit_next_seq(s));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return rct_error(RCT_EEXISTS, "site '%s' already exists", code);
	if (rc != SQLITE_DONE)
		return rct_store_sql_error(s, "adding a site");
	rct_site_payload(&b, code, name, target);
	rc = rct_audit_append_buf(s, "site.add", &b);
	return rc;
}

int
rct_site_list(struct rct_store *s, struct rct_table **out)
{
	static const char *const cols[] = {"site", "name", "target", "enrolled",
	    "withdrawn"};
	struct rct_table *t;
	sqlite3_stmt *st;
	const char *cells[5];
	int rc;

	*out = NULL;
	if ((t = rct_table_new(5, cols)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	rct_table_set_numeric(t, 2);
	rct_table_set_numeric(t, 3);
	rct_table_set_numeric(t, 4);
	if ((rc = rct_store_prepare(s, &st,
		 "SELECT s.code, s.name, s.target, "
		 "(SELECT count(*) FROM participant p WHERE p.site = s.code), "
		 "(SELECT count(*) FROM participant p JOIN withdrawal w ON "
		 "w.participant = p.id WHERE p.site = s.code) "
		 "FROM site s ORDER BY s.code")) != 0) {
		rct_table_free(t);
		return rc;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int i;

		for (i = 0; i < 5; i++)
			cells[i] = (const char *)sqlite3_column_text(st, i);
		if ((rc = rct_table_add(t, cells)) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rct_table_free(t);
		return rc < 0 ? rc : rct_store_sql_error(s, "listing sites");
	}
	*out = t;
	return 0;
}
