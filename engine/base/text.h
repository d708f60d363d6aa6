/* Small text helpers shared by the parsers. */
#ifndef ENGINE_TEXT_H
#define ENGINE_TEXT_H

#include <stddef.h>

/**
 * Find a byte in [p, end).  Used instead of memchr(), which is broken in
 * the com32 library of syslinux 6.04 (it never advances).
 *
 * @ret pos	the byte's position, or NULL
 */
static inline const char *text_find(const char *p, const char *end, char c)
{
	for (; p < end; p++)
		if (*p == c)
			return p;
	return NULL;
}

/** Are two strings equal, ignoring the case of ASCII letters? */
static inline int text_equal_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char ca = (*a >= 'A' && *a <= 'Z') ? *a + 32 : *a;
		char cb = (*b >= 'A' && *b <= 'Z') ? *b + 32 : *b;

		if (ca != cb)
			return 0;
	}
	return *a == *b;
}

/** Bytes as lower-case hex digits, NUL-terminated (2n + 1 bytes). */
static inline void text_hex(const unsigned char *bytes, size_t n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[bytes[i] >> 4];
		hex[2 * i + 1] = digits[bytes[i] & 15];
	}
	hex[2 * n] = '\0';
}

#endif
