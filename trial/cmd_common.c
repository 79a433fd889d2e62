/* What the trial commands share: option parsing and printing (cmds.h). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmds.h"
#include "error.h"
#include "outfile.h"
#include "statfile.h"
#include "store.h"
#include "xlsx.h"

int
cmd_print_pairs(struct rct_cmd_ctx *ctx, enum rct_format fmt,
    const char *const *fields, const char *const *values, size_t n)
{
	static const char *const cols[] = {"field", "value"};
	struct rct_table *t;
	size_t i;
	int rc = 0;

	if (fmt == RCT_FORMAT_JSON || fmt == RCT_FORMAT_CSV) {
		/* One record: a JSON object, or a CSV header and row. */
		t = rct_table_new(n, fields);
		if (t == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		rc = rct_table_add(t, values);
	} else {
		if ((t = rct_table_new(2, cols)) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		for (i = 0; rc == 0 && i < n; i++) {
			const char *row[2] = {fields[i], values[i]};

			rc = rct_table_add(t, row);
		}
	}
	return cmd_print_table(ctx, t, fmt, rc);
}

int
cmd_print_table(struct rct_cmd_ctx *ctx, struct rct_table *t,
    enum rct_format fmt, int rc)
{
	if (rc == 0 && t)
		rct_table_print(t, ctx->out, fmt);
	rct_table_free(t);
	return rc;
}

static const char *
format_name(enum rct_format fmt)
{
	static const char *const names[] = {"table", "csv", "json", "md",
	    "html", "dta", "sav", "xlsx"};

	return names[fmt];
}

/* --format of an export: the text formats, or a binary file's. */
static int
file_format(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	if (rct_table_format_parse_file(arg, opt->dest) < 0)
		return rct_cli_usage(ctx,
		    "unknown format '%s', expected table, "
		    "csv, json, md, html, dta, sav or xlsx",
		    arg);
	return 0;
}

int
cmd_report_options(struct rct_cmd_ctx *ctx, enum rct_format *fmt,
    const char **site, const char **out, int *blind)
{
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_FN("format", file_format, fmt),
	    RCT_OPT_STRING("site", site),
	    RCT_OPT_STRING("out", out),
	    RCT_OPT_FLAG("blind", blind),
	    RCT_OPT_END,
	};
	int rc;

	if ((rc = rct_cli_parse(ctx, opts)) != 0)
		return rc;
	if ((rc = rct_cli_end(ctx)) != 0)
		return rc;
	/* A binary file is never sent to a terminal, nor mixed into a pipe. */
	if (rct_table_format_binary(*fmt) && *out == NULL)
		return rct_cli_usage(ctx,
		    "--format %s writes a binary file: give --out FILE",
		    format_name(*fmt));
	return 0;
}

/* A text format into a file, whole or not at all. */
static int
write_text(const struct rct_table *t, enum rct_format fmt, const char *path)
{
	struct rct_outfile o;
	FILE *fp;
	int rc, fd;

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
cmd_write_table(struct rct_cmd_ctx *ctx, struct rct_table *t,
    enum rct_format fmt, const char *out, int rc)
{
	const char *fields[] = {"file", "format", "rows", "columns"};
	const char *vals[4];
	char rows[24], cols[24];
	struct stat o, st;

	if (rc != 0 || t == NULL || out == NULL)
		return cmd_print_table(ctx, t, fmt, rc);
	if (ctx->store_path && stat(out, &o) == 0 &&
	    stat(ctx->store_path, &st) == 0 && o.st_dev == st.st_dev &&
	    o.st_ino == st.st_ino) {
		rct_table_free(t);
		return rct_error(RCT_EINVAL,
		    "--out '%s' is the store itself; name another file", out);
	}
	if (fmt == RCT_FORMAT_DTA || fmt == RCT_FORMAT_SAV)
		rc = rct_statfile_write(t, out, fmt,
		    rct_store_protocol(ctx->store)->name);
	else if (fmt == RCT_FORMAT_XLSX)
		rc = rct_xlsx_write(t, out, ctx->cmd->name);
	else
		rc = write_text(t, fmt, out);
	if (rc == 0) {
		snprintf(rows, sizeof(rows), "%zu", rct_table_rows(t));
		snprintf(cols, sizeof(cols), "%zu", rct_table_columns(t));
		vals[0] = out;
		vals[1] = format_name(fmt);
		vals[2] = rows;
		vals[3] = cols;
		rc = cmd_print_pairs(ctx, RCT_FORMAT_TABLE, fields, vals, 4);
	}
	rct_table_free(t);
	return rc;
}

int
cmd_options(struct rct_cmd_ctx *ctx, enum rct_format *fmt, const char **site,
    const char **arg, const char *argname)
{
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_FORMAT(fmt),
	    RCT_OPT_STRING("site", site),
	    RCT_OPT_END,
	};
	int rc;

	if ((rc = rct_cli_parse(ctx, opts)) != 0)
		return rc;
	if (arg) {
		return rct_cli_one(ctx, argname, arg);
	}
	if ((rc = rct_cli_end(ctx)) != 0)
		return rc;
	return 0;
}

static int
csv_row(void *arg, const struct rct_csv_row *row)
{
	struct cmd_csv *c = arg;
	int rc;

	if (c->header.line == 0)
		return rct_csv_header_read(&c->header, c->file, row);
	if (rct_csv_header_map(&c->header, c->file, row, c->values) != 0)
		return 0; /* recorded; go on to the next row */
	rc = c->row(c, row->line);
	/* A bad row is recorded and counted by the library: go on. */
	return rc == RCT_EINVAL || rc >= 0 ? 0 : rc;
}

int
cmd_csv_read(struct cmd_csv *c, size_t nfields, const char *const *names,
    const unsigned char *optional, unsigned char hash[32])
{
	int rc;

	if ((rc = rct_csv_header_init(&c->header, nfields, names, optional)) !=
	    0)
		goto out;
	if ((c->values = calloc(nfields, sizeof(*c->values))) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	/* A register saved by a Norwegian Excel is ';'-separated. */
	rc = rct_csv_read_opts(c->file, csv_row, c, hash, RCT_CSV_SEMICOLON);
	if (rc == 0 && c->header.line == 0)
		rc = rct_error_at(RCT_EINVAL, c->file, 0, 0,
		    "the file is "
		    "empty, expected a header row");
	c->bad_rows += c->header.bad_rows;
out:
	free(c->values);
	c->values = NULL;
	rct_csv_header_release(&c->header);
	return rc;
}
