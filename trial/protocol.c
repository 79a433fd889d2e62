/*
 * Reading a protocol file (protocol.h) with libinih.
 *
 * libinih hands us "section, key, value"; we feed it the text through our
 * own line reader, which counts lines (so every message can name one),
 * notices section headers (libinih does not report an empty section),
 * refuses over-long lines and tells continuation lines from repeated keys.
 * Cross-references between sections are checked afterwards, in
 * protocol_check.c, once everything has been read.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>
#include <sodium.h>

#include "buf.h"
#include "error.h"
#include "protocol.h"
#include "protocol_internal.h"
#include "text.h"

enum section_kind {
	SEC_NONE,
	SEC_TRIAL,
	SEC_ARM,
	SEC_RANDOMIZATION,
	SEC_VARIABLE,
	SEC_ELIGIBILITY,
	SEC_OUTCOME,
	SEC_ANALYSIS,
	SEC_CONCEALED,
	SEC_WITNESS,
};

struct parser {
	struct rct_protocol *p;
	const char *text;
	size_t len, pos;
	int line; /* line last handed to libinih */
	int continued; /* that line began with a blank */
	int errors;
	int error_line; /* last line we reported an error on */
	enum section_kind kind;
	size_t item; /* index of the current arm, variable, outcome */
	struct rct_buf seen; /* "section\tkey\n" of keys already given */
	struct rct_buf sections; /* "section\tline\n" of sections seen */
};

