/*
 * Least squares and its standard errors (ols.h).  The formulas follow
 * estimatr's lm_robust (src/lm_robust_helper.cpp) and, for CR2,
 * clubSandwich, which it implements; the memory-light rewriting of CR2 is
 * derived in ols.h and in the comments of cr2() below.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>

#include "error.h"
#include "ols.h"

static const char *const se_names[] = {"classical", "HC0", "HC1", "HC2", "HC3",
    "CR0", "stata", "CR2", "neyman", "wald"};

const char *
rct_se_name(enum rct_se_type t)
{
	return se_names[t];
}

int
rct_se_parse(const char *name, enum rct_se_type *out)
{
	size_t i;

	for (i = 0; i < sizeof(se_names) / sizeof(se_names[0]); i++)
		if (strcasecmp(name, se_names[i]) == 0) {
			*out = (enum rct_se_type)i;
			return 0;
		}
	return -1;
}

int
rct_se_clustered(enum rct_se_type t)
{
	return t == RCT_SE_CR0 || t == RCT_SE_STATA || t == RCT_SE_CR2;
}

/* A fit in the making, on the centred and scaled kept columns. */
struct work {
	size_t n, k, r; /* rows, columns, kept columns */
	size_t *col; /* kept index -> column */
	double *c, *s; /* per column: centre and scale */
	double *M; /* r x r: (X~'X~)^-1 */
	double *L; /* r x r with M = L L' */
	double *beta; /* r */
	double *e; /* n residuals */
	double *x; /* one row, r */
};

/* Row i of the kept columns of A, centred and scaled, into w->x. */
static const double *
row(const struct work *w, const double *A, size_t i)
{
	const double *a = A + i * w->k;
	size_t j;

	for (j = 0; j < w->r; j++) {
		size_t c = w->col[j];

		w->x[j] = (a[c] - w->c[c]) / w->s[c];
	}
	return w->x;
}

static void
column_scales(struct work *w, const double *A)
{
	size_t i, j, k = w->k;
	double *mean = w->c, *ss = w->s;

	/* Row by row, two passes, as A is stored by rows. */
	memset(mean, 0, k * sizeof(double));
	memset(ss, 0, k * sizeof(double));
	for (i = 0; i < w->n; i++)
		for (j = 0; j < k; j++)
			mean[j] += A[i * k + j];
	for (j = 0; j < k; j++)
		mean[j] /= (double)w->n;
	for (i = 0; i < w->n; i++)
		for (j = 0; j < k; j++) {
			double d = A[i * k + j] - mean[j];

			ss[j] += d * d;
		}
	for (j = 0; j < k; j++) {
		/* The intercept, or any constant column, keeps its values. */
		if (j == 0 || ss[j] == 0) {
			w->c[j] = 0;
			w->s[j] = 1;
		} else
			w->s[j] = sqrt(ss[j] / (double)w->n);
	}
}

/* G = X~'X~ and b = X~'y over all k columns (lower triangle filled too). */
static void
gram(struct work *w, const double *A, const double *y, double *G, double *b)
{
	size_t i, a, c, k = w->k, r = w->r;

	w->r = k;
	for (a = 0; a < k; a++)
		w->col[a] = a;
	memset(G, 0, k * k * sizeof(double));
	memset(b, 0, k * sizeof(double));
	for (i = 0; i < w->n; i++) {
		const double *x = row(w, A, i);

		for (a = 0; a < k; a++) {
			double xa = x[a];

			b[a] += xa * y[i];
			for (c = 0; c <= a; c++)
				G[a * k + c] += xa * x[c];
		}
	}
	for (a = 0; a < k; a++)
		for (c = 0; c < a; c++)
			G[c * k + a] = G[a * k + c];
	w->r = r;
}

/*
 * Keep columns in order, dropping one whose Cholesky pivot is below 1e-10
 * of its own square length: it is a combination of the columns kept
 * before it.  C receives the lower Cholesky factor of the kept block.
 */
