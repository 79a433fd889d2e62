/*
 * trial correct STORE PARTICIPANT --set VAR=VALUE --reason TEXT
 *
 * Corrects a baseline value after enrolment.  The value as enrolled is
 * kept (allocation used it and the log holds its digest); the correction
 * is recorded beside it with its reason, and exports show the corrected
 * value.  "--set VAR=" sets a value to missing.
 */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "correct.h"
#include "error.h"

int
cmd_correct(struct rct_cmd_ctx *ctx)
{
	const char *set = NULL, *reason = NULL, *eq, *participant;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("set", &set),
	    RCT_OPT_STRING("reason", &reason),
	    RCT_OPT_END,
	};
	char name[80];
	int rc;

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_one(ctx, "PARTICIPANT", &participant)) != 0)
		return rc;
	if (set == NULL || reason == NULL)
		return rct_cli_usage(ctx,
		    "--set VAR=VALUE and --reason are "
		    "required");
	eq = strchr(set, '=');
	if (eq == NULL || eq == set || (size_t)(eq - set) >= sizeof(name))
		return rct_cli_usage(ctx, "--set '%s' is not VAR=VALUE", set);
	memcpy(name, set, (size_t)(eq - set));
	name[eq - set] = '\0';
	if ((rc = rct_correct(ctx->store, participant, name, eq + 1, reason)) !=
	    0)
		return rc;
	fprintf(ctx->out, "%s: %s corrected\n", participant, name);
	return 0;
}
