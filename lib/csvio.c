/*
 * CSV reading and writing with libcsv (csvio.h).
 *
 * Lines are fed to libcsv one physical line at a time, so that when a
 * record ends we know which line it started on, even when quoted fields
 * span lines.  Fields are copied into one buffer per record to avoid an
 * allocation per field: a million-row register is read in one pass.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>
#include <sodium.h>

#include "buf.h"
#include "csvio.h"
#include "error.h"
#include "parallel.h"
#include "text.h"

struct reader {
	const char *path;
	rct_csv_row_fn fn;
	void *arg;
	int part; /* of a parallel read */
	size_t record; /* index of the next record in the file */
	struct csv_parser p;
	struct rct_error_held held; /* a parallel part's messages */
	long line; /* physical line being fed */
	long record_line; /* line where the current record began */
	int in_record;
	int line_open; /* a piece of the line has been fed, not its end */
	size_t record_bytes; /* fed since the current record began */
	int check_fields; /* the record has non-ASCII or control bytes */
	int piece_checked; /* so has the piece being parsed */
	struct rct_buf fields; /* the current record's fields, NUL-separated */
	size_t *offsets;
	size_t nfields, cap;
	char **ptrs;
	size_t ptrcap;
	unsigned flags; /* RCT_CSV_SEMICOLON */
	int semicolon; /* the first line chose ';' */
	int rc; /* first failure, sticky */
};

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* The field too long, said the same whether libcsv has ended it or not. */
static void
field_too_long(struct reader *r)
{
	r->rc = rct_error_at(RCT_EINVAL, r->path, r->record_line,
	    (long)r->nfields + 1,
	    "field is longer than %d bytes, expected at most %d%s",
	    RCT_CSV_FIELD_MAX, RCT_CSV_FIELD_MAX,
	    r->p.quoted ? " (is a quote not closed?)" : "");
}

static void
on_field(void *data, size_t len, void *arg)
{
	struct reader *r = arg;
	size_t *grown;
	unsigned cp;
	/* A piece may hold several records (CR line ends): its own flag. */
	int check = r->check_fields || r->piece_checked;

	if (r->rc)
		return;
	if (len > RCT_CSV_FIELD_MAX) {
		field_too_long(r);
		return;
	}
	if (r->nfields == RCT_CSV_FIELDS_MAX) {
		r->rc = rct_error_at(RCT_EINVAL, r->path, r->record_line,
		    (long)r->nfields + 1,
		    "record has more than %d fields, expected at most %d",
		    RCT_CSV_FIELDS_MAX, RCT_CSV_FIELDS_MAX);
		return;
	}
	if (check && !rct_text_utf8_valid(data, len)) {
		r->rc = rct_error_at(RCT_EINVAL, r->path, r->record_line,
		    (long)r->nfields + 1,
		    "field is not valid UTF-8; save the file as CSV UTF-8");
		return;
	}
	/* Tab and line ends may be quoted in a field; no other control. */
	if (check && rct_text_control_find(data, len, 1, &cp) >= 0) {
		r->rc = rct_error_at(RCT_EINVAL, r->path, r->record_line,
		    (long)r->nfields + 1,
		    "field holds the control character U+%04X, expected "
		    "printable text",
		    cp);
		return;
	}
	if (r->nfields == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		grown = realloc(r->offsets, r->cap * sizeof(*grown));
		if (grown == NULL) {
			r->rc = rct_error(RCT_ENOMEM, "out of memory");
			return;
		}
		r->offsets = grown;
	}
	r->offsets[r->nfields++] = r->fields.len;
	/* CSV_APPEND_NULL: data[len] is the field's terminating NUL. */
	rct_buf_add(&r->fields, data, len + 1);
}

