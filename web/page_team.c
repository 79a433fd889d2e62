/*
 * What researchers and monitors see (pages.h): recruitment against
 * target, the users (with forms to add, disable and reset), the blinded
 * export, the signed head, the audit log as `randomizer log` shows it
 * (allocation details sealed) and verify.  None shows an identity number
 * or a key; the export masks the arms (trial export --blind) until the
 * trial is unblinded (randomizer reveal).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "allocation.h"
#include "audit.h"
#include "checkpoint.h"
#include "error.h"
#include "fingerprint.h"
#include "html.h"
#include "pages.h"
#include "report.h"
#include "user.h"
#include "verify.h"

/* A page holding one table built by the library, or its errors. */
static int
table_page(struct web_req *r, const char *title_key, int rc,
    struct rct_table *t, const char *note_key)
{
	struct web_page pg;

	if (rc != 0) {
		rct_table_free(t);
		return web_error_page(r, 500, title_key);
	}
	web_req_page(r, &pg);
	web_page_begin(&r->body, &pg, web_t(r->conf->lang, title_key));
	if (note_key) {
		rct_buf_adds(&r->body, "<p>");
		web_esc(&r->body, web_t(r->conf->lang, note_key));
		rct_buf_adds(&r->body, "</p>\n");
	}
	web_html_table(&r->body, t, ~0u);
	web_page_end(&r->body);
	rct_table_free(t);
	r->commit = 1;
	return 0;
}

int
page_status(struct web_req *r)
{
	struct rct_table *t = NULL;
	int rc = rct_report_status(r->store, &t);

	return table_page(r, "status", rc, t, NULL);
}

/*
 * The export, blinded (trial export --blind) until the trial is unblinded
 * by randomizer reveal, with the arms from then on.
 */
int
page_export(struct web_req *r)
{
	struct rct_table *t = NULL;
	int closed = 0, rc;

	if ((rc = rct_allocation_closed(r->store, &closed)) == 0)
		rc = rct_report_export(r->store, !closed, &t);
	return table_page(r, "export", rc, t,
	    closed ? "export_open" : "export_blind");
}

static void
users_page(struct web_req *r, int status, const char *name, const char *otp)
{
	enum web_lang l = r->conf->lang;
	static const char *const roles[] = {"staff", "researcher", "monitor"};
	struct rct_table *t = NULL;
	struct web_page pg;
	size_t at = 0, len = otp ? strlen(otp) : 0;

	r->status = status;
	rct_buf_reset(&r->body);
	web_req_page(r, &pg);
	web_page_begin(&r->body, &pg, web_t(l, "users"));
	web_html_errors(&r->body, web_t(l, "errors"));
	if (otp) {
		/* Shown once, as trial user add prints it. */
		rct_buf_adds(&r->body, "<p class=\"ok\" role=\"status\">");
		web_esc(&r->body, name);
		rct_buf_adds(&r->body,
		    ": one-time password: <code id=\"otp\">");
		/*
		 * A place for it, filled once the page has stopped growing:
		 * a buffer that grows leaves its old copy unwiped.  Its
		 * alphabet needs no escaping.
		 */
		at = r->body.len;
		while (r->body.len < at + len)
			rct_buf_addc(&r->body, '-');
		rct_buf_adds(&r->body, "</code></p>\n");
	}
	rct_error_clear();
	if (rct_user_list(r->store, &t) == 0)
		web_html_table(&r->body, t, ~0u);
	rct_table_free(t);
	rct_buf_adds(&r->body, "<h2>");
	web_esc(&r->body, web_t(l, "user_add"));
	rct_buf_adds(&r->body, "</h2>\n");
	web_form_begin(&r->body, "/users/add", r->csrf, 0);
	web_input(&r->body, "name", web_t(l, "user"), "text", NULL,
	    "required maxlength=\"64\"");
	web_select(&r->body, "role", web_t(l, "role"), roles, 3, 1, NULL);
	web_input(&r->body, "sites", web_t(l, "site"), "text", NULL,
	    "maxlength=\"1000\"");
	web_form_end(&r->body, web_t(l, "user_add"));
	rct_buf_adds(&r->body, "<h2>");
	web_esc(&r->body, web_t(l, "disable"));
	rct_buf_adds(&r->body, "</h2>\n");
	web_form_begin(&r->body, "/users/disable", r->csrf, 0);
	web_input(&r->body, "name", web_t(l, "user"), "text", NULL,
	    "required maxlength=\"64\"");
	web_input(&r->body, "reason", web_t(l, "reason"), "text", NULL,
	    "required maxlength=\"200\"");
	web_form_end(&r->body, web_t(l, "disable"));
	rct_buf_adds(&r->body, "<h2>");
	web_esc(&r->body, web_t(l, "reset"));
	rct_buf_adds(&r->body, "</h2>\n");
	web_form_begin(&r->body, "/users/reset", r->csrf, 0);
	web_input(&r->body, "name", web_t(l, "user"), "text", NULL,
	    "required maxlength=\"64\"");
	web_form_end(&r->body, web_t(l, "reset"));
	web_page_end(&r->body);
	if (otp && !rct_buf_failed(&r->body)) {
		memcpy(r->body.data + at, otp, len);
		r->secret = 1;
	}
}

