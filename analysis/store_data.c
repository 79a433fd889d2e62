/* The analysis dataset of a trial store (store_data.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "participant.h"
#include "protocol.h"
#include "store_data.h"

/* The fixed columns before the variables. */
enum { COL_ARM, COL_SITE, COL_STRATUM, COL_CLUSTER, COL_WITHDRAWN, NFIXED };

struct build {
	const struct rct_protocol *p;
	size_t prob_col; /* the first arm's prob:ARM column */
	char (*prob)[32]; /* per arm: its probability as text */
	struct rct_dataset_builder *b;
	int *var_col; /* per variable: its column, or -1 */
	const char **values; /* per column */
	char (*rank)[24]; /* per outcome: an ordinal rank as text */
	size_t ncols;
};

/*
 * The probability of arm name in the allocation's probabilities, the JSON
 * object {"ARM":p,...} that randomizer/alloc.c writes, as text into out
 * ("" when the arm is not there).
 */
static void
arm_probability(const char *json, const char *name, char out[32])
{
	const char *s = json;
	size_t n = strlen(name), i;

	out[0] = '\0';
	while (s && (s = strchr(s, '"')) != NULL) {
		const char *k = ++s;

		while (*s && *s != '"')
			s += *s == '\\' && s[1] ? 2 : 1;
		if (*s != '"' || s[1] != ':')
			return;
		if ((size_t)(s - k) == n && strncmp(k, name, n) == 0) {
			for (i = 0, s += 2;
			     i < 31 && s[i] && strchr("0123456789.eE+-", s[i]);
			     i++)
				out[i] = s[i];
			out[i] = '\0';
			return;
		}
		s = strchr(s, ',');
	}
}

static int
add_row(void *arg, const struct rct_participant *pt)
{
	struct build *w = arg;
	const struct rct_protocol *p = w->p;
	size_t i, c = NFIXED, k;

	if (pt->arm == NULL)
		return 0; /* not randomized: not in the analysis */
	w->values[COL_ARM] = pt->arm;
	w->values[COL_SITE] = pt->site;
	w->values[COL_STRATUM] = pt->stratum;
	w->values[COL_CLUSTER] = pt->cluster;
	w->values[COL_WITHDRAWN] = pt->withdrawn ? "1" : "0";
	for (i = 0; i < p->nvars; i++)
		if (w->var_col[i] >= 0)
			w->values[w->var_col[i]] = pt->values[i];
	for (i = 0; i < p->narms; i++) {
		arm_probability(pt->probabilities ? pt->probabilities : "",
		    p->arms[i].name, w->prob[i]);
		w->values[w->prob_col + i] = w->prob[i];
	}
	c = w->ncols - p->noutcomes;
	for (i = 0; i < p->noutcomes; i++) {
		const struct rct_outcome *o = &p->outcomes[i];
		const char *v = pt->outcomes[i];

		if (v && o->type == RCT_OUTCOME_ORDINAL) {
			for (k = 0; k < o->ncodes; k++)
				if (strcmp(o->codes[k], v) == 0)
					break;
			snprintf(w->rank[i], sizeof(w->rank[i]), "%zu", k + 1);
			v = k < o->ncodes ? w->rank[i] : NULL;
		}
		w->values[c + i] = v;
	}
	return rct_dataset_build_row(w->b, w->values, (long)pt->id);
}

void
rct_store_data_prob_column(char out[RCT_STORE_DATA_PROB_MAX], const char *arm)
{
	snprintf(out, RCT_STORE_DATA_PROB_MAX, "prob:%s", arm);
}

int
rct_store_data_read(struct rct_store *s, struct rct_dataset **out)
{
	static const char *const fixed[] = {"arm", "site", "stratum", "cluster",
	    "withdrawn"};
	const struct rct_protocol *p = rct_store_protocol(s);
	struct rct_participant_filter filter = {NULL, 0, 0, 0, 1};
	struct build w;
	const char **names = NULL;
	unsigned char *cat = NULL;
	size_t i, n = 0, max = NFIXED + p->nvars + p->narms + p->noutcomes;
	char(*probname)[RCT_STORE_DATA_PROB_MAX] = NULL;
	int rc;

	*out = NULL;
	memset(&w, 0, sizeof(w));
	w.p = p;
	names = calloc(max + 1, sizeof(*names));
	cat = calloc(max + 1, 1);
	w.var_col = calloc(p->nvars + 1, sizeof(int));
	w.values = calloc(max + 1, sizeof(*w.values));
	w.rank = calloc(p->noutcomes + 1, sizeof(*w.rank));
	w.prob = calloc(p->narms + 1, sizeof(*w.prob));
	probname = calloc(p->narms + 1, sizeof(*probname));
	if (!names || !cat || !w.var_col || !w.values || !w.rank || !w.prob ||
	    !probname) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < NFIXED; i++) {
		cat[n] = i != COL_WITHDRAWN;
		names[n++] = fixed[i];
	}
	for (i = 0; i < p->nvars; i++) {
		const struct rct_variable *v = &p->vars[i];

		w.var_col[i] = -1;
		if (v->type == RCT_VAR_DATE || v->type == RCT_VAR_TEXT)
			continue;
		w.var_col[i] = (int)n;
		cat[n] = v->type == RCT_VAR_CODE;
		names[n++] = v->name;
	}
	w.prob_col = n;
	for (i = 0; i < p->narms; i++) {
		rct_store_data_prob_column(probname[i], p->arms[i].name);
		names[n++] = probname[i];
	}
	for (i = 0; i < p->noutcomes; i++)
		names[n++] = p->outcomes[i].name;
	w.ncols = n;
	if ((rc = rct_dataset_build_begin(&w.b, rct_store_path(s), names, cat,
		 n)) != 0 ||
	    (rc = rct_participant_foreach(s, &filter, add_row, &w)) != 0)
		goto out;
	rc = rct_dataset_build_end(w.b, out);
	w.b = NULL;
out:
	rct_dataset_build_free(w.b);
	free(names);
	free(cat);
	free(w.var_col);
	free(w.values);
	free(w.rank);
	free(w.prob);
	free(probname);
	return rc;
}

int
rct_store_data_read_allocated(struct rct_store *s, struct rct_dataset **out)
{
	int rc;

	if ((rc = rct_store_data_read(s, out)) != 0)
		return rc;
	if ((*out)->n > 0)
		return 0;
	rct_dataset_free(*out);
	*out = NULL;
	return rct_error(RCT_EINVAL,
	    "nobody in store '%s' is allocated yet, and this analysis is of "
	    "the randomized; allocate first (randomizer assign %s --pending)",
	    rct_store_path(s), rct_store_path(s));
}
