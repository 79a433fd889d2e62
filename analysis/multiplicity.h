/*
 * Adjusting the p-values of a family of outcomes for multiplicity, as R's
 * p.adjust: Holm's step-down (family-wise error) and Benjamini-Hochberg's
 * step-up (false discovery rate).  NaN p-values are left out of the
 * family and stay NaN.
 */
#ifndef RCT_MULTIPLICITY_H
#define RCT_MULTIPLICITY_H

#include <stddef.h>

void rct_multiplicity_holm(const double *p, size_t n, double *adjusted);
void rct_multiplicity_bh(const double *p, size_t n, double *adjusted);

#endif
