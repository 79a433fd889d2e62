/*
 * Which plan `analysis power` solves, from the inputs given (power.h):
 * individual: --power gives n_per_arm, --n-per-arm gives power, both give
 * mdes; cluster: two of clusters, power and effect size give the third;
 * blocked: power gives mdes, effect size gives power.  The answer is one
 * row with every input echoed and the solved quantity under the name of
 * its flag, so that a script reads the same column it would have given.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "power.h"
#include "text.h"

#define HAS(g, o) ((g)->set[RCT_POWER_##o])
#define VAL(g, o) ((g)->v[RCT_POWER_##o])
#define MAX_COLUMNS 32

/* The row: names and values, added as they come. */
struct row {
	const char *names[MAX_COLUMNS];
	char values[MAX_COLUMNS][32];
	size_t n;
};

static void
put(struct row *r, const char *name, double x)
{
	r->names[r->n] = name;
	rct_text_format_cell(r->values[r->n++], x);
}

static void
put_text(struct row *r, const char *name, const char *text)
{
	r->names[r->n] = name;
	snprintf(r->values[r->n++], 32, "%s", text);
}

/* A message about which inputs were given: a usage error. */
static int choice_error(int *choice, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
choice_error(int *choice, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	*choice = 1;
	return rct_error(RCT_EINVAL, "%s", msg);
}

static int
individual(const struct rct_power_given *g, struct row *r, int *choice)
{
	struct rct_plan_individual p;
	enum rct_solve s;
	int rc;

	memset(&p, 0, sizeof(p));
	p.alpha = HAS(g, ALPHA) ? VAL(g, ALPHA) : 0.05;
	p.ratio = HAS(g, RATIO) ? VAL(g, RATIO) : 1;
	p.r2 = VAL(g, R2);
	p.attrition = VAL(g, ATTRITION);
	p.power = VAL(g, POWER);
	p.n_per_arm = VAL(g, N);
	p.binary = HAS(g, P0) || HAS(g, P1);
	if (p.binary && !(HAS(g, P0) && HAS(g, P1)))
		return choice_error(choice,
		    "a binary outcome needs both --p-control and "
		    "--p-treatment");
	if (p.binary && HAS(g, EFFECT))
		return choice_error(choice,
		    "give --effect-size or the two rates, not both");
	p.p_control = VAL(g, P0);
	p.p_treatment = VAL(g, P1);
	p.effect_size = VAL(g, EFFECT);
	if (HAS(g, POWER) && HAS(g, N))
		s = RCT_SOLVE_MDES;
	else if (HAS(g, POWER))
		s = RCT_SOLVE_N;
	else if (HAS(g, N))
		s = RCT_SOLVE_POWER;
	else
		return choice_error(choice,
		    "give --power (to solve for n_per_arm), --n-per-arm (for "
		    "power) or both (for mdes)");
	if (s != RCT_SOLVE_MDES && !p.binary && !HAS(g, EFFECT))
		return choice_error(choice,
		    "--effect-size D (standardized) or --p-control P0 "
		    "--p-treatment P1 is needed");
	if (s == RCT_SOLVE_MDES && p.binary)
		return choice_error(choice,
		    "with rates given there is nothing left to solve for: "
		    "leave out --power or --n-per-arm");
	if ((rc = rct_power_plan_individual(&p, s)) != 0)
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
cluster(const struct rct_power_given *g, struct row *r, int *choice)
{
	struct rct_plan_cluster p;
	enum rct_solve s;
	int rc;

	memset(&p, 0, sizeof(p));
	p.alpha = HAS(g, ALPHA) ? VAL(g, ALPHA) : 0.05;
	p.clusters = VAL(g, CLUSTERS);
	p.cluster_size = VAL(g, SIZE);
	p.icc = VAL(g, ICC);
	p.share_treated = HAS(g, SHARE) ? VAL(g, SHARE) : 0.5;
	p.r2_cluster = VAL(g, R2C);
	p.r2_individual = VAL(g, R2I);
	p.cluster_covariates = (int)VAL(g, G);
	p.power = VAL(g, POWER);
	p.mdes = VAL(g, EFFECT);
	if (!HAS(g, SIZE) || !HAS(g, ICC))
		return choice_error(choice,
		    "a cluster design needs --cluster-size M and --icc RHO");
	if (HAS(g, CLUSTERS) && HAS(g, POWER) && !HAS(g, EFFECT))
		s = RCT_SOLVE_MDES;
	else if (HAS(g, CLUSTERS) && HAS(g, EFFECT) && !HAS(g, POWER))
		s = RCT_SOLVE_POWER;
	else if (!HAS(g, CLUSTERS) && HAS(g, EFFECT) && HAS(g, POWER))
		s = RCT_SOLVE_N;
	else
		return choice_error(choice,
		    "give two of --clusters, --power and --effect-size; the "
		    "third is solved for");
	if ((rc = rct_power_plan_cluster(&p, s)) != 0)
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
blocked(const struct rct_power_given *g, struct row *r, int *choice)
{
	struct rct_plan_blocked p;
	enum rct_solve s;
	int rc;

	memset(&p, 0, sizeof(p));
	p.alpha = HAS(g, ALPHA) ? VAL(g, ALPHA) : 0.05;
	p.blocks = VAL(g, SITES);
	p.block_size = VAL(g, SITE_SIZE);
	p.share_treated = HAS(g, SHARE) ? VAL(g, SHARE) : 0.5;
	p.r2_individual = VAL(g, R2I);
	p.covariates = (int)VAL(g, G);
	p.power = VAL(g, POWER);
	p.mdes = VAL(g, EFFECT);
	if (!HAS(g, SITES) || !HAS(g, SITE_SIZE))
		return choice_error(choice,
		    "a blocked design needs --sites J and --site-size N");
	if (HAS(g, POWER) == HAS(g, EFFECT))
		return choice_error(choice,
		    "give --power (to solve for mdes) or --effect-size (for "
		    "power)");
	s = HAS(g, POWER) ? RCT_SOLVE_MDES : RCT_SOLVE_POWER;
	if ((rc = rct_power_plan_blocked(&p, s)) != 0)
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
rct_power_solve(const char *design, const struct rct_power_given *g,
    struct rct_table **out, int *choice)
{
	const char *cells[MAX_COLUMNS];
	struct rct_table *t;
	struct row r;
	size_t i;
	int rc;

	*out = NULL;
	*choice = 0;
	memset(&r, 0, sizeof(r));
	if (HAS(g, G) && (VAL(g, G) < 0 || VAL(g, G) != floor(VAL(g, G))))
		return choice_error(choice,
		    "the number of covariates must be a "
		    "whole number of 0 or more");
	if (strcmp(design, "individual") == 0)
		rc = individual(g, &r, choice);
	else if (strcmp(design, "cluster") == 0)
		rc = cluster(g, &r, choice);
	else if (strcmp(design, "blocked") == 0)
		rc = blocked(g, &r, choice);
	else
		rc = choice_error(choice,
		    "unknown --design '%s', expected individual, cluster or "
		    "blocked",
		    design);
	if (rc != 0)
		return rc;
	if ((t = rct_table_new(r.n, r.names)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < r.n; i++) {
		cells[i] = r.values[i];
		/*
		 * After design and solve, every cell a number, rounded in
		 * the table and md formats as R prints it (csv and json keep
		 * every digit).
		 */
		if (i >= 2)
			rct_table_set_rounded(t, i);
	}
	if ((rc = rct_table_add(t, cells)) != 0) {
		rct_table_free(t);
		return rc;
	}
	*out = t;
	return 0;
}