static int fail(struct parser *ps, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(struct parser *ps, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rct_error_at(RCT_EINVAL, ps->p->path, ps->line, 0, "%s", msg);
	ps->errors++;
	ps->error_line = ps->line;
	return 1; /* libinih: go on, we have recorded it */
}

static void *
grow_array(void *array, size_t *n, size_t size)
{
	char *p = realloc(array, (*n + 1) * size);

	if (p == NULL)
		return NULL;
	memset(p + *n * size, 0, size);
	(*n)++;
	return p;
}

/* Where an item of the same kind and name was declared, or 0. */
static int
section_seen(struct parser *ps, const char *header)
{
	const char *s = rct_buf_str(&ps->sections);
	size_t hl = strlen(header);

	while (*s) {
		const char *tab = strchr(s, '\t');
		const char *nl = strchr(s, '\n');

		if ((size_t)(tab - s) == hl && memcmp(s, header, hl) == 0)
			return atoi(tab + 1);
		s = nl + 1;
	}
	return 0;
}

static void
begin_section(struct parser *ps, const char *header)
{
	static const char *const kinds[] = {"", "trial", "arm", "randomization",
	    "variable", "eligibility", "outcome", "analysis", "concealed",
	    "witness"};
	char word[64] = "", name[128] = "", extra[8] = "";
	struct rct_protocol *p = ps->p;
	int n, k, first;

	ps->kind = SEC_NONE;
	n = sscanf(header, "%63s %127s %7s", word, name, extra);
	for (k = 1; k < (int)(sizeof(kinds) / sizeof(kinds[0])); k++)
		if (strcmp(word, kinds[k]) == 0)
			break;
	if (k == (int)(sizeof(kinds) / sizeof(kinds[0]))) {
		fail(ps,
		    "unknown section [%s], expected [trial], [arm NAME], "
		    "[randomization], [concealed], [variable NAME], "
		    "[eligibility], [outcome NAME], [analysis] or "
		    "[witness NAME]",
		    header);
		return;
	}
	if ((k == SEC_ARM || k == SEC_VARIABLE || k == SEC_OUTCOME ||
		k == SEC_WITNESS) != (n >= 2) ||
	    n > 2) {
		if (n >= 2 &&
		    !(k == SEC_ARM || k == SEC_VARIABLE || k == SEC_OUTCOME ||
			k == SEC_WITNESS))
			fail(ps, "section [%s] takes no name", word);
		else
			fail(ps,
			    "section [%s] needs one name, as in "
			    "[%s NAME]",
			    header, word);
		return;
	}
	if (n == 2 && !rct_text_name_valid(name)) {
		fail(ps,
		    "'%s' is not a valid name, expected lower-case "
		    "letters, digits and '_', starting with a letter",
		    name);
		return;
	}
	if ((first = section_seen(ps, header)) != 0) {
		if (n == 2)
			fail(ps, "duplicate %s '%s', first declared at line %d",
			    word, name, first);
		else
			fail(ps, "duplicate section [%s], first at line %d",
			    word, first);
		return;
	}
	rct_buf_addf(&ps->sections, "%s\t%d\n", header, ps->line);
	ps->kind = (enum section_kind)k;
	if (ps->kind == SEC_CONCEALED)
		p->concealed = 1;
	switch (ps->kind) {
	case SEC_ARM:
		if ((p->arms = grow_array(p->arms, &p->narms,
			 sizeof(*p->arms))) == NULL)
			break;
		ps->item = p->narms - 1;
		p->arms[ps->item].name = strdup(name);
		p->arms[ps->item].line = ps->line;
		break;
	case SEC_VARIABLE:
		if ((p->vars = grow_array(p->vars, &p->nvars,
			 sizeof(*p->vars))) == NULL)
			break;
		ps->item = p->nvars - 1;
		p->vars[ps->item].name = strdup(name);
		p->vars[ps->item].line = ps->line;
		p->vars[ps->item].required = 1;
		p->vars[ps->item].type = (enum rct_var_type) - 1;
		break;
	case SEC_WITNESS:
		if ((p->witnesses = grow_array(p->witnesses, &p->nwitnesses,
			 sizeof(*p->witnesses))) == NULL)
			break;
		ps->item = p->nwitnesses - 1;
		p->witnesses[ps->item].name = strdup(name);
		p->witnesses[ps->item].line = ps->line;
		break;
	case SEC_OUTCOME:
		if ((p->outcomes = grow_array(p->outcomes, &p->noutcomes,
			 sizeof(*p->outcomes))) == NULL)
			break;
		ps->item = p->noutcomes - 1;
		p->outcomes[ps->item].name = strdup(name);
		p->outcomes[ps->item].line = ps->line;
		p->outcomes[ps->item].type = (enum rct_outcome_type) - 1;
		break;
	default:
		break;
	}
}

/*
 * libinih's reader: hand out one line of the text.  Section headers are
 * noticed here, where we know their line.
 */
static char *
read_line(char *str, int num, void *stream)
{
	struct parser *ps = stream;
	size_t n = 0, start = ps->pos;
	const char *s;

	if (ps->pos >= ps->len)
		return NULL;
	while (ps->pos < ps->len && ps->text[ps->pos] != '\n')
		ps->pos++;
	n = ps->pos - start;
	if (ps->pos < ps->len)
		ps->pos++;
	ps->line++;
	s = ps->text + start;
	ps->continued = n > 0 && (s[0] == ' ' || s[0] == '\t');
	if (n + 2 > (size_t)num) {
		fail(ps, "line is %zu characters long, expected at most %d", n,
		    num - 2);
		str[0] = '\n';
		str[1] = '\0';
		return str;
	}
	memcpy(str, s, n);
	str[n] = '\n';
	str[n + 1] = '\0';
	if (n > 0 && s[0] == '[') {
		char header[256];
		const char *close = memchr(s, ']', n);
		size_t hl = close ? (size_t)(close - s - 1) : 0;

		if (close == NULL || hl >= sizeof(header)) {
			fail(ps, "a section header must be closed by ']'");
			ps->kind = SEC_NONE;
		} else {
			char *trimmed;

			memcpy(header, s + 1, hl);
			header[hl] = '\0';
			if ((trimmed = rct_text_trim_dup(header)) != NULL) {
				begin_section(ps, trimmed);
				free(trimmed);
			}
		}
	}
	return str;
}

/* The key was given before in this section (or is a continuation). */
static int
repeated(struct parser *ps, const char *section, const char *key)
{
	struct rct_buf entry = RCT_BUF_INIT;
	int found;

	/* Entries are "\nsection\tkey\n", so a match is a whole entry. */
	if (ps->seen.len == 0)
		rct_buf_addc(&ps->seen, '\n');
	rct_buf_addf(&entry, "\n%s\t%s\n", section, key);
	found = strstr(rct_buf_str(&ps->seen), rct_buf_str(&entry)) != NULL;
	if (!found)
		rct_buf_add(&ps->seen, entry.data + 1, entry.len - 1);
	rct_buf_release(&entry);
	return found;
}

static int
set_string(struct parser *ps, char **field, const char *value)
{
	char *copy;

	if (*value == '\0')
		return fail(ps, "empty value, expected text");
	if ((copy = strdup(value)) == NULL)
		return fail(ps, "out of memory");
	free(*field);
	*field = copy;
	return 1;
}

/* A continued line of a label or description adds to it. */
static int
append_string(struct parser *ps, char **field, const char *value)
{
	struct rct_buf b = RCT_BUF_INIT;

	rct_buf_adds(&b, *field ? *field : "");
	rct_buf_addc(&b, ' ');
	rct_buf_adds(&b, value);
	if (rct_buf_failed(&b))
		return fail(ps, "out of memory");
	free(*field);
	*field = rct_buf_detach(&b);
	return 1;
}

static int
set_list(struct parser *ps, char ***list, size_t *n, const char *value,
    int names)
{
	char **items;
	int k, i;

	if ((k = rct_text_split_list(value, ',', &items)) < 0)
		return fail(ps,
		    "'%s' is not a list, expected items separated "
		    "by commas, none empty",
		    value);
	for (i = 0; names && i < k; i++)
		if (!rct_text_name_valid(items[i]) &&
		    strcmp(items[i], "site") != 0) {
			fail(ps,
			    "'%s' is not a valid name, expected lower-case "
			    "letters, digits and '_'",
			    items[i]);
			rct_text_list_free(items, (size_t)k);
			return 1;
		}
	for (i = 0; i < k; i++)
		if (rct_text_list_find(items, (size_t)i, items[i]) >= 0) {
			fail(ps, "'%s' is listed twice", items[i]);
			rct_text_list_free(items, (size_t)k);
			return 1;
		}
	rct_text_list_free(*list, *n);
	*list = items;
	*n = (size_t)k;
	return 1;
}

static int
set_number(struct parser *ps, double *field, int *has, const char *value)
{
	if (rct_text_parse_double(value, field) < 0)
		return fail(ps, "'%s' is not a number", value);
	if (has)
		*has = 1;
	return 1;
}

static int
set_bool(struct parser *ps, int *field, const char *value)
{
	if (strcmp(value, "yes") == 0)
		*field = 1;
	else if (strcmp(value, "no") == 0)
		*field = 0;
	else
		return fail(ps, "'%s' is not yes or no", value);
	return 1;
}

static int
trial_key(struct parser *ps, const char *key, const char *value)
{
	struct rct_protocol *p = ps->p;

	if (strcmp(key, "name") == 0)
		return set_string(ps, &p->name, value);
	if (strcmp(key, "registration") == 0)
		return set_string(ps, &p->registration, value);
	if (strcmp(key, "description") == 0)
		return set_string(ps, &p->description, value);
	if (strcmp(key, "cluster") == 0)
		return set_string(ps, &p->cluster, value);
	if (strcmp(key, "recruited") == 0)
		return set_string(ps, &p->recruited, value);
	if (strcmp(key, "unit") == 0) {
		if (strcmp(value, "individual") == 0)
			p->unit = RCT_UNIT_INDIVIDUAL;
		else if (strcmp(value, "cluster") == 0)
			p->unit = RCT_UNIT_CLUSTER;
		else
			return fail(ps,
			    "unit '%s' is unknown, expected "
			    "individual or cluster",
			    value);
		return 1;
	}
	return fail(ps,
	    "unknown key '%s' in [trial], expected name, "
	    "registration, description, unit, cluster or recruited",
	    key);
}

static int
arm_key(struct parser *ps, const char *key, const char *value)
{
	struct rct_arm *a = &ps->p->arms[ps->item];
	long ratio;

	if (strcmp(key, "label") == 0)
		return set_string(ps, &a->label, value);
	if (strcmp(key, "ratio") == 0) {
		if (rct_text_parse_long(value, &ratio) < 0 || ratio < 1 ||
		    ratio > 100)
			return fail(ps,
			    "ratio '%s' of arm '%s' is not a whole "
			    "number from 1 to 100",
			    value, a->name);
		a->ratio = (int)ratio;
		return 1;
	}
	return fail(ps,
	    "unknown key '%s' in [arm %s], expected label or "
	    "ratio",
	    key, a->name);
}

static int
randomization_key(struct parser *ps, const char *key, const char *value)
{
	static const char *const methods[] = {"simple", "blocks", "batch",
	    "minimization", "lottery"};
	struct rct_protocol *p = ps->p;
	char **items;
	size_t i;
	int k;

	if (strcmp(key, "method") == 0) {
		for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
			if (strcmp(value, methods[i]) == 0) {
				p->method = (enum rct_method)i;
				return 1;
			}
		return fail(ps,
		    "method '%s' is unknown, expected simple, "
		    "blocks, batch, minimization or lottery",
		    value);
	}
	if (strcmp(key, "strata") == 0)
		return set_list(ps, &p->strata, &p->nstrata, value, 1);
	if (strcmp(key, "factors") == 0)
		return set_list(ps, &p->factors, &p->nfactors, value, 1);
	if (strcmp(key, "probability") == 0)
		return set_number(ps, &p->probability, NULL, value);
	if (strcmp(key, "offer") == 0)
		return set_string(ps, &p->offer, value);
	if (strcmp(key, "witness_quorum") == 0) {
		if (rct_text_parse_long(value, &p->witness_quorum) < 0 ||
		    p->witness_quorum < 1 || p->witness_quorum > 64)
			return fail(ps,
			    "witness_quorum '%s' is not a whole number from 1 "
			    "to 64",
			    value);
		return 1;
	}
	if (strcmp(key, "block_sizes") == 0 || strcmp(key, "weights") == 0) {
		int sizes = key[0] == 'b';

		if ((k = rct_text_split_list(value, ',', &items)) < 0)
			return fail(ps, "'%s' is not a list of numbers", value);
		if (sizes) {
			free(p->block_sizes);
			p->block_sizes = calloc((size_t)k, sizeof(int));
			p->nblock_sizes = (size_t)k;
		} else {
			free(p->weights);
			p->weights = calloc((size_t)k, sizeof(double));
			p->nweights = (size_t)k;
		}
		if ((sizes ? (void *)p->block_sizes : (void *)p->weights) ==
		    NULL) {
			rct_text_list_free(items, (size_t)k);
			return fail(ps, "out of memory");
		}
		for (i = 0; i < (size_t)k; i++) {
			long n;
			double w;

			if (sizes &&
			    (rct_text_parse_long(items[i], &n) < 0 || n < 2 ||
				n > 1000))
				fail(ps,
				    "block size '%s' is not a whole number "
				    "from 2 to 1000",
				    items[i]);
			else if (sizes)
				p->block_sizes[i] = (int)n;
			else if (rct_text_parse_double(items[i], &w) < 0 ||
			    w <= 0)
				fail(ps, "weight '%s' is not a positive number",
				    items[i]);
			else
				p->weights[i] = w;
		}
		rct_text_list_free(items, (size_t)k);
		return 1;
	}
	return fail(ps,
	    "unknown key '%s' in [randomization], expected "
	    "method, block_sizes, strata, factors, weights, probability, "
	    "offer or witness_quorum",
	    key);
}

static int
variable_key(struct parser *ps, const char *key, const char *value)
{
	static const char *const types[] = {"code", "integer", "number", "date",
	    "text"};
	struct rct_variable *v = &ps->p->vars[ps->item];
	size_t i;

	if (strcmp(key, "type") == 0) {
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcmp(value, types[i]) == 0) {
				v->type = (enum rct_var_type)i;
				return 1;
			}
		return fail(ps,
		    "type '%s' of variable '%s' is unknown, "
		    "expected code, integer, number, date or text",
		    value, v->name);
	}
	if (strcmp(key, "label") == 0)
		return set_string(ps, &v->label, value);
	if (strcmp(key, "codes") == 0)
		return set_list(ps, &v->codes, &v->ncodes, value, 0);
	if (strcmp(key, "sources") == 0)
		return set_list(ps, &v->sources, &v->nsources, value, 1);
	if (strcmp(key, "unknown") == 0)
		return set_string(ps, &v->unknown, value);
	if (strcmp(key, "required") == 0)
		return set_bool(ps, &v->required, value);
	if (strcmp(key, "min") == 0 || strcmp(key, "max") == 0) {
		int is_max = key[1] == 'a';
		int y, m, d;

		if (is_max && strcmp(value, "today") == 0) {
			v->max_today = 1;
			return 1;
		}
		if (rct_text_parse_date(value, &y, &m, &d) == 0) {
			double days = (double)rct_text_days_from_civil(y, m, d);

			*(is_max ? &v->max : &v->min) = days;
			*(is_max ? &v->has_max : &v->has_min) = 1;
			v->dated_bounds = 1;
			return 1;
		}
		return set_number(ps, is_max ? &v->max : &v->min,
		    is_max ? &v->has_max : &v->has_min, value);
	}
	return fail(ps,
	    "unknown key '%s' in [variable %s], expected type, "
	    "label, codes, unknown, sources, required, min or max",
	    key, v->name);
}

