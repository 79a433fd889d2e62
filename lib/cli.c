/*
 * The command driver (cli.h): dispatch by exact name, shared setup and
 * post-work, printing of errors, exit statuses.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <sodium.h>

#include "cli.h"
#include "error.h"
#include "text.h"

static void
print_program_help(const struct rct_program *prog, FILE *fp)
{
	const struct rct_cmd *c;

	fprintf(fp, "usage: %s COMMAND [ARGS]\n\n%s\n\ncommands:\n", prog->name,
	    prog->summary);
	for (c = prog->cmds; c->name; c++)
		fprintf(fp, "  %-16s %s\n", c->name, c->summary);
	fprintf(fp, "\n'%s COMMAND --help' describes one command.\n",
	    prog->name);
}

static void
print_command_help(const struct rct_program *prog, const struct rct_cmd *c,
    FILE *fp)
{
	fprintf(fp, "usage: %s %s %s\n\n%s\n", prog->name, c->name, c->usage,
	    c->summary);
	if (c->help && *c->help)
		fprintf(fp, "\n%s", c->help);
}

static const struct rct_cmd *
find_command(const struct rct_program *prog, int argc, char **argv, int *words)
{
	const struct rct_cmd *c;
	char two[128];

	if (argc >= 3) {
		snprintf(two, sizeof(two), "%s %s", argv[1], argv[2]);
		for (c = prog->cmds; c->name; c++)
			if (strcmp(c->name, two) == 0) {
				*words = 2;
				return c;
			}
	}
	for (c = prog->cmds; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0) {
			*words = 1;
			return c;
		}
	return NULL;
}

static int
wants_help(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

static void
print_errors(const char *program)
{
	size_t i, n = rct_error_count();

	/* A message may quote input: its control characters are shown. */
	for (i = 0; i < n; i++) {
		fprintf(stderr, "%s: ", program);
		rct_visible_write(stderr, rct_error_message(i));
		fputc('\n', stderr);
	}
	rct_error_clear();
}

static int
run(const struct rct_program *prog, const struct rct_cmd *cmd, int argc,
    char **argv)
{
	struct rct_cmd_ctx ctx;
	char *held = NULL, *notes = NULL;
	size_t heldlen = 0, noteslen = 0;
	int rc, i, first = 1;

	memset(&ctx, 0, sizeof(ctx));
	ctx.program = prog->name;
	ctx.cmd = cmd;
	ctx.out = stdout;
	ctx.notes = stderr;
	/* argv[0] is the command name; STORE, when taken, is argv[1]. */
	if (cmd->flags & (RCT_CMD_STORE | RCT_CMD_STORE_OPTIONAL)) {
		if (argc > 1 && argv[1][0] != '-') {
			ctx.store_path = argv[1];
			first = 2;
		} else if (cmd->flags & RCT_CMD_STORE)
			return rct_cli_usage(&ctx, "a STORE is required");
	}
	ctx.argc = argc - first + 1;
	if ((ctx.argv = calloc((size_t)ctx.argc + 1, sizeof(char *))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	ctx.argv[0] = argv[0];
	for (i = first; i < argc; i++)
		ctx.argv[i - first + 1] = argv[i];
	if ((cmd->flags & RCT_CMD_WRITE) &&
	    ((ctx.out = open_memstream(&held, &heldlen)) == NULL ||
		(ctx.notes = open_memstream(&notes, &noteslen)) == NULL)) {
		if (ctx.out)
			fclose(ctx.out);
		free(held);
		free(ctx.argv);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	rc = 0;
	if (ctx.store_path && prog->session)
		rc = prog->session->open(&ctx, cmd->flags);
	if (rc == 0)
		rc = cmd->fn(&ctx);
	if (ctx.store_path && prog->session && ctx.store)
		rc = prog->session->close(&ctx, rc);
	if (ctx.out != stdout) {
		fclose(ctx.out);
		fclose(ctx.notes);
		if (rc == 0) {
			fwrite(held, 1, heldlen, stdout);
			fwrite(notes, 1, noteslen, stderr);
		}
		free(held);
		free(notes);
	}
	free(ctx.argv);
	return rc;
}

int
rct_cli_main(const struct rct_program *prog, int argc, char **argv)
{
	const struct rct_cmd *cmd;
	int words = 1, rc;

	if (sodium_init() < 0) {
		fprintf(stderr, "%s: libsodium cannot start\n", prog->name);
		return RCT_EXIT_USAGE;
	}
	gsl_set_error_handler_off();
	if (argc < 2) {
		print_program_help(prog, stderr);
		return RCT_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		print_program_help(prog, stdout);
		return RCT_EXIT_OK;
	}
	if ((cmd = find_command(prog, argc, argv, &words)) == NULL) {
		fprintf(stderr, "%s: '", prog->name);
		rct_visible_write(stderr, argv[1]);
		fprintf(stderr, "' is not a command, see '%s --help'\n",
		    prog->name);
		return RCT_EXIT_USAGE;
	}
	if (wants_help(argc - words - 1, argv + words + 1)) {
		print_command_help(prog, cmd, stdout);
		return RCT_EXIT_OK;
	}
	/* The command sees its own name as argv[0], as getopt expects. */
	argv[words] = (char *)cmd->name;
	rc = run(prog, cmd, argc - words, argv + words);
	print_errors(prog->name);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write the output\n", prog->name);
		return RCT_EXIT_USAGE;
	}
	return rct_error_exit_status(rc);
}

int
rct_cli_usage(const struct rct_cmd_ctx *ctx, const char *why, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, why);
	vsnprintf(msg, sizeof(msg), why, ap);
	va_end(ap);
	return rct_error(RCT_EINVAL, "%s; usage: %s %s %s", msg, ctx->program,
	    ctx->cmd->name, ctx->cmd->usage);
}

int
rct_cli_end(const struct rct_cmd_ctx *ctx)
{
	if (optind < ctx->argc)
		return rct_cli_usage(ctx, "unexpected argument '%s'",
		    ctx->argv[optind]);
	return 0;
}

int
rct_cli_one(const struct rct_cmd_ctx *ctx, const char *what, const char **arg)
{
	if (optind + 1 != ctx->argc)
		return rct_cli_usage(ctx, "one %s is required", what);
	*arg = ctx->argv[optind];
	return 0;
}

int
rct_cli_format(const struct rct_cmd_ctx *ctx, const char *arg,
    enum rct_format *out)
{
	if (rct_format_parse(arg, out) < 0)
		return rct_cli_usage(ctx,
		    "unknown format '%s', expected table, csv, json, md or html",
		    arg);
	return 0;
}

int
rct_cli_long(const struct rct_cmd_ctx *ctx, const char *option, const char *arg,
    long min, long max, long *out)
{
	if (rct_parse_long(arg, out) < 0 || *out < min || *out > max)
		return rct_cli_usage(ctx,
		    "%s '%s' is not a whole number from %ld to %ld", option,
		    arg, min, max);
	return 0;
}
