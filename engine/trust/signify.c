/*
 * signify's keys and detached signatures, checked with libsodium.
 *
 * A public key is a comment line and the base64 of "Ed", an 8-byte key
 * number and the 32-byte Ed25519 key; a signature file F.sig is a comment
 * line and the base64 of "Ed", the signing key's number and the 64-byte
 * signature of F's bytes (signify-openbsd -S -s KEY.sec -m F -x F.sig).
 * Every comment is untrusted: only the key number and the signature
 * count.  The cryptography is libsodium's (Debian's source package);
 * this file only parses and says what it found.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium/crypto_sign_ed25519.h>
#include <sodium/utils.h>
#include "trust/signify.h"
#include "base/text.h"

#define COMMENT_HDR	"untrusted comment: "
#define COMMENT_HDR_LEN (sizeof(COMMENT_HDR) - 1)
/** "Ed": signify's only algorithm. */
#define PKALG "Ed"

const char *const signify_status_names[] = {
    [SIGNIFY_GOOD] = "good",
    [SIGNIFY_MISSING] = "missing",
    [SIGNIFY_MALFORMED] = "malformed",
    [SIGNIFY_UNKNOWN_KEY] = "unknown key",
    [SIGNIFY_BAD] = "bad",
};

/* Keys and signatures as signify lays them out, after base64. */
struct signify_pub_bytes {
	uint8_t alg[2];
	uint8_t num[SIGNIFY_KEYNUM_LEN];
	uint8_t pk[SIGNIFY_PK_LEN];
};
struct signify_sig_bytes {
	uint8_t alg[2];
	uint8_t num[SIGNIFY_KEYNUM_LEN];
	uint8_t sig[SIGNIFY_SIG_LEN];
};

/* libsodium's answer to a programming error (a base64 variant it does
 * not know): there is nothing to recover. */
void sodium_misuse(void);
void sodium_misuse(void)
{
	abort();
}

/** A key number as 16 hex digits, in the order signify stores it. */
void signify_keynum_hex(const uint8_t num[SIGNIFY_KEYNUM_LEN],
			char hex[SIGNIFY_KEYNUM_HEX + 1])
{
	text_hex(num, SIGNIFY_KEYNUM_LEN, hex);
}

/*
 * Decode exactly want bytes of padded base64 (libsodium's decoder: no
 * spaces, no other alphabet, no bits left over).
 */
