/*
 * The residual sum of squares of a classical least-squares fit of y on
 * [1, extra, the columns] (categorical columns expanded to indicators of
 * all levels but the first), over chosen rows: what F tests and R^2 need.
 */
#ifndef RCT_RSS_H
#define RCT_RSS_H

#include <stddef.h>

#include "dataset.h"

struct rct_rss {
	double rss, tss; /* residual and total (about the mean) */
	size_t rank, n;
};

/*
 * y[i] and extra[i] (NULL: none) belong to dataset row rows[i], i < m;
 * the columns are read at rows[i].
 */
int rct_rss(const double *y, const double *extra,
    const struct rct_column *const *cols, size_t ncols, const size_t *rows,
    size_t m, struct rct_rss *out);

#endif
