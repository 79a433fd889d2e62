/*
 * Unit tests of the web service's library files: the form parsers
 * (web/form.c), escaping (web/html.c), the route table (web/routes.c)
 * and the catalogue (web/i18n.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "form.h"
#include "hasher.h"
#include "html.h"
#include "i18n.h"
#include "unit.h"
#include "web.h"

static void
test_web__urlencoded_decodes_and_refuses(void **state)
{
	struct web_form f;
	size_t len;
	const char *v;

	(void)state;
	assert_int_equal(web_form_parse_urlencoded(&f,
			     "a=1+2&b=%3Cx%3E&empty=&flag&c=%00z", 34),
	    0);
	assert_string_equal(web_form_get(&f, "a", NULL), "1 2");
	assert_string_equal(web_form_get(&f, "b", NULL), "<x>");
	assert_string_equal(web_form_get(&f, "empty", NULL), "");
	assert_string_equal(web_form_get(&f, "flag", NULL), "");
	v = web_form_get(&f, "c", &len);
	assert_int_equal(len, 2);
	assert_int_equal(v[0], '\0');
	assert_null(web_form_get(&f, "d", NULL));
	web_form_release(&f);
	rct_error_clear();
	assert_int_equal(web_form_parse_urlencoded(&f, "a=%4", 4), RCT_EINVAL);
	assert_in_messages("bad %-escape");
	assert_int_equal(web_form_parse_urlencoded(&f, "a=%zz", 5), RCT_EINVAL);
	assert_int_equal(web_form_parse_urlencoded(&f, "a=1&a=2", 7),
	    RCT_EINVAL);
	assert_in_messages("'a' is given twice");
	assert_int_equal(web_form_parse_urlencoded(&f, "a%20b=1", 7),
	    RCT_EINVAL);
	rct_error_clear();
}

static void
test_web__urlencoded_bounds_fields(void **state)
{
	struct rct_buf b = RCT_BUF_INIT;
	struct web_form f;
	int i;

	(void)state;
	for (i = 0; i <= WEB_FORM_FIELDS_MAX; i++)
		rct_buf_addf(&b, "%sf%d=x", i ? "&" : "", i);
	assert_int_equal(web_form_parse_urlencoded(&f, rct_buf_str(&b), b.len),
	    RCT_EINVAL);
	assert_in_messages("more than 64 fields");
	rct_buf_release(&b);
	rct_error_clear();
}

static void
test_web__multipart_reads_parts_and_files(void **state)
{
	static const char body[] =
	    "--b0\r\nContent-Disposition: form-data; name=\"site\"\r\n\r\n0301"
	    "\r\n--b0\r\nContent-Disposition: form-data; name=\"register\"; "
	    "filename=\"reg.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\r\n1,2\r\n"
	    "\r\n--b0--\r\n";
	struct web_form f;
	size_t len;

	(void)state;
	assert_int_equal(web_form_parse_multipart(&f,
			     "multipart/form-data; boundary=\"b0\"", body,
			     sizeof(body) - 1),
	    0);
	assert_int_equal(f.n, 2);
	assert_string_equal(web_form_get(&f, "site", NULL), "0301");
	assert_string_equal(web_form_get(&f, "register", &len),
	    "a,b\r\n1,2\r\n");
	assert_int_equal(len, 10);
	assert_string_equal(f.fields[1].filename, "reg.csv");
	web_form_release(&f);
}

static void
test_web__multipart_refuses_the_malformed(void **state)
{
	static const char cut[] =
	    "--b0\r\nContent-Disposition: form-data; name=\"site\"\r\n\r\n0301";
	static const char noname[] =
	    "--b0\r\nContent-Type: text/plain\r\n\r\nx\r\n--b0--\r\n";
	static const char nohead[] = "--b0\r\nContent-Disposition: form-data";
	struct web_form f;

	(void)state;
	rct_error_clear();
	assert_int_equal(web_form_parse_multipart(&f, "multipart/form-data",
			     cut, sizeof(cut) - 1),
	    RCT_EINVAL);
	assert_in_messages("no multipart boundary");
	assert_int_equal(web_form_parse_multipart(&f,
			     "multipart/form-data; boundary=b0", cut,
			     sizeof(cut) - 1),
	    RCT_EINVAL);
	assert_in_messages("ends before its closing boundary");
	assert_int_equal(web_form_parse_multipart(&f,
			     "multipart/form-data; boundary=b0", noname,
			     sizeof(noname) - 1),
	    RCT_EINVAL);
	assert_in_messages("has no field name");
	assert_int_equal(web_form_parse_multipart(&f,
			     "multipart/form-data; boundary=b0", nohead,
			     sizeof(nohead) - 1),
	    RCT_EINVAL);
	assert_in_messages("no end of its headers");
	assert_int_equal(web_form_parse_multipart(&f,
			     "multipart/form-data; boundary=zz", noname,
			     sizeof(noname) - 1),
	    RCT_EINVAL);
	assert_in_messages("does not start with its boundary");
	rct_error_clear();
}

static void
test_web__escaping_leaves_no_markup(void **state)
{
	struct rct_buf b = RCT_BUF_INIT;

	(void)state;
	web_esc(&b, "<a href='x'>\"&\"</a>\r\n\x1b\x7f\tok");
	assert_string_equal(rct_buf_str(&b),
	    "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;&#13;&#10;"
	    "&#xFFFD;&#xFFFD; ok");
	/* Runs copied whole, escapes at either end, a length that stops
	 * short of the string, a NUL inside it. */
	rct_buf_reset(&b);
	web_esc(&b, "&plain text, then<");
	web_escn(&b, "ab\0c>d", 5);
	web_escn(&b, "xyz", 0);
	assert_string_equal(rct_buf_str(&b),
	    "&amp;plain text, then&lt;ab&#xFFFD;c&gt;");
	rct_buf_release(&b);
}

