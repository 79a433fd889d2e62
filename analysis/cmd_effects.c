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
 * and md formats round them as R prints (lib/table.c).
 */
#include <getopt.h>
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
	/* From a store: the probabilities stored with each allocation. */
	int prob_allocation;
	char prob_treat[96], prob_control[96];
	enum rct_format fmt;
};

static int
parse(struct rct_cmd_ctx *ctx, struct options *o)
{
	static const struct option longopts[] = {
	    {"data", required_argument, NULL, 'D'},
	    {"arm", required_argument, NULL, 'a'},
	    {"treat", required_argument, NULL, 't'},
	    {"control", required_argument, NULL, 'c'},
	    {"outcome", required_argument, NULL, 'y'},
	    {"strata", required_argument, NULL, 's'},
	    {"cluster", required_argument, NULL, 'g'},
	    {"covariates", required_argument, NULL, 'x'},
	    {"estimator", required_argument, NULL, 'e'},
	    {"se", required_argument, NULL, 'S'},
	    {"takeup", required_argument, NULL, 'd'},
	    {"prob", required_argument, NULL, 'P'},
	    {"alpha", required_argument, NULL, 'A'},
	    {"conf-level", required_argument, NULL, 'L'},
	    {"alternative", required_argument, NULL, 'H'},
	    {"missing-covariates", required_argument, NULL, 'M'},
	    {"digits", required_argument, NULL, 'n'},
	    {"wild-weights", required_argument, NULL, 'W'},
	    {"bootstrap", required_argument, NULL, 'B'},
	    {"seed", required_argument, NULL, 'R'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	struct rct_effect_spec *sp = &o->spec;
	int c, rc;

	optind = 0;
	while (
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1) {
		rc = 0;
		switch (c) {
		case 'D':
			o->data = optarg;
			break;
		case 'a':
			sp->arm = optarg;
			break;
		case 't':
			sp->treat = optarg;
			o->treat_given = 1;
			break;
		case 'c':
			sp->control = optarg;
			break;
		case 'y':
			if ((o->noutcomes = rct_split_list(optarg, ',',
				 &o->outcomes)) < 0)
				rc = rct_cli_usage(ctx,
				    "--outcome '%s' is not "
				    "a list of columns",
				    optarg);
			break;
		case 's':
			sp->strata = optarg;
			break;
		case 'g':
			sp->cluster = optarg;
			break;
		case 'x':
			if ((o->ncovariates = rct_split_list(optarg, ',',
				 &o->covariates)) < 0)
				rc = rct_cli_usage(ctx,
				    "--covariates '%s' is "
				    "not a list of columns",
				    optarg);
			break;
		case 'e':
			o->estimator_given = 1;
			if (rct_estimator_parse(optarg, &sp->estimator) < 0)
				rc = rct_cli_usage(ctx,
				    "unknown estimator '%s', "
				    "expected dim, blocked, ols, "
				    "ancova, lin, iv, risk_ratio, "
				    "odds_ratio or horvitz_thompson",
				    optarg);
			break;
		case 'S':
			if (rct_se_parse(optarg, &sp->se) < 0)
				rc = rct_cli_usage(ctx,
				    "unknown --se '%s', "
				    "expected classical, hc0, hc1, "
				    "hc2, hc3, cr0, stata, cr2 or wild",
				    optarg);
			sp->se_given = 1;
			break;
		case 'd':
			sp->takeup = optarg;
			break;
		case 'P':
			sp->prob = optarg;
			break;
		case 'A':
			o->alpha_given = 1;
			if (rct_parse_double(optarg, &sp->alpha) < 0 ||
			    !(sp->alpha > 0 && sp->alpha < 1))
				rc = rct_cli_usage(ctx,
				    "--alpha '%s' is not "
				    "between 0 and 1",
				    optarg);
			break;
		case 'L':
			o->alpha_given = 1;
			if (rct_parse_double(optarg, &sp->alpha) < 0 ||
			    !(sp->alpha > 0 && sp->alpha < 1))
				rc = rct_cli_usage(ctx,
				    "--conf-level '%s' is not "
				    "between 0 and 1",
				    optarg);
			sp->alpha = 1 - sp->alpha;
			break;
		case 'H':
			if (rct_alternative_parse(optarg, &sp->alternative) < 0)
				rc = rct_cli_usage(ctx,
				    "unknown --alternative '%s', expected "
				    "two.sided, greater or less",
				    optarg);
			break;
		case 'M':
			o->missing_given = 1;
			if (rct_missing_cov_parse(optarg,
				&sp->missing_covariates) < 0)
				rc = rct_cli_usage(ctx,
				    "unknown --missing-covariates '%s', "
				    "expected indicator or listwise",
				    optarg);
			break;
		case 'n': {
			long n = 0;

			rc = rct_cli_long(ctx, "--digits", optarg, 1, 15, &n);
			o->digits = (int)n;
			break;
		}
		case 'W':
			sp->wild_given = 1;
			if (rct_wild_weights_parse(optarg, &sp->wild.weights) <
			    0)
				rc = rct_cli_usage(ctx,
				    "unknown --wild-weights '%s', expected "
				    "rademacher or webb",
				    optarg);
			break;
		case 'B': {
			long n = 0;

			sp->wild_given = 1;
			rc = rct_cli_long(ctx, "--bootstrap", optarg, 99,
			    1000000, &n);
			sp->wild.draws = n;
			break;
		}
		case 'R': {
			long n = 0;

			sp->wild_given = 1;
			rc = rct_cli_long(ctx, "--seed", optarg, 0, 2147483647,
			    &n);
			sp->wild.seed = (uint64_t)n;
			break;
		}
		case 'f':
			rc = rct_cli_format(ctx, optarg, &o->fmt);
			break;
		default:
			rc = rct_cli_usage(ctx, "unknown option");
		}
		if (rc != 0)
			return rc;
	}
	if ((rc = rct_cli_end(ctx)) != 0)
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
		return rct_store_dataset_allocated(ctx->store, d);
	/* Read every outcome's column with the others. */
	pl->spec.outcome = pl->outcomes[0];
	nn = rct_effect_columns(&pl->spec, names, categorical, 80);
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
	    (rc = rct_effects_table(&r, d, &pl,
		 ctx->store ? rct_store_protocol(ctx->store) : NULL)) != 0)
		goto out;
	rct_table_set_digits(r.table, o.digits);
	rct_table_print(r.table, ctx->out, o.fmt);
	if (o.fmt == RCT_FORMAT_TABLE || o.fmt == RCT_FORMAT_MD)
		wild_note(ctx->out, r.estimates, r.nestimates);
out:
	rct_effects_free(&r);
	rct_dataset_free(d);
	rct_effects_plan_release(&pl);
	rct_list_free(o.outcomes, o.noutcomes > 0 ? (size_t)o.noutcomes : 0);
	rct_list_free(o.covariates,
	    o.ncovariates > 0 ? (size_t)o.ncovariates : 0);
	free(o.factor);
	return rc;
}
