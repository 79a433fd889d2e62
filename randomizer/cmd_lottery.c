/*
 * randomizer lottery STORE --site CODE --capacity N
 * randomizer promote STORE --site CODE [--places N]
 *
 * A lottery for a course with a fixed number of places: among the site's
 * applicants not yet drawn, a random order; the first N are offered a
 * place, the rest form the waiting list in that order.  When places are
 * freed, promote offers them strictly in waiting-list order (skipping those
 * who withdrew); the analysis keeps the lottery's own assignment.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allocation.h"
#include "cmds.h"
#include "error.h"
#include "register.h"

static int
site_options(struct rct_cmd_ctx *ctx, const char *count_name, const char **site,
    long *count, enum rct_format *fmt)
{
	static const struct option longopts[] = {
	    {"site", required_argument, NULL, 's'},
	    {"capacity", required_argument, NULL, 'c'},
	    {"places", required_argument, NULL, 'c'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	int c, rc, given = 0, idx;

	optind = 0;
	while (
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, &idx)) != -1)
		switch (c) {
		case 's':
			*site = optarg;
			break;
		case 'c':
			if (strcmp(longopts[idx].name, count_name) != 0)
				return rct_cli_usage(ctx,
				    "--%s is not an "
				    "option here",
				    longopts[idx].name);
			if ((rc = rct_cli_long(ctx, count_name, optarg, 0,
				 10000000, count)) != 0)
				return rc;
			given = 1;
			break;
		case 'f':
			if ((rc = rct_cli_format(ctx, optarg, fmt)) != 0)
				return rc;
			break;
		default:
			return rct_cli_usage(ctx, "unknown option");
		}
	if ((rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (*site == NULL)
		return rct_cli_usage(ctx, "--site CODE is required");
	if (!given && strcmp(count_name, "capacity") == 0)
		return rct_cli_usage(ctx, "--capacity N is required");
	return 0;
}

int
cmd_lottery(struct rct_cmd_ctx *ctx)
{
	struct rct_assignment a;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char *site = NULL;
	long capacity = 0;
	int rc;

	if ((rc = site_options(ctx, "capacity", &site, &capacity, &fmt)) != 0)
		return rc;
	rc = rct_lottery(ctx->store, site, capacity, &a);
	if (rc == 0)
		rc = cmd_print_assignment(ctx, &a, fmt, 1);
	rct_assignment_free(&a);
	return rc;
}

int
cmd_promote(struct rct_cmd_ctx *ctx)
{
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char *site = NULL;
	long places = 1;
	int64_t *promoted, n = 0, i;
	char pid[RCT_PID_MAX];
	int rc;

	if ((rc = site_options(ctx, "places", &site, &places, &fmt)) != 0)
		return rc;
	if ((promoted = calloc((size_t)places + 1, sizeof(*promoted))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	rc = rct_allocation_promote(ctx->store, site, places, promoted, &n);
	if (rc == 0 && n < places)
		fprintf(stderr,
		    "%s: the waiting list of site '%s' has only "
		    "%lld more\n",
		    ctx->program, site, (long long)n);
	for (i = 0; rc == 0 && i < n; i++) {
		rct_participant_format(pid, promoted[i]);
		fprintf(ctx->out, "%s offered a place\n", pid);
	}
	free(promoted);
	return rc;
}
