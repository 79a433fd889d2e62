/* The CONSORT flow: counts and their suppression (consort.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consort.h"
#include "effects_plan.h"
#include "error.h"
#include "followup.h"
#include "participant.h"
#include "screening.h"
#include "store_data.h"
#include "suppress.h"
#include "text.h"

static const char *const reason_labels[][2] = {
    {"paid_work", "in paid work"},
    {"upper_secondary", "started upper secondary school"},
    {"higher_education", "started higher education"},
    {"adult_primary_school", "started adult primary school"},
    {"other_measure", "moved to another measure"},
    {"dropped_out", "dropped out"},
    {"completed_without_activity", "completed without an activity"},
    {"moved", "moved away"},
    {"unknown", "reason unknown"},
};

const char *
rct_consort_exit_reason_label(const char *reason)
{
	size_t i;

	for (i = 0; i < sizeof(reason_labels) / sizeof(reason_labels[0]); i++)
		if (strcmp(reason_labels[i][0], reason) == 0)
			return reason_labels[i][1];
	return reason;
}

/* Participant ids in order. */
static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* A site and month with a screening report (YYYY-MM). */
struct site_month {
	char *site;
	char month[8];
};

struct cluster_seen {
	char *name;
	size_t arm;
	int analysed;
};

struct count {
	struct rct_consort *c;
	int64_t *left_out; /* sorted ids (left_out_ids) */
	size_t nleft_out;
	int primary; /* index of the primary outcome, or -1 */
	int takeup; /* index of the takeup outcome, or -1 */
	int recruited; /* index of the recruitment date variable, or -1 */
	struct site_month *reported, *recruiting;
	size_t nreported, nrecruiting;
	struct cluster_seen *clusters;
	size_t nclusters;
	int oom;
};

static int
has_month(const struct site_month *list, size_t n, const char *site,
    const char *month)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i].site, site) == 0 &&
		    strcmp(list[i].month, month) == 0)
			return 1;
	return 0;
}

static int
add_month(struct site_month **list, size_t *n, const char *site,
    const char *month)
{
	struct site_month *grown;
	char ym[8];

	snprintf(ym, sizeof(ym), "%.7s", month);
	if (has_month(*list, *n, site, ym))
		return 0;
	if ((grown = realloc(*list, (*n + 1) * sizeof(*grown))) == NULL)
		return -1;
	*list = grown;
	if ((grown[*n].site = strdup(site)) == NULL)
		return -1;
	memcpy(grown[*n].month, ym, sizeof(ym));
	(*n)++;
	return 0;
}

static void
see_cluster(struct count *w, const char *name, size_t arm, int analysed)
{
	struct cluster_seen *grown;
	size_t i;

	for (i = 0; i < w->nclusters; i++)
		if (w->clusters[i].arm == arm &&
		    strcmp(w->clusters[i].name, name) == 0) {
			w->clusters[i].analysed |= analysed;
			return;
		}
	if ((grown = realloc(w->clusters,
		 (w->nclusters + 1) * sizeof(*grown))) == NULL ||
	    (grown[w->nclusters].name = strdup(name)) == NULL) {
		if (grown)
			w->clusters = grown;
		w->oom = 1;
		return;
	}
	w->clusters = grown;
	grown[w->nclusters].arm = arm;
	grown[w->nclusters++].analysed = analysed;
}

