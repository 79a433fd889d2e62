/*
 * The WAL's checkpoints apart from the commits (store.h,
 * rct_store_checkpoint_apart): a thread with a connection of its own
 * copies the WAL into the database each time CHECKPOINT_FRAMES new frames
 * are in it, and when the commits pause, so that no commit does it under
 * a server's writers' lock
 * (SQLite's own checkpoint runs in the commit that crosses the limit, a
 * pause of milliseconds for every request queued behind).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "error.h"
#include "store.h"
#include "store_internal.h"

#define CHECKPOINT_FRAMES 1000

/* A pause in the commits this long copies what the WAL holds. */
#define IDLE_MS 1000

struct rct_store_checkpointer {
	sqlite3 *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int frames; /* in the WAL after the last commit, under lock */
	/*
	 * In the WAL when the last checkpoint began, under lock.  The
	 * count is of the whole WAL, which a checkpoint copies but does not
	 * empty while readers hold its older frames (a server's always do):
	 * counted from the last checkpoint, the thread copies once a
	 * CHECKPOINT_FRAMES frames are new, not after every commit once the
	 * WAL is that long (a database fsync each time, CPU and disk taken
	 * from the commits).
	 */
	int base;
	/* of those, copied into the database by it, under lock */
	int copied;
	int stop;
};

/* Frames since the last checkpoint began. */
static int
new_frames(const struct rct_store_checkpointer *k)
{
	return k->frames - k->base;
}

static int
on_wal(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct rct_store_checkpointer *k = arg;

	(void)db;
	(void)name;
	pthread_mutex_lock(&k->lock);
	if (frames < k->frames)
		k->base = k->copied = 0; /* the WAL started afresh */
	k->frames = frames;
	if (new_frames(k) >= CHECKPOINT_FRAMES)
		pthread_cond_signal(&k->wake);
	pthread_mutex_unlock(&k->lock);
	return SQLITE_OK;
}

/*
 * Wait for CHECKPOINT_FRAMES new frames, or for the commits to pause for
 * IDLE_MS with frames not yet copied: copied then, a write after the
 * pause finds the whole WAL in the database and starts it afresh (SQLite
 * does so only then), so that a server's WAL grows only while it is never
 * idle.  1 when it is time to copy, 0 to stop; under k->lock.
 */
static int
await_copy(struct rct_store_checkpointer *k)
{
	struct timespec until;
	int seen;

	while (!k->stop && new_frames(k) < CHECKPOINT_FRAMES) {
		seen = k->frames;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += IDLE_MS / 1000;
		if (pthread_cond_timedwait(&k->wake, &k->lock, &until) ==
			ETIMEDOUT &&
		    k->frames == seen && k->copied < k->frames)
			break;
	}
	return !k->stop;
}

static void *
checkpointer(void *arg)
{
	struct rct_store_checkpointer *k = arg;
	int log, copied;

	pthread_mutex_lock(&k->lock);
	while (await_copy(k)) {
		k->base = k->frames;
		pthread_mutex_unlock(&k->lock);
		/*
		 * One that fails (busy, the disk) or copies only part (readers
		 * still in older frames) leaves the rest in the WAL, where
		 * readers find them, for the next turn.
		 */
		log = copied = 0;
		if (sqlite3_wal_checkpoint_v2(k->db, NULL,
			SQLITE_CHECKPOINT_PASSIVE, &log, &copied) != SQLITE_OK)
			copied = 0;
		pthread_mutex_lock(&k->lock);
		if (k->frames >= log) /* not started afresh meanwhile */
			k->copied = copied;
	}
	pthread_mutex_unlock(&k->lock);
	return NULL;
}

int
rct_store_checkpoint_apart(struct rct_store *s)
{
	struct rct_store_checkpointer *k;

	if (s->checkpointer != NULL || s->memory)
		return 0;
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	if (sqlite3_open_v2(s->path, &k->db,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
		NULL) != SQLITE_OK) {
		sqlite3_close(k->db);
		free(k);
		return rct_error(RCT_EIO,
		    "cannot open store '%s' a second time to checkpoint it",
		    s->path);
	}
	sqlite3_busy_timeout(k->db, BUSY_TIMEOUT_MS);
	sqlite3_exec(k->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
	pthread_mutex_init(&k->lock, NULL);
	pthread_cond_init(&k->wake, NULL);
	if (pthread_create(&k->thread, NULL, checkpointer, k) != 0) {
		pthread_mutex_destroy(&k->lock);
		pthread_cond_destroy(&k->wake);
		sqlite3_close(k->db);
		free(k);
		return rct_error(RCT_ENOMEM, "cannot start a thread");
	}
	/* From now on commits on s only count the WAL's frames. */
	sqlite3_wal_hook(s->db, on_wal, k);
	s->checkpointer = k;
	return 0;
}

void
rct_store_checkpointer_stop(struct rct_store *s)
{
	struct rct_store_checkpointer *k = s->checkpointer;

	if (k == NULL)
		return;
	sqlite3_wal_autocheckpoint(s->db, 1000); /* SQLite's own again */
	pthread_mutex_lock(&k->lock);
	k->stop = 1;
	pthread_cond_signal(&k->wake);
	pthread_mutex_unlock(&k->lock);
	pthread_join(k->thread, NULL);
	pthread_mutex_destroy(&k->lock);
	pthread_cond_destroy(&k->wake);
	sqlite3_close(k->db);
	free(k);
	s->checkpointer = NULL;
}
