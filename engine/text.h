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

#endif
