/*
 * Argon2id in helper processes (hasher.h): one SOCK_SEQPACKET socket
 * pair each, one request and one answer a message, every buffer wiped.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "error.h"
#include "hasher.h"
#include "web.h"

/* Longer than any hash takes, with RCT_TEST_HASH_DELAY_MS at its most. */
#define ANSWER_TIMEOUT_MS 120000

/* A request: this, then the password, then the new password. */
struct request {
	int32_t found;
	uint32_t plen, nlen; /* nlen UINT32_MAX: no new password */
	char hash[crypto_pwhash_STRBYTES];
};

#define REQUEST_MAX                                                            \
	(sizeof(struct request) + 2 * (size_t)WEB_HASHER_PASSWORD_MAX)

struct answer {
	int32_t verified, hash_failed;
	char new_hash[crypto_pwhash_STRBYTES];
};

struct helper {
	pid_t pid;
	int fd; /* -1 once stopped */
	int busy;
};

struct web_hasher {
	pthread_mutex_t lock;
	unsigned n;
	struct helper h[WEB_UNLOCKED_MAX];
};

/*
 * One request in buf (len bytes) answered in a: 0, or -1 when it is not
 * one (never verified).
 */
static int
helper_answer(char *buf, size_t len, struct answer *a)
{
	static char pw[WEB_HASHER_PASSWORD_MAX + 1];
	static char npw[WEB_HASHER_PASSWORD_MAX + 1];
	struct request q;
	struct rct_login_attempt at;
	int rc = -1;

	memset(a, 0, sizeof(*a));
	if (len < sizeof(q))
		return -1;
	memcpy(&q, buf, sizeof(q));
	if (q.plen > WEB_HASHER_PASSWORD_MAX ||
	    (q.nlen != UINT32_MAX && q.nlen > WEB_HASHER_PASSWORD_MAX) ||
	    len != sizeof(q) + q.plen + (q.nlen == UINT32_MAX ? 0 : q.nlen) ||
	    memchr(q.hash, '\0', sizeof(q.hash)) == NULL)
		goto out;
	memcpy(pw, buf + sizeof(q), q.plen);
	pw[q.plen] = '\0';
	if (q.nlen != UINT32_MAX) {
		memcpy(npw, buf + sizeof(q) + q.plen, q.nlen);
		npw[q.nlen] = '\0';
	}
	memset(&at, 0, sizeof(at));
	at.found = q.found;
	memcpy(at.hash, q.hash, sizeof(at.hash));
	rct_user_attempt_verify(&at, pw, q.nlen == UINT32_MAX ? NULL : npw);
	a->verified = at.verified;
	a->hash_failed = at.hash_failed;
	memcpy(a->new_hash, at.new_hash, sizeof(a->new_hash));
	rct_user_attempt_wipe(&at);
	rc = 0;
out:
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(npw, sizeof(npw));
	sodium_memzero(&q, sizeof(q));
	return rc;
}

/* A helper's life: answer requests until the server's end closes. */
static void __attribute__((noreturn)) helper_main(int fd, pid_t parent)
{
	static char buf[REQUEST_MAX + 1];
	struct answer a;
	ssize_t len;

	/* Ended with the server, even by kill -9; a stop ends its input. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	for (;;) {
		len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0 && errno == EINTR)
			continue;
		if (len <= 0)
			break;
		if (helper_answer(buf, (size_t)len, &a) != 0)
			a.hash_failed = 1; /* not a request: never verified */
		sodium_memzero(buf, (size_t)len);
		len = send(fd, &a, sizeof(a), MSG_NOSIGNAL);
		sodium_memzero(&a, sizeof(a));
		if (len != (ssize_t)sizeof(a))
			break;
	}
	_exit(0);
}

int
web_hasher_start(struct web_hasher **out, unsigned n)
{
	struct web_hasher *hs;
	pid_t parent = getpid();
	int sv[2], room;
	unsigned i, j;

	*out = NULL;
	if ((hs = calloc(1, sizeof(*hs))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	pthread_mutex_init(&hs->lock, NULL);
	if (n > WEB_UNLOCKED_MAX)
		n = WEB_UNLOCKED_MAX;
	for (i = 0; i < n; i++) {
		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) !=
		    0) {
			web_hasher_stop(hs);
			return rct_error(RCT_EIO,
			    "a socket for a hashing process: %s",
			    strerror(errno));
		}
		/* Room for the longest request in one message. */
		room = 2 * REQUEST_MAX;
		setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &room, sizeof(room));
		hs->h[i].fd = sv[0];
		hs->h[i].pid = fork();
		if (hs->h[i].pid == 0) {
			/* Only its own end: the others' ends see the end. */
			for (j = 0; j <= i; j++)
				close(hs->h[j].fd);
			helper_main(sv[1], parent);
		}
		close(sv[1]);
		if (hs->h[i].pid < 0) {
			close(sv[0]);
			web_hasher_stop(hs);
			return rct_error(RCT_EIO, "a hashing process: %s",
			    strerror(errno));
		}
		hs->n++;
	}
	*out = hs;
	return 0;
}

