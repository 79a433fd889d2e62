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

/*
 * Correct a mistaken site, in the open transaction, as an audited entry
 * with a reason: rename gives the site the code new_code (and name, when
 * not NULL); remove deletes it.  Both are refused while anything names
 * the site: participants, screening reports, users, batches.
 */
int rct_site_rename(struct rct_store *s, const char *old, const char *new_code,
    const char *name, const char *reason);
int rct_site_remove(struct rct_store *s, const char *code, const char *reason);

/* The canonical payloads of site.rename and site.remove entries. */
void rct_site_rename_payload(struct rct_buf *b, const char *old,
    const char *new_code, const char *name, const char *reason);
void rct_site_remove_payload(struct rct_buf *b, const char *code,
    const char *reason);

/* 0 when code is a site of the trial, else RCT_ENOTFOUND with a message. */
int rct_site_check(struct rct_store *s, const char *code);

/* Table of code, name, target, enrolled, withdrawn. */
int rct_site_list(struct rct_store *s, struct rct_table **out);

/*
 * Table of code and name only, in the order of rct_site_list(): what a
 * form needs, without counting every participant of each site.
 */
int rct_site_names(struct rct_store *s, struct rct_table **out);

#endif
