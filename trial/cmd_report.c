/*
 * The register's read commands: trial info, site list, list, export and
 * status.  Each opens the store read-only, builds its table in the library
 * (report.c, site.c) and prints it in the format asked for, or writes it
 * to --out FILE, also as a Stata, SPSS or Excel file (--format
 * dta|sav|xlsx: cmd_write_table).  Export's columns are typed and
 * labelled from the codebook; in the other tables numeric columns are
 * numbers and the rest text.
 *
 * They share one file, unlike the other commands, because each is the
 * same three lines (options, one library table, print) over the same
 * options (cmd_report_options): five files would repeat them five times
 * and hide that they differ only in the table they ask for.
 */
#include <stddef.h>

#include "cmds.h"
#include "error.h"
#include "report.h"
#include "site.h"

int
cmd_info(struct rct_cmd_ctx *ctx)
{
	enum rct_format fmt = RCT_FORMAT_TABLE;
	struct rct_table *t = NULL;
	const char *out = NULL;
	int rc;

	if ((rc = cmd_report_options(ctx, &fmt, NULL, &out, 0)) != 0)
		return rc;
	if ((rc = rct_report_info(ctx->store, &t)) != 0)
		return rc;
	/* A file holds the record as one row, as CSV and JSON do. */
	if (out)
		return cmd_write_table(ctx, t, fmt, out, 0);
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
	const char *out = NULL;
	int rc;

	if ((rc = cmd_report_options(ctx, &fmt, NULL, &out, 0)) != 0)
		return rc;
	rc = rct_site_list(ctx->store, &t);
	return cmd_write_table(ctx, t, fmt, out, rc);
}

int
cmd_list(struct rct_cmd_ctx *ctx)
{
	enum rct_format fmt = RCT_FORMAT_TABLE;
	struct rct_table *t = NULL;
	const char *site = NULL, *out = NULL;
	int rc;

	if ((rc = cmd_report_options(ctx, &fmt, &site, &out, 0)) != 0)
		return rc;
	rc = rct_report_list(ctx->store, site, &t);
	return cmd_write_table(ctx, t, fmt, out, rc);
}

int
cmd_export(struct rct_cmd_ctx *ctx)
{
	enum rct_format fmt = RCT_FORMAT_CSV;
	struct rct_table *t = NULL;
	const char *out = NULL;
	int blind = 0, rc;

	if ((rc = cmd_report_options(ctx, &fmt, NULL, &out, &blind)) != 0)
		return rc;
	rc = rct_report_export(ctx->store, blind, &t);
	return cmd_write_table(ctx, t, fmt, out, rc);
}

int
cmd_status(struct rct_cmd_ctx *ctx)
{
	enum rct_format fmt = RCT_FORMAT_TABLE;
	struct rct_table *t = NULL;
	const char *out = NULL;
	int rc;

	if ((rc = cmd_report_options(ctx, &fmt, NULL, &out, 0)) != 0)
		return rc;
	rc = rct_report_status(ctx->store, &t);
	return cmd_write_table(ctx, t, fmt, out, rc);
}
