/*
 * Opening, creating and transacting on the trial store (store.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "audit_internal.h"
#include "checkpoint_internal.h"
#include "buf.h"
#include "concealed.h"
#include "cover.h"
#include "error.h"
#include "fingerprint.h"
#include "store_internal.h"
#include "text.h"

static int
set_meta(struct rct_store *s, const char *key, const char *value)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(s,
		 "INSERT OR REPLACE INTO meta(key, "
		 "value) VALUES (?, ?)",
		 &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	return rc == SQLITE_DONE ? 0 : rct_store_sql_error(s, "writing meta");
}

static int
configure(struct rct_store *s)
{
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(s->db, 1);
	return rct_store_exec(s,
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA synchronous = FULL;");
}

static struct rct_store *
store_new(const char *path)
{
	struct rct_store *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	if ((s->path = strdup(path)) == NULL) {
		free(s);
		return NULL;
	}
	s->memory = strcmp(path, ":memory:") == 0;
	return s;
}

static void
remove_created(const char *path, const char *keys_dir, int keys_made,
    const char *linkage_key)
{
	static const char *const key_files[] = {"randomization.key",
	    "signing.key", "signing.pub", "pseudonym.key", "linkage.pub"};
	char p[4200];
	size_t i;

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	if (!keys_made)
		return;
	if (linkage_key && *linkage_key)
		unlink(linkage_key);
	for (i = 0; i < sizeof(key_files) / sizeof(key_files[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", keys_dir, key_files[i]);
		unlink(p);
	}
	rmdir(keys_dir);
}

static int
init_entry(struct rct_store *s, const struct rct_protocol *p,
    const struct rct_fingerprint *f)
{
	struct rct_buf b = RCT_BUF_INIT;

	rct_buf_adds(&b, "{\"trial\":");
	rct_buf_add_json_string(&b, p->name);
	rct_buf_adds(&b, ",\"registration\":");
	rct_buf_add_json_string(&b, p->registration);
	rct_buf_addf(&b,
	    ",\"protocol_hash\":\"%s\",\"commitment\":\"%s\","
	    "\"signing_key\":\"%s\",\"linkage_key\":\"%s\","
	    "\"pseudonym_check\":\"%s\",",
	    f->protocol_hash, f->commitment, f->signing_key, f->linkage_key,
	    f->pseudonym_check);
	if (strcmp(f->concealed_hash, "none") != 0)
		rct_buf_addf(&b, "\"concealed_hash\":\"%s\",",
		    f->concealed_hash);
	rct_buf_addf(&b, "\"schema\":%d}", RCT_SCHEMA_VERSION);
	return rct_audit_append_buf(s, "init", &b);
}

static int
insert_protocol(struct rct_store *s, const struct rct_protocol *p,
    int64_t version, const char *reason)
{
	sqlite3_stmt *st;
	char hash[65], now[21];
	int rc;

	rct_protocol_hash_hex(p, hash);
	rct_text_now(now);
	if ((rc = rct_store_stmt(s,
		 "INSERT INTO protocol(version, "
		 "text, hash, reason, adopted_at, audit_seq) VALUES "
		 "(?, ?, ?, ?, ?, ?)",
		 &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, version);
	sqlite3_bind_text(st, 2, p->text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, rct_audit_next_seq(s));
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	return rc == SQLITE_DONE ? 0 :
				   rct_store_sql_error(s,
				       "saving the "
				       "protocol");
}

int
rct_store_adopt_protocol(struct rct_store *s, const struct rct_protocol *p,
    const char *reason)
{
	return insert_protocol(s, p, s->protocol_version + 1, reason);
}

static int populate_with(struct rct_store *s, const struct rct_protocol *p,
    const char *concealed, struct rct_fingerprint *fp,
    struct rct_store_init *init);

/* Create the schema and the init entry, in one transaction. */
static int
populate(struct rct_store *s, const struct rct_protocol *p,
    struct rct_store_init *init)
{
	struct rct_fingerprint f;
	struct rct_protocol *pub = NULL;
	char *concealed = NULL;
	int rc;

