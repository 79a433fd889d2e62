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
#include <stdio.h>

#include "cmds.h"
#include "error.h"
#include "site.h"

int
cmd_site_add(struct rct_cmd_ctx *ctx)
{
	const char *name = NULL;
	long target = -1;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("name", &name),
	    RCT_OPT_LONG("target", &target, 1, 10000000),
	    RCT_OPT_END,
	};
	int rc;

	if ((rc = rct_cli_parse(ctx, opts)) != 0)
		return rc;
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

/* site remove takes no --name: refused as an unknown option. */
static int
no_name(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	(void)opt;
	(void)arg;
	return rct_cli_usage(ctx, "unknown option");
}

static int
change_options(struct rct_cmd_ctx *ctx, const char **name, const char **reason,
    int nargs, const char *args)
{
	const struct rct_cli_opt opts[] = {
	    name ? (struct rct_cli_opt)RCT_OPT_STRING("name", name) :
		   (struct rct_cli_opt)RCT_OPT_FN("name", no_name, NULL),
	    RCT_OPT_STRING("reason", reason),
	    RCT_OPT_END,
	};
	int rc;

	if ((rc = rct_cli_parse(ctx, opts)) != 0)
		return rc;
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
