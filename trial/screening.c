/* The screening log (screening.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "error.h"
#include "screening.h"
#include "store_internal.h"
#include "text.h"

static int
by_reason(const void *a, const void *b)
{
	return strcmp(((const struct rct_screen_reason *)a)->reason,
	    ((const struct rct_screen_reason *)b)->reason);
}

void
rct_screening_payload(struct rct_buf *b, const char *site, const char *month,
    long screened, const struct rct_screen_reason *ex, size_t n)
{
	size_t i;

	rct_buf_adds(b, "{\"site\":");
	rct_buf_add_json_string(b, site);
	rct_buf_adds(b, ",\"month\":");
	rct_buf_add_json_string(b, month);
	rct_buf_addf(b, ",\"screened\":%ld,\"excluded\":{", screened);
	for (i = 0; i < n; i++) {
		if (i)
			rct_buf_addc(b, ',');
		rct_buf_add_json_string(b, ex[i].reason);
		rct_buf_addf(b, ":%ld", ex[i].count);
	}
	rct_buf_adds(b, "}}");
}

static int
check_month(const char *month)
{
	char day[16], today[11];
	int y, m, d;

	snprintf(day, sizeof(day), "%.7s-01", month);
	if (strlen(month) != 7 || rct_text_parse_date(day, &y, &m, &d) != 0)
		return rct_error(RCT_EINVAL,
		    "month '%s' is not a month, expected YYYY-MM", month);
	rct_text_today(today);
	if (strncmp(month, today, 7) > 0)
		return rct_error(RCT_EINVAL,
		    "month %s lies in the future, expected %.7s or earlier",
		    month, today);
	return 0;
}

/* The reasons, checked and sorted, into sorted (n entries). */
static int
check_reasons(const struct rct_screen_reason *ex, size_t n, long screened,
    struct rct_screen_reason *sorted)
{
	long total = 0;
	size_t i;

	if (screened < 0)
		return rct_error(RCT_EINVAL,
		    "screened %ld: expected a count of 0 or more", screened);
	for (i = 0; i < n; i++) {
		const char *r = ex[i].reason;

		if (*r == '\0' || strlen(r) > 100 ||
		    !rct_text_utf8_valid(r, strlen(r)))
			return rct_error(RCT_EINVAL,
			    "an exclusion reason must be 1 to 100 characters "
			    "of UTF-8 text");
		if (rct_text_check("an exclusion reason", r) != 0)
			return RCT_EINVAL;
		if (ex[i].count < 0)
			return rct_error(RCT_EINVAL,
			    "excluded '%s' %ld: expected a count of 0 or more",
			    r, ex[i].count);
		total += ex[i].count;
		sorted[i] = ex[i];
	}
	qsort(sorted, n, sizeof(*sorted), by_reason);
	for (i = 1; i < n; i++)
		if (strcmp(sorted[i].reason, sorted[i - 1].reason) == 0)
			return rct_error(RCT_EINVAL,
			    "exclusion reason '%s' is given twice",
			    sorted[i].reason);
	if (total > screened)
		return rct_error(RCT_EINVAL,
		    "%ld excluded of %ld screened: the excluded are some of "
		    "those screened",
		    total, screened);
	return 0;
}

