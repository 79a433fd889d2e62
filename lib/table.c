/* Result tables in text, CSV, JSON and Markdown (table.h). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csvio.h"
#include "error.h"
#include "table.h"
#include "text.h"

struct rct_table {
	size_t ncols;
	char **names;
	int *numeric;
	enum rct_column_type *type;
	char **label; /* per column, or NULL */
	char ***codes; /* per code column */
	size_t *ncodes;
	char **cells; /* row-major, nrows * ncols */
	size_t nrows, cap;
};

struct rct_table *
rct_table_new(size_t ncols, const char *const *names)
{
	struct rct_table *t;
	size_t i;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->ncols = ncols;
	t->names = calloc(ncols, sizeof(char *));
	t->numeric = calloc(ncols, sizeof(int));
	t->type = calloc(ncols ? ncols : 1, sizeof(*t->type));
	t->label = calloc(ncols ? ncols : 1, sizeof(*t->label));
	t->codes = calloc(ncols ? ncols : 1, sizeof(*t->codes));
	t->ncodes = calloc(ncols ? ncols : 1, sizeof(*t->ncodes));
	if (t->names == NULL || t->numeric == NULL || t->type == NULL ||
	    t->label == NULL || t->codes == NULL || t->ncodes == NULL)
		goto fail;
	for (i = 0; i < ncols; i++)
		if ((t->names[i] = strdup(names[i])) == NULL)
			goto fail;
	return t;
fail:
	rct_table_free(t);
	return NULL;
}

void
rct_table_free(struct rct_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	for (i = 0; t->names && i < t->ncols; i++)
		free(t->names[i]);
	for (i = 0; t->label && i < t->ncols; i++)
		free(t->label[i]);
	for (i = 0; t->codes && i < t->ncols; i++)
		rct_list_free(t->codes[i], t->ncodes[i]);
	free(t->names);
	free(t->numeric);
	free(t->type);
	free(t->label);
	free(t->codes);
	free(t->ncodes);
	free(t->cells);
	free(t);
}

void
rct_table_set_numeric(struct rct_table *t, size_t col)
{
	t->numeric[col] = 1;
}

int
rct_table_is_numeric(const struct rct_table *t, size_t col)
{
	return t->numeric[col];
}

