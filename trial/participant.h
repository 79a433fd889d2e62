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
	const char *const
	    *values; /* per rct_register_baseline_names(), NULL missing */
	size_t nvalues;
	const char *arm; /* once allocated, else NULL */
	const char *probabilities; /* of the allocation, JSON */
	const char *cluster; /* of a cluster allocation, else NULL */
	/* with_outcomes: per protocol outcome, its value (the latest
	 * recorded, NULL when none) */
	const char *const *outcomes;
	size_t noutcomes;
};

/* Which participants to walk; zero fields select all. */
struct rct_participant_filter {
	const char *site; /* of this site only */
	int64_t id; /* this participant only */
	int unallocated; /* only those not allocated yet */
	int as_enrolled; /* values as enrolled, without corrections */
	int with_outcomes; /* fill outcomes (the analysis) */
};

/*
 * Call fn for each participant chosen by filter (NULL: all), in enrolment
 * order, with corrected baseline values unless the filter asks for the
 * values as enrolled (allocation uses those).  Strings are valid during the
 * call only.  A nonzero return of fn stops the walk and is returned.
 */
int rct_participant_foreach(struct rct_store *s,
    const struct rct_participant_filter *filter,
    int (*fn)(void *arg, const struct rct_participant *p), void *arg);

/*
 * Participant id's site, enrolment, arm, withdrawal and exit, without
 * its baseline values (values and outcomes NULL), in one lookup: what a
 * page about one participant needs, on every request.  fn is called
 * once when the participant exists; its return is returned.
 */
int rct_participant_status(struct rct_store *s, int64_t id,
    int (*fn)(void *arg, const struct rct_participant *p), void *arg);

#endif
