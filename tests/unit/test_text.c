/* Unit tests of lib/text.c and lib/buf.c: strict parsing never coerces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "unit.h"

static void
test_text__integers_are_strict(void **state)
{
	long v;

	(void)state;
	assert_int_equal(rct_text_parse_long("1990", &v), 0);
	assert_int_equal(v, 1990);
	assert_int_equal(rct_text_parse_long("-3", &v), 0);
	assert_int_equal(v, -3);
	assert_int_equal(rct_text_parse_long(" 12", &v), -1);
	assert_int_equal(rct_text_parse_long("12 ", &v), -1);
	assert_int_equal(rct_text_parse_long("12x", &v), -1);
	assert_int_equal(rct_text_parse_long("", &v), -1);
	assert_int_equal(rct_text_parse_long("1.0", &v), -1);
	assert_int_equal(rct_text_parse_long("99999999999999999999", &v), -1);
}

static void
test_text__decimals_refuse_commas_and_nan(void **state)
{
	double x;

	(void)state;
	assert_int_equal(rct_text_parse_double("250000.5", &x), 0);
	assert_true(x == 250000.5);
	assert_int_equal(rct_text_parse_double("1e3", &x), 0);
	assert_true(x == 1000.0);
	assert_int_equal(rct_text_parse_double("1,5", &x), -1);
	assert_int_equal(rct_text_parse_double("nan", &x), -1);
	assert_int_equal(rct_text_parse_double("inf", &x), -1);
	assert_int_equal(rct_text_parse_double("1e999", &x), -1);
	assert_int_equal(rct_text_parse_double("", &x), -1);
}

/* A decimal comma made a point, and nothing else touched. */
static void
test_text__decimal_comma_becomes_a_point(void **state)
{
	char out[24];

	(void)state;
	assert_string_equal(rct_text_decimal_comma("1,5", out, sizeof(out)),
	    "1.5");
	assert_string_equal(rct_text_decimal_comma("-0,25", out, sizeof(out)),
	    "-0.25");
	assert_string_equal(rct_text_decimal_comma("+12,0", out, sizeof(out)),
	    "+12.0");
	assert_string_equal(rct_text_decimal_comma("1.5", out, sizeof(out)),
	    "1.5");
	assert_string_equal(rct_text_decimal_comma("1,5,5", out, sizeof(out)),
	    "1,5,5");
	assert_string_equal(rct_text_decimal_comma(",5", out, sizeof(out)),
	    ",5");
	assert_string_equal(rct_text_decimal_comma("5,", out, sizeof(out)),
	    "5,");
	assert_string_equal(rct_text_decimal_comma("1 000,5", out, sizeof(out)),
	    "1 000,5");
	assert_string_equal(rct_text_decimal_comma("a,b", out, sizeof(out)),
	    "a,b");
	assert_string_equal(
	    rct_text_decimal_comma("1234567890123456789012345,5", out,
		sizeof(out)),
	    "1234567890123456789012345,5");
	assert_null(rct_text_decimal_comma(NULL, out, sizeof(out)));
}

/* A message quotes the value as written, not as read. */
static void
test_text__quote_as_written(void **state)
{
	char msg[64] = "weekly_hours '99.5' is out of range, 99.5";

	(void)state;
	rct_text_quote_as_written(msg, sizeof(msg), "99.5", "99,5");
	assert_string_equal(msg, "weekly_hours '99,5' is out of range, 99.5");
	rct_text_quote_as_written(msg, sizeof(msg), "7.5", "7,5");
	assert_string_equal(msg, "weekly_hours '99,5' is out of range, 99.5");
}

/*
 * The fast path for plain decimals must give strtod's double, bit for
 * bit: many decimals of every length, with and without sign and point,
 * compared with the C library's correctly rounded conversion.
 */
