/*
 * Runs a libFuzzer harness (fuzz/fuzz_*.c) without libFuzzer, once on each
 * file named, so that the seed corpus and every crash the fuzzers ever
 * found (tests/fuzz/regressions/) are checked by make test, with any
 * compiler and under the sanitizers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The whole file in a new buffer; NULL when it cannot be read. */
static uint8_t *
slurp(const char *path, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *data = NULL, *grown;
	size_t cap = 0;

	*size = 0;
	if (fp == NULL)
		return NULL;
	for (;;) {
		if (*size == cap) {
			cap = cap ? 2 * cap : 4096;
			if ((grown = realloc(data, cap)) == NULL) {
				free(data);
				fclose(fp);
				return NULL;
			}
			data = grown;
		}
		size_t got = fread(data + *size, 1, cap - *size, fp);

		if (got == 0)
			break;
		*size += got;
	}
	fclose(fp);
	return data;
}

int
main(int argc, char **argv)
{
	uint8_t *data;
	size_t size;
	int i;

	for (i = 1; i < argc; i++) {
		if ((data = slurp(argv[i], &size)) == NULL) {
			perror(argv[i]);
			return 2;
		}
		LLVMFuzzerTestOneInput(data, size);
		free(data);
		printf("ok %s\n", argv[i]);
	}
	return 0;
}
