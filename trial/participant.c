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

int
rct_participant_foreach(struct rct_store *s, const char *site,
    int (*fn)(void *arg, const struct rct_participant *p), void *arg)
{
	struct rct_participant p;
	struct walk w;
	sqlite3_stmt *st = NULL;
	int64_t id, current = 0;
	char *fields[7] = {0};
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
		 "SELECT p.id, p.site, "
		 "a.at, p.stratum, wd.date, e.reason, e.date, j.key, "
		 "j.value FROM participant p "
		 "JOIN audit a ON a.seq = p.audit_seq "
		 "LEFT JOIN withdrawal wd ON wd.participant = p.id "
		 "LEFT JOIN exit e ON e.participant = p.id "
		 "LEFT JOIN json_each(p.baseline) j "
		 "WHERE ?1 IS NULL OR p.site = ?1 ORDER BY p.id, j.id")) != 0)
		goto out;
	if (site)
		sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
	for (;;) {
		rc = sqlite3_step(st);
		id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		if (have && (rc != SQLITE_ROW || id != current)) {
			memset(&p, 0, sizeof(p));
			p.id = current;
			rct_participant_format(p.pid, current);
			p.site = fields[1];
			p.enrolled_at = fields[2];
			p.stratum = fields[3];
			p.withdrawn = fields[4];
			p.exit_reason = fields[5];
			p.exit_date = fields[6];
			p.values = (const char *const *)w.values;
			p.nvalues = w.nnames;
			if ((k = fn(arg, &p)) != 0) {
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
			for (i = 1; i < 7; i++) {
				const char *t =
				    (const char *)sqlite3_column_text(st, i);

				free(fields[i]);
				fields[i] = t ? strdup(t) : NULL;
			}
		}
		k = sqlite3_column_type(st, 7) == SQLITE_NULL ?
		    -1 :
		    sqlite3_column_int(st, 7);
		if (k >= (int)w.nnames)
			k = -1;
		if (k >= 0 && sqlite3_column_type(st, 8) != SQLITE_NULL) {
			free(w.values[k]);
			w.values[k] =
			    strdup((const char *)sqlite3_column_text(st, 8));
		}
	}
	rc = rc == SQLITE_DONE ? 0 :
				 rct_store_sql_error(s,
				     "reading "
				     "participants");
out:
	sqlite3_finalize(st);
	for (i = 0; i < 7; i++)
		free(fields[i]);
	clear_values(&w);
	free(w.values);
	rct_list_free(w.names, w.nnames);
	free(w.source_of);
	return rc;
}
