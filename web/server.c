/*
 * The request path of the web service (web.h, server.h).
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "audit.h"
#include "checkpoint.h"
#include "error.h"
#include "html.h"
#include "proofs.h"
#include "server.h"
#include "store.h"
#include "text.h"
#include "user.h"
#include "wake.h"
#include "web.h"

#define CSRF_KEY_BYTES 32

/*
 * At most this many requests wait for one group commit, so that a queue
 * that never empties still commits (and answers) in bounded time.
 */
#define BATCH_MAX 32

/* Read-only handles of the store for GETs, at most. */
#define READERS_MAX 8

/* The requests of one open write transaction (web.h, group commit). */
struct web_batch {
	/*
	 * A member waits for the commit without the store's lock, which it
	 * would otherwise take again on waking, one member after the other,
	 * in the writers' way; and on a futex (wake.h), so that the commit
	 * wakes all of them at once, each going on by itself.
	 */
	struct rct_wake wake;
	/* requests that wait for it or still run in it, and its waker */
	_Atomic int members;
	_Atomic int done;
	int rc; /* of its commit, set before done */
	uint64_t need; /* the store's commits begun once it was done */
};

struct web_server {
	const struct web_server_conf *conf;
	struct rct_store *store;
	pthread_mutex_t lock;
	atomic_int queued; /* threads waiting for the lock */
	struct web_batch *batch; /* the open write transaction's */
	/* Read handles not in use, taken and given back under pool_lock. */
	struct rct_store *readers[READERS_MAX];
	int nreaders, nfree;
	struct rct_store *free_readers[READERS_MAX];
	/* the proofs' tree the read handles share (proofs.h) */
	struct rct_proofs *proofs;
	pthread_mutex_t pool_lock;
	pthread_cond_t pool_cond;
	sem_t slots; /* of web_unlocked() work */
	/*
	 * web_committed_unlocked() work, one at a time: the witnesses are
	 * asked for one checkpoint after the other, each as new as the one
	 * before or newer (asked out of order, a witness takes the older for
	 * a rollback of the log and keeps it as evidence).
	 */
	pthread_mutex_t witness_lock;
	struct web_asking asked; /* the last such work's, under it */
	unsigned char csrf_key[CSRF_KEY_BYTES];
	struct MHD_Daemon *d;
	web_log_fn log;
};

/* What one connection's request holds between the calls of MHD. */
struct conn_state {
	struct timespec start;
	const struct web_route *route;
	char arg[64];
	int path_known;
	size_t max_body;
	struct rct_buf body;
	int responded; /* a 413 was sent while the body arrived */
};

static const char *
query_of(const struct web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
	    name);
}

const char *
web_query(const struct web_req *r, const char *name)
{
	return r->query(r, name);
}

void
web_redirect(struct web_req *r, const char *location)
{
	r->status = 303;
	snprintf(r->location, sizeof(r->location), "%s", location);
}

void
web_req_page(const struct web_req *r, struct web_page *pg)
{
	pg->lang = r->conf->lang;
	pg->user = r->authed ? r->sess.user : NULL;
	pg->role = r->authed ? r->sess.role : "";
	pg->csrf = r->csrf;
}

int
web_error_page(struct web_req *r, int status, const char *title_key)
{
	struct web_page pg;

	web_req_page(r, &pg);
	r->status = status;
	r->paged = 1;
	rct_buf_reset(&r->body);
	web_page_begin(&r->body, &pg, web_t(r->conf->lang, title_key));
	web_html_errors(&r->body, web_t(r->conf->lang, "errors"));
	if (status == 403) {
		rct_buf_adds(&r->body, "<p>");
		web_esc(&r->body, web_t(r->conf->lang, "forbidden_text"));
		rct_buf_adds(&r->body, "</p>\n");
	}
	web_page_end(&r->body);
	return -1;
}

int
web_staff_site(const struct web_req *r, const char *site)
{
	size_t i;

	if (!r->authed || strcmp(r->sess.role, "staff") != 0 || site == NULL)
		return 0;
	for (i = 0; i < r->nsites; i++)
		if (strcmp(r->sites[i], site) == 0)
			return 1;
	return 0;
}

void
web_csrf_of(char out[WEB_CSRF_HEX], const unsigned char *key, const char *kind,
    const char *id)
{
	unsigned char mac[32];
	crypto_generichash_state st;

	crypto_generichash_init(&st, key, CSRF_KEY_BYTES, sizeof(mac));
	crypto_generichash_update(&st, (const unsigned char *)kind,
	    strlen(kind) + 1);
	crypto_generichash_update(&st, (const unsigned char *)id, strlen(id));
	crypto_generichash_final(&st, mac, sizeof(mac));
	sodium_bin2hex(out, WEB_CSRF_HEX, mac, sizeof(mac));
}

