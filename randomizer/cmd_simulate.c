/*
 * randomizer simulate --protocol FILE [--trials N] [--participants N]
 *
 * Runs the protocol's allocation on many simulated trials, each with a
 * fresh random secret, and reports whether it behaves as the design
 * promises, and how predictable it is (see simulate.h), one row per
 * property in the --format asked.  Needs no store; exit 1 when a property
 * fails.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "error.h"
#include "protocol.h"
#include "simulate.h"

int
cmd_simulate(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"protocol", required_argument, NULL, 'p'},
	    {"trials", required_argument, NULL, 't'},
	    {"participants", required_argument, NULL, 'n'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	struct rct_protocol *p = NULL;
	struct rct_table *t = NULL;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char *file = NULL;
	long trials = 1000, participants = 200;
	size_t i;
	int c, rc;

	optind = 0;
	while (
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1) {
		rc = 0;
		switch (c) {
		case 'p':
			file = optarg;
			break;
		case 't':
			rc = rct_cli_long(ctx, "--trials", optarg, 1, 10000000,
			    &trials);
			break;
		case 'n':
			rc = rct_cli_long(ctx, "--participants", optarg, 2,
			    1000000, &participants);
			break;
		case 'f':
			rc = rct_cli_format(ctx, optarg, &fmt);
			break;
		default:
			rc = rct_cli_usage(ctx, "unknown option");
		}
		if (rc != 0)
			return rc;
	}
	if ((rc = rct_cli_end(ctx)) != 0)
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
