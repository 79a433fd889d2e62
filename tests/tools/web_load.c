/*
 * web_load: many site-staff sessions enrolling and allocating through the
 * web service at once, as browsers would (tests/stress/web-load.sh,
 * bench/web.sh).
 *
 * Each of --clients threads logs in as one user of --users (cycled: with
 * fewer users than clients, users hold several sessions), then takes rows
 * of its user's site from --register (a register as gen_register writes
 * it) and for each: GET /enrol?site=S, POST /enrol with the row's fields
 * (303 to /participant/PID), GET /participant/PID, POST /allocate (303
 * back), GET /participant/PID and reads the arm shown in id="arm".  Every
 * POST carries the csrf token of the page it was reached from, and the
 * session cookie.  With --one-step the form's second button is pressed
 * instead (then=allocate: enrol and allocate in one write, 303 to
 * /enrol?allocated=PID), and the page it sends to is read for the arm;
 * that page is the form again, so the next participant is sent from it as
 * staff would: two requests a participant (the first of a session, and
 * any after a refusal or a cut, GET the form first), not five.  With
 * --tolerate-down a cut before the 303 drops the row (enrolled
 * and allocated or neither, unknown: no arm was shown), and one after it
 * reads the arm from the participant's page on the next turn, where one
 * must be shown (enrolled in one step is allocated in the same write).
 *
 * The HTTP is its own, HTTP/1.1 over one kept-alive connection a client
 * (Content-Length bodies, the cookies the server sets): the load runs on
 * the cores the server is measured on, and libcurl's easy interface took
 * about a fifth of them (tests/stress, bench/web.sh).  --url is
 * http://HOST:PORT with a numeric IPv4 HOST.
 *
 *   web_load --url http://127.0.0.1:PORT --users FILE --register FILE
 *            [--clients N] [--seconds S] [--total N] [--arms FILE]
 *            [--latency FILE] [--tolerate-down] [--one-step]
 *
 * FILE of --users: one "name password sites" a line, the sites separated
 * by commas; a client takes the register's rows of its user's sites.  --arms:
 * one "PID,arm" line per arm shown to a client.  --latency: one line per
 * participant, milliseconds from the GET of the form (with --one-step,
 * from the POST when the form came with the last arm) to the arm shown,
 * and of the allocation alone (POST /allocate, or with --one-step the
 * POST /enrol, and the page showing the arm).
 * Every loop is bounded by --seconds (default 60) and --total rows.
 *
 * Without --tolerate-down every transport error and every status other
 * than the one expected (200 for a page, 303 for a form) is an error,
 * shown on stderr with the start of the page.  With it, a refused or cut
 * connection (the server killed and restarting: tests/stress) is tried
 * again after 20 ms: before the enrolment with the next row, after it
 * from the participant's page, which shows the arm when the allocation
 * had committed before the cut (counted as retried) and else the form to
 * allocate; a status is still an error.
 *
 * Every client logs in first (within --seconds and two minutes more); the
 * clock of the run, and its --seconds, start once all have.
 * Printed at the end, one line: participants enrolled, arms shown, arms
 * shown on a retry, errors, 5xx answers, transport failures, logins, the
 * seconds the logins took, the seconds of the run, and the median and
 * 99th percentile of both latencies and the arms per second.
 * Exit 0 when there was no error (and, unless --tolerate-down, no
 * transport failure), 1 otherwise, 2 on bad usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MAX_FIELDS 16
#define MAX_LINE 1024
#define TOKEN_MAX 256
#define COOKIES_MAX 4
#define HEAD_MAX 8192
#define BODY_MAX (16 * 1024 * 1024)

struct user {
	char name[128];
	char password[256];
	char site[256];
};

struct row {
	char *fields[MAX_FIELDS];
	char *line;
	int taken;
};

struct sample {
	double total_ms;
	double alloc_ms;
};

struct shared {
	const char *url;
	struct sockaddr_in addr; /* of url */
	char host[64];
	struct user *users;
	int n_users;
	char *header[MAX_FIELDS];
	int n_fields;
	int site_col;
	struct row *rows;
	int n_rows;
	int total;
	int taken;
	int first_free; /* rows before it are all taken */
	double deadline;
	pthread_barrier_t logged_in;
	int tolerate_down;
	int one_step; /* the form's Enrol and allocate (then=allocate) */
	FILE *arms;
	pthread_mutex_t lock;
	/* under lock */
	struct sample *samples;
	int n_samples, cap_samples;
	int enrolled, shown, retried, errors, status5xx, transport, logins;
};

struct buf {
	char *data;
	size_t len, cap;
};

struct cookie {
	char name[64];
	char value[TOKEN_MAX];
};

