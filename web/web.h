/*
 * The web service (trial-web): what the server, the route table and the
 * handlers share.  The server (server.c) takes each request through one
 * path: match the route (deny by default), read the session cookie, check
 * the role and the CSRF token, then run the handler inside one
 * transaction of the store with the audit actor set to the user; the
 * transaction commits only when the handler succeeded, and a refused
 * request rolls back whatever it touched (even a session's last_seen),
 * so the store stays byte for byte as it was.  A GET runs in a read
 * transaction (it writes nothing, unless its session's last_seen is due
 * to move: user_session.h), a POST in a write transaction.  The one slow
 * step, Argon2id at login and change of password, runs outside the store
 * (web_unlocked), so that it stalls nobody else's request.
 *
 * Requests that queue for the store commit together (group commit): each
 * runs in a savepoint of its own inside the open write transaction, kept
 * or undone alone, and the last of the queue commits them all, one
 * durable write and one signed head for the lot; no response leaves
 * before the commit that stores what it shows.  A GET runs on one of a
 * few read-only handles of the store, outside the writers' lock and
 * beside them (WAL: it reads the last commit, so it shows only what is
 * stored); only a GET whose session's last_seen is due goes the writers'
 * way.
 */
#ifndef RCT_WEB_H
#define RCT_WEB_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "form.h"
#include "i18n.h"
#include "store.h"
#include "user_session.h"

/* Who may use a route: bits of a role mask. */
enum web_role {
	WEB_ANON = 1 << 0, /* no session */
	WEB_STAFF = 1 << 1,
	WEB_RESEARCHER = 1 << 2,
	WEB_MONITOR = 1 << 3,
};
#define WEB_USERS (WEB_STAFF | WEB_RESEARCHER | WEB_MONITOR)

enum web_route_flags {
	/* Allowed before a one-time password is changed. */
	WEB_BEFORE_CHANGE = 1 << 0,
	/* The body is multipart/form-data (an upload). */
	WEB_MULTIPART = 1 << 1,
	/* A POST without a session, checked against the pre-session cookie. */
	WEB_PRESESSION = 1 << 2,
};

/* Bodies: a form, and a register upload. */
#define WEB_BODY_FORM (64 * 1024)
#define WEB_BODY_UPLOAD (4 * 1024 * 1024)

#define WEB_CSRF_HEX 65

struct web_req;
struct web_server;

struct web_route {
	const char *method;
	const char *pattern; /* '*' stands for one path segment */
	unsigned roles; /* enum web_role bits */
	unsigned flags;
	int (*fn)(struct web_req *r);
};

/* The route table (routes.c), ending with a NULL method. */
extern const struct web_route web_routes[];

struct web_hasher;

struct web_server_conf {
	const char *store_path;
	enum web_lang lang;
	int tls; /* cookies get Secure */
	/* Argon2id's processes (hasher.h), or NULL: in the server's own */
	struct web_hasher *hasher;
};

struct web_req {
	const struct web_server_conf *conf;
	struct web_server *server;
	struct rct_store *store;
	const struct web_route *route;
	const char *method;
	const char *path;
	char arg[64]; /* what the '*' of the pattern matched */
	/* GET ?name=value, through the server */
	const char *(*query)(const struct web_req *r, const char *name);
	void *conn;
	struct web_form form;
	/* the session, when there is one */
	int authed;
	struct rct_session_info sess;
	char token[RCT_SESSION_TOKEN_HEX];
	char **sites; /* a staff user's sites */
	size_t nsites;
	char csrf[WEB_CSRF_HEX]; /* for the forms of this page */
	const unsigned char *csrf_key;
	/* the response */
	int status;
	struct rct_buf body;
	const char *content_type; /* NULL: none (a 204) */
	char location[128]; /* a 303 when set */
	char cookies[3][256];
	size_t ncookies;
	char disposition[128];
	int commit; /* the handler succeeded: commit */
	int secret; /* the body shows a secret: wiped once sent */
	/*
	 * An error page is made (web_error_page): a handler's -1 says so, but
	 * RCT_EINVAL is -1 too, so a handler passing on a library's error
	 * asks this instead.
	 */
	int paged;
	/* Set by the server: the group commit the request waits for. */
	struct web_batch *batch;
	uint64_t commits; /* the store's commits when its work began */
	int failed; /* its own commit failed */
	int reader; /* store is one of the read handles (a GET) */
};

