/*
 * Allocating participants of a store (assign.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "alloc.h"
#include "allocation.h"
#include "assign.h"
#include "audit.h"
#include "block_memo.h"
#include "buf.h"
#include "checkpoint.h"
#include "concealed.h"
#include "conceal.h"
#include "error.h"
#include "participant.h"
#include "protocol.h"
#include "witness_client.h"

/* A participant as read for allocation. */
struct candidate {
	int64_t id;
	char *site;
	char *stratum;
	char *cluster;
	char **levels; /* minimization: one per factor, or NULL */
};

struct candidates {
	const struct rct_protocol *p;
	struct candidate *c;
	size_t n, cap;
	int pending; /* skip the withdrawn rather than refuse */
	int cluster_var; /* index of the cluster variable, or -1 */
	int factor_var[RCT_MAX_FACTORS]; /* -1 for "site" */
	const char *site; /* lottery: only this site */
};

static void
candidates_free(struct candidates *cs)
{
	size_t i, f;

	for (i = 0; i < cs->n; i++) {
		free(cs->c[i].site);
		free(cs->c[i].stratum);
		free(cs->c[i].cluster);
		for (f = 0; cs->c[i].levels && f < cs->p->nfactors; f++)
			free(cs->c[i].levels[f]);
		free(cs->c[i].levels);
	}
	free(cs->c);
}

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int
take(void *arg, const struct rct_participant *p)
{
	struct candidates *cs = arg;
	struct candidate *c, *grown;
	size_t f;

	/* With witnesses, not even this tells an arm before they cosign. */
	if (p->arm && cs->p->nwitnesses)
		return rct_error(RCT_EEXISTS, "%s is already allocated",
		    p->pid);
	if (p->arm)
		return rct_error(RCT_EEXISTS, "%s is already allocated to '%s'",
		    p->pid, p->arm);
	if (p->withdrawn) {
		if (cs->pending)
			return 0;
		return rct_error(RCT_EINVAL,
		    "%s withdrew on %s and is not "
		    "allocated",
		    p->pid, p->withdrawn);
	}
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? 2 * cs->cap : 64;
		if ((grown = realloc(cs->c, cs->cap * sizeof(*grown))) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		cs->c = grown;
	}
	c = &cs->c[cs->n++];
	memset(c, 0, sizeof(*c));
	c->id = p->id;
	c->site = strdup(p->site);
	c->stratum = dup_or_null(p->stratum);
	if (cs->cluster_var >= 0)
		c->cluster = dup_or_null(p->values[cs->cluster_var]);
	if (cs->p->nfactors > 0 &&
	    (c->levels = calloc(cs->p->nfactors, sizeof(char *))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (f = 0; f < cs->p->nfactors; f++)
		c->levels[f] = dup_or_null(cs->factor_var[f] < 0 ?
			p->site :
			p->values[cs->factor_var[f]]);
	if (c->site == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	/* Allocation is refused while a stratification factor is missing. */
	if (cs->p->nstrata > 0 && c->stratum == NULL)
		return rct_error(RCT_EINVAL,
		    "%s cannot be allocated: a "
		    "stratification factor (%s) is missing",
		    p->pid, "site, or a stratum variable");
	for (f = 0; f < cs->p->nfactors; f++)
		if (c->levels[f] == NULL)
			return rct_error(RCT_EINVAL,
			    "%s cannot be allocated: "
			    "minimization factor '%s' is missing",
			    p->pid, cs->p->factors[f]);
	if (cs->cluster_var >= 0 && c->cluster == NULL)
		return rct_error(RCT_EINVAL,
		    "%s cannot be allocated: its "
		    "cluster '%s' is missing",
		    p->pid, cs->p->cluster);
	return 0;
}

static int
variable_index(const struct rct_protocol *p, const char *name)
{
	const struct rct_variable *v = rct_protocol_variable(p, name);

	return v ? (int)(v - p->vars) : -1;
}

static int
named_before(const struct candidates *cs, int64_t id, size_t before)
{
	size_t i;

	for (i = 0; i < before; i++)
		if (cs->c[i].id == id)
			return 1;
	return 0;
}

static int
read_candidates(struct rct_store *s, const int64_t *ids, size_t n, int pending,
    const char *site, struct candidates *cs)
{
	struct rct_participant_filter f;
	char pid[RCT_PID_MAX];
	size_t i, before;
	int rc;

	memset(cs, 0, sizeof(*cs));
	cs->p = rct_store_protocol(s);
	cs->pending = pending || site != NULL;
	cs->cluster_var = cs->p->unit == RCT_UNIT_CLUSTER ?
	    variable_index(cs->p, cs->p->cluster) :
	    -1;
	for (i = 0; i < cs->p->nfactors; i++)
		cs->factor_var[i] = variable_index(cs->p, cs->p->factors[i]);
	memset(&f, 0, sizeof(f));
	f.as_enrolled = 1; /* allocation uses the values as enrolled */
	if (pending || site) {
		f.unallocated = 1;
		f.site = site;
		return rct_participant_foreach(s, &f, take, cs);
	}
	for (i = 0; i < n; i++) {
		f.id = ids[i];
		before = cs->n;
		if ((rc = rct_participant_foreach(s, &f, take, cs)) != 0)
			return rc;
		rct_register_participant_format(pid, ids[i]);
		if (cs->n == before)
			return rct_error(RCT_ENOTFOUND,
			    "participant '%s' is "
			    "not in this trial",
			    pid);
		if (named_before(cs, ids[i], before))
			return rct_error(RCT_EINVAL, "%s is named twice", pid);
	}
	return 0;
}

/* The allocator's view of earlier allocations: the store. */
struct source {
	struct rct_store *s;
	int clusters;
	struct rct_block_memo *blocks; /* NULL: walks start at block 0 */
};

static int
source_count(void *arg, const char *sequence, int64_t *n)
{
	struct source *src = arg;

	return rct_allocation_count(src->s, src->clusters, sequence, n);
}

static int
source_levels(void *arg, size_t f, const char *level, int64_t *counts)
{
	struct source *src = arg;

	return rct_allocation_level_counts(src->s,
	    rct_store_protocol(src->s)->factors[f], level, counts);
}

static int
source_block_get(void *arg, const char *stratum, struct rct_alloc_block *b)
{
	return rct_block_memo_get(((struct source *)arg)->blocks, stratum, b);
}

static void
source_block_put(void *arg, const char *stratum,
    const struct rct_alloc_block *b)
{
	rct_block_memo_put(((struct source *)arg)->blocks, stratum, b);
}

static int
source_batches(void *arg, int64_t *n)
{
	struct source *src = arg;

	return rct_allocation_batches(src->s, n);
}

static int
remember(struct rct_assignment *out, int64_t id, const char *arm,
    const char *stratum, const char *cluster, int64_t rank)
{
	struct rct_assigned *grown, *r;

	if (out->n == out->cap) {
		out->cap = out->cap ? 2 * out->cap : 64;
		if ((grown = realloc(out->rows, out->cap * sizeof(*grown))) ==
		    NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		out->rows = grown;
	}
	r = &out->rows[out->n++];
	memset(r, 0, sizeof(*r));
	rct_register_participant_format(r->pid, id);
	r->arm = strdup(arm);
	r->stratum = dup_or_null(stratum);
	r->cluster = dup_or_null(cluster);
	r->waiting_rank = rank;
	return r->arm ? 0 : rct_error(RCT_ENOMEM, "out of memory");
}

void
rct_assign_release(struct rct_assignment *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->rows[i].arm);
		free(a->rows[i].stratum);
		free(a->rows[i].cluster);
	}
	free(a->rows);
	memset(a, 0, sizeof(*a));
}

/* Everything one command needs to allocate and write. */
struct job {
	struct rct_store *s;
	const struct rct_protocol *p;
	struct rct_allocator *alloc;
	struct rct_allocation_writer *w;
	struct source src;
	struct rct_buf probs;
	double last_prob[RCT_MAX_ARMS]; /* what probs was made from */
	int have_probs;
	struct rct_assignment *out;
	/* Sequential methods: details sealed until reveal (conceal.h). */
	unsigned char conceal[RCT_CONCEAL_KEY_BYTES];
	struct rct_buf sealed;
};

/* The detail as stored: sealed for a draw of a sequential method. */
static const char *
stored_detail(struct job *j, const char *kind, const char *sequence,
    int64_t position, int64_t participant, const char *cluster,
    const char *detail)
{
	char pid[RCT_PID_MAX];

	if (kind != NULL)
		return detail;
	if (participant)
		rct_register_participant_format(pid, participant);
	rct_buf_reset(&j->sealed);
	rct_conceal_seal(&j->sealed, j->conceal, sequence, position,
	    participant ? pid : cluster, detail);
	return rct_buf_str(&j->sealed);
}

/* Once the secret is public, any further draw could be foreseen. */
static int
refuse_if_closed(struct rct_store *s)
{
	int closed, rc;

	if ((rc = rct_allocation_closed(s, &closed)) != 0)
		return rc;
	if (closed)
		return rct_error(RCT_EINVAL,
		    "the secret has been revealed: "
		    "allocation is closed");
	return 0;
}

static int
job_open(struct job *j, struct rct_store *s, struct rct_assignment *out)
{
	struct rct_alloc_source src;
	unsigned char secret[32];
	int rc;

	memset(j, 0, sizeof(*j));
	j->s = s;
	j->p = rct_store_protocol(s);
	j->out = out;
	j->src.s = s;
	j->src.clusters = j->p->unit == RCT_UNIT_CLUSTER;
	rct_buf_init(&j->probs);
	rct_buf_init(&j->sealed);
	src.arg = &j->src;
	src.stratum_count = source_count;
	src.level_counts = source_levels;
	src.batches = source_batches;
	src.block_get = source_block_get;
	src.block_put = source_block_put;
	/* The draws need the concealed part (block sizes), opened. */
	if ((rc = rct_concealed_protocol_open(s, &j->p)) != 0 ||
	    (rc = rct_allocation_secret(s, secret)) != 0)
		return rc;
	j->src.blocks = rct_block_memo_of(s, secret, j->p);
	rc = rct_alloc_new(&j->alloc, j->p, secret, &src);
	rct_conceal_key(j->conceal, secret);
	sodium_memzero(secret, sizeof(secret));
	if (rc == 0)
		rc = rct_allocation_writer_open(&j->w, s);
	return rc;
}

static int
job_close(struct job *j, int rc)
{
	int rc2 = rct_allocation_writer_close(j->w);

	rct_alloc_free(j->alloc);
	rct_buf_release(&j->probs);
	rct_buf_release(&j->sealed);
	sodium_memzero(j->conceal, sizeof(j->conceal));
	return rc ? rc : rc2;
}

/* Write one participant's allocation and remember it for printing. */
static int
write_participant(struct job *j, const struct candidate *c, int arm,
    const char *sequence, int64_t position, const char *probs,
    const char *detail, int64_t rank)
{
	struct rct_allocation_row r;
	int rc;

	r.participant = c->id;
	r.cluster = c->cluster;
	r.arm = j->p->arms[arm].name;
	r.sequence = sequence;
	r.position = position;
	r.probabilities = probs;
	r.detail = detail;
	if ((rc = rct_allocation_write(j->w, &r)) != 0)
		return rc;
	return remember(j->out, c->id, r.arm, c->stratum, c->cluster, rank);
}

static void
unit_of(const struct candidate *c, struct rct_alloc_unit *u)
{
	memset(u, 0, sizeof(*u));
	u->participant = c->id;
	u->cluster = c->cluster;
	u->stratum = c->stratum ? c->stratum : "";
	u->site = c->site;
	u->levels = (const char *const *)c->levels;
}

/* Where the decisions of one command go as they are made. */
struct sink {
	struct job *j;
	const struct candidate *c; /* the candidates, in unit order */
	const struct rct_alloc_unit *u;
	struct rct_decision *keep; /* or kept here (clusters) */
	const char *kind; /* "batch" or "lottery" for a group */
	const char *site;
	int64_t capacity;
	size_t n;
};

/* The batch or lottery number is the first member of its detail. */
static int
record_group(struct sink *k, const struct rct_decision *d)
{
	long long number;

	if (sscanf(strchr(d->detail, ':') + 1, "%lld", &number) != 1)
		return rct_error(RCT_ESTORE, "a %s without its number",
		    k->kind);
	return rct_allocation_write_batch(k->j->w, number, k->kind, k->site,
	    k->capacity, (int64_t)k->n);
}

/* Write one decision for participant unit i. */
static int
write_decision(void *arg, size_t i, const struct rct_decision *d)
{
	struct sink *k = arg;
	struct job *j = k->j;
	const struct candidate *c = &k->c[i];
	const char *sequence;
	long long lottery;
	int rc;

	if (i == 0 && k->kind && (rc = record_group(k, d)) != 0)
		return rc;
	/* A batch repeats the same probabilities: format them once. */
	if (!j->have_probs ||
	    memcmp(j->last_prob, d->prob, sizeof(d->prob)) != 0) {
		rct_buf_reset(&j->probs);
		rct_alloc_probabilities(&j->probs, j->p, d->prob);
		memcpy(j->last_prob, d->prob, sizeof(d->prob));
		j->have_probs = 1;
	}
	sequence = rct_alloc_sequence(j->p, &k->u[i]);
	if ((rc = write_participant(j, c, d->arm, sequence, d->position,
		 rct_buf_str(&j->probs),
		 stored_detail(j, k->kind, sequence, d->position, c->id, NULL,
		     d->detail),
		 d->waiting_rank)) != 0)
		return rc;
	if (d->waiting_rank > 0 &&
	    sscanf(strchr(d->detail, ':') + 1, "%lld", &lottery) == 1)
		rc = rct_allocation_write_waiting(j->w, c->id, k->site, lottery,
		    d->waiting_rank);
	return rc;
}

/* Keep a decision (a cluster's) for later. */
static int
keep_decision(void *arg, size_t i, const struct rct_decision *d)
{
	struct sink *k = arg;

	if (i == 0 && k->kind)
		record_group(k, d);
	k->keep[i] = *d;
	return 0;
}

/* Decide for units u (n of them) as the protocol's method says. */
static int
decide(struct job *j, const struct rct_alloc_unit *u, size_t n,
    rct_decision_fn emit, struct sink *k)
{
	struct rct_decision d;
	size_t i;
	int rc;

	if (j->p->method == RCT_METHOD_BATCH) {
		k->kind = "batch";
		return rct_alloc_batch(j->alloc, u, n, emit, k);
	}
	for (i = 0; i < n; i++)
		if ((rc = rct_alloc_next(j->alloc, &u[i], &d)) != 0 ||
		    (rc = emit(k, i, &d)) != 0)
			return rc;
	return 0;
}

static int
assign_individuals(struct job *j, struct candidates *cs)
{
	struct rct_alloc_unit *u;
	struct sink k;
	size_t i;
	int rc;

	if ((u = calloc(cs->n, sizeof(*u))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < cs->n; i++)
		unit_of(&cs->c[i], &u[i]);
	memset(&k, 0, sizeof(k));
	k.j = j;
	k.c = cs->c;
	k.u = u;
	k.n = cs->n;
	k.capacity = -1;
	rc = decide(j, u, cs->n, write_decision, &k);
	free(u);
	return rc;
}

/* A cluster being allocated in this command, or found allocated. */
struct cluster {
	const char *name;
	const struct candidate *first; /* its first member here */
	char *arm; /* when allocated earlier */
	char *probs;
	int decided; /* index into the new clusters */
};

static int
find_cluster(struct cluster *cl, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(cl[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
assign_clusters(struct job *j, struct candidates *cs)
{
	struct cluster *cl = NULL;
	struct rct_alloc_unit *u = NULL;
	struct rct_decision *d = NULL;
	struct rct_allocation_row r;
	struct rct_buf detail = RCT_BUF_INIT;
	struct sink sk;
	size_t ncl = 0, nnew = 0, i;
	int k, rc = 0;

	cl = calloc(cs->n + 1, sizeof(*cl));
	u = calloc(cs->n + 1, sizeof(*u));
	d = calloc(cs->n + 1, sizeof(*d));
	if (cl == NULL || u == NULL || d == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; rc == 0 && i < cs->n; i++) {
		const struct candidate *c = &cs->c[i];

		k = find_cluster(cl, ncl, c->cluster);
		if (k >= 0) {
			/* A cluster's members must share its stratum. */
			if (cl[k].arm == NULL &&
			    strcmp(cl[k].first->stratum ? cl[k].first->stratum :
							  "",
				c->stratum ? c->stratum : "") != 0)
				rc = rct_error(RCT_EINVAL,
				    "cluster '%s' has members in strata '%s' "
				    "and '%s'; a cluster belongs to one stratum",
				    c->cluster, cl[k].first->stratum,
				    c->stratum);
			continue;
		}
		cl[ncl].name = c->cluster;
		cl[ncl].first = c;
		rc = rct_allocation_cluster(j->s, c->cluster, &cl[ncl].arm,
		    &cl[ncl].probs);
		if (rc == 0 && cl[ncl].arm == NULL) {
			unit_of(c, &u[nnew]);
			u[nnew].participant = 0;
			cl[ncl].decided = (int)nnew++;
		}
		ncl++;
	}
	memset(&sk, 0, sizeof(sk));
	sk.j = j;
	sk.keep = d;
	sk.n = nnew;
	sk.capacity = -1;
	if (rc == 0 && nnew > 0)
		rc = decide(j, u, nnew, keep_decision, &sk);
	/* The clusters' own allocations, then their members'. */
	for (i = 0; rc == 0 && i < ncl; i++) {
		if (cl[i].arm != NULL)
			continue;
		k = cl[i].decided;
		rct_buf_reset(&j->probs);
		rct_alloc_probabilities(&j->probs, j->p, d[k].prob);
		r.participant = 0;
		r.cluster = cl[i].name;
		r.arm = j->p->arms[d[k].arm].name;
		r.sequence = rct_alloc_sequence(j->p, &u[k]);
		r.position = d[k].position;
		r.probabilities = rct_buf_str(&j->probs);
		r.detail = stored_detail(j, sk.kind, r.sequence, r.position, 0,
		    r.cluster, d[k].detail);
		if ((rc = rct_allocation_write(j->w, &r)) != 0)
			break;
		if ((cl[i].arm = strdup(r.arm)) == NULL ||
		    (cl[i].probs = strdup(r.probabilities)) == NULL)
			rc = rct_error(RCT_ENOMEM, "out of memory");
	}
	for (i = 0; rc == 0 && i < cs->n; i++) {
		const struct candidate *c = &cs->c[i];

		k = find_cluster(cl, ncl, c->cluster);
		rct_buf_reset(&detail);
		rct_buf_adds(&detail, "{\"cluster\":");
		rct_buf_add_json_string(&detail, c->cluster);
		rct_buf_addc(&detail, '}');
		rc = write_participant(j, c,
		    rct_alloc_arm_index(j->p, cl[k].arm), NULL, 0, cl[k].probs,
		    rct_buf_str(&detail), 0);
	}
out:
	for (i = 0; cl && i < ncl; i++) {
		free(cl[i].arm);
		free(cl[i].probs);
	}
	free(cl);
	free(u);
	free(d);
	rct_buf_release(&detail);
	return rc;
}

int
rct_assign(struct rct_store *s, const int64_t *ids, size_t n, int pending,
    struct rct_assignment *out)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	struct candidates cs;
	struct job j;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = refuse_if_closed(s)) != 0)
		return rc;
	if (p->method == RCT_METHOD_LOTTERY)
		return rct_error(RCT_EINVAL,
		    "this trial allocates by lottery: "
		    "use 'randomizer lottery STORE --site CODE "
		    "--capacity N'");
	if ((rc = read_candidates(s, ids, n, pending, NULL, &cs)) != 0) {
		candidates_free(&cs);
		return rc;
	}
	if (cs.n == 0) {
		candidates_free(&cs);
		return 0;
	}
	if ((rc = job_open(&j, s, out)) == 0)
		rc = p->unit == RCT_UNIT_CLUSTER ? assign_clusters(&j, &cs) :
						   assign_individuals(&j, &cs);
	rc = job_close(&j, rc);
	candidates_free(&cs);
	return rc;
}

int
rct_assign_lottery(struct rct_store *s, const char *site, int64_t capacity,
    struct rct_assignment *out)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	struct rct_alloc_unit *u = NULL;
	struct candidates cs;
	struct sink k;
	struct job j;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = refuse_if_closed(s)) != 0)
		return rc;
	if (p->method != RCT_METHOD_LOTTERY)
		return rct_error(RCT_EINVAL,
		    "this trial's method is %s, not a "
		    "lottery; use 'randomizer assign'",
		    rct_protocol_method_name(p->method));
	if ((rc = read_candidates(s, NULL, 0, 0, site, &cs)) != 0)
		goto out;
	if (cs.n == 0) {
		rc = rct_error(RCT_EINVAL,
		    "site '%s' has no applicants "
		    "waiting for the lottery",
		    site);
		goto out;
	}
	if ((u = calloc(cs.n, sizeof(*u))) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < cs.n; i++)
		unit_of(&cs.c[i], &u[i]);
	memset(&k, 0, sizeof(k));
	k.j = &j;
	k.c = cs.c;
	k.u = u;
	k.n = cs.n;
	k.kind = "lottery";
	k.site = site;
	k.capacity = capacity;
	if ((rc = job_open(&j, s, out)) == 0)
		rc = rct_alloc_lottery(j.alloc, u, cs.n, capacity,
		    write_decision, &k);
	rc = job_close(&j, rc);
out:
	free(u);
	candidates_free(&cs);
	return rc;
}

