/*
 * The store's schema as numbered migrations.  migrations[i] takes a store
 * from user_version i to i + 1.  A store written by an older build is
 * migrated in place, in the caller's transaction, on open for writing; a
 * store from a newer build is refused rather than guessed at.
 *
 * Every row that records a change carries audit_seq, the audit entry that
 * describes it, so that verify can match data and log both ways.
 */
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "store_internal.h"

static const char *const migrations[] = {
    /* 0 -> 1: the register and the allocations. */
    "CREATE TABLE meta ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE protocol ("
    "  version INTEGER PRIMARY KEY,"
    "  text TEXT NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  adopted_at TEXT NOT NULL,"
    "  audit_seq INTEGER NOT NULL"
    ");"
    "CREATE TABLE site ("
    "  code TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  target INTEGER,"
    "  added_at TEXT NOT NULL,"
    "  audit_seq INTEGER NOT NULL"
    ");"
    "CREATE TABLE participant ("
    "  id INTEGER PRIMARY KEY,"
    "  site TEXT NOT NULL REFERENCES site(code),"
    "  baseline TEXT NOT NULL,"
    "  stratum TEXT,"
    "  audit_seq INTEGER NOT NULL" /* its time is the enrolment time */
    ");"
    /*
     * Linkage keys apart from trial data (DOMAIN.md); see register.c.
     * No foreign key on participant: checking one per row in pseudonym
     * order would seek the participant table at random a million times
     * in an import; verify checks that every identity has its row.
     */
    "CREATE TABLE identity ("
    "  pseudonym BLOB PRIMARY KEY,"
    "  participant INTEGER NOT NULL,"
    "  sealed BLOB NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE withdrawal ("
    "  participant INTEGER PRIMARY KEY REFERENCES participant(id),"
    "  date TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  audit_seq INTEGER NOT NULL"
    ");"
    "CREATE TABLE exit ("
    "  participant INTEGER PRIMARY KEY REFERENCES participant(id),"
    "  date TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  audit_seq INTEGER NOT NULL"
    ");"
    "CREATE TABLE outcome ("
    "  id INTEGER PRIMARY KEY,"
    "  participant INTEGER NOT NULL REFERENCES participant(id),"
    "  name TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  date TEXT,"
    "  audit_seq INTEGER NOT NULL"
    ");"
    "CREATE INDEX outcome_participant ON outcome(participant, name);"
    /*
     * An allocation names the sequence it drew from (the stratum for
     * blocks and batches, the site for a lottery, "" for simple and
     * minimization) and its position there; in a cluster trial the draws
     * are the clusters' and members carry their cluster's arm.
     */
    "CREATE TABLE allocation ("
    "  participant INTEGER PRIMARY KEY REFERENCES participant(id),"
    "  arm TEXT NOT NULL,"
    "  sequence TEXT,"
    "  position INTEGER NOT NULL,"
    "  probabilities TEXT NOT NULL,"
    "  detail TEXT NOT NULL,"
    "  cluster TEXT,"
    "  audit_seq INTEGER NOT NULL"
    ");"
    "CREATE INDEX allocation_sequence ON allocation(sequence);"
    "CREATE INDEX allocation_cluster ON allocation(cluster) "
    "  WHERE cluster IS NOT NULL;"
    "CREATE TABLE cluster_allocation ("
    "  cluster TEXT PRIMARY KEY,"
    "  arm TEXT NOT NULL,"
    "  sequence TEXT,"
    "  position INTEGER NOT NULL,"
    "  probabilities TEXT NOT NULL,"
    "  detail TEXT NOT NULL,"
    "  audit_seq INTEGER NOT NULL"
    ");"
    "CREATE INDEX cluster_allocation_sequence ON "
    "  cluster_allocation(sequence);"
    "CREATE TABLE batch ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  site TEXT,"
    "  capacity INTEGER,"
    "  units INTEGER NOT NULL,"
    "  audit_seq INTEGER NOT NULL"
    ");"
    "CREATE TABLE waiting_list ("
    "  participant INTEGER PRIMARY KEY REFERENCES participant(id),"
    "  site TEXT NOT NULL,"
    "  lottery INTEGER NOT NULL,"
    "  rank INTEGER NOT NULL,"
    "  promoted_seq INTEGER"
    ");"
    /*
     * Corrections of baseline values: the enrolled row stays as it was
     * (it is frozen, and its digest is in the log); readers see the
     * latest correction of each variable.
     */
    "CREATE TABLE correction ("
    "  id INTEGER PRIMARY KEY,"
    "  participant INTEGER NOT NULL REFERENCES participant(id),"
    "  variable TEXT NOT NULL,"
    "  old TEXT,"
    "  new TEXT,"
    "  reason TEXT NOT NULL,"
    "  audit_seq INTEGER NOT NULL"
    ");"
    "CREATE TABLE audit ("
    "  seq INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  payload TEXT NOT NULL,"
    "  prev BLOB NOT NULL,"
    "  hash BLOB NOT NULL"
    ");"
    "CREATE TABLE audit_head ("
    "  seq INTEGER PRIMARY KEY,"
    "  hash BLOB NOT NULL,"
    "  signature BLOB NOT NULL,"
    "  at TEXT NOT NULL"
    ");",
    /*
     * 1 -> 2: the screening log, counts per site and month (never
     * persons), for the CONSORT flow and the pilot.
     */
    "CREATE TABLE screening ("
    "  id INTEGER PRIMARY KEY,"
    "  site TEXT NOT NULL REFERENCES site(code),"
    "  month TEXT NOT NULL,"
    "  screened INTEGER NOT NULL,"
    "  audit_seq INTEGER NOT NULL,"
    "  UNIQUE (site, month)"
    ");"
    "CREATE TABLE screening_exclusion ("
    "  screening INTEGER NOT NULL REFERENCES screening(id),"
    "  reason TEXT NOT NULL,"
    "  count INTEGER NOT NULL,"
    "  PRIMARY KEY (screening, reason)"
    ") WITHOUT ROWID;",
    /*
     * 2 -> 3: signed checkpoints of the log as a Merkle tree
     * (checkpoint.c), identities sealed to the linkage public key (store.c,
     * migrate_keys), and the concealed part of the protocol, sealed under
     * a key derived from the randomization secret until reveal.
     */
    "CREATE TABLE checkpoint ("
    "  size INTEGER PRIMARY KEY,"
    "  frontier BLOB NOT NULL,"
    "  note TEXT NOT NULL"
    ");"
    "CREATE TABLE concealed ("
    "  version INTEGER PRIMARY KEY,"
    "  sealed TEXT NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  audit_seq INTEGER NOT NULL"
    ");",
    /*
     * 3 -> 4: user accounts of the web service and their sessions
     * (user.c, user_session.c).  A password is kept only as its Argon2id
     * string, a session token only as its BLAKE2b hash; created_seq and
     * changed_seq are the entries that made and last changed a user, and
     * user_cover.c replays every user and session entry against these rows.
     */
    "CREATE TABLE user ("
    "  name TEXT PRIMARY KEY,"
    "  role TEXT NOT NULL CHECK (role IN ('staff', 'researcher', "
    "'monitor')),"
    "  password_hash TEXT NOT NULL,"
    "  must_change INTEGER NOT NULL,"
    "  disabled INTEGER NOT NULL,"
    "  failed_logins INTEGER NOT NULL,"
    "  locked_until TEXT,"
    "  created_seq INTEGER NOT NULL,"
    "  changed_seq INTEGER NOT NULL"
    ");"
    "CREATE TABLE user_site ("
    "  user TEXT NOT NULL REFERENCES user(name),"
    "  site TEXT NOT NULL REFERENCES site(code),"
    "  PRIMARY KEY (user, site)"
    ") WITHOUT ROWID;"
    "CREATE TABLE session ("
    "  id INTEGER PRIMARY KEY,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  user TEXT NOT NULL REFERENCES user(name),"
    "  created_at TEXT NOT NULL,"
    "  last_seen TEXT NOT NULL,"
    "  idle_seconds INTEGER NOT NULL,"
    "  expires_at TEXT NOT NULL,"
    "  revoked_seq INTEGER,"
    "  audit_seq INTEGER NOT NULL"
    ");"
    "CREATE INDEX session_user ON session(user);",
    /*
     * 4 -> 5: a sequence's allocations indexed by their position too, so
     * that how many a sequence holds (positions run 1 to n in every
     * design, and verify replays them) is read as its greatest position,
     * one step down the index, not counted row by row: a server
     * allocating one participant at a time paid a scan of the whole
     * stratum for each (allocation.c, rct_allocation_count).
     */
    "DROP INDEX allocation_sequence;"
    "CREATE INDEX allocation_sequence ON allocation(sequence, position);"
    "DROP INDEX cluster_allocation_sequence;"
    "CREATE INDEX cluster_allocation_sequence ON "
    "  cluster_allocation(sequence, position);",
};

