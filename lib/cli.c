/*
 * The command driver (cli.h): dispatch by exact name, shared setup and
 * post-work, printing of errors, exit statuses; and the one parser of the
 * commands' options (rct_cli_parse), so that each command only declares
 * its table.
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
		rct_text_visible_write(stderr, rct_error_message(i));
		fputc('\n', stderr);
	}
	rct_error_clear();
}

/*
 * What a writing command prints is held until its transaction commits.
 * It may hold a secret (user add's one-time password), so the held text
 * lives only in buffers this file wipes: the stream's own buffer and the
 * text, which is wiped before each move to a larger block and before it
 * is freed.  (open_memstream would leave copies in freed memory.)
 */
struct held {
	char *data;
	size_t len, cap;
	int failed;
	char iobuf[BUFSIZ];
};

static ssize_t
held_write(void *cookie, const char *buf, size_t size)
{
	struct held *h = cookie;
	char *more;
	size_t cap;

	if (h->len + size > h->cap) {
		for (cap = h->cap ? h->cap : 4096; cap < h->len + size;
		     cap *= 2)
			;
		if ((more = malloc(cap)) == NULL) {
			h->failed = 1;
			return -1;
		}
		if (h->len)
			memcpy(more, h->data, h->len);
		if (h->data) {
			sodium_memzero(h->data, h->cap);
			free(h->data);
		}
		h->data = more;
		h->cap = cap;
	}
	memcpy(h->data + h->len, buf, size);
	h->len += size;
	return (ssize_t)size;
}

static FILE *
held_open(struct held *h)
{
	static const cookie_io_functions_t io = {NULL, held_write, NULL, NULL};
	FILE *fp;

	memset(h, 0, sizeof(*h));
	if ((fp = fopencookie(h, "w", io)) != NULL &&
	    setvbuf(fp, h->iobuf, _IOFBF, sizeof(h->iobuf)) != 0) {
		fclose(fp);
		fp = NULL;
	}
	return fp;
}

/* Close the stream, write what it held to fp when asked, wipe it all. */
static void
held_close(FILE *stream, struct held *h, FILE *fp)
{
	if (stream == NULL)
		return;
	fclose(stream);
	if (fp && h->len && !h->failed)
		fwrite(h->data, 1, h->len, fp);
	if (h->data)
		sodium_memzero(h->data, h->cap);
	free(h->data);
	sodium_memzero(h, sizeof(*h));
}

