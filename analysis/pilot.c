/* Pilot feasibility (pilot.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "audit.h"
#include "columns.h"
#include "consort.h"
#include "error.h"
#include "participant.h"
#include "pilot.h"
#include "protocol.h"
#include "register.h"
#include "rss.h"
#include "screening.h"
#include "site.h"
#include "store_data.h"
#include "suppress.h"
#include "text.h"

/* Days in an average month, for rates per month. */
#define MONTH 30.436875

int
rct_pilot_icc(const double *y, const int32_t *cluster, size_t n, double alpha,
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
	/* max is -1 when nobody has a cluster (n 0: nobody enrolled yet). */
	for (i = 0; max >= 0 && i <= (size_t)max; i++)
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
rct_pilot_poisson_ci(long count, double time, double alpha, double *lower,
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
		rct_text_date_from_days(n, s->first);
	}
	if (s->last[0] == '\0' || n > s->last_day) {
		s->last_day = n;
		rct_text_date_from_days(n, s->last);
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
	if (rct_text_parse_date(day, &y, &m, &d) == 0) {
		long n = rct_text_days_from_civil(y, m, d);
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
		if (row[2] && rct_text_parse_long(row[2], &v) == 0)
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
		rct_screening_release(&t);
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
		rct_pilot_poisson_ci(s->enrolled, s->months, 0.05, &s->lower,
		    &s->upper);
		if (s->target <= 0)
			continue;
		if (s->enrolled >= s->target)
			snprintf(s->projected, sizeof(s->projected), "reached");
		else if (s->rate > 0)
			rct_text_date_from_days(today +
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

	if ((rc = rct_store_data_read(s, &d)) != 0)
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
		o->binary = 1;
		for (i = 0; i < d->n; i++)
			if (!isnan(y->num[i]) && y->num[i] != 0 &&
			    y->num[i] != 1)
				o->binary = 0;
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
		    rct_pilot_icc(y->num, cl->code, d->n, 0.05, &o->icc) == 0)
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
	rct_text_today(out->today);
	if (rct_text_parse_date(out->today, &y, &m, &d) != 0) {
		rc = rct_error(RCT_EINVAL, "today's date is unreadable");
		goto fail;
	}
	w.first = rct_text_days_from_civil(y, m, d);
	if ((rc = rct_participant_foreach(s, &f, count_one, &w)) != 0)
		goto fail;
	rct_text_date_from_days(w.first, out->first);
	out->months =
	    (double)(rct_text_days_from_civil(y, m, d) - w.first + 1) / MONTH;
	rates(out, rct_text_days_from_civil(y, m, d));
	if ((rc = screening(s, out)) != 0 ||
	    (rc = rct_screening_reports(s, month_report, out)) != 0)
		goto fail;
	if (out->nmonths > 0) /* none before the first enrolment */
		qsort(out->months_by_site, out->nmonths,
		    sizeof(*out->months_by_site), by_site_month);
	if ((rc = rct_audit_count(s, "correct", &out->corrections)) != 0 ||
	    (rc = rct_audit_count(s, "protocol.amend", &out->amendments)) !=
		0 ||
	    (rc = outcomes(s, out)) != 0)
		goto fail;
	return 0;
fail:
	rct_pilot_release(out);
	return rc;
}

void
rct_pilot_release(struct rct_pilot *p)
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
	if ((rc = rct_store_data_read(s, &d)) != 0)
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
	    rct_dataset_column_level(arm, design->arms[1].name) :
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
			if (rct_columns_missing(cov[c], i))
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

		if ((rc = rct_pilot_icc(y->num, cl->code, d->n, 0.05, &icc)) !=
		    0)
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

/* A new cell (suppress.h), its index; *rc keeps the first failure. */
static size_t
pcell(struct rct_cells *c, long v, int fixed, int *rc)
{
	size_t i = 0;

	if (*rc == 0)
		*rc = rct_suppress_cells_add(c, v, fixed, &i);
	return i;
}

static void
psum(struct rct_cells *c, size_t total, const size_t *parts, size_t n, int *rc)
{
	if (*rc == 0 && n > 0)
		*rc = rct_suppress_cells_sum(c, total, parts, n);
}

/* The cells of one row: screened, excluded, the rest; enrolled, etc. */
enum { P_S, P_X, P_EL, P_E, P_R, P_NR, P_N };

static void
row_cells(struct rct_cells *c, long screened, long excluded, long enrolled,
    long randomized, int fixed_randomized, size_t *k, int *rc)
{
	size_t parts[2];

	k[P_S] = k[P_X] = k[P_EL] = (size_t)-1;
	if (screened >= 0) {
		k[P_S] = pcell(c, screened, 0, rc);
		k[P_X] = pcell(c, excluded, 0, rc);
		k[P_EL] = pcell(c, screened - excluded, 0, rc);
		parts[0] = k[P_X];
		parts[1] = k[P_EL];
		psum(c, k[P_S], parts, 2, rc);
	}
	k[P_E] = pcell(c, enrolled, 0, rc);
	k[P_R] = pcell(c, randomized, fixed_randomized, rc);
	k[P_NR] = pcell(c, enrolled - randomized, 0, rc);
	parts[0] = k[P_R];
	parts[1] = k[P_NR];
	psum(c, k[P_E], parts, 2, rc);
}

static long
row_value(long screened, long excluded, long enrolled, long randomized,
    int which)
{
	return which == P_S ? screened :
	    which == P_X    ? excluded :
	    which == P_E    ? enrolled :
			      randomized;
}

static unsigned
row_hidden(const struct rct_cells *c, const size_t *k)
{
	const unsigned bit[4] = {RCT_PILOT_SCREENED, RCT_PILOT_EXCLUDED,
	    RCT_PILOT_ENROLLED, RCT_PILOT_RANDOMIZED};
	const int which[4] = {P_S, P_X, P_E, P_R};
	unsigned h = 0;
	size_t i;

	for (i = 0; i < 4; i++)
		if (k[which[i]] != (size_t)-1 && c->suppressed[k[which[i]]])
			h |= bit[i];
	return h;
}

/* Recruitment and months: one set of cells (pilot.h). */
static int
suppress_recruitment(struct rct_pilot *p, int min_cell)
{
	struct rct_cells c;
	size_t(*ks)[P_N] = calloc(p->nsites + 1, sizeof(*ks));
	size_t(*km)[P_N] = calloc(p->nmonths + 1, sizeof(*km));
	size_t *parts = malloc((p->nsites + p->nmonths + 1) * sizeof(size_t));
	const int which[4] = {P_S, P_X, P_E, P_R};
	size_t i, j, w, n;
	int rc = 0;

	rct_suppress_cells_init(&c);
	if (ks == NULL || km == NULL || parts == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < p->nsites; i++) {
		const struct rct_pilot_site *s = &p->sites[i];

		row_cells(&c, s->screened, s->excluded, s->enrolled,
		    s->randomized, i + 1 == p->nsites, ks[i], &rc);
	}
	for (j = 0; j < p->nmonths; j++) {
		const struct rct_pilot_month *m = &p->months_by_site[j];

		row_cells(&c, m->screened, m->excluded, m->enrolled,
		    m->randomized, 0, km[j], &rc);
	}
	/* Where the numbers add up: a site's months, and the sites. */
	for (w = 0; w < 4; w++) {
		int k = which[w];
		long sum_all = 0;
		size_t nall = 0;

		for (i = 0; i + 1 < p->nsites; i++) {
			const struct rct_pilot_site *s = &p->sites[i];
			long sum = 0;

			for (j = 0, n = 0; j < p->nmonths; j++) {
				const struct rct_pilot_month *m =
				    &p->months_by_site[j];

				if (strcmp(m->site, s->code) != 0 ||
				    km[j][k] == (size_t)-1)
					continue;
				parts[n++] = km[j][k];
				sum += row_value(m->screened, m->excluded,
				    m->enrolled, m->randomized, k);
			}
			if (ks[i][k] != (size_t)-1 &&
			    sum ==
				row_value(s->screened, s->excluded, s->enrolled,
				    s->randomized, k))
				psum(&c, ks[i][k], parts, n, &rc);
			if (ks[i][k] != (size_t)-1) {
				parts[p->nmonths + nall++] = ks[i][k];
				sum_all += row_value(s->screened, s->excluded,
				    s->enrolled, s->randomized, k);
			}
		}
		i = p->nsites - 1;
		if (ks[i][k] != (size_t)-1 &&
		    sum_all ==
			row_value(p->sites[i].screened, p->sites[i].excluded,
			    p->sites[i].enrolled, p->sites[i].randomized, k))
			psum(&c, ks[i][k], parts + p->nmonths, nall, &rc);
	}
	if (rc == 0)
		rc = rct_suppress_cells(&c, min_cell);
	for (i = 0; rc == 0 && i < p->nsites; i++) {
		struct rct_pilot_site *s = &p->sites[i];

		s->hidden = row_hidden(&c, ks[i]);
		if (s->hidden & RCT_PILOT_ENROLLED) {
			s->rate = s->lower = s->upper = NAN;
			s->projected[0] = '\0';
		}
		p->any_hidden |= s->hidden != 0;
	}
	for (j = 0; rc == 0 && j < p->nmonths; j++) {
		p->months_by_site[j].hidden = row_hidden(&c, km[j]);
		p->any_hidden |= p->months_by_site[j].hidden != 0;
	}
out:
	rct_suppress_cells_release(&c);
	free(ks);
	free(km);
	free(parts);
	return rc;
}

/* Completeness and, for a binary outcome, its counts (pilot.h). */
static int
suppress_outcomes(const struct rct_protocol *proto, struct rct_pilot *p,
    int min_cell)
{
	struct rct_cells c;
	size_t k, a, parts[2], *idx;
	int rc = 0;

	if ((idx = calloc(4 * p->noutcomes * p->narms + 1, sizeof(size_t))) ==
	    NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	rct_suppress_cells_init(&c);
	for (k = 0; k < p->noutcomes; k++) {
		const struct rct_pilot_outcome *o = &p->outcomes[k];
		int published = proto->primary && o->name &&
		    strcmp(proto->primary, o->name) == 0;

		for (a = 0; a < p->narms; a++) {
			size_t *x = &idx[4 * (k * p->narms + a)];
			size_t all = pcell(&c, o->allocated[a], 1, &rc);
			long ones = o->binary && o->with_value[a] ?
			    lround(o->mean[a] * (double)o->with_value[a]) :
			    0;

			x[0] = pcell(&c, o->with_value[a], published, &rc);
			/* Without a value: lost to follow-up, published. */
			x[1] = pcell(&c, o->allocated[a] - o->with_value[a],
			    published ? 1 : RCT_CELL_NOT_PRIMARY, &rc);
			parts[0] = x[0];
			parts[1] = x[1];
			psum(&c, all, parts, 2, &rc);
			if (!o->binary)
				continue;
			x[2] = pcell(&c, ones, 0, &rc);
			x[3] = pcell(&c, o->with_value[a] - ones, 0, &rc);
			parts[0] = x[2];
			parts[1] = x[3];
			psum(&c, x[0], parts, 2, &rc);
		}
	}
	if (rc == 0)
		rc = rct_suppress_cells(&c, min_cell);
	for (k = 0; rc == 0 && k < p->noutcomes; k++) {
		struct rct_pilot_outcome *o = &p->outcomes[k];

		for (a = 0; a < p->narms; a++) {
			const size_t *x = &idx[4 * (k * p->narms + a)];

			o->with_value_hidden[a] = c.suppressed[x[0]] != 0;
			o->mean_hidden[a] = o->with_value_hidden[a] ||
			    (o->binary &&
				(c.suppressed[x[2]] || c.suppressed[x[3]]));
			p->any_hidden |= o->mean_hidden[a];
		}
	}
	rct_suppress_cells_release(&c);
	free(idx);
	return rc;
}

int
rct_pilot_suppress(struct rct_store *s, struct rct_pilot *p, int min_cell)
{
	struct rct_consort flow;
	size_t a, withdrew = 0, exited = 0;
	int rc;

	p->min_cell = min_cell;
	if (min_cell <= 1)
		return 0;
	if ((rc = suppress_recruitment(p, min_cell)) != 0 ||
	    (rc = suppress_outcomes(rct_store_protocol(s), p, min_cell)) != 0)
		return rc;
	/* The flow's per-arm counts that the totals would give back. */
	if (rct_consort(s, -1, NULL, 0, min_cell, &flow) == 0) {
		for (a = 0; a < flow.narms; a++) {
			withdrew += flow.arms[a].withdrew.hidden != 0;
			exited += flow.arms[a].exited.hidden != 0;
		}
		rct_consort_release(&flow);
	} else
		rct_error_clear();
	p->withdrawals_hidden =
	    (p->withdrawals > 0 && p->withdrawals < min_cell) || withdrew == 1;
	p->exits_hidden = (p->exits > 0 && p->exits < min_cell) || exited == 1;
	p->any_hidden |= p->withdrawals_hidden || p->exits_hidden;
	return 0;
}
