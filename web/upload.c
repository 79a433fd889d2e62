/*
 * Register uploads (upload.h): the CSV is read from memory (fmemopen), so
 * its identity numbers never touch a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "error.h"
#include "register.h"
#include "upload.h"

struct import {
	const char *file;
	const char *site;
	struct rct_csv_header header;
	const char **values;
	struct rct_register *reg;
	long bad_rows;
};

static int
row(void *arg, const struct rct_csv_row *row)
{
	struct import *im = arg;
	struct rct_row_where where;
	const char *site;
	int rc;

	if (im->header.line == 0)
		return rct_csv_header_read(&im->header, im->file, row);
	if (rct_csv_header_map(&im->header, im->file, row, im->values) != 0)
		return 0; /* recorded and counted; go on */
	where.file = im->file;
	where.line = row->line;
	where.columns = im->header.columns;
	where.decimal_comma = im->header.semicolon;
	site = im->values[RCT_FIELD_SITE];
	if (site && strcmp(site, im->site) != 0) {
		rct_register_row_error(&where, RCT_FIELD_SITE,
		    "site '%s' is not the site of this upload, %s", site,
		    im->site);
		im->bad_rows++;
		return 0;
	}
	rc = rct_register_add(im->reg, im->values, &where, NULL);
	return rc == RCT_EINVAL || rc >= 0 ? 0 : rc;
}

static const char *
safe_name(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 100 ||
	    strspn(name,
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		"0123456789._ -") != n)
		return "register.csv";
	return name;
}

int
web_upload_import(struct rct_store *s, const char *site, const char *name,
    const char *data, size_t len, struct web_upload_result *res)
{
	struct rct_register_stats stats;
	struct import im;
	const char **names = NULL;
	unsigned char *optional = NULL;
	FILE *fp = NULL;
	size_t i, n;
	int rc;

	memset(&im, 0, sizeof(im));
	memset(res, 0, sizeof(*res));
	im.file = safe_name(name);
	im.site = site;
	if (len == 0)
		return rct_error(RCT_EINVAL, "%s: the file is empty", im.file);
	if ((rc = rct_register_begin(&im.reg, s, im.file, NULL)) != 0)
		return rc;
	n = rct_register_nfields(im.reg);
	names = calloc(n, sizeof(*names));
	optional = calloc(n, 1);
	im.values = calloc(n, sizeof(*im.values));
	if (names == NULL || optional == NULL || im.values == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		names[i] = rct_register_field_name(im.reg, i);
		optional[i] = rct_register_field_optional(im.reg, i);
	}
	if ((rc = rct_csv_header_init(&im.header, n, names, optional)) != 0)
		goto out;
	if ((fp = fmemopen((void *)data, len, "rb")) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	rc = rct_csv_read_fp(fp, im.file, row, &im, NULL, RCT_CSV_SEMICOLON);
	if (rc == 0 && im.header.line == 0)
		rc = rct_error_at(RCT_EINVAL, im.file, 0, 0,
		    "the file is empty, expected a header row");
	if (rc == 0)
		rc = rct_register_finish(im.reg,
		    im.bad_rows + im.header.bad_rows, &stats);
	if (rc == 0) {
		res->added = stats.added;
		res->unchanged = stats.unchanged;
	}
out:
	if (fp)
		fclose(fp);
	rct_csv_header_release(&im.header);
	free(im.values);
	free(names);
	free(optional);
	rct_register_free(im.reg);
	return rc;
}
