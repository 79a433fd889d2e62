/*
 * Tables as Stata (.dta) and SPSS (.sav) files through ReadStat
 * (statfile.h), the way a Stata or SPSS user expects them:
 *
 * - a code column is a labelled integer: 1, 2, ... in the code list's
 *   order (the protocol's, so education stays in its order and an
 *   ordinal outcome in its levels), each labelled with its code; a
 *   value outside the list (kept from before an amendment) gets the next
 *   number.  That is what Stata's encode and SPSS's value labels make,
 *   and what tabulate, regress i.var and crosstabs need; a labelled
 *   string would be neither in Stata (which labels only integers).
 * - integers are Stata longs (SPSS numbers with no decimals), or doubles
 *   when a value does not fit a long; decimal numbers are doubles;
 *   dates are dates (%td, days since 1960-01-01; SPSS DATE11, seconds
 *   since 1582-10-14); an empty cell is missing.
 * - text stays text (site 0301 keeps its zero); in a table whose columns
 *   are not described (trial status, say) a numeric column is doubles.
 * - each column's label is its variable label, cut at 80 characters in
 *   Stata and 255 bytes in SPSS, their limits.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readstat.h>

#include "error.h"
#include "outfile.h"
#include "statfile.h"
#include "text.h"

#define STATA_NAME_MAX 32 /* characters of a variable name */
#define SPSS_NAME_MAX 64 /* bytes */
#define STATA_STR_MAX 2045
#define SPSS_STR_MAX 32767
#define STATA_LONG_MIN (-2147483647L)
#define STATA_LONG_MAX 2147483620L
#define STATA_EPOCH_DAYS 3653 /* 1960-01-01 to 1970-01-01 */
#define SPSS_EPOCH_DAYS 141428 /* 1582-10-14 to 1970-01-01 */

/* How each column is written. */
struct plan {
	readstat_type_t type;
	size_t width; /* of a string */
	char **codes; /* of a code column: the list, then values outside it */
	size_t ncodes;
	readstat_variable_t *var;
};

struct writer {
	const struct rct_table *t;
	enum rct_format fmt;
	int fd;
	struct plan *plan;
	int failed; /* write(2) failed */
};

static ssize_t
write_bytes(const void *data, size_t len, void *ctx)
{
	struct writer *w = ctx;

	if (rct_outfile_write_all(w->fd, data, len) != 0) {
		w->failed = 1;
		return -1;
	}
	return (ssize_t)len;
}

/* The bytes of the UTF-8 character whose first byte is c. */
static size_t
char_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/*
 * Copy s into out, cut to at most max characters (chars) or bytes, and
 * only between characters.
 */
static void
cut_label(char *out, size_t outlen, const char *s, size_t max, int chars)
{
	size_t i = 0, n = 0, len;

	while (s[i]) {
		len = char_len((unsigned char)s[i]);
		if (strnlen(s + i, len) < len || i + len >= outlen ||
		    (chars ? n + 1 > max : i + len > max))
			break;
		memcpy(out + i, s + i, len);
		i += len;
		n++;
	}
	out[i] = '\0';
}

