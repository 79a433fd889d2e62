/*
 * trial withdraw STORE PARTICIPANT --reason TEXT [--date YYYY-MM-DD]
 * trial exit STORE PARTICIPANT --reason CODE [--date YYYY-MM-DD]
 *
 * Withdrawal is the participant leaving the study (no more data is
 * collected); exit is leaving the measure, with a reason from the fixed
 * list.  Both stay in the analysis by intention to treat.
 *
 * trial withdraw STORE PARTICIPANT --undo --reason TEXT
 * trial exit STORE PARTICIPANT --undo --reason TEXT
 *
 * A withdrawal or exit recorded by mistake (the wrong participant, a
 * misread letter) is undone as an audited correction: the row goes, the
 * entry that recorded it stays, and an undo entry with the reason names it.
 */
#include <stdio.h>

#include "cmds.h"
#include "error.h"
#include "followup.h"

static int
event_options(struct rct_cmd_ctx *ctx, const char **participant,
    const char **reason, const char **date, int *undo)
{
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("reason", reason),
	    RCT_OPT_STRING("date", date),
	    RCT_OPT_FLAG("undo", undo),
	    RCT_OPT_END,
	};
	int rc;

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_one(ctx, "PARTICIPANT", participant)) != 0)
		return rc;
	if (*reason == NULL)
		return rct_cli_usage(ctx, "--reason is required");
	if (*undo && *date)
		return rct_cli_usage(ctx, "--undo takes no --date");
	return 0;
}

int
cmd_withdraw(struct rct_cmd_ctx *ctx)
{
	const char *participant, *reason = NULL, *date = NULL;
	int rc, undo = 0;

	if ((rc = event_options(ctx, &participant, &reason, &date, &undo)) != 0)
		return rc;
	if (undo) {
		if ((rc = rct_followup_withdraw_undo(ctx->store, participant,
			 reason)) != 0)
			return rc;
		fprintf(ctx->out, "%s: withdrawal undone\n", participant);
		return 0;
	}
	if ((rc = rct_followup_withdraw(ctx->store, participant, date,
		 reason)) != 0)
		return rc;
	fprintf(ctx->out, "%s withdrawn\n", participant);
	return 0;
}

int
cmd_exit(struct rct_cmd_ctx *ctx)
{
	const char *participant, *reason = NULL, *date = NULL;
	int rc, undo = 0;

	if ((rc = event_options(ctx, &participant, &reason, &date, &undo)) != 0)
		return rc;
	if (undo) {
		if ((rc = rct_followup_exit_undo(ctx->store, participant,
			 reason)) != 0)
			return rc;
		fprintf(ctx->out, "%s: exit undone\n", participant);
		return 0;
	}
	if ((rc = rct_followup_exit(ctx->store, participant, date, reason)) !=
	    0)
		return rc;
	fprintf(ctx->out, "%s exited (%s)\n", participant, reason);
	return 0;
}
