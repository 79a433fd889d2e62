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

#endif