static void
choose_columns(struct work *w, const double *G, double *C, int *kept)
{
	size_t a, m, j, r = 0, k = w->k;
	double d;

	for (j = 0; j < k; j++) {
		/* Row r of C for candidate column j. */
		for (a = 0; a < r; a++) {
			d = G[j * k + w->col[a]];
			for (m = 0; m < a; m++)
				d -= C[r * k + m] * C[a * k + m];
			C[r * k + a] = d / C[a * k + a];
		}
		d = G[j * k + j];
		for (m = 0; m < r; m++)
			d -= C[r * k + m] * C[r * k + m];
		kept[j] = d > 1e-10 * G[j * k + j] && d > 0;
		if (kept[j]) {
			C[r * k + r] = sqrt(d);
			w->col[r++] = j;
		}
	}
	w->r = r;
}

/*
 * From the lower factor C of the kept block (stride k): L = C^-T, so that
 * M = (C C')^-1 = L L'.
 */
static void
inverse(struct work *w, const double *C)
{
	size_t r = w->r, k = w->k, i, j, m;
	double *Ci = w->M, d; /* C^-1, lower; M is rewritten below */

	memset(Ci, 0, r * r * sizeof(double));
	for (j = 0; j < r; j++) {
		Ci[j * r + j] = 1 / C[j * k + j];
		for (i = j + 1; i < r; i++) {
			d = 0;
			for (m = j; m < i; m++)
				d -= C[i * k + m] * Ci[m * r + j];
			Ci[i * r + j] = d / C[i * k + i];
		}
	}
	for (i = 0; i < r; i++)
		for (j = 0; j < r; j++)
			w->L[i * r + j] = Ci[j * r + i];
	for (i = 0; i < r; i++)
		for (j = 0; j < r; j++) {
			d = 0;
			for (m = 0; m < r; m++)
				d += w->L[i * r + m] * w->L[j * r + m];
			w->M[i * r + j] = d;
		}
}

/* out = A B for r x r matrices. */
static void
mul(size_t r, const double *A, const double *B, double *out)
{
	size_t i, j, m;
	double d;

	for (i = 0; i < r; i++)
		for (j = 0; j < r; j++) {
			d = 0;
			for (m = 0; m < r; m++)
				d += A[i * r + m] * B[m * r + j];
			out[i * r + j] = d;
		}
}

/* V = M meat M. */
static void
sandwich(const struct work *w, const double *meat, double *V, double *tmp)
{
	mul(w->r, w->M, meat, tmp);
	mul(w->r, tmp, w->M, V);
}

/* Heteroskedasticity-robust (HC) meat: sum of w_i x_i x_i'. */
static void
hc_meat(struct work *w, const double *A, enum rct_se_type se, double *meat)
{
	size_t i, a, c, r = w->r;
	double h, wi, t;

	memset(meat, 0, r * r * sizeof(double));
	for (i = 0; i < w->n; i++) {
		const double *x = row(w, A, i);

		wi = w->e[i] * w->e[i];
		if (se == RCT_SE_HC2 || se == RCT_SE_HC3) {
			/* The leverage h = x' M x. */
			h = 0;
			for (a = 0; a < r; a++) {
				t = 0;
				for (c = 0; c < r; c++)
					t += w->M[a * r + c] * x[c];
				h += x[a] * t;
			}
			wi /= se == RCT_SE_HC2 ? 1 - h : (1 - h) * (1 - h);
		}
		for (a = 0; a < r; a++)
			for (c = 0; c <= a; c++)
				meat[a * r + c] += wi * x[a] * x[c];
	}
	for (a = 0; a < r; a++)
		for (c = 0; c < a; c++)
			meat[c * r + a] = meat[a * r + c];
}

/* Rows of each cluster, as lists of row indices. */
struct clusters {
	size_t *start; /* g -> first index in rows */
	size_t *rows;
	size_t G;
};