void
web_cookie_add(struct web_req *r, const char *name, const char *value,
    long max_age)
{
	if (r->ncookies == sizeof(r->cookies) / sizeof(r->cookies[0]))
		return;
	snprintf(r->cookies[r->ncookies++], sizeof(r->cookies[0]),
	    "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s", name,
	    value, max_age, r->conf->tls ? "; Secure" : "");
}

/* Take the store's lock, counted among those who queue for it. */
static void
server_lock(struct web_server *sv)
{
	atomic_fetch_add(&sv->queued, 1);
	pthread_mutex_lock(&sv->lock);
	atomic_fetch_sub(&sv->queued, 1);
}

/* One of b's members is done with it; the last one out frees it. */
static void
batch_unref(struct web_batch *b)
{
	if (atomic_fetch_sub(&b->members, 1) == 1 && atomic_load(&b->done))
		free(b);
}

/*
 * The open batch ended with rc: wake the requests that wait for it.  The
 * waker counts among its members while it wakes them, so that the last
 * of them to leave does not free it under the waker's hands.
 */
static void
batch_done(struct web_server *sv, int rc)
{
	struct web_batch *b = sv->batch;

	sv->batch = NULL;
	atomic_fetch_add(&b->members, 1);
	b->rc = rc;
	b->need = rct_store_commits_begun(sv->store);
	atomic_store(&b->done, 1);
	rct_wake_all(&b->wake);
	batch_unref(b);
}

/* Commit the open batch. */
static void
batch_commit(struct web_server *sv)
{
	int rc;

	if (sv->batch == NULL)
		return;
	if (!rct_store_in_transaction(sv->store))
		rc = rct_error(RCT_ESTORE, "the transaction was lost");
	else
		rc = rct_store_commit(sv->store);
	rct_error_clear();
	batch_done(sv, rc);
}

/*
 * The open batch commits when nobody queues behind (the last of a queue
 * commits for all) or when it is full.
 */
static void
batch_due(struct web_server *sv)
{
	if (sv->batch &&
	    (atomic_load(&sv->queued) == 0 || sv->batch->members >= BATCH_MAX))
		batch_commit(sv);
}

/* r no longer waits for its batch; the last one out frees it. */
static void
batch_leave(struct web_req *r)
{
	struct web_batch *b = r->batch;

	r->batch = NULL;
	if (b != NULL)
		batch_unref(b);
}

/*
 * Begin r's work in the store: a read transaction of its own when it
 * only reads and no write transaction is open; else a savepoint in the
 * open batch's transaction, or in a new one.  -1 with an error recorded.
 */
static int
work_begin(struct web_server *sv, struct web_req *r, int reading)
{
	if (r->reader)
		return rct_store_begin_read(r->store);
	if (sv->batch == NULL && reading)
		return rct_store_begin_read(r->store);
	if (sv->batch == NULL) {
		struct web_batch *b = calloc(1, sizeof(*b));

		if (b == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		if (rct_store_begin(r->store) != 0) {
			free(b);
			return -1;
		}
		sv->batch = b;
	}
	r->batch = sv->batch;
	atomic_fetch_add(&r->batch->members, 1);
	r->commits = rct_store_commits(r->store);
	return rct_store_savepoint(r->store);
}

/*
 * End r's work: kept (keep) or undone.  In a batch its savepoint is kept
 * or rolled back and the commit left to batch_due(); a route that
 * committed by itself (a witnessed allocation commits before it asks
 * the witnesses) ended the batch there, and what it began afterwards is
 * its own, committed or rolled back now.
 */
static void
work_end(struct web_server *sv, struct web_req *r, int keep)
{
	struct rct_store *s = r->store;
	struct web_batch *b = r->batch;

	if (r->reader) {
		rct_store_rollback(s);
		return;
	}
	if (b == NULL) {
		if (keep && rct_store_in_transaction(s) &&
		    !rct_store_reading(s) && rct_store_commit(s) != 0)
			r->failed = 1;
		rct_store_rollback(s);
		return;
	}
	if (b != sv->batch)
		return; /* committed meanwhile (web_unlocked) */
	if (rct_store_commits(s) != r->commits) {
		/* The batch's work is stored; sv->batch's done is now. */
		batch_done(sv, 0);
		if (keep && rct_store_in_transaction(s) &&
		    rct_store_commit(s) != 0)
			r->failed = 1;
		rct_store_rollback(s);
		return;
	}
	if (keep) {
		if (rct_store_savepoint_release(s) != 0)
			r->failed = 1;
	} else
		rct_store_savepoint_rollback(s);
	if (!rct_store_in_transaction(s))
		batch_commit(sv); /* lost: every member fails */
}

/*
 * The store's lock taken again after work away from it, and r's work
 * begun again (a read, or a savepoint of a write); the session, when r
 * has one, checked again: it may have ended meanwhile (logout, disable,
 * reset).  0, or -1 with an error page made.
 */
static int
relock(struct web_server *sv, struct web_req *r, int reading)
{
	struct rct_session_info again;
	enum rct_session_status status;
	const char *cookie;
	int rc;

	server_lock(sv);
	if (work_begin(sv, r, reading) != 0)
		return web_error_page(r, 503, "bad_request");
	if (!r->authed)
		return 0;
	cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
	    "rct_session");
	memset(&again, 0, sizeof(again));
	rc = rct_user_session_validate(r->store, cookie ? cookie : "", &status,
	    &again);
	if (rc == 0 && (status != RCT_SESSION_OK || again.id != r->sess.id)) {
		r->authed = 0;
		sodium_memzero(&r->sess, sizeof(r->sess));
		/* A route open to anyone (the login) goes on without it. */
		if (!(r->route->roles & WEB_ANON)) {
			rct_error(RCT_EINVAL,
			    "the session ended meanwhile: log in again");
			rc = web_error_page(r, 401, "unauthorized");
		}
	} else if (rc != 0)
		rc = web_error_page(r, 500, "bad_request");
	else
		r->sess = again;
	sodium_memzero(&again, sizeof(again));
	return rc;
}

