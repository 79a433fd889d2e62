/*
 * Walking participants (participant.h).  Baseline values are stored as a
 * JSON array of strings in the order of rct_register_baseline_names(), decoded
 * here (lib/json.c): a million participants are read in one pass of one row
 * each.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "json.h"
#include "participant.h"
#include "store_internal.h"
#include "text.h"

struct walk {
	char **names;
	int *source_of;
	size_t nnames;
	char **values;
};

static void
clear_values(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->nnames; i++) {
		free(w->values[i]);
		w->values[i] = NULL;
	}
}

/* The columns of the walk. */
enum {
	COL_ID,
	COL_SITE,
	COL_AT,
	COL_STRATUM,
	COL_WITHDRAWN,
	COL_EXIT_REASON,
	COL_EXIT_DATE,
	COL_ARM,
	COL_PROBABILITIES,
	COL_CLUSTER,
	COL_BASELINE
};

static const char *
text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/*
 * Corrections (or outcomes), in participant order, the latest of each
 * last: read beside the participants in one merge pass.
 */
struct corrections {
	sqlite3_stmt *st;
	int on_row;
};

/* The latest value of each outcome of participant id, into values. */
static int
outcome_values(struct corrections *c, const struct rct_protocol *p,
    char **values, int64_t id)
{
	size_t k;

	for (k = 0; k < p->noutcomes; k++) {
		free(values[k]);
		values[k] = NULL;
	}
	while (c->on_row && sqlite3_column_int64(c->st, 0) < id)
		c->on_row = sqlite3_step(c->st) == SQLITE_ROW;
	for (; c->on_row && sqlite3_column_int64(c->st, 0) == id;
	     c->on_row = sqlite3_step(c->st) == SQLITE_ROW) {
		for (k = 0; k < p->noutcomes; k++)
			if (strcmp(p->outcomes[k].name, text(c->st, 1)) == 0)
				break;
		if (k == p->noutcomes)
			continue;
		free(values[k]);
		if ((values[k] = strdup(text(c->st, 2))) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
	}
	return 0;
}

/* Apply the corrections of participant id to the values. */
static int
correct_values(struct corrections *c, struct walk *w, int64_t id)
{
	int k;

	while (c->on_row && sqlite3_column_int64(c->st, 0) < id)
		c->on_row = sqlite3_step(c->st) == SQLITE_ROW;
	for (; c->on_row && sqlite3_column_int64(c->st, 0) == id;
	     c->on_row = sqlite3_step(c->st) == SQLITE_ROW) {
		k = rct_text_list_find(w->names, w->nnames, text(c->st, 1));
		if (k < 0)
			continue;
		free(w->values[k]);
		w->values[k] = NULL;
		if (text(c->st, 2) &&
		    (w->values[k] = strdup(text(c->st, 2))) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
	}
	return 0;
}

int
rct_participant_foreach(struct rct_store *s,
    const struct rct_participant_filter *filter,
    int (*fn)(void *arg, const struct rct_participant *p), void *arg)
{
	struct rct_participant p;
	struct corrections c = {NULL, 0}, oc = {NULL, 0};
	const struct rct_protocol *proto = rct_store_protocol(s);
	char **outcomes = NULL;
	size_t k2;
	struct walk w;
	sqlite3_stmt *st = NULL;
	int rc, n, k, one;

	memset(&w, 0, sizeof(w));
	if ((n = rct_register_baseline_names(rct_store_protocol(s), &w.names,
		 &w.source_of)) < 0 ||
	    (w.values = calloc((size_t)n + 1, sizeof(char *))) == NULL) {
		rct_text_list_free(w.names, n < 0 ? 0 : (size_t)n);
		free(w.source_of);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	w.nnames = (size_t)n;
	/*
	 * One participant by its id (a web page, a receipt) is a lookup, not
	 * a scan of them all: SQLite uses the key only for "p.id = ?" and
	 * "participant = ?" without an OR, so each query has two forms that
	 * give the same rows.
	 */
	one = filter && filter->id != 0;
	if ((rc = rct_store_stmt(s,
		 one ? "SELECT p.id, p.site, a.at, p.stratum, wd.date, "
		       "e.reason, e.date, al.arm, al.probabilities, "
		       "al.cluster, p.baseline "
		       "FROM participant p "
		       "JOIN audit a ON a.seq = p.audit_seq "
		       "LEFT JOIN withdrawal wd ON wd.participant = p.id "
		       "LEFT JOIN exit e ON e.participant = p.id "
		       "LEFT JOIN allocation al ON al.participant = p.id "
		       "WHERE p.id = ?2 AND (?1 IS NULL OR p.site = ?1) "
		       "AND (?3 = 0 OR al.participant IS NULL) "
		       "ORDER BY p.id" :
		       "SELECT p.id, p.site, a.at, p.stratum, wd.date, "
		       "e.reason, e.date, al.arm, al.probabilities, "
		       "al.cluster, p.baseline "
		       "FROM participant p "
		       "JOIN audit a ON a.seq = p.audit_seq "
		       "LEFT JOIN withdrawal wd ON wd.participant = p.id "
		       "LEFT JOIN exit e ON e.participant = p.id "
		       "LEFT JOIN allocation al ON al.participant = p.id "
		       "WHERE (?1 IS NULL OR p.site = ?1) AND (?2 = 0 OR p.id "
		       "= ?2) AND (?3 = 0 OR al.participant IS NULL) "
		       "ORDER BY p.id",
		 &st)) != 0)
		goto out;
	if (filter && filter->site)
		sqlite3_bind_text(st, 1, filter->site, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, filter ? filter->id : 0);
	sqlite3_bind_int(st, 3, filter ? filter->unallocated : 0);
	if (!(filter && filter->as_enrolled)) {
		if ((rc = rct_store_stmt(s,
			 one ? "SELECT participant, variable, new FROM "
			       "correction WHERE participant = ?1 ORDER BY "
			       "participant, id" :
			       "SELECT participant, variable, new FROM "
			       "correction ORDER BY participant, id",
			 &c.st)) != 0)
			goto out;
		if (one)
			sqlite3_bind_int64(c.st, 1, filter->id);
		c.on_row = sqlite3_step(c.st) == SQLITE_ROW;
	}
	if (filter && filter->with_outcomes) {
		if ((outcomes = calloc(proto->noutcomes + 1, sizeof(char *))) ==
		    NULL) {
			rc = rct_error(RCT_ENOMEM, "out of memory");
			goto out;
		}
		if ((rc = rct_store_stmt(s,
			 one ?
			     "SELECT participant, name, value FROM outcome "
			     "WHERE participant = ?1 ORDER BY participant, id" :
			     "SELECT participant, name, value FROM outcome "
			     "ORDER BY participant, id",
			 &oc.st)) != 0)
			goto out;
		if (one)
			sqlite3_bind_int64(oc.st, 1, filter->id);
		oc.on_row = sqlite3_step(oc.st) == SQLITE_ROW;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* The baseline is a JSON array in rct_register_baseline_names()
		 * order.
		 */
		if ((k = rct_json_strings(text(st, COL_BASELINE), w.values,
			 w.nnames)) < 0) {
			rc = rct_error(RCT_ECHECK,
			    "the baseline of participant "
			    "%lld is damaged",
			    (long long)sqlite3_column_int64(st, COL_ID));
			goto out;
		}
		memset(&p, 0, sizeof(p));
		p.id = sqlite3_column_int64(st, COL_ID);
		if (c.st && (rc = correct_values(&c, &w, p.id)) != 0)
			goto out;
		rct_register_participant_format(p.pid, p.id);
		p.site = text(st, COL_SITE);
		p.enrolled_at = text(st, COL_AT);
		p.stratum = text(st, COL_STRATUM);
		p.withdrawn = text(st, COL_WITHDRAWN);
		p.exit_reason = text(st, COL_EXIT_REASON);
		p.exit_date = text(st, COL_EXIT_DATE);
		p.arm = text(st, COL_ARM);
		p.probabilities = text(st, COL_PROBABILITIES);
		p.cluster = text(st, COL_CLUSTER);
		if (outcomes) {
			if ((rc = outcome_values(&oc, proto, outcomes, p.id)) !=
			    0)
				goto out;
			p.outcomes = (const char *const *)outcomes;
			p.noutcomes = proto->noutcomes;
		}
		p.values = (const char *const *)w.values;
		p.nvalues = w.nnames;
		rc = fn(arg, &p);
		clear_values(&w);
		if (rc != 0)
			goto out;
	}
	rc = rc == SQLITE_DONE ? 0 :
				 rct_store_sql_error(s, "reading participants");
out:
	rct_store_stmt_done(s, st);
	rct_store_stmt_done(s, c.st);
	rct_store_stmt_done(s, oc.st);
	for (k2 = 0; outcomes && k2 < proto->noutcomes; k2++)
		free(outcomes[k2]);
	free(outcomes);
	clear_values(&w);
	free(w.values);
	rct_text_list_free(w.names, w.nnames);
	free(w.source_of);
	return rc;
}

static const char *
column_or_null(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int
rct_participant_status(struct rct_store *s, int64_t id,
    int (*fn)(void *arg, const struct rct_participant *p), void *arg)
{
	struct rct_participant p;
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(s,
		 "SELECT p.site, a.at, p.stratum, wd.date, e.reason, e.date, "
		 "al.arm, al.probabilities, al.cluster FROM participant p "
		 "JOIN audit a ON a.seq = p.audit_seq "
		 "LEFT JOIN withdrawal wd ON wd.participant = p.id "
		 "LEFT JOIN exit e ON e.participant = p.id "
		 "LEFT JOIN allocation al ON al.participant = p.id "
		 "WHERE p.id = ?",
		 &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(&p, 0, sizeof(p));
		p.id = id;
		rct_register_participant_format(p.pid, id);
		p.site = column_or_null(st, 0);
		p.enrolled_at = column_or_null(st, 1);
		p.stratum = column_or_null(st, 2);
		p.withdrawn = column_or_null(st, 3);
		p.exit_reason = column_or_null(st, 4);
		p.exit_date = column_or_null(st, 5);
		p.arm = column_or_null(st, 6);
		p.probabilities = column_or_null(st, 7);
		p.cluster = column_or_null(st, 8);
		rc = fn(arg, &p);
	} else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = rct_store_sql_error(s, "reading a participant");
	rct_store_stmt_done(s, st);
	return rc;
}
