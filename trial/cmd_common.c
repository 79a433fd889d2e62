/* What the trial commands share: option parsing and printing (cmds.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmds.h"
#include "error.h"

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

int
cmd_options(struct rct_cmd_ctx *ctx, enum rct_format *fmt, const char **site,
    const char **arg, const char *argname)
{
	static const struct option longopts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"site", required_argument, NULL, 's'},
	    {NULL, 0, NULL, 0},
	};
	int c, rc;

	optind = 0;
	while (
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'f':
			if ((rc = rct_cli_format(ctx, optarg, fmt)) != 0)
				return rc;
			break;
		case 's':
			if (site == NULL)
				return rct_cli_usage(ctx,
				    "--site is not an "
				    "option of this command");
			*site = optarg;
			break;
		default:
			return rct_cli_usage(ctx, "unknown option");
		}
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
