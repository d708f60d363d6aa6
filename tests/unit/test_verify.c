/* Pinned digests and manifests: hex parsing, manifest lookups and their
 * errors, and the mismatch message (which file, expected, got). */
#include "check.h"
#include "trust/verify.h"

#define ABC   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static const struct {
	const char *text;
	const char *name;
	int rc;
	const char *want; /**< digest, or the error */
} finds[] = {
    {ABC "  precise/amd64/linux\n", "precise/amd64/linux", 0, ABC},
    {ABC " *precise/amd64/linux\n", "precise/amd64/linux", 0, ABC},
    {ABC "  ./precise/amd64/linux\r\n", "precise/amd64/linux", 0, ABC},
    {ABC "  precise/amd64/linux", "/precise/amd64/linux", 0, ABC},
    {"# comment\n\n" EMPTY "  a\n" ABC "  b\n", "b", 0, ABC},
    /* the first line for a name counts */
    {EMPTY "  a\n" ABC "  a\n", "a", 0, EMPTY},
    {"BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD  a\n",
     "a", 0, ABC},
    {ABC "  precise/amd64/linux\n", "precise/amd64/linux.bak", -ENOENT,
     "SUMS does not list precise/amd64/linux.bak"},
    {ABC "  precise/amd64/linux\n", "precise/amd64/linu", -ENOENT,
     "SUMS does not list precise/amd64/linu"},
    {"", "a", -ENOENT, "SUMS does not list a"},
    {ABC "  a\nnot a digest line\n", "a", -EINVAL,
     "SUMS:2: not a line of sha256sum output (\"HEX  NAME\")"},
    {ABC "\ta\n", "a", -EINVAL,
     "SUMS:1: not a line of sha256sum output (\"HEX  NAME\")"},
    {"ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a\n",
     "a", -EINVAL, "SUMS:1: the digest is not 64 hex digits"},
    {ABC "  \n", "a", -EINVAL,
     "SUMS:1: not a line of sha256sum output (\"HEX  NAME\")"},
};

int main(void)
{
	char hex[SHA256_HEX_LEN + 1], msg[VERIFY_MSG_MAX];
	uint8_t d[SHA256_LEN];
	size_t i;
	int rc;

	CHECK(verify_parse_hex(ABC, d) == 0 && d[0] == 0xba && d[31] == 0xad,
	      "abc digest");
	CHECK(verify_parse_hex(ABC "0", d) == -EINVAL, "65 digits");
	CHECK(verify_parse_hex("ba78", d) == -EINVAL, "4 digits");
	CHECK(verify_parse_hex(
		  "zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f"
		  "20015ad",
		  d) == -EINVAL,
	      "not hex");

	for (i = 0; i < sizeof(finds) / sizeof(finds[0]); i++) {
		hex[0] = msg[0] = '\0';
		rc = verify_manifest_find("SUMS", finds[i].text,
					  strlen(finds[i].text), finds[i].name,
					  hex, msg, sizeof(msg));
		CHECK(rc == finds[i].rc, "case %zu: rc %d", i, rc);
		CHECK(strcmp(rc == 0 ? hex : msg, finds[i].want) == 0,
		      "case %zu: got \"%s\"", i, rc == 0 ? hex : msg);
	}

	CHECK(verify_data("k", "abc", 3, ABC, msg, sizeof(msg)) == 0, "match");
	CHECK(verify_data("k", "abd", 3, ABC, msg, sizeof(msg)) == -EACCES,
	      "mismatch");
	CHECK_STR(
	    msg,
	    "k fails its SHA-256 check (3 bytes)\n"
	    "  expected " ABC "\n"
	    "  got      "
	    "a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449"
	    "c9",
	    "mismatch message");
	CHECK(verify_data("k", "", 0, EMPTY, msg, sizeof(msg)) == 0, "empty");
	CHECK(verify_data("k", "", 0, "nothex", msg, sizeof(msg)) == -EINVAL,
	      "bad pin");
	/* A kernel's header says how long it is. */
	{
		static uint8_t k[8192];

		memset(k, 0, sizeof(k));
		CHECK(verify_kernel_whole("z", k, sizeof(k), msg,
					  sizeof(msg)) == -ENOEXEC,
		      "no header");
		CHECK_STR(msg,
			  "z is not a Linux kernel (no bzImage header in its "
			  "8192 bytes)",
			  "no header");
		memcpy(k + 0x202, "HdrS", 4);
		k[0x206] = 0x0f; /* protocol 2.15 */
		k[0x207] = 0x02;
		k[0x1f1] = 3;	 /* (3 + 1) * 512 = 2048 setup bytes */
		k[0x1f4] = 0x80; /* 0x180 * 16 = 6144 payload bytes */
		k[0x1f5] = 0x01;
		CHECK(verify_kernel_whole("k", k, 8192, msg, sizeof(msg)) == 0,
		      "exact");
		CHECK(verify_kernel_whole("k", k, 8192 - 15, msg,
					  sizeof(msg)) == 0,
		      "payload rounded up to 16 bytes");
		CHECK(verify_kernel_whole("k", k, 8192 - 16, msg,
					  sizeof(msg)) == -EIO,
		      "cut short");
		CHECK_STR(msg,
			  "k is cut short: its header says 8192 bytes, "
			  "8176 arrived",
			  "cut short");
		k[0x1f6] = 1; /* a 32-bit syssize from protocol 2.04 on */
		CHECK(verify_kernel_whole("k", k, 8192, msg, sizeof(msg)) ==
			  -EIO,
		      "32-bit syssize");
		k[0x206] = 0x03; /* 2.03: syssize has 16 bits */
		CHECK(verify_kernel_whole("k", k, 8192, msg, sizeof(msg)) == 0,
		      "16-bit syssize");
		k[0x1f1] = 0; /* 0 setup sectors means 4 */
		k[0x1f6] = 0;
		CHECK(verify_kernel_whole("k", k, 512 * 5 + 0x180 * 16, msg,
					  sizeof(msg)) == 0,
		      "setup_sects 0");
		CHECK(verify_kernel_whole("k", k, 0x207, msg, sizeof(msg)) ==
			  -ENOEXEC,
		      "too short for a header");
	}
	return CHECK_DONE("verify");
}
