/* The register's tables (report.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "allocation.h"
#include "audit.h"
#include "buf.h"
#include "error.h"
#include "fingerprint.h"
#include "participant.h"
#include "register.h"
#include "report.h"
#include "store_internal.h"
#include "stream.h"

#define RCT_MAX_EXPORT_ARMS 16
#include "text.h"

static const char *
status_of(const struct rct_participant *p)
{
	if (p->withdrawn)
		return "withdrawn";
	if (p->exit_reason)
		return "exited";
	return "enrolled";
}

static int
list_row(void *arg, const struct rct_participant *p)
{
	const char *cells[7];
	char date[11];

	snprintf(date, sizeof(date), "%.10s", p->enrolled_at);
	cells[0] = p->pid;
	cells[1] = p->site;
	cells[2] = date;
	cells[3] = p->stratum ? p->stratum : "";
	cells[4] = status_of(p);
	cells[5] = p->exit_reason ? p->exit_reason : "";
	cells[6] = p->arm ? p->arm : "";
	return rct_table_add(arg, cells);
}

int
rct_report_list(struct rct_store *s, const char *site, struct rct_table **out)
{
	static const char *const cols[] = {"participant", "site", "enrolled",
	    "stratum", "status", "exit_reason", "arm"};
	struct rct_participant_filter f = {site, 0, 0, 0, 0};
	struct rct_table *t;
	int rc;

	*out = NULL;
	if ((t = rct_table_new(7, cols)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if ((rc = rct_participant_foreach(s, &f, list_row, t)) != 0) {
		rct_table_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

/* An export in progress: the table, and the masks of a blinded one. */
struct export
{
	struct rct_table *t;
	const struct rct_protocol *p;
	char masks[RCT_MAX_EXPORT_ARMS][8];
	int blind;
};

static const char *
arm_label(const struct export *x, const char *arm)
{
	size_t i;

	if (arm == NULL || !x->blind)
		return arm;
	for (i = 0; i < x->p->narms; i++)
		if (strcmp(x->p->arms[i].name, arm) == 0)
			return x->masks[i];
	return "?";
}

/*
 * Masked labels "A", "B", ... given to the arms in an order drawn from the
 * trial's keyed stream, so the labels are stable but say nothing until the
 * secret is revealed (then anyone can recompute them).
 */
static int
make_masks(struct rct_store *s, struct export *x)
{
	unsigned char secret[32];
	struct rct_stream st;
	const char *parts[1] = {"blind"};
	int order[RCT_MAX_EXPORT_ARMS];
	size_t i;
	int rc;

	if (x->p->narms > RCT_MAX_EXPORT_ARMS)
		return rct_error(RCT_EINVAL, "too many arms to blind");
	if ((rc = rct_allocation_secret(s, secret)) != 0)
		return rc;
	for (i = 0; i < x->p->narms; i++)
		order[i] = (int)i;
	rct_stream_init(&st, secret, parts, 1);
	rct_stream_shuffle(&st, order, x->p->narms);
	rct_stream_wipe(&st);
	sodium_memzero(secret, sizeof(secret));
	for (i = 0; i < x->p->narms; i++)
		snprintf(x->masks[order[i]], sizeof(x->masks[0]), "%c",
		    (char)('A' + i));
	return 0;
}

static int
export_row(void *arg, const struct rct_participant *p)
{
	struct export *x = arg;
	const char *cells[256];
	char date[11];
	size_t i, n = 0;

	snprintf(date, sizeof(date), "%.10s", p->enrolled_at);
	cells[n++] = p->pid;
	cells[n++] = p->site;
	cells[n++] = date;
	for (i = 0; i < p->nvalues && n < 250; i++)
		cells[n++] = p->values[i];
	cells[n++] = p->stratum;
	cells[n++] = status_of(p);
	cells[n++] = p->withdrawn;
	cells[n++] = p->exit_reason;
	cells[n++] = p->exit_date;
	cells[n++] = arm_label(x, p->arm);
	return rct_table_add(x->t, cells);
}

