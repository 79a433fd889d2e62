/* Protocol amendments (amend.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "allocation.h"
#include "amend.h"
#include "audit.h"
#include "buf.h"
#include "concealed.h"
#include "error.h"
#include "store_internal.h"
#include "text.h"

int
rct_amend_allocations(struct rct_store *s, long *n)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = rct_store_stmt(s,
		 "SELECT count(*) FROM "
		 "allocation",
		 &st)) != 0)
		return rc;
	*n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	rct_store_stmt_done(s, st);
	return 0;
}

static int
same_list(char *const *a, size_t na, char *const *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return 0;
	return 1;
}

static int
same_variable(const struct rct_protocol *a, const struct rct_protocol *b,
    const char *name)
{
	const struct rct_variable *va, *vb;

	if (strcmp(name, "site") == 0)
		return 1;
	va = rct_protocol_variable(a, name);
	vb = rct_protocol_variable(b, name);
	return va && vb && va->type == vb->type &&
	    same_list(va->codes, va->ncodes, vb->codes, vb->ncodes);
}

/* The first allocation-deciding part that differs, or NULL. */
static const char *
design_change(const struct rct_protocol *a, const struct rct_protocol *b)
{
	size_t i;

	if (a->narms != b->narms)
		return "the arms";
	for (i = 0; i < a->narms; i++)
		if (strcmp(a->arms[i].name, b->arms[i].name) != 0 ||
		    a->arms[i].ratio != b->arms[i].ratio)
			return "the arms or their ratio";
	if (a->unit != b->unit ||
	    (a->cluster == NULL) != (b->cluster == NULL) ||
	    (a->cluster && strcmp(a->cluster, b->cluster) != 0))
		return "the unit of randomization";
	if (a->method != b->method)
		return "the method";
	if (a->nblock_sizes != b->nblock_sizes ||
	    (a->nblock_sizes &&
		memcmp(a->block_sizes, b->block_sizes,
		    a->nblock_sizes * sizeof(int)) != 0))
		return "the block sizes";
	if (!same_list(a->strata, a->nstrata, b->strata, b->nstrata))
		return "the strata";
	if (!same_list(a->factors, a->nfactors, b->factors, b->nfactors) ||
	    a->nweights != b->nweights ||
	    (a->nweights &&
		memcmp(a->weights, b->weights, a->nweights * sizeof(double)) !=
		    0) ||
	    a->probability != b->probability)
		return "the minimization factors, weights or probability";
	if ((a->offer == NULL) != (b->offer == NULL) ||
	    (a->offer && strcmp(a->offer, b->offer) != 0))
		return "the arm a lottery offers";
	for (i = 0; i < a->nstrata; i++)
		if (!same_variable(a, b, a->strata[i]))
			return "the codes of a stratum variable";
	for (i = 0; i < a->nfactors; i++)
		if (!same_variable(a, b, a->factors[i]))
			return "the codes of a minimization factor";
	if (a->cluster && !same_variable(a, b, a->cluster))
		return "the cluster variable";
	return NULL;
}

/*
 * p is the amended protocol as the researcher wrote it, concealed part
 * and all.  When the old or the new one has a concealed part, the
 * comparison is made with both opened (it needs the secret), the new
 * concealed part is sealed like init's, and the amendment's entry
 * carries its commitment.
 */
int
rct_amend_protocol(struct rct_store *s, const struct rct_protocol *p,
    const char *reason)
{
	const struct rct_protocol *old = rct_store_protocol(s), *stored = p;
	struct rct_protocol *pub = NULL;
	struct rct_buf b = RCT_BUF_INIT;
	unsigned char secret[32];
	const char *change;
	char hash[65], old_hash[65], chash[65] = "none", old_chash[65];
	char *concealed = NULL;
	int64_t version = s->protocol_version + 1;
	long allocated;
	int rc;

	if (*reason == '\0' || !rct_text_utf8_valid(reason, strlen(reason)))
		return rct_error(RCT_EINVAL, "an amendment needs a reason");
	if (rct_text_check("the reason", reason) != 0)
		return RCT_EINVAL;
	rct_protocol_hash_hex(old, old_hash);
	if (old->concealed || p->concealed) {
		if ((rc = rct_allocation_secret(s, secret)) != 0 ||
		    (rc = rct_concealed_protocol_open(s, &old)) != 0 ||
		    (rc = rct_concealed_split(p, secret, &pub, &concealed,
			 chash)) != 0)
			goto out;
		if (pub)
			stored = pub;
	}
	if ((rc = rct_concealed_current_hash(s, old_chash)) != 0)
		goto out;
	if (memcmp(rct_store_protocol(s)->hash, stored->hash,
		sizeof(stored->hash)) == 0 &&
	    strcmp(chash, old_chash) == 0) {
		rc = rct_error(RCT_EINVAL,
		    "the protocol is unchanged, nothing to amend");
		goto out;
	}
	if ((rc = rct_amend_allocations(s, &allocated)) != 0)
		goto out;
	if (allocated > 0 && (change = design_change(old, p)) != NULL) {
		rc = rct_error(RCT_EINVAL,
		    "the amendment changes %s, but "
		    "%ld participant(s) are allocated: the design that decided "
		    "their arms is frozen",
		    change, allocated);
		goto out;
	}
	if ((rc = rct_store_adopt_protocol(s, stored, reason)) != 0 ||
	    (concealed &&
		(rc = rct_concealed_insert(s, version, secret, concealed,
		     chash)) != 0))
		goto out;
	rct_protocol_hash_hex(stored, hash);
	rct_buf_addf(&b,
	    "{\"version\":%lld,\"protocol_hash\":\"%s\","
	    "\"previous_hash\":\"%s\",",
	    (long long)version, hash, old_hash);
	if (concealed)
		rct_buf_addf(&b, "\"concealed_hash\":\"%s\",", chash);
	rct_buf_adds(&b, "\"reason\":");
	rct_buf_add_json_string(&b, reason);
	rct_buf_addc(&b, '}');
	rc = rct_audit_append_buf(s, "protocol.amend", &b);
out:
	sodium_memzero(secret, sizeof(secret));
	if (concealed)
		sodium_memzero(concealed, strlen(concealed));
	free(concealed);
	rct_protocol_free(pub);
	return rc;
}
