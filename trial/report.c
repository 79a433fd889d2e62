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
#include "followup.h"
#include "participant.h"
#include "register.h"
#include "report.h"
#include "site.h"
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
	/* An unknown site is a mistake, not a site with nobody in it. */
	if (site && (rc = rct_site_check(s, site)) != 0)
		return rc;
	if ((t = rct_table_new(7, cols)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if ((rc = rct_participant_foreach(s, &f, list_row, t)) != 0) {
		rct_table_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

/*
 * An export in progress: the table, the masks of a blinded one, and the
 * corrections read beside the participants (in participant order, the
 * latest of each last), applied to the values as enrolled.
 */
struct export
{
	struct rct_table *t;
	const struct rct_protocol *p;
	char masks[RCT_MAX_EXPORT_ARMS][8];
	const char **arms; /* the arms' names, in the protocol's order */
	int blind;
	char **names; /* the baseline fields */
	size_t nnames;
	unsigned char *corrected; /* per baseline field: has a column */
	const char **current; /* per baseline field: after corrections */
	char **owned; /* per baseline field: a corrected value, or NULL */
	sqlite3_stmt *corrections;
	int on_row;
	const char **cells;
	size_t ncells;
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

/*
 * The values of participant p after its corrections, into x->current:
 * the enrolled values, but where a correction was made its latest value
 * (in x->owned; NULL when corrected to missing).
 */
static int
apply_corrections(struct export *x, const struct rct_participant *p)
{
	sqlite3_stmt *st = x->corrections;
	const char *var, *value;
	size_t i;
	int k;

	for (i = 0; i < x->nnames; i++) {
		free(x->owned[i]);
		x->owned[i] = NULL;
		x->current[i] = p->values[i];
	}
	while (x->on_row && sqlite3_column_int64(st, 0) < p->id)
		x->on_row = sqlite3_step(st) == SQLITE_ROW;
	for (; x->on_row && sqlite3_column_int64(st, 0) == p->id;
	     x->on_row = sqlite3_step(st) == SQLITE_ROW) {
		var = (const char *)sqlite3_column_text(st, 1);
		value = (const char *)sqlite3_column_text(st, 2);
		if ((k = rct_text_list_find(x->names, x->nnames, var)) < 0)
			continue;
		free(x->owned[k]);
		x->owned[k] = NULL;
		if (value && (x->owned[k] = strdup(value)) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		x->current[k] = x->owned[k];
	}
	return 0;
}

static int
export_row(void *arg, const struct rct_participant *p)
{
	struct export *x = arg;
	const char **cells = x->cells;
	char date[11];
	size_t i, n = 0;
	int rc;

	if ((rc = apply_corrections(x, p)) != 0)
		return rc;
	snprintf(date, sizeof(date), "%.10s", p->enrolled_at);
	cells[n++] = p->pid;
	cells[n++] = p->site;
	cells[n++] = date;
	for (i = 0; i < p->nvalues; i++) {
		cells[n++] = x->current[i];
		if (x->corrected[i])
			cells[n++] = p->values[i];
	}
	cells[n++] = p->stratum;
	cells[n++] = status_of(p);
	cells[n++] = p->withdrawn;
	cells[n++] = p->exit_reason;
	cells[n++] = p->exit_date;
	cells[n++] = arm_label(x, p->arm);
	for (i = 0; i < p->noutcomes; i++)
		cells[n++] = p->outcomes[i];
	return rct_table_add(x->t, cells);
}

/* Which baseline fields have been corrected for anyone. */
static int
read_corrected(struct rct_store *s, struct export *x)
{
	sqlite3_stmt *st;
	int rc, k;

	if ((rc = rct_store_stmt(s, "SELECT DISTINCT variable FROM correction",
		 &st)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((k = rct_text_list_find(x->names, x->nnames,
			 (const char *)sqlite3_column_text(st, 0))) >= 0)
			x->corrected[k] = 1;
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_DONE)
		return rct_store_sql_error(s, "reading the corrections");
	if ((rc = rct_store_prepare(s, &x->corrections,
		 "SELECT participant, variable, new FROM correction "
		 "ORDER BY participant, id")) != 0)
		return rc;
	x->on_row = sqlite3_step(x->corrections) == SQLITE_ROW;
	return 0;
}

/* The columns of an export, named, typed and labelled. */
struct column {
	const char *name;
	enum rct_column_type type;
	const char *label;
	const char *const *codes;
	size_t ncodes;
};

static const char *const statuses[] = {"enrolled", "withdrawn", "exited"};

static enum rct_column_type
variable_type(const struct rct_variable *v)
{
	switch (v->type) {
	case RCT_VAR_CODE:
		return RCT_TYPED_CODE;
	case RCT_VAR_INTEGER:
		return RCT_TYPED_INTEGER;
	case RCT_VAR_NUMBER:
		return RCT_TYPED_NUMBER;
	case RCT_VAR_DATE:
		return RCT_TYPED_DATE;
	case RCT_VAR_TEXT:
		break;
	}
	return RCT_TYPED_TEXT;
}

static enum rct_column_type
outcome_type(const struct rct_outcome *o)
{
	switch (o->type) {
	case RCT_OUTCOME_BINARY:
	case RCT_OUTCOME_COUNT:
		return RCT_TYPED_INTEGER;
	case RCT_OUTCOME_CONTINUOUS:
		return RCT_TYPED_NUMBER;
	case RCT_OUTCOME_ORDINAL:
		break;
	}
	return RCT_TYPED_CODE;
}

/*
 * The columns: participant, site, enrolled; each baseline field (a
 * corrected variable followed by VAR_enrolled, its value as enrolled);
 * stratum, status, withdrawn, exit reason and date, arm; one column per
 * outcome.  Labels and names live in strings, which the caller frees.
 */
static int
plan_columns(const struct export *x, struct column *c, char **strings,
    size_t *nstrings)
{
	static const char *const letters[RCT_MAX_EXPORT_ARMS] = {"A", "B", "C",
	    "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P"};
	const struct rct_protocol *p = x->p;
	const struct rct_variable *v;
	size_t i, n = 0, k;
	char buf[400];
	int src;

	c[n++] = (struct column){"participant", RCT_TYPED_TEXT,
	    "Participant (pseudonymous id)", NULL, 0};
	c[n++] =
	    (struct column){"site", RCT_TYPED_TEXT, "Recruiting site", NULL, 0};
	c[n++] = (struct column){"enrolled", RCT_TYPED_DATE,
	    "Date of enrolment", NULL, 0};
	for (i = 0; i < x->nnames; i++) {
		src = -1;
		if ((v = rct_protocol_variable(p, x->names[i])) == NULL) {
			for (k = 0; k < p->nvars; k++) {
				snprintf(buf, sizeof(buf), "%s_source",
				    p->vars[k].name);
				if (strcmp(buf, x->names[i]) == 0)
					src = (int)k;
			}
		}
		if (v) {
			c[n] = (struct column){x->names[i], variable_type(v),
			    v->label, (const char *const *)v->codes, v->ncodes};
		} else if (src >= 0) {
			v = &p->vars[src];
			snprintf(buf, sizeof(buf), "Where %s came from",
			    v->name);
			if ((strings[*nstrings] = strdup(buf)) == NULL)
				return -1;
			c[n] = (struct column){x->names[i], RCT_TYPED_CODE,
			    strings[(*nstrings)++],
			    (const char *const *)v->sources, v->nsources};
		} else {
			c[n] = (struct column){x->names[i], RCT_TYPED_TEXT,
			    NULL, NULL, 0};
		}
		n++;
		if (!x->corrected[i])
			continue;
		c[n] = c[n - 1];
		snprintf(buf, sizeof(buf), "%s_enrolled", x->names[i]);
		if ((strings[*nstrings] = strdup(buf)) == NULL)
			return -1;
		c[n].name = strings[(*nstrings)++];
		snprintf(buf, sizeof(buf), "%s (as enrolled)",
		    c[n - 1].label ? c[n - 1].label : x->names[i]);
		if ((strings[*nstrings] = strdup(buf)) == NULL)
			return -1;
		c[n++].label = strings[(*nstrings)++];
	}
	c[n++] = (struct column){"stratum", RCT_TYPED_TEXT,
	    "Stratum allocated in", NULL, 0};
	c[n++] = (struct column){"status", RCT_TYPED_CODE,
	    "Status in the study", statuses, 3};
	c[n++] = (struct column){"withdrawn", RCT_TYPED_DATE,
	    "Date of withdrawal from the study", NULL, 0};
	for (k = 0; rct_exit_reasons[k]; k++)
		;
	c[n++] = (struct column){"exit_reason", RCT_TYPED_CODE,
	    "Reason for leaving the measure", rct_exit_reasons, k};
	c[n++] = (struct column){"exit_date", RCT_TYPED_DATE,
	    "Date of leaving the measure", NULL, 0};
	if (x->blind) {
		k = p->narms < RCT_MAX_EXPORT_ARMS ? p->narms :
						     RCT_MAX_EXPORT_ARMS;
		c[n++] = (struct column){"arm", RCT_TYPED_CODE,
		    "Arm allocated (masked)", letters, k};
	} else {
		c[n++] = (struct column){"arm", RCT_TYPED_CODE, "Arm allocated",
		    x->arms, p->narms};
	}
	for (i = 0; i < p->noutcomes; i++) {
		const struct rct_outcome *o = &p->outcomes[i];

		c[n++] = (struct column){o->name, outcome_type(o), o->label,
		    (const char *const *)o->codes, o->ncodes};
	}
	return (int)n;
}

static void
export_release(struct export *x)
{
	size_t i;

	sqlite3_finalize(x->corrections);
	for (i = 0; x->owned && i < x->nnames; i++)
		free(x->owned[i]);
	free(x->owned);
	free(x->current);
	free(x->corrected);
	free(x->arms);
	rct_text_list_free(x->names, x->nnames);
	free(x->cells);
}

int
rct_report_export(struct rct_store *s, int blind, struct rct_table **out)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	struct rct_participant_filter f = {NULL, 0, 0, 1, 1};
	struct export x;
	struct rct_table *t = NULL;
	struct column *c = NULL;
	const char **cols = NULL;
	char **strings = NULL;
	size_t i, nstrings = 0;
	int *src, n, ncols = 0, rc;

	*out = NULL;
	memset(&x, 0, sizeof(x));
	x.p = p;
	x.blind = blind;
	if (blind && (rc = make_masks(s, &x)) != 0)
		return rc;
	if ((n = rct_register_baseline_names(p, &x.names, &src)) < 0)
		return rct_error(RCT_ENOMEM, "out of memory");
	free(src);
	x.nnames = (size_t)n;
	ncols = 9 + 2 * n + (int)p->noutcomes;
	x.corrected = calloc((size_t)n + 1, 1);
	x.current = calloc((size_t)n + 1, sizeof(char *));
	x.owned = calloc((size_t)n + 1, sizeof(char *));
	x.cells = calloc((size_t)ncols, sizeof(char *));
	c = calloc((size_t)ncols, sizeof(*c));
	cols = calloc((size_t)ncols, sizeof(char *));
	strings = calloc(2 * (size_t)n + 1, sizeof(char *));
	x.arms = calloc(p->narms + 1, sizeof(char *));
	if (x.corrected == NULL || x.current == NULL || x.owned == NULL ||
	    x.cells == NULL || c == NULL || cols == NULL || strings == NULL ||
	    x.arms == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < p->narms; i++)
		x.arms[i] = p->arms[i].name;
	if ((rc = read_corrected(s, &x)) != 0)
		goto out;
	if ((ncols = plan_columns(&x, c, strings, &nstrings)) < 0) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < (size_t)ncols; i++)
		cols[i] = c[i].name;
	if ((t = rct_table_new((size_t)ncols, cols)) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < (size_t)ncols; i++)
		if ((rc = rct_table_describe(t, i, c[i].type, c[i].label,
			 c[i].codes, c[i].ncodes)) != 0)
			goto out;
	x.t = t;
	x.ncells = (size_t)ncols;
	/* The values as enrolled, the corrections applied here beside them. */
	if ((rc = rct_participant_foreach(s, &f, export_row, &x)) != 0)
		goto out;
	*out = t;
	t = NULL;
out:
	rct_table_free(t);
	for (i = 0; i < nstrings; i++)
		free(strings[i]);
	free(strings);
	free(cols);
	free(c);
	export_release(&x);
	return rc;
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
	if ((rc = rct_store_stmt(s,
		 "SELECT s.code, "
		 "substr(coalesce(json_extract(p.baseline, ?1), a.at), 1, 7) AS "
		 "month, count(p.id), count(w.participant), s.target "
		 "FROM site s "
		 "LEFT JOIN participant p ON p.site = s.code "
		 "LEFT JOIN audit a ON a.seq = p.audit_seq "
		 "LEFT JOIN withdrawal w ON w.participant = p.id "
		 "GROUP BY s.code, month ORDER BY s.code, month",
		 &st)) != 0) {
		rct_table_free(t);
		return rc;
	}
	if (rct_store_protocol(s)->recruited) {
		rct_register_baseline_path(rct_store_protocol(s),
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
	rct_store_stmt_done(s, st);
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
	    (rc = fact(&f, "unit", rct_protocol_unit_name(p->unit))) == 0 &&
	    (rc = fact(&f, "method", rct_protocol_method_name(p->method))) ==
		0 &&
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
	/* The counts are numbers (a spreadsheet's, a Stata file's). */
	for (i = 0; rc == 0 && i < f.n; i++)
		if (strcmp(f.fields[i], "protocol_version") == 0 ||
		    strcmp(f.fields[i], "sites") == 0 ||
		    strcmp(f.fields[i], "participants") == 0 ||
		    strcmp(f.fields[i], "allocated") == 0 ||
		    strcmp(f.fields[i], "audit_entries") == 0)
			rct_table_set_numeric(*out, i);
	if (rc == 0 &&
	    (rc = rct_table_add(*out, (const char *const *)f.values)) != 0) {
		rct_table_free(*out);
		*out = NULL;
	}
	for (i = 0; i < f.n; i++)
		free(f.values[i]);
	return rc;
}
