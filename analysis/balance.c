/* Baseline balance (balance.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "balance.h"
#include "columns.h"
#include "error.h"
#include "rss.h"
#include "table1.h"

#define MAX_VARIABLES 256

struct arms {
	const struct rct_column *arm;
	int treat, control;
};

/* 1 treated, 0 control, -1 another arm or none. */
static int
arm_of(const struct arms *a, size_t i)
{
	int32_t c = a->arm->code[i];

	return c == a->treat ? 1 : c == a->control ? 0 : -1;
}

static double
std_diff(double mt, double mc, double vt, double vc)
{
	double s = sqrt((vt + vc) / 2);

	return s > 0 ? (mt - mc) / s : NAN;
}

static int
add_row(struct rct_balance *b, const struct rct_balance_row *r)
{
	struct rct_balance_row *grown =
	    realloc(b->rows, (b->nrows + 1) * sizeof(*grown));

	if (grown == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	b->rows = grown;
	b->rows[b->nrows++] = *r;
	return 0;
}

/* The suppression flags of grid row r for the two arms compared. */
static void
flags_of(const struct arms *a, const unsigned char *flags, size_t r, int *treat,
    int *control)
{
	size_t cols = a->arm->nlevels + 1;

	*treat = flags[r * cols + (size_t)a->treat];
	*control = flags[r * cols + (size_t)a->control];
}

static int
number_row(struct rct_balance *b, const struct arms *a,
    const struct rct_column *c, size_t n, int min_cell)
{
	unsigned char *flags;
	size_t rows;
	int rc;
	struct rct_balance_row r;
	double sum[2] = {0, 0}, ss[2] = {0, 0}, m[2], v[2];
	long k[2] = {0, 0}, miss[2] = {0, 0};
	size_t i;
	int g;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < n; i++)
		if ((g = arm_of(a, i)) >= 0) {
			if (isnan(c->num[i]))
				miss[g]++;
			else {
				sum[g] += c->num[i];
				k[g]++;
			}
		}
	for (g = 0; g < 2; g++)
		m[g] = k[g] ? sum[g] / (double)k[g] : NAN;
	for (i = 0; i < n; i++)
		if ((g = arm_of(a, i)) >= 0 && !isnan(c->num[i]))
			ss[g] += (c->num[i] - m[g]) * (c->num[i] - m[g]);
	for (g = 0; g < 2; g++)
		v[g] = k[g] > 1 ? ss[g] / (double)(k[g] - 1) : NAN;
	r.variable = c->name;
	r.n_treat = k[1];
	r.n_control = k[0];
	r.missing_treat = miss[1];
	r.missing_control = miss[0];
	r.mean_treat = m[1];
	r.mean_control = m[0];
	r.sd_treat = sqrt(v[1]);
	r.sd_control = sqrt(v[0]);
	r.std_diff = std_diff(m[1], m[0], v[1], v[0]);
	if ((rc = rct_table1_variable_suppress(a->arm, c, n, min_cell, 0,
		 &flags, NULL, &rows)) != 0)
		return rc;
	flags_of(a, flags, 0, &r.suppressed_treat, &r.suppressed_control);
	flags_of(a, flags, 1, &r.missing_suppressed_treat,
	    &r.missing_suppressed_control);
	free(flags);
	b->joint_hidden |=
	    r.missing_suppressed_treat || r.missing_suppressed_control;
	return add_row(b, &r);
}

