/*
 * Datasets (dataset.h).  A CSV file is read once with libcsv; a column
 * starts as numeric or categorical by its first value, and a numeric
 * column that later meets text is read again as categorical (rare: a
 * column of numbers with one code in it).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csvio.h"
#include "dataset.h"
#include "error.h"
#include "intern.h"
#include "parallel.h"
#include "text.h"

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Make the column categorical with the interned levels, sorted, codes
 * renumbered to match.
 */
static int
finish_levels(struct rct_column *c, struct rct_intern *in, size_t n)
{
	int32_t *map;
	char **sorted;
	size_t i;

	map = calloc(in->n + 1, sizeof(*map));
	sorted = calloc(in->n + 1, sizeof(*sorted));
	if (map == NULL || sorted == NULL) {
		free(map);
		free(sorted);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	if (in->n > 0) { /* names is NULL while nothing is interned */
		memcpy(sorted, in->names, in->n * sizeof(char *));
		qsort(sorted, in->n, sizeof(char *), by_name);
	}
	for (i = 0; i < in->n; i++) {
		char **at = bsearch(&in->names[i], sorted, in->n,
		    sizeof(char *), by_name);

		map[i] = (int32_t)(at - sorted);
	}
	for (i = 0; i < n; i++)
		if (c->code[i] >= 0)
			c->code[i] = map[c->code[i]];
	c->levels = sorted;
	c->nlevels = in->n;
	c->kind = RCT_COLUMN_CATEGORY;
	free(map);
	rct_intern_release(in);
	return 0;
}

/*
 * The state of reading one column in one part of the file (parts are read
 * by several threads at once, csvio.h): the first value decides whether
 * the column is numeric or text, as a sequential read would decide.
 */
struct state {
	struct rct_intern in;
	int text_mode; /* interning from the start */
	int retry; /* met text after numbers */
	int seen; /* a value was seen */
	long first_text; /* first row that is not a number, or -1 */
};

struct reader {
	struct rct_dataset *d;
	const char *const *names;
	const unsigned char *categorical;
	size_t nnames;
	long *field; /* per wanted column: field index, or -1 */
	size_t ncols_file;
	struct state *st; /* parts x nnames */
	int parts;
	size_t first[RCT_PARALLEL_MAX + 1]; /* first record of each part */
	int pass; /* 1, or 2 for the columns to read again */
};

static int
read_header(struct reader *r, const struct rct_csv_row *row)
{
	size_t i, f;
	int bad = 0;

	r->ncols_file = row->nfields;
	r->d->header_line = row->line;
	for (i = 0; i < r->nnames; i++) {
		r->field[i] = -1;
		for (f = 0; f < row->nfields; f++)
			if (strcmp(row->fields[f], r->names[i]) == 0)
				r->field[i] = (long)f;
		if (r->field[i] < 0)
			bad += rct_error_at(RCT_EINVAL, r->d->source, row->line,
				   0, "column '%s' is not in the header",
				   r->names[i]) != 0;
		r->d->cols[i].csv_column = r->field[i] + 1;
	}
	return bad ? RCT_EINVAL : 0;
}

static void
states_free(struct reader *r)
{
	size_t i;

	for (i = 0; r->st && i < (size_t)r->parts * r->nnames; i++) {
		rct_intern_release_all(&r->st[i].in);
	}
	free(r->st);
	r->st = NULL;
}

/* Before the rows: room for all of them, and a state per part. */
static int
begin(void *arg, size_t records, int parts, const size_t *first)
{
	struct reader *r = arg;
	struct rct_dataset *d = r->d;
	size_t n = records ? records - 1 : 0, c, i;
	int p;

	if (records == 0)
		return rct_error_at(RCT_EINVAL, d->source, 0, 0,
		    "the file is empty, expected a header row");
	if (r->pass == 2)
		return 0;
	r->parts = parts;
	memcpy(r->first, first, ((size_t)parts + 1) * sizeof(size_t));
	/* Memory a column does not use stays untouched (read_row). */
	if ((d->line = malloc((n + 1) * sizeof(long))) == NULL ||
	    (r->st = calloc((size_t)parts * r->nnames + 1, sizeof(*r->st))) ==
		NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (c = 0; c < d->ncols; c++)
		if ((d->cols[c].num = malloc((n + 1) * sizeof(double))) ==
			NULL ||
		    (d->cols[c].code = malloc((n + 1) * sizeof(int32_t))) ==
			NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
	for (p = 0; p < parts; p++)
		for (i = 0; i < r->nnames; i++) {
			struct state *st = &r->st[(size_t)p * r->nnames + i];

			st->text_mode = r->categorical && r->categorical[i];
			st->first_text = -1;
		}
	d->n = n;
	return 0;
}

static int
read_row(void *arg, const struct rct_csv_row *row)
{
	struct reader *r = arg;
	struct rct_dataset *d = r->d;
	struct state *st;
	char point[64];
	size_t i, k;
	double x;
	int code;

	if (row->record == 0)
		return r->pass == 1 ? read_header(r, row) : 0;
	k = row->record - 1;
	if (k >= d->n)
		return rct_error_at(RCT_EINVAL, d->source, row->line, 0,
		    "more records than counted: malformed CSV, expected "
		    "RFC 4180 quoting");
	if (row->nfields != r->ncols_file)
		return rct_error_at(RCT_EINVAL, d->source, row->line,
		    (long)(row->nfields < r->ncols_file ? row->nfields :
							  r->ncols_file) +
			1,
		    "row has %zu fields, expected %zu as in the header",
		    row->nfields, r->ncols_file);
	st = r->st + (size_t)row->part * r->nnames;
	if (r->pass == 2) {
		/* Only the columns that met text after numbers. */
		for (i = 0; i < r->nnames; i++) {
			const char *v = row->fields[r->field[i]];

			if (!st[i].retry)
				continue;
			code = *v ? rct_intern(&st[i].in, v) : -1;
			if (*v && code < 0)
				return rct_error(RCT_ENOMEM, "out of memory");
			d->cols[i].code[k] = code;
		}
		return 0;
	}
	d->line[k] = row->line;
	for (i = 0; i < r->nnames; i++, st++) {
		struct rct_column *c = &d->cols[i];
		const char *v = row->fields[r->field[i]];

		/*
		 * A numeric column's codes are never read, nor a categorical
		 * one's numbers: leaving them unwritten leaves their memory
		 * untouched (a numeric column that meets text later gets all
		 * its codes in pass 2).
		 */
		if (!st->text_mode)
			c->num[k] = NAN;
		if (st->text_mode || !st->seen)
			c->code[k] = -1;
		if (*v == '\0')
			continue;
		if (!st->text_mode && !st->retry &&
		    rct_text_parse_double(row->semicolon ?
			    rct_text_decimal_comma(v, point, sizeof(point)) :
			    v,
			&x) == 0) {
			c->num[k] = x;
			st->seen = 1;
			continue;
		}
		if (st->first_text < 0)
			st->first_text = (long)k;
		/* The first value decides; text after numbers needs pass 2. */
		if (!st->seen)
			st->text_mode = 1;
		else if (!st->text_mode)
			st->retry = 1;
		st->seen = 1;
		if (st->text_mode) {
			if ((code = rct_intern(&st->in, v)) < 0)
				return rct_error(RCT_ENOMEM, "out of memory");
			c->code[k] = code;
		}
	}
	return 0;
}

/*
 * Column i as a sequential read would have left it, into part 0's state:
 * decided by the first part that saw a value; a part that disagrees means
 * text after numbers (pass 2).  Text codes of later parts are renumbered
 * into part 0's interned names.
 */
static int
merge_parts(struct reader *r, size_t i)
{
	struct state *s0 = &r->st[i], *sp, *decider = NULL;
	int32_t *code = r->d->cols[i].code, *map;
	size_t row, j;
	int p;

	for (p = 0; p < r->parts; p++) {
		sp = &r->st[(size_t)p * r->nnames + i];
		if (sp->first_text >= 0 &&
		    (s0->first_text < 0 || sp->first_text < s0->first_text))
			s0->first_text = sp->first_text;
		if (!sp->seen)
			continue;
		if (decider == NULL)
			decider = sp;
		if (sp->retry || sp->text_mode != decider->text_mode)
			s0->retry = 1;
	}
	if (decider != NULL)
		s0->text_mode = decider->text_mode;
	s0->seen = decider != NULL;
	for (p = 1; p < r->parts && s0->text_mode && !s0->retry; p++) {
		sp = &r->st[(size_t)p * r->nnames + i];
		if ((map = malloc((sp->in.n + 1) * sizeof(*map))) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		for (j = 0; j < sp->in.n; j++)
			if ((map[j] = rct_intern(&s0->in, sp->in.names[j])) <
			    0) {
				free(map);
				return rct_error(RCT_ENOMEM, "out of memory");
			}
		for (row = r->first[p] - 1; row < r->first[p + 1] - 1; row++)
			if (code[row] >= 0)
				code[row] = map[code[row]];
		free(map);
	}
	if (s0->retry) {
		/* Pass 2 interns the whole column afresh. */
		rct_intern_release_all(&s0->in);
	}
	return 0;
}

static struct rct_dataset *
rct_dataset_new(const char *source, size_t n)
{
	struct rct_dataset *d = calloc(1, sizeof(*d));

	if (d == NULL || (d->source = strdup(source)) == NULL ||
	    (d->line = calloc(n + 1, sizeof(long))) == NULL) {
		rct_dataset_free(d);
		return NULL;
	}
	d->n = n;
	return d;
}

static int
add_columns(struct rct_dataset *d, const char *const *names, size_t n)
{
	size_t i;

	if ((d->cols = calloc(n + 1, sizeof(*d->cols))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	d->ncols = n;
	for (i = 0; i < n; i++) {
		d->cols[i].first_text_row = -1;
		if ((d->cols[i].name = strdup(names[i])) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
	}
	return 0;
}

int
rct_dataset_read_csv(struct rct_dataset **out, const char *path,
    const char *const *names, const unsigned char *categorical, size_t nnames)
{
	struct reader r;
	size_t i;
	int rc, again = 0;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	if ((r.d = rct_dataset_new(path, 0)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	free(r.d->line);
	r.d->line = NULL;
	r.names = names;
	r.categorical = categorical;
	r.nnames = nnames;
	r.field = calloc(nnames + 1, sizeof(long));
	if (r.field == NULL || (rc = add_columns(r.d, names, nnames)) != 0) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	r.pass = 1;
	if ((rc = rct_csv_read_parallel_opts(path, rct_parallel_parts(), begin,
		 read_row, &r, RCT_CSV_SEMICOLON)) != 0)
		goto out;
	for (i = 0; i < nnames; i++) {
		if ((rc = merge_parts(&r, i)) != 0)
			goto out;
		again |= r.st[i].retry;
		r.d->cols[i].first_text_row = r.st[i].first_text;
	}
	if (again) {
		/* Rare, and read as one part: pass 2 uses part 0's state. */
		r.pass = 2;
		if ((rc = rct_csv_read_opts(path, read_row, &r, NULL,
			 RCT_CSV_SEMICOLON)) != 0)
			goto out;
	}
	for (i = 0; i < nnames; i++)
		if ((r.st[i].text_mode || r.st[i].retry) &&
		    (rc = finish_levels(&r.d->cols[i], &r.st[i].in, r.d->n)) !=
			0)
			goto out;
	*out = r.d;
	r.d = NULL;
out:
	states_free(&r);
	free(r.field);
	rct_dataset_free(r.d);
	return rc;
}

struct rct_dataset_builder {
	struct rct_dataset *d;
	struct rct_intern *in; /* per column */
	unsigned char *categorical;
	size_t cap;
};

void
rct_dataset_build_free(struct rct_dataset_builder *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; b->in && b->d && i < b->d->ncols; i++) {
		rct_intern_release_all(&b->in[i]);
	}
	free(b->in);
	free(b->categorical);
	rct_dataset_free(b->d);
	free(b);
}

int
rct_dataset_build_begin(struct rct_dataset_builder **out, const char *source,
    const char *const *names, const unsigned char *categorical, size_t n)
{
	struct rct_dataset_builder *b = calloc(1, sizeof(*b));
	size_t i;

	*out = NULL;
	if (b == NULL || (b->d = rct_dataset_new(source, 0)) == NULL ||
	    (b->in = calloc(n + 1, sizeof(*b->in))) == NULL ||
	    (b->categorical = calloc(n + 1, 1)) == NULL ||
	    add_columns(b->d, names, n) != 0) {
		rct_dataset_build_free(b);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		b->categorical[i] = categorical ? categorical[i] : 0;
		b->d->cols[i].kind =
		    b->categorical[i] ? RCT_COLUMN_CATEGORY : RCT_COLUMN_NUMBER;
	}
	*out = b;
	return 0;
}

int
rct_dataset_build_row(struct rct_dataset_builder *b, const char *const *values,
    long line)
{
	struct rct_dataset *d = b->d;
	size_t c, k = d->n;
	void *p;
	double x;

	if (k == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 1024;
		if ((p = realloc(d->line, b->cap * sizeof(long))) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		d->line = p;
		for (c = 0; c < d->ncols; c++) {
			if ((p = realloc(d->cols[c].num,
				 b->cap * sizeof(double))) == NULL)
				return rct_error(RCT_ENOMEM, "out of memory");
			d->cols[c].num = p;
			if ((p = realloc(d->cols[c].code,
				 b->cap * sizeof(int32_t))) == NULL)
				return rct_error(RCT_ENOMEM, "out of memory");
			d->cols[c].code = p;
		}
	}
	d->line[k] = line;
	for (c = 0; c < d->ncols; c++) {
		struct rct_column *col = &d->cols[c];
		const char *v = values[c];

		col->num[k] = NAN;
		col->code[k] = -1;
		if (v == NULL || *v == '\0')
			continue;
		if (b->categorical[c]) {
			if ((col->code[k] = rct_intern(&b->in[c], v)) < 0)
				return rct_error(RCT_ENOMEM, "out of memory");
		} else if (rct_text_parse_double(v, &x) == 0)
			col->num[k] = x;
		else
			return rct_error(RCT_EINVAL,
			    "%s: '%s' is not a number, expected a number "
			    "for %s",
			    d->source, v, col->name);
	}
	d->n++;
	return 0;
}

int
rct_dataset_build_end(struct rct_dataset_builder *b, struct rct_dataset **out)
{
	size_t c;
	int rc = 0;

	*out = NULL;
	for (c = 0; c < b->d->ncols && rc == 0; c++)
		if (b->categorical[c])
			rc = finish_levels(&b->d->cols[c], &b->in[c], b->d->n);
	if (rc == 0) {
		*out = b->d;
		b->d = NULL;
	}
	rct_dataset_build_free(b);
	return rc;
}

void
rct_dataset_free(struct rct_dataset *d)
{
	size_t i, k;

	if (d == NULL)
		return;
	for (i = 0; i < d->ncols; i++) {
		struct rct_column *c = &d->cols[i];

		for (k = 0; k < c->nlevels && c->levels; k++)
			free(c->levels[k]);
		free(c->levels);
		free(c->name);
		free(c->num);
		free(c->code);
	}
	free(d->cols);
	free(d->line);
	free(d->source);
	free(d);
}

struct rct_column *
rct_dataset_column(struct rct_dataset *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->ncols; i++)
		if (strcmp(d->cols[i].name, name) == 0)
			return &d->cols[i];
	return NULL;
}

int
rct_dataset_require_number(const struct rct_dataset *d,
    const struct rct_column *c)
{
	long row = c->first_text_row;

	if (c->kind == RCT_COLUMN_NUMBER)
		return 0;
	return rct_error_at(RCT_EINVAL, d->source, d->line[row], c->csv_column,
	    "'%s' is not a number, expected a number for %s",
	    c->levels[c->code[row]], c->name);
}

int
rct_dataset_column_mixed(const struct rct_column *c)
{
	size_t i, numbers = 0;
	double x;

	if (c->kind != RCT_COLUMN_CATEGORY)
		return 0;
	for (i = 0; i < c->nlevels; i++)
		numbers += rct_text_parse_double(c->levels[i], &x) == 0;
	return numbers > 0 && numbers < c->nlevels;
}

int
rct_dataset_column_level(const struct rct_column *c, const char *level)
{
	size_t i;

	for (i = 0; i < c->nlevels; i++)
		if (strcmp(c->levels[i], level) == 0)
			return (int)i;
	return -1;
}
