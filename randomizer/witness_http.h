/*
 * A witness over HTTP (C2SP tlog-witness): POST PREFIX/add-checkpoint on a
 * loopback address, through GNU libmicrohttpd, one request at a time (the
 * witness's state is one file per log under a lock: there is nothing to
 * gain from concurrency and a race to lose).  Without TLS it listens on
 * loopback only: a witness reached from elsewhere sits behind a TLS proxy.
 * Bodies over 1 MiB are refused (413) while they arrive.
 */
#ifndef RCT_WITNESS_HTTP_H
#define RCT_WITNESS_HTTP_H

#include <signal.h>

#include "witness.h"

/* Called after each request: method, path, status, for the server's log. */
typedef void (*rct_witness_log_fn)(void *arg, const char *method,
    const char *path, int status);

/*
 * Serve w on host:port (host a loopback address) until *stop becomes
 * nonzero; *bound gets the port in use (port 0: any free one), set before
 * the first request is accepted, and ready() is called then.
 */
int rct_witness_http_serve(struct rct_witness *w, const char *host, int port,
    volatile sig_atomic_t *stop, int *bound, void (*ready)(void *arg, int port),
    rct_witness_log_fn log, void *arg);

#endif
