#!/usr/bin/env python3
"""Exact predictability of allocation designs, by enumeration.

An observer who has seen every earlier arm of a sequence guesses the next
one by the convergence strategy of Blackwell and Hodges (1957), as
randomizeR's corGuess("CS"): the arm furthest below its target, at random
among tied arms (a tie of k arms counts 1/k when the next arm is one of
them).  Two observers:

  without  knows the arm counts of the sequence so far; the target of arm
           i is ratio_i / ratio_sum of the units so far
  with     knows where the current block began and its size B; the target
           of arm i is B ratio_i / ratio_sum (the arm with most places left)

Written apart from randomizer/predict.c and without its shortcuts: every
sequence of blocks is enumerated (each block size equally likely, then
each distinct permutation of the block's arms equally likely), both
observers are run along the whole sequence with their own counts, and
the expected correct guesses are summed in exact rational arithmetic.
Simple randomization enumerates every sequence of arms.

It also checks the closed form for 1:1 blocks of size 2m with known block
boundaries, E[correct per block] = m + 2^(2m-1) / C(2m, m) - 1/2, against
the enumeration, exactly, and stops if they differ.  (Derivation: the
difference D between the arms is a walk from 0 to 0 in 2m steps; every
step towards 0 is guessed right and there are m of them; a step away
from 0 is right only from a tie, half the time; so E = m + E[T] / 2 with
T the ties before a guess, E[T] = sum_{k<m} C(2k,k) C(2m-2k,m-k) / C(2m,m)
= 4^m / C(2m,m) - 1 by the identity sum_{k<=m} C(2k,k) C(2m-2k,m-k) = 4^m.)

From the repository root:

    python3 tests/ref/predictability_reference.py

(re)writes tests/data/predictability.csv: method, ratios, block_sizes (or
-), n, without, with, without_exact, with_exact.  A row with n a number
is the expected number of correct guesses among the first n units of one
sequence; n = whole is the share per unit over a long sequence of whole
blocks (renewal: expected correct per block over expected block size).
Values are written with 17 significant digits, and exactly as fractions.
"""

import math
import os
import sys
from fractions import Fraction
from itertools import product


def distinct_permutations(items):
    """Every distinct ordering of a multiset, each once."""
    items = sorted(items)
    out = []

    def rec(prefix, left):
        if not left:
            out.append(tuple(prefix))
            return
        for i, x in enumerate(left):
            if i and left[i - 1] == x:
                continue
            rec(prefix + [x], left[:i] + left[i + 1:])

    rec([], items)
    return out


def credit(deficits, arm):
    """Expected credit of the convergence guess when the next is arm."""
    best = max(deficits)
    tied = [i for i, d in enumerate(deficits) if d == best]
    return Fraction(1, len(tied)) if arm in tied else Fraction(0)


def blocks(ratios, sizes, N):
    """Expected correct guesses per place t = 1..N, both observers."""
    R = sum(ratios)
    k = len(ratios)
    perms = {}
    for B in set(sizes):
        arms = [i for i in range(k) for _ in range(ratios[i] * B // R)]
        perms[B] = distinct_permutations(arms)
    pa = [Fraction(0)] * (N + 1)
    pb = [Fraction(0)] * (N + 1)

    def rec(t, counts, weight):
        """Units 1..t done with these total counts, path chance weight."""
        if t >= N:
            return
        for B in sizes:
            wB = weight / len(sizes)
            for perm in perms[B]:
                w = wB / len(perms[B])
                c = list(counts)
                inblock = [0] * k
                u = t
                for arm in perm:
                    if u >= N:
                        break
                    da = [Fraction(ratios[i] * u, R) - c[i]
                          for i in range(k)]
                    db = [Fraction(ratios[i] * B, R) - inblock[i]
                          for i in range(k)]
                    pa[u + 1] += w * credit(da, arm)
                    pb[u + 1] += w * credit(db, arm)
                    c[arm] += 1
                    inblock[arm] += 1
                    u += 1
                rec(u, c, w)

    rec(0, [0] * k, Fraction(1))
    return pa, pb


def whole(ratios, sizes):
    """Share per unit over whole blocks: E[correct per block] / E[B]."""
    total_a = total_b = Fraction(0)
    for B in sizes:
        pa, pb = blocks(ratios, [B], B)
        total_a += sum(pa)
        total_b += sum(pb)
    return total_a / sum(sizes), total_b / sum(sizes)


def simple(ratios, N):
    """Expected correct guesses per place t = 1..N of simple
    randomization (the observer of blocks knows nothing more)."""
    R = sum(ratios)
    k = len(ratios)
    pa = [Fraction(0)] * (N + 1)
    for seq in product(range(k), repeat=N):
        w = Fraction(1)
        for arm in seq:
            w *= Fraction(ratios[arm], R)
        c = [0] * k
        for u, arm in enumerate(seq):
            d = [Fraction(ratios[i] * u, R) - c[i] for i in range(k)]
            pa[u + 1] += w * credit(d, arm)
            c[arm] += 1
    return pa, pa


def check_closed_form(max_m):
    for m in range(1, max_m + 1):
        _, pb = blocks([1, 1], [2 * m], 2 * m)
        enumerated = sum(pb)
        closed = m + Fraction(2 ** (2 * m - 1), math.comb(2 * m, m)) \
            - Fraction(1, 2)
        if enumerated != closed:
            sys.exit("closed form differs at m = %d: %s vs %s"
                     % (m, enumerated, closed))
        print("block of %2d, 1:1: %s correct guesses (%.6f), "
              "closed form agrees" % (2 * m, enumerated, float(enumerated)))


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    check_closed_form(7)
    rows = []

    def add(method, ratios, sizes, n, a, b):
        rows.append("%s,%s,%s,%s,%.17g,%.17g,%s,%s" % (
            method, ":".join(map(str, ratios)),
            " ".join(map(str, sizes)) if sizes else "-", n,
            float(a), float(b), a, b))

    designs = [
        ([1, 1], [2], 12), ([1, 1], [4], 12), ([1, 1], [6], 12),
        ([1, 1], [8], 8), ([1, 1], [10], 10), ([1, 1], [12], 12),
        ([1, 1], [2, 4, 6], 16),       # supported-employment.ini
        ([1, 2], [3, 6, 9], 15),       # tests/data/ratio-2to1.ini
        ([1, 1, 1], [3, 6], 12),
        ([2, 1, 1], [4, 8], 12),
    ]
    for ratios, sizes, N in designs:
        pa, pb = blocks(ratios, sizes, N)
        sa = sb = Fraction(0)
        for n in range(1, N + 1):
            sa += pa[n]
            sb += pb[n]
            add("blocks", ratios, sizes, n, sa, sb)
        wa, wb = whole(ratios, sizes)
        add("blocks", ratios, sizes, "whole", wa, wb)
    for ratios, N in (([1, 1], 12), ([1, 2], 16), ([1, 1, 1], 8),
                      ([3, 2, 1], 8)):
        pa, pb = simple(ratios, N)
        sa = Fraction(0)
        for n in range(1, N + 1):
            sa += pa[n]
            add("simple", ratios, None, n, sa, sa)
    path = os.path.join(root, "tests", "data", "predictability.csv")
    with open(path, "w") as f:
        f.write("method,ratios,block_sizes,n,without,with,"
                "without_exact,with_exact\n")
        f.write("\n".join(rows) + "\n")
    print("wrote %s (%d rows)" % (path, len(rows)))


if __name__ == "__main__":
    main()