static struct helper *
helper_take(struct web_hasher *hs)
{
	struct helper *h = NULL;
	unsigned i;

	pthread_mutex_lock(&hs->lock);
	for (i = 0; i < hs->n && h == NULL; i++)
		if (hs->h[i].fd >= 0 && !hs->h[i].busy)
			h = &hs->h[i];
	if (h)
		h->busy = 1;
	pthread_mutex_unlock(&hs->lock);
	return h;
}

/* Give h back, or stop it for good when it failed. */
static void
helper_give(struct web_hasher *hs, struct helper *h, int failed)
{
	pthread_mutex_lock(&hs->lock);
	if (failed) {
		close(h->fd);
		h->fd = -1;
		kill(h->pid, SIGKILL);
		while (waitpid(h->pid, NULL, 0) < 0 && errno == EINTR)
			;
		h->pid = -1;
	}
	h->busy = 0;
	pthread_mutex_unlock(&hs->lock);
}

/* One request and its answer: 0, or -1 when the helper failed. */
static int
exchange(struct helper *h, const struct request *q, const char *password,
    const char *new_password, struct answer *a)
{
	struct pollfd p = {.fd = h->fd, .events = POLLIN};
	struct iovec iov[3] = {
	    {.iov_base = (void *)q, .iov_len = sizeof(*q)},
	    {.iov_base = (void *)password, .iov_len = q->plen},
	    {.iov_base = (void *)new_password,
		.iov_len = q->nlen == UINT32_MAX ? 0 : q->nlen},
	};
	struct msghdr m = {.msg_iov = iov, .msg_iovlen = 3};
	size_t len = iov[0].iov_len + iov[1].iov_len + iov[2].iov_len;
	ssize_t got;
	int ready;

	if (sendmsg(h->fd, &m, MSG_NOSIGNAL) != (ssize_t)len)
		return -1;
	while ((ready = poll(&p, 1, ANSWER_TIMEOUT_MS)) < 0 && errno == EINTR)
		;
	if (ready != 1)
		return -1;
	while ((got = recv(h->fd, a, sizeof(*a), 0)) < 0 && errno == EINTR)
		;
	return got == (ssize_t)sizeof(*a) &&
		memchr(a->new_hash, '\0', sizeof(a->new_hash)) != NULL ?
	    0 :
	    -1;
}

/*
 * at's passwords checked by a helper: 0, or -1 when none did (none free,
 * too long, a decided attempt, or the helper failed).
 */
static int
ask_helper(struct web_hasher *hs, struct rct_login_attempt *at,
    const char *password, const char *new_password)
{
	size_t plen = strlen(password);
	size_t nlen = new_password ? strlen(new_password) : 0;
	struct request q;
	struct answer a;
	struct helper *h;
	int failed;

	/* A decided attempt hashes nothing: left to this process too. */
	if (hs == NULL || at->decided || plen > WEB_HASHER_PASSWORD_MAX ||
	    nlen > WEB_HASHER_PASSWORD_MAX || (h = helper_take(hs)) == NULL)
		return -1;
	memset(&q, 0, sizeof(q));
	q.found = at->found;
	q.plen = (uint32_t)plen;
	q.nlen = new_password ? (uint32_t)nlen : UINT32_MAX;
	memcpy(q.hash, at->hash, sizeof(q.hash));
	memset(&a, 0, sizeof(a));
	failed = exchange(h, &q, password, new_password, &a);
	sodium_memzero(&q, sizeof(q));
	helper_give(hs, h, failed);
	if (!failed) {
		at->verified = a.verified != 0;
		at->hash_failed = a.hash_failed != 0;
		memcpy(at->new_hash, a.new_hash, sizeof(at->new_hash));
	}
	sodium_memzero(&a, sizeof(a));
	return failed;
}

void
web_hasher_verify(struct web_hasher *hs, struct rct_login_attempt *at,
    const char *password, const char *new_password)
{
	if (ask_helper(hs, at, password, new_password) != 0)
		rct_user_attempt_verify(at, password, new_password);
}

unsigned
web_hasher_alive(const struct web_hasher *hs)
{
	unsigned i, n = 0;

	for (i = 0; hs && i < hs->n; i++)
		n += hs->h[i].fd >= 0;
	return n;
}

void
web_hasher_stop(struct web_hasher *hs)
{
	unsigned i;

	if (hs == NULL)
		return;
	for (i = 0; i < hs->n; i++)
		if (hs->h[i].fd >= 0)
			close(hs->h[i].fd);
	for (i = 0; i < hs->n; i++)
		while (hs->h[i].pid > 0 && waitpid(hs->h[i].pid, NULL, 0) < 0 &&
		    errno == EINTR)
			;
	pthread_mutex_destroy(&hs->lock);
	free(hs);
}
