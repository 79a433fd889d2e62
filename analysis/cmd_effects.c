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
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmds.h"
#include "dataset.h"
#include "effects.h"
#include "error.h"
#include "multiplicity.h"
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

/* Covariates as a list the options own, from the protocol. */
static int
protocol_covariates(struct options *o, const struct rct_protocol *p)
{
	size_t i;

	free(o->factor); /* from parse(), for no covariates */
	o->covariates = calloc(p->ncovariates + 1, sizeof(char *));
	o->factor = calloc(p->ncovariates + 1, 1);
	if (o->covariates == NULL || o->factor == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < p->ncovariates; i++) {
		const struct rct_variable *v =
		    rct_protocol_variable(p, p->covariates[i]);

		if ((o->covariates[i] = strdup(p->covariates[i])) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		o->ncovariates = (int)i + 1;
		o->factor[i] = v && v->type == RCT_VAR_CODE;
	}
	o->spec.covariates = (const char *const *)o->covariates;
	o->spec.ncovariates = p->ncovariates;
	o->spec.covariate_factor = o->factor;
	return 0;
}

/*
 * From a store: what was not given comes from the protocol's [analysis]:
 * the outcome family (or the primary outcome), the estimator, its
 * errors, covariates and alpha; arms from the allocation, compared with
 * the protocol's first arm (a lottery's arm not offered:
 * rct_protocol_control_arm); strata and clusters as randomized.
 */
static int
store_defaults(struct options *o, const struct rct_protocol *p)
{
	struct rct_effect_spec *sp = &o->spec;
	char *const *list = p->nfamily ? p->family : &p->primary;
	size_t i, n = p->nfamily ? p->nfamily : (p->primary ? 1 : 0);
	int rc;

	sp->arm = "arm";
	if (sp->control == NULL)
		sp->control = rct_protocol_control_arm(p);
	if (o->noutcomes <= 0) {
		if (n == 0)
			return rct_error(RCT_EINVAL,
			    "the protocol names no primary outcome: give "
			    "--outcome NAME");
		if ((o->outcomes = calloc(n + 1, sizeof(char *))) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		for (i = 0; i < n; i++) {
			if ((o->outcomes[i] = strdup(list[i])) == NULL)
				return rct_error(RCT_ENOMEM, "out of memory");
			o->noutcomes = (int)i + 1;
		}
	}
	if (!o->estimator_given && p->estimator &&
	    rct_estimator_parse(p->estimator, &sp->estimator) < 0)
		return rct_error(RCT_EINVAL,
		    "the protocol's estimator '%s' is unknown", p->estimator);
	/* The protocol's errors are those of its estimator. */
	if (!sp->se_given && p->se_type &&
	    (!o->estimator_given || p->estimator == NULL ||
		strcmp(p->estimator, rct_estimator_name(sp->estimator)) == 0)) {
		if (rct_se_parse(p->se_type, &sp->se) < 0)
			return rct_error(RCT_EINVAL,
			    "the protocol's se '%s' is unknown", p->se_type);
		sp->se_given = 1;
	}
	if (!o->alpha_given && p->alpha > 0)
		sp->alpha = p->alpha;
	/* A store keeps everyone randomized: indicator unless said. */
	if (!o->missing_given)
		sp->missing_covariates = RCT_MISSING_INDICATOR;
	if (!o->missing_given && p->missing_covariates &&
	    rct_missing_cov_parse(p->missing_covariates,
		&sp->missing_covariates) < 0)
		return rct_error(RCT_EINVAL,
		    "the protocol's missing_covariates '%s' is unknown",
		    p->missing_covariates);
	if (o->ncovariates <= 0 &&
	    (sp->estimator == RCT_EST_LIN || sp->estimator == RCT_EST_ANCOVA ||
		sp->estimator == RCT_EST_IV) &&
	    (rc = protocol_covariates(o, p)) != 0)
		return rc;
	if (sp->takeup == NULL && sp->estimator == RCT_EST_IV)
		sp->takeup = p->takeup;
	/*
	 * Horvitz-Thompson and inverse-probability weights from a store
	 * (--prob allocation): each allocation's probability of its arm,
	 * which is the marginal one for simple randomization, permuted
	 * blocks, a batch and the lottery (its offer probability by site).
	 */
	if (sp->prob && strcmp(sp->prob, "allocation") == 0)
		o->prob_allocation = 1;
	else if (sp->prob == NULL && sp->estimator == RCT_EST_HT)
		o->prob_allocation = 1;
	if (o->prob_allocation && p->method == RCT_METHOD_MINIMIZATION)
		return rct_error(RCT_EINVAL,
		    "the probabilities minimization allocates with are "
		    "conditional on the order of arrival (a biased coin given "
		    "the imbalance so far), not the marginal probabilities of "
		    "assignment that horvitz_thompson and inverse-probability "
		    "weights need: use randomization inference, analysis ri "
		    "STORE");
	if (sp->strata == NULL && sp->estimator == RCT_EST_BLOCKED)
		sp->strata = "stratum";
	if (sp->cluster == NULL && p->unit == RCT_UNIT_CLUSTER)
		sp->cluster = "cluster";
	return 0;
}

#define NCOLS 31

/*
 * The table's row of one estimate, with its adjusted p-values; hidden
 * (rct_effects_suppress) blanks n_treat (bit 1) or n_control (bit 2).
 */
static int
add_row(struct rct_table *t, const struct rct_estimate *e, double holm,
    double bh, unsigned hidden, int min_cell)
{
	char v[12][32], counts[4][24], draws[24], seed[24], note[64];
	const char *cells[NCOLS];
	const double x[7] = {e->estimate, e->std_error, e->df, e->statistic,
	    e->p_value, e->conf_low, e->conf_high};
	const long c[4] = {e->n, e->n_treat, e->n_control, e->n_missing};
	size_t i;

	cells[0] = e->outcome;
	cells[1] = e->estimator;
	cells[2] = e->se_type;
	cells[3] = e->term;
	for (i = 0; i < 7; i++) {
		rct_cmd_number(v[i], x[i]);
		cells[4 + i] = v[i];
	}
	for (i = 0; i < 4; i++) {
		snprintf(counts[i], sizeof(counts[i]), "%ld", c[i]);
		cells[11 + i] = counts[i];
	}
	if (hidden & 1)
		cells[12] = "";
	if (hidden & 2)
		cells[13] = "";
	snprintf(note, sizeof(note),
	    "fewer than %d, or would reveal one: suppressed", min_cell);
	cells[30] = hidden ? note : "";
	cells[15] = e->treat;
	cells[16] = e->control;
	rct_cmd_number(v[7], e->first_stage_f);
	rct_cmd_number(v[8], e->compliance);
	rct_cmd_number(v[9], holm);
	rct_cmd_number(v[10], bh);
	rct_cmd_number(v[11], e->conf_level);
	for (i = 0; i < 5; i++)
		cells[17 + i] = v[7 + i];
	cells[21] = e->alternative;
	cells[22] = e->weights ? e->weights : "";
	cells[23] = v[11];
	cells[24] = e->scale;
	cells[25] = e->strata ? e->strata : "";
	cells[26] = e->cluster ? e->cluster : "";
	draws[0] = seed[0] = '\0';
	if (e->wild_weights)
		snprintf(draws, sizeof(draws), "%ld", e->draws);
	if (e->wild_weights && !e->enumerated)
		snprintf(seed, sizeof(seed), "%llu",
		    (unsigned long long)e->seed);
	cells[27] = e->wild_weights ? e->wild_weights : "";
	cells[28] = draws;
	cells[29] = seed;
	return rct_table_add(t, cells);
}

/*
 * Beside an IV estimate, the intention-to-treat effect of the arm on the
 * same rows (those with take-up recorded), with the same covariates,
 * strata and errors: lm_robust(Y ~ Z + X), the reduced form, which is the
 * IV estimate times the compliance rate.
 */
static int
itt(struct rct_dataset *d, const struct rct_effect_spec *spec,
    struct rct_estimate *e)
{
	struct rct_effect_spec s = *spec;

	s.estimator = spec->ncovariates ? RCT_EST_ANCOVA : RCT_EST_OLS;
	return rct_effect(d, &s, e);
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

/* The dataset of the options: the store's, or the columns of the file. */
static int
load(struct rct_cmd_ctx *ctx, struct options *o, struct rct_dataset **d)
{
	const char *names[80];
	unsigned char categorical[80];
	size_t nn;
	int k;

	if (ctx->store)
		return rct_store_dataset_allocated(ctx->store, d);
	/* Read every outcome's column with the others. */
	o->spec.outcome = o->outcomes[0];
	nn = rct_effect_columns(&o->spec, names, categorical, 80);
	for (k = 1; k < o->noutcomes && nn < 80; k++)
		names[nn++] = o->outcomes[k];
	return rct_dataset_read_csv(d, o->data, names, categorical, nn);
}

int
cmd_effects(struct rct_cmd_ctx *ctx)
{
	static const char *const cols[NCOLS] = {"outcome", "estimator",
	    "se_type", "term", "estimate", "std_error", "df", "statistic",
	    "p_value", "conf_low", "conf_high", "n", "n_treat", "n_control",
	    "n_missing", "treat", "control", "first_stage_f", "compliance",
	    "p_holm", "p_bh", "alternative", "weights", "conf_level", "scale",
	    "strata", "clusters", "wild_weights", "bootstrap_draws", "seed",
	    "note"};
	const struct rct_protocol *proto = NULL;
	struct options o;
	struct rct_dataset *d = NULL;
	struct rct_table *t = NULL;
	struct rct_estimate *e = NULL;
	double *p = NULL, *holm = NULL, *bh = NULL;
	unsigned char *is_itt = NULL, *published = NULL, *hidden = NULL;
	size_t i, a, narms = 1, rows = 0, nfamily = 0, max;
	int rc, k, min_cell = 5, any_hidden = 0;

	memset(&o, 0, sizeof(o));
	o.spec.alpha = 0.05;
	o.spec.estimator = RCT_EST_DIM;
	o.digits = 4;
	o.spec.wild.weights = RCT_WILD_RADEMACHER;
	o.spec.wild.draws = RCT_WILD_DEFAULT_DRAWS;
	o.spec.wild.seed = RCT_WILD_DEFAULT_SEED;
	if ((rc = parse(ctx, &o)) != 0)
		goto out;
	if (ctx->store) {
		proto = rct_store_protocol(ctx->store);
		if ((rc = store_defaults(&o, proto)) != 0)
			goto out;
		narms = proto->narms;
	}
	if ((rc = load(ctx, &o, &d)) != 0)
		goto out;
	/* An IV row has the ITT row after it. */
	max = 2 * narms * (size_t)o.noutcomes + 1;
	t = rct_table_new(NCOLS, cols);
	e = calloc(max, sizeof(*e));
	p = calloc(max, sizeof(double));
	holm = calloc(max, sizeof(double));
	bh = calloc(max, sizeof(double));
	is_itt = calloc(max, 1);
	published = calloc(max, 1);
	hidden = calloc(max, 1);
	if (!t || !e || !p || !holm || !bh || !is_itt || !published ||
	    !hidden) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	/*
	 * Read by people (table, md): R's rounding to --digits, p-values
	 * below 0.001 as <0.001, within 80 columns; the counts by arm, the
	 * arms, the adjusted p-values and the columns that describe the
	 * analysis in csv and json only (IV's first stage where there is one).
	 */
	for (i = 4; i < 11; i++)
		rct_table_set_rounded(t, i);
	for (i = 11; i < 15; i++)
		rct_table_set_numeric(t, i);
	rct_table_set_numeric(t, 28); /* bootstrap_draws */
	rct_table_set_numeric(t, 29); /* seed */
	rct_table_set_rounded(t, 17);
	rct_table_set_rounded(t, 18);
	rct_table_set_pvalue(t, 8);
	rct_table_set_pvalue(t, 19);
	rct_table_set_pvalue(t, 20);
	rct_table_set_rounded(t, 23);
	for (i = 12; i < NCOLS; i++)
		if (i != 17 && i != 18)
			rct_table_set_detail(t, i);
	rct_table_set_detail(t, 7); /* statistic: estimate / std_error */
	rct_table_set_digits(t, o.digits);
	rct_table_set_width(t, 80);
	/* In a store without --treat: every arm against the comparison. */
	for (a = 0; rc == 0 && a < narms; a++) {
		if (proto) {
			if (o.treat_given ? a > 0 :
					    strcmp(proto->arms[a].name,
						o.spec.control) == 0)
				continue;
			if (!o.treat_given)
				o.spec.treat = proto->arms[a].name;
		}
		if (o.prob_allocation) {
			snprintf(o.prob_treat, sizeof(o.prob_treat), "prob:%s",
			    o.spec.treat);
			snprintf(o.prob_control, sizeof(o.prob_control),
			    "prob:%s", o.spec.control);
			o.spec.prob = o.prob_treat;
			o.spec.prob_control = o.prob_control;
		}
		for (k = 0; rc == 0 && k < o.noutcomes; k++) {
			o.spec.outcome = o.outcomes[k];
			if ((rc = rct_effect(d, &o.spec, &e[rows])) != 0)
				break;
			p[nfamily++] = e[rows++].p_value;
			if (o.spec.estimator != RCT_EST_IV)
				continue;
			is_itt[rows] = 1;
			if ((rc = itt(d, &o.spec, &e[rows++])) != 0)
				break;
		}
	}
	if (o.spec.estimator != RCT_EST_IV) {
		rct_table_set_detail(t, 17);
		rct_table_set_detail(t, 18);
	}
	rct_p_holm(p, nfamily, holm);
	rct_p_bh(p, nfamily, bh);
	/*
	 * Small analysed counts suppressed (effects.h); those of the primary
	 * outcome of a store are the CONSORT flow's, published.
	 */
	if (proto && proto->min_cell > 0)
		min_cell = proto->min_cell;
	for (i = 0; proto && proto->primary && i < rows; i++)
		published[i] = strcmp(e[i].outcome, proto->primary) == 0;
	if (rc == 0)
		rc = rct_effects_suppress(e, rows, published, min_cell, hidden);
	/* The ITT rows of IV are no members of the family. */
	for (i = 0, k = 0; rc == 0 && i < rows; i++) {
		any_hidden |= hidden[i] != 0;
		if (is_itt[i])
			rc = add_row(t, &e[i], NAN, NAN, hidden[i], min_cell);
		else {
			rc = add_row(t, &e[i], holm[k], bh[k], hidden[i],
			    min_cell);
			k++;
		}
	}
	if (rc == 0) {
		unsigned keep = ~0u;

		/* Adjusted p-values only where there is a family. */
		if (nfamily < 2)
			keep &= ~(3u << 19);
		/* The wild bootstrap's columns only where it was used. */
		if (o.spec.se != RCT_SE_WILD)
			keep &= ~(7u << 27);
		/* The note only where a count is suppressed. */
		if (!any_hidden)
			keep &= ~(1u << 30);
		rct_table_keep(t, keep);
		rct_table_print(t, ctx->out, o.fmt);
		if (o.fmt == RCT_FORMAT_TABLE || o.fmt == RCT_FORMAT_MD)
			wild_note(ctx->out, e, rows);
	}
out:
	free(e);
	free(p);
	free(holm);
	free(bh);
	free(is_itt);
	free(published);
	free(hidden);
	rct_table_free(t);
	rct_dataset_free(d);
	rct_list_free(o.outcomes, o.noutcomes > 0 ? (size_t)o.noutcomes : 0);
	rct_list_free(o.covariates,
	    o.ncovariates > 0 ? (size_t)o.ncovariates : 0);
	free(o.factor);
	return rc;
}
