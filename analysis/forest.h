/*
 * The forest plot of the HTML report: the primary outcome's effect by the
 * protocol's pre-specified estimator (its errors, its covariates, as
 * analysis effects computes it), overall and within each site, on one
 * axis with ticks; every site, however many.  A site with fewer than
 * min_cell people in an arm is listed without its figures, and the sites'
 * n, which add up to the overall n, are suppressed with their complements
 * (suppress.h) so that a hidden site's n does not follow from the others.
 */
#ifndef RCT_FOREST_H
#define RCT_FOREST_H

#include <stdio.h>

#include "store.h"

struct rct_forest_row {
	char label[80];
	double est, lo, hi;
	long n;
	int shown; /* the estimate and interval */
	int n_hidden; /* the n is suppressed */
	int left_out; /* not shown: the site's arm was fixed (effects_plan.h) */
};

struct rct_forest {
	const char *outcome, *estimator, *se_type;
	struct rct_forest_row *rows; /* overall first, then the sites */
	size_t nrows;
	int min_cell;
};

int rct_forest(struct rct_store *s, struct rct_forest *out);
void rct_forest_release(struct rct_forest *f);

/* The plot as an SVG element (for an HTML page). */
void rct_forest_svg(const struct rct_forest *f, FILE *fp);

#endif
