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
	/* Files, written with --out (never to a terminal): */
	RCT_FORMAT_DTA, /* Stata, through ReadStat (statfile.h) */
	RCT_FORMAT_SAV, /* SPSS, through ReadStat */
	RCT_FORMAT_XLSX, /* Excel, through libxlsxwriter (xlsx.h) */
};

struct rct_table;

/* A table with the given column names; NULL when out of memory. */
struct rct_table *rct_table_new(size_t ncols, const char *const *names);
void rct_table_free(struct rct_table *t);

void rct_table_set_numeric(struct rct_table *t, size_t col);
int rct_table_is_numeric(const struct rct_table *t, size_t col);

/*
 * What a column holds, for the formats that keep types (Stata, SPSS,
 * Excel: lib/statfile.c, lib/xlsx.c); text formats print the cells as
 * they are.  A column is text until described.
 */
enum rct_column_type {
	RCT_TYPED_TEXT,
	RCT_TYPED_INTEGER, /* whole numbers */
	RCT_TYPED_NUMBER, /* decimal numbers */
	RCT_TYPED_DATE, /* ISO YYYY-MM-DD */
	RCT_TYPED_CODE, /* one of a code list, kept in the list's order */
};

/*
 * Describe column col: its type, its label (what it is; NULL for none)
 * and, for a code column, its codes in their order (copied).  Integer
 * and number columns are numeric (above) as well.
 */
int
rct_table_describe(struct rct_table *t, size_t col, enum rct_column_type type,
    const char *label, const char *const *codes, size_t ncodes);
enum rct_column_type
rct_table_column_type(const struct rct_table *t, size_t col);
/* The label of a column, or NULL. */
const char *rct_table_column_label(const struct rct_table *t, size_t col);
/* The codes of a code column (*n of them), valid while t is. */
const char *const *
rct_table_column_codes(const struct rct_table *t, size_t col, size_t *n);

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
void rct_table_html_write(FILE *fp, const char *s);

/* "table", "csv", "json", "md" or "html"; 0 or -1 for an unknown name. */
int rct_table_format_parse(const char *name, enum rct_format *out);

/* The same, and the file formats "dta", "sav" and "xlsx". */
int rct_table_format_parse_file(const char *name, enum rct_format *out);

/* Nonzero for a binary format (dta, sav, xlsx): it needs a file. */
int rct_table_format_binary(enum rct_format fmt);

#endif
