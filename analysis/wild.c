/*
 * The wild restricted cluster bootstrap (wild.h).  Nothing is refitted per
 * bootstrap sample: with M = (X'X)^-1, a = row coef of M, the restricted
 * residuals u(b0) = u0 - b0 u1 (u0, u1 the residuals of y and of x_coef on
 * the other columns) and, per cluster g, c_g = a'X_g'u_g, e_g = X_g'u_g
 * and r_g = M X_g'X_g a, a weight vector v gives (Roodman et al. 2019,
 * sections 3-5, for one coefficient)
 *   b* - b0 = sum_g v_g c_g,
 *   a'X_h' e*_h = v_h c_h - r_h' sum_g v_g e_g    (e* = M_X (u o v)),
 * and se*^2 = f sum_h (a'X_h' e*_h)^2 with the CR1 factor f.  All are
 * linear in b0, so per weight vector five numbers (N0, N1 and the three
 * sums of squares of S = A - b0 C) give t*(b0) for every b0 in O(1); the
 * factor f cancels between t and t*.  Time O(B G k) once, then O(B) per
 * null value tried; memory O(G k).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <sodium.h>

#include "error.h"
#include "stream.h"
#include "wild.h"

#define RCT_WILD_STEPS 20

static const char *const weights_names[] = {"rademacher", "webb"};

const char *
rct_wild_weights_name(enum rct_wild_weights w)
{
	return weights_names[w];
}

int
rct_wild_weights_parse(const char *name, enum rct_wild_weights *out)
{
	size_t i;

	for (i = 0; i < 2; i++)
		if (strcmp(name, weights_names[i]) == 0) {
			*out = (enum rct_wild_weights)i;
			return 0;
		}
	return -1;
}

/* What one weight vector leaves for every null value. */
struct draw {
	double n0, n1; /* b* - b0 = n0 - b0 n1 */
	double saa, sac, scc; /* se*^2 / f = saa - 2 b0 sac + b0^2 scc */
};

struct boot {
	struct draw *d;
	long B;
	double estimate, vhat; /* vhat: the CRVE of the estimate / f */
};

/* Invert the symmetric positive definite k x k matrix A in place. */
static int
invert(double *A, size_t k)
{
	gsl_matrix_view m = gsl_matrix_view_array(A, k, k);

	if (gsl_linalg_cholesky_decomp1(&m.matrix) != GSL_SUCCESS ||
	    gsl_linalg_cholesky_invert(&m.matrix) != GSL_SUCCESS)
		return rct_error(RCT_EINVAL,
		    "the wild bootstrap's design is singular");
	return 0;
}

/* y - X b for the columns of X in cols, b their coefficients. */
static void
residuals(const double *X, size_t n, size_t k, const double *y, const double *b,
    const int *use, double *out)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		double f = 0;

		for (j = 0; j < k; j++)
			if (use[j])
				f += X[i * k + j] * b[j];
		out[i] = y[i] - f;
	}
}

/*
 * Least squares of v on the columns of X marked in use: coefficients in
 * b (0 for the others).
 */
