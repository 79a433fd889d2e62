/* The store's defaults of every analysis (defaults.h). */
#include <stdlib.h>
#include <string.h>

#include "defaults.h"
#include "error.h"

int
rct_defaults_baseline(const struct rct_protocol *p, char ***names,
    unsigned char **factor, size_t *n)
{
	size_t i;

	*n = 0;
	*names = calloc(p->nvars + 1, sizeof(char *));
	*factor = calloc(p->nvars + 1, 1);
	if (*names == NULL || *factor == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < p->nvars; i++) {
		const struct rct_variable *v = &p->vars[i];

		if (v->type == RCT_VAR_DATE || v->type == RCT_VAR_TEXT)
			continue;
		if (((*names)[*n] = strdup(v->name)) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		(*factor)[(*n)++] = v->type == RCT_VAR_CODE;
	}
	return 0;
}

int
rct_defaults_outcomes(const struct rct_protocol *p, char ***names, size_t *n)
{
	char *const *list = p->nfamily ? p->family : &p->primary;
	size_t i, k = p->nfamily ? p->nfamily : (p->primary ? 1 : 0);

	*n = 0;
	if ((*names = calloc(k + 1, sizeof(char *))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < k; i++) {
		if (((*names)[i] = strdup(list[i])) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		*n = i + 1;
	}
	return 0;
}

const char *
rct_defaults_next_arm(const struct rct_protocol *p, const char *treat,
    const char *control, size_t *i)
{
	if (p == NULL || treat)
		return (*i)++ == 0 ? treat : NULL;
	while (*i < p->narms) {
		const char *name = p->arms[(*i)++].name;

		if (strcmp(name, control) != 0)
			return name;
	}
	return NULL;
}

int
rct_defaults_min_cell(const struct rct_protocol *p)
{
	return p && p->min_cell > 0 ? p->min_cell : 5;
}
