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
 * session cookie (one libcurl cookie jar per thread).
 *
 *   web_load --url http://127.0.0.1:PORT --users FILE --register FILE
 *            [--clients N] [--seconds S] [--total N] [--arms FILE]
 *            [--latency FILE] [--tolerate-down]
 *
 * FILE of --users: one "name password sites" a line, the sites separated
 * by commas; a client takes the register's rows of its user's sites.  --arms:
 * one "PID,arm" line per arm shown to a client.  --latency: one line per
 * participant, milliseconds from the GET of the form to the arm shown,
 * and of the allocation alone (POST /allocate and the page showing it).
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
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_FIELDS 16
#define MAX_LINE 1024
#define TOKEN_MAX 256

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

struct client {
	struct shared *sh;
	const struct user *user;
	CURL *curl;
	struct buf body;
	char location[512];
	long status;
	char pending[64];
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

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	size_t len = size * n;

	if (b->len + len + 1 > b->cap) {
		size_t cap = (b->len + len + 1) * 2;
		char *d = realloc(b->data, cap);

		if (d == NULL)
			return 0;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
	return len;
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

/*
 * One request: GET when post is NULL, else POST of the url-encoded post.
 * Returns 0 with c->status, c->body and c->location set, or -1 on a
 * transport failure (counted, and reported unless tolerated).
 */
static int
request(struct client *c, const char *path, const char *post)
{
	char url[1024];
	char *loc = NULL;
	CURLcode rc;

	snprintf(url, sizeof(url), "%s%s", c->sh->url, path);
	c->body.len = 0;
	if (c->body.data != NULL)
		c->body.data[0] = '\0';
	c->location[0] = '\0';
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	if (post != NULL) {
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, post);
	} else {
		curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
	}
	rc = curl_easy_perform(c->curl);
	if (rc != CURLE_OK) {
		count(c->sh, &c->sh->transport);
		if (!c->sh->tolerate_down)
			report(c, path, "%s", curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &c->status);
	curl_easy_getinfo(c->curl, CURLINFO_REDIRECT_URL, &loc);
	if (loc != NULL) {
		const char *p = strstr(loc, "://");

		p = p != NULL ? strchr(p + 3, '/') : loc;
		snprintf(c->location, sizeof(c->location), "%s", p ? p : "");
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
field(CURL *curl, char *form, size_t size, const char *name, const char *value)
{
	char *e = curl_easy_escape(curl, value, 0);
	size_t len = strlen(form);

	snprintf(form + len, size - len, "%s%s=%s", len ? "&" : "", name,
	    e ? e : "");
	curl_free(e);
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
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, 120000L);
	if ((rc = page_token(c, "/login", token)) == 0) {
		field(c->curl, form, sizeof(form), "user", c->user->name);
		field(c->curl, form, sizeof(form), "password",
		    c->user->password);
		field(c->curl, form, sizeof(form), "csrf", token);
		rc = request(c, "/login", form) < 0 ? -2 : 0;
	}
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, 10000L);
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
	}
	if ((rc = page_token(c, path, token)) < 0)
		return rc;
	field(c->curl, form, sizeof(form), "participant", pid);
	field(c->curl, form, sizeof(form), "csrf", token);
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
	double t0;
	int i, rc;

	t0 = now_ms();
	snprintf(path, sizeof(path), "/enrol?site=%s", r->fields[sh->site_col]);
	if ((rc = page_token(c, path, token)) < 0)
		return c->status == 303 && strcmp(c->location, "/login") == 0 ?
		    -3 :
		    rc;
	for (i = 0; i < sh->n_fields; i++)
		field(c->curl, form, sizeof(form), sh->header[i], r->fields[i]);
	field(c->curl, form, sizeof(form), "csrf", token);
	if (request(c, "/enrol", form) < 0)
		return -2;
	if (expect(c, "/enrol", 303) < 0)
		return -1;
	if (sscanf(c->location, "/participant/%63[A-Za-z0-9]", pid) != 1) {
		count(sh, &sh->errors);
		report(c, "/enrol", "sent to '%s', expected /participant/PID",
		    c->location);
		return -1;
	}
	count(sh, &sh->enrolled);
	if ((rc = allocate_shown(c, pid, t0)) == -2)
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

static void
usage(void)
{
	fprintf(stderr,
	    "usage: web_load --url URL --users FILE --register FILE "
	    "[--clients N] [--seconds S] [--total N] [--arms FILE] "
	    "[--latency FILE] [--tolerate-down]\n");
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
	    {"tolerate-down", no_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
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
	curl_global_init(CURL_GLOBAL_DEFAULT);
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
		c->curl = curl_easy_init();
		curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, "");
		curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, &c->body);
		curl_easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, 10000L);
		curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
		curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c->curl, CURLOPT_USERAGENT, "web_load");
		pthread_create(&threads[i], NULL, run_client, c);
	}
	pthread_barrier_wait(&sh.logged_in);
	t_login = (now_ms() - t0) / 1000;
	t0 = now_ms();
	sh.deadline = t0 + seconds * 1000;
	pthread_barrier_wait(&sh.logged_in);
	for (i = 0; i < n_clients; i++) {
		pthread_join(threads[i], NULL);
		curl_easy_cleanup(clients[i].curl);
		free(clients[i].body.data);
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
	curl_global_cleanup();
	return failed ? 1 : 0;
}
