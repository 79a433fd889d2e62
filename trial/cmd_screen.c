/*
 * trial screen STORE --site CODE --month YYYY-MM --screened N
 *                    [--excluded REASON=N]... [--replace]
 *
 * Records a site's screening for a month: how many were assessed for
 * eligibility and how many excluded, with reasons (screening.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "error.h"
#include "screening.h"
#include "text.h"

#define MAX_REASONS 32

struct exclusions {
	struct rct_screen_reason ex[MAX_REASONS];
	char *reasons[MAX_REASONS]; /* the caller frees the n taken */
	size_t n;
	long total;
};

/* --excluded REASON=COUNT, up to MAX_REASONS times. */
static int
excluded(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	struct exclusions *x = opt->dest;
	const char *eq;
	int rc;

	if (x->n == MAX_REASONS)
		return rct_cli_usage(ctx, "at most %d exclusion reasons",
		    MAX_REASONS);
	if ((eq = strrchr(arg, '=')) == NULL || eq == arg)
		return rct_cli_usage(ctx,
		    "--excluded '%s': expected REASON=COUNT", arg);
	if ((x->reasons[x->n] = strndup(arg, (size_t)(eq - arg))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	x->ex[x->n].reason = x->reasons[x->n];
	if ((rc = rct_cli_long(ctx, "--excluded", eq + 1, 0, 100000000,
		 &x->ex[x->n].count)) == 0)
		x->total += x->ex[x->n].count;
	x->n++;
	return rc;
}

int
cmd_screen(struct rct_cmd_ctx *ctx)
{
	struct exclusions x;
	const char *site = NULL, *month = NULL;
	long screened = -1;
	size_t i;
	int rc = 0, replace = 0;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("site", &site),
	    RCT_OPT_STRING("month", &month),
	    RCT_OPT_LONG("screened", &screened, 0, 100000000),
	    RCT_OPT_FN("excluded", excluded, &x),
	    RCT_OPT_FLAG("replace", &replace),
	    RCT_OPT_END,
	};

	x.n = 0;
	x.total = 0;
	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		goto out;
	if (site == NULL || month == NULL || screened < 0) {
		rc = rct_cli_usage(ctx,
		    "--site, --month and --screened are required");
		goto out;
	}
	if ((rc = rct_screening_record(ctx->store, site, month, screened, x.ex,
		 x.n, replace)) == 0)
		fprintf(ctx->out,
		    "%s site %s, %s: %ld screened, %ld excluded\n",
		    replace ? "replaced" : "recorded", site, month, screened,
		    x.total);
out:
	for (i = 0; i < x.n; i++)
		free(x.reasons[i]);
	return rc;
}
