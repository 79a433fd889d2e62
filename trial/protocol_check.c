/*
 * Checks on a parsed protocol: the cross-references between sections
 * (protocol_check), and the values a protocol allows for a variable, an
 * outcome or an eligibility rule, used at enrolment and import.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "buf.h"
#include "error.h"
#include "methods.h"
#include "note.h"
#include "protocol.h"
#include "protocol_internal.h"
#include "text.h"

/* Names the store and the register use for their own columns. */
static const char *const reserved[] = {"site", "id_number", "participant",
    "arm", "stratum", "status", "cluster_arm", NULL};

static int
in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static int problem(const struct rct_protocol *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
problem(const struct rct_protocol *p, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rct_error_at(RCT_EINVAL, p->path, line, 0, "%s", msg);
	return 1;
}

const struct rct_variable *
rct_protocol_variable(const struct rct_protocol *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nvars; i++)
		if (strcmp(p->vars[i].name, name) == 0)
			return &p->vars[i];
	return NULL;
}

const struct rct_outcome *
rct_protocol_outcome(const struct rct_protocol *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->noutcomes; i++)
		if (strcmp(p->outcomes[i].name, name) == 0)
			return &p->outcomes[i];
	return NULL;
}

const struct rct_arm *
rct_protocol_arm(const struct rct_protocol *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->narms; i++)
		if (strcmp(p->arms[i].name, name) == 0)
			return &p->arms[i];
	return NULL;
}

const char *
rct_protocol_control_arm(const struct rct_protocol *p)
{
	size_t i;

	if (p->method == RCT_METHOD_LOTTERY && p->offer)
		for (i = 0; i < p->narms; i++)
			if (strcmp(p->arms[i].name, p->offer) != 0)
				return p->arms[i].name;
	return p->arms[0].name;
}

const char *
rct_protocol_method_name(enum rct_method m)
{
	static const char *const names[] = {"simple", "blocks", "batch",
	    "minimization", "lottery"};

	return (unsigned)m < 5 ? names[m] : "?";
}

const char *
rct_protocol_unit_name(enum rct_unit u)
{
	return u == RCT_UNIT_CLUSTER ? "cluster" : "individual";
}

const char *
rct_protocol_outcome_type_name(enum rct_outcome_type t)
{
	static const char *const names[] = {"binary", "continuous", "count",
	    "ordinal"};

	return (unsigned)t < 4 ? names[t] : "?";
}

static int
check_variables(const struct rct_protocol *p)
{
	int bad = 0;
	size_t i, j;

	for (i = 0; i < p->nvars; i++) {
		const struct rct_variable *v = &p->vars[i];

		if (in_list(reserved, v->name))
			bad += problem(p, v->line,
			    "'%s' is a name the register "
			    "uses itself, expected another variable name",
			    v->name);
		if ((int)v->type == -1) {
			bad += problem(p, v->line,
			    "variable '%s' has no type, "
			    "expected type = code, integer, number, date or "
			    "text",
			    v->name);
			continue;
		}
		if (v->type == RCT_VAR_CODE && v->ncodes < 2)
			bad += problem(p, v->line,
			    "variable '%s' needs codes, "
			    "expected at least two",
			    v->name);
		if (v->type != RCT_VAR_CODE && (v->ncodes || v->unknown))
			bad += problem(p, v->line,
			    "variable '%s' is not of "
			    "type code, so it takes no codes or unknown",
			    v->name);
		if (v->unknown &&
		    rct_text_list_find(v->codes, v->ncodes, v->unknown) < 0)
			bad += problem(p, v->line,
			    "unknown code '%s' of '%s' "
			    "is not one of its codes",
			    v->unknown, v->name);
		for (j = 0; j < v->ncodes; j++)
			if (!rct_text_code_valid(v->codes[j]))
				bad += problem(p, v->line,
				    "code '%s' of '%s' "
				    "is not valid, expected letters, digits, "
				    "'_' or '-'",
				    v->codes[j], v->name);
		if ((v->has_min || v->has_max || v->max_today) &&
		    v->type != RCT_VAR_INTEGER && v->type != RCT_VAR_NUMBER &&
		    v->type != RCT_VAR_DATE)
			bad += problem(p, v->line,
			    "variable '%s' takes no min "
			    "or max, only integer, number and date do",
			    v->name);
		if ((v->dated_bounds || v->max_today) &&
		    v->type != RCT_VAR_DATE)
			bad += problem(p, v->line,
			    "variable '%s' is not a "
			    "date, so its min and max are numbers",
			    v->name);
		if (v->type == RCT_VAR_DATE && (v->has_min || v->has_max) &&
		    !v->dated_bounds)
			bad += problem(p, v->line,
			    "variable '%s' is a date, "
			    "so its min and max are dates YYYY-MM-DD or "
			    "'today'",
			    v->name);
		if (v->has_min && v->has_max && v->min > v->max)
			bad += problem(p, v->line,
			    "min of '%s' is above its "
			    "max",
			    v->name);
	}
	return bad;
}

