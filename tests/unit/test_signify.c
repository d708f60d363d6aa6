/*
 * signify keys and signatures: files made by Debian's signify-openbsd
 * (tests/signify/, keys A, B and C), every way a signature can be
 * refused and what the message says, and libsodium's own Ed25519 test
 * vectors (its test/default/sign.c) through the same check.
 */
#include <stdlib.h>
#include <sodium/crypto_sign.h>
#include <sodium/utils.h>
#include "check.h"
#include "trust/signify.h"

#include "sodium_sign_vectors.h"

#define DIR   "tests/signify/"
#define KEY_A "51ec6e57d97a8e28"
#define KEY_B "aae3584e415c5113"
#define KEY_C "1bb6a4eca03e26c7"

/* A whole file, NUL-terminated; the test stops if it is not there. */
static char *slurp(const char *name, size_t *len)
{
	FILE *f = fopen(name, "rb");
	char *buf;

	if (!f) {
		perror(name);
		exit(2);
	}
	buf = malloc(65536);
	*len = fread(buf, 1, 65535, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* Keys from files, concatenated as make KEYS=FILE takes them. */
static void keys_from(struct signify_keys *keys, const char *names)
{
	char err[SIGNIFY_MSG_MAX], path[64];
	const char *p;
	size_t len;
	char *text;

	memset(keys, 0, sizeof(*keys));
	for (p = names; *p; p++) {
		snprintf(path, sizeof(path), DIR "%c.pub", *p);
		text = slurp(path, &len);
		CHECK(signify_keys_add_file(keys, path, text, len, err,
					    sizeof(err)) == 0,
		      "%s", err);
		free(text);
	}
}

/* The message checked against a signature file with some keys. */
static const struct {
	const char *keys, *sig;
	int rc;
	enum signify_status status;
	const char *keynum, *err;
} checks[] = {
    {"a", "message.sig", 0, SIGNIFY_GOOD, KEY_A, ""},
    {"ba", "message.sig", 0, SIGNIFY_GOOD, KEY_A, ""},
    /* rotation: the new key signs, both are held */
    {"ab", "message.sig-b", 0, SIGNIFY_GOOD, KEY_B, ""},
    {"a", "message.sig-b", -EPERM, SIGNIFY_UNKNOWN_KEY, KEY_B,
     "F.sig is signed by key " KEY_B ",\n  not by key " KEY_A},
    {"ac", "message.sig-b", -EPERM, SIGNIFY_UNKNOWN_KEY, KEY_B,
     "F.sig is signed by key " KEY_B ",\n  not by key " KEY_A " or " KEY_C},
    {"a", NULL, -ENOENT, SIGNIFY_MISSING, "",
     "F is not signed: F.sig did not load\n  (expected a signature by "
     "key " KEY_A ")"},
};

static void test_files(void)
{
	struct signify_keys keys;
	struct signify_result res;
	char err[SIGNIFY_MSG_MAX], *msg, *sig = NULL, path[64];
	size_t mlen, slen = 0;
	unsigned i;
	int rc;

	msg = slurp(DIR "message", &mlen);
	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		keys_from(&keys, checks[i].keys);
		if (checks[i].sig) {
			snprintf(path, sizeof(path), DIR "%s", checks[i].sig);
			sig = slurp(path, &slen);
		}
		err[0] = '\0';
		rc = signify_check(&keys, "F", msg, mlen, sig, slen, &res, err,
				   sizeof(err));
		CHECK(rc == checks[i].rc, "check %u: rc %d", i, rc);
		CHECK(res.status == checks[i].status, "check %u: %s", i,
		      signify_status_names[res.status]);
		CHECK_STR(res.keynum, checks[i].keynum, "key number");
		CHECK_STR(err, checks[i].err, "message");
		/* One byte changed after signing: refused, key named */
		if (rc == 0) {
			msg[3] ^= 1;
			rc = signify_check(&keys, "F", msg, mlen, sig, slen,
					   &res, err, sizeof(err));
			msg[3] ^= 1;
			CHECK(rc == -EACCES && res.status == SIGNIFY_BAD,
			      "check %u: changed message: rc %d", i, rc);
			CHECK(strstr(err, "F does not match its signature by "
					  "key ") != NULL,
			      "%s", err);
			rc = signify_check(&keys, "F", msg, mlen - 1, sig, slen,
					   &res, err, sizeof(err));
			CHECK(rc == -EACCES, "check %u: shortened: %d", i, rc);
		}
		free(sig);
		sig = NULL;
	}
	free(msg);
}

/* message.sig's base64 line, for the malformed variants. */
#define SIG_B64                                                                \
	"RWRR7G5X2XqOKJ9PGrlgcRX/YUXWtkt8h7CXBQKk37r0+ef1zQS5yDqqdzAenhHUGU14" \
	"jXQz8YSubW3roV4iQqoBdMA5UuJqQwY="
#define HDR "untrusted comment: verify with a.pub\n"

static const struct {
	const char *sig;
	const char *why;
} malformed[] = {
    {"", "it does not start with \"untrusted comment: \""},
    {SIG_B64 "\n", "it does not start with \"untrusted comment: \""},
    {"untrusted comment: \n" SIG_B64 "\n",
     "it does not start with \"untrusted comment: \""},
    {"Untrusted comment: x\n" SIG_B64 "\n",
     "it does not start with \"untrusted comment: \""},
    {"untrusted comment: x", "it does not start with \"untrusted comment: \""},
    {HDR SIG_B64, "its second line does not end"},
    {HDR SIG_B64 "\n\n", "there is more after its second line"},
    {HDR SIG_B64 "\nmessage\n", "there is more after its second line"},
    {HDR SIG_B64 "\r\n", "its second line is not the base64 of a signature"},
    {HDR " " SIG_B64 "\n", "its second line is not the base64 of a signature"},
    /* padding dropped, a character changed to one outside the alphabet */
    {HDR "RWRR7G5X2XqOKJ9PGrlgcRX/YUXWtkt8h7CXBQKk37r0+ef1zQS5yDqqdzAenhHUGU14"
	 "jXQz8YSubW3roV4iQqoBdMA5UuJqQwY\n",
     "its second line is not the base64 of a signature"},
    {HDR "RWRR7G5X2XqOKJ9PGrlgcRX_YUXWtkt8h7CXBQKk37r0+ef1zQS5yDqqdzAenhHUGU14"
	 "jXQz8YSubW3roV4iQqoBdMA5UuJqQwY=\n",
     "its second line is not the base64 of a signature"},
    /* a public key where the signature belongs: 42 bytes, not 74 */
    {HDR "RWRR7G5X2XqOKLD2HTBdqzWBSOKMD4BzIcKXuCWntuO9K7G3tPA7U6Jy\n",
     "its second line is not the base64 of a signature"},
    /* "EE" instead of "Ed" */
    {HDR "RUVR7G5X2XqOKJ9PGrlgcRX/YUXWtkt8h7CXBQKk37r0+ef1zQS5yDqqdzAenhHUGU14"
	 "jXQz8YSubW3roV4iQqoBdMA5UuJqQwY=\n",
     "it is not an Ed25519 (\"Ed\") signature"},
};

static void test_malformed(void)
{
	struct signify_keys keys;
	struct signify_result res;
	char err[SIGNIFY_MSG_MAX], want[SIGNIFY_MSG_MAX], *msg, *sig;
	size_t mlen;
	unsigned i;

	keys_from(&keys, "a");
	msg = slurp(DIR "message", &mlen);
	for (i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		int rc = signify_check(&keys, "F", msg, mlen, malformed[i].sig,
				       strlen(malformed[i].sig), &res, err,
				       sizeof(err));

		snprintf(
		    want, sizeof(want),
		    "F.sig is not a signify signature: %s\n  (expected one "
		    "by key " KEY_A ")",
		    malformed[i].why);
		CHECK(rc == -EINVAL && res.status == SIGNIFY_MALFORMED,
		      "malformed %u: rc %d", i, rc);
		CHECK_STR(err, want, "malformed");
	}
	/* A comment of 1024 bytes is signify's limit; one more is refused */
	sig = malloc(2048);
	memset(sig, 'x', 2048);
	memcpy(sig, HDR, 19);
	sig[1024] = '\n';
	strcpy(sig + 1025, SIG_B64 "\n");
	CHECK(signify_check(&keys, "F", msg, mlen, sig, strlen(sig), &res, err,
			    sizeof(err)) == 0,
	      "1024-byte comment: %s", err);
	memset(sig, 'x', 2048);
	memcpy(sig, HDR, 19);
	sig[1025] = '\n';
	strcpy(sig + 1026, SIG_B64 "\n");
	CHECK(signify_check(&keys, "F", msg, mlen, sig, strlen(sig), &res, err,
			    sizeof(err)) == -EINVAL,
	      "1025-byte comment");
	CHECK(strstr(err, "longer than 1024") != NULL, "%s", err);
	free(sig);
	free(msg);
}

static const struct {
	const char *text;
	int rc;
	const char *err;
} key_files[] = {
    {"untrusted comment: x\n"
     "RWRR7G5X2XqOKLD2HTBdqzWBSOKMD4BzIcKXuCWntuO9K7G3tPA7U6Jy\n",
     0, ""},
    /* no comment, no final newline */
    {"RWRR7G5X2XqOKLD2HTBdqzWBSOKMD4BzIcKXuCWntuO9K7G3tPA7U6Jy", 0, ""},
    {"", -EINVAL, "K: no public key in it"},
    {"untrusted comment: only\n", -EINVAL, "K: no public key in it"},
    {"untrusted comment: x\nRWRR7G5X2XqOKLD2HTBdqzWBSOKMD4BzIcKXuCWntuO9K7G3"
     "tPA7U6J\n",
     -EINVAL, "K:2: not a signify public key line"},
    /* a signature is not a key */
    {"untrusted comment: x\n" SIG_B64 "\n", -EINVAL,
     "K:2: not a signify public key line"},
    /* the same number, another key: refused */
    {"RWRR7G5X2XqOKLD2HTBdqzWBSOKMD4BzIcKXuCWntuO9K7G3tPA7U6Jy\n"
     "RWRR7G5X2XqOKLD2HTBdqzWBSOKMD4BzIcKXuCWntuO9K7G3tPA7U6Ix\n",
     -EEXIST, "K:2: two different keys have the number " KEY_A},
};

static void test_keys(void)
{
	struct signify_keys keys;
	char err[SIGNIFY_MSG_MAX];
	unsigned i;
	int rc, n;

	for (i = 0; i < sizeof(key_files) / sizeof(key_files[0]); i++) {
		memset(&keys, 0, sizeof(keys));
		err[0] = '\0';
		rc = signify_keys_add_file(&keys, "K", key_files[i].text,
					   strlen(key_files[i].text), err,
					   sizeof(err));
		CHECK(rc == key_files[i].rc, "key file %u: rc %d", i, rc);
		CHECK_STR(err, key_files[i].err, "key file");
	}
	/* key=BASE64: the same key twice is one key; a bad one named */
	memset(&keys, 0, sizeof(keys));
	CHECK(signify_keys_add(&keys,
			       "RWRR7G5X2XqOKLD2HTBdqzWBSOKMD4BzIcKXuCWntuO9K7G"
			       "3tPA7U6Jy",
			       err, sizeof(err)) == 0 &&
		  signify_keys_add(&keys,
				   "RWRR7G5X2XqOKLD2HTBdqzWBSOKMD4BzIcKXuCWntuO"
				   "9K7G3tPA7U6Jy",
				   err, sizeof(err)) == 0 &&
		  keys.n == 1,
	      "key= twice: %d keys", keys.n);
	CHECK(signify_keys_add(&keys, "RWRR7G5X2XqOKLD2HTBdqzWB", err,
			       sizeof(err)) == -EINVAL,
	      "short key=");
	CHECK_STR(err,
		  "key=RWRR7G5X2XqOKLD2HTBdqzWB...: not a signify public key "
		  "(the base64 line of a .pub file)",
		  "short key=");
	/* At most SIGNIFY_KEYS_MAX keys */
	memset(&keys, 0, sizeof(keys));
	for (n = 0, rc = 0; rc == 0 && n <= SIGNIFY_KEYS_MAX; n++) {
		unsigned char raw[42] = {'E', 'd', (unsigned char)n};
		char b64[64];

		sodium_bin2base64(b64, sizeof(b64), raw, sizeof(raw),
				  sodium_base64_VARIANT_ORIGINAL);
		rc = signify_keys_add(&keys, b64, err, sizeof(err));
	}
	CHECK(rc == -E2BIG && n == SIGNIFY_KEYS_MAX + 1, "keys: %d, rc %d", n,
	      rc);
}

/*
 * libsodium's vectors: each public key as a signify key, each signature
 * as a signify .sig file, checked by the engine; then the same with one
 * bit of the signature or the message flipped.
 */
static void test_vectors(void)
{
	struct signify_keys keys = {1};
	struct signify_result res;
	unsigned char raw[74], m[1024];
	char err[SIGNIFY_MSG_MAX], sig[256];
	size_t i, mlen, len, good = 0, bad = 0;

	for (i = 0; i < sizeof(test_data) / sizeof(test_data[0]); i++) {
		/* vector i signs the first i bytes of its message */
		mlen = i;
		memcpy(m, test_data[i].m, mlen);
		memset(keys.key[0].num, (int)i, SIGNIFY_KEYNUM_LEN);
		memcpy(keys.key[0].pk, test_data[i].pk, SIGNIFY_PK_LEN);
		memcpy(raw, "Ed", 2);
		memset(raw + 2, (int)i, SIGNIFY_KEYNUM_LEN);
		memcpy(raw + 10, test_data[i].sig, SIGNIFY_SIG_LEN);
		len = (size_t)snprintf(sig, sizeof(sig), HDR);
		sodium_bin2base64(sig + len, sizeof(sig) - len, raw,
				  sizeof(raw), sodium_base64_VARIANT_ORIGINAL);
		strcat(sig, "\n");
		len = strlen(sig);
		good += signify_check(&keys, "V", m, mlen, sig, len, &res, err,
				      sizeof(err)) == 0;
		/* a bit of the signature's R, then of the message */
		raw[10 + i % 32] ^= (unsigned char)(1 << (i % 8));
		len = (size_t)snprintf(sig, sizeof(sig), HDR);
		sodium_bin2base64(sig + len, sizeof(sig) - len, raw,
				  sizeof(raw), sodium_base64_VARIANT_ORIGINAL);
		strcat(sig, "\n");
		bad += signify_check(&keys, "V", m, mlen, sig, strlen(sig),
				     &res, err, sizeof(err)) == -EACCES;
		raw[10 + i % 32] ^= (unsigned char)(1 << (i % 8));
		if (mlen) {
			m[i % mlen] ^= 0x80;
			len = (size_t)snprintf(sig, sizeof(sig), HDR);
			sodium_bin2base64(sig + len, sizeof(sig) - len, raw,
					  sizeof(raw),
					  sodium_base64_VARIANT_ORIGINAL);
			strcat(sig, "\n");
			bad +=
			    signify_check(&keys, "V", m, mlen, sig, strlen(sig),
					  &res, err, sizeof(err)) == -EACCES;
		} else {
			bad++;
		}
	}
	CHECK(good == i, "%zu of %zu vectors verify", good, i);
	CHECK(bad == 2 * i, "%zu of %zu altered vectors refused", bad, 2 * i);
	CHECK(i == 1024, "libsodium has %zu vectors", i);
}

int main(void)
{
	test_files();
	test_malformed();
	test_keys();
	test_vectors();
	return CHECK_DONE("signify");
}
