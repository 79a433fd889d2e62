/*
 * The register session (register.h).  Each added row is folded into a
 * running BLAKE2b digest of its canonical form (digest.c), which the audit
 * entry records; verify recomputes it from the stored rows, so a row that
 * is edited, added or removed later no longer matches its entry.
 *
 * Identities live in their own table, keyed by pseudonym, apart from the
 * trial data.  A row is looked up there as it is read (a person already
 * enrolled is found at once), but the new identities are only inserted at
 * the end, sorted by pseudonym: inserting a million random keys one by
 * one into a B-tree costs several times more than appending them in
 * order, and sorting also finds a person who appears twice in one file.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "batch.h"
#include "buf.h"
#include "digest.h"
#include "error.h"
#include "identity.h"
#include "parallel.h"
#include "json.h"
#include "register.h"
#include "store_internal.h"
#include "text.h"

struct pending {
	unsigned char pseudonym[RCT_PSEUDONYM_BYTES];
	unsigned char sealed[RCT_SEALED_BYTES];
	int64_t id;
	long line;
};

/*
 * Sorting a million 80-byte records moves a lot of memory; we sort small
 * (prefix, index) keys instead, the prefix being the pseudonym's first 8
 * bytes read big-endian, so that integer order is byte order.  Keys with
 * equal prefixes (rare) are put in full order afterwards.
 */
struct sort_key {
	uint64_t prefix;
	uint64_t index;
};

/*
 * Sealing an identity (an X25519 shared key, then XSalsa20-Poly1305) is
 * the largest cost of an import after SQLite: rows are sealed in batches
 * of SEAL_BATCH on every core, and the digest of each row, which covers
 * its sealed bytes, is taken in row order once its batch is sealed.  Only
 * a batch's identity numbers are held in memory, and they are wiped.
 */
#define SEAL_BATCH 4096

struct unsealed {
	size_t pending; /* index into r->pending */
	char number[RCT_ID_MAX + 1];
	size_t site, baseline, stratum; /* offsets into r->held */
	int has_stratum;
};

struct rct_register {
	struct rct_store *s;
	const struct rct_protocol *p;
	const struct rct_identity_keys *ik; /* the transaction's (store.h) */
	char *source;
	unsigned char file_hash[32];
	int has_file_hash;
	int64_t seq; /* the audit entry these rows belong to */

	size_t nfields;
	char **names; /* per field */
	int *source_of; /* per field: variable index, or -1 */
	int *stratum_field; /* per stratum: field index */
	const char **canonical; /* per field: the value as stored */
	char (*canonical_buf)[RCT_CANONICAL_MAX]; /* per field */
	const char **pointed; /* per field: decimal commas made points */
	const char *const *written; /* the row as given, beside pointed */
	char (*pointed_buf)[RCT_CANONICAL_MAX]; /* per field */

	char **sites; /* codes of the sites, loaded once */
	size_t nsites;

	struct rct_batch *insert;
	sqlite3_stmt *lookup;
	int64_t next_id; /* we hold the write lock: ids are ours */
	struct pending *pending; /* identities to insert at the end */
	size_t npending, pendcap;
	struct sort_key *order; /* pending in pseudonym order */
	const char *file; /* where rows came from, for messages */
	long id_column; /* the column of id_number there */
	struct rct_digest digest;
	struct rct_register_stats stats;
	struct rct_buf baseline, stratum;
	struct unsealed *unsealed; /* the batch waiting to be sealed */
	size_t nunsealed, capunsealed; /* grown to SEAL_BATCH at most */
	struct rct_buf held; /* its rows' site, baseline and stratum */
	int64_t first_id, last_id; /* of the rows added */
	int anyone; /* the store held identities at the start */
	int failed; /* a store error: stop */
};

void
rct_register_participant_format(char out[RCT_PID_MAX], int64_t id)
{
	char digits[24];
	int n = rct_buf_format_int(digits, id), pad = n < 6 ? 6 - n : 0;

	/* "P%06lld", without printf: verify formats a million of these. */
	out[0] = 'P';
	memset(out + 1, '0', (size_t)pad);
	memcpy(out + 1 + pad, digits, (size_t)n + 1);
}

