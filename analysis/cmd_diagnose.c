/*
 * analysis diagnose [PILOT] [--protocol FILE] [--trials N]
 *                   [--participants N] [--effect D] [--r2 R2] [--icc RHO]
 *
 * Design diagnosis by simulation (diagnose.h): power, bias, RMSE,
 * coverage and the type-S error rate of the protocol's pre-specified
 * estimator under an assumed effect, over simulated trials allocated by
 * the real allocator.  With a pilot store, the R^2 of the covariates and
 * the ICC not given are the pilot's (pilot.h), and the design is the
 * pilot's protocol unless --protocol names the full trial's.  One row,
 * with every assumption echoed (rct_diagnose_report).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmds.h"
#include "concealed.h"
#include "diagnose.h"
#include "error.h"
#include "protocol.h"
#include "store.h"
#include "text.h"

/* --effect, --r2, --icc and --alpha: a number. */
static int
number_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	if (rct_text_parse_double(arg, opt->dest) != 0)
		return rct_cli_usage(ctx, "'%s' is not a number", arg);
	return 0;
}

int
cmd_diagnose(struct rct_cmd_ctx *ctx)
{
	struct rct_protocol *p = NULL;
	const struct rct_protocol *design;
	struct rct_diagnose_given given = {0, 0, 0};
	struct rct_diagnose_spec s;
	struct rct_table *t = NULL;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char *path = NULL;
	int rc = 0;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("protocol", &path),
	    RCT_OPT_LONG("trials", &s.trials, 10, 1000000),
	    RCT_OPT_LONG("participants", &s.participants, 4, 10000000),
	    RCT_OPT_FN("effect", number_option, &s.effect),
	    {.name = "r2",
		.kind = RCT_CLI_FN,
		.dest = &s.r2,
		.fn = number_option,
		.seen = &given.r2},
	    {.name = "icc",
		.kind = RCT_CLI_FN,
		.dest = &s.icc,
		.fn = number_option,
		.seen = &given.icc},
	    RCT_OPT_INT("cluster-size", &s.cluster_size, 1, 10000),
	    RCT_OPT_INT("sites", &s.sites, 1, 1000),
	    {.name = "estimator",
		.kind = RCT_CLI_FN,
		.dest = &s.estimator,
		.fn = rct_cmd_estimator_option,
		.seen = &given.estimator},
	    {.name = "se",
		.kind = RCT_CLI_FN,
		.dest = &s.se,
		.fn = rct_cmd_se_option,
		.seen = &s.se_given},
	    RCT_OPT_FN("alpha", number_option, &s.alpha),
	    RCT_OPT_FN("seed", rct_cmd_seed_option, &s.seed),
	    RCT_OPT_FORMAT(&fmt),
	    RCT_OPT_END,
	};

	memset(&s, 0, sizeof(s));
	s.trials = 1000;
	s.participants = 200;
	s.effect = 0.2;
	s.cluster_size = 10;
	s.sites = 5;
	s.seed = 1;
	s.alpha = 0.05;
	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (path == NULL && ctx->store == NULL)
		return rct_cli_usage(ctx,
		    "--protocol FILE is required (or a pilot STORE)");
	if (!(s.r2 >= 0 && s.icc >= 0 && s.r2 + s.icc < 1))
		return rct_cli_usage(ctx,
		    "--r2 %g and --icc %g must be shares of the variance "
		    "that leave some to noise (both >= 0, sum < 1)",
		    s.r2, s.icc);
	if (!(s.alpha > 0 && s.alpha < 1))
		return rct_cli_usage(ctx, "--alpha %g is not between 0 and 1",
		    s.alpha);
	if (path && (rc = rct_protocol_load(&p, path)) != 0)
		return rc;
	if (p)
		design = p;
	else if ((rc = rct_concealed_protocol_open(ctx->store, &design)) != 0)
		return rc; /* the design with block sizes: needs the secret */
	if ((rc = rct_diagnose_report(ctx->store, design, &s, &given, &t)) == 0)
		rct_table_print(t, ctx->out, fmt);
	rct_table_free(t);
	rct_protocol_free(p);
	return rc;
}
