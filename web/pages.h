/*
 * The handlers of the web service's routes: thin, each calling the same
 * library functions as the command line (so that the messages are the
 * same) and building its page.  A handler sets r->commit when what it did
 * is to be committed; the server commits or rolls back.
 */
#ifndef RCT_WEB_PAGES_H
#define RCT_WEB_PAGES_H

#include "web.h"

/* page_auth.c */
int page_style(struct web_req *r);
int page_favicon(struct web_req *r);
int page_login_form(struct web_req *r);
int page_login(struct web_req *r);
int page_password_form(struct web_req *r);
int page_password(struct web_req *r);
int page_logout(struct web_req *r);

/* page_staff.c */
/* A <select> of the user's sites, "CODE NAME", selected or NULL. */
void page_site_select(struct web_req *r, const char *selected);
int page_home(struct web_req *r);
int page_enrol_form(struct web_req *r);
int page_enrol(struct web_req *r);
int page_participant(struct web_req *r);
int page_receipt(struct web_req *r);
int page_allocate(struct web_req *r);
int page_participants(struct web_req *r);
int page_upload_form(struct web_req *r);
int page_upload(struct web_req *r);
int page_withdraw(struct web_req *r);
int page_exit(struct web_req *r);
int page_screen_form(struct web_req *r);
int page_screen(struct web_req *r);

/* page_team.c */
int page_status(struct web_req *r);
int page_users(struct web_req *r);
int page_user_add(struct web_req *r);
int page_user_disable(struct web_req *r);
int page_user_reset(struct web_req *r);
int page_export(struct web_req *r);
int page_head(struct web_req *r);
int page_log(struct web_req *r);
int page_verify(struct web_req *r);

#endif
