/*
 * The effects table and the plan it runs (effects_plan.h): the
 * pre-specified analysis of a protocol with the user's options over it,
 * shared by analysis effects and analysis report.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defaults.h"
#include "effects_plan.h"
#include "error.h"
#include "multiplicity.h"
#include "store_data.h"
#include "text.h"

void
rct_effects_plan_init(struct rct_effects_plan *pl)
{
	memset(pl, 0, sizeof(*pl));
	pl->spec.alpha = 0.05;
	pl->spec.estimator = RCT_EST_DIM;
	pl->spec.wild.weights = RCT_WILD_RADEMACHER;
	pl->spec.wild.draws = RCT_WILD_DEFAULT_DRAWS;
	pl->spec.wild.seed = RCT_WILD_DEFAULT_SEED;
}

static int
copy_list(char ***out, size_t *nout, char *const *names, size_t n)
{
	size_t i;

	rct_text_list_free(*out, *nout);
	*nout = 0;
	if ((*out = calloc(n + 1, sizeof(char *))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		if (((*out)[i] = strdup(names[i])) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		*nout = i + 1;
	}
	return 0;
}

int
rct_effects_plan_outcomes(struct rct_effects_plan *pl, char *const *names,
    size_t n)
{
	return copy_list(&pl->outcomes, &pl->noutcomes, names, n);
}

int
rct_effects_plan_covariates(struct rct_effects_plan *pl, char *const *names,
    const unsigned char *factor, size_t n)
{
	int rc;

	free(pl->factor);
	pl->spec.covariates = NULL;
	pl->spec.ncovariates = 0;
	pl->spec.covariate_factor = NULL;
	if ((pl->factor = calloc(n + 1, 1)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if (factor)
		memcpy(pl->factor, factor, n);
	if ((rc = copy_list(&pl->covariates, &pl->ncovariates, names, n)) != 0)
		return rc;
	pl->spec.covariates = (const char *const *)pl->covariates;
	pl->spec.ncovariates = n;
	pl->spec.covariate_factor = pl->factor;
	return 0;
}

/* The protocol's covariates, codes read as categories. */
static int
protocol_covariates(struct rct_effects_plan *pl, const struct rct_protocol *p)
{
	unsigned char *factor = calloc(p->ncovariates + 1, 1);
	size_t i;
	int rc;

	if (factor == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < p->ncovariates; i++) {
		const struct rct_variable *v =
		    rct_protocol_variable(p, p->covariates[i]);

		factor[i] = v && v->type == RCT_VAR_CODE;
	}
	rc = rct_effects_plan_covariates(pl, p->covariates, factor,
	    p->ncovariates);
	free(factor);
	return rc;
}

