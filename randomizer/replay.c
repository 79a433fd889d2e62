/*
 * The replay (replay.h).  The allocator starts from nothing, as the trial
 * did, and is fed the logged allocations in order: one by one for the
 * sequential methods, as whole groups for a batch or a lottery (the rows
 * of one batch are consecutive in the log, in the order they were drawn).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "alloc.h"
#include "allocation.h"
#include "buf.h"
#include "concealed.h"
#include "conceal.h"
#include "error.h"
#include "json.h"
#include "logged.h"
#include "protocol.h"
#include "register.h"
#include "replay.h"
#include "verify.h"

/* A logged allocation kept until its batch is complete. */
struct held {
	struct rct_logged_allocation a;
	char *strings[8];
	char *levels[RCT_MAX_FACTORS];
};

struct replay {
	struct rct_store *s;
	const struct rct_protocol *p;
	struct rct_allocator *alloc;
	int factor_var[RCT_MAX_FACTORS];
	struct held *held;
	size_t nheld, cap;
	char group[64]; /* "batch:3" or "lottery:2", or "" */
	char **cluster_names, **cluster_arms;
	size_t nclusters, clcap;
	struct rct_buf probs;
	struct rct_buf sealed;
	unsigned char conceal[RCT_CONCEAL_KEY_BYTES];
	int64_t count;
};

static char *
dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* The unit a logged allocation was; levels is room for its factors. */
static void
unit_of(struct replay *r, const struct rct_logged_allocation *a,
    struct rct_alloc_unit *u, const char **levels)
{
	rct_logged_unit(r->p, r->factor_var, a, u, levels);
}

static int differs(const struct rct_logged_allocation *a, const char *what,
    const char *logged, const char *replayed);

