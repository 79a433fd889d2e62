/* Pilot feasibility (pilot.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "audit.h"
#include "columns.h"
#include "error.h"
#include "participant.h"
#include "pilot.h"
#include "protocol.h"
#include "register.h"
#include "rss.h"
#include "screening.h"
#include "site.h"
#include "store_data.h"
#include "text.h"

/* Days in an average month, for rates per month. */
#define MONTH 30.436875

int
rct_icc(const double *y, const int32_t *cluster, size_t n, double alpha,
    struct rct_icc *out)
{
	int32_t max = -1;
	double *sum, grand = 0, ssb = 0, ssw = 0, sumsq = 0, F, fl, fu;
	long *count, N = 0, k = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++)
		if (cluster[i] > max)
			max = cluster[i];
	sum = calloc((size_t)max + 2, sizeof(double));
	count = calloc((size_t)max + 2, sizeof(long));
	if (sum == NULL || count == NULL) {
		free(sum);
		free(count);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++)
		if (!isnan(y[i]) && cluster[i] >= 0) {
			sum[cluster[i]] += y[i];
			count[cluster[i]]++;
			grand += y[i];
			N++;
		}
	grand /= (double)N;
	for (i = 0; i <= (size_t)max; i++)
		if (count[i] > 0) {
			double m = sum[i] / (double)count[i];

			k++;
			ssb += (double)count[i] * (m - grand) * (m - grand);
			sumsq += (double)count[i] * (double)count[i];
		}
	for (i = 0; i < n; i++)
		if (!isnan(y[i]) && cluster[i] >= 0) {
			double d = y[i] - sum[cluster[i]] / count[cluster[i]];

			ssw += d * d;
		}
	free(sum);
	free(count);
	out->clusters = k;
	out->n = N;
	if (k < 2 || N <= k)
		return rct_error(RCT_EINVAL,
		    "an ICC needs two clusters and more people than clusters "
		    "(%ld people in %ld clusters)",
		    N, k);
	out->msb = ssb / (double)(k - 1);
	out->msw = ssw / (double)(N - k);
	out->n0 = ((double)N - sumsq / (double)N) / (double)(k - 1);
	out->icc =
	    (out->msb - out->msw) / (out->msb + (out->n0 - 1) * out->msw);
	F = out->msb / out->msw;
	fl = F /
	    gsl_cdf_fdist_Pinv(1 - alpha / 2, (double)(k - 1), (double)(N - k));
	fu =
	    F / gsl_cdf_fdist_Pinv(alpha / 2, (double)(k - 1), (double)(N - k));
	out->lower = (fl - 1) / (fl + out->n0 - 1);
	out->upper = (fu - 1) / (fu + out->n0 - 1);
	return 0;
}

void
rct_poisson_ci(long count, double time, double alpha, double *lower,
    double *upper)
{
	*lower = count == 0 ?
	    0 :
	    gsl_cdf_chisq_Pinv(alpha / 2, 2.0 * (double)count) / (2 * time);
	*upper = gsl_cdf_chisq_Pinv(1 - alpha / 2, 2.0 * (double)(count + 1)) /
	    (2 * time);
}

struct walk {
	struct rct_pilot *p;
	const struct rct_protocol *proto;
	int recruited; /* index of the recruitment date variable, or -1 */
	long first; /* day number of the first recruitment */
};

/* The entry of a site's month, added when new; NULL out of memory. */
static struct rct_pilot_month *
month_of(struct rct_pilot *p, const char *site, const char *month)
{
	struct rct_pilot_month *m;
	size_t i;

	for (i = 0; i < p->nmonths; i++)
		if (strcmp(p->months_by_site[i].site, site) == 0 &&
		    strncmp(p->months_by_site[i].month, month, 7) == 0)
			return &p->months_by_site[i];
	m = realloc(p->months_by_site, (p->nmonths + 1) * sizeof(*m));
	if (m == NULL)
		return NULL;
	p->months_by_site = m;
	m = &p->months_by_site[p->nmonths++];
	memset(m, 0, sizeof(*m));
	snprintf(m->site, sizeof(m->site), "%s", site);
	snprintf(m->month, sizeof(m->month), "%.7s", month);
	m->screened = m->excluded = -1;
	return m;
}

