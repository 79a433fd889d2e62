/*
 * Deferred sync of a store's commits (store.h, rct_store_defer_sync): a
 * server's writer commits one batch while the disk is still writing the
 * one before, and each response waits for the sync that covers what it
 * shows.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "store.h"
#include "store_internal.h"

int
rct_store_defer_sync(struct rct_store *s)
{
	int rc;

	if (s->defer_sync)
		return 0;
	if (s->memory)
		return 0; /* nothing on disk to wait for */
	if ((rc = rct_store_exec(s, "PRAGMA synchronous = NORMAL")) != 0)
		return rc;
	s->wal_fd = -1;
	s->defer_sync = 1;
	return 0;
}

/* The handle's end, for rct_store_close(). */
void
rct_store_sync_close(struct rct_store *s)
{
	if (!s->defer_sync)
		return;
	if (s->wal_fd >= 0)
		close(s->wal_fd);
	s->defer_sync = 0;
}

uint64_t
rct_store_commits_begun(struct rct_store *s)
{
	return atomic_load(&s->sync_begun);
}

/*
 * fdatasync the WAL through a descriptor kept from the first sync, opened
 * again should the file have been removed (a last connection's close
 * removes it); the first time also the directory, which holds the WAL's
 * name.  0; a positive errno when a flush failed (what is on disk is then
 * unknown); a negative one when a file would not open (nothing is known
 * lost: that sync fails alone).
 */
static int
sync_wal(struct rct_store *s)
{
	char wal[4096 + 8], dir[4096];
	struct stat st;
	int fd, err = 0;

	if (s->wal_fd >= 0 &&
	    (fstat(s->wal_fd, &st) != 0 || st.st_nlink == 0)) {
		close(s->wal_fd);
		s->wal_fd = -1;
	}
	if (s->wal_fd < 0) {
		snprintf(wal, sizeof(wal), "%s-wal", s->path);
		if ((s->wal_fd = open(wal, O_RDONLY | O_CLOEXEC)) < 0)
			return errno == ENOENT ? 0 : -errno; /* none: all in */
	}
	if (fdatasync(s->wal_fd) != 0)
		return errno;
	if (!s->dir_synced) {
		snprintf(dir, sizeof(dir), "%s", s->path);
		if ((fd = open(dirname(dir),
			 O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
			return -errno;
		if (fsync(fd) != 0)
			err = errno;
		close(fd);
		if (err == 0)
			s->dir_synced = 1;
	}
	return err;
}

/*
 * One sync by the thread that won s->syncing: what ended before it began
 * is on disk after it.  0, or a positive errno that only this caller
 * reports (a log that would not open: nothing is known lost).
 */
static int
sync_once(struct rct_store *s)
{
	uint64_t ended = atomic_load(&s->sync_ended), was;
	int err = sync_wal(s);

	if (err > 0)
		atomic_store(&s->sync_failed, err);
	else if (err == 0) {
		was = atomic_load(&s->sync_durable);
		while (was < ended &&
		    !atomic_compare_exchange_weak(&s->sync_durable, &was,
			ended))
			;
	}
	atomic_store(&s->syncing, 0);
	rct_wake_all(&s->sync_wake);
	return err < 0 ? -err : 0;
}

int
rct_store_sync(struct rct_store *s, uint64_t upto)
{
	int err = 0, unopened = 0, idle;
	uint32_t seen;

	if (!s->defer_sync)
		return 0;
	rct_wake_enter(&s->sync_wake);
	for (;;) {
		seen = rct_wake_word(&s->sync_wake);
		if ((err = atomic_load(&s->sync_failed)) != 0 ||
		    atomic_load(&s->sync_durable) >= upto)
			break;
		idle = 0;
		/*
		 * Once the commit has ended, the first to find no sync
		 * under way syncs; the others wait for the word to move
		 * (a commit's end, a sync's).
		 */
		if (atomic_load(&s->sync_ended) >= upto &&
		    atomic_compare_exchange_strong(&s->syncing, &idle, 1)) {
			if ((unopened = sync_once(s)) != 0)
				break;
			continue;
		}
		rct_wake_wait(&s->sync_wake, seen);
	}
	rct_wake_leave(&s->sync_wake);
	if (err == 0 && unopened != 0)
		return rct_error(RCT_EIO,
		    "store '%s': its log would not open to be flushed to disk "
		    "(%s); try again",
		    s->path, strerror(unopened));
	if (err != 0)
		return rct_error(RCT_EIO,
		    "store '%s': its log could not be written to disk (%s); "
		    "what the last requests did may be lost",
		    s->path, strerror(err));
	return 0;
}

/*
 * Around each commit (rct_store_commit): counted begun before, ended
 * after, whether it succeeded or not, and the waiters woken.
 */
void
rct_store_sync_commit_begins(struct rct_store *s)
{
	atomic_fetch_add(&s->sync_begun, 1);
}

void
rct_store_sync_commit_ends(struct rct_store *s)
{
	atomic_fetch_add(&s->sync_ended, 1);
	if (s->defer_sync)
		rct_wake_all(&s->sync_wake);
}