static void
on_record(int c, void *arg)
{
	struct reader *r = arg;
	struct rct_csv_row row;
	size_t i;
	char **grown;

	(void)c;
	r->in_record = 0;
	r->record_bytes = 0;
	if (r->rc)
		return;
	if (rct_buf_failed(&r->fields)) {
		r->rc = rct_error(RCT_ENOMEM, "out of memory");
		return;
	}
	if (r->nfields > r->ptrcap) {
		grown = realloc(r->ptrs, r->nfields * sizeof(*grown));
		if (grown == NULL) {
			r->rc = rct_error(RCT_ENOMEM, "out of memory");
			return;
		}
		r->ptrs = grown;
		r->ptrcap = r->nfields;
	}
	for (i = 0; i < r->nfields; i++)
		r->ptrs[i] = r->fields.data + r->offsets[i];
	row.line = r->record_line;
	row.record = r->record++;
	row.part = r->part;
	row.nfields = r->nfields;
	row.fields = r->ptrs;
	row.semicolon = r->semicolon;
	r->rc = r->fn(r->arg, &row);
	r->nfields = 0;
	r->check_fields = 0;
	rct_buf_reset(&r->fields);
}

/*
 * Whether a line (without its line ending) is printable ASCII, eight
 * bytes at a time: the common case, whose fields need no UTF-8 or control
 * character check of their own.
 */
static int
plain_ascii(const char *s, size_t len)
{
	const uint64_t high = 0x8080808080808080ULL,
		       ones = 0x0101010101010101ULL;
	size_t i = 0;
	uint64_t w, del;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		del = w ^ (0x7f * ones);
		/* A high bit set, a byte below 0x20 (w - 0x20 borrows into
		 * it) or a DEL (a zero in w ^ 0x7f...). */
		if ((w & high) || ((w - 0x20 * ones) & ~w & high) ||
		    ((del - ones) & ~del & high))
			return 0;
	}
	for (; i < len; i++)
		if ((unsigned char)s[i] >= 0x7f || (unsigned char)s[i] < 0x20)
			return 0;
	return 1;
}

/* The length of a line without its "\n" or "\r\n". */
static size_t
body_length(const char *s, size_t len)
{
	if (len > 0 && s[len - 1] == '\n')
		len--;
	if (len > 0 && s[len - 1] == '\r')
		len--;
	return len;
}

/*
 * Whether the first line is ';'-separated: it has a ';' and no ',' outside
 * quotes (a header's names hold neither).
 */
static int
semicolon_line(const char *s, size_t len)
{
	size_t i, semis = 0, commas = 0;
	int quoted = 0;

	for (i = 0; i < len && s[i] != '\n' && s[i] != '\r'; i++)
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == ';')
			semis++;
		else if (!quoted && s[i] == ',')
			commas++;
	return semis > 0 && commas == 0;
}

static int
blank(const char *s, size_t len)
{
	return (len == 1 && s[0] == '\n') ||
	    (len == 2 && s[0] == '\r' && s[1] == '\n');
}

static int
reader_init(struct reader *r, const char *path, rct_csv_row_fn fn, void *arg)
{
	memset(r, 0, sizeof(*r));
	r->path = path;
	r->fn = fn;
	r->arg = arg;
	rct_buf_init(&r->fields);
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) !=
	    0)
		return rct_error(RCT_ENOMEM, "out of memory");
	csv_set_space_func(&r->p, no_space);
	return 0;
}

static void
reader_free(struct reader *r)
{
	csv_free(&r->p);
	free(r->offsets);
	free(r->ptrs);
	rct_buf_release(&r->fields);
}

/*
 * Feed a piece of a physical line to the parser: the whole line with its
 * line ending, or (a line longer than RCT_CSV_CHUNK) a part of it, eol
 * saying whether the piece ends the line.  The field being read is
 * checked against the limit after every piece, so that libcsv never holds
 * more than RCT_CSV_FIELD_MAX + RCT_CSV_CHUNK bytes of it; a NUL byte
 * stops the reading where it is.
 */
