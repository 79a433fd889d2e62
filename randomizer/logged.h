/*
 * Reading allocations back from the log as the allocator saw them: which
 * batch or lottery each belonged to and the unit it was.  The replay and
 * the re-draws of randomization inference both start from here.
 */
#ifndef RCT_LOGGED_H
#define RCT_LOGGED_H

#include "alloc.h"
#include "protocol.h"
#include "verify.h"

/* The batch or lottery of an allocation's detail ("batch:3"), or "". */
void rct_logged_group(const char *detail, char out[64]);

/*
 * Per minimization factor of p, the index of its variable among the
 * baseline values, or -1 for the site.
 */
void rct_logged_factors(const struct rct_protocol *p,
    int factor_var[RCT_MAX_FACTORS]);

/* The unit a logged allocation was; levels is room for its factors. */
void rct_logged_unit(const struct rct_protocol *p, const int *factor_var,
    const struct rct_logged_allocation *a, struct rct_alloc_unit *u,
    const char **levels);

#endif
