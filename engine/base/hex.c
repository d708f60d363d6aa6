/* Hex digits, strictly: either case, nothing else. */
#include <errno.h>
#include "base/hex.h"

/** The value of one hex digit, or -1. */
int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/**
 * Read exactly 2 * @n hex digits (either case), nothing before or after.
 *
 * @ret rc	0, or -EINVAL
 */
int hex_parse(const char *hex, uint8_t *out, size_t n)
{
	size_t i;
	int hi, lo;

	for (i = 0; i < n; i++) {
		hi = hex_digit(hex[2 * i]);
		lo = hi < 0 ? -1 : hex_digit(hex[2 * i + 1]);
		if (lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return hex[2 * n] == '\0' ? 0 : -EINVAL;
}
