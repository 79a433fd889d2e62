/*
 * libFuzzer harness: the analysis --data reader (analysis/dataset.c, with
 * csvio's parallel reader) on arbitrary bytes, asking for three columns
 * of which one is read as categories, as analysis effects does.
 */
#include <stdint.h>
#include <stdio.h>

#include "dataset.h"
#include "error.h"
#include "fuzz_file.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"arm", "y", "x"};
	static const unsigned char cat[] = {1, 0, 0};
	struct rct_dataset *d = NULL;
	char path[64];

	if (fuzz_file(data, size, path) != 0)
		return 0;
	if (rct_dataset_read_csv(&d, path, names, cat, 3) == 0)
		rct_dataset_free(d);
	rct_error_clear();
	remove(path);
	return 0;
}
