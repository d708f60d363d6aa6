/*
 * SHA-256, for checking the stage2 files the module loads: libsodium's
 * (Debian's source package), behind the names the engine uses.
 */
#ifndef ENGINE_SHA256_H
#define ENGINE_SHA256_H

#include <stddef.h>
#include <stdint.h>
#include <sodium/crypto_hash_sha256.h>

#define SHA256_LEN     32
#define SHA256_HEX_LEN 64

struct sha256 {
	crypto_hash_sha256_state state;
};

void sha256_init(struct sha256 *ctx);
void sha256_update(struct sha256 *ctx, const void *data, size_t len);
void sha256_final(struct sha256 *ctx, uint8_t digest[SHA256_LEN]);
void sha256(const void *data, size_t len, uint8_t digest[SHA256_LEN]);
void sha256_hex(const uint8_t digest[SHA256_LEN], char hex[SHA256_HEX_LEN + 1]);

#endif
