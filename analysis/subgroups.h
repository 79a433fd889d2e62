/*
 * Subgroups: the effect within each level of a baseline factor (by
 * default lm_robust(y ~ z) with HC2 on the subgroup), then the test that
 * the effect is the same in every level (the interaction of the arm with
 * the factor, rct_effects_interaction).  Subgroups with fewer than min_cell
 * people in an arm, and those that would reveal them by arithmetic
 * (suppress.h), are shown without their figures; a level that cannot be
 * estimated is a row saying why.
 */
#ifndef RCT_SUBGROUPS_H
#define RCT_SUBGROUPS_H

#include <stddef.h>

#include "dataset.h"
#include "effects.h"
#include "protocol.h"
#include "store.h"
#include "table.h"

#define RCT_SUBGROUPS_MAX 50 /* levels of by */

struct rct_subgroups_spec {
	/* arm, control, estimator, se; treat NULL: each arm of p */
	struct rct_effect_spec effect;
	char *const *outcomes;
	size_t noutcomes;
	const char *by; /* a column of categories */
	int min_cell;
};

/*
 * Every arm compared (treat, or with p each arm but control), every
 * outcome: the levels of by, then the interaction test.  *out is the
 * caller's (rct_table_free).
 */
int rct_subgroups_table(struct rct_table **out, struct rct_dataset *d,
    const struct rct_protocol *p, const struct rct_subgroups_spec *s);

/* As analysis subgroups STORE --by BY: the protocol's outcome family. */
int rct_subgroups_store(struct rct_table **out, struct rct_store *s,
    const char *by);

#endif
