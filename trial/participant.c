/*
 * Walking participants (participant.h).  Baseline values are stored as a
 * JSON array in the order of rct_baseline_names(); SQLite's json_each
 * decodes it, so no JSON parser of our own is needed.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
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

/* Columns of the walk before the baseline's key and value. */
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
	COL_KEY,
	COL_VALUE,
	NFIELDS = COL_KEY
};

static int
emit(struct walk *w, int64_t id, char **fields,
    int (*fn)(void *arg, const struct rct_participant *p), void *arg)
{
	struct rct_participant p;

	memset(&p, 0, sizeof(p));
	p.id = id;
	rct_participant_format(p.pid, id);
	p.site = fields[COL_SITE];
	p.enrolled_at = fields[COL_AT];
	p.stratum = fields[COL_STRATUM];
	p.withdrawn = fields[COL_WITHDRAWN];
	p.exit_reason = fields[COL_EXIT_REASON];
	p.exit_date = fields[COL_EXIT_DATE];
	p.arm = fields[COL_ARM];
	p.probabilities = fields[COL_PROBABILITIES];
	p.values = (const char *const *)w->values;
	p.nvalues = w->nnames;
	return fn(arg, &p);
}

int
rct_participant_foreach(struct rct_store *s,
    const struct rct_participant_filter *filter,
    int (*fn)(void *arg, const struct rct_participant *p), void *arg)
{
	struct walk w;
	sqlite3_stmt *st = NULL;
	int64_t id, current = 0;
	char *fields[NFIELDS] = {0};
	int rc, n, i, k, have = 0;

	memset(&w, 0, sizeof(w));
	if ((n = rct_baseline_names(rct_store_protocol(s), &w.names,
		 &w.source_of)) < 0 ||
	    (w.values = calloc((size_t)n + 1, sizeof(char *))) == NULL) {
		rct_list_free(w.names, n < 0 ? 0 : (size_t)n);
		free(w.source_of);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	w.nnames = (size_t)n;
	if ((rc = rct_store_prepare(s, &st,
		 "SELECT p.id, p.site, a.at, p.stratum, wd.date, e.reason, "
		 "e.date, al.arm, al.probabilities, j.key, j.value "
		 "FROM participant p "
		 "JOIN audit a ON a.seq = p.audit_seq "
		 "LEFT JOIN withdrawal wd ON wd.participant = p.id "
		 "LEFT JOIN exit e ON e.participant = p.id "
		 "LEFT JOIN allocation al ON al.participant = p.id "
		 "LEFT JOIN json_each(p.baseline) j "
		 "WHERE (?1 IS NULL OR p.site = ?1) AND (?2 = 0 OR p.id = ?2) "
		 "AND (?3 = 0 OR al.participant IS NULL) "
		 "ORDER BY p.id, j.id")) != 0)
		goto out;
	if (filter && filter->site)
		sqlite3_bind_text(st, 1, filter->site, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, filter ? filter->id : 0);
	sqlite3_bind_int(st, 3, filter ? filter->unallocated : 0);
	for (;;) {
		rc = sqlite3_step(st);
		id = rc == SQLITE_ROW ? sqlite3_column_int64(st, COL_ID) : 0;
		if (have && (rc != SQLITE_ROW || id != current)) {
			if ((k = emit(&w, current, fields, fn, arg)) != 0) {
				rc = k;
				goto out;
			}
			clear_values(&w);
			have = 0;
		}
		if (rc != SQLITE_ROW)
			break;
		if (!have) {
			current = id;
			have = 1;
			for (i = 1; i < NFIELDS; i++) {
				const char *t =
				    (const char *)sqlite3_column_text(st, i);

				free(fields[i]);
				fields[i] = t ? strdup(t) : NULL;
			}
		}
		k = sqlite3_column_type(st, COL_KEY) == SQLITE_NULL ?
		    -1 :
		    sqlite3_column_int(st, COL_KEY);
		if (k >= 0 && k < (int)w.nnames &&
		    sqlite3_column_type(st, COL_VALUE) != SQLITE_NULL) {
			free(w.values[k]);
			w.values[k] = strdup(
			    (const char *)sqlite3_column_text(st, COL_VALUE));
		}
	}
	rc = rc == SQLITE_DONE ? 0 :
				 rct_store_sql_error(s, "reading participants");
out:
	sqlite3_finalize(st);
	for (i = 0; i < NFIELDS; i++)
		free(fields[i]);
	clear_values(&w);
	free(w.values);
	rct_list_free(w.names, w.nnames);
	free(w.source_of);
	return rc;
}