static int
check_arms(const struct rct_protocol *p)
{
	int bad = 0;
	size_t i;

	if (p->narms < 2)
		bad += problem(p, 0,
		    "the protocol has %zu arm(s), expected at "
		    "least two [arm NAME] sections",
		    p->narms);
	for (i = 0; i < p->narms; i++)
		if (p->arms[i].ratio == 0)
			bad += problem(p, p->arms[i].line,
			    "arm '%s' has no "
			    "ratio, expected ratio = a whole number",
			    p->arms[i].name);
	return bad;
}

/* A stratum or minimization factor must have a few categories. */
static int
check_factor(const struct rct_protocol *p, const char *name, const char *what)
{
	const struct rct_variable *v;

	if (strcmp(name, "site") == 0)
		return 0;
	if ((v = rct_protocol_variable(p, name)) == NULL)
		return problem(p, 0,
		    "%s '%s' is not defined, expected 'site' "
		    "or a [variable %s] section",
		    what, name, name);
	if (v->type != RCT_VAR_CODE && v->type != RCT_VAR_TEXT)
		return problem(p, v->line,
		    "%s '%s' must be a variable of type "
		    "code or text",
		    what, name);
	return 0;
}

static int
check_randomization(const struct rct_protocol *p)
{
	int bad = 0, sum = 0;
	size_t i;

	for (i = 0; i < p->narms; i++)
		sum += p->arms[i].ratio;
	if ((int)p->method == -1)
		return problem(p, 0,
		    "the protocol names no method, expected "
		    "[randomization] method = simple, blocks, batch, "
		    "minimization or lottery");
	for (i = 0; i < p->nstrata; i++)
		bad += check_factor(p, p->strata[i], "stratum variable");
	if (p->method == RCT_METHOD_BLOCKS && p->nblock_sizes == 0 &&
	    !(p->concealed && p->concealed_keys == 0))
		bad += problem(p, 0,
		    "method blocks needs block_sizes, e.g. "
		    "block_sizes = 2, 4, 6");
	if (p->method != RCT_METHOD_BLOCKS && p->nblock_sizes > 0)
		bad += problem(p, 0, "block_sizes are only for method blocks");
	for (i = 0; sum > 0 && i < p->nblock_sizes; i++)
		if (p->block_sizes[i] % sum != 0)
			bad += problem(p, 0,
			    "block size %d is not a multiple "
			    "of the ratio sum %d, expected multiples such as "
			    "%d, %d, %d",
			    p->block_sizes[i], sum, sum, 2 * sum, 3 * sum);
	if (p->method == RCT_METHOD_MINIMIZATION) {
		if (p->nfactors == 0)
			bad += problem(p, 0,
			    "method minimization needs "
			    "factors, e.g. factors = site, gender");
		if (p->nweights && p->nweights != p->nfactors)
			bad += problem(p, 0,
			    "%zu weights for %zu factors, "
			    "expected one weight per factor",
			    p->nweights, p->nfactors);
		if (!(p->probability >
			    1.0 / (double)(p->narms ? p->narms : 1) &&
			p->probability <= 1.0))
			bad += problem(p, 0,
			    "probability %g is not above "
			    "1/%zu and at most 1",
			    p->probability, p->narms);
		if (p->nstrata)
			bad += problem(p, 0,
			    "minimization balances factors, "
			    "so it takes no strata");
	} else if (p->nfactors || p->nweights)
		bad += problem(p, 0,
		    "factors and weights are only for method "
		    "minimization");
	for (i = 0; i < p->nfactors; i++)
		bad += check_factor(p, p->factors[i], "minimization factor");
	if (p->method == RCT_METHOD_LOTTERY) {
		if (p->offer == NULL || rct_protocol_arm(p, p->offer) == NULL)
			bad += problem(p, 0,
			    "method lottery needs offer = the "
			    "arm that wins a place");
		if (p->unit == RCT_UNIT_CLUSTER)
			bad += problem(p, 0,
			    "a lottery allocates individuals, "
			    "expected unit = individual");
	} else if (p->offer)
		bad += problem(p, 0, "offer is only for method lottery");
	return bad;
}

