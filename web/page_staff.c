/*
 * What site staff do (pages.h): their home page, the enrolment form
 * generated from the protocol, a participant's page with its arm and
 * receipt, allocation, and the list of their sites' participants.
 *
 * Every page about a participant checks that the participant's site is
 * one of the user's, whatever the URL says: another site's participant
 * is 403 with nothing written.  An arm is shown only when the receipt of
 * its allocation verifies against the trial's fingerprint, which, when
 * the protocol names witnesses, needs their quorum's cosignatures
 * (TRUST.md, rule 2): a page can never show an arm that is not stored,
 * signed and witnessed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "assign.h"
#include "audit.h"
#include "checkpoint.h"
#include "error.h"
#include "fingerprint.h"
#include "followup.h"
#include "html.h"
#include "pages.h"
#include "participant.h"
#include "protocol.h"
#include "receipt.h"
#include "register.h"
#include "report.h"
#include "site.h"
#include "text.h"
#include "witness_client.h"

/* One participant, copied out of rct_participant_status. */
struct pinfo {
	int found;
	int64_t id;
	char pid[RCT_PID_MAX];
	char site[64];
	char arm[128];
	char withdrawn[16];
	char exit_reason[64];
	char enrolled_at[21];
};

static void
copy(char *out, size_t len, const char *s)
{
	snprintf(out, len, "%s", s ? s : "");
}

static int
pinfo_fill(void *arg, const struct rct_participant *p)
{
	struct pinfo *pi = arg;

	pi->found = 1;
	pi->id = p->id;
	copy(pi->pid, sizeof(pi->pid), p->pid);
	copy(pi->site, sizeof(pi->site), p->site);
	copy(pi->arm, sizeof(pi->arm), p->arm);
	copy(pi->withdrawn, sizeof(pi->withdrawn), p->withdrawn);
	copy(pi->exit_reason, sizeof(pi->exit_reason), p->exit_reason);
	copy(pi->enrolled_at, sizeof(pi->enrolled_at), p->enrolled_at);
	return 0;
}

static const char *
pinfo_status(const struct pinfo *pi)
{
	if (pi->withdrawn[0])
		return "withdrawn";
	if (pi->exit_reason[0])
		return "exited";
	if (pi->arm[0])
		return "allocated";
	return "enrolled";
}

/*
 * Find the participant named by text, who must be at one of the user's
 * sites: 0, or an error page (404, 403) already made.
 */
static int
find_own(struct web_req *r, const char *text, struct pinfo *pi)
{
	int64_t id;

	memset(pi, 0, sizeof(*pi));
	if (text == NULL || rct_register_participant_parse(text, &id) < 0) {
		rct_error(RCT_EINVAL,
		    "'%s' is not a participant id, expected e.g. P000042",
		    text ? text : "");
		return web_error_page(r, 404, "not_found");
	}
	if (rct_participant_status(r->store, id, pinfo_fill, pi) != 0)
		return web_error_page(r, 500, "bad_request");
	if (!pi->found) {
		rct_error(RCT_ENOTFOUND, "participant '%s' does not exist",
		    text);
		return web_error_page(r, 404, "not_found");
	}
	if (!web_staff_site(r, pi->site)) {
		rct_error(RCT_EINVAL,
		    "participant '%s' is not at one of your sites", text);
		return web_error_page(r, 403, "forbidden");
	}
	return 0;
}

/* The user's sites, each with a link to its enrolment form. */
static void
own_sites(struct web_req *r)
{
	enum web_lang l = r->conf->lang;
	struct rct_table *t = NULL;
	size_t i, j;

	if (rct_site_names(r->store, &t) != 0)
		return;
	rct_buf_adds(&r->body, "<h2>");
	web_esc(&r->body, web_t(l, "sites"));
	rct_buf_adds(&r->body, "</h2>\n<ul>\n");
	for (i = 0; i < rct_table_rows(t); i++) {
		const char *const *row = rct_table_row(t, i);

		for (j = 0; j < r->nsites; j++)
			if (strcmp(r->sites[j], row[0]) == 0)
				break;
		if (j == r->nsites)
			continue;
		rct_buf_adds(&r->body, "<li>");
		web_esc(&r->body, row[0]);
		rct_buf_adds(&r->body, " ");
		web_esc(&r->body, row[1]);
		rct_buf_adds(&r->body, ": <a href=\"/enrol?site=");
		web_esc(&r->body, row[0]);
		rct_buf_adds(&r->body, "\">");
		web_esc(&r->body, web_t(l, "enrol_title"));
		rct_buf_adds(&r->body, "</a></li>\n");
	}
	rct_buf_adds(&r->body, "</ul>\n");
	rct_table_free(t);
}