/* "18..67", with an optional " from BIRTH at DATE" for the age rule. */
static int
parse_range(const char *s, double *lo, double *hi, char **rest)
{
	const char *dots = strstr(s, "..");
	char *left, *right, *space;
	int rc = -1;

	*rest = NULL;
	if (dots == NULL)
		return -1;
	left = strndup(s, (size_t)(dots - s));
	right = strdup(dots + 2);
	if (left == NULL || right == NULL)
		goto out;
	if ((space = strchr(right, ' ')) != NULL) {
		*rest = rct_text_trim_dup(space);
		*space = '\0';
	}
	if (rct_text_parse_double(left, lo) == 0 &&
	    rct_text_parse_double(right, hi) == 0 && *lo <= *hi)
		rc = 0;
out:
	free(left);
	free(right);
	return rc;
}

static int
eligibility_key(struct parser *ps, const char *key, const char *value)
{
	struct rct_protocol *p = ps->p;
	struct rct_rule *r;
	char *rest = NULL, from[65], at[65], extra[2];
	int k;

	if ((p->rules = grow_array(p->rules, &p->nrules, sizeof(*p->rules))) ==
	    NULL)
		return fail(ps, "out of memory");
	r = &p->rules[p->nrules - 1];
	r->line = ps->line;
	r->text = malloc(strlen(key) + strlen(value) + 4);
	if (r->text)
		sprintf(r->text, "%s = %s", key, value);
	if (strcmp(key, "age") == 0) {
		r->kind = RCT_RULE_AGE;
		if (parse_range(value, &r->lo, &r->hi, &rest) < 0 ||
		    rest == NULL ||
		    sscanf(rest, "from %64s at %64s %1s", from, at, extra) !=
			2) {
			free(rest);
			return fail(ps,
			    "age rule '%s' is not understood, "
			    "expected 'MIN..MAX from BIRTH_YEAR_VARIABLE at "
			    "DATE_VARIABLE'",
			    value);
		}
		free(rest);
		r->variable = strdup(from);
		r->at = strdup(at);
		return 1;
	}
	r->variable = strdup(key);
	if (strstr(value, "..") != NULL) {
		r->kind = RCT_RULE_RANGE;
		if (parse_range(value, &r->lo, &r->hi, &rest) < 0 || rest) {
			free(rest);
			return fail(ps,
			    "range '%s' is not understood, expected "
			    "MIN..MAX with MIN <= MAX",
			    value);
		}
		return 1;
	}
	r->kind = RCT_RULE_CODES;
	if ((k = rct_text_split_list(value, '|', &r->codes)) < 0)
		return fail(ps,
		    "rule '%s' is not understood, expected "
		    "MIN..MAX or CODE|CODE|...",
		    value);
	r->ncodes = (size_t)k;
	return 1;
}