int
rct_store_schema_migrate(struct rct_store *s, int from)
{
	char pragma[64];
	int v, rc;

	if (from > RCT_SCHEMA_VERSION)
		return rct_error(RCT_EINVAL,
		    "store '%s' has schema version %d, "
		    "written by a newer version of this toolkit; this one "
		    "reads up to %d",
		    s->path, from, RCT_SCHEMA_VERSION);
	for (v = from; v < RCT_SCHEMA_VERSION; v++)
		if ((rc = rct_store_exec(s, migrations[v])) != 0)
			return rc;
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
	    RCT_SCHEMA_VERSION);
	return rct_store_exec(s, pragma);
}

/* One schema object: type, name, table and SQL, in sqlite_master order. */
static int
next_object(sqlite3_stmt *st, int *more)
{
	int rc = sqlite3_step(st);

	*more = rc == SQLITE_ROW;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static const char objects_sql[] =
    "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master "
    "ORDER BY name, type";

/*
 * The schema the migrations create, built in a database of its own in
 * memory, and the store's, compared object by object (name, type, table,
 * and the exact CREATE text).
 */
int
rct_store_schema_check_objects(struct rct_store *s, int version)
{
	sqlite3 *want = NULL;
	sqlite3_stmt *a = NULL, *b = NULL;
	int v, more_a, more_b, c, rc = 0;

	if (version < 0 || version > RCT_SCHEMA_VERSION)
		return rct_error(RCT_ECHECK, "schema version %d is unknown",
		    version);
	if (sqlite3_open_v2(":memory:", &want,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
		NULL) != SQLITE_OK) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (v = 0; v < version; v++)
		if (sqlite3_exec(want, migrations[v], NULL, NULL, NULL) !=
		    SQLITE_OK) {
			rc = rct_error(RCT_ESTORE,
			    "the schema does not build: %s",
			    sqlite3_errmsg(want));
			goto out;
		}
	if (sqlite3_prepare_v2(want, objects_sql, -1, &a, NULL) != SQLITE_OK) {
		rc = rct_error(RCT_ESTORE, "cannot read the schema: %s",
		    sqlite3_errmsg(want));
		goto out;
	}
	if ((rc = rct_store_prepare(s, &b, objects_sql)) != 0)
		goto out;
	if (next_object(a, &more_a) != 0 || next_object(b, &more_b) != 0)
		goto sql;
	while (more_a || more_b) {
		const char *name_a =
		    more_a ? (const char *)sqlite3_column_text(a, 1) : NULL;
		const char *name_b =
		    more_b ? (const char *)sqlite3_column_text(b, 1) : NULL;

		c = !more_a ? 1 : !more_b ? -1 : strcmp(name_a, name_b);
		if (c == 0)
			c = strcmp((const char *)sqlite3_column_text(a, 0),
			    (const char *)sqlite3_column_text(b, 0));
		if (c > 0) {
			rc = rct_error(RCT_ECHECK,
			    "the store holds %s '%s', which the toolkit did not "
			    "create: it was added outside the toolkit",
			    (const char *)sqlite3_column_text(b, 0), name_b);
			goto out;
		}
		if (c < 0) {
			rc = rct_error(RCT_ECHECK,
			    "the store lacks %s '%s' of schema version %d: it "
			    "was removed outside the toolkit",
			    (const char *)sqlite3_column_text(a, 0), name_a,
			    version);
			goto out;
		}
		if (strcmp((const char *)sqlite3_column_text(a, 2),
			(const char *)sqlite3_column_text(b, 2)) != 0 ||
		    strcmp((const char *)sqlite3_column_text(a, 3),
			(const char *)sqlite3_column_text(b, 3)) != 0) {
			rc = rct_error(RCT_ECHECK,
			    "%s '%s' of the store differs from the one the "
			    "toolkit created: it was altered outside the "
			    "toolkit",
			    (const char *)sqlite3_column_text(b, 0), name_b);
			goto out;
		}
		if (next_object(a, &more_a) != 0 ||
		    next_object(b, &more_b) != 0)
			goto sql;
	}
	goto out;
sql:
	rc = rct_store_sql_error(s, "reading the schema");
out:
	sqlite3_finalize(a);
	sqlite3_finalize(b);
	sqlite3_close(want);
	return rc;
}
