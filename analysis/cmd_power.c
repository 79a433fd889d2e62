/*
 * analysis power --design individual|cluster|blocked [options]
 *
 * Closed-form planning (power.h).  The quantity left out is solved for:
 * individual: --power gives n_per_arm, --n-per-arm gives power, both give
 * mdes; cluster: --clusters and --power give mdes, --clusters and
 * --effect-size give power, --effect-size and --power give clusters;
 * blocked: --power gives mdes, --effect-size gives power.  One row, every
 * input echoed, the solved quantity under the name of its flag.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmds.h"
#include "error.h"
#include "power.h"
#include "text.h"

enum opt {
	O_EFFECT = 256,
	O_P0,
	O_P1,
	O_POWER,
	O_N,
	O_ALPHA,
	O_RATIO,
	O_R2,
	O_ATTRITION,
	O_CLUSTERS,
	O_SIZE,
	O_ICC,
	O_R2C,
	O_R2I,
	O_G,
	O_SHARE,
	O_SITES,
	O_SITE_SIZE,
	O_COUNT
};

struct given {
	double v[O_COUNT];
	int set[O_COUNT];
};

#define HAS(g, o) ((g)->set[o])
#define VAL(g, o) ((g)->v[o])

/* The table: names and values, added as they come. */
struct row {
	const char *names[32];
	char values[32][32];
	size_t n;
};

static void
put(struct row *r, const char *name, double x)
{
	r->names[r->n] = name;
	rct_cmd_number(r->values[r->n++], x);
}

static void
put_text(struct row *r, const char *name, const char *text)
{
	r->names[r->n] = name;
	snprintf(r->values[r->n++], 32, "%s", text);
}

static int
individual(struct rct_cmd_ctx *ctx, const struct given *g, struct row *r)
{
	struct rct_plan_individual p;
	enum rct_solve s;
	int rc;

	memset(&p, 0, sizeof(p));
	p.alpha = HAS(g, O_ALPHA) ? VAL(g, O_ALPHA) : 0.05;
	p.ratio = HAS(g, O_RATIO) ? VAL(g, O_RATIO) : 1;
	p.r2 = VAL(g, O_R2);
	p.attrition = VAL(g, O_ATTRITION);
	p.power = VAL(g, O_POWER);
	p.n_per_arm = VAL(g, O_N);
	p.binary = HAS(g, O_P0) || HAS(g, O_P1);
	if (p.binary && !(HAS(g, O_P0) && HAS(g, O_P1)))
		return rct_cli_usage(ctx,
		    "a binary outcome needs both --p-control and "
		    "--p-treatment");
	if (p.binary && HAS(g, O_EFFECT))
		return rct_cli_usage(ctx,
		    "give --effect-size or the two rates, not both");
	p.p_control = VAL(g, O_P0);
	p.p_treatment = VAL(g, O_P1);
	p.effect_size = VAL(g, O_EFFECT);
	if (HAS(g, O_POWER) && HAS(g, O_N))
		s = RCT_SOLVE_MDES;
	else if (HAS(g, O_POWER))
		s = RCT_SOLVE_N;
	else if (HAS(g, O_N))
		s = RCT_SOLVE_POWER;
	else
		return rct_cli_usage(ctx,
		    "give --power (to solve for n_per_arm), --n-per-arm (for "
		    "power) or both (for mdes)");
	if (s != RCT_SOLVE_MDES && !p.binary && !HAS(g, O_EFFECT))
		return rct_cli_usage(ctx,
		    "--effect-size D (standardized) or --p-control P0 "
		    "--p-treatment P1 is needed");
	if (s == RCT_SOLVE_MDES && p.binary)
		return rct_cli_usage(ctx,
		    "with rates given there is nothing left to solve for: "
		    "leave out --power or --n-per-arm");
	if ((rc = rct_plan_individual(&p, s)) != 0)
		return rc;
	put_text(r, "design", "individual");
	put_text(r, "solve",
	    s == RCT_SOLVE_N         ? "n_per_arm" :
		s == RCT_SOLVE_POWER ? "power" :
				       "mdes");
	if (p.binary) {
		put(r, "p_control", p.p_control);
		put(r, "p_treatment", p.p_treatment);
		put(r, "h", p.h);
	} else if (s != RCT_SOLVE_MDES)
		put(r, "effect_size", p.effect_size);
	if (s == RCT_SOLVE_MDES)
		put(r, "mdes", p.effect_size);
	put(r, "n_per_arm", p.n_per_arm);
	put(r, "power", p.power);
	put(r, "alpha", p.alpha);
	put(r, "ratio", p.ratio);
	put(r, "n_treat", p.n_treat);
	put(r, "r2", p.r2);
	put(r, "attrition", p.attrition);
	put(r, "n_enrolled_per_arm", ceil(p.n_enrolled_per_arm - 1e-9));
	return 0;
}