static void
feed(struct reader *r, const char *line, size_t len, int eol)
{
	const char *nul = NULL;
	size_t n;

	if (r->rc)
		return;
	if (!r->line_open) {
		r->line++;
		r->line_open = 1;
		if (r->line == 1 && len >= 3 &&
		    memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			line += 3;
			len -= 3;
		}
		if (r->line == 1 && (r->flags & RCT_CSV_SEMICOLON) &&
		    semicolon_line(line, len)) {
			r->semicolon = 1;
			csv_set_delim(&r->p, ';');
		}
		if (eol && !r->in_record && blank(line, len)) {
			r->line_open = 0;
			return;
		}
	}
	if (eol)
		r->line_open = 0;
	if (!r->in_record) {
		r->in_record = 1;
		r->record_line = r->line;
	}
	if (!plain_ascii(line, eol ? body_length(line, len) : len)) {
		r->check_fields = r->piece_checked = 1;
		nul = memchr(line, '\0', len);
	}
	n = nul ? (size_t)(nul - line) : len;
	r->record_bytes += n; /* on_record starts the count again */
	if (csv_parse(&r->p, line, n, on_field, on_record, r) != n &&
	    r->rc == 0)
		r->rc = rct_error_at(RCT_EINVAL, r->path, r->line, 0,
		    "malformed CSV (%s), expected RFC 4180 quoting",
		    csv_strerror(csv_error(&r->p)));
	r->piece_checked = 0;
	if (r->rc == 0 && nul)
		r->rc = rct_error_at(RCT_EINVAL, r->path, r->line,
		    (long)r->nfields + 1,
		    "field holds a NUL byte, expected text (is this a CSV "
		    "file?)");
	if (r->rc == 0 && r->p.entry_pos > RCT_CSV_FIELD_MAX)
		field_too_long(r);
	if (r->rc == 0 && r->record_bytes > RCT_CSV_RECORD_MAX)
		r->rc = rct_error_at(RCT_EINVAL, r->path, r->record_line, 0,
		    "record is longer than %d bytes, expected at most %d",
		    RCT_CSV_RECORD_MAX, RCT_CSV_RECORD_MAX);
}

/* The end of the input: a last record without a line ending. */
static void
finish(struct reader *r)
{
	if (r->rc == 0 && csv_fini(&r->p, on_field, on_record, r) != 0 &&
	    r->rc == 0)
		r->rc = rct_error_at(RCT_EINVAL, r->path, r->record_line, 0,
		    "a quoted field is not closed before the end of the file");
}

int
rct_csv_read(const char *path, rct_csv_row_fn fn, void *arg)
{
	return rct_csv_read_hashed(path, fn, arg, NULL);
}

/*
 * Read in chunks of RCT_CSV_CHUNK bytes and feed whole lines, or pieces of
 * a line that fills a chunk: memory stays bounded whatever the input
 * (a file without a line end, /dev/zero, a pipe that never ends).
 */
int
rct_csv_read_hashed(const char *path, rct_csv_row_fn fn, void *arg,
    unsigned char hash[32])
{
	return rct_csv_read_opts(path, fn, arg, hash, 0);
}

int
rct_csv_read_opts(const char *path, rct_csv_row_fn fn, void *arg,
    unsigned char hash[32], unsigned flags)
{
	FILE *fp;
	int rc;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "rb")) == NULL)
		return rct_error(RCT_EIO, "cannot open '%s': %s", path,
		    strerror(errno));
	rc = rct_csv_read_fp(fp, path, fn, arg, hash, flags);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

int
rct_csv_read_fp(FILE *fp, const char *path, rct_csv_row_fn fn, void *arg,
    unsigned char hash[32], unsigned flags)
{
	crypto_generichash_state hs;
	struct reader r;
	char *buf, *nl;
	size_t have = 0, start, n;
	int rc, eof = 0;

	if ((buf = malloc(RCT_CSV_CHUNK)) == NULL ||
	    (rc = reader_init(&r, path, fn, arg)) != 0) {
		free(buf);
		return buf ? rc : rct_error(RCT_ENOMEM, "out of memory");
	}
	r.flags = flags;
	crypto_generichash_init(&hs, NULL, 0, 32);
	while (r.rc == 0 && !eof) {
		n = fread(buf + have, 1, RCT_CSV_CHUNK - have, fp);
		if (hash)
			crypto_generichash_update(&hs,
			    (unsigned char *)buf + have, n);
		eof = n == 0;
		have += n;
		for (start = 0; r.rc == 0 && start < have;) {
			nl = memchr(buf + start, '\n', have - start);
			if (nl != NULL) {
				n = (size_t)(nl + 1 - (buf + start));
				feed(&r, buf + start, n, 1);
			} else if (eof ||
			    (start == 0 && have == RCT_CSV_CHUNK)) {
				n = have - start;
				feed(&r, buf + start, n, eof);
			} else {
				break;
			}
			start += n;
		}
		memmove(buf, buf + start, have - start);
		have -= start;
	}
	if (r.rc == 0 && ferror(fp))
		r.rc = rct_error(RCT_EIO, "cannot read '%s': %s", path,
		    strerror(errno));
	finish(&r);
	if (hash)
		crypto_generichash_final(&hs, hash, 32);
	free(buf);
	reader_free(&r);
	return r.rc;
}

