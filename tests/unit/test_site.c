/*
 * Unit tests of trial/site.c: the light list of codes and names that the
 * web forms use gives the same sites, in the same order, as the full list.
 */
#include <stdlib.h>

#include <sodium.h>

#include "protocol.h"
#include "site.h"
#include "store.h"
#include "table.h"
#include "unit.h"

static const char protocol_text[] =
    "[trial]\nname = Unit trial\nregistration = R1\n"
    "[arm control]\nratio = 1\n[arm treatment]\nratio = 1\n"
    "[randomization]\nmethod = simple\n"
    "[variable birth_year]\ntype = integer\nmin = 1900\nmax = 2100\n"
    "[outcome work]\ntype = binary\ntime = 12 months\n"
    "[analysis]\nprimary = work\n";

static void
test_site__names_are_the_list_without_counts(void **state)
{
	struct rct_protocol *p = NULL;
	struct rct_store *s = NULL;
	struct rct_table *all = NULL, *names = NULL;
	size_t i;

	(void)state;
	assert_int_equal(unit_store_new(&p, &s, protocol_text), 0);
	assert_int_equal(rct_site_names(s, &names), 0);
	assert_int_equal(rct_table_rows(names), 0);
	rct_table_free(names);
	assert_int_equal(rct_store_begin(s), 0);
	assert_int_equal(rct_site_add(s, "4601", "Bergen", 10), 0);
	assert_int_equal(rct_site_add(s, "0301", "Oslo", -1), 0);
	assert_int_equal(rct_site_add(s, "5001", "Trondheim", 3), 0);
	assert_int_equal(rct_store_commit(s), 0);
	assert_int_equal(rct_site_list(s, &all), 0);
	assert_int_equal(rct_site_names(s, &names), 0);
	assert_int_equal(rct_table_rows(names), 3);
	assert_int_equal(rct_table_rows(all), 3);
	for (i = 0; i < 3; i++) {
		assert_string_equal(rct_table_row(names, i)[0],
		    rct_table_row(all, i)[0]);
		assert_string_equal(rct_table_row(names, i)[1],
		    rct_table_row(all, i)[1]);
	}
	assert_string_equal(rct_table_row(names, 0)[0], "0301");
	assert_string_equal(rct_table_row(names, 0)[1], "Oslo");
	rct_table_free(all);
	rct_table_free(names);
	rct_store_close(s);
	rct_protocol_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_site__names_are_the_list_without_counts),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