int
rct_screening_record(struct rct_store *s, const char *site, const char *month,
    long screened, const struct rct_screen_reason *excluded, size_t n,
    int replace)
{
	struct rct_screen_reason *sorted = calloc(n + 1, sizeof(*sorted));
	struct rct_buf b = RCT_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int64_t id = 0, seq = rct_audit_next_seq(s);
	size_t i;
	int rc;

	if (sorted == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if ((rc = check_month(month)) != 0 ||
	    (rc = check_reasons(excluded, n, screened, sorted)) != 0)
		goto out;
	if ((rc = rct_store_stmt(s, "SELECT 1 FROM site WHERE code = ?",
		 &st)) != 0)
		goto out;
	sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_ROW ?
	    0 :
	    rct_error(RCT_ENOTFOUND, "site '%s' is not in this trial", site);
	rct_store_stmt_done(s, st);
	st = NULL;
	if (rc != 0)
		goto out;
	if ((rc = rct_store_stmt(s,
		 "SELECT id FROM screening WHERE site = ? AND month = ?",
		 &st)) != 0)
		goto out;
	sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, month, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	rct_store_stmt_done(s, st);
	st = NULL;
	if (id && !replace) {
		rc = rct_error(RCT_EEXISTS,
		    "site %s has a screening report for %s already; give "
		    "--replace to correct it",
		    site, month);
		goto out;
	}
	if (id) {
		if ((rc = rct_store_stmt(s,
			 "DELETE FROM screening_exclusion WHERE screening = "
			 "?",
			 &st)) != 0)
			goto out;
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st) == SQLITE_DONE ?
		    0 :
		    rct_store_sql_error(s, "replacing a screening report");
		rct_store_stmt_done(s, st);
		st = NULL;
		if (rc != 0)
			goto out;
	}
	if ((rc = rct_store_stmt(s,
		 id ? "UPDATE screening SET screened = ?3, audit_seq = ?4 "
		      "WHERE id = ?5" :
		      "INSERT INTO screening(site, month, screened, audit_seq) "
		      "VALUES (?1, ?2, ?3, ?4)",
		 &st)) != 0)
		goto out;
	if (!id) {
		sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, month, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(st, 3, screened);
	sqlite3_bind_int64(st, 4, seq);
	if (id)
		sqlite3_bind_int64(st, 5, id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = rct_store_sql_error(s, "recording screening");
		goto out;
	}
	if (!id)
		id = sqlite3_last_insert_rowid(s->db);
	rct_store_stmt_done(s, st);
	if ((rc = rct_store_stmt(s,
		 "INSERT INTO screening_exclusion(screening, reason, count) "
		 "VALUES (?, ?, ?)",
		 &st)) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, sorted[i].reason, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, sorted[i].count);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = rct_store_sql_error(s, "recording exclusions");
			goto out;
		}
	}
	rct_screening_payload(&b, site, month, screened, sorted, n);
	rc = rct_audit_append_buf(s, "screen", &b);
out:
	rct_store_stmt_done(s, st);
	free(sorted);
	return rc;
}