	memset(&f, 0, sizeof(f));
	if ((rc = rct_concealed_split(p, s->keys.secret, &pub, &concealed,
		 f.concealed_hash)) != 0)
		return rc;
	rc = populate_with(s, pub ? pub : p, concealed, &f, init);
	if (concealed)
		sodium_memzero(concealed, strlen(concealed));
	free(concealed);
	rct_protocol_free(pub);
	return rc;
}

/* p is the protocol as stored: its concealed part, if any, cut away. */
static int
populate_with(struct rct_store *s, const struct rct_protocol *p,
    const char *concealed, struct rct_fingerprint *fp,
    struct rct_store_init *init)
{
	struct rct_fingerprint f = *fp;
	unsigned char c[32];
	char now[21];
	int rc;

	rct_keys_commitment(c, s->keys.secret);
	sodium_bin2hex(f.commitment, sizeof(f.commitment), c, sizeof(c));
	sodium_bin2hex(f.signing_key, sizeof(f.signing_key), s->keys.sign_pk,
	    sizeof(s->keys.sign_pk));
	sodium_bin2hex(f.linkage_key, sizeof(f.linkage_key), s->keys.linkage_pk,
	    sizeof(s->keys.linkage_pk));
	rct_keys_pseudonym_check(c, s->keys.pseudonym);
	sodium_bin2hex(f.pseudonym_check, sizeof(f.pseudonym_check), c,
	    sizeof(c));
	rct_protocol_hash_hex(p, f.protocol_hash);
	rct_fingerprint_hex(&f, init->fingerprint);
	memcpy(init->commitment, f.commitment, sizeof(init->commitment));
	memcpy(init->protocol_hash, f.protocol_hash, 65);
	memcpy(init->concealed_hash, f.concealed_hash, 65);
	/*
	 * 8 KiB pages, not SQLite's 4: a million-row import writes fewer of
	 * them (16 KiB pages made it 3% faster again), while each group
	 * commit of the web service writes every page it touched into the
	 * WAL whole (16 KiB pages wrote 125 KiB an arm, and cost 5% of the
	 * arms a second).  Stores made before keep their 16 KiB.
	 */
	if ((rc = rct_store_exec(s, "PRAGMA page_size = 8192")) != 0 ||
	    (rc = rct_store_exec(s, "PRAGMA journal_mode = WAL")) != 0 ||
	    (rc = rct_store_exec(s, "BEGIN IMMEDIATE")) != 0)
		return rc;
	s->in_tx = 1;
	rct_text_now_hold(); /* created_at is the init entry's time */
	rct_text_now(now);
	s->schema_version = RCT_SCHEMA_VERSION;
	if ((rc = rct_store_schema_migrate(s, 0)) != 0 ||
	    (rc = rct_audit_load_head(s)) != 0 ||
	    (rc = set_meta(s, "trial", p->name)) != 0 ||
	    (rc = set_meta(s, "registration", p->registration)) != 0 ||
	    (rc = set_meta(s, "commitment", f.commitment)) != 0 ||
	    (rc = set_meta(s, "signing_key", f.signing_key)) != 0 ||
	    (rc = set_meta(s, "linkage_key", f.linkage_key)) != 0 ||
	    (rc = set_meta(s, "pseudonym_check", f.pseudonym_check)) != 0 ||
	    (rc = set_meta(s, "created_at", now)) != 0 ||
	    (rc = insert_protocol(s, p, 1, "initial protocol")) != 0 ||
	    (concealed &&
		(rc = rct_concealed_insert(s, 1, s->keys.secret, concealed,
		     f.concealed_hash)) != 0) ||
	    (rc = init_entry(s, p, &f)) != 0 ||
	    (rc = rct_store_commit(s)) != 0) {
		rct_store_rollback(s);
		return rc;
	}
	return rct_store_load_protocol(s);
}

