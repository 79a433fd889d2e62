/*
 * trial outcome import STORE FILE.csv [--replace]
 *
 * Records follow-up outcomes: one row per participant and outcome, naming
 * the participant by id or by identity number (for register extracts),
 * with the value and optionally the date it was measured.
 */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "error.h"
#include "outcome.h"

static int
outcome_row(struct cmd_csv *c, long line)
{
	struct rct_row_where where;

	where.file = c->file;
	where.line = line;
	where.columns = c->header.columns;
	where.decimal_comma = c->header.semicolon;
	return rct_outcome_add(c->arg, c->values, &where);
}

int
cmd_outcome_import(struct rct_cmd_ctx *ctx)
{
	static const char *const names[RCT_OF_COUNT] = {"participant",
	    "id_number", "outcome", "value", "date"};
	static const unsigned char optional[RCT_OF_COUNT] = {1, 1, 0, 0, 1};
	struct rct_outcome_stats stats;
	struct rct_outcomes *o = NULL;
	struct cmd_csv c;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	char added[24], unchanged[24], replaced[24];
	int rc, replace = 0;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_FLAG("replace", &replace),
	    RCT_OPT_FORMAT(&fmt),
	    RCT_OPT_END,
	};

	memset(&c, 0, sizeof(c));
	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_one(ctx, "FILE.csv", &c.file)) != 0)
		return rc;
	if ((rc = rct_outcome_begin(&o, ctx->store, c.file, NULL, replace)) !=
	    0)
		return rc;
	c.row = outcome_row;
	c.arg = o;
	/* No digest of the file: its bytes may hold identity numbers. */
	rc = cmd_csv_read(&c, RCT_OF_COUNT, names, optional, NULL);
	if (rc == 0)
		rc = rct_outcome_finish(o, c.bad_rows, &stats);
	if (rc == 0) {
		const char *fields[] = {"file", "added", "unchanged",
		    "replaced"};
		const char *vals[4];

		snprintf(added, sizeof(added), "%ld", stats.added);
		snprintf(unchanged, sizeof(unchanged), "%ld", stats.unchanged);
		snprintf(replaced, sizeof(replaced), "%ld", stats.replaced);
		vals[0] = c.file;
		vals[1] = added;
		vals[2] = unchanged;
		vals[3] = replaced;
		rc = cmd_print_pairs(ctx, fmt, fields, vals, 4);
	}
	rct_outcome_free(o);
	return rc;
}