int
rct_register_participant_parse(const char *text, int64_t *id)
{
	long v;

	if (text[0] != 'P' || rct_text_parse_long(text + 1, &v) < 0 || v < 1 ||
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
rct_register_baseline_names(const struct rct_protocol *p, char ***out,
    int **source_of)
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
	rct_text_list_free(names, n);
	free(src);
	return -1;
}

void
rct_register_baseline_path(const struct rct_protocol *p, const char *var,
    char out[24])
{
	const struct rct_variable *v =
	    var ? rct_protocol_variable(p, var) : NULL;

	if (v == NULL)
		out[0] = '\0';
	else
		snprintf(out, 24, "$[%d]", (int)(v - p->vars));
}

static int
build_fields(struct rct_register *r)
{
	const struct rct_protocol *p = r->p;
	char **names;
	int *src, n, i;

	if ((n = rct_register_baseline_names(p, &names, &src)) < 0 ||
	    add_field(r, "id_number", -1) < 0 || add_field(r, "site", -1) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (add_field(r, names[i], src[i]) < 0)
			break;
	rct_text_list_free(names, (size_t)n);
	free(src);
	if (i < n)
		return -1;
	if ((r->stratum_field = calloc(p->nstrata + 1, sizeof(int))) == NULL)
		return -1;
	for (i = 0; i < (int)p->nstrata; i++)
		r->stratum_field[i] = rct_register_field(r, p->strata[i]);
	r->canonical = calloc(r->nfields, sizeof(*r->canonical));
	r->canonical_buf = calloc(r->nfields, sizeof(*r->canonical_buf));
	r->pointed = calloc(r->nfields, sizeof(*r->pointed));
	r->pointed_buf = calloc(r->nfields, sizeof(*r->pointed_buf));
	if (r->canonical == NULL || r->canonical_buf == NULL ||
	    r->pointed == NULL || r->pointed_buf == NULL)
		return -1;
	return 0;
}

static int
load_sites(struct rct_register *r)
{
	sqlite3_stmt *st;
	char **grown;
	int rc;

	if ((rc = rct_store_stmt(r->s,
		 "SELECT code FROM site "
		 "ORDER BY code",
		 &st)) != 0)
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
	rct_store_stmt_done(r->s, st);
	return 0;
}

/* Whether anyone is enrolled yet, and the next participant id. */
static int
read_state(struct rct_register *r)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(r->s,
		 "SELECT EXISTS (SELECT 1 FROM "
		 "identity), coalesce(max(id), 0) + 1 FROM participant",
		 &st)) != 0)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->anyone = sqlite3_column_int(st, 0);
		r->next_id = sqlite3_column_int64(st, 1);
	}
	rct_store_stmt_done(r->s, st);
	return r->next_id > 0 ? 0 :
				rct_store_sql_error(r->s,
				    "reading the "
				    "register");
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
	rct_buf_init(&r->baseline);
	rct_buf_init(&r->held);
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
	if ((rc = rct_store_identity_keys(s, &r->ik)) != 0 ||
	    (rc = load_sites(r)) != 0 ||
	    (rc = rct_batch_open(&r->insert, s,
		 "participant(id, site, "
		 "baseline, stratum, audit_seq)",
		 5)) != 0 ||
	    (rc = rct_store_stmt(s,
		 "SELECT p.id, p.site, "
		 "p.baseline FROM identity i JOIN participant p ON p.id = "
		 "i.participant WHERE i.pseudonym = ?",
		 &r->lookup)) != 0) {
		rct_register_free(r);
		return rc;
	}
	if ((rc = read_state(r)) != 0) {
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
	return rct_text_list_find(r->names, r->nfields, name);
}

int
rct_register_row_error(const struct rct_row_where *w, size_t field,
    const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (w && w->file)
		return rct_error_at(RCT_EINVAL, w->file, w->line,
		    w->columns && field != RCT_NO_FIELD ? w->columns[field] : 0,
		    "%s", msg);
	return rct_error(RCT_EINVAL, "%s", msg);
}

int
rct_register_rows_refused(long bad, const char *file)
{
	if (file == NULL)
		return RCT_EINVAL;
	return rct_error(RCT_EINVAL,
	    "%ld bad row(s) in '%s'; nothing "
	    "was written",
	    bad, file);
}

static int
site_known(const struct rct_register *r, const char *code)
{
	return rct_text_list_find(r->sites, r->nsites, code) >= 0;
}

/*
 * The site whose code is code with the leading zeros a spreadsheet drops
 * from a number (0301 for 301), or NULL.
 */
