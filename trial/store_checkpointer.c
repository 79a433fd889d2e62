/*
 * The WAL's checkpoints apart from the commits (store.h,
 * rct_store_checkpoint_apart): a thread with a connection of its own
 * copies the WAL into the database once it holds CHECKPOINT_FRAMES
 * frames, so that no commit does it under a server's writers' lock
 * (SQLite's own checkpoint runs in the commit that crosses the limit, a
 * pause of milliseconds for every request queued behind).
 */
#include <pthread.h>
#include <stdlib.h>

#include "error.h"
#include "store.h"
#include "store_internal.h"

#define CHECKPOINT_FRAMES 1000

struct rct_store_checkpointer {
	sqlite3 *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int frames; /* in the WAL after the last commit, under lock */
	int stop;
};

static int
on_wal(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct rct_store_checkpointer *k = arg;

	(void)db;
	(void)name;
	pthread_mutex_lock(&k->lock);
	k->frames = frames;
	if (frames >= CHECKPOINT_FRAMES)
		pthread_cond_signal(&k->wake);
	pthread_mutex_unlock(&k->lock);
	return SQLITE_OK;
}

static void *
checkpointer(void *arg)
{
	struct rct_store_checkpointer *k = arg;

	pthread_mutex_lock(&k->lock);
	for (;;) {
		while (!k->stop && k->frames < CHECKPOINT_FRAMES)
			pthread_cond_wait(&k->wake, &k->lock);
		if (k->stop)
			break;
		k->frames = 0; /* until the next commit says how many */
		pthread_mutex_unlock(&k->lock);
		/*
		 * One that fails (busy, the disk) leaves the frames in the
		 * WAL, where readers find them; the next commit counts them
		 * again and wakes this thread to try once more.
		 */
		sqlite3_wal_checkpoint_v2(k->db, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&k->lock);
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
