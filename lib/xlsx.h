/*
 * Tables written as Excel workbooks (.xlsx) through libxlsxwriter, as
 * Norwegian offices open them: codes and text as text (site 0301 keeps
 * its zero, an identifier is never turned into a number or a date),
 * integers and decimal numbers as numbers (shown with a decimal comma by
 * a Norwegian Excel), dates as dates in Excel's short date format (shown
 * as the reader's locale has it: 15.10.2026 in Norway),
 * a bold, frozen header row with a filter.  Cells are written as values,
 * never as formulas, so a cell starting with '=' stays text.
 */
#ifndef RCT_XLSX_H
#define RCT_XLSX_H

#include "table.h"

/* The most data rows a sheet holds (Excel's 1,048,576 rows, less one). */
#define RCT_XLSX_ROWS_MAX 1048575

/* Write t to path as one sheet named sheet, whole or not at all. */
int
rct_xlsx_write(const struct rct_table *t, const char *path, const char *sheet);

#endif
