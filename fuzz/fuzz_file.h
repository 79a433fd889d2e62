/* The fuzz input as a file, for readers that take a path. */
#ifndef FUZZ_FILE_H
#define FUZZ_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

/* Write data to a private temporary file; its path goes to path. */
static inline int
fuzz_file(const uint8_t *data, size_t size, char path[64])
{
	FILE *fp;

	snprintf(path, 64, "/tmp/rct-fuzz-%ld.csv", (long)getpid());
	if ((fp = fopen(path, "wb")) == NULL)
		return -1;
	if (size && fwrite(data, 1, size, fp) != size) {
		fclose(fp);
		return -1;
	}
	return fclose(fp);
}

#endif
