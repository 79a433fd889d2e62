/*
 * Logging in and out, and changing the password (pages.h): GET/POST
 * /login, GET/POST /password, POST /logout, and the style sheet and the
 * (empty) icon that a page without a session needs.
 *
 * The login form is protected from cross-site posts by a pre-session
 * cookie (rct_csrf, random) whose keyed hash the form carries; a session
 * is a random token in the cookie rct_session, which the store keeps
 * only hashed (user_session.h).  A one-time password must be changed
 * before anything else (the server sends every other route to
 * /password); a change revokes the user's sessions, so a new one is made.
 * The password is checked (Argon2id, about 0.1 s) without holding the
 * store (web_unlocked), and the outcome recorded afterwards against the
 * user's row as it is then (user.h, rct_user_attempt_begin).
 */
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "error.h"
#include "hasher.h"
#include "html.h"
#include "pages.h"
#include "user.h"
#include "user_session.h"

static const char style[] =
    "body{font-family:sans-serif;max-width:60em;margin:0 auto;padding:0 1em;"
    "line-height:1.4}\n"
    "header{border-bottom:1px solid #888;margin-bottom:1em}\n"
    "nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1em}\n"
    "label{display:block;font-weight:bold}\n"
    "input,select,button{font-size:1em;padding:.3em;margin:.2em 0}\n"
    "table{border-collapse:collapse}td,th{border:1px solid #aaa;padding:.2em "
    ".5em;text-align:left}\n"
    ".errors{border:2px solid #b00;padding:0 1em;margin:1em 0}\n"
    ".ok{border:2px solid #070;padding:0 1em;margin:1em 0}\n"
    "#arm{font-size:1.5em;font-weight:bold}\n"
    "#entry-hash,#head{overflow-wrap:anywhere}\n"
    "pre{white-space:pre-wrap;word-break:break-all}\n";

int
page_style(struct web_req *r)
{
	r->content_type = "text/css; charset=utf-8";
	rct_buf_adds(&r->body, style);
	return 0;
}

/*
 * What browsers ask for on their own: no icon, 204 No Content, so that
 * the request log shows no 404 for it.
 */
int
page_favicon(struct web_req *r)
{
	r->status = 204;
	r->content_type = NULL;
	return 0;
}

static void
login_form(struct web_req *r, const char *message)
{
	enum web_lang l = r->conf->lang;
	struct web_page pg;

	web_req_page(r, &pg);
	pg.user = NULL;
	web_page_begin(&r->body, &pg, web_t(l, "login"));
	if (message) {
		rct_buf_adds(&r->body, "<p class=\"errors\" role=\"alert\">");
		web_esc(&r->body, message);
		rct_buf_adds(&r->body, "</p>\n");
	}
	web_form_begin(&r->body, "/login", r->csrf, 0);
	web_input(&r->body, "user", web_t(l, "user"), "text", NULL,
	    "autocomplete=\"username\" required maxlength=\"64\"");
	web_input(&r->body, "password", web_t(l, "password"), "password", NULL,
	    "autocomplete=\"current-password\" required");
	web_form_end(&r->body, web_t(l, "login"));
	web_page_end(&r->body);
}

int
page_login_form(struct web_req *r)
{
	if (r->csrf[0] == '\0') {
		unsigned char raw[32];
		char pre[65];

		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(pre, sizeof(pre), raw, sizeof(raw));
		web_cookie_add(r, "rct_csrf", pre, 3600);
		web_csrf_of(r->csrf, r->csrf_key, "login", pre);
		sodium_memzero(raw, sizeof(raw));
	}
	login_form(r, NULL);
	return 0;
}

/* Start a session for user and send the browser on. */
static int
start_session(struct web_req *r, const char *user, int must_change)
{
	char token[RCT_SESSION_TOKEN_HEX], actor[RCT_USER_NAME_MAX + 8];
	struct rct_session_info info;
	int rc;

	snprintf(actor, sizeof(actor), "web:%s", user);
	rct_audit_set_actor(actor);
	if ((rc = rct_user_session_create(r->store, user, token, &info)) != 0) {
		r->commit = 0;
		return web_error_page(r, 500, "bad_request");
	}
	web_cookie_add(r, "rct_session", token, RCT_SESSION_ABSOLUTE_SECONDS);
	sodium_memzero(token, sizeof(token));
	web_redirect(r, must_change ? "/password" : "/");
	r->commit = 1;
	return 0;
}

/* A refusal page of the login, committed: the failure is counted. */
static int
login_refused(struct web_req *r, const struct rct_login_result *lr)
{
	enum web_lang l = r->conf->lang;
	char msg[256];

	r->status = 401;
	if (lr->status == RCT_LOGIN_LOCKED)
		snprintf(msg, sizeof(msg), "%s %s", web_t(l, "locked"),
		    lr->locked_until);
	else if (lr->status == RCT_LOGIN_DISABLED)
		snprintf(msg, sizeof(msg), "%s", web_t(l, "disabled"));
	else
		snprintf(msg, sizeof(msg), "%s", web_t(l, "login_failed"));
	login_form(r, msg);
	r->commit = 1;
	return 0;
}

/* What web_unlocked() runs: Argon2id, away from the store. */
struct hash_work {
	struct web_hasher *hasher;
	struct rct_login_attempt *a;
	const char *password;
	const char *new_password;
};