static int
count_one(void *arg, const struct rct_participant *p)
{
	struct count *w = arg;
	struct rct_consort *c = w->c;
	struct rct_consort_arm *a = NULL;
	const char *date = w->recruited >= 0 && p->values[w->recruited] ?
	    p->values[w->recruited] :
	    p->enrolled_at;
	size_t i, ai = 0;
	int analysed;

	c->enrolled.n++;
	if (date &&
	    add_month(&w->recruiting, &w->nrecruiting, p->site, date) != 0)
		return rct_error(RCT_ENOMEM, "out of memory");
	if (p->arm == NULL) {
		c->not_randomized.n++;
		return 0;
	}
	c->randomized.n++;
	for (i = 0; i < c->narms; i++)
		if (strcmp(c->arms[i].name, p->arm) == 0) {
			a = &c->arms[i];
			ai = i;
		}
	if (a == NULL)
		return 0;
	a->allocated.n++;
	a->withdrew.n += p->withdrawn != NULL;
	if (p->exit_reason) {
		a->exited.n++;
		for (i = 0; i < c->nreasons; i++)
			if (strcmp(c->reasons[i], p->exit_reason) == 0)
				a->exit_reason[i].n++;
	}
	if (w->takeup >= 0 && p->outcomes[w->takeup] != NULL) {
		a->received.n += strcmp(p->outcomes[w->takeup], "1") == 0;
		a->not_received.n += strcmp(p->outcomes[w->takeup], "0") == 0;
	}
	analysed = w->primary >= 0 && p->outcomes[w->primary] != NULL;
	if (analysed && w->nleft_out &&
	    bsearch(&p->id, w->left_out, w->nleft_out, sizeof(int64_t),
		cmp_id)) {
		a->left_out.n++;
		c->any_left_out = 1;
		analysed = 0;
	} else if (analysed)
		a->analysed.n++;
	else
		a->lost.n++;
	if (c->cluster && p->cluster)
		see_cluster(w, p->cluster, ai, analysed);
	return w->oom ? rct_error(RCT_ENOMEM, "out of memory") : 0;
}

static int
report_one(void *arg, const char *site, const char *month, long screened,
    long excluded)
{
	struct count *w = arg;

	(void)screened;
	(void)excluded;
	return add_month(&w->reported, &w->nreported, site, month) != 0 ?
	    rct_error(RCT_ENOMEM, "out of memory") :
	    0;
}

/* The screening log's totals as the top of the flow. */
static int
from_log(struct rct_store *s, struct rct_consort *out)
{
	struct rct_screening t;
	size_t i;
	int rc;

	if ((rc = rct_screening_totals(s, NULL, &t)) != 0)
		return rc;
	if (t.reports > 0) {
		out->assessed.n = t.screened;
		out->excluded_count.n = t.excluded;
		out->excluded_reason = t.reason;
		if ((out->excluded = calloc(t.nreasons + 1,
			 sizeof(*out->excluded))) == NULL) {
			out->nexcluded = t.nreasons;
			t.reason = NULL;
			rct_screening_release(&t);
			return rct_error(RCT_ENOMEM, "out of memory");
		}
		for (i = 0; i < t.nreasons; i++)
			out->excluded[i].n = t.count[i];
		out->nexcluded = t.nreasons;
		t.reason = NULL;
		t.nreasons = 0;
	}
	rct_screening_release(&t);
	return 0;
}

/*
 * Who the pre-specified analysis of the store leaves out, as effects does
 * (effects_plan.c): sorted ids of those allocated in a stratum whose
 * allocation had one arm, in any arm's comparison with the control.  A
 * protocol whose analysis cannot be planned leaves nobody out here (its
 * effects say why).
 */
