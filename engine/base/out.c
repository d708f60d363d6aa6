/* Text output into a fixed buffer. */
#include <stdarg.h>
#include <stdio.h>
#include "base/out.h"

/**
 * Append formatted text; once something does not fit, nothing more is
 * written and o->overflow stays set, so a caller checks once at the end.
 */
void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->size - o->len) {
		o->overflow = 1;
		return;
	}
	o->len += (size_t)n;
}
