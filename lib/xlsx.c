/*
 * Excel workbooks (xlsx.h).  A column's type decides how its cells are
 * written; a numeric column (of a table that does not describe its
 * columns) is written as numbers where its cells are numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "error.h"
#include "outfile.h"
#include "text.h"
#include "xlsx.h"

#define COLUMN_WIDTH_MAX 50

struct formats {
	lxw_format *header, *text, *date;
};

static int
xlsx_failed(lxw_error err, const char *path)
{
	return rct_error(RCT_EIO, "cannot write '%s': %s", path,
	    lxw_strerror(err));
}

/* One cell at (row, c) as its column's type says. */
static lxw_error
write_cell(lxw_worksheet *ws, const struct formats *f,
    const struct rct_table *t, lxw_row_t row, size_t c, const char *s)
{
	lxw_col_t col = (lxw_col_t)c;
	lxw_datetime when;
	double x;

	if (*s == '\0')
		return LXW_NO_ERROR;
	switch (rct_table_column_type(t, c)) {
	case RCT_TYPED_DATE:
		memset(&when, 0, sizeof(when));
		if (rct_text_parse_date(s, &when.year, &when.month,
			&when.day) == 0 &&
		    when.year >= 1900)
			return worksheet_write_datetime(ws, row, col, &when,
			    f->date);
		break;
	case RCT_TYPED_INTEGER:
	case RCT_TYPED_NUMBER:
		if (rct_text_parse_double(s, &x) == 0)
			return worksheet_write_number(ws, row, col, x, NULL);
		break;
	case RCT_TYPED_TEXT:
		/* A numeric column of an undescribed table (a report's). */
		if (rct_table_is_numeric(t, c) &&
		    rct_text_parse_double(s, &x) == 0)
			return worksheet_write_number(ws, row, col, x, NULL);
		break;
	case RCT_TYPED_CODE:
		break;
	}
	return worksheet_write_string(ws, row, col, s, f->text);
}

/* Display width of a cell in characters. */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

int
rct_xlsx_write(const struct rct_table *t, const char *path, const char *sheet)
{
	const char *const *names = rct_table_names(t);
	size_t ncols = rct_table_columns(t), nrows = rct_table_rows(t), r, c;
	struct rct_outfile o;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	struct formats f;
	lxw_error err = LXW_NO_ERROR;
	size_t *width;
	int rc;

	if (nrows > RCT_XLSX_ROWS_MAX)
		return rct_error(RCT_EINVAL,
		    "the table has %zu rows, more than the %d an Excel "
		    "sheet holds; use --format csv",
		    nrows, RCT_XLSX_ROWS_MAX);
	if ((width = calloc(ncols + 1, sizeof(*width))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if ((rc = rct_outfile_open(&o, path)) != 0) {
		free(width);
		return rc;
	}
	/* libxlsxwriter writes the file by name: the one open is ours. */
	if ((wb = workbook_new(o.tmp)) == NULL ||
	    (ws = workbook_add_worksheet(wb, sheet)) == NULL) {
		if (wb)
			workbook_close(wb);
		rct_outfile_abort(&o);
		free(width);
		return rct_error(RCT_EIO, "cannot write '%s'", path);
	}
	f.header = workbook_add_format(wb);
	format_set_bold(f.header);
	f.text = workbook_add_format(wb);
	format_set_num_format(f.text, "@");
	f.date = workbook_add_format(wb);
	/* Excel's built-in short date, shown as the reader's locale has it
	 * (15.10.2026 in a Norwegian Excel). */
	format_set_num_format_index(f.date, 14);
	for (c = 0; err == LXW_NO_ERROR && c < ncols; c++) {
		err = worksheet_write_string(ws, 0, (lxw_col_t)c, names[c],
		    f.header);
		width[c] = chars(names[c]);
	}
	for (r = 0; err == LXW_NO_ERROR && r < nrows; r++)
		for (c = 0; err == LXW_NO_ERROR && c < ncols; c++) {
			const char *s = rct_table_row(t, r)[c];

			err = write_cell(ws, &f, t, (lxw_row_t)r + 1, c, s);
			if (chars(s) > width[c])
				width[c] = chars(s);
		}
	for (c = 0; err == LXW_NO_ERROR && c < ncols; c++)
		err = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
		    (double)(width[c] > COLUMN_WIDTH_MAX ? COLUMN_WIDTH_MAX :
							   width[c] + 2),
		    NULL);
	if (err == LXW_NO_ERROR && ncols > 0) {
		worksheet_freeze_panes(ws, 1, 0);
		err = worksheet_autofilter(ws, 0, 0, (lxw_row_t)nrows,
		    (lxw_col_t)(ncols - 1));
	}
	free(width);
	if (err != LXW_NO_ERROR) {
		workbook_close(wb);
		rct_outfile_abort(&o);
		return xlsx_failed(err, path);
	}
	if ((err = workbook_close(wb)) != LXW_NO_ERROR) {
		rct_outfile_abort(&o);
		return xlsx_failed(err, path);
	}
	return rct_outfile_commit(&o);
}
