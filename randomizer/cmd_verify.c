/*
 * randomizer verify STORE [--head HASH] [--replay]
 *
 * Checks the audit chain and every signature, that the data and the log
 * describe each other exactly, and with --head that a head published
 * earlier is still in the log; with --replay it also draws every
 * allocation again from the secret (revealed, or from the keys) and the
 * protocol.  Exit 0 when intact, 1 naming the first problem.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmds.h"
#include "error.h"
#include "replay.h"
#include "verify.h"

int
cmd_verify(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"head", required_argument, NULL, 'h'},
	    {"replay", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	struct rct_verify_report r;
	const char *head = NULL;
	int64_t replayed = 0;
	int c, rc, replay = 0;

	optind = 0;
	while (
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'h':
			head = optarg;
			break;
		case 'r':
			replay = 1;
			break;
		default:
			return rct_cli_usage(ctx, "unknown option");
		}
	if ((rc = rct_cli_end(ctx)) != 0)
		return rc;
	if ((rc = rct_verify_store(ctx->store, head, &r)) != 0)
		return rc;
	if (replay && (rc = rct_replay(ctx->store, &replayed)) != 0)
		return rc;
	fprintf(ctx->out,
	    "intact: %lld audit entries, %lld participants, "
	    "%lld allocations; signed head at entry %lld\n",
	    (long long)r.entries, (long long)r.participants,
	    (long long)r.allocations, (long long)r.head_seq);
	if (replay)
		fprintf(ctx->out,
		    "replayed: %lld allocations drawn again, all "
		    "the same\n",
		    (long long)replayed);
	return 0;
}
