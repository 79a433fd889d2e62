/*
 * trial withdraw STORE PARTICIPANT --reason TEXT [--date YYYY-MM-DD]
 * trial exit STORE PARTICIPANT --reason CODE [--date YYYY-MM-DD]
 *
 * Withdrawal is the participant leaving the study (no more data is
 * collected); exit is leaving the measure, with a reason from the fixed
 * list.  Both stay in the analysis by intention to treat.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmds.h"
#include "error.h"
#include "followup.h"

static int
event_options(struct rct_cmd_ctx *ctx, const char **participant,
    const char **reason, const char **date)
{
	static const struct option longopts[] = {
	    {"reason", required_argument, NULL, 'r'},
	    {"date", required_argument, NULL, 'd'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	optind = 0;
	while (
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'r':
			*reason = optarg;
			break;
		case 'd':
			*date = optarg;
			break;
		default:
			return rct_cli_usage(ctx, "unknown option");
		}
	if ((c = rct_cli_one(ctx, "PARTICIPANT", participant)) != 0)
		return c;
	if (*reason == NULL)
		return rct_cli_usage(ctx, "--reason is required");
	return 0;
}

int
cmd_withdraw(struct rct_cmd_ctx *ctx)
{
	const char *participant, *reason = NULL, *date = NULL;
	int rc;

	if ((rc = event_options(ctx, &participant, &reason, &date)) != 0 ||
	    (rc = rct_withdraw(ctx->store, participant, date, reason)) != 0)
		return rc;
	fprintf(ctx->out, "%s withdrawn\n", participant);
	return 0;
}

int
cmd_exit(struct rct_cmd_ctx *ctx)
{
	const char *participant, *reason = NULL, *date = NULL;
	int rc;

	if ((rc = event_options(ctx, &participant, &reason, &date)) != 0 ||
	    (rc = rct_exit(ctx->store, participant, date, reason)) != 0)
		return rc;
	fprintf(ctx->out, "%s exited (%s)\n", participant, reason);
	return 0;
}