static int
outcome_key(struct parser *ps, const char *key, const char *value)
{
	static const char *const types[] = {"binary", "continuous", "count",
	    "ordinal"};
	struct rct_outcome *o = &ps->p->outcomes[ps->item];
	size_t i;

	if (strcmp(key, "type") == 0) {
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcmp(value, types[i]) == 0) {
				o->type = (enum rct_outcome_type)i;
				return 1;
			}
		return fail(ps,
		    "type '%s' of outcome '%s' is unknown, expected "
		    "binary, continuous, count or ordinal",
		    value, o->name);
	}
	if (strcmp(key, "label") == 0)
		return set_string(ps, &o->label, value);
	if (strcmp(key, "time") == 0)
		return set_string(ps, &o->time, value);
	if (strcmp(key, "unit") == 0)
		return set_string(ps, &o->unit, value);
	if (strcmp(key, "codes") == 0)
		return set_list(ps, &o->codes, &o->ncodes, value, 0);
	if (strcmp(key, "min") == 0)
		return set_number(ps, &o->min, &o->has_min, value);
	if (strcmp(key, "max") == 0)
		return set_number(ps, &o->max, &o->has_max, value);
	return fail(ps,
	    "unknown key '%s' in [outcome %s], expected type, "
	    "label, time, unit, codes, min or max",
	    key, o->name);
}

