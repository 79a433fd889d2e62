/*
 * Key files (keys.h).  Written with O_EXCL and mode 0600 as OpenBSD's
 * signify does, so an existing key is never overwritten and no other
 * user ever sees one, even for an instant.  Read only from a directory
 * and files that are this user's own, not symbolic links, and closed to
 * group and others: a key another user could have planted or read is no
 * key.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "keys.h"

static const struct {
	enum rct_key_kind kind;
	const char *file;
	mode_t mode;
} key_files[] = {
    {RCT_KEY_SECRET, "randomization.key", 0600},
    {RCT_KEY_SIGNING, "signing.key", 0600},
    {RCT_KEY_PSEUDONYM, "pseudonym.key", 0600},
    {RCT_KEY_LINKAGE, "linkage.pub", 0644},
    {RCT_KEY_LEGACY, "identity.key", 0600},
};

#define NKEY_FILES (sizeof(key_files) / sizeof(key_files[0]))

static int
beside_store(char *out, size_t outlen, const char *store_path,
    const char *suffix)
{
	size_t len = strlen(store_path);
	int n;

	if (len > 3 && strcmp(store_path + len - 3, ".db") == 0)
		n = snprintf(out, outlen, "%.*s%s", (int)(len - 3), store_path,
		    suffix);
	else
		n = snprintf(out, outlen, "%s%s", store_path, suffix);
	if (n < 0 || (size_t)n >= outlen)
		return rct_error(RCT_EINVAL, "store path '%s' is too long",
		    store_path);
	return 0;
}

int
rct_keys_dir(char *out, size_t outlen, const char *store_path)
{
	return beside_store(out, outlen, store_path, ".keys");
}

int
rct_keys_linkage_path(char *out, size_t outlen, const char *store_path)
{
	return beside_store(out, outlen, store_path, ".linkage.key");
}

#ifdef RCT_TEST_CLOCK
/*
 * Test builds only (tests/bin: make test and make demo), like RCT_NOW:
 * with RCT_TEST_KEYS set, every key of a new store is derived from its
 * text, so that the README's examples come out the same on every run
 * (tests/t9100-readme-examples.sh).  bin/ and make install never have
 * this code: there every key is random.
 */
static int
test_key(unsigned char *out, size_t len, const char *label)
{
	const char *text = getenv("RCT_TEST_KEYS");
	crypto_generichash_state st;

	if (text == NULL || *text == '\0')
		return 0;
	crypto_generichash_init(&st, NULL, 0, len);
	crypto_generichash_update(&st, (const unsigned char *)label,
	    strlen(label) + 1);
	crypto_generichash_update(&st, (const unsigned char *)text,
	    strlen(text));
	crypto_generichash_final(&st, out, len);
	return 1;
}
#else
static int
test_key(unsigned char *out, size_t len, const char *label)
{
	(void)out;
	(void)len;
	(void)label;
	return 0;
}
#endif

void
rct_keys_generate(struct rct_keys *k, struct rct_linkage_key *lk)
{
	unsigned char seed[crypto_sign_SEEDBYTES];

	if (!test_key(k->secret, sizeof(k->secret), "secret"))
		randombytes_buf(k->secret, sizeof(k->secret));
	if (test_key(seed, sizeof(seed), "signing"))
		crypto_sign_seed_keypair(k->sign_pk, k->sign_sk, seed);
	else
		crypto_sign_keypair(k->sign_pk, k->sign_sk);
	sodium_memzero(seed, sizeof(seed));
	if (!test_key(k->pseudonym, sizeof(k->pseudonym), "pseudonym"))
		randombytes_buf(k->pseudonym, sizeof(k->pseudonym));
	if (lk != NULL) {
		if (!test_key(lk->root, sizeof(lk->root), "linkage"))
			randombytes_buf(lk->root, sizeof(lk->root));
		rct_keys_linkage_derive(lk);
		memcpy(k->linkage_pk, lk->pk, sizeof(k->linkage_pk));
	}
	k->loaded = RCT_KEY_SECRET | RCT_KEY_SIGNING | RCT_KEY_PSEUDONYM |
	    RCT_KEY_LINKAGE;
}

static unsigned char *
key_bytes(const struct rct_keys *k, enum rct_key_kind kind, size_t *len)
{
	struct rct_keys *w = (struct rct_keys *)k;

	switch (kind) {
	case RCT_KEY_SECRET:
	default:
		*len = sizeof(k->secret);
		return w->secret;
	case RCT_KEY_SIGNING:
		*len = sizeof(k->sign_sk);
		return w->sign_sk;
	case RCT_KEY_PSEUDONYM:
		*len = sizeof(k->pseudonym);
		return w->pseudonym;
	case RCT_KEY_LINKAGE:
		*len = sizeof(k->linkage_pk);
		return w->linkage_pk;
	case RCT_KEY_LEGACY:
		*len = sizeof(k->legacy);
		return w->legacy;
	}
}

