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
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "error.h"
#include "checkpoint.h"
#include "fingerprint.h"
#include "replay.h"
#include "verify.h"

/* A checkpoint published earlier, as randomizer log --head printed it. */
static int
read_published(const char *path, struct rct_buf *b)
{
	int over, missing, rc;

	if ((rc = rct_buf_read_file(b, path, 65535, &over, &missing)) != 0)
		return rc;
	if (missing)
		return rct_error(RCT_EINVAL,
		    "--head '%s' is not 64 hex digits (a head) nor a "
		    "checkpoint file: %s",
		    path, strerror(ENOENT));
	if (over || b->len == 0 || memchr(b->data, '\0', b->len))
		return rct_error(RCT_EINVAL,
		    "'%s' is not a checkpoint (empty, over 64 KiB or not text), "
		    "expected what 'randomizer log STORE --head' printed",
		    path);
	return 0;
}

int
cmd_verify(struct rct_cmd_ctx *ctx)
{
	struct rct_verify_report r;
	struct rct_buf published = RCT_BUF_INIT;
	uint64_t published_size = 0;
	const char *head = NULL, *fingerprint = NULL;
	int64_t replayed = 0;
	int rc, replay = 0;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("head", &head),
	    RCT_OPT_STRING("fingerprint", &fingerprint),
	    RCT_OPT_FLAG("replay", &replay),
	    RCT_OPT_END,
	};

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		return rc;
	/* --head takes a chain head (hex) or a published checkpoint file. */
	if (head && strspn(head, "0123456789abcdefABCDEF") != strlen(head) &&
	    (rc = read_published(head, &published)) != 0)
		goto out;
	if ((rc = rct_verify_store(ctx->store, published.len ? NULL : head,
		 &r)) != 0)
		goto out;
	if (published.len &&
	    (rc = rct_checkpoint_check_published(ctx->store, published.data,
		 published.len, &published_size)) != 0)
		goto out;
	if (fingerprint &&
	    (rc = rct_fingerprint_check(ctx->store, fingerprint)) != 0)
		goto out;
	/* Anchored: every allocation must be under the witnesses' quorum. */
	if (fingerprint) {
		int64_t seq;

		if ((rc = rct_checkpoint_unwitnessed(ctx->store, 0, &seq)) != 0)
			goto out;
		if (seq) {
			rc = rct_error(RCT_ECHECK,
			    "the allocation of audit entry %lld is under no "
			    "checkpoint cosigned by the protocol's quorum of "
			    "witnesses: it could have been drawn again",
			    (long long)seq);
			goto out;
		}
	}
	if (replay && (rc = rct_replay(ctx->store, &replayed)) != 0)
		goto out;
	fprintf(ctx->out,
	    "intact: %lld audit entries, %lld participants, "
	    "%lld allocations; signed head at entry %lld; %s%.16s%s\n",
	    (long long)r.entries, (long long)r.participants,
	    (long long)r.allocations, (long long)r.head_seq,
	    fingerprint       ? "the trial registered with fingerprint " :
		published.len ? "the published checkpoint is in the log" :
		head          ? "the published head is in the log" :
				"consistent with itself only (give --fingerprint "
				"from the trial registration)",
	    fingerprint ? fingerprint : "", fingerprint ? "..." : "");
	if (replay)
		fprintf(ctx->out,
		    "replayed: %lld allocations drawn again, all "
		    "the same\n",
		    (long long)replayed);
out:
	rct_buf_release(&published);
	return rc;
}