static int
analysis_key(struct parser *ps, const char *key, const char *value)
{
	struct rct_protocol *p = ps->p;
	long n;

	if (strcmp(key, "primary") == 0)
		return set_string(ps, &p->primary, value);
	if (strcmp(key, "estimator") == 0)
		return set_string(ps, &p->estimator, value);
	if (strcmp(key, "takeup") == 0)
		return set_string(ps, &p->takeup, value);
	if (strcmp(key, "se") == 0)
		return set_string(ps, &p->se_type, value);
	if (strcmp(key, "covariates") == 0)
		return set_list(ps, &p->covariates, &p->ncovariates, value, 1);
	if (strcmp(key, "family") == 0)
		return set_list(ps, &p->family, &p->nfamily, value, 1);
	if (strcmp(key, "alpha") == 0) {
		set_number(ps, &p->alpha, NULL, value);
		if (!(p->alpha > 0 && p->alpha < 0.5))
			return fail(ps, "alpha '%s' is not between 0 and 0.5",
			    value);
		return 1;
	}
	if (strcmp(key, "missing_covariates") == 0)
		return set_string(ps, &p->missing_covariates, value);
	if (strcmp(key, "min_cell") == 0) {
		if (rct_text_parse_long(value, &n) < 0 || n < 1 || n > 100)
			return fail(ps,
			    "min_cell '%s' is not a whole number "
			    "from 1 to 100",
			    value);
		p->min_cell = (int)n;
		return 1;
	}
	return fail(ps,
	    "unknown key '%s' in [analysis], expected primary, "
	    "estimator, se, covariates, family, takeup, alpha, "
	    "missing_covariates or min_cell",
	    key);
}

