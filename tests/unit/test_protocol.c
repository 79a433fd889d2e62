/*
 * Unit tests of the protocol parser: the shipped examples are accepted,
 * and each class of malformed protocol is refused with its line.
 */
#include <stdio.h>
#include <stdlib.h>

#include "protocol.h"
#include "unit.h"

#ifndef PROTOCOLS
#define PROTOCOLS "protocols"
#endif

/* A small valid protocol; tests change one line of it. */
static const char base[] = "[trial]\n" /* 1 */
			   "name = Test trial\n"
			   "registration = ISRCTN0\n"
			   "unit = individual\n"
			   "\n" /* 5 */
			   "[arm control]\n"
			   "ratio = 1\n"
			   "\n"
			   "[arm treatment]\n"
			   "ratio = 1\n" /* 10 */
			   "\n"
			   "[randomization]\n"
			   "method = blocks\n"
			   "block_sizes = 2, 4\n"
			   "strata = site, gender\n" /* 15 */
			   "\n"
			   "[variable gender]\n"
			   "type = code\n"
			   "codes = female, male\n"
			   "\n" /* 20 */
			   "[outcome work]\n"
			   "type = binary\n"
			   "time = 12 months\n"
			   "\n"
			   "[analysis]\n" /* 25 */
			   "primary = work\n";

static struct rct_protocol *
parse(const char *text)
{
	struct rct_protocol *p = NULL;

	rct_error_clear();
	rct_protocol_parse(&p, "t.ini", text, strlen(text));
	return p;
}

/* base with one string replaced, or text appended when from is NULL. */
static char *
edit(const char *from, const char *to)
{
	static char out[4096];
	const char *at = from ? strstr(base, from) : NULL;

	if (from == NULL) {
		snprintf(out, sizeof(out), "%s%s", base, to);
		return out;
	}
	assert_non_null(at);
	snprintf(out, sizeof(out), "%.*s%s%s", (int)(at - base), base, to,
	    at + strlen(from));
	return out;
}

static void
test_protocol__base_is_valid(void **state)
{
	struct rct_protocol *p = parse(base);

	(void)state;
	assert_non_null(p);
	assert_int_equal(p->narms, 2);
	assert_int_equal(p->method, RCT_METHOD_BLOCKS);
	assert_int_equal(p->nblock_sizes, 2);
	assert_int_equal(p->nstrata, 2);
	assert_string_equal(p->estimator, "dim");
	/* The difference in means has its own (Neyman) variance. */
	assert_null(p->se_type);
	rct_protocol_free(p);
}

static void
test_protocol__shipped_examples_parse(void **state)
{
	static const char *const files[] = {"supported-employment.ini",
	    "mother-tongue-support.ini", "vocational-fourth-year.ini"};
	struct rct_protocol *p;
	char path[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", PROTOCOLS, files[i]);
		rct_error_clear();
		if (rct_protocol_load(&p, path) != 0)
			fail_msg("%s: %s", path, unit_messages());
		rct_protocol_free(p);
	}
}

static void
test_protocol__unknown_key_names_its_line(void **state)
{
	(void)state;
	assert_null(parse(edit("ratio = 1\n\n[arm treatment]",
	    "ratio = 1\ncolour = red\n\n[arm treatment]")));
	assert_in_messages("t.ini:8: unknown key 'colour' in [arm control]");
}

static void
test_protocol__bad_ratio(void **state)
{
	(void)state;
	assert_null(parse(edit("ratio = 1\n\n[arm treatment]",
	    "ratio = 1.5\n\n[arm treatment]")));
	assert_in_messages("t.ini:7: ratio '1.5' of arm 'control' is not a "
			   "whole number");
	assert_null(parse(edit("ratio = 1\n\n[arm treatment]",
	    "ratio = 0\n\n[arm treatment]")));
	assert_in_messages("t.ini:7:");
}

static void
test_protocol__undefined_stratum(void **state)
{
	(void)state;
	assert_null(
	    parse(edit("strata = site, gender", "strata = site, region")));
	assert_in_messages("stratum variable 'region' is not defined");
}

static void
test_protocol__duplicate_arm(void **state)
{
	(void)state;
	assert_null(parse(edit(NULL, "\n[arm control]\nratio = 2\n")));
	assert_in_messages("t.ini:28: duplicate arm 'control', first declared "
			   "at line 6");
}

static void
test_protocol__block_size_must_fit_ratio(void **state)
{
	(void)state;
	assert_null(parse(
	    edit("[arm treatment]\nratio = 1", "[arm treatment]\nratio = 2")));
	assert_in_messages("block size 2 is not a multiple of the ratio sum 3");
}