struct shown {
	struct rct_assignment *out;
	int found, unallocated;
};

static int
take_allocated(void *arg, const struct rct_participant *p)
{
	struct shown *sh = arg;

	sh->found = 1;
	if (p->arm == NULL) {
		sh->unallocated = 1;
		return 0;
	}
	return remember(sh->out, p->id, p->arm, p->stratum, p->cluster, 0);
}

int
rct_assign_allocated(struct rct_store *s, const int64_t *ids, size_t n,
    int *all, struct rct_assignment *out)
{
	struct rct_participant_filter f;
	struct shown sh;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&sh, 0, sizeof(sh));
	sh.out = out;
	*all = n > 0;
	memset(&f, 0, sizeof(f));
	for (i = 0; i < n; i++) {
		f.id = ids[i];
		sh.found = sh.unallocated = 0;
		if ((rc = rct_participant_foreach(s, &f, take_allocated,
			 &sh)) != 0) {
			rct_assign_release(out);
			return rc;
		}
		if (!sh.found || sh.unallocated)
			*all = 0;
	}
	if (!*all)
		rct_assign_release(out);
	return 0;
}

int
rct_assign_witness_keep(struct rct_store *s, const struct rct_buf *lines,
    const struct rct_buf *why, int64_t upto, uint64_t asked)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	int64_t seq = 0;
	int rc, cosigners = 0;

	if (lines->len > 0 &&
	    (rc = rct_checkpoint_add_cosignatures(s, asked, lines->data,
		 lines->len, &cosigners)) != 0)
		return rc;
	if ((rc = rct_checkpoint_unwitnessed(s, upto, &seq)) != 0)
		return rc;
	if (seq == 0)
		return 0;
	/* Keep what came, show nothing: the session commits this. */
	rct_store_commit(s);
	rct_store_begin(s);
	return rct_error(RCT_ECHECK,
	    "allocated and stored, but not shown: %d of the quorum of %ld "
	    "witnesses cosigned (%s); name the same participants again once "
	    "the witnesses can be reached, and the same arms will be shown",
	    cosigners, p->witness_quorum,
	    why->len ? why->data : "no witness with a url");
}

/*
 * Commit what was allocated, ask the witnesses, keep their cosignatures in
 * a second write (the session commits it), and say whether the quorum has
 * cosigned the newest checkpoint: only then may an arm be shown.
 */
int
rct_assign_witness(struct rct_store *s)
{
	struct rct_buf lines = RCT_BUF_INIT, why = RCT_BUF_INIT;
	char hash[65], sig[129];
	int64_t head = 0;
	int rc;

	/* What this process allocated is up to the head it commits. */
	if ((rc = rct_store_commit(s)) == 0 &&
	    (rc = rct_audit_head(s, &head, hash, sig)) == 0 &&
	    (rc = rct_witness_client_collect(s, &lines, &why)) == 0 &&
	    (rc = rct_store_begin(s)) == 0)
		rc = rct_assign_witness_keep(s, &lines, &why, head, 0);
	rct_buf_release(&lines);
	rct_buf_release(&why);
	return rc;
}