static const char *
site_with_zeros(const struct rct_register *r, const char *code)
{
	size_t i, n = strlen(code), len;

	if (n == 0 || strspn(code, "0123456789") != n)
		return NULL;
	for (i = 0; i < r->nsites; i++) {
		const char *s = r->sites[i];

		len = strlen(s);
		if (len > n && strspn(s, "0") == len - n &&
		    strcmp(s + len - n, code) == 0)
			return s;
	}
	return NULL;
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
		bad +=
		    rct_register_row_error(w, RCT_FIELD_ID,
			"id_number is missing, "
			"expected a fødselsnummer, D-number or DUF number") !=
		    0;
	else if (rct_identity_check(v, &kind, why, sizeof(why)) < 0)
		bad += rct_register_row_error(w, RCT_FIELD_ID, "%s", why) != 0;
	v = values[RCT_FIELD_SITE];
	if (v == NULL || *v == '\0')
		bad += rct_register_row_error(w, RCT_FIELD_SITE,
			   "site is missing, "
			   "expected a site code") != 0;
	else if (!rct_text_code_valid(v))
		bad += rct_register_row_error(w, RCT_FIELD_SITE,
			   "site is not a site code, expected 1 to 32 "
			   "letters, digits, '_' or '-'") != 0;
	else if (!site_known(r, v) && site_with_zeros(r, v))
		bad += rct_register_row_error(w, RCT_FIELD_SITE,
			   "site '%s' is not a site of this trial; did a "
			   "spreadsheet drop its leading zero? the site '%s' "
			   "exists: format the column as text",
			   v, site_with_zeros(r, v)) != 0;
	else if (!site_known(r, v))
		bad +=
		    rct_register_row_error(w, RCT_FIELD_SITE,
			"site '%s' is not a "
			"site of this trial, add it first with 'trial site add'",
			v) != 0;
	for (i = 0; i < p->nvars; i++)
		if (rct_protocol_variable_check(&p->vars[i], values[2 + i], why,
			sizeof(why)) < 0) {
			/* A decimal comma read as a point: quote it as written.
			 */
			if (values == r->pointed)
				rct_text_quote_as_written(why, sizeof(why),
				    values[2 + i], r->written[2 + i]);
			bad += rct_register_row_error(w, 2 + i, "%s", why) != 0;
		}
	for (i = 2 + p->nvars; i < r->nfields; i++) {
		const struct rct_variable *var = &p->vars[r->source_of[i]];

		v = values[i];
		if (v && *v &&
		    rct_text_list_find(var->sources, var->nsources, v) < 0)
			bad += rct_register_row_error(w, i,
				   "'%s' is not a source of %s, "
				   "expected one of its sources",
				   v, var->name) != 0;
		if (v && *v &&
		    (values[2 + r->source_of[i]] == NULL ||
			*values[2 + r->source_of[i]] == '\0'))
			bad += rct_register_row_error(w, i,
				   "%s has a source but no "
				   "value",
				   var->name) != 0;
	}
	if (bad == 0 &&
	    rct_protocol_eligible(p, values + 2, why, sizeof(why)) < 0)
		bad += rct_register_row_error(w, RCT_NO_FIELD, "%s", why) != 0;
	return bad;
}

/*
 * The canonical baseline: a JSON array of the baseline fields' values in
 * the order of rct_register_baseline_names() (null when missing), compact
 * because a register can hold a million rows; and the stratum.
 */
static void
describe(struct rct_register *r, const char *const *values, int *has_stratum)
{
	const struct rct_protocol *p = r->p;
	const char *v;
	size_t i;

	rct_buf_reset(&r->baseline);
	rct_buf_addc(&r->baseline, '[');
	for (i = 2; i < r->nfields; i++) {
		v = values[i];
		if (i > 2)
			rct_buf_addc(&r->baseline, ',');
		if (v == NULL || *v == '\0')
			rct_buf_adds(&r->baseline, "null");
		else
			rct_buf_add_json_string(&r->baseline, v);
	}
	rct_buf_addc(&r->baseline, ']');
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

/*
 * A person enrolled before comes again with other baseline values: name
 * the first column that differs, both values, and the command that
 * corrects an enrolled value (a register row never changes one).
 */
/*
 * Whether the latest correction of variable of participant pid set it to
 * value (NULL: missing): 1 when it did, 0 when not or none.
 */
static int
corrected_to(struct rct_register *r, const char *pid, const char *variable,
    const char *value)
{
	sqlite3_stmt *st;
	int64_t id;
	int same = 0;

	if (rct_register_participant_parse(pid, &id) < 0 ||
	    rct_store_stmt(r->s,
		"SELECT new FROM correction WHERE participant = ? AND "
		"variable = ? ORDER BY id DESC LIMIT 1",
		&st) != 0)
		return 0; /* the store's error is recorded */
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, variable, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);

		same = (v == NULL && value == NULL) ||
		    (v && value && strcmp(v, value) == 0);
	}
	rct_store_stmt_done(r->s, st);
	return same;
}