static int
needs_quotes(const char *s)
{
	return *s == '\0' ? 0 : strpbrk(s, ",\"\r\n") != NULL;
}

/*
 * Whether a spreadsheet would take the cell for a formula (OWASP's list of
 * first characters: = + - @ tab and carriage return, also after the
 * spaces of an indent, which a spreadsheet may trim: Table 1's levels) and
 * it is not a number: -1.5 and -0 stay numbers, and so does -Inf (R's
 * spelling, the open end of a one-sided interval, read back by read.csv
 * as a number).
 */
static int
formula_like(const char *s)
{
	double x;

	s += strspn(s, " ");
	return *s != '\0' && strchr("=+-@\t\r", *s) != NULL &&
	    rct_text_parse_double(s, &x) != 0 && strcmp(s, "-Inf") != 0;
}

void
rct_csv_write_row(FILE *fp, const char *const *fields, size_t n)
{
	struct rct_buf b = RCT_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *f = fields[i] ? fields[i] : "";

		if (i > 0)
			fputc(',', fp);
		if (formula_like(f)) {
			/* A leading quote makes it text, as OWASP advises. */
			rct_buf_reset(&b);
			rct_buf_addc(&b, '\'');
			rct_buf_adds(&b, f);
			f = rct_buf_failed(&b) ? "'" : rct_buf_str(&b);
		}
		if (needs_quotes(f))
			csv_fwrite(fp, f, strlen(f));
		else
			fputs(f, fp);
	}
	fputc('\n', fp);
	rct_buf_release(&b);
}