int
page_home(struct web_req *r)
{
	struct web_page pg;

	web_req_page(r, &pg);
	web_page_begin(&r->body, &pg, rct_store_protocol(r->store)->name);
	if (strcmp(r->sess.role, "staff") == 0)
		own_sites(r);
	else {
		/* The pages of the role, as in the menu. */
		static const char *const team[][3] = {
		    {"researcher", "/status", "status"},
		    {"researcher", "/participants", "participants"},
		    {"researcher", "/users", "users"},
		    {"researcher", "/export", "export"},
		    {"researcher", "/head", "head"},
		    {"monitor", "/status", "status"},
		    {"monitor", "/log", "log"},
		    {"monitor", "/verify", "verify"},
		};
		size_t i;

		rct_buf_adds(&r->body, "<ul>\n");
		for (i = 0; i < sizeof(team) / sizeof(team[0]); i++)
			if (strcmp(team[i][0], r->sess.role) == 0) {
				rct_buf_addf(&r->body, "<li><a href=\"%s\">",
				    team[i][1]);
				web_esc(&r->body,
				    web_t(r->conf->lang, team[i][2]));
				rct_buf_adds(&r->body, "</a></li>\n");
			}
		rct_buf_adds(&r->body, "</ul>\n");
	}
	web_page_end(&r->body);
	r->commit = 1;
	return 0;
}

void
page_site_select(struct web_req *r, const char *selected)
{
	struct rct_table *t = NULL;
	const char **labels;
	size_t i, j;

	labels = calloc(r->nsites ? r->nsites : 1, sizeof(*labels));
	if (labels && rct_site_names(r->store, &t) == 0)
		for (i = 0; i < rct_table_rows(t); i++) {
			const char *const *row = rct_table_row(t, i);

			for (j = 0; j < r->nsites; j++)
				if (strcmp(r->sites[j], row[0]) == 0)
					labels[j] = row[1];
		}
	web_select_labels(&r->body, "site", web_t(r->conf->lang, "site"),
	    (const char *const *)r->sites, labels, r->nsites, 1, selected);
	rct_table_free(t);
	free(labels);
}

/* The label of a variable: the protocol's, else its name. */
static const char *
var_label(const struct rct_variable *v)
{
	return v->label && *v->label ? v->label : v->name;
}

/*
 * Whether the protocol allocates participants one at a time, so that the
 * enrolment form may allocate too: not a lottery (places drawn per site
 * and intake) nor a cluster trial (clusters allocated as wholes).
 */
static int
one_by_one(const struct rct_protocol *p)
{
	return p->method != RCT_METHOD_LOTTERY &&
	    p->unit == RCT_UNIT_INDIVIDUAL;
}

static void participant_summary(struct web_req *r, const struct pinfo *pi);

/*
 * The enrolment form; after a refusal, the values sent are filled in
 * again (never the identity number, which is typed anew).  With last,
 * the participant just enrolled (and allocated) is shown above it, its
 * arm with its receipt: where "Enrol and allocate" sends, so that the
 * next participant is enrolled from the page that shows the last one's.
 */
