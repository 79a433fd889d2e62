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

enum {
	STYLE_ROUNDED = 1,
	STYLE_PVALUE = 2,
	STYLE_DETAIL = 4,
};

struct rct_table {
	size_t ncols;
	char **names;
	int *numeric;
	unsigned char *style; /* STYLE_* per column */
	int digits; /* significant digits of rounded columns */
	size_t width; /* wrap the text table at this width; 0: never */
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
	t->style = calloc(ncols + 1, 1);
	t->digits = 4;
	t->type = calloc(ncols ? ncols : 1, sizeof(*t->type));
	t->label = calloc(ncols ? ncols : 1, sizeof(*t->label));
	t->codes = calloc(ncols ? ncols : 1, sizeof(*t->codes));
	t->ncodes = calloc(ncols ? ncols : 1, sizeof(*t->ncodes));
	if (t->names == NULL || t->numeric == NULL || t->style == NULL ||
	    t->type == NULL || t->label == NULL || t->codes == NULL ||
	    t->ncodes == NULL)
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
		rct_text_list_free(t->codes[i], t->ncodes[i]);
	free(t->names);
	free(t->numeric);
	free(t->style);
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

void
rct_table_set_rounded(struct rct_table *t, size_t col)
{
	t->numeric[col] = 1;
	t->style[col] |= STYLE_ROUNDED;
}

void
rct_table_set_pvalue(struct rct_table *t, size_t col)
{
	t->numeric[col] = 1;
	t->style[col] |= STYLE_ROUNDED | STYLE_PVALUE;
}

void
rct_table_set_detail(struct rct_table *t, size_t col)
{
	t->style[col] |= STYLE_DETAIL;
}

void
rct_table_set_digits(struct rct_table *t, int digits)
{
	t->digits = digits < 1 ? 1 : digits > 15 ? 15 : digits;
}

void
rct_table_set_width(struct rct_table *t, size_t width)
{
	t->width = width;
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
	rct_text_list_free(t->codes[col], t->ncodes[col]);
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
			t->style[k] = t->style[c];
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
			rct_text_list_free(t->codes[c], t->ncodes[c]);
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
		if (rct_text_control_find(s, strlen(s), 0, &cp) < 0)
			continue;
		copy = NULL;
		if ((fp = open_memstream(&copy, &len)) == NULL)
			continue;
		rct_text_visible_write(fp, s);
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

/* A cell as a double: 0 when it is empty or not a number. */
static int
cell_number(const char *s, double *x)
{
	char *end;

	if (*s == '\0')
		return 0;
	*x = strtod(s, &end);
	return *end == '\0';
}

/*
 * R's formatReal (src/main/format.c, with scipen 0) over the finite
 * numbers among the n cells cells[0], cells[stride], ...: each value
 * needs nsig <= digits significant digits and has the power of ten kp
 * (both read off its %.*e form, which rounds as printf does); in fixed
 * notation the column gets the most decimals any value needs, max(0,
 * nsig - kp - 1), in scientific notation the most significant digits;
 * fixed unless it is wider.  A p-value below 0.001 is <0.001 and takes
 * no part.  Cells that are not finite numbers stay as they are.  Each
 * cell replaced is a new string; the caller frees both kinds alike
 * (shown_free()).
 */
static void
round_column(char **cells, size_t stride, size_t n, int digits, int pvalue)
{
	char buf[64], *e;
	size_t i, nsig, mxns = 1, mxsl = 1;
	long kp, rgt = 0, wide_exp = 0;
	int neg = 0, any = 0, fixed;
	double x;

	for (i = 0; i < n; i++) {
		if (!cell_number(cells[i * stride], &x) || !isfinite(x) ||
		    (pvalue && x < 0.001))
			continue;
		any = 1;
		snprintf(buf, sizeof(buf), "%.*e", digits - 1, x);
		if ((e = strchr(buf, 'e')) == NULL)
			continue;
		kp = strtol(e + 1, NULL, 10);
		for (nsig = (size_t)digits; nsig > 1 && e[-1] == '0'; nsig--)
			e--;
		neg |= x < 0;
		if ((long)nsig - kp - 1 > rgt)
			rgt = (long)nsig - kp - 1;
		if (kp >= 0 && (size_t)kp + 1 > mxsl)
			mxsl = (size_t)kp + 1;
		if (nsig > mxns)
			mxns = nsig;
		wide_exp |= kp >= 100 || kp <= -100;
	}
	/* Widths: sign, digits left of the point, the point and decimals. */
	fixed = !any ||
	    (long)neg + (long)mxsl + (rgt ? rgt + 1 : 0) <=
		(long)neg + (mxns > 1 ? (long)mxns + 1 : 1) + 4 + wide_exp;
	for (i = 0; i < n; i++) {
		char **c = &cells[i * stride], *out;

		if (!cell_number(*c, &x) || !isfinite(x))
			continue;
		if (pvalue && x < 0.001)
			snprintf(buf, sizeof(buf), "<0.001");
		else if (fixed)
			snprintf(buf, sizeof(buf), "%.*f", (int)rgt, x);
		else
			snprintf(buf, sizeof(buf), "%.*e", (int)mxns - 1, x);
		if ((out = strdup(buf)) != NULL)
			*c = out;
	}
}

/*
 * The cells of the table format (visible: control characters shown) and
 * of md (as they are, md_cell() escapes them), rounded.
 */
static char **
display_cells(const struct rct_table *t, int visible)
{
	size_t c, i, n = (t->nrows + 1) * t->ncols;
	char **shown =
	    visible ? shown_cells(t) : calloc(n ? n : 1, sizeof(char *));

	for (i = 0; !visible && shown && i < n; i++)
		shown[i] = i < t->ncols ? t->names[i] : t->cells[i - t->ncols];
	for (c = 0; shown && c < t->ncols; c++)
		if (t->style[c] & STYLE_ROUNDED)
			round_column(shown + t->ncols + c, t->ncols, t->nrows,
			    t->digits, (t->style[c] & STYLE_PVALUE) != 0);
	return shown;
}

/* Bytes from a rounded cell's decimal point (or its e) to its end. */
static size_t
fraction(const char *s)
{
	const char *p = strpbrk(s, ".e");

	return p ? strlen(p) : 0;
}

/*
 * Rows of the text table over the columns cols; with trim (a table of
 * rounded columns) a line ends at its last character that is not blank.
 */
static void
print_panel(const struct rct_table *t, FILE *fp, char **shown,
    const size_t *cols, size_t n, const size_t *w, const size_t *frac, int trim)
{
	size_t r, k, f, len;
	char *line = NULL;
	FILE *out = fp;

	for (r = 0; r <= t->nrows; r++) {
		if (trim && (out = open_memstream(&line, &len)) == NULL)
			out = fp;
		for (k = 0; k < n; k++) {
			size_t c = cols[k];
			const char *s = shown[r * t->ncols + c];
			size_t gap = w[c] - width(s);

			if (k > 0)
				fputs("  ", out);
			if (r > 0 && (t->style[c] & STYLE_ROUNDED)) {
				/* Decimal points aligned. */
				f = fraction(s);
				f = f < frac[c] ? frac[c] - f : 0;
				pad(out, gap - f);
				fputs(s, out);
				pad(out, f);
			} else if (t->numeric[c]) {
				pad(out, gap);
				fputs(s, out);
			} else {
				fputs(s, out);
				if (k + 1 < n)
					pad(out, gap);
			}
		}
		if (out != fp && fclose(out) == 0 && line) {
			len = strlen(line);
			while (len > 0 && line[len - 1] == ' ')
				len--;
			fwrite(line, 1, len, fp);
		}
		if (out != fp) {
			free(line);
			line = NULL;
		}
		fputc('\n', fp);
	}
}

/*
 * The text table: the columns that are not details, wrapped into panels
 * of t->width columns (when set) with the first column in each.
 */
static void
print_text(const struct rct_table *t, FILE *fp)
{
	size_t *w, *frac, *cols, *panel, r, c, n = 0, np, total, k;
	char **shown = display_cells(t, 1);
	int trim = 0;

	for (c = 0; c < t->ncols; c++)
		trim |= (t->style[c] & STYLE_ROUNDED) != 0;
	w = calloc(t->ncols + 1, sizeof(*w));
	frac = calloc(t->ncols + 1, sizeof(*frac));
	cols = calloc(t->ncols + 1, sizeof(*cols));
	panel = calloc(t->ncols + 1, sizeof(*panel));
	if (shown == NULL || !w || !frac || !cols || !panel)
		goto out;
	for (c = 0; c < t->ncols; c++) {
		size_t left = 0;

		if (t->style[c] & STYLE_DETAIL)
			continue;
		cols[n++] = c;
		for (r = 1; r <= t->nrows; r++) {
			const char *s = shown[r * t->ncols + c];

			if (t->style[c] & STYLE_ROUNDED) {
				size_t f = fraction(s);

				if (f > frac[c])
					frac[c] = f;
				if (width(s) - f > left)
					left = width(s) - f;
			}
			if (width(s) > w[c])
				w[c] = width(s);
		}
		if (left + frac[c] > w[c])
			w[c] = left + frac[c];
		if (width(shown[c]) > w[c])
			w[c] = width(shown[c]);
	}
	if (n == 0) {
		print_panel(t, fp, shown, cols, 0, w, frac, trim);
		goto out;
	}
	/* Each panel: the first column, then as many as fit (one at least). */
	for (k = 1;;) {
		np = 0;
		panel[np++] = cols[0];
		total = w[cols[0]];
		while (k < n &&
		    (np == 1 || t->width == 0 ||
			total + 2 + w[cols[k]] <= t->width)) {
			total += 2 + w[cols[k]];
			panel[np++] = cols[k++];
		}
		print_panel(t, fp, shown, panel, np, w, frac, trim);
		if (k >= n)
			break;
		fputc('\n', fp);
	}
out:
	free(w);
	free(frac);
	free(cols);
	free(panel);
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
	char **shown = display_cells(t, 0);
	size_t r, c;

	if (shown == NULL)
		return;
	for (c = 0; c < t->ncols; c++) {
		if (t->style[c] & STYLE_DETAIL)
			continue;
		fputs("| ", fp);
		md_cell(fp, t->names[c]);
		fputc(' ', fp);
	}
	fputs("|\n", fp);
	for (c = 0; c < t->ncols; c++)
		if (!(t->style[c] & STYLE_DETAIL))
			fputs(t->numeric[c] ? "|---:" : "|:---", fp);
	fputs("|\n", fp);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (t->style[c] & STYLE_DETAIL)
				continue;
			fputs("| ", fp);
			md_cell(fp, shown[(r + 1) * t->ncols + c]);
			fputc(' ', fp);
		}
		fputs("|\n", fp);
	}
	shown_free(t, shown);
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
	return n && rct_text_utf8_valid((const char *)p, n) ? n : 0;
}

