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
#include "text.h"

/* Interned strings of a categorical column, by hash. */
struct intern {
	char **names; /* code -> name, in first-seen order */
	size_t n, cap;
	int32_t *slots; /* open addressing: code + 1, 0 empty */
	size_t nslots;
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int
intern(struct intern *in, const char *s)
{
	size_t i, j;
	char **grown;
	int32_t *slots;

	if (2 * (in->n + 1) > in->nslots) {
		size_t cap = in->nslots ? 2 * in->nslots : 64;

		if ((slots = calloc(cap, sizeof(*slots))) == NULL)
			return -1;
		for (j = 0; j < in->n; j++) {
			for (i = hash(in->names[j]) & (cap - 1); slots[i];
			     i = (i + 1) & (cap - 1))
				;
			slots[i] = (int32_t)j + 1;
		}
		free(in->slots);
		in->slots = slots;
		in->nslots = cap;
	}
	for (i = hash(s) & (in->nslots - 1); in->slots[i];
	     i = (i + 1) & (in->nslots - 1))
		if (strcmp(in->names[in->slots[i] - 1], s) == 0)
			return in->slots[i] - 1;
	if (in->n == in->cap) {
		in->cap = in->cap ? 2 * in->cap : 16;
		if ((grown = realloc(in->names, in->cap * sizeof(*grown))) ==
		    NULL)
			return -1;
		in->names = grown;
	}
	if ((in->names[in->n] = strdup(s)) == NULL)
		return -1;
	in->slots[i] = (int32_t)in->n + 1;
	return (int)in->n++;
}

static void
intern_free(struct intern *in)
{
	free(in->slots);
	free(in->names); /* the strings move to the column */
	memset(in, 0, sizeof(*in));
}

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
finish_levels(struct rct_column *c, struct intern *in, size_t n)
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
	memcpy(sorted, in->names, in->n * sizeof(char *));
	qsort(sorted, in->n, sizeof(char *), by_name);
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
	intern_free(in);
	return 0;
}

struct reader {
	struct rct_dataset *d;
	const char *const *names;
	size_t nnames;
	long *field; /* per wanted column: field index, or -1 */
	size_t ncols_file;
	struct intern *interns;
	int *text_mode; /* per column: interning from the start */
	int *retry; /* per column: met text after numbers */
	int *seen; /* per column: a value was seen */
	int header_seen;
	size_t cap;
	int pass; /* 1, or 2 for the columns to read again */
};

