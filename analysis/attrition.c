/* Attrition and Lee bounds (attrition.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "attrition.h"
#include "columns.h"
#include "error.h"

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
mean(const double *y, size_t from, size_t to)
{
	double s = 0;
	size_t i;

	for (i = from; i < to; i++)
		s += y[i];
	return s / (double)(to - from);
}

/* Lee bounds from the respondents' outcomes of each arm (sorted here). */
static void
lee(struct rct_attrition *a, double *yt, size_t mt, double *yc, size_t mc)
{
	int trim_treat = a->rate_treat >= a->rate_control;
	double *y = trim_treat ? yt : yc, other;
	size_t m = trim_treat ? mt : mc, k;
	double hi = trim_treat ? a->rate_treat : a->rate_control;
	double lo = trim_treat ? a->rate_control : a->rate_treat;
	double low_trim, high_trim;

	a->trim_share = (hi - lo) / hi;
	k = (size_t)floor(a->trim_share * (double)m + 1e-9);
	a->k = (long)k;
	a->trimmed = k > 0 ? (trim_treat ? a->treat : a->control) : NULL;
	qsort(y, m, sizeof(double), by_value);
	low_trim = mean(y, 0, m - k); /* the largest k dropped */
	high_trim = mean(y, k, m); /* the smallest k dropped */
	if (trim_treat) {
		other = mean(yc, 0, mc);
		a->lower = low_trim - other;
		a->upper = high_trim - other;
	} else {
		other = mean(yt, 0, mt);
		a->lower = other - high_trim;
		a->upper = other - low_trim;
	}
}

int
rct_attrition(struct rct_dataset *d, const char *arm, const char *treat,
    const char *control, const char *outcome, struct rct_attrition *out)
{
	struct rct_column *armcol, *y;
	double *yt = NULL, *yc = NULL, v1, v0;
	size_t i, mt = 0, mc = 0;
	int t, c, rc;

	memset(out, 0, sizeof(*out));
	out->outcome = outcome;
	if ((armcol = rct_columns_need(d, arm, "arm")) == NULL ||
	    (y = rct_columns_need(d, outcome, "outcome")) == NULL)
		return RCT_EINVAL;
	if ((rc = rct_dataset_require_number(d, y)) != 0 ||
	    (rc = rct_columns_arms_resolve(d, armcol, treat, control, &t,
		 &c)) != 0)
		return rc;
	out->treat = armcol->levels[t];
	out->control = armcol->levels[c];
	yt = malloc((d->n + 1) * sizeof(double));
	yc = malloc((d->n + 1) * sizeof(double));
	if (yt == NULL || yc == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < d->n; i++) {
		int g = armcol->code[i] == t ? 1 :
		    armcol->code[i] == c     ? 0 :
					       -1;

		if (g < 0)
			continue;
		if (g)
			out->n_treat++;
		else
			out->n_control++;
		if (isnan(y->num[i]))
			continue;
		if (g)
			yt[mt++] = y->num[i];
		else
			yc[mc++] = y->num[i];
	}
	if (out->n_treat < 2 || out->n_control < 2) {
		rc = rct_error(RCT_EINVAL,
		    "%s: arm '%s' has %ld randomized: too few to compare "
		    "response rates",
		    d->source, out->n_treat < 2 ? out->treat : out->control,
		    out->n_treat < 2 ? out->n_treat : out->n_control);
		goto out;
	}
	if (mt == 0 || mc == 0) {
		rc = rct_error(RCT_EINVAL,
		    "%s: nobody in arm '%s' has '%s': no bounds can be given",
		    d->source, mt == 0 ? out->treat : out->control, outcome);
		goto out;
	}
	out->responded_treat = (long)mt;
	out->responded_control = (long)mc;
	out->rate_treat = (double)mt / (double)out->n_treat;
	out->rate_control = (double)mc / (double)out->n_control;
	out->difference = out->rate_treat - out->rate_control;
	v1 = out->rate_treat * (1 - out->rate_treat) * (double)out->n_treat /
	    (double)(out->n_treat - 1);
	v0 = out->rate_control * (1 - out->rate_control) *
	    (double)out->n_control / (double)(out->n_control - 1);
	out->std_error =
	    sqrt(v1 / (double)out->n_treat + v0 / (double)out->n_control);
	out->df = (double)(out->n_treat + out->n_control - 2);
	out->p_value = out->std_error > 0 ?
	    2 *
		gsl_cdf_tdist_Q(fabs(out->difference / out->std_error),
		    out->df) :
	    NAN; /* everyone or no one responded in both arms */
	lee(out, yt, mt, yc, mc);
out:
	free(yt);
	free(yc);
	return rc;
}