int
rct_table_describe(struct rct_table *t, size_t col, enum rct_column_type type,
    const char *label, const char *const *codes, size_t ncodes)
{
	size_t i;

	free(t->label[col]);
	rct_list_free(t->codes[col], t->ncodes[col]);
	t->label[col] = NULL;
	t->codes[col] = NULL;
	t->ncodes[col] = 0;
	t->type[col] = type;
	t->numeric[col] = type == RCT_TYPED_INTEGER || type == RCT_TYPED_NUMBER;
	if (label && (t->label[col] = strdup(label)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if (ncodes == 0)
		return 0;
	if ((t->codes[col] = calloc(ncodes, sizeof(char *))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < ncodes; i++, t->ncodes[col]++)
		if ((t->codes[col][i] = strdup(codes[i])) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
	return 0;
}

enum rct_column_type
rct_table_column_type(const struct rct_table *t, size_t col)
{
	return t->type[col];
}

const char *
rct_table_column_label(const struct rct_table *t, size_t col)
{
	return t->label[col];
}

const char *const *
rct_table_column_codes(const struct rct_table *t, size_t col, size_t *n)
{
	*n = t->ncodes[col];
	return (const char *const *)t->codes[col];
}

int
rct_table_add(struct rct_table *t, const char *const *cells)
{
	char **grown;
	size_t i, base;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;

		grown = realloc(t->cells, cap * t->ncols * sizeof(char *));
		if (grown == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		t->cells = grown;
		t->cap = cap;
	}
	base = t->nrows * t->ncols;
	for (i = 0; i < t->ncols; i++) {
		t->cells[base + i] = strdup(cells[i] ? cells[i] : "");
		if (t->cells[base + i] == NULL) {
			while (i-- > 0)
				free(t->cells[base + i]);
			return rct_error(RCT_ENOMEM, "out of memory");
		}
	}
	t->nrows++;
	return 0;
}

size_t
rct_table_rows(const struct rct_table *t)
{
	return t->nrows;
}

int
rct_table_keep(struct rct_table *t, unsigned mask)
{
	size_t r, c, k;

	for (c = 0, k = 0; c < t->ncols; c++) {
		if (c < 32 && (mask & (1u << c))) {
			t->names[k] = t->names[c];
			t->numeric[k] = t->numeric[c];
			t->type[k] = t->type[c];
			t->label[k] = t->label[c];
			t->codes[k] = t->codes[c];
			t->ncodes[k] = t->ncodes[c];
			for (r = 0; r < t->nrows; r++)
				t->cells[r * t->ncols + k] =
				    t->cells[r * t->ncols + c];
			k++;
		} else {
			free(t->names[c]);
			free(t->label[c]);
			rct_list_free(t->codes[c], t->ncodes[c]);
			for (r = 0; r < t->nrows; r++)
				free(t->cells[r * t->ncols + c]);
		}
	}
	/* Close the gaps: rows are now k cells wide. */
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < k; c++)
			t->cells[r * k + c] = t->cells[r * t->ncols + c];
	t->ncols = k;
	return 0;
}

size_t
rct_table_columns(const struct rct_table *t)
{
	return t->ncols;
}

const char *const *
rct_table_names(const struct rct_table *t)
{
	return (const char *const *)t->names;
}

const char *const *
rct_table_row(const struct rct_table *t, size_t row)
{
	return (const char *const *)t->cells + row * t->ncols;
}

/* Display width of UTF-8 text: one column per code point. */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

static void
pad(FILE *fp, size_t n)
{
	while (n-- > 0)
		fputc(' ', fp);
}

/*
 * The cells as a terminal shows them: a cell with a control character
 * (an ANSI escape, say, from a store written before they were refused)
 * gets a copy with them visible; the others are shown as they are.
 */
static char **
shown_cells(const struct rct_table *t)
{
	size_t i, n = (t->nrows + 1) * t->ncols, len;
	char **shown = calloc(n ? n : 1, sizeof(*shown)), *copy;
	const char *s;
	unsigned cp;
	FILE *fp;

	for (i = 0; shown && i < n; i++) {
		s = i < t->ncols ? t->names[i] : t->cells[i - t->ncols];
		shown[i] = (char *)s;
		if (rct_control_find(s, strlen(s), 0, &cp) < 0)
			continue;
		copy = NULL;
		if ((fp = open_memstream(&copy, &len)) == NULL)
			continue;
		rct_visible_write(fp, s);
		if (fclose(fp) == 0 && copy)
			shown[i] = copy;
		else
			free(copy);
	}
	return shown;
}

static void
shown_free(const struct rct_table *t, char **shown)
{
	size_t i, n = (t->nrows + 1) * t->ncols;

	for (i = 0; shown && i < n; i++)
		if (shown[i] !=
		    (i < t->ncols ? t->names[i] : t->cells[i - t->ncols]))
			free(shown[i]);
	free(shown);
}

static void
print_text(const struct rct_table *t, FILE *fp)
{
	size_t *w, r, c;
	char **shown = shown_cells(t);

	if (shown == NULL ||
	    (w = calloc(t->ncols ? t->ncols : 1, sizeof(*w))) == NULL) {
		free(shown);
		return;
	}
	for (r = 0; r <= t->nrows; r++)
		for (c = 0; c < t->ncols; c++)
			if (width(shown[r * t->ncols + c]) > w[c])
				w[c] = width(shown[r * t->ncols + c]);
	for (r = 0; r <= t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s = shown[r * t->ncols + c];
			size_t gap = w[c] - width(s);

			if (c > 0)
				fputs("  ", fp);
			if (t->numeric[c]) {
				pad(fp, gap);
				fputs(s, fp);
			} else {
				fputs(s, fp);
				if (c + 1 < t->ncols)
					pad(fp, gap);
			}
		}
		fputc('\n', fp);
	}
	free(w);
	shown_free(t, shown);
}

static void
print_csv(const struct rct_table *t, FILE *fp)
{
	size_t r;

	rct_csv_write_row(fp, (const char *const *)t->names, t->ncols);
	for (r = 0; r < t->nrows; r++)
		rct_csv_write_row(fp,
		    (const char *const *)t->cells + r * t->ncols, t->ncols);
}

/*
 * A numeric cell in JSON: a finite number as written; empty, infinite
 * or NaN as null (JSON has no Inf or NaN: df of a Wald test is null);
 * anything else as a string, so that the document stays JSON.
 */
static void
json_number(struct rct_buf *b, const char *s)
{
	char *end;
	double x;
	const char *p = s;

	if (*s == '\0') {
		rct_buf_adds(b, "null");
		return;
	}
	x = strtod(s, &end);
	if (*end != '\0' || end == s) {
		rct_buf_add_json_string(b, s);
		return;
	}
	if (!isfinite(x)) {
		rct_buf_adds(b, "null");
		return;
	}
	/* JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
	if (*p == '-')
		p++;
	if (!(*p >= '0' && *p <= '9') ||
	    (p[0] == '0' && p[1] >= '0' && p[1] <= '9') ||
	    strpbrk(s, "xXpP") != NULL || strstr(s, ".e") != NULL ||
	    strstr(s, ".E") != NULL || s[strlen(s) - 1] == '.') {
		rct_buf_add_json_string(b, s);
		return;
	}
	rct_buf_adds(b, s);
}

static void
print_json(const struct rct_table *t, FILE *fp)
{
	struct rct_buf b = RCT_BUF_INIT;
	size_t r, c;

	rct_buf_adds(&b, "[");
	for (r = 0; r < t->nrows; r++) {
		rct_buf_adds(&b, r ? ",\n {" : "\n {");
		for (c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];

			if (c > 0)
				rct_buf_adds(&b, ", ");
			rct_buf_add_json_string(&b, t->names[c]);
			rct_buf_adds(&b, ": ");
			if (t->numeric[c])
				json_number(&b, s);
			else
				rct_buf_add_json_string(&b, s);
		}
		rct_buf_adds(&b, "}");
		fputs(rct_buf_str(&b), fp);
		rct_buf_reset(&b);
	}
	fputs(t->nrows ? "\n]\n" : "]\n", fp);
	rct_buf_release(&b);
}

static int
word_char(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/*
 * A cell of a Markdown table, as text whatever it holds: the characters
 * Markdown (and the HTML it allows) would read as markup are escaped, a
 * line end becomes a space and a control character U+FFFD.  An '_' inside
 * a word (p_value) needs no escape and gets none.
 */
static void
md_cell(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++)
		switch (*p) {
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '&':
			fputs("&amp;", fp);
			break;
		case '|':
		case '\\':
		case '`':
		case '*':
		case '[':
		case ']':
		case '~':
		case '!':
			fputc('\\', fp);
			fputc(*p, fp);
			break;
		case '_':
			if (p == (const unsigned char *)s ||
			    !word_char(p[-1]) || !word_char(p[1]))
				fputc('\\', fp);
			fputc('_', fp);
			break;
		case '\n':
		case '\r':
		case '\t':
			fputc(' ', fp);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				fputs("\xef\xbf\xbd", fp);
			} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
				fputs("\xef\xbf\xbd", fp);
				p++;
			} else {
				fputc(*p, fp);
			}
		}
}

