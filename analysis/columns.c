/* Checks of a dataset's columns (columns.h). */
#include <math.h>

#include "buf.h"
#include "columns.h"
#include "error.h"

struct rct_column *
rct_columns_need(struct rct_dataset *d, const char *name, const char *role)
{
	struct rct_column *c = rct_dataset_column(d, name);

	if (c == NULL)
		rct_error(RCT_EINVAL, "%s: no column '%s' for the %s",
		    d->source, name, role);
	return c;
}

int
rct_columns_missing(const struct rct_column *c, size_t i)
{
	return c->kind == RCT_COLUMN_NUMBER ? isnan(c->num[i]) : c->code[i] < 0;
}

/* "FILE:LINE:COLUMN: the treatment level 'x' does not occur ..." */
static int
no_level(const struct rct_dataset *d, const struct rct_column *arm,
    const char *role, const char *level)
{
	struct rct_buf levels = RCT_BUF_INIT;
	size_t i;

	for (i = 0; i < arm->nlevels && i < 20; i++)
		rct_buf_addf(&levels, "%s'%s'", i ? ", " : "", arm->levels[i]);
	rct_error_at(RCT_EINVAL, d->source, d->header_line, arm->csv_column,
	    "the %s level '%s' does not occur in column '%s', expected "
	    "one of %s",
	    role, level, arm->name,
	    arm->nlevels ? rct_buf_str(&levels) : "(no levels: it is empty)");
	rct_buf_release(&levels);
	return RCT_EINVAL;
}

int
rct_columns_arms_resolve(const struct rct_dataset *d,
    const struct rct_column *arm, const char *treat, const char *control,
    int *t, int *c)
{
	if (arm->kind != RCT_COLUMN_CATEGORY ||
	    (*t = rct_dataset_column_level(arm, treat)) < 0)
		return no_level(d, arm, "treatment", treat);
	if (control) {
		if ((*c = rct_dataset_column_level(arm, control)) < 0)
			return no_level(d, arm, "control", control);
	} else if (arm->nlevels == 2)
		*c = *t == 0 ? 1 : 0;
	else if (arm->nlevels < 2)
		return rct_error(RCT_EINVAL,
		    "%s: column '%s' has only '%s': there is no arm to "
		    "compare with",
		    d->source, arm->name, treat);
	else
		return rct_error(RCT_EINVAL,
		    "%s: column '%s' has %zu arms; name the one to compare "
		    "with --control",
		    d->source, arm->name, arm->nlevels);
	return 0;
}

int
rct_columns_covariate_check(const struct rct_dataset *d,
    const struct rct_column *c, int factor)
{
	if (factor || !rct_dataset_column_mixed(c))
		return 0;
	rct_dataset_require_number(d, c);
	return rct_error(RCT_EINVAL,
	    "covariate '%s' mixes numbers and text: leave a missing value "
	    "empty, or write factor(%s) to use its values as categories",
	    c->name, c->name);
}
