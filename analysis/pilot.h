/*
 * Feasibility of a pilot against the protocol's targets (analysis pilot):
 * recruitment per site with its rate per month (exact Poisson interval)
 * and the date the target is reached at that rate; outcome completeness
 * by arm at each time point; the outcomes' spread and, in cluster
 * designs, the intra-class correlation with its interval; the deviations
 * recorded (corrections, amendments, withdrawals, exits).
 */
#ifndef RCT_PILOT_H
#define RCT_PILOT_H

#include <stddef.h>
#include <stdint.h>

#include "protocol.h"
#include "store.h"

/* The one-way ANOVA estimate of the ICC and Searle's F interval. */
struct rct_icc {
	long clusters, n;
	double msb, msw, n0, icc, lower, upper;
};

/*
 * The ICC of y (NaN rows left out) over clusters coded 0..; alpha for the
 * interval.  Needs two clusters and more people than clusters.
 */
int rct_pilot_icc(const double *y, const int32_t *cluster, size_t n,
    double alpha, struct rct_icc *out);

/* The exact Poisson interval of a rate count / time (as poisson.test). */
void rct_pilot_poisson_ci(long count, double time, double alpha, double *lower,
    double *upper);

#define RCT_PILOT_ARMS 16

/*
 * A site's recruitment (the last entry: all sites).  The rate is over the
 * site's recruitment window: from its first recruitment date (the
 * protocol's recruitment date, else the enrolment day) to the last
 * recruitment date of the whole trial, both days counted.  A site that
 * opened late is not charged for the months before it began, a site that
 * fell silent while others recruited is, and a pilot analysed long after
 * recruitment ended is not charged for the months since.  first and last
 * are the site's own first and last recruitment dates.  The projected
 * date counts the participants still missing from today at that rate.
 */
struct rct_pilot_site {
	char code[32];
	long screened, excluded; /* the screening log; -1 when none */
	long enrolled, randomized, target; /* target 0: none */
	char first[11], last[11]; /* the window; "" with nobody enrolled */
	long first_day, last_day; /* the same as day numbers */
	double months; /* the window in months of 30.436875 days; 0: none */
	double rate, lower, upper; /* per month; NaN with nobody enrolled */
	char projected[16]; /* date the target is reached, "reached", "" */
	unsigned hidden; /* RCT_PILOT_SCREENED, ... (rct_pilot_suppress) */
};

/* Which counts of a site or a month are suppressed. */
#define RCT_PILOT_SCREENED 1u
#define RCT_PILOT_EXCLUDED 2u
#define RCT_PILOT_ENROLLED 4u
#define RCT_PILOT_RANDOMIZED 8u

/* One site's month: screened (-1 unreported), enrolled, randomized. */
struct rct_pilot_month {
	char site[32], month[8];
	long screened, excluded, enrolled, randomized;
	unsigned hidden;
};

struct rct_pilot_outcome {
	const char *name, *time;
	long allocated[RCT_PILOT_ARMS], with_value[RCT_PILOT_ARMS];
	double mean[RCT_PILOT_ARMS], sd[RCT_PILOT_ARMS]; /* by arm */
	int takeup; /* the protocol's takeup outcome: its mean is take-up */
	int binary; /* every value 0 or 1: mean x with_value is a count */
	/* Suppressed: the count with a value; the mean and SD. */
	unsigned char with_value_hidden[RCT_PILOT_ARMS];
	unsigned char mean_hidden[RCT_PILOT_ARMS];
	int has_icc;
	struct rct_icc icc;
};

struct rct_pilot {
	char first[11], today[11]; /* recruitment: first day, and today */
	double months; /* from the first day to today */
	struct rct_pilot_site *sites; /* per site, then all sites */
	size_t nsites;
	struct rct_pilot_outcome *outcomes;
	size_t noutcomes;
	struct rct_pilot_month *months_by_site; /* by site, then month */
	size_t nmonths;
	const char *arms[RCT_PILOT_ARMS];
	size_t narms;
	long corrections, amendments, withdrawals, exits;
	int withdrawals_hidden, exits_hidden;
	int min_cell, any_hidden;
};

int rct_pilot(struct rct_store *s, struct rct_pilot *out);

/*
 * Suppress the pilot's small counts (suppress.h) with min_cell.  One set
 * of cells for the recruitment and monthly tables: per site and per
 * site's month screened = excluded + the rest, enrolled = randomized +
 * not randomized (not printed, but a difference of two that are); a
 * site's months add up to the site, the sites to all (whose randomized,
 * the arms' n, is published).  A hidden enrolled count takes its rate,
 * interval and projected date with it (rate x months = enrolled).
 *
 * Outcomes: per arm allocated (published) = with a value + without one;
 * for a binary outcome (take-up among them) with a value = those with 1
 * + those with 0, which mean x with_value gives back: both are counts, a
 * suppressed one hides the arm's mean and SD; a hidden with_value hides
 * its completeness, mean and SD.  The primary outcome's with_value and
 * missing are the CONSORT flow's analysed and lost, published; another
 * outcome's missing is not hidden for its size (lost to follow-up is
 * published, as effects prints n_missing) but may be as a complement.
 *
 * Deviations: withdrawals and exits are people; each is the total of the
 * CONSORT flow's per-arm counts, so it is hidden below min_cell, and when
 * the flow hides exactly one arm's count (the total would give it back).
 * Corrections and amendments count records, not people.
 */
int rct_pilot_suppress(struct rct_store *s, struct rct_pilot *p, int min_cell);
void rct_pilot_release(struct rct_pilot *p);

/*
 * Assumptions for planning the full trial from its pilot: for the
 * design's primary outcome, its standard deviation within arms, the share
 * of its variance the design's covariates explain beyond the arm
 * (r2 = 1 - RSS(y ~ arm + covariates) / RSS(y ~ arm)) and, in cluster
 * designs, its ICC.
 */
struct rct_pilot_assumptions {
	const char *outcome;
	long n;
	double sd, r2, icc;
	int has_icc;
};

int rct_pilot_assumptions(struct rct_store *s,
    const struct rct_protocol *design, struct rct_pilot_assumptions *out);

#endif