static int
left_out_ids(struct rct_store *s, const struct rct_protocol *p, struct count *w)
{
	struct rct_effects_plan pl;
	struct rct_error_held held;
	struct rct_dataset *d = NULL;
	struct rct_left_out lo;
	char pt[96], pc[96];
	unsigned char *any = NULL;
	size_t a, i;
	int rc, planned;

	memset(&held, 0, sizeof(held));
	rct_effects_plan_init(&pl);
	rct_error_hold(&held);
	planned = rct_effects_plan_protocol(&pl, p) == 0;
	rct_error_hold(NULL);
	rct_error_release(&held, 0);
	if (!planned || pl.spec.control == NULL) {
		rct_effects_plan_release(&pl);
		return 0;
	}
	if ((rc = rct_store_data_read(s, &d)) != 0)
		goto out;
	if ((any = calloc(d->n + 1, 1)) == NULL ||
	    (w->left_out = calloc(d->n + 1, sizeof(int64_t))) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (a = 0; rc == 0 && a < p->narms; a++) {
		if (strcmp(p->arms[a].name, pl.spec.control) == 0)
			continue;
		snprintf(pt, sizeof(pt), "prob:%s", p->arms[a].name);
		snprintf(pc, sizeof(pc), "prob:%s", pl.spec.control);
		rc = rct_effects_plan_left_out(&lo, d, "arm", p->arms[a].name,
		    pl.spec.control,
		    pl.spec.strata ? pl.spec.strata : "stratum",
		    pl.spec.estimator == RCT_EST_BLOCKED,
		    pl.prob_allocation ? pt : NULL,
		    pl.prob_allocation ? pc : NULL);
		for (i = 0; rc == 0 && i < d->n; i++)
			any[i] |= lo.row[i];
		rct_effects_plan_left_out_release(&lo);
	}
	for (i = 0; rc == 0 && i < d->n; i++)
		if (any[i])
			w->left_out[w->nleft_out++] = d->line[i];
	qsort(w->left_out, w->nleft_out, sizeof(int64_t), cmp_id);
out:
	free(any);
	rct_dataset_free(d);
	rct_effects_plan_release(&pl);
	return rc;
}

static int
count_flow(struct rct_store *s, const struct rct_protocol *p,
    struct rct_consort *out, int use_log)
{
	struct rct_participant_filter filter = {NULL, 0, 0, 0, 1};
	struct count w;
	size_t i;
	int rc;

	memset(&w, 0, sizeof(w));
	for (i = 0; i < p->narms && i < RCT_CONSORT_MAX_ARMS; i++) {
		out->arms[i].name = p->arms[i].name;
		out->arms[i].label = p->arms[i].label;
		out->narms = i + 1;
	}
	w.c = out;
	w.primary = w.takeup = w.recruited = -1;
	for (i = 0; i < p->noutcomes; i++) {
		if (p->primary && strcmp(p->outcomes[i].name, p->primary) == 0)
			w.primary = (int)i;
		if (p->takeup && strcmp(p->outcomes[i].name, p->takeup) == 0)
			w.takeup = (int)i;
	}
	for (i = 0; p->recruited && i < p->nvars; i++)
		if (strcmp(p->vars[i].name, p->recruited) == 0)
			w.recruited = (int)i;
	out->has_takeup = w.takeup >= 0;
	if ((rc = left_out_ids(s, p, &w)) == 0)
		rc = rct_participant_foreach(s, &filter, count_one, &w);
	if (rc == 0 && use_log)
		rc = rct_screening_reports(s, report_one, &w);
	if (rc == 0 && use_log && out->assessed.n >= 0) {
		out->months_recruiting = (long)w.nrecruiting;
		for (i = 0; i < w.nrecruiting; i++)
			out->months_reported +=
			    has_month(w.reported, w.nreported,
				w.recruiting[i].site, w.recruiting[i].month);
		out->partial = out->months_reported < out->months_recruiting ||
		    out->assessed.n != out->excluded_count.n + out->enrolled.n;
	}
	for (i = 0; i < w.nclusters; i++) {
		out->arms[w.clusters[i].arm].clusters_allocated++;
		out->arms[w.clusters[i].arm].clusters_analysed +=
		    w.clusters[i].analysed;
		out->clusters++;
	}
	for (i = 0; i < w.nreported; i++)
		free(w.reported[i].site);
	for (i = 0; i < w.nrecruiting; i++)
		free(w.recruiting[i].site);
	for (i = 0; i < w.nclusters; i++)
		free(w.clusters[i].name);
	free(w.reported);
	free(w.recruiting);
	free(w.clusters);
	free(w.left_out);
	return rc;
}

/*
 * The sums that tie the flow's counts (consort.h), and suppression on
 * them.  Cells are added in the order the flow reads.
 */
struct flow_cells {
	struct rct_cells cells;
	struct rct_count **at; /* per cell, the count it is */
	int rc;
};

static size_t
cell(struct flow_cells *f, struct rct_count *k, int fixed)
{
	struct rct_count **grown;
	size_t i = 0;

	if (f->rc != 0)
		return 0;
	if ((f->rc = rct_suppress_cells_add(&f->cells, k ? k->n : 0, fixed,
		 &i)) != 0)
		return 0;
	if ((grown = realloc(f->at, (i + 1) * sizeof(*grown))) == NULL) {
		f->rc = rct_error(RCT_ENOMEM, "out of memory");
		return 0;
	}
	f->at = grown;
	f->at[i] = k;
	return i;
}

static void
sum(struct flow_cells *f, size_t total, const size_t *parts, size_t n)
{
	if (f->rc == 0)
		f->rc = rct_suppress_cells_sum(&f->cells, total, parts, n);
}

/* An arm's counts in one list: these first, then the exit reasons. */
enum {
	ALLOCATED,
	WITHDREW,
	EXITED,
	LOST,
	LEFT_OUT,
	ANALYSED,
	RECEIVED,
	NOT_RECEIVED,
	REASON0
};

static size_t
arm_counts(struct rct_consort *c, size_t a, struct rct_count **k)
{
	struct rct_consort_arm *r = &c->arms[a];
	size_t i;

	k[ALLOCATED] = &r->allocated;
	k[WITHDREW] = &r->withdrew;
	k[EXITED] = &r->exited;
	k[LOST] = &r->lost;
	k[LEFT_OUT] = &r->left_out;
	k[ANALYSED] = &r->analysed;
	k[RECEIVED] = &r->received;
	k[NOT_RECEIVED] = &r->not_received;
	for (i = 0; i < c->nreasons; i++)
		k[REASON0 + i] = &r->exit_reason[i];
	return REASON0 + c->nreasons;
}

#define ARM_COUNTS (REASON0 + RCT_CONSORT_MAX_REASONS)

static int
suppress_flow(struct rct_consort *c, int min_cell)
{
	struct flow_cells f;
	struct rct_count *k[RCT_CONSORT_MAX_ARMS][ARM_COUNTS];
	size_t idx[RCT_CONSORT_MAX_ARMS][ARM_COUNTS];
	size_t parts[64 + RCT_CONSORT_MAX_ARMS], a, i, j, n = 0;
	size_t assessed = 0, excl = 0, enrolled, notrand, rand;
	long sum_n;
	int rc;

	memset(&f, 0, sizeof(f));
	rct_suppress_cells_init(&f.cells);
	/* Enrolment. */
	if (c->assessed.n >= 0) {
		assessed = cell(&f, &c->assessed, 0);
		excl = cell(&f, &c->excluded_count, 0);
		for (i = 0, sum_n = 0; i < c->nexcluded && i < 64; i++) {
			parts[i] = cell(&f, &c->excluded[i], 0);
			sum_n += c->excluded[i].n;
		}
		if (c->nexcluded > 0 && c->nexcluded <= 64 &&
		    sum_n == c->excluded_count.n)
			sum(&f, excl, parts, c->nexcluded);
	}
	enrolled = cell(&f, &c->enrolled, 0);
	notrand = cell(&f, &c->not_randomized, 0);
	rand = cell(&f, &c->randomized, 0);
	if (c->assessed.n >= 0 && !c->partial) {
		parts[0] = excl;
		parts[1] = enrolled;
		sum(&f, assessed, parts, 2);
	}
	parts[0] = notrand;
	parts[1] = rand;
	sum(&f, enrolled, parts, 2);
	for (a = 0; a < c->narms; a++) {
		n = arm_counts(c, a, k[a]);
		for (j = 0; j < n; j++)
			idx[a][j] = cell(&f, k[a][j],
			    j == ALLOCATED || j == ANALYSED || j == LOST ||
				j == LEFT_OUT);
	}
	for (a = 0; a < c->narms; a++)
		parts[a] = idx[a][ALLOCATED];
	sum(&f, rand, parts, c->narms);
	for (a = 0; a < c->narms; a++) {
		const struct rct_consort_arm *r = &c->arms[a];

		parts[0] = idx[a][ANALYSED];
		parts[1] = idx[a][LOST];
		parts[2] = idx[a][LEFT_OUT];
		sum(&f, idx[a][ALLOCATED], parts, 3);
		for (i = 0, sum_n = 0; i < c->nreasons; i++) {
			parts[i] = idx[a][REASON0 + i];
			sum_n += r->exit_reason[i].n;
		}
		if (c->nreasons > 0 && sum_n == r->exited.n)
			sum(&f, idx[a][EXITED], parts, c->nreasons);
		if (c->has_takeup &&
		    r->received.n + r->not_received.n == r->allocated.n) {
			parts[0] = idx[a][RECEIVED];
			parts[1] = idx[a][NOT_RECEIVED];
			sum(&f, idx[a][ALLOCATED], parts, 2);
		}
	}
	if ((rc = f.rc) == 0)
		rc = rct_suppress_cells(&f.cells, min_cell);
	for (i = 0; rc == 0 && i < f.cells.n; i++)
		if (f.at[i]) {
			f.at[i]->hidden = f.cells.suppressed[i];
			c->any_hidden |= f.cells.suppressed[i] != 0;
		}
	rct_suppress_cells_release(&f.cells);
	free(f.at);
	return rc;
}

int
rct_consort(struct rct_store *s, long assessed, char *const *excluded,
    size_t nexcluded, int min_cell, struct rct_consort *out)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	size_t i;
	long v;
	int rc;

	memset(out, 0, sizeof(*out));
	out->title = p->name;
	out->outcome = p->primary;
	out->assessed.n = assessed;
	out->cluster = p->unit == RCT_UNIT_CLUSTER;
	out->min_cell = min_cell;
	out->reasons = rct_exit_reasons;
	while (rct_exit_reasons[out->nreasons] &&
	    out->nreasons < RCT_CONSORT_MAX_REASONS)
		out->nreasons++;
	/* Without counts given, the store's screening log, when it has one. */
	if (assessed < 0 && nexcluded == 0) {
		out->assessed.n = -1;
		if ((rc = from_log(s, out)) != 0 ||
		    (rc = count_flow(s, p, out, 1)) != 0 ||
		    (rc = suppress_flow(out, min_cell)) != 0)
			rct_consort_release(out);
		return rc;
	}
	out->excluded_reason = calloc(nexcluded + 1, sizeof(char *));
	out->excluded = calloc(nexcluded + 1, sizeof(*out->excluded));
	if (out->excluded_reason == NULL || out->excluded == NULL) {
		rct_consort_release(out);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	for (i = 0; i < nexcluded; i++) {
		const char *eq = strrchr(excluded[i], '=');

		if (eq == NULL || eq == excluded[i] ||
		    rct_text_parse_long(eq + 1, &v) != 0 || v < 0) {
			rct_consort_release(out);
			return rct_error(RCT_EINVAL,
			    "--excluded '%s': expected REASON=COUNT",
			    excluded[i]);
		}
		if ((out->excluded_reason[i] = strndup(excluded[i],
			 (size_t)(eq - excluded[i]))) == NULL) {
			rct_consort_release(out);
			return rct_error(RCT_ENOMEM, "out of memory");
		}
		out->nexcluded = i + 1;
		if (rct_text_check("an exclusion reason",
			out->excluded_reason[i]) != 0) {
			rct_consort_release(out);
			return RCT_EINVAL;
		}
		out->excluded[i].n = v;
		out->excluded_count.n += v;
	}
	if ((rc = count_flow(s, p, out, 0)) != 0 ||
	    (rc = suppress_flow(out, min_cell)) != 0)
		rct_consort_release(out);
	return rc;
}

void
rct_consort_release(struct rct_consort *c)
{
	size_t i;

	for (i = 0; c->excluded_reason && i < c->nexcluded; i++)
		free(c->excluded_reason[i]);
	free(c->excluded_reason);
	free(c->excluded);
	memset(c, 0, sizeof(*c));
}