/*
 * Run work(arg) without the store, for Argon2id (64 MiB and about 0.1 s
 * of a core): the request's work so far is rolled back, what others
 * wrote before it in the same transaction committed, and the store's
 * lock released, so that other requests go on; at most as many such works
 * run at once as the machine has cores (up to WEB_UNLOCKED_MAX), the
 * others waiting their turn.  Then the lock is taken again and a write
 * transaction begun, and the session, when the request has one, is
 * checked again.  A handler calls it before it has written anything or
 * recorded a message, and reads from the store again afterwards what it
 * needs (anything may have changed).  work must not touch the store or
 * record messages.  0, or -1 with an error page made: the session ended
 * meanwhile (401; on a route open to anyone the request goes on without
 * it), the store failed (503).
 */
#define WEB_UNLOCKED_MAX 8
int web_unlocked(struct web_req *r, void (*work)(void *arg), void *arg);

/* How many web_unlocked() works run at once: the cores, 1 to the max. */
unsigned web_unlocked_slots(void);

/*
 * What the last web_committed_unlocked() work asked, kept by the server
 * for the next (they run one at a time): a witness that does not answer
 * takes its whole timeout, and the allocations that wait behind one asking
 * that already held them need not each wait as long again.
 */
struct web_asking {
	struct timespec began; /* CLOCK_MONOTONIC */
	uint64_t size; /* of the checkpoint asked; 0: none */
	int none; /* no witness cosigned */
	char why[512]; /* what the witnesses answered, then */
};

/*
 * Commit r's work now (with the rest of its group commit), then run
 * work(rs, last, arg) away from the writers' lock, on a read-only handle of its
 * own that sees that commit, once the commit is on disk: for asking the
 * witnesses, whose answers may take seconds (a witness that does not
 * answer must not hold up every other site's enrolments).  Such works run
 * one at a time (the witnesses are asked for checkpoints in the order of
 * the log), each on a snapshot taken once the one before has ended.  Then
 * the lock
 * is taken again and a write begun, and the session checked again, as by
 * web_unlocked().  On a store in memory (no second handle) work runs
 * under the lock, in the new write.  0 when work returned 0; -1 with an
 * error page made (the session ended meanwhile, the store failed); else
 * the error, recorded, of the commit or of work.  A handler calls it in a
 * write, and commits what it then writes as usual.
 */
int web_committed_unlocked(struct web_req *r,
    int (*work)(struct rct_store *rs, struct web_asking *last, void *arg),
    void *arg);

/* A page of this request (header with the user and the logout form). */
struct web_page;
void web_req_page(const struct web_req *r, struct web_page *pg);

/* The value of a GET argument, or NULL. */
const char *web_query(const struct web_req *r, const char *name);

/* Redirect with 303 See Other to location (a path of ours). */
void web_redirect(struct web_req *r, const char *location);

/* A whole error page of status: title, then the recorded messages. */
int web_error_page(struct web_req *r, int status, const char *title_key);

/* Nonzero when the user is staff of site. */
int web_staff_site(const struct web_req *r, const char *site);

/* The csrf value for session id (or a pre-session token) under key. */
void web_csrf_of(char out[WEB_CSRF_HEX], const unsigned char *key,
    const char *kind, const char *id);

/* Set-Cookie values. */
void web_cookie_add(struct web_req *r, const char *name, const char *value,
    long max_age);

/* Route matching: the route for method and path (NULL: none); arg gets '*'. */
const struct web_route *web_route_find(const char *method, const char *path,
    char *arg, size_t arglen, int *path_known);

#endif