static int
fit(const double *X, size_t n, size_t k, const int *use, const double *v,
    double *b)
{
	size_t i, j, l, m, r = 0;
	size_t *idx = malloc((k + 1) * sizeof(size_t));
	double *A = NULL, *c = NULL;
	int rc = 0;

	for (j = 0; idx && j < k; j++)
		if (use[j])
			idx[r++] = j;
	A = calloc(r * r + 1, sizeof(double));
	c = calloc(r + 1, sizeof(double));
	if (idx == NULL || A == NULL || c == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		for (l = 0; l < r; l++) {
			double xl = X[i * k + idx[l]];

			c[l] += xl * v[i];
			for (m = 0; m < r; m++)
				A[l * r + m] += xl * X[i * k + idx[m]];
		}
	if ((rc = invert(A, r)) != 0)
		goto out;
	for (j = 0; j < k; j++)
		b[j] = 0;
	for (l = 0; l < r; l++)
		for (m = 0; m < r; m++)
			b[idx[l]] += A[l * r + m] * c[m];
out:
	free(idx);
	free(A);
	free(c);
	return rc;
}

/* The Webb (2014) six-point weights, by index 0..5. */
static const double webb[6] = {-1.224744871391589, -1, -0.7071067811865476,
    0.7071067811865476, 1, 1.224744871391589};

/*
 * The key of the stream of a seed: BLAKE2b-256 of a label and the seed's
 * 8 bytes, little-endian.
 */
static void
seed_key(unsigned char key[RCT_STREAM_KEY_BYTES], uint64_t seed)
{
	static const char label[] = "rct-wild-bootstrap-v1";
	unsigned char msg[sizeof(label) + 8];
	size_t i;

	memcpy(msg, label, sizeof(label));
	for (i = 0; i < 8; i++)
		msg[sizeof(label) + i] = (unsigned char)(seed >> (8 * i));
	crypto_generichash(key, RCT_STREAM_KEY_BYTES, msg, sizeof(msg), NULL,
	    0);
}

/* Count of draws with |t*(b0)| >= |t(b0)|, as a share. */
static double
pvalue(const struct boot *bt, double b0)
{
	double t = fabs(bt->estimate - b0) / sqrt(bt->vhat), tol = 1e-10;
	long b, count = 0;

	for (b = 0; b < bt->B; b++) {
		const struct draw *d = &bt->d[b];
		double num = fabs(d->n0 - b0 * d->n1);
		double q = d->saa - 2 * b0 * d->sac + b0 * b0 * d->scc;

		if (q <= 0) {
			count += num > 0;
			continue;
		}
		count += num / sqrt(q) >= t * (1 - tol);
	}
	return (double)count / (double)bt->B;
}

/*
 * One end of the interval, dir = -1 or 1: out from the estimate by 2^j
 * standard errors until rejected, then bisection to the jump.  Not
 * rejected within 2^20 standard errors, the end is infinite: further out
 * the bootstrap t of a weight vector whose t* grows with b0 as fast as t
 * is decided by rounding.
 */
static double
bound(const struct boot *bt, double se, double alpha, int dir)
{
	double in = bt->estimate, out = in, mid;
	int j, it;

	for (j = 0; j <= RCT_WILD_STEPS; j++) {
		out = bt->estimate + dir * se * ldexp(1, j);
		if (pvalue(bt, out) < alpha)
			break;
		in = out;
	}
	if (j > RCT_WILD_STEPS)
		return dir * INFINITY;
	for (it = 0; it < 200; it++) {
		mid = (in + out) / 2;
		if (mid == in || mid == out ||
		    fabs(out - in) <= 1e-14 * (fabs(in) + se))
			break;
		if (pvalue(bt, mid) < alpha)
			out = mid;
		else
			in = mid;
	}
	return (in + out) / 2;
}

int
rct_wild(struct rct_wild_result *out, const struct rct_design *D,
    const int *kept, const double *y, const int32_t *cluster, size_t nclusters,
    size_t coef, const struct rct_wild_spec *spec)
{
	size_t n = D->n, k, K = D->k, i, j, l, g, G = nclusters;
	double *X = NULL, *row = NULL, *M = NULL, *beta = NULL, *e = NULL;
	double *u0 = NULL, *u1 = NULL, *b0 = NULL, *b1 = NULL, *s = NULL;
	double *c0 = NULL, *c1 = NULL, *vh = NULL, *E0 = NULL, *E1 = NULL;
	double *Q = NULL, *R = NULL, *U0 = NULL, *U1 = NULL, *v = NULL;
	int *all = NULL, *rest = NULL;
	size_t zc = 0;
	struct boot bt = {0};
	struct rct_stream st;
	unsigned char key[RCT_STREAM_KEY_BYTES];
	int rc = 0, enumerate;
	long b, B;
	double f;

	memset(out, 0, sizeof(*out));
	enumerate =
	    spec->weights == RCT_WILD_RADEMACHER && G <= RCT_WILD_ENUMERATE_MAX;
	B = enumerate ? 1L << G : spec->draws;
	if (G < 2)
		return rct_error(RCT_EINVAL,
		    "the wild cluster bootstrap needs two clusters or more");
	if (B < 1)
		return rct_error(RCT_EINVAL, "the wild bootstrap needs draws");
	/* The kept columns, densely; zc is coef's place among them. */
	for (j = 0, k = 0; j < K; j++)
		if (kept == NULL || kept[j]) {
			if (j == coef)
				zc = k;
			k++;
		}
	X = malloc((n * k + 1) * sizeof(double));
	row = malloc((K + 1) * sizeof(double));
	M = calloc(k * k + 1, sizeof(double));
	beta = calloc(k + 1, sizeof(double));
	b0 = calloc(k + 1, sizeof(double));
	b1 = calloc(k + 1, sizeof(double));
	e = malloc((n + 1) * sizeof(double));
	u0 = malloc((n + 1) * sizeof(double));
	u1 = malloc((n + 1) * sizeof(double));
	s = malloc((n + 1) * sizeof(double));
	c0 = calloc(G, sizeof(double));
	c1 = calloc(G, sizeof(double));
	vh = calloc(G, sizeof(double));
	E0 = calloc(G * k, sizeof(double));
	E1 = calloc(G * k, sizeof(double));
	Q = calloc(G * k, sizeof(double));
	R = calloc(G * k, sizeof(double));
	U0 = calloc(k + 1, sizeof(double));
	U1 = calloc(k + 1, sizeof(double));
	v = calloc(G, sizeof(double));
	all = calloc(k + 1, sizeof(int));
	rest = calloc(k + 1, sizeof(int));
	bt.d = calloc((size_t)B, sizeof(struct draw));
	if (!X || !row || !M || !beta || !b0 || !b1 || !e || !u0 || !u1 || !s ||
	    !c0 || !c1 || !vh || !E0 || !E1 || !Q || !R || !U0 || !U1 || !v ||
	    !all || !rest || !bt.d) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		D->row(D, i, row);
		for (j = 0, l = 0; j < K; j++)
			if (kept == NULL || kept[j])
				X[i * k + l++] = row[j];
	}
	for (j = 0; j < k; j++) {
		all[j] = 1;
		rest[j] = j != zc;
	}
	/* The fit, its residuals e; the restricted ones u0 - b0 u1. */
	for (i = 0; i < n; i++)
		s[i] = X[i * k + zc];
	if ((rc = fit(X, n, k, all, y, beta)) != 0 ||
	    (rc = fit(X, n, k, rest, y, b0)) != 0 ||
	    (rc = fit(X, n, k, rest, s, b1)) != 0)
		goto out;
	residuals(X, n, k, y, beta, all, e);
	residuals(X, n, k, y, b0, rest, u0);
	residuals(X, n, k, s, b1, rest, u1);
	for (i = 0; i < n; i++)
		for (l = 0; l < k; l++)
			for (j = 0; j < k; j++)
				M[l * k + j] += X[i * k + l] * X[i * k + j];
	if ((rc = invert(M, k)) != 0)
		goto out;
	/* Per row s = a'x; per cluster c, e, X_g'X_g a and a'X_g'e. */
	for (i = 0; i < n; i++) {
		const double *x = X + i * k;
		double si = 0;

		g = (size_t)cluster[i];
		for (j = 0; j < k; j++)
			si += M[zc * k + j] * x[j];
		c0[g] += si * u0[i];
		c1[g] += si * u1[i];
		vh[g] += si * e[i];
		for (j = 0; j < k; j++) {
			E0[g * k + j] += x[j] * u0[i];
			E1[g * k + j] += x[j] * u1[i];
			Q[g * k + j] += x[j] * si;
		}
	}
	for (g = 0; g < G; g++) {
		for (l = 0; l < k; l++)
			for (j = 0; j < k; j++)
				R[g * k + l] += M[l * k + j] * Q[g * k + j];
		bt.vhat += vh[g] * vh[g];
	}
	bt.estimate = beta[zc];
	bt.B = B;
	if (!enumerate) {
		const char *ctx[] = {"wild",
		    rct_wild_weights_name(spec->weights)};

		seed_key(key, spec->seed);
		rct_stream_init(&st, key, ctx, 2);
		sodium_memzero(key, sizeof(key));
	}
	for (b = 0; b < B; b++) {
		struct draw *d = &bt.d[b];

		for (g = 0; g < G; g++)
			if (enumerate)
				v[g] = (b >> g) & 1 ? -1 : 1;
			else if (spec->weights == RCT_WILD_RADEMACHER)
				v[g] = rct_stream_below(&st, 2) ? 1 : -1;
			else
				v[g] = webb[rct_stream_below(&st, 6)];
		memset(U0, 0, k * sizeof(double));
		memset(U1, 0, k * sizeof(double));
		for (g = 0; g < G; g++) {
			d->n0 += v[g] * c0[g];
			d->n1 += v[g] * c1[g];
			for (j = 0; j < k; j++) {
				U0[j] += v[g] * E0[g * k + j];
				U1[j] += v[g] * E1[g * k + j];
			}
		}
		for (g = 0; g < G; g++) {
			double A = v[g] * c0[g], C = v[g] * c1[g];

			for (j = 0; j < k; j++) {
				A -= R[g * k + j] * U0[j];
				C -= R[g * k + j] * U1[j];
			}
			d->saa += A * A;
			d->sac += A * C;
			d->scc += C * C;
		}
	}
	if (!enumerate)
		rct_stream_wipe(&st);
	if (!(bt.vhat > 0)) {
		rc = rct_error(RCT_EINVAL,
		    "the cluster-robust error of the estimate is zero: the "
		    "wild bootstrap has nothing to resample");
		goto out;
	}
	/* The CR1 ("stata") factor, as estimatr's, for the reported error. */
	f = (double)G / (double)(G - 1) * (double)(n - 1) / (double)(n - k);
	out->estimate = bt.estimate;
	out->std_error = sqrt(f * bt.vhat);
	out->statistic = out->estimate / out->std_error;
	out->p_value = pvalue(&bt, 0);
	out->conf_low = bound(&bt, out->std_error, spec->alpha, -1);
	out->conf_high = bound(&bt, out->std_error, spec->alpha, 1);
	out->draws = B;
	out->enumerated = enumerate;
out:
	free(X);
	free(row);
	free(M);
	free(beta);
	free(b0);
	free(b1);
	free(e);
	free(u0);
	free(u1);
	free(s);
	free(c0);
	free(c1);
	free(vh);
	free(E0);
	free(E1);
	free(Q);
	free(R);
	free(U0);
	free(U1);
	free(v);
	free(all);
	free(rest);
	free(bt.d);
	return rc;
}