static void
enrol_form(struct web_req *r, const char *site, const struct pinfo *last)
{
	const struct rct_protocol *p = rct_store_protocol(r->store);
	enum web_lang l = r->conf->lang;
	struct rct_buf extra = RCT_BUF_INIT;
	struct web_page pg;
	char today[11], srcname[WEB_FORM_NAME_MAX + 1];
	size_t i;

	web_req_page(r, &pg);
	web_page_begin(&r->body, &pg, web_t(l, "enrol_title"));
	web_html_errors(&r->body, web_t(l, "errors"));
	if (last) {
		rct_buf_adds(&r->body, "<section id=\"last\"><h2>");
		web_esc(&r->body, web_t(l, "last_enrolled"));
		rct_buf_adds(&r->body, "</h2>\n");
		participant_summary(r, last);
		rct_buf_adds(&r->body, "<p><a href=\"/participant/");
		web_esc(&r->body, last->pid);
		rct_buf_adds(&r->body, "\">");
		web_esc(&r->body, web_t(l, "participant_open"));
		rct_buf_adds(&r->body, "</a></p>\n</section>\n<h2>");
		web_esc(&r->body, web_t(l, "enrol_next"));
		rct_buf_adds(&r->body, "</h2>\n");
	}
	web_form_begin(&r->body, "/enrol", r->csrf, 0);
	page_site_select(r, site);
	web_input(&r->body, "id_number", web_t(l, "id_number"), "password",
	    NULL,
	    "autocomplete=\"off\" required inputmode=\"numeric\" "
	    "maxlength=\"12\"");
	rct_buf_adds(&r->body, "<p>");
	web_esc(&r->body, web_t(l, "id_number_note"));
	rct_buf_adds(&r->body, "</p>\n");
	rct_text_today(today);
	for (i = 0; i < p->nvars; i++) {
		const struct rct_variable *v = &p->vars[i];
		const char *sent = web_form_get(&r->form, v->name, NULL);

		rct_buf_reset(&extra);
		if (v->type == RCT_VAR_CODE)
			web_select(&r->body, v->name, var_label(v),
			    (const char *const *)v->codes, v->ncodes,
			    v->required, sent);
		else if (v->type == RCT_VAR_INTEGER ||
		    v->type == RCT_VAR_NUMBER) {
			rct_buf_adds(&extra,
			    v->type == RCT_VAR_INTEGER ? "step=\"1\"" :
							 "step=\"any\"");
			if (v->has_min && !v->dated_bounds)
				rct_buf_addf(&extra, " min=\"%.15g\"", v->min);
			if (v->has_max && !v->dated_bounds)
				rct_buf_addf(&extra, " max=\"%.15g\"", v->max);
			web_input(&r->body, v->name, var_label(v), "number",
			    sent, rct_buf_str(&extra));
		} else if (v->type == RCT_VAR_DATE) {
			if (v->max_today)
				rct_buf_addf(&extra, "max=\"%s\"", today);
			web_input(&r->body, v->name, var_label(v), "date", sent,
			    rct_buf_str(&extra));
		} else
			web_input(&r->body, v->name, var_label(v), "text", sent,
			    "maxlength=\"200\"");
		if (v->nsources > 0) {
			snprintf(srcname, sizeof(srcname), "%s_source",
			    v->name);
			web_select(&r->body, srcname, srcname,
			    (const char *const *)v->sources, v->nsources, 0,
			    web_form_get(&r->form, srcname, NULL));
		}
	}
	if (one_by_one(p))
		web_form_end_also(&r->body, web_t(l, "enrol"), "then",
		    "allocate", web_t(l, "enrol_allocate"));
	else
		web_form_end(&r->body, web_t(l, "enrol"));
	web_page_end(&r->body);
	rct_buf_release(&extra);
}

/*
 * GET /enrol[?site=S]: the form, for site S when given; with
 * ?allocated=PID (where "Enrol and allocate" sends), PID's arm above it,
 * refused as PID's own page would be when PID is not the user's.
 */
int
page_enrol_form(struct web_req *r)
{
	const char *site = web_query(r, "site");
	const char *last = web_query(r, "allocated");
	struct pinfo pi;

	if (site && !web_staff_site(r, site)) {
		rct_error(RCT_EINVAL, "site '%s' is not one of your sites",
		    site);
		return web_error_page(r, 403, "forbidden");
	}
	if (last && find_own(r, last, &pi) != 0)
		return -1;
	enrol_form(r, site ? site : last ? pi.site : NULL, last ? &pi : NULL);
	r->commit = 1;
	return 0;
}

/*
 * 0 when participant id's allocation, and every one before it, is under
 * a checkpoint cosigned by the witnesses' quorum (or the protocol names
 * none), else an error recorded: no arm is shown before.  Allocations of
 * other participants after it, still being cosigned, do not hold it up.
 */
