/*
 * analysis effects [STORE] [--data FILE.csv --arm COL --treat LEVEL]
 *                  [--outcome COL,...] [options]
 *
 * Effect estimates with estimatr's names and definitions: one row per
 * outcome (and, in a store with several arms, per arm against the
 * comparison arm) with estimate, std_error, df, statistic, p_value,
 * conf_low, conf_high and the counts; with several rows, the Holm and
 * Benjamini-Hochberg adjusted p-values over them.  From a store, what is
 * not given comes from the protocol's pre-specified analysis.  In csv
 * and json numbers have the digits that give the double back; the table
 * and md formats round them as R prints (lib/table.c).  An arm's analysed
 * count below the protocol's min_cell (5 for a file) is left empty with a
 * note, with the counts that would give it back (rct_effects_suppress).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmds.h"
#include "dataset.h"
#include "effects.h"
#include "effects_plan.h"
#include "error.h"
#include "protocol.h"
#include "store.h"
#include "store_data.h"
#include "text.h"

struct options {
	struct rct_effect_spec spec;
	const char *data;
	char **outcomes, **covariates;
	int noutcomes, ncovariates;
	unsigned char *factor; /* per covariate: written factor(NAME) */
	int estimator_given, alpha_given, treat_given, missing_given;
	int digits; /* significant digits in the table and md formats */
	enum rct_format fmt;
};

/* --outcome and --covariates: a list of columns. */
struct columns {
	char ***items;
	int *n;
};

static int
columns_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	const struct columns *l = opt->dest;

	if ((*l->n = rct_text_split_list(arg, ',', l->items)) < 0)
		return rct_cli_usage(ctx, "--%s '%s' is not a list of columns",
		    opt->name, arg);
	return 0;
}

static int
estimator_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	if (rct_methods_estimator_parse(arg, opt->dest) < 0)
		return rct_cli_usage(ctx,
		    "unknown estimator '%s', "
		    "expected dim, blocked, ols, "
		    "ancova, lin, iv, risk_ratio, "
		    "odds_ratio or horvitz_thompson",
		    arg);
	return 0;
}

static int
se_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	if (rct_methods_se_parse(arg, opt->dest) < 0)
		return rct_cli_usage(ctx,
		    "unknown --se '%s', "
		    "expected classical, hc0, hc1, "
		    "hc2, hc3, cr0, stata, cr2 or wild",
		    arg);
	return 0;
}

/* --alpha A, or --conf-level 1 - A, into the double at opt->dest. */
static int
alpha_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	double *alpha = opt->dest;

	if (rct_text_parse_double(arg, alpha) < 0 ||
	    !(*alpha > 0 && *alpha < 1))
		return rct_cli_usage(ctx, "--%s '%s' is not between 0 and 1",
		    opt->name, arg);
	if (strcmp(opt->name, "conf-level") == 0)
		*alpha = 1 - *alpha;
	return 0;
}

static int
alternative_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	if (rct_effects_alternative_parse(arg, opt->dest) < 0)
		return rct_cli_usage(ctx,
		    "unknown --alternative '%s', expected "
		    "two.sided, greater or less",
		    arg);
	return 0;
}

static int
missing_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	if (rct_effects_missing_cov_parse(arg, opt->dest) < 0)
		return rct_cli_usage(ctx,
		    "unknown --missing-covariates '%s', "
		    "expected indicator or listwise",
		    arg);
	return 0;
}

static int
weights_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	if (rct_wild_weights_parse(arg, opt->dest) < 0)
		return rct_cli_usage(ctx,
		    "unknown --wild-weights '%s', expected "
		    "rademacher or webb",
		    arg);
	return 0;
}

static int
parse(struct rct_cmd_ctx *ctx, struct options *o)
{
	struct rct_effect_spec *sp = &o->spec;
	struct columns outcomes = {&o->outcomes, &o->noutcomes};
	struct columns covariates = {&o->covariates, &o->ncovariates};
	int rc;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("data", &o->data),
	    RCT_OPT_STRING("arm", &sp->arm),
	    {.name = "treat",
		.kind = RCT_CLI_STRING,
		.dest = &sp->treat,
		.seen = &o->treat_given},
	    RCT_OPT_STRING("control", &sp->control),
	    RCT_OPT_FN("outcome", columns_option, &outcomes),
	    RCT_OPT_STRING("strata", &sp->strata),
	    RCT_OPT_STRING("cluster", &sp->cluster),
	    RCT_OPT_FN("covariates", columns_option, &covariates),
	    {.name = "estimator",
		.kind = RCT_CLI_FN,
		.dest = &sp->estimator,
		.fn = estimator_option,
		.seen = &o->estimator_given},
	    {.name = "se",
		.kind = RCT_CLI_FN,
		.dest = &sp->se,
		.fn = se_option,
		.seen = &sp->se_given},
	    RCT_OPT_STRING("takeup", &sp->takeup),
	    RCT_OPT_STRING("prob", &sp->prob),
	    {.name = "alpha",
		.kind = RCT_CLI_FN,
		.dest = &sp->alpha,
		.fn = alpha_option,
		.seen = &o->alpha_given},
	    {.name = "conf-level",
		.kind = RCT_CLI_FN,
		.dest = &sp->alpha,
		.fn = alpha_option,
		.seen = &o->alpha_given},
	    RCT_OPT_FN("alternative", alternative_option, &sp->alternative),
	    {.name = "missing-covariates",
		.kind = RCT_CLI_FN,
		.dest = &sp->missing_covariates,
		.fn = missing_option,
		.seen = &o->missing_given},
	    RCT_OPT_INT("digits", &o->digits, 1, 15),
	    {.name = "wild-weights",
		.kind = RCT_CLI_FN,
		.dest = &sp->wild.weights,
		.fn = weights_option,
		.seen = &sp->wild_given},
	    {.name = "bootstrap",
		.kind = RCT_CLI_LONG,
		.dest = &sp->wild.draws,
		.min = 99,
		.max = 1000000,
		.seen = &sp->wild_given},
	    {.name = "seed",
		.kind = RCT_CLI_FN,
		.dest = &sp->wild.seed,
		.fn = rct_cmd_seed_option,
		.seen = &sp->wild_given},
	    RCT_OPT_FORMAT(&o->fmt),
	    RCT_OPT_END,
	};

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (ctx->store && (o->data || sp->arm))
		return rct_cli_usage(ctx,
		    "give a STORE or --data FILE.csv "
		    "--arm COL, not both");
	if (ctx->store == NULL && o->data == NULL)
		return rct_cli_usage(ctx,
		    "--data FILE.csv is required (or a "
		    "STORE)");
	if (ctx->store == NULL &&
	    (sp->arm == NULL || sp->treat == NULL || o->noutcomes <= 0))
		return rct_cli_usage(ctx,
		    "--arm, --treat and --outcome are "
		    "required with --data");
	sp->covariates = (const char *const *)o->covariates;
	sp->ncovariates = o->ncovariates > 0 ? (size_t)o->ncovariates : 0;
	/* factor(NAME), as in an R formula: the column read as categories. */
	if ((rc = rct_cmd_factors(o->covariates, sp->ncovariates,
		 &o->factor)) != 0)
		return rc;
	sp->covariate_factor = o->factor;
	return 0;
}