/* A report's payload rebuilt from its rows, and its audit entry. */
static int
rebuild(struct rct_store *s, int64_t id, const char *site, const char *month,
    long screened, struct rct_buf *b)
{
	struct rct_screen_reason ex[64];
	char *names[64];
	sqlite3_stmt *st;
	size_t n = 0, i;
	int rc;

	if ((rc = rct_store_stmt(s,
		 "SELECT reason, count FROM screening_exclusion WHERE "
		 "screening = ? ORDER BY reason",
		 &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while (n < 64 && sqlite3_step(st) == SQLITE_ROW) {
		names[n] = strdup((const char *)sqlite3_column_text(st, 0));
		ex[n].reason = names[n] ? names[n] : "";
		ex[n++].count = (long)sqlite3_column_int64(st, 1);
	}
	rct_store_stmt_done(s, st);
	/* Sorted as the payload was: by strcmp, not SQLite's collation. */
	qsort(ex, n, sizeof(*ex), by_reason);
	rct_screening_payload(b, site, month, screened, ex, n);
	for (i = 0; i < n; i++)
		free(names[i]);
	return 0;
}

int
rct_screening_check(struct rct_store *s, const char *site, const char *month,
    int64_t seq, const char *payload, int *current)
{
	struct rct_buf b = RCT_BUF_INIT;
	sqlite3_stmt *st;
	int64_t id, row_seq;
	long screened;
	int rc;

	*current = 0;
	if ((rc = rct_store_stmt(s,
		 "SELECT id, screened, audit_seq FROM screening WHERE site = ? "
		 "AND month = ?",
		 &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, month, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rct_store_stmt_done(s, st);
		return rct_error(RCT_ECHECK,
		    "audit entry %lld (screen) does not match the store: site "
		    "%s has no screening report for %s",
		    (long long)seq, site, month);
	}
	id = sqlite3_column_int64(st, 0);
	screened = (long)sqlite3_column_int64(st, 1);
	row_seq = sqlite3_column_int64(st, 2);
	rct_store_stmt_done(s, st);
	if (row_seq > seq)
		return 0; /* replaced by a later report, checked there */
	if (row_seq != seq)
		return rct_error(RCT_ECHECK,
		    "audit entry %lld (screen) does not match the store: the "
		    "report of site %s for %s names entry %lld",
		    (long long)seq, site, month, (long long)row_seq);
	if ((rc = rebuild(s, id, site, month, screened, &b)) == 0 &&
	    strcmp(rct_buf_str(&b), payload) != 0)
		rc = rct_error(RCT_ECHECK,
		    "audit entry %lld (screen) does not match the store: the "
		    "screening report of site %s for %s differs from the log",
		    (long long)seq, site, month);
	rct_buf_release(&b);
	*current = rc == 0;
	return rc;
}

int
rct_screening_count(struct rct_store *s, long *n)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if ((rc = rct_store_stmt(s, "SELECT count(*) FROM screening", &st)) !=
	    0)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(st, 0);
	rct_store_stmt_done(s, st);
	return 0;
}

int
rct_screening_totals(struct rct_store *s, const char *site,
    struct rct_screening *out)
{
	sqlite3_stmt *st;
	char **names;
	long *counts;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = rct_store_stmt(s,
		 "SELECT count(*), coalesce(sum(screened), 0) FROM screening "
		 "WHERE ?1 IS NULL OR site = ?1",
		 &st)) != 0)
		return rc;
	if (site)
		sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->reports = (long)sqlite3_column_int64(st, 0);
		out->screened = (long)sqlite3_column_int64(st, 1);
	}
	rct_store_stmt_done(s, st);
	if ((rc = rct_store_stmt(s,
		 "SELECT e.reason, sum(e.count) FROM screening_exclusion e "
		 "JOIN screening r ON r.id = e.screening "
		 "WHERE ?1 IS NULL OR r.site = ?1 GROUP BY e.reason "
		 "ORDER BY e.reason",
		 &st)) != 0)
		return rc;
	if (site)
		sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		names =
		    realloc(out->reason, (out->nreasons + 1) * sizeof(*names));
		counts =
		    realloc(out->count, (out->nreasons + 1) * sizeof(*counts));
		if (names)
			out->reason = names;
		if (counts)
			out->count = counts;
		if (!names || !counts ||
		    (out->reason[out->nreasons] = strdup(
			 (const char *)sqlite3_column_text(st, 0))) == NULL) {
			rct_store_stmt_done(s, st);
			rct_screening_release(out);
			return rct_error(RCT_ENOMEM, "out of memory");
		}
		out->count[out->nreasons] = (long)sqlite3_column_int64(st, 1);
		out->excluded += out->count[out->nreasons++];
	}
	rct_store_stmt_done(s, st);
	return 0;
}

void
rct_screening_release(struct rct_screening *t)
{
	size_t i;

	for (i = 0; i < t->nreasons; i++)
		free(t->reason[i]);
	free(t->reason);
	free(t->count);
	memset(t, 0, sizeof(*t));
}

int
rct_screening_reports(struct rct_store *s,
    int (*fn)(void *arg, const char *site, const char *month, long screened,
	long excluded),
    void *arg)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(s,
		 "SELECT r.site, r.month, r.screened, "
		 "(SELECT coalesce(sum(count), 0) FROM screening_exclusion "
		 "WHERE screening = r.id) FROM screening r "
		 "ORDER BY r.site, r.month",
		 &st)) != 0)
		return rc;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
		rc = fn(arg, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (long)sqlite3_column_int64(st, 2),
		    (long)sqlite3_column_int64(st, 3));
	rct_store_stmt_done(s, st);
	return rc;
}
