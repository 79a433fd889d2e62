/*
 * What verify checks beyond matching rows to entries one by one (cover.h):
 * that the schema is exactly the one the migrations create, at the version
 * the log records; that meta holds exactly the rows the log describes;
 * that the waiting lists are the ones the lotteries drew and that every
 * promotion took the first one waiting; that no orphan rows hide in
 * tables read only through others; that the times and reasons rows keep
 * beside their entries are the entries'; and that time never goes
 * backwards along the log; and, through user_cover.c, that the users and
 * sessions are the ones their entries left.  Kept apart from verify.c so
 * that each can grow alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cover.h"
#include "error.h"
#include "json.h"
#include "register.h"
#include "store_internal.h"
#include "text.h"
#include "user_internal.h"

/*
 * The rows of meta and the entries that write them.  A key's value is
 * the named payload field of the last entry with that action, or, with
 * field NULL, that entry's time (written in the same transaction).  A
 * new meta key is one more line here.  action may name several ("a|b");
 * an optional field that an entry lacks leaves the value as it was (the
 * linkage key of a store created before schema 3 comes with its
 * migration).
 */
static const struct meta_rule {
	const char *key;
	const char *action;
	const char *field;
	int optional;
} meta_rules[] = {
    {"trial", "init", "trial", 0},
    {"registration", "init", "registration", 0},
    {"commitment", "init", "commitment", 0},
    {"signing_key", "init", "signing_key", 0},
    {"created_at", "init", NULL, 0},
    {"secret", "reveal", "secret", 0},
    {"linkage_key", "init|store.migrate", "linkage_key", 1},
    {"pseudonym_check", "init|store.migrate", "pseudonym_check", 1},
};

/* Whether action is one of the rule's ("a|b"). */
static int
rule_action(const char *actions, const char *action)
{
	size_t n = strlen(action);
	const char *p = actions;

	while (p && *p) {
		if (strncmp(p, action, n) == 0 && (p[n] == '\0' || p[n] == '|'))
			return 1;
		p = strchr(p, '|');
		if (p)
			p++;
	}
	return 0;
}

#define NMETA (sizeof(meta_rules) / sizeof(meta_rules[0]))

/* A place on a waiting list, as the lottery's allocation entry drew it. */
struct waiting {
	int64_t participant;
	char site[64];
	int64_t lottery;
	int64_t rank;
	int64_t promoted_seq; /* 0 until a promote entry offers a place */
	int withdrawn;
};

struct rct_cover {
	struct rct_store *s;
	char last_at[32];
	int64_t last_seq;
	char *meta[NMETA]; /* the value the log describes, or NULL */
	int64_t meta_seq[NMETA];
	struct waiting *w;
	size_t nw, capw;
	size_t nsorted; /* w[0..nsorted) is in participant order */
	struct rct_user_cover *users; /* users and sessions (user_cover.c) */
};

static const char *
field(const struct rct_audit_entry *e, const char *key, char *buf, size_t len)
{
	return rct_json_field(e->payload, key, buf, len) == 0 ? buf : NULL;
}

