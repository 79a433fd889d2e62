/*
 * randomizer simulate --protocol FILE [--trials N] [--participants N]
 *
 * Runs the protocol's allocation on many simulated trials, each with a
 * fresh random secret, and reports whether it behaves as the design
 * promises, and how predictable it is (see simulate.h), one row per
 * property in the --format asked.  Needs no store; exit 1 when a property
 * fails.
 */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "error.h"
#include "protocol.h"
#include "simulate.h"

int
cmd_simulate(struct rct_cmd_ctx *ctx)
{
	struct rct_protocol *p = NULL;
	struct rct_table *t = NULL;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char *file = NULL;
	long trials = 1000, participants = 200;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("protocol", &file),
	    RCT_OPT_LONG("trials", &trials, 1, 10000000),
	    RCT_OPT_LONG("participants", &participants, 2, 1000000),
	    RCT_OPT_FORMAT(&fmt),
	    RCT_OPT_END,
	};
	size_t i;
	int rc;

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (file == NULL)
		return rct_cli_usage(ctx, "--protocol FILE is required");
	if ((rc = rct_protocol_load(&p, file)) != 0)
		return rc;
	if ((rc = rct_simulate(p, trials, participants, &t)) == 0) {
		rct_table_print(t, ctx->out, fmt);
		for (i = 0; i < rct_table_rows(t); i++)
			if (strcmp(rct_table_row(t, i)[3], "NO") == 0)
				rc = rct_error(RCT_ECHECK,
				    "%s: %s is %s, "
				    "expected %s",
				    file, rct_table_row(t, i)[0],
				    rct_table_row(t, i)[1],
				    rct_table_row(t, i)[2]);
	}
	rct_table_free(t);
	rct_protocol_free(p);
	return rc;
}
