/*
 * randomizer verify STORE [--fingerprint FP] [--head HASH] [--replay]
 *
 * Checks the audit chain and every signature, that the data and the log
 * describe each other exactly, with --fingerprint that the store is the
 * trial registered (its init entry gives the fingerprint published in the
 * registration), and with --head that a head published earlier is still
 * in the log; with --replay it also draws every allocation again from the
 * secret (revealed, or from the keys) and the protocol.  Without an anchor
 * outside the store the result says so (TRUST.md, rule 5): a store
 * rewritten with fresh keys agrees with itself too.  Exit 0 when intact, 1
 * naming the first problem.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmds.h"
#include "error.h"
#include "checkpoint.h"
#include "fingerprint.h"
#include "replay.h"
#include "verify.h"

int
cmd_verify(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"head", required_argument, NULL, 'h'},
	    {"fingerprint", required_argument, NULL, 'F'},
	    {"replay", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	struct rct_verify_report r;
	const char *head = NULL, *fingerprint = NULL;
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
		case 'F':
			fingerprint = optarg;
			break;
		default:
			return rct_cli_usage(ctx, "unknown option");
		}
	if ((rc = rct_cli_end(ctx)) != 0)
		return rc;
	if ((rc = rct_verify_store(ctx->store, head, &r)) != 0)
		return rc;
	if (fingerprint &&
	    (rc = rct_fingerprint_check(ctx->store, fingerprint)) != 0)
		return rc;
	/* Anchored: every allocation must be under the witnesses' quorum. */
	if (fingerprint) {
		int64_t seq;

		if ((rc = rct_checkpoint_unwitnessed(ctx->store, &seq)) != 0)
			return rc;
		if (seq)
			return rct_error(RCT_ECHECK,
			    "the allocation of audit entry %lld is under no "
			    "checkpoint cosigned by the protocol's quorum of "
			    "witnesses: it could have been drawn again",
			    (long long)seq);
	}
	if (replay && (rc = rct_replay(ctx->store, &replayed)) != 0)
		return rc;
	fprintf(ctx->out,
	    "intact: %lld audit entries, %lld participants, "
	    "%lld allocations; signed head at entry %lld; %s%.16s%s\n",
	    (long long)r.entries, (long long)r.participants,
	    (long long)r.allocations, (long long)r.head_seq,
	    fingerprint ? "the trial registered with fingerprint " :
		head    ? "the published head is in the log" :
			  "consistent with itself only (give --fingerprint "
			  "from the trial registration)",
	    fingerprint ? fingerprint : "", fingerprint ? "..." : "");
	if (replay)
		fprintf(ctx->out,
		    "replayed: %lld allocations drawn again, all "
		    "the same\n",
		    (long long)replayed);
	return 0;
}
