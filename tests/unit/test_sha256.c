/* SHA-256 against the FIPS 180-4 example vectors (NIST), whole and fed in
 * pieces of every size, so that every block boundary is crossed. */
#include <stdlib.h>
#include "check.h"
#include "base/sha256.h"

static const struct {
	const char *msg;
	size_t repeat; /**< the message this many times */
	const char *digest;
} vectors[] = {
    {"abc", 1,
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnop"
     "jklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
     1, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    {"a", 1000000,
     "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
};

int main(void)
{
	char hex[SHA256_HEX_LEN + 1];
	uint8_t d[SHA256_LEN];
	struct sha256 ctx;
	size_t i, r, len, piece, off;
	char *buf;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		/* The whole message at once */
		len = strlen(vectors[i].msg) * vectors[i].repeat;
		buf = malloc(len + 1);
		for (r = 0; r < vectors[i].repeat; r++)
			memcpy(buf + r * strlen(vectors[i].msg), vectors[i].msg,
			       strlen(vectors[i].msg));
		sha256(buf, len, d);
		sha256_hex(d, hex);
		CHECK_STR(hex, vectors[i].digest, vectors[i].msg);

		/* In pieces of 1..130 bytes (short messages only) */
		for (piece = 1; len < 1000 && piece <= 130; piece++) {
			sha256_init(&ctx);
			for (off = 0; off < len; off += piece)
				sha256_update(&ctx, buf + off,
					      len - off < piece ? len - off
								: piece);
			sha256_final(&ctx, d);
			sha256_hex(d, hex);
			CHECK(strcmp(hex, vectors[i].digest) == 0,
			      "pieces of %zu: %s", piece, hex);
		}
		free(buf);
	}

	/* Lengths around the padding boundary (55, 56, 63, 64 bytes) must
	 * differ from each other and be stable. */
	{
		static char zeros[130];
		char prev[SHA256_HEX_LEN + 1] = "";

		for (len = 50; len < 130; len++) {
			sha256(zeros, len, d);
			sha256_hex(d, hex);
			CHECK(strcmp(hex, prev) != 0, "length %zu", len);
			strcpy(prev, hex);
		}
	}
	return CHECK_DONE("test_sha256");
}