int
rct_csv_header_init(struct rct_csv_header *h, size_t nfields,
    const char *const *names, const unsigned char *optional)
{
	size_t i;

	memset(h, 0, sizeof(*h));
	h->nfields = nfields;
	h->names = calloc(nfields, sizeof(char *));
	h->optional = calloc(nfields, 1);
	h->columns = calloc(nfields, sizeof(long));
	if (h->names == NULL || h->optional == NULL || h->columns == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < nfields; i++) {
		if ((h->names[i] = strdup(names[i])) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		h->optional[i] = optional ? optional[i] : 0;
	}
	return 0;
}

void
rct_csv_header_release(struct rct_csv_header *h)
{
	size_t i;

	for (i = 0; h->names && i < h->nfields; i++)
		free(h->names[i]);
	free(h->names);
	free(h->optional);
	free(h->columns);
	free(h->field_of_col);
	memset(h, 0, sizeof(*h));
}

static void
expected_columns(const struct rct_csv_header *h, struct rct_buf *b)
{
	size_t i;

	for (i = 0; i < h->nfields; i++) {
		if (i)
			rct_buf_adds(b, ", ");
		rct_buf_adds(b, h->names[i]);
		if (h->optional[i])
			rct_buf_adds(b, " (optional)");
	}
}

int
rct_csv_header_read(struct rct_csv_header *h, const char *file,
    const struct rct_csv_row *row)
{
	struct rct_buf want = RCT_BUF_INIT, missing = RCT_BUF_INIT;
	size_t c, f;
	int bad = 0;

	h->line = row->line;
	h->ncols = row->nfields;
	h->semicolon = row->semicolon;
	if ((h->field_of_col = calloc(row->nfields, sizeof(int))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	expected_columns(h, &want);
	if (row->nfields == 1 && strchr(row->fields[0], ';') != NULL) {
		rct_error_at(RCT_EINVAL, file, row->line, 1,
		    "the header is "
		    "separated by ';', expected ','; save the register as "
		    "comma-separated CSV (UTF-8)");
		rct_buf_release(&want);
		rct_buf_release(&missing);
		return RCT_EINVAL;
	}
	for (c = 0; c < row->nfields; c++) {
		h->field_of_col[c] = -1;
		for (f = 0; f < h->nfields; f++)
			if (strcmp(row->fields[c], h->names[f]) == 0)
				break;
		if (f == h->nfields) {
			bad +=
			    rct_error_at(RCT_EINVAL, file, row->line,
				(long)c + 1, "unknown column '%s', expected %s",
				row->fields[c], rct_buf_str(&want)) != 0;
		} else if (h->columns[f] != 0) {
			bad += rct_error_at(RCT_EINVAL, file, row->line,
				   (long)c + 1,
				   "column '%s' appears twice, first as "
				   "column %ld",
				   row->fields[c], h->columns[f]) != 0;
		} else {
			h->columns[f] = (long)c + 1;
			h->field_of_col[c] = (int)f;
		}
	}
	for (f = 0; f < h->nfields; f++)
		if (h->columns[f] == 0 && !h->optional[f]) {
			rct_buf_adds(&missing, missing.len ? ", " : "");
			rct_buf_adds(&missing, h->names[f]);
		}
	if (missing.len > 0)
		bad += rct_error_at(RCT_EINVAL, file, row->line, 0,
			   "missing column(s) %s; expected %s",
			   rct_buf_str(&missing), rct_buf_str(&want)) != 0;
	rct_buf_release(&want);
	rct_buf_release(&missing);
	return bad ? RCT_EINVAL : 0;
}

int
rct_csv_header_map(struct rct_csv_header *h, const char *file,
    const struct rct_csv_row *row, const char **values)
{
	size_t c;

	if (row->nfields != h->ncols) {
		/* The column is the first missing or the first extra one. */
		rct_error_at(RCT_EINVAL, file, row->line,
		    (long)(row->nfields < h->ncols ? row->nfields : h->ncols) +
			1,
		    "row has %zu fields, expected %zu as in the "
		    "header",
		    row->nfields, h->ncols);
		h->bad_rows++;
		return -1;
	}
	memset(values, 0, h->nfields * sizeof(*values));
	for (c = 0; c < row->nfields; c++)
		if (h->field_of_col[c] >= 0)
			values[h->field_of_col[c]] = row->fields[c];
	return 0;
}

/*
 * How many of n bytes just read from a stream to keep: all, or those up
 * to a NUL byte, or up to the byte that makes a line longer than any
 * record may be.  The parser refuses the input at that byte (with its line
 * and column), so reading need not go on: a pipe that never ends, or
 * /dev/zero, is not read into memory.
 */
static size_t
stream_keep(const char *s, size_t n, size_t *line_len, int *stop)
{
	const char *nul = memchr(s, '\0', n), *nl;
	size_t keep = nul ? (size_t)(nul - s) + 1 : n, i = 0, seg;

	*stop = nul != NULL;
	while (i < keep) {
		nl = memchr(s + i, '\n', keep - i);
		seg = nl ? (size_t)(nl - (s + i)) : keep - i;
		if (*line_len + seg > RCT_CSV_RECORD_MAX) {
			*stop = 1;
			return i + (RCT_CSV_RECORD_MAX + 1 - *line_len);
		}
		*line_len = nl ? 0 : *line_len + seg;
		i += seg + (nl != NULL);
	}
	return keep;
}

/* A whole input in memory: a mapped file, or standard input read in. */
struct input {
	char *data;
	size_t size;
	int mapped;
};

static int
load(struct input *in, const char *path)
{
	struct stat st;
	char *grown;
	size_t cap = 0, line_len = 0;
	ssize_t got;
	int fd, stop = 0;

	memset(in, 0, sizeof(*in));
	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY)) < 0)
		return rct_error(RCT_EIO, "cannot open '%s': %s", path,
		    strerror(errno));
	if (fd != STDIN_FILENO && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		in->size = (size_t)st.st_size;
		if (in->size > 0) {
			in->data =
			    mmap(NULL, in->size, PROT_READ, MAP_PRIVATE, fd, 0);
			if (in->data == MAP_FAILED) {
				in->data = NULL;
				close(fd);
				return rct_error(RCT_EIO,
				    "cannot read '%s': %s", path,
				    strerror(errno));
			}
			in->mapped = 1;
		}
		close(fd);
		return 0;
	}
	for (;;) {
		if (in->size == cap) {
			cap = cap ? 2 * cap : 1 << 20;
			if ((grown = realloc(in->data, cap)) == NULL) {
				free(in->data);
				return rct_error(RCT_ENOMEM, "out of memory");
			}
			in->data = grown;
		}
		got = read(fd, in->data + in->size, cap - in->size);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			free(in->data);
			if (fd != STDIN_FILENO)
				close(fd);
			return rct_error(RCT_EIO, "cannot read '%s': %s", path,
			    strerror(errno));
		}
		if (got == 0)
			break;
		in->size += stream_keep(in->data + in->size, (size_t)got,
		    &line_len, &stop);
		if (stop)
			break;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return 0;
}

