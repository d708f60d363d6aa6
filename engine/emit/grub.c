/*
 * GRUB script text.  GRUB's lexer takes nothing inside single quotes as
 * syntax (no escapes, no expansion); outside quotes a backslash makes the
 * next byte plain.  So any text is written as single-quoted runs with
 * \' between them: whatever the text, GRUB reads one word holding it.
 * Bytes that are not printable (line breaks, escapes, DEL) are dropped:
 * they would end the word or drive the terminal.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "base/out.h"
#include "emit/grub.h"

/** Write @s as one GRUB word (quoted). */
void grub_emit_word(struct out *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int open = 0;

	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			continue;
		if (*p == '\'') {
			out_printf(o, "%s\\'", open ? "'" : "");
			open = 0;
			continue;
		}
		if (!open)
			out_printf(o, "'");
		open = 1;
		out_printf(o, "%c", *p);
	}
	out_printf(o, open ? "'" : "''");
}

/** A line of text on GRUB's console: echo, its options ended by --. */
void grub_emit_echo(struct out *o, const char *text)
{
	out_printf(o, "echo -- ");
	grub_emit_word(o, text);
	out_printf(o, "\n");
}

/**
 * Does GRUB hand @s to the kernel as it is?  GRUB joins `linux`'s
 * arguments with spaces, puts an argument holding a space in double
 * quotes and a backslash before \, ' and " (grub_create_loader_cmdline):
 * a word without those, and printable, reaches the kernel unchanged.
 */
int grub_safe_word(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!*p)
		return 0;
	for (; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("\\'\"", *p))
			return 0;
	return 1;
}

/**
 * A stage2 location as GRUB names a file: http://HOST[:PORT]/PATH is
 * (http,HOST[:PORT])/PATH, tftp://HOST/PATH is (tftp,HOST)/PATH.  The
 * host and path must be safe words (they are written quoted, but GRUB
 * sends the path as it is in its request line).
 *
 * @ret rc	0; -EINVAL for another scheme or an unsafe location;
 *		-E2BIG when it does not fit
 */
int grub_location(const char *url, char *buf, size_t size)
{
	static const char *const schemes[] = {"http", "tftp"};
	const char *host, *path, *bad;
	size_t i, n;
	int len;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		n = strlen(schemes[i]);
		if (!strncmp(url, schemes[i], n) && !strncmp(url + n, "://", 3))
			break;
	}
	if (i == sizeof(schemes) / sizeof(schemes[0]) || !grub_safe_word(url))
		return -EINVAL;
	host = url + strlen(schemes[i]) + 3;
	path = strchr(host, '/');
	bad = strpbrk(host, ",()");
	if (!path || path == host || (bad && bad < path))
		return -EINVAL;
	len = snprintf(buf, size, "(%s,%.*s)%s", schemes[i], (int)(path - host),
		       host, path);
	return len < 0 || (size_t)len >= size ? -E2BIG : 0;
}
