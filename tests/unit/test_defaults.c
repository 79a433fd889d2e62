/*
 * Unit tests of analysis/defaults.c: what an analysis of a store takes
 * from its protocol when the user says nothing, on the shipped protocols
 * and on one edited from a string (no family, a third arm).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defaults.h"
#include "protocol.h"
#include "text.h"
#include "unit.h"

static struct rct_protocol *
load(const char *path)
{
	struct rct_protocol *p = NULL;

	assert_int_equal(rct_protocol_load(&p, path), 0);
	return p;
}

/*
 * supported-employment.ini with the line that starts with drop replaced
 * by repl (or left out), and add at the end.
 */
static struct rct_protocol *
edited(const char *drop, const char *repl, const char *add)
{
	FILE *fp = fopen("protocols/supported-employment.ini", "r");
	char line[1024], *text = calloc(1, 1 << 16);
	struct rct_protocol *p = NULL;
	size_t n = 0;

	assert_non_null(fp);
	assert_non_null(text);
	while (fgets(line, sizeof(line), fp))
		if (drop == NULL || strncmp(line, drop, strlen(drop)) != 0)
			n += (size_t)snprintf(text + n, (1 << 16) - n, "%s",
			    line);
		else if (repl)
			n += (size_t)snprintf(text + n, (1 << 16) - n, "%s",
			    repl);
	fclose(fp);
	if (add)
		n += (size_t)snprintf(text + n, (1 << 16) - n, "%s", add);
	if (rct_protocol_parse(&p, "edited.ini", text, n) != 0)
		fail_msg("edited.ini: %s", unit_messages());
	free(text);
	return p;
}

static void
test_defaults__baseline_is_codes_and_numbers(void **state)
{
	struct rct_protocol *p = load("protocols/supported-employment.ini");
	char **names = NULL;
	unsigned char *factor = NULL;
	size_t n = 0, i, want = 0;

	(void)state;
	assert_int_equal(rct_defaults_baseline(p, &names, &factor, &n), 0);
	for (i = 0; i < p->nvars; i++)
		want += p->vars[i].type != RCT_VAR_DATE &&
		    p->vars[i].type != RCT_VAR_TEXT;
	assert_true(n > 0);
	assert_int_equal(n, want);
	assert_true(rct_text_list_find(names, n, "gender") >= 0);
	assert_int_equal(factor[rct_text_list_find(names, n, "gender")], 1);
	assert_int_equal(factor[rct_text_list_find(names, n,
			     "years_in_norway")],
	    0);
	assert_true(rct_text_list_find(names, n, "consent_date") < 0);
	rct_text_list_free(names, n);
	free(factor);
	rct_protocol_free(p);
}

static void
test_defaults__outcomes_are_the_family_or_the_primary(void **state)
{
	struct rct_protocol *p = load("protocols/supported-employment.ini");
	struct rct_protocol *q = edited("family", NULL, NULL);
	char **names = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(rct_defaults_outcomes(p, &names, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "employed_or_education_12m");
	assert_string_equal(names[1], "earnings_12m");
	rct_text_list_free(names, n);
	assert_int_equal(rct_defaults_outcomes(q, &names, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "employed_or_education_12m");
	rct_text_list_free(names, n);
	rct_protocol_free(p);
	rct_protocol_free(q);
}

static void
test_defaults__every_arm_but_the_comparison(void **state)
{
	struct rct_protocol *p = edited("block_sizes", "block_sizes = 3, 6\n",
	    "\n[arm coaching]\nlabel = Job coaching only\nratio = 1\n");
	size_t i = 0;

	(void)state;
	assert_int_equal(p->narms, 3);
	assert_string_equal(rct_defaults_next_arm(p, NULL, "control", &i),
	    "treatment");
	assert_string_equal(rct_defaults_next_arm(p, NULL, "control", &i),
	    "coaching");
	assert_null(rct_defaults_next_arm(p, NULL, "control", &i));
	/* Against another arm: the control arm is compared too. */
	i = 0;
	assert_string_equal(rct_defaults_next_arm(p, NULL, "coaching", &i),
	    "control");
	assert_string_equal(rct_defaults_next_arm(p, NULL, "coaching", &i),
	    "treatment");
	assert_null(rct_defaults_next_arm(p, NULL, "coaching", &i));
	/* A treat given, or no protocol: that arm once. */
	i = 0;
	assert_string_equal(rct_defaults_next_arm(p, "coaching", "control", &i),
	    "coaching");
	assert_null(rct_defaults_next_arm(p, "coaching", "control", &i));
	i = 0;
	assert_string_equal(rct_defaults_next_arm(NULL, "b", "a", &i), "b");
	assert_null(rct_defaults_next_arm(NULL, "b", "a", &i));
	rct_protocol_free(p);
}

static void
test_defaults__min_cell(void **state)
{
	struct rct_protocol *p = load("protocols/supported-employment.ini");
	struct rct_protocol *q = edited("min_cell", NULL, NULL);

	(void)state;
	assert_int_equal(rct_defaults_min_cell(p), p->min_cell);
	assert_int_equal(rct_defaults_min_cell(q), 5);
	assert_int_equal(rct_defaults_min_cell(NULL), 5);
	rct_protocol_free(p);
	rct_protocol_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults__baseline_is_codes_and_numbers),
	    cmocka_unit_test(
		test_defaults__outcomes_are_the_family_or_the_primary),
	    cmocka_unit_test(test_defaults__every_arm_but_the_comparison),
	    cmocka_unit_test(test_defaults__min_cell),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
