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

	if (!rct_text_code_valid(code))
		return rct_error(RCT_EINVAL,
		    "site code '%s' is not valid, "
		    "expected 1 to 32 letters, digits, '_' or '-' (e.g. the "
		    "kommunenummer 0301)",
		    code);
	if (*name == '\0' || strlen(name) > 200 ||
	    !rct_text_utf8_valid(name, strlen(name)))
		return rct_error(RCT_EINVAL,
		    "site name must be 1 to 200 "
		    "characters of UTF-8 text");
	if ((rc = rct_text_check("site name", name)) != 0)
		return rc;
	rct_text_now(now);
	if ((rc = rct_store_stmt(s,
		 "INSERT INTO site(code, name, "
		 "target, added_at, audit_seq) VALUES (?, ?, ?, ?, ?)",
		 &st)) != 0)
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
	rct_store_stmt_done(s, st);
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
	if ((rc = rct_store_stmt(s,
		 "SELECT s.code, s.name, s.target, "
		 "(SELECT count(*) FROM participant p WHERE p.site = s.code), "
		 "(SELECT count(*) FROM participant p JOIN withdrawal w ON "
		 "w.participant = p.id WHERE p.site = s.code) "
		 "FROM site s ORDER BY s.code",
		 &st)) != 0) {
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
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_DONE) {
		rct_table_free(t);
		return rc < 0 ? rc : rct_store_sql_error(s, "listing sites");
	}
	*out = t;
	return 0;
}

