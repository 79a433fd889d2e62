/*
 * Re-drawing allocations (redraw.h).  The log is read once into a plan:
 * the units (participants, or clusters) in the order they were allocated,
 * grouped as the trial allocated them (runs of units one by one, or a
 * batch or lottery at once), and for every participant the unit whose
 * arm is theirs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "concealed.h"
#include "error.h"
#include "text.h"
#include "json.h"
#include "logged.h"
#include "redraw.h"
#include "verify.h"

enum event_kind { ONE, BATCH, LOTTERY };

struct event {
	enum event_kind kind; /* ONE: n units allocated one after the other */
	size_t first, n; /* units */
	int64_t capacity; /* lottery */
};

struct member {
	int64_t participant;
	size_t unit;
};

struct rct_redraw {
	const struct rct_protocol *p;
	int factor_var[RCT_MAX_FACTORS];
	struct rct_alloc_unit *units;
	char **strings; /* every string the units point to */
	size_t nunits, ucap, nstrings, scap;
	struct event *events;
	size_t nevents, ecap;
	struct member *members;
	size_t nmembers, mcap;
	/*
	 * Blocks one by one only (group_units): the units by stratum, the
	 * i-th being unit grouped_unit[i], each stratum a range of them; a
	 * redrawer gives the arms in this order, unit u's at grouped_at[u].
	 */
	size_t *grouped_unit, *grouped_at;
	struct range {
		size_t first, n;
	} * strata;
	size_t nstrata;
	char group[64];
	/* kept strings by value, so equal strings share one address */
	size_t *kept, nkept;
	/* clusters by name: open addressing, unit index + 1 */
	size_t *slots, nslots;
	int failed;
};

static const char *keep_new(struct rct_redraw *r, const char *s);

/* One copy of each distinct string (the allocator's cache needs it). */
static const char *
keep(struct rct_redraw *r, const char *s)
{
	size_t i, j, cap, *slots;
	const char *k;

	if (s == NULL)
		return NULL;
	if (2 * (r->nstrings + 1) > r->nkept) {
		cap = r->nkept ? 2 * r->nkept : 1024;
		if ((slots = calloc(cap, sizeof(*slots))) == NULL) {
			r->failed = 1;
			return NULL;
		}
		for (j = 0; j < r->nkept; j++)
			if (r->kept[j]) {
				for (i = rct_text_hash_string(
					     r->strings[r->kept[j] - 1]) &
					 (cap - 1);
				     slots[i]; i = (i + 1) & (cap - 1))
					;
				slots[i] = r->kept[j];
			}
		free(r->kept);
		r->kept = slots;
		r->nkept = cap;
	}
	for (i = rct_text_hash_string(s) & (r->nkept - 1); r->kept[i];
	     i = (i + 1) & (r->nkept - 1))
		if (strcmp(r->strings[r->kept[i] - 1], s) == 0)
			return r->strings[r->kept[i] - 1];
	if ((k = keep_new(r, s)) != NULL)
		r->kept[i] = r->nstrings;
	return k;
}

static const char *
keep_new(struct rct_redraw *r, const char *s)
{
	char **grown;

	if (r->nstrings == r->scap) {
		r->scap = r->scap ? 2 * r->scap : 1024;
		if ((grown = realloc(r->strings, r->scap * sizeof(*grown))) ==
		    NULL) {
			r->failed = 1;
			return NULL;
		}
		r->strings = grown;
	}
	if ((r->strings[r->nstrings] = strdup(s)) == NULL)
		r->failed = 1;
	return r->strings[r->nstrings++];
}

