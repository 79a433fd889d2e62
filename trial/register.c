/*
 * The register session (register.h).  Each added row is folded into a
 * running BLAKE2b digest of its canonical form (digest.c), which the audit
 * entry records; verify recomputes it from the stored rows, so a row that
 * is edited, added or removed later no longer matches its entry.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "buf.h"
#include "digest.h"
#include "error.h"
#include "identity.h"
#include "register.h"
#include "store_internal.h"
#include "text.h"

struct rct_register {
	struct rct_store *s;
	const struct rct_protocol *p;
	const struct rct_keys *keys;
	char *source;
	unsigned char file_hash[32];
	int has_file_hash;
	int64_t seq;		/* the audit entry these rows belong to */
	char now[21];

	size_t nfields;
	char **names;		/* per field */
	int *source_of;		/* per field: variable index, or -1 */
	int *stratum_field;	/* per stratum: field index */

	char **sites;		/* codes of the sites, loaded once */
	size_t nsites;

	sqlite3_stmt *insert, *lookup;
	struct rct_digest digest;
	struct rct_register_stats stats;
	struct rct_buf baseline, stratum;
	int failed;		/* a store error: stop */
};

void
rct_participant_format(char out[RCT_PID_MAX], int64_t id)
{
	snprintf(out, RCT_PID_MAX, "P%06lld", (long long)id);
}

int
rct_participant_parse(const char *text, int64_t *id)
{
	long v;

	if (text[0] != 'P' || rct_parse_long(text + 1, &v) < 0 || v < 1 ||
	    text[1] == '-' || text[1] == '+')
		return -1;
	*id = v;
	return 0;
}

static int
add_field(struct rct_register *r, const char *name, int source_of)
{
	char **names;
	int *src;

	names = realloc(r->names, (r->nfields + 1) * sizeof(*names));
	if (names == NULL)
		return -1;
	r->names = names;
	src = realloc(r->source_of, (r->nfields + 1) * sizeof(*src));
	if (src == NULL)
		return -1;
	r->source_of = src;
	if ((r->names[r->nfields] = strdup(name)) == NULL)
		return -1;
	r->source_of[r->nfields++] = source_of;
	return 0;
}

int
rct_baseline_names(const struct rct_protocol *p, char ***out, int **source_of)
{
	char **names = NULL, name[80];
	int *src = NULL;
	size_t i, n = 0, cap = 2 * p->nvars + 1;

	*out = NULL;
	*source_of = NULL;
	names = calloc(cap, sizeof(*names));
	src = calloc(cap, sizeof(*src));
	if (names == NULL || src == NULL)
		goto fail;
	for (i = 0; i < p->nvars; i++, n++) {
		if ((names[n] = strdup(p->vars[i].name)) == NULL)
			goto fail;
		src[n] = -1;
	}
	for (i = 0; i < p->nvars; i++) {
		if (p->vars[i].nsources == 0)
			continue;
		snprintf(name, sizeof(name), "%s_source", p->vars[i].name);
		if ((names[n] = strdup(name)) == NULL)
			goto fail;
		src[n++] = (int)i;
	}
	*out = names;
	*source_of = src;
	return (int)n;
fail:
	rct_list_free(names, n);
	free(src);
	return -1;
}

static int
build_fields(struct rct_register *r)
{
	const struct rct_protocol *p = r->p;
	char **names;
	int *src, n, i;

	if ((n = rct_baseline_names(p, &names, &src)) < 0 ||
	    add_field(r, "id_number", -1) < 0 || add_field(r, "site", -1) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (add_field(r, names[i], src[i]) < 0)
			break;
	rct_list_free(names, (size_t)n);
	free(src);
	if (i < n)
		return -1;
	if ((r->stratum_field = calloc(p->nstrata + 1, sizeof(int))) == NULL)
		return -1;
	for (i = 0; i < (int)p->nstrata; i++)
		r->stratum_field[i] = rct_register_field(r, p->strata[i]);
	return 0;
}

static int
load_sites(struct rct_register *r)
{
	sqlite3_stmt *st;
	char **grown;
	int rc;

	if ((rc = rct_store_prepare(r->s, &st, "SELECT code FROM site "
	    "ORDER BY code")) != 0)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		grown = realloc(r->sites, (r->nsites + 1) * sizeof(*grown));
		if (grown == NULL)
			break;
		r->sites = grown;
		r->sites[r->nsites] =
		    strdup((const char *)sqlite3_column_text(st, 0));
		if (r->sites[r->nsites] == NULL)
			break;
		r->nsites++;
	}
	sqlite3_finalize(st);
	return 0;
}