static void
test_protocol__repeated_key_and_bad_section(void **state)
{
	(void)state;
	assert_null(parse(
	    edit("method = blocks\n", "method = blocks\nmethod = simple\n")));
	assert_in_messages("t.ini:14: 'method' is given twice in "
			   "[randomization]");
	assert_null(parse(edit(NULL, "[colour]\nx = 1\n")));
	assert_in_messages("t.ini:27: unknown section [colour]");
	assert_null(parse(edit(NULL, "this is not ini\n")));
	assert_in_messages("t.ini:27: expected 'key = value'");
}

static void
test_protocol__codes_and_rules_are_cross_checked(void **state)
{
	(void)state;
	assert_null(
	    parse(edit(NULL, "[eligibility]\ngender = female|other\n")));
	assert_in_messages("'other' is not a code of 'gender'");
	assert_null(parse(edit("codes = female, male",
	    "codes = female, male\nunknown = unknown")));
	assert_in_messages("unknown code 'unknown' of 'gender' is not one of "
			   "its codes");
	assert_null(parse(edit("primary = work", "primary = wage")));
	assert_in_messages("primary outcome 'wage' is not an [outcome]");
}

static void
test_protocol__values_are_checked(void **state)
{
	static const char text[] =
	    "[trial]\nname = T\nregistration = R\n"
	    "[arm a]\nratio = 1\n[arm b]\nratio = 1\n"
	    "[randomization]\nmethod = simple\n"
	    "[variable by]\ntype = integer\nmin = 1900\nmax = 2100\n"
	    "[variable at]\ntype = date\nmax = today\n"
	    "[variable level]\ntype = code\ncodes = A1, A2, unknown\n"
	    "unknown = unknown\n"
	    "[eligibility]\nage = 18..67 from by at at\n"
	    "[outcome score]\ntype = continuous\nmin = 0\ntime = 1 year\n"
	    "[analysis]\nprimary = score\n";
	struct rct_protocol *p = parse(text);
	const char *ok[3] = {"1990", "2026-01-01", "A1"};
	const char *young[3] = {"2015", "2026-01-01", "A1"};
	char why[256];

	(void)state;
	assert_non_null(p);
	assert_int_equal(rct_protocol_variable_check(&p->vars[0], "1899", why,
			     sizeof(why)),
	    -1);
	assert_non_null(strstr(why, "out of range"));
	assert_int_equal(rct_protocol_variable_check(&p->vars[0], "19x0", why,
			     sizeof(why)),
	    -1);
	assert_int_equal(rct_protocol_variable_check(&p->vars[1], "2099-01-01",
			     why, sizeof(why)),
	    -1);
	assert_non_null(strstr(why, "future"));
	assert_int_equal(rct_protocol_variable_check(&p->vars[2], "", why,
			     sizeof(why)),
	    -1);
	assert_non_null(strstr(why, "'unknown' when it is not known"));
	assert_int_equal(rct_protocol_eligible(p, ok, why, sizeof(why)), 0);
	assert_int_equal(rct_protocol_eligible(p, young, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "age 11"));
	assert_int_equal(rct_protocol_outcome_check(&p->outcomes[0], "-1", why,
			     sizeof(why)),
	    -1);
	assert_int_equal(rct_protocol_outcome_check(&p->outcomes[0], "1,5", why,
			     sizeof(why)),
	    -1);
	assert_non_null(strstr(why, "decimal point"));
	rct_protocol_free(p);
}

static void
test_protocol__hash_is_of_the_text(void **state)
{
	struct rct_protocol *a = parse(base);
	struct rct_protocol *b =
	    parse(edit("name = Test trial", "name = Test trial 2"));
	char ha[65], hb[65];

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	rct_protocol_hash_hex(a, ha);
	rct_protocol_hash_hex(b, hb);
	assert_string_not_equal(ha, hb);
	rct_protocol_free(a);
	rct_protocol_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_protocol__base_is_valid),
	    cmocka_unit_test(test_protocol__shipped_examples_parse),
	    cmocka_unit_test(test_protocol__unknown_key_names_its_line),
	    cmocka_unit_test(test_protocol__bad_ratio),
	    cmocka_unit_test(test_protocol__undefined_stratum),
	    cmocka_unit_test(test_protocol__duplicate_arm),
	    cmocka_unit_test(test_protocol__block_size_must_fit_ratio),
	    cmocka_unit_test(test_protocol__repeated_key_and_bad_section),
	    cmocka_unit_test(test_protocol__codes_and_rules_are_cross_checked),
	    cmocka_unit_test(test_protocol__values_are_checked),
	    cmocka_unit_test(test_protocol__hash_is_of_the_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
