/*
 * Tables of results, printed in the four formats every printing command
 * offers (DESIGN.md): an aligned text table, CSV (through libcsv), JSON
 * (an array of objects) and Markdown.  Cells are strings; a column marked
 * numeric is right-aligned in text and unquoted in JSON.  An empty cell in
 * a numeric column is JSON null.
 */
#ifndef RCT_TABLE_H
#define RCT_TABLE_H

#include <stddef.h>
#include <stdio.h>

enum rct_format {
	RCT_FORMAT_TABLE,
	RCT_FORMAT_CSV,
	RCT_FORMAT_JSON,
	RCT_FORMAT_MD,
	RCT_FORMAT_HTML, /* a table element, for pages */
};

struct rct_table;

/* A table with the given column names; NULL when out of memory. */
struct rct_table *rct_table_new(size_t ncols, const char *const *names);
void rct_table_free(struct rct_table *t);

void rct_table_set_numeric(struct rct_table *t, size_t col);

/*
 * How people read a table (the table and md formats; csv, json and html
 * keep every digit).  A rounded column (numeric) is formatted as R's
 * print formats a column of doubles (formatReal): the fewest decimals
 * that show every value to the table's significant digits, one number of
 * decimals for the column, or scientific notation for all of it when
 * that is narrower; a p-value column is rounded too and shows a value
 * below 0.001 as <0.001.  Decimal points are aligned.  A detail column is
 * printed in csv, json and html only.  digits is 4 unless set (1 to 15);
 * width, when not 0, wraps the table format into panels of that many
 * columns, the first column repeated in each (as R repeats row names).
 */
void rct_table_set_rounded(struct rct_table *t, size_t col);
void rct_table_set_pvalue(struct rct_table *t, size_t col);
void rct_table_set_detail(struct rct_table *t, size_t col);
void rct_table_set_digits(struct rct_table *t, int digits);
void rct_table_set_width(struct rct_table *t, size_t width);

/* Append a row; cells are copied; NULL cells print as empty. */
int rct_table_add(struct rct_table *t, const char *const *cells);

size_t rct_table_rows(const struct rct_table *t);

/* Keep only the columns whose bit is set in mask (at most 32 columns). */
int rct_table_keep(struct rct_table *t, unsigned mask);
size_t rct_table_columns(const struct rct_table *t);
const char *const *rct_table_names(const struct rct_table *t);
const char *const *rct_table_row(const struct rct_table *t, size_t row);

void rct_table_print(const struct rct_table *t, FILE *fp, enum rct_format fmt);

/*
 * Text for HTML or SVG that is always valid XML 1.0: <, >, &, " and '
 * escaped, and each character XML does not allow (C0 but tab and newline,
 * U+FFFE, U+FFFF, a byte that is not UTF-8) and each DEL or C1 control
 * written as U+FFFD.
 */
void rct_html_write(FILE *fp, const char *s);

/* "table", "csv", "json" or "md"; 0 or -1 for an unknown name. */
int rct_format_parse(const char *name, enum rct_format *out);

#endif