static void
test_text__decimals_match_strtod(void **state)
{
	static const char *const edge[] = {"0", "-0", "0.1", "0.3", ".5", "5.",
	    "9007199254740991", "9007199254740993", "123456789012345678",
	    "0.0000000000000000000001", "0.00000000000000000000001",
	    "1.7976931348623157", "-2.2250738585072014", "00012.50"};
	unsigned long long z = 88172645463325252ULL;
	char text[64];
	double x;
	size_t i;
	int n, j, digits, point;

	(void)state;
	for (i = 0; i < sizeof(edge) / sizeof(edge[0]); i++) {
		assert_int_equal(rct_text_parse_double(edge[i], &x), 0);
		assert_memory_equal(&x, &(double){strtod(edge[i], NULL)},
		    sizeof(x));
	}
	for (n = 0; n < 200000; n++) {
		z ^= z << 13;
		z ^= z >> 7;
		z ^= z << 17;
		digits = 1 + (int)(z % 19);
		point = (int)((z >> 8) % (unsigned)(digits + 2));
		j = 0;
		if ((z >> 16) & 1)
			text[j++] = '-';
		for (i = 0; i < (size_t)digits; i++) {
			if ((int)i == point)
				text[j++] = '.';
			text[j++] = (char)('0' + (z >> (20 + 2 * i)) % 10);
		}
		text[j] = '\0';
		assert_int_equal(rct_text_parse_double(text, &x), 0);
		if (memcmp(&x, &(double){strtod(text, NULL)}, sizeof(x)) != 0)
			fail_msg("'%s' parsed as %.17g, strtod gives %.17g",
			    text, x, strtod(text, NULL));
	}
}

/* Day numbers and dates agree both ways, across leap years and eras. */
static void
test_text__day_numbers_round_trip(void **state)
{
	char out[11], want[11];
	long z;
	int y, m, d;

	(void)state;
	rct_text_date_from_days(0, out);
	assert_string_equal(out, "1970-01-01");
	rct_text_date_from_days(rct_text_days_from_civil(2024, 2, 29), out);
	assert_string_equal(out, "2024-02-29");
	for (z = rct_text_days_from_civil(1900, 1, 1);
	     z < rct_text_days_from_civil(2200, 1, 1); z += 7) {
		rct_text_date_from_days(z, out);
		assert_int_equal(rct_text_parse_date(out, &y, &m, &d), 0);
		assert_int_equal(rct_text_days_from_civil(y, m, d), z);
		snprintf(want, sizeof(want), "%04d-%02d-%02d", y, m, d);
		assert_string_equal(out, want);
	}
}