static int decode_exact(const char *b64, size_t len, void *out, size_t want)
{
	size_t got = 0;

	if (sodium_base642bin(out, want, b64, len, NULL, &got, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    got != want)
		return -EINVAL;
	return 0;
}

/**
 * Read a public key from its base64 text (the second line of a .pub file).
 *
 * @ret rc	0, or -EINVAL when it is not 42 bytes starting "Ed"
 */
int signify_key_parse(const char *b64, size_t len, struct signify_key *key)
{
	struct signify_pub_bytes pub;

	if (decode_exact(b64, len, &pub, sizeof(pub)) != 0 ||
	    memcmp(pub.alg, PKALG, 2) != 0)
		return -EINVAL;
	memcpy(key->num, pub.num, sizeof(key->num));
	memcpy(key->pk, pub.pk, sizeof(key->pk));
	return 0;
}

/* Add a key; a second key with the same number is refused. */
static int keys_add(struct signify_keys *keys, const struct signify_key *k,
		    const char *where, char *err, size_t errsize)
{
	char hex[SIGNIFY_KEYNUM_HEX + 1];
	int i;

	signify_keynum_hex(k->num, hex);
	for (i = 0; i < keys->n; i++) {
		if (memcmp(keys->key[i].num, k->num, sizeof(k->num)) != 0)
			continue;
		if (memcmp(keys->key[i].pk, k->pk, sizeof(k->pk)) == 0)
			return 0;
		snprintf(err, errsize,
			 "%s: two different keys have the number %s", where,
			 hex);
		return -EEXIST;
	}
	if (keys->n == SIGNIFY_KEYS_MAX) {
		snprintf(err, errsize, "%s: more than %d keys (key %s)", where,
			 SIGNIFY_KEYS_MAX, hex);
		return -E2BIG;
	}
	keys->key[keys->n++] = *k;
	return 0;
}

/**
 * Add a key given as base64 (the label's key=BASE64).
 *
 * @ret rc	0; -EINVAL, -EEXIST or -E2BIG with err saying why
 */
int signify_keys_add(struct signify_keys *keys, const char *b64, char *err,
		     size_t errsize)
{
	struct signify_key k;

	if (signify_key_parse(b64, strlen(b64), &k) != 0) {
		snprintf(err, errsize,
			 "key=%.24s...: not a signify public key (the base64 "
			 "line of a .pub file)",
			 b64);
		return -EINVAL;
	}
	return keys_add(keys, &k, "key=", err, errsize);
}

/**
 * Add every key of a public key file, or of several concatenated
 * (make KEYS=FILE): comment lines are skipped, every other line that is
 * not empty must be a key.
 *
 * @v file	the file's name, for messages (FILE:LINE:)
 * @ret rc	0; -EINVAL (a line that is not a key, or no key at all),
 *		-EEXIST, -E2BIG
 */
int signify_keys_add_file(struct signify_keys *keys, const char *file,
			  const char *text, size_t len, char *err,
			  size_t errsize)
{
	const char *p = text, *end = text + len, *nl;
	char where[SIGNIFY_MSG_MAX / 2];
	struct signify_key k;
	int line = 0, found = 0, rc;

	for (; p < end; p = nl + 1) {
		nl = text_find(p, end, '\n');
		if (!nl)
			nl = end;
		line++;
		snprintf(where, sizeof(where), "%s:%d", file, line);
		if (nl == p || ((size_t)(nl - p) >= COMMENT_HDR_LEN &&
				memcmp(p, COMMENT_HDR, COMMENT_HDR_LEN) == 0))
			continue;
		if (signify_key_parse(p, (size_t)(nl - p), &k) != 0) {
			snprintf(err, errsize,
				 "%s: not a signify public key line", where);
			return -EINVAL;
		}
		rc = keys_add(keys, &k, where, err, errsize);
		if (rc)
			return rc;
		found++;
	}
	if (!found) {
		snprintf(err, errsize, "%s: no public key in it", file);
		return -EINVAL;
	}
	return 0;
}

/* "key A or key B": the numbers of the keys we hold. */
static void expected_keys(const struct signify_keys *keys, char *buf,
			  size_t size)
{
	char hex[SIGNIFY_KEYNUM_HEX + 1];
	size_t used = 0;
	int i;

	snprintf(buf, size, "(none: no key was readable)");
	for (i = 0; i < keys->n && used < size; i++) {
		signify_keynum_hex(keys->key[i].num, hex);
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 i ? " or " : "", hex);
	}
}

/*
 * Read a detached signature file as signify does: a comment line of at
 * most 1024 bytes starting "untrusted comment: ", then one base64 line,
 * then nothing.
 */
static const char *parse_sig(const char *sig, size_t siglen,
			     struct signify_sig_bytes *out)
{
	const char *end = sig + siglen, *nl1, *nl2;

	nl1 = text_find(sig, end, '\n');
	if (siglen < COMMENT_HDR_LEN ||
	    memcmp(sig, COMMENT_HDR, COMMENT_HDR_LEN) != 0 || !nl1 ||
	    (size_t)(nl1 - sig) == COMMENT_HDR_LEN)
		return "it does not start with \"untrusted comment: \"";
	if (nl1 - sig > SIGNIFY_COMMENT_MAX)
		return "its comment is longer than 1024 bytes";
	nl2 = text_find(nl1 + 1, end, '\n');
	if (!nl2)
		return "its second line does not end";
	if (nl2 + 1 != end)
		return "there is more after its second line";
	if (decode_exact(nl1 + 1, (size_t)(nl2 - nl1 - 1), out, sizeof(*out)) !=
	    0)
		return "its second line is not the base64 of a signature";
	if (memcmp(out->alg, PKALG, 2) != 0)
		return "it is not an Ed25519 (\"Ed\") signature";
	return NULL;
}

