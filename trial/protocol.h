/*
 * A trial protocol: the pre-registered design, read from the INI format
 * documented in protocols/README.md.
 *
 * rct_protocol_parse() reads the text, checks every key and cross-reference
 * (stratum variables exist, ratios are whole numbers, block sizes fit the
 * ratio, ...) and records each problem as "FILE:LINE: what was wrong, what
 * was expected".  The protocol keeps its own text and hash: the store saves
 * the text, and the hash is what the audit log commits to.
 */
#ifndef RCT_PROTOCOL_H
#define RCT_PROTOCOL_H

#include <stddef.h>

#define RCT_HASH_BYTES 32

enum rct_unit {
	RCT_UNIT_INDIVIDUAL,
	RCT_UNIT_CLUSTER,
};

enum rct_method {
	RCT_METHOD_SIMPLE, /* complete randomization, one by one */
	RCT_METHOD_BLOCKS, /* stratified permuted blocks */
	RCT_METHOD_BATCH, /* a whole cohort within strata */
	RCT_METHOD_MINIMIZATION, /* Pocock-Simon */
	RCT_METHOD_LOTTERY, /* places with a waiting list */
};

enum rct_var_type {
	RCT_VAR_CODE, /* one of a code list */
	RCT_VAR_INTEGER,
	RCT_VAR_NUMBER,
	RCT_VAR_DATE, /* ISO YYYY-MM-DD */
	RCT_VAR_TEXT, /* free identifier, e.g. a class */
};

enum rct_outcome_type {
	RCT_OUTCOME_BINARY, /* 0 or 1 */
	RCT_OUTCOME_CONTINUOUS,
	RCT_OUTCOME_COUNT, /* whole number >= 0 */
	RCT_OUTCOME_ORDINAL, /* ordered codes, analysed by rank */
};

struct rct_arm {
	char *name;
	char *label;
	int ratio;
	int line;
};

struct rct_variable {
	char *name;
	char *label;
	enum rct_var_type type;
	char **codes;
	size_t ncodes;
	char *unknown; /* the explicit unknown code, or NULL */
	char **sources; /* where a value may come from, or none */
	size_t nsources;
	int has_min, has_max;
	double min, max;
	int max_today; /* a date that may not lie in the future */
	int dated_bounds; /* min or max was given as a date */
	int required;
	int line;
};

enum rct_rule_kind {
	RCT_RULE_RANGE, /* variable within [lo, hi] */
	RCT_RULE_CODES, /* variable one of codes */
	RCT_RULE_AGE, /* age at a date within [lo, hi] */
};

struct rct_rule {
	enum rct_rule_kind kind;
	char *variable; /* for AGE: the birth-year variable */
	char *at; /* for AGE: the date variable */
	double lo, hi;
	char **codes;
	size_t ncodes;
	char *text; /* the rule as written, for messages */
	int line;
};

struct rct_outcome {
	char *name;
	char *label;
	enum rct_outcome_type type;
	char *time; /* time point, e.g. "12 months" */
	char *unit;
	char **codes; /* ordinal levels, lowest first */
	size_t ncodes;
	int has_min, has_max;
	double min, max;
	int line;
};

struct rct_witness_ref {
	char *name; /* the section's name */
	char *key; /* the cosigner's verifier key (cosignature/v1) */
	char *url; /* its tlog-witness prefix, or NULL (offline) */
	int line;
};

struct rct_protocol {
	char *path; /* as given, for messages */
	char *text; /* the whole file */
	unsigned char hash[RCT_HASH_BYTES]; /* BLAKE2b-256 of text */

	char *name;
	char *registration;
	char *description;
	enum rct_unit unit;
	char *cluster; /* variable naming the cluster */
	char *recruited; /* date variable of recruitment, or NULL */

	struct rct_arm *arms;
	size_t narms;

	enum rct_method method;
	int *block_sizes; /* multiples of the ratio sum */
	size_t nblock_sizes;
	char **strata; /* "site" or variable names */
	size_t nstrata;
	char **factors; /* minimization factors and weights */
	size_t nfactors;
	double *weights;
	size_t nweights;
	double probability; /* minimization: chance of the best arm */
	/*
	 * A [concealed] section: its keys (block_sizes, weights, probability)
	 * are kept from staff until reveal.  In a store the protocol holds an
	 * empty [concealed] section, concealed_keys is 0, and the parameters
	 * come only with the secret (rct_concealed_protocol_open).
	 */
	int concealed;
	int concealed_keys;
	/*
	 * Witnesses ([witness NAME] sections): each cosigns the log's
	 * checkpoints; with some named, an arm is shown only once the
	 * checkpoint holding its allocation carries witness_quorum of their
	 * cosignatures (TRUST.md, rule 2).  They are in the protocol's text
	 * and so in its hash and the fingerprint.
	 */
	struct rct_witness_ref *witnesses;
	size_t nwitnesses;
	long witness_quorum;
	char *offer; /* lottery: the arm that wins a place */

