/* Checking stage2 files against pinned SHA-256 digests and manifests. */
#ifndef ENGINE_VERIFY_H
#define ENGINE_VERIFY_H

#include <stddef.h>
#include <stdint.h>
#include "base/sha256.h"

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

#endif
