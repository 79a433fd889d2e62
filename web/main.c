/*
 * trial-web STORE --listen HOST:PORT [--lang nb|en]
 *           [--tls-cert FILE --tls-key FILE] [--behind-proxy]
 *           [--max-per-ip N] [--timeout SECONDS]
 * trial-web --routes
 *
 * The web service site staff, researchers and monitors log in to: the
 * one process that reads the trial's keys (TRUST.md).  It runs in the
 * foreground, writes one line per request to standard error (time,
 * method, route, status, milliseconds: never a user, a password, a token
 * or a participant), stops cleanly on SIGTERM or SIGINT (the request in
 * flight finishes, the store is closed), and is safe to kill -9: every
 * request is one SQLite transaction.  It listens on one IPv4 or IPv6
 * address; without TLS on loopback only (127.x.x.x, ::1), unless
 * --behind-proxy says a TLS proxy on this machine is in front.  --routes
 * prints the route table (web.h) and exits.
 */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "buf.h"
#include "cli.h"
#include "error.h"
#include "hasher.h"
#include "outfile.h"
#include "server.h"
#include "store.h"
#include "web.h"

static const char usage[] =
    "usage: trial-web STORE --listen HOST:PORT [--lang nb|en]\n"
    "                 [--tls-cert FILE --tls-key FILE] [--behind-proxy]\n"
    "                 [--max-per-ip N] [--timeout SECONDS]\n"
    "       trial-web --routes\n"
    "\n"
    "  --listen HOST:PORT   an IPv4 address, or an IPv6 one in brackets\n"
    "                       ([::1]:8080), and port (port 0: any free one,\n"
    "                       printed once listening)\n"
    "  --lang nb|en         the language of the pages (default en)\n"
    "  --tls-cert FILE      TLS certificate (PEM), with --tls-key\n"
    "  --tls-key FILE       its private key (PEM)\n"
    "  --behind-proxy       listen without TLS on a non-loopback address:\n"
    "                       a TLS proxy is in front\n"
    "  --max-per-ip N       connections from one address (default 64)\n"
    "  --timeout SECONDS    idle connections closed after (default 15)\n"
    "  --routes             print the route table and exit\n";

static void
print_errors(void)
{
	size_t i;

	for (i = 0; i < rct_error_count(); i++)
		fprintf(stderr, "trial-web: %s\n", rct_error_message(i));
	rct_error_clear();
}