static int
grow(void **p, size_t *cap, size_t n, size_t size)
{
	void *q;

	if (n < *cap)
		return 0;
	*cap = *cap ? 2 * *cap : 256;
	if ((q = realloc(*p, *cap * size)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	*p = q;
	return 0;
}

/* The unit of a cluster by name, or (size_t)-1. */
static size_t
cluster_unit(const struct rct_redraw *r, const char *name)
{
	size_t i;

	if (r->nslots == 0)
		return (size_t)-1;
	for (i = rct_text_hash_string(name) & (r->nslots - 1); r->slots[i];
	     i = (i + 1) & (r->nslots - 1))
		if (strcmp(r->units[r->slots[i] - 1].cluster, name) == 0)
			return r->slots[i] - 1;
	return (size_t)-1;
}

static int
add_cluster(struct rct_redraw *r, size_t unit)
{
	size_t i, j, cap;
	size_t *slots;

	if (2 * (unit + 1) > r->nslots) {
		cap = r->nslots ? 2 * r->nslots : 256;
		if ((slots = calloc(cap, sizeof(*slots))) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		for (j = 0; j < r->nslots; j++)
			if (r->slots[j]) {
				for (i = rct_text_hash_string(
					     r->units[r->slots[j] - 1]
						 .cluster) &
					 (cap - 1);
				     slots[i]; i = (i + 1) & (cap - 1))
					;
				slots[i] = r->slots[j];
			}
		free(r->slots);
		r->slots = slots;
		r->nslots = cap;
	}
	for (i = rct_text_hash_string(r->units[unit].cluster) & (r->nslots - 1);
	     r->slots[i]; i = (i + 1) & (r->nslots - 1))
		;
	r->slots[i] = unit + 1;
	return 0;
}

static int
add_member(struct rct_redraw *r, int64_t participant, size_t unit)
{
	int rc;

	if ((rc = grow((void **)&r->members, &r->mcap, r->nmembers,
		 sizeof(*r->members))) != 0)
		return rc;
	r->members[r->nmembers].participant = participant;
	r->members[r->nmembers++].unit = unit;
	return 0;
}

static int
read_one(void *arg, const struct rct_logged_allocation *a)
{
	struct rct_redraw *r = arg;
	struct rct_alloc_unit u;
	const char *levels[RCT_MAX_FACTORS];
	const char **kept;
	char group[64], capacity[32];
	struct event *e;
	size_t f, k;
	int rc;

	if (a->participant != 0 && a->cluster != NULL) {
		/* A member: the arm of its cluster. */
		if ((k = cluster_unit(r, a->cluster)) == (size_t)-1)
			return rct_error(RCT_ECHECK,
			    "audit entry %lld allocates a member of cluster "
			    "'%s', which was never allocated",
			    (long long)a->seq, a->cluster);
		return add_member(r, a->participant, k);
	}
	rct_logged_unit(r->p, r->factor_var, a, &u, levels);
	if ((rc = grow((void **)&r->units, &r->ucap, r->nunits,
		 sizeof(*r->units))) != 0 ||
	    (rc = grow((void **)&r->events, &r->ecap, r->nevents,
		 sizeof(*r->events))) != 0)
		return rc;
	if ((kept = calloc(r->p->nfactors + 1, sizeof(char *))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (f = 0; f < r->p->nfactors; f++)
		kept[f] = keep(r, levels[f]);
	/* The level lists are strings too: kept to be freed with them. */
	if (r->nstrings == r->scap &&
	    (rc = grow((void **)&r->strings, &r->scap, r->nstrings,
		 sizeof(char *))) != 0) {
		free(kept);
		return rc;
	}
	r->strings[r->nstrings++] = (char *)kept;
	u.levels = kept;
	u.cluster = keep(r, u.cluster);
	u.stratum = keep(r, u.stratum);
	u.site = keep(r, u.site);
	if (r->failed)
		return rct_error(RCT_ENOMEM, "out of memory");
	k = r->nunits++;
	r->units[k] = u;
	if (u.cluster && (rc = add_cluster(r, k)) != 0)
		return rc;
	if (a->participant && (rc = add_member(r, a->participant, k)) != 0)
		return rc;
	/* One by one, or a unit of the batch or lottery going on. */
	rct_logged_group(a->detail, group);
	e = r->nevents ? &r->events[r->nevents - 1] : NULL;
	if (e && e->first + e->n == k &&
	    (group[0] ? e->kind != ONE && strcmp(group, r->group) == 0 :
			e->kind == ONE)) {
		e->n++;
		return 0;
	}
	e = &r->events[r->nevents++];
	memset(e, 0, sizeof(*e));
	e->first = k;
	e->n = 1;
	e->kind = group[0] == 'b' ? BATCH : group[0] == 'l' ? LOTTERY : ONE;
	if (e->kind == LOTTERY) {
		if (rct_json_field(a->detail, "capacity", capacity,
			sizeof(capacity)) != 0)
			return rct_error(RCT_ECHECK,
			    "lottery of audit entry %lld has no capacity",
			    (long long)a->seq);
		e->capacity = atoll(capacity);
	}
	snprintf(r->group, sizeof(r->group), "%s", group);
	return 0;
}

struct keyed {
	uintptr_t stratum;
	size_t unit;
};

static int
by_stratum(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->stratum != y->stratum)
		return x->stratum < y->stratum ? -1 : 1;
	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/*
 * In a blocked trial allocated one by one, a unit's arm depends only on
 * its stratum and its place among the stratum's units (each stratum has
 * its own count and blocks, drawn on streams named by the stratum), not
 * on the units of other strata in between.  So re-draws may allocate the
 * units stratum by stratum, and a whole block goes at once.  (Equal
 * strata share one kept string; the units of a stratum are alike.)
 */
static int
group_units(struct rct_redraw *r)
{
	struct keyed *k;
	size_t e, i;

	if (r->p->method != RCT_METHOD_BLOCKS)
		return 0;
	for (e = 0; e < r->nevents; e++)
		if (r->events[e].kind != ONE)
			return 0;
	k = malloc((r->nunits + 1) * sizeof(*k));
	r->strata = malloc((r->nunits + 1) * sizeof(*r->strata));
	r->grouped_unit = malloc((r->nunits + 1) * sizeof(size_t));
	r->grouped_at = malloc((r->nunits + 1) * sizeof(size_t));
	if (k == NULL || r->strata == NULL || r->grouped_unit == NULL ||
	    r->grouped_at == NULL) {
		free(k);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	for (i = 0; i < r->nunits; i++) {
		k[i].stratum = (uintptr_t)r->units[i].stratum;
		k[i].unit = i;
	}
	qsort(k, r->nunits, sizeof(*k), by_stratum);
	for (i = 0; i < r->nunits; i++) {
		r->grouped_unit[i] = k[i].unit;
		r->grouped_at[k[i].unit] = i;
		if (i == 0 || k[i].stratum != k[i - 1].stratum) {
			r->strata[r->nstrata].first = i;
			r->strata[r->nstrata++].n = 0;
		}
		r->strata[r->nstrata - 1].n++;
	}
	free(k);
	return 0;
}

static int
by_participant(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	return x->participant < y->participant ?
	    -1 :
	    x->participant > y->participant;
}

int
rct_redraw_load(struct rct_store *s, struct rct_redraw **out)
{
	struct rct_redraw *r = calloc(1, sizeof(*r));
	int rc;

	*out = NULL;
	if (r == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	r->p = rct_store_protocol(s);
	if ((rc = rct_concealed_protocol_open(s, &r->p)) != 0) {
		rct_redraw_free(r);
		return rc;
	}
	rct_logged_factors(r->p, r->factor_var);
	if ((rc = rct_verify_allocations(s, read_one, r)) != 0 ||
	    (rc = group_units(r)) != 0) {
		rct_redraw_free(r);
		return rc;
	}
	qsort(r->members, r->nmembers, sizeof(*r->members), by_participant);
	*out = r;
	return 0;
}

void
rct_redraw_free(struct rct_redraw *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nstrings; i++)
		free(r->strings[i]);
	free(r->strings);
	free(r->units);
	free(r->events);
	free(r->members);
	free(r->strata);
	free(r->grouped_unit);
	free(r->grouped_at);
	free(r->slots);
	free(r->kept);
	free(r);
}

size_t
rct_redraw_participants(const struct rct_redraw *r)
{
	return r->nmembers;
}

int64_t
rct_redraw_participant(const struct rct_redraw *r, size_t k)
{
	return r->members[k].participant;
}

static int
emit(void *arg, size_t i, const struct rct_decision *d)
{
	int *arms = arg;

	arms[i] = d->arm;
	return 0;
}

size_t
rct_redraw_units(const struct rct_redraw *r)
{
	return r->nunits;
}

size_t
rct_redraw_unit(const struct rct_redraw *r, size_t k)
{
	size_t u = r->members[k].unit;

	return r->grouped_at ? r->grouped_at[u] : u;
}

/* Every event of the plan through allocator a; one by one when plain. */
static int
draw_events(const struct rct_redraw *r, struct rct_allocator *a, int plain,
    int *unit_arm)
{
	struct rct_decision d;
	size_t e, k;
	int rc = 0;

	for (e = 0; rc == 0 && e < r->nevents; e++) {
		const struct event *ev = &r->events[e];

		if (ev->kind == ONE && plain)
			for (k = ev->first; rc == 0 && k < ev->first + ev->n;
			     k++) {
				rc = rct_alloc_next(a, &r->units[k], &d);
				unit_arm[k] = d.arm;
			}
		else if (ev->kind == ONE)
			rc = rct_redraw_run(a, &r->units[ev->first], ev->n,
			    unit_arm + ev->first);
		else if (ev->kind == BATCH)
			rc = rct_alloc_batch(a, &r->units[ev->first], ev->n,
			    emit, unit_arm + ev->first);
		else
			rc = rct_alloc_lottery(a, &r->units[ev->first], ev->n,
			    ev->capacity, emit, unit_arm + ev->first);
	}
	return rc;
}

int
rct_redraw_draw(const struct rct_redraw *r, const unsigned char secret[32],
    int *arm)
{
	struct rct_allocator *a;
	int *unit_arm = malloc((r->nunits + 1) * sizeof(int));
	size_t k;
	int rc;

	if (unit_arm == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if ((rc = rct_alloc_new(&a, r->p, secret, &rct_alloc_fresh)) != 0) {
		free(unit_arm);
		return rc;
	}
	rc = draw_events(r, a, 1, unit_arm);
	for (k = 0; rc == 0 && k < r->nmembers; k++)
		arm[k] = unit_arm[r->members[k].unit];
	rct_alloc_free(a);
	free(unit_arm);
	return rc;
}

struct rct_redrawer {
	const struct rct_redraw *r;
	struct rct_allocator *a;
};

int
rct_redraw_drawer_new(struct rct_redrawer **out, const struct rct_redraw *r)
{
	static const unsigned char none[32];
	struct rct_redrawer *d = calloc(1, sizeof(*d));
	int rc;

	*out = NULL;
	if (d == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	d->r = r;
	/* Keyed with each draw's secret by rct_redraw_allocator_reset. */
	if ((rc = rct_alloc_new(&d->a, r->p, none, &rct_alloc_fresh)) != 0) {
		free(d);
		return rc;
	}
	rct_alloc_quiet(d->a);
	*out = d;
	return 0;
}

int
rct_redraw_drawer_draw(struct rct_redrawer *d, const unsigned char secret[32],
    int *unit_arm)
{
	const struct rct_redraw *r = d->r;
	size_t i;
	int rc;

	if ((rc = rct_redraw_allocator_reset(d->a, secret)) != 0)
		return rc;
	if (r->grouped_unit == NULL)
		return draw_events(r, d->a, 0, unit_arm);
	for (i = 0; i < r->nstrata; i++) {
		const struct range *g = &r->strata[i];

		if ((rc = rct_redraw_alike(d->a,
			 &r->units[r->grouped_unit[g->first]], g->n,
			 unit_arm + g->first)) != 0)
			return rc;
	}
	return 0;
}

void
rct_redraw_drawer_free(struct rct_redrawer *d)
{
	if (d == NULL)
		return;
	rct_alloc_free(d->a);
	free(d);
}
