/*
 * A site's register upload and its monthly screening counts (pages.h):
 * the same library calls as trial import and trial screen, for the
 * user's own sites only.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "html.h"
#include "pages.h"
#include "screening.h"
#include "text.h"
#include "upload.h"

#define SCREEN_REASONS 4

static void
upload_form(struct web_req *r, int status, const char *done)
{
	enum web_lang l = r->conf->lang;
	struct web_page pg;

	r->status = status;
	rct_buf_reset(&r->body);
	web_req_page(r, &pg);
	web_page_begin(&r->body, &pg, web_t(l, "upload"));
	web_html_errors(&r->body, web_t(l, "errors"));
	if (done) {
		rct_buf_adds(&r->body,
		    "<p class=\"ok\" role=\"status\" "
		    "id=\"imported\">");
		web_esc(&r->body, done);
		rct_buf_adds(&r->body, "</p>\n");
	}
	web_form_begin(&r->body, "/upload", r->csrf, 1);
	page_site_select(r, web_form_get(&r->form, "site", NULL));
	web_input(&r->body, "register", web_t(l, "register_file"), "file", NULL,
	    "required accept=\".csv,text/csv\"");
	web_form_end(&r->body, web_t(l, "upload"));
	web_page_end(&r->body);
}

int
page_upload_form(struct web_req *r)
{
	upload_form(r, 200, NULL);
	r->commit = 1;
	return 0;
}

int
page_upload(struct web_req *r)
{
	const char *site = web_form_get(&r->form, "site", NULL);
	const struct web_field *file = NULL;
	struct web_upload_result res;
	char done[160];
	size_t i;

	if (site == NULL || !web_staff_site(r, site)) {
		rct_error(RCT_EINVAL, "site '%s' is not one of your sites",
		    site ? site : "");
		return web_error_page(r, 403, "forbidden");
	}
	for (i = 0; i < r->form.n; i++)
		if (strcmp(r->form.fields[i].name, "register") == 0)
			file = &r->form.fields[i];
	if (file == NULL || file->len == 0) {
		rct_error(RCT_EINVAL, "no register file was sent");
		upload_form(r, 400, NULL);
		return -1;
	}
	if (web_upload_import(r->store, site,
		file->filename ? file->filename : "register.csv", file->value,
		file->len, &res) != 0) {
		upload_form(r, 400, NULL);
		return -1;
	}
	snprintf(done, sizeof(done), "%s: %ld added, %ld unchanged",
	    web_t(r->conf->lang, "upload_done"), res.added, res.unchanged);
	r->commit = 1;
	upload_form(r, 200, done);
	return 0;
}

static void
screen_form(struct web_req *r, int status, const char *done)
{
	enum web_lang l = r->conf->lang;
	struct web_page pg;
	char name[32], label[64];
	int i;

	r->status = status;
	rct_buf_reset(&r->body);
	web_req_page(r, &pg);
	web_page_begin(&r->body, &pg, web_t(l, "screen"));
	web_html_errors(&r->body, web_t(l, "errors"));
	if (done) {
		rct_buf_adds(&r->body, "<p class=\"ok\" role=\"status\">");
		web_esc(&r->body, done);
		rct_buf_adds(&r->body, "</p>\n");
	}
	web_form_begin(&r->body, "/screen", r->csrf, 0);
	page_site_select(r, web_form_get(&r->form, "site", NULL));
	web_input(&r->body, "month", web_t(l, "month"), "text", NULL,
	    "required pattern=\"[0-9]{4}-[0-9]{2}\" maxlength=\"7\"");
	web_input(&r->body, "screened", web_t(l, "screened"), "number", NULL,
	    "required min=\"0\" step=\"1\"");
	for (i = 1; i <= SCREEN_REASONS; i++) {
		snprintf(name, sizeof(name), "reason%d", i);
		snprintf(label, sizeof(label), "%s %d", web_t(l, "reason"), i);
		web_input(&r->body, name, label, "text", NULL,
		    "maxlength=\"200\"");
		snprintf(name, sizeof(name), "excluded%d", i);
		snprintf(label, sizeof(label), "%s %d", "n", i);
		web_input(&r->body, name, label, "number", NULL,
		    "min=\"0\" step=\"1\"");
	}
	web_form_end(&r->body, web_t(l, "screen"));
	web_page_end(&r->body);
}

int
page_screen_form(struct web_req *r)
{
	screen_form(r, 200, NULL);
	r->commit = 1;
	return 0;
}

/* A whole number of a form field, as the command line reads one. */
static int
whole(const char *field, const char *text, long *out)
{
	char *end;

	if (text == NULL || *text == '\0')
		return rct_error(RCT_EINVAL, "%s is required", field);
	*out = strtol(text, &end, 10);
	if (*end != '\0' || *out < 0 || *out > 1000000000L)
		return rct_error(RCT_EINVAL,
		    "%s '%s' is not a whole number from 0 to 1000000000", field,
		    text);
	return 0;
}

int
page_screen(struct web_req *r)
{
	const char *site = web_form_get(&r->form, "site", NULL);
	const char *month = web_form_get(&r->form, "month", NULL);
	struct rct_screen_reason ex[SCREEN_REASONS];
	char name[32], done[160];
	size_t n = 0;
	long screened = 0;
	int i, rc;

	if (site == NULL || !web_staff_site(r, site)) {
		rct_error(RCT_EINVAL, "site '%s' is not one of your sites",
		    site ? site : "");
		return web_error_page(r, 403, "forbidden");
	}
	rc = whole("screened", web_form_get(&r->form, "screened", NULL),
	    &screened);
	for (i = 1; rc == 0 && i <= SCREEN_REASONS; i++) {
		const char *reason, *count;

		snprintf(name, sizeof(name), "reason%d", i);
		reason = web_form_get(&r->form, name, NULL);
		snprintf(name, sizeof(name), "excluded%d", i);
		count = web_form_get(&r->form, name, NULL);
		if ((reason == NULL || *reason == '\0') &&
		    (count == NULL || *count == '\0'))
			continue;
		if (reason == NULL || *reason == '\0') {
			rc = rct_error(RCT_EINVAL,
			    "excluded%d has a count but no reason", i);
			break;
		}
		ex[n].reason = reason;
		rc = whole(name, count, &ex[n].count);
		n++;
	}
	if (rc == 0)
		rc = rct_screening_record(r->store, site, month ? month : "",
		    screened, ex, n, 0);
	if (rc != 0) {
		screen_form(r, 400, NULL);
		return -1;
	}
	snprintf(done, sizeof(done), "recorded site %s, %s: %ld screened", site,
	    month, screened);
	r->commit = 1;
	screen_form(r, 200, done);
	return 0;
}
