/*
 * Unit tests of randomizer/redraw.c: the fast re-draws of randomization
 * inference (a redrawer: one quiet allocator reset with each draw's
 * secret, units run in one call, first keystream blocks computed ahead)
 * give every participant the arm that the plain way gives (a new
 * allocator per draw, one unit at a time, keeping the record of every
 * draw, as randomizer assign allocates), for blocks, simple,
 * minimization and batch trials, on stores in memory.  And with the
 * trial's secret both give back the allocation that was stored.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "allocation.h"
#include "assign.h"
#include "protocol.h"
#include "redraw.h"
#include "register.h"
#include "site.h"
#include "store.h"
#include "store_internal.h"
#include "unit.h"

#define PEOPLE 300
#define DRAWS 6

static const char common[] =
    "[trial]\nname = Unit trial\nregistration = R1\n"
    "[variable gender]\ntype = code\ncodes = female, male\n"
    "[variable birth_year]\ntype = integer\nmin = 1900\nmax = 2100\n"
    "[variable consent_date]\ntype = date\nmax = today\n"
    "[outcome work]\ntype = binary\ntime = 12 months\n"
    "[analysis]\nprimary = work\n";

/* Arms, then the randomization section of each design tested. */
static const char *const designs[] = {
    "[arm control]\nratio = 1\n[arm treatment]\nratio = 2\n"
    "[randomization]\nmethod = blocks\nblock_sizes = 3, 6, 9\n"
    "strata = site, gender\n",
    "[arm control]\nratio = 1\n[arm treatment]\nratio = 1\n"
    "[randomization]\nmethod = blocks\nblock_sizes = 2, 4, 6\n"
    "strata = site, gender\n",
    "[arm control]\nratio = 1\n[arm treatment]\nratio = 1\n"
    "[randomization]\nmethod = simple\n",
    "[arm control]\nratio = 1\n[arm treatment]\nratio = 1\n"
    "[arm other]\nratio = 1\n"
    "[randomization]\nmethod = minimization\nfactors = site, gender\n"
    "probability = 0.8\n",
    "[arm control]\nratio = 1\n[arm treatment]\nratio = 1\n"
    "[randomization]\nmethod = batch\nstrata = site, gender\n",
};

struct fixture {
	struct rct_protocol *p;
	struct rct_store *s;
	struct rct_redraw *plan;
};

/* A store of design d with PEOPLE participants, all allocated. */
static int
make_store(struct fixture *f, size_t d)
{
	static const char *const sites[] = {"0301", "4601", "5001"};
	struct rct_store_init init;
	struct rct_register *r = NULL;
	struct rct_register_stats st;
	struct rct_assignment out = {NULL, 0, 0};
	char text[2048], id[32], pid[RCT_PID_MAX];
	const char *v[5];
	long serial = 0;
	size_t i;
	int rc;

	memset(&init, 0, sizeof(init));
	snprintf(text, sizeof(text), "%s%s", common, designs[d]);
	if ((rc = rct_protocol_parse(&f->p, "unit.ini", text, strlen(text))) !=
		0 ||
	    (rc = rct_store_create(&f->s, ":memory:", f->p, &init)) != 0 ||
	    (rc = rct_store_begin(f->s)) != 0)
		return rc;
	for (i = 0; rc == 0 && i < 3; i++)
		rc = rct_site_add(f->s, sites[i], sites[i], -1);
	if (rc == 0)
		rc = rct_register_begin(&r, f->s, "unit", NULL);
	for (i = 0; rc == 0 && i < PEOPLE; i++) {
		unit_identity(&serial, id);
		v[0] = id;
		v[1] = sites[(i * 7 + i / 5) % 3];
		v[2] = (i * 13 + i / 3) % 5 < 2 ? "female" : "male";
		v[3] = "1990";
		v[4] = "2026-01-10";
		rc = rct_register_add(r, v, NULL, pid);
	}
	if (rc == 0)
		rc = rct_register_finish(r, 0, &st);
	rct_register_free(r);
	if (rc == 0)
		rc = rct_assign(f->s, NULL, 0, 1, &out);
	rct_assign_release(&out);
	if (rc == 0)
		rc = rct_store_commit(f->s);
	if (rc == 0)
		rc = rct_redraw_load(f->s, &f->plan);
	return rc;
}

static void
release(struct fixture *f)
{
	rct_redraw_free(f->plan);
	rct_store_close(f->s);
	rct_protocol_free(f->p);
	memset(f, 0, sizeof(*f));
	rct_error_clear();
}

