/*
 * randomizer witness init DIR --name NAME
 * randomizer witness trust DIR LOG-VERIFIER-KEY
 * randomizer witness add-checkpoint DIR [REQUEST|-]
 *
 * The witness side (witness.h), run by an independent party on its own
 * machine with its own key: init makes the key and prints the verifier key
 * that goes into the trial's protocol; trust follows a trial's log (its
 * verifier key, from 'randomizer log STORE --verifier-key'); add-checkpoint
 * answers one C2SP tlog-witness request given as a file (a witness that is
 * offline): the cosignature on standard output, or the refusal.  Exit 0 on
 * a cosignature, 1 when the witness refused the checkpoint as a fork, a
 * rollback or an unproven extension (kept as evidence), 2 otherwise.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "error.h"
#include "witness.h"
#include "witness_http.h"

static int
read_request(const char *path, struct rct_buf *b)
{
	int over, rc;

	if ((rc = rct_buf_read_file(b, path, 1024 * 1024, &over, NULL)) != 0)
		return rc;
	if (over)
		return rct_error(RCT_EINVAL,
		    "'%s' is over 1 MiB, expected one add-checkpoint request",
		    path);
	return 0;
}

int
cmd_witness_init(struct rct_cmd_ctx *ctx)
{
	struct rct_buf b = RCT_BUF_INIT;
	struct rct_witness *w = NULL;
	const char *name = NULL, *dir = NULL;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("name", &name),
	    RCT_OPT_END,
	};
	int rc;

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_one(ctx, "DIR", &dir)) != 0)
		return rc;
	if (name == NULL)
		return rct_cli_usage(ctx, "--name NAME is required");
	if ((rc = rct_witness_create(dir, name)) != 0 ||
	    (rc = rct_witness_open(&w, dir)) != 0)
		return rc;
	rct_witness_verifier_key(w, &b);
	fprintf(ctx->out, "%s\n", rct_buf_str(&b));
	rct_buf_release(&b);
	rct_witness_free(w);
	return 0;
}

int
cmd_witness_trust(struct rct_cmd_ctx *ctx)
{
	struct rct_witness *w = NULL;
	int rc;

	if (ctx->argc != 3)
		return rct_cli_usage(ctx,
		    "expected DIR and a log's verifier key");
	if ((rc = rct_witness_open(&w, ctx->argv[1])) == 0)
		rc = rct_witness_trust(w, ctx->argv[2]);
	rct_witness_free(w);
	return rc;
}

int
cmd_witness_add_checkpoint(struct rct_cmd_ctx *ctx)
{
	struct rct_buf req = RCT_BUF_INIT, resp = RCT_BUF_INIT;
	struct rct_witness *w = NULL;
	int rc, status = 0;

	if (ctx->argc < 2 || ctx->argc > 3)
		return rct_cli_usage(ctx, "expected DIR and a request file");
	if ((rc = rct_witness_open(&w, ctx->argv[1])) == 0 &&
	    (rc = read_request(ctx->argc == 3 ? ctx->argv[2] : "-", &req)) ==
		0 &&
	    (rc = rct_witness_add_checkpoint(w, req.data, req.len, &status,
		 &resp)) == 0) {
		if (status != 200 && resp.len &&
		    resp.data[resp.len - 1] == '\n')
			resp.data[--resp.len] = '\0';
		if (status == 200)
			fputs(rct_buf_str(&resp), ctx->out);
		else
			rc = rct_error(status == 409 || status == 422 ?
				RCT_ECHECK :
				RCT_EINVAL,
			    "refused (%d): %s", status,
			    status == 409 && resp.len && resp.data[0] >= '0' &&
				    resp.data[0] <= '9' ?
				"the old size is not the one cosigned last, "
				"which is the size given here" :
				rct_buf_str(&resp));
		if (status == 409 && resp.len && resp.data[0] >= '0' &&
		    resp.data[0] <= '9')
			rct_error(RCT_ECHECK, "cosigned last: %s", resp.data);
	}
	rct_buf_release(&req);
	rct_buf_release(&resp);
	rct_witness_free(w);
	return rc;
}

/*
 * randomizer witness serve DIR --listen 127.0.0.1:PORT
 *
 * The witness as a C2SP tlog-witness server, in the foreground until
 * SIGTERM or SIGINT: one line per request on standard error (method, path,
 * status; nothing of the trial), "listening on HOST:PORT" on standard
 * output once it accepts requests (PORT 0 picks a free one).
 */
static volatile sig_atomic_t serve_stop;

static void
on_signal(int sig)
{
	(void)sig;
	serve_stop = 1;
}

static void
serve_ready(void *arg, int port)
{
	struct rct_cmd_ctx *ctx = arg;

	(void)ctx;
	printf("listening on port %d\n", port);
	fflush(stdout);
}

static void
serve_log(void *arg, const char *method, const char *path, int status)
{
	(void)arg;
	fprintf(stderr, "%s %s %d\n", method, path, status);
}

int
cmd_witness_serve(struct rct_cmd_ctx *ctx)
{
	struct rct_witness *w = NULL;
	struct sigaction sa;
	const char *listen = "127.0.0.1:0", *dir = NULL, *colon;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("listen", &listen),
	    RCT_OPT_END,
	};
	char host[64];
	int rc, port, bound = 0;
	char *end;

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_one(ctx, "DIR", &dir)) != 0)
		return rc;
	if ((colon = strrchr(listen, ':')) == NULL ||
	    (size_t)(colon - listen) >= sizeof(host) ||
	    (port = (int)strtol(colon + 1, &end, 10)) < 0 || port > 65535 ||
	    *end != '\0' || colon[1] == '\0')
		return rct_cli_usage(ctx, "--listen '%s' is not HOST:PORT",
		    listen);
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	if ((rc = rct_witness_open(&w, dir)) != 0)
		return rc;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	rc = rct_witness_http_serve(w, host, port, &serve_stop, &bound,
	    serve_ready, serve_log, ctx);
	rct_witness_free(w);
	return rc;
}
