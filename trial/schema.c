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
};

int
rct_schema_migrate(struct rct_store *s, int from)
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
