/*
 * Least squares with the standard errors of R's estimatr (lm_robust):
 * classical, HC0, HC1, HC2, HC3, and cluster-robust CR0, "stata" (CR1)
 * and CR2 (Bell and McCaffrey 2002) with Satterthwaite degrees of freedom
 * per coefficient as estimatr and clubSandwich compute them.
 *
 * CR2 is computed in a memory-light form: per cluster only the k x k
 * matrices X_g'X_g and the k-vector X_g'e_g are needed, because
 * (I - H_gg)^(-1/2) = I + Z D Z' with Z = X_g L (M = L L' the inverse of
 * X'X) and D from the eigenvalues of Z'Z; the degrees of freedom use
 * ||sum_g v_g v_g'||_F^2 in place of estimatr's G x G matrix.  Memory is
 * O(k^2), time O(N k^2 + G k^3).
 *
 * Columns are centred and scaled before X'X is formed (the first column
 * must be the intercept), so the Cholesky factor is as accurate as a QR
 * of the data; coefficients and variances are turned back to the data's
 * scale.  A column that is a combination of those before it (a collinear
 * covariate) is dropped, as lm() does, and reported.
 */
#ifndef RCT_OLS_H
#define RCT_OLS_H

#include <stddef.h>
#include <stdint.h>

#include "methods.h"

/* 1 for the cluster-robust types (CR0, stata, CR2). */
int rct_ols_se_clustered(enum rct_se_type t);

struct rct_fit {
	size_t n; /* rows */
	size_t k; /* columns given */
	size_t rank; /* columns kept */
	int *kept; /* per column: 1 when kept */
	double *beta; /* per column; NaN when dropped */
	double *vcov; /* k x k, NaN for dropped */
	double *df; /* per column */
	size_t nclusters;
};

/*
 * A design matrix given row by row, so that a register-sized fit never
 * needs an n x k matrix in memory: row(d, i, x) writes the k values of
 * row i into x.  It is called from several threads at once.
 */
struct rct_design {
	size_t n, k;
	void (*row)(const struct rct_design *d, size_t i, double *x);
	const void *ctx;
	/*
	 * Per row, or NULL: the weights of lm_robust(weights =), which fits
	 * sqrt(w) X on sqrt(w) y and takes every error from that fit.
	 */
	const double *weight;
};

/* A design over a row-major n x k matrix X (no weights). */
void rct_ols_design_matrix(struct rct_design *d, const double *X, size_t n,
    size_t k);

/*
 * Fit y on X (column 0 all ones).  With xhat (instrumental variables) the
 * fit is on xhat and the residuals are y - X beta, as estimatr's
 * iv_robust does.  cluster gives each row's cluster (codes
 * 0..nclusters-1) for the clustered types.  The passes over the rows are
 * shared between the cores (parallel.h).
 */
int rct_ols(struct rct_fit *fit, const struct rct_design *X,
    const struct rct_design *xhat, const double *y, const int32_t *cluster,
    size_t nclusters, enum rct_se_type se);

void rct_ols_fit_release(struct rct_fit *fit);

#endif