int
rct_effects_plan_protocol(struct rct_effects_plan *pl,
    const struct rct_protocol *p)
{
	struct rct_effect_spec *sp = &pl->spec;
	int rc;

	sp->arm = "arm";
	if (sp->control == NULL)
		sp->control = rct_protocol_control_arm(p);
	if (pl->noutcomes == 0) {
		if (p->nfamily == 0 && p->primary == NULL)
			return rct_error(RCT_EINVAL,
			    "the protocol names no primary outcome: give "
			    "--outcome NAME");
		rct_text_list_free(pl->outcomes, 0);
		if ((rc = rct_defaults_outcomes(p, &pl->outcomes,
			 &pl->noutcomes)) != 0)
			return rc;
	}
	if (!pl->estimator_given && p->estimator &&
	    rct_methods_estimator_parse(p->estimator, &sp->estimator) < 0)
		return rct_error(RCT_EINVAL,
		    "the protocol's estimator '%s' is unknown", p->estimator);
	/* The protocol's errors are those of its estimator. */
	if (!sp->se_given && p->se_type &&
	    (!pl->estimator_given || p->estimator == NULL ||
		strcmp(p->estimator,
		    rct_methods_estimator_name(sp->estimator)) == 0)) {
		if (rct_methods_se_parse(p->se_type, &sp->se) < 0)
			return rct_error(RCT_EINVAL,
			    "the protocol's se '%s' is unknown", p->se_type);
		sp->se_given = 1;
	}
	if (!pl->alpha_given && p->alpha > 0)
		sp->alpha = p->alpha;
	/* A store keeps everyone randomized: indicator unless said. */
	if (!pl->missing_given)
		sp->missing_covariates = RCT_MISSING_INDICATOR;
	if (!pl->missing_given && p->missing_covariates &&
	    rct_effects_missing_cov_parse(p->missing_covariates,
		&sp->missing_covariates) < 0)
		return rct_error(RCT_EINVAL,
		    "the protocol's missing_covariates '%s' is unknown",
		    p->missing_covariates);
	if (pl->ncovariates == 0 &&
	    (sp->estimator == RCT_EST_LIN || sp->estimator == RCT_EST_ANCOVA ||
		sp->estimator == RCT_EST_IV) &&
	    (rc = protocol_covariates(pl, p)) != 0)
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
		pl->prob_allocation = 1;
	else if (sp->prob == NULL && sp->estimator == RCT_EST_HT)
		pl->prob_allocation = 1;
	if (pl->prob_allocation && p->method == RCT_METHOD_MINIMIZATION)
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

void
rct_effects_plan_release(struct rct_effects_plan *pl)
{
	if (pl == NULL)
		return;
	rct_text_list_free(pl->outcomes, pl->noutcomes);
	rct_text_list_free(pl->covariates, pl->ncovariates);
	free(pl->factor);
	memset(pl, 0, sizeof(*pl));
}

/* Row i's arm fixed: a probability of 0 (or 1) for one of the arms. */
static int
fixed_probability(const struct rct_column *pt, const struct rct_column *pc,
    size_t i)
{
	const struct rct_column *c[2] = {pt, pc};
	size_t k;

	for (k = 0; k < 2; k++)
		if (c[k] && c[k]->kind == RCT_COLUMN_NUMBER &&
		    !isnan(c[k]->num[i]) &&
		    (c[k]->num[i] <= 0 || c[k]->num[i] >= 1))
			return 1;
	return 0;
}

/* The note of what was left out, from the counts by stratum and arm. */
static void
left_out_note(struct rct_left_out *out, const struct rct_column *st,
    const long (*left)[2], const char *treat, const char *control)
{
	size_t l, len, nl = st ? st->nlevels : 0;
	int k;

	len = (size_t)snprintf(out->note, sizeof(out->note),
	    "left out, their arm fixed (probability 1 or 0, no comparison "
	    "within): %ld allocated in ",
	    out->n);
	for (l = 0; l <= nl && len < sizeof(out->note); l++) {
		if (left[l][0] + left[l][1] == 0)
			continue;
		k = left[l][0] && left[l][1] ? -1 : left[l][0] ? 0 : 1;
		len +=
		    (size_t)snprintf(out->note + len, sizeof(out->note) - len,
			"%s%s%s%s (%ld%s%s%s)", out->nstrata++ ? ", " : "",
			l < nl ? "stratum '" : "no stratum",
			l < nl ? st->levels[l] : "", l < nl ? "'" : "",
			left[l][0] + left[l][1], k >= 0 ? ", all '" : "",
			k >= 0 ? (k ? control : treat) : "", k >= 0 ? "'" : "");
	}
	if (len < sizeof(out->note))
		snprintf(out->note + len, sizeof(out->note) - len,
		    "; the estimate is of those whose arm was random");
}

int
rct_effects_plan_left_out(struct rct_left_out *out, struct rct_dataset *d,
    const char *arm, const char *treat, const char *control, const char *strata,
    int blocked, const char *prob_treat, const char *prob_control)
{
	struct rct_column *a = rct_dataset_column(d, arm);
	struct rct_column *st = strata ? rct_dataset_column(d, strata) : NULL;
	struct rct_column *pt =
	    prob_treat ? rct_dataset_column(d, prob_treat) : NULL;
	struct rct_column *pc =
	    prob_control ? rct_dataset_column(d, prob_control) : NULL;
	long(*count)[2] = NULL, (*left)[2] = NULL;
	size_t i, nl;
	int t, c, rc = 0;

	memset(out, 0, sizeof(*out));
	if ((out->row = calloc(d->n + 1, 1)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if (a == NULL || a->kind != RCT_COLUMN_CATEGORY || treat == NULL ||
	    control == NULL || (t = rct_dataset_column_level(a, treat)) < 0 ||
	    (c = rct_dataset_column_level(a, control)) < 0)
		return 0;
	if (st && st->kind != RCT_COLUMN_CATEGORY)
		st = NULL;
	nl = st ? st->nlevels : 0;
	/* By stratum, and last the rows without one: treat, control. */
	count = calloc(nl + 1, sizeof(*count));
	left = calloc(nl + 1, sizeof(*left));
	if (count == NULL || left == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < d->n; i++)
		if (st && st->code[i] >= 0 &&
		    (a->code[i] == t || a->code[i] == c))
			count[st->code[i]][a->code[i] == c]++;
	for (i = 0; i < d->n; i++) {
		size_t l = st && st->code[i] >= 0 ? (size_t)st->code[i] : nl;
		int fixed = blocked && l < nl &&
		    (count[l][0] == 0) != (count[l][1] == 0);

		if (a->code[i] != t && a->code[i] != c)
			continue;
		if (!fixed && !fixed_probability(pt, pc, i))
			continue;
		out->row[i] = 1;
		out->n++;
		left[l][a->code[i] == c]++;
	}
	if (out->n > 0)
		left_out_note(out, st, (const long(*)[2])left, treat, control);
out:
	free(count);
	free(left);
	return rc;
}

void
rct_effects_plan_left_out_release(struct rct_left_out *lo)
{
	if (lo == NULL)
		return;
	free(lo->row);
	memset(lo, 0, sizeof(*lo));
}

#define NCOLS 31

/*
 * The table's row of one estimate, with its adjusted p-values; hidden
 * (rct_effects_suppress) blanks n_treat (bit 1) or n_control (bit 2).
 */
static int
add_row(struct rct_table *t, const struct rct_estimate *e, double holm,
    double bh, unsigned hidden, int min_cell, const char *left_out)
{
	char v[12][32], counts[4][24], draws[24], seed[24], note[640];
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
		rct_text_format_cell(v[i], x[i]);
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
	if (hidden)
		snprintf(note, sizeof(note),
		    "fewer than %d, or would reveal one: suppressed%s%s",
		    min_cell, left_out ? "; " : "", left_out ? left_out : "");
	else
		snprintf(note, sizeof(note), "%s", left_out ? left_out : "");
	cells[30] = note;
	cells[15] = e->treat;
	cells[16] = e->control;
	rct_text_format_cell(v[7], e->first_stage_f);
	rct_text_format_cell(v[8], e->compliance);
	rct_text_format_cell(v[9], holm);
	rct_text_format_cell(v[10], bh);
	rct_text_format_cell(v[11], e->conf_level);
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
	return rct_effects_estimate(d, &s, e);
}

/*
 * Read by people (table, md): R's rounding to the digits, p-values below
 * 0.001 as <0.001, within 80 columns; the counts by arm, the arms, the
 * adjusted p-values and the columns that describe the analysis in csv and
 * json only (IV's first stage where there is one).
 */
static void
styles(struct rct_table *t)
{
	size_t i;

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
	rct_table_set_digits(t, 4);
	rct_table_set_width(t, 80);
}

int
rct_effects_plan_table(struct rct_effects *out, struct rct_dataset *d,
    const struct rct_effects_plan *pl, const struct rct_protocol *proto)
{
	static const char *const cols[NCOLS] = {"outcome", "estimator",
	    "se_type", "term", "estimate", "std_error", "df", "statistic",
	    "p_value", "conf_low", "conf_high", "n", "n_treat", "n_control",
	    "n_missing", "treat", "control", "first_stage_f", "compliance",
	    "p_holm", "p_bh", "alternative", "weights", "conf_level", "scale",
	    "strata", "clusters", "wild_weights", "bootstrap_draws", "seed",
	    "note"};
	struct rct_effect_spec sp = pl->spec;
	struct rct_table *t = NULL;
	struct rct_estimate *e = NULL;
	double *p = NULL, *holm = NULL, *bh = NULL;
	unsigned char *is_itt = NULL, *published = NULL, *hidden = NULL;
	struct rct_left_out *lo = NULL;
	size_t *comparison = NULL; /* per row: its arm compared */
	char prob_treat[RCT_STORE_DATA_PROB_MAX],
	    prob_control[RCT_STORE_DATA_PROB_MAX];
	size_t i, k, a, narms = proto ? proto->narms : 1, rows = 0, nfamily = 0,
			max;
	int rc = 0, min_cell = 5, any_hidden = 0;

	memset(out, 0, sizeof(*out));
	/* An IV row has the ITT row after it. */
	max = 2 * narms * pl->noutcomes + 1;
	t = rct_table_new(NCOLS, cols);
	e = calloc(max, sizeof(*e));
	p = calloc(max, sizeof(double));
	holm = calloc(max, sizeof(double));
	bh = calloc(max, sizeof(double));
	is_itt = calloc(max, 1);
	published = calloc(max, 1);
	hidden = calloc(max, 1);
	lo = calloc(narms + 1, sizeof(*lo));
	comparison = calloc(max, sizeof(size_t));
	if (!t || !e || !p || !holm || !bh || !is_itt || !published ||
	    !hidden || !lo || !comparison) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	styles(t);
	/* In a store without --treat: every arm against the comparison. */
	for (a = 0; rc == 0 && a < narms; a++) {
		if (proto) {
			if (pl->treat_given ?
				a > 0 :
				strcmp(proto->arms[a].name, sp.control) == 0)
				continue;
			if (!pl->treat_given)
				sp.treat = proto->arms[a].name;
		}
		if (pl->prob_allocation) {
			rct_store_data_prob_column(prob_treat, sp.treat);
			rct_store_data_prob_column(prob_control, sp.control);
			sp.prob = prob_treat;
			sp.prob_control = prob_control;
		}
		/*
		 * A store's analysis is of those whose arm was random: a
		 * stratum with one arm (a lottery's site that offered
		 * everyone a place) has no comparison, and a probability
		 * of 0 no weight.  A file keeps estimatr's refusal.
		 */
		if (proto &&
		    (rc = rct_effects_plan_left_out(&lo[a], d, sp.arm, sp.treat,
			 sp.control, sp.strata ? sp.strata : "stratum",
			 sp.estimator == RCT_EST_BLOCKED ||
			     (sp.estimator == RCT_EST_DIM && sp.strata),
			 pl->prob_allocation ? sp.prob : NULL,
			 pl->prob_allocation ? sp.prob_control : NULL)) != 0)
			break;
		sp.left_out = proto ? lo[a].row : NULL;
		for (k = 0; rc == 0 && k < pl->noutcomes; k++) {
			sp.outcome = pl->outcomes[k];
			comparison[rows] = a;
			if ((rc = rct_effects_estimate(d, &sp, &e[rows])) != 0)
				break;
			p[nfamily++] = e[rows++].p_value;
			if (sp.estimator != RCT_EST_IV)
				continue;
			is_itt[rows] = 1;
			comparison[rows] = a;
			if ((rc = itt(d, &sp, &e[rows++])) != 0)
				break;
		}
	}
	if (rc != 0)
		goto out;
	if (sp.estimator != RCT_EST_IV) {
		rct_table_set_detail(t, 17);
		rct_table_set_detail(t, 18);
	}
	rct_multiplicity_holm(p, nfamily, holm);
	rct_multiplicity_bh(p, nfamily, bh);
	/*
	 * Small analysed counts suppressed (effects.h); those of the primary
	 * outcome of a store are the CONSORT flow's, published.
	 */
	if (proto && proto->min_cell > 0)
		min_cell = proto->min_cell;
	for (i = 0; proto && proto->primary && i < rows; i++)
		published[i] = strcmp(e[i].outcome, proto->primary) == 0;
	rc = rct_effects_suppress(e, rows, published, min_cell, hidden);
	/* The ITT rows of IV are no members of the family. */
	for (i = 0, k = 0; rc == 0 && i < rows; i++) {
		const char *note =
		    lo[comparison[i]].n ? lo[comparison[i]].note : NULL;

		any_hidden |= hidden[i] != 0 || note != NULL;
		if (is_itt[i])
			rc = add_row(t, &e[i], NAN, NAN, hidden[i], min_cell,
			    note);
		else {
			rc = add_row(t, &e[i], holm[k], bh[k], hidden[i],
			    min_cell, note);
			k++;
		}
	}
	/* What was left out, once per arm compared, for a table's foot. */
	for (a = 0; rc == 0 && a < narms; a++)
		if (lo[a].n > 0) {
			size_t len = strlen(out->note);

			snprintf(out->note + len, sizeof(out->note) - len,
			    "%snote%s%s: %s", len ? "\n" : "",
			    narms > 2 ? ", " : "",
			    narms > 2 ? proto->arms[a].name : "", lo[a].note);
		}
	if (rc == 0) {
		unsigned keep = ~0u;

		/* Adjusted p-values only where there is a family. */
		if (nfamily < 2)
			keep &= ~(3u << 19);
		/* The wild bootstrap's columns only where it was used. */
		if (sp.se != RCT_SE_WILD)
			keep &= ~(7u << 27);
		/* The note only where a count is suppressed or rows left out.
		 */
		if (!any_hidden)
			keep &= ~(1u << 30);
		rct_table_keep(t, keep);
		out->table = t;
		out->estimates = e;
		out->nestimates = rows;
		t = NULL;
		e = NULL;
	}
out:
	for (a = 0; lo && a < narms; a++)
		rct_effects_plan_left_out_release(&lo[a]);
	free(lo);
	free(comparison);
	free(e);
	free(p);
	free(holm);
	free(bh);
	free(is_itt);
	free(published);
	free(hidden);
	rct_table_free(t);
	return rc;
}

int
rct_effects_plan_store(struct rct_effects *out, struct rct_store *s)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	struct rct_effects_plan pl;
	struct rct_dataset *d = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rct_effects_plan_init(&pl);
	if ((rc = rct_effects_plan_protocol(&pl, p)) == 0 &&
	    (rc = rct_store_data_read_allocated(s, &d)) == 0)
		rc = rct_effects_plan_table(out, d, &pl, p);
	/* The estimates point into the dataset: the table alone. */
	free(out->estimates);
	out->estimates = NULL;
	out->nestimates = 0;
	rct_dataset_free(d);
	rct_effects_plan_release(&pl);
	return rc;
}

void
rct_effects_plan_results_release(struct rct_effects *r)
{
	if (r == NULL)
		return;
	rct_table_free(r->table);
	free(r->estimates);
	memset(r, 0, sizeof(*r));
}
