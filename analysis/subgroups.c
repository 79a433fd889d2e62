/*
 * Subgroup effects (subgroups.h): the effect within each level of a
 * baseline factor, the test that it is the same in every level, and the
 * suppression of the subgroups' small counts, for analysis subgroups and
 * the report.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defaults.h"
#include "error.h"
#include "store_data.h"
#include "subgroups.h"
#include "suppress.h"
#include "text.h"

#define NCOLS 21

struct row {
	const char *level; /* NULL: the interaction test */
	const char *control; /* the comparison arm's level */
	const struct rct_estimate *e;
	const struct rct_wald *w;
	const char *reason; /* not estimable: why */
	int suppressed;
};

static int
add_row(struct rct_table *t, const char *by, const char *outcome,
    const char *treat, const struct row *r, int min_cell)
{
	char num[11][32], count[3][24], note[64];
	const char *cells[NCOLS];
	size_t i;

	memset(cells, 0, sizeof(cells));
	for (i = 0; i < 11; i++)
		num[i][0] = '\0';
	cells[0] = outcome;
	cells[1] = treat;
	cells[2] = r->control;
	cells[3] = by;
	cells[4] = r->level ? r->level : "interaction test";
	if (r->reason) {
		cells[20] = r->reason;
	} else if (r->e) {
		const struct rct_estimate *e = r->e;
		const double x[7] = {e->estimate, e->std_error, e->df,
		    e->statistic, e->p_value, e->conf_low, e->conf_high};
		const long c[3] = {e->n, e->n_treat, e->n_control};

		cells[5] = e->estimator;
		cells[6] = e->se_type;
		for (i = 0; i < 7; i++) {
			rct_text_format_cell(num[i],
			    r->suppressed ? NAN : x[i]);
			cells[7 + i] = num[i];
		}
		for (i = 0; i < 3; i++) {
			snprintf(count[i], sizeof(count[i]), "%ld", c[i]);
			cells[14 + i] = r->suppressed ? "" : count[i];
		}
		snprintf(note, sizeof(note),
		    "fewer than %d, or would reveal one: suppressed", min_cell);
		cells[20] = r->suppressed ? note : "";
	} else {
		rct_text_format_cell(num[7], r->w->statistic);
		rct_text_format_cell(num[8], r->w->df1);
		rct_text_format_cell(num[9], r->w->df2);
		rct_text_format_cell(num[10], r->w->p_value);
		snprintf(count[0], sizeof(count[0]), "%ld", r->w->n);
		cells[14] = count[0];
		cells[17] = num[7];
		cells[18] = num[8];
		cells[19] = num[9];
		cells[11] = num[10];
	}
	return rct_table_add(t, cells);
}

/*
 * Which subgroups' counts to suppress.  Their analysed counts by arm are a
 * table: its columns add up to the whole analysis's n_treat and n_control
 * (the effects table publishes them: fixed), its rows to each subgroup's
 * n, and those to the interaction test's n (printed: fixed); a subgroup
 * that could not be estimated shows no counts (unknown to the reader).
 * A subgroup with any count suppressed shows no figures at all (its df
 * and errors would give n back).
 */
