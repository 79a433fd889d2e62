/*
 * analysis ri [STORE] [--data FILE.csv --arm COL --treat LEVEL]
 *             [--strata COL] [--cluster COL] [--outcome A,B]
 *             [--draws N] [--seed S]
 *
 * Randomization inference (ri.h).  From a store every draw re-runs the
 * trial's own allocation with a new secret (ri_store.h); from a CSV file
 * the arms are permuted as complete randomization within the strata, of
 * the clusters.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmds.h"
#include "columns.h"
#include "error.h"
#include "ri.h"
#include "ri_table.h"
#include "text.h"

struct options {
	struct rct_cmd_data o;
	const char *strata, *cluster;
	long draws;
	unsigned long long seed;
	int use_t;
};

static int
parse(struct rct_cmd_ctx *ctx, struct options *x)
{
	static const struct option longopts[] = {
	    RCT_CMD_DATA_OPTIONS,
	    {"strata", required_argument, NULL, 's'},
	    {"cluster", required_argument, NULL, 'g'},
	    {"draws", required_argument, NULL, 'n'},
	    {"seed", required_argument, NULL, 'e'},
	    {"statistic", required_argument, NULL, 'T'},
	    {NULL, 0, NULL, 0},
	};
	long v;
	int c, rc = 0;

	optind = 0;
	while (rc == 0 &&
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 's':
			x->strata = optarg;
			break;
		case 'g':
			x->cluster = optarg;
			break;
		case 'n':
			rc = rct_cli_long(ctx, "--draws", optarg, 100, 10000000,
			    &x->draws);
			break;
		case 'e':
			if ((rc = rct_cli_long(ctx, "--seed", optarg, 0,
				 2147483647L, &v)) == 0)
				x->seed = (unsigned long long)v;
			break;
		case 'T':
			if (strcmp(optarg, "t") == 0)
				x->use_t = 1;
			else if (strcmp(optarg, "dim") == 0)
				x->use_t = 0;
			else
				rc = rct_cli_usage(ctx,
				    "--statistic '%s': expected dim or t",
				    optarg);
			break;
		default:
			if ((rc = rct_cmd_data_option(ctx, &x->o, c, optarg)) ==
			    1)
				rc = rct_cli_usage(ctx, "unknown option");
		}
	if (rc != 0 || (rc = rct_cli_end(ctx)) != 0 ||
	    (rc = rct_cmd_data_finish(ctx, &x->o)) != 0)
		return rc;
	if (ctx->store && (x->strata || x->cluster))
		return rct_cli_usage(ctx,
		    "a store is re-drawn with its own strata and clusters: "
		    "--strata and --cluster are for --data");
	if (x->o.noutcomes == 0)
		return rct_cli_usage(ctx, "--outcome is required with --data");
	return 0;
}

int
cmd_ri(struct rct_cmd_ctx *ctx)
{
	struct options x;
	struct rct_ri_table_spec spec;
	struct rct_dataset *d = NULL;
	struct rct_table *t = NULL;
	const char *more[2];
	unsigned char cat[2] = {1, 1};
	size_t nmore = 0;
	int rc;

	memset(&x, 0, sizeof(x));
	x.draws = 10000;
	x.seed = 1;
	if ((rc = parse(ctx, &x)) != 0)
		goto out;
	if (x.strata)
		more[nmore++] = x.strata;
	if (x.cluster)
		more[nmore++] = x.cluster;
	if ((rc = rct_cmd_data_load(ctx, &x.o, more, cat, nmore, &d)) != 0)
		goto out;
	memset(&spec, 0, sizeof(spec));
	spec.arm = x.o.arm;
	spec.treat = x.o.treat;
	spec.control = x.o.control;
	spec.outcomes = x.o.outcomes;
	spec.noutcomes = x.o.noutcomes;
	spec.strata = x.strata;
	spec.cluster = x.cluster;
	spec.draws = x.draws;
	spec.seed = x.seed;
	spec.use_t = x.use_t;
	if ((rc = rct_ri_table(&t, d, ctx->store, x.o.protocol, &spec)) == 0)
		rct_table_print(t, ctx->out, x.o.fmt);
out:
	rct_table_free(t);
	rct_dataset_free(d);
	rct_cmd_data_free(&x.o);
	return rc;
}