static int
check_unit(const struct rct_protocol *p)
{
	const struct rct_variable *v;

	if (p->unit != RCT_UNIT_CLUSTER)
		return p->cluster ? problem(p, 0,
					"cluster is only for unit = "
					"cluster") :
				    0;
	if (p->cluster == NULL)
		return problem(p, 0,
		    "unit = cluster needs cluster = the "
		    "variable that names a participant's cluster");
	if ((v = rct_protocol_variable(p, p->cluster)) == NULL)
		return problem(p, 0, "cluster variable '%s' is not defined",
		    p->cluster);
	if ((v->type != RCT_VAR_TEXT && v->type != RCT_VAR_CODE) ||
	    !v->required)
		return problem(p, v->line,
		    "cluster variable '%s' must be a "
		    "required variable of type text or code",
		    p->cluster);
	return 0;
}

static int
check_rules(const struct rct_protocol *p)
{
	const struct rct_variable *v, *at;
	int bad = 0;
	size_t i, j;

	for (i = 0; i < p->nrules; i++) {
		const struct rct_rule *r = &p->rules[i];

		if ((v = rct_protocol_variable(p, r->variable)) == NULL) {
			bad += problem(p, r->line,
			    "eligibility rule names "
			    "'%s', which is not a defined variable",
			    r->variable);
			continue;
		}
		switch (r->kind) {
		case RCT_RULE_AGE:
			at = rct_protocol_variable(p, r->at);
			if (v->type != RCT_VAR_INTEGER)
				bad += problem(p, r->line,
				    "age is counted from "
				    "'%s', which must be an integer year",
				    r->variable);
			if (at == NULL || at->type != RCT_VAR_DATE)
				bad += problem(p, r->line,
				    "age is counted at "
				    "'%s', which must be a date variable",
				    r->at);
			break;
		case RCT_RULE_RANGE:
			if (v->type != RCT_VAR_INTEGER &&
			    v->type != RCT_VAR_NUMBER)
				bad += problem(p, r->line,
				    "a range rule needs "
				    "a number, but '%s' is not",
				    r->variable);
			break;
		case RCT_RULE_CODES:
			if (v->type != RCT_VAR_CODE) {
				bad += problem(p, r->line,
				    "a code rule needs a "
				    "code variable, but '%s' is not",
				    r->variable);
				break;
			}
			for (j = 0; j < r->ncodes; j++)
				if (rct_text_list_find(v->codes, v->ncodes,
					r->codes[j]) < 0)
					bad += problem(p, r->line,
					    "'%s' is not "
					    "a code of '%s'",
					    r->codes[j], r->variable);
			break;
		}
	}
	return bad;
}