static int
other_values(struct rct_register *r, const struct rct_row_where *w,
    const char *found, const char *old_baseline)
{
	char *was[256], *now[256];
	int n, m, i, rc;
	size_t f;

	n = rct_json_strings(old_baseline, was, 256);
	m = rct_json_strings(rct_buf_str(&r->baseline), now, 256);
	for (i = 0; n == m && i < n; i++)
		if ((was[i] == NULL) != (now[i] == NULL) ||
		    (was[i] && strcmp(was[i], now[i]) != 0))
			break;
	f = (size_t)i + 2;
	if (n < 0 || n != m || i == n)
		rc = rct_register_row_error(w, RCT_FIELD_ID,
		    "this person is already enrolled as %s with other "
		    "baseline values; correct an enrolled value with 'trial "
		    "correct %s %s --set VAR=VALUE --reason TEXT'",
		    found, r->s->path, found);
	else if (f < 2 + r->p->nvars &&
	    corrected_to(r, found, r->names[f], now[i]))
		rc = rct_register_row_error(w, f,
		    "this person is already enrolled as %s with %s '%s', "
		    "since corrected to '%s' (trial correct); a register row "
		    "holds the value as enrolled: give '%s' here, or leave the "
		    "row out",
		    found, r->names[f], was[i] ? was[i] : "",
		    now[i] ? now[i] : "", was[i] ? was[i] : "");
	else if (f >= 2 + r->p->nvars)
		rc = rct_register_row_error(w, f,
		    "this person is already enrolled as %s with %s '%s', not "
		    "'%s'; a register row does not change an enrolled value",
		    found, r->names[f], was[i] ? was[i] : "",
		    now[i] ? now[i] : "");
	else
		rc = rct_register_row_error(w, f,
		    "this person is already enrolled as %s with %s '%s', not "
		    "'%s'; a register row does not change an enrolled value: "
		    "correct it with 'trial correct %s %s --set %s=%s "
		    "--reason TEXT'",
		    found, r->names[f], was[i] ? was[i] : "",
		    now[i] ? now[i] : "", r->s->path, found, r->names[f],
		    now[i] ? now[i] : "");
	for (i = 0; i < n; i++)
		free(was[i]);
	for (i = 0; i < m; i++)
		free(now[i]);
	return rc;
}

/*
 * Whether the person is in the store already: 0 when not, 1 when with the
 * same site and values (unchanged), RCT_EINVAL (recorded) when otherwise.
 */
static int
find_existing(struct rct_register *r, const unsigned char *pseudonym,
    const char *site, const struct rct_row_where *w, char pid[RCT_PID_MAX])
{
	sqlite3_stmt *st = r->lookup;
	const char *old_site, *old_baseline;
	char found[RCT_PID_MAX];
	int rc;

	/* Nobody can be enrolled already in an empty store. */
	if (!r->anyone)
		return 0;
	sqlite3_reset(st);
	sqlite3_bind_blob(st, 1, pseudonym, RCT_PSEUDONYM_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		r->failed = 1;
		return rct_store_sql_error(r->s, "looking up a participant");
	}
	rct_register_participant_format(found, sqlite3_column_int64(st, 0));
	if (pid)
		memcpy(pid, found, RCT_PID_MAX);
	old_site = (const char *)sqlite3_column_text(st, 1);
	old_baseline = (const char *)sqlite3_column_text(st, 2);
	if (strcmp(old_site, site) != 0)
		rc = rct_register_row_error(w, RCT_FIELD_ID,
		    "this person is already "
		    "enrolled at site '%s' as %s, expected each person at one "
		    "site only",
		    old_site, found);
	else if (strcmp(old_baseline, rct_buf_str(&r->baseline)) != 0)
		rc = other_values(r, w, found, old_baseline);
	else
		rc = 1;
	sqlite3_reset(st);
	return rc;
}

