/*
 * Tables written as Stata (.dta, format 118) or SPSS (.sav) files through
 * ReadStat, with the types, variable labels and value labels the table's
 * columns describe (rct_table_describe in table.h); statfile.c says how
 * each type is written and why.
 */
#ifndef RCT_STATFILE_H
#define RCT_STATFILE_H

#include "table.h"

/*
 * Write t to path as fmt (RCT_FORMAT_DTA or RCT_FORMAT_SAV), whole or not
 * at all (outfile.h); title, unless NULL, is the file's label.
 */
int rct_statfile_write(const struct rct_table *t, const char *path,
    enum rct_format fmt, const char *title);

#endif