static int
fail(const char *fmt, const char *arg)
{
	fprintf(stderr, "trial-web: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	return RCT_EXIT_USAGE;
}

/*
 * One request's line on stderr in one write(2): unbuffered stdio would
 * take its lock and format again for every request, and a line written
 * whole does not interleave with another thread's.
 */
static void
log_line(const char *line)
{
	char out[320];
	size_t n = strlen(line);

	if (n > sizeof(out) - 1)
		n = sizeof(out) - 1;
	memcpy(out, line, n);
	out[n++] = '\n';
	/* stderr gone: the request goes on unlogged */
	(void)rct_outfile_write_all(STDERR_FILENO, out, n);
}

static void
print_routes(void)
{
	static const struct {
		unsigned bit;
		const char *name;
	} roles[] = {{WEB_ANON, "anonymous"}, {WEB_STAFF, "staff"},
	    {WEB_RESEARCHER, "researcher"}, {WEB_MONITOR, "monitor"}};
	const struct web_route *r;
	size_t i;

	for (r = web_routes; r->method; r++) {
		const char *sep = "";

		printf("%s %s ", r->method, r->pattern);
		for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
			if (r->roles & roles[i].bit) {
				printf("%s%s", sep, roles[i].name);
				sep = ",";
			}
		printf("%s%s\n",
		    (r->flags & WEB_BEFORE_CHANGE) ? " before-change" : "",
		    (r->flags & WEB_MULTIPART) ? " multipart" : "");
	}
}

/*
 * HOST:PORT into l->addr: an IPv4 address (or localhost), or an IPv6
 * address in brackets, [::1]:8080.  host gets the address as it is
 * printed (an IPv6 one in brackets), *loopback whether it is loopback.
 * 0, or -1 when arg is not one.
 */
static int
parse_listen(const char *arg, struct web_listen *l, char *host, size_t hostlen,
    int *loopback)
{
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&l->addr;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&l->addr;
	const char *start = arg, *end_host, *colon;
	char name[INET6_ADDRSTRLEN], text[INET6_ADDRSTRLEN];
	char *end;
	long port;
	int v6 = arg[0] == '[';

	if (v6) {
		start = arg + 1;
		if ((end_host = strchr(start, ']')) == NULL ||
		    end_host[1] != ':')
			return -1;
		colon = end_host + 1;
	} else if ((colon = end_host = strrchr(arg, ':')) == NULL)
		return -1;
	if ((size_t)(end_host - start) >= sizeof(name))
		return -1;
	memcpy(name, start, (size_t)(end_host - start));
	name[end_host - start] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || colon[1] == '\0' || port < 0 || port > 65535)
		return -1;
	memset(&l->addr, 0, sizeof(l->addr));
	if (v6) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, name, &a6->sin6_addr) != 1)
			return -1;
		*loopback = IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr); /* ::1 */
		inet_ntop(AF_INET6, &a6->sin6_addr, text, sizeof(text));
		snprintf(host, hostlen, "[%s]", text);
		return 0;
	}
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	if (strcmp(name, "localhost") == 0)
		snprintf(name, sizeof(name), "127.0.0.1");
	if (inet_pton(AF_INET, name, &a4->sin_addr) != 1)
		return -1;
	*loopback = (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
	inet_ntop(AF_INET, &a4->sin_addr, host, (socklen_t)hostlen);
	return 0;
}

/* What an option that prints and exits returns: exit 0. */
enum { OPTION_DONE = 1 };

static int
lang_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	(void)ctx;
	if (web_lang_parse(arg, opt->dest) != 0)
		return fail("--lang '%s' is unknown, expected nb or en", arg);
	return 0;
}

static int
count_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	char *end;
	long n;

	(void)ctx;
	n = strtol(arg, &end, 10);
	if (*end != '\0' || n < 1 || n > 100000)
		return fail("'%s' is not a whole number from 1 to 100000", arg);
	*(unsigned *)opt->dest = (unsigned)n;
	return 0;
}

static int
routes_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	(void)ctx;
	(void)opt;
	(void)arg;
	print_routes();
	return OPTION_DONE;
}

static int
help_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	(void)ctx;
	(void)opt;
	(void)arg;
	fputs(usage, stdout);
	return OPTION_DONE;
}