int
rct_register_begin(struct rct_register **out, struct rct_store *s,
    const char *source, const unsigned char *file_hash)
{
	struct rct_register *r;
	int rc;

	*out = NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	r->s = s;
	r->p = rct_store_protocol(s);
	r->seq = rct_audit_next_seq(s);
	rct_now(r->now);
	rct_buf_init(&r->baseline);
	rct_buf_init(&r->stratum);
	rct_digest_init(&r->digest);
	if (file_hash) {
		memcpy(r->file_hash, file_hash, 32);
		r->has_file_hash = 1;
	}
	if ((r->source = strdup(source)) == NULL || build_fields(r) < 0) {
		rct_register_free(r);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	if ((rc = rct_store_keys(s, RCT_KEY_IDENTITY, &r->keys)) != 0 ||
	    (rc = load_sites(r)) != 0 ||
	    (rc = rct_store_prepare(s, &r->insert, "INSERT INTO participant("
	    "site, pseudonym, sealed, baseline, stratum, enrolled_at, "
	    "audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?)")) != 0 ||
	    (rc = rct_store_prepare(s, &r->lookup, "SELECT id, site, baseline, "
	    "audit_seq FROM participant WHERE pseudonym = ?")) != 0) {
		rct_register_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

size_t
rct_register_nfields(const struct rct_register *r)
{
	return r->nfields;
}

const char *
rct_register_field_name(const struct rct_register *r, size_t i)
{
	return r->names[i];
}

int
rct_register_field_optional(const struct rct_register *r, size_t i)
{
	return r->source_of[i] >= 0;
}

int
rct_register_field(const struct rct_register *r, const char *name)
{
	return rct_list_find(r->names, r->nfields, name);
}

static int
row_error(const struct rct_register *r, const struct rct_row_where *w,
    size_t field, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
row_error(const struct rct_register *r, const struct rct_row_where *w,
    size_t field, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (w && w->file)
		return rct_error_at(RCT_EINVAL, w->file, w->line,
		    w->columns && field < r->nfields ? w->columns[field] : 0,
		    "%s", msg);
	(void)r;
	return rct_error(RCT_EINVAL, "%s", msg);
}

static int
site_known(const struct rct_register *r, const char *code)
{
	return rct_list_find(r->sites, r->nsites, code) >= 0;
}

/* Check every field of the row; return how many were bad. */
static int
check_row(struct rct_register *r, const char *const *values,
    const struct rct_row_where *w)
{
	const struct rct_protocol *p = r->p;
	const char *v;
	char why[600];
	enum rct_id_kind kind;
	size_t i;
	int bad = 0;

	v = values[RCT_FIELD_ID];
	if (v == NULL || *v == '\0')
		bad += row_error(r, w, RCT_FIELD_ID, "id_number is missing, "
		    "expected a fødselsnummer, D-number or DUF number") != 0;
	else if (rct_identity_check(v, &kind, why, sizeof(why)) < 0)
		bad += row_error(r, w, RCT_FIELD_ID, "%s", why) != 0;
	v = values[RCT_FIELD_SITE];
	if (v == NULL || *v == '\0')
		bad += row_error(r, w, RCT_FIELD_SITE, "site is missing, "
		    "expected a site code") != 0;
	else if (!site_known(r, v))
		bad += row_error(r, w, RCT_FIELD_SITE, "site '%s' is not a "
		    "site of this trial, add it first with 'trial site add'",
		    v) != 0;
	for (i = 0; i < p->nvars; i++)
		if (rct_variable_check(&p->vars[i], values[2 + i], why,
		    sizeof(why)) < 0)
			bad += row_error(r, w, 2 + i, "%s", why) != 0;
	for (i = 2 + p->nvars; i < r->nfields; i++) {
		const struct rct_variable *var = &p->vars[r->source_of[i]];

		v = values[i];
		if (v && *v && rct_list_find(var->sources, var->nsources,
		    v) < 0)
			bad += row_error(r, w, i, "'%s' is not a source of %s, "
			    "expected one of its sources", v, var->name) != 0;
		if (v && *v && (values[2 + r->source_of[i]] == NULL ||
		    *values[2 + r->source_of[i]] == '\0'))
			bad += row_error(r, w, i, "%s has a source but no "
			    "value", var->name) != 0;
	}
	if (bad == 0 && rct_protocol_eligible(p, values + 2, why,
	    sizeof(why)) < 0)
		bad += row_error(r, w, (size_t)-1, "%s", why) != 0;
	return bad;
}

/* The canonical baseline (JSON, protocol order) and the stratum. */
static void
describe(struct rct_register *r, const char *const *values, int *has_stratum)
{
	const struct rct_protocol *p = r->p;
	const char *v;
	size_t i;

	rct_buf_reset(&r->baseline);
	rct_buf_addc(&r->baseline, '{');
	for (i = 2; i < r->nfields; i++) {
		v = values[i];
		if (r->source_of[i] >= 0 && (v == NULL || *v == '\0'))
			continue;
		if (i > 2)
			rct_buf_addc(&r->baseline, ',');
		rct_buf_add_json_string(&r->baseline, r->names[i]);
		rct_buf_addc(&r->baseline, ':');
		if (v == NULL || *v == '\0')
			rct_buf_adds(&r->baseline, "null");
		else
			rct_buf_add_json_string(&r->baseline, v);
	}
	rct_buf_addc(&r->baseline, '}');
	rct_buf_reset(&r->stratum);
	*has_stratum = 1;
	for (i = 0; i < p->nstrata; i++) {
		v = values[r->stratum_field[i]];
		if (v == NULL || *v == '\0') {
			*has_stratum = 0;
			return;
		}
		if (i > 0)
			rct_buf_addc(&r->stratum, '|');
		rct_buf_adds(&r->stratum, v);
	}
}

/* The person is in the store already: same row, or an error. */
static int
explain_existing(struct rct_register *r, const unsigned char *pseudonym,
    const char *site, const struct rct_row_where *w, char pid[RCT_PID_MAX])
{
	sqlite3_stmt *st = r->lookup;
	const char *old_site, *old_baseline;
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_blob(st, 1, pseudonym, RCT_PSEUDONYM_BYTES, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		r->failed = 1;
		return rct_store_sql_error(r->s, "adding a participant");
	}
	rct_participant_format(pid, sqlite3_column_int64(st, 0));
	old_site = (const char *)sqlite3_column_text(st, 1);
	old_baseline = (const char *)sqlite3_column_text(st, 2);
	if (sqlite3_column_int64(st, 3) == r->seq)
		rc = row_error(r, w, RCT_FIELD_ID, "the same person is already "
		    "on an earlier row of this register (%s)", pid);
	else if (strcmp(old_site, site) != 0)
		rc = row_error(r, w, RCT_FIELD_ID, "this person is already "
		    "enrolled at site '%s' as %s, expected each person at one "
		    "site only", old_site, pid);
	else if (strcmp(old_baseline, rct_buf_str(&r->baseline)) != 0)
		rc = row_error(r, w, RCT_FIELD_ID, "this person is already "
		    "enrolled as %s with other baseline values; a correction "
		    "is an amendment, not a new enrolment", pid);
	else
		rc = 1;
	sqlite3_reset(st);
	return rc;
}

int
rct_register_add(struct rct_register *r, const char *const *values,
    const struct rct_row_where *where, char pid[RCT_PID_MAX])
{
	unsigned char pseudonym[RCT_PSEUDONYM_BYTES];
	unsigned char sealed[RCT_SEALED_BYTES];
	sqlite3_stmt *st = r->insert;
	int64_t id;
	int rc, has_stratum;

	pid[0] = '\0';
	if (r->failed)
		return RCT_ESTORE;
	if (check_row(r, values, where) > 0) {
		r->stats.bad_rows++;
		return RCT_EINVAL;
	}
	describe(r, values, &has_stratum);
	if (rct_buf_failed(&r->baseline) || rct_buf_failed(&r->stratum)) {
		r->failed = 1;
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	rct_identity_pseudonym(pseudonym, r->keys, values[RCT_FIELD_ID]);
	rct_identity_seal(sealed, r->keys, values[RCT_FIELD_ID]);
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, values[RCT_FIELD_SITE], -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, pseudonym, sizeof(pseudonym), SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, sealed, sizeof(sealed), SQLITE_STATIC);
	sqlite3_bind_text(st, 4, rct_buf_str(&r->baseline), (int)r->baseline.len,
	    SQLITE_STATIC);
	if (has_stratum)
		sqlite3_bind_text(st, 5, rct_buf_str(&r->stratum),
		    (int)r->stratum.len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_text(st, 6, r->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, r->seq);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		rc = explain_existing(r, pseudonym, values[RCT_FIELD_SITE], where,
		    pid);
		if (rc == 1)
			r->stats.unchanged++;
		else if (rc == RCT_EINVAL)
			r->stats.bad_rows++;
		return rc;
	}
	if (rc != SQLITE_DONE) {
		r->failed = 1;
		return rct_store_sql_error(r->s, "adding a participant");
	}
	id = sqlite3_last_insert_rowid(r->s->db);
	rct_participant_format(pid, id);
	rct_digest_participant(&r->digest, id, values[RCT_FIELD_SITE],
	    pseudonym, sealed, rct_buf_str(&r->baseline),
	    has_stratum ? rct_buf_str(&r->stratum) : NULL, r->now);
	if (r->stats.added++ == 0)
		memcpy(r->stats.first, pid, RCT_PID_MAX);
	memcpy(r->stats.last, pid, RCT_PID_MAX);
	return 0;
}

void
rct_register_set_file_hash(struct rct_register *r, const unsigned char hash[32])
{
	memcpy(r->file_hash, hash, 32);
	r->has_file_hash = 1;
}

int
rct_register_finish(struct rct_register *r, struct rct_register_stats *stats)
{
	struct rct_buf b = RCT_BUF_INIT;
	char digest[65], hash[65];
	int rc;

	*stats = r->stats;
	if (r->failed)
		return RCT_ESTORE;
	if (r->stats.bad_rows > 0)
		return rct_error(RCT_EINVAL, "%ld bad row(s); nothing was "
		    "written", r->stats.bad_rows);
	if (r->stats.added == 0)
		return 0;
	rct_digest_final(&r->digest, digest);
	rct_buf_adds(&b, "{\"source\":");
	rct_buf_add_json_string(&b, r->source);
	if (r->has_file_hash) {
		sodium_bin2hex(hash, sizeof(hash), r->file_hash, 32);
		rct_buf_addf(&b, ",\"file_hash\":\"%s\"", hash);
	}
	rct_buf_addf(&b, ",\"count\":%ld,\"unchanged\":%ld,\"first\":\"%s\","
	    "\"last\":\"%s\",\"digest\":\"%s\"}", r->stats.added,
	    r->stats.unchanged, r->stats.first, r->stats.last, digest);
	rc = rct_buf_failed(&b) ? rct_error(RCT_ENOMEM, "out of memory") :
	    rct_audit_append(r->s, "enrol", rct_buf_str(&b));
	rct_buf_release(&b);
	return rc;
}

void
rct_register_free(struct rct_register *r)
{
	if (r == NULL)
		return;
	sqlite3_finalize(r->insert);
	sqlite3_finalize(r->lookup);
	rct_list_free(r->names, r->nfields);
	rct_list_free(r->sites, r->nsites);
	free(r->source_of);
	free(r->stratum_field);
	free(r->source);
	rct_buf_release(&r->baseline);
	rct_buf_release(&r->stratum);
	free(r);
}