/*
 * Under a table read by people, how a wild bootstrap's p-values and
 * intervals were made (csv and json have it in columns).
 */
static void
wild_note(FILE *fp, const struct rct_estimate *e, size_t rows)
{
	size_t i;

	for (i = 0; i < rows; i++)
		if (e[i].wild_weights && e[i].enumerated)
			fprintf(fp,
			    "%s: wild cluster bootstrap (restricted, %s "
			    "weights), every one of the %ld weight vectors; "
			    "std_error is CR1\n",
			    e[i].outcome, e[i].wild_weights, e[i].draws);
		else if (e[i].wild_weights)
			fprintf(fp,
			    "%s: wild cluster bootstrap (restricted, %s "
			    "weights), %ld draws, seed %llu; std_error is "
			    "CR1\n",
			    e[i].outcome, e[i].wild_weights, e[i].draws,
			    (unsigned long long)e[i].seed);
}

/* The dataset of the plan: the store's, or the columns of the file. */
static int
load(struct rct_cmd_ctx *ctx, const struct options *o,
    struct rct_effects_plan *pl, struct rct_dataset **d)
{
	const char *names[80];
	unsigned char categorical[80];
	size_t nn, k;

	if (ctx->store)
		return rct_store_data_read_allocated(ctx->store, d);
	/* Read every outcome's column with the others. */
	pl->spec.outcome = pl->outcomes[0];
	nn = rct_effects_columns(&pl->spec, names, categorical, 80);
	for (k = 1; k < pl->noutcomes && nn < 80; k++)
		names[nn++] = pl->outcomes[k];
	return rct_dataset_read_csv(d, o->data, names, categorical, nn);
}

/* The plan of the options (effects_plan.h), with a store's defaults. */
static int
plan(struct rct_cmd_ctx *ctx, const struct options *o,
    struct rct_effects_plan *pl)
{
	int rc = 0;

	pl->spec = o->spec;
	pl->estimator_given = o->estimator_given;
	pl->alpha_given = o->alpha_given;
	pl->treat_given = o->treat_given;
	pl->missing_given = o->missing_given;
	if (o->noutcomes > 0)
		rc = rct_effects_plan_outcomes(pl, o->outcomes,
		    (size_t)o->noutcomes);
	if (rc == 0 && o->ncovariates > 0)
		rc = rct_effects_plan_covariates(pl, o->covariates, o->factor,
		    (size_t)o->ncovariates);
	if (rc == 0 && ctx->store)
		rc = rct_effects_plan_protocol(pl,
		    rct_store_protocol(ctx->store));
	return rc;
}

int
cmd_effects(struct rct_cmd_ctx *ctx)
{
	struct options o;
	struct rct_effects_plan pl;
	struct rct_effects r;
	struct rct_dataset *d = NULL;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	rct_effects_plan_init(&pl);
	o.spec = pl.spec;
	o.digits = 4;
	if ((rc = parse(ctx, &o)) != 0 || (rc = plan(ctx, &o, &pl)) != 0 ||
	    (rc = load(ctx, &o, &pl, &d)) != 0 ||
	    (rc = rct_effects_plan_table(&r, d, &pl,
		 ctx->store ? rct_store_protocol(ctx->store) : NULL)) != 0)
		goto out;
	rct_table_set_digits(r.table, o.digits);
	rct_table_print(r.table, ctx->out, o.fmt);
	if (o.fmt == RCT_FORMAT_TABLE || o.fmt == RCT_FORMAT_MD)
		wild_note(ctx->out, r.estimates, r.nestimates);
	/* What a store's analysis left out: under the table read by people. */
	if ((o.fmt == RCT_FORMAT_TABLE || o.fmt == RCT_FORMAT_MD) && r.note[0])
		fprintf(ctx->out, "%s\n", r.note);
out:
	rct_effects_plan_results_release(&r);
	rct_dataset_free(d);
	rct_effects_plan_release(&pl);
	rct_text_list_free(o.outcomes,
	    o.noutcomes > 0 ? (size_t)o.noutcomes : 0);
	rct_text_list_free(o.covariates,
	    o.ncovariates > 0 ? (size_t)o.ncovariates : 0);
	free(o.factor);
	return rc;
}
