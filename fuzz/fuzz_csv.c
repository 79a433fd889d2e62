/*
 * libFuzzer harness: the CSV record reader (lib/csvio.c) that reads every
 * register and outcome file, on arbitrary bytes.
 */
#include <stdint.h>
#include <stdio.h>

#include "csvio.h"
#include "error.h"
#include "fuzz_file.h"

static int
row(void *arg, const struct rct_csv_row *r)
{
	size_t i, *n = arg;

	for (i = 0; i < r->nfields; i++)
		*n += r->fields[i][0] != '\0';
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	size_t n = 0;

	if (fuzz_file(data, size, path) != 0)
		return 0;
	(void)rct_csv_read(path, row, &n);
	rct_error_clear();
	remove(path);
	return 0;
}