static int
read_pem(const char *path, struct rct_buf *b, const char *what)
{
	int over = 0, missing = 0;

	if (rct_buf_read_file(b, path, 1024 * 1024, &over, &missing) != 0 ||
	    missing || over || b->len == 0 ||
	    strstr(rct_buf_str(b), "-----BEGIN ") == NULL) {
		rct_error_clear();
		fprintf(stderr,
		    "trial-web: %s '%s' is %s, expected a PEM file "
		    "(-----BEGIN ...)\n",
		    what, path,
		    missing  ? "missing" :
			over ? "longer than 1 MiB" :
			       "not readable as PEM");
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct web_server_conf conf;
	struct web_listen l;
	struct web_server *sv = NULL;
	struct rct_store *s = NULL;
	const struct rct_keys *k;
	struct rct_buf cert = RCT_BUF_INIT, key = RCT_BUF_INIT;
	const char *listen = NULL, *cert_path = NULL, *key_path = NULL;
	char host[INET6_ADDRSTRLEN + 2];
	int proxy = 0, loopback = 0, port = 0, sig, rc = RCT_EXIT_USAGE;
	sigset_t set;
	/* Outside the command driver: no command, getopt's own messages. */
	struct rct_cmd_ctx ctx = {.program = "trial-web",
	    .argc = argc,
	    .argv = argv};
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("listen", &listen),
	    RCT_OPT_FN("lang", lang_option, &conf.lang),
	    RCT_OPT_STRING("tls-cert", &cert_path),
	    RCT_OPT_STRING("tls-key", &key_path),
	    RCT_OPT_FLAG("behind-proxy", &proxy),
	    RCT_OPT_FN("max-per-ip", count_option, &l.max_per_ip),
	    RCT_OPT_FN("timeout", count_option, &l.timeout),
	    RCT_OPT_FN_FLAG("routes", routes_option, NULL),
	    RCT_OPT_FN_FLAG("help", help_option, NULL),
	    RCT_OPT_END,
	};

	memset(&conf, 0, sizeof(conf));
	memset(&l, 0, sizeof(l));
	conf.lang = WEB_LANG_EN;
	l.max_connections = 512;
	l.max_per_ip = 64;
	l.timeout = 15;
	if ((rc = rct_cli_parse(&ctx, opts)) == RCT_EINVAL) {
		fputs(usage, stderr);
		return RCT_EXIT_USAGE;
	}
	if (rc != 0)
		return rc == OPTION_DONE ? 0 : rc;
	rc = RCT_EXIT_USAGE;
	if (optind + 1 != argc || listen == NULL) {
		fputs(usage, stderr);
		return RCT_EXIT_USAGE;
	}
	conf.store_path = argv[optind];
	if (parse_listen(listen, &l, host, sizeof(host), &loopback) != 0)
		return fail("--listen '%s' is not HOST:PORT with an IPv4 "
			    "address or an IPv6 address in brackets, e.g. "
			    "127.0.0.1:8080 or [::1]:8080",
		    listen);
	if ((cert_path == NULL) != (key_path == NULL))
		return fail("%s", "--tls-cert and --tls-key go together");
	conf.tls = cert_path != NULL;
	if (!conf.tls && !proxy && !loopback)
		return fail("without TLS the service listens on loopback only "
			    "(127.x.x.x or ::1), not '%s': give --tls-cert "
			    "and --tls-key, or --behind-proxy when a TLS proxy "
			    "on this machine is in front",
		    host);
	if (sodium_init() < 0)
		return fail("%s", "libsodium does not initialise");
	/* Forked now: before any key is read or thread started. */
	if (web_hasher_start(&conf.hasher, web_unlocked_slots()) != 0) {
		print_errors();
		goto out;
	}
	if (conf.tls) {
		if (read_pem(cert_path, &cert, "--tls-cert") != 0 ||
		    read_pem(key_path, &key, "--tls-key") != 0)
			goto out;
		l.cert_pem = rct_buf_str(&cert);
		l.key_pem = rct_buf_str(&key);
	}
	/* Every key now, so that a bad key file stops the start. */
	if (rct_store_many_threads() != 0 ||
	    rct_store_open(&s, conf.store_path, RCT_STORE_WRITE) != 0 ||
	    rct_store_keys(s,
		RCT_KEY_SECRET | RCT_KEY_SIGNING | RCT_KEY_PSEUDONYM |
		    RCT_KEY_LINKAGE,
		&k) != 0) {
		print_errors();
		goto out;
	}
	/* The threads of the server inherit the mask: signals come here. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (web_server_start(&sv, &conf, s, &l, log_line, &port) != 0) {
		print_errors();
		goto out;
	}
	fprintf(stderr, "trial-web: listening on %s://%s:%d\n",
	    conf.tls ? "https" : "http", host, port);
	sigwait(&set, &sig);
	fprintf(stderr, "trial-web: stopping (%s)\n",
	    sig == SIGTERM    ? "SIGTERM" :
		sig == SIGINT ? "SIGINT" :
				"SIGHUP");
	web_server_stop(sv);
	rc = 0;
out:
	rct_store_close(s);
	web_hasher_stop(conf.hasher);
	if (key.data)
		sodium_memzero(key.data, key.len);
	rct_buf_release(&key);
	rct_buf_release(&cert);
	return rc;
}
