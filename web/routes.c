/*
 * The route table of the web service: method, path, who may use it, and
 * its handler.  A request that matches no row is refused (404, or 405
 * for a known path with another method); a role not in the row's mask
 * gets 403 (or, without a session, the login page).  `trial-web
 * --routes` prints this table, and t4310 tries every row as every role.
 */
#include <string.h>

#include "pages.h"
#include "web.h"

#define ALL (WEB_ANON | WEB_USERS)
#define TEAM (WEB_RESEARCHER | WEB_MONITOR)

const struct web_route web_routes[] = {
    {"GET", "/style.css", ALL, WEB_BEFORE_CHANGE, page_style},
    {"GET", "/favicon.ico", ALL, WEB_BEFORE_CHANGE, page_favicon},
    {"GET", "/login", ALL, WEB_BEFORE_CHANGE | WEB_PRESESSION, page_login_form},
    {"POST", "/login", ALL, WEB_BEFORE_CHANGE | WEB_PRESESSION, page_login},
    {"GET", "/password", WEB_USERS, WEB_BEFORE_CHANGE, page_password_form},
    {"POST", "/password", WEB_USERS, WEB_BEFORE_CHANGE, page_password},
    {"POST", "/logout", WEB_USERS, WEB_BEFORE_CHANGE, page_logout},
    {"GET", "/", WEB_USERS, 0, page_home},
    {"GET", "/enrol", WEB_STAFF, 0, page_enrol_form},
    {"POST", "/enrol", WEB_STAFF, 0, page_enrol},
    {"GET", "/participant/*", WEB_STAFF, 0, page_participant},
    {"GET", "/participant/*/receipt", WEB_STAFF, 0, page_receipt},
    {"POST", "/allocate", WEB_STAFF, 0, page_allocate},
    {"GET", "/participants", WEB_STAFF | WEB_RESEARCHER, 0, page_participants},
    {"GET", "/upload", WEB_STAFF, 0, page_upload_form},
    {"POST", "/upload", WEB_STAFF, WEB_MULTIPART, page_upload},
    {"POST", "/withdraw", WEB_STAFF, 0, page_withdraw},
    {"POST", "/exit", WEB_STAFF, 0, page_exit},
    {"GET", "/screen", WEB_STAFF, 0, page_screen_form},
    {"POST", "/screen", WEB_STAFF, 0, page_screen},
    {"GET", "/status", TEAM, 0, page_status},
    {"GET", "/users", WEB_RESEARCHER, 0, page_users},
    {"POST", "/users/add", WEB_RESEARCHER, 0, page_user_add},
    {"POST", "/users/disable", WEB_RESEARCHER, 0, page_user_disable},
    {"POST", "/users/reset", WEB_RESEARCHER, 0, page_user_reset},
    {"GET", "/export", WEB_RESEARCHER, 0, page_export},
    {"GET", "/head", WEB_RESEARCHER, 0, page_head},
    {"GET", "/log", WEB_MONITOR, 0, page_log},
    {"GET", "/verify", WEB_MONITOR, 0, page_verify},
    {NULL, NULL, 0, 0, NULL},
};

/*
 * Does path match pattern?  A '*' matches one segment of 1 to arglen - 1
 * characters of [A-Za-z0-9_-], copied to arg.
 */
static int
match(const char *pattern, const char *path, char *arg, size_t arglen)
{
	while (*pattern) {
		if (*pattern == '*') {
			size_t n = strspn(path,
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789_-");

			if (n == 0 || n >= arglen)
				return 0;
			memcpy(arg, path, n);
			arg[n] = '\0';
			path += n;
			pattern++;
			continue;
		}
		if (*pattern != *path)
			return 0;
		pattern++;
		path++;
	}
	return *path == '\0';
}

const struct web_route *
web_route_find(const char *method, const char *path, char *arg, size_t arglen,
    int *path_known)
{
	const struct web_route *r;

	*path_known = 0;
	arg[0] = '\0';
	for (r = web_routes; r->method; r++)
		if (match(r->pattern, path, arg, arglen)) {
			if (strcmp(r->method, method) == 0)
				return r;
			*path_known = 1;
		}
	arg[0] = '\0';
	return NULL;
}
