/* Text output into a fixed buffer, with overflow noted once. */
#ifndef ENGINE_OUT_H
#define ENGINE_OUT_H

#include <stddef.h>

struct out {
	char *buf;
	size_t size, len;
	int overflow;
};

void out_printf(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
