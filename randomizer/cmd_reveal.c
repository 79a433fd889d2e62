/*
 * randomizer reveal STORE [--yes] [--close-pending]
 *
 * Publishes the randomization secret once the trial's allocation is over:
 * it is written to the store and the audit log, and printed.  Anyone can
 * then check it against the commitment published at init and replay every
 * allocation (randomizer verify --replay).  No allocation is made after.
 * The protocol's concealed part (the block sizes), kept from staff until
 * now, is published with it.
 *
 * It cannot be undone, so it asks on a terminal and wants --yes from a
 * script; and it refuses while enrolled participants still wait for
 * allocation (nobody may be enrolled who can never be randomized) unless
 * --close-pending says to close them out as never randomized.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "allocation.h"
#include "cmds.h"
#include "concealed.h"
#include "error.h"

static int
confirm(long allocated, long waiting)
{
	char line[64];

	fprintf(stderr,
	    "randomizer reveal publishes the randomization secret: every one "
	    "of the %ld allocations can then be drawn again by anyone, and "
	    "allocation closes for good%s.\nType 'reveal' to go on: ",
	    allocated, waiting ? ", closing out those still waiting" : "");
	fflush(stderr);
	if (fgets(line, sizeof(line), stdin) != NULL)
		line[strcspn(line, "\r\n")] = '\0';
	else
		line[0] = '\0';
	if (strcmp(line, "reveal") != 0)
		return rct_error(RCT_EINVAL,
		    "not confirmed; nothing was revealed");
	return 0;
}

int
cmd_reveal(struct rct_cmd_ctx *ctx)
{
	char secret[65], first[32], *concealed = NULL;
	long waiting = 0, allocated = 0;
	int rc, yes = 0, close_pending = 0;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_FLAG("yes", &yes),
	    RCT_OPT_FLAG("close-pending", &close_pending),
	    RCT_OPT_END,
	};

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		return rc;
	if ((rc = rct_allocation_waiting(ctx->store, &waiting, &allocated,
		 first)) != 0)
		return rc;
	if (waiting > 0 && !close_pending)
		return rct_error(RCT_EINVAL,
		    "%ld enrolled participant(s) still wait for allocation "
		    "(the first is %s): allocate or withdraw them, or give "
		    "--close-pending to close them out as never randomized; "
		    "nothing was revealed",
		    waiting, first);
	if (!yes && !isatty(STDIN_FILENO))
		return rct_error(RCT_EINVAL,
		    "reveal cannot be undone: from a script, say --yes; "
		    "nothing was revealed");
	if (!yes && (rc = confirm(allocated, waiting)) != 0)
		return rc;
	if ((rc = rct_allocation_reveal(ctx->store, secret,
		 close_pending ? waiting : 0)) == 0 &&
	    (rc = rct_concealed_store_text(ctx->store, &concealed)) == 0) {
		fprintf(ctx->out, "secret %s\n", secret);
		if (waiting > 0)
			fprintf(ctx->out, "closed out, never randomized: %ld\n",
			    waiting);
		if (concealed)
			fprintf(ctx->out,
			    "the protocol's concealed part, published now:\n%s",
			    concealed);
	}
	sodium_memzero(secret, sizeof(secret));
	free(concealed);
	return rc;
}