static void
unload(struct input *in)
{
	if (in->mapped)
		munmap(in->data, in->size);
	else
		free(in->data);
}

/*
 * The records and line endings of a part, counted as libcsv will see
 * them: outside quotes CR and LF end a record (blank lines make none),
 * a doubled quote inside quotes stays inside.  A part must end outside
 * quotes, or its split point was inside a quoted field.
 */
struct count {
	const char *start, *end;
	size_t records, newlines;
	int quoted;
};

static void
count_part(void *arg, int part, size_t begin, size_t end)
{
	struct count *c = (struct count *)arg + part;
	const char *s = c->start, *nl, *stop;
	int begun = 0;

	(void)begin;
	(void)end;
	while (s < c->end) {
		char ch;

		/* The common line, without quotes or CR: memchr's pace. */
		if (!c->quoted && !begun) {
			nl = memchr(s, '\n', (size_t)(c->end - s));
			stop = nl ? nl : c->end;
			if (memchr(s, '"', (size_t)(stop - s)) == NULL &&
			    memchr(s, '\r', (size_t)(stop - s)) == NULL) {
				c->records += stop > s;
				c->newlines += nl != NULL;
				s = nl ? nl + 1 : c->end;
				continue;
			}
		}
		ch = *s++;
		if (ch == '\n')
			c->newlines++;
		if (c->quoted) {
			c->quoted = ch != '"';
			continue;
		}
		if (ch == '\n' || ch == '\r') {
			begun = 0;
			continue;
		}
		if (!begun) {
			begun = 1;
			c->records++;
		}
		if (ch == '"')
			c->quoted = 1;
	}
}

struct parallel {
	struct input in;
	struct count count[RCT_PARALLEL_MAX];
	struct reader r[RCT_PARALLEL_MAX];
	const char *pos[RCT_PARALLEL_MAX]; /* where each part goes on */
	int parts;
};

/* Feed part's lines until its end, or until it has given stop records. */
static void
feed_part(struct parallel *par, int part, size_t stop)
{
	struct reader *r = &par->r[part];
	const char *end = par->count[part].end, *s = par->pos[part], *nl;

	while (r->rc == 0 && s < end && r->record < stop) {
		nl = memchr(s, '\n', (size_t)(end - s));
		nl = nl ? nl + 1 : end;
		if (nl - s > RCT_CSV_CHUNK) /* a long line, in pieces */
			nl = s + RCT_CSV_CHUNK;
		feed(r, s, (size_t)(nl - s), nl == end || nl[-1] == '\n');
		s = nl;
	}
	par->pos[part] = s;
	if (part == par->parts - 1 && s == end)
		finish(r);
}

static void
parse_part(void *arg, int part, size_t begin, size_t end)
{
	struct parallel *par = arg;

	(void)begin;
	(void)end;
	rct_error_hold(&par->r[part].held);
	feed_part(par, part, (size_t)-1);
	rct_error_hold(NULL);
}

