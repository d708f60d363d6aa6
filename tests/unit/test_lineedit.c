/* Unit tests: line input from a raw console (engine/dialog/lineedit.c). */
#include <errno.h>
#include "check.h"
#include "dialog/lineedit.h"

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

/*
 * A typist on a virtual clock: each key comes a number of milliseconds
 * after the one before (or after the read began); a timed wait that ends
 * first moves the clock by its length.
 */
struct typist {
	const char *keys;
	const unsigned long *gaps; /* before each key, ms */
	size_t n, i;
	unsigned long clock, waited; /* now; of the next key's gap */
};

static int typist_getc_timed(void *ctx, unsigned long ms)
{
	struct typist *t = ctx;
	unsigned long left;

	if (t->i == t->n) {
		t->clock += ms;
		return LINEEDIT_TIMEOUT;
	}
	left = t->gaps[t->i] - t->waited;
	if (left > ms) {
		t->clock += ms;
		t->waited += ms;
		return LINEEDIT_TIMEOUT;
	}
	t->clock += left;
	t->waited = 0;
	return (unsigned char)t->keys[t->i++];
}

static int typist_getc(void *ctx)
{
	struct typist *t = ctx;

	return t->i < t->n ? typist_getc_timed(ctx, (unsigned long)-1) : -1;
}

static void typist_puts(void *ctx, const char *s)
{
	(void)ctx;
	(void)s;
}

/* Time limits: the first key has the shorter of the two, every later key
 * the idle limit, counted from the key before. */
static void test_limits(void)
{
	static const struct {
		const char *keys;
		unsigned long gaps[8];
		struct lineedit_limits lim;
		int rc, keys_read;
		unsigned long clock;
		const char *line;
	} cases[] = {
	    /* nobody types: the menu's timeout, or the idle limit */
	    {"", {0}, {2000, 0}, -ETIMEDOUT, 0, 2000, ""},
	    {"", {0}, {0, 3000}, -ETIMEDOUT, 0, 3000, ""},
	    {"", {0}, {3000, 1000}, -ETIMEDOUT, 0, 1000, ""},
	    /* the first key after the menu's timeout */
	    {"1\r", {2500, 10}, {2000, 5000}, -ETIMEDOUT, 0, 2000, ""},
	    /* a stray key, then silence: the idle limit from that key */
	    {"2", {1000}, {2000, 5000}, -ETIMEDOUT, 1, 6000, ""},
	    /* in the middle of a line */
	    {"ab", {100, 100}, {0, 4000}, -ETIMEDOUT, 2, 4200, ""},
	    /* slow keys, each within the limit: the line is read */
	    {"abc\r", {2900, 2900, 2900, 2900}, {0, 3000}, 0, 4, 11600, "abc"},
	    /* after the first key the menu's timeout no longer counts */
	    {"ab\r", {1000, 4000, 4000}, {2000, 5000}, 0, 3, 9000, "ab"},
	    /* no limits: waits as long as it takes */
	    {"x\r", {99000, 99000}, {0, 0}, 0, 2, 198000, "x"},
	};
	struct typist t;
	struct console con = {&t, typist_getc, typist_puts, 0,
			      typist_getc_timed};
	char buf[16];
	size_t i;
	int rc, keys;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&t, 0, sizeof(t));
		t.keys = cases[i].keys;
		t.gaps = cases[i].gaps;
		t.n = strlen(cases[i].keys);
		con.after_cr = 0;
		rc = lineedit_read_timed(&con, buf, sizeof(buf), &cases[i].lim,
					 &keys);
		CHECK(rc == cases[i].rc, "limits case %zu: rc %d", i, rc);
		CHECK(keys == cases[i].keys_read, "limits case %zu: %d keys", i,
		      keys);
		CHECK(t.clock == cases[i].clock, "limits case %zu: at %lu ms",
		      i, t.clock);
		CHECK_STR(buf, cases[i].line, "limits");
	}
	/* A console that cannot time a wait reads without limits. */
	memset(&t, 0, sizeof(t));
	t.keys = "ok\r";
	t.gaps = cases[8].gaps;
	t.n = 3;
	con.getc_timed = NULL;
	rc = lineedit_read_timed(&con, buf, sizeof(buf), &cases[0].lim, &keys);
	CHECK(rc == 0 && keys == 3, "untimed console: rc %d", rc);
	CHECK_STR(buf, "ok", "untimed console");
}

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
	test_limits();
	return CHECK_DONE("test_lineedit");
}