unsigned
web_unlocked_slots(void)
{
	/* As many Argon2id at once as there are cores. */
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	return ncpu < 1             ? 1 :
	    ncpu > WEB_UNLOCKED_MAX ? WEB_UNLOCKED_MAX :
				      (unsigned)ncpu;
}

int
web_unlocked(struct web_req *r, void (*work)(void *arg), void *arg)
{
	struct web_server *sv = r->server;
	int reading = r->batch == NULL;

	if (reading)
		rct_store_rollback(r->store);
	else {
		/* What came before r commits now, without waiting for it. */
		rct_store_savepoint_rollback(r->store);
		batch_commit(sv);
		batch_leave(r);
	}
	pthread_mutex_unlock(&sv->lock);
	while (sem_wait(&sv->slots) != 0)
		; /* EINTR */
	work(arg);
	sem_post(&sv->slots);
	rct_error_clear();
	return relock(sv, r, reading);
}

int
web_committed_unlocked(struct web_req *r,
    int (*work)(struct rct_store *rs, struct web_asking *last, void *arg),
    void *arg)
{
	struct web_server *sv = r->server;
	const char *path = rct_store_path(sv->store);
	struct web_batch *b = r->batch;
	struct rct_store *rs = NULL;
	int rc;

	if (b == NULL || r->reader || b != sv->batch)
		return rct_error(RCT_ESTORE,
		    "only a request in the open group commit commits before "
		    "it waits");
	/* r's work kept and committed now, with its batch. */
	if (rct_store_savepoint_release(r->store) != 0) {
		rct_store_rollback(r->store);
		batch_commit(sv); /* lost: every member fails */
		batch_leave(r);
		return RCT_ESTORE;
	}
	batch_commit(sv); /* b is the open batch: done, with its rc */
	rc = b->rc;
	batch_leave(r);
	if (rc != 0)
		return rct_error(RCT_ESTORE,
		    "the store could not commit this request: try again");
	if (path == NULL || strcmp(path, ":memory:") == 0) {
		/* No second handle on a store in memory: under the lock. */
		if (work_begin(sv, r, 0) != 0)
			return web_error_page(r, 503, "bad_request");
		return work(r->store, &sv->asked, arg);
	}
	pthread_mutex_unlock(&sv->lock);
	pthread_mutex_lock(&sv->witness_lock);
	if ((rc = rct_store_open(&rs, path, RCT_STORE_READ)) == 0) {
		uint64_t size;

		/*
		 * The handle's snapshot taken (its first read), then every
		 * commit it can see put on disk before anyone outside is
		 * told of it.
		 */
		if ((rc = rct_store_begin_read(rs)) == 0 &&
		    (rc = rct_checkpoint_latest_size(rs, &size)) ==
			RCT_ENOTFOUND) {
			rct_error_clear();
			rc = 0;
		}
		if (rc == 0)
			rc = rct_store_sync(sv->store,
			    rct_store_commits_begun(sv->store));
		if (rc == 0)
			rc = work(rs, &sv->asked, arg);
		rct_store_close(rs);
	}
	pthread_mutex_unlock(&sv->witness_lock);
	if (relock(sv, r, 0) != 0)
		return -1;
	return rc;
}