static int
add_code(struct plan *pl, const char *code)
{
	char **grown = realloc(pl->codes, (pl->ncodes + 1) * sizeof(char *));

	if (grown == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	pl->codes = grown;
	if ((pl->codes[pl->ncodes] = strdup(code)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	pl->ncodes++;
	return 0;
}

/* The type, width and codes of column c, from its description and cells. */
static int
plan_column(struct writer *w, size_t c)
{
	const struct rct_table *t = w->t;
	const char *name = rct_table_names(t)[c], *s;
	struct plan *pl = &w->plan[c];
	const char *const *codes;
	size_t r, i, n, len;
	int year, month, day, rc;
	long v;
	double x;

	pl->width = 1;
	switch (rct_table_column_type(t, c)) {
	case RCT_TYPED_CODE:
		pl->type = READSTAT_TYPE_INT32;
		codes = rct_table_column_codes(t, c, &n);
		for (i = 0; i < n; i++)
			if ((rc = add_code(pl, codes[i])) != 0)
				return rc;
		for (r = 0; r < rct_table_rows(t); r++) {
			s = rct_table_row(t, r)[c];
			if (*s &&
			    rct_text_list_find(pl->codes, pl->ncodes, s) < 0 &&
			    (rc = add_code(pl, s)) != 0)
				return rc;
		}
		return 0;
	case RCT_TYPED_DATE:
		pl->type = w->fmt == RCT_FORMAT_DTA ? READSTAT_TYPE_INT32 :
						      READSTAT_TYPE_DOUBLE;
		for (r = 0; r < rct_table_rows(t); r++) {
			s = rct_table_row(t, r)[c];
			if (*s &&
			    rct_text_parse_date(s, &year, &month, &day) < 0)
				return rct_error(RCT_EINVAL,
				    "'%s' in column '%s' is not a date, "
				    "expected YYYY-MM-DD",
				    s, name);
		}
		return 0;
	case RCT_TYPED_INTEGER:
		pl->type = READSTAT_TYPE_INT32;
		for (r = 0; r < rct_table_rows(t); r++) {
			s = rct_table_row(t, r)[c];
			if (*s == '\0')
				continue;
			if (rct_text_parse_long(s, &v) < 0 ||
			    v < STATA_LONG_MIN || v > STATA_LONG_MAX)
				pl->type = READSTAT_TYPE_DOUBLE;
			if (rct_text_parse_double(s, &x) < 0)
				return rct_error(RCT_EINVAL,
				    "'%s' in column '%s' is not a number", s,
				    name);
		}
		return 0;
	case RCT_TYPED_NUMBER:
		pl->type = READSTAT_TYPE_DOUBLE;
		for (r = 0; r < rct_table_rows(t); r++) {
			s = rct_table_row(t, r)[c];
			if (*s && rct_text_parse_double(s, &x) < 0)
				return rct_error(RCT_EINVAL,
				    "'%s' in column '%s' is not a number", s,
				    name);
		}
		return 0;
	case RCT_TYPED_TEXT:
		/* A numeric column of a plain table: doubles, if all are. */
		pl->type = READSTAT_TYPE_DOUBLE;
		for (r = 0; r < rct_table_rows(t); r++) {
			s = rct_table_row(t, r)[c];
			if (*s && rct_text_parse_double(s, &x) < 0)
				pl->type = READSTAT_TYPE_STRING;
		}
		if (rct_table_is_numeric(t, c) &&
		    pl->type == READSTAT_TYPE_DOUBLE)
			return 0;
		break;
	}
	pl->type = READSTAT_TYPE_STRING;
	for (r = 0; r < rct_table_rows(t); r++)
		if ((len = strlen(rct_table_row(t, r)[c])) > pl->width)
			pl->width = len;
	if (pl->width >
	    (w->fmt == RCT_FORMAT_DTA ? STATA_STR_MAX : SPSS_STR_MAX))
		return rct_error(RCT_EINVAL,
		    "column '%s' holds a value of %zu bytes, more than the "
		    "%d a %s string holds",
		    name, pl->width,
		    w->fmt == RCT_FORMAT_DTA ? STATA_STR_MAX : SPSS_STR_MAX,
		    w->fmt == RCT_FORMAT_DTA ? "Stata" : "SPSS");
	return 0;
}

static int
readstat_failed(readstat_error_t err, const char *what, const char *name)
{
	return rct_error(RCT_EINVAL, "cannot write %s%s%s%s: %s", what,
	    name ? " '" : "", name ? name : "", name ? "'" : "",
	    readstat_error_message(err));
}

/* Declare each column: its label set, type, label, format and measure. */
static int
declare(struct writer *w, readstat_writer_t *rs)
{
	const struct rct_table *t = w->t;
	const char *const *names = rct_table_names(t);
	readstat_label_set_t *ls;
	char label[400];
	size_t c, i, j;
	int dta = w->fmt == RCT_FORMAT_DTA;

	for (c = 0; c < rct_table_columns(t); c++) {
		struct plan *pl = &w->plan[c];
		enum rct_column_type type = rct_table_column_type(t, c);

		for (j = 0; j < c; j++)
			if (strcmp(names[j], names[c]) == 0)
				return rct_error(RCT_EINVAL,
				    "two columns are named '%s'", names[c]);
		if (strlen(names[c]) > (dta ? STATA_NAME_MAX : SPSS_NAME_MAX))
			return rct_error(RCT_EINVAL,
			    "column '%s' has a name of %zu characters, more "
			    "than the %d %s allows; write --format %s or csv",
			    names[c], strlen(names[c]),
			    dta ? STATA_NAME_MAX : SPSS_NAME_MAX,
			    dta ? "Stata" : "SPSS", dta ? "sav" : "dta");
		pl->var = readstat_add_variable(rs, names[c], pl->type,
		    pl->type == READSTAT_TYPE_STRING ? pl->width : 0);
		if (pl->var == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		if (rct_table_column_label(t, c)) {
			cut_label(label, sizeof(label),
			    rct_table_column_label(t, c), dta ? 80 : 255, dta);
			readstat_variable_set_label(pl->var, label);
		}
		if (type == RCT_TYPED_CODE) {
			ls = readstat_add_label_set(rs, READSTAT_TYPE_INT32,
			    names[c]);
			if (ls == NULL)
				return rct_error(RCT_ENOMEM, "out of memory");
			for (i = 0; i < pl->ncodes; i++)
				readstat_label_int32_value(ls, (int32_t)i + 1,
				    pl->codes[i]);
			readstat_variable_set_label_set(pl->var, ls);
			readstat_variable_set_measure(pl->var,
			    READSTAT_MEASURE_NOMINAL);
		} else if (type == RCT_TYPED_DATE) {
			readstat_variable_set_format(pl->var,
			    dta ? "%td" : "DATE11");
			readstat_variable_set_measure(pl->var,
			    READSTAT_MEASURE_SCALE);
		} else if (type == RCT_TYPED_INTEGER) {
			if (!dta)
				readstat_variable_set_format(pl->var, "F11.0");
			readstat_variable_set_measure(pl->var,
			    READSTAT_MEASURE_SCALE);
		} else if (type == RCT_TYPED_NUMBER) {
			readstat_variable_set_measure(pl->var,
			    READSTAT_MEASURE_SCALE);
		} else {
			readstat_variable_set_measure(pl->var,
			    READSTAT_MEASURE_NOMINAL);
		}
	}
	return 0;
}

/* One cell, as planned. */
static readstat_error_t
insert(struct writer *w, readstat_writer_t *rs, size_t c, const char *s)
{
	const struct plan *pl = &w->plan[c];
	int year, month, day, k;
	long days, v;
	double x;

	if (*s == '\0')
		return pl->type == READSTAT_TYPE_STRING ?
		    readstat_insert_string_value(rs, pl->var, "") :
		    readstat_insert_missing_value(rs, pl->var);
	switch (rct_table_column_type(w->t, c)) {
	case RCT_TYPED_CODE:
		k = rct_text_list_find(pl->codes, pl->ncodes, s);
		return readstat_insert_int32_value(rs, pl->var, k + 1);
	case RCT_TYPED_DATE:
		rct_text_parse_date(s, &year, &month, &day);
		days = rct_text_days_from_civil(year, month, day);
		if (w->fmt == RCT_FORMAT_DTA)
			return readstat_insert_int32_value(rs, pl->var,
			    (int32_t)(days + STATA_EPOCH_DAYS));
		return readstat_insert_double_value(rs, pl->var,
		    (double)(days + SPSS_EPOCH_DAYS) * 86400.0);
	case RCT_TYPED_INTEGER:
		if (pl->type == READSTAT_TYPE_INT32 &&
		    rct_text_parse_long(s, &v) == 0)
			return readstat_insert_int32_value(rs, pl->var,
			    (int32_t)v);
		rct_text_parse_double(s, &x);
		return readstat_insert_double_value(rs, pl->var, x);
	case RCT_TYPED_NUMBER:
		rct_text_parse_double(s, &x);
		return readstat_insert_double_value(rs, pl->var, x);
	case RCT_TYPED_TEXT:
		if (pl->type == READSTAT_TYPE_DOUBLE) {
			rct_text_parse_double(s, &x);
			return readstat_insert_double_value(rs, pl->var, x);
		}
		break;
	}
	return readstat_insert_string_value(rs, pl->var, s);
}

static int
write_rows(struct writer *w, readstat_writer_t *rs, const char *title)
{
	const struct rct_table *t = w->t;
	readstat_error_t err;
	char label[400];
	size_t r, c;

	if (title) {
		cut_label(label, sizeof(label), title, 64, 0);
		readstat_writer_set_file_label(rs, label);
	}
	err = w->fmt == RCT_FORMAT_DTA ?
	    readstat_begin_writing_dta(rs, w, (long)rct_table_rows(t)) :
	    readstat_begin_writing_sav(rs, w, (long)rct_table_rows(t));
	if (err != READSTAT_OK)
		return readstat_failed(err, "the file", NULL);
	for (c = 0; c < rct_table_columns(t); c++)
		if ((err = readstat_validate_variable(rs, w->plan[c].var)) !=
		    READSTAT_OK)
			return readstat_failed(err, "column",
			    rct_table_names(t)[c]);
	for (r = 0; r < rct_table_rows(t); r++) {
		if ((err = readstat_begin_row(rs)) != READSTAT_OK)
			return readstat_failed(err, "a row", NULL);
		for (c = 0; c < rct_table_columns(t); c++)
			if ((err = insert(w, rs, c, rct_table_row(t, r)[c])) !=
			    READSTAT_OK)
				return readstat_failed(err, "column",
				    rct_table_names(t)[c]);
		if ((err = readstat_end_row(rs)) != READSTAT_OK)
			return readstat_failed(err, "a row", NULL);
	}
	if ((err = readstat_end_writing(rs)) != READSTAT_OK)
		return readstat_failed(err, "the file", NULL);
	return 0;
}

int
rct_statfile_write(const struct rct_table *t, const char *path,
    enum rct_format fmt, const char *title)
{
	struct rct_outfile o;
	struct writer w;
	readstat_writer_t *rs = NULL;
	size_t c, i;
	int rc;

	memset(&w, 0, sizeof(w));
	w.t = t;
	w.fmt = fmt;
	if ((w.plan = calloc(rct_table_columns(t) + 1, sizeof(*w.plan))) ==
	    NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (c = 0, rc = 0; rc == 0 && c < rct_table_columns(t); c++)
		rc = plan_column(&w, c);
	if (rc == 0 && (rc = rct_outfile_open(&o, path)) == 0) {
		w.fd = o.fd;
		if ((rs = readstat_writer_init()) == NULL)
			rc = rct_error(RCT_ENOMEM, "out of memory");
		if (rc == 0) {
			readstat_set_data_writer(rs, write_bytes);
			if (fmt == RCT_FORMAT_DTA)
				readstat_writer_set_file_format_version(rs,
				    118);
			rc = declare(&w, rs);
		}
		if (rc == 0)
			rc = write_rows(&w, rs, title);
		if (rc != 0 && w.failed)
			rct_error(RCT_EIO, "cannot write '%s'", path);
		if (rc == 0)
			rc = rct_outfile_commit(&o);
		else
			rct_outfile_abort(&o);
	}
	if (rs)
		readstat_writer_free(rs);
	for (c = 0; c < rct_table_columns(t); c++) {
		for (i = 0; i < w.plan[c].ncodes; i++)
			free(w.plan[c].codes[i]);
		free(w.plan[c].codes);
	}
	free(w.plan);
	return rc;
}
