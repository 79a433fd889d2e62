/* Files written whole or not at all (outfile.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "outfile.h"

int
rct_outfile_open(struct rct_outfile *o, const char *path)
{
	size_t n = strlen(path);

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	if ((o->path = strdup(path)) == NULL ||
	    (o->tmp = malloc(n + 8)) == NULL) {
		free(o->path);
		o->path = NULL;
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	memcpy(o->tmp, path, n);
	memcpy(o->tmp + n, ".XXXXXX", 8);
	/* mkstemp creates the file O_EXCL with mode 0600. */
	if ((o->fd = mkstemp(o->tmp)) < 0) {
		int e = errno;

		free(o->tmp);
		free(o->path);
		o->tmp = o->path = NULL;
		return rct_error(RCT_EIO,
		    "cannot create a file beside '%s': %s", path, strerror(e));
	}
	return 0;
}

int
rct_outfile_commit(struct rct_outfile *o)
{
	int rc = 0;

	if (o->fd >= 0 && (fsync(o->fd) != 0 || close(o->fd) != 0))
		rc = rct_error(RCT_EIO, "cannot write '%s': %s", o->path,
		    strerror(errno));
	o->fd = -1;
	if (rc == 0 && rename(o->tmp, o->path) != 0)
		rc = rct_error(RCT_EIO, "cannot write '%s': %s", o->path,
		    strerror(errno));
	if (rc != 0)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return rc;
}

void
rct_outfile_abort(struct rct_outfile *o)
{
	if (o->fd >= 0)
		close(o->fd);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	o->fd = -1;
}

int
rct_outfile_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		if ((n = write(fd, p + done, len - done)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}