/* Nonzero for 64 lowercase hex digits, what our tokens are. */
static int
token_form(const char *t)
{
	return t && strlen(t) == 64 && strspn(t, "0123456789abcdef") == 64;
}

static unsigned
role_bit(const char *role)
{
	if (strcmp(role, "staff") == 0)
		return WEB_STAFF;
	if (strcmp(role, "researcher") == 0)
		return WEB_RESEARCHER;
	if (strcmp(role, "monitor") == 0)
		return WEB_MONITOR;
	return 0;
}

/* Iterator of query_text(): stop at a name or value with a NUL byte. */
static enum MHD_Result
nul_free(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
    const char *value, size_t value_size)
{
	const char **bad = cls;

	(void)kind;
	if (strlen(key) != key_size || (value && strlen(value) != value_size)) {
		*bad = key;
		return MHD_NO;
	}
	return MHD_YES;
}

/*
 * The query's names and values are text: one with a NUL byte (%00) is
 * refused, not read up to the NUL as another value (?allocated=P000001%00x
 * as P000001).  0, or an error page.
 */
static int
query_text(struct web_req *r)
{
	const char *bad = NULL;

	MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, nul_free,
	    &bad);
	if (bad == NULL)
		return 0;
	rct_error(RCT_EINVAL, "the query's %s holds a NUL byte, expected text",
	    bad);
	return web_error_page(r, 400, "bad_request");
}

/* Parse the body of a POST into r->form; 0, or an error page. */
static int
parse_body(struct web_req *r, struct MHD_Connection *c, struct conn_state *cs)
{
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *body = rct_buf_str(&cs->body);

	if (r->route->flags & WEB_MULTIPART) {
		if (type == NULL ||
		    strncmp(type, "multipart/form-data", 19) != 0) {
			rct_error(RCT_EINVAL,
			    "expected a multipart/form-data upload");
			return web_error_page(r, 400, "bad_request");
		}
		if (web_form_parse_multipart(&r->form, type, body,
			cs->body.len) != 0)
			return web_error_page(r, 400, "bad_request");
		return 0;
	}
	if (type != NULL &&
	    strncmp(type, "application/x-www-form-urlencoded", 33) != 0) {
		rct_error(RCT_EINVAL,
		    "expected a form (application/x-www-form-urlencoded)");
		return web_error_page(r, 400, "bad_request");
	}
	if (web_form_parse_urlencoded(&r->form, body, cs->body.len) != 0)
		return web_error_page(r, 400, "bad_request");
	return 0;
}

/*
 * Everything of one request, under the store's lock or on a read handle;
 * the response is left in r.  1 when a GET on a read handle must go the
 * writers' way instead (its session's last_seen is due), else 0.
 */
static int
process(struct web_server *sv, struct MHD_Connection *c, struct conn_state *cs,
    struct web_req *r)
{
	const char *cookie, *pre, *sent;
	enum rct_session_status status;
	char actor[RCT_USER_NAME_MAX + 8];
	unsigned bit;
	int post = strcmp(r->method, "POST") == 0, reading;

