/*
 * Keys and detached signatures in the format of OpenBSD's signify
 * (Debian's signify-openbsd): Ed25519, checked by libsodium.
 */
#ifndef ENGINE_SIGNIFY_H
#define ENGINE_SIGNIFY_H

#include <stddef.h>
#include <stdint.h>

#define SIGNIFY_KEYNUM_LEN 8
#define SIGNIFY_PK_LEN	   32
#define SIGNIFY_SIG_LEN	   64
/** A key number as printed: 16 hex digits. */
#define SIGNIFY_KEYNUM_HEX (2 * SIGNIFY_KEYNUM_LEN)
/** Keys a front end holds at once (rotation needs two). */
#define SIGNIFY_KEYS_MAX 8
/** signify's limit on a comment line, "untrusted comment: " included. */
#define SIGNIFY_COMMENT_MAX 1024
/** The longest location of a .sig, NUL included. */
#define SIGNIFY_LOC_MAX 1024
/** Room for a message naming a file and every key number. */
#define SIGNIFY_MSG_MAX 512

struct signify_key {
	uint8_t num[SIGNIFY_KEYNUM_LEN];
	uint8_t pk[SIGNIFY_PK_LEN];
};

struct signify_keys {
	int n;
	struct signify_key key[SIGNIFY_KEYS_MAX];
};

/** The outcome of checking a file's signature. */
enum signify_status {
	SIGNIFY_GOOD,	     /**< signed by one of the keys */
	SIGNIFY_MISSING,     /**< no .sig file */
	SIGNIFY_MALFORMED,   /**< not a signify signature */
	SIGNIFY_UNKNOWN_KEY, /**< made by a key number we do not hold */
	SIGNIFY_BAD,	     /**< our key's number, but it does not verify */
	SIGNIFY_STATUS_COUNT
};

extern const char *const signify_status_names[];

struct signify_result {
	enum signify_status status;
	char keynum[SIGNIFY_KEYNUM_HEX + 1]; /**< the signature's, or "" */
};

void signify_keynum_hex(const uint8_t num[SIGNIFY_KEYNUM_LEN],
			char hex[SIGNIFY_KEYNUM_HEX + 1]);
int signify_key_parse(const char *b64, size_t len, struct signify_key *key);
int signify_keys_add(struct signify_keys *keys, const char *b64, char *err,
		     size_t errsize);
int signify_keys_add_file(struct signify_keys *keys, const char *file,
			  const char *text, size_t len, char *err,
			  size_t errsize);
int signify_check(const struct signify_keys *keys, const char *file,
		  const void *msg, size_t len, const char *sig, size_t siglen,
		  struct signify_result *res, char *err, size_t errsize);

/** Loads a file by its location (the front end's transport); 0 or an
 * error.  The data is the caller's to free(). */
typedef int signify_load_fn(void *ctx, const char *loc, void **data,
			    size_t *len);

int signify_site_file(const struct signify_keys *keys, const char *loc,
		      const void *data, size_t len, signify_load_fn *load,
		      void *ctx, struct signify_result *res, char *err,
		      size_t errsize);

#endif
