/* Reading one answer from a raw console. */
#ifndef ENGINE_LINEEDIT_H
#define ENGINE_LINEEDIT_H

#include <stddef.h>

struct console {
	void *ctx;
	/** Next input byte, blocking; -1 at end of input. */
	int (*getc)(void *ctx);
	/** Write text (may contain newlines). */
	void (*puts)(void *ctx, const char *s);
	/** Set after a CR, so that a following LF is not an empty line. */
	int after_cr;
};

int lineedit_read(struct console *con, char *buf, size_t size);

#endif
