/*
 * Least squares and its standard errors (ols.h).  The formulas follow
 * estimatr's lm_robust (src/lm_robust_helper.cpp) and, for CR2,
 * clubSandwich, which it implements; the memory-light rewriting of CR2 is
 * derived in ols.h and in the comments of cr2() below.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "error.h"
#include "ols.h"
#include "parallel.h"

int
rct_ols_se_clustered(enum rct_se_type t)
{
	return t == RCT_SE_CR0 || t == RCT_SE_STATA || t == RCT_SE_CR2;
}

struct clusters;

/* A fit in the making, on the centred and scaled kept columns. */
struct work {
	size_t n, k, r; /* rows, columns, kept columns */
	size_t *col; /* kept index -> column */
	double *c, *s, *is; /* per column: centre, scale and 1 / scale */
	double *M; /* r x r: (X~'X~)^-1 */
	double *L; /* r x r with M = L L' */
	/*
	 * CR2's degrees of freedom: TM = T M and MT = M T' (r x r), T taking
	 * the scaled coefficients to the data's (contrast_rows()).
	 */
	double *TM, *MT;
	double *beta; /* r */
	double *e; /* n residuals */
	const double *y;
	const struct rct_design *D; /* the design a pass reads */
	const struct rct_design *A; /* the design fitted on (xhat for IV) */
	const struct clusters *cl;
	enum rct_se_type se;
	int parts; /* threads */
	double *scratch; /* per part: 3k doubles */
	double *acc; /* per part: acc_size sums, added up in part order */
	size_t acc_size;
	int failed; /* a part ran out of memory */
};

/*
 * Rows are taken BATCH at a time where a pass sums outer products, so that
 * each sum is loaded and stored once per batch (and the fixed-length loops
 * over the batch vectorize).
 */
#define BATCH 8

/* A part's scratch, in rows of k: raw, scaled, one more, 2 batches. */
#define SCRATCH_ROWS (3 + 2 * BATCH)

/* Thread part's scratch: raw row, scaled row, one more row, batches. */
static double *
part_scratch(const struct work *w, int part)
{
	return w->scratch + (size_t)part * SCRATCH_ROWS * w->k;
}

static void
matrix_row(const struct rct_design *d, size_t i, double *x)
{
	memcpy(x, (const double *)d->ctx + i * d->k, d->k * sizeof(double));
}

void
rct_ols_design_matrix(struct rct_design *d, const double *X, size_t n, size_t k)
{
	d->n = n;
	d->k = k;
	d->row = matrix_row;
	d->ctx = X;
	d->weight = NULL;
}

/*
 * Row i of the kept columns of D, centred and scaled, into x (raw: k);
 * with weights times sqrt(w_i), as lm_robust(weights =) (centring first
 * keeps the fit: the intercept column becomes sqrt(w) with the rest).
 */
static const double *
row(const struct work *w, const struct rct_design *D, size_t i, double *raw,
    double *x)
{
	double sw = D->weight ? sqrt(D->weight[i]) : 1;
	size_t j;

	D->row(D, i, raw);
	for (j = 0; j < w->r; j++) {
		size_t c = w->col[j];

		x[j] = (raw[c] - w->c[c]) * w->is[c] * sw;
	}
	return x;
}

/* y_i, times sqrt(w_i) with weights. */
static double
response(const struct work *w, size_t i)
{
	return w->D->weight ? w->y[i] * sqrt(w->D->weight[i]) : w->y[i];
}

/* Rows per thread below which one thread does the work. */
#define MIN_ROWS 20000

/*
 * Run a pass over rows (or clusters) with acc_size sums per part, and
 * leave their total in acc[0 .. acc_size).
 */
