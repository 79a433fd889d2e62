/*
 * Page building and escaping (html.h).
 */
#include <string.h>

#include "error.h"
#include "html.h"

/*
 * The id of a field: "f-FORM-NAME", FORM from the action of the form it is
 * in (set by web_form_begin), so that two forms of one page that both
 * have a "date" field give their labels distinct targets.
 */
static _Thread_local char form_prefix[48];

static void
field_id(struct rct_buf *b, const char *name)
{
	rct_buf_adds(b, "f-");
	if (form_prefix[0]) {
		rct_buf_adds(b, form_prefix);
		rct_buf_addc(b, '-');
	}
	web_esc(b, name);
}

/* Nonzero for a byte web_escn() copies as it is. */
static int
plain(unsigned char c)
{
	return c >= 0x20 && c != 0x7f && c != '&' && c != '<' && c != '>' &&
	    c != '"' && c != '\'';
}

void
web_escn(struct rct_buf *b, const char *s, size_t n)
{
	size_t i = 0, run;

	while (i < n) {
		unsigned char c;

		/* A run that needs no escape, copied at once. */
		for (run = i; i < n && plain((unsigned char)s[i]); i++)
			;
		if (i > run)
			rct_buf_add(b, s + run, i - run);
		if (i == n)
			break;
		switch (c = (unsigned char)s[i++]) {
		case '&':
			rct_buf_adds(b, "&amp;");
			break;
		case '<':
			rct_buf_adds(b, "&lt;");
			break;
		case '>':
			rct_buf_adds(b, "&gt;");
			break;
		case '"':
			rct_buf_adds(b, "&quot;");
			break;
		case '\'':
			rct_buf_adds(b, "&#39;");
			break;
		case '\n':
			rct_buf_adds(b, "&#10;");
			break;
		case '\r':
			rct_buf_adds(b, "&#13;");
			break;
		case '\t':
			rct_buf_addc(b, ' ');
			break;
		default: /* the other controls */
			rct_buf_adds(b, "&#xFFFD;");
		}
	}
}

void
web_esc(struct rct_buf *b, const char *s)
{
	if (s)
		web_escn(b, s, strlen(s));
}

static void
nav_link(struct rct_buf *b, const char *href, const char *text)
{
	rct_buf_adds(b, "<li><a href=\"");
	rct_buf_adds(b, href);
	rct_buf_adds(b, "\">");
	web_esc(b, text);
	rct_buf_adds(b, "</a></li>");
}

void
web_page_begin(struct rct_buf *b, const struct web_page *pg, const char *title)
{
	enum web_lang l = pg->lang;

	rct_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"");
	rct_buf_adds(b, l == WEB_LANG_NB ? "nb" : "en");
	rct_buf_adds(b,
	    "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>");
	web_esc(b, title);
	rct_buf_adds(b,
	    "</title>\n<link rel=\"stylesheet\" "
	    "href=\"/style.css\">\n</head>\n<body>\n<header>\n");
	if (pg->user) {
		rct_buf_adds(b, "<nav aria-label=\"");
		web_esc(b, web_t(l, "nav"));
		rct_buf_adds(b, "\"><ul>");
		nav_link(b, "/", web_t(l, "home"));
		if (strcmp(pg->role, "staff") == 0) {
			nav_link(b, "/participants", web_t(l, "participants"));
			nav_link(b, "/upload", web_t(l, "upload"));
			nav_link(b, "/screen", web_t(l, "screening"));
		} else if (strcmp(pg->role, "researcher") == 0) {
			nav_link(b, "/status", web_t(l, "status"));
			nav_link(b, "/participants", web_t(l, "participants"));
			nav_link(b, "/users", web_t(l, "users"));
			nav_link(b, "/export", web_t(l, "export"));
			nav_link(b, "/head", web_t(l, "head"));
		} else if (strcmp(pg->role, "monitor") == 0) {
			nav_link(b, "/status", web_t(l, "status"));
			nav_link(b, "/log", web_t(l, "log"));
			nav_link(b, "/verify", web_t(l, "verify"));
		}
		rct_buf_adds(b, "</ul></nav>\n<p class=\"who\">");
		web_esc(b, pg->user);
		rct_buf_adds(b, " (");
		web_esc(b, web_t(l, pg->role));
		rct_buf_adds(b, ")</p>\n");
		web_form_begin(b, "/logout", pg->csrf, 0);
		web_form_end(b, web_t(l, "logout"));
	}
	rct_buf_adds(b, "</header>\n<main>\n<h1>");
	web_esc(b, title);
	rct_buf_adds(b, "</h1>\n");
}

void
web_page_end(struct rct_buf *b)
{
	rct_buf_adds(b, "</main>\n</body>\n</html>\n");
}

void
web_html_errors(struct rct_buf *b, const char *heading)
{
	size_t i, n = rct_error_count();

	if (n == 0)
		return;
	rct_buf_adds(b, "<section class=\"errors\" role=\"alert\">\n<h2>");
	web_esc(b, heading);
	rct_buf_adds(b, "</h2>\n<ul>\n");
	for (i = 0; i < n; i++) {
		rct_buf_adds(b, "<li>");
		web_esc(b, rct_error_message(i));
		rct_buf_adds(b, "</li>\n");
	}
	rct_buf_adds(b, "</ul>\n</section>\n");
}