static int
witnessed(struct web_req *r, int64_t id)
{
	int64_t seq;
	int rc;

	if ((rc = rct_receipt_unwitnessed(r->store, id, &seq)) != 0)
		return rc;
	if (seq != 0)
		return rct_error(RCT_ECHECK,
		    "the allocation of audit entry %lld is not yet cosigned "
		    "by the witnesses' quorum: no receipt before it is",
		    (long long)seq);
	return 0;
}

/*
 * What the page of pi's arm shows, checked in the store as its receipt
 * would be (rct_receipt_check): 0 with it in res, or an error recorded.
 */
static int
checked_arm(struct web_req *r, const struct pinfo *pi,
    struct rct_receipt_result *res)
{
	int rc;

	if ((rc = witnessed(r, pi->id)) != 0)
		return rc;
	return rct_receipt_check(r->store, pi->id, res);
}

/*
 * The receipt of pi's allocation, verified against the trial's
 * fingerprint: 0 with the receipt in b and what it proves in res, or an
 * error (recorded) when there is none to give yet.
 */
static int
verified_receipt(struct web_req *r, const struct pinfo *pi, struct rct_buf *b,
    struct rct_receipt_result *res)
{
	struct rct_fingerprint f;
	char fp[65];
	int rc;

	if ((rc = witnessed(r, pi->id)) != 0 ||
	    (rc = rct_receipt_write(r->store, pi->id, b)) != 0 ||
	    (rc = rct_fingerprint_of_store(r->store, &f)) != 0)
		return rc;
	rct_fingerprint_hex(&f, fp);
	return rct_receipt_verify(rct_buf_str(b), b->len, fp, res);
}

static void
dl_row(struct rct_buf *b, const char *term, const char *id, const char *value)
{
	rct_buf_adds(b, "<dt>");
	web_esc(b, term);
	rct_buf_adds(b, "</dt><dd");
	if (id) {
		rct_buf_adds(b, " id=\"");
		rct_buf_adds(b, id);
		rct_buf_addc(b, '"');
	}
	rct_buf_addc(b, '>');
	web_esc(b, value);
	rct_buf_adds(b, "</dd>\n");
}

/*
 * What pi is: its id, site and status, and its arm with the receipt that
 * proves it when the receipt checks (else why no arm is shown).
 */
static void
participant_summary(struct web_req *r, const struct pinfo *pi)
{
	enum web_lang l = r->conf->lang;
	struct rct_receipt_result res;
	char seq[24], hash[65], sig[129], line[256];
	int64_t hseq;
	int shown = 0;

	rct_buf_adds(&r->body, "<dl>\n");
	dl_row(&r->body, web_t(l, "participant"), "participant", pi->pid);
	dl_row(&r->body, web_t(l, "site"), "site", pi->site);
	dl_row(&r->body, web_t(l, "status_word"), "status",
	    web_t(l, pinfo_status(pi)));
	if (pi->arm[0] && checked_arm(r, pi, &res) == 0) {
		shown = 1;
		dl_row(&r->body, web_t(l, "arm"), "arm", res.arm);
	}
	rct_buf_adds(&r->body, "</dl>\n");
	if (pi->arm[0] && !shown) {
		rct_buf_adds(&r->body, "<p role=\"alert\">");
		web_esc(&r->body, web_t(l, "not_shown"));
		rct_buf_adds(&r->body, "</p>\n");
		web_html_errors(&r->body, web_t(l, "receipt"));
	}
	if (!shown)
		return;
	rct_buf_adds(&r->body, "<section id=\"receipt\"><h2>");
	web_esc(&r->body, web_t(l, "receipt"));
	rct_buf_adds(&r->body, "</h2>\n<dl>\n");
	snprintf(seq, sizeof(seq), "%lld", (long long)res.seq);
	dl_row(&r->body, web_t(l, "entry"), "entry-seq", seq);
	dl_row(&r->body, web_t(l, "entry_hash"), "entry-hash", res.entry_hash);
	if (rct_audit_head(r->store, &hseq, hash, sig) == 0) {
		snprintf(line, sizeof(line), "%lld %s %s", (long long)hseq,
		    hash, sig);
		dl_row(&r->body, web_t(l, "signed_head"), "head", line);
	}
	rct_buf_adds(&r->body, "</dl>\n<p><a href=\"/participant/");
	web_esc(&r->body, pi->pid);
	rct_buf_adds(&r->body, "/receipt\">");
	web_esc(&r->body, web_t(l, "receipt_download"));
	rct_buf_adds(&r->body, "</a></p>\n</section>\n");
}