static int
run(const struct rct_program *prog, const struct rct_cmd *cmd, int argc,
    char **argv)
{
	struct rct_cmd_ctx ctx;
	struct held *held = NULL;
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
	    ((held = calloc(2, sizeof(*held))) == NULL ||
		(ctx.out = held_open(&held[0])) == NULL ||
		(ctx.notes = held_open(&held[1])) == NULL)) {
		if (held)
			held_close(ctx.out == stdout ? NULL : ctx.out, &held[0],
			    NULL);
		free(held);
		free(ctx.argv);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	/* Options are reported by rct_cli_usage, not by getopt. */
	opterr = 0;
	rc = 0;
	if (ctx.store_path && prog->session)
		rc = prog->session->open(&ctx, cmd->flags);
	if (rc == 0)
		rc = cmd->fn(&ctx);
	if (ctx.store_path && prog->session && ctx.store)
		rc = prog->session->close(&ctx, rc);
	if (held) {
		if (rc == 0 && (held[0].failed || held[1].failed))
			rc = rct_error(RCT_ENOMEM,
			    "out of memory holding the output; the change was "
			    "committed");
		held_close(ctx.out, &held[0], rc == 0 ? stdout : NULL);
		held_close(ctx.notes, &held[1], rc == 0 ? stderr : NULL);
		free(held);
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
		rct_text_visible_write(stderr, argv[1]);
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
	/*
	 * "unknown option", as every command says when getopt_long returns
	 * '?', is told apart here: a long option that lacks its value (getopt
	 * sets optopt to its code), or the very option that is unknown.
	 */
	if (strcmp(why, "unknown option") == 0 && optind > 0 &&
	    optind <= ctx->argc && ctx->argv[optind - 1] != NULL) {
		const char *arg = ctx->argv[optind - 1];

		if (strncmp(arg, "--", 2) == 0 && optopt != 0 &&
		    strchr(arg, '=') != NULL)
			snprintf(msg, sizeof(msg),
			    "option '%.*s' takes no value",
			    (int)(strchr(arg, '=') - arg), arg);
		else if (strncmp(arg, "--", 2) == 0 && optopt != 0)
			snprintf(msg, sizeof(msg),
			    "option '%.100s' needs a value", arg);
		else if (arg[0] == '-')
			snprintf(msg, sizeof(msg), "unknown option '%.100s'",
			    arg);
	}
	if (ctx->cmd == NULL)
		return rct_error(RCT_EINVAL, "%s", msg);
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
	if (rct_table_format_parse(arg, out) < 0)
		return rct_cli_usage(ctx,
		    "unknown format '%s', expected table, csv, json, md or html",
		    arg);
	return 0;
}

int
rct_cli_long(const struct rct_cmd_ctx *ctx, const char *option, const char *arg,
    long min, long max, long *out)
{
	if (rct_text_parse_long(arg, out) < 0 || *out < min || *out > max)
		return rct_cli_usage(ctx,
		    "%s '%s' is not a whole number from %ld to %ld", option,
		    arg, min, max);
	return 0;
}

/*
 * The entries of a table and of the tables it takes in (MORE), flat, in
 * their order; -1 when there are more than fit.
 */
static int
flatten(const struct rct_cli_opt *opts, const struct rct_cli_opt **flat,
    size_t *n)
{
	for (; opts->name || opts->kind == RCT_CLI_MORE; opts++) {
		if (opts->kind == RCT_CLI_MORE) {
			if (flatten(opts->dest, flat, n) != 0)
				return -1;
			continue;
		}
		if (*n == RCT_CLI_OPTS_MAX)
			return -1;
		flat[(*n)++] = opts;
	}
	return 0;
}

/* The value of one option given, into its destination. */
static int
take(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *o,
    const char *arg)
{
	struct rct_cli_list *list = o->dest;
	enum rct_format fmt;
	char option[80];
	double x = 0;
	long v = 0;
	int rc;

	if (o->seen)
		*o->seen = 1;
	snprintf(option, sizeof(option), "--%s", o->name);
	switch (o->kind) {
	case RCT_CLI_LONG:
	case RCT_CLI_INT:
		if ((rc = rct_cli_long(ctx, option, arg, o->min, o->max, &v)) !=
		    0)
			return rc;
		break;
	case RCT_CLI_DOUBLE:
		if (rct_text_parse_double(arg, &x) != 0)
			return rct_cli_usage(ctx, "%s '%s' is not a number",
			    option, arg);
		break;
	case RCT_CLI_FORMAT:
		if ((rc = rct_cli_format(ctx, arg, &fmt)) != 0)
			return rc;
		break;
	case RCT_CLI_FN:
	case RCT_CLI_FN_FLAG:
		return o->fn(ctx, o, arg);
	default:
		break;
	}
	if (o->dest == NULL)
		return rct_cli_usage(ctx, "%s is not an option of this command",
		    option);
	switch (o->kind) {
	case RCT_CLI_FLAG:
		*(int *)o->dest = 1;
		break;
	case RCT_CLI_STRING:
		*(const char **)o->dest = arg;
		break;
	case RCT_CLI_LONG:
		*(long *)o->dest = v;
		break;
	case RCT_CLI_INT:
		*(int *)o->dest = (int)v;
		break;
	case RCT_CLI_DOUBLE:
		*(double *)o->dest = x;
		break;
	case RCT_CLI_FORMAT:
		*(enum rct_format *)o->dest = fmt;
		break;
	case RCT_CLI_LIST:
		if (list->n == list->max)
			return rct_cli_usage(ctx, "at most %zu %s", list->max,
			    list->what);
		list->items[list->n++] = arg;
		break;
	default:
		break;
	}
	return 0;
}

int
rct_cli_parse(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opts)
{
	const struct rct_cli_opt *flat[RCT_CLI_OPTS_MAX];
	struct option longopts[RCT_CLI_OPTS_MAX + 1];
	size_t n = 0, i;
	int c, rc;

	if (flatten(opts, flat, &n) != 0)
		return rct_error(RCT_EINVAL,
		    "more than %d options in one table", RCT_CLI_OPTS_MAX);
	/* getopt_long's code of an option is its place in flat, plus one. */
	for (i = 0; i < n; i++) {
		longopts[i].name = flat[i]->name;
		longopts[i].has_arg = flat[i]->kind == RCT_CLI_FLAG ||
			flat[i]->kind == RCT_CLI_FN_FLAG ?
		    no_argument :
		    required_argument;
		longopts[i].flag = NULL;
		longopts[i].val = (int)i + 1;
	}
	memset(&longopts[n], 0, sizeof(longopts[n]));
	optind = 0;
	while (
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1) {
		if (c < 1 || (size_t)c > n) {
			if (ctx->cmd == NULL)
				return RCT_EINVAL;
			return rct_cli_usage(ctx, "unknown option");
		}
		if ((rc = take(ctx, flat[c - 1], optarg)) != 0)
			return rc;
	}
	return 0;
}
