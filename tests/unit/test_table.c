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

/*
 * A one-column table of rounded numbers in md (no padding), rows joined
 * with '|'; the caller frees it.
 */
static char *
rounded(const char *const *cells, size_t n, int digits, int pvalue)
{
	static const char *const names[] = {"v"};
	struct rct_table *t = rct_table_new(1, names);
	char *out = NULL, *p, *q;
	size_t i, len;
	FILE *fp;

	assert_non_null(t);
	if (pvalue)
		rct_table_set_pvalue(t, 0);
	else
		rct_table_set_rounded(t, 0);
	rct_table_set_digits(t, digits);
	for (i = 0; i < n; i++)
		assert_int_equal(rct_table_add(t, &cells[i]), 0);
	fp = open_memstream(&out, &len);
	assert_non_null(fp);
	rct_table_print(t, fp, RCT_FORMAT_MD);
	fclose(fp);
	rct_table_free(t);
	/* "| v |\n|---:|\n| a |\n| b |\n" -> "a|b" */
	p = strstr(out, "---:|\n") + 6;
	for (q = out; *p; p++)
		if (*p == '\n' && p[1])
			*q++ = '|';
		else if (*p != '|' && *p != ' ' && *p != '\n')
			*q++ = *p;
	*q = '\0';
	return out;
}

/* What R 4.2.2 prints: paste(trimws(format(x, digits = 4)), collapse = "|"). */
static void
test_table__rounded_as_r_formats(void **state)
{
	static const struct {
		const char *cells[3];
		size_t n;
		const char *r;
	} cases[] = {
	    {{"0.94696023600932433", "9469.601"}, 2, "0.947|9469.601"},
	    {{"0.1745591715044142", "52857.03687011851"}, 2,
		"1.746e-01|5.286e+04"},
	    {{"0.0012", "0.5", "3"}, 3, "0.0012|0.5000|3.0000"},
	    {{"398", "34.931393050088772"}, 2, "398.00|34.93"},
	    {{"-0.79652", "0.8425", "1e-10"}, 3,
		"-7.965e-01|8.425e-01|1.000e-10"},
	    {{"123456.7"}, 1, "123457"},
	    {{"0.00001234", "0.1"}, 2, "1.234e-05|1.000e-01"},
	    {{"1.5", "", "Inf"}, 3, "1.5||Inf"},
	    {{"0.950", "0.9"}, 2, "0.95|0.90"},
	    {{"100", "2000"}, 2, "100|2000"},
	    {{"9.99996", "1"}, 2, "10|1"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = rounded(cases[i].cells, cases[i].n, 4, 0);

		assert_string_equal(out, cases[i].r);
		free(out);
	}
}

static void
test_table__pvalues_below_0001_and_aligned(void **state)
{
	static const char *const p[] = {"7.1419656020147917e-07",
	    "0.0013071605911748939", "0.95601"};
	static const char *const names[] = {"p_value", "note"};
	struct rct_table *t = rct_table_new(2, names);
	const char *row[2];
	char *out = rounded(p, 3, 4, 1), *text = NULL;
	size_t i, len;
	FILE *fp;

	(void)state;
	assert_string_equal(out, "&lt;0.001|0.001307|0.956010");
	free(out);
	out = rounded(p, 3, 2, 1);
	assert_string_equal(out, "&lt;0.001|0.0013|0.9560");
	free(out);
	/* In the text table the points line up; no line ends in blanks. */
	assert_non_null(t);
	rct_table_set_pvalue(t, 0);
	for (i = 0; i < 3; i++) {
		row[0] = p[i];
		row[1] = i == 1 ? "x" : "";
		assert_int_equal(rct_table_add(t, row), 0);
	}
	fp = open_memstream(&text, &len);
	assert_non_null(fp);
	rct_table_print(t, fp, RCT_FORMAT_TABLE);
	fclose(fp);
	assert_string_equal(text,
	    "  p_value  note\n"
	    "<0.001\n"
	    " 0.001307  x\n"
	    " 0.956010\n");
	free(text);
	rct_table_free(t);
}

static void
test_table__details_and_panels(void **state)
{
	static const char *const names[] = {"key", "a", "b", "c"};
	static const char *const row[] = {"k", "1.5", "hidden", "2.25"};
	struct rct_table *t = rct_table_new(4, names);
	char *out = NULL;
	size_t len;
	FILE *fp;

	(void)state;
	assert_non_null(t);
	rct_table_set_rounded(t, 1);
	rct_table_set_detail(t, 2);
	rct_table_set_rounded(t, 3);
	rct_table_set_width(t, 8);
	assert_int_equal(rct_table_add(t, row), 0);
	fp = open_memstream(&out, &len);
	assert_non_null(fp);
	rct_table_print(t, fp, RCT_FORMAT_TABLE);
	fclose(fp);
	assert_string_equal(out,
	    "key    a\nk    1.5\n\nkey     c\nk    2.25\n");
	free(out);
	out = NULL;
	fp = open_memstream(&out, &len);
	assert_non_null(fp);
	rct_table_print(t, fp, RCT_FORMAT_CSV);
	fclose(fp);
	assert_string_equal(out, "key,a,b,c\nk,1.5,hidden,2.25\n");
	free(out);
	rct_table_free(t);
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
	    cmocka_unit_test(test_table__rounded_as_r_formats),
	    cmocka_unit_test(test_table__pvalues_below_0001_and_aligned),
	    cmocka_unit_test(test_table__details_and_panels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