static void
participant_page(struct web_req *r, const struct pinfo *pi, int status)
{
	enum web_lang l = r->conf->lang;
	struct web_page pg;

	r->status = status;
	web_req_page(r, &pg);
	rct_buf_reset(&r->body);
	web_page_begin(&r->body, &pg, pi->pid);
	web_html_errors(&r->body, web_t(l, "errors"));
	rct_error_clear();
	participant_summary(r, pi);
	/* A lottery draws a site's places at once (randomizer lottery). */
	if (!pi->arm[0] && !pi->withdrawn[0] && !pi->exit_reason[0] &&
	    rct_store_protocol(r->store)->method != RCT_METHOD_LOTTERY) {
		web_form_begin(&r->body, "/allocate", r->csrf, 0);
		web_input(&r->body, "participant", "", "hidden", pi->pid, NULL);
		web_form_end(&r->body, web_t(l, "allocate"));
	}
	if (!pi->withdrawn[0]) {
		rct_buf_adds(&r->body, "<h2>");
		web_esc(&r->body, web_t(l, "withdraw"));
		rct_buf_adds(&r->body, "</h2>\n");
		web_form_begin(&r->body, "/withdraw", r->csrf, 0);
		web_input(&r->body, "participant", "", "hidden", pi->pid, NULL);
		web_input(&r->body, "date", web_t(l, "date"), "date", NULL,
		    "required");
		web_input(&r->body, "reason", web_t(l, "reason"), "text", NULL,
		    "maxlength=\"200\"");
		web_form_end(&r->body, web_t(l, "withdraw"));
	}
	if (pi->arm[0] && !pi->exit_reason[0]) {
		size_t n = 0;

		while (rct_exit_reasons[n])
			n++;
		rct_buf_adds(&r->body, "<h2>");
		web_esc(&r->body, web_t(l, "exit"));
		rct_buf_adds(&r->body, "</h2>\n");
		web_form_begin(&r->body, "/exit", r->csrf, 0);
		web_input(&r->body, "participant", "", "hidden", pi->pid, NULL);
		web_input(&r->body, "date", web_t(l, "date"), "date", NULL,
		    "required");
		web_select(&r->body, "reason", web_t(l, "reason"),
		    rct_exit_reasons, n, 1, NULL);
		web_form_end(&r->body, web_t(l, "exit"));
	}
	web_page_end(&r->body);
}

int
page_participant(struct web_req *r)
{
	struct pinfo pi;

	if (find_own(r, r->arg, &pi) != 0)
		return -1;
	participant_page(r, &pi, 200);
	r->commit = 1;
	return 0;
}

int
page_receipt(struct web_req *r)
{
	struct rct_receipt_result res;
	struct pinfo pi;
	int rc;

	if (find_own(r, r->arg, &pi) != 0)
		return -1;
	if (!pi.arm[0]) {
		rct_error(RCT_EINVAL, "participant '%s' is not allocated",
		    pi.pid);
		return web_error_page(r, 404, "not_found");
	}
	rc = verified_receipt(r, &pi, &r->body, &res);
	if (rc != 0)
		return web_error_page(r, 409, "receipt");
	r->content_type = "text/plain; charset=utf-8";
	snprintf(r->disposition, sizeof(r->disposition),
	    "attachment; filename=\"receipt-%s.txt\"", pi.pid);
	r->commit = 1;
	return 0;
}

/* What the witnesses answered, asked away from the writers' lock. */
struct answers {
	struct rct_buf lines, why;
	uint64_t size; /* of the checkpoint they were asked to cosign */
	int64_t mine; /* the entry of the allocation to be witnessed */
	struct timespec since; /* when the request began to allocate */
};

/* Nonzero when a began after b. */
static int
later(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec != b->tv_sec ? a->tv_sec > b->tv_sec :
					a->tv_nsec > b->tv_nsec;
}