int
page_users(struct web_req *r)
{
	users_page(r, 200, NULL, NULL);
	r->commit = 1;
	return 0;
}

/*
 * The users page after a change to a user: 400 with the library's message
 * when rc says it was refused (nothing committed), else 200 and the change
 * committed, with a new one-time password (otp, or NULL) shown once and
 * then wiped.
 */
static int
users_done(struct web_req *r, int rc, const char *name, char *otp)
{
	if (rc != 0)
		users_page(r, 400, NULL, NULL);
	else {
		r->commit = 1;
		users_page(r, 200, name, otp);
	}
	if (otp)
		sodium_memzero(otp, RCT_OTP_BYTES);
	return rc != 0 ? -1 : 0;
}

int
page_user_add(struct web_req *r)
{
	const char *name = web_form_get(&r->form, "name", NULL);
	const char *role = web_form_get(&r->form, "role", NULL);
	const char *sites = web_form_get(&r->form, "sites", NULL);
	char otp[RCT_OTP_BYTES], buf[1024], *list[RCT_USER_SITES_MAX], *tok;
	char *save = NULL;
	size_t n = 0;
	int rc;

	snprintf(buf, sizeof(buf), "%s", sites ? sites : "");
	for (tok = strtok_r(buf, ", ", &save); tok && n < RCT_USER_SITES_MAX;
	     tok = strtok_r(NULL, ", ", &save))
		list[n++] = tok;
	rc = rct_user_add(r->store, name ? name : "", role ? role : "",
	    (const char *const *)list, n, otp);
	return users_done(r, rc, name, otp);
}

int
page_user_disable(struct web_req *r)
{
	const char *name = web_form_get(&r->form, "name", NULL);
	const char *reason = web_form_get(&r->form, "reason", NULL);

	return users_done(r,
	    rct_user_disable(r->store, name ? name : "", reason ? reason : ""),
	    NULL, NULL);
}

int
page_user_reset(struct web_req *r)
{
	const char *name = web_form_get(&r->form, "name", NULL);
	char otp[RCT_OTP_BYTES];

	return users_done(r, rct_user_reset(r->store, name ? name : "", otp),
	    name, otp);
}

int
page_head(struct web_req *r)
{
	struct web_page pg;
	char hash[65], sig[129];
	int64_t seq;

	if (rct_audit_head(r->store, &seq, hash, sig) != 0)
		return web_error_page(r, 500, "head");
	web_req_page(r, &pg);
	web_page_begin(&r->body, &pg, web_t(r->conf->lang, "head"));
	rct_buf_adds(&r->body, "<p>");
	web_esc(&r->body, web_t(r->conf->lang, "head_text"));
	rct_buf_adds(&r->body, "</p>\n<pre id=\"head\">");
	rct_buf_addf(&r->body, "seq %lld\nhash %s\nsignature %s\n",
	    (long long)seq, hash, sig);
	rct_buf_adds(&r->body, "</pre>\n");
	web_page_end(&r->body);
	r->commit = 1;
	return 0;
}

/* The page of the log: entries from..from + LOG_PAGE - 1. */
#define LOG_PAGE 500

struct log_page {
	struct rct_buf *b;
	int64_t from;
};

static int
log_row(void *arg, const struct rct_audit_entry *e)
{
	struct log_page *lp = arg;
	struct rct_buf *b = lp->b;
	char hash[65];

	if (e->seq < lp->from)
		return 0;
	if (e->seq >= lp->from + LOG_PAGE)
		return 1; /* the page is full: stop the walk */

	sodium_bin2hex(hash, sizeof(hash), e->hash, sizeof(e->hash));
	rct_buf_addf(b, "<tr><td>%lld</td><td>", (long long)e->seq);
	web_esc(b, e->at);
	rct_buf_adds(b, "</td><td>");
	web_esc(b, e->actor);
	rct_buf_adds(b, "</td><td>");
	web_esc(b, e->action);
	rct_buf_adds(b, "</td><td><code>");
	web_esc(b, e->payload);
	rct_buf_adds(b, "</code></td><td><code>");
	rct_buf_adds(b, hash);
	rct_buf_adds(b, "</code></td></tr>\n");
	return 0;
}