int
rct_site_names(struct rct_store *s, struct rct_table **out)
{
	static const char *const cols[] = {"site", "name"};
	struct rct_table *t;
	sqlite3_stmt *st;
	const char *cells[2];
	int rc;

	*out = NULL;
	if ((t = rct_table_new(2, cols)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if ((rc = rct_store_stmt(s, "SELECT code, name FROM site ORDER BY code",
		 &st)) != 0) {
		rct_table_free(t);
		return rc;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cells[0] = (const char *)sqlite3_column_text(st, 0);
		cells[1] = (const char *)sqlite3_column_text(st, 1);
		if ((rc = rct_table_add(t, cells)) != 0)
			break;
	}
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_DONE) {
		rct_table_free(t);
		return rc < 0 ? rc : rct_store_sql_error(s, "listing sites");
	}
	*out = t;
	return 0;
}

void
rct_site_rename_payload(struct rct_buf *b, const char *old,
    const char *new_code, const char *name, const char *reason)
{
	rct_buf_adds(b, "{\"old\":");
	rct_buf_add_json_string(b, old);
	rct_buf_adds(b, ",\"new\":");
	rct_buf_add_json_string(b, new_code);
	rct_buf_adds(b, ",\"name\":");
	rct_buf_add_json_string(b, name);
	rct_buf_adds(b, ",\"reason\":");
	rct_buf_add_json_string(b, reason);
	rct_buf_addc(b, '}');
}

void
rct_site_remove_payload(struct rct_buf *b, const char *code, const char *reason)
{
	rct_buf_adds(b, "{\"code\":");
	rct_buf_add_json_string(b, code);
	rct_buf_adds(b, ",\"reason\":");
	rct_buf_add_json_string(b, reason);
	rct_buf_addc(b, '}');
}

/* How many rows of one kind name the site (the query binds its code). */
static int
count_of(struct rct_store *s, const char *sql, const char *code, long *n)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(s, sql, &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
	rct_store_stmt_done(s, st);
	return rc == SQLITE_ROW ?
	    0 :
	    rct_store_sql_error(s, "reading a site's rows");
}

int
rct_site_check(struct rct_store *s, const char *code)
{
	long n;
	int rc;

	if ((rc = count_of(s, "SELECT count(*) FROM site WHERE code = ?", code,
		 &n)) != 0)
		return rc;
	return n > 0 ? 0 :
		       rct_error(RCT_ENOTFOUND,
			   "site '%s' is not a site of this trial "
			   "(trial site list shows them)",
			   code);
}

/*
 * A site may be renamed or removed only while nothing names it: nobody
 * enrolled, no screening report, no user given it, no lottery drawn.
 * Each of these is one message that says what stands in the way.
 */
static int
site_unused(struct rct_store *s, const char *code, const char *verb)
{
	long n;
	int rc;

	if ((rc = count_of(s, "SELECT count(*) FROM site WHERE code = ?", code,
		 &n)) != 0)
		return rc;
	if (n == 0)
		return rct_error(RCT_ENOTFOUND,
		    "site '%s' is not a site of this trial", code);
	if ((rc = count_of(s, "SELECT count(*) FROM participant WHERE site = ?",
		 code, &n)) != 0)
		return rc;
	if (n > 0)
		return rct_error(RCT_EINVAL,
		    "site '%s' has %ld participant(s) enrolled and cannot be "
		    "%s: their enrolment, stratum and allocation name it",
		    code, n, verb);
	if ((rc = count_of(s, "SELECT count(*) FROM screening WHERE site = ?",
		 code, &n)) != 0)
		return rc;
	if (n > 0)
		return rct_error(RCT_EINVAL,
		    "site '%s' has %ld screening report(s) and cannot be %s",
		    code, n, verb);
	if ((rc = count_of(s, "SELECT count(*) FROM user_site WHERE site = ?",
		 code, &n)) != 0)
		return rc;
	if (n > 0)
		return rct_error(RCT_EINVAL,
		    "site '%s' is a site of %ld user(s) (trial user list) and "
		    "cannot be %s: a user's sites are part of the account's "
		    "audited record",
		    code, n, verb);
	if ((rc = count_of(s, "SELECT count(*) FROM batch WHERE site = ?", code,
		 &n)) != 0)
		return rc;
	if (n > 0)
		return rct_error(RCT_EINVAL,
		    "site '%s' has %ld allocation batch(es) and cannot be %s",
		    code, n, verb);
	return 0;
}

static int
check_reason(const char *reason)
{
	if (reason == NULL || *reason == '\0' || strlen(reason) > 500 ||
	    !rct_text_utf8_valid(reason, strlen(reason)))
		return rct_error(RCT_EINVAL,
		    "the reason must be 1 to 500 characters of UTF-8 text");
	return rct_text_check("the reason", reason);
}

int
rct_site_rename(struct rct_store *s, const char *old, const char *new_code,
    const char *name, const char *reason)
{
	struct rct_buf b = RCT_BUF_INIT;
	sqlite3_stmt *st;
	char *have = NULL;
	int rc;

	if ((rc = check_reason(reason)) != 0)
		return rc;
	if (!rct_text_code_valid(new_code))
		return rct_error(RCT_EINVAL,
		    "site code '%s' is not valid, expected 1 to 32 letters, "
		    "digits, '_' or '-' (e.g. the kommunenummer 0301)",
		    new_code);
	if (name &&
	    (*name == '\0' || strlen(name) > 200 ||
		!rct_text_utf8_valid(name, strlen(name))))
		return rct_error(RCT_EINVAL,
		    "site name must be 1 to 200 characters of UTF-8 text");
	if (name && (rc = rct_text_check("site name", name)) != 0)
		return rc;
	if ((rc = site_unused(s, old, "renamed")) != 0)
		return rc;
	if (strcmp(old, new_code) == 0 && name == NULL)
		return rct_error(RCT_EINVAL,
		    "site '%s' already has that code; give --name to change "
		    "its name",
		    old);
	if ((rc = rct_store_stmt(s,
		 "UPDATE site SET code = ?2, name = coalesce(?3, name) WHERE "
		 "code = ?1 RETURNING name",
		 &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, old, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, new_code, -1, SQLITE_STATIC);
	if (name)
		sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		have = strdup((const char *)sqlite3_column_text(st, 0));
	rct_store_stmt_done(s, st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return rct_error(RCT_EEXISTS, "site '%s' already exists",
		    new_code);
	if (rc != SQLITE_ROW)
		return rct_store_sql_error(s, "renaming a site");
	if (have == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	rct_site_rename_payload(&b, old, new_code, have, reason);
	free(have);
	return rct_audit_append_buf(s, "site.rename", &b);
}

int
rct_site_remove(struct rct_store *s, const char *code, const char *reason)
{
	struct rct_buf b = RCT_BUF_INIT;
	sqlite3_stmt *st;
	int rc;

	if ((rc = check_reason(reason)) != 0 ||
	    (rc = site_unused(s, code, "removed")) != 0)
		return rc;
	if ((rc = rct_store_stmt(s, "DELETE FROM site WHERE code = ?", &st)) !=
	    0)
		return rc;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_DONE)
		return rct_store_sql_error(s, "removing a site");
	rct_site_remove_payload(&b, code, reason);
	return rct_audit_append_buf(s, "site.remove", &b);
}
