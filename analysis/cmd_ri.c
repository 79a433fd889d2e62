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
statistic_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	int *use_t = opt->dest;

	if (strcmp(arg, "t") == 0)
		*use_t = 1;
	else if (strcmp(arg, "dim") == 0)
		*use_t = 0;
	else
		return rct_cli_usage(ctx, "--statistic '%s': expected dim or t",
		    arg);
	return 0;
}

static int
parse(struct rct_cmd_ctx *ctx, struct options *x)
{
	struct rct_cli_opt data[RCT_CMD_DATA_NOPTS];
	long seed = 0;
	int rc, seed_given = 0;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_MORE(data),
	    RCT_OPT_STRING("strata", &x->strata),
	    RCT_OPT_STRING("cluster", &x->cluster),
	    RCT_OPT_LONG("draws", &x->draws, 100, 10000000),
	    {.name = "seed",
		.kind = RCT_CLI_LONG,
		.dest = &seed,
		.min = 0,
		.max = 2147483647L,
		.seen = &seed_given},
	    RCT_OPT_FN("statistic", statistic_option, &x->use_t),
	    RCT_OPT_END,
	};

	rct_cmd_data_options(&x->o, data);
	rc = rct_cli_parse(ctx, opts);
	if (rc == 0 && seed_given)
		x->seed = (unsigned long long)seed;
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
	rct_cmd_data_release(&x.o);
	return rc;
}
