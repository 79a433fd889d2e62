/*
 * Splitting a loop over rows between the machine's cores.  Each part is a
 * contiguous range handled by one thread; callers keep one accumulator
 * per part and add them up in part order, so a result depends only on
 * the number of parts, which rct_parallel_parts() fixes for a run.
 */
#ifndef RCT_PARALLEL_H
#define RCT_PARALLEL_H

#include <stddef.h>

#define RCT_PARALLEL_MAX 16

/* fn handles rows [begin, end) as part number part. */
typedef void (*rct_part_fn)(void *arg, int part, size_t begin, size_t end);

/*
 * The number of parts to use: the RCT_THREADS environment variable when
 * set (1 to RCT_PARALLEL_MAX), else the online cores, at most
 * RCT_PARALLEL_MAX.
 */
int rct_parallel_parts(void);

/*
 * Run fn over [0, n) in parts pieces, on parts threads (the first on the
 * calling thread).  Below min_rows per part the work runs as one part 0,
 * where threads would cost more than they save; the return is the number
 * of parts used.  A thread that cannot be started runs its part on the
 * calling thread, so the result is the same either way.
 */
int rct_parallel_for(size_t n, int parts, size_t min_rows, rct_part_fn fn,
    void *arg);

#endif
