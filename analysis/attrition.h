/*
 * Attrition of an outcome: who has it, by arm, and what that can do to
 * the effect.
 *
 * Response rates q_t, q_c by arm and their difference, tested as R's
 * lm_robust(R ~ z, se_type = "HC2") does (for one binary regressor HC2 is
 * the Neyman error sqrt(v_t / n_t + v_c / n_c), df n - 2).
 *
 * Lee (2009) bounds on the effect among those who would respond in either
 * arm: the arm with the higher rate has its respondents trimmed by the
 * share p = (q_high - q_low) / q_high; with m respondents there,
 * k = floor(p m) of them (with 1e-9 of slack for rounding) are dropped,
 * the largest for the bound that trimming from the top gives and the
 * smallest for the other; each bound is the difference of the trimmed and
 * untrimmed respondents' means, treated minus control.
 */
#ifndef RCT_ATTRITION_H
#define RCT_ATTRITION_H

#include "dataset.h"
#include "protocol.h"
#include "store.h"
#include "table.h"

struct rct_attrition {
	const char *outcome, *treat, *control;
	long n_treat, n_control; /* randomized */
	long responded_treat, responded_control;
	double rate_treat, rate_control;
	double difference, std_error, df, p_value;
	const char *trimmed; /* the arm trimmed, or NULL when rates agree */
	double trim_share;
	long k; /* respondents dropped */
	double lower, upper; /* Lee bounds */
};

int rct_attrition(struct rct_dataset *d, const char *arm, const char *treat,
    const char *control, const char *outcome, struct rct_attrition *out);

/* The attrition table's analysis. */
struct rct_attrition_spec {
	const char *arm, *treat, *control; /* treat NULL: each arm of p */
	char *const *outcomes;
	size_t noutcomes;
	int min_cell;
};

/*
 * Per arm compared and outcome: who has it in each arm, the difference in
 * response rates with its test, Lee's bounds.  The responders and the
 * others of each arm are a table whose columns add up to the arms' n
 * (published): small cells are suppressed with their complements, and a
 * row with one shows no rate of that arm nor anything computed from
 * both.  *out is the caller's (rct_table_free).
 */
int rct_attrition_table(struct rct_table **out, struct rct_dataset *d,
    const struct rct_protocol *p, const struct rct_attrition_spec *s);

/* As analysis attrition STORE: the outcome family, the min_cell. */
int rct_attrition_store(struct rct_table **out, struct rct_store *s);

#endif
