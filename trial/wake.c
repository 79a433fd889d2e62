/*
 * Futex waits (wake.h).  Every access is sequentially consistent: a
 * waiter counts itself before it reads the word and the condition, the
 * waker changes the condition and the word before it reads the count, so
 * that either the waker sees the waiter or the waiter sees the change.
 */
#define _DEFAULT_SOURCE /* syscall(), beside -D_POSIX_C_SOURCE */
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wake.h"

void
rct_wake_enter(struct rct_wake *w)
{
	atomic_fetch_add(&w->waiters, 1);
}

uint32_t
rct_wake_word(struct rct_wake *w)
{
	return atomic_load(&w->gen);
}

void
rct_wake_wait(struct rct_wake *w, uint32_t seen)
{
	/* EAGAIN (moved already) and EINTR both mean: look again. */
	syscall(SYS_futex, (uint32_t *)&w->gen, FUTEX_WAIT_PRIVATE, seen, NULL,
	    NULL, 0);
}

void
rct_wake_leave(struct rct_wake *w)
{
	atomic_fetch_sub(&w->waiters, 1);
}

void
rct_wake_until(struct rct_wake *w, _Atomic int *flag)
{
	uint32_t seen;

	rct_wake_enter(w);
	for (;;) {
		seen = rct_wake_word(w);
		if (atomic_load(flag))
			break;
		rct_wake_wait(w, seen);
	}
	rct_wake_leave(w);
}

void
rct_wake_all(struct rct_wake *w)
{
	atomic_fetch_add(&w->gen, 1);
	if (atomic_load(&w->waiters) > 0)
		syscall(SYS_futex, (uint32_t *)&w->gen, FUTEX_WAKE_PRIVATE,
		    INT32_MAX, NULL, NULL, 0);
}