/*
 * Ask the witnesses to cosign the newest checkpoint, unless there is no
 * need: one that the quorum cosigned already holds this allocation (an
 * asking since it was committed covered it), or an asking that began
 * after this request and held it got no cosignature at all (a witness
 * down or silent: asking again at once would only wait as long again,
 * and the allocations queued behind one silent witness would wait a
 * timeout each).  That answer is taken as this one's: nothing shown, the
 * same participant named again later asks again.
 */
static int
ask_witnesses(struct rct_store *rs, struct web_asking *last, void *arg)
{
	struct answers *w = arg;
	int64_t seq = 0;
	int rc;

	if ((rc = rct_checkpoint_unwitnessed(rs, w->mine, &seq)) != 0)
		return rc;
	if (seq == 0)
		return 0; /* witnessed already: w->size 0, nothing to keep */
	if (last->none && last->size >= (uint64_t)w->mine &&
	    later(&last->began, &w->since)) {
		rct_buf_adds(&w->why, last->why);
		return 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &last->began);
	last->size = 0;
	last->none = 0;
	if ((rc = rct_checkpoint_latest_size(rs, &w->size)) != 0 ||
	    (rc = rct_witness_client_collect(rs, &w->lines, &w->why)) != 0)
		return rc;
	last->size = w->size;
	last->none = w->lines.len == 0;
	snprintf(last->why, sizeof(last->why), "%s",
	    w->why.len ? w->why.data : "");
	return 0;
}

/*
 * The allocation in r's write committed, the witnesses asked without the
 * writers' lock, their cosignatures kept in a new write: 0 when the quorum
 * has cosigned, -1 with an error page made, else the error recorded
 * (RCT_ECHECK: stored, not to be shown).
 */
static int
witness_allocation(struct web_req *r, int64_t id)
{
	struct answers w = {.lines = RCT_BUF_INIT, .why = RCT_BUF_INIT};
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &w.since);
	if ((rc = rct_receipt_allocation_seq(r->store, id, &w.mine)) == 0 &&
	    (rc = web_committed_unlocked(r, ask_witnesses, &w)) == 0)
		rc = rct_assign_witness_keep(r->store, &w.lines, &w.why, w.mine,
		    w.size);
	rct_buf_release(&w.lines);
	rct_buf_release(&w.why);
	return rc;
}

/*
 * Allocate pi (found by find_own, in r's write) and, when the protocol
 * names witnesses, commit it and have their quorum cosign it: 0, or the
 * error recorded (with an error page made when r->paged).  *committed is
 * set once the allocation is committed (before the witnesses are asked):
 * an error after that cannot take it back.
 */
static int
allocate(struct web_req *r, const struct pinfo *pi, int *committed)
{
	const struct rct_protocol *p = rct_store_protocol(r->store);
	struct rct_assignment a = {0};
	int rc, again = 0, witnesses = p->nwitnesses > 0;

	*committed = 0;
	if (witnesses &&
	    (rc = rct_assign_allocated(r->store, &pi->id, 1, &again, &a)) != 0)
		goto out;
	rc = again ? 0 : rct_assign(r->store, &pi->id, 1, 0, &a);
	if (rc == 0 && witnesses) {
		*committed = 1;
		rc = witness_allocation(r, pi->id);
	}
out:
	rct_assign_release(&a);
	return rc;
}

/*
 * The answer to pi's allocation that ended with rc: the page to go to
 * (303, the arm shown there: the participant's, or with next the
 * enrolment form for the next participant), or this page saying what was
 * refused (400), or that the allocation is stored but not yet cosigned
 * (503: no arm shown).
 */
static int
allocation_answer(struct web_req *r, struct pinfo *pi, int rc, int next)
{
	char where[96];

	if (r->paged)
		return -1;
	if (rc != 0) {
		if (rc == RCT_ECHECK)
			snprintf(pi->arm, sizeof(pi->arm), "?");
		participant_page(r, pi, rc == RCT_ECHECK ? 503 : 400);
		return -1;
	}
	snprintf(where, sizeof(where),
	    next ? "/enrol?allocated=%s" : "/participant/%s", pi->pid);
	web_redirect(r, where);
	r->commit = 1;
	return 0;
}

