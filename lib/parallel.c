/* Splitting a loop between cores with POSIX threads (parallel.h). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "parallel.h"
#include "text.h"

static atomic_long online; /* cores, once asked; -1: not known */

int
rct_parallel_parts(void)
{
	const char *env = getenv("RCT_THREADS");
	long v, cores;

	if (env != NULL && rct_text_parse_long(env, &v) == 0 && v >= 1 &&
	    v <= RCT_PARALLEL_MAX)
		return (int)v;
	/*
	 * Asked once: glibc reads /sys for it on every call, which was 2%
	 * of a web server's time (one enrolment seals one identity).
	 */
	if ((cores = atomic_load(&online)) == 0) {
		cores = sysconf(_SC_NPROCESSORS_ONLN);
		atomic_store(&online, cores < 1 ? -1 : cores);
	}
	if (cores < 1)
		return 1;
	return cores > RCT_PARALLEL_MAX ? RCT_PARALLEL_MAX : (int)cores;
}

struct part {
	rct_part_fn fn;
	void *arg;
	int index;
	size_t begin, end;
};

static void *
run_part(void *p)
{
	struct part *t = p;

	t->fn(t->arg, t->index, t->begin, t->end);
	return NULL;
}

int
rct_parallel_for(size_t n, int parts, size_t min_rows, rct_part_fn fn,
    void *arg)
{
	struct part part[RCT_PARALLEL_MAX];
	pthread_t thread[RCT_PARALLEL_MAX];
	int started[RCT_PARALLEL_MAX] = {0};
	int i;

	if (parts < 1)
		parts = 1;
	if (parts > RCT_PARALLEL_MAX)
		parts = RCT_PARALLEL_MAX;
	if (min_rows < 1)
		min_rows = 1;
	if (n / (size_t)parts < min_rows)
		parts = 1;
	for (i = 0; i < parts; i++) {
		part[i].fn = fn;
		part[i].arg = arg;
		part[i].index = i;
		part[i].begin = n * (size_t)i / (size_t)parts;
		part[i].end = n * (size_t)(i + 1) / (size_t)parts;
	}
	for (i = 1; i < parts; i++)
		started[i] =
		    pthread_create(&thread[i], NULL, run_part, &part[i]) == 0;
	run_part(&part[0]);
	for (i = 1; i < parts; i++) {
		if (started[i])
			pthread_join(thread[i], NULL);
		else
			run_part(&part[i]);
	}
	return parts;
}
