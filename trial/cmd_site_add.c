/*
 * trial site add STORE CODE --name NAME [--target N]
 *
 * Adds a recruiting site: a municipality (its 4-digit kommunenummer), a
 * NAV office or a school, with the number of participants it aims for.
 *
 * trial site rename STORE OLD NEW [--name NAME] --reason TEXT
 * trial site remove STORE CODE --reason TEXT
 *
 * Put right a site added by mistake (a mistyped kommunenummer, a site
 * that never recruited): an audited correction with its reason, refused
 * once anything names the site (participants, screening, users).
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

static int
change_options(struct rct_cmd_ctx *ctx, const char **name, const char **reason,
    int nargs, const char *args)
{
	static const struct option longopts[] = {
	    {"name", required_argument, NULL, 'n'},
	    {"reason", required_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	optind = 0;
	while (
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'n':
			if (name == NULL)
				return rct_cli_usage(ctx, "unknown option");
			*name = optarg;
			break;
		case 'r':
			*reason = optarg;
			break;
		default:
			return rct_cli_usage(ctx, "unknown option");
		}
	if (optind + nargs != ctx->argc)
		return rct_cli_usage(ctx, "%s required", args);
	if (*reason == NULL)
		return rct_cli_usage(ctx, "--reason TEXT is required");
	return 0;
}

int
cmd_site_rename(struct rct_cmd_ctx *ctx)
{
	const char *name = NULL, *reason = NULL;
	int rc;

	if ((rc = change_options(ctx, &name, &reason, 2,
		 "the site's codes OLD and NEW are")) != 0 ||
	    (rc = rct_site_rename(ctx->store, ctx->argv[optind],
		 ctx->argv[optind + 1], name, reason)) != 0)
		return rc;
	fprintf(ctx->out, "site %s renamed %s\n", ctx->argv[optind],
	    ctx->argv[optind + 1]);
	return 0;
}

int
cmd_site_remove(struct rct_cmd_ctx *ctx)
{
	const char *reason = NULL;
	int rc;

	if ((rc = change_options(ctx, NULL, &reason, 1, "one site CODE is")) !=
		0 ||
	    (rc = rct_site_remove(ctx->store, ctx->argv[optind], reason)) != 0)
		return rc;
	fprintf(ctx->out, "site %s removed\n", ctx->argv[optind]);
	return 0;
}
