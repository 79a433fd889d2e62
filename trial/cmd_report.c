/*
 * The register's read commands: trial info, site list, list, export and
 * status.  Each opens the store read-only, builds its table in the library
 * (report.c, site.c) and prints it in the format asked for; export also
 * writes Stata, SPSS and Excel files (--format dta|sav|xlsx --out FILE).
 */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

#include "cmds.h"
#include "error.h"
#include "outfile.h"
#include "report.h"
#include "site.h"
#include "statfile.h"
#include "xlsx.h"

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

/*
 * Write an export to --out FILE, whole or not at all: a binary format
 * (Stata, SPSS, Excel) through its writer, a text one as it would print.
 */
static int
export_to_file(struct rct_cmd_ctx *ctx, const struct rct_table *t,
    enum rct_format fmt, const char *path)
{
	const struct rct_protocol *p = rct_store_protocol(ctx->store);
	struct rct_outfile o;
	FILE *fp;
	int rc, fd;

	if (fmt == RCT_FORMAT_DTA || fmt == RCT_FORMAT_SAV)
		return rct_table_write_stat(t, path, fmt, p->name);
	if (fmt == RCT_FORMAT_XLSX)
		return rct_table_write_xlsx(t, path, "export");
	if ((rc = rct_outfile_open(&o, path)) != 0)
		return rc;
	if ((fd = dup(o.fd)) < 0 || (fp = fdopen(fd, "w")) == NULL) {
		if (fd >= 0)
			close(fd);
		rct_outfile_abort(&o);
		return rct_error(RCT_EIO, "cannot write '%s'", path);
	}
	rct_table_print(t, fp, fmt);
	if (fflush(fp) != 0 || ferror(fp)) {
		fclose(fp);
		rct_outfile_abort(&o);
		return rct_error(RCT_EIO, "cannot write '%s'", path);
	}
	fclose(fp);
	return rct_outfile_commit(&o);
}

int
cmd_export(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"blind", no_argument, NULL, 'b'},
	    {"out", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	enum rct_format fmt = RCT_FORMAT_CSV;
	struct rct_table *t = NULL;
	const char *out = NULL, *format = "csv";
	char rows[24], cols[24];
	int c, rc, blind = 0;

	optind = 0;
	while (
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'f':
			if (rct_format_parse_file(optarg, &fmt) < 0)
				return rct_cli_usage(ctx,
				    "unknown format '%s', expected table, "
				    "csv, json, md, html, dta, sav or xlsx",
				    optarg);
			format = optarg;
			break;
		case 'b':
			blind = 1;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			return rct_cli_usage(ctx, "unknown option");
		}
	if ((rc = rct_cli_end(ctx)) != 0)
		return rc;
	/* A binary file is never sent to a terminal, nor mixed into a pipe. */
	if (rct_format_binary(fmt) && out == NULL)
		return rct_cli_usage(ctx,
		    "--format %s writes a binary file: give --out FILE",
		    format);
	if ((rc = rct_report_export(ctx->store, blind, &t)) != 0)
		return rc;
	if (out == NULL)
		return cmd_print_table(ctx, t, fmt, 0);
	if ((rc = export_to_file(ctx, t, fmt, out)) == 0) {
		const char *fields[] = {"file", "format", "rows", "columns"};
		const char *vals[4];

		snprintf(rows, sizeof(rows), "%zu", rct_table_rows(t));
		snprintf(cols, sizeof(cols), "%zu", rct_table_columns(t));
		vals[0] = out;
		vals[1] = format;
		vals[2] = rows;
		vals[3] = cols;
		rc = cmd_print_pairs(ctx, RCT_FORMAT_TABLE, fields, vals, 4);
	}
	rct_table_free(t);
	return rc;
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
