/*
 * Argon2id in processes of their own.  libsodium maps each hash's 64 MiB
 * afresh (mmap with MAP_POPULATE, then munmap), which holds the process's
 * memory map lock for tens of milliseconds; in the server's process every
 * thread that then grows its heap waits for it, the holder of the store's
 * lock among them (a login storm held it 20 to 30 ms a login, asleep).
 * A helper process has a memory map of its own.  The helpers are forked
 * before the server reads a key or starts a thread, so they hold no
 * secret but the passwords they are sent, and hash nothing but those.
 */
#ifndef RCT_WEB_HASHER_H
#define RCT_WEB_HASHER_H

#include "user.h"
#include "web.h"

/* No form's password is longer (a longer one: in the server's process). */
#define WEB_HASHER_PASSWORD_MAX WEB_BODY_FORM

struct web_hasher;

/*
 * Fork n helpers (at most WEB_UNLOCKED_MAX): 0, or an error recorded.
 * Call before any thread is started and before any secret is read.
 */
int web_hasher_start(struct web_hasher **out, unsigned n)
    __attribute__((warn_unused_result));

/*
 * rct_user_attempt_verify(a, password, new_password) in a free helper;
 * in this process when none is free, the passwords are longer than
 * WEB_HASHER_PASSWORD_MAX, or the helper does not answer (it is then
 * stopped and not used again).  h may be NULL: in this process.
 */
void web_hasher_verify(struct web_hasher *h, struct rct_login_attempt *a,
    const char *password, const char *new_password);

/* How many helpers are still in use. */
unsigned web_hasher_alive(const struct web_hasher *h);

/* Stop the helpers (each ends at the end of its input) and free h. */
void web_hasher_stop(struct web_hasher *h);

#endif
