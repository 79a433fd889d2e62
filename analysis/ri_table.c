/*
 * The randomization inference table (ri_table.h): per arm compared and
 * outcome the sharp-null p-value with its Monte Carlo error and the
 * Westfall-Young adjusted one, for analysis ri and the report.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "defaults.h"
#include "effects_plan.h"
#include "error.h"
#include "ri.h"
#include "ri_store.h"
#include "ri_table.h"
#include "store_data.h"
#include "text.h"

#define NCOLS 14

static int
add_row(struct rct_table *t, const char *outcome, const char *treat,
    const char *control, const struct rct_ri_result *r, int use_t,
    const char *note)
{
	char num[6][32], count[4][24];
	const char *cells[NCOLS];
	const double x[6] = {r->estimate, r->statistic, r->p_value, r->mc_error,
	    r->p_westfall_young, 0};
	const long c[4] = {r->n_treat, r->n_control, r->draws, r->extreme};
	size_t i;

	for (i = 0; i < 5; i++)
		rct_text_format_cell(num[i], x[i]);
	for (i = 0; i < 4; i++)
		snprintf(count[i], sizeof(count[i]), "%ld", c[i]);
	cells[0] = outcome;
	cells[1] = treat;
	cells[2] = control;
	cells[3] = use_t ? "welch_t" : "difference_in_means";
	cells[4] = num[0];
	cells[5] = num[1];
	cells[6] = count[0];
	cells[7] = count[1];
	cells[8] = count[2];
	cells[9] = count[3];
	cells[10] = num[2];
	cells[11] = num[3];
	cells[12] = num[4];
	cells[13] = note;
	return rct_table_add(t, cells);
}

int
rct_ri_table(struct rct_table **out, struct rct_dataset *d, struct rct_store *s,
    const struct rct_protocol *p, const struct rct_ri_table_spec *x)
{
	static const char *const cols[NCOLS] = {"outcome", "treat", "control",
	    "statistic", "estimate", "t", "n_treat", "n_control", "draws",
	    "as_extreme", "p_value", "mc_error", "p_westfall_young", "note"};
	struct rct_table *t = NULL;
	struct rct_ri_store *plan = NULL;
	struct rct_ri_permutation *perm = NULL;
	struct rct_ri_result *res = NULL;
	struct rct_ri_design design;
	const double **y = NULL;
	double *kept = NULL; /* the outcomes, NaN where left out */
	struct rct_left_out lo;
	char note[640], prob_treat[RCT_STORE_DATA_PROB_MAX],
	    prob_control[RCT_STORE_DATA_PROB_MAX];
	int8_t *z = NULL;
	size_t i, k, next = 0;
	struct rct_column *arm, *c;
	const char *checked_note = "", *compare;
	int treat, control, checked, rc = 0;

	memset(&lo, 0, sizeof(lo));

	*out = NULL;
	if ((t = rct_table_new(NCOLS, cols)) == NULL ||
	    (z = malloc(d->n + 1)) == NULL ||
	    (y = calloc(x->noutcomes + 1, sizeof(*y))) == NULL ||
	    (res = calloc(x->noutcomes + 1, sizeof(*res))) == NULL ||
	    (s &&
		(kept = calloc(x->noutcomes * d->n + 1, sizeof(double))) ==
		    NULL)) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 4; i < 13; i++)
		rct_table_set_numeric(t, i);
	for (i = 0; i < x->noutcomes; i++) {
		if ((c = rct_columns_need(d, x->outcomes[i], "outcome")) ==
		    NULL) {
			rc = RCT_EINVAL;
			goto out;
		}
		if ((rc = rct_dataset_require_number(d, c)) != 0)
			goto out;
		y[i] = c->num;
	}
	if ((arm = rct_columns_need(d, x->arm, "arm")) == NULL) {
		rc = RCT_EINVAL;
		goto out;
	}
	if (s && (rc = rct_ri_store_new(&plan, s, d, arm, &checked)) == 0)
		checked_note = checked ?
		    "re-draws checked: the trial's secret gives back its "
		    "allocation" :
		    "re-draws not checked: no secret at hand";
	while (rc == 0 &&
	    (compare = rct_defaults_next_arm(p, x->treat, x->control, &next)) !=
		NULL) {
		if ((rc = rct_columns_arms_resolve(d, arm, compare, x->control,
			 &treat, &control)) != 0)
			break;
		for (i = 0; i < d->n; i++)
			z[i] = arm->code[i] == treat ? 1 :
			    arm->code[i] == control  ? 0 :
						       -1;
		snprintf(note, sizeof(note), "%s", checked_note);
		if (plan) {
			/*
			 * As effects: those whose arm was fixed (a lottery
			 * site that offered everyone a place, the same in
			 * every re-draw) are left out, with the note.
			 */
			rct_effects_plan_left_out_release(&lo);
			rct_store_data_prob_column(prob_treat, compare);
			rct_store_data_prob_column(prob_control, x->control);
			if ((rc = rct_effects_plan_left_out(&lo, d, x->arm,
				 compare, x->control, "stratum", 0, prob_treat,
				 prob_control)) != 0)
				break;
			for (k = 0; k < x->noutcomes; k++) {
				c = rct_dataset_column(d, x->outcomes[k]);
				for (i = 0; i < d->n; i++)
					kept[k * d->n + i] =
					    lo.row[i] ? NAN : c->num[i];
				y[k] = kept + k * d->n;
			}
			if (lo.n > 0)
				snprintf(note, sizeof(note), "%s; %s",
				    checked_note, lo.note);
			rct_ri_store_design(plan, compare, x->control, &design);
			rc = rct_ri(y, x->noutcomes, d->n, z, &design, x->draws,
			    x->seed, x->use_t, res);
		} else {
			struct rct_column *st =
			    x->strata ? rct_dataset_column(d, x->strata) : NULL;
			struct rct_column *cl = x->cluster ?
			    rct_dataset_column(d, x->cluster) :
			    NULL;

			rct_ri_permutation_free(perm);
			perm = NULL;
			if ((rc = rct_ri_permutation_new(&perm, z,
				 st ? st->code : NULL, cl ? cl->code : NULL,
				 d->n)) == 0) {
				rct_ri_permutation_design(&design, perm);
				rc = rct_ri(y, x->noutcomes, d->n, z, &design,
				    x->draws, x->seed, x->use_t, res);
			}
		}
		for (i = 0; rc == 0 && i < x->noutcomes; i++)
			rc = add_row(t, x->outcomes[i], arm->levels[treat],
			    arm->levels[control], &res[i], x->use_t, note);
	}
	if (rc == 0) {
		*out = t;
		t = NULL;
	}
out:
	rct_effects_plan_left_out_release(&lo);
	free(kept);
	rct_ri_permutation_free(perm);
	rct_ri_store_free(plan);
	free(res);
	free(y);
	free(z);
	rct_table_free(t);
	return rc;
}

int
rct_ri_table_store(struct rct_table **out, struct rct_store *s, long draws,
    unsigned long long seed)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	struct rct_ri_table_spec x;
	struct rct_dataset *d = NULL;
	char **outcomes = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	memset(&x, 0, sizeof(x));
	x.arm = "arm";
	x.control = rct_protocol_control_arm(p);
	x.draws = draws;
	x.seed = seed;
	if ((rc = rct_defaults_outcomes(p, &outcomes, &n)) == 0 &&
	    (rc = rct_store_data_read_allocated(s, &d)) == 0) {
		x.outcomes = outcomes;
		x.noutcomes = n;
		rc = rct_ri_table(out, d, s, p, &x);
	}
	rct_dataset_free(d);
	rct_text_list_free(outcomes, n);
	return rc;
}