static void
test_web__routes_match_exactly(void **state)
{
	const struct web_route *r;
	char arg[64];
	int known;

	(void)state;
	r = web_route_find("GET", "/participant/P000001", arg, sizeof(arg),
	    &known);
	assert_non_null(r);
	assert_string_equal(r->pattern, "/participant/*");
	assert_string_equal(arg, "P000001");
	r = web_route_find("GET", "/participant/P000001/receipt", arg,
	    sizeof(arg), &known);
	assert_non_null(r);
	assert_string_equal(r->pattern, "/participant/*/receipt");
	assert_null(
	    web_route_find("GET", "/participant/", arg, sizeof(arg), &known));
	assert_null(web_route_find("GET", "/participant/P1/../x", arg,
	    sizeof(arg), &known));
	assert_null(
	    web_route_find("GET", "/participants/", arg, sizeof(arg), &known));
	assert_null(web_route_find("DELETE", "/", arg, sizeof(arg), &known));
	assert_int_equal(known, 1);
	assert_null(web_route_find("GET", "/admin", arg, sizeof(arg), &known));
	assert_int_equal(known, 0);
	assert_null(web_route_find("POST", "/participant/P000001", arg,
	    sizeof(arg), &known));
	assert_int_equal(known, 1);
	/* Deny by default: no route is open to everyone but these. */
	for (r = web_routes; r->method; r++)
		if (r->roles & WEB_ANON)
			assert_true(strcmp(r->pattern, "/login") == 0 ||
			    strcmp(r->pattern, "/style.css") == 0 ||
			    strcmp(r->pattern, "/favicon.ico") == 0);
	r = web_route_find("GET", "/favicon.ico", arg, sizeof(arg), &known);
	assert_non_null(r);
	assert_int_equal(r->flags & WEB_BEFORE_CHANGE, WEB_BEFORE_CHANGE);
}

