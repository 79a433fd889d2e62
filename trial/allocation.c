/* The store's side of allocation (allocation.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "allocation.h"
#include "audit.h"
#include "batch.h"
#include "error.h"
#include "keys.h"
#include "register.h"
#include "store_internal.h"

void
rct_allocation_payload(struct rct_buf *b, const struct rct_allocation_row *r)
{
	char pid[RCT_PID_MAX];

	rct_buf_adds(b, "{\"participant\":");
	if (r->participant) {
		rct_register_participant_format(pid, r->participant);
		rct_buf_add_json_string(b, pid);
	} else
		rct_buf_adds(b, "null");
	rct_buf_adds(b, ",\"cluster\":");
	if (r->cluster)
		rct_buf_add_json_string(b, r->cluster);
	else
		rct_buf_adds(b, "null");
	rct_buf_adds(b, ",\"arm\":");
	rct_buf_add_json_string(b, r->arm);
	rct_buf_adds(b, ",\"sequence\":");
	if (r->sequence)
		rct_buf_add_json_string(b, r->sequence);
	else
		rct_buf_adds(b, "null");
	rct_buf_adds(b, ",\"position\":");
	rct_buf_addint(b, r->position);
	rct_buf_adds(b, ",\"probabilities\":");
	rct_buf_adds(b, r->probabilities);
	rct_buf_adds(b, ",\"detail\":");
	rct_buf_adds(b, r->detail);
	rct_buf_addc(b, '}');
}

static int
one_int(struct rct_store *s, const char *sql, const char *text, int64_t *n)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(s, sql, &st)) != 0)
		return rc;
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	rct_store_stmt_done(s, st);
	return rc == SQLITE_ROW ? 0 : rct_store_sql_error(s, "counting");
}

int
rct_allocation_count(struct rct_store *s, int clusters, const char *sequence,
    int64_t *n)
{
	/*
	 * A sequence's positions run 1 to n (every design numbers its units
	 * on from the count, and verify replays them), so n is the greatest:
	 * one step down the index on (sequence, position), where count(*)
	 * walked every allocation of the stratum.
	 */
	return one_int(s,
	    clusters ? "SELECT coalesce(max(position), 0) FROM "
		       "cluster_allocation WHERE sequence = ?" :
		       "SELECT coalesce(max(position), 0) FROM allocation "
		       "WHERE sequence = ?",
	    sequence, n);
}

int
rct_allocation_batches(struct rct_store *s, int64_t *n)
{
	return one_int(s, "SELECT coalesce(max(id), 0) FROM batch", NULL, n);
}

