/*
 * A site's register uploaded through the web service, imported as trial
 * import imports a file (register.h): every row checked, every bad one
 * named by line and column, all or nothing (the caller rolls back on a
 * failure).  Every row's site must be the site the upload was made for.
 */
#ifndef RCT_WEB_UPLOAD_H
#define RCT_WEB_UPLOAD_H

#include <stddef.h>

#include "store.h"

struct web_upload_result {
	long added, unchanged;
};

/*
 * Import len bytes of CSV at data, named name in messages (a file name of
 * [A-Za-z0-9._ -], else "register.csv"), inside the open transaction.
 */
int web_upload_import(struct rct_store *s, const char *site, const char *name,
    const char *data, size_t len, struct web_upload_result *res);

#endif