/* Cut the input into parts at line ends, and count each part. */
static void
split(struct parallel *par, int parts)
{
	static const char nothing[1] = "";
	/* An empty input has no buffer: point at an empty one. */
	const char *data = par->in.data ? par->in.data : nothing;
	const char *end = data + par->in.size, *cut;
	int p, n = 0;
	for (p = 0; p < parts; p++) {
		cut = data + par->in.size * (size_t)(p + 1) / (size_t)parts;
		if (p < parts - 1 && cut < end &&
		    (cut = memchr(cut, '\n', (size_t)(end - cut))) != NULL)
			cut++;
		else
			cut = end;
		par->count[n].start = n ? par->count[n - 1].end : data;
		if (cut <= par->count[n].start)
			continue;
		par->count[n++].end = cut;
		if (cut == end)
			break;
	}
	if (n == 0) { /* an empty input */
		par->count[0].start = par->count[0].end = data;
		n = 1;
	}
	par->parts = n;
	rct_parallel_for((size_t)n, n, 1, count_part, par->count);
	for (p = 0; p < n - 1; p++)
		if (par->count[p].quoted) {
			/* A cut inside quotes: count it all as one part. */
			memset(par->count, 0, sizeof(par->count));
			par->count[0].start = data;
			par->count[0].end = end;
			par->parts = 1;
			count_part(par->count, 0, 0, 1);
			return;
		}
}

int
rct_csv_read_parallel(const char *path, int parts, rct_csv_begin_fn begin,
    rct_csv_row_fn fn, void *arg)
{
	return rct_csv_read_parallel_opts(path, parts, begin, fn, arg, 0);
}

int
rct_csv_read_parallel_opts(const char *path, int parts, rct_csv_begin_fn begin,
    rct_csv_row_fn fn, void *arg, unsigned flags)
{
	struct parallel *par = calloc(1, sizeof(*par));
	size_t first[RCT_PARALLEL_MAX + 1], records = 0;
	long lines = 0;
	int p, ready = 0, rc;

	if (par == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if ((rc = load(&par->in, path)) != 0) {
		free(par);
		return rc;
	}
	if (parts < 1 || par->in.size < (1 << 20))
		parts = 1;
	split(par, parts > RCT_PARALLEL_MAX ? RCT_PARALLEL_MAX : parts);
	for (p = 0; p < par->parts; p++) {
		if ((rc = reader_init(&par->r[p], path, fn, arg)) != 0)
			goto out;
		ready = p + 1;
		par->r[p].flags = flags;
		par->r[p].part = p;
		par->r[p].record = records;
		par->r[p].line = lines;
		par->pos[p] = par->count[p].start;
		first[p] = records;
		records += par->count[p].records;
		lines += (long)par->count[p].newlines;
	}
	first[par->parts] = records;
	if ((rc = begin(arg, records, par->parts, first)) != 0)
		goto out;
	/* The header alone first, then every part at once. */
	feed_part(par, 0, 1);
	if ((rc = par->r[0].rc) != 0)
		goto out;
	/* The header chose the separator for every part. */
	for (p = 1; p < par->parts && par->r[0].semicolon; p++) {
		par->r[p].semicolon = 1;
		csv_set_delim(&par->r[p].p, ';');
	}
	rct_parallel_for((size_t)par->parts, par->parts, 1, parse_part, par);
	for (p = 0; p < par->parts; p++) {
		struct reader *r = &par->r[p];

		rct_error_release(&r->held, rc == 0);
		if (rc == 0 && (rc = r->rc) == 0 && r->record != first[p + 1])
			rc = rct_error_at(RCT_EINVAL, path, r->line, 0,
			    "%zu records read where %zu were counted: "
			    "malformed CSV, expected RFC 4180 quoting",
			    r->record - first[p], first[p + 1] - first[p]);
	}
out:
	for (p = 0; p < ready; p++) {
		rct_error_release(&par->r[p].held, 0);
		reader_free(&par->r[p]);
	}
	unload(&par->in);
	free(par);
	return rc;
}
