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
#include <getopt.h>
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

int
cmd_diagnose(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"protocol", required_argument, NULL, 'p'},
	    {"trials", required_argument, NULL, 't'},
	    {"participants", required_argument, NULL, 'n'},
	    {"effect", required_argument, NULL, 'e'},
	    {"r2", required_argument, NULL, 'r'},
	    {"icc", required_argument, NULL, 'i'},
	    {"cluster-size", required_argument, NULL, 'c'},
	    {"sites", required_argument, NULL, 's'},
	    {"estimator", required_argument, NULL, 'E'},
	    {"se", required_argument, NULL, 'S'},
	    {"alpha", required_argument, NULL, 'a'},
	    {"seed", required_argument, NULL, 'd'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	struct rct_protocol *p = NULL;
	const struct rct_protocol *design;
	struct rct_diagnose_given given = {0, 0, 0};
	struct rct_diagnose_spec s;
	struct rct_table *t = NULL;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char *path = NULL;
	double *dbl[4];
	long v;
	int c, rc = 0, k;

	memset(&s, 0, sizeof(s));
	dbl[0] = &s.effect;
	dbl[1] = &s.r2;
	dbl[2] = &s.icc;
	dbl[3] = &s.alpha;
	s.trials = 1000;
	s.participants = 200;
	s.effect = 0.2;
	s.cluster_size = 10;
	s.sites = 5;
	s.seed = 1;
	s.alpha = 0.05;
	optind = 0;
	while (rc == 0 &&
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'p':
			path = optarg;
			break;
		case 't':
			if ((rc = rct_cli_long(ctx, "--trials", optarg, 10,
				 1000000, &v)) == 0)
				s.trials = v;
			break;
		case 'n':
			if ((rc = rct_cli_long(ctx, "--participants", optarg, 4,
				 10000000, &v)) == 0)
				s.participants = v;
			break;
		case 'c':
			if ((rc = rct_cli_long(ctx, "--cluster-size", optarg, 1,
				 10000, &v)) == 0)
				s.cluster_size = (int)v;
			break;
		case 's':
			if ((rc = rct_cli_long(ctx, "--sites", optarg, 1, 1000,
				 &v)) == 0)
				s.sites = (int)v;
			break;
		case 'd':
			if ((rc = rct_cli_long(ctx, "--seed", optarg, 0,
				 2147483647L, &v)) == 0)
				s.seed = (uint64_t)v;
			break;
		case 'e':
		case 'r':
		case 'i':
		case 'a':
			k = c == 'e' ? 0 : c == 'r' ? 1 : c == 'i' ? 2 : 3;
			given.r2 |= c == 'r';
			given.icc |= c == 'i';
			if (rct_parse_double(optarg, dbl[k]) != 0)
				rc = rct_cli_usage(ctx, "'%s' is not a number",
				    optarg);
			break;
		case 'E':
			given.estimator = 1;
			if (rct_estimator_parse(optarg, &s.estimator) < 0)
				rc = rct_cli_usage(ctx,
				    "unknown estimator '%s'", optarg);
			break;
		case 'S':
			s.se_given = 1;
			if (rct_se_parse(optarg, &s.se) < 0)
				rc = rct_cli_usage(ctx, "unknown --se '%s'",
				    optarg);
			break;
		case 'f':
			rc = rct_cli_format(ctx, optarg, &fmt);
			break;
		default:
			rc = rct_cli_usage(ctx, "unknown option");
		}
	if (rc != 0 || (rc = rct_cli_end(ctx)) != 0)
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
	else if ((rc = rct_store_protocol_open(ctx->store, &design)) != 0)
		return rc; /* the design with block sizes: needs the secret */
	if ((rc = rct_diagnose_report(ctx->store, design, &s, &given, &t)) == 0)
		rct_table_print(t, ctx->out, fmt);
	rct_table_free(t);
	rct_protocol_free(p);
	return rc;
}