int
rct_cover_open(struct rct_cover **out, struct rct_store *s)
{
	int rc;

	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	(*out)->s = s;
	if ((rc = rct_user_cover_open(&(*out)->users)) != 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

void
rct_cover_free(struct rct_cover *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < NMETA; i++)
		free(c->meta[i]);
	free(c->w);
	rct_user_cover_free(c->users);
	free(c);
}

/* YYYY-MM-DDTHH:MM:SSZ, the only form the toolkit writes. */
static int
time_valid(const char *t)
{
	static const char form[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	if (strlen(t) != sizeof(form) - 1)
		return 0;
	for (i = 0; form[i]; i++)
		if (form[i] == 'd' ? (t[i] < '0' || t[i] > '9') :
				     t[i] != form[i])
			return 0;
	return 1;
}

/* Seconds since 1970 of a valid time, -1 for anything else. */
static long long
seconds_of(const char *t)
{
	int y, mo, d, h, mi, se;

	if (t == NULL || !time_valid(t) ||
	    sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &se) !=
		6)
		return -1;
	return (long long)rct_text_days_from_civil(y, mo, d) * 86400 +
	    h * 3600 + mi * 60 + se;
}

/*
 * A row's own time against its entry's: the same since one time holds
 * for a whole transaction; stores written before that may have read the
 * clock for the row up to SLACK seconds before the entry.
 */
#define SLACK 60

static int
near_before(const char *row, const char *entry)
{
	long long r = seconds_of(row), e = seconds_of(entry);

	return r >= 0 && e >= 0 && r <= e && e - r <= SLACK;
}

static int
check_time(struct rct_cover *c, const struct rct_audit_entry *e)
{
	if (!time_valid(e->at))
		return rct_error(RCT_ECHECK,
		    "audit entry %lld (%s) has the time '%s', expected "
		    "YYYY-MM-DDTHH:MM:SSZ",
		    (long long)e->seq, e->action, e->at);
	if (c->last_seq && strcmp(e->at, c->last_at) < 0)
		return rct_error(RCT_ECHECK,
		    "audit entry %lld (%s) is dated %s, before entry %lld "
		    "(%s): time went backwards along the log",
		    (long long)e->seq, e->action, e->at, (long long)c->last_seq,
		    c->last_at);
	snprintf(c->last_at, sizeof(c->last_at), "%s", e->at);
	c->last_seq = e->seq;
	return 0;
}

static int
note_meta(struct rct_cover *c, const struct rct_audit_entry *e)
{
	char value[256];
	const char *v;
	size_t i;

	for (i = 0; i < NMETA; i++) {
		if (!rule_action(meta_rules[i].action, e->action))
			continue;
		v = meta_rules[i].field ?
		    field(e, meta_rules[i].field, value, sizeof(value)) :
		    e->at;
		if (v == NULL && meta_rules[i].optional)
			continue;
		if (v == NULL)
			return rct_error(RCT_ECHECK,
			    "audit entry %lld (%s) has no %s",
			    (long long)e->seq, e->action, meta_rules[i].field);
		free(c->meta[i]);
		if ((c->meta[i] = strdup(v)) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		c->meta_seq[i] = e->seq;
	}
	return 0;
}

static int
by_participant(const void *a, const void *b)
{
	const struct waiting *x = a, *y = b;

	return (x->participant > y->participant) -
	    (x->participant < y->participant);
}

/*
 * The place of a participant, found by binary search; places added since
 * the last search are sorted in first (lotteries come in batches, so that
 * is once per lottery).  A pointer returned is valid until the next call.
 */
static struct waiting *
waiting_of(struct rct_cover *c, int64_t participant)
{
	struct waiting key;

	memset(&key, 0, sizeof(key));
	if (c->nw == 0)
		return NULL;
	if (c->nsorted < c->nw) {
		qsort(c->w, c->nw, sizeof(*c->w), by_participant);
		c->nsorted = c->nw;
	}
	key.participant = participant;
	return bsearch(&key, c->w, c->nw, sizeof(*c->w), by_participant);
}

/*
 * A lottery allocation drawn after the places ran out puts its participant
 * on the waiting list at rank draw - capacity, in the lottery's site (its
 * sequence).  With --replay the draw itself is drawn again.
 */
static int
note_allocation(struct rct_cover *c, const struct rct_audit_entry *e)
{
	char detail[1024], pid[32], site[64], num[32];
	long long lottery, draw, capacity;
	struct waiting *w;
	int64_t id;

	if (field(e, "detail", detail, sizeof(detail)) == NULL ||
	    rct_json_field(detail, "lottery", num, sizeof(num)) != 0)
		return 0;
	lottery = atoll(num);
	if (rct_json_field(detail, "draw", num, sizeof(num)) != 0 ||
	    (draw = atoll(num)) < 1 ||
	    rct_json_field(detail, "capacity", num, sizeof(num)) != 0 ||
	    (capacity = atoll(num)) < 0 ||
	    field(e, "participant", pid, sizeof(pid)) == NULL ||
	    rct_register_participant_parse(pid, &id) < 0 ||
	    field(e, "sequence", site, sizeof(site)) == NULL)
		return rct_error(RCT_ECHECK,
		    "audit entry %lld (allocate) names a lottery but not its "
		    "draw, capacity, participant and site",
		    (long long)e->seq);
	if (draw <= capacity)
		return 0;
	if (c->nw == c->capw) {
		size_t cap = c->capw ? 2 * c->capw : 64;
		struct waiting *more = realloc(c->w, cap * sizeof(*more));

		if (more == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		c->w = more;
		c->capw = cap;
	}
	w = &c->w[c->nw++];
	memset(w, 0, sizeof(*w));
	w->participant = id;
	snprintf(w->site, sizeof(w->site), "%s", site);
	w->lottery = lottery;
	w->rank = draw - capacity;
	return 0;
}

static int
note_withdrawal(struct rct_cover *c, const struct rct_audit_entry *e,
    int withdrawn)
{
	char pid[32];
	struct waiting *w;
	int64_t id;

	if (c->nw == 0 || field(e, "participant", pid, sizeof(pid)) == NULL ||
	    rct_register_participant_parse(pid, &id) < 0)
		return 0;
	if ((w = waiting_of(c, id)) != NULL)
		w->withdrawn = withdrawn;
	return 0;
}

/* A promotion must offer the place to the first one still waiting. */
static int
check_promotion(struct rct_cover *c, const struct rct_audit_entry *e)
{
	char pid[32], site[64], first[RCT_PID_MAX];
	struct waiting *w, *next = NULL;
	int64_t id;
	size_t i;

	if (field(e, "participant", pid, sizeof(pid)) == NULL ||
	    rct_register_participant_parse(pid, &id) < 0 ||
	    field(e, "site", site, sizeof(site)) == NULL)
		return rct_error(RCT_ECHECK,
		    "audit entry %lld (promote) names no participant and site",
		    (long long)e->seq);
	w = waiting_of(c, id); /* first: it may reorder c->w */
	for (i = 0; i < c->nw; i++) {
		struct waiting *x = &c->w[i];

		if (strcmp(x->site, site) != 0 || x->promoted_seq ||
		    x->withdrawn)
			continue;
		if (next == NULL || x->lottery < next->lottery ||
		    (x->lottery == next->lottery && x->rank < next->rank))
			next = x;
	}
	if (w == NULL || strcmp(w->site, site) != 0)
		return rct_error(RCT_ECHECK,
		    "audit entry %lld (promote) offered a place to %s, whom no "
		    "lottery of site '%s' put on its waiting list",
		    (long long)e->seq, pid, site);
	if (w != next) {
		rct_register_participant_format(first,
		    next ? next->participant : 0);
		return rct_error(RCT_ECHECK,
		    "audit entry %lld (promote) offered a place to %s (rank "
		    "%lld), but the lottery's waiting list puts %s first: the "
		    "waiting list was edited",
		    (long long)e->seq, pid, (long long)w->rank,
		    next ? first : "nobody");
	}
	w->promoted_seq = e->seq;
	return 0;
}

int
rct_cover_entry(struct rct_cover *c, const struct rct_audit_entry *e)
{
	int rc;

	if ((rc = check_time(c, e)) != 0 || (rc = note_meta(c, e)) != 0)
		return rc;
	if (strcmp(e->action, "allocate") == 0)
		return note_allocation(c, e);
	if (strcmp(e->action, "withdraw") == 0)
		return note_withdrawal(c, e, 1);
	if (strcmp(e->action, "withdraw.undo") == 0)
		return note_withdrawal(c, e, 0);
	if (strcmp(e->action, "promote") == 0)
		return check_promotion(c, e);
	if (rct_user_cover_action(e->action))
		return rct_user_cover_entry(c->users, e);
	return 0;
}

/* meta, both ways: each row the log describes, and no other. */
static int
check_meta(struct rct_cover *c)
{
	sqlite3_stmt *st;
	const char *key, *value;
	int seen[NMETA] = {0};
	size_t i;
	int rc;

	if ((rc = rct_store_stmt(c->s,
		 "SELECT key, value FROM meta ORDER BY key", &st)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		key = (const char *)sqlite3_column_text(st, 0);
		value = (const char *)sqlite3_column_text(st, 1);
		for (i = 0; i < NMETA; i++)
			if (strcmp(meta_rules[i].key, key ? key : "") == 0)
				break;
		if (i == NMETA || c->meta[i] == NULL) {
			rc = rct_error(RCT_ECHECK,
			    "the store's meta holds '%s', which no audit entry "
			    "describes: it was added outside the toolkit",
			    key ? key : "");
			goto out;
		}
		if (value == NULL ||
		    (strcmp(value, c->meta[i]) != 0 &&
			(meta_rules[i].field ||
			    !near_before(value, c->meta[i])))) {
			rc = rct_error(RCT_ECHECK,
			    "the store's %s is '%s', but audit entry %lld (%s) "
			    "says '%s': it was edited outside the toolkit",
			    key, value ? value : "", (long long)c->meta_seq[i],
			    meta_rules[i].action, c->meta[i]);
			goto out;
		}
		seen[i] = 1;
	}
	if (rc != SQLITE_DONE) {
		rc = rct_store_sql_error(c->s, "reading meta");
		goto out;
	}
	rc = 0;
	for (i = 0; i < NMETA; i++)
		if (c->meta[i] && !seen[i]) {
			rc = rct_error(RCT_ECHECK,
			    "the store's meta lacks '%s', which audit entry "
			    "%lld (%s) wrote: it was deleted outside the "
			    "toolkit",
			    meta_rules[i].key, (long long)c->meta_seq[i],
			    meta_rules[i].action);
			break;
		}
out:
	rct_store_stmt_done(c->s, st);
	return rc;
}

/* waiting_list, both ways: each place the lotteries drew, and no other. */
static int
check_waiting(struct rct_cover *c)
{
	sqlite3_stmt *st;
	char pid[RCT_PID_MAX];
	const char *site;
	size_t i = 0;
	int64_t id, promoted;
	int rc;

	waiting_of(c, 0); /* sorts */
	if ((rc = rct_store_stmt(c->s,
		 "SELECT participant, site, lottery, rank, "
		 "coalesce(promoted_seq, 0) FROM waiting_list "
		 "ORDER BY participant",
		 &st)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		site = (const char *)sqlite3_column_text(st, 1);
		promoted = sqlite3_column_int64(st, 4);
		rct_register_participant_format(pid, id);
		if (i < c->nw && c->w[i].participant < id)
			break;
		if (i == c->nw || c->w[i].participant != id) {
			rc = rct_error(RCT_ECHECK,
			    "%s is on a waiting list, but no lottery entry "
			    "put them there: the row was added outside the "
			    "toolkit",
			    pid);
			goto out;
		}
		if (strcmp(site ? site : "", c->w[i].site) != 0 ||
		    sqlite3_column_int64(st, 2) != c->w[i].lottery ||
		    sqlite3_column_int64(st, 3) != c->w[i].rank) {
			rc = rct_error(RCT_ECHECK,
			    "%s is at rank %lld of lottery %lld in the store, "
			    "but the lottery drew rank %lld of lottery %lld "
			    "at site '%s': the waiting list was edited",
			    pid, (long long)sqlite3_column_int64(st, 3),
			    (long long)sqlite3_column_int64(st, 2),
			    (long long)c->w[i].rank, (long long)c->w[i].lottery,
			    c->w[i].site);
			goto out;
		}
		if (promoted != c->w[i].promoted_seq) {
			rc = rct_error(RCT_ECHECK,
			    "the waiting list names entry %lld as %s's "
			    "promotion, the log %lld: it was edited",
			    (long long)promoted, pid,
			    (long long)c->w[i].promoted_seq);
			goto out;
		}
		i++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = rct_store_sql_error(c->s, "reading the waiting list");
		goto out;
	}
	rc = 0;
	if (i < c->nw) {
		rct_register_participant_format(pid, c->w[i].participant);
		rc = rct_error(RCT_ECHECK,
		    "lottery %lld put %s at rank %lld of its waiting list, "
		    "but the store has no such row: it was deleted outside "
		    "the toolkit",
		    (long long)c->w[i].lottery, pid, (long long)c->w[i].rank);
	}
out:
	rct_store_stmt_done(c->s, st);
	return rc;
}

/* Exclusion counts are read only through their screening report. */
static int
check_orphans(struct rct_cover *c)
{
	sqlite3_stmt *st;
	int64_t n;
	int rc;

	if ((rc = rct_store_stmt(c->s,
		 "SELECT count(*) FROM screening_exclusion WHERE screening NOT "
		 "IN (SELECT id FROM screening)",
		 &st)) != 0)
		return rc;
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	rct_store_stmt_done(c->s, st);
	if (n != 0)
		return rct_error(RCT_ECHECK,
		    "the store holds %lld screening exclusion row(s) of no "
		    "screening report: they were added outside the toolkit",
		    (long long)n);
	return 0;
}

/*
 * Readers take a variable's latest correction by id: ids must follow the
 * order of the entries, or an older correction would read as the latest.
 */
static int
check_correction_order(struct rct_cover *c)
{
	sqlite3_stmt *st;
	int64_t last = 0, seq;
	int rc;

	if ((rc = rct_store_stmt(c->s,
		 "SELECT id, audit_seq FROM correction ORDER BY id", &st)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 1);
		if (seq <= last) {
			rc = rct_error(RCT_ECHECK,
			    "correction %lld (audit entry %lld) comes after the "
			    "one of entry %lld: the corrections were reordered "
			    "outside the toolkit",
			    (long long)sqlite3_column_int64(st, 0),
			    (long long)seq, (long long)last);
			break;
		}
		last = seq;
	}
	rct_store_stmt_done(c->s, st);
	if (rc == SQLITE_DONE)
		return 0;
	return rc < 0 ? rc : rct_store_sql_error(c->s, "reading corrections");
}

/*
 * The times and reasons rows keep beside their entries: a site's added_at
 * and a protocol version's adopted_at are their entry's time, a version's
 * reason its entry's; a signed head is dated from its entry's time to the
 * next entry's.
 */
static int
check_row_times(struct rct_cover *c)
{
	sqlite3_stmt *st;
	char reason[4096];
	const char *what, *key, *row_at, *at, *action, *payload, *next;
	int rc;

	if ((rc = rct_store_stmt(c->s,
		 "SELECT 'site', s.code, s.added_at, a.at, NULL, NULL, NULL "
		 "FROM site s JOIN audit a ON a.seq = s.audit_seq UNION ALL "
		 "SELECT 'protocol version', p.version, p.adopted_at, a.at, "
		 "a.action, a.payload, p.reason FROM protocol p JOIN audit a "
		 "ON a.seq = p.audit_seq",
		 &st)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		what = (const char *)sqlite3_column_text(st, 0);
		key = (const char *)sqlite3_column_text(st, 1);
		row_at = (const char *)sqlite3_column_text(st, 2);
		at = (const char *)sqlite3_column_text(st, 3);
		action = (const char *)sqlite3_column_text(st, 4);
		payload = (const char *)sqlite3_column_text(st, 5);
		if (strcmp(row_at ? row_at : "", at ? at : "") != 0 &&
		    !near_before(row_at, at)) {
			rc = rct_error(RCT_ECHECK,
			    "%s %s is dated %s, but its audit entry %s: it was "
			    "edited outside the toolkit",
			    what, key, row_at ? row_at : "", at ? at : "");
			goto out;
		}
		if (action == NULL)
			continue;
		if (strcmp(action, "init") == 0)
			snprintf(reason, sizeof(reason), "initial protocol");
		else if (payload == NULL ||
		    rct_json_field(payload, "reason", reason, sizeof(reason)) !=
			0)
			reason[0] = '\0';
		if (sqlite3_column_text(st, 6) == NULL ||
		    strcmp((const char *)sqlite3_column_text(st, 6), reason) !=
			0) {
			rc = rct_error(RCT_ECHECK,
			    "the reason for protocol version %s differs from "
			    "its audit entry's: it was edited outside the "
			    "toolkit",
			    key);
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = rct_store_sql_error(c->s, "reading sites and protocols");
		goto out;
	}
	rct_store_stmt_done(c->s, st);
	if ((rc = rct_store_stmt(c->s,
		 "SELECT h.seq, h.at, a.at, (SELECT at FROM audit n WHERE "
		 "n.seq = h.seq + 1) FROM audit_head h JOIN audit a ON a.seq = "
		 "h.seq",
		 &st)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_at = (const char *)sqlite3_column_text(st, 1);
		at = (const char *)sqlite3_column_text(st, 2);
		next = (const char *)sqlite3_column_text(st, 3);
		if (!time_valid(row_at ? row_at : "") ||
		    strcmp(row_at, at ? at : "") < 0 ||
		    (next && strcmp(row_at, next) > 0)) {
			rc = rct_error(RCT_ECHECK,
			    "the head signed at entry %lld is dated %s, outside "
			    "the times of its entry (%s) and the next: it was "
			    "edited outside the toolkit",
			    (long long)sqlite3_column_int64(st, 0),
			    row_at ? row_at : "", at ? at : "");
			goto out;
		}
	}
	rc = rc == SQLITE_DONE ?
	    0 :
	    rct_store_sql_error(c->s, "reading the signed heads");
out:
	rct_store_stmt_done(c->s, st);
	return rc;
}

int
rct_cover_finish(struct rct_cover *c)
{
	int rc;

	if ((rc = rct_store_schema_check_objects(c->s, c->s->schema_version)) !=
		0 ||
	    (rc = check_meta(c)) != 0 || (rc = check_waiting(c)) != 0 ||
	    (rc = check_orphans(c)) != 0 ||
	    (rc = check_correction_order(c)) != 0 ||
	    (rc = check_row_times(c)) != 0)
		return rc;
	/* Stores before schema 4 have no users (and are not walked). */
	if (c->s->schema_version >= 4 &&
	    (rc = rct_user_cover_finish(c->users, c->s)) != 0)
		return rc;
	return 0;
}

/*
 * The schema version the log records: the init entry's "schema", then
 * each store.migrate's "to".  Read before the log is walked (a store of
 * an older schema lacks tables that the walk reads); the walk then checks
 * that these entries are the chain's own.
 */
int
rct_cover_schema_logged(struct rct_store *s, int *version, int64_t *seq)
{
	sqlite3_stmt *st;
	char num[32];
	const char *action, *payload;
	int rc;

	*version = -1;
	*seq = 0;
	if ((rc = rct_store_stmt(s,
		 "SELECT seq, action, payload FROM audit WHERE action IN "
		 "('init', 'store.migrate') ORDER BY seq",
		 &st)) != 0)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		action = (const char *)sqlite3_column_text(st, 1);
		payload = (const char *)sqlite3_column_text(st, 2);
		if (payload &&
		    rct_json_field(payload,
			strcmp(action, "init") == 0 ? "schema" : "to", num,
			sizeof(num)) == 0) {
			*version = atoi(num);
			*seq = sqlite3_column_int64(st, 0);
		}
	}
	rct_store_stmt_done(s, st);
	return 0;
}

int
rct_cover_schema(struct rct_store *s)
{
	int64_t seq;
	int want, rc;

	if ((rc = rct_cover_schema_logged(s, &want, &seq)) != 0)
		return rc;
	if (want < 0)
		return 0; /* no init entry: the walk says so */
	if (s->schema_version < want)
		return rct_error(RCT_ECHECK,
		    "store '%s' has schema version %d, but audit entry %lld "
		    "records version %d: PRAGMA user_version was lowered "
		    "outside the toolkit",
		    s->path, s->schema_version, (long long)seq, want);
	if (s->schema_version > want)
		return rct_error(RCT_ECHECK,
		    "store '%s' has schema version %d, but the log records "
		    "only version %d (audit entry %lld): PRAGMA user_version "
		    "was raised outside the toolkit",
		    s->path, s->schema_version, want, (long long)seq);
	if (s->schema_version < RCT_SCHEMA_VERSION)
		return rct_error(RCT_EINVAL,
		    "store '%s' has the older schema %d; a write command will "
		    "migrate it",
		    s->path, s->schema_version);
	return 0;
}