static int
group_rows(struct clusters *cl, const int32_t *cluster, size_t n, size_t G)
{
	size_t i, *fill;

	cl->G = G;
	cl->start = calloc(G + 1, sizeof(size_t));
	cl->rows = malloc((n + 1) * sizeof(size_t));
	fill = calloc(G + 1, sizeof(size_t));
	if (!cl->start || !cl->rows || !fill) {
		free(fill);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++)
		cl->start[cluster[i] + 1]++;
	for (i = 0; i < G; i++)
		cl->start[i + 1] += cl->start[i];
	for (i = 0; i < n; i++)
		cl->rows[cl->start[cluster[i]] + fill[cluster[i]]++] = i;
	free(fill);
	return 0;
}

/* CR0 meat: sum over clusters of u_g u_g', u_g = X_g' e_g. */
static void
cr0_meat(struct work *w, const double *A, const struct clusters *cl,
    double *meat, double *u)
{
	size_t g, i, a, c, r = w->r;

	memset(meat, 0, r * r * sizeof(double));
	for (g = 0; g < cl->G; g++) {
		memset(u, 0, r * sizeof(double));
		for (i = cl->start[g]; i < cl->start[g + 1]; i++) {
			const double *x = row(w, A, cl->rows[i]);

			for (a = 0; a < r; a++)
				u[a] += x[a] * w->e[cl->rows[i]];
		}
		for (a = 0; a < r; a++)
			for (c = 0; c < r; c++)
				meat[a * r + c] += u[a] * u[c];
	}
}

/* f(x) = x^-1/2, or 0 below estimatr's tolerance of 1e-12. */
static double
inv_sqrt(double x)
{
	return x > 1e-12 ? 1 / sqrt(x) : 0;
}

/*
 * (f(1 - lambda)^p - 1) / lambda, the eigenvalue factor of
 * (I - H)^(-p/2) on a direction where H has eigenvalue lambda; its limit
 * p/2 as lambda goes to 0, computed without cancellation.
 */
static double
factor(double lambda, int p)
{
	double f;

	if (fabs(lambda) < 1e-8 && 1 - lambda > 1e-12)
		return expm1(-0.5 * p * log1p(-lambda)) / lambda;
	f = inv_sqrt(1 - lambda);
	return (p == 1 ? f - 1 : f * f - 1) / lambda;
}

/*
 * CR2 (Bell and McCaffrey 2002) as clubSandwich and estimatr compute it,
 * per cluster g with G_g = X_g'X_g and q_g = X_g'e_g:
 *   A_g = (I - H_gg)^(-1/2) = I + Z D Z',  Z = X_g L,  S = Z'Z = W diag(l) W',
 *   D = W diag((f(1 - l) - 1) / l) W'  (f: inverse square root),
 *   meat row h_g = X_g' A_g e_g = q_g + G_g L D L' q_g.
 * Degrees of freedom of coefficient j (clubSandwich's P matrix):
 *   p_g = (M X_g' A_g^2 X_g M)_jj,  v_g = row j of M X_g' A_g X_g L,
 *   df = (sum p_g - sum |v_g|^2)^2 /
 *        (sum p_g^2 - 2 sum p_g |v_g|^2 + |sum v_g v_g'|_F^2).
 */
