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

#endif
