/* The report's forest plot (forest.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "defaults.h"
#include "effects.h"
#include "effects_plan.h"
#include "error.h"
#include "forest.h"
#include "ols.h"
#include "protocol.h"
#include "store_data.h"
#include "suppress.h"
#include "table.h"

/*
 * The protocol's primary analysis, as analysis effects runs it from a
 * store (effects_plan.c, rct_effects_plan_protocol), of the primary
 * outcome, the arm that is not the control arm against it (in a lottery
 * the control arm is the offer not made: rct_protocol_control_arm).
 */
static int
primary_plan(const struct rct_protocol *p, struct rct_effects_plan *pl)
{
	char *primary = p->primary;
	size_t i = 0;
	int rc;

	rct_effects_plan_init(pl);
	if ((rc = rct_effects_plan_outcomes(pl, &primary, 1)) != 0 ||
	    (rc = rct_effects_plan_protocol(pl, p)) != 0)
		return rc;
	pl->spec.outcome = pl->outcomes[0];
	pl->spec.treat = rct_defaults_next_arm(p, NULL, pl->spec.control, &i);
	if (pl->prob_allocation) {
		rct_store_data_prob_column(pl->prob_treat, pl->spec.treat);
		rct_store_data_prob_column(pl->prob_control, pl->spec.control);
		pl->spec.prob = pl->prob_treat;
		pl->spec.prob_control = pl->prob_control;
	}
	return 0;
}

static int
add_row(struct rct_forest *f, const char *label, const struct rct_estimate *e,
    int shown)
{
	struct rct_forest_row *grown =
	    realloc(f->rows, (f->nrows + 1) * sizeof(*grown));
	struct rct_forest_row *r;

	if (grown == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	f->rows = grown;
	r = &f->rows[f->nrows++];
	memset(r, 0, sizeof(*r));
	snprintf(r->label, sizeof(r->label), "%s", label);
	r->shown = shown;
	if (e) {
		r->est = e->estimate;
		r->lo = e->conf_low;
		r->hi = e->conf_high;
		r->n = e->n;
	}
	return 0;
}

/* The sites' n add up to the overall n (published): suppress them so. */
static int
suppress_n(struct rct_forest *f)
{
	struct rct_cells c;
	size_t *parts = malloc((f->nrows + 1) * sizeof(size_t)), i, total;
	int rc = 0;

	rct_suppress_cells_init(&c);
	if (parts == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 1; rc == 0 && i < f->nrows; i++)
		rc = rct_suppress_cells_add(&c,
		    f->rows[i].shown ? f->rows[i].n : -1, 0, &parts[i - 1]);
	if (rc == 0 &&
	    (rc = rct_suppress_cells_add(&c, f->rows[0].n, 1, &total)) == 0)
		rc = rct_suppress_cells_sum(&c, total, parts, f->nrows - 1);
	if (rc == 0)
		rc = rct_suppress_cells(&c, f->min_cell);
	for (i = 1; rc == 0 && i < f->nrows; i++)
		f->rows[i].n_hidden =
		    !f->rows[i].shown || c.suppressed[parts[i - 1]];
out:
	free(parts);
	rct_suppress_cells_release(&c);
	return rc;
}

int
rct_forest(struct rct_store *s, struct rct_forest *out)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	struct rct_effects_plan pl;
	struct rct_effect_spec *sp = &pl.spec;
	struct rct_dataset *d = NULL;
	struct rct_estimate e;
	struct rct_left_out lo;
	struct rct_column *site;
	char label[80];
	size_t l, i;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&lo, 0, sizeof(lo));
	out->min_cell = p->min_cell > 0 ? p->min_cell : 5;
	if (p->primary == NULL || p->narms != 2)
		return rct_error(RCT_EINVAL,
		    "a forest plot needs a primary outcome and two arms");
	if ((rc = primary_plan(p, &pl)) != 0 ||
	    (rc = rct_store_data_read(s, &d)) != 0)
		goto out;
	/* A site left out of effects is left out here too (no row). */
	if ((rc = rct_effects_plan_left_out(&lo, d, sp->arm, sp->treat,
		 sp->control, sp->strata ? sp->strata : "stratum",
		 sp->estimator == RCT_EST_BLOCKED,
		 pl.prob_allocation ? sp->prob : NULL,
		 pl.prob_allocation ? sp->prob_control : NULL)) != 0)
		goto out;
	sp->left_out = lo.row;
	if ((rc = rct_effects_estimate(d, sp, &e)) != 0)
		goto out;
	out->outcome = p->primary;
	out->estimator = e.estimator;
	out->se_type = e.se_type;
	if ((rc = add_row(out, "All sites", &e, 1)) != 0)
		goto out;
	site = rct_dataset_column(d, "site");
	sp->subset = "site";
	for (l = 0; site && l < site->nlevels; l++) {
		struct rct_error_held quiet = {NULL, 0, 0, 0};
		int ok;

		sp->subset_level = site->levels[l];
		snprintf(label, sizeof(label), "Site %s", site->levels[l]);
		rct_error_hold(&quiet); /* a site too small: not shown */
		ok = rct_effects_estimate(d, sp, &e) == 0;
		rct_error_hold(NULL);
		rct_error_release(&quiet, 1);
		ok = ok && e.n_treat >= out->min_cell &&
		    e.n_control >= out->min_cell && e.n_treat >= 2 &&
		    e.n_control >= 2;
		if ((rc = add_row(out, label, ok ? &e : NULL, ok)) != 0)
			goto out;
		for (i = 0; !ok && i < d->n; i++)
			if (lo.row[i] && site->code[i] == (int32_t)l)
				out->rows[out->nrows - 1].left_out = 1;
	}
	rc = suppress_n(out);