static int
month_report(void *arg, const char *site, const char *month, long screened,
    long excluded)
{
	struct rct_pilot_month *m = month_of(arg, site, month);

	if (m == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	m->screened = screened;
	m->excluded = excluded;
	return 0;
}

static int
by_site_month(const void *a, const void *b)
{
	const struct rct_pilot_month *x = a, *y = b;
	int c = strcmp(x->site, y->site);

	return c ? c : strcmp(x->month, y->month);
}

static struct rct_pilot_site *
site_of(struct rct_pilot *p, const char *code)
{
	size_t i;

	for (i = 0; i + 1 < p->nsites; i++)
		if (strcmp(p->sites[i].code, code) == 0)
			return &p->sites[i];
	return NULL;
}

/* Widen a site's recruitment window to take in day n. */
static void
window(struct rct_pilot_site *s, long n)
{
	if (s->first[0] == '\0' || n < s->first_day) {
		s->first_day = n;
		rct_date_from_days(n, s->first);
	}
	if (s->last[0] == '\0' || n > s->last_day) {
		s->last_day = n;
		rct_date_from_days(n, s->last);
	}
}

static int
count_one(void *arg, const struct rct_participant *pt)
{
	struct walk *w = arg;
	struct rct_pilot_site *s = site_of(w->p, pt->site);
	const char *date = w->recruited >= 0 && pt->values[w->recruited] ?
	    pt->values[w->recruited] :
	    pt->enrolled_at;
	struct rct_pilot_month *mo;
	int y, m, d;
	char day[11];

	snprintf(day, sizeof(day), "%.10s", date);
	if (rct_parse_date(day, &y, &m, &d) == 0) {
		long n = rct_days_from_civil(y, m, d);
		struct rct_pilot_site *all = &w->p->sites[w->p->nsites - 1];

		if (n < w->first)
			w->first = n;
		window(all, n);
		if (s)
			window(s, n);
	}
	if (s) {
		s->enrolled++;
		s->randomized += pt->arm != NULL;
	}
	if ((mo = month_of(w->p, pt->site, day)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	mo->enrolled++;
	mo->randomized += pt->arm != NULL;
	w->p->withdrawals += pt->withdrawn != NULL;
	w->p->exits += pt->exit_reason != NULL;
	return 0;
}

/* Sites and their targets, from the register's site list. */
static int
load_sites(struct rct_store *s, struct rct_pilot *p)
{
	struct rct_table *t;
	size_t i, n;
	long v;
	int rc;

	if ((rc = rct_site_list(s, &t)) != 0)
		return rc;
	n = rct_table_rows(t);
	if ((p->sites = calloc(n + 1, sizeof(*p->sites))) == NULL) {
		rct_table_free(t);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	/* Columns: site, name, target, enrolled, withdrawn. */
	for (i = 0; i < n; i++) {
		const char *const *row = rct_table_row(t, i);

		snprintf(p->sites[i].code, sizeof(p->sites[i].code), "%s",
		    row[0]);
		if (row[2] && rct_parse_long(row[2], &v) == 0)
			p->sites[i].target = v;
	}
	snprintf(p->sites[n].code, sizeof(p->sites[n].code), "all");
	p->nsites = n + 1;
	rct_table_free(t);
	return 0;
}

/* The screening log's totals per site and overall, -1 without reports. */
static int
screening(struct rct_store *s, struct rct_pilot *p)
{
	struct rct_screening t;
	size_t i;
	int rc;

	for (i = 0; i < p->nsites; i++) {
		const char *code = i + 1 < p->nsites ? p->sites[i].code : NULL;

		if ((rc = rct_screening_totals(s, code, &t)) != 0)
			return rc;
		p->sites[i].screened = t.reports ? t.screened : -1;
		p->sites[i].excluded = t.reports ? t.excluded : -1;
		rct_screening_free(&t);
	}
	return 0;
}

static void
rates(struct rct_pilot *p, long today)
{
	struct rct_pilot_site *all = &p->sites[p->nsites - 1];
	size_t i;

	for (i = 0; i + 1 < p->nsites; i++) {
		all->enrolled += p->sites[i].enrolled;
		all->randomized += p->sites[i].randomized;
		all->target += p->sites[i].target;
	}
	for (i = 0; i < p->nsites; i++) {
		struct rct_pilot_site *s = &p->sites[i];

		if (s->first[0] == '\0') {
			s->rate = s->lower = s->upper = NAN;
			continue;
		}
		s->months = (double)(all->last_day - s->first_day + 1) / MONTH;
		s->rate = (double)s->enrolled / s->months;
		rct_poisson_ci(s->enrolled, s->months, 0.05, &s->lower,
		    &s->upper);
		if (s->target <= 0)
			continue;
		if (s->enrolled >= s->target)
			snprintf(s->projected, sizeof(s->projected), "reached");
		else if (s->rate > 0)
			rct_date_from_days(today +
				(long)ceil((double)(s->target - s->enrolled) /
					s->rate * MONTH -
				    1e-9),
			    s->projected);
	}
}

/* Completeness by arm, spread and ICC of each outcome. */
static int
outcomes(struct rct_store *s, struct rct_pilot *p)
{
	const struct rct_protocol *proto = rct_store_protocol(s);
	struct rct_dataset *d = NULL;
	struct rct_column *arm, *cl, *y;
	size_t k, i, a;
	int rc;

	if ((rc = rct_store_dataset(s, &d)) != 0)
		return rc;
	p->outcomes = calloc(proto->noutcomes + 1, sizeof(*p->outcomes));
	if (p->outcomes == NULL) {
		rct_dataset_free(d);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	arm = rct_dataset_column(d, "arm");
	cl = rct_dataset_column(d, "cluster");
	for (k = 0; k < proto->noutcomes; k++) {
		struct rct_pilot_outcome *o = &p->outcomes[k];
		double sum[RCT_PILOT_ARMS] = {0}, ss[RCT_PILOT_ARMS] = {0};

		o->name = proto->outcomes[k].name;
		o->time = proto->outcomes[k].time;
		o->takeup =
		    proto->takeup && strcmp(proto->takeup, o->name) == 0;
		if ((y = rct_dataset_column(d, o->name)) == NULL)
			continue;
		for (i = 0; i < d->n; i++) {
			const char *level = arm->levels[arm->code[i]];

			for (a = 0; a < p->narms; a++)
				if (strcmp(p->arms[a], level) == 0)
					break;
			if (a == p->narms)
				continue;
			o->allocated[a]++;
			if (!isnan(y->num[i])) {
				o->with_value[a]++;
				sum[a] += y->num[i];
			}
		}
		for (a = 0; a < p->narms; a++)
			o->mean[a] = o->with_value[a] ?
			    sum[a] / (double)o->with_value[a] :
			    NAN;
		for (i = 0; i < d->n; i++) {
			const char *level = arm->levels[arm->code[i]];

			for (a = 0; a < p->narms; a++)
				if (strcmp(p->arms[a], level) == 0)
					break;
			if (a < p->narms && !isnan(y->num[i]))
				ss[a] += (y->num[i] - o->mean[a]) *
				    (y->num[i] - o->mean[a]);
		}
		for (a = 0; a < p->narms; a++)
			o->sd[a] = o->with_value[a] > 1 ?
			    sqrt(ss[a] / (double)(o->with_value[a] - 1)) :
			    NAN;
		if (proto->unit == RCT_UNIT_CLUSTER && cl &&
		    rct_icc(y->num, cl->code, d->n, 0.05, &o->icc) == 0)
			o->has_icc = 1;
		else
			rct_error_clear(); /* too few clusters yet: no ICC */
	}
	p->noutcomes = proto->noutcomes;
	rct_dataset_free(d);
	return 0;
}

int
rct_pilot(struct rct_store *s, struct rct_pilot *out)
{
	const struct rct_protocol *proto = rct_store_protocol(s);
	struct rct_participant_filter f = {NULL, 0, 0, 0, 0};
	struct walk w;
	int y, m, d, rc;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < proto->narms && i < RCT_PILOT_ARMS; i++)
		out->arms[out->narms++] = proto->arms[i].name;
	if ((rc = load_sites(s, out)) != 0)
		goto fail;
	w.p = out;
	w.proto = proto;
	w.recruited = -1;
	for (i = 0; proto->recruited && i < proto->nvars; i++)
		if (strcmp(proto->vars[i].name, proto->recruited) == 0)
			w.recruited = (int)i;
	rct_today(out->today);
	if (rct_parse_date(out->today, &y, &m, &d) != 0) {
		rc = rct_error(RCT_EINVAL, "today's date is unreadable");
		goto fail;
	}
	w.first = rct_days_from_civil(y, m, d);
	if ((rc = rct_participant_foreach(s, &f, count_one, &w)) != 0)
		goto fail;
	rct_date_from_days(w.first, out->first);
	out->months =
	    (double)(rct_days_from_civil(y, m, d) - w.first + 1) / MONTH;
	rates(out, rct_days_from_civil(y, m, d));
	if ((rc = screening(s, out)) != 0 ||
	    (rc = rct_screening_reports(s, month_report, out)) != 0)
		goto fail;
	qsort(out->months_by_site, out->nmonths, sizeof(*out->months_by_site),
	    by_site_month);
	if ((rc = rct_audit_count(s, "correct", &out->corrections)) != 0 ||
	    (rc = rct_audit_count(s, "protocol.amend", &out->amendments)) !=
		0 ||
	    (rc = outcomes(s, out)) != 0)
		goto fail;
	return 0;
fail:
	rct_pilot_free(out);
	return rc;
}

void
rct_pilot_free(struct rct_pilot *p)
{
	free(p->sites);
	free(p->outcomes);
	free(p->months_by_site);
	memset(p, 0, sizeof(*p));
}

int
rct_pilot_assumptions(struct rct_store *s, const struct rct_protocol *design,
    struct rct_pilot_assumptions *out)
{
	const struct rct_column *cov[64];
	struct rct_column *y, *arm, *cl;
	struct rct_dataset *d = NULL;
	struct rct_rss base, full;
	size_t *rows = NULL, i, c, m = 0, ncov = design->ncovariates;
	double *yv = NULL, *z = NULL;
	int treat, rc;

	memset(out, 0, sizeof(*out));
	out->outcome = design->primary;
	if (ncov > 64)
		return rct_error(RCT_EINVAL, "at most 64 covariates");
	if ((rc = rct_store_dataset(s, &d)) != 0)
		return rc;
	if ((y = rct_dataset_column(d, design->primary)) == NULL ||
	    y->kind != RCT_COLUMN_NUMBER) {
		rc = rct_error(RCT_EINVAL,
		    "the pilot has no numeric outcome '%s', the design's "
		    "primary outcome",
		    design->primary);
		goto out;
	}
	arm = rct_dataset_column(d, "arm");
	cl = rct_dataset_column(d, "cluster");
	treat = design->narms > 1 ?
	    rct_column_level(arm, design->arms[1].name) :
	    -1;
	for (c = 0; c < ncov; c++)
		if ((cov[c] = rct_dataset_column(d, design->covariates[c])) ==
		    NULL) {
			rc = rct_error(RCT_EINVAL,
			    "the pilot has no covariate '%s' of the design",
			    design->covariates[c]);
			goto out;
		}
	rows = malloc((d->n + 1) * sizeof(size_t));
	yv = malloc((d->n + 1) * sizeof(double));
	z = malloc((d->n + 1) * sizeof(double));
	if (!rows || !yv || !z) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < d->n; i++) {
		if (isnan(y->num[i]) || arm->code[i] < 0)
			continue;
		for (c = 0; c < ncov; c++)
			if (rct_column_missing(cov[c], i))
				break;
		if (c < ncov)
			continue;
		rows[m] = i;
		yv[m] = y->num[i];
		z[m++] = arm->code[i] == treat;
	}
	out->n = (long)m;
	if ((rc = rct_rss(yv, z, NULL, 0, rows, m, &base)) != 0 ||
	    (rc = rct_rss(yv, z, cov, ncov, rows, m, &full)) != 0)
		goto out;
	out->sd = sqrt(base.rss / (double)(m - base.rank));
	out->r2 = base.rss > 0 ? 1 - full.rss / base.rss : 0;
	if (design->unit == RCT_UNIT_CLUSTER && cl) {
		struct rct_icc icc;

		if ((rc = rct_icc(y->num, cl->code, d->n, 0.05, &icc)) != 0)
			goto out;
		out->icc = icc.icc;
		out->has_icc = 1;
	}
out:
	free(rows);
	free(yv);
	free(z);
	rct_dataset_free(d);
	return rc;
}
