/*
 * The command driver shared by trial, randomizer and analysis.
 *
 * Each program's main.c holds only a table of commands (git's commands[]);
 * this driver finds the command by its exact name, answers --help from the
 * table, takes the STORE argument, asks the program's session hooks to open
 * the store and begin the transaction, runs the command, commits or rolls
 * back, and only then lets what the command printed reach standard output:
 * nothing a write command prints (an arm, a participant id) is seen unless
 * the data behind it is committed.  Errors recorded with rct_error() are
 * printed as "PROGRAM: message" and mapped to the exit status.
 */
#ifndef RCT_CLI_H
#define RCT_CLI_H

#include <getopt.h> /* optind, where rct_cli_parse leaves the arguments */
#include <stdio.h>

#include "table.h"

struct rct_store;

enum rct_cmd_flags {
	RCT_CMD_STORE = 1 << 0, /* takes STORE as first argument */
	RCT_CMD_WRITE = 1 << 1, /* runs in one write transaction */
	RCT_CMD_CREATE = 1 << 2, /* creates the store itself */
	RCT_CMD_STORE_OPTIONAL = 1
	    << 3, /* STORE unless an option comes first */
	RCT_CMD_ANY_SCHEMA = 1 << 4, /* reads a store of an older schema too */
};

struct rct_cmd_ctx {
	const char *program;
	const struct rct_cmd *cmd;
	const char *store_path; /* NULL when the command has none */
	struct rct_store *store; /* opened by the session hooks */
	FILE *out; /* where the command prints */
	FILE *notes; /* notices for stderr, held like out until the commit */
	int argc;
	char **argv; /* argv[0] is the command name */
};

struct rct_cmd {
	const char *name; /* exact, possibly two words */
	int (*fn)(struct rct_cmd_ctx *ctx);
	unsigned flags;
	const char *usage; /* arguments after the name */
	const char *summary; /* one line */
	const char *help; /* the options, one per line */
};

struct rct_session_ops {
	/* Open ctx->store_path into ctx->store; begin a transaction for writes.
	 */
	int (*open)(struct rct_cmd_ctx *ctx, unsigned flags);
	/* Commit when rc is 0, else roll back; close; return the final code. */
	int (*close)(struct rct_cmd_ctx *ctx, int rc);
};

struct rct_program {
	const char *name;
	const char *summary;
	const struct rct_cmd *cmds; /* ends with a NULL name */
	const struct rct_session_ops *session;
};

/* Run argv against the program's table and return the exit status. */
int rct_cli_main(const struct rct_program *prog, int argc, char **argv);