static int
write_hex_file(const char *path, const unsigned char *data, size_t len,
    mode_t mode)
{
	char hex[2 * crypto_sign_SECRETKEYBYTES + 2];
	size_t n;
	int fd, rc = 0;

	sodium_bin2hex(hex, sizeof(hex) - 1, data, len);
	n = 2 * len;
	hex[n++] = '\n';
	if ((fd = open(path,
		 O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)) <
	    0) {
		sodium_memzero(hex, sizeof(hex));
		return rct_error(errno == EEXIST ? RCT_EEXISTS : RCT_EIO,
		    "cannot create key file '%s': %s", path, strerror(errno));
	}
	if (write(fd, hex, n) != (ssize_t)n || fsync(fd) != 0)
		rc = rct_error(RCT_EIO, "cannot write key file '%s': %s", path,
		    strerror(errno));
	sodium_memzero(hex, sizeof(hex));
	if (close(fd) != 0 && rc == 0)
		rc = rct_error(RCT_EIO, "cannot write key file '%s': %s", path,
		    strerror(errno));
	return rc;
}

int
rct_keys_write(const struct rct_keys *k, const char *dir)
{
	const unsigned char *p;
	char path[4096];
	size_t i, len;
	int rc;

	if (mkdir(dir, 0700) != 0)
		return rct_error(errno == EEXIST ? RCT_EEXISTS : RCT_EIO,
		    "cannot create keys directory '%s': %s", dir,
		    strerror(errno));
	for (i = 0; i < NKEY_FILES; i++) {
		if (key_files[i].kind == RCT_KEY_LEGACY)
			continue;
		p = key_bytes(k, key_files[i].kind, &len);
		snprintf(path, sizeof(path), "%s/%s", dir, key_files[i].file);
		if ((rc = write_hex_file(path, p, len, key_files[i].mode)) != 0)
			return rc;
	}
	snprintf(path, sizeof(path), "%s/signing.pub", dir);
	return write_hex_file(path, k->sign_pk, sizeof(k->sign_pk), 0644);
}

/* A file or directory that is ours, not a link, closed to others. */
static int
check_owned(const char *path, const struct stat *st, const char *what,
    mode_t closed)
{
	if (st->st_uid != geteuid())
		return rct_error(RCT_ESECRET,
		    "%s '%s' belongs to another user (uid %ld); expected "
		    "one of this user's own (uid %ld)",
		    what, path, (long)st->st_uid, (long)geteuid());
	if (st->st_mode & closed)
		return rct_error(RCT_ESECRET,
		    "%s '%s' has mode %03o, which others can %s; expected "
		    "%s (chmod %s '%s')",
		    what, path, (unsigned)(st->st_mode & 0777),
		    S_ISDIR(st->st_mode) ? "enter" : "read",
		    S_ISDIR(st->st_mode) ? "700" : "600",
		    S_ISDIR(st->st_mode) ? "700" : "600", path);
	return 0;
}

/*
 * public: 1 for a public key in the keys directory (ours, not writable by
 * others), 2 for a public key handed in from anywhere (no checks), 0 for
 * a secret.
 */
static int
read_hex_file(const char *path, unsigned char *out, size_t len, int public)
{
	char hex[2 * crypto_sign_SECRETKEYBYTES + 8];
	struct stat st;
	size_t binlen = 0;
	ssize_t n;
	int fd, rc = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return rct_error(RCT_ESECRET, "cannot open key file '%s': %s%s",
		    path, strerror(errno),
		    errno == ELOOP ? " (a symbolic link is refused)" : "");
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return rct_error(RCT_ESECRET,
		    "key file '%s' is not a regular file", path);
	}
	if (public != 2 &&
	    (rc = check_owned(path, &st, "key file",
		 public ? (S_IWGRP | S_IWOTH) : (S_IRWXG | S_IRWXO))) != 0) {
		close(fd);
		return rc;
	}
	n = read(fd, hex, sizeof(hex) - 1);
	close(fd);
	if (n < 0)
		return rct_error(RCT_ESECRET, "cannot read key file '%s': %s",
		    path, strerror(errno));
	hex[n] = '\0';
	if (sodium_hex2bin(out, len, hex, (size_t)n, "\n", &binlen, NULL) !=
		0 ||
	    binlen != len)
		rc = rct_error(RCT_ESECRET,
		    "key file '%s' is damaged, expected %zu hex digits", path,
		    2 * len);
	sodium_memzero(hex, sizeof(hex));
	return rc;
}

