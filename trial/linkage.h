/*
 * Register linkage (TRUST.md, "Linkage officer"): the one place where an
 * identity number comes out of the store.  Only the holder of the linkage
 * key's secret half can do it; every export is an audit entry saying who,
 * when and how many, in the same transaction.
 */
#ifndef RCT_LINKAGE_H
#define RCT_LINKAGE_H

#include <stdio.h>

#include "keys.h"
#include "store.h"

/*
 * Write "participant,id_number" for every identity in the store to fp
 * (CSV through libcsv, participants in id order), opening each with lk,
 * and append the audit entry (inside the open write transaction).  Refuses
 * a key that is not the one the store seals to, and a sealed number that
 * does not open (a store tampered with), before writing anything but what
 * it read so far; *count gets the rows written.
 */
int rct_linkage_export(struct rct_store *s, const struct rct_linkage_key *lk,
    FILE *fp, long *count) __attribute__((warn_unused_result));

#endif