static int
suppress_levels(const struct rct_estimate *e, const int *ok, size_t nl,
    const struct rct_estimate *whole, const struct rct_wald *w, int have_w,
    int min_cell, unsigned char *hidden)
{
	struct rct_cells c;
	size_t *parts = malloc((2 * nl + 2) * sizeof(size_t)), l, g, total;
	size_t *cell = malloc((3 * nl + 1) * sizeof(size_t));
	long sum[2] = {0, 0}, all = 0;
	int rc = 0, complete = 1;

	rct_suppress_cells_init(&c);
	if (parts == NULL || cell == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (l = 0; rc == 0 && l < nl; l++) {
		long v[2] = {ok[l] ? e[l].n_treat : -1,
		    ok[l] ? e[l].n_control : -1};

		complete &= ok[l];
		for (g = 0; rc == 0 && g < 2; g++) {
			rc = rct_suppress_cells_add(&c, v[g], 0,
			    &cell[3 * l + g]);
			sum[g] += v[g];
		}
		if (rc == 0)
			rc = rct_suppress_cells_add(&c, ok[l] ? e[l].n : -1, 0,
			    &cell[3 * l + 2]);
		all += ok[l] ? e[l].n : 0;
		if (rc == 0 && (!ok[l] || e[l].n == v[0] + v[1]))
			rc = rct_suppress_cells_sum(&c, cell[3 * l + 2],
			    &cell[3 * l], 2);
	}
	/* The columns, when the subgroups cover the whole analysis. */
	for (g = 0; rc == 0 && g < 2; g++) {
		long want = g == 0 ? whole->n_treat : whole->n_control;

		if (complete && sum[g] != want)
			continue;
		for (l = 0; l < nl; l++)
			parts[l] = cell[3 * l + g];
		if ((rc = rct_suppress_cells_add(&c, want, 1, &total)) == 0)
			rc = rct_suppress_cells_sum(&c, total, parts, nl);
	}
	if (rc == 0 && have_w && (!complete || all == w->n)) {
		for (l = 0; l < nl; l++)
			parts[l] = cell[3 * l + 2];
		if ((rc = rct_suppress_cells_add(&c, w->n, 1, &total)) == 0)
			rc = rct_suppress_cells_sum(&c, total, parts, nl);
	}
	if (rc == 0)
		rc = rct_suppress_cells(&c, min_cell);
	for (l = 0; rc == 0 && l < nl; l++)
		hidden[l] = ok[l] &&
		    (c.suppressed[cell[3 * l]] ||
			c.suppressed[cell[3 * l + 1]] ||
			c.suppressed[cell[3 * l + 2]]);
out:
	rct_suppress_cells_release(&c);
	free(parts);
	free(cell);
	return rc;
}

/* Every level of by, then the interaction test, for one outcome. */
static int
subgroups(struct rct_table *t, struct rct_dataset *d,
    struct rct_effect_spec *sp, const char *by, int min_cell)
{
	struct rct_column *c = rct_dataset_column(d, by);
	struct rct_estimate whole, *e = NULL;
	struct rct_wald w;
	struct row r;
	const char *control = sp->control;
	char(*reason)[512] = NULL, why[512];
	unsigned char *hidden = NULL;
	int *ok = NULL, have_w;
	size_t l;
	int rc = 0;

	if (c == NULL)
		return rct_error(RCT_EINVAL, "%s: no column '%s' for --by",
		    d->source, by);
	if (c->kind != RCT_COLUMN_CATEGORY)
		return rct_error(RCT_EINVAL,
		    "%s: column '%s' holds numbers: subgroups need categories",
		    d->source, by);
	if (c->nlevels < 2 || c->nlevels > RCT_SUBGROUPS_MAX)
		return rct_error(RCT_EINVAL,
		    "%s: column '%s' has %zu levels: subgroups need 2 to %d",
		    d->source, by, c->nlevels, RCT_SUBGROUPS_MAX);
	/*
	 * What fails on the whole dataset (a usage error, an outcome that
	 * is not binary) is no one level's fault: it ends the command.
	 */
	{
		struct rct_error_held held = {NULL, 0, 0, 0};

		sp->subset = NULL;
		rct_error_hold(&held);
		rc = rct_effects_estimate(d, sp, &whole);
		rct_error_hold(NULL);
		rct_error_release(&held, rc != 0);
		if (rc != 0)
			return rc;
	}
	e = calloc(c->nlevels, sizeof(*e));
	reason = calloc(c->nlevels, sizeof(*reason));
	ok = calloc(c->nlevels, sizeof(int));
	hidden = calloc(c->nlevels, 1);
	if (e == NULL || reason == NULL || ok == NULL || hidden == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	sp->subset = by;
	for (l = 0; rc == 0 && l < c->nlevels; l++) {
		struct rct_error_held held = {NULL, 0, 0, 0};

		sp->subset_level = c->levels[l];
		/*
		 * A level that cannot be estimated (an arm missing, too few
		 * people) is a row saying why, not the end of the table.
		 */
		rct_error_hold(&held);
		rc = rct_effects_estimate(d, sp, &e[l]);
		rct_error_hold(NULL);
		if (rc == RCT_EINVAL && held.n > 0) {
			snprintf(reason[l], sizeof(reason[l]),
			    "not estimable: %s", held.messages[held.n - 1]);
			free(held.messages[--held.n]);
			rct_error_release(&held, 1);
			rc = 0;
			continue;
		}
		rct_error_release(&held, 1);
		ok[l] = rc == 0;
	}
	sp->subset = NULL;
	if (rc != 0)
		goto out;
	{
		struct rct_error_held held = {NULL, 0, 0, 0};

		rct_error_hold(&held);
		rc = rct_effects_interaction(d, sp, by, &w);
		rct_error_hold(NULL);
		have_w = rc == 0;
		/* Not computable (a subgroup too small): a row says why. */
		if (rc == RCT_EINVAL && held.n > 0) {
			snprintf(why, sizeof(why), "not estimable: %s",
			    held.messages[held.n - 1]);
			rc = 0;
		}
		rct_error_release(&held, 1);
		if (rc != 0)
			goto out;
	}
	if ((rc = suppress_levels(e, ok, c->nlevels, &whole, &w, have_w,
		 min_cell, hidden)) != 0)
		goto out;
	for (l = 0; rc == 0 && l < c->nlevels; l++) {
		memset(&r, 0, sizeof(r));
		r.level = c->levels[l];
		if (!ok[l]) {
			r.control = control;
			r.reason = reason[l];
		} else {
			r.control = control = e[l].control;
			r.e = &e[l];
			r.suppressed = hidden[l];
		}
		rc = add_row(t, by, sp->outcome, sp->treat, &r, min_cell);
	}
	if (rc == 0) {
		memset(&r, 0, sizeof(r));
		r.control = control;
		if (have_w)
			r.w = &w;
		else
			r.reason = why;
		rc = add_row(t, by, sp->outcome, sp->treat, &r, min_cell);
	}
out:
	free(e);
	free(reason);
	free(ok);
	free(hidden);
	return rc;
}

int
rct_subgroups_table(struct rct_table **out, struct rct_dataset *d,
    const struct rct_protocol *p, const struct rct_subgroups_spec *s)
{
	static const char *const cols[NCOLS] = {"outcome", "treat", "control",
	    "by", "level", "estimator", "se_type", "estimate", "std_error",
	    "df", "statistic", "p_value", "conf_low", "conf_high", "n",
	    "n_treat", "n_control", "f_statistic", "df1", "df2", "note"};
	struct rct_effect_spec sp = s->effect;
	struct rct_table *t;
	size_t i, a = 0;
	const char *treat;
	int rc = 0;

	*out = NULL;
	/* HC2 unless said, for the estimators that take errors. */
	if (!sp.se_given) {
		sp.se = RCT_SE_HC2;
		sp.se_given =
		    sp.estimator >= RCT_EST_OLS && sp.estimator <= RCT_EST_IV;
	}
	if ((t = rct_table_new(NCOLS, cols)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 7; i < 20; i++)
		rct_table_set_numeric(t, i);
	while (rc == 0 &&
	    (treat = rct_defaults_next_arm(p, s->effect.treat,
		 s->effect.control, &a)) != NULL)
		for (i = 0; rc == 0 && i < s->noutcomes; i++) {
			sp.treat = treat;
			sp.outcome = s->outcomes[i];
			rc = subgroups(t, d, &sp, s->by, s->min_cell);
		}
	if (rc != 0) {
		rct_table_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

int
rct_subgroups_store(struct rct_table **out, struct rct_store *s, const char *by)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	struct rct_subgroups_spec sg;
	struct rct_dataset *d = NULL;
	char **outcomes = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	memset(&sg, 0, sizeof(sg));
	sg.effect.alpha = 0.05;
	sg.effect.estimator = RCT_EST_OLS;
	sg.effect.arm = "arm";
	sg.effect.control = rct_protocol_control_arm(p);
	sg.by = by;
	sg.min_cell = rct_defaults_min_cell(p);
	if ((rc = rct_defaults_outcomes(p, &outcomes, &n)) == 0 &&
	    (rc = rct_store_data_read_allocated(s, &d)) == 0) {
		sg.outcomes = outcomes;
		sg.noutcomes = n;
		rc = rct_subgroups_table(out, d, p, &sg);
	}
	rct_dataset_free(d);
	rct_text_list_free(outcomes, n);
	return rc;
}