static int
check_dir(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) != 0)
		return rct_error(RCT_ESECRET,
		    "keys directory '%s' is missing: %s", dir, strerror(errno));
	if (S_ISLNK(st.st_mode))
		return rct_error(RCT_ESECRET,
		    "keys directory '%s' is a symbolic link; expected the "
		    "directory itself",
		    dir);
	if (!S_ISDIR(st.st_mode))
		return rct_error(RCT_ESECRET,
		    "keys directory '%s' is not a directory", dir);
	return check_owned(dir, &st, "keys directory", S_IRWXG | S_IRWXO);
}

int
rct_keys_load(struct rct_keys *k, const char *dir, unsigned which)
{
	unsigned char *w;
	char path[4096];
	size_t i, len;
	int rc;

	which &= ~k->loaded;
	if (which == 0)
		return 0;
	if ((rc = check_dir(dir)) != 0)
		return rc;
	for (i = 0; i < NKEY_FILES; i++) {
		if (!(which & key_files[i].kind))
			continue;
		w = key_bytes(k, key_files[i].kind, &len);
		snprintf(path, sizeof(path), "%s/%s", dir, key_files[i].file);
		if ((rc = read_hex_file(path, w, len,
			 key_files[i].mode != 0600)) != 0)
			return rc;
		if (key_files[i].kind == RCT_KEY_SIGNING)
			crypto_sign_ed25519_sk_to_pk(k->sign_pk, k->sign_sk);
		k->loaded |= key_files[i].kind;
	}
	return 0;
}

int
rct_keys_add(const struct rct_keys *k, const char *dir, enum rct_key_kind kind)
{
	unsigned char have[64];
	const unsigned char *p;
	char path[4096];
	size_t i, len;
	int rc;

	for (i = 0; i < NKEY_FILES && key_files[i].kind != kind; i++)
		;
	if (i == NKEY_FILES)
		return rct_error(RCT_EINVAL, "no such key");
	if ((rc = check_dir(dir)) != 0)
		return rc;
	p = key_bytes(k, kind, &len);
	snprintf(path, sizeof(path), "%s/%s", dir, key_files[i].file);
	if (access(path, F_OK) != 0)
		return write_hex_file(path, p, len, key_files[i].mode);
	/* Left by a migration that was rolled back: the same bytes do. */
	if ((rc = read_hex_file(path, have, len, key_files[i].mode != 0600)) !=
	    0)
		return rc;
	rc = sodium_memcmp(have, p, len) == 0 ? 0 :
						rct_error(RCT_ESECRET,
						    "key file '%s' is in the "
						    "way: it holds another "
						    "key",
						    path);
	sodium_memzero(have, sizeof(have));
	return rc;
}

void
rct_keys_subkey(unsigned char out[32], const unsigned char root[32], int n)
{
	crypto_kdf_derive_from_key(out, 32, (uint64_t)n, "rctident", root);
}

void
rct_keys_linkage_derive(struct rct_linkage_key *lk)
{
	unsigned char seed[crypto_box_SEEDBYTES];

	rct_keys_subkey(seed, lk->root, RCT_SUBKEY_LINKAGE);
	crypto_box_seed_keypair(lk->pk, lk->sk, seed);
	sodium_memzero(seed, sizeof(seed));
}

int
rct_keys_linkage_write(const struct rct_linkage_key *lk, const char *path)
{
	return write_hex_file(path, lk->root, sizeof(lk->root), 0600);
}

int
rct_keys_linkage_load(struct rct_linkage_key *lk, const char *path)
{
	int rc;

	if ((rc = read_hex_file(path, lk->root, sizeof(lk->root), 0)) != 0)
		return rc;
	rct_keys_linkage_derive(lk);
	return 0;
}

int
rct_keys_read_public(unsigned char *out, size_t len, const char *path)
{
	return read_hex_file(path, out, len, 2);
}

void
rct_keys_commitment(unsigned char out[32],
    const unsigned char secret[RCT_SECRET_BYTES])
{
	static const char domain[] = "rct-commitment-v1";
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const unsigned char *)domain,
	    sizeof(domain));
	crypto_generichash_update(&st, secret, RCT_SECRET_BYTES);
	crypto_generichash_final(&st, out, 32);
}

void
rct_keys_pseudonym_check(unsigned char out[32],
    const unsigned char key[RCT_PSEUDONYM_KEY_BYTES])
{
	static const char text[] = "rct-pseudonym-key-check-v1";

	crypto_generichash(out, 32, (const unsigned char *)text, sizeof(text),
	    key, RCT_PSEUDONYM_KEY_BYTES);
}

void
rct_keys_wipe(struct rct_keys *k)
{
	sodium_memzero(k, sizeof(*k));
}

void
rct_keys_linkage_wipe(struct rct_linkage_key *lk)
{
	sodium_memzero(lk, sizeof(*lk));
}