struct client {
	struct shared *sh;
	const struct user *user;
	int fd; /* the kept-alive connection, or -1 */
	int timeout_ms;
	struct cookie cookies[COOKIES_MAX];
	struct buf out, in; /* the request sent, what came back */
	struct buf body;
	char location[512];
	long status;
	char pending[64];
	/* with --one-step: the csrf of the form that came with the last arm */
	char next_token[TOKEN_MAX];
	int id;
};

static volatile sig_atomic_t stopping;

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* The counters are shared; every change under the lock. */
static void
count(struct shared *sh, int *counter)
{
	pthread_mutex_lock(&sh->lock);
	(*counter)++;
	pthread_mutex_unlock(&sh->lock);
}

static void
report(struct client *c, const char *what, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = c->body.len > 400 ? 400 : (int)c->body.len;
	fprintf(stderr, "web_load: client %d (%s): %s: %s%s%.*s\n", c->id,
	    c->user->name, what, msg, n ? "\n  page: " : "", n,
	    n ? c->body.data : "");
}

/* Append len bytes to b (kept NUL-terminated); 0 or -1. */
static int
buf_add(struct buf *b, const char *p, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = (b->len + len + 1) * 2;
		char *d = realloc(b->data, cap);

		if (d == NULL)
			return -1;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

static void
conn_close(struct client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/* Apply c->timeout_ms to the connection's sends and receives. */
static void
conn_timeouts(struct client *c)
{
	struct timeval tv = {c->timeout_ms / 1000,
	    (c->timeout_ms % 1000) * 1000};

	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* A new connection to the server; 0, or -1 with why in err. */
static int
conn_open(struct client *c, const char **err)
{
	int one = 1;

	conn_close(c);
	if ((c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		*err = strerror(errno);
		return -1;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	conn_timeouts(c);
	if (connect(c->fd, (const struct sockaddr *)&c->sh->addr,
		sizeof(c->sh->addr)) != 0) {
		*err = strerror(errno);
		conn_close(c);
		return -1;
	}
	return 0;
}

/* Set how long a request may wait for the server (a login's Argon2id). */
static void
set_timeout(struct client *c, int ms)
{
	c->timeout_ms = ms;
	if (c->fd >= 0)
		conn_timeouts(c);
}

/* The cookie of that name, or NULL. */
static struct cookie *
cookie_find(struct client *c, const char *name, size_t len)
{
	int i;

	for (i = 0; i < COOKIES_MAX; i++)
		if (c->cookies[i].name[0] &&
		    strlen(c->cookies[i].name) == len &&
		    memcmp(c->cookies[i].name, name, len) == 0)
			return &c->cookies[i];
	return NULL;
}

/*
 * Keep what one Set-Cookie header's value (v up to end) sets: name=value
 * up to the first ';'.  An empty value, or Max-Age=0 among the
 * attributes, forgets the cookie.
 */
static void
cookie_set(struct client *c, const char *v, const char *end)
{
	const char *eq = memchr(v, '=', (size_t)(end - v)), *val, *semi, *a;
	struct cookie *k;
	size_t n;
	int i, gone;

	if (eq == NULL || eq == v || (size_t)(eq - v) >= sizeof(k->name))
		return;
	val = eq + 1;
	semi = memchr(val, ';', (size_t)(end - val));
	n = (size_t)((semi ? semi : end) - val);
	gone = n == 0 || n >= sizeof(k->value);
	for (a = semi; a != NULL && a < end;
	     a = memchr(a + 1, ';', (size_t)(end - a - 1))) {
		const char *t = a + 1;

		while (t < end && *t == ' ')
			t++;
		if ((size_t)(end - t) >= 9 &&
		    strncasecmp(t, "Max-Age=0", 9) == 0)
			gone = 1;
	}
	k = cookie_find(c, v, (size_t)(eq - v));
	if (gone) {
		if (k != NULL)
			memset(k, 0, sizeof(*k));
		return;
	}
	for (i = 0; k == NULL && i < COOKIES_MAX; i++)
		if (!c->cookies[i].name[0])
			k = &c->cookies[i];
	if (k == NULL)
		return;
	memcpy(k->name, v, (size_t)(eq - v));
	k->name[eq - v] = '\0';
	memcpy(k->value, val, n);
	k->value[n] = '\0';
}

/* The request line, headers and body of one request, into c->out. */
static int
build_request(struct client *c, const char *path, const char *post)
{
	char line[1024];
	int i, first = 1;

	c->out.len = 0;
	snprintf(line, sizeof(line),
	    "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: web_load\r\n",
	    post ? "POST" : "GET", path, c->sh->host);
	if (buf_add(&c->out, line, strlen(line)) < 0)
		return -1;
	for (i = 0; i < COOKIES_MAX; i++) {
		if (!c->cookies[i].name[0])
			continue;
		snprintf(line, sizeof(line), "%s%s=%s",
		    first ? "Cookie: " : "; ", c->cookies[i].name,
		    c->cookies[i].value);
		first = 0;
		if (buf_add(&c->out, line, strlen(line)) < 0)
			return -1;
	}
	if (!first && buf_add(&c->out, "\r\n", 2) < 0)
		return -1;
	if (post) {
		snprintf(line, sizeof(line),
		    "Content-Type: application/x-www-form-urlencoded\r\n"
		    "Content-Length: %zu\r\n",
		    strlen(post));
		if (buf_add(&c->out, line, strlen(line)) < 0)
			return -1;
	}
	if (buf_add(&c->out, "\r\n", 2) < 0 ||
	    (post && buf_add(&c->out, post, strlen(post)) < 0))
		return -1;
	return 0;
}

/*
 * One header line p (up to eol) of a response: Content-Length into
 * *want, Location, Set-Cookie and Connection: close kept.  0, or -1 with
 * why in err (a body this client does not read).
 */
static int
take_header(struct client *c, const char *p, const char *eol, size_t *want,
    int *have_length, int *close_after, const char **err)
{
	const char *v = strchr(p, ':');

	if (v == NULL || v > eol)
		return 0;
	v++;
	while (v < eol && *v == ' ')
		v++;
	if (strncasecmp(p, "Content-Length:", 15) == 0) {
		*want = strtoul(v, NULL, 10);
		*have_length = 1;
	} else if (strncasecmp(p, "Location:", 9) == 0)
		snprintf(c->location, sizeof(c->location), "%.*s",
		    (int)(eol - v), v);
	else if (strncasecmp(p, "Set-Cookie:", 11) == 0)
		cookie_set(c, v, eol);
	else if (strncasecmp(p, "Connection:", 11) == 0 &&
	    (size_t)(eol - v) >= 5 && strncasecmp(v, "close", 5) == 0)
		*close_after = 1;
	else if (strncasecmp(p, "Transfer-Encoding:", 18) == 0) {
		*err = "a chunked body (not read here)";
		return -1;
	}
	return 0;
}

/*
 * The head of the response in c->in (head_len bytes, its blank line
 * included): c->status and the headers, the body's length in *want.  0,
 * or -1 with why in err.
 */
static int
parse_head(struct client *c, size_t head_len, size_t *want, int *close_after,
    const char **err)
{
	const char *p = c->in.data, *end = c->in.data + head_len - 2, *eol;
	int have_length = 0;

	if (sscanf(p, "HTTP/1.%*d %ld", &c->status) != 1) {
		*err = "not an HTTP response";
		return -1;
	}
	*close_after = strncmp(p, "HTTP/1.0", 8) == 0;
	for (p = strstr(p, "\r\n") + 2; p < end; p = eol + 2) {
		eol = strstr(p, "\r\n");
		if (take_header(c, p, eol, want, &have_length, close_after,
			err) < 0)
			return -1;
	}
	if (!have_length) {
		*err = "no Content-Length";
		return -1;
	}
	if (*want > BODY_MAX) {
		*err = "a body over 16 MiB";
		return -1;
	}
	return 0;
}

/*
 * Send c->out and read one response: c->status, c->location, the cookies
 * and c->body.  0; -1 with why in err; -2 when the connection was found
 * closed before any of the response came (a kept-alive connection the
 * server had let go: worth one more try on a new one).
 */
static int
exchange(struct client *c, const char **err)
{
	size_t sent = 0, head_len = 0, want = 0;
	int close_after = 0;
	char chunk[16384];
	ssize_t n;

	while (sent < c->out.len) {
		n = send(c->fd, c->out.data + sent, c->out.len - sent,
		    MSG_NOSIGNAL);
		if (n <= 0) {
			*err = n < 0 ? strerror(errno) : "connection closed";
			return n < 0 &&
				(errno == EPIPE || errno == ECONNRESET) ?
			    -2 :
			    -1;
		}
		sent += (size_t)n;
	}
	c->in.len = 0;
	for (;;) {
		const char *hend;

		if (head_len == 0 && c->in.len > 0 &&
		    (hend = strstr(c->in.data, "\r\n\r\n")) != NULL) {
			head_len = (size_t)(hend - c->in.data) + 4;
			if (parse_head(c, head_len, &want, &close_after, err) <
			    0)
				return -1;
		} else if (head_len == 0 && c->in.len > HEAD_MAX) {
			*err = "a head over 8 KiB";
			return -1;
		}
		if (head_len > 0 && c->in.len >= head_len + want)
			break;
		n = recv(c->fd, chunk, sizeof(chunk), 0);
		if (n == 0 || (n < 0 && errno == ECONNRESET)) {
			*err = "connection closed";
			return c->in.len == 0 ? -2 : -1;
		}
		if (n < 0) {
			*err = errno == EAGAIN || errno == EWOULDBLOCK ?
			    "timed out" :
			    strerror(errno);
			return -1;
		}
		if (buf_add(&c->in, chunk, (size_t)n) < 0) {
			*err = "out of memory";
			return -1;
		}
	}
	if (buf_add(&c->body, c->in.data + head_len, want) < 0) {
		*err = "out of memory";
		return -1;
	}
	if (close_after)
		conn_close(c);
	return 0;
}

/*
 * One request: GET when post is NULL, else POST of the url-encoded post.
 * Returns 0 with c->status, c->body and c->location set, or -1 on a
 * transport failure (counted, and reported unless tolerated).  A request
 * on a kept-alive connection found closed before any answer is sent once
 * more on a new one, as browsers do.
 */
static int
request(struct client *c, const char *path, const char *post)
{
	const char *err = "out of memory", *q;
	int rc = -1, tries, reused;

	c->body.len = 0;
	if (c->body.data != NULL)
		c->body.data[0] = '\0';
	c->location[0] = '\0';
	c->status = 0;
	if (build_request(c, path, post) == 0)
		for (tries = 0; tries < 2; tries++) {
			reused = c->fd >= 0;
			if (!reused && conn_open(c, &err) < 0)
				break;
			if ((rc = exchange(c, &err)) != 0)
				conn_close(c);
			if (rc != -2 || !reused)
				break;
		}
	if (rc != 0) {
		count(c->sh, &c->sh->transport);
		if (!c->sh->tolerate_down)
			report(c, path, "%s", err);
		return -1;
	}
	/* An absolute Location: its path. */
	if ((q = strstr(c->location, "://")) != NULL) {
		q = strchr(q + 3, '/');
		memmove(c->location, q ? q : "", strlen(q ? q : "") + 1);
	}
	if (c->status >= 500)
		count(c->sh, &c->sh->status5xx);
	return 0;
}

/* The request answered with status want; else an error, reported. */
static int
expect(struct client *c, const char *path, long want)
{
	if (c->status == want)
		return 0;
	count(c->sh, &c->sh->errors);
	report(c, path, "status %ld, expected %ld%s%s", c->status, want,
	    c->location[0] ? ", location " : "", c->location);
	return -1;
}

/*
 * The value of the attribute attr of the first element of the page that
 * has the attribute marker (as 'name="csrf"'), into out; 0 or -1.
 */
static int
attr_of(const char *page, const char *marker, const char *attr, char *out,
    size_t size)
{
	const char *m, *start, *end, *v;
	char key[64];
	size_t n;

	if (page == NULL || (m = strstr(page, marker)) == NULL)
		return -1;
	for (start = m; start > page && *start != '<'; start--)
		;
	if ((end = strchr(m, '>')) == NULL)
		return -1;
	snprintf(key, sizeof(key), " %s=\"", attr);
	v = strstr(start, key);
	if (v == NULL || v > end)
		return -1;
	v += strlen(key);
	n = strcspn(v, "\"");
	if (n >= size)
		return -1;
	memcpy(out, v, n);
	out[n] = '\0';
	return 0;
}

/*
 * The text of the element with id="arm": the characters between the end
 * of its start tag and the next '<', without surrounding blanks.
 */
static int
arm_of(const char *page, char *out, size_t size)
{
	const char *m, *v;
	size_t n;

	if (page == NULL || (m = strstr(page, "id=\"arm\"")) == NULL)
		return -1;
	if ((v = strchr(m, '>')) == NULL)
		return -1;
	v++;
	while (*v == ' ' || *v == '\n' || *v == '\t')
		v++;
	n = strcspn(v, "<");
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\n'))
		n--;
	if (n == 0 || n >= size)
		return -1;
	memcpy(out, v, n);
	out[n] = '\0';
	return 0;
}

/* Append "&name=value" (url-encoded) to the form being built. */
static void
field(char *form, size_t size, const char *name, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(form);
	const unsigned char *v;

	snprintf(form + len, size - len, "%s%s=", len ? "&" : "", name);
	len = strlen(form);
	for (v = (const unsigned char *)value; *v && len + 4 < size; v++) {
		if ((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
		    (*v >= '0' && *v <= '9') || strchr("-._~", *v) != NULL)
			form[len++] = (char)*v;
		else {
			form[len++] = '%';
			form[len++] = hex[*v >> 4];
			form[len++] = hex[*v & 15];
		}
	}
	form[len] = '\0';
}

/* GET path and take its csrf token; 0, -1 (error) or -2 (transport). */
static int
page_token(struct client *c, const char *path, char token[TOKEN_MAX])
{
	if (request(c, path, NULL) < 0)
		return -2;
	if (expect(c, path, 200) < 0)
		return -1;
	if (attr_of(c->body.data, "name=\"csrf\"", "value", token, TOKEN_MAX) <
	    0) {
		count(c->sh, &c->sh->errors);
		report(c, path, "no csrf token on the page");
		return -1;
	}
	return 0;
}

/* Log in; 0, -1 or -2 as page_token. */
static int
login(struct client *c)
{
	char token[TOKEN_MAX], form[2048] = "";
	int rc;

	/*
	 * Argon2id takes a while and the server verifies one password at a
	 * time, during which it serves no page: fifty logins at once queue
	 * for tens of seconds (the summary's login_seconds).
	 */
	c->next_token[0] = '\0'; /* a new session's forms carry new tokens */
	set_timeout(c, 120000);
	if ((rc = page_token(c, "/login", token)) == 0) {
		field(form, sizeof(form), "user", c->user->name);
		field(form, sizeof(form), "password", c->user->password);
		field(form, sizeof(form), "csrf", token);
		rc = request(c, "/login", form) < 0 ? -2 : 0;
	}
	set_timeout(c, 10000);
	if (rc < 0)
		return rc;
	if (expect(c, "/login", 303) < 0)
		return -1;
	if (strcmp(c->location, "/") != 0) {
		count(c->sh, &c->sh->errors);
		report(c, "/login", "sent to '%s', expected '/'", c->location);
		return -1;
	}
	count(c->sh, &c->sh->logins);
	return 0;
}

/* Whether site is one of sites, a comma-separated list. */
static int
one_of(const char *site, const char *sites)
{
	size_t n = strlen(site);
	const char *p = sites;

	while ((p = strstr(p, site)) != NULL) {
		if ((p == sites || p[-1] == ',') &&
		    (p[n] == ',' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

/* The next free row of one of the user's sites, or NULL when none or
 * enough. */
static struct row *
take_row(struct shared *sh, const char *sites)
{
	struct row *r = NULL;
	int i;

	pthread_mutex_lock(&sh->lock);
	if (sh->total > 0 && sh->taken >= sh->total)
		goto out;
	/* From the first free row: a scan from the top each time was
	 * quadratic in the register, a CPU the server shares. */
	for (i = sh->first_free; i < sh->n_rows; i++) {
		if (!sh->rows[i].taken &&
		    one_of(sh->rows[i].fields[sh->site_col], sites)) {
			r = &sh->rows[i];
			r->taken = 1;
			sh->taken++;
			break;
		}
	}
	while (sh->first_free < sh->n_rows && sh->rows[sh->first_free].taken)
		sh->first_free++;
out:
	pthread_mutex_unlock(&sh->lock);
	return r;
}

static void
record(struct shared *sh, const char *pid, const char *arm, double total,
    double alloc)
{
	pthread_mutex_lock(&sh->lock);
	sh->shown++;
	if (sh->arms != NULL) {
		fprintf(sh->arms, "%s,%s\n", pid, arm);
		fflush(sh->arms);
	}
	if (total < 0)
		goto out;
	if (sh->n_samples == sh->cap_samples) {
		int cap = sh->cap_samples ? 2 * sh->cap_samples : 1024;
		struct sample *s = realloc(sh->samples, cap * sizeof(*s));

		if (s != NULL) {
			sh->samples = s;
			sh->cap_samples = cap;
		}
	}
	if (sh->n_samples < sh->cap_samples) {
		sh->samples[sh->n_samples].total_ms = total;
		sh->samples[sh->n_samples].alloc_ms = alloc;
		sh->n_samples++;
	}
out:
	pthread_mutex_unlock(&sh->lock);
}

/*
 * GET path, participant pid's page after its allocation (the POST of which
 * began at t1), and read the arm shown; the latencies recorded as by
 * allocate_shown.  0, -1 or -2 as enrol_allocate.
 */
static int
arm_shown(struct client *c, const char *pid, const char *path, double t0,
    double t1)
{
	struct shared *sh = c->sh;
	char arm[256];

	if (request(c, path, NULL) < 0)
		return -2;
	if (expect(c, path, 200) < 0)
		return -1;
	if (arm_of(c->body.data, arm, sizeof(arm)) < 0) {
		count(sh, &sh->errors);
		report(c, path,
		    "no arm shown (id=\"arm\") after the allocation");
		return -1;
	}
	if (t0 < 0)
		count(sh, &sh->retried);
	record(sh, pid, arm, t0 < 0 ? -1 : now_ms() - t0,
	    t0 < 0 ? -1 : now_ms() - t1);
	return 0;
}

/*
 * Allocate participant pid from its page and read the arm shown: GET
 * /participant/PID, POST /allocate with its token, GET the page again.
 * When the page shows an arm already (a retry after a cut connection
 * whose allocation had committed), that arm is read instead: a retry
 * never allocates twice.  The latencies count from t0 (the form's GET)
 * unless it is negative (a retry: no latency recorded).  0, -1 or -2 as
 * enrol_allocate.
 */
static int
allocate_shown(struct client *c, const char *pid, double t0)
{
	struct shared *sh = c->sh;
	char token[TOKEN_MAX], path[600], arm[256], form[512] = "";
	double t1;
	int rc;

	snprintf(path, sizeof(path), "/participant/%s", pid);
	if (t0 < 0) {
		if (request(c, path, NULL) < 0)
			return -2;
		if (expect(c, path, 200) < 0)
			return -1;
		if (arm_of(c->body.data, arm, sizeof(arm)) == 0) {
			count(sh, &sh->retried);
			record(sh, pid, arm, -1, -1);
			return 0;
		}
		if (sh->one_step) {
			/* Enrolled in one step, so allocated in that write. */
			count(sh, &sh->errors);
			report(c, path,
			    "enrolled in one step, but no arm is shown");
			return -1;
		}
	}
	if ((rc = page_token(c, path, token)) < 0)
		return rc;
	field(form, sizeof(form), "participant", pid);
	field(form, sizeof(form), "csrf", token);
	t1 = now_ms();
	if (request(c, "/allocate", form) < 0)
		return -2;
	if (expect(c, "/allocate", 303) < 0)
		return -1;
	if (strcmp(c->location, path) != 0) {
		count(sh, &sh->errors);
		report(c, "/allocate", "sent to '%s', expected '%s'",
		    c->location, path);
		return -1;
	}
	return arm_shown(c, pid, path, t0, t1);
}

/*
 * Enrol and allocate the participant of row r; 0, -1 (an error) or -2 (a
 * transport failure).  A page that sends the client back to /login (the
 * session gone) is -3: log in again.  A transport failure once enrolled
 * leaves the participant in c->pending, to be allocated on the next turn
 * (as staff would reload the page and press the button again).
 */
static int
enrol_allocate(struct client *c, const struct row *r)
{
	struct shared *sh = c->sh;
	char token[TOKEN_MAX], path[600], pid[64];
	char form[4096] = "";
	double t0, t1;
	int i, rc;

	t0 = now_ms();
	snprintf(path, sizeof(path), "/enrol?site=%s", r->fields[sh->site_col]);
	if (c->next_token[0] != '\0')
		memcpy(token, c->next_token, TOKEN_MAX);
	else if ((rc = page_token(c, path, token)) < 0)
		return c->status == 303 && strcmp(c->location, "/login") == 0 ?
		    -3 :
		    rc;
	c->next_token[0] = '\0'; /* used once; a failure below GETs anew */
	for (i = 0; i < sh->n_fields; i++)
		field(form, sizeof(form), sh->header[i], r->fields[i]);
	field(form, sizeof(form), "csrf", token);
	if (sh->one_step)
		field(form, sizeof(form), "then", "allocate");
	t1 = now_ms();
	if (request(c, "/enrol", form) < 0)
		return -2;
	if (expect(c, "/enrol", 303) < 0)
		return -1;
	if (sscanf(c->location,
		sh->one_step ? "/enrol?allocated=%63[A-Za-z0-9]" :
			       "/participant/%63[A-Za-z0-9]",
		pid) != 1) {
		count(sh, &sh->errors);
		report(c, "/enrol", "sent to '%s', expected %s", c->location,
		    sh->one_step ? "/enrol?allocated=PID" : "/participant/PID");
		return -1;
	}
	count(sh, &sh->enrolled);
	if (sh->one_step) {
		snprintf(path, sizeof(path), "/enrol?allocated=%s", pid);
		rc = arm_shown(c, pid, path, t0, t1);
		/* The page is the form for the next one, with its token. */
		if (rc == 0 &&
		    attr_of(c->body.data, "name=\"csrf\"", "value",
			c->next_token, TOKEN_MAX) < 0) {
			count(sh, &sh->errors);
			report(c, path, "no form for the next participant");
			rc = -1;
		}
	} else
		rc = allocate_shown(c, pid, t0);
	if (rc == -2)
		snprintf(c->pending, sizeof(c->pending), "%s", pid);
	return rc;
}

/*
 * A client: log in, wait until every client has (so that the figures
 * measure enrolment and allocation, not the Argon2id of fifty logins at
 * once), then enrol and allocate until the rows, the time or --total run
 * out.  Logging in again when the session is gone is part of the run.
 */
static void *
run_client(void *arg)
{
	struct client *c = arg;
	struct shared *sh = c->sh;
	int logged_in = 0, rc;

	do {
		rc = login(c);
		if (rc == -2 && sh->tolerate_down)
			sleep_ms(20);
	} while (rc == -2 && sh->tolerate_down && !stopping &&
	    now_ms() < sh->deadline);
	logged_in = rc == 0;
	/* Every client has logged in; then main sets the run's deadline. */
	pthread_barrier_wait(&sh->logged_in);
	pthread_barrier_wait(&sh->logged_in);
	if (!logged_in)
		return NULL;
	while (!stopping && now_ms() < sh->deadline) {
		struct row *r;

		if (!logged_in) {
			rc = login(c);
			if (rc == -2 && sh->tolerate_down) {
				sleep_ms(20);
				continue;
			}
			if (rc < 0)
				break;
			logged_in = 1;
		}
		if (c->pending[0] != '\0') {
			char pid[64];

			snprintf(pid, sizeof(pid), "%s", c->pending);
			c->pending[0] = '\0';
			if ((rc = allocate_shown(c, pid, -1)) == -2)
				snprintf(c->pending, sizeof(c->pending), "%s",
				    pid);
		} else if ((r = take_row(sh, c->user->site)) == NULL) {
			break;
		} else {
			rc = enrol_allocate(c, r);
		}
		if (rc == -3) {
			logged_in = 0;
		} else if (rc == -2 && sh->tolerate_down) {
			sleep_ms(20);
		} else if (rc < 0) {
			break;
		}
	}
	return NULL;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile of v[0..n) (sorted in place), by the nearest rank. */
static double
quantile(double *v, int n, double q)
{
	int k;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	k = (int)(q * n + 0.999999);
	if (k < 1)
		k = 1;
	return v[k > n ? n - 1 : k - 1];
}

/* Split line at commas (a register has no quoted fields) into f. */
static int
split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		f[n++] = p;
		if ((p = strchr(p, ',')) == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

static int
read_users(struct shared *sh, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[MAX_LINE];
	int cap = 0;

	if (f == NULL) {
		fprintf(stderr, "web_load: cannot open '%s': %s\n", path,
		    strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		struct user u;

		if (sscanf(line, "%127s %255s %255s", u.name, u.password,
			u.site) != 3)
			continue;
		if (sh->n_users == cap) {
			cap = cap ? 2 * cap : 64;
			sh->users = realloc(sh->users, cap * sizeof(u));
			if (sh->users == NULL)
				break;
		}
		sh->users[sh->n_users++] = u;
	}
	fclose(f);
	return sh->n_users > 0 ? 0 : -1;
}

static int
read_register(struct shared *sh, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[MAX_LINE], *hdr;
	int cap = 0, i;

	if (f == NULL || fgets(line, sizeof(line), f) == NULL) {
		fprintf(stderr, "web_load: cannot read '%s'\n", path);
		if (f != NULL)
			fclose(f);
		return -1;
	}
	hdr = strdup(line);
	sh->n_fields = split(hdr, sh->header, MAX_FIELDS);
	sh->site_col = -1;
	for (i = 0; i < sh->n_fields; i++)
		if (strcmp(sh->header[i], "site") == 0)
			sh->site_col = i;
	while (sh->site_col >= 0 && fgets(line, sizeof(line), f) != NULL) {
		struct row r = {0};

		r.line = strdup(line);
		if (split(r.line, r.fields, MAX_FIELDS) != sh->n_fields) {
			free(r.line);
			continue;
		}
		if (sh->n_rows == cap) {
			cap = cap ? 2 * cap : 1024;
			sh->rows = realloc(sh->rows, cap * sizeof(r));
			if (sh->rows == NULL)
				break;
		}
		sh->rows[sh->n_rows++] = r;
	}
	fclose(f);
	return sh->site_col >= 0 && sh->rows != NULL ? 0 : -1;
}

/* sh->addr and sh->host of sh->url, http://A.B.C.D:PORT[/]; 0 or -1. */
static int
parse_url(struct shared *sh)
{
	char ip[32];
	unsigned port;
	int n = 0;

	if (sscanf(sh->url, "http://%31[0-9.]:%5u%n", ip, &port, &n) != 2 ||
	    (sh->url[n] != '\0' && strcmp(sh->url + n, "/") != 0) ||
	    port == 0 || port > 65535)
		return -1;
	memset(&sh->addr, 0, sizeof(sh->addr));
	sh->addr.sin_family = AF_INET;
	sh->addr.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, ip, &sh->addr.sin_addr) != 1)
		return -1;
	snprintf(sh->host, sizeof(sh->host), "%s:%u", ip, port);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: web_load --url URL --users FILE --register FILE "
	    "[--clients N] [--seconds S] [--total N] [--arms FILE] "
	    "[--latency FILE] [--tolerate-down] [--one-step]\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {{"url", required_argument,
						     NULL, 'u'},
	    {"users", required_argument, NULL, 'U'},
	    {"register", required_argument, NULL, 'r'},
	    {"clients", required_argument, NULL, 'c'},
	    {"seconds", required_argument, NULL, 's'},
	    {"total", required_argument, NULL, 't'},
	    {"arms", required_argument, NULL, 'a'},
	    {"latency", required_argument, NULL, 'l'},
	    {"tolerate-down", no_argument, NULL, 'd'},
	    {"one-step", no_argument, NULL, '1'}, {NULL, 0, NULL, 0}};
	struct shared sh = {0};
	const char *users = NULL, *reg = NULL, *lat = NULL, *arms = NULL;
	struct client *clients;
	pthread_t *threads;
	double seconds = 60, t0, t_login, elapsed, *tot, *alloc;
	int n_clients = 1, opt, i, failed;
	struct sigaction sa = {0};

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'u':
			sh.url = optarg;
			break;
		case 'U':
			users = optarg;
			break;
		case 'r':
			reg = optarg;
			break;
		case 'c':
			n_clients = atoi(optarg);
			break;
		case 's':
			seconds = atof(optarg);
			break;
		case 't':
			sh.total = atoi(optarg);
			break;
		case 'a':
			arms = optarg;
			break;
		case 'l':
			lat = optarg;
			break;
		case 'd':
			sh.tolerate_down = 1;
			break;
		case '1':
			sh.one_step = 1;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (sh.url == NULL || users == NULL || reg == NULL || n_clients < 1 ||
	    n_clients > 1000 || seconds <= 0) {
		usage();
		return 2;
	}
	if (parse_url(&sh) < 0) {
		fprintf(stderr,
		    "web_load: --url '%s': expected http://HOST:PORT with a "
		    "numeric IPv4 HOST\n",
		    sh.url);
		return 2;
	}
	if (read_users(&sh, users) < 0 || read_register(&sh, reg) < 0)
		return 2;
	if (arms != NULL && (sh.arms = fopen(arms, "w")) == NULL) {
		fprintf(stderr, "web_load: cannot create '%s'\n", arms);
		return 2;
	}
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	pthread_mutex_init(&sh.lock, NULL);
	clients = calloc(n_clients, sizeof(*clients));
	threads = calloc(n_clients, sizeof(*threads));
	t0 = now_ms();
	/* The logins' deadline; the run's is set once all are in. */
	sh.deadline = t0 + (seconds + 120) * 1000;
	pthread_barrier_init(&sh.logged_in, NULL, (unsigned)n_clients + 1);
	for (i = 0; i < n_clients; i++) {
		struct client *c = &clients[i];

		c->sh = &sh;
		c->id = i;
		c->user = &sh.users[i % sh.n_users];
		c->fd = -1;
		c->timeout_ms = 10000;
		pthread_create(&threads[i], NULL, run_client, c);
	}
	pthread_barrier_wait(&sh.logged_in);
	t_login = (now_ms() - t0) / 1000;
	t0 = now_ms();
	sh.deadline = t0 + seconds * 1000;
	pthread_barrier_wait(&sh.logged_in);
	for (i = 0; i < n_clients; i++) {
		pthread_join(threads[i], NULL);
		conn_close(&clients[i]);
		free(clients[i].body.data);
		free(clients[i].out.data);
		free(clients[i].in.data);
	}
	elapsed = (now_ms() - t0) / 1000;
	tot = calloc(sh.n_samples + 1, sizeof(double));
	alloc = calloc(sh.n_samples + 1, sizeof(double));
	if (lat != NULL) {
		FILE *f = fopen(lat, "w");

		for (i = 0; f != NULL && i < sh.n_samples; i++)
			fprintf(f, "%.3f %.3f\n", sh.samples[i].total_ms,
			    sh.samples[i].alloc_ms);
		if (f != NULL)
			fclose(f);
	}
	for (i = 0; i < sh.n_samples; i++) {
		tot[i] = sh.samples[i].total_ms;
		alloc[i] = sh.samples[i].alloc_ms;
	}
	printf("clients %d enrolled %d shown %d retried %d errors %d "
	       "status5xx %d "
	       "transport %d logins %d login_seconds %.2f seconds %.2f "
	       "median_ms %.1f p99_ms %.1f alloc_median_ms %.1f "
	       "alloc_p99_ms %.1f per_second %.1f\n",
	    n_clients, sh.enrolled, sh.shown, sh.retried, sh.errors,
	    sh.status5xx, sh.transport, sh.logins, t_login, elapsed,
	    quantile(tot, sh.n_samples, 0.5), quantile(tot, sh.n_samples, 0.99),
	    quantile(alloc, sh.n_samples, 0.5),
	    quantile(alloc, sh.n_samples, 0.99), sh.shown / elapsed);
	failed = sh.errors > 0 || sh.status5xx > 0 ||
	    (!sh.tolerate_down && sh.transport > 0);
	if (sh.arms != NULL)
		fclose(sh.arms);
	for (i = 0; i < sh.n_rows; i++)
		free(sh.rows[i].line);
	free(sh.rows);
	free(sh.users);
	free(sh.header[0]);
	free(sh.samples);
	free(tot);
	free(alloc);
	free(clients);
	free(threads);
	pthread_mutex_destroy(&sh.lock);
	pthread_barrier_destroy(&sh.logged_in);
	return failed ? 1 : 0;
}