static int
cluster(struct rct_cmd_ctx *ctx, const struct given *g, struct row *r)
{
	struct rct_plan_cluster p;
	enum rct_solve s;
	int rc;

	memset(&p, 0, sizeof(p));
	p.alpha = HAS(g, O_ALPHA) ? VAL(g, O_ALPHA) : 0.05;
	p.clusters = VAL(g, O_CLUSTERS);
	p.cluster_size = VAL(g, O_SIZE);
	p.icc = VAL(g, O_ICC);
	p.share_treated = HAS(g, O_SHARE) ? VAL(g, O_SHARE) : 0.5;
	p.r2_cluster = VAL(g, O_R2C);
	p.r2_individual = VAL(g, O_R2I);
	p.cluster_covariates = (int)VAL(g, O_G);
	p.power = VAL(g, O_POWER);
	p.mdes = VAL(g, O_EFFECT);
	if (!HAS(g, O_SIZE) || !HAS(g, O_ICC))
		return rct_cli_usage(ctx,
		    "a cluster design needs --cluster-size M and --icc RHO");
	if (HAS(g, O_CLUSTERS) && HAS(g, O_POWER) && !HAS(g, O_EFFECT))
		s = RCT_SOLVE_MDES;
	else if (HAS(g, O_CLUSTERS) && HAS(g, O_EFFECT) && !HAS(g, O_POWER))
		s = RCT_SOLVE_POWER;
	else if (!HAS(g, O_CLUSTERS) && HAS(g, O_EFFECT) && HAS(g, O_POWER))
		s = RCT_SOLVE_N;
	else
		return rct_cli_usage(ctx,
		    "give two of --clusters, --power and --effect-size; the "
		    "third is solved for");
	if ((rc = rct_plan_cluster(&p, s)) != 0)
		return rc;
	put_text(r, "design", "cluster");
	put_text(r, "solve",
	    s == RCT_SOLVE_N         ? "clusters" :
		s == RCT_SOLVE_POWER ? "power" :
				       "mdes");
	put(r, "clusters", p.clusters);
	if (s == RCT_SOLVE_N)
		put(r, "clusters_real", p.clusters_real);
	put(r, "cluster_size", p.cluster_size);
	put(r, "icc", p.icc);
	put(r, s == RCT_SOLVE_MDES ? "mdes" : "effect_size", p.mdes);
	put(r, "power", p.power);
	put(r, "alpha", p.alpha);
	put(r, "share_treated", p.share_treated);
	put(r, "r2_cluster", p.r2_cluster);
	put(r, "r2_individual", p.r2_individual);
	put(r, "cluster_covariates", p.cluster_covariates);
	put(r, "df", p.df);
	return 0;
}

static int
blocked(struct rct_cmd_ctx *ctx, const struct given *g, struct row *r)
{
	struct rct_plan_blocked p;
	enum rct_solve s;
	int rc;

	memset(&p, 0, sizeof(p));
	p.alpha = HAS(g, O_ALPHA) ? VAL(g, O_ALPHA) : 0.05;
	p.blocks = VAL(g, O_SITES);
	p.block_size = VAL(g, O_SITE_SIZE);
	p.share_treated = HAS(g, O_SHARE) ? VAL(g, O_SHARE) : 0.5;
	p.r2_individual = VAL(g, O_R2I);
	p.covariates = (int)VAL(g, O_G);
	p.power = VAL(g, O_POWER);
	p.mdes = VAL(g, O_EFFECT);
	if (!HAS(g, O_SITES) || !HAS(g, O_SITE_SIZE))
		return rct_cli_usage(ctx,
		    "a blocked design needs --sites J and --site-size N");
	if (HAS(g, O_POWER) == HAS(g, O_EFFECT))
		return rct_cli_usage(ctx,
		    "give --power (to solve for mdes) or --effect-size (for "
		    "power)");
	s = HAS(g, O_POWER) ? RCT_SOLVE_MDES : RCT_SOLVE_POWER;
	if ((rc = rct_plan_blocked(&p, s)) != 0)
		return rc;
	put_text(r, "design", "blocked");
	put_text(r, "solve", s == RCT_SOLVE_POWER ? "power" : "mdes");
	put(r, "sites", p.blocks);
	put(r, "site_size", p.block_size);
	put(r, s == RCT_SOLVE_MDES ? "mdes" : "effect_size", p.mdes);
	put(r, "power", p.power);
	put(r, "alpha", p.alpha);
	put(r, "share_treated", p.share_treated);
	put(r, "r2_individual", p.r2_individual);
	put(r, "covariates", p.covariates);
	put(r, "df", p.df);
	return 0;
}