static void
print_md(const struct rct_table *t, FILE *fp)
{
	size_t r, c;

	for (c = 0; c < t->ncols; c++) {
		fputs("| ", fp);
		md_cell(fp, t->names[c]);
		fputc(' ', fp);
	}
	fputs("|\n", fp);
	for (c = 0; c < t->ncols; c++)
		fputs(t->numeric[c] ? "|---:" : "|:---", fp);
	fputs("|\n", fp);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			fputs("| ", fp);
			md_cell(fp, t->cells[r * t->ncols + c]);
			fputc(' ', fp);
		}
		fputs("|\n", fp);
	}
}

/* The length of the UTF-8 character at p, 0 when it is not one. */
static size_t
utf8_char(const unsigned char *p)
{
	size_t n = *p < 0x80    ? 1 :
	    (*p & 0xe0) == 0xc0 ? 2 :
	    (*p & 0xf0) == 0xe0 ? 3 :
	    (*p & 0xf8) == 0xf0 ? 4 :
				  0;
	size_t i;

	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n && rct_utf8_valid((const char *)p, n) ? n : 0;
}

void
rct_html_write(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (p && *p) {
		n = utf8_char(p);
		if (n == 0 ||
		    (n == 1 && (*p < 0x20 || *p == 0x7f) && *p != '\t' &&
			*p != '\n') ||
		    (n == 2 && p[0] == 0xc2 && p[1] <= 0x9f) ||
		    (n == 3 && p[0] == 0xef && p[1] == 0xbf &&
			(p[2] == 0xbe || p[2] == 0xbf))) {
			/* Not allowed in XML 1.0, or a control character. */
			fputs("\xef\xbf\xbd", fp);
			p += n ? n : 1;
			continue;
		}
		switch (*p) {
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '&':
			fputs("&amp;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&#39;", fp);
			break;
		default:
			fwrite(p, 1, n, fp);
		}
		p += n;
	}
}