int
page_log(struct web_req *r)
{
	const char *from = web_query(r, "from");
	struct log_page lp;
	struct web_page pg;
	char hash[65], sig[129];
	int64_t head = 0;
	char *end;
	int rc;

	if (rct_audit_head(r->store, &head, hash, sig) != 0)
		return web_error_page(r, 500, "log");
	lp.b = &r->body;
	/* The newest page, unless ?from=SEQ asks for another. */
	lp.from = head > LOG_PAGE ? head - LOG_PAGE + 1 : 1;
	if (from) {
		long long v = strtoll(from, &end, 10);

		if (*from == '\0' || *end != '\0' || v < 1 || v > head) {
			rct_error(RCT_EINVAL,
			    "from '%s' is not an entry of the log, expected 1 "
			    "to %lld",
			    from, (long long)head);
			return web_error_page(r, 400, "log");
		}
		lp.from = v;
	}
	web_req_page(r, &pg);
	web_page_begin(&r->body, &pg, web_t(r->conf->lang, "log"));
	rct_buf_adds(&r->body,
	    "<table>\n<thead><tr><th scope=\"col\">seq</th><th "
	    "scope=\"col\">at</th><th scope=\"col\">actor</th><th "
	    "scope=\"col\">action</th><th scope=\"col\">payload</th><th "
	    "scope=\"col\">hash</th></tr></thead>\n<tbody>\n");
	rc = rct_audit_foreach(r->store, log_row, &lp);
	if (rc < 0)
		return web_error_page(r, 500, "log");
	rct_buf_adds(&r->body, "</tbody>\n</table>\n<p>");
	if (lp.from > 1)
		rct_buf_addf(&r->body, "<a href=\"/log?from=%lld\">&lt;</a> ",
		    (long long)(lp.from > LOG_PAGE ? lp.from - LOG_PAGE : 1));
	rct_buf_addf(&r->body, "%lld-%lld / %lld", (long long)lp.from,
	    (long long)(lp.from + LOG_PAGE - 1 < head ? lp.from + LOG_PAGE - 1 :
							head),
	    (long long)head);
	if (lp.from + LOG_PAGE <= head)
		rct_buf_addf(&r->body, " <a href=\"/log?from=%lld\">&gt;</a>",
		    (long long)(lp.from + LOG_PAGE));
	rct_buf_adds(&r->body, "</p>\n");
	web_page_end(&r->body);
	r->commit = 1;
	return 0;
}

int
page_verify(struct web_req *r)
{
	const char *fingerprint = web_query(r, "fingerprint");
	struct rct_verify_report v;
	struct web_page pg;
	int rc;

	rc = rct_verify_store(r->store, NULL, &v);
	if (rc == 0 && fingerprint && *fingerprint)
		rc = rct_fingerprint_check(r->store, fingerprint);
	web_req_page(r, &pg);
	web_page_begin(&r->body, &pg, web_t(r->conf->lang, "verify"));
	if (rc == 0) {
		rct_buf_adds(&r->body, "<p class=\"ok\" id=\"verify\">");
		web_esc(&r->body, web_t(r->conf->lang, "verify_ok"));
		rct_buf_addf(&r->body,
		    ": intact: %lld audit entries, %lld participants, %lld "
		    "allocations; signed head at entry %lld; ",
		    (long long)v.entries, (long long)v.participants,
		    (long long)v.allocations, (long long)v.head_seq);
		web_esc(&r->body,
		    fingerprint && *fingerprint ?
			"the trial registered with the fingerprint given" :
			"consistent with itself only (give ?fingerprint= from "
			"the trial registration)");
		rct_buf_adds(&r->body, "</p>\n");
	} else {
		rct_buf_adds(&r->body, "<p class=\"errors\" id=\"verify\">");
		web_esc(&r->body, web_t(r->conf->lang, "verify_failed"));
		rct_buf_adds(&r->body, "</p>\n");
		web_html_errors(&r->body, web_t(r->conf->lang, "verify"));
	}
	web_page_end(&r->body);
	r->commit = 1;
	return 0;
}
