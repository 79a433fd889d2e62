/*
 * The CONSORT 2010 flow of a trial from its store: enrolled, randomized,
 * and per arm allocated, withdrawn, left the measure (with reasons), lost
 * to follow-up and analysed for the primary outcome.  Screening happens
 * before the register, so the counts assessed and excluded (with
 * reasons) are given by the team (they are shown when given).
 */
#ifndef RCT_CONSORT_H
#define RCT_CONSORT_H

#include <stdio.h>

#include "protocol.h"
#include "store.h"

#define RCT_CONSORT_MAX_REASONS 16

struct rct_consort_arm {
	const char *name, *label;
	long allocated, withdrew, exited, lost, analysed;
	long received, not_received; /* the protocol's takeup outcome */
	long exit_reason[RCT_CONSORT_MAX_REASONS]; /* rct_exit_reasons order */
};

struct rct_consort {
	const char *title, *outcome;
	int has_takeup;
	long assessed; /* -1 when not given */
	long excluded_count;
	char **excluded_reason; /* "not eligible", ... */
	long *excluded;
	size_t nexcluded;
	long enrolled, randomized, not_randomized;
	struct rct_consort_arm arms[16];
	size_t narms;
	const char *const *reasons; /* the exit reasons' names */
	size_t nreasons;
};

/*
 * Count the flow; assessed (-1: unknown) and the exclusions come from the
 * team's screening log as "reason=count" items.
 */
int rct_consort(struct rct_store *s, long assessed, char *const *excluded,
    size_t nexcluded, struct rct_consort *out);
void rct_consort_free(struct rct_consort *c);

/*
 * The diagram as a standalone SVG; counts below min_cell (but not zero)
 * in the reason lists are shown as "< min_cell".
 */
void rct_consort_svg(const struct rct_consort *c, int min_cell, FILE *fp);

#endif
