/*
 * The register's tables: participants (list and export), recruitment
 * status per site and month against target, and the trial's identity card.
 */
#ifndef RCT_REPORT_H
#define RCT_REPORT_H

#include "store.h"
#include "table.h"

/* One row per participant: id, site, enrolment date, stratum, status. */
int
rct_report_list(struct rct_store *s, const char *site, struct rct_table **out);

/*
 * One row per participant: participant, site, enrolled; every baseline
 * value as it stands after corrections, each corrected variable followed
 * by VAR_enrolled (its value as enrolled, for everyone); stratum, status,
 * withdrawal, exit and arm; one column per protocol outcome with its
 * latest value (empty when none).  When blind, arms are shown as masked
 * labels A, B, ... (needs the secret).  Columns are typed and labelled
 * from the protocol's codebook (rct_table_describe), for the formats that
 * keep types.  Never an identity number.
 */
int rct_report_export(struct rct_store *s, int blind, struct rct_table **out);

/* Per site and month of enrolment: enrolled, cumulative, target, share. */
int rct_report_status(struct rct_store *s, struct rct_table **out);

/*
 * Key facts of the trial as a table of one row, a column per fact.
 */
int rct_report_info(struct rct_store *s, struct rct_table **out);

#endif
