/*
 * The screening log: how many people a site assessed for eligibility in
 * a month, and how many of them were excluded, with reasons (not
 * eligible, declined, ...), for the CONSORT flow and the pilot's
 * feasibility.  The register holds only those who consented; screening
 * is counts, never persons.  One report per site and month; a report can
 * be replaced (the log keeps the one replaced).
 */
#ifndef RCT_SCREENING_H
#define RCT_SCREENING_H

#include <stddef.h>

#include "buf.h"
#include "store.h"

struct rct_screen_reason {
	const char *reason;
	long count;
};

/*
 * Record a site's screening for month (YYYY-MM, not in the future):
 * screened people, of whom the excluded with their reasons (at most
 * screened in all).
 */
int rct_screening_record(struct rct_store *s, const char *site,
    const char *month, long screened, const struct rct_screen_reason *excluded,
    size_t n, int replace);

/* The canonical payload of a report's audit entry (reasons sorted). */
void
rct_screening_payload(struct rct_buf *b, const char *site, const char *month,
    long screened, const struct rct_screen_reason *ex, size_t n);

/* Totals over the reports of one site (NULL: all). */
struct rct_screening {
	long reports, screened, excluded;
	char **reason;
	long *count;
	size_t nreasons;
};

int rct_screening_totals(struct rct_store *s, const char *site,
    struct rct_screening *out);
void rct_screening_release(struct rct_screening *t);

/* Check a report's audit entry against the store (verify). */
int rct_screening_check(struct rct_store *s, const char *site,
    const char *month, int64_t seq, const char *payload, int *current)
    __attribute__((warn_unused_result));

/* Each report: its site, month, screened and excluded in all. */
int rct_screening_reports(struct rct_store *s,
    int (*fn)(void *arg, const char *site, const char *month, long screened,
	long excluded),
    void *arg);

/* Number of reports in the store. */
int rct_screening_count(struct rct_store *s, long *n);

#endif