/*
 * Draw with secret both ways: arm[k] the plain way, per participant,
 * and through drawer, whose unit arms give each participant theirs.
 */
static void
assert_same_draw(struct fixture *f, struct rct_redrawer *drawer,
    const unsigned char secret[32], int *arm)
{
	size_t m = rct_redraw_participants(f->plan), k;
	int *plain = calloc(m + 1, sizeof(int));
	int *unit_arm = calloc(rct_redraw_units(f->plan) + 1, sizeof(int));

	assert_non_null(plain);
	assert_non_null(unit_arm);
	assert_int_equal(rct_redraw_draw(f->plan, secret, plain), 0);
	assert_int_equal(rct_redraw_drawer_draw(drawer, secret, unit_arm), 0);
	for (k = 0; k < m; k++)
		assert_int_equal(unit_arm[rct_redraw_unit(f->plan, k)],
		    plain[k]);
	if (arm != NULL)
		memcpy(arm, plain, m * sizeof(int));
	free(plain);
	free(unit_arm);
}

static void
test_redraw__fast_draws_are_the_plain_ones(void **state)
{
	struct fixture f;
	struct rct_redrawer *drawer;
	unsigned char secret[32];
	int first[PEOPLE], again[PEOPLE];
	size_t d, r, k, differ;

	(void)state;
	for (d = 0; d < sizeof(designs) / sizeof(designs[0]); d++) {
		memset(&f, 0, sizeof(f));
		if (make_store(&f, d) != 0)
			fail_msg("design %zu: %s", d, unit_messages());
		assert_int_equal(rct_redraw_participants(f.plan), PEOPLE);
		assert_int_equal(rct_redraw_drawer_new(&drawer, f.plan), 0);
		for (r = 0; r < DRAWS; r++) {
			memset(secret, 0, sizeof(secret));
			secret[0] = (unsigned char)(r + 1);
			secret[31] = (unsigned char)d;
			assert_same_draw(&f, drawer, secret,
			    r == 0 ? first : NULL);
		}
		/* After other draws, a secret gives its draw again. */
		memset(secret, 0, sizeof(secret));
		secret[0] = 1;
		secret[31] = (unsigned char)d;
		assert_same_draw(&f, drawer, secret, again);
		assert_memory_equal(first, again, sizeof(first));
		/* and another secret another allocation. */
		secret[0] = 2;
		assert_same_draw(&f, drawer, secret, again);
		for (k = 0, differ = 0; k < PEOPLE; k++)
			differ += first[k] != again[k];
		assert_true(differ > 0);
		rct_redraw_drawer_free(drawer);
		release(&f);
	}
}

/* Every participant's arm as stored, against arm[k] of the k-th. */
static void
assert_stored(struct fixture *f, const int *arm)
{
	sqlite3_stmt *st;
	size_t k = 0;

	assert_int_equal(sqlite3_prepare_v2(f->s->db,
			     "SELECT participant, arm FROM allocation "
			     "ORDER BY participant",
			     -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(k < rct_redraw_participants(f->plan));
		assert_int_equal(sqlite3_column_int64(st, 0),
		    rct_redraw_participant(f->plan, k));
		assert_string_equal((const char *)sqlite3_column_text(st, 1),
		    f->p->arms[arm[k]].name);
		k++;
	}
	sqlite3_finalize(st);
	assert_int_equal(k, rct_redraw_participants(f->plan));
}

/* With the trial's secret, the re-draw is the allocation stored. */
static void
test_redraw__the_secret_gives_back_the_allocation(void **state)
{
	struct fixture f;
	struct rct_redrawer *drawer;
	unsigned char secret[32];
	int arm[PEOPLE];
	size_t d;

	(void)state;
	for (d = 0; d < sizeof(designs) / sizeof(designs[0]); d++) {
		memset(&f, 0, sizeof(f));
		if (make_store(&f, d) != 0)
			fail_msg("design %zu: %s", d, unit_messages());
		assert_int_equal(rct_allocation_secret(f.s, secret), 0);
		assert_int_equal(rct_redraw_drawer_new(&drawer, f.plan), 0);
		assert_same_draw(&f, drawer, secret, arm);
		sodium_memzero(secret, sizeof(secret));
		assert_stored(&f, arm);
		rct_redraw_drawer_free(drawer);
		release(&f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_redraw__fast_draws_are_the_plain_ones),
	    cmocka_unit_test(test_redraw__the_secret_gives_back_the_allocation),
	};

	if (sodium_init() < 0)
		return 1;
	setenv("RCT_NOW", "2026-10-15T10:00:00Z", 1);
	setenv("RCT_ACTOR", "tester", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