int
rct_store_create(struct rct_store **out, const char *path,
    const struct rct_protocol *p, struct rct_store_init *init)
{
	struct rct_linkage_key lk;
	struct rct_store *s;
	struct stat st;
	int rc, keys_made = 0;

	*out = NULL;
	init->linkage_key[0] = '\0';
	if ((s = store_new(path)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if (!s->memory) {
		if (stat(path, &st) == 0) {
			rct_store_close(s);
			return rct_error(RCT_EEXISTS,
			    "store '%s' already "
			    "exists",
			    path);
		}
		if ((rc = rct_keys_dir(s->keys_dir, sizeof(s->keys_dir),
			 path)) != 0) {
			rct_store_close(s);
			return rc;
		}
	}
	rct_keys_generate(&s->keys, init->linkage_pk ? NULL : &lk);
	if (init->linkage_pk)
		memcpy(s->keys.linkage_pk, init->linkage_pk,
		    sizeof(s->keys.linkage_pk));
	if (!s->memory && (rc = rct_keys_write(&s->keys, s->keys_dir)) != 0) {
		if (rc != RCT_EEXISTS)
			remove_created(path, s->keys_dir, 1, NULL);
		rct_keys_linkage_wipe(&lk);
		rct_store_close(s);
		return rc;
	}
	/* The linkage secret is written once and never kept by the store. */
	if (!s->memory && !init->linkage_pk &&
	    ((rc = rct_keys_linkage_path(init->linkage_key,
		  sizeof(init->linkage_key), path)) != 0 ||
		(rc = rct_keys_linkage_write(&lk, init->linkage_key)) != 0)) {
		if (rc == RCT_EEXISTS || rc == RCT_EINVAL)
			init->linkage_key[0] = '\0'; /* not ours to remove */
		remove_created(path, s->keys_dir, 1, init->linkage_key);
		init->linkage_key[0] = '\0';
		rct_keys_linkage_wipe(&lk);
		rct_store_close(s);
		return rc;
	}
	rct_keys_linkage_wipe(&lk);
	keys_made = !s->memory;
	s->writable = 1;
	if (sqlite3_open_v2(path, &s->db,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX,
		NULL) != SQLITE_OK) {
		rc = rct_error(RCT_EIO, "cannot create store '%s': %s", path,
		    s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	if ((rc = configure(s)) != 0 || (rc = populate(s, p, init)) != 0)
		goto fail;
	*out = s;
	return 0;
fail:
	rct_store_stmt_clear(s);
	sqlite3_close(s->db);
	s->db = NULL;
	if (!s->memory)
		remove_created(path, s->keys_dir, keys_made, init->linkage_key);
	init->linkage_key[0] = '\0';
	rct_store_close(s);
	return rc;
}

int
rct_store_load_protocol(struct rct_store *s)
{
	struct rct_protocol *p = NULL;
	sqlite3_stmt *st;
	char name[64];
	int rc;

	if ((rc = rct_store_stmt(s,
		 "SELECT version, text FROM "
		 "protocol ORDER BY version DESC LIMIT 1",
		 &st)) != 0)
		return rc;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rct_store_stmt_done(s, st);
		return rct_error(RCT_ECHECK, "store '%s' holds no protocol",
		    s->path);
	}
	s->protocol_version = sqlite3_column_int64(st, 0);
	snprintf(name, sizeof(name), "protocol v%lld",
	    (long long)s->protocol_version);
	rc = rct_protocol_parse(&p, name,
	    (const char *)sqlite3_column_text(st, 1),
	    (size_t)sqlite3_column_bytes(st, 1));
	rct_store_stmt_done(s, st);
	if (rc != 0)
		return rc;
	rct_protocol_free(s->protocol);
	s->protocol = p;
	return 0;
}

static int
schema_version(struct rct_store *s, int *version)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(s, "PRAGMA user_version", &st)) != 0)
		return rc;
	*version =
	    sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	rct_store_stmt_done(s, st);
	return 0;
}

