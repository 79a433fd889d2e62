/*
 * The names of the estimators and of the types of standard error
 * (methods.h): one table each, in the order of its enum, with what a
 * protocol may name.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "methods.h"

struct method {
	const char *name; /* as written and printed */
	int protocol; /* a protocol's [analysis] may name it */
};

static const struct method estimators[] = {
    [RCT_EST_DIM] = {"dim", 1},
    [RCT_EST_BLOCKED] = {"blocked", 1},
    [RCT_EST_OLS] = {"ols", 1},
    [RCT_EST_ANCOVA] = {"ancova", 1},
    [RCT_EST_LIN] = {"lin", 1},
    [RCT_EST_IV] = {"iv", 1},
    [RCT_EST_RISK_RATIO] = {"risk_ratio", 0},
    [RCT_EST_ODDS_RATIO] = {"odds_ratio", 0},
    [RCT_EST_HT] = {"horvitz_thompson", 0},
};

/* estimatr's spelling; a protocol writes the lowercase one. */
static const struct method se_types[] = {
    [RCT_SE_CLASSICAL] = {"classical", 1},
    [RCT_SE_HC0] = {"HC0", 1},
    [RCT_SE_HC1] = {"HC1", 1},
    [RCT_SE_HC2] = {"HC2", 1},
    [RCT_SE_HC3] = {"HC3", 1},
    [RCT_SE_CR0] = {"CR0", 1},
    [RCT_SE_STATA] = {"stata", 1},
    [RCT_SE_CR2] = {"CR2", 1},
    [RCT_SE_NEYMAN] = {"neyman", 0},
    [RCT_SE_WALD] = {"wald", 0},
    [RCT_SE_YOUNGS] = {"youngs", 0},
    [RCT_SE_WILD] = {"wild", 0},
};

#define NESTIMATORS (sizeof(estimators) / sizeof(estimators[0]))
#define NSE_TYPES (sizeof(se_types) / sizeof(se_types[0]))

const char *
rct_methods_estimator_name(enum rct_estimator e)
{
	return estimators[e].name;
}

int
rct_methods_estimator_parse(const char *name, enum rct_estimator *out)
{
	size_t i;

	for (i = 0; i < NESTIMATORS; i++)
		if (strcmp(name, estimators[i].name) == 0) {
			*out = (enum rct_estimator)i;
			return 0;
		}
	return -1;
}

const char *
rct_methods_se_name(enum rct_se_type t)
{
	return se_types[t].name;
}

int
rct_methods_se_parse(const char *name, enum rct_se_type *out)
{
	size_t i;

	for (i = 0; i < NSE_TYPES; i++)
		if (strcasecmp(name, se_types[i].name) == 0) {
			*out = (enum rct_se_type)i;
			return 0;
		}
	return -1;
}

int
rct_methods_estimator_ok(const char *name)
{
	enum rct_estimator e;

	return rct_methods_estimator_parse(name, &e) == 0 &&
	    estimators[e].protocol;
}

int
rct_methods_se_ok(const char *name)
{
	enum rct_se_type t;
	const char *s;

	if (rct_methods_se_parse(name, &t) < 0 || !se_types[t].protocol)
		return 0;
	for (s = name; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			return 0;
	return 1;
}