int
page_allocate(struct web_req *r)
{
	const char *text = web_form_get(&r->form, "participant", NULL);
	const struct rct_protocol *p = rct_store_protocol(r->store);
	struct pinfo pi;
	int committed;

	if (find_own(r, text, &pi) != 0)
		return -1;
	if (pi.arm[0] && p->nwitnesses == 0)
		return allocation_answer(r, &pi, 0, 0); /* allocated: show it */
	return allocation_answer(r, &pi, allocate(r, &pi, &committed), 0);
}

/*
 * The form's fields as the register's values (each by its field number),
 * pointing into the form: 0, or RCT_EINVAL recorded for a field that is
 * not a baseline variable or holds a NUL byte.
 */
static int
form_values(struct web_req *r, struct rct_register *reg, const char **values)
{
	size_t i;
	int field;

	for (i = 0; i < r->form.n; i++) {
		const struct web_field *w = &r->form.fields[i];

		if (strcmp(w->name, "csrf") == 0 ||
		    strcmp(w->name, "then") == 0)
			continue;
		field = rct_register_field(reg, w->name);
		if (field < 0)
			return rct_error(RCT_EINVAL,
			    "'%s' is not a baseline variable of the protocol",
			    w->name);
		if (strlen(w->value) != w->len)
			return rct_error(RCT_EINVAL,
			    "%s holds a NUL byte, expected text", w->name);
		values[field] = w->value;
	}
	return 0;
}

/*
 * The form's then: 0 with *allocate set when it is "allocate" (the second
 * button, offered when the protocol allocates one at a time), 0 when it
 * is absent; else RCT_EINVAL recorded.
 */
static int
then_allocate(struct web_req *r, int *allocate)
{
	size_t len = 0;
	const char *then = web_form_get(&r->form, "then", &len);

	*allocate = 0;
	if (then == NULL)
		return 0;
	if (strlen(then) != len)
		return rct_error(RCT_EINVAL,
		    "then holds a NUL byte, expected text");
	if (strcmp(then, "allocate") != 0)
		return rct_error(RCT_EINVAL,
		    "then is '%s', expected 'allocate' or nothing", then);
	if (!one_by_one(rct_store_protocol(r->store)))
		return rct_error(RCT_EINVAL,
		    "this trial does not allocate participants one at a "
		    "time: enrol, then allocate as its protocol says");
	*allocate = 1;
	return 0;
}

/*
 * Enrol from the form; with then=allocate allocate too, in the same
 * write: a refused allocation leaves nothing enrolled either.
 */
int
page_enrol(struct web_req *r)
{
	const char *site = web_form_get(&r->form, "site", NULL);
	struct rct_register *reg = NULL;
	const char **values = NULL;
	char pid[RCT_PID_MAX];
	struct pinfo pi = {0};
	size_t n;
	int rc, then, committed = 0;

	if (site == NULL || !web_staff_site(r, site)) {
		rct_error(RCT_EINVAL, "site '%s' is not one of your sites",
		    site ? site : "");
		return web_error_page(r, 403, "forbidden");
	}
	if ((rc = then_allocate(r, &then)) != 0 ||
	    (rc = rct_register_begin(&reg, r->store, "enrol", NULL)) != 0)
		goto out;
	n = rct_register_nfields(reg);
	if ((values = calloc(n, sizeof(*values))) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = form_values(r, reg, values)) != 0 ||
	    (rc = rct_register_enrol_one(reg, values, pid)) != 0)
		goto out;
	/* The participant just written, as find_own would read it. */
	pi.found = 1;
	copy(pi.pid, sizeof(pi.pid), pid);
	copy(pi.site, sizeof(pi.site), site);
	if (rct_register_participant_parse(pid, &pi.id) < 0)
		rc = rct_error(RCT_ESTORE,
		    "enrolled as '%s', not a participant id", pid);
	else if (then)
		rc = allocate(r, &pi, &committed);
out:
	free(values);
	rct_register_free(reg);
	if (r->paged)
		return -1;
	if (committed)
		return allocation_answer(r, &pi, rc, 1);
	if (rc != 0) {
		rct_buf_reset(&r->body);
		r->status = rc == RCT_ENOMEM || rc == RCT_ESTORE ? 500 : 400;
		enrol_form(r, site, NULL);
		return -1;
	}
	return allocation_answer(r, &pi, 0, then);
}

