/*
 * randomizer cosign request STORE --witness NAME [--old N]
 * randomizer cosign add STORE FILE|-
 *
 * The trial's side of a witness that is offline: request writes the
 * add-checkpoint request for the newest checkpoint (the consistency proof
 * from the last checkpoint that witness cosigned, or from --old N), to be
 * carried to the witness; add takes its answer back and keeps the
 * cosignatures that verify under the protocol's witnesses with the
 * checkpoint.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "cmds.h"
#include "error.h"
#include "protocol.h"
#include "store.h"

int
cmd_cosign_request(struct rct_cmd_ctx *ctx)
{
	const struct rct_protocol *p = rct_store_protocol(ctx->store);
	struct rct_buf b = RCT_BUF_INIT;
	const char *witness = NULL, *old_arg = NULL;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("witness", &witness),
	    RCT_OPT_STRING("old", &old_arg),
	    RCT_OPT_END,
	};
	uint64_t old = 0;
	size_t i;
	int rc;
	char *end;

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (old_arg) {
		old = strtoull(old_arg, &end, 10);
		if (*old_arg == '\0' || *end != '\0' || *old_arg == '-')
			return rct_cli_usage(ctx,
			    "--old '%s' is not a tree size", old_arg);
	} else {
		if (witness == NULL)
			return rct_cli_usage(ctx,
			    "--witness NAME (or --old N) is required");
		for (i = 0; i < p->nwitnesses; i++)
			if (strcmp(p->witnesses[i].name, witness) == 0)
				break;
		if (i == p->nwitnesses)
			return rct_error(RCT_EINVAL,
			    "the protocol names no witness '%s'", witness);
		if ((rc = rct_checkpoint_witnessed(ctx->store, i, &old)) != 0)
			return rc;
	}
	if ((rc = rct_checkpoint_request(ctx->store, old, &b)) == 0)
		fwrite(b.data, 1, b.len, ctx->out);
	rct_buf_release(&b);
	return rc;
}

int
cmd_cosign_add(struct rct_cmd_ctx *ctx)
{
	const struct rct_protocol *p = rct_store_protocol(ctx->store);
	struct rct_buf b = RCT_BUF_INIT;
	int rc, over, cosigners = 0;

	if (ctx->argc != 2)
		return rct_cli_usage(ctx, "expected one FILE (or -)");
	/* A witness's answer is a few lines: what is past 64 KiB is not. */
	if ((rc = rct_buf_read_file(&b, ctx->argv[1], 65536, &over, NULL)) == 0)
		rc = rct_checkpoint_add_cosignatures(ctx->store, 0,
		    rct_buf_str(&b), b.len, &cosigners);
	rct_buf_release(&b);
	if (rc == 0)
		fprintf(ctx->out,
		    "cosigned by %d of %zu witnesses (quorum %ld)\n", cosigners,
		    p->nwitnesses, p->witness_quorum);
	return rc;
}