static void
seal_part(void *arg, int part, size_t begin, size_t end)
{
	struct rct_register *r = arg;
	size_t i;

	(void)part;
	for (i = begin; i < end; i++) {
		struct pending *p = &r->pending[r->unsealed[i].pending];

		rct_identity_seal(p->sealed, r->ik, p->pseudonym,
		    r->unsealed[i].number);
	}
}

/* Seal the waiting batch, then take each row's digest in row order. */
static void
seal_batch(struct rct_register *r)
{
	const char *held = rct_buf_str(&r->held);
	size_t i;

	if (r->nunsealed == 0)
		return;
	rct_parallel_for(r->nunsealed, rct_parallel_parts(), 512, seal_part, r);
	for (i = 0; i < r->nunsealed; i++) {
		const struct unsealed *u = &r->unsealed[i];
		const struct pending *p = &r->pending[u->pending];

		rct_digest_participant(&r->digest, p->id, held + u->site,
		    p->pseudonym, p->sealed, RCT_SEALED_BYTES,
		    held + u->baseline,
		    u->has_stratum ? held + u->stratum : NULL);
	}
	sodium_memzero(r->unsealed, r->nunsealed * sizeof(*r->unsealed));
	r->nunsealed = 0;
	rct_buf_reset(&r->held);
}