static int
grow_rows(struct reader *r)
{
	struct rct_dataset *d = r->d;
	size_t cap = r->cap ? 2 * r->cap : 1024, c;
	long *line;
	void *p;

	if ((line = realloc(d->line, cap * sizeof(*line))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	d->line = line;
	for (c = 0; c < d->ncols; c++) {
		if ((p = realloc(d->cols[c].num, cap * sizeof(double))) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		d->cols[c].num = p;
		if ((p = realloc(d->cols[c].code, cap * sizeof(int32_t))) ==
		    NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		d->cols[c].code = p;
	}
	r->cap = cap;
	return 0;
}

static int
read_header(struct reader *r, const struct rct_csv_row *row)
{
	size_t i, f;
	int bad = 0;

	r->ncols_file = row->nfields;
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

static int
read_row(void *arg, const struct rct_csv_row *row)
{
	struct reader *r = arg;
	struct rct_dataset *d = r->d;
	size_t i, k;
	double x;
	int code;

	if (!r->header_seen) {
		r->header_seen = 1;
		return r->pass == 1 ? read_header(r, row) : 0;
	}
	if (row->nfields != r->ncols_file)
		return rct_error_at(RCT_EINVAL, d->source, row->line,
		    (long)(row->nfields < r->ncols_file ? row->nfields :
							  r->ncols_file) +
			1,
		    "row has %zu fields, expected %zu as in the header",
		    row->nfields, r->ncols_file);
	if (r->pass == 2) {
		/* Only the columns that met text after numbers. */
		for (i = 0; i < r->nnames; i++) {
			const char *v = row->fields[r->field[i]];

			if (!r->retry[i])
				continue;
			code = *v ? intern(&r->interns[i], v) : -1;
			if (*v && code < 0)
				return rct_error(RCT_ENOMEM, "out of memory");
			d->cols[i].code[d->n] = code;
		}
		d->n++;
		return 0;
	}
	if (d->n == r->cap && grow_rows(r) != 0)
		return RCT_ENOMEM;
	d->line[d->n] = row->line;
	for (i = 0; i < r->nnames; i++) {
		struct rct_column *c = &d->cols[i];
		const char *v = row->fields[r->field[i]];

		k = d->n;
		/*
		 * A numeric column's codes are never read, nor a categorical
		 * one's numbers: leaving them unwritten leaves their memory
		 * untouched (a numeric column that meets text later gets all
		 * its codes in pass 2).
		 */
		if (!r->text_mode[i])
			c->num[k] = NAN;
		if (r->text_mode[i] || !r->seen[i])
			c->code[k] = -1;
		if (*v == '\0')
			continue;
		if (!r->text_mode[i] && !r->retry[i] &&
		    rct_parse_double(v, &x) == 0) {
			c->num[k] = x;
			r->seen[i] = 1;
			continue;
		}
		if (c->first_text_row < 0)
			c->first_text_row = (long)k;
		/* The first value decides; text after numbers needs pass 2. */
		if (!r->seen[i])
			r->text_mode[i] = 1;
		else if (!r->text_mode[i])
			r->retry[i] = 1;
		r->seen[i] = 1;
		if (r->text_mode[i]) {
			if ((code = intern(&r->interns[i], v)) < 0)
				return rct_error(RCT_ENOMEM, "out of memory");
			c->code[k] = code;
		}
	}
	d->n++;
	return 0;
}

struct rct_dataset *
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
	r.names = names;
	r.nnames = nnames;
	r.field = calloc(nnames + 1, sizeof(long));
	r.interns = calloc(nnames + 1, sizeof(struct intern));
	r.text_mode = calloc(nnames + 1, sizeof(int));
	r.retry = calloc(nnames + 1, sizeof(int));
	r.seen = calloc(nnames + 1, sizeof(int));
	if (!r.field || !r.interns || !r.text_mode || !r.retry || !r.seen ||
	    (rc = add_columns(r.d, names, nnames)) != 0) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; categorical && i < nnames; i++)
		r.text_mode[i] = categorical[i];
	r.pass = 1;
	if ((rc = rct_csv_read(path, read_row, &r)) != 0)
		goto out;
	if (r.ncols_file == 0) {
		rc = rct_error_at(RCT_EINVAL, path, 0, 0,
		    "the file is empty, "
		    "expected a header row");
		goto out;
	}
	for (i = 0; i < nnames; i++)
		again |= r.retry[i];
	if (again) {
		size_t n = r.d->n;

		r.d->n = 0;
		r.pass = 2;
		r.header_seen = 0;
		rc = rct_csv_read(path, read_row, &r);
		r.d->n = n;
		if (rc != 0)
			goto out;
	}
	for (i = 0; i < nnames; i++)
		if ((r.text_mode[i] || r.retry[i]) &&
		    (rc = finish_levels(&r.d->cols[i], &r.interns[i],
			 r.d->n)) != 0)
			goto out;
	*out = r.d;
	r.d = NULL;
out:
	for (i = 0; r.interns && i < nnames; i++) {
		size_t k;

		for (k = 0; k < r.interns[i].n; k++)
			free(r.interns[i].names[k]);
		intern_free(&r.interns[i]);
	}
	free(r.field);
	free(r.interns);
	free(r.text_mode);
	free(r.retry);
	free(r.seen);
	rct_dataset_free(r.d);
	return rc;
}

int
rct_dataset_add_strings(struct rct_dataset *d, const char *name,
    const char *const *values)
{
	struct rct_column *c, *grown;
	struct intern in;
	size_t i;
	double x;
	int numeric = 1, code;

	if ((grown = realloc(d->cols, (d->ncols + 1) * sizeof(*grown))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	d->cols = grown;
	c = &d->cols[d->ncols];
	memset(c, 0, sizeof(*c));
	c->first_text_row = -1;
	c->name = strdup(name);
	c->num = calloc(d->n + 1, sizeof(double));
	c->code = calloc(d->n + 1, sizeof(int32_t));
	if (c->name == NULL || c->num == NULL || c->code == NULL) {
		free(c->name);
		free(c->num);
		free(c->code);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	d->ncols++;
	for (i = 0; i < d->n; i++) {
		c->num[i] = NAN;
		c->code[i] = -1;
		if (values[i] == NULL || *values[i] == '\0')
			continue;
		if (rct_parse_double(values[i], &x) == 0)
			c->num[i] = x;
		else if (numeric) {
			numeric = 0;
			c->first_text_row = (long)i;
		}
	}
	if (numeric)
		return 0;
	memset(&in, 0, sizeof(in));
	for (i = 0; i < d->n; i++)
		if (values[i] && *values[i]) {
			if ((code = intern(&in, values[i])) < 0)
				return rct_error(RCT_ENOMEM, "out of memory");
			c->code[i] = code;
		}
	return finish_levels(c, &in, d->n);
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
rct_column_level(const struct rct_column *c, const char *level)
{
	size_t i;

	for (i = 0; i < c->nlevels; i++)
		if (strcmp(c->levels[i], level) == 0)
			return (int)i;
	return -1;
}
