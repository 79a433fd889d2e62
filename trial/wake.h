/*
 * Waiting for a word to change, and waking those who wait, without a
 * mutex: the Linux futex.  A server's fifty request threads that wait for
 * one sync (or one group commit) are woken by one call and each goes on
 * by itself, where a condition variable would hand its mutex from one to
 * the next, a wake-up and a sleep each.
 */
#ifndef RCT_WAKE_H
#define RCT_WAKE_H

#include <stdatomic.h>
#include <stdint.h>

/*
 * A word that moves on each change, and the number of those who wait on
 * it, so that a change nobody waits for costs no system call.
 */
struct rct_wake {
	_Atomic uint32_t gen;
	_Atomic int waiters;
};

/*
 * The waiter's side: rct_wake_enter(), then the word read, then the
 * condition checked, then rct_wake_wait() with the word read: it returns
 * at once when the word has moved since (or spuriously: check again);
 * rct_wake_leave() when done.
 */
void rct_wake_enter(struct rct_wake *w);
uint32_t rct_wake_word(struct rct_wake *w);
void rct_wake_wait(struct rct_wake *w, uint32_t seen);
void rct_wake_leave(struct rct_wake *w);

/* The whole waiter's side for the simplest condition: *flag set. */
void rct_wake_until(struct rct_wake *w, _Atomic int *flag);

/* The waker's side, after the condition changed: every waiter woken. */
void rct_wake_all(struct rct_wake *w);

#endif
