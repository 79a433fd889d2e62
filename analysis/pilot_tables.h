/*
 * The pilot's feasibility (pilot.h) as tables: recruitment (per site
 * against target, rates over each site's own window, which a note under
 * the table states), monthly (screening and recruitment by site and
 * month), outcomes (completeness, mean, SD and take-up by arm, ICC) and
 * deviations (the corrections, amendments, withdrawals and exits
 * recorded).
 */
#ifndef RCT_PILOT_TABLES_H
#define RCT_PILOT_TABLES_H

#include <stdio.h>

#include "pilot.h"
#include "table.h"

#define RCT_PILOT_TABLES 4

/* The index of "recruitment", "monthly", "outcomes" or "deviations", or -1. */
int rct_pilot_tables_find(const char *name);

/*
 * Table which (0 to 3) of p, suppressed as rct_pilot_suppress marked it;
 * for fmt table and md rounded as R's round(x, 2) (months, rates, means,
 * SDs) or round(x, 3) (completeness, ICC), in csv and json every digit.
 * *out is the caller's (rct_table_free).
 */
int rct_pilot_tables_build(struct rct_table **out, const struct rct_pilot *p,
    int which, enum rct_format fmt);

/*
 * Table which, or with which -1 all four each under its title (an h3 in
 * HTML, ### in Markdown), in format fmt to fp; the recruitment table has
 * its note on the rates' window under it (not in csv and json).
 */
int rct_pilot_tables_write(FILE *fp, const struct rct_pilot *p, int which,
    enum rct_format fmt);

#endif
