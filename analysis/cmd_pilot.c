/*
 * analysis pilot STORE [--table recruitment|monthly|outcomes|deviations]
 *
 * The pilot's feasibility (pilot.h) as four tables: recruitment per site
 * against target, screening and recruitment by site and month, outcomes
 * (completeness, mean, SD and take-up by arm, ICC), and the deviations
 * recorded.  Text, Markdown and HTML print all four with a title each;
 * CSV and JSON one, named with --table.  Recruitment rates are over each
 * site's own window (pilot.h), which the table shows and a note states.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmds.h"
#include "defaults.h"
#include "error.h"
#include "pilot_tables.h"
#include "store.h"

int
cmd_pilot(struct rct_cmd_ctx *ctx)
{
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char *which = NULL;
	struct rct_pilot p;
	int i = -1, rc = 0;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("table", &which),
	    RCT_OPT_FORMAT(&fmt),
	    RCT_OPT_END,
	};

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (which && (i = rct_pilot_tables_find(which)) < 0)
		return rct_cli_usage(ctx,
		    "--table '%s': expected recruitment, monthly, outcomes "
		    "or deviations",
		    which);
	if (which == NULL && (fmt == RCT_FORMAT_CSV || fmt == RCT_FORMAT_JSON))
		return rct_cli_usage(ctx,
		    "csv and json print one table: add --table recruitment, "
		    "monthly, outcomes or deviations");
	if ((rc = rct_pilot(ctx->store, &p)) != 0)
		return rc;
	if ((rc = rct_pilot_suppress(ctx->store, &p,
		 rct_defaults_min_cell(rct_store_protocol(ctx->store)))) == 0)
		rc = rct_pilot_tables_write(ctx->out, &p, i, fmt);
	rct_pilot_release(&p);
	return rc;
}
