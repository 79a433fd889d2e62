/*
 * The checks of verify that look at the store as a whole rather than at
 * one entry's rows (cover.c): the exact schema and its version, meta, the
 * waiting lists and their promotions, orphan rows, and time along the log.
 * rct_verify_store() opens one, shows it every entry in order after the
 * chain has checked it, and finishes it after the log.
 */
#ifndef RCT_COVER_H
#define RCT_COVER_H

#include "audit.h"
#include "store.h"

struct rct_cover;

/* A new cover of store s; free it with rct_cover_free() (NULL is fine). */
int rct_cover_open(struct rct_cover **out, struct rct_store *s);
void rct_cover_free(struct rct_cover *c);

/*
 * Before the walk: the store's PRAGMA user_version against the version
 * the log records.  RCT_ECHECK when it was lowered or raised outside the
 * toolkit, RCT_EINVAL for a store of an older schema that the log agrees
 * with (a write command migrates it).
 */
int rct_cover_schema(struct rct_store *s) __attribute__((warn_unused_result));

/*
 * The schema version the log records (the init entry's "schema", then
 * each store.migrate's "to") into *version, -1 without an init entry,
 * and the entry that records it into *seq; the entries are not checked.
 */
int rct_cover_schema_logged(struct rct_store *s, int *version, int64_t *seq);

/* Each entry in order: its time, and what it says of meta and lotteries. */
int rct_cover_entry(struct rct_cover *c, const struct rct_audit_entry *e)
    __attribute__((warn_unused_result));

/* After the last entry: schema, meta, waiting lists, users both ways. */
int rct_cover_finish(struct rct_cover *c) __attribute__((warn_unused_result));

#endif