static int
remember_cluster(struct replay *r, const char *name, const char *arm)
{
	char **names, **arms;

	if (r->nclusters == r->clcap) {
		r->clcap = r->clcap ? 2 * r->clcap : 64;
		names = realloc(r->cluster_names, r->clcap * sizeof(char *));
		if (names == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		r->cluster_names = names;
		arms = realloc(r->cluster_arms, r->clcap * sizeof(char *));
		if (arms == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		r->cluster_arms = arms;
	}
	r->cluster_names[r->nclusters] = strdup(name);
	r->cluster_arms[r->nclusters] = strdup(arm);
	r->nclusters++;
	return 0;
}

/* A member's arm must be its cluster's, as replayed. */
static int
check_member(struct replay *r, const struct rct_logged_allocation *a)
{
	size_t i;

	for (i = r->nclusters; i > 0; i--)
		if (strcmp(r->cluster_names[i - 1], a->cluster) == 0) {
			if (strcmp(r->cluster_arms[i - 1], a->arm) != 0)
				return differs(a, "arm", a->arm,
				    r->cluster_arms[i - 1]);
			r->count++;
			return 0;
		}
	return rct_error(RCT_ECHECK,
	    "replay: audit entry %lld allocates a "
	    "member of cluster '%s', which was never "
	    "allocated",
	    (long long)a->seq, a->cluster);
}

static int
differs(const struct rct_logged_allocation *a, const char *what,
    const char *logged, const char *replayed)
{
	char who[RCT_PID_MAX + 40];

	if (a->participant)
		rct_register_participant_format(who, a->participant);
	else
		snprintf(who, sizeof(who), "cluster '%s'", a->cluster);
	return rct_error(RCT_ECHECK,
	    "replay: %s (audit entry %lld) has %s "
	    "'%s', but the secret and the protocol give "
	    "'%s'",
	    who, (long long)a->seq, what, logged, replayed);
}

/*
 * A draw of a sequential method was stored sealed (conceal.h): seal the
 * replayed detail the same way and compare the bytes; name the logged one
 * opened when they differ.
 */
static int
compare_sealed(struct replay *r, const struct rct_logged_allocation *a,
    const char *seq, const struct rct_decision *d)
{
	char unit[RCT_PID_MAX + 256], opened[512];

	if (a->participant)
		rct_register_participant_format(unit, a->participant);
	else
		snprintf(unit, sizeof(unit), "%s", a->cluster);
	rct_buf_reset(&r->sealed);
	rct_conceal_seal(&r->sealed, r->conceal, seq, d->position, unit,
	    d->detail);
	if (strcmp(a->detail, rct_buf_str(&r->sealed)) == 0)
		return 0;
	if (rct_conceal_open(opened, sizeof(opened), r->conceal, seq,
		d->position, unit, a->detail) != 0)
		snprintf(opened, sizeof(opened),
		    "%.100s (not sealed under the trial's secret)", a->detail);
	return differs(a, "draw", opened, d->detail);
}

static int
compare(struct replay *r, const struct rct_logged_allocation *a,
    const struct rct_alloc_unit *u, const struct rct_decision *d, int sealed)
{
	const char *arm = r->p->arms[d->arm].name;
	const char *seq = rct_alloc_sequence(r->p, u);
	char pos[24], want[24];
	int rc;

	rct_buf_reset(&r->probs);
	rct_alloc_probabilities(&r->probs, r->p, d->prob);
	snprintf(pos, sizeof(pos), "%lld", (long long)a->position);
	snprintf(want, sizeof(want), "%lld", (long long)d->position);
	if (strcmp(a->arm, arm) != 0)
		rc = differs(a, "arm", a->arm, arm);
	else if (a->sequence == NULL || strcmp(a->sequence, seq) != 0)
		rc =
		    differs(a, "sequence", a->sequence ? a->sequence : "", seq);
	else if (a->position != d->position)
		rc = differs(a, "position", pos, want);
	else if (strcmp(a->probabilities, rct_buf_str(&r->probs)) != 0)
		rc = differs(a, "probabilities", a->probabilities,
		    rct_buf_str(&r->probs));
	else if (sealed)
		rc = compare_sealed(r, a, seq, d);
	else if (strcmp(a->detail, d->detail) != 0)
		rc = differs(a, "draw", a->detail, d->detail);
	else
		rc = 0;
	r->count += rc == 0;
	if (rc == 0 && a->participant == 0)
		rc = remember_cluster(r, a->cluster, arm);
	return rc;
}

static void
release_held(struct replay *r)
{
	size_t i, k;

	for (i = 0; i < r->nheld; i++) {
		for (k = 0; k < 8; k++)
			free(r->held[i].strings[k]);
		for (k = 0; k < RCT_MAX_FACTORS; k++)
			free(r->held[i].levels[k]);
	}
	r->nheld = 0;
	r->group[0] = '\0';
}

/* Keep a copy of a logged allocation until its batch is complete. */
static int
hold(struct replay *r, const struct rct_logged_allocation *a)
{
	struct held *h, *grown;
	struct rct_alloc_unit u;
	const char *levels[RCT_MAX_FACTORS];
	size_t f;

	if (r->nheld == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 256;
		if ((grown = realloc(r->held, r->cap * sizeof(*grown))) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		r->held = grown;
	}
	h = &r->held[r->nheld++];
	memset(h, 0, sizeof(*h));
	h->a = *a;
	h->a.cluster = h->strings[0] = dup(a->cluster);
	h->a.arm = h->strings[1] = dup(a->arm);
	h->a.sequence = h->strings[2] = dup(a->sequence);
	h->a.probabilities = h->strings[3] = dup(a->probabilities);
	h->a.detail = h->strings[4] = dup(a->detail);
	h->a.site = h->strings[5] = dup(a->site);
	h->a.stratum = h->strings[6] = dup(a->stratum);
	h->a.values = NULL;
	h->a.nvalues = 0;
	unit_of(r, a, &u, levels);
	for (f = 0; f < r->p->nfactors; f++)
		h->levels[f] = dup(levels[f]);
	return 0;
}

struct group_check {
	struct replay *r;
	struct rct_alloc_unit *u;
};

static int
compare_held(void *arg, size_t i, const struct rct_decision *d)
{
	struct group_check *g = arg;

	return compare(g->r, &g->r->held[i].a, &g->u[i], d, 0);
}

/* Draw the held batch or lottery again and compare each allocation. */
static int
replay_group(struct replay *r)
{
	struct group_check g;
	const char *unused[RCT_MAX_FACTORS];
	char capacity[32];
	size_t i;
	int rc = 0;

	if (r->nheld == 0)
		return 0;
	if ((g.u = calloc(r->nheld, sizeof(*g.u))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	g.r = r;
	for (i = 0; i < r->nheld; i++) {
		unit_of(r, &r->held[i].a, &g.u[i], unused);
		g.u[i].levels = (const char *const *)r->held[i].levels;
	}
	if (strncmp(r->group, "lottery:", 8) == 0) {
		if (rct_json_field(r->held[0].a.detail, "capacity", capacity,
			sizeof(capacity)) != 0)
			rc = rct_error(RCT_ECHECK,
			    "replay: lottery of audit "
			    "entry %lld has no capacity",
			    (long long)r->held[0].a.seq);
		else
			rc = rct_alloc_lottery(r->alloc, g.u, r->nheld,
			    atoll(capacity), compare_held, &g);
	} else
		rc = rct_alloc_batch(r->alloc, g.u, r->nheld, compare_held, &g);
	free(g.u);
	release_held(r);
	return rc;
}

static int
replay_one(void *arg, const struct rct_logged_allocation *a)
{
	struct replay *r = arg;
	struct rct_alloc_unit u;
	struct rct_decision d;
	const char *levels[RCT_MAX_FACTORS];
	char group[64];
	int rc;

	if (a->participant != 0 && a->cluster != NULL) {
		if ((rc = replay_group(r)) != 0)
			return rc;
		return check_member(r, a);
	}
	rct_logged_group(a->detail, group);
	if (strcmp(group, r->group) != 0 && (rc = replay_group(r)) != 0)
		return rc;
	if (group[0]) {
		snprintf(r->group, sizeof(r->group), "%s", group);
		return hold(r, a);
	}
	unit_of(r, a, &u, levels);
	if ((rc = rct_alloc_next(r->alloc, &u, &d)) != 0)
		return rc;
	return compare(r, a, &u, &d, 1);
}

int
rct_replay(struct rct_store *s, int64_t *replayed)
{
	unsigned char secret[32];
	struct replay r;
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	r.s = s;
	r.p = rct_store_protocol(s);
	rct_buf_init(&r.probs);
	rct_buf_init(&r.sealed);
	rct_logged_factors(r.p, r.factor_var);
	if ((rc = rct_concealed_protocol_open(s, &r.p)) != 0 ||
	    (rc = rct_allocation_secret(s, secret)) != 0)
		return rc;
	rc = rct_alloc_new(&r.alloc, r.p, secret, &rct_alloc_fresh);
	rct_conceal_key(r.conceal, secret);
	sodium_memzero(secret, sizeof(secret));
	if (rc == 0)
		rc = rct_verify_allocations(s, replay_one, &r);
	if (rc == 0)
		rc = replay_group(&r);
	release_held(&r);
	free(r.held);
	for (i = 0; i < r.nclusters; i++) {
		free(r.cluster_names[i]);
		free(r.cluster_arms[i]);
	}
	free(r.cluster_names);
	free(r.cluster_arms);
	rct_alloc_free(r.alloc);
	rct_buf_release(&r.probs);
	rct_buf_release(&r.sealed);
	sodium_memzero(r.conceal, sizeof(r.conceal));
	*replayed = r.count;
	return rc;
}