	rct_error_clear();
	if (r->route == NULL) {
		web_error_page(r, cs->path_known ? 405 : 404, "not_found");
		return 0;
	}
	/*
	 * A GET reads only, unless its session's last_seen is due to move
	 * (once a minute at most): then it begins again in a write.
	 */
	reading = !post;
again:
	if (work_begin(sv, r, reading) != 0) {
		web_error_page(r, 503, "bad_request");
		goto rollback;
	}
	cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "rct_session");
	if (token_form(cookie)) {
		if (rct_user_session_validate(r->store, cookie, &status,
			&r->sess) != 0) {
			web_error_page(r, 500, "bad_request");
			goto rollback;
		}
		if (status == RCT_SESSION_OK && r->sess.touch_due &&
		    r->batch == NULL) {
			rct_store_rollback(r->store);
			if (r->reader)
				return 1;
			reading = 0;
			goto again;
		}
		if (status == RCT_SESSION_OK) {
			r->authed = 1;
			snprintf(r->token, sizeof(r->token), "%s", cookie);
		}
	}
	if (r->authed && strcmp(r->sess.role, "staff") == 0 &&
	    rct_user_sites(r->store, r->sess.user, &r->sites, &r->nsites) !=
		0) {
		web_error_page(r, 500, "bad_request");
		goto rollback;
	}
	bit = r->authed ? role_bit(r->sess.role) : WEB_ANON;
	if (r->authed) {
		char id[24];

		snprintf(id, sizeof(id), "%lld", (long long)r->sess.id);
		web_csrf_of(r->csrf, sv->csrf_key, "session", id);
	}
	if (!(r->route->roles & bit)) {
		if (!r->authed) {
			if (post) {
				rct_error(RCT_EINVAL, "log in first");
				web_error_page(r, 401, "unauthorized");
			} else
				web_redirect(r, "/login");
		} else
			web_error_page(r, 403, "forbidden");
		goto rollback;
	}
	if (r->authed && r->sess.must_change &&
	    !(r->route->flags & WEB_BEFORE_CHANGE)) {
		web_redirect(r, "/password");
		goto rollback;
	}
	if (query_text(r) != 0)
		goto rollback;
	pre = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "rct_csrf");
	if ((r->route->flags & WEB_PRESESSION) && token_form(pre)) {
		snprintf(r->token, sizeof(r->token), "%s", pre);
		web_csrf_of(r->csrf, sv->csrf_key, "login", pre);
	}
	if (post) {
		if (parse_body(r, c, cs) != 0)
			goto rollback;
		sent = web_form_get(&r->form, "csrf", NULL);
		if (sent == NULL || r->csrf[0] == '\0' ||
		    strlen(sent) != strlen(r->csrf) ||
		    sodium_memcmp(sent, r->csrf, strlen(r->csrf)) != 0) {
			rct_error(RCT_EINVAL,
			    "the form's csrf token is missing or not this "
			    "session's");
			web_error_page(r, 403, "csrf_failed");
			goto rollback;
		}
	}
	/* Who acts: the user, or the service for an anonymous request. */
	if (r->authed)
		snprintf(actor, sizeof(actor), "web:%s", r->sess.user);
	else
		snprintf(actor, sizeof(actor), "web");
	rct_audit_set_actor(actor);
	r->commit = 0;
	r->route->fn(r);
	rct_audit_set_actor(NULL);
	work_end(sv, r, r->commit);
	if (r->failed)
		web_error_page(r, 500, "bad_request");
	return 0;
rollback:
	work_end(sv, r, 0);
	return 0;
}

/* A read handle, waiting for one to be given back if need be. */
static struct rct_store *
reader_take(struct web_server *sv)
{
	struct rct_store *s;

	pthread_mutex_lock(&sv->pool_lock);
	while (sv->nfree == 0)
		pthread_cond_wait(&sv->pool_cond, &sv->pool_lock);
	s = sv->free_readers[--sv->nfree];
	pthread_mutex_unlock(&sv->pool_lock);
	return s;
}

static void
reader_give(struct web_server *sv, struct rct_store *s)
{
	pthread_mutex_lock(&sv->pool_lock);
	sv->free_readers[sv->nfree++] = s;
	pthread_cond_signal(&sv->pool_cond);
	pthread_mutex_unlock(&sv->pool_lock);
}

/*
 * A GET on a read handle, beside the writers: 1 when answered so, 0
 * when it must take the writers' way (no read handles, or a write due).
 */
static int
process_read(struct web_server *sv, struct MHD_Connection *c,
    struct conn_state *cs, struct web_req *r)
{
	struct rct_store *rs;
	int again;

	if (sv->nreaders == 0 || cs->route == NULL ||
	    strcmp(r->method, "GET") != 0)
		return 0;
	rs = reader_take(sv);
	r->store = rs;
	r->reader = 1;
	again = process(sv, c, cs, r);
	rct_error_clear();
	rct_text_now_release();
	r->store = sv->store;
	r->reader = 0;
	reader_give(sv, rs);
	if (again)
		sodium_memzero(&r->sess, sizeof(r->sess));
	return !again;
}

/*
 * After process(), under the store's lock: commit the batch when due,
 * give the lock up, and wait for the commit that stores what r's
 * response shows.  The commits r's response needs on disk (await_disk).
 */
static uint64_t
await_commit(struct web_server *sv, struct web_req *r)
{
	struct web_batch *b = r->batch;
	uint64_t need;
	int rc;

	batch_due(sv);
	rct_text_now_release();
	need = rct_store_commits_begun(sv->store);
	pthread_mutex_unlock(&sv->lock);
	if (b == NULL)
		return need;
	rct_wake_until(&b->wake, &b->done);
	rc = b->rc;
	need = b->need;
	if (rc != 0) {
		rct_error(RCT_ESTORE,
		    "the store could not commit this request: try again");
		web_error_page(r, 500, "bad_request");
		rct_error_clear();
	}
	batch_leave(r);
	return need;
}

/*
 * Before r's response leaves: every commit begun up to need (all that r
 * did or read) is on disk.  The writer's handle commits without waiting
 * for the disk (rct_store_defer_sync), so that the next batch is written
 * while this one's sync runs; a sync that fails answers 500.
 */
