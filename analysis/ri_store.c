/* Randomization inference from a store: the trial's own re-draws (ri_store.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "allocation.h"
#include "error.h"
#include "redraw.h"
#include "ri_store.h"

struct rct_ri_store {
	const struct rct_protocol *protocol;
	struct rct_redraw *plan;
	int32_t *unit_of_row;
};

/*
 * The draws: the plan's units through a re-drawer on each thread, one
 * quiet allocator reset with each draw's secret.
 */
static int
store_start(void *ctx, void **state)
{
	struct rct_redrawer *d;
	int rc = rct_redraw_drawer_new(&d, ctx);

	*state = d;
	return rc;
}

static int
store_draw(void *state, const unsigned char key[32], int *arm)
{
	return rct_redraw_drawer_draw(state, key, arm);
}

static void
store_finish(void *state)
{
	rct_redraw_drawer_free(state);
}

/*
 * Re-draw with the trial's secret and compare with the arms of the store:
 * 1 when checked, 0 when the secret is not available, or an error.
 */
static int
check_plan(struct rct_store *s, const struct rct_ri_store *rs,
    const struct rct_dataset *d, const struct rct_column *arm)
{
	const struct rct_protocol *p = rs->protocol;
	struct rct_redrawer *drawer = NULL;
	unsigned char secret[32];
	size_t m = rct_redraw_units(rs->plan), i;
	int *drawn, rc;
	struct rct_error_held quiet = {NULL, 0, 0, 0};

	/* Without the secret there is nothing to say: its message is held. */
	rct_error_hold(&quiet);
	rc = rct_allocation_secret(s, secret);
	rct_error_hold(NULL);
	rct_error_release(&quiet, 0);
	if (rc != 0)
		return 0; /* an analyst without the keys: nothing to check */
	if ((drawn = malloc((m + 1) * sizeof(int))) == NULL) {
		sodium_memzero(secret, sizeof(secret));
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	if ((rc = rct_redraw_drawer_new(&drawer, rs->plan)) == 0)
		rc = rct_redraw_drawer_draw(drawer, secret, drawn);
	sodium_memzero(secret, sizeof(secret));
	for (i = 0; rc == 0 && i < d->n; i++) {
		const char *drawn_arm = p->arms[drawn[rs->unit_of_row[i]]].name;

		if (strcmp(drawn_arm, arm->levels[arm->code[i]]) != 0)
			rc = rct_error(RCT_ECHECK,
			    "participant %ld: re-drawn with the trial's secret "
			    "the allocation gives '%s', the store has '%s': "
			    "run randomizer verify",
			    d->line[i], drawn_arm, arm->levels[arm->code[i]]);
	}
	rct_redraw_drawer_free(drawer);
	free(drawn);
	return rc == 0 ? 1 : rc;
}

/*
 * Match the dataset's rows (participant ids in line, ascending as the
 * plan's) to the plan's participants, and so to the units whose arms
 * they have.
 */
static int
match_rows(const struct rct_dataset *d, struct rct_ri_store *rs)
{
	size_t i, k = 0, m = rct_redraw_participants(rs->plan);

	if (rct_redraw_units(rs->plan) > INT32_MAX)
		return rct_error(RCT_EINVAL, "too many units to re-draw");
	for (i = 0; i < d->n; i++) {
		while (
		    k < m && rct_redraw_participant(rs->plan, k) < d->line[i])
			k++;
		if (k == m || rct_redraw_participant(rs->plan, k) != d->line[i])
			return rct_error(RCT_ECHECK,
			    "participant %ld is allocated in the store but "
			    "not in its log: run randomizer verify",
			    d->line[i]);
		rs->unit_of_row[i] = (int32_t)rct_redraw_unit(rs->plan, k);
	}
	return 0;
}

int
rct_ri_store_new(struct rct_ri_store **out, struct rct_store *s,
    const struct rct_dataset *d, const struct rct_column *arm, int *checked)
{
	struct rct_ri_store *rs;
	int rc;

	*out = NULL;
	*checked = 0;
	if ((rs = calloc(1, sizeof(*rs))) == NULL ||
	    (rs->unit_of_row = malloc((d->n + 1) * sizeof(int32_t))) == NULL) {
		rct_ri_store_free(rs);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	rs->protocol = rct_store_protocol(s);
	if ((rc = rct_redraw_load(s, &rs->plan)) != 0 ||
	    (rc = match_rows(d, rs)) != 0 ||
	    (rc = check_plan(s, rs, d, arm)) < 0) {
		rct_ri_store_free(rs);
		return rc;
	}
	*checked = rc;
	*out = rs;
	return 0;
}

void
rct_ri_store_design(const struct rct_ri_store *rs, const char *treat,
    const char *control, struct rct_ri_design *design)
{
	memset(design, 0, sizeof(*design));
	design->nunits = rct_redraw_units(rs->plan);
	design->unit_of_row = rs->unit_of_row;
	design->treat = rct_alloc_arm_index(rs->protocol, treat);
	design->control = rct_alloc_arm_index(rs->protocol, control);
	design->two_arms = rs->protocol->narms == 2;
	design->ctx = rs->plan;
	design->start = store_start;
	design->draw = store_draw;
	design->finish = store_finish;
}

void
rct_ri_store_free(struct rct_ri_store *rs)
{
	if (rs == NULL)
		return;
	rct_redraw_free(rs->plan);
	free(rs->unit_of_row);
	free(rs);
}