static void
test_text__dates_must_exist(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(rct_text_parse_date("2024-02-29", &y, &m, &d), 0);
	assert_int_equal(rct_text_parse_date("2023-02-29", &y, &m, &d), -1);
	assert_int_equal(rct_text_parse_date("2026-13-01", &y, &m, &d), -1);
	assert_int_equal(rct_text_parse_date("2026-1-01", &y, &m, &d), -1);
	assert_int_equal(rct_text_parse_date("01.02.2026", &y, &m, &d), -1);
	assert_int_equal(rct_text_parse_date("1900-02-29", &y, &m, &d), -1);
	assert_int_equal(rct_text_parse_date("2000-02-29", &y, &m, &d), 0);
	/* Known day counts: 1970-01-01 is day 0, 2000-03-01 is day 11017. */
	assert_int_equal(rct_text_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(rct_text_days_from_civil(2000, 3, 1), 11017);
}

static void
test_text__utf8_validation(void **state)
{
	(void)state;
	assert_true(rct_text_utf8_valid("Tromsø", strlen("Tromsø")));
	assert_true(rct_text_utf8_valid("", 0));
	assert_false(rct_text_utf8_valid("\xff", 1));
	assert_false(rct_text_utf8_valid("Troms\xf8", 6)); /* Latin-1 ø */
	assert_false(rct_text_utf8_valid("\xc0\xaf", 2)); /* overlong */
	assert_false(rct_text_utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
	assert_false(rct_text_utf8_valid("\xe2\x82", 2)); /* truncated */
}

static void
test_text__lists_are_trimmed_and_refuse_empty_items(void **state)
{
	char **list;
	int n;

	(void)state;
	n = rct_text_split_list(" site ,gender", ',', &list);
	assert_int_equal(n, 2);
	assert_string_equal(list[0], "site");
	assert_string_equal(list[1], "gender");
	rct_text_list_free(list, (size_t)n);
	assert_int_equal(rct_text_split_list("a,,b", ',', &list), -1);
	assert_int_equal(rct_text_split_list("", ',', &list), -1);
}

static void
test_text__names_and_codes(void **state)
{
	(void)state;
	assert_true(rct_text_name_valid("birth_year"));
	assert_false(rct_text_name_valid("Birth"));
	assert_false(rct_text_name_valid("1st"));
	assert_false(rct_text_name_valid("a-b"));
	assert_true(rct_text_code_valid("0301"));
	assert_true(rct_text_code_valid("nav-oslo_1"));
	assert_false(rct_text_code_valid(""));
	assert_false(rct_text_code_valid("a b"));
}

static void
test_buf__json_strings_are_escaped(void **state)
{
	struct rct_buf b = RCT_BUF_INIT;

	(void)state;
	rct_buf_add_json_string(&b, "a\"b\\c\nd\x01");
	assert_string_equal(rct_buf_str(&b), "\"a\\\"b\\\\c\\nd\\u0001\"");
	rct_buf_reset(&b);
	rct_buf_addhex(&b, (const unsigned char *)"\x01\xab", 2);
	assert_string_equal(rct_buf_str(&b), "01ab");
	rct_buf_release(&b);
}

static void
test_text__control_characters(void **state)
{
	unsigned cp = 0;

	(void)state;
	assert_int_equal(rct_text_control_find("plain, ære", 11, 0, &cp), -1);
	assert_int_equal(rct_text_control_find("ab\x1b[2J", 6, 0, &cp), 2);
	assert_int_equal(cp, 0x1b);
	assert_int_equal(rct_text_control_find("a\x7f", 2, 0, &cp), 1);
	assert_int_equal(cp, 0x7f);
	/* U+009B (C1 CSI) is C2 9B; U+00A0 (C2 A0) is not a control. */
	assert_int_equal(rct_text_control_find("x\xc2\x9b", 3, 0, &cp), 1);
	assert_int_equal(cp, 0x9b);
	assert_int_equal(rct_text_control_find("\xc2\xa0", 2, 0, &cp), -1);
	assert_int_equal(rct_text_control_find("a\tb\r\n", 5, 1, &cp), -1);
	assert_int_equal(rct_text_control_find("a\tb", 3, 0, &cp), 1);
	assert_int_equal(rct_text_check("site name", "Oslo"), 0);
	rct_error_clear();
	assert_int_equal(rct_text_check("site name", "Øslo\x1b"), RCT_EINVAL);
	assert_in_messages("site name holds the control character U+001B at "
			   "character 5, expected printable text");
	rct_error_clear();
}

static void
test_text__visible_write(void **state)
{
	char *out = NULL;
	size_t len;
	FILE *fp = open_memstream(&out, &len);

	(void)state;
	assert_non_null(fp);
	rct_text_visible_write(fp,
	    "a\x1b[31mb\xc2\x9b"
	    "c\td\n");
	fclose(fp);
	assert_string_equal(out, "a\\x1b[31mb\\u009bc\\x09d\\x0a");
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text__integers_are_strict),
	    cmocka_unit_test(test_text__decimals_refuse_commas_and_nan),
	    cmocka_unit_test(test_text__decimal_comma_becomes_a_point),
	    cmocka_unit_test(test_text__quote_as_written),
	    cmocka_unit_test(test_text__decimals_match_strtod),
	    cmocka_unit_test(test_text__day_numbers_round_trip),
	    cmocka_unit_test(test_text__dates_must_exist),
	    cmocka_unit_test(test_text__utf8_validation),
	    cmocka_unit_test(
		test_text__lists_are_trimmed_and_refuse_empty_items),
	    cmocka_unit_test(test_text__names_and_codes),
	    cmocka_unit_test(test_buf__json_strings_are_escaped),
	    cmocka_unit_test(test_text__control_characters),
	    cmocka_unit_test(test_text__visible_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
