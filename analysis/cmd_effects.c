/*
 * analysis effects --data FILE.csv --arm COL --treat LEVEL --outcome COL...
 *
 * Effect estimates with estimatr's names and definitions: one row per
 * outcome with estimate, std_error, df, statistic, p_value, conf_low,
 * conf_high and the counts.  Numbers are printed with the digits that
 * give the double back.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "dataset.h"
#include "effects.h"
#include "error.h"
#include "text.h"

struct options {
	struct rct_effect_spec spec;
	const char *data;
	char **outcomes, **covariates;
	int noutcomes, ncovariates;
	unsigned char *factor; /* per covariate: written factor(NAME) */
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
	    {"alpha", required_argument, NULL, 'A'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	struct rct_effect_spec *sp = &o->spec;
	size_t i;
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
			if (rct_estimator_parse(optarg, &sp->estimator) < 0)
				rc = rct_cli_usage(ctx,
				    "unknown estimator '%s', "
				    "expected dim, blocked, ols, "
				    "ancova, lin, iv, risk_ratio "
				    "or odds_ratio",
				    optarg);
			break;
		case 'S':
			if (rct_se_parse(optarg, &sp->se) < 0)
				rc = rct_cli_usage(ctx,
				    "unknown --se '%s', "
				    "expected classical, hc0, hc1, "
				    "hc2, hc3, cr0, stata or cr2",
				    optarg);
			sp->se_given = 1;
			break;
		case 'd':
			sp->takeup = optarg;
			break;
		case 'A':
			if (rct_parse_double(optarg, &sp->alpha) < 0 ||
			    !(sp->alpha > 0 && sp->alpha < 1))
				rc = rct_cli_usage(ctx,
				    "--alpha '%s' is not "
				    "between 0 and 1",
				    optarg);
			break;
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
	if (o->data == NULL)
		return rct_cli_usage(ctx,
		    "--data FILE.csv is required (or a "
		    "STORE)");
	if (sp->arm == NULL || sp->treat == NULL || o->noutcomes <= 0)
		return rct_cli_usage(ctx,
		    "--arm, --treat and --outcome are "
		    "required");
	sp->covariates = (const char *const *)o->covariates;
	sp->ncovariates = o->ncovariates > 0 ? (size_t)o->ncovariates : 0;
	/* factor(NAME), as in an R formula: the column read as categories. */
	if ((o->factor = calloc(sp->ncovariates + 1, 1)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < sp->ncovariates; i++) {
		char *c = o->covariates[i];
		size_t len = strlen(c);

		if (strncmp(c, "factor(", 7) == 0 && len > 8 &&
		    c[len - 1] == ')') {
			memmove(c, c + 7, len - 8);
			c[len - 8] = '\0';
			o->factor[i] = 1;
		}
	}
	sp->covariate_factor = o->factor;
	return 0;
}

static void
number(char *out, double x)
{
	rct_format_double(out, x);
}

int
cmd_effects(struct rct_cmd_ctx *ctx)
{
	static const char *const cols[] = {"outcome", "estimator", "se_type",
	    "term", "estimate", "std_error", "df", "statistic", "p_value",
	    "conf_low", "conf_high", "n", "n_treat", "n_control", "n_missing"};
	struct options o;
	struct rct_dataset *d = NULL;
	struct rct_table *t = NULL;
	struct rct_estimate e;
	const char *names[80];
	unsigned char categorical[80];
	char v[7][32], counts[4][24];
	size_t nn, i;
	int rc, k;

	memset(&o, 0, sizeof(o));
	o.spec.alpha = 0.05;
	o.spec.estimator = RCT_EST_DIM;
	if ((rc = parse(ctx, &o)) != 0)
		goto out;
	/* Read every outcome's column with the others. */
	o.spec.outcome = o.outcomes[0];
	nn = rct_effect_columns(&o.spec, names, categorical, 80);
	for (k = 1; k < o.noutcomes && nn < 80; k++)
		names[nn++] = o.outcomes[k];
	if ((rc = rct_dataset_read_csv(&d, o.data, names, categorical, nn)) !=
	    0)
		goto out;
	if ((t = rct_table_new(15, cols)) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 4; i < 15; i++)
		rct_table_set_numeric(t, i);
	for (k = 0; rc == 0 && k < o.noutcomes; k++) {
		const char *cells[15];

		o.spec.outcome = o.outcomes[k];
		if ((rc = rct_effect(d, &o.spec, &e)) != 0)
			break;
		number(v[0], e.estimate);
		number(v[1], e.std_error);
		number(v[2], e.df);
		number(v[3], e.statistic);
		number(v[4], e.p_value);
		number(v[5], e.conf_low);
		number(v[6], e.conf_high);
		snprintf(counts[0], 24, "%ld", e.n);
		snprintf(counts[1], 24, "%ld", e.n_treat);
		snprintf(counts[2], 24, "%ld", e.n_control);
		snprintf(counts[3], 24, "%ld", e.n_missing);
		cells[0] = e.outcome;
		cells[1] = e.estimator;
		cells[2] = e.se_type;
		cells[3] = e.term;
		for (i = 0; i < 7; i++)
			cells[4 + i] = v[i];
		for (i = 0; i < 4; i++)
			cells[11 + i] = counts[i];
		rc = rct_table_add(t, cells);
	}
	if (rc == 0)
		rct_table_print(t, ctx->out, o.fmt);
out:
	rct_table_free(t);
	rct_dataset_free(d);
	rct_list_free(o.outcomes, o.noutcomes > 0 ? (size_t)o.noutcomes : 0);
	rct_list_free(o.covariates,
	    o.ncovariates > 0 ? (size_t)o.ncovariates : 0);
	free(o.factor);
	return rc;
}