void
rct_table_html_write(FILE *fp, const char *s)
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
		rct_table_html_write(fp, s);
		return;
	}
	if (fabs(x) >= 100)
		snprintf(shown, sizeof(shown), "%.1f", x);
	else if (fabs(x) >= 0.01 || x == 0)
		snprintf(shown, sizeof(shown), "%.4f", x);
	else
		snprintf(shown, sizeof(shown), "%.2e", x);
	fputs(" title=\"", fp);
	rct_table_html_write(fp, s);
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
		rct_table_html_write(fp, t->names[c]);
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
				rct_table_html_write(fp,
				    t->cells[r * t->ncols + c]);
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
rct_table_format_parse(const char *name, enum rct_format *out)
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
rct_table_format_parse_file(const char *name, enum rct_format *out)
{
	if (strcmp(name, "dta") == 0)
		*out = RCT_FORMAT_DTA;
	else if (strcmp(name, "sav") == 0)
		*out = RCT_FORMAT_SAV;
	else if (strcmp(name, "xlsx") == 0)
		*out = RCT_FORMAT_XLSX;
	else
		return rct_table_format_parse(name, out);
	return 0;
}

int
rct_table_format_binary(enum rct_format fmt)
{
	return fmt == RCT_FORMAT_DTA || fmt == RCT_FORMAT_SAV ||
	    fmt == RCT_FORMAT_XLSX;
}
