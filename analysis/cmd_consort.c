/*
 * analysis consort STORE [--assessed N] [--excluded REASON=N]...
 *                        [--svg FILE] [--min-cell N]
 *
 * The CONSORT flow as a table (stage, arm, count) and, with --svg, as the
 * CONSORT 2025 diagram (consort.h).  The top of the flow (assessed,
 * excluded with reasons) comes from the store's screening log (trial
 * screen), or from --assessed and --excluded when given; when the log
 * covers only some of the sites and months recruited in, both say so.
 * Small counts and those that would reveal them are suppressed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmds.h"
#include "consort.h"
#include "error.h"
#include "store.h"

/* --excluded REASON=N, as many as given: the array is the caller's. */
struct exclusions {
	char **reasons;
	size_t n;
};

static int
excluded_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	struct exclusions *x = opt->dest;
	char **grown;

	(void)ctx;
	if ((grown = realloc(x->reasons, (x->n + 1) * sizeof(char *))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	x->reasons = grown;
	x->reasons[x->n++] = (char *)arg; /* an argv string */
	return 0;
}

int
cmd_consort(struct rct_cmd_ctx *ctx)
{
	struct rct_consort c;
	struct rct_table *t = NULL;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	struct exclusions x = {NULL, 0};
	const char *svg = NULL;
	long assessed = -1, min_cell = -1;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_LONG("assessed", &assessed, 0, 1000000000L),
	    RCT_OPT_FN("excluded", excluded_option, &x),
	    RCT_OPT_STRING("svg", &svg),
	    RCT_OPT_LONG("min-cell", &min_cell, 0, 1000),
	    RCT_OPT_FORMAT(&fmt),
	    RCT_OPT_END,
	};
	FILE *fp;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		goto out;
	if (x.n && assessed < 0) {
		rc = rct_cli_usage(ctx, "--excluded needs --assessed N");
		goto out;
	}
	if (min_cell < 0)
		min_cell = rct_store_protocol(ctx->store)->min_cell > 0 ?
		    rct_store_protocol(ctx->store)->min_cell :
		    5;
	if ((rc = rct_consort(ctx->store, assessed, x.reasons, x.n,
		 (int)min_cell, &c)) != 0)
		goto out;
	if (assessed >= 0 && c.assessed.n < c.enrolled.n + c.excluded_count.n) {
		rc = rct_error(RCT_EINVAL,
		    "--assessed %ld is fewer than the %ld enrolled and %ld "
		    "excluded",
		    c.assessed.n, c.enrolled.n, c.excluded_count.n);
		goto out;
	}
	if ((rc = rct_consort_table(&t, &c)) != 0)
		goto out;
	if (svg) {
		if ((fp = fopen(svg, "w")) == NULL) {
			rc = rct_error(RCT_EIO, "cannot write '%s': %s", svg,
			    strerror(errno));
			goto out;
		}
		rct_consort_svg(&c, fp);
		if (fclose(fp) != 0) {
			rc = rct_error(RCT_EIO, "cannot write '%s': %s", svg,
			    strerror(errno));
			goto out;
		}
	}
	rct_table_print(t, ctx->out, fmt);
out:
	rct_table_free(t);
	rct_consort_release(&c);
	free(x.reasons);
	return rc;
}
