/* Sites of a trial: municipalities, NAV offices or schools, with targets. */
#ifndef RCT_SITE_H
#define RCT_SITE_H

#include "buf.h"
#include "store.h"
#include "table.h"

/* Add a site inside the open transaction; target -1 when none is set. */
int rct_site_add(struct rct_store *s, const char *code, const char *name,
    long target);

/* The canonical payload of a site's audit entry. */
void rct_site_payload(struct rct_buf *b, const char *code, const char *name,
    long target);

/* Table of code, name, target, enrolled, withdrawn. */
int rct_site_list(struct rct_store *s, struct rct_table **out);

#endif
