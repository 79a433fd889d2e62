/* Allocations read back from the log (logged.h). */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "logged.h"

void
rct_logged_group(const char *detail, char out[64])
{
	char n[32];

	if (rct_json_field(detail, "batch", n, sizeof(n)) == 0)
		snprintf(out, 64, "batch:%s", n);
	else if (rct_json_field(detail, "lottery", n, sizeof(n)) == 0)
		snprintf(out, 64, "lottery:%s", n);
	else
		out[0] = '\0';
}

void
rct_logged_factors(const struct rct_protocol *p,
    int factor_var[RCT_MAX_FACTORS])
{
	size_t f;

	for (f = 0; f < p->nfactors && f < RCT_MAX_FACTORS; f++) {
		const struct rct_variable *v =
		    rct_protocol_variable(p, p->factors[f]);

		factor_var[f] = v ? (int)(v - p->vars) : -1;
	}
}

void
rct_logged_unit(const struct rct_protocol *p, const int *factor_var,
    const struct rct_logged_allocation *a, struct rct_alloc_unit *u,
    const char **levels)
{
	size_t f;

	memset(u, 0, sizeof(*u));
	u->participant = a->participant;
	u->cluster = a->cluster;
	u->stratum = a->stratum ? a->stratum : "";
	u->site = a->site;
	for (f = 0; f < p->nfactors; f++) {
		int k = factor_var[f];

		levels[f] = k < 0          ? a->site :
		    (size_t)k < a->nvalues ? a->values[k] :
					     NULL;
	}
	u->levels = levels;
}
