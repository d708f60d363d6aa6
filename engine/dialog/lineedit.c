/*
 * Line input from a raw console.
 *
 * Printable ASCII is echoed and kept; Backspace and Delete erase; Ctrl-U
 * erases the line; escape sequences (cursor keys, function keys) and every
 * other control or non-ASCII byte are dropped.  A line longer than the
 * buffer is read to its end and then refused as a whole, so a long paste
 * can never become a truncated answer.
 */
#include <errno.h>
#include "dialog/lineedit.h"

enum esc_state { ESC_NONE, ESC_START, ESC_CSI, ESC_SS3 };

/** Read one line, with no time limit (lineedit_read_timed). */
int lineedit_read(struct console *con, char *buf, size_t size)
{
	int keys;

	return lineedit_read_timed(con, buf, size, NULL, &keys);
}

/* The next byte within the limits: the first key has the shorter of the
 * two, every later one the idle limit. */
static int next_key(struct console *con, const struct lineedit_limits *lim,
		    int keys)
{
	unsigned long ms = 0;

	if (lim && con->getc_timed) {
		ms = lim->idle;
		if (!keys && lim->first && (!ms || lim->first < ms))
			ms = lim->first;
	}
	return ms ? con->getc_timed(con->ctx, ms) : con->getc(con->ctx);
}

/**
 * Read one line.
 *
 * @v con	console
 * @v buf	the line, NUL-terminated, without its end
 * @v size	buffer size
 * @v lim	time limits, or NULL
 * @v keys	set to the number of bytes read (0: the first wait ran out)
 * @ret rc	0; -E2BIG when the line did not fit (buf is then empty);
 *		-EPIPE at end of input; -ETIMEDOUT when a limit ran out
 *		(buf is then empty)
 */
int lineedit_read_timed(struct console *con, char *buf, size_t size,
			const struct lineedit_limits *lim, int *keys)
{
	enum esc_state esc = ESC_NONE;
	size_t len = 0;
	int c, overflow = 0;
	char echo[2] = {0, 0};

	*keys = 0;
	for (;;) {
		c = next_key(con, lim, *keys);
		if (c < 0) {
			buf[0] = '\0';
			return c == LINEEDIT_TIMEOUT ? -ETIMEDOUT : -EPIPE;
		}
		++*keys;
		c &= 0xff;
		if (con->after_cr) {
			con->after_cr = 0;
			if (c == '\n')
				continue;
		}
		/* Swallow escape sequences: ESC [ params final, ESC O x. */
		if (esc == ESC_START) {
			esc = (c == '[')   ? ESC_CSI
			      : (c == 'O') ? ESC_SS3
					   : ESC_NONE;
			continue;
		}
		if (esc == ESC_CSI) {
			if (c >= 0x40 && c <= 0x7e)
				esc = ESC_NONE;
			else if (c < 0x20 || c > 0x3f)
				esc = ESC_NONE; /* malformed: drop it */
			continue;
		}
		if (esc == ESC_SS3) {
			esc = ESC_NONE;
			continue;
		}
		if (c == 0x1b) {
			esc = ESC_START;
			continue;
		}
		if (c == '\r' || c == '\n') {
			con->after_cr = (c == '\r');
			con->puts(con->ctx, "\n");
			if (overflow) {
				buf[0] = '\0';
				return -E2BIG;
			}
			buf[len] = '\0';
			return 0;
		}
		if (c == 0x08 || c == 0x7f) {
			if (len > 0 && !overflow) {
				len--;
				con->puts(con->ctx, "\b \b");
			}
			continue;
		}
		if (c == 0x15) { /* Ctrl-U: erase what was echoed, start over */
			for (; len > 0; len--)
				con->puts(con->ctx, "\b \b");
			overflow = 0;
			continue;
		}
		if (c < 0x20 || c > 0x7e)
			continue;
		if (len + 1 >= size) {
			overflow = 1;
			continue;
		}
		if (!overflow) {
			buf[len++] = (char)c;
			echo[0] = (char)c;
			con->puts(con->ctx, echo);
		}
	}
}