static int
cr2(struct work *w, const double *A, const struct clusters *cl, double *meat,
    double *df)
{
	size_t r = w->r, g, i, a, b, j, m;
	size_t rr = r * r;
	double *Gg = calloc(rr, sizeof(double)), *q = calloc(r, sizeof(double));
	double *S = calloc(rr, sizeof(double)), *D = calloc(rr, sizeof(double));
	double *D2 = calloc(rr, sizeof(double)),
	       *T1 = calloc(rr, sizeof(double));
	double *T2 = calloc(rr, sizeof(double)), *h = calloc(r, sizeof(double));
	double *XAX = calloc(rr, sizeof(double));
	double *XA2X = calloc(rr, sizeof(double));
	double *P = calloc(rr, sizeof(double)), *V = calloc(rr, sizeof(double));
	double *sp = calloc(r, sizeof(double)),
	       *svv = calloc(r, sizeof(double));
	double *sp2 = calloc(r, sizeof(double)),
	       *spvv = calloc(r, sizeof(double));
	double *VV = calloc(r * rr, sizeof(double));
	gsl_matrix *gS = gsl_matrix_alloc(r, r), *gW = gsl_matrix_alloc(r, r);
	gsl_vector *gl = gsl_vector_alloc(r);
	gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(r);
	double d, p, vv;
	int rc = 0;

	if (!Gg || !q || !S || !D || !D2 || !T1 || !T2 || !h || !XAX || !XA2X ||
	    !P || !V || !sp || !svv || !sp2 || !spvv || !VV || !gS || !gW ||
	    !gl || !ws) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	memset(meat, 0, rr * sizeof(double));
	for (g = 0; g < cl->G; g++) {
		memset(Gg, 0, rr * sizeof(double));
		memset(q, 0, r * sizeof(double));
		for (i = cl->start[g]; i < cl->start[g + 1]; i++) {
			const double *x = row(w, A, cl->rows[i]);
			double e = w->e[cl->rows[i]];

			for (a = 0; a < r; a++) {
				q[a] += x[a] * e;
				for (b = 0; b <= a; b++)
					Gg[a * r + b] += x[a] * x[b];
			}
		}
		for (a = 0; a < r; a++)
			for (b = 0; b < a; b++)
				Gg[b * r + a] = Gg[a * r + b];
		/* S = L' G_g L, and its eigenvalues l with vectors W. */
		mul(r, Gg, w->L, T1);
		for (a = 0; a < r; a++)
			for (b = 0; b < r; b++) {
				d = 0;
				for (m = 0; m < r; m++)
					d += w->L[m * r + a] * T1[m * r + b];
				gsl_matrix_set(gS, a, b, d);
			}
		gsl_eigen_symmv(gS, gl, gW, ws);
		/* D and D2 for (I - H)^-1/2 and (I - H)^-1. */
		for (a = 0; a < r; a++)
			for (b = 0; b < r; b++) {
				double d1 = 0, d2 = 0;

				for (m = 0; m < r; m++) {
					double l = gsl_vector_get(gl, m);
					double wa = gsl_matrix_get(gW, a, m);
					double wb = gsl_matrix_get(gW, b, m);

					if (l <= 0)
						continue; /* H is 0 there */
					d1 += wa * factor(l, 1) * wb;
					d2 += wa * factor(l, 2) * wb;
				}
				D[a * r + b] = d1;
				D2[a * r + b] = d2;
			}
		/*
		 * K = G L D L' and K2 = G L D2 L'; then X_g'A X_g = G + K G,
		 * X_g'A^2 X_g = G + K2 G and h_g = q + K q.
		 */
		for (j = 0; j < 2; j++) {
			double *Dj = j ? D2 : D, *K = j ? S : XAX;

			mul(r, Gg, w->L, T1);
			mul(r, T1, Dj, T2);
			for (a = 0; a < r; a++)
				for (b = 0; b < r; b++) {
					d = 0;
					for (m = 0; m < r; m++)
						d += T2[a * r + m] *
						    w->L[b * r + m];
					K[a * r + b] = d;
				}
		}
		for (a = 0; a < r; a++) {
			h[a] = q[a];
			for (b = 0; b < r; b++)
				h[a] += XAX[a * r + b] * q[b];
		}
		for (a = 0; a < r; a++)
			for (b = 0; b < r; b++)
				meat[a * r + b] += h[a] * h[b];
		/* XAX = G + K G and XA2X = G + K2 G (K2 is in S). */
		mul(r, XAX, Gg, T1);
		mul(r, S, Gg, T2);
		for (a = 0; a < rr; a++) {
			XAX[a] = Gg[a] + T1[a];
			XA2X[a] = Gg[a] + T2[a];
		}
		if (df == NULL)
			continue;
		/* P = M X'A^2X M (diagonal); V = M X'AX L (rows v_g(j)). */
		mul(r, w->M, XA2X, T1);
		mul(r, T1, w->M, P);
		mul(r, w->M, XAX, T1);
		mul(r, T1, w->L, V);
		for (j = 0; j < r; j++) {
			p = P[j * r + j];
			vv = 0;
			for (a = 0; a < r; a++)
				vv += V[j * r + a] * V[j * r + a];
			sp[j] += p;
			svv[j] += vv;
			sp2[j] += p * p;
			spvv[j] += p * vv;
			for (a = 0; a < r; a++)
				for (b = 0; b < r; b++)
					VV[j * rr + a * r + b] +=
					    V[j * r + a] * V[j * r + b];
		}
	}
	for (j = 0; df && j < r; j++) {
		double fro = 0;

		for (a = 0; a < rr; a++)
			fro += VV[j * rr + a] * VV[j * rr + a];
		d = sp[j] - svv[j];
		df[j] = d * d / (sp2[j] - 2 * spvv[j] + fro);
	}
out:
	free(Gg);
	free(q);
	free(S);
	free(D);
	free(D2);
	free(T1);
	free(T2);
	free(h);
	free(XAX);
	free(XA2X);
	free(P);
	free(V);
	free(sp);
	free(svv);
	free(sp2);
	free(spvv);
	free(VV);
	if (gS)
		gsl_matrix_free(gS);
	if (gW)
		gsl_matrix_free(gW);
	if (gl)
		gsl_vector_free(gl);
	if (ws)
		gsl_eigen_symmv_free(ws);
	return rc;
}