/*
 * An older store is brought up to date in the first write transaction,
 * with an audit entry saying so: if the command then fails, the
 * migration is rolled back with it and the store stays as it was.
 */
/*
 * Schema 3 splits the old identity.key (which both sealed and opened every
 * identity, so that whoever could enrol could re-identify the trial) into
 * what enrolment needs and what only the linkage officer may hold: its
 * pseudonym subkey becomes pseudonym.key (the pseudonyms stay the same),
 * the linkage key pair is derived from it (keys.h) with the public half
 * in linkage.pub, and identity.key itself becomes the linkage key, copied
 * to NAME.linkage.key for the linkage officer.  The identities sealed
 * before stay as they are (the log holds their digests) and open with that
 * same key.  Every file written here is a function of identity.key, so a
 * migration that is rolled back and run again writes the same bytes.
 */
static int
migrate_keys(struct rct_store *s, struct rct_buf *payload)
{
	struct rct_linkage_key lk;
	unsigned char check[32];
	char path[4096], pk[65], pc[65];
	int rc;

	if ((rc = rct_keys_load(&s->keys, s->keys_dir, RCT_KEY_LEGACY)) != 0)
		return rct_error(rc,
		    "migrating store '%s' to schema 3 needs its old "
		    "identity.key once",
		    s->path);
	memcpy(lk.root, s->keys.legacy, sizeof(lk.root));
	rct_keys_linkage_derive(&lk);
	rct_keys_subkey(s->keys.pseudonym, s->keys.legacy,
	    RCT_SUBKEY_PSEUDONYM);
	memcpy(s->keys.linkage_pk, lk.pk, sizeof(lk.pk));
	rct_keys_pseudonym_check(check, s->keys.pseudonym);
	sodium_bin2hex(pk, sizeof(pk), lk.pk, sizeof(lk.pk));
	sodium_bin2hex(pc, sizeof(pc), check, sizeof(check));
	if ((rc = rct_keys_add(&s->keys, s->keys_dir, RCT_KEY_PSEUDONYM)) !=
		0 ||
	    (rc = rct_keys_add(&s->keys, s->keys_dir, RCT_KEY_LINKAGE)) != 0 ||
	    (rc = rct_keys_linkage_path(path, sizeof(path), s->path)) != 0)
		goto out;
	if (access(path, F_OK) != 0) {
		rc = rct_keys_linkage_write(&lk, path);
	} else {
		struct rct_linkage_key have;

		rc = rct_keys_linkage_load(&have, path);
		if (rc == 0 && sodium_memcmp(have.root, lk.root, 32) != 0)
			rc = rct_error(RCT_ESECRET,
			    "'%s' is in the way: it holds another key", path);
		rct_keys_linkage_wipe(&have);
	}
	if (rc != 0 || (rc = set_meta(s, "linkage_key", pk)) != 0 ||
	    (rc = set_meta(s, "pseudonym_check", pc)) != 0)
		goto out;
	s->keys.loaded |= RCT_KEY_PSEUDONYM | RCT_KEY_LINKAGE;
	rct_buf_addf(payload,
	    ",\"linkage_key\":\"%s\",\"pseudonym_check\":\"%s\"", pk, pc);
out:
	rct_keys_linkage_wipe(&lk);
	return rc;
}

static int
migrate(struct rct_store *s)
{
	struct rct_buf payload = RCT_BUF_INIT;
	int64_t seq;
	int version, logged, rc;

	if ((rc = schema_version(s, &version)) != 0)
		return rc;
	if (version == RCT_SCHEMA_VERSION)
		return 0;
	/* A version lowered by hand would re-create tables that exist. */
	if ((rc = rct_cover_schema_logged(s, &logged, &seq)) != 0)
		return rc;
	if (version < logged)
		return rct_error(RCT_ECHECK,
		    "store '%s' has schema version %d, but audit entry %lld "
		    "records version %d: PRAGMA user_version was lowered "
		    "outside the toolkit; nothing was written",
		    s->path, version, (long long)seq, logged);
	if ((rc = rct_store_schema_migrate(s, version)) != 0)
		return rc;
	s->schema_version = RCT_SCHEMA_VERSION;
	rct_buf_addf(&payload, "{\"from\":%d,\"to\":%d", version,
	    RCT_SCHEMA_VERSION);
	if (version < 3 && !s->memory &&
	    (rc = migrate_keys(s, &payload)) != 0) {
		rct_buf_release(&payload);
		return rc;
	}
	rct_buf_addc(&payload, '}');
	return rct_audit_append_buf(s, "store.migrate", &payload);
}

