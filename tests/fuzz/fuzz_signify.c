/*
 * libFuzzer target: signify key files and signatures, as a TFTP server
 * (or anything on the wire) hands them to the module.  The input is
 * KEYS \0 SIGNATURE \0 MESSAGE: KEYS are added to test key A (a key file,
 * as make KEYS=FILE takes it), then MESSAGE is checked against SIGNATURE.
 *
 * Oracle: only a correctly signed message passes.  The only signed
 * messages there are are tests/signify/message with message.sig (key A)
 * and message.sig-b (key B): a pass must be that message, that
 * signature's 64 bytes, and the real key A or B (under any key number:
 * signify signs the message alone).  Any other pass is a forgery, or a
 * parser that let something through.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium/utils.h>
#include "trust/signify.h"

struct known {
	const char *name;
	char *text;
	size_t len;
};

static struct known pub_a = {"a.pub"}, pub_b = {"b.pub"}, msg = {"message"},
		    sig_a = {"message.sig"}, sig_b = {"message.sig-b"};
static struct signify_keys real; /* A and B, as signify made them */

static void slurp(struct known *k)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/signify/%s", TOP_DIR, k->name);
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	k->text = malloc(4096);
	k->len = fread(k->text, 1, 4096, f);
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[SIGNIFY_MSG_MAX];

	(void)argc;
	(void)argv;
	slurp(&pub_a);
	slurp(&pub_b);
	slurp(&msg);
	slurp(&sig_a);
	slurp(&sig_b);
	if (signify_keys_add_file(&real, "a.pub", pub_a.text, pub_a.len, err,
				  sizeof(err)) != 0 ||
	    signify_keys_add_file(&real, "b.pub", pub_b.text, pub_b.len, err,
				  sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		exit(2);
	}
	return 0;
}

/* The 64 signature bytes of a signature file (its second line). */
static int sig_bytes(const char *s, size_t len, unsigned char out[64])
{
	const char *nl = memchr(s, '\n', len), *end;
	unsigned char raw[74];
	size_t got = 0;

	if (!nl)
		return -1;
	end = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - s));
	if (!end ||
	    sodium_base642bin(raw, sizeof(raw), nl + 1, (size_t)(end - nl - 1),
			      NULL, &got, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    got != sizeof(raw))
		return -1;
	memcpy(out, raw + 10, 64);
	return 0;
}

/*
 * Does a passing check match one of the two signed files?  The key
 * number is only a label (signify signs the message alone), so a key
 * file may give A's or B's key under another number; what must hold is
 * the message, the real public key and that key's real signature.
 */
static int is_signed_for_real(const struct signify_keys *keys,
			      const struct signify_result *res, const char *m,
			      size_t mlen, const char *sig, size_t slen)
{
	unsigned char got[64], want[64];
	const struct known *which;
	int i, k;

	if (mlen != msg.len || memcmp(m, msg.text, mlen) != 0)
		return 0;
	/* The key that passed it is A's or B's real key */
	for (i = 0; i < keys->n; i++) {
		char hex[SIGNIFY_KEYNUM_HEX + 1];

		signify_keynum_hex(keys->key[i].num, hex);
		if (strcmp(hex, res->keynum) == 0)
			break;
	}
	if (i == keys->n)
		return 0;
	for (k = 0; k < real.n; k++)
		if (memcmp(real.key[k].pk, keys->key[i].pk,
			   sizeof(real.key[k].pk)) == 0)
			break;
	if (k == real.n)
		return 0;
	which = k == 0 ? &sig_a : &sig_b;
	return sig_bytes(sig, slen, got) == 0 &&
	       sig_bytes(which->text, which->len, want) == 0 &&
	       memcmp(got, want, sizeof(got)) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *z1, *z2;
	struct signify_keys keys = {0};
	struct signify_result res;
	char err[SIGNIFY_MSG_MAX];

	z1 = memchr(p, '\0', size);
	z2 = z1 ? memchr(z1 + 1, '\0', (size_t)(end - z1 - 1)) : NULL;
	if (!z2)
		return 0;
	if (signify_keys_add_file(&keys, "a.pub", pub_a.text, pub_a.len, err,
				  sizeof(err)) != 0)
		abort();
	/* Whatever the key text gives; a key file may also be refused */
	(void)signify_keys_add_file(&keys, "KEYS", p, (size_t)(z1 - p), err,
				    sizeof(err));
	if (!memchr(err, '\0', sizeof(err)))
		abort();
	if (signify_check(&keys, "F", z2 + 1, (size_t)(end - z2 - 1), z1 + 1,
			  (size_t)(z2 - z1 - 1), &res, err, sizeof(err)) == 0) {
		if (res.status != SIGNIFY_GOOD ||
		    !is_signed_for_real(&keys, &res, z2 + 1,
					(size_t)(end - z2 - 1), z1 + 1,
					(size_t)(z2 - z1 - 1)))
			abort();
	} else if (res.status == SIGNIFY_GOOD ||
		   !memchr(err, '\0', sizeof(err))) {
		abort();
	}
	return 0;
}
