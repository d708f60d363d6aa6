/*
 * SHA-256 through libsodium's crypto_hash_sha256 (FIPS 180-4), which the
 * module links for its signatures anyway; com32 has no digest API.
 */
#include "base/sha256.h"
#include "base/text.h"

void sha256_init(struct sha256 *ctx)
{
	crypto_hash_sha256_init(&ctx->state);
}

void sha256_update(struct sha256 *ctx, const void *data, size_t len)
{
	crypto_hash_sha256_update(&ctx->state, data, len);
}

void sha256_final(struct sha256 *ctx, uint8_t digest[SHA256_LEN])
{
	crypto_hash_sha256_final(&ctx->state, digest);
}

/** The digest of one buffer. */
void sha256(const void *data, size_t len, uint8_t digest[SHA256_LEN])
{
	struct sha256 ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, digest);
}

/** A digest as 64 lower-case hex digits. */
void sha256_hex(const uint8_t digest[SHA256_LEN], char hex[SHA256_HEX_LEN + 1])
{
	text_hex(digest, SHA256_LEN, hex);
}