	struct rct_variable *vars;
	size_t nvars;
	struct rct_rule *rules;
	size_t nrules;
	struct rct_outcome *outcomes;
	size_t noutcomes;

	char *primary; /* primary outcome */
	char *takeup; /* binary outcome: received the measure, or NULL */
	char *estimator; /* estimatr names: dim, blocked, ols, lin, iv */
	char *se_type;
	char **covariates;
	size_t ncovariates;
	char **family; /* outcomes adjusted together for multiplicity */
	size_t nfamily;
	double alpha;
	/* missing baseline covariates: "indicator" (default) or "listwise" */
	char *missing_covariates;
	int min_cell; /* smallest cell shown in published tables */
};

/*
 * Parse and check a protocol.  path names it in messages.  On success
 * *out is a new protocol the caller frees with rct_protocol_free().
 */
int rct_protocol_parse(struct rct_protocol **out, const char *path,
    const char *text, size_t len);

/*
 * Read path and parse it.  A protocol is at most RCT_PROTOCOL_MAX bytes
 * (the shipped ones are a few kilobytes): reading stops there, or at a
 * NUL byte, so memory stays bounded whatever path is (/dev/zero, a pipe).
 */
#define RCT_PROTOCOL_MAX (1 << 20)
int rct_protocol_load(struct rct_protocol **out, const char *path);

void rct_protocol_free(struct rct_protocol *p);

const struct rct_variable *
rct_protocol_variable(const struct rct_protocol *p, const char *name);
const struct rct_outcome *
rct_protocol_outcome(const struct rct_protocol *p, const char *name);
const struct rct_arm *
rct_protocol_arm(const struct rct_protocol *p, const char *name);

/*
 * The arm every other is compared with in an analysis of the store: the
 * first arm, but in a lottery the first arm that is not the offer (the
 * effect estimated is that of being offered a place, not of being
 * refused one).
 */
const char *rct_protocol_control_arm(const struct rct_protocol *p);

const char *rct_protocol_method_name(enum rct_method m);
const char *rct_protocol_unit_name(enum rct_unit u);
const char *rct_protocol_outcome_type_name(enum rct_outcome_type t);

/*
 * Check one value of a variable.  A NULL or empty value is missing: an
 * error when the variable is required.  On a bad value an explanation
 * ("'x' is not a code of gender, expected female|male") is written to why.
 */
int rct_protocol_variable_check(const struct rct_variable *v, const char *value,
    char *why, size_t whylen) __attribute__((warn_unused_result));

/* Check an outcome value the same way. */
int rct_protocol_outcome_check(const struct rct_outcome *o, const char *value,
    char *why, size_t whylen) __attribute__((warn_unused_result));

/*
 * The form in which a checked value is stored: a whole number as it is
 * normally written ("+1995" and "01995" as "1995", "-0" as "0"), any other
 * value as given.  Returns value itself or out, which has room for
 * RCT_CANONICAL_MAX bytes; NULL stays NULL.
 */
#define RCT_CANONICAL_MAX 24
const char *rct_protocol_variable_canonical(const struct rct_variable *v,
    const char *value, char out[RCT_CANONICAL_MAX]);
const char *rct_protocol_outcome_canonical(const struct rct_outcome *o,
    const char *value, char out[RCT_CANONICAL_MAX]);

/*
 * Check the eligibility rules against a participant's values, given in the
 * order of p->vars (NULL for missing).  Returns 0, or -1 with the first
 * failed rule explained in why.
 */
int rct_protocol_eligible(const struct rct_protocol *p,
    const char *const *values, char *why, size_t whylen);

/* Hex of the protocol hash, 65 bytes with the NUL. */
void rct_protocol_hash_hex(const struct rct_protocol *p, char out[65]);

/*
 * Split a protocol's text into its public part and its [concealed]
 * section (header included), appended to the two buffers.  Returns 1 when
 * there is a concealed section, 0 when not, RCT_ENOMEM.
 */
struct rct_buf;
int rct_protocol_split(const char *text, size_t len,
    struct rct_buf *public_text, struct rct_buf *concealed);

#endif
