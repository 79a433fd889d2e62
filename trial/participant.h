/*
 * Reading participants back: one callback per participant, in enrolment
 * order, with the baseline values decoded.  The listing commands, the
 * randomizer and the analysis all read participants through this.
 */
#ifndef RCT_PARTICIPANT_H
#define RCT_PARTICIPANT_H

#include <stddef.h>
#include <stdint.h>

#include "register.h"
#include "store.h"

struct rct_participant {
	int64_t id;
	char pid[RCT_PID_MAX];
	const char *site;
	const char *enrolled_at;
	const char *stratum; /* NULL while a factor is missing */
	const char *withdrawn; /* date, or NULL */
	const char *exit_reason; /* or NULL */
	const char *exit_date;
	const char *const *values; /* per rct_baseline_names(), NULL missing */
	size_t nvalues;
};

/*
 * Call fn for each participant (of one site when site is not NULL).
 * Strings are valid during the call only.  A nonzero return of fn stops
 * the walk and is returned.
 */
int rct_participant_foreach(struct rct_store *s, const char *site,
    int (*fn)(void *arg, const struct rct_participant *p), void *arg);

#endif