static int
witness_key(struct parser *ps, const char *key, const char *value)
{
	struct rct_witness_ref *w = &ps->p->witnesses[ps->item];

	if (strcmp(key, "key") == 0)
		return set_string(ps, &w->key, value);
	if (strcmp(key, "url") == 0) {
		if (strncmp(value, "http://", 7) != 0 &&
		    strncmp(value, "https://", 8) != 0)
			return fail(ps,
			    "witness url '%s' is not an http:// or https:// "
			    "address",
			    value);
		return set_string(ps, &w->url, value);
	}
	return fail(ps, "unknown key '%s' in [witness %s], expected key or url",
	    key, w->name);
}

/*
 * The concealed part (SPIRIT 2025 item 21b): randomization parameters
 * that enrolling staff must not see, sealed in the store until reveal.
 */
static int
concealed_key(struct parser *ps, const char *key, const char *value)
{
	if (strcmp(key, "block_sizes") != 0 && strcmp(key, "weights") != 0 &&
	    strcmp(key, "probability") != 0)
		return fail(ps,
		    "unknown key '%s' in [concealed], expected block_sizes, "
		    "weights or probability",
		    key);
	if (repeated(ps, "randomization", key))
		return fail(ps,
		    "'%s' is given in [randomization] and in [concealed]; "
		    "give it once",
		    key);
	ps->p->concealed_keys++;
	return randomization_key(ps, key, value);
}

/* libinih's handler: one key of the current section. */
static int
on_key(void *user, const char *section, const char *key, const char *value)
{
	struct parser *ps = user;

	if (ps->line == ps->error_line)
		return 1;
	if (ps->continued) {
		if (strcmp(key, "label") == 0 ||
		    strcmp(key, "description") == 0)
			switch (ps->kind) {
			case SEC_TRIAL:
				return append_string(ps, &ps->p->description,
				    value);
			case SEC_ARM:
				return append_string(ps,
				    &ps->p->arms[ps->item].label, value);
			case SEC_VARIABLE:
				return append_string(ps,
				    &ps->p->vars[ps->item].label, value);
			case SEC_OUTCOME:
				return append_string(ps,
				    &ps->p->outcomes[ps->item].label, value);
			default:
				break;
			}
		return fail(ps,
		    "a line that begins with a blank continues the "
		    "value above, which only a label or description may do");
	}
	if (repeated(ps, section, key))
		return fail(ps, "'%s' is given twice in [%s]", key, section);
	switch (ps->kind) {
	case SEC_NONE:
		if (*section == '\0')
			return fail(ps,
			    "'%s' comes before any section, expected "
			    "[trial] first",
			    key);
		return 1; /* the bad section was reported */
	case SEC_TRIAL:
		return trial_key(ps, key, value);
	case SEC_ARM:
		return arm_key(ps, key, value);
	case SEC_RANDOMIZATION:
		return randomization_key(ps, key, value);
	case SEC_VARIABLE:
		return variable_key(ps, key, value);
	case SEC_ELIGIBILITY:
		return eligibility_key(ps, key, value);
	case SEC_OUTCOME:
		return outcome_key(ps, key, value);
	case SEC_ANALYSIS:
		return analysis_key(ps, key, value);
	case SEC_CONCEALED:
		return concealed_key(ps, key, value);
	case SEC_WITNESS:
		return witness_key(ps, key, value);
	}
	return 1;
}