int
cmd_power(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"design", required_argument, NULL, 'd'},
	    {"format", required_argument, NULL, 'f'},
	    {"effect-size", required_argument, NULL, O_EFFECT},
	    {"p-control", required_argument, NULL, O_P0},
	    {"p-treatment", required_argument, NULL, O_P1},
	    {"power", required_argument, NULL, O_POWER},
	    {"n-per-arm", required_argument, NULL, O_N},
	    {"alpha", required_argument, NULL, O_ALPHA},
	    {"ratio", required_argument, NULL, O_RATIO},
	    {"r2", required_argument, NULL, O_R2},
	    {"attrition", required_argument, NULL, O_ATTRITION},
	    {"clusters", required_argument, NULL, O_CLUSTERS},
	    {"cluster-size", required_argument, NULL, O_SIZE},
	    {"icc", required_argument, NULL, O_ICC},
	    {"r2-cluster", required_argument, NULL, O_R2C},
	    {"r2-individual", required_argument, NULL, O_R2I},
	    {"cluster-covariates", required_argument, NULL, O_G},
	    {"covariates", required_argument, NULL, O_G},
	    {"share-treated", required_argument, NULL, O_SHARE},
	    {"sites", required_argument, NULL, O_SITES},
	    {"site-size", required_argument, NULL, O_SITE_SIZE},
	    {NULL, 0, NULL, 0},
	};
	struct given g;
	struct row r;
	struct rct_table *t = NULL;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char *design = "individual", *cells[32];
	size_t i;
	int c, rc = 0, idx;

	memset(&g, 0, sizeof(g));
	memset(&r, 0, sizeof(r));
	optind = 0;
	while (rc == 0 &&
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, &idx)) != -1) {
		if (c == 'd')
			design = optarg;
		else if (c == 'f')
			rc = rct_cli_format(ctx, optarg, &fmt);
		else if (c >= O_EFFECT && c < O_COUNT) {
			if (rct_parse_double(optarg, &g.v[c]) != 0)
				rc = rct_cli_usage(ctx,
				    "--%s '%s' is not a number",
				    longopts[idx].name, optarg);
			g.set[c] = 1;
		} else
			rc = rct_cli_usage(ctx, "unknown option");
	}
	if (rc != 0 || (rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (HAS(&g, O_G) &&
	    (VAL(&g, O_G) < 0 || VAL(&g, O_G) != floor(VAL(&g, O_G))))
		return rct_cli_usage(ctx,
		    "the number of covariates must be a "
		    "whole number of 0 or more");
	if (strcmp(design, "individual") == 0)
		rc = individual(ctx, &g, &r);
	else if (strcmp(design, "cluster") == 0)
		rc = cluster(ctx, &g, &r);
	else if (strcmp(design, "blocked") == 0)
		rc = blocked(ctx, &g, &r);
	else
		rc = rct_cli_usage(ctx,
		    "unknown --design '%s', expected individual, cluster or "
		    "blocked",
		    design);
	if (rc != 0)
		return rc;
	if ((t = rct_table_new(r.n, r.names)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < r.n; i++) {
		cells[i] = r.values[i];
		if (i >= 2)
			rct_table_set_numeric(t, i);
	}
	if ((rc = rct_table_add(t, cells)) == 0)
		rct_table_print(t, ctx->out, fmt);
	rct_table_free(t);
	return rc;
}