static int
check_outcomes(const struct rct_protocol *p)
{
	int bad = 0;
	size_t i;

	if (p->noutcomes == 0)
		bad += problem(p, 0,
		    "the protocol has no outcome, expected at "
		    "least one [outcome NAME] section");
	for (i = 0; i < p->noutcomes; i++) {
		const struct rct_outcome *o = &p->outcomes[i];

		if (in_list(reserved, o->name) ||
		    rct_protocol_variable(p, o->name))
			bad += problem(p, o->line,
			    "outcome '%s' has the name "
			    "of a variable, expected its own name",
			    o->name);
		if ((int)o->type == -1)
			bad += problem(p, o->line,
			    "outcome '%s' has no type, "
			    "expected binary, continuous, count or ordinal",
			    o->name);
		else if ((o->type == RCT_OUTCOME_ORDINAL) != (o->ncodes > 0))
			bad += problem(p, o->line,
			    "outcome '%s': ordinal "
			    "outcomes and only they take codes, lowest first",
			    o->name);
		else if (o->type == RCT_OUTCOME_ORDINAL && o->ncodes < 2)
			bad += problem(p, o->line,
			    "ordinal outcome '%s' needs "
			    "at least two codes",
			    o->name);
		if (o->time == NULL)
			bad += problem(p, o->line,
			    "outcome '%s' has no time "
			    "point, expected e.g. time = 12 months",
			    o->name);
	}
	return bad;
}

static int
check_analysis(struct rct_protocol *p)
{
	int bad = 0;
	size_t i;

	if (p->primary == NULL)
		return problem(p, 0,
		    "the protocol names no primary outcome, "
		    "expected [analysis] primary = OUTCOME");
	if (rct_protocol_outcome(p, p->primary) == NULL)
		bad += problem(p, 0,
		    "primary outcome '%s' is not an "
		    "[outcome] of the protocol",
		    p->primary);
	if (p->estimator == NULL && (p->estimator = strdup("dim")) == NULL)
		return problem(p, 0, "out of memory");
	/*
	 * The errors of a regression when none are named: cluster-robust in
	 * a cluster trial, else HC2.  The difference in means and the blocked
	 * estimator of an individual trial have their own (Neyman) variance,
	 * and get none: a default se would be overridden, with a warning, in
	 * every analysis of the store.
	 */
	if (p->se_type == NULL &&
	    (p->unit == RCT_UNIT_CLUSTER ||
		(strcmp(p->estimator, "dim") != 0 &&
		    strcmp(p->estimator, "blocked") != 0)) &&
	    (p->se_type = strdup(
		 p->unit == RCT_UNIT_CLUSTER ? "cr2" : "hc2")) == NULL)
		return problem(p, 0, "out of memory");
	if (p->missing_covariates == NULL)
		p->missing_covariates = strdup("indicator");
	if (p->missing_covariates == NULL)
		return problem(p, 0, "out of memory");
	if (strcmp(p->missing_covariates, "indicator") != 0 &&
	    strcmp(p->missing_covariates, "listwise") != 0)
		bad += problem(p, 0,
		    "missing_covariates '%s' is unknown, expected indicator "
		    "(the missing-indicator method) or listwise",
		    p->missing_covariates);
	if (!rct_methods_estimator_ok(p->estimator))
		bad += problem(p, 0,
		    "estimator '%s' is unknown, expected dim, "
		    "blocked, ols, lin, ancova or iv",
		    p->estimator);
	if (p->se_type && !rct_methods_se_ok(p->se_type))
		bad += problem(p, 0,
		    "se '%s' is unknown, expected classical, "
		    "hc0, hc1, hc2, hc3, cr0, stata or cr2",
		    p->se_type);
	if (p->unit == RCT_UNIT_CLUSTER && p->se_type && p->se_type[0] != 'c' &&
	    strcmp(p->se_type, "stata") != 0)
		bad += problem(p, 0,
		    "a cluster trial needs cluster-robust "
		    "errors, expected se = cr2, cr0 or stata");
	for (i = 0; i < p->ncovariates; i++)
		if (strcmp(p->covariates[i], "site") != 0 &&
		    rct_protocol_variable(p, p->covariates[i]) == NULL)
			bad += problem(p, 0,
			    "covariate '%s' is not a defined "
			    "variable",
			    p->covariates[i]);
	if (p->takeup &&
	    (rct_protocol_outcome(p, p->takeup) == NULL ||
		rct_protocol_outcome(p, p->takeup)->type != RCT_OUTCOME_BINARY))
		bad += problem(p, 0,
		    "takeup '%s' is not a binary [outcome] of the protocol: "
		    "it records 1 for those who received the measure",
		    p->takeup);
	for (i = 0; i < p->nfamily; i++)
		if (rct_protocol_outcome(p, p->family[i]) == NULL)
			bad += problem(p, 0,
			    "family outcome '%s' is not an "
			    "[outcome] of the protocol",
			    p->family[i]);
	return bad;
}

