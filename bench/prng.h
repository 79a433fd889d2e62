/*
 * prng.h: the benchmark generators' own repeatable pseudo-random numbers
 * (splitmix64, seeded).  They only make test data repeatable and are
 * never used for allocation, which draws from the keyed stream.
 */
#ifndef BENCH_PRNG_H
#define BENCH_PRNG_H

#include <math.h>
#include <stdint.h>

static uint64_t prng_state = 1;

static inline uint64_t
prng_next(void)
{
	uint64_t z = (prng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* An integer in [0, n). */
static inline int
prng_below(int n)
{
	return n > 0 ? (int)(prng_next() % (uint64_t)n) : 0;
}

/* A double in (0, 1). */
static inline double
prng_uniform(void)
{
	return ((double)(prng_next() >> 11) + 0.5) / 9007199254740992.0;
}

/* A standard normal deviate (Box-Muller, one of the pair). */
static inline double
prng_normal(void)
{
	double u = prng_uniform(), v = prng_uniform();

	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

#endif
