/*
 * Key files (keys.h).  Written with O_EXCL and mode 0600 as OpenBSD's
 * signify does, so an existing key is never overwritten and no other
 * user ever sees one, even for an instant.
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
} key_files[] = {
    {RCT_KEY_SECRET, "randomization.key"},
    {RCT_KEY_SIGNING, "signing.key"},
    {RCT_KEY_IDENTITY, "identity.key"},
};

int
rct_keys_dir(char *out, size_t outlen, const char *store_path)
{
	size_t len = strlen(store_path);
	int n;

	if (len > 3 && strcmp(store_path + len - 3, ".db") == 0)
		n = snprintf(out, outlen, "%.*s.keys", (int)(len - 3),
		    store_path);
	else
		n = snprintf(out, outlen, "%s.keys", store_path);
	if (n < 0 || (size_t)n >= outlen)
		return rct_error(RCT_EINVAL, "store path '%s' is too long",
		    store_path);
	return 0;
}

void
rct_keys_generate(struct rct_keys *k)
{
	randombytes_buf(k->secret, sizeof(k->secret));
	crypto_sign_keypair(k->sign_pk, k->sign_sk);
	randombytes_buf(k->identity, sizeof(k->identity));
	k->loaded = RCT_KEY_SECRET | RCT_KEY_SIGNING | RCT_KEY_IDENTITY;
}

static void
key_bytes(const struct rct_keys *k, enum rct_key_kind kind,
    const unsigned char **p, size_t *len)
{
	switch (kind) {
	case RCT_KEY_SECRET:
	default:
		*p = k->secret;
		*len = sizeof(k->secret);
		break;
	case RCT_KEY_SIGNING:
		*p = k->sign_sk;
		*len = sizeof(k->sign_sk);
		break;
	case RCT_KEY_IDENTITY:
		*p = k->identity;
		*len = sizeof(k->identity);
		break;
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
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) <
	    0)
		return rct_error(RCT_EIO, "cannot create key file '%s': %s",
		    path, strerror(errno));
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
	for (i = 0; i < sizeof(key_files) / sizeof(key_files[0]); i++) {
		key_bytes(k, key_files[i].kind, &p, &len);
		snprintf(path, sizeof(path), "%s/%s", dir, key_files[i].file);
		if ((rc = write_hex_file(path, p, len, 0600)) != 0)
			return rc;
	}
	snprintf(path, sizeof(path), "%s/signing.pub", dir);
	return write_hex_file(path, k->sign_pk, sizeof(k->sign_pk), 0644);
}

static int
read_hex_file(const char *path, unsigned char *out, size_t len)
{
	char hex[2 * crypto_sign_SECRETKEYBYTES + 8];
	struct stat st;
	size_t binlen = 0;
	ssize_t n;
	int fd, rc = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return rct_error(RCT_ESECRET, "cannot open key file '%s': %s",
		    path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return rct_error(RCT_ESECRET,
		    "key file '%s' is not a regular "
		    "file",
		    path);
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		close(fd);
		return rct_error(RCT_ESECRET,
		    "key file '%s' has mode %03o, "
		    "which others can read; expected 600 (chmod 600 '%s')",
		    path, (unsigned)(st.st_mode & 0777), path);
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
		    "key file '%s' is damaged, expected "
		    "%zu hex digits",
		    path, 2 * len);
	sodium_memzero(hex, sizeof(hex));
	return rc;
}

int
rct_keys_load(struct rct_keys *k, const char *dir, unsigned which)
{
	const unsigned char *p;
	unsigned char *w;
	char path[4096];
	struct stat st;
	size_t i, len;
	int rc;

	which &= ~k->loaded;
	if (which == 0)
		return 0;
	if (stat(dir, &st) != 0)
		return rct_error(RCT_ESECRET,
		    "keys directory '%s' is missing: "
		    "%s",
		    dir, strerror(errno));
	if (st.st_mode & (S_IRWXG | S_IRWXO))
		return rct_error(RCT_ESECRET,
		    "keys directory '%s' has mode "
		    "%03o, which others can enter; expected 700",
		    dir, (unsigned)(st.st_mode & 0777));
	for (i = 0; i < sizeof(key_files) / sizeof(key_files[0]); i++) {
		if (!(which & key_files[i].kind))
			continue;
		key_bytes(k, key_files[i].kind, &p, &len);
		w = (unsigned char *)p;
		snprintf(path, sizeof(path), "%s/%s", dir, key_files[i].file);
		if ((rc = read_hex_file(path, w, len)) != 0)
			return rc;
		if (key_files[i].kind == RCT_KEY_SIGNING)
			crypto_sign_ed25519_sk_to_pk(k->sign_pk, k->sign_sk);
		k->loaded |= key_files[i].kind;
	}
	return 0;
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
rct_keys_wipe(struct rct_keys *k)
{
	sodium_memzero(k, sizeof(*k));
}