static int
level_rows(struct rct_balance *b, const struct arms *a,
    const struct rct_column *c, size_t n, int min_cell)
{
	long *count = calloc(2 * c->nlevels + 1, sizeof(long)), k[2] = {0, 0};
	long miss[2] = {0, 0};
	struct rct_balance_row r;
	unsigned char *flags = NULL;
	size_t i, l, rows;
	int g, rc = 0, mt, mc;

	if (count == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if ((rc = rct_table1_variable_suppress(a->arm, c, n, min_cell, 0,
		 &flags, NULL, &rows)) != 0) {
		free(count);
		return rc;
	}
	flags_of(a, flags, c->nlevels, &mt, &mc);
	b->joint_hidden |= mt || mc;
	for (i = 0; i < n; i++)
		if ((g = arm_of(a, i)) >= 0) {
			if (c->code[i] < 0)
				miss[g]++;
			else {
				count[2 * (size_t)c->code[i] + (size_t)g]++;
				k[g]++;
			}
		}
	for (l = 0; rc == 0 && l < c->nlevels; l++) {
		double p1 =
		    k[1] ? (double)count[2 * l + 1] / (double)k[1] : NAN;
		double p0 = k[0] ? (double)count[2 * l] / (double)k[0] : NAN;

		memset(&r, 0, sizeof(r));
		r.variable = c->name;
		r.level = c->levels[l];
		r.n_treat = count[2 * l + 1];
		r.n_control = count[2 * l];
		r.missing_treat = miss[1];
		r.missing_control = miss[0];
		r.mean_treat = p1;
		r.mean_control = p0;
		r.sd_treat = sqrt(p1 * (1 - p1));
		r.sd_control = sqrt(p0 * (1 - p0));
		r.std_diff = std_diff(p1, p0, p1 * (1 - p1), p0 * (1 - p0));
		flags_of(a, flags, l, &r.suppressed_treat,
		    &r.suppressed_control);
		r.missing_suppressed_treat = mt;
		r.missing_suppressed_control = mc;
		r.share_hidden_treat = r.suppressed_treat || mt;
		r.share_hidden_control = r.suppressed_control || mc;
		r.suppressed = r.share_hidden_treat || r.share_hidden_control;
		b->any_suppressed |= r.suppressed;
		rc = add_row(b, &r);
	}
	free(count);
	free(flags);
	return rc;
}

static int
joint_test(struct rct_balance *b, const struct arms *a,
    const struct rct_column *const *cols, size_t ncols, size_t n)
{
	size_t *rows = malloc((n + 1) * sizeof(size_t)), i, c, m = 0;
	double *z = malloc((n + 1) * sizeof(double));
	struct rct_error_held quiet = {NULL, 0, 0, 0};
	struct rct_rss r;
	int rc = 0;

	if (rows == NULL || z == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		int g = arm_of(a, i);

		if (g < 0)
			continue;
		for (c = 0; c < ncols; c++)
			if (rct_columns_missing(cols[c], i))
				break;
		if (c < ncols)
			continue;
		rows[m] = i;
		z[m++] = g;
	}
	b->n_joint = (long)m;
	/* The arm on the variables: an F test of all but the intercept. */
	rct_error_hold(&quiet); /* too few rows: nothing to test */
	rc = ncols == 0 ? -1 : rct_rss(z, NULL, cols, ncols, rows, m, &r);
	rct_error_hold(NULL);
	rct_error_release(&quiet, rc == RCT_ENOMEM);
	if (rc != 0) {
		rc = rc == RCT_ENOMEM ? rc : 0; /* df1 stays 0 */
		goto out;
	}
	b->df1 = (double)r.rank - 1;
	b->df2 = (double)m - (double)r.rank;
	if (b->df1 > 0 && b->df2 > 0 && r.rss > 0) {
		b->f = ((r.tss - r.rss) / b->df1) / (r.rss / b->df2);
		b->p_value = gsl_cdf_fdist_Q(b->f, b->df1, b->df2);
	} else
		b->df1 = 0;
out:
	free(rows);
	free(z);
	return rc;
}

int
rct_balance(struct rct_dataset *d, const struct rct_balance_spec *spec,
    struct rct_balance *out)
{
	const struct rct_column *cols[MAX_VARIABLES];
	struct rct_column *armcol;
	struct arms a;
	size_t v, i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (spec->nvariables > MAX_VARIABLES)
		return rct_error(RCT_EINVAL, "at most %d variables",
		    MAX_VARIABLES);
	if ((armcol = rct_columns_need(d, spec->arm, "arm")) == NULL)
		return RCT_EINVAL;
	for (v = 0; v < spec->nvariables; v++) {
		if ((cols[v] = rct_columns_need(d, spec->variables[v],
			 "baseline variables")) == NULL)
			return RCT_EINVAL;
		if ((rc = rct_columns_covariate_check(d, cols[v],
			 spec->factor && spec->factor[v])) != 0)
			return rc;
	}
	if ((rc = rct_columns_arms_resolve(d, armcol, spec->treat,
		 spec->control, &a.treat, &a.control)) != 0)
		return rc;
	a.arm = armcol;
	out->treat = armcol->levels[a.treat];
	out->control = armcol->levels[a.control];
	for (i = 0; i < d->n; i++) {
		int g = arm_of(&a, i);

		out->n_treat += g == 1;
		out->n_control += g == 0;
	}
	for (v = 0; v < spec->nvariables; v++) {
		rc = cols[v]->kind == RCT_COLUMN_NUMBER ?
		    number_row(out, &a, cols[v], d->n, spec->min_cell) :
		    level_rows(out, &a, cols[v], d->n, spec->min_cell);
		if (rc != 0)
			goto fail;
	}
	if ((rc = joint_test(out, &a, cols, spec->nvariables, d->n)) != 0)
		goto fail;
	if (spec->nvariables == 1 && out->any_suppressed)
		out->joint_hidden = 1;
	return 0;
fail:
	rct_balance_release(out);
	return rc;
}

void
rct_balance_release(struct rct_balance *b)
{
	free(b->rows);
	memset(b, 0, sizeof(*b));
}
