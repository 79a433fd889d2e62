/*
 * The register's read commands: trial info, site list, list, export and
 * status.  Each opens the store read-only, builds its table in the library
 * (report.c, site.c) and prints it in the format asked for.
 */
#include <getopt.h>
#include <stddef.h>

#include "cmds.h"
#include "report.h"
#include "site.h"

int
cmd_info(struct rct_cmd_ctx *ctx)
{
	enum rct_format fmt = RCT_FORMAT_TABLE;
	struct rct_table *t = NULL;
	int rc;

	if ((rc = cmd_options(ctx, &fmt, NULL, NULL, NULL)) != 0)
		return rc;
	if ((rc = rct_report_info(ctx->store, &t)) != 0)
		return rc;
	/* One record: a field/value list in text, one row in CSV and JSON. */
	rc = cmd_print_pairs(ctx, fmt, rct_table_names(t), rct_table_row(t, 0),
	    rct_table_columns(t));
	rct_table_free(t);
	return rc;
}

int
cmd_site_list(struct rct_cmd_ctx *ctx)
{
	enum rct_format fmt = RCT_FORMAT_TABLE;
	struct rct_table *t = NULL;
	int rc;

	if ((rc = cmd_options(ctx, &fmt, NULL, NULL, NULL)) != 0)
		return rc;
	rc = rct_site_list(ctx->store, &t);
	return cmd_print_table(ctx, t, fmt, rc);
}

int
cmd_list(struct rct_cmd_ctx *ctx)
{
	enum rct_format fmt = RCT_FORMAT_TABLE;
	struct rct_table *t = NULL;
	const char *site = NULL;
	int rc;

	if ((rc = cmd_options(ctx, &fmt, &site, NULL, NULL)) != 0)
		return rc;
	rc = rct_report_list(ctx->store, site, &t);
	return cmd_print_table(ctx, t, fmt, rc);
}

int
cmd_export(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"blind", no_argument, NULL, 'b'},
	    {NULL, 0, NULL, 0},
	};
	enum rct_format fmt = RCT_FORMAT_CSV;
	struct rct_table *t = NULL;
	int c, rc, blind = 0;

	optind = 0;
	while (
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'f':
			if ((rc = rct_cli_format(ctx, optarg, &fmt)) != 0)
				return rc;
			break;
		case 'b':
			blind = 1;
			break;
		default:
			return rct_cli_usage(ctx, "unknown option");
		}
	if ((rc = rct_cli_end(ctx)) != 0)
		return rc;
	rc = rct_report_export(ctx->store, blind, &t);
	return cmd_print_table(ctx, t, fmt, rc);
}

int
cmd_status(struct rct_cmd_ctx *ctx)
{
	enum rct_format fmt = RCT_FORMAT_TABLE;
	struct rct_table *t = NULL;
	int rc;

	if ((rc = cmd_options(ctx, &fmt, NULL, NULL, NULL)) != 0)
		return rc;
	rc = rct_report_status(ctx->store, &t);
	return cmd_print_table(ctx, t, fmt, rc);
}
