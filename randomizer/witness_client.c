/*
 * Asking the witnesses (witness_client.h).
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "checkpoint.h"
#include "error.h"
#include "protocol.h"
#include "store.h"
#include "witness_client.h"

static size_t
collect_body(char *data, size_t size, size_t n, void *arg)
{
	struct rct_buf *b = arg;

	if (b->len + size * n > 65536)
		return 0; /* a witness's answer is a few lines */
	rct_buf_add(b, data, size * n);
	return size * n;
}

/* One POST; *status and body, or -1 when the witness was not reached. */
static int
post(const char *url, const struct rct_buf *req, long *status,
    struct rct_buf *body, char *err, size_t errlen)
{
	struct curl_slist *hdr = NULL;
	CURLcode cc;
	CURL *c;

	if ((c = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	hdr = curl_slist_append(hdr, "Content-Type: text/plain");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->data);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)req->len);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	cc = curl_easy_perform(c);
	if (cc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	else
		snprintf(err, errlen, "%s", curl_easy_strerror(cc));
	curl_slist_free_all(hdr);
	curl_easy_cleanup(c);
	return cc == CURLE_OK ? 0 : -1;
}

int
rct_witness_client_collect(struct rct_store *s, struct rct_buf *lines,
    struct rct_buf *why)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	struct rct_buf req = RCT_BUF_INIT, body = RCT_BUF_INIT;
	char url[1024], err[256];
	uint64_t old;
	long status;
	size_t i;
	int rc = 0, tries;
	char *end;

	/*
	 * A witness sees only checkpoints whose entries are on disk: a
	 * server's commits may still be on their way there
	 * (rct_store_defer_sync), and a crash that lost what a witness had
	 * cosigned would leave the log behind it, which it takes for a
	 * rollback.
	 */
	if ((rc = rct_store_sync(s, rct_store_commits_begun(s))) != 0)
		return rc;
	for (i = 0; rc == 0 && i < p->nwitnesses; i++) {
		const struct rct_witness_ref *w = &p->witnesses[i];

		if (w->url == NULL)
			continue;
		snprintf(url, sizeof(url), "%s%sadd-checkpoint", w->url,
		    w->url[strlen(w->url) - 1] == '/' ? "" : "/");
		if ((rc = rct_checkpoint_witnessed(s, i, &old)) != 0)
			break;
		for (tries = 0; tries < 2; tries++) {
			rct_buf_reset(&req);
			rct_buf_reset(&body);
			if ((rc = rct_checkpoint_request(s, old, &req)) != 0)
				break;
			status = 0;
			if (post(url, &req, &status, &body, err, sizeof(err)) !=
			    0) {
				rct_buf_addf(why,
				    "witness '%s' was not reached "
				    "(%s); ",
				    w->name, err);
				break;
			}
			if (status == 200) {
				rct_buf_add(lines, body.data, body.len);
				break;
			}
			/* It has cosigned another size: start from that. */
			if (status == 409 && tries == 0 && body.len > 0 &&
			    body.data[0] >= '0' && body.data[0] <= '9') {
				old = strtoull(body.data, &end, 10);
				continue;
			}
			rct_buf_addf(why, "witness '%s' refused (%ld): %.*s; ",
			    w->name, status,
			    (int)(body.len && body.data[body.len - 1] == '\n' ?
				    body.len - 1 :
				    body.len),
			    body.data ? body.data : "");
			break;
		}
	}
	rct_buf_release(&req);
	rct_buf_release(&body);
	return rc;
}
