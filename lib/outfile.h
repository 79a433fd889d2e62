/*
 * A file written whole or not at all: the data goes to a new file beside
 * the target (PATH.XXXXXX, mode 0600: exports hold personal data, if
 * pseudonymous), which is renamed over the target once complete, so a
 * failed export never leaves half a file, nor replaces a good one.
 */
#ifndef RCT_OUTFILE_H
#define RCT_OUTFILE_H

#include <stddef.h>

struct rct_outfile {
	char *path; /* the target */
	char *tmp; /* the file being written */
	int fd;
};

/* Create the temporary file beside path; RCT_EIO (recorded) on failure. */
int rct_outfile_open(struct rct_outfile *o, const char *path);

/* Sync, close and rename the file over its target. */
int rct_outfile_commit(struct rct_outfile *o);

/* Close and remove the temporary file (after a failure); o may be unused. */
void rct_outfile_abort(struct rct_outfile *o);

/*
 * Write len bytes of data to fd whole, again after a short write or an
 * interrupted one: 0, or -1 with errno set (nothing recorded).
 */
int rct_outfile_write_all(int fd, const void *data, size_t len);

#endif