/**
 * Check a file against its detached signature.
 *
 * @v keys	the keys we trust
 * @v file	the file's name, for messages; its signature is file.sig
 * @v sig	the .sig file's bytes, or NULL when it did not load
 * @v res	the outcome and the signature's key number
 * @v err	unless good: which file, the key numbers expected and found
 *		(two lines, each short enough for an 80-column screen
 *		with short file names)
 * @ret rc	0 when good; -ENOENT, -EINVAL, -EPERM or -EACCES
 */
int signify_check(const struct signify_keys *keys, const char *file,
		  const void *msg, size_t len, const char *sig, size_t siglen,
		  struct signify_result *res, char *err, size_t errsize)
{
	char want[SIGNIFY_KEYS_MAX * (SIGNIFY_KEYNUM_HEX + 4)];
	struct signify_sig_bytes s;
	const char *why;
	int i;

	res->keynum[0] = '\0';
	expected_keys(keys, want, sizeof(want));
	if (!sig) {
		res->status = SIGNIFY_MISSING;
		snprintf(err, errsize,
			 "%s is not signed: %s.sig did not load\n"
			 "  (expected a signature by key %s)",
			 file, file, want);
		return -ENOENT;
	}
	why = parse_sig(sig, siglen, &s);
	if (why) {
		res->status = SIGNIFY_MALFORMED;
		snprintf(err, errsize,
			 "%s.sig is not a signify signature: %s\n"
			 "  (expected one by key %s)",
			 file, why, want);
		return -EINVAL;
	}
	signify_keynum_hex(s.num, res->keynum);
	for (i = 0; i < keys->n; i++)
		if (memcmp(keys->key[i].num, s.num, sizeof(s.num)) == 0)
			break;
	if (i == keys->n) {
		res->status = SIGNIFY_UNKNOWN_KEY;
		snprintf(err, errsize,
			 "%s.sig is signed by key %s,\n  not by key %s", file,
			 res->keynum, want);
		return -EPERM;
	}
	if (crypto_sign_ed25519_verify_detached(s.sig, msg, len,
						keys->key[i].pk) != 0) {
		res->status = SIGNIFY_BAD;
		snprintf(err, errsize,
			 "%s does not match its signature by key %s\n"
			 "  (changed after it was signed?)",
			 file, res->keynum);
		return -EACCES;
	}
	res->status = SIGNIFY_GOOD;
	return 0;
}

/**
 * The rule for a file of the site's (a menu, a masks table, a manifest)
 * when the front end holds keys: it counts only with a good signature by
 * one of them, in LOC.sig beside it.  The module and `debathena-menu
 * verify` both follow it here.
 *
 * @v loc	the file's location, as the menu or the label names it
 * @v load	loads LOC.sig (a missing one is SIGNIFY_MISSING)
 * @v res	the outcome, for the boot report
 * @ret rc	0 for a good signature; -ENAMETOOLONG; signify_check's
 */
int signify_site_file(const struct signify_keys *keys, const char *loc,
		      const void *data, size_t len, signify_load_fn *load,
		      void *ctx, struct signify_result *res, char *err,
		      size_t errsize)
{
	char sigloc[SIGNIFY_LOC_MAX];
	void *sig = NULL;
	size_t slen = 0;
	int rc, n;

	res->status = SIGNIFY_MISSING;
	res->keynum[0] = '\0';
	n = snprintf(sigloc, sizeof(sigloc), "%s.sig", loc);
	if (n < 0 || (size_t)n >= sizeof(sigloc)) {
		snprintf(err, errsize, "%s: the name is too long for its .sig",
			 loc);
		return -ENAMETOOLONG;
	}
	if (load(ctx, sigloc, &sig, &slen) != 0)
		sig = NULL;
	rc = signify_check(keys, loc, data, len, sig, slen, res, err, errsize);
	free(sig);
	return rc;
}