/* Record a usage error for the running command and return RCT_EINVAL. */
int rct_cli_usage(const struct rct_cmd_ctx *ctx, const char *why, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * After getopt_long: no argument may be left (rct_cli_end), or exactly one
 * named what (rct_cli_one, which returns it in *arg).  Each records a usage
 * error otherwise.
 */
int rct_cli_end(const struct rct_cmd_ctx *ctx);
int
rct_cli_one(const struct rct_cmd_ctx *ctx, const char *what, const char **arg);

/* Parse a --format argument, recording a usage error when unknown. */
int rct_cli_format(const struct rct_cmd_ctx *ctx, const char *arg,
    enum rct_format *out);

/* Parse a whole-number option value in [min, max]. */
int rct_cli_long(const struct rct_cmd_ctx *ctx, const char *option,
    const char *arg, long min, long max, long *out);

/*
 * One table of options for a command, parsed once (rct_cli_parse).
 *
 * Each entry names a long option (without "--") and what its value becomes:
 *
 *   FLAG    no value; *(int *)dest = 1
 *   STRING  *(const char **)dest = the value (argv's own string, not copied)
 *   LONG    *(long *)dest, a whole number in [min, max] (rct_cli_long)
 *   INT     *(int *)dest, the same check, for min and max that fit an int
 *   DOUBLE  *(double *)dest, a finite decimal number (rct_text_parse_double),
 *           else "--NAME 'VALUE' is not a number"
 *   FORMAT  *(enum rct_format *)dest through rct_cli_format
 *   LIST    repeatable: appended to the struct rct_cli_list at dest, which
 *           says how many fit; one more is "at most MAX WHAT"
 *   FN      fn(ctx, opt, value): parsing of its own, with dest as its state
 *   FN_FLAG fn(ctx, opt, NULL): the same for an option that takes no value
 *   MORE    not an option: dest is another table (ending like this one)
 *           whose options are taken as if written here
 *
 * When seen is not NULL, *seen is set to 1 each time the option is given,
 * before its value is checked.  A NULL dest (but for FN, FN_FLAG and MORE)
 * says that the option exists in the family of commands but not in this
 * one: its value is checked as its kind says, then refused with "--NAME is
 * not an option of this command".  The table ends with a NULL name and a
 * kind that is not MORE (RCT_OPT_END); at most RCT_CLI_OPTS_MAX
 * options in all.  The entries are written with the RCT_OPT_* macros.
 */
#define RCT_CLI_OPTS_MAX 48

enum rct_cli_kind {
	RCT_CLI_END = 0,
	RCT_CLI_FLAG,
	RCT_CLI_STRING,
	RCT_CLI_LONG,
	RCT_CLI_INT,
	RCT_CLI_DOUBLE,
	RCT_CLI_FORMAT,
	RCT_CLI_LIST,
	RCT_CLI_FN,
	RCT_CLI_FN_FLAG,
	RCT_CLI_MORE,
};

struct rct_cli_opt;

/*
 * The parsing of an FN option: 0 to go on; anything else stops the parse,
 * and rct_cli_parse returns it (a usage error is recorded by the callback,
 * e.g. with rct_cli_usage).
 */
typedef int (*rct_cli_fn)(const struct rct_cmd_ctx *ctx,
    const struct rct_cli_opt *opt, const char *arg);

struct rct_cli_opt {
	const char *name;
	enum rct_cli_kind kind;
	void *dest;
	long min, max; /* LONG and INT */
	rct_cli_fn fn; /* FN and FN_FLAG */
	int *seen;
};

/* The values of a LIST option, owned by the caller (items: max slots). */
struct rct_cli_list {
	const char **items;
	size_t n, max;
	const char *what; /* "at most MAX WHAT" when one more is given */
};

#define RCT_OPT_FLAG(n, d)                                                     \
	{                                                                      \
		.name = (n), .kind = RCT_CLI_FLAG, .dest = (d)                 \
	}
#define RCT_OPT_STRING(n, d)                                                   \
	{                                                                      \
		.name = (n), .kind = RCT_CLI_STRING, .dest = (d)               \
	}
#define RCT_OPT_LONG(n, d, lo, hi)                                             \
	{                                                                      \
		.name = (n), .kind = RCT_CLI_LONG, .dest = (d), .min = (lo),   \
		.max = (hi)                                                    \
	}
#define RCT_OPT_INT(n, d, lo, hi)                                              \
	{                                                                      \
		.name = (n), .kind = RCT_CLI_INT, .dest = (d), .min = (lo),    \
		.max = (hi)                                                    \
	}
#define RCT_OPT_DOUBLE(n, d)                                                   \
	{                                                                      \
		.name = (n), .kind = RCT_CLI_DOUBLE, .dest = (d)               \
	}
#define RCT_OPT_FORMAT(d)                                                      \
	{                                                                      \
		.name = "format", .kind = RCT_CLI_FORMAT, .dest = (d)          \
	}
#define RCT_OPT_LIST(n, l)                                                     \
	{                                                                      \
		.name = (n), .kind = RCT_CLI_LIST, .dest = (l)                 \
	}
#define RCT_OPT_FN(n, f, state)                                                \
	{                                                                      \
		.name = (n), .kind = RCT_CLI_FN, .dest = (state), .fn = (f)    \
	}
#define RCT_OPT_FN_FLAG(n, f, state)                                           \
	{                                                                      \
		.name = (n), .kind = RCT_CLI_FN_FLAG, .dest = (state),         \
		.fn = (f)                                                      \
	}
#define RCT_OPT_MORE(table)                                                    \
	{                                                                      \
		.name = NULL, .kind = RCT_CLI_MORE, .dest = (void *)(table)    \
	}
#define RCT_OPT_END                                                            \
	{                                                                      \
		.name = NULL, .kind = RCT_CLI_END                              \
	}

/*
 * Parse ctx's options against the table, in the order given, with
 * getopt_long (no short options; a long one may be abbreviated while that
 * is unambiguous).  Returns 0 with optind at the first argument that is
 * not an option (for rct_cli_end or rct_cli_one), or the first error: an
 * unknown option, a missing value or a value refused is recorded as a
 * usage error, exactly as the commands said it before this table.  The
 * destinations are the caller's; nothing is allocated.  A ctx without a
 * command (trial-web's main, outside the driver) gets RCT_EINVAL for an
 * unknown option, with nothing recorded: getopt has said it (opterr).
 */
int
rct_cli_parse(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opts);

#endif