/* The 1-based column (in characters) of the byte at in line s. */
static long
column(const char *s, long at)
{
	long c = 0, i;

	for (i = 0; i <= at; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/*
 * Whether the text is not UTF-8 text, which is then recorded with the
 * line (and for a NUL byte or another control character the column)
 * where it stops being text.  A tab may stand anywhere, a carriage return
 * only before the line's end.
 */
static int
not_text(const char *path, const char *text, size_t len)
{
	const char *s = text, *end = text + len, *nl, *nul, *cr;
	size_t n;
	long line = 1, at;
	unsigned cp;

	for (; s < end; s = nl + 1, line++) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		if ((nul = memchr(s, '\0', (size_t)(nl - s))) != NULL) {
			rct_error_at(RCT_EINVAL, path, line,
			    (long)(nul - s) + 1,
			    "NUL byte, expected UTF-8 text");
			return 1;
		}
		n = (size_t)(nl - s);
		if (!rct_text_utf8_valid(s, n)) {
			rct_error_at(RCT_EINVAL, path, line, 0,
			    "line is not valid UTF-8, expected UTF-8 text");
			return 1;
		}
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if ((at = rct_text_control_find(s, n, 1, &cp)) < 0 &&
		    (cr = memchr(s, '\r', n)) != NULL) {
			at = cr - s;
			cp = '\r';
		}
		if (at >= 0) {
			rct_error_at(RCT_EINVAL, path, line, column(s, at),
			    "control character U+%04X, expected printable "
			    "text",
			    cp);
			return 1;
		}
	}
	return 0;
}

int
rct_protocol_parse(struct rct_protocol **out, const char *path,
    const char *text, size_t len)
{
	struct rct_protocol *p;
	struct parser ps;
	int bad;

	*out = NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	p->path = strdup(path);
	p->text = strndup(text, len);
	p->method = (enum rct_method) - 1;
	p->probability = 0.8;
	p->alpha = 0.05;
	p->min_cell = 5;
	if (p->path == NULL || p->text == NULL) {
		rct_protocol_free(p);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	crypto_generichash(p->hash, sizeof(p->hash),
	    (const unsigned char *)text, len, NULL, 0);
	memset(&ps, 0, sizeof(ps));
	ps.p = p;
	ps.text = text;
	ps.len = len;
	rct_buf_init(&ps.seen);
	rct_buf_init(&ps.sections);
	if (not_text(path, text, len)) {
		ps.errors++;
	} else {
		bad = ini_parse_stream(read_line, &ps, on_key, &ps);
		if (bad > 0 && bad != ps.error_line) {
			ps.line = bad;
			fail(&ps,
			    "expected 'key = value', '[section]' or a "
			    "comment starting with ';' or '#'");
		}
	}
	rct_buf_release(&ps.seen);
	rct_buf_release(&ps.sections);
	if (ps.errors == 0)
		ps.errors = rct_protocol_check(p);
	if (ps.errors > 0) {
		rct_protocol_free(p);
		return RCT_EINVAL;
	}
	*out = p;
	return 0;
}

int
rct_protocol_load(struct rct_protocol **out, const char *path)
{
	struct rct_buf b = RCT_BUF_INIT;
	char chunk[8192];
	size_t n;
	FILE *fp;
	int rc;

	*out = NULL;
	if ((fp = fopen(path, "rb")) == NULL)
		return rct_error(RCT_EIO, "cannot open protocol '%s': %s", path,
		    strerror(errno));
	/* Up to a NUL byte (reported by the parser) or one byte too many. */
	while (b.len <= RCT_PROTOCOL_MAX &&
	    (n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		rct_buf_add(&b, chunk, n);
		if (memchr(chunk, '\0', n) != NULL)
			break;
	}
	if (ferror(fp) || rct_buf_failed(&b)) {
		fclose(fp);
		rct_buf_release(&b);
		return rct_error(RCT_EIO, "cannot read protocol '%s'", path);
	}
	fclose(fp);
	if (b.len > RCT_PROTOCOL_MAX && memchr(b.data, '\0', b.len) == NULL) {
		rct_buf_release(&b);
		return rct_error(RCT_EINVAL,
		    "%s: the protocol is longer than %d bytes, expected at "
		    "most %d",
		    path, RCT_PROTOCOL_MAX, RCT_PROTOCOL_MAX);
	}
	rc = rct_protocol_parse(out, path, rct_buf_str(&b), b.len);
	rct_buf_release(&b);
	return rc;
}

void
rct_protocol_free(struct rct_protocol *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->narms; i++) {
		free(p->arms[i].name);
		free(p->arms[i].label);
	}
	for (i = 0; i < p->nwitnesses; i++) {
		free(p->witnesses[i].name);
		free(p->witnesses[i].key);
		free(p->witnesses[i].url);
	}
	free(p->witnesses);
	for (i = 0; i < p->nvars; i++) {
		struct rct_variable *v = &p->vars[i];

		free(v->name);
		free(v->label);
		free(v->unknown);
		rct_text_list_free(v->codes, v->ncodes);
		rct_text_list_free(v->sources, v->nsources);
	}
	for (i = 0; i < p->nrules; i++) {
		free(p->rules[i].variable);
		free(p->rules[i].at);
		free(p->rules[i].text);
		rct_text_list_free(p->rules[i].codes, p->rules[i].ncodes);
	}
	for (i = 0; i < p->noutcomes; i++) {
		struct rct_outcome *o = &p->outcomes[i];

		free(o->name);
		free(o->label);
		free(o->time);
		free(o->unit);
		rct_text_list_free(o->codes, o->ncodes);
	}
	free(p->arms);
	free(p->vars);
	free(p->rules);
	free(p->outcomes);
	free(p->block_sizes);
	free(p->weights);
	rct_text_list_free(p->strata, p->nstrata);
	rct_text_list_free(p->factors, p->nfactors);
	rct_text_list_free(p->covariates, p->ncovariates);
	rct_text_list_free(p->family, p->nfamily);
	free(p->primary);
	free(p->takeup);
	free(p->estimator);
	free(p->se_type);
	free(p->missing_covariates);
	free(p->name);
	free(p->registration);
	free(p->description);
	free(p->cluster);
	free(p->recruited);
	free(p->offer);
	free(p->path);
	free(p->text);
	free(p);
}

void
rct_protocol_hash_hex(const struct rct_protocol *p, char out[65])
{
	sodium_bin2hex(out, 65, p->hash, sizeof(p->hash));
}

/* Whether a line is a section header (after blanks), and of [concealed]. */
static int
header_line(const char *s, size_t n, int *is_concealed)
{
	size_t i = 0, j;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] != '[')
		return 0;
	for (j = i + 1; j < n && (s[j] == ' ' || s[j] == '\t'); j++)
		;
	*is_concealed = n - j >= 9 && memcmp(s + j, "concealed", 9) == 0 &&
	    (j + 9 == n || s[j + 9] == ']' || s[j + 9] == ' ' ||
		s[j + 9] == '\t');
	return 1;
}

int
rct_protocol_split(const char *text, size_t len, struct rct_buf *public_text,
    struct rct_buf *concealed)
{
	size_t pos = 0, start, n;
	int in = 0, found = 0, c;

	while (pos < len) {
		start = pos;
		while (pos < len && text[pos] != '\n')
			pos++;
		n = pos - start;
		if (pos < len)
			pos++;
		if (header_line(text + start, n, &c))
			in = c;
		found |= in;
		rct_buf_add(in ? concealed : public_text, text + start,
		    pos - start);
	}
	if (found && concealed->len > 0 &&
	    concealed->data[concealed->len - 1] != '\n')
		rct_buf_addc(concealed, '\n');
	return rct_buf_failed(public_text) || rct_buf_failed(concealed) ?
	    RCT_ENOMEM :
	    found;
}
