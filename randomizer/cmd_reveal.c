/*
 * randomizer reveal STORE
 *
 * Publishes the randomization secret once the trial's allocation is over:
 * it is written to the store and the audit log, and printed.  Anyone can
 * then check it against the commitment published at init and replay every
 * allocation (randomizer verify --replay).  No allocation is made after.
 */
#include <stdio.h>

#include <sodium.h>

#include "allocation.h"
#include "cmds.h"
#include "error.h"

int
cmd_reveal(struct rct_cmd_ctx *ctx)
{
	char secret[65];
	int rc;

	if (ctx->argc != 1)
		return rct_cli_usage(ctx, "unexpected argument '%s'",
		    ctx->argv[1]);
	if ((rc = rct_allocation_reveal(ctx->store, secret)) == 0)
		fprintf(ctx->out, "secret %s\n", secret);
	sodium_memzero(secret, sizeof(secret));
	return rc;
}