out:
	if (rc != 0)
		rct_forest_release(out);
	rct_effects_plan_left_out_release(&lo);
	rct_dataset_free(d);
	rct_effects_plan_release(&pl);
	return rc;
}

void
rct_forest_release(struct rct_forest *f)
{
	free(f->rows);
	memset(f, 0, sizeof(*f));
}

/* A step of 1, 2, 2.5 or 5 times a power of ten, near range / 5. */
static double
nice_step(double range, int *decimals)
{
	double raw = range / 5, p = pow(10, floor(log10(raw))), m = raw / p;
	double step = m < 1.5 ? 1 :
	    m < 2.25          ? 2 :
	    m < 3.5           ? 2.5 :
	    m < 7.5           ? 5 :
				10;

	step *= p;
	*decimals = (int)fmax(0, -floor(log10(step) + 1e-9));
	if (fabs(step * pow(10, *decimals) - round(step * pow(10, *decimals))) >
	    1e-6)
		(*decimals)++; /* 0.25, 2.5 */
	return step;
}

#define CHAR_PX 7.5 /* at 12 px, wide enough for digits and brackets */

void
rct_forest_svg(const struct rct_forest *f, FILE *fp)
{
	double lo = 0, hi = 0, scale, step, t, biggest = 0;
	int w = 900, left = 150, right, h, decimals, d, y;
	char text[160];
	size_t i, longest = 0;

	for (i = 0; i < f->nrows; i++)
		if (f->rows[i].shown) {
			lo = fmin(lo, f->rows[i].lo);
			hi = fmax(hi, f->rows[i].hi);
		}
	if (!(hi > lo))
		hi = lo + 1;
	step = nice_step(hi - lo, &decimals);
	lo = floor(lo / step) * step;
	hi = ceil(hi / step) * step;
	biggest = fmax(fabs(lo), fabs(hi));
	/* One number of decimals for every figure: three significant. */
	d = biggest > 0 ? 2 - (int)floor(log10(biggest)) : 2;
	if (d < 0)
		d = 0;
	if (d > 6)
		d = 6;
	for (i = 0; i < f->nrows; i++) {
		const struct rct_forest_row *r = &f->rows[i];

		snprintf(text, sizeof(text), "%.*f [%.*f, %.*f]  n = %ld", d,
		    r->est, d, r->lo, d, r->hi, r->n);
		if (r->shown && strlen(text) > longest)
			longest = strlen(text);
	}
	right = (int)(CHAR_PX * (double)(longest > 24 ? longest : 24)) + 20;
	scale = (double)(w - left - right - 10) / (hi - lo);
	h = 30 + 24 * (int)f->nrows + 50;
	fprintf(fp,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
	    "font-size=\"12\">\n",
	    w, h, w, h);
	/* The axis, its ticks and the line of no effect. */
	y = 30 + 24 * (int)f->nrows;
	fprintf(fp,
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
	    "stroke=\"#333\"/>\n",
	    left, y, left + (hi - lo) * scale, y);
	for (t = lo; t <= hi + step / 1e6; t += step) {
		double x = left + (t - lo) * scale;

		fprintf(fp,
		    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
		    "stroke=\"#333\"/>\n<text x=\"%.1f\" y=\"%d\" "
		    "text-anchor=\"middle\">%.*f</text>\n",
		    x, y, x, y + 5, x, y + 18, decimals,
		    fabs(t) < step / 1e6 ? 0.0 : t);
	}
	fprintf(fp,
	    "<line x1=\"%.1f\" y1=\"14\" x2=\"%.1f\" y2=\"%d\" "
	    "stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n",
	    left + (0 - lo) * scale, left + (0 - lo) * scale, y);
	fputs("<text x=\"", fp);
	fprintf(fp, "%.1f\" y=\"%d\" text-anchor=\"middle\">",
	    left + (hi - lo) * scale / 2, y + 36);
	rct_table_html_write(fp, f->estimator ? f->estimator : "");
	fputs(" estimate of the effect on ", fp);
	rct_table_html_write(fp, f->outcome ? f->outcome : "");
	fputs(" (0: no effect)</text>\n", fp);
	for (i = 0; i < f->nrows; i++) {
		const struct rct_forest_row *r = &f->rows[i];
		int yy = 30 + 24 * (int)i;

		fprintf(fp, "<text x=\"8\" y=\"%d\"%s>", yy + 4,
		    i == 0 ? " font-weight=\"bold\"" : "");
		rct_table_html_write(fp, r->label);
		fputs("</text>\n", fp);
		if (!r->shown && r->left_out) {
			fprintf(fp,
			    "<text x=\"%d\" y=\"%d\" fill=\"#777\">left out: "
			    "one arm only (probability 1 or 0), no "
			    "comparison</text>\n",
			    left, yy + 4);
			continue;
		}
		if (!r->shown) {
			fprintf(fp,
			    "<text x=\"%d\" y=\"%d\" fill=\"#777\">fewer than "
			    "%d in an arm: suppressed</text>\n",
			    left, yy + 4, f->min_cell);
			continue;
		}
		fprintf(fp,
		    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
		    "stroke=\"#333\" stroke-width=\"1.5\"/>\n"
		    "<rect x=\"%.1f\" y=\"%d\" width=\"8\" height=\"8\" "
		    "fill=\"%s\"/>\n",
		    left + (r->lo - lo) * scale, yy,
		    left + (r->hi - lo) * scale, yy,
		    left + (r->est - lo) * scale - 4, yy - 4,
		    i == 0 ? "#000" : "#555");
		if (r->n_hidden)
			snprintf(text, sizeof(text),
			    "%.*f [%.*f, %.*f]  n suppressed", d, r->est, d,
			    r->lo, d, r->hi);
		else
			snprintf(text, sizeof(text),
			    "%.*f [%.*f, %.*f]  n = %ld", d, r->est, d, r->lo,
			    d, r->hi, r->n);
		fprintf(fp, "<text x=\"%d\" y=\"%d\">", w - right + 10, yy + 4);
		rct_table_html_write(fp, text);
		fputs("</text>\n", fp);
	}
	fputs("</svg>\n", fp);
}