void
rct_fit_release(struct rct_fit *fit)
{
	free(fit->kept);
	free(fit->beta);
	free(fit->vcov);
	free(fit->df);
	memset(fit, 0, sizeof(*fit));
}

static void
work_free(struct work *w)
{
	free(w->col);
	free(w->c);
	free(w->s);
	free(w->M);
	free(w->L);
	free(w->beta);
	free(w->e);
	free(w->x);
}

/*
 * Back to the data's scale.  With x~_j = (x_j - c_j) / s_j the coefficients
 * are beta = T beta~: beta_j = beta~_j / s_j, and the intercept
 * beta_0 = beta~_0 - sum_j c_j beta~_j / s_j; the variance is T V~ T'.
 */
static void
report(struct rct_fit *fit, const struct work *w, const double *V,
    const double *df)
{
	size_t a, b, m, q, k = w->k, r = w->r;
	double *T = calloc(k * r + 1, sizeof(double)), d;

	for (a = 0; a < k * k; a++)
		fit->vcov[a] = NAN;
	for (a = 0; a < k; a++) {
		fit->beta[a] = NAN;
		fit->df[a] = NAN;
	}
	if (T == NULL)
		return;
	/* T maps the r kept scaled coefficients to the k columns. */
	for (a = 0; a < r; a++) {
		size_t ca = w->col[a];

		T[ca * r + a] = 1 / w->s[ca];
		if (ca != 0 && w->col[0] == 0)
			T[0 * r + a] = -w->c[ca] / w->s[ca];
	}
	for (a = 0; a < k; a++) {
		if (!fit->kept[a])
			continue;
		d = 0;
		for (m = 0; m < r; m++)
			d += T[a * r + m] * w->beta[m];
		fit->beta[a] = d;
		for (b = 0; b < k; b++) {
			if (!fit->kept[b])
				continue;
			d = 0;
			for (m = 0; m < r; m++)
				for (q = 0; q < r; q++)
					d += T[a * r + m] * V[m * r + q] *
					    T[b * r + q];
			fit->vcov[a * k + b] = d;
		}
	}
	for (a = 0; a < r; a++)
		fit->df[w->col[a]] = df[a];
	free(T);
}