/*
 * The first query failed.  A file that is not SQLite, or SQLite without
 * our meta table, is not a store; but a store in a directory this user
 * cannot write fails here too, as SQLite needs to create the -wal and
 * -shm files beside it even to read.
 */
static int
open_error(struct rct_store *s)
{
	int code = sqlite3_extended_errcode(s->db) & 0xff;

	if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN ||
	    code == SQLITE_PERM)
		return rct_error(RCT_EIO,
		    "cannot open store '%s': %s (even to read a store, SQLite "
		    "needs to write its '-wal' and '-shm' files in the same "
		    "directory)",
		    s->path, sqlite3_errmsg(s->db));
	return rct_error(RCT_EINVAL, "'%s' is not a trial store: %s", s->path,
	    sqlite3_errmsg(s->db));
}

/*
 * What a group commit's savepoints keep of the pages they change, in
 * memory before it goes to a temporary file: a page is 8 or 16 KiB, and
 * SQLite's 64 KiB spilled every batch of a server to disk, a write for
 * each page a request touched.  Beyond it (a large upload in the batch)
 * it still spills, so that memory stays bounded.
 */
#define SUBJOURNAL_IN_MEMORY (16 * 1024 * 1024)

int
rct_store_many_threads(void)
{
	if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL,
		SUBJOURNAL_IN_MEMORY) != SQLITE_OK)
		return rct_error(RCT_ESTORE,
		    "SQLite is already in use: it cannot be set up for many "
		    "threads");
	return 0;
}

