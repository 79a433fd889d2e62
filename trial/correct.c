/* Corrections of baseline values (correct.h). */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "correct.h"
#include "error.h"
#include "followup.h"
#include "json.h"
#include "participant.h"
#include "register.h"
#include "store_internal.h"
#include "text.h"

static void
add_nullable(struct rct_buf *b, const char *s)
{
	if (s)
		rct_buf_add_json_string(b, s);
	else
		rct_buf_adds(b, "null");
}

void
rct_correct_payload(struct rct_buf *b, int64_t participant,
    const char *variable, const char *old, const char *new_value,
    const char *reason)
{
	char pid[RCT_PID_MAX];

	rct_register_participant_format(pid, participant);
	rct_buf_adds(b, "{\"participant\":");
	rct_buf_add_json_string(b, pid);
	rct_buf_adds(b, ",\"variable\":");
	rct_buf_add_json_string(b, variable);
	rct_buf_adds(b, ",\"old\":");
	add_nullable(b, old);
	rct_buf_adds(b, ",\"new\":");
	add_nullable(b, new_value);
	rct_buf_adds(b, ",\"reason\":");
	rct_buf_add_json_string(b, reason);
	rct_buf_addc(b, '}');
}

struct current {
	int index;
	char *value;
	int found;
};

static int
read_current(void *arg, const struct rct_participant *p)
{
	struct current *c = arg;

	c->found = 1;
	if (p->values[c->index] &&
	    (c->value = strdup(p->values[c->index])) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	return 0;
}

int
rct_correct(struct rct_store *s, const char *participant, const char *variable,
    const char *value, const char *reason)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	const struct rct_variable *v = rct_protocol_variable(p, variable);
	struct rct_participant_filter f = {NULL, 0, 0, 0, 0};
	struct rct_buf b = RCT_BUF_INIT;
	struct current cur = {0, NULL, 0};
	sqlite3_stmt *st;
	char why[600], canonical[RCT_CANONICAL_MAX];
	int64_t id;
	int rc;

	if (v == NULL)
		return rct_error(RCT_EINVAL,
		    "'%s' is not a baseline variable "
		    "of the protocol",
		    variable);
	if (*reason == '\0' || !rct_text_utf8_valid(reason, strlen(reason)))
		return rct_error(RCT_EINVAL, "a correction needs a reason");
	if ((rc = rct_text_check("the reason", reason)) != 0)
		return rc;
	if (value && *value == '\0')
		value = NULL;
	if (rct_protocol_variable_check(v, value, why, sizeof(why)) < 0)
		return rct_error(RCT_EINVAL, "%s", why);
	value = rct_protocol_variable_canonical(v, value, canonical);
	if ((rc = rct_followup_participant_find(s, participant, &id)) != 0)
		return rc;
	f.id = id;
	cur.index = (int)(v - p->vars);
	if ((rc = rct_participant_foreach(s, &f, read_current, &cur)) != 0)
		goto out;
	if ((cur.value == NULL && value == NULL) ||
	    (cur.value && value && strcmp(cur.value, value) == 0)) {
		rc = rct_error(RCT_EINVAL, "%s of %s is already '%s'", variable,
		    participant, value ? value : "");
		goto out;
	}
	if ((rc = rct_store_stmt(s,
		 "INSERT INTO correction(participant, variable, old, new, "
		 "reason, audit_seq) VALUES (?, ?, ?, ?, ?, ?)",
		 &st)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, variable, -1, SQLITE_STATIC);
	if (cur.value)
		sqlite3_bind_text(st, 3, cur.value, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(st, 4, value, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, rct_audit_next_seq(s));
	rc = sqlite3_step(st);
	rct_store_stmt_done(s, st);
	if (rc != SQLITE_DONE) {
		rc = rct_store_sql_error(s, "recording a correction");
		goto out;
	}
	rct_correct_payload(&b, id, variable, cur.value, value, reason);
	rc = rct_audit_append_buf(s, "correct", &b);
out:
	rct_buf_release(&b);
	free(cur.value);
	return rc;
}
