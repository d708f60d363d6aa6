/* Checking stage2 files against pinned SHA-256 digests and manifests. */
#ifndef ENGINE_VERIFY_H
#define ENGINE_VERIFY_H

#include <stddef.h>
#include <stdint.h>
#include "sha256.h"

#define VERIFY_MSG_MAX 512

int verify_parse_hex(const char *hex, uint8_t digest[SHA256_LEN]);
/** A manifest's line: the file's name (not NUL-terminated) and digest. */
typedef int verify_entry_fn(void *ctx, const char *name, size_t len,
			    const char *hex);

int verify_manifest_walk(const char *file, const char *text, size_t len,
			 verify_entry_fn *fn, void *ctx, char *err,
			 size_t errsize);
int verify_manifest_find(const char *file, const char *text, size_t len,
			 const char *name, char hex[SHA256_HEX_LEN + 1],
			 char *err, size_t errsize);
int verify_data(const char *path, const void *data, size_t len,
		const char *expect_hex, char *msg, size_t msgsize);
int verify_kernel_whole(const char *path, const void *data, size_t len,
			char *msg, size_t msgsize);

struct run_result;

/** Where a checked boot takes a file's expected digest from. */
enum verify_source {
	VERIFY_UNCHECKED, /**< the menu checks nothing: loaded as it is */
	VERIFY_PIN,	  /**< its `sha256` in the menu */
	VERIFY_MANIFEST,  /**< its line in the menu's manifest */
	VERIFY_REFUSED,	  /**< neither: the file is not booted */
};

extern const char *const verify_source_names[];

enum verify_source verify_source(const struct run_result *res, int initrd);
int verify_needs_manifest(const struct run_result *res);
int verify_expected(const struct run_result *res, const char *manifest,
		    size_t len, char khex[SHA256_HEX_LEN + 1],
		    char ihex[SHA256_HEX_LEN + 1], char *err, size_t errsize);

#endif
