/*
 * trial import STORE FILE.csv
 *
 * Imports a site's recruitment register.  The header names the columns
 * (id_number, site and the protocol's baseline variables, in any order);
 * every row is checked and every bad one is named with its line and
 * column; if any is bad, nothing is written and the exit status is 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "error.h"
#include "register.h"
#include "store.h"

static int
import_row(struct cmd_csv *c, long line)
{
	struct rct_row_where where;

	where.file = c->file;
	where.line = line;
	where.columns = c->header.columns;
	where.decimal_comma = c->header.semicolon;
	return rct_register_add(c->arg, c->values, &where, NULL);
}

int
cmd_import(struct rct_cmd_ctx *ctx)
{
	struct rct_register_stats stats;
	struct rct_register *r = NULL;
	struct cmd_csv c;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char **names = NULL;
	unsigned char *optional = NULL;
	char added[24], unchanged[24];
	size_t i, n;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = cmd_options(ctx, &fmt, NULL, &c.file, "FILE.csv")) != 0)
		return rc;
	if ((rc = rct_register_begin(&r, ctx->store, c.file, NULL)) != 0)
		return rc;
	rct_store_bulk(ctx->store);
	n = rct_register_nfields(r);
	names = calloc(n, sizeof(*names));
	optional = calloc(n, 1);
	if (names == NULL || optional == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		names[i] = rct_register_field_name(r, i);
		optional[i] = rct_register_field_optional(r, i);
	}
	c.row = import_row;
	c.arg = r;
	/* No digest of the file: its bytes hold identity numbers. */
	rc = cmd_csv_read(&c, n, names, optional, NULL);
	if (rc == 0)
		rc = rct_register_finish(r, c.bad_rows, &stats);
	if (rc == 0) {
		const char *fields[] = {"file", "added", "unchanged", "first",
		    "last"};
		const char *vals[5];

		snprintf(added, sizeof(added), "%ld", stats.added);
		snprintf(unchanged, sizeof(unchanged), "%ld", stats.unchanged);
		vals[0] = c.file;
		vals[1] = added;
		vals[2] = unchanged;
		vals[3] = stats.first;
		vals[4] = stats.last;
		rc = cmd_print_pairs(ctx, fmt, fields, vals, 5);
	}
out:
	free(names);
	free(optional);
	rct_register_free(r);
	return rc;
}
