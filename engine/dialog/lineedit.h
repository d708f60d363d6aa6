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
	/** Next input byte within @ms milliseconds, else LINEEDIT_TIMEOUT;
	 * -1 at end of input.  NULL: the console cannot time a wait. */
	int (*getc_timed)(void *ctx, unsigned long ms);
};

/** What getc_timed returns when no key came in time. */
#define LINEEDIT_TIMEOUT (-2)

/** Time limits of one read, in milliseconds (0: none). */
struct lineedit_limits {
	unsigned long first; /**< for the first key */
	unsigned long idle;  /**< between any two keys, and for the first */
};

int lineedit_read(struct console *con, char *buf, size_t size);
int lineedit_read_timed(struct console *con, char *buf, size_t size,
			const struct lineedit_limits *lim, int *keys);

#endif
