/*
 * HTML of the web service's pages.  Everything that did not come from
 * this file's own literals goes through web_esc(): user input, protocol
 * labels, messages of the library (which quote what was typed), store
 * contents.  Pages hold no script and no inline style (the
 * Content-Security-Policy allows neither); every form field has a label.
 */
#ifndef RCT_WEB_HTML_H
#define RCT_WEB_HTML_H

#include <stddef.h>

#include "buf.h"
#include "i18n.h"
#include "table.h"

/* Append s as HTML text or attribute value: & < > " ' and controls escaped. */
void web_esc(struct rct_buf *b, const char *s);
void web_escn(struct rct_buf *b, const char *s, size_t n);

/* What the page header shows: the user (NULL when anonymous), the lang. */
struct web_page {
	enum web_lang lang;
	const char *user;
	const char *role;
	const char *csrf; /* for the logout form */
};

void
web_page_begin(struct rct_buf *b, const struct web_page *pg, const char *title);
void web_page_end(struct rct_buf *b);

/* The messages recorded with rct_error(), as a list with role=alert. */
void web_html_errors(struct rct_buf *b, const char *heading);

/* A table; columns whose bit is clear in mask are left out (~0u: all). */
void
web_html_table(struct rct_buf *b, const struct rct_table *t, unsigned mask);

/* <form method="post" action=...> with the hidden csrf input. */
void web_form_begin(struct rct_buf *b, const char *action, const char *csrf,
    int multipart);
void web_form_end(struct rct_buf *b, const char *submit);
/*
 * The same with a second button, name=value, labelled also: the first
 * stays the one that Enter presses.
 */
void web_form_end_also(struct rct_buf *b, const char *submit, const char *name,
    const char *value, const char *also);

/* A labelled input: type text, password, number, date, file, hidden. */
void web_input(struct rct_buf *b, const char *name, const char *label,
    const char *type, const char *value, const char *extra);

/* A labelled <select> of n codes after an empty one; selected or NULL. */
void web_select(struct rct_buf *b, const char *name, const char *label,
    const char *const *codes, size_t n, int required, const char *selected);

/* The same, each option shown as "CODE LABEL" (labels[i] may be NULL). */
void web_select_labels(struct rct_buf *b, const char *name, const char *label,
    const char *const *codes, const char *const *labels, size_t n, int required,
    const char *selected);

#endif