/* Each witness a cosigner's key, names distinct, a quorum they can meet. */
static int
check_witnesses(struct rct_protocol *p)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	char name[256], other[256];
	size_t i, j;
	int bad = 0;

	for (i = 0; i < p->nwitnesses; i++) {
		const struct rct_witness_ref *w = &p->witnesses[i];

		if (w->key == NULL ||
		    rct_note_parse_cosig_verifier_key(w->key, name,
			sizeof(name), pk) != 0) {
			bad += problem(p, w->line,
			    "witness '%s' needs key = its verifier key, as "
			    "'randomizer witness init' prints it",
			    w->name);
			continue;
		}
		for (j = 0; j < i; j++)
			if (p->witnesses[j].key &&
			    rct_note_parse_cosig_verifier_key(p->witnesses[j]
								  .key,
				other, sizeof(other), pk) == 0 &&
			    strcmp(name, other) == 0)
				bad += problem(p, w->line,
				    "witnesses '%s' and '%s' have one name "
				    "'%s': each needs its own",
				    p->witnesses[j].name, w->name, name);
	}
	if (p->witness_quorum && p->nwitnesses == 0)
		bad += problem(p, 0,
		    "witness_quorum is given but no [witness NAME] section");
	if (p->nwitnesses && p->witness_quorum == 0)
		p->witness_quorum = (long)p->nwitnesses;
	if (p->witness_quorum > (long)p->nwitnesses)
		bad += problem(p, 0,
		    "witness_quorum %ld is more than the %zu witnesses named",
		    p->witness_quorum, p->nwitnesses);
	return bad;
}

int
rct_protocol_check(struct rct_protocol *p)
{
	int bad = 0;

	if (p->name == NULL)
		bad += problem(p, 0,
		    "the protocol has no name, expected "
		    "[trial] name = ...");
	if (p->registration == NULL)
		bad += problem(p, 0,
		    "the protocol has no registration, "
		    "expected [trial] registration = the registry id");
	if (p->recruited &&
	    (rct_protocol_variable(p, p->recruited) == NULL ||
		rct_protocol_variable(p, p->recruited)->type != RCT_VAR_DATE))
		bad += problem(p, 0,
		    "recruited '%s' must name a date variable, "
		    "such as the consent date",
		    p->recruited);
	bad += check_variables(p);
	bad += check_arms(p);
	bad += check_randomization(p);
	bad += check_unit(p);
	bad += check_rules(p);
	bad += check_outcomes(p);
	bad += check_analysis(p);
	bad += check_witnesses(p);
	return bad;
}

static void
join_codes(char *out, size_t outlen, char *const *codes, size_t n)
{
	struct rct_buf b = RCT_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			rct_buf_addc(&b, '|');
		rct_buf_adds(&b, codes[i]);
	}
	snprintf(out, outlen, "%s", rct_buf_str(&b));
	rct_buf_release(&b);
}

