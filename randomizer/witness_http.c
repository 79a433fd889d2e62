/*
 * The witness's HTTP interface (witness_http.h).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "error.h"
#include "witness_http.h"

#define MAX_BODY (1024 * 1024)

struct server {
	struct rct_witness *w;
	rct_witness_log_fn log;
	void *arg;
};

struct upload {
	struct rct_buf body;
	int too_big;
};

static enum MHD_Result
respond(struct MHD_Connection *c, int status, const char *type,
    const char *text, size_t len)
{
	struct MHD_Response *r;
	enum MHD_Result rc;

	r = MHD_create_response_from_buffer(len, (void *)text,
	    MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	rc = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *data, size_t *size, void **con_cls)
{
	struct server *sv = cls;
	struct upload *u = *con_cls;
	struct rct_buf resp = RCT_BUF_INIT;
	enum MHD_Result rc;
	int status = 500;

	(void)version;
	if (u == NULL) {
		if ((u = calloc(1, sizeof(*u))) == NULL)
			return MHD_NO;
		rct_buf_init(&u->body);
		*con_cls = u;
		return MHD_YES;
	}
	if (*size > 0) {
		if (u->body.len + *size > MAX_BODY)
			u->too_big = 1;
		else
			rct_buf_add(&u->body, data, *size);
		*size = 0;
		return MHD_YES;
	}
	if (strcmp(url, "/add-checkpoint") != 0) {
		status = 404;
		rc = respond(c, status, "text/plain", "not found\n", 10);
	} else if (strcmp(method, "POST") != 0) {
		status = 405;
		rc = respond(c, status, "text/plain", "use POST\n", 9);
	} else if (u->too_big || rct_buf_failed(&u->body)) {
		status = 413;
		rc =
		    respond(c, status, "text/plain", "request too large\n", 18);
	} else if (rct_witness_add_checkpoint(sv->w, u->body.data, u->body.len,
		       &status, &resp) != 0) {
		status = 500;
		rct_error_clear();
		rc = respond(c, status, "text/plain", "witness error\n", 14);
	} else
		rc = respond(c, status,
		    status == 409 && resp.len && resp.data[0] >= '0' &&
			    resp.data[0] <= '9' ?
			"text/x.tlog.size" :
			"text/plain; charset=utf-8",
		    rct_buf_str(&resp), resp.len);
	rct_buf_release(&resp);
	if (sv->log)
		sv->log(sv->arg, method, url, status);
	return rc;
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct upload *u = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (u) {
		rct_buf_release(&u->body);
		free(u);
		*con_cls = NULL;
	}
}

int
rct_witness_http_serve(struct rct_witness *w, const char *host, int port,
    volatile sig_atomic_t *stop, int *bound, void (*ready)(void *arg, int port),
    rct_witness_log_fn log, void *arg)
{
	struct sockaddr_in sa;
	struct server sv;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	struct timespec ts = {0, 50 * 1000 * 1000};

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return rct_error(RCT_EINVAL,
		    "'%s' is not an IPv4 address, expected 127.0.0.1", host);
	if ((ntohl(sa.sin_addr.s_addr) >> 24) != 127)
		return rct_error(RCT_EINVAL,
		    "a witness without TLS listens on loopback only (127.x.x.x), "
		    "not '%s': put a TLS proxy in front to reach it from "
		    "elsewhere",
		    host);
	sv.w = w;
	sv.log = log;
	sv.arg = arg;
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL,
	    handle, &sv, MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_NOTIFY_COMPLETED,
	    completed, NULL, MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_END);
	if (d == NULL)
		return rct_error(RCT_EIO, "cannot listen on %s:%d", host, port);
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	*bound = info ? (int)info->port : port;
	if (ready)
		ready(arg, *bound);
	while (!*stop)
		nanosleep(&ts, NULL);
	MHD_stop_daemon(d);
	return 0;
}