int
rct_report_export(struct rct_store *s, int blind, struct rct_table **out)
{
	static const char *const head[] = {"participant", "site", "enrolled"};
	static const char *const tail[] = {"stratum", "status", "withdrawn",
	    "exit_reason", "exit_date", "arm"};
	const struct rct_protocol *p = rct_store_protocol(s);
	const char *cols[256];
	struct export x;
	struct rct_table *t;
	char **names;
	int *src, n, i, ncols = 0, rc;

	*out = NULL;
	memset(&x, 0, sizeof(x));
	x.p = p;
	x.blind = blind;
	if (blind && (rc = make_masks(s, &x)) != 0)
		return rc;
	if ((n = rct_baseline_names(p, &names, &src)) < 0)
		return rct_error(RCT_ENOMEM, "out of memory");
	if (n > 240) {
		rct_list_free(names, (size_t)n);
		free(src);
		return rct_error(RCT_EINVAL,
		    "the protocol has %d baseline "
		    "fields, more than the 240 an export holds",
		    n);
	}
	for (i = 0; i < 3; i++)
		cols[ncols++] = head[i];
	for (i = 0; i < n; i++)
		cols[ncols++] = names[i];
	for (i = 0; i < 6; i++)
		cols[ncols++] = tail[i];
	t = rct_table_new((size_t)ncols, cols);
	rct_list_free(names, (size_t)n);
	free(src);
	if (t == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	x.t = t;
	if ((rc = rct_participant_foreach(s, NULL, export_row, &x)) != 0) {
		rct_table_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

int
rct_report_status(struct rct_store *s, struct rct_table **out)
{
	static const char *const cols[] = {"site", "month", "enrolled",
	    "withdrawn", "cumulative", "target", "percent_of_target"};
	struct rct_table *t;
	sqlite3_stmt *st;
	char enrolled[24], withdrawn[24], cum[24], pct[24], prev[64] = "";
	char path[80];
	long total = 0;
	const char *cells[7];
	int rc, i;

	*out = NULL;
	if ((t = rct_table_new(7, cols)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 2; i < 7; i++)
		rct_table_set_numeric(t, (size_t)i);
	/*
	 * The month is that of the protocol's recruitment date (the consent
	 * date, say) when it names one, so that a register imported in one
	 * go still shows when people were recruited; else of enrolment.
	 * Sites without anyone enrolled yet show as one row with no month.
	 */
	if ((rc = rct_store_prepare(s, &st,
		 "SELECT s.code, "
		 "substr(coalesce(json_extract(p.baseline, ?1), a.at), 1, 7) AS "
		 "month, count(p.id), count(w.participant), s.target "
		 "FROM site s "
		 "LEFT JOIN participant p ON p.site = s.code "
		 "LEFT JOIN audit a ON a.seq = p.audit_seq "
		 "LEFT JOIN withdrawal w ON w.participant = p.id "
		 "GROUP BY s.code, month ORDER BY s.code, month")) != 0) {
		rct_table_free(t);
		return rc;
	}
	if (rct_store_protocol(s)->recruited) {
		rct_baseline_path(rct_store_protocol(s),
		    rct_store_protocol(s)->recruited, path);
		sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *site = (const char *)sqlite3_column_text(st, 0);
		int has_target = sqlite3_column_type(st, 4) != SQLITE_NULL;
		long target = sqlite3_column_int(st, 4);

		if (strcmp(site, prev) != 0)
			total = 0;
		snprintf(prev, sizeof(prev), "%s", site);
		total += sqlite3_column_int(st, 2);
		snprintf(enrolled, sizeof(enrolled), "%d",
		    sqlite3_column_int(st, 2));
		snprintf(withdrawn, sizeof(withdrawn), "%d",
		    sqlite3_column_int(st, 3));
		snprintf(cum, sizeof(cum), "%ld", total);
		if (has_target && target > 0)
			snprintf(pct, sizeof(pct), "%.1f",
			    100.0 * (double)total / (double)target);
		else
			pct[0] = '\0';
		cells[0] = site;
		cells[1] = (const char *)sqlite3_column_text(st, 1);
		cells[2] = enrolled;
		cells[3] = withdrawn;
		cells[4] = cum;
		cells[5] = (const char *)sqlite3_column_text(st, 4);
		cells[6] = pct;
		if ((rc = rct_table_add(t, cells)) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rct_table_free(t);
		return rc < 0 ? rc :
				rct_store_sql_error(s,
				    "counting "
				    "recruitment");
	}
	*out = t;
	return 0;
}

static int
count(struct rct_store *s, const char *sql, long *n)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_prepare(s, &st, sql)) != 0)
		return rc;
	*n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

struct facts {
	const char *fields[16];
	char *values[16];
	size_t n;
};

static int
fact(struct facts *f, const char *field, const char *value)
{
	if (f->n == 16 || (f->values[f->n] = strdup(value)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	f->fields[f->n++] = field;
	return 0;
}

static int
fact_count(struct facts *f, struct rct_store *s, const char *field,
    const char *sql)
{
	char buf[32];
	long n;
	int rc;

	if ((rc = count(s, sql, &n)) != 0)
		return rc;
	snprintf(buf, sizeof(buf), "%ld", n);
	return fact(f, field, buf);
}

int
rct_report_info(struct rct_store *s, struct rct_table **out)
{
	static const char *const meta[] = {"trial", "registration",
	    "commitment", "signing_key", "created_at"};
	const struct rct_protocol *p = rct_store_protocol(s);
	struct facts f;
	char hash[65], sig[129], buf[32], *value;
	int64_t seq;
	size_t i;
	int rc = 0;

	*out = NULL;
	memset(&f, 0, sizeof(f));
	for (i = 0; rc == 0 && i < sizeof(meta) / sizeof(meta[0]); i++) {
		if ((rc = rct_store_meta(s, meta[i], &value)) == 0)
			rc = fact(&f, meta[i], value);
		free(value);
	}
	if (rc == 0) {
		struct rct_fingerprint fp;

		if ((rc = rct_fingerprint_of_store(s, &fp)) == 0) {
			rct_fingerprint_hex(&fp, hash);
			rc = fact(&f, "fingerprint", hash);
		}
	}
	rct_protocol_hash_hex(p, hash);
	snprintf(buf, sizeof(buf), "%lld", (long long)s->protocol_version);
	if (rc == 0 && (rc = fact(&f, "protocol_version", buf)) == 0 &&
	    (rc = fact(&f, "protocol_hash", hash)) == 0 &&
	    (rc = fact(&f, "unit", rct_unit_name(p->unit))) == 0 &&
	    (rc = fact(&f, "method", rct_method_name(p->method))) == 0 &&
	    (rc = fact_count(&f, s, "sites", "SELECT count(*) FROM site")) ==
		0 &&
	    (rc = fact_count(&f, s, "participants",
		 "SELECT count(*) FROM "
		 "participant")) == 0 &&
	    (rc = fact_count(&f, s, "allocated",
		 "SELECT count(*) FROM "
		 "allocation")) == 0 &&
	    (rc = rct_audit_head(s, &seq, hash, sig)) == 0) {
		snprintf(buf, sizeof(buf), "%lld", (long long)seq);
		if ((rc = fact(&f, "audit_entries", buf)) == 0)
			rc = fact(&f, "audit_head", hash);
	}
	if (rc == 0 && (*out = rct_table_new(f.n, f.fields)) == NULL)
		rc = rct_error(RCT_ENOMEM, "out of memory");
	if (rc == 0 &&
	    (rc = rct_table_add(*out, (const char *const *)f.values)) != 0) {
		rct_table_free(*out);
		*out = NULL;
	}
	for (i = 0; i < f.n; i++)
		free(f.values[i]);
	return rc;
}