static int explain(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
explain(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * A value with a control character is refused before it is shown in any
 * message: an ANSI escape would reach the terminal as a command.
 */
static int
has_control(char *why, size_t whylen, const char *name, const char *value)
{
	unsigned cp;

	if (rct_text_control_find(value, strlen(value), 0, &cp) < 0)
		return 0;
	return explain(why, whylen,
	    "%s holds the control character U+%04X, expected printable text",
	    name, cp);
}

/* The bounds of a number, shown as the protocol wrote them. */
static int
out_of_range(char *why, size_t whylen, const char *name, const char *value,
    int has_min, double min, int has_max, double max)
{
	if (has_min && has_max)
		return explain(why, whylen,
		    "%s '%s' is out of range, expected "
		    "%g to %g",
		    name, value, min, max);
	if (has_min)
		return explain(why, whylen, "%s '%s' is below the minimum %g",
		    name, value, min);
	return explain(why, whylen, "%s '%s' is above the maximum %g", name,
	    value, max);
}

int
rct_protocol_variable_check(const struct rct_variable *v, const char *value,
    char *why, size_t whylen)
{
	char codes[512], today[11];
	double x;
	long n;
	int y, m, d;

	if (value == NULL || *value == '\0') {
		if (v->required && v->unknown)
			return explain(why, whylen,
			    "%s is missing, expected a "
			    "value, or '%s' when it is not known",
			    v->name, v->unknown);
		if (v->required)
			return explain(why, whylen,
			    "%s is missing, expected a "
			    "value",
			    v->name);
		return 0;
	}
	if (has_control(why, whylen, v->name, value) < 0)
		return -1;
	switch (v->type) {
	case RCT_VAR_CODE:
		if (rct_text_list_find(v->codes, v->ncodes, value) >= 0)
			return 0;
		join_codes(codes, sizeof(codes), v->codes, v->ncodes);
		return explain(why, whylen,
		    "'%s' is not a code of %s, expected "
		    "%s",
		    value, v->name, codes);
	case RCT_VAR_INTEGER:
		if (rct_text_parse_long(value, &n) < 0)
			return explain(why, whylen,
			    "%s '%s' is not a whole "
			    "number",
			    v->name, value);
		x = (double)n;
		break;
	case RCT_VAR_NUMBER:
		if (rct_text_parse_double(value, &x) < 0)
			return explain(why, whylen, "%s '%s' is not a number%s",
			    v->name, value,
			    strchr(value, ',') ?
				", expected a decimal point, not a comma" :
				"");
		break;
	case RCT_VAR_DATE:
		if (rct_text_parse_date(value, &y, &m, &d) < 0)
			return explain(why, whylen,
			    "%s '%s' is not a date, "
			    "expected YYYY-MM-DD",
			    v->name, value);
		if (v->max_today) {
			rct_text_today(today);
			if (strcmp(value, today) > 0)
				return explain(why, whylen,
				    "%s '%s' lies in "
				    "the future, expected %s or earlier",
				    v->name, value, today);
		}
		x = (double)rct_text_days_from_civil(y, m, d);
		if ((v->has_min && x < v->min) || (v->has_max && x > v->max))
			return explain(why, whylen,
			    "%s '%s' is outside the "
			    "dates the protocol allows",
			    v->name, value);
		return 0;
	case RCT_VAR_TEXT:
		n = (long)strlen(value);
		if (n > 64)
			return explain(why, whylen,
			    "%s is %ld bytes long, "
			    "expected at most 64",
			    v->name, n);
		return 0;
	}
	if ((v->has_min && x < v->min) || (v->has_max && x > v->max))
		return out_of_range(why, whylen, v->name, value, v->has_min,
		    v->min, v->has_max, v->max);
	return 0;
}

int
rct_protocol_outcome_check(const struct rct_outcome *o, const char *value,
    char *why, size_t whylen)
{
	char codes[512];
	double x;
	long n;

	if (value == NULL || *value == '\0')
		return explain(why, whylen,
		    "value of %s is empty, expected a "
		    "value (leave the row out when it is not known)",
		    o->name);
	if (has_control(why, whylen, o->name, value) < 0)
		return -1;
	switch (o->type) {
	case RCT_OUTCOME_BINARY:
		if (strcmp(value, "0") == 0 || strcmp(value, "1") == 0)
			return 0;
		return explain(why, whylen,
		    "%s is binary, expected 0 or 1, not "
		    "'%s'",
		    o->name, value);
	case RCT_OUTCOME_ORDINAL:
		if (rct_text_list_find(o->codes, o->ncodes, value) >= 0)
			return 0;
		join_codes(codes, sizeof(codes), o->codes, o->ncodes);
		return explain(why, whylen,
		    "'%s' is not a level of %s, "
		    "expected %s",
		    value, o->name, codes);
	case RCT_OUTCOME_COUNT:
		if (rct_text_parse_long(value, &n) < 0 || n < 0)
			return explain(why, whylen,
			    "%s is a count, expected a "
			    "whole number >= 0, not '%s'",
			    o->name, value);
		x = (double)n;
		break;
	case RCT_OUTCOME_CONTINUOUS:
	default:
		if (rct_text_parse_double(value, &x) < 0)
			return explain(why, whylen, "%s '%s' is not a number%s",
			    o->name, value,
			    strchr(value, ',') ?
				", expected a decimal point, not a comma" :
				"");
		break;
	}
	if ((o->has_min && x < o->min) || (o->has_max && x > o->max))
		return out_of_range(why, whylen, o->name, value, o->has_min,
		    o->min, o->has_max, o->max);
	return 0;
}

/* A whole number in its usual form, or value when it is not one. */
static const char *
canonical_long(const char *value, char out[RCT_CANONICAL_MAX])
{
	long n;

	if (value == NULL || rct_text_parse_long(value, &n) < 0)
		return value;
	rct_buf_format_int(out, n);
	return out;
}

const char *
rct_protocol_variable_canonical(const struct rct_variable *v, const char *value,
    char out[RCT_CANONICAL_MAX])
{
	return v->type == RCT_VAR_INTEGER ? canonical_long(value, out) : value;
}

const char *
rct_protocol_outcome_canonical(const struct rct_outcome *o, const char *value,
    char out[RCT_CANONICAL_MAX])
{
	return o->type == RCT_OUTCOME_COUNT ? canonical_long(value, out) :
					      value;
}

static const char *
value_of(const struct rct_protocol *p, const char *const *values,
    const char *name)
{
	const struct rct_variable *v = rct_protocol_variable(p, name);

	return v ? values[v - p->vars] : NULL;
}

int
rct_protocol_eligible(const struct rct_protocol *p, const char *const *values,
    char *why, size_t whylen)
{
	const char *value, *at;
	size_t i;
	double x;
	int y, m, d;

	for (i = 0; i < p->nrules; i++) {
		const struct rct_rule *r = &p->rules[i];

		value = value_of(p, values, r->variable);
		if (value == NULL || *value == '\0')
			return explain(why, whylen,
			    "not eligible: %s is "
			    "missing, needed for the rule %s",
			    r->variable, r->text);
		switch (r->kind) {
		case RCT_RULE_CODES:
			if (rct_text_list_find(r->codes, r->ncodes, value) < 0)
				return explain(why, whylen,
				    "not eligible: %s "
				    "is '%s', the protocol requires %s",
				    r->variable, value, r->text);
			break;
		case RCT_RULE_RANGE:
			if (rct_text_parse_double(value, &x) < 0 || x < r->lo ||
			    x > r->hi)
				return explain(why, whylen,
				    "not eligible: %s "
				    "is %s, the protocol requires %s",
				    r->variable, value, r->text);
			break;
		case RCT_RULE_AGE:
			at = value_of(p, values, r->at);
			if (at == NULL ||
			    rct_text_parse_date(at, &y, &m, &d) < 0)
				return explain(why, whylen,
				    "not eligible: %s "
				    "is missing, needed for the rule %s",
				    r->at, r->text);
			/* Age in whole years reached during the year of 'at'.
			 */
			x = (double)y - atof(value);
			if (x < r->lo || x > r->hi)
				return explain(why, whylen,
				    "not eligible: age "
				    "%.0f (born %s, at %s) is outside %g..%g",
				    x, value, at, r->lo, r->hi);
			break;
		}
	}
	return 0;
}
