/*
 * A witness (witness.h), after C2SP tlog-witness and tlog-cosignature.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "error.h"
#include "merkle.h"
#include "note.h"
#include "witness.h"

#define MAX_NAME 128
#define MAX_PROOF 63
#define MAX_FILE (64 * 1024)

struct rct_witness {
	char dir[4096];
	char name[MAX_NAME];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
};

static int
write_file(const char *path, const char *data, size_t len, mode_t mode,
    int excl)
{
	char tmp[4200];
	int fd, rc = 0;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	if (excl && access(path, F_OK) == 0)
		return rct_error(RCT_EEXISTS, "'%s' already exists", path);
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) < 0)
		return rct_error(RCT_EIO, "cannot create '%s': %s", tmp,
		    strerror(errno));
	if (write(fd, data, len) != (ssize_t)len || fsync(fd) != 0)
		rc = rct_error(RCT_EIO, "cannot write '%s': %s", tmp,
		    strerror(errno));
	if (close(fd) != 0 && rc == 0)
		rc = rct_error(RCT_EIO, "cannot write '%s'", tmp);
	/* The rename makes it whole or absent, even if killed right here. */
	if (rc == 0 && rename(tmp, path) != 0)
		rc = rct_error(RCT_EIO, "cannot rename '%s': %s", tmp,
		    strerror(errno));
	if (rc != 0)
		unlink(tmp);
	return rc;
}

static int
read_file(const char *path, struct rct_buf *b, int *missing)
{
	int over;

	return rct_buf_read_file(b, path, MAX_FILE, &over, missing);
}

int
rct_witness_create(const char *dir, const char *name)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	char path[4200], hex[2 * crypto_sign_SECRETKEYBYTES + 2];
	size_t i, n = strlen(name);
	int rc;

	if (n == 0 || n >= MAX_NAME)
		return rct_error(RCT_EINVAL,
		    "a witness name of 1 to %d characters is required",
		    MAX_NAME - 1);
	for (i = 0; i < n; i++)
		if (name[i] <= ' ' || name[i] == '+' || name[i] == 0x7f)
			return rct_error(RCT_EINVAL,
			    "witness name '%s' has a space, '+' or a control "
			    "character; expected a schema-less URL such as "
			    "dmc.example.no/w1",
			    name);
	if (mkdir(dir, 0700) != 0)
		return rct_error(errno == EEXIST ? RCT_EEXISTS : RCT_EIO,
		    "cannot create witness directory '%s': %s", dir,
		    strerror(errno));
	snprintf(path, sizeof(path), "%s/logs", dir);
	if (mkdir(path, 0700) != 0)
		return rct_error(RCT_EIO, "cannot create '%s': %s", path,
		    strerror(errno));
	crypto_sign_keypair(pk, sk);
	sodium_bin2hex(hex, sizeof(hex) - 1, sk, sizeof(sk));
	strcat(hex, "\n");
	snprintf(path, sizeof(path), "%s/witness.key", dir);
	rc = write_file(path, hex, strlen(hex), 0600, 1);
	sodium_memzero(hex, sizeof(hex));
	sodium_memzero(sk, sizeof(sk));
	if (rc != 0)
		return rc;
	snprintf(path, sizeof(path), "%s/name", dir);
	snprintf(hex, sizeof(hex), "%s\n", name);
	return write_file(path, hex, strlen(hex), 0644, 1);
}

int
rct_witness_open(struct rct_witness **out, const char *dir)
{
	struct rct_buf b = RCT_BUF_INIT;
	struct rct_witness *w;
	struct stat st;
	char path[4200];
	size_t len = 0;
	int missing, rc;

	*out = NULL;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return rct_error(RCT_ENOTFOUND,
		    "'%s' is not a witness directory; make one with "
		    "'randomizer witness init %s --name NAME'",
		    dir, dir);
	if (st.st_uid != geteuid() || (st.st_mode & 077))
		return rct_error(RCT_ESECRET,
		    "witness directory '%s' must be this user's own and "
		    "closed to others (mode 700)",
		    dir);
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	snprintf(w->dir, sizeof(w->dir), "%s", dir);
	snprintf(path, sizeof(path), "%s/witness.key", dir);
	if ((rc = read_file(path, &b, &missing)) != 0 || missing ||
	    sodium_hex2bin(w->sk, sizeof(w->sk), rct_buf_str(&b), b.len, "\n",
		&len, NULL) != 0 ||
	    len != sizeof(w->sk)) {
		sodium_memzero(b.data, b.len);
		rct_buf_release(&b);
		rct_witness_free(w);
		return rc ? rc :
			    rct_error(RCT_ESECRET,
				"witness key '%s' is missing or damaged", path);
	}
	sodium_memzero(b.data, b.len);
	rct_buf_reset(&b);
	crypto_sign_ed25519_sk_to_pk(w->pk, w->sk);
	snprintf(path, sizeof(path), "%s/name", dir);
	if ((rc = read_file(path, &b, &missing)) != 0 || missing || b.len < 2 ||
	    b.len > MAX_NAME) {
		rct_buf_release(&b);
		rct_witness_free(w);
		return rc ?
		    rc :
		    rct_error(RCT_EINVAL, "witness name '%s' is missing", path);
	}
	memcpy(w->name, b.data, b.len - 1);
	w->name[b.len - 1] = '\0';
	rct_buf_release(&b);
	*out = w;
	return 0;
}