/* Hold a row until its batch is sealed (seal_batch). */
static int
hold_row(struct rct_register *r, const char *number, const char *site,
    int has_stratum)
{
	struct unsealed *u;

	/* Grown as rows come: one enrolment holds one, not SEAL_BATCH. */
	if (r->nunsealed == r->capunsealed) {
		size_t cap = r->capunsealed ? 8 * r->capunsealed : 1;
		struct unsealed *grown;

		if (cap > SEAL_BATCH)
			cap = SEAL_BATCH;
		if ((grown = malloc(cap * sizeof(*grown))) == NULL) {
			r->failed = 1;
			return rct_error(RCT_ENOMEM, "out of memory");
		}
		/* Moved by hand, so that no copy of a number is left freed. */
		if (r->nunsealed) {
			memcpy(grown, r->unsealed,
			    r->nunsealed * sizeof(*grown));
			sodium_memzero(r->unsealed,
			    r->capunsealed * sizeof(*grown));
		}
		free(r->unsealed);
		r->unsealed = grown;
		r->capunsealed = cap;
	}
	u = &r->unsealed[r->nunsealed++];
	memset(u, 0, sizeof(*u));
	u->pending = r->npending - 1;
	snprintf(u->number, sizeof(u->number), "%s", number);
	u->site = r->held.len;
	rct_buf_add(&r->held, site, strlen(site) + 1);
	u->baseline = r->held.len;
	rct_buf_add(&r->held, rct_buf_str(&r->baseline), r->baseline.len + 1);
	u->stratum = r->held.len;
	u->has_stratum = has_stratum;
	if (has_stratum)
		rct_buf_add(&r->held, rct_buf_str(&r->stratum),
		    r->stratum.len + 1);
	if (rct_buf_failed(&r->held)) {
		r->failed = 1;
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	if (r->nunsealed == SEAL_BATCH)
		seal_batch(r);
	return 0;
}

static int
remember(struct rct_register *r, const unsigned char *pseudonym,
    const unsigned char *sealed, int64_t id, long line)
{
	struct pending *grown;

	if (r->npending == r->pendcap) {
		r->pendcap = r->pendcap ? 2 * r->pendcap : 64;
		grown = realloc(r->pending, r->pendcap * sizeof(*grown));
		if (grown == NULL) {
			r->failed = 1;
			return rct_error(RCT_ENOMEM, "out of memory");
		}
		r->pending = grown;
	}
	memcpy(r->pending[r->npending].pseudonym, pseudonym,
	    RCT_PSEUDONYM_BYTES);
	if (sealed)
		memcpy(r->pending[r->npending].sealed, sealed,
		    RCT_SEALED_BYTES);
	r->pending[r->npending].id = id;
	r->pending[r->npending].line = line;
	r->npending++;
	return 0;
}

int
rct_register_add(struct rct_register *r, const char *const *values,
    const struct rct_row_where *where, char pid[RCT_PID_MAX])
{
	unsigned char pseudonym[RCT_PSEUDONYM_BYTES];
	int64_t id;
	size_t i;
	int rc, has_stratum;

	if (pid)
		pid[0] = '\0';
	if (r->failed)
		return RCT_ESTORE;
	if (where && where->file) {
		r->file = where->file;
		r->id_column =
		    where->columns ? where->columns[RCT_FIELD_ID] : 0;
	}
	/* A ';' file's number variables may have a decimal comma: 1,5. */
	if (where && where->decimal_comma) {
		for (i = 0; i < r->nfields; i++)
			r->pointed[i] = i >= 2 && i < 2 + r->p->nvars &&
				r->p->vars[i - 2].type == RCT_VAR_NUMBER ?
			    rct_text_decimal_comma(values[i], r->pointed_buf[i],
				RCT_CANONICAL_MAX) :
			    values[i];
		r->written = values;
		values = r->pointed;
	}
	if (check_row(r, values, where) > 0) {
		r->stats.bad_rows++;
		return RCT_EINVAL;
	}
	/* Whole numbers as normally written, so "+1995" is stored as 1995. */
	for (i = 0; i < r->nfields; i++)
		r->canonical[i] = i >= 2 && i < 2 + r->p->nvars ?
		    rct_protocol_variable_canonical(&r->p->vars[i - 2],
			values[i], r->canonical_buf[i]) :
		    values[i];
	values = r->canonical;
	describe(r, values, &has_stratum);
	if (rct_buf_failed(&r->baseline) || rct_buf_failed(&r->stratum)) {
		r->failed = 1;
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	rct_identity_pseudonym(pseudonym, r->ik, values[RCT_FIELD_ID]);
	if ((rc = find_existing(r, pseudonym, values[RCT_FIELD_SITE], where,
		 pid)) != 0) {
		if (rc == 1)
			r->stats.unchanged++;
		else if (rc == RCT_EINVAL)
			r->stats.bad_rows++;
		return rc;
	}
	id = r->next_id++;
	rct_batch_int(r->insert, id);
	rct_batch_text(r->insert, values[RCT_FIELD_SITE]);
	rct_batch_text(r->insert, rct_buf_str(&r->baseline));
	rct_batch_text(r->insert,
	    has_stratum ? rct_buf_str(&r->stratum) : NULL);
	rct_batch_int(r->insert, r->seq);
	if ((rc = rct_batch_row(r->insert)) != 0) {
		r->failed = 1;
		return rc;
	}
	if ((rc = remember(r, pseudonym, NULL, id, where ? where->line : 0)) !=
		0 ||
	    (rc = hold_row(r, values[RCT_FIELD_ID], values[RCT_FIELD_SITE],
		 has_stratum)) != 0)
		return rc;
	if (r->stats.added++ == 0)
		r->first_id = id;
	r->last_id = id;
	if (pid)
		rct_register_participant_format(pid, id);
	return 0;
}

static int
by_prefix(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;

	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Insertion sort of a run of keys with equal prefixes, by whole pseudonym. */
static void
order_run(struct sort_key *k, size_t n, const struct pending *all)
{
	struct sort_key t;
	size_t i, j;

	for (i = 1; i < n; i++) {
		t = k[i];
		for (j = i; j > 0 &&
		     memcmp(all[k[j - 1].index].pseudonym,
			 all[t.index].pseudonym, RCT_PSEUDONYM_BYTES) > 0;
		     j--)
			k[j] = k[j - 1];
		k[j] = t;
	}
}

/*
 * Put the new identities in pseudonym order (r->order); a person given on
 * two rows is a bad row.
 */
static int
find_repeats(struct rct_register *r)
{
	struct rct_row_where w = {r->file, 0, &r->id_column, 0};
	const struct pending *a, *b;
	size_t i, j;
	int k;

	if ((r->order = calloc(r->npending + 1, sizeof(*r->order))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < r->npending; i++) {
		r->order[i].index = i;
		for (k = 0; k < 8; k++)
			r->order[i].prefix = (r->order[i].prefix << 8) |
			    r->pending[i].pseudonym[k];
	}
	qsort(r->order, r->npending, sizeof(*r->order), by_prefix);
	for (i = 0; i + 1 < r->npending; i = j) {
		for (j = i + 1; j < r->npending &&
		     r->order[j].prefix == r->order[i].prefix;
		     j++)
			;
		if (j - i > 1)
			order_run(r->order + i, j - i, r->pending);
	}
	for (i = 1; i < r->npending; i++) {
		a = &r->pending[r->order[i - 1].index];
		b = &r->pending[r->order[i].index];
		if (memcmp(a->pseudonym, b->pseudonym, RCT_PSEUDONYM_BYTES) !=
		    0)
			continue;
		w.line = b->line;
		rct_register_row_error(&w, RCT_FIELD_ID,
		    "the same person is already on "
		    "line %ld of this register",
		    a->line);
		r->stats.bad_rows++;
	}
	return 0;
}

static int
insert_identities(struct rct_register *r)
{
	struct rct_batch *b;
	size_t i;
	int rc;

	if ((rc = rct_batch_open(&b, r->s,
		 "identity(pseudonym, participant, "
		 "sealed)",
		 3)) != 0)
		return rc;
	for (i = 0; rc == 0 && i < r->npending; i++) {
		const struct pending *p = &r->pending[r->order[i].index];

		rct_batch_blob(b, p->pseudonym, RCT_PSEUDONYM_BYTES);
		rct_batch_int(b, p->id);
		rct_batch_blob(b, p->sealed, RCT_SEALED_BYTES);
		rc = rct_batch_row(b);
	}
	if (rc == 0)
		rc = rct_batch_flush(b);
	rct_batch_free(b);
	return rc;
}

int
rct_register_finish(struct rct_register *r, long other_bad_rows,
    struct rct_register_stats *stats)
{
	struct rct_buf b = RCT_BUF_INIT;
	char digest[65];
	long bad;
	int rc;

	if (r->failed) {
		*stats = r->stats;
		return RCT_ESTORE;
	}
	seal_batch(r);
	if ((rc = find_repeats(r)) != 0)
		return rc;
	if (r->stats.added > 0) {
		rct_register_participant_format(r->stats.first, r->first_id);
		rct_register_participant_format(r->stats.last, r->last_id);
	}
	*stats = r->stats;
	bad = r->stats.bad_rows + other_bad_rows;
	if (bad > 0)
		return rct_register_rows_refused(bad, r->file);
	if (r->stats.added == 0)
		return 0;
	if ((rc = rct_batch_flush(r->insert)) != 0 ||
	    (rc = insert_identities(r)) != 0)
		return rc;
	rct_digest_final(&r->digest, digest);
	rct_digest_payload_start(&b, r->source,
	    r->has_file_hash ? r->file_hash : NULL, r->ik->pseudonym);
	rct_buf_addf(&b,
	    ",\"count\":%ld,\"unchanged\":%ld,\"first\":\"%s\","
	    "\"last\":\"%s\",\"digest\":\"%s\"}",
	    r->stats.added, r->stats.unchanged, r->stats.first, r->stats.last,
	    digest);
	rc = rct_audit_append_buf(r->s, "enrol", &b);
	return rc;
}

int
rct_register_enrol_one(struct rct_register *r, const char *const *values,
    char pid[RCT_PID_MAX])
{
	struct rct_register_stats stats;
	int rc = rct_register_add(r, values, NULL, pid);

	if (rc == 1)
		return rct_error(RCT_EEXISTS,
		    "this person is already enrolled as %s with the same "
		    "values",
		    pid);
	return rc == 0 ? rct_register_finish(r, 0, &stats) : rc;
}

void
rct_register_free(struct rct_register *r)
{
	if (r == NULL)
		return;
	rct_batch_free(r->insert);
	if (r->s)
		rct_store_stmt_done(r->s, r->lookup);
	rct_text_list_free(r->names, r->nfields);
	rct_text_list_free(r->sites, r->nsites);
	if (r->pending)
		sodium_memzero(r->pending, r->pendcap * sizeof(*r->pending));
	free(r->pending);
	free(r->order);
	free(r->source_of);
	free(r->stratum_field);
	free(r->canonical);
	free(r->canonical_buf);
	free(r->pointed);
	free(r->pointed_buf);
	free(r->source);
	if (r->unsealed)
		sodium_memzero(r->unsealed,
		    r->capunsealed * sizeof(*r->unsealed));
	free(r->unsealed);
	rct_buf_release(&r->held);
	rct_buf_release(&r->baseline);
	rct_buf_release(&r->stratum);
	free(r);
}
