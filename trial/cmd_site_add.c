/*
 * trial site add STORE CODE --name NAME [--target N]
 *
 * Adds a recruiting site: a municipality (its 4-digit kommunenummer), a
 * NAV office or a school, with the number of participants it aims for.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmds.h"
#include "error.h"
#include "site.h"

int
cmd_site_add(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"name", required_argument, NULL, 'n'},
	    {"target", required_argument, NULL, 't'},
	    {NULL, 0, NULL, 0},
	};
	const char *name = NULL;
	long target = -1;
	int c, rc;

	optind = 0;
	while (
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'n':
			name = optarg;
			break;
		case 't':
			if ((rc = rct_cli_long(ctx, "--target", optarg, 1,
				 10000000, &target)) != 0)
				return rc;
			break;
		default:
			return rct_cli_usage(ctx, "unknown option");
		}
	if (optind + 1 != ctx->argc)
		return rct_cli_usage(ctx, "one site CODE is required");
	if (name == NULL)
		return rct_cli_usage(ctx, "--name NAME is required");
	if ((rc = rct_site_add(ctx->store, ctx->argv[optind], name, target)) !=
	    0)
		return rc;
	fprintf(ctx->out, "added site %s (%s)\n", ctx->argv[optind], name);
	return 0;
}
