/* Unit tests: line input from a raw console (engine/lineedit.c). */
#include <errno.h>
#include "check.h"
#include "lineedit.h"

struct feed {
	const char *p;
	size_t n;
	char echo[8192];
	size_t elen;
};

static int feed_getc(void *ctx)
{
	struct feed *f = ctx;

	if (f->n == 0)
		return -1;
	f->n--;
	return (unsigned char)*f->p++;
}

static void feed_puts(void *ctx, const char *s)
{
	struct feed *f = ctx;
	size_t n = strlen(s);

	if (f->elen + n < sizeof(f->echo)) {
		memcpy(f->echo + f->elen, s, n);
		f->elen += n;
	}
}

static const struct {
	const char *in;
	size_t len;
	int rc;
	const char *line;
} cases[] = {
#define C(s, rc, line)                                                         \
	{                                                                      \
		s, sizeof(s) - 1, rc, line                                     \
	}
    C("abc\r", 0, "abc"),
    C("abc\n", 0, "abc"),
    C("\r", 0, ""),
    C("ab\bc\r", 0, "ac"),
    C("ab\x7f\x7f\x7fz\r", 0, "z"),
    C("abc\x15xy\r", 0, "xy"),
    C("a\x1b[Ab\r", 0, "ab"),
    C("a\x1b[1;5Db\r", 0, "ab"),
    C("a\x1bOPb\r", 0, "ab"),
    C("a\x03\x01\x07\tb\r", 0, "ab"),
    C("a\x80\xff\xc3\xa9"
      "b\r",
      0, "ab"),
    C("abc", -EPIPE, ""),
    C("0123456789abcdef\r", -E2BIG, ""),
    C("0123456789abcde\r", 0, "0123456789abcde"),
    /* Ctrl-U after an overlong line starts afresh: nothing of the cut
     * paste is kept (Enter accepted its first 15 bytes). */
    C("0123456789abcdefgh\x15\r", 0, ""),
    C("0123456789abcdefgh\x15xy\r", 0, "xy"),
#undef C
};

int main(void)
{
	struct feed f;
	struct console con = {&f, feed_getc, feed_puts, 0};
	char buf[16];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&f, 0, sizeof(f));
		con.after_cr = 0;
		f.p = cases[i].in;
		f.n = cases[i].len;
		rc = lineedit_read(&con, buf, sizeof(buf));
		CHECK(rc == cases[i].rc, "case %zu: rc %d", i, rc);
		CHECK_STR(buf, cases[i].line, "line");
	}

	/* CR LF is one line end; the next line reads normally. */
	memset(&f, 0, sizeof(f));
	con.after_cr = 0;
	f.p = "a\r\nb\r";
	f.n = 5;
	CHECK(lineedit_read(&con, buf, sizeof(buf)) == 0 && !strcmp(buf, "a"),
	      "%s", buf);
	CHECK(lineedit_read(&con, buf, sizeof(buf)) == 0 && !strcmp(buf, "b"),
	      "%s", buf);

	/* Nothing but printable text is echoed. */
	memset(&f, 0, sizeof(f));
	f.p = "a\x1b[2Jb\x07\r";
	f.n = 9;
	lineedit_read(&con, buf, sizeof(buf));
	CHECK(f.elen == 3 && memcmp(f.echo, "ab\n", 3) == 0, "echo %.*s",
	      (int)f.elen, f.echo);
	return CHECK_DONE("test_lineedit");
}