static void
hash_work(void *arg)
{
	struct hash_work *w = arg;

	web_hasher_verify(w->hasher, w->a, w->password, w->new_password);
}

/*
 * Check password (and hash new_password, for a change) for user without
 * holding the store: 0 with the verdict recorded and in lr (the caller
 * commits), 1 when an error page was made.
 */
static int
check_unlocked(struct web_req *r, const char *user, const char *password,
    const char *new_password, struct rct_login_result *lr)
{
	struct rct_login_attempt a;
	struct hash_work w;
	int rc;

	if (rct_user_attempt_begin(r->store, user, &a) != 0) {
		rct_user_attempt_wipe(&a);
		web_error_page(r, 500, "bad_request");
		return 1;
	}
	w.hasher = r->conf->hasher;
	w.a = &a;
	w.password = password;
	w.new_password = new_password;
	if (web_unlocked(r, hash_work, &w) != 0) {
		rct_user_attempt_wipe(&a);
		return 1;
	}
	rc = new_password ? rct_user_password_finish(r->store, &a, lr) :
			    rct_user_login_finish(r->store, &a, lr);
	rct_user_attempt_wipe(&a);
	if (rc != 0) {
		web_error_page(r, 500, "bad_request");
		return 1;
	}
	return 0;
}

int
page_login(struct web_req *r)
{
	const char *user = web_form_get(&r->form, "user", NULL);
	const char *password = web_form_get(&r->form, "password", NULL);
	struct rct_login_result lr;

	if (user == NULL || password == NULL || *user == '\0') {
		r->status = 400;
		login_form(r, web_t(r->conf->lang, "login_failed"));
		return -1;
	}
	memset(&lr, 0, sizeof(lr));
	if (!rct_user_name_valid(user)) {
		lr.status = RCT_LOGIN_WRONG;
		r->status = 401;
		login_form(r, web_t(r->conf->lang, "login_failed"));
		return -1;
	}
	if (check_unlocked(r, user, password, NULL, &lr) != 0)
		return -1;
	if (lr.status != RCT_LOGIN_OK)
		return login_refused(r, &lr);
	/* The pre-session cookie has done its work. */
	web_cookie_add(r, "rct_csrf", "", 0);
	return start_session(r, user, lr.must_change);
}

static void
password_form(struct web_req *r, int status, const char *message)
{
	enum web_lang l = r->conf->lang;
	struct web_page pg;

	r->status = status;
	rct_buf_reset(&r->body);
	web_req_page(r, &pg);
	web_page_begin(&r->body, &pg, web_t(l, "change_password"));
	if (r->sess.must_change) {
		rct_buf_adds(&r->body, "<p>");
		web_esc(&r->body, web_t(l, "must_change"));
		rct_buf_adds(&r->body, "</p>\n");
	}
	if (message) {
		rct_buf_adds(&r->body, "<p class=\"errors\" role=\"alert\">");
		web_esc(&r->body, message);
		rct_buf_adds(&r->body, "</p>\n");
	}
	web_html_errors(&r->body, web_t(l, "errors"));
	web_form_begin(&r->body, "/password", r->csrf, 0);
	web_input(&r->body, "old", web_t(l, "old_password"), "password", NULL,
	    "autocomplete=\"current-password\" required");
	web_input(&r->body, "new", web_t(l, "new_password"), "password", NULL,
	    "autocomplete=\"new-password\" required minlength=\"12\"");
	web_input(&r->body, "confirm", web_t(l, "confirm_password"), "password",
	    NULL, "autocomplete=\"new-password\" required minlength=\"12\"");
	web_form_end(&r->body, web_t(l, "change_password"));
	web_page_end(&r->body);
}

int
page_password_form(struct web_req *r)
{
	password_form(r, 200, NULL);
	return 0;
}

int
page_password(struct web_req *r)
{
	const char *old = web_form_get(&r->form, "old", NULL);
	const char *new = web_form_get(&r->form, "new", NULL);
	const char *confirm = web_form_get(&r->form, "confirm", NULL);
	struct rct_login_result lr;
	char user[RCT_USER_NAME_MAX + 1];

	if (old == NULL || new == NULL || confirm == NULL ||
	    strcmp(new, confirm) != 0) {
		password_form(r, 400,
		    web_t(r->conf->lang, "password_mismatch"));
		return -1;
	}
	memset(&lr, 0, sizeof(lr));
	snprintf(user, sizeof(user), "%s", r->sess.user);
	if (rct_user_new_password_check(old, new) != 0) {
		password_form(r, 400, NULL);
		return -1;
	}
	if (check_unlocked(r, user, old, new, &lr) != 0)
		return -1;
	if (lr.status != RCT_LOGIN_OK) {
		/* A wrong old password counts as a failed login. */
		password_form(r, 401,
		    lr.status == RCT_LOGIN_LOCKED ?
			web_t(r->conf->lang, "locked") :
			web_t(r->conf->lang, "login_failed"));
		r->commit = 1;
		return 0;
	}
	return start_session(r, user, 0);
}

int
page_logout(struct web_req *r)
{
	if (rct_user_session_revoke(r->store, r->token, "logout") != 0)
		return web_error_page(r, 500, "bad_request");
	web_cookie_add(r, "rct_session", "", 0);
	web_redirect(r, "/login");
	r->commit = 1;
	return 0;
}