int
rct_ols(struct rct_fit *fit, const double *X, const double *xhat,
    const double *y, size_t n, size_t k, const int32_t *cluster,
    size_t nclusters, enum rct_se_type se)
{
	const double *A = xhat ? xhat : X; /* the design fitted on */
	struct clusters cl = {NULL, NULL, 0};
	struct work w;
	double *G = NULL, *b = NULL, *C = NULL, *meat = NULL, *V = NULL;
	double *tmp = NULL, *df = NULL, scale = 1, d;
	size_t i, a, c, r;
	int rc = 0;

	memset(fit, 0, sizeof(*fit));
	memset(&w, 0, sizeof(w));
	w.n = n;
	w.k = k;
	fit->n = n;
	fit->k = k;
	fit->nclusters = nclusters;
	w.col = calloc(k, sizeof(size_t));
	w.c = calloc(k, sizeof(double));
	w.s = calloc(k, sizeof(double));
	w.M = calloc(k * k, sizeof(double));
	w.L = calloc(k * k, sizeof(double));
	w.beta = calloc(k, sizeof(double));
	w.e = calloc(n + 1, sizeof(double));
	w.x = calloc(k, sizeof(double));
	G = calloc(k * k, sizeof(double));
	b = calloc(k, sizeof(double));
	C = calloc(k * k, sizeof(double));
	meat = calloc(k * k, sizeof(double));
	V = calloc(k * k, sizeof(double));
	tmp = calloc(k * k, sizeof(double));
	df = calloc(k, sizeof(double));
	fit->kept = calloc(k, sizeof(int));
	fit->beta = calloc(k, sizeof(double));
	fit->vcov = calloc(k * k, sizeof(double));
	fit->df = calloc(k, sizeof(double));
	if (!w.col || !w.c || !w.s || !w.M || !w.L || !w.beta || !w.e || !w.x ||
	    !G || !b || !C || !meat || !V || !tmp || !df || !fit->kept ||
	    !fit->beta || !fit->vcov || !fit->df) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	column_scales(&w, A);
	gram(&w, A, y, G, b);
	choose_columns(&w, G, C, fit->kept);
	r = w.r;
	fit->rank = r;
	if (n <= r) {
		rc = rct_error(RCT_EINVAL,
		    "%zu observations for %zu "
		    "coefficients: too few to estimate",
		    n, r);
		goto out;
	}
	inverse(&w, C);
	for (a = 0; a < r; a++) {
		d = 0;
		for (c = 0; c < r; c++)
			d += w.M[a * r + c] * b[w.col[c]];
		w.beta[a] = d;
	}
	/* Residuals from the design itself (X, not xhat, for IV). */
	for (i = 0; i < n; i++) {
		const double *x = row(&w, X, i);

		d = y[i];
		for (a = 0; a < r; a++)
			d -= x[a] * w.beta[a];
		w.e[i] = d;
	}
	for (a = 0; a < r; a++)
		df[a] = (double)(n - r);
	if (rct_se_clustered(se) &&
	    (rc = group_rows(&cl, cluster, n, nclusters)) != 0)
		goto out;
	switch (se) {
	case RCT_SE_CLASSICAL:
		d = 0;
		for (i = 0; i < n; i++)
			d += w.e[i] * w.e[i];
		for (a = 0; a < r * r; a++)
			V[a] = w.M[a] * d / (double)(n - r);
		break;
	case RCT_SE_CR0:
	case RCT_SE_STATA:
		cr0_meat(&w, A, &cl, meat, tmp);
		sandwich(&w, meat, V, tmp);
		for (a = 0; a < r; a++)
			df[a] = (double)nclusters - 1;
		if (se == RCT_SE_STATA)
			scale = (double)nclusters * (double)(n - 1) /
			    (((double)nclusters - 1) * (double)(n - r));
		break;
	case RCT_SE_CR2:
		if ((rc = cr2(&w, A, &cl, meat, df)) != 0)
			goto out;
		sandwich(&w, meat, V, tmp);
		break;
	default:
		hc_meat(&w, A, se, meat);
		sandwich(&w, meat, V, tmp);
		if (se == RCT_SE_HC1)
			scale = (double)n / (double)(n - r);
		break;
	}
	for (a = 0; a < r * r; a++)
		V[a] *= scale;
	report(fit, &w, V, df);
out:
	free(cl.start);
	free(cl.rows);
	free(G);
	free(b);
	free(C);
	free(meat);
	free(V);
	free(tmp);
	free(df);
	work_free(&w);
	if (rc != 0)
		rct_fit_release(fit);
	return rc;
}