int
rct_allocation_level_counts(struct rct_store *s, const char *factor,
    const char *level, int64_t *counts)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	sqlite3_stmt *st;
	char path[24];
	size_t i;
	int rc, site = strcmp(factor, "site") == 0;

	for (i = 0; i < p->narms; i++)
		counts[i] = 0;
	rct_register_baseline_path(p, factor, path);
	if ((rc = rct_store_stmt(s,
		 site ?
		     "SELECT a.arm, count(*) FROM allocation a JOIN participant p "
		     "ON p.id = a.participant WHERE p.site = ?1 GROUP BY a.arm" :
		     "SELECT a.arm, count(*) FROM allocation a JOIN participant p "
		     "ON p.id = a.participant WHERE json_extract(p.baseline, ?2) = "
		     "?1 GROUP BY a.arm",
		 &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, level, -1, SQLITE_STATIC);
	if (!site)
		sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (i = 0; i < p->narms; i++)
			if (strcmp(p->arms[i].name,
				(const char *)sqlite3_column_text(st, 0)) == 0)
				counts[i] = sqlite3_column_int64(st, 1);
	rct_store_stmt_done(s, st);
	return rc == SQLITE_DONE ? 0 : rct_store_sql_error(s, "counting");
}

int
rct_allocation_cluster(struct rct_store *s, const char *cluster, char **arm,
    char **probs)
{
	sqlite3_stmt *st;
	int rc;

	*arm = *probs = NULL;
	if ((rc = rct_store_stmt(s,
		 "SELECT arm, probabilities FROM "
		 "cluster_allocation WHERE cluster = ?",
		 &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, cluster, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*arm = strdup((const char *)sqlite3_column_text(st, 0));
		*probs = strdup((const char *)sqlite3_column_text(st, 1));
	}
	rct_store_stmt_done(s, st);
	if (rc == SQLITE_ROW && (*arm == NULL || *probs == NULL)) {
		free(*arm);
		free(*probs);
		*arm = *probs = NULL;
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	return rc == SQLITE_ROW || rc == SQLITE_DONE ?
	    0 :
	    rct_store_sql_error(s, "reading a cluster");
}

int
rct_allocation_closed(struct rct_store *s, int *closed)
{
	int64_t n;
	int rc;

	rc = one_int(s, "SELECT count(*) FROM meta WHERE key = 'secret'", NULL,
	    &n);
	*closed = n > 0;
	return rc;
}

/* The revealed secret, checked against the commitment made at init. */
static int
revealed_secret(struct rct_store *s, unsigned char secret[32])
{
	unsigned char c[32], want[32];
	char *hex = NULL, *commitment = NULL;
	size_t len = 0, clen = 0;
	int rc;

	if ((rc = rct_store_meta(s, "secret", &hex)) != 0 ||
	    (rc = rct_store_meta(s, "commitment", &commitment)) != 0)
		goto out;
	if (sodium_hex2bin(secret, 32, hex, strlen(hex), NULL, &len, NULL) !=
		0 ||
	    len != 32 ||
	    sodium_hex2bin(want, 32, commitment, strlen(commitment), NULL,
		&clen, NULL) != 0 ||
	    clen != 32) {
		rc = rct_error(RCT_ECHECK, "the revealed secret is damaged");
		goto out;
	}
	rct_keys_commitment(c, secret);
	if (sodium_memcmp(c, want, 32) != 0)
		rc = rct_error(RCT_ECHECK,
		    "the revealed secret does not match "
		    "the commitment made at init");
out:
	free(hex);
	free(commitment);
	return rc;
}

int
rct_allocation_secret(struct rct_store *s, unsigned char secret[32])
{
	const struct rct_keys *k;
	int closed, rc;

	if ((rc = rct_allocation_closed(s, &closed)) != 0)
		return rc;
	if (closed)
		return revealed_secret(s, secret);
	if ((rc = rct_store_keys(s, RCT_KEY_SECRET, &k)) != 0)
		return rc;
	memcpy(secret, k->secret, 32);
	return 0;
}

struct rct_allocation_writer {
	struct rct_store *s;
	struct rct_batch *rows;
	struct rct_audit_batch *audit;
	struct rct_buf payload;
	int failed;
};

int
rct_allocation_writer_open(struct rct_allocation_writer **out,
    struct rct_store *s)
{
	struct rct_allocation_writer *w;
	int rc;

	*out = NULL;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	w->s = s;
	rct_buf_init(&w->payload);
	if ((rc = rct_batch_open(&w->rows, s,
		 "allocation(participant, arm, sequence, position, "
		 "probabilities, detail, cluster, audit_seq)",
		 8)) != 0 ||
	    (rc = rct_audit_batch_open(&w->audit, s)) != 0) {
		rct_batch_free(w->rows);
		free(w);
		return rc;
	}
	*out = w;
	return 0;
}

static int
insert_cluster(struct rct_allocation_writer *w,
    const struct rct_allocation_row *r, int64_t seq)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(w->s,
		 "INSERT INTO cluster_allocation(cluster, arm, sequence, "
		 "position, probabilities, detail, audit_seq) VALUES "
		 "(?, ?, ?, ?, ?, ?, ?)",
		 &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, r->cluster, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->arm, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->sequence, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, r->position);
	sqlite3_bind_text(st, 5, r->probabilities, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, r->detail, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, seq);
	rc = sqlite3_step(st);
	rct_store_stmt_done(w->s, st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return rct_error(RCT_EEXISTS,
		    "cluster '%s' is already "
		    "allocated",
		    r->cluster);
	return rc == SQLITE_DONE ? 0 : rct_store_sql_error(w->s, "allocating");
}

int
rct_allocation_write(struct rct_allocation_writer *w,
    const struct rct_allocation_row *r)
{
	int64_t seq = rct_audit_next_seq(w->s);
	int rc;

	if (w->failed)
		return RCT_ESTORE;
	if (r->participant == 0) {
		rc = insert_cluster(w, r, seq);
	} else {
		rct_batch_int(w->rows, r->participant);
		rct_batch_text(w->rows, r->arm);
		rct_batch_text(w->rows, r->sequence);
		rct_batch_int(w->rows, r->position);
		rct_batch_text(w->rows, r->probabilities);
		rct_batch_text(w->rows, r->detail);
		rct_batch_text(w->rows, r->cluster);
		rct_batch_int(w->rows, seq);
		rc = rct_batch_row(w->rows);
	}
	rct_buf_reset(&w->payload);
	rct_allocation_payload(&w->payload, r);
	if (rc == 0 && rct_buf_failed(&w->payload))
		rc = rct_error(RCT_ENOMEM, "out of memory");
	if (rc == 0)
		rc = rct_audit_batch_append(w->audit,
		    r->participant ? "allocate" : "allocate.cluster",
		    rct_buf_str(&w->payload));
	if (rc != 0)
		w->failed = 1;
	return rc;
}

void
rct_allocation_batch_payload(struct rct_buf *b, int64_t id, const char *kind,
    const char *site, int64_t capacity, int64_t units)
{
	rct_buf_addf(b, "{\"batch\":%lld,\"kind\":", (long long)id);
	rct_buf_add_json_string(b, kind);
	rct_buf_adds(b, ",\"site\":");
	if (site)
		rct_buf_add_json_string(b, site);
	else
		rct_buf_adds(b, "null");
	if (capacity >= 0)
		rct_buf_addf(b, ",\"capacity\":%lld", (long long)capacity);
	else
		rct_buf_adds(b, ",\"capacity\":null");
	rct_buf_addf(b, ",\"units\":%lld}", (long long)units);
}

int
rct_allocation_write_batch(struct rct_allocation_writer *w, int64_t id,
    const char *kind, const char *site, int64_t capacity, int64_t units)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(w->s,
		 "INSERT INTO batch(id, kind, site, capacity, units, "
		 "audit_seq) VALUES (?, ?, ?, ?, ?, ?)",
		 &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	if (site)
		sqlite3_bind_text(st, 3, site, -1, SQLITE_STATIC);
	if (capacity >= 0)
		sqlite3_bind_int64(st, 4, capacity);
	sqlite3_bind_int64(st, 5, units);
	sqlite3_bind_int64(st, 6, rct_audit_next_seq(w->s));
	rc = sqlite3_step(st);
	rct_store_stmt_done(w->s, st);
	if (rc != SQLITE_DONE)
		return rct_store_sql_error(w->s, "recording a batch");
	rct_buf_reset(&w->payload);
	rct_allocation_batch_payload(&w->payload, id, kind, site, capacity,
	    units);
	return rct_audit_batch_append(w->audit, "batch",
	    rct_buf_str(&w->payload));
}

int
rct_allocation_write_waiting(struct rct_allocation_writer *w,
    int64_t participant, const char *site, int64_t lottery, int64_t rank)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(w->s,
		 "INSERT INTO waiting_list(participant, site, lottery, rank) "
		 "VALUES (?, ?, ?, ?)",
		 &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, participant);
	sqlite3_bind_text(st, 2, site, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, lottery);
	sqlite3_bind_int64(st, 4, rank);
	rc = sqlite3_step(st);
	rct_store_stmt_done(w->s, st);
	return rc == SQLITE_DONE ?
	    0 :
	    rct_store_sql_error(w->s, "writing the waiting list");
}

int
rct_allocation_writer_close(struct rct_allocation_writer *w)
{
	int rc = 0, rc2;

	if (w == NULL)
		return 0;
	if (!w->failed)
		rc = rct_batch_flush(w->rows);
	rc2 = rct_audit_batch_close(w->audit);
	rct_batch_free(w->rows);
	rct_buf_release(&w->payload);
	free(w);
	return rc ? rc : rc2;
}

int
rct_allocation_promote(struct rct_store *s, const char *site, int64_t places,
    int64_t *promoted, int64_t *ranks, int64_t *n)
{
	struct rct_buf b = RCT_BUF_INIT;
	sqlite3_stmt *next = NULL, *mark = NULL;
	char pid[RCT_PID_MAX];
	int64_t id, rank;
	int rc;

	*n = 0;
	if (rct_store_protocol(s)->method != RCT_METHOD_LOTTERY)
		return rct_error(RCT_EINVAL,
		    "this trial's method is %s, not a lottery: it has no "
		    "waiting list to promote from",
		    rct_protocol_method_name(rct_store_protocol(s)->method));
	if ((rc = rct_store_stmt(s,
		 "SELECT w.participant, w.rank FROM waiting_list w WHERE "
		 "w.site = ? AND w.promoted_seq IS NULL AND NOT EXISTS "
		 "(SELECT 1 FROM withdrawal d WHERE d.participant = "
		 "w.participant) ORDER BY w.lottery, w.rank LIMIT 1",
		 &next)) != 0 ||
	    (rc = rct_store_stmt(s,
		 "UPDATE waiting_list SET promoted_seq = ? WHERE participant = "
		 "?",
		 &mark)) != 0)
		goto out;
	while (*n < places) {
		sqlite3_reset(next);
		sqlite3_bind_text(next, 1, site, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(next)) != SQLITE_ROW)
			break;
		id = sqlite3_column_int64(next, 0);
		rank = sqlite3_column_int64(next, 1);
		sqlite3_reset(next);
		sqlite3_reset(mark);
		sqlite3_bind_int64(mark, 1, rct_audit_next_seq(s));
		sqlite3_bind_int64(mark, 2, id);
		if (sqlite3_step(mark) != SQLITE_DONE) {
			rc = rct_store_sql_error(s, "promoting");
			goto out;
		}
		rct_register_participant_format(pid, id);
		rct_buf_reset(&b);
		rct_buf_addf(&b, "{\"participant\":\"%s\",\"site\":", pid);
		rct_buf_add_json_string(&b, site);
		rct_buf_addf(&b, ",\"rank\":%lld}", (long long)rank);
		if ((rc = rct_audit_append(s, "promote", rct_buf_str(&b))) != 0)
			goto out;
		ranks[*n] = rank;
		promoted[(*n)++] = id;
	}
	rc = rc == SQLITE_DONE || rc == SQLITE_ROW || rc == 0 ?
	    0 :
	    rct_store_sql_error(s, "reading the waiting list");
out:
	rct_store_stmt_done(s, next);
	rct_store_stmt_done(s, mark);
	rct_buf_release(&b);
	return rc;
}

int
rct_allocation_waiting(struct rct_store *s, long *waiting, long *allocated,
    char first[RCT_PID_MAX])
{
	sqlite3_stmt *st;
	int rc;

	*waiting = *allocated = 0;
	first[0] = '\0';
	if ((rc = rct_store_stmt(s,
		 "SELECT (SELECT count(*) FROM allocation), count(*), min(p.id) "
		 "FROM participant p WHERE NOT EXISTS (SELECT 1 FROM "
		 "allocation a WHERE a.participant = p.id) AND NOT EXISTS "
		 "(SELECT 1 FROM withdrawal w WHERE w.participant = p.id)",
		 &st)) != 0)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*allocated = (long)sqlite3_column_int64(st, 0);
		*waiting = (long)sqlite3_column_int64(st, 1);
		if (*waiting)
			rct_register_participant_format(first,
			    sqlite3_column_int64(st, 2));
	}
	rct_store_stmt_done(s, st);
	return 0;
}

int
rct_allocation_reveal(struct rct_store *s, char secret_hex[65], long closed_out)
{
	unsigned char secret[32];
	const struct rct_keys *k;
	struct rct_buf b = RCT_BUF_INIT;
	sqlite3_stmt *st;
	int closed, rc;

	if ((rc = rct_allocation_closed(s, &closed)) != 0)
		return rc;
	if (closed)
		return rct_error(RCT_EEXISTS, "the secret is already revealed");
	if ((rc = rct_store_keys(s, RCT_KEY_SECRET, &k)) != 0)
		return rc;
	memcpy(secret, k->secret, 32);
	sodium_bin2hex(secret_hex, 65, secret, 32);
	sodium_memzero(secret, sizeof(secret));
	if ((rc = rct_store_stmt(s,
		 "INSERT INTO meta(key, value) "
		 "VALUES ('secret', ?)",
		 &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, secret_hex, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_DONE)
		return rct_store_sql_error(s, "revealing the secret");
	rct_buf_addf(&b, "{\"secret\":\"%s\"", secret_hex);
	/* Enrolled, never to be randomized: the CONSORT flow counts them. */
	if (closed_out > 0)
		rct_buf_addf(&b, ",\"closed\":%ld", closed_out);
	rct_buf_addc(&b, '}');
	rc = rct_audit_append(s, "reveal", rct_buf_str(&b));
	rct_buf_release(&b);
	return rc;
}
