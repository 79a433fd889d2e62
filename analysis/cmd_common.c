/* Shared pieces of the analysis commands (cmd_common.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "error.h"
#include "text.h"

int
rct_cmd_factors(char **names, size_t n, unsigned char **factor)
{
	size_t i;

	if ((*factor = calloc(n + 1, 1)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		char *c = names[i];
		size_t len = strlen(c);

		if (strncmp(c, "factor(", 7) == 0 && len > 8 &&
		    c[len - 1] == ')') {
			memmove(c, c + 7, len - 8);
			c[len - 8] = '\0';
			(*factor)[i] = 1;
		}
	}
	return 0;
}

void
rct_cmd_number(char out[32], double x)
{
	if (isnan(x))
		out[0] = '\0';
	else
		rct_format_double(out, x);
}

int
rct_cmd_baseline_variables(const struct rct_protocol *p, char ***names,
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
