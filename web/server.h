/*
 * The HTTP side of the web service: GNU libmicrohttpd, one thread per
 * connection, so that a slow client holds only its own thread; the store
 * is one SQLite connection used by one request at a time (a mutex), each
 * request one transaction, except that a login's Argon2id runs without
 * the mutex (web_unlocked).  Bounded everywhere: connections, connections
 * per address, an idle timeout, the memory of a connection (its headers)
 * and the body of each route.
 */
#ifndef RCT_WEB_SERVER_H
#define RCT_WEB_SERVER_H

#include <netinet/in.h>
#include <sys/socket.h>

#include "store.h"
#include "web.h"

struct web_listen {
	/* a struct sockaddr_in, or a struct sockaddr_in6 (IPv6) */
	struct sockaddr_storage addr;
	const char *cert_pem; /* TLS when both are given */
	const char *key_pem;
	unsigned max_connections;
	unsigned max_per_ip;
	unsigned timeout; /* seconds a connection may be idle */
};

/* One line per request, for the caller to write (never an identity). */
typedef void (*web_log_fn)(const char *line);

struct web_server;

/*
 * Start serving s (open for writing; the server uses it only under its
 * lock) on l; *port gets the port bound.  The CSRF key is derived from
 * the trial's signing key, so forms stay valid across a restart.
 */
int
web_server_start(struct web_server **out, const struct web_server_conf *conf,
    struct rct_store *s, const struct web_listen *l, web_log_fn log, int *port);

/*
 * Stop accepting, let the requests in flight finish, and free the server
 * (the store stays open for the caller to close).
 */
void web_server_stop(struct web_server *sv);

#endif