/* The participants of the user's sites (staff) or of all (researcher). */
struct plist {
	struct web_req *r;
	int staff;
	/*
	 * The entry of the first allocation that waits for the witnesses,
	 * or 0: the arms of that one and every later one are not shown.
	 */
	int64_t unwitnessed;
};

static int
plist_row(void *arg, const struct rct_participant *p)
{
	struct plist *pl = arg;
	struct rct_buf *b = &pl->r->body;
	enum web_lang l = pl->r->conf->lang;
	struct pinfo pi;

	if (pl->staff && !web_staff_site(pl->r, p->site))
		return 0;
	memset(&pi, 0, sizeof(pi));
	pinfo_fill(&pi, p);
	rct_buf_adds(b, "<tr><td>");
	if (pl->staff) {
		rct_buf_adds(b, "<a href=\"/participant/");
		web_esc(b, pi.pid);
		rct_buf_adds(b, "\">");
	}
	web_esc(b, pi.pid);
	rct_buf_adds(b, pl->staff ? "</a></td><td>" : "</td><td>");
	web_esc(b, pi.site);
	rct_buf_adds(b, "</td><td>");
	web_esc(b, web_t(l, pinfo_status(&pi)));
	if (pl->staff) {
		int64_t seq = 0;

		if (pi.arm[0] && pl->unwitnessed != 0 &&
		    rct_receipt_allocation_seq(pl->r->store, pi.id, &seq) != 0)
			return -1;
		rct_buf_adds(b, "</td><td>");
		web_esc(b, seq >= pl->unwitnessed && seq != 0 ? "?" : pi.arm);
	}
	rct_buf_adds(b, "</td></tr>\n");
	return 0;
}

int
page_participants(struct web_req *r)
{
	enum web_lang l = r->conf->lang;
	struct web_page pg;
	struct plist pl;

	pl.r = r;
	pl.staff = strcmp(r->sess.role, "staff") == 0;
	if (rct_checkpoint_unwitnessed(r->store, 0, &pl.unwitnessed) != 0)
		return web_error_page(r, 500, "bad_request");
	web_req_page(r, &pg);
	web_page_begin(&r->body, &pg, web_t(l, "participants"));
	rct_buf_adds(&r->body, "<table>\n<thead><tr><th scope=\"col\">");
	web_esc(&r->body, web_t(l, "participant"));
	rct_buf_adds(&r->body, "</th><th scope=\"col\">");
	web_esc(&r->body, web_t(l, "site"));
	rct_buf_adds(&r->body, "</th><th scope=\"col\">");
	web_esc(&r->body, web_t(l, "status_word"));
	if (pl.staff) {
		rct_buf_adds(&r->body, "</th><th scope=\"col\">");
		web_esc(&r->body, web_t(l, "arm"));
	}
	rct_buf_adds(&r->body, "</th></tr></thead>\n<tbody>\n");
	if (rct_participant_foreach(r->store, NULL, plist_row, &pl) != 0)
		return web_error_page(r, 500, "bad_request");
	rct_buf_adds(&r->body, "</tbody>\n</table>\n");
	web_page_end(&r->body);
	r->commit = 1;
	return 0;
}

/* Withdrawal and exit: the same calls as trial withdraw and trial exit. */
static int
event(struct web_req *r, int withdraw)
{
	const char *text = web_form_get(&r->form, "participant", NULL);
	const char *date = web_form_get(&r->form, "date", NULL);
	const char *reason = web_form_get(&r->form, "reason", NULL);
	struct pinfo pi;
	char where[64];
	int rc;

	if (find_own(r, text, &pi) != 0)
		return -1;
	if (date && *date == '\0')
		date = NULL;
	if (reason == NULL || *reason == '\0')
		rc = rct_error(RCT_EINVAL, "a reason is required");
	else
		rc = withdraw ?
		    rct_followup_withdraw(r->store, pi.pid, date, reason) :
		    rct_followup_exit(r->store, pi.pid, date, reason);
	if (rc != 0) {
		participant_page(r, &pi, 400);
		return -1;
	}
	snprintf(where, sizeof(where), "/participant/%s", pi.pid);
	web_redirect(r, where);
	r->commit = 1;
	return 0;
}

int
page_withdraw(struct web_req *r)
{
	return event(r, 1);
}

int
page_exit(struct web_req *r)
{
	return event(r, 0);
}
