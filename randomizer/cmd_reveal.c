/*
 * randomizer reveal STORE
 *
 * Publishes the randomization secret once the trial's allocation is over:
 * it is written to the store and the audit log, and printed.  Anyone can
 * then check it against the commitment published at init and replay every
 * allocation (randomizer verify --replay).  No allocation is made after.
 * The protocol's concealed part (the block sizes), kept from staff until
 * now, is published with it.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "allocation.h"
#include "cmds.h"
#include "concealed.h"
#include "error.h"

int
cmd_reveal(struct rct_cmd_ctx *ctx)
{
	char secret[65], *concealed = NULL;
	int rc;

	if (ctx->argc != 1)
		return rct_cli_usage(ctx, "unexpected argument '%s'",
		    ctx->argv[1]);
	if ((rc = rct_allocation_reveal(ctx->store, secret)) == 0 &&
	    (rc = rct_store_concealed_text(ctx->store, &concealed)) == 0) {
		fprintf(ctx->out, "secret %s\n", secret);
		if (concealed)
			fprintf(ctx->out,
			    "the protocol's concealed part, published now:\n%s",
			    concealed);
	}
	sodium_memzero(secret, sizeof(secret));
	free(concealed);
	return rc;
}