static void
test_web__catalogue_has_both_languages(void **state)
{
	(void)state;
	assert_string_equal(web_t(WEB_LANG_EN, "logout"), "Log out");
	assert_string_equal(web_t(WEB_LANG_NB, "logout"), "Logg ut");
	assert_string_equal(web_t(WEB_LANG_NB, "no-such-key"), "no-such-key");
	/* Looked up by binary search: every key in order, none twice. */
	assert_null(web_catalogue_unordered());
	assert_string_equal(web_t(WEB_LANG_EN, "allocate"), "Allocate");
	assert_string_equal(web_t(WEB_LANG_NB, "withdrawn"), "trukket seg");
	assert_string_equal(web_t(WEB_LANG_EN, "monitor"), "monitor");
	assert_string_equal(web_t(WEB_LANG_EN, "month"), "Month (YYYY-MM)");
}

/* An attempt at a user whose password hash is hash. */
static void
attempt_of(struct rct_login_attempt *a, const char *hash)
{
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "kari");
	a->found = 1;
	snprintf(a->hash, sizeof(a->hash), "%s", hash);
}

static void
test_web__hasher_verifies_in_its_processes(void **state)
{
	char hash[crypto_pwhash_STRBYTES];
	struct rct_login_attempt a;
	struct web_hasher *h = NULL;
	char *long_pw;

	(void)state;
	web_hasher_stop(NULL);
	assert_int_equal(web_hasher_alive(NULL), 0);
	assert_int_equal(crypto_pwhash_str(hash, "right horse battery", 19,
			     RCT_USER_OPSLIMIT, RCT_USER_MEMLIMIT),
	    0);
	assert_int_equal(web_hasher_start(&h, 2), 0);
	assert_int_equal(web_hasher_alive(h), 2);
	attempt_of(&a, hash);
	web_hasher_verify(h, &a, "right horse battery", NULL);
	assert_int_equal(a.verified, 1);
	assert_string_equal(a.new_hash, "");
	attempt_of(&a, hash);
	web_hasher_verify(h, &a, "right horse batterx", NULL);
	assert_int_equal(a.verified, 0);
	/* An unknown name is never verified, whatever the password. */
	attempt_of(&a, hash);
	a.found = 0;
	web_hasher_verify(h, &a, "right horse battery", NULL);
	assert_int_equal(a.verified, 0);
	/* A change: the new password's hash comes back, and checks. */
	attempt_of(&a, hash);
	web_hasher_verify(h, &a, "right horse battery", "a new staple 2026");
	assert_int_equal(a.verified, 1);
	assert_int_equal(a.hash_failed, 0);
	assert_int_equal(crypto_pwhash_str_verify(a.new_hash,
			     "a new staple 2026", 17),
	    0);
	/* A password as long as a form can hold goes in one message. */
	long_pw = malloc(WEB_HASHER_PASSWORD_MAX + 1);
	assert_non_null(long_pw);
	memset(long_pw, 'x', WEB_HASHER_PASSWORD_MAX);
	long_pw[WEB_HASHER_PASSWORD_MAX] = '\0';
	attempt_of(&a, hash);
	web_hasher_verify(h, &a, long_pw, NULL);
	assert_int_equal(a.verified, 0);
	assert_int_equal(a.hash_failed, 0);
	free(long_pw);
	/* A decided attempt (locked, say) is not checked at all. */
	attempt_of(&a, hash);
	a.decided = 1;
	web_hasher_verify(h, &a, "right horse battery", NULL);
	assert_int_equal(a.verified, 0);
	assert_int_equal(web_hasher_alive(h), 2);
	web_hasher_stop(h);
	/* Without helpers: the same verdict, in this process. */
	attempt_of(&a, hash);
	web_hasher_verify(NULL, &a, "right horse battery", NULL);
	assert_int_equal(a.verified, 1);
	rct_user_attempt_wipe(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_web__urlencoded_decodes_and_refuses),
	    cmocka_unit_test(test_web__hasher_verifies_in_its_processes),
	    cmocka_unit_test(test_web__urlencoded_bounds_fields),
	    cmocka_unit_test(test_web__multipart_reads_parts_and_files),
	    cmocka_unit_test(test_web__multipart_refuses_the_malformed),
	    cmocka_unit_test(test_web__escaping_leaves_no_markup),
	    cmocka_unit_test(test_web__routes_match_exactly),
	    cmocka_unit_test(test_web__catalogue_has_both_languages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