/*
 * A number as a reader takes it in (a few digits), with every digit kept
 * in the cell's title; integers and text as they are.
 */
static void
html_number(FILE *fp, const char *s)
{
	char shown[32], *end;
	double x = strtod(s, &end);

	if (*s == '\0' || *end != '\0' || strpbrk(s, ".eE") == NULL) {
		fputs(">", fp);
		rct_html_write(fp, s);
		return;
	}
	if (fabs(x) >= 100)
		snprintf(shown, sizeof(shown), "%.1f", x);
	else if (fabs(x) >= 0.01 || x == 0)
		snprintf(shown, sizeof(shown), "%.4f", x);
	else
		snprintf(shown, sizeof(shown), "%.2e", x);
	fputs(" title=\"", fp);
	rct_html_write(fp, s);
	fputs("\">", fp);
	fputs(shown, fp);
}

/* An HTML table element, for pages such as analysis report. */
static void
print_html(const struct rct_table *t, FILE *fp)
{
	size_t r, c;

	fputs("<table>\n<thead><tr>", fp);
	for (c = 0; c < t->ncols; c++) {
		fputs(t->numeric[c] ? "<th class=\"n\">" : "<th>", fp);
		rct_html_write(fp, t->names[c]);
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (r = 0; r < t->nrows; r++) {
		fputs("<tr>", fp);
		for (c = 0; c < t->ncols; c++) {
			if (t->numeric[c]) {
				fputs("<td class=\"n\"", fp);
				html_number(fp, t->cells[r * t->ncols + c]);
			} else {
				fputs("<td>", fp);
				rct_html_write(fp, t->cells[r * t->ncols + c]);
			}
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n", fp);
}

void
rct_table_print(const struct rct_table *t, FILE *fp, enum rct_format fmt)
{
	switch (fmt) {
	case RCT_FORMAT_TABLE:
		print_text(t, fp);
		break;
	case RCT_FORMAT_CSV:
		print_csv(t, fp);
		break;
	case RCT_FORMAT_JSON:
		print_json(t, fp);
		break;
	case RCT_FORMAT_MD:
		print_md(t, fp);
		break;
	case RCT_FORMAT_HTML:
		print_html(t, fp);
		break;
	case RCT_FORMAT_DTA:
	case RCT_FORMAT_SAV:
	case RCT_FORMAT_XLSX:
		/* Binary: written to a file (statfile.h, xlsx.h), not here. */
		break;
	}
}

int
rct_format_parse(const char *name, enum rct_format *out)
{
	static const struct {
		const char *name;
		enum rct_format fmt;
	} formats[] = {
	    {"table", RCT_FORMAT_TABLE},
	    {"csv", RCT_FORMAT_CSV},
	    {"json", RCT_FORMAT_JSON},
	    {"md", RCT_FORMAT_MD},
	    {"html", RCT_FORMAT_HTML},
	};
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(name, formats[i].name) == 0) {
			*out = formats[i].fmt;
			return 0;
		}
	return -1;
}

int
rct_format_parse_file(const char *name, enum rct_format *out)
{
	if (strcmp(name, "dta") == 0)
		*out = RCT_FORMAT_DTA;
	else if (strcmp(name, "sav") == 0)
		*out = RCT_FORMAT_SAV;
	else if (strcmp(name, "xlsx") == 0)
		*out = RCT_FORMAT_XLSX;
	else
		return rct_format_parse(name, out);
	return 0;
}

int
rct_format_binary(enum rct_format fmt)
{
	return fmt == RCT_FORMAT_DTA || fmt == RCT_FORMAT_SAV ||
	    fmt == RCT_FORMAT_XLSX;
}
