/*
 * Checking stage2 files.
 *
 * A menu pins a file's digest (`kernel PATH sha256 HEX`) or names a
 * manifest in the format sha256sum writes ("HEX  NAME" or "HEX *NAME", one
 * per line), as `debathena-menu manifest DIR` prints it.  A file is booted
 * only when its digest equals the expected one; a file the menu and the
 * manifest say nothing about is refused.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "base/hex.h"
#include "trust/verify.h"

/**
 * Read a SHA-256 digest: 64 hex digits (either case), nothing before or
 * after.
 *
 * @ret rc	0, or -EINVAL
 */
int verify_parse_hex(const char *hex, uint8_t digest[SHA256_LEN])
{
	return hex_parse(hex, digest, SHA256_LEN);
}

/* A name as both sides write it: without leading "./" and "/". */
static const char *plain_name(const char *s, size_t *len)
{
	for (;;) {
		if (*len >= 2 && s[0] == '.' && s[1] == '/') {
			s += 2;
			*len -= 2;
		} else if (*len >= 1 && s[0] == '/') {
			s++;
			(*len)--;
		} else {
			return s;
		}
	}
}

/**
 * Read a manifest line by line, calling fn for each file it lists.
 *
 * @v file	the manifest's name, for messages
 * @v fn	called with the name (without "./" or "/") and its digest,
 *		lower case; a nonzero return stops the walk and is returned
 * @ret rc	0, fn's return, or -EINVAL for a line that is not
 *		"HEX  NAME" (err says where)
 */
int verify_manifest_walk(const char *file, const char *text, size_t len,
			 verify_entry_fn *fn, void *ctx, char *err,
			 size_t errsize)
{
	size_t pos = 0, nlen, end;
	uint8_t digest[SHA256_LEN];
	char digits[SHA256_HEX_LEN + 1];
	const char *n;
	int line = 0, rc;

	for (; pos < len; pos = end + 1) {
		line++;
		for (end = pos; end < len && text[end] != '\n'; end++)
			;
		nlen = end - pos;
		if (nlen > 0 && text[pos + nlen - 1] == '\r')
			nlen--;
		if (nlen == 0 || text[pos] == '#')
			continue;
		if (nlen < SHA256_HEX_LEN + 3 ||
		    text[pos + SHA256_HEX_LEN] != ' ' ||
		    (text[pos + SHA256_HEX_LEN + 1] != ' ' &&
		     text[pos + SHA256_HEX_LEN + 1] != '*')) {
			snprintf(err, errsize,
				 "%s:%d: not a line of sha256sum output "
				 "(\"HEX  NAME\")",
				 file, line);
			return -EINVAL;
		}
		memcpy(digits, text + pos, SHA256_HEX_LEN);
		digits[SHA256_HEX_LEN] = '\0';
		if (verify_parse_hex(digits, digest) != 0) {
			snprintf(err, errsize,
				 "%s:%d: the digest is not 64 hex digits", file,
				 line);
			return -EINVAL;
		}
		nlen -= SHA256_HEX_LEN + 2;
		n = plain_name(text + pos + SHA256_HEX_LEN + 2, &nlen);
		sha256_hex(digest, digits);
		rc = fn(ctx, n, nlen, digits);
		if (rc)
			return rc;
	}
	return 0;
}

/* What verify_manifest_find looks for, and what it found. */
struct manifest_want {
	const char *name;
	size_t len;
	char *hex;
	int found;
};

static int find_one(void *ctx, const char *name, size_t len, const char *hex)
{
	struct manifest_want *w = ctx;

	if (!w->found && len == w->len && memcmp(name, w->name, len) == 0) {
		strcpy(w->hex, hex);
		w->found = 1;
	}
	return 0;
}

/**
 * Find a file's digest in a manifest (the first line that names it).
 *
 * @v file	the manifest's name, for messages
 * @v name	the file, as the menu names it relative to its server
 * @v hex	the digest, lower case
 * @ret rc	0; -ENOENT when the manifest does not list the file;
 *		-EINVAL when a line is not "HEX  NAME" (err says where)
 */
int verify_manifest_find(const char *file, const char *text, size_t len,
			 const char *name, char hex[SHA256_HEX_LEN + 1],
			 char *err, size_t errsize)
{
	struct manifest_want w = {name, strlen(name), hex, 0};
	int rc;

	w.name = plain_name(name, &w.len);
	rc = verify_manifest_walk(file, text, len, find_one, &w, err, errsize);
	if (rc || w.found)
		return rc;
	snprintf(err, errsize, "%s does not list %s", file, name);
	return -ENOENT;
}

/**
 * Check loaded data against its expected digest.
 *
 * @v path	where the data came from, for the message
 * @v expect_hex the pinned digest (64 hex digits)
 * @v msg	on a mismatch: which file, expected, got
 * @ret rc	0 when the digests are equal; -EACCES on a mismatch;
 *		-EINVAL when expect_hex is not a digest
 */
int verify_data(const char *path, const void *data, size_t len,
		const char *expect_hex, char *msg, size_t msgsize)
{
	uint8_t want[SHA256_LEN], got[SHA256_LEN];
	char want_hex[SHA256_HEX_LEN + 1], got_hex[SHA256_HEX_LEN + 1];

	if (verify_parse_hex(expect_hex, want) != 0) {
		snprintf(msg, msgsize,
			 "%s: the expected digest is not 64 hex "
			 "digits",
			 path);
		return -EINVAL;
	}
	sha256(data, len, got);
	if (memcmp(want, got, SHA256_LEN) == 0)
		return 0;
	sha256_hex(want, want_hex);
	sha256_hex(got, got_hex);
	snprintf(msg, msgsize,
		 "%s fails its SHA-256 check (%lu bytes)\n"
		 "  expected %s\n"
		 "  got      %s",
		 path, (unsigned long)len, want_hex, got_hex);
	return -EACCES;
}

/**
 * Check that a kernel image is whole, by its own header (the Linux x86
 * boot protocol: "HdrS" at 0x202, the version at 0x206, setup_sects at
 * 0x1f1, syssize at 0x1f4 in 16-byte units).  This catches a file cut
 * short, which lpxelinux.0's HTTP reports as loaded, without a digest.
 *
 * @v msg	on failure, which file and why
 * @ret rc	0; -ENOEXEC when there is no bzImage header; -EIO when the
 *		file is shorter than its header says
 */
int verify_kernel_whole(const char *path, const void *data, size_t len,
			char *msg, size_t msgsize)
{
	const uint8_t *k = data;
	unsigned long want, setup, sys;
	unsigned version;

	if (len < 0x208 || memcmp(k + 0x202, "HdrS", 4) != 0) {
		snprintf(msg, msgsize,
			 "%s is not a Linux kernel (no bzImage header in its "
			 "%lu bytes)",
			 path, (unsigned long)len);
		return -ENOEXEC;
	}
	version = (unsigned)k[0x206] | (unsigned)k[0x207] << 8;
	setup = k[0x1f1] ? k[0x1f1] : 4;
	sys = (unsigned long)k[0x1f4] | (unsigned long)k[0x1f5] << 8;
	if (version >= 0x204)
		sys |= (unsigned long)k[0x1f6] << 16 | (unsigned long)k[0x1f7]
							   << 24;
	/* syssize rounds the payload up to 16 bytes */
	want = (setup + 1) * 512 + sys * 16;
	if (len + 15 < want) {
		snprintf(msg, msgsize,
			 "%s is cut short: its header says %lu bytes, %lu "
			 "arrived",
			 path, want, (unsigned long)len);
		return -EIO;
	}
	return 0;
}
