/*
 * Unit tests of randomizer/predict.c against tests/data/predictability.csv,
 * made by tests/ref/predictability_reference.py: every sequence of blocks
 * and every permutation of each block enumerated, both observers run along
 * the whole sequence, in exact rational arithmetic.  Ours must agree to
 * 1e-12.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "predict.h"
#include "unit.h"

#ifndef REFERENCE
#define REFERENCE "tests/data/predictability.csv"
#endif

/* A protocol of just what predict.c reads: method, arms, block sizes. */
struct design {
	struct rct_protocol p;
	struct rct_arm arms[RCT_MAX_ARMS];
	int sizes[16];
};

static void
design_parse(struct design *d, const char *method, char *ratios, char *sizes)
{
	char *s;

	memset(d, 0, sizeof(*d));
	d->p.method = strcmp(method, "blocks") == 0 ? RCT_METHOD_BLOCKS :
						      RCT_METHOD_SIMPLE;
	d->p.arms = d->arms;
	for (s = strtok(ratios, ":"); s; s = strtok(NULL, ":"))
		d->arms[d->p.narms++].ratio = atoi(s);
	d->p.block_sizes = d->sizes;
	if (strcmp(sizes, "-") != 0)
		for (s = strtok(sizes, " "); s; s = strtok(NULL, " "))
			d->sizes[d->p.nblock_sizes++] = atoi(s);
}

static void
assert_close(double got, double want)
{
	if (fabs(got - want) > 1e-12 * (fabs(want) > 1 ? fabs(want) : 1))
		fail_msg("got %.17g, want %.17g", got, want);
}

static void
test_predict__matches_the_reference(void **state)
{
	char line[512], method[16], ratios[64], sizes[64], n[16];
	char key[160], last[160] = "";
	double without, with;
	struct design d;
	struct rct_predict *pr = NULL;
	int checked = 0;
	FILE *fp = fopen(REFERENCE, "r");

	(void)state;
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof(line), fp)); /* the header */
	while (fgets(line, sizeof(line), fp)) {
		assert_int_equal(sscanf(line,
				     "%15[^,],%63[^,],%63[^,],%15[^,],"
				     "%lf,%lf",
				     method, ratios, sizes, n, &without, &with),
		    6);
		snprintf(key, sizeof(key), "%s,%s,%s", method, ratios, sizes);
		if (strcmp(key, last) != 0) {
			rct_predict_free(pr);
			design_parse(&d, method, ratios, sizes);
			assert_int_equal(rct_predict_new(&pr, &d.p, 64), 0);
			assert_true(pr->exact);
			snprintf(last, sizeof(last), "%s", key);
		}
		if (strcmp(n, "whole") == 0) {
			assert_close(pr->counts_whole, without);
			assert_close(pr->blocks_whole, with);
		} else {
			assert_close(pr->counts[atoi(n)], without);
			assert_close(pr->blocks[atoi(n)], with);
		}
		checked++;
	}
	rct_predict_free(pr);
	fclose(fp);
	assert_true(checked > 100);
}

static void
test_predict__ties_share_the_credit(void **state)
{
	struct design d;
	char ratios[] = "1:1:1", sizes[] = "3";
	int64_t counts[RCT_MAX_ARMS] = {1, 0, 0};

	(void)state;
	design_parse(&d, "blocks", ratios, sizes);
	/* After one of arm 0, arms 1 and 2 are behind: half a guess each. */
	assert_close(rct_predict_credit(&d.p, counts, 1, 0), 0);
	assert_close(rct_predict_credit(&d.p, counts, 1, 1), 0.5);
	assert_close(rct_predict_credit(&d.p, counts, 3, 2), 0.5);
	counts[0] = 0;
	assert_close(rct_predict_credit(&d.p, counts, 0, 2), 1.0 / 3);
}

static void
test_predict__methods_without_an_exact_value(void **state)
{
	struct design d;
	struct rct_predict *pr;
	char ratios[] = "2:1", sizes[] = "-";

	(void)state;
	design_parse(&d, "simple", ratios, sizes);
	d.p.method = RCT_METHOD_MINIMIZATION;
	assert_int_equal(rct_predict_new(&pr, &d.p, 10), 0);
	assert_false(pr->exact);
	assert_close(pr->coin, 2.0 / 3);
	assert_true(isnan(pr->counts_whole));
	rct_predict_free(pr);
	rct_predict_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_predict__matches_the_reference),
	    cmocka_unit_test(test_predict__ties_share_the_credit),
	    cmocka_unit_test(test_predict__methods_without_an_exact_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
