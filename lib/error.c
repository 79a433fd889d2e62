/*
 * Error recording: a growing list of messages, reset by rct_error_clear().
 * The list is capped so that a file with a million bad rows cannot exhaust
 * memory; the count of messages dropped is reported as a last message.
 * Each thread has its own list, so that the requests a server answers at
 * once on several threads never see each other's messages (work split
 * between threads hands its messages back through rct_error_hold).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define RCT_ERROR_MAX 1000

static _Thread_local char *messages[RCT_ERROR_MAX + 1];
static _Thread_local size_t nmessages;
static _Thread_local size_t ndropped;

/* Where this thread's messages go while work is split between threads. */
static _Thread_local struct rct_error_held *holding;

static void
append(char *msg)
{
	if (holding != NULL) {
		char **grown;

		if (holding->n >= RCT_ERROR_MAX) {
			holding->dropped++;
			free(msg);
			return;
		}
		if (holding->n == holding->cap) {
			holding->cap = holding->cap ? 2 * holding->cap : 8;
			grown = realloc(holding->messages,
			    holding->cap * sizeof(*grown));
			if (grown == NULL) {
				free(msg);
				return;
			}
			holding->messages = grown;
		}
		holding->messages[holding->n++] = msg;
		return;
	}
	if (nmessages >= RCT_ERROR_MAX) {
		ndropped++;
		free(msg);
		return;
	}
	messages[nmessages++] = msg;
}
static void
record(const char *prefix, const char *fmt, va_list ap)
{
	char body[2048];
	char *msg;
	size_t len;

	vsnprintf(body, sizeof(body), fmt, ap);
	if (holding == NULL && nmessages >= RCT_ERROR_MAX) {
		ndropped++;
		return;
	}
	if (holding != NULL && holding->n >= RCT_ERROR_MAX) {
		holding->dropped++;
		return;
	}
	len = strlen(prefix) + strlen(body) + 1;
	if ((msg = malloc(len)) == NULL)
		return;
	snprintf(msg, len, "%s%s", prefix, body);
	append(msg);
}

void
rct_error_hold(struct rct_error_held *h)
{
	holding = h;
}

void
rct_error_release(struct rct_error_held *h, int keep)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (keep)
			append(h->messages[i]);
		else
			free(h->messages[i]);
	if (keep && holding == NULL)
		ndropped += h->dropped;
	else if (keep)
		holding->dropped += h->dropped;
	free(h->messages);
	memset(h, 0, sizeof(*h));
}

int
rct_error(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record("", fmt, ap);
	va_end(ap);
	return code;
}

int
rct_error_at(int code, const char *file, long line, long column,
    const char *fmt, ...)
{
	char prefix[1100];
	va_list ap;

	if (line > 0 && column > 0)
		snprintf(prefix, sizeof(prefix), "%s:%ld:%ld: ", file, line,
		    column);
	else if (line > 0)
		snprintf(prefix, sizeof(prefix), "%s:%ld: ", file, line);
	else
		snprintf(prefix, sizeof(prefix), "%s: ", file);
	va_start(ap, fmt);
	record(prefix, fmt, ap);
	va_end(ap);
	return code;
}

void
rct_error_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record("warning: ", fmt, ap);
	va_end(ap);
}

size_t
rct_error_count(void)
{
	return nmessages + (ndropped > 0);
}

const char *
rct_error_message(size_t i)
{
	static _Thread_local char dropped[64];

	if (i < nmessages)
		return messages[i];
	if (i == nmessages && ndropped > 0) {
		snprintf(dropped, sizeof(dropped),
		    "(%zu more errors not shown)", ndropped);
		return dropped;
	}
	return "";
}

const char *
rct_error_last(void)
{
	return nmessages ? messages[nmessages - 1] : "";
}

void
rct_error_clear(void)
{
	size_t i;

	for (i = 0; i < nmessages; i++)
		free(messages[i]);
	nmessages = 0;
	ndropped = 0;
}

int
rct_error_exit_status(int code)
{
	if (code == RCT_OK)
		return RCT_EXIT_OK;
	if (code == RCT_ECHECK)
		return RCT_EXIT_CHECK;
	return RCT_EXIT_USAGE;
}
