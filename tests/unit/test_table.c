/*
 * Unit tests of lib/table.c and the CSV writer: every format is safe to
 * open, whatever the cells hold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "unit.h"

/* The one-column table of cells printed in fmt; the caller frees it. */
static char *
printed(enum rct_format fmt, const char *const *cells, size_t n)
{
	static const char *const names[] = {"v"};
	struct rct_table *t = rct_table_new(1, names);
	char *out = NULL;
	size_t i, len;
	FILE *fp;

	assert_non_null(t);
	for (i = 0; i < n; i++)
		assert_int_equal(rct_table_add(t, &cells[i]), 0);
	fp = open_memstream(&out, &len);
	assert_non_null(fp);
	rct_table_print(t, fp, fmt);
	fclose(fp);
	rct_table_free(t);
	return out;
}

static void
test_table__csv_formulas_get_a_quote_numbers_do_not(void **state)
{
	static const char *const cells[] = {"=1+2", "+cmd", "-x", "@SUM(A1)",
	    "\tx", "-1.5", "-0", "+3", "1e-5", "a=b", ""};
	char *out = printed(RCT_FORMAT_CSV, cells, 11);

	(void)state;
	assert_string_equal(out,
	    "v\n'=1+2\n'+cmd\n'-x\n'@SUM(A1)\n'\tx\n"
	    "-1.5\n-0\n+3\n1e-5\na=b\n\n");
	free(out);
}

static void
test_table__markdown_cells_are_text(void **state)
{
	static const char *const cells[] = {
	    "a|b \\ `c` *d* _e_ p_value [f](g) <b>&amp; ~h~ !x\n\x1b"};
	char *out = printed(RCT_FORMAT_MD, cells, 1);

	(void)state;
	assert_string_equal(out,
	    "| v |\n|:---|\n| a\\|b \\\\ \\`c\\` \\*d\\* \\_e\\_ p_value "
	    "\\[f\\](g) &lt;b&gt;&amp;amp; \\~h\\~ \\!x \xef\xbf\xbd |\n");
	free(out);
}

static void
test_table__html_is_escaped_and_valid_xml(void **state)
{
	static const char *const cells[] = {"<i>\"a\" & 'b'\x1b\x7f\xc2\x9b\xff"
					    "\xef\xbf\xbe ok"};
	char *out = printed(RCT_FORMAT_HTML, cells, 1);

	(void)state;
	assert_non_null(strstr(out,
	    "<td>&lt;i&gt;&quot;a&quot; &amp; &#39;b&#39;\xef\xbf\xbd\xef\xbf"
	    "\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd ok</td>"));
	free(out);
}

static void
test_table__text_shows_control_characters(void **state)
{
	static const char *const cells[] = {"Oslo\x1b[2J", "Bergen"};
	char *out = printed(RCT_FORMAT_TABLE, cells, 2);

	(void)state;
	assert_string_equal(out, "v\nOslo\\x1b[2J\nBergen\n");
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		test_table__csv_formulas_get_a_quote_numbers_do_not),
	    cmocka_unit_test(test_table__markdown_cells_are_text),
	    cmocka_unit_test(test_table__html_is_escaped_and_valid_xml),
	    cmocka_unit_test(test_table__text_shows_control_characters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