void
rct_witness_free(struct rct_witness *w)
{
	if (w == NULL)
		return;
	sodium_memzero(w, sizeof(*w));
	free(w);
}

void
rct_witness_verifier_key(const struct rct_witness *w, struct rct_buf *b)
{
	rct_note_cosig_verifier_key(b, w->name, w->pk);
}

static void
log_id(const char *origin, char hex[65])
{
	unsigned char h[32];

	crypto_hash_sha256(h, (const unsigned char *)origin, strlen(origin));
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

int
rct_witness_trust(struct rct_witness *w, const char *log_vkey)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	char origin[256], id[65], path[4300], line[1024];

	if (rct_note_parse_verifier_key(log_vkey, origin, sizeof(origin), pk) !=
	    0)
		return rct_error(RCT_EINVAL,
		    "'%s' is not a log's verifier key, expected "
		    "ORIGIN+HASH+KEY as 'randomizer log STORE --verifier-key' "
		    "prints it",
		    log_vkey);
	log_id(origin, id);
	snprintf(path, sizeof(path), "%s/logs/%s.vkey", w->dir, id);
	snprintf(line, sizeof(line), "%s\n", log_vkey);
	return write_file(path, line, strlen(line), 0644, 1);
}

/* Parse the request; *reason when it is malformed (status 400). */
static const char *
parse_request(const char *body, size_t len, uint64_t *old,
    rct_merkle_hash *proof, size_t *nproof, const char **note, size_t *notelen)
{
	const char *p = body, *end = body + len, *eol;
	char line[128];
	size_t n, blen;
	char *e;

	*nproof = 0;
	if (memchr(body, '\0', len) != NULL)
		return "the request holds a NUL byte";
	if ((eol = memchr(p, '\n', len)) == NULL || eol - p < 5 ||
	    memcmp(p, "old ", 4) != 0 || (size_t)(eol - p) >= sizeof(line))
		return "the request does not begin with an 'old N' line";
	memcpy(line, p + 4, (size_t)(eol - p - 4));
	line[eol - p - 4] = '\0';
	if (strspn(line, "0123456789") != strlen(line) ||
	    (line[0] == '0' && line[1] != '\0'))
		return "the old size is not a decimal without leading zeros";
	*old = strtoull(line, &e, 10);
	for (p = eol + 1; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return "the request ends without its checkpoint";
		if (eol == p)
			break;
		if (*nproof == MAX_PROOF)
			return "the consistency proof has more than 63 lines";
		n = (size_t)(eol - p);
		if (n >= sizeof(line))
			return "a consistency proof line is too long";
		memcpy(line, p, n);
		line[n] = '\0';
		if (sodium_base642bin(proof[*nproof], RCT_MERKLE_HASH, line, n,
			NULL, &blen, NULL,
			sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    blen != RCT_MERKLE_HASH)
			return "a consistency proof line is not a base64 hash";
		(*nproof)++;
	}
	if (p >= end)
		return "the request has no checkpoint";
	*note = eol + 1;
	*notelen = (size_t)(end - *note);
	return NULL;
}

/* Keep a refused request beside the state, for anyone to check. */
static void
keep_evidence(struct rct_witness *w, const char *id, const char *why,
    const char *body, size_t len, const char *state)
{
	struct rct_buf b = RCT_BUF_INIT;
	char path[4400];
	unsigned char r[8];
	char rh[17];

	snprintf(path, sizeof(path), "%s/logs/%s.evidence", w->dir, id);
	mkdir(path, 0700);
	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(rh, sizeof(rh), r, sizeof(r));
	snprintf(path, sizeof(path), "%s/logs/%s.evidence/%lld-%s.txt", w->dir,
	    id, (long long)time(NULL), rh);
	rct_buf_addf(&b, "refused: %s\n\ncosigned before:\n%s\nrequest:\n", why,
	    state && *state ? state : "(nothing)\n");
	rct_buf_add(&b, body, len);
	if (!rct_buf_failed(&b))
		(void)write_file(path, b.data, b.len, 0600, 1);
	rct_buf_release(&b);
}

static int reply(int *status, struct rct_buf *response, int code,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
reply(int *status, struct rct_buf *response, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	*status = code;
	rct_buf_adds(response, msg);
	return 0;
}

int
rct_witness_add_checkpoint(struct rct_witness *w, const char *body, size_t len,
    int *status, struct rct_buf *response)
{
	rct_merkle_hash proof[MAX_PROOF];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], root[32], root0[32];
	struct rct_buf vkey = RCT_BUF_INIT, state = RCT_BUF_INIT;
	char origin[256], vorigin[256], o0[256], id[65], path[4400];
	const char *note, *why, *first_nl;
	uint64_t old = 0, size = 0, size0 = 0;
	size_t nproof, notelen, tl;
	int missing, lock = -1, rc = 0;

	rct_buf_reset(response);
	if ((why = parse_request(body, len, &old, proof, &nproof, &note,
		 &notelen)) != NULL)
		return reply(status, response, 400, "%s\n", why);
	if ((first_nl = memchr(note, '\n', notelen)) == NULL ||
	    (size_t)(first_nl - note) >= sizeof(origin))
		return reply(status, response, 400, "no origin line\n");
	memcpy(origin, note, (size_t)(first_nl - note));
	origin[first_nl - note] = '\0';
	log_id(origin, id);
	snprintf(path, sizeof(path), "%s/logs/%s.vkey", w->dir, id);
	if ((rc = read_file(path, &vkey, &missing)) != 0)
		goto out;
	if (missing) {
		reply(status, response, 404, "unknown log '%s'\n", origin);
		goto out;
	}
	vkey.data[strcspn(vkey.data, "\n")] = '\0';
	if (rct_note_parse_verifier_key(rct_buf_str(&vkey), vorigin,
		sizeof(vorigin), pk) != 0 ||
	    strcmp(vorigin, origin) != 0) {
		rc = rct_error(RCT_EINVAL,
		    "the key of log '%s' in '%s' is "
		    "damaged",
		    origin, path);
		goto out;
	}
	if (rct_note_verify(note, notelen, origin, pk, &tl) != 0) {
		reply(status, response, 403,
		    "the checkpoint is not signed by the log's key\n");
		goto out;
	}
	if (rct_note_parse_checkpoint(note, tl, o0, sizeof(o0), &size, root) !=
	    0) {
		reply(status, response, 400, "the checkpoint is malformed\n");
		goto out;
	}
	if (old > size) {
		reply(status, response, 400,
		    "the old size %llu is above the checkpoint's %llu\n",
		    (unsigned long long)old, (unsigned long long)size);
		goto out;
	}
	/* From here to the update, one request at a time per log. */
	snprintf(path, sizeof(path), "%s/logs/%s.lock", w->dir, id);
	if ((lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0 ||
	    flock(lock, LOCK_EX) != 0) {
		rc = rct_error(RCT_EIO, "cannot lock '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	snprintf(path, sizeof(path), "%s/logs/%s.checkpoint", w->dir, id);
	if ((rc = read_file(path, &state, &missing)) != 0)
		goto out;
	if (!missing &&
	    rct_note_parse_checkpoint(rct_buf_str(&state), state.len, o0,
		sizeof(o0), &size0, root0) != 0) {
		rc = rct_error(RCT_EINVAL, "the state '%s' is damaged", path);
		goto out;
	}
	if (old != size0) {
		*status = 409;
		rct_buf_addf(response, "%llu\n", (unsigned long long)size0);
		if (size < size0)
			keep_evidence(w, id, "a rollback to an older size",
			    body, len, rct_buf_str(&state));
		goto out;
	}
	if (old == size && size0 > 0 && memcmp(root, root0, 32) != 0) {
		keep_evidence(w, id, "a fork: the same size, another root",
		    body, len, rct_buf_str(&state));
		reply(status, response, 409,
		    "a checkpoint of size %llu with another root was cosigned "
		    "before: a fork, kept as evidence\n",
		    (unsigned long long)size);
		goto out;
	}
	if (old > 0 && old < size &&
	    rct_merkle_verify_consistency(old, size, root0, root, proof,
		nproof) != 0) {
		keep_evidence(w, id,
		    "the consistency proof does not verify: the log was "
		    "rewritten",
		    body, len, rct_buf_str(&state));
		reply(status, response, 422,
		    "the checkpoint does not extend the one cosigned before: "
		    "kept as evidence\n");
		goto out;
	}
	if (old == 0 && nproof != 0) {
		reply(status, response, 422,
		    "a proof from size 0 must be empty\n");
		goto out;
	}
	if ((rc = write_file(path, note, tl, 0644, 0)) != 0)
		goto out;
	*status = 200;
	rct_note_cosign(response, note, tl, w->name, w->sk,
	    (uint64_t)time(NULL));
out:
	if (lock >= 0)
		close(lock);
	rct_buf_release(&vkey);
	rct_buf_release(&state);
	return rc;
}