static void
await_disk(struct web_server *sv, struct web_req *r, uint64_t need)
{
	if (rct_store_sync(sv->store, need) == 0)
		return;
	r->location[0] = '\0';
	r->ncookies = 0;
	web_error_page(r, 500, "bad_request");
	rct_error_clear();
}

static void
add_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'none'; style-src 'self'; img-src 'self'; "
	    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
}

/*
 * The request's line: when, method, route pattern, status, time taken.
 * Made for every request, so made cheaply: the date is formatted once a
 * second per thread, and the time taken in tenths of a millisecond as an
 * integer (no floating-point formatting).
 */
static void
log_request(struct web_server *sv, const char *method, const char *pattern,
    int status, const struct timespec *start)
{
	static _Thread_local time_t last;
	static _Thread_local char when[32];
	struct timespec now;
	time_t t = time(NULL);
	char line[256];
	long long tenths;

	if (sv->log == NULL)
		return;
	if (t != last || when[0] == '\0') {
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		last = t;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	tenths = ((long long)(now.tv_sec - start->tv_sec) * 1000000000LL +
		     (now.tv_nsec - start->tv_nsec) + 50000) /
	    100000;
	snprintf(line, sizeof(line), "%s %s %s %d %lld.%lldms", when,
	    strcmp(method, "GET") == 0 || strcmp(method, "POST") == 0 ? method :
									"OTHER",
	    pattern, status, tenths / 10, tenths % 10);
	sv->log(line);
}

/* A page that showed a secret, wiped when MHD is done with it. */
struct secret_page {
	char *page;
	size_t wipe;
};

static void
secret_page_free(void *cls)
{
	struct secret_page *sp = cls;

	sodium_memzero(sp->page, sp->wipe);
	free(sp->page);
	free(sp);
}

/*
 * A response of page (len bytes), handed over: MHD frees it once sent,
 * its first wipe bytes wiped first when wipe is not 0.
 */
static struct MHD_Response *
page_response(char *page, size_t len, size_t wipe)
{
	struct MHD_Response *resp;
	struct secret_page *sp;

	if (wipe == 0) {
		resp = MHD_create_response_from_buffer(len, page,
		    MHD_RESPMEM_MUST_FREE);
		if (resp == NULL)
			free(page);
		return resp;
	}
	if ((sp = malloc(sizeof(*sp))) == NULL) {
		sodium_memzero(page, wipe);
		free(page);
		return NULL;
	}
	sp->page = page;
	sp->wipe = wipe;
	resp = MHD_create_response_from_buffer_with_free_callback_cls(len, page,
	    secret_page_free, sp);
	if (resp == NULL)
		secret_page_free(sp);
	return resp;
}

static enum MHD_Result
respond(struct web_server *sv, struct MHD_Connection *c, struct conn_state *cs,
    const char *method, struct web_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result rc;
	size_t i, len, cap;
	char *page;

	if (rct_buf_failed(&r->body)) {
		rct_buf_reset(&r->body);
		r->status = 500;
	}
	/* The page handed over, not copied. */
	len = r->body.len;
	/* All of a secret's buffer wiped, past a page made again in it. */
	cap = r->body.data ? r->body.cap : 0;
	if ((page = rct_buf_detach(&r->body)) == NULL ||
	    (resp = page_response(page, len, r->secret ? cap : 0)) == NULL)
		return MHD_NO;
	add_security_headers(resp);
	if (r->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		    r->content_type);
	if (r->location[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION,
		    r->location);
	if (r->disposition[0])
		MHD_add_response_header(resp, "Content-Disposition",
		    r->disposition);
	for (i = 0; i < r->ncookies; i++)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE,
		    r->cookies[i]);
	rc = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	log_request(sv, method, cs->route ? cs->route->pattern : "-", r->status,
	    &cs->start);
	return rc;
}

/*
 * Refuse a body over the limit at once, without the store's lock (and so
 * without rct_error, whose list the lock guards): MHD closes the
 * connection after the response instead of reading the rest.
 */
static enum MHD_Result
refuse_large(struct web_server *sv, struct MHD_Connection *c,
    struct conn_state *cs, const char *method)
{
	struct web_page pg;
	struct web_req r;
	enum MHD_Result rc;
	char text[96];

	memset(&r, 0, sizeof(r));
	memset(&pg, 0, sizeof(pg));
	r.conf = sv->conf;
	r.status = 413;
	r.content_type = "text/html; charset=utf-8";
	rct_buf_init(&r.body);
	pg.lang = sv->conf->lang;
	pg.role = "";
	web_page_begin(&r.body, &pg, web_t(pg.lang, "too_large"));
	snprintf(text, sizeof(text), "the body is longer than %zu bytes",
	    cs->max_body);
	rct_buf_adds(&r.body, "<p role=\"alert\">");
	web_esc(&r.body, text);
	rct_buf_adds(&r.body, "</p>\n");
	web_page_end(&r.body);
	cs->responded = 1;
	rct_buf_release(&cs->body);
	rc = respond(sv, c, cs, method, &r);
	rct_buf_release(&r.body);
	return rc;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size,
    void **con_cls)
{
	struct web_server *sv = cls;
	struct conn_state *cs = *con_cls;
	struct web_req r;
	enum MHD_Result rc;
	uint64_t need;

	(void)version;
	if (cs == NULL) {
		const char *len;

		if ((cs = calloc(1, sizeof(*cs))) == NULL)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &cs->start);
		rct_buf_init(&cs->body);
		cs->route = web_route_find(method, url, cs->arg,
		    sizeof(cs->arg), &cs->path_known);
		cs->max_body = cs->route && (cs->route->flags & WEB_MULTIPART) ?
		    WEB_BODY_UPLOAD :
		    WEB_BODY_FORM;
		len = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		*con_cls = cs;
		if (len && strtoull(len, NULL, 10) > cs->max_body)
			return refuse_large(sv, c, cs, method);
		return MHD_YES;
	}
	if (cs->responded) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (cs->body.len + *upload_data_size > cs->max_body) {
			*upload_data_size = 0;
			return refuse_large(sv, c, cs, method);
		}
		rct_buf_add(&cs->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	memset(&r, 0, sizeof(r));
	r.conf = sv->conf;
	r.server = sv;
	r.store = sv->store;
	r.route = cs->route;
	r.method = method;
	r.path = url;
	snprintf(r.arg, sizeof(r.arg), "%s", cs->arg);
	r.query = query_of;
	r.conn = c;
	r.csrf_key = sv->csrf_key;
	r.status = 200;
	r.content_type = "text/html; charset=utf-8";
	rct_buf_init(&r.body);
	if (!process_read(sv, c, cs, &r)) {
		server_lock(sv);
		process(sv, c, cs, &r);
		rct_error_clear();
		need = await_commit(sv, &r);
	} else
		need = rct_store_commits_begun(sv->store);
	await_disk(sv, &r, need);
	rc = respond(sv, c, cs, method, &r);
	web_form_release(&r.form);
	rct_user_sites_free(r.sites, r.nsites);
	sodium_memzero(r.token, sizeof(r.token));
	sodium_memzero(&r.sess, sizeof(r.sess));
	rct_buf_release(&r.body);
	return rc;
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct conn_state *cs = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (cs) {
		if (cs->body.data)
			sodium_memzero(cs->body.data, cs->body.len);
		rct_buf_release(&cs->body);
		free(cs);
		*con_cls = NULL;
	}
}

/*
 * Read-only handles of the store for GETs, two a core (up to
 * READERS_MAX).  A migration still to do is done first, on the writer, so
 * that they read the schema they know.  None for a store in memory (a
 * second handle would be another store); when they do not open, GETs go
 * the writers' way.
 */
static int
open_readers(struct web_server *sv)
{
	const char *path = rct_store_path(sv->store);
	long n = sysconf(_SC_NPROCESSORS_ONLN) * 2;
	int rc;

	if ((rc = rct_store_begin(sv->store)) != 0 ||
	    (rc = rct_store_commit(sv->store)) != 0)
		return rc;
	if (path == NULL || strcmp(path, ":memory:") == 0)
		return 0;
	if (n < 1)
		n = 1;
	if (n > READERS_MAX)
		n = READERS_MAX;
	if (rct_proofs_new(&sv->proofs) != 0)
		n = 0; /* GETs go the writers' way */
	while (sv->nreaders < n &&
	    rct_store_open(&sv->readers[sv->nreaders], path, RCT_STORE_READ) ==
		0) {
		rct_proofs_share(sv->readers[sv->nreaders], sv->proofs);
		sv->free_readers[sv->nreaders] = sv->readers[sv->nreaders];
		sv->nreaders++;
	}
	sv->nfree = sv->nreaders;
	rct_error_clear();
	return 0;
}

static void
close_readers(struct web_server *sv)
{
	int i;

	for (i = 0; i < sv->nreaders; i++)
		rct_store_close(sv->readers[i]);
	sv->nreaders = sv->nfree = 0;
	rct_proofs_free(sv->proofs);
	sv->proofs = NULL;
}

/* Everything web_server_start() made, undone (sv itself freed). */
static void
server_free(struct web_server *sv)
{
	close_readers(sv);
	pthread_mutex_destroy(&sv->lock);
	pthread_mutex_destroy(&sv->witness_lock);
	pthread_mutex_destroy(&sv->pool_lock);
	pthread_cond_destroy(&sv->pool_cond);
	sem_destroy(&sv->slots);
	sodium_memzero(sv->csrf_key, sizeof(sv->csrf_key));
	free(sv);
}

/* The port of the address to listen on. */
static int
listen_port(const struct web_listen *l)
{
	if (l->addr.ss_family == AF_INET6)
		return (int)ntohs(
		    ((const struct sockaddr_in6 *)&l->addr)->sin6_port);
	return (int)ntohs(((const struct sockaddr_in *)&l->addr)->sin_port);
}

int
web_server_start(struct web_server **out, const struct web_server_conf *conf,
    struct rct_store *s, const struct web_listen *l, web_log_fn log, int *port)
{
	static const char domain[] = "rct-web-csrf-v1";
	const struct rct_keys *k;
	const union MHD_DaemonInfo *info;
	struct web_server *sv;
	/*
	 * A thread for each connection (a request may wait for the
	 * writers' lock, a group commit and the disk), each waiting on its
	 * socket with poll(): no FD_SETSIZE bound on descriptors as with
	 * select(), and 3% more arms a second at 50 clients.
	 */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL;
	int rc;

	*out = NULL;
	if (l->addr.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if ((rc = rct_store_keys(s, RCT_KEY_SIGNING, &k)) != 0)
		return rc;
	if ((sv = calloc(1, sizeof(*sv))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	sv->conf = conf;
	sv->store = s;
	sv->log = log;
	crypto_generichash(sv->csrf_key, sizeof(sv->csrf_key),
	    (const unsigned char *)domain, sizeof(domain), k->sign_sk, 32);
	pthread_mutex_init(&sv->lock, NULL);
	pthread_mutex_init(&sv->witness_lock, NULL);
	pthread_mutex_init(&sv->pool_lock, NULL);
	pthread_cond_init(&sv->pool_cond, NULL);
	sem_init(&sv->slots, 0, web_unlocked_slots());
	if ((rc = open_readers(sv)) != 0 ||
	    (rc = rct_store_defer_sync(s)) != 0 ||
	    (rc = rct_store_checkpoint_apart(s)) != 0) {
		server_free(sv);
		return rc;
	}
	if (l->cert_pem && l->key_pem) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			server_free(sv);
			return rct_error(RCT_EINVAL,
			    "this libmicrohttpd was built without TLS");
		}
		flags |= MHD_USE_TLS;
		sv->d = MHD_start_daemon(flags, 0, NULL, NULL, handle, sv,
		    MHD_OPTION_SOCK_ADDR, &l->addr, MHD_OPTION_NOTIFY_COMPLETED,
		    completed, NULL, MHD_OPTION_CONNECTION_LIMIT,
		    l->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		    l->max_per_ip, MHD_OPTION_CONNECTION_TIMEOUT, l->timeout,
		    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		    MHD_OPTION_HTTPS_MEM_KEY, l->key_pem,
		    MHD_OPTION_HTTPS_MEM_CERT, l->cert_pem, MHD_OPTION_END);
	} else
		sv->d = MHD_start_daemon(flags, 0, NULL, NULL, handle, sv,
		    MHD_OPTION_SOCK_ADDR, &l->addr, MHD_OPTION_NOTIFY_COMPLETED,
		    completed, NULL, MHD_OPTION_CONNECTION_LIMIT,
		    l->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		    l->max_per_ip, MHD_OPTION_CONNECTION_TIMEOUT, l->timeout,
		    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		    MHD_OPTION_END);
	if (sv->d == NULL) {
		server_free(sv);
		return rct_error(RCT_EIO,
		    "cannot listen on port %d (in use, or the TLS "
		    "certificate and key do not load)",
		    listen_port(l));
	}
	info = MHD_get_daemon_info(sv->d, MHD_DAEMON_INFO_BIND_PORT);
	*port = info ? (int)info->port : listen_port(l);
	*out = sv;
	return 0;
}

void
web_server_stop(struct web_server *sv)
{
	if (sv == NULL)
		return;
	MHD_stop_daemon(sv->d);
	/* A request still in its handler finishes before the lock is ours. */
	pthread_mutex_lock(&sv->lock);
	batch_commit(sv); /* none is open once every request has ended */
	pthread_mutex_unlock(&sv->lock);
	rct_store_sync(sv->store, rct_store_commits_begun(sv->store));
	rct_error_clear();
	server_free(sv);
}