static int
pass(struct work *w, size_t n, size_t min_rows, size_t acc_size, rct_part_fn fn)
{
	size_t j;
	int parts, p;

	free(w->acc);
	w->acc_size = acc_size;
	w->acc = calloc((size_t)w->parts * acc_size + 1, sizeof(double));
	if (w->acc == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	parts = rct_parallel_for(n, w->parts, min_rows, fn, w);
	for (p = 1; p < parts; p++)
		for (j = 0; j < acc_size; j++)
			w->acc[j] += w->acc[(size_t)p * acc_size + j];
	if (w->failed)
		return rct_error(RCT_ENOMEM, "out of memory");
	return 0;
}

/*
 * Per part: sums of each column's values and squares, shifted by row 0's
 * values so that a large mean does not swamp the spread.
 */
static void
scales_part(void *arg, int part, size_t begin, size_t end)
{
	struct work *w = arg;
	size_t i, j, k = w->k;
	double *acc = w->acc + (size_t)part * w->acc_size;
	double *raw = part_scratch(w, part), *x0 = raw + k;

	w->D->row(w->D, 0, x0);
	for (i = begin; i < end; i++) {
		w->D->row(w->D, i, raw);
		for (j = 0; j < k; j++) {
			double d = raw[j] - x0[j];

			acc[j] += d;
			acc[k + j] += d * d;
		}
	}
}

/*
 * Centre and scale of each column.  Any centre and scale give the same
 * fit once report() turns it back; near the mean and the standard
 * deviation they make X~'X~ well conditioned.
 */
static int
column_scales(struct work *w, const struct rct_design *D)
{
	size_t j, k = w->k;
	double n = (double)w->n, *x0 = w->scratch + k;
	int rc;

	w->D = D;
	if ((rc = pass(w, w->n, MIN_ROWS, 2 * k, scales_part)) != 0)
		return rc;
	D->row(D, 0, x0);
	for (j = 0; j < k; j++) {
		double s1 = w->acc[j], s2 = w->acc[k + j];
		double ss = s2 - s1 * s1 / n;

		/* The intercept, or any constant column, keeps its values. */
		if (j == 0 || s2 == 0) {
			w->c[j] = 0;
			w->s[j] = 1;
		} else {
			w->c[j] = x0[j] + s1 / n;
			w->s[j] = sqrt((ss > 0 ? ss : s2) / n);
		}
		w->is[j] = 1 / w->s[j];
	}
	return 0;
}

/*
 * sum (lower triangle, stride r) += the sum over a batch of w_b x_b x_b'
 * (w NULL: all 1), X holding the batch by columns: X[a * BATCH + b].
 */
static void
add_outer(double *sum, size_t r, const double *X, const double *w)
{
	double xw[BATCH];
	size_t a, b, c;

	for (a = 0; a < r; a++) {
		const double *xa = X + a * BATCH;

		for (b = 0; b < BATCH; b++)
			xw[b] = w ? w[b] * xa[b] : xa[b];
		for (c = 0; c <= a; c++) {
			const double *xc = X + c * BATCH;
			double d = 0;

			for (b = 0; b < BATCH; b++)
				d += xw[b] * xc[b];
			sum[a * r + c] += d;
		}
	}
}

/* Per part: the lower triangle of X~'X~ and X~'y, over all k columns. */
static void
gram_part(void *arg, int part, size_t begin, size_t end)
{
	struct work *w = arg;
	size_t i, a, b, m = 0, k = w->k;
	double *G = w->acc + (size_t)part * w->acc_size, *bv = G + k * k;
	double *raw = part_scratch(w, part), *x = raw + k;
	double *X = x + 2 * k, yb[BATCH];

	for (i = begin; i < end || m > 0;) {
		if (i < end) {
			row(w, w->D, i, raw, x);
			for (a = 0; a < k; a++)
				X[a * BATCH + m] = x[a];
			yb[m++] = response(w, i++);
		} else /* the last batch, padded with rows of 0 */
			for (; m < BATCH; m++) {
				for (a = 0; a < k; a++)
					X[a * BATCH + m] = 0;
				yb[m] = 0;
			}
		if (m < BATCH)
			continue;
		add_outer(G, k, X, NULL);
		for (a = 0; a < k; a++) {
			double d = 0;

			for (b = 0; b < BATCH; b++)
				d += X[a * BATCH + b] * yb[b];
			bv[a] += d;
		}
		m = 0;
	}
}

/* G = X~'X~ and b = X~'y over all k columns (lower triangle filled too). */
static int
gram(struct work *w, const struct rct_design *D, double *G, double *b)
{
	size_t a, c, k = w->k, r = w->r;
	int rc;

	w->r = k;
	for (a = 0; a < k; a++)
		w->col[a] = a;
	w->D = D;
	rc = pass(w, w->n, MIN_ROWS, k * k + k, gram_part);
	w->r = r;
	if (rc != 0)
		return rc;
	memcpy(G, w->acc, k * k * sizeof(double));
	memcpy(b, w->acc + k * k, k * sizeof(double));
	for (a = 0; a < k; a++)
		for (c = 0; c < a; c++)
			G[c * k + a] = G[a * k + c];
	return 0;
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

static int
is_hc(enum rct_se_type se)
{
	return se == RCT_SE_HC0 || se == RCT_SE_HC1 || se == RCT_SE_HC2 ||
	    se == RCT_SE_HC3;
}

/* Leverage within this of 1 is taken as 1. */
#define LEVERAGE_ONE 1e-10

/*
 * Per part: the residuals e = y - X beta (X: w->D) and the sum of their
 * squares; for the HC types in the same pass the meat, sum of
 * w_i x_i x_i' over the fitted design (w->A), with the leverage
 * h = x' M x = |C^-1 x|^2 from the triangular C^-1 (stored as L).
 */
/*
 * A batch's share of the HC meat: with the leverages h = |C^-1 x|^2
 * (stored as L) for HC2 and HC3, weights e^2 / (1 - h) or e^2 / (1 -
 * h)^2, and 0 for a row fitted exactly (counted in *ones when it is one of
 * the m real rows, not padding).
 */
static void
hc_batch(const struct work *w, const double *X, double *U, const double *e2,
    size_t m, double *meat, double *ones)
{
	size_t r = w->r, a, b, c;
	double wb[BATCH], h[BATCH];

	for (b = 0; b < BATCH; b++)
		wb[b] = e2[b];
	if (w->se == RCT_SE_HC2 || w->se == RCT_SE_HC3) {
		/* U = C^-1 X by columns (L is C^-T), the batch at once. */
		memset(U, 0, r * BATCH * sizeof(double));
		for (c = 0; c < r; c++)
			for (a = c; a < r; a++) {
				double l = w->L[c * r + a];

				for (b = 0; b < BATCH; b++)
					U[a * BATCH + b] +=
					    l * X[c * BATCH + b];
			}
		for (b = 0; b < BATCH; b++)
			h[b] = 0;
		for (a = 0; a < r; a++)
			for (b = 0; b < BATCH; b++)
				h[b] += U[a * BATCH + b] * U[a * BATCH + b];
		for (b = 0; b < BATCH; b++) {
			/*
			 * A row fitted exactly (leverage 1, to rounding) has
			 * e = 0 and weight 0 / 0: estimatr places 0 there
			 * (src/lm_robust_helper.cpp), and so do we, counted.
			 */
			if (h[b] > 1 - LEVERAGE_ONE) {
				wb[b] = 0;
				*ones += b < m;
			} else
				wb[b] /= w->se == RCT_SE_HC2 ?
				    1 - h[b] :
				    (1 - h[b]) * (1 - h[b]);
		}
	}
	add_outer(meat, r, X, wb);
}

/*
 * Per part: the residuals e = y - X beta (X: w->D) and the sum of their
 * squares; for the HC types in the same pass the meat, sum of
 * w_i x_i x_i' over the fitted design (w->A), a batch of rows at a time.
 */
static void
residual_part(void *arg, int part, size_t begin, size_t end)
{
	struct work *w = arg;
	size_t i, a, r = w->r, m = 0;
	double *acc = w->acc + (size_t)part * w->acc_size, *meat = acc + 1;
	double *raw = part_scratch(w, part), *x = raw + w->k;
	double *X = x + 2 * w->k, *U = X + BATCH * w->k, e, e2[BATCH];
	int hc = is_hc(w->se);

	for (i = begin; i < end; i++) {
		e = response(w, i);
		row(w, w->D, i, raw, x);
		for (a = 0; a < r; a++)
			e -= x[a] * w->beta[a];
		w->e[i] = e;
		acc[0] += e * e;
		if (!hc)
			continue;
		if (w->A != w->D)
			row(w, w->A, i, raw, x);
		for (a = 0; a < r; a++)
			X[a * BATCH + m] = x[a];
		e2[m++] = e * e;
		if (m == BATCH) {
			hc_batch(w, X, U, e2, m, meat, &acc[1 + r * r]);
			m = 0;
		}
	}
	if (m > 0) {
		size_t n = m;

		/* The last batch, padded with rows of 0. */
		for (; m < BATCH; m++) {
			for (a = 0; a < r; a++)
				X[a * BATCH + m] = 0;
			e2[m] = 0;
		}
		hc_batch(w, X, U, e2, n, meat, &acc[1 + r * r]);
	}
}

/*
 * The residuals, their sum of squares (returned in *ss) and, for the HC
 * types, the meat.
 */
static int
residuals(struct work *w, const struct rct_design *X,
    const struct rct_design *A, double *ss, double *meat)
{
	size_t a, c, r = w->r;
	int rc;

	w->D = X;
	w->A = A;
	if ((rc = pass(w, w->n, MIN_ROWS, 2 + r * r, residual_part)) != 0)
		return rc;
	*ss = w->acc[0];
	if (w->acc[1 + r * r] > 0)
		rct_error_warn(
		    "%.0f row(s) have leverage 1 (fitted exactly, such as "
		    "the only person with a level of a covariate): %s "
		    "gives them weight 0, as estimatr does, so their "
		    "outcome does not inform the standard error",
		    w->acc[1 + r * r], rct_methods_se_name(w->se));
	for (a = 0; a < r; a++)
		for (c = 0; c <= a; c++)
			meat[a * r + c] = meat[c * r + a] =
			    w->acc[1 + a * r + c];
	return 0;
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

/* Clusters per thread below which one thread does the work. */
#define MIN_CLUSTERS 500

/* Per part: the CR0 meat, sum over clusters of u_g u_g', u_g = X_g'e_g. */
static void
cr0_part(void *arg, int part, size_t begin, size_t end)
{
	struct work *w = arg;
	const struct clusters *cl = w->cl;
	size_t g, i, a, c, r = w->r;
	double *meat = w->acc + (size_t)part * w->acc_size;
	double *raw = part_scratch(w, part), *x = raw + w->k, *u = x + w->k;

	for (g = begin; g < end; g++) {
		memset(u, 0, r * sizeof(double));
		for (i = cl->start[g]; i < cl->start[g + 1]; i++) {
			row(w, w->D, cl->rows[i], raw, x);
			for (a = 0; a < r; a++)
				u[a] += x[a] * w->e[cl->rows[i]];
		}
		for (a = 0; a < r; a++)
			for (c = 0; c < r; c++)
				meat[a * r + c] += u[a] * u[c];
	}
}

static int
cr0_meat(struct work *w, const struct rct_design *A, double *meat)
{
	int rc;

	w->D = A;
	if ((rc = pass(w, w->cl->G, MIN_CLUSTERS, w->r * w->r, cr0_part)) != 0)
		return rc;
	memcpy(meat, w->acc, w->r * w->r * sizeof(double));
	return 0;
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

/* One thread's workspace for CR2: r x r matrices unless said. */
struct cr2_space {
	double *block; /* all of the below */
	double *Gg, *S, *D, *D2, *T1, *T2, *XAX, *XA2X, *P, *V;
	double *q, *h; /* r */
	gsl_matrix *gS, *gW;
	gsl_vector *gl;
	gsl_eigen_symmv_workspace *ws;
};

static void
cr2_space_free(struct cr2_space *s)
{
	free(s->block);
	if (s->gS)
		gsl_matrix_free(s->gS);
	if (s->gW)
		gsl_matrix_free(s->gW);
	if (s->gl)
		gsl_vector_free(s->gl);
	if (s->ws)
		gsl_eigen_symmv_free(s->ws);
}

static int
cr2_space_alloc(struct cr2_space *s, size_t r)
{
	double **m[] = {&s->Gg, &s->S, &s->D, &s->D2, &s->T1, &s->T2, &s->XAX,
	    &s->XA2X, &s->P, &s->V};
	size_t i, rr = r * r, nm = sizeof(m) / sizeof(m[0]);

	memset(s, 0, sizeof(*s));
	s->block = calloc(nm * rr + 2 * r, sizeof(double));
	s->gS = gsl_matrix_alloc(r, r);
	s->gW = gsl_matrix_alloc(r, r);
	s->gl = gsl_vector_alloc(r);
	s->ws = gsl_eigen_symmv_alloc(r);
	if (!s->block || !s->gS || !s->gW || !s->gl || !s->ws) {
		cr2_space_free(s);
		return -1;
	}
	for (i = 0; i < nm; i++)
		*m[i] = s->block + i * rr;
	s->q = s->block + nm * rr;
	s->h = s->q + r;
	return 0;
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

/*
 * Cluster g's share of the CR2 sums, added to acc: the meat (r x r), then
 * per coefficient sum p_g, sum |v_g|^2, sum p_g^2, sum p_g |v_g|^2 (r
 * each), and sum v_g v_g' (r x r x r).
 */
static void
cr2_cluster(const struct work *w, size_t g, struct cr2_space *s, double *raw,
    double *acc)
{
	const struct clusters *cl = w->cl;
	size_t r = w->r, rr = r * r, i, a, b, j, m;
	double *meat = acc, *sp = acc + rr, *svv = sp + r, *sp2 = svv + r;
	double *spvv = sp2 + r, *VV = spvv + r, *x = raw + w->k, d, p, vv;

	memset(s->Gg, 0, rr * sizeof(double));
	memset(s->q, 0, r * sizeof(double));
	for (i = cl->start[g]; i < cl->start[g + 1]; i++) {
		double e = w->e[cl->rows[i]];

		row(w, w->D, cl->rows[i], raw, x);
		for (a = 0; a < r; a++) {
			s->q[a] += x[a] * e;
			for (b = 0; b <= a; b++)
				s->Gg[a * r + b] += x[a] * x[b];
		}
	}
	for (a = 0; a < r; a++)
		for (b = 0; b < a; b++)
			s->Gg[b * r + a] = s->Gg[a * r + b];
	/* S = L' G_g L, and its eigenvalues l with vectors W. */
	mul(r, s->Gg, w->L, s->T1);
	for (a = 0; a < r; a++)
		for (b = 0; b < r; b++) {
			d = 0;
			for (m = 0; m < r; m++)
				d += w->L[m * r + a] * s->T1[m * r + b];
			gsl_matrix_set(s->gS, a, b, d);
		}
	gsl_eigen_symmv(s->gS, s->gl, s->gW, s->ws);
	/* D and D2 for (I - H)^-1/2 and (I - H)^-1. */
	for (a = 0; a < r; a++)
		for (b = 0; b < r; b++) {
			double d1 = 0, d2 = 0;

			for (m = 0; m < r; m++) {
				double l = gsl_vector_get(s->gl, m);
				double wa = gsl_matrix_get(s->gW, a, m);
				double wb = gsl_matrix_get(s->gW, b, m);

				if (l <= 0)
					continue; /* H is 0 there */
				d1 += wa * factor(l, 1) * wb;
				d2 += wa * factor(l, 2) * wb;
			}
			s->D[a * r + b] = d1;
			s->D2[a * r + b] = d2;
		}
	/*
	 * K = G L D L' and K2 = G L D2 L'; then X_g'A X_g = G + K G,
	 * X_g'A^2 X_g = G + K2 G and h_g = q + K q.
	 */
	for (j = 0; j < 2; j++) {
		double *Dj = j ? s->D2 : s->D, *K = j ? s->S : s->XAX;

		mul(r, s->Gg, w->L, s->T1);
		mul(r, s->T1, Dj, s->T2);
		for (a = 0; a < r; a++)
			for (b = 0; b < r; b++) {
				d = 0;
				for (m = 0; m < r; m++)
					d += s->T2[a * r + m] * w->L[b * r + m];
				K[a * r + b] = d;
			}
	}
	for (a = 0; a < r; a++) {
		s->h[a] = s->q[a];
		for (b = 0; b < r; b++)
			s->h[a] += s->XAX[a * r + b] * s->q[b];
	}
	for (a = 0; a < r; a++)
		for (b = 0; b < r; b++)
			meat[a * r + b] += s->h[a] * s->h[b];
	/* XAX = G + K G and XA2X = G + K2 G (K2 is in S). */
	mul(r, s->XAX, s->Gg, s->T1);
	mul(r, s->S, s->Gg, s->T2);
	for (a = 0; a < rr; a++) {
		s->XAX[a] = s->Gg[a] + s->T1[a];
		s->XA2X[a] = s->Gg[a] + s->T2[a];
	}
	/*
	 * P = M X'A^2X M (diagonal); V = M X'AX L (rows v_g(j)), each row of
	 * M taken as the contrast that gives coefficient j on the data's
	 * scale (TM, MT): the intercept is a combination of the scaled ones.
	 */
	mul(r, w->TM, s->XA2X, s->T1);
	mul(r, s->T1, w->MT, s->P);
	mul(r, w->TM, s->XAX, s->T1);
	mul(r, s->T1, w->L, s->V);
	for (j = 0; j < r; j++) {
		p = s->P[j * r + j];
		vv = 0;
		for (a = 0; a < r; a++)
			vv += s->V[j * r + a] * s->V[j * r + a];
		sp[j] += p;
		svv[j] += vv;
		sp2[j] += p * p;
		spvv[j] += p * vv;
		for (a = 0; a < r; a++)
			for (b = 0; b < r; b++)
				VV[j * rr + a * r + b] +=
				    s->V[j * r + a] * s->V[j * r + b];
	}
}

static void
cr2_part(void *arg, int part, size_t begin, size_t end)
{
	struct work *w = arg;
	struct cr2_space s;
	size_t g;

	if (cr2_space_alloc(&s, w->r) != 0) {
		w->failed = 1;
		return;
	}
	for (g = begin; g < end; g++)
		cr2_cluster(w, g, &s, part_scratch(w, part),
		    w->acc + (size_t)part * w->acc_size);
	cr2_space_free(&s);
}

/*
 * The degrees of freedom of CR2 belong to a contrast: the coefficient of
 * column j on the data's scale is row j of T (report()) times the scaled
 * coefficients, which for the intercept mixes them all.  TM = T M and MT =
 * M T', kept rows only; CR2 takes its per-coefficient rows from these
 * (the degrees of freedom do not change with the scale of a row, so the
 * other columns' are those of M's rows).
 */
static int
contrast_rows(struct work *w)
{
	size_t r = w->r, a, b, m;
	double *T = calloc(r * r + 1, sizeof(double));

	w->TM = calloc(r * r + 1, sizeof(double));
	w->MT = calloc(r * r + 1, sizeof(double));
	if (T == NULL || w->TM == NULL || w->MT == NULL) {
		free(T);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	for (a = 0; a < r; a++) {
		size_t ca = w->col[a];

		T[a * r + a] = 1 / w->s[ca];
		if (ca != 0 && w->col[0] == 0)
			T[0 * r + a] = -w->c[ca] / w->s[ca];
	}
	mul(r, T, w->M, w->TM);
	for (a = 0; a < r; a++)
		for (b = 0; b < r; b++) {
			double d = 0;

			for (m = 0; m < r; m++)
				d += w->M[a * r + m] * T[b * r + m];
			w->MT[a * r + b] = d;
		}
	free(T);
	return 0;
}

static int
cr2(struct work *w, const struct rct_design *A, double *meat, double *df)
{
	size_t r = w->r, rr = r * r, j, a;
	double *sp, *svv, *sp2, *spvv, *VV, d;
	int rc;

	w->D = A;
	if ((rc = pass(w, w->cl->G, MIN_CLUSTERS, rr + 4 * r + r * rr,
		 cr2_part)) != 0)
		return rc;
	memcpy(meat, w->acc, rr * sizeof(double));
	sp = w->acc + rr;
	svv = sp + r;
	sp2 = svv + r;
	spvv = sp2 + r;
	VV = spvv + r;
	for (j = 0; j < r; j++) {
		double fro = 0;

		for (a = 0; a < rr; a++)
			fro += VV[j * rr + a] * VV[j * rr + a];
		d = sp[j] - svv[j];
		df[j] = d * d / (sp2[j] - 2 * spvv[j] + fro);
	}
	return 0;
}

/*
 * Weighted CR2, as estimatr's lm_robust(weights =, se_type = "CR2")
 * computes it (src/lm_robust_helper.cpp, lm_variance_cr2, which follows
 * clubSandwich with the working variance I): with U the unweighted rows,
 * W = diag(w), e = y - U b the unweighted residuals and M = (U'WU)^-1,
 *   A_g = [(I - H)(I - H)']_gg^(-1/2) = (I - H_gg - H_gg' + U_g O U_g')^-1/2,
 *   H_gg = U_g M U_g' W_g, O = M U'W^2U M,
 *   meat row h_g = U_g'W_g A_g e_g,
 * and the degrees of freedom of coefficient j from the G x G matrix
 *   P = H3'H3 - H1'H2 - H2'H1 + diag(p_g), with, per cluster, the j-th rows
 *   h1_g of M U_g'W_g A_g U_g L, h2_g of M U_g'W_g A_g W_g U_g L, h3_g of
 *   M U_g'W_g A_g U_g L_O (L L' = M, L_O L_O' = O) and p_g the j-th
 *   diagonal of M U_g'W_g A_g^2 W_g U_g M:
 *   df = tr(P)^2 / |P|_F^2.
 * Memory-light as unweighted CR2 (ols.h): I - H_gg - H_gg' + U_g O U_g' =
 * I + V C V' with V = [U_g, W_g U_g] and C = [O, -M; -M, 0], so with V'V
 * = Q diag(l) Q' (the directions of l > 0) and R C R' = E diag(mu) E',
 * R = diag(l)^1/2 Q', A_g^-p = I + V F_p V' with F_p = sum over mu of
 * ((1 + mu)^(-p/2) - 1) z z', z = Q diag(l)^-1/2 E_mu.  Everything is
 * then made of the cluster's U'U, U'WU, U'W^2U, U'e and U'We, and |P|_F^2
 * of r x r sums of the h's outer products.  The rows the passes read are
 * sqrt(w) U and the residuals sqrt(w) e.
 */

/* out (m x p) = A (m x n) B (n x p); At: A given transposed (n x m). */
static void
gemm(size_t m, size_t n, size_t p, const double *A, int At, const double *B,
    double *out)
{
	size_t i, j, l;

	for (i = 0; i < m; i++)
		for (j = 0; j < p; j++) {
			double d = 0;

			for (l = 0; l < n; l++)
				d += (At ? A[l * m + i] : A[i * n + l]) *
				    B[l * p + j];
			out[i * p + j] = d;
		}
}

/* Per part: sum of w x x' over the weighted rows x (U'W^2U). */
static void
w2_part(void *arg, int part, size_t begin, size_t end)
{
	struct work *w = arg;
	size_t i, a, c, r = w->r;
	double *acc = w->acc + (size_t)part * w->acc_size;
	double *raw = part_scratch(w, part), *x = raw + w->k;

	for (i = begin; i < end; i++) {
		double wi = w->D->weight[i];

		row(w, w->D, i, raw, x);
		for (a = 0; a < r; a++)
			for (c = 0; c < r; c++)
				acc[a * r + c] += wi * x[a] * x[c];
	}
}

/* One thread's workspace for weighted CR2. */
struct cr2w_space {
	double *block;
	double *P0, *P1, *P2, *Qs, *Cm, *R, *S, *F1, *F2, *BW, *BU, *K1, *K2;
	double *T, *X1, *X2, *X3, *H1, *H2, *H3, *Pm, *q, *h, *z;
	gsl_matrix *gA, *gV, *gS, *gE;
	gsl_vector *gl, *gmu;
	gsl_eigen_symmv_workspace *wa;
	gsl_eigen_symmv_workspace **wm; /* per size 1..2r, made when needed */
	size_t nwm;
};

static void
cr2w_space_free(struct cr2w_space *s)
{
	free(s->block);
	if (s->gA)
		gsl_matrix_free(s->gA);
	if (s->gV)
		gsl_matrix_free(s->gV);
	if (s->gS)
		gsl_matrix_free(s->gS);
	if (s->gE)
		gsl_matrix_free(s->gE);
	if (s->gl)
		gsl_vector_free(s->gl);
	if (s->gmu)
		gsl_vector_free(s->gmu);
	if (s->wa)
		gsl_eigen_symmv_free(s->wa);
	if (s->wm) {
		size_t m;

		for (m = 0; m <= s->nwm; m++)
			if (s->wm[m])
				gsl_eigen_symmv_free(s->wm[m]);
		free(s->wm);
	}
}

static int
cr2w_space_alloc(struct cr2w_space *s, size_t r)
{
	size_t rr = r * r, q = 2 * r, qq = q * q, off = 0, i;
	double **small[] = {&s->P0, &s->P1, &s->P2, &s->T, &s->X1, &s->X2,
	    &s->X3, &s->H1, &s->H2, &s->H3, &s->Pm};
	double **big[] = {&s->Qs, &s->Cm, &s->R, &s->S, &s->F1, &s->F2, &s->BW,
	    &s->BU, &s->K1, &s->K2};
	size_t ns = sizeof(small) / sizeof(small[0]);
	size_t nb = sizeof(big) / sizeof(big[0]);

	memset(s, 0, sizeof(*s));
	s->block = calloc(ns * rr + nb * qq + 2 * q + r, sizeof(double));
	s->gA = gsl_matrix_alloc(q, q);
	s->gV = gsl_matrix_alloc(q, q);
	s->gS = gsl_matrix_alloc(q, q);
	s->gE = gsl_matrix_alloc(q, q);
	s->gl = gsl_vector_alloc(q);
	s->gmu = gsl_vector_alloc(q);
	s->wa = gsl_eigen_symmv_alloc(q);
	s->nwm = q;
	s->wm = calloc(q + 1, sizeof(*s->wm));
	if (!s->block || !s->gA || !s->gV || !s->gS || !s->gE || !s->gl ||
	    !s->gmu || !s->wa || !s->wm) {
		cr2w_space_free(s);
		return -1;
	}
	for (i = 0; i < ns; i++, off += rr)
		*small[i] = s->block + off;
	for (i = 0; i < nb; i++, off += qq)
		*big[i] = s->block + off;
	s->q = s->block + off;
	s->h = s->q + q;
	s->z = s->h + r;
	return 0;
}

/* The part of the accumulators of one coefficient's degrees of freedom. */
#define CR2W_DF_SIZE(r) (6 * (r) * (r) + 4)

/*
 * Cluster g's share of the weighted CR2 sums, added to acc: the meat (r x
 * r), then per coefficient j: sum h3 h3', h1 h1', h2 h2', h3 h1', h3 h2',
 * h1 h2' (r x r each), tr(P), sum p^2, sum p |h3|^2, sum p h1'h2.
 */
static int
cr2w_cluster(const struct work *w, size_t g, struct cr2w_space *s,
    const double *Om, const double *LO, double *raw, double *acc)
{
	const struct clusters *cl = w->cl;
	size_t r = w->r, rr = r * r, q = 2 * r, i, a, b, j, l, m;
	double *x = raw + w->k, lmax = 0;
	const double *M = w->M;

	memset(s->P0, 0, rr * sizeof(double));
	memset(s->P1, 0, rr * sizeof(double));
	memset(s->P2, 0, rr * sizeof(double));
	memset(s->q, 0, q * sizeof(double));
	for (i = cl->start[g]; i < cl->start[g + 1]; i++) {
		size_t ri = cl->rows[i];
		double wi = w->D->weight[ri], e = w->e[ri];

		/* x = sqrt(w) u, e = sqrt(w) (y - u b). */
		row(w, w->D, ri, raw, x);
		for (a = 0; a < r; a++) {
			s->q[a] += x[a] * e / wi; /* U'e */
			s->q[r + a] += x[a] * e; /* U'We */
			for (b = 0; b < r; b++) {
				s->P0[a * r + b] += x[a] * x[b] / wi;
				s->P1[a * r + b] += x[a] * x[b];
				s->P2[a * r + b] += wi * x[a] * x[b];
			}
		}
	}
	/* V'V = [P0 P1; P1 P2] and C = [O -M; -M 0]. */
	for (a = 0; a < r; a++)
		for (b = 0; b < r; b++) {
			gsl_matrix_set(s->gA, a, b, s->P0[a * r + b]);
			gsl_matrix_set(s->gA, a, r + b, s->P1[a * r + b]);
			gsl_matrix_set(s->gA, r + a, b, s->P1[b * r + a]);
			gsl_matrix_set(s->gA, r + a, r + b, s->P2[a * r + b]);
			s->Cm[a * q + b] = Om[a * r + b];
			s->Cm[a * q + r + b] = -M[a * r + b];
			s->Cm[(r + a) * q + b] = -M[a * r + b];
			s->Cm[(r + a) * q + r + b] = 0;
		}
	gsl_eigen_symmv(s->gA, s->gl, s->gV, s->wa);
	for (l = 0; l < q; l++)
		if (gsl_vector_get(s->gl, l) > lmax)
			lmax = gsl_vector_get(s->gl, l);
	/* R (m x q): the directions V spans; m of them. */
	for (l = 0, m = 0; l < q; l++) {
		double lam = gsl_vector_get(s->gl, l);

		if (!(lam > 1e-10 * lmax))
			continue;
		for (a = 0; a < q; a++)
			s->R[m * q + a] =
			    sqrt(lam) * gsl_matrix_get(s->gV, a, l);
		/* Qs: row m is Q_l / sqrt(l), for z below. */
		for (a = 0; a < q; a++)
			s->Qs[m * q + a] =
			    gsl_matrix_get(s->gV, a, l) / sqrt(lam);
		m++;
	}
	/* S = R C R' (m x m), eigen E diag(mu) E'. */
	gemm(m, q, q, s->R, 0, s->Cm, s->K1);
	for (a = 0; a < m; a++)
		for (b = 0; b < m; b++) {
			double d = 0;

			for (l = 0; l < q; l++)
				d += s->K1[a * q + l] * s->R[b * q + l];
			s->S[a * m + b] = d;
		}
	memset(s->F1, 0, q * q * sizeof(double));
	memset(s->F2, 0, q * q * sizeof(double));
	if (m > 0) {
		gsl_matrix_view sv = gsl_matrix_view_array(s->S, m, m);
		gsl_matrix_view ev = gsl_matrix_submatrix(s->gE, 0, 0, m, m);
		gsl_vector_view mv = gsl_vector_subvector(s->gmu, 0, m);
		if (s->wm[m] == NULL &&
		    (s->wm[m] = gsl_eigen_symmv_alloc(m)) == NULL)
			return -1;
		gsl_eigen_symmv(&sv.matrix, &mv.vector, &ev.matrix, s->wm[m]);
		for (l = 0; l < m; l++) {
			double mu = 1 + gsl_vector_get(s->gmu, l);
			double f1 = mu > 1e-12 ? 1 / sqrt(mu) - 1 : -1;
			double f2 = mu > 1e-12 ? 1 / mu - 1 : -1;

			/* z = sum_i Q_i E_il / sqrt(l_i). */
			for (a = 0; a < q; a++) {
				double d = 0;

				for (i = 0; i < m; i++)
					d += s->Qs[i * q + a] *
					    gsl_matrix_get(s->gE, i, l);
				s->z[a] = d;
			}
			for (a = 0; a < q; a++)
				for (b = 0; b < q; b++) {
					s->F1[a * q + b] +=
					    f1 * s->z[a] * s->z[b];
					s->F2[a * q + b] +=
					    f2 * s->z[a] * s->z[b];
				}
		}
	}
	/* BW = U_g'W_g V = [P1 P2], BU = U_g'V = [P0 P1]. */
	for (a = 0; a < r; a++)
		for (b = 0; b < r; b++) {
			s->BW[a * q + b] = s->P1[a * r + b];
			s->BW[a * q + r + b] = s->P2[a * r + b];
			s->BU[a * q + b] = s->P0[a * r + b];
			s->BU[a * q + r + b] = s->P1[a * r + b];
		}
	gemm(r, q, q, s->BW, 0, s->F1, s->K1);
	gemm(r, q, q, s->BW, 0, s->F2, s->K2);
	/* h = U'We + K1 [U'e; U'We]. */
	for (a = 0; a < r; a++) {
		double d = s->q[r + a];

		for (l = 0; l < q; l++)
			d += s->K1[a * q + l] * s->q[l];
		s->h[a] = d;
	}
	for (a = 0; a < r; a++)
		for (b = 0; b < r; b++)
			acc[a * r + b] += s->h[a] * s->h[b];
	/*
	 * X1 = U'WAU = P1 + K1 BU', X2 = U'WAWU = P2 + K1 BW',
	 * X3 = U'WA^2WU = P2 + K2 BW'.
	 */
	for (a = 0; a < r; a++)
		for (b = 0; b < r; b++) {
			double d1 = s->P1[a * r + b], d2 = s->P2[a * r + b];
			double d3 = d2;

			for (l = 0; l < q; l++) {
				d1 += s->K1[a * q + l] * s->BU[b * q + l];
				d2 += s->K1[a * q + l] * s->BW[b * q + l];
				d3 += s->K2[a * q + l] * s->BW[b * q + l];
			}
			s->X1[a * r + b] = d1;
			s->X2[a * r + b] = d2;
			s->X3[a * r + b] = d3;
		}
	/*
	 * H1 = M X1 L, H2 = M X2 L, H3 = M X1 L_O, Pm = M X3 M, with the rows
	 * of M the contrasts of the data's coefficients (TM, MT; cr2_cluster).
	 */
	gemm(r, r, r, w->TM, 0, s->X1, s->T);
	gemm(r, r, r, s->T, 0, w->L, s->H1);
	gemm(r, r, r, s->T, 0, LO, s->H3);
	gemm(r, r, r, w->TM, 0, s->X2, s->T);
	gemm(r, r, r, s->T, 0, w->L, s->H2);
	gemm(r, r, r, w->TM, 0, s->X3, s->T);
	gemm(r, r, r, s->T, 0, w->MT, s->Pm);
	for (j = 0; j < r; j++) {
		double *d = acc + rr + j * CR2W_DF_SIZE(r);
		double *S33 = d, *S11 = d + rr, *S22 = d + 2 * rr;
		double *S31 = d + 3 * rr, *S32 = d + 4 * rr, *E12 = d + 5 * rr;
		double *sc = d + 6 * rr, p = s->Pm[j * r + j], n3 = 0, n12 = 0;
		const double *h1 = s->H1 + j * r, *h2 = s->H2 + j * r;
		const double *h3 = s->H3 + j * r;

		for (a = 0; a < r; a++) {
			n3 += h3[a] * h3[a];
			n12 += h1[a] * h2[a];
			for (b = 0; b < r; b++) {
				S33[a * r + b] += h3[a] * h3[b];
				S11[a * r + b] += h1[a] * h1[b];
				S22[a * r + b] += h2[a] * h2[b];
				S31[a * r + b] += h3[a] * h1[b];
				S32[a * r + b] += h3[a] * h2[b];
				E12[a * r + b] += h1[a] * h2[b];
			}
		}
		sc[0] += n3 - 2 * n12 + p;
		sc[1] += p * p;
		sc[2] += p * n3;
		sc[3] += p * n12;
	}
	return 0;
}

/* What the parts of weighted CR2 read besides the work. */
struct cr2w_ctx {
	struct work *w;
	const double *Om, *LO;
};

static void
cr2w_part(void *arg, int part, size_t begin, size_t end)
{
	struct cr2w_ctx *c = arg;
	struct work *w = c->w;
	struct cr2w_space s;
	size_t g;

	if (cr2w_space_alloc(&s, w->r) != 0) {
		w->failed = 1;
		return;
	}
	for (g = begin; g < end; g++)
		if (cr2w_cluster(w, g, &s, c->Om, c->LO, part_scratch(w, part),
			w->acc + (size_t)part * w->acc_size) != 0)
			w->failed = 1;
	cr2w_space_free(&s);
}

static int
cr2w(struct work *w, const struct rct_design *A, double *meat, double *df)
{
	size_t r = w->r, rr = r * r, j, a, b, size;
	double *Om = NULL, *LO = NULL, *T = NULL;
	struct cr2w_ctx c;
	int rc, parts, p;

	w->D = A;
	Om = calloc(rr, sizeof(double));
	LO = calloc(rr, sizeof(double));
	T = calloc(rr, sizeof(double));
	if (!Om || !LO || !T) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	/* O = M U'W^2U M and its lower Cholesky factor. */
	if ((rc = pass(w, w->n, MIN_ROWS, rr, w2_part)) != 0)
		goto out;
	mul(r, w->M, w->acc, T);
	mul(r, T, w->M, Om);
	memcpy(LO, Om, rr * sizeof(double));
	{
		gsl_matrix_view lv = gsl_matrix_view_array(LO, r, r);

		if (gsl_linalg_cholesky_decomp1(&lv.matrix) != GSL_SUCCESS) {
			rc = rct_error(RCT_EINVAL,
			    "weighted CR2: M U'W^2U M is not positive definite");
			goto out;
		}
		for (a = 0; a < r; a++)
			for (b = a + 1; b < r; b++)
				LO[a * r + b] = 0;
	}
	/* The parts' sums, as pass() makes them but with the context. */
	size = rr + r * CR2W_DF_SIZE(r);
	free(w->acc);
	w->acc_size = size;
	w->acc = calloc((size_t)w->parts * size + 1, sizeof(double));
	if (w->acc == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	c.w = w;
	c.Om = Om;
	c.LO = LO;
	parts =
	    rct_parallel_for(w->cl->G, w->parts, MIN_CLUSTERS, cr2w_part, &c);
	for (p = 1; p < parts; p++)
		for (j = 0; j < size; j++)
			w->acc[j] += w->acc[(size_t)p * size + j];
	if (w->failed) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(meat, w->acc, rr * sizeof(double));
	for (j = 0; j < r; j++) {
		const double *d = w->acc + rr + j * CR2W_DF_SIZE(r);
		const double *S33 = d, *S11 = d + rr, *S22 = d + 2 * rr;
		const double *S31 = d + 3 * rr, *S32 = d + 4 * rr;
		const double *E12 = d + 5 * rr, *sc = d + 6 * rr;
		double f = 0;

		for (a = 0; a < rr; a++)
			f += S33[a] * S33[a] + 2 * S11[a] * S22[a] -
			    4 * S31[a] * S32[a];
		for (a = 0; a < r; a++)
			for (b = 0; b < r; b++)
				f += 2 * E12[a * r + b] * E12[b * r + a];
		f += sc[1] + 2 * sc[2] - 4 * sc[3];
		df[j] = sc[0] * sc[0] / f;
	}
out:
	free(Om);
	free(LO);
	free(T);
	return rc;
}

void
rct_ols_fit_release(struct rct_fit *fit)
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
	free(w->is);
	free(w->M);
	free(w->L);
	free(w->TM);
	free(w->MT);
	free(w->beta);
	free(w->e);
	free(w->scratch);
	free(w->acc);
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
rct_ols(struct rct_fit *fit, const struct rct_design *X,
    const struct rct_design *xhat, const double *y, const int32_t *cluster,
    size_t nclusters, enum rct_se_type se)
{
	const struct rct_design *A = xhat ? xhat : X; /* the design fitted on */
	struct clusters cl = {NULL, NULL, 0};
	struct work w;
	size_t n = X->n, k = X->k, a, c, r;
	double *G = NULL, *b = NULL, *C = NULL, *meat = NULL, *V = NULL;
	double *tmp = NULL, *df = NULL, scale = 1, d;
	int rc = 0;

	memset(fit, 0, sizeof(*fit));
	if (se > RCT_SE_CR2)
		return rct_error(RCT_EINVAL,
		    "%s is not an error of least squares",
		    rct_methods_se_name(se));
	if (rct_ols_se_clustered(se) && (cluster == NULL || nclusters == 0))
		return rct_error(RCT_EINVAL,
		    "%s errors need each row's cluster",
		    rct_methods_se_name(se));
	memset(&w, 0, sizeof(w));
	w.n = n;
	w.k = k;
	w.y = y;
	w.se = se;
	w.parts = rct_parallel_parts();
	fit->n = n;
	fit->k = k;
	fit->nclusters = nclusters;
	w.col = calloc(k, sizeof(size_t));
	w.c = calloc(k, sizeof(double));
	w.s = calloc(k, sizeof(double));
	w.is = calloc(k, sizeof(double));
	w.M = calloc(k * k, sizeof(double));
	w.L = calloc(k * k, sizeof(double));
	w.beta = calloc(k, sizeof(double));
	w.e = calloc(n + 1, sizeof(double));
	w.scratch =
	    calloc((size_t)w.parts * SCRATCH_ROWS * k + BATCH, sizeof(double));
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
	if (!w.col || !w.c || !w.s || !w.is || !w.M || !w.L || !w.beta ||
	    !w.e || !w.scratch || !G || !b || !C || !meat || !V || !tmp ||
	    !df || !fit->kept || !fit->beta || !fit->vcov || !fit->df) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = column_scales(&w, A)) != 0 || (rc = gram(&w, A, G, b)) != 0)
		goto out;
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
	if ((rc = residuals(&w, X, A, &d, meat)) != 0)
		goto out;
	for (a = 0; a < r; a++)
		df[a] = (double)(n - r);
	if (rct_ols_se_clustered(se)) {
		if ((rc = group_rows(&cl, cluster, n, nclusters)) != 0)
			goto out;
		w.cl = &cl;
	}
	switch (se) {
	case RCT_SE_CLASSICAL:
		for (a = 0; a < r * r; a++)
			V[a] = w.M[a] * d / (double)(n - r);
		break;
	case RCT_SE_CR0:
	case RCT_SE_STATA:
		if ((rc = cr0_meat(&w, A, meat)) != 0)
			goto out;
		sandwich(&w, meat, V, tmp);
		for (a = 0; a < r; a++)
			df[a] = (double)nclusters - 1;
		if (se == RCT_SE_STATA)
			scale = (double)nclusters * (double)(n - 1) /
			    (((double)nclusters - 1) * (double)(n - r));
		break;
	case RCT_SE_CR2:
		if ((rc = contrast_rows(&w)) != 0 ||
		    (rc = (A->weight ? cr2w : cr2)(&w, A, meat, df)) != 0)
			goto out;
		sandwich(&w, meat, V, tmp);
		break;
	default: /* HC: the meat came with the residuals */
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
		rct_ols_fit_release(fit);
	return rc;
}
