/*
 * Unit tests of analysis/dataset.c with lib/csvio.c's parallel reader:
 * files big enough to be split between threads must read exactly as a
 * single thread reads them, whatever falls at the split point.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "dataset.h"
#include "unit.h"

#define ROWS 80000 /* about 2 MB: split in two */

static const char *path = "test_dataset.csv";

static void
write_file(const struct rct_buf *b)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(b->data, 1, b->len, fp), b->len);
	fclose(fp);
}

/* Read columns with 1 and with 2 threads; both must succeed and agree. */
static struct rct_dataset *
read_both_ways(const char *const *names, const unsigned char *cat, size_t n)
{
	struct rct_dataset *one, *two;
	size_t c, i;

	setenv("RCT_THREADS", "1", 1);
	if (rct_dataset_read_csv(&one, path, names, cat, n) != 0)
		fail_msg("%s", unit_messages());
	setenv("RCT_THREADS", "2", 1);
	if (rct_dataset_read_csv(&two, path, names, cat, n) != 0)
		fail_msg("%s", unit_messages());
	assert_int_equal(one->n, two->n);
	for (c = 0; c < n; c++) {
		struct rct_column *a = &one->cols[c], *b = &two->cols[c];

		assert_int_equal(a->kind, b->kind);
		assert_int_equal(a->nlevels, b->nlevels);
		assert_int_equal(a->first_text_row, b->first_text_row);
		for (i = 0; i < a->nlevels; i++)
			assert_string_equal(a->levels[i], b->levels[i]);
		for (i = 0; i < one->n; i++) {
			assert_int_equal(one->line[i], two->line[i]);
			if (a->kind == RCT_COLUMN_CATEGORY)
				assert_int_equal(a->code[i], b->code[i]);
			else if (!(isnan(a->num[i]) && isnan(b->num[i])))
				assert_true(a->num[i] == b->num[i]);
		}
	}
	rct_dataset_free(one);
	return two;
}

/*
 * Levels that only occur in the second half, a code column that turns to
 * text there, blank lines, CRLF endings and a BOM.
 */
static void
test_dataset__parallel_read_matches_one_thread(void **state)
{
	static const char *const names[] = {"arm", "x", "site", "edu"};
	static const unsigned char cat[] = {1, 0, 1, 0};
	struct rct_buf b = RCT_BUF_INIT;
	struct rct_dataset *d;
	long i;

	(void)state;
	rct_buf_adds(&b, "\xef\xbb\xbfid,arm,x,site,edu\r\n");
	for (i = 0; i < ROWS; i++) {
		rct_buf_addf(&b, "%ld,%s,%ld.25,%s%ld,%s\r\n", i,
		    i % 3 ? "treatment" : "control", i % 1000,
		    i < ROWS / 2 ? "s" : "t", i % 7,
		    i == ROWS - 5 ? "unknown" : (i % 2 ? "1" : "2"));
		if (i % 10000 == 0)
			rct_buf_adds(&b, "\r\n");
	}
	write_file(&b);
	d = read_both_ways(names, cat, 4);
	assert_int_equal(d->n, ROWS);
	/* s0..s6 and t0..t6, sorted as R sorts factor levels (C locale). */
	assert_int_equal(d->cols[2].nlevels, 14);
	assert_string_equal(d->cols[2].levels[7], "t0");
	assert_int_equal(d->cols[2].code[ROWS - 1], 7 + (ROWS - 1) % 7);
	assert_int_equal(d->cols[0].code[0], 0); /* control */
	assert_true(d->cols[1].num[12345] == 345.25);
	/* The code column met text: categorical, "1", "2", "unknown". */
	assert_int_equal(d->cols[3].kind, RCT_COLUMN_CATEGORY);
	assert_int_equal(d->cols[3].nlevels, 3);
	assert_int_equal(d->cols[3].first_text_row, ROWS - 5);
	/* Line numbers count the header and the blank lines. */
	assert_int_equal(d->line[0], 2);
	assert_int_equal(d->line[ROWS - 1], ROWS + 1 + ROWS / 10000);
	rct_dataset_free(d);
	rct_buf_release(&b);
}

/*
 * A quoted field spanning the middle of the file, where the split falls:
 * as many equal rows before it as after it.
 */
static void
test_dataset__quoted_newline_at_the_split(void **state)
{
	static const char *const names[] = {"note", "x"};
	struct rct_buf b = RCT_BUF_INIT;
	struct rct_dataset *d;
	long i;
	int j;

	(void)state;
	rct_buf_adds(&b, "note,x,pad\n");
	for (i = 0; i < ROWS; i++) {
		if (i == ROWS / 2) {
			/* Many short lines inside one quoted field. */
			rct_buf_adds(&b, "\"a\n");
			for (j = 0; j < 300; j++)
				rct_buf_adds(&b, "\"\"q\"\"\n");
			rct_buf_adds(&b, "z\",1,p\n");
		}
		rct_buf_addf(&b, "n%ld,%06ld,padding-padding-padding\n", i % 5,
		    i);
	}
	write_file(&b);
	d = read_both_ways(names, NULL, 2);
	assert_int_equal(d->n, ROWS + 1);
	assert_int_equal(d->line[ROWS / 2], ROWS / 2 + 2);
	assert_int_equal(d->line[ROWS / 2 + 1], ROWS / 2 + 2 + 302);
	assert_true(d->cols[1].num[ROWS / 2] == 1);
	assert_true(d->cols[1].num[ROWS] == ROWS - 1);
	rct_dataset_free(d);
	rct_buf_release(&b);
}

/*
 * A bad row in the second half is named by its line; with bad rows in
 * both halves only the first is reported, as a sequential read stops
 * there.
 */
static void
test_dataset__errors_come_in_file_order(void **state)
{
	static const char *const names[] = {"x"};
	struct rct_buf b = RCT_BUF_INIT;
	struct rct_dataset *d = NULL;
	char where[64];
	long i, bad;

	(void)state;
	for (int twice = 0; twice < 2; twice++) {
		rct_buf_reset(&b);
		rct_buf_adds(&b, "x,y\n");
		for (i = 0; i < ROWS; i++)
			rct_buf_adds(&b,
			    i == ROWS - 100 || (twice && i == 100) ? "1\n" :
								     "1,2\n");
		write_file(&b);
		bad = twice ? 100 + 2 : ROWS - 100 + 2;
		setenv("RCT_THREADS", "2", 1);
		rct_error_clear();
		assert_int_equal(rct_dataset_read_csv(&d, path, names, NULL, 1),
		    RCT_EINVAL);
		assert_null(d);
		assert_int_equal(rct_error_count(), 1);
		snprintf(where, sizeof(where), "%s:%ld:2: row has 1 fields",
		    path, bad);
		assert_in_messages(where);
	}
	rct_error_clear();
	rct_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dataset__parallel_read_matches_one_thread),
	    cmocka_unit_test(test_dataset__quoted_newline_at_the_split),
	    cmocka_unit_test(test_dataset__errors_come_in_file_order),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	remove(path);
	return rc;
}