void
web_html_table(struct rct_buf *b, const struct rct_table *t, unsigned mask)
{
	const char *const *names = rct_table_names(t);
	size_t ncol = rct_table_columns(t), nrow = rct_table_rows(t), i, j;

	rct_buf_adds(b, "<table>\n<thead><tr>");
	for (j = 0; j < ncol; j++)
		if (j >= 32 || (mask >> j) & 1) {
			rct_buf_adds(b, "<th scope=\"col\">");
			web_esc(b, names[j]);
			rct_buf_adds(b, "</th>");
		}
	rct_buf_adds(b, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < nrow; i++) {
		const char *const *row = rct_table_row(t, i);

		rct_buf_adds(b, "<tr>");
		for (j = 0; j < ncol; j++)
			if (j >= 32 || (mask >> j) & 1) {
				rct_buf_adds(b, "<td>");
				web_esc(b, row[j]);
				rct_buf_adds(b, "</td>");
			}
		rct_buf_adds(b, "</tr>\n");
	}
	rct_buf_adds(b, "</tbody>\n</table>\n");
}

void
web_form_begin(struct rct_buf *b, const char *action, const char *csrf,
    int multipart)
{
	size_t i;

	snprintf(form_prefix, sizeof(form_prefix), "%s",
	    action[0] == '/' ? action + 1 : action);
	for (i = 0; form_prefix[i]; i++)
		if (form_prefix[i] == '/')
			form_prefix[i] = '-';
	rct_buf_adds(b, "<form method=\"post\" action=\"");
	web_esc(b, action);
	rct_buf_adds(b,
	    multipart ? "\" enctype=\"multipart/form-data\">\n" : "\">\n");
	rct_buf_adds(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	web_esc(b, csrf ? csrf : "");
	rct_buf_adds(b, "\">\n");
}

void
web_form_end(struct rct_buf *b, const char *submit)
{
	web_form_end_also(b, submit, NULL, NULL, NULL);
}

void
web_form_end_also(struct rct_buf *b, const char *submit, const char *name,
    const char *value, const char *also)
{
	rct_buf_adds(b, "<button type=\"submit\">");
	web_esc(b, submit);
	rct_buf_adds(b, "</button>\n");
	if (also) {
		rct_buf_adds(b, "<button type=\"submit\" name=\"");
		web_esc(b, name);
		rct_buf_adds(b, "\" value=\"");
		web_esc(b, value);
		rct_buf_adds(b, "\">");
		web_esc(b, also);
		rct_buf_adds(b, "</button>\n");
	}
	rct_buf_adds(b, "</form>\n");
	form_prefix[0] = '\0';
}

void
web_input(struct rct_buf *b, const char *name, const char *label,
    const char *type, const char *value, const char *extra)
{
	if (strcmp(type, "hidden") != 0) {
		rct_buf_adds(b, "<p><label for=\"");
		field_id(b, name);
		rct_buf_adds(b, "\">");
		web_esc(b, label);
		rct_buf_adds(b, "</label>\n");
	}
	rct_buf_adds(b, "<input type=\"");
	web_esc(b, type);
	rct_buf_adds(b, "\" id=\"");
	field_id(b, name);
	rct_buf_adds(b, "\" name=\"");
	web_esc(b, name);
	rct_buf_addc(b, '"');
	if (value) {
		rct_buf_adds(b, " value=\"");
		web_esc(b, value);
		rct_buf_addc(b, '"');
	}
	if (extra) {
		rct_buf_addc(b, ' ');
		rct_buf_adds(b, extra); /* literals of the handlers only */
	}
	rct_buf_adds(b, strcmp(type, "hidden") != 0 ? "></p>\n" : ">\n");
}

void
web_select(struct rct_buf *b, const char *name, const char *label,
    const char *const *codes, size_t n, int required, const char *selected)
{
	web_select_labels(b, name, label, codes, NULL, n, required, selected);
}

void
web_select_labels(struct rct_buf *b, const char *name, const char *label,
    const char *const *codes, const char *const *labels, size_t n, int required,
    const char *selected)
{
	size_t i;

	rct_buf_adds(b, "<p><label for=\"");
	field_id(b, name);
	rct_buf_adds(b, "\">");
	web_esc(b, label);
	rct_buf_adds(b, "</label>\n<select id=\"");
	field_id(b, name);
	rct_buf_adds(b, "\" name=\"");
	web_esc(b, name);
	rct_buf_adds(b, required ? "\" required>\n" : "\">\n");
	rct_buf_adds(b, "<option value=\"\"></option>\n");
	for (i = 0; i < n; i++) {
		rct_buf_adds(b, "<option value=\"");
		web_esc(b, codes[i]);
		rct_buf_adds(b,
		    selected && strcmp(selected, codes[i]) == 0 ?
			"\" selected>" :
			"\">");
		web_esc(b, codes[i]);
		if (labels && labels[i]) {
			rct_buf_addc(b, ' ');
			web_esc(b, labels[i]);
		}
		rct_buf_adds(b, "</option>\n");
	}
	rct_buf_adds(b, "</select></p>\n");
}
