/*
 * The estimators and the types of standard error, by name: one list for
 * a protocol's [analysis] estimator = and se = (checked when the protocol
 * is read, protocol_check.c) and for analysis's --estimator and --se
 * (effects.h, ols.h).  It lives in trial/ because both layers read it.
 * A protocol names only some of them: the ratios of a binary outcome, the
 * Horvitz-Thompson estimator and the errors that go with an estimator
 * (Neyman, Wald, Young's, the wild bootstrap) are chosen by the analysis.
 */
#ifndef RCT_METHODS_H
#define RCT_METHODS_H

enum rct_estimator {
	RCT_EST_DIM, /* difference in means, Welch */
	RCT_EST_BLOCKED, /* blocked difference in means */
	RCT_EST_OLS, /* Y ~ Z */
	RCT_EST_ANCOVA, /* Y ~ Z + X */
	RCT_EST_LIN, /* Lin (2013): Y ~ Z * (X - mean X) */
	RCT_EST_IV, /* 2SLS: D instrumented by Z */
	RCT_EST_RISK_RATIO,
	RCT_EST_ODDS_RATIO,
	RCT_EST_HT, /* Horvitz-Thompson, from each row's probability */
};

enum rct_se_type {
	RCT_SE_CLASSICAL,
	RCT_SE_HC0,
	RCT_SE_HC1,
	RCT_SE_HC2,
	RCT_SE_HC3,
	RCT_SE_CR0,
	RCT_SE_STATA,
	RCT_SE_CR2,
	RCT_SE_NEYMAN, /* difference in means (not an OLS type) */
	RCT_SE_WALD, /* risk and odds ratios */
	RCT_SE_YOUNGS, /* Horvitz-Thompson: Young's inequality bound */
	RCT_SE_WILD, /* wild cluster bootstrap (wild.h; not an OLS type) */
};

/*
 * An estimator's name ("dim", "horvitz_thompson"), and back: the name
 * exactly, else -1.
 */
const char *rct_methods_estimator_name(enum rct_estimator e);
int rct_methods_estimator_parse(const char *name, enum rct_estimator *out);

/*
 * estimatr's name of a type of error ("HC2", "stata", ...), and back: the
 * name in any case ("hc2" or "HC2"), else -1.
 */
const char *rct_methods_se_name(enum rct_se_type t);
int rct_methods_se_parse(const char *name, enum rct_se_type *out);

/*
 * 1 if a protocol may name the estimator or the type of error, written
 * so (lowercase: "hc2", not "HC2"), else 0.
 */
int rct_methods_estimator_ok(const char *name);
int rct_methods_se_ok(const char *name);

#endif
