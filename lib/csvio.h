/*
 * CSV through libcsv: a row reader that knows the file line of every
 * record (so that messages can say FILE:LINE:COLUMN) and a row writer.
 *
 * The reader is strict: RFC 4180 quoting (libcsv's strict mode), UTF-8
 * only, no NUL bytes, no blank trimming, limits on field and record length.  A
 * UTF-8 byte-order mark at the start is skipped (spreadsheets write one); blank
 * lines between records are skipped.
 */
#ifndef RCT_CSVIO_H
#define RCT_CSVIO_H

#include <stddef.h>
#include <stdio.h>

/*
 * The limits that bound a reader's memory whatever the input: a field of
 * at most RCT_CSV_FIELD_MAX bytes, a record of at most RCT_CSV_FIELDS_MAX
 * fields and RCT_CSV_RECORD_MAX bytes as written in the file, each checked
 * while the record is read (libcsv is fed at most RCT_CSV_CHUNK bytes at
 * a time), never after.  A NUL byte is refused where it stands.
 */
#define RCT_CSV_FIELD_MAX 4096
#define RCT_CSV_FIELDS_MAX 4096
#define RCT_CSV_RECORD_MAX (1 << 20)
#define RCT_CSV_CHUNK (1 << 16)

struct rct_csv_row {
	long line; /* file line where the record starts */
	size_t record; /* index of the record in the file; the header is 0 */
	int part; /* which part of a parallel read, else 0 */
	size_t nfields;
	char **fields; /* NUL-terminated; valid during the call */
	int semicolon; /* the file is ';'-separated (RCT_CSV_SEMICOLON) */
};

/*
 * Called once per record, header included.  Return 0 to go on, a
 * negative code to stop reading; that code is returned by rct_csv_read.
 */
typedef int (*rct_csv_row_fn)(void *arg, const struct rct_csv_row *row);

/*
 * Read path ("-" is standard input) record by record.  A malformed file
 * (bad quoting, bad UTF-8, an over-long field) records an error naming
 * the line and column and returns RCT_EINVAL; reading stops there.
 */
int rct_csv_read(const char *path, rct_csv_row_fn fn, void *arg);

/* The same, also computing the BLAKE2b-256 of the whole file into hash. */
int rct_csv_read_hashed(const char *path, rct_csv_row_fn fn, void *arg,
    unsigned char hash[32]);

/*
 * Flags of rct_csv_read_opts.  RCT_CSV_SEMICOLON: a first line with ';'
 * and no ',' outside quotes (a register saved by a Norwegian Excel, whose
 * list separator is ';' because ',' is its decimal mark) makes the whole
 * file ';'-separated, and every row says so (row->semicolon), so that
 * the caller may take decimal commas in number fields.
 */
#define RCT_CSV_SEMICOLON 1
int rct_csv_read_opts(const char *path, rct_csv_row_fn fn, void *arg,
    unsigned char hash[32], unsigned flags);

/*
 * The same from an open stream (the web service's upload, through
 * fmemopen), named path in messages; the caller closes fp.
 */
int rct_csv_read_fp(FILE *fp, const char *path, rct_csv_row_fn fn, void *arg,
    unsigned char hash[32], unsigned flags);

/*
 * Called once before the rows of a parallel read, with the number of
 * records in the file (the header included), the number of parts and the
 * index of each part's first record.  Return 0 to go on.
 */
typedef int (*rct_csv_begin_fn)(void *arg, size_t records, int parts,
    const size_t *first);

/*
 * Read a whole file (or standard input) split into parts that several
 * threads read at once (parallel.h), for register-sized datasets.  The
 * records are counted first, quote-aware, so begin() learns where each
 * part starts; the header (record 0) then comes alone, before any other
 * row; after it fn is called from several threads at once, each part in
 * file order, row->part saying which.  Messages come out as a sequential
 * read would give them: those of the first failing part, none of later
 * parts.  A split point inside a quoted field makes it one part.
 */
int rct_csv_read_parallel(const char *path, int parts, rct_csv_begin_fn begin,
    rct_csv_row_fn fn, void *arg);

/*
 * A header row mapped onto the fields a command knows.  Columns may come
 * in any order; an unknown, repeated or missing column is an error at
 * line 1, and a row with another number of fields than the header is a
 * bad row.
 */
struct rct_csv_header {
	size_t nfields;
	char **names; /* per field */
	unsigned char *optional; /* per field: the column may be absent */
	long line; /* of the header, 0 before it is read */
	size_t ncols;
	int *field_of_col; /* per column */
	long *columns; /* per field: 1-based column, or 0 */
	long bad_rows;
	int semicolon; /* the header was ';'-separated */
};

/* names and optional (NULL: all required) are copied. */
int rct_csv_header_init(struct rct_csv_header *h, size_t nfields,
    const char *const *names, const unsigned char *optional);
void rct_csv_header_release(struct rct_csv_header *h);

/* Read the header row; RCT_EINVAL (recorded) when it is not usable. */
int rct_csv_header_read(struct rct_csv_header *h, const char *file,
    const struct rct_csv_row *row);

/*
 * Put a data row's fields in values (per field, NULL when the column is
 * absent).  Returns 0, or -1 after recording a wrong field count.
 */
int rct_csv_header_map(struct rct_csv_header *h, const char *file,
    const struct rct_csv_row *row, const char **values);

/*
 * Write one record; fields are quoted only when they need it.  A field a
 * spreadsheet would run as a formula (=, +, -, @, tab or carriage return
 * first, and not a number) is written with a leading single quote.
 */
void rct_csv_write_row(FILE *fp, const char *const *fields, size_t n);

#endif