int
rct_store_open(struct rct_store **out, const char *path, unsigned flags)
{
	struct rct_store *s;
	sqlite3_stmt *st;
	int rc, version, open_flags;

	*out = NULL;
	if ((s = store_new(path)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	s->writable = (flags & RCT_STORE_WRITE) != 0;
	if (access(path, F_OK) != 0) {
		rc = rct_error(RCT_ENOTFOUND,
		    "store '%s' does not exist; "
		    "create it with 'trial init %s --protocol FILE'",
		    path, path);
		goto fail;
	}
	if ((rc = rct_keys_dir(s->keys_dir, sizeof(s->keys_dir), path)) != 0)
		goto fail;
	/* One connection per process, used by one thread: no mutexes. */
	open_flags =
	    (s->writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) |
	    SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &s->db, open_flags, NULL) != SQLITE_OK) {
		rc = rct_error(RCT_EIO, "cannot open store '%s': %s", path,
		    s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	if (sqlite3_prepare_v2(s->db,
		"SELECT value FROM meta WHERE key = "
		"'trial'",
		-1, &st, NULL) != SQLITE_OK) {
		rc = open_error(s);
		goto fail;
	}
	sqlite3_finalize(st);
	if ((rc = configure(s)) != 0 || (rc = schema_version(s, &version)) != 0)
		goto fail;
	if (version > RCT_SCHEMA_VERSION) {
		rc = rct_store_schema_migrate(s, version);
		goto fail;
	}
	s->schema_version = version;
	if (version < RCT_SCHEMA_VERSION) {
		if (!s->writable && !(flags & RCT_STORE_ANY_SCHEMA)) {
			rc = rct_error(RCT_EINVAL,
			    "store '%s' has the older "
			    "schema %d; a write command will migrate it",
			    path, version);
			goto fail;
		}
		if (s->writable)
			s->migrate = 1; /* at the first rct_store_begin() */
	}
	if ((rc = rct_store_load_protocol(s)) != 0)
		goto fail;
	*out = s;
	return 0;
fail:
	rct_store_close(s);
	return rc;
}

/* The transaction's identity keys wiped, at its end. */
static void
end_identity(struct rct_store *s)
{
	if (s->tx_identity_made) {
		rct_identity_keys_wipe(&s->tx_identity);
		s->tx_identity_made = 0;
	}
}

void
rct_store_close(struct rct_store *s)
{
	if (s == NULL)
		return;
	if (s->in_tx)
		rct_store_rollback(s);
	rct_store_checkpointer_stop(s);
	rct_store_stmt_clear(s);
	if (s->db)
		sqlite3_close(s->db);
	rct_protocol_free(s->protocol);
	rct_protocol_free(s->open_protocol);
	rct_keys_wipe(&s->keys);
	end_identity(s);
	rct_merkle_tree_release(&s->proofs);
	rct_store_memo_set(s, NULL, NULL);
	rct_store_sync_close(s);
	free(s->protocol_b64);
	free(s->path);
	free(s);
}

/*
 * One statement of transaction control, kept prepared by the handle
 * (rct_store_stmt): parsing BEGIN and its kin for every request was most
 * of the SQL a server parsed.  SQLITE_OK, or the step's code.
 */
static int
tx_step(struct rct_store *s, const char *sql)
{
	sqlite3_stmt *st;
	int rc;

	if (rct_store_stmt(s, sql, &st) != 0)
		return SQLITE_ERROR;
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
rct_store_begin(struct rct_store *s)
{
	int rc;

	if (s->in_tx)
		return rct_error(RCT_ESTORE, "a transaction is already open");
	if (tx_step(s, "BEGIN IMMEDIATE") != SQLITE_OK)
		return rct_store_sql_error(s, "starting a transaction");
	s->in_tx = 1;
	/* One time for the whole transaction, read once the lock is held. */
	rct_text_now_hold();
	if ((rc = rct_audit_load_head(s)) != 0 ||
	    (s->migrate && (rc = migrate(s)) != 0) ||
	    (rc = rct_checkpoint_begin(s)) != 0) {
		rct_store_rollback(s);
		return rc;
	}
	return 0;
}

int
rct_store_begin_read(struct rct_store *s)
{
	int rc;

	if (s->migrate)
		return rct_store_begin(s);
	if (s->in_tx)
		return rct_error(RCT_ESTORE, "a transaction is already open");
	if (tx_step(s, "BEGIN") != SQLITE_OK) {
		rc = rct_store_sql_error(s, "starting a transaction");
		tx_step(s, "ROLLBACK");
		return rc;
	}
	s->in_tx = 1;
	s->reading = 1;
	rct_text_now_hold();
	/*
	 * The audit head and the tree's frontier are what a write appends
	 * to; a read has none to append (it is refused at prepare), so it
	 * does not read them: a page's read is its own queries alone.
	 */
	s->head_dirty = 0;
	s->tree_ok = 0;
	return 0;
}

int
rct_store_reading(const struct rct_store *s)
{
	return s->in_tx && s->reading;
}

int
rct_store_in_transaction(const struct rct_store *s)
{
	return s->in_tx;
}

/* The end of a read transaction: writing allowed again. */
static void
end_reading(struct rct_store *s)
{
	s->reading = 0;
}

int
rct_store_commit(struct rct_store *s)
{
	const struct rct_keys *k;
	int rc;

	if (!s->in_tx)
		return rct_error(RCT_ESTORE, "no transaction to commit");
	if (s->head_dirty &&
	    ((rc = rct_store_keys(s, RCT_KEY_SIGNING, &k)) != 0 ||
		(rc = rct_audit_sign_head(s, k)) != 0)) {
		rct_store_rollback(s);
		return rc;
	}
	rct_store_sync_commit_begins(s);
	if (tx_step(s, "COMMIT") != SQLITE_OK) {
		rc = rct_store_sql_error(s, "committing");
		rct_store_rollback(s);
		rct_store_sync_commit_ends(s);
		return rc;
	}
	rct_store_sync_commit_ends(s);
	s->in_tx = 0;
	s->sp_open = 0;
	s->commits++;
	end_reading(s);
	end_identity(s);
	rct_text_now_release();
	return 0;
}

void
rct_store_rollback(struct rct_store *s)
{
	if (!s->in_tx)
		return;
	tx_step(s, "ROLLBACK");
	s->in_tx = 0;
	s->sp_open = 0;
	end_reading(s);
	end_identity(s);
	rct_text_now_release();
	s->head_dirty = 0;
}

int
rct_store_savepoint(struct rct_store *s)
{
	if (!s->in_tx || s->reading)
		return rct_error(RCT_ESTORE,
		    "a savepoint needs an open write transaction");
	if (s->sp_open)
		return rct_error(RCT_ESTORE, "a savepoint is already open");
	if (tx_step(s, "SAVEPOINT request") != SQLITE_OK)
		return rct_store_sql_error(s, "starting a savepoint");
	s->sp.head_seq = s->head_seq;
	memcpy(s->sp.head_hash, s->head_hash, sizeof(s->head_hash));
	memcpy(s->sp.head_at, s->head_at, sizeof(s->head_at));
	s->sp.head_dirty = s->head_dirty;
	s->sp.tree = s->tree;
	s->sp.tree_ok = s->tree_ok;
	s->sp_open = 1;
	rct_text_now_hold();
	return 0;
}

int
rct_store_savepoint_release(struct rct_store *s)
{
	if (!s->sp_open)
		return 0;
	s->sp_open = 0;
	if (tx_step(s, "RELEASE request") != SQLITE_OK) {
		int rc = rct_store_sql_error(s, "keeping a savepoint");

		rct_store_rollback(s);
		return rc;
	}
	return 0;
}

void
rct_store_savepoint_rollback(struct rct_store *s)
{
	if (!s->sp_open)
		return;
	s->sp_open = 0;
	if (tx_step(s, "ROLLBACK TO request") != SQLITE_OK ||
	    tx_step(s, "RELEASE request") != SQLITE_OK) {
		/* Nothing of the transaction can be trusted: end it all. */
		rct_store_rollback(s);
		return;
	}
	s->head_seq = s->sp.head_seq;
	memcpy(s->head_hash, s->sp.head_hash, sizeof(s->head_hash));
	memcpy(s->head_at, s->sp.head_at, sizeof(s->head_at));
	s->head_dirty = s->sp.head_dirty;
	s->tree = s->sp.tree;
	s->tree_ok = s->sp.tree_ok;
}

uint64_t
rct_store_commits(const struct rct_store *s)
{
	return s->commits;
}

void *
rct_store_memo(const struct rct_store *s)
{
	return s->memo;
}

void
rct_store_memo_set(struct rct_store *s, void *memo, void (*free_fn)(void *memo))
{
	if (s->memo && s->memo_free)
		s->memo_free(s->memo);
	s->memo = memo;
	s->memo_free = free_fn;
}

const struct rct_protocol *
rct_store_protocol(const struct rct_store *s)
{
	return s->protocol;
}

const char *
rct_store_path(const struct rct_store *s)
{
	return s->path;
}

void
rct_store_bulk(struct rct_store *s)
{
	sqlite3_exec(s->db, "PRAGMA cache_size = -262144", NULL, NULL, NULL);
}

/* The hex of a meta value equals bytes (a key or its check value). */
static int
meta_matches(struct rct_store *s, const char *key, const unsigned char *bytes,
    size_t len, int *match)
{
	unsigned char have[64];
	char *hex = NULL;
	size_t n = 0;
	int rc;

	*match = 0;
	if ((rc = rct_store_meta(s, key, &hex)) != 0)
		return rc;
	if (len <= sizeof(have) &&
	    sodium_hex2bin(have, sizeof(have), hex, strlen(hex), NULL, &n,
		NULL) == 0 &&
	    n == len && sodium_memcmp(have, bytes, len) == 0)
		*match = 1;
	free(hex);
	return 0;
}

/*
 * Every key file is checked against what init recorded before its first
 * use (TRUST.md): a swapped randomization.key would allocate from another
 * sequence and reveal a secret nobody can verify, a swapped pseudonym key
 * would let one person enrol twice, a swapped linkage.pub would seal
 * identities to someone else.  Nothing is written before this passes.
 */
static int
check_loaded(struct rct_store *s, unsigned fresh)
{
	unsigned char c[32];
	int match, rc;

	if (fresh & RCT_KEY_SIGNING) {
		if ((rc = meta_matches(s, "signing_key", s->keys.sign_pk,
			 sizeof(s->keys.sign_pk), &match)) != 0)
			return rc;
		if (!match)
			return rct_error(RCT_ESECRET,
			    "keys in '%s' belong to another trial than store "
			    "'%s'",
			    s->keys_dir, s->path);
	}
	if (fresh & RCT_KEY_SECRET) {
		rct_keys_commitment(c, s->keys.secret);
		if ((rc = meta_matches(s, "commitment", c, sizeof(c),
			 &match)) != 0)
			return rc;
		if (!match)
			return rct_error(RCT_ESECRET,
			    "randomization.key in '%s' does not match the "
			    "commitment store '%s' made at init: it is another "
			    "trial's or was swapped; nothing was written",
			    s->keys_dir, s->path);
	}
	if (fresh & RCT_KEY_PSEUDONYM) {
		rct_keys_pseudonym_check(c, s->keys.pseudonym);
		if ((rc = meta_matches(s, "pseudonym_check", c, sizeof(c),
			 &match)) != 0)
			return rc;
		if (!match)
			return rct_error(RCT_ESECRET,
			    "pseudonym.key in '%s' is not the key store '%s' "
			    "was created with; nothing was written",
			    s->keys_dir, s->path);
	}
	if (fresh & RCT_KEY_LINKAGE) {
		if ((rc = meta_matches(s, "linkage_key", s->keys.linkage_pk,
			 sizeof(s->keys.linkage_pk), &match)) != 0)
			return rc;
		if (!match)
			return rct_error(RCT_ESECRET,
			    "linkage.pub in '%s' is not the linkage key "
			    "recorded in store '%s'; nothing was written",
			    s->keys_dir, s->path);
	}
	return 0;
}

int
rct_store_identity_keys(struct rct_store *s,
    const struct rct_identity_keys **out)
{
	const struct rct_keys *k;
	int rc;

	*out = NULL;
	if (!s->in_tx || s->reading)
		return rct_error(RCT_ESTORE,
		    "sealing identities needs an open write transaction");
	if (!s->tx_identity_made) {
		if ((rc = rct_store_keys(s, RCT_KEY_IDENTITY, &k)) != 0)
			return rc;
		if (rct_identity_keys_derive(&s->tx_identity, k) != 0) {
			rct_identity_keys_wipe(&s->tx_identity);
			return rct_error(RCT_ESECRET,
			    "the linkage public key of store '%s' is not a "
			    "valid key",
			    s->path);
		}
		s->tx_identity_made = 1;
	}
	*out = &s->tx_identity;
	return 0;
}

int
rct_store_keys(struct rct_store *s, unsigned which, const struct rct_keys **out)
{
	unsigned fresh;
	int rc;

	*out = &s->keys;
	fresh = which & ~s->keys.loaded;
	if (s->memory || fresh == 0)
		return 0;
	if ((rc = rct_keys_load(&s->keys, s->keys_dir, fresh)) != 0)
		return rc;
	if ((rc = check_loaded(s, fresh & ~RCT_KEY_LEGACY)) != 0) {
		/* Not to be used by a later call either. */
		s->keys.loaded &= ~fresh;
		return rc;
	}
	return 0;
}
