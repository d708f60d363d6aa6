/* Unit tests: the dialog (engine/dialog/run.c) on small menus: presets, auto
 * mode, reject, runtime faults, command-line limits. */
#include <stdlib.h>
#include "check.h"
#include "dialog/args.h"
#include "dialog/run.h"

struct io {
	const char *in;
	char out[16384];
	size_t olen;
};

static int io_getc(void *ctx)
{
	struct io *io = ctx;

	return *io->in ? (unsigned char)*io->in++ : -1;
}

/* Timed: '\x01' in the input, or its end, is a wait that runs out (the
 * typist stops there). */
static int io_getc_timed(void *ctx, unsigned long ms)
{
	struct io *io = ctx;

	(void)ms;
	if (!*io->in || *io->in == '\x01') {
		io->in += *io->in != '\0';
		return LINEEDIT_TIMEOUT;
	}
	return (unsigned char)*io->in++;
}

static void io_puts(void *ctx, const char *s)
{
	struct io *io = ctx;
	size_t n = strlen(s);

	if (io->olen + n < sizeof(io->out)) {
		memcpy(io->out + io->olen, s, n + 1);
		io->olen += n;
	}
}

/* Run @menu with @input, presets "a=b" (NULL-terminated) and @auto. */
static enum run_action play(const char *menu, const char *input,
			    const char *const presets[2], int auto_mode,
			    struct io *io, struct run_result *res)
{
	static struct run r;
	struct console con = {io, io_getc, io_puts, 0, io_getc_timed};
	char err[MENU_ERROR_MAX];
	struct menu *m;

	memset(io, 0, sizeof(*io));
	io->in = input;
	if (menu_parse("r.menu", menu, strlen(menu), &m, err, sizeof(err))) {
		fprintf(stderr, "parse: %s\n", err);
		exit(1);
	}
	run_init(&r, m, &con);
	r.auto_mode = auto_mode;
	if (presets && presets[0])
		CHECK(run_preset_word(&r, presets[0], err, sizeof(err)) == 0,
		      "preset %s: %s", presets[0], err);
	run_dialog(&r, res);
	menu_free(m);
	return res->action;
}

static const char menu_basic[] = "var t choice a b\n"
				 "var w word = dflt\n"
				 "var k args\n"
				 "menu t \"Pick: \"\n"
				 "  item 1 a\n"
				 "  item 2 b\n"
				 "  key x set w changed\n"
				 "end\n"
				 "set w also\n"
				 "ask k \"Args: \"\n"
				 "cmdline t=${t} w=${w} ${k} --\n"
				 "kernel k\n"
				 "boot\n";

/* NAME=VALUE split once, for every front end (run_preset_word). */
static void check_preset_words(void)
{
	static struct run r;
	struct menu *m;
	char err[MENU_ERROR_MAX], longname[80];
	const char *menu = "var a word = x\nkernel k\nboot\n";

	if (menu_parse("p.menu", menu, strlen(menu), &m, err, sizeof(err)))
		exit(1);
	run_init(&r, m, NULL);
	CHECK(run_preset_word(&r, "a=y", err, sizeof(err)) == 0, "%s", err);
	CHECK_STR(r.values[menu_var_find(m, "a")], "y", "a=y");
	CHECK(run_preset_word(&r, "a", err, sizeof(err)) == -EINVAL, "%s",
	      "no '='");
	CHECK(run_preset_word(&r, "b=1", err, sizeof(err)) == -ENOENT, "%s",
	      "unknown name");
	CHECK(run_preset_word(&r, "a=x y", err, sizeof(err)) == -EINVAL, "%s",
	      "bad value");
	memset(longname, 'a', sizeof(longname) - 3);
	strcpy(longname + sizeof(longname) - 3, "=1");
	CHECK(run_preset_word(&r, longname, err, sizeof(err)) == -ENOENT, "%s",
	      "a name longer than any variable's");
	menu_free(m);
}

/* The reject menu: an ask block that rejects one answer. */
#define MENU_REJECT                                                            \
	"var h hostname\n"                                                     \
	"ask h \"Host: \" do\n"                                                \
	"  if h = bad\n"                                                       \
	"    reject \"no ${h}\"\n"                                             \
	"  end\n"                                                              \
	"end\n"                                                                \
	"cmdline h=${h}\n"                                                     \
	"kernel k\n"                                                           \
	"boot\n"

/* Dialogs: a menu, typed lines, presets and auto mode, and what must
 * come of them.  A failed case names its line in this table. */
static const struct dialog {
	int line;
	const char *menu;
	const char *input;
	const char *presets[2];
	int auto_mode;
	enum run_action action;
	const char
	    *want;	 /**< the command line (boot), or the message's start */
	const char *out; /**< the console must show this, or NULL */
	const char *not_out; /**< and must not show this, or NULL */
} dialogs[] = {
#define D(...)                                                                 \
	{                                                                      \
		__LINE__, __VA_ARGS__                                          \
	}
    /* Plain run: the key block and set change w. */
    D(menu_basic, "x\n1\nq  r\n", {NULL}, 0, RUN_BOOT, "t=a w=also q r --",
      NULL, NULL),
    /* A preset never changes, and its menu is not shown. */
    D(menu_basic, "\n", {"t=b"}, 0, RUN_BOOT, "t=b w=also --", NULL, "Pick: "),
    D(menu_basic, "x\n2\n\n", {"w=fixed"}, 0, RUN_BOOT, "t=b w=fixed --", NULL,
      NULL),
    /* Auto: the menu has no default, so it stops, naming the preset. */
    D(menu_basic, "", {NULL}, 1, RUN_STOP,
      "no choice for \"t\" in auto mode: preset t=VALUE", NULL, NULL),
    /* Auto with the menu preset: empty kernel arguments are an answer. */
    D(menu_basic, "", {"t=b"}, 1, RUN_BOOT, "t=b w=also --", NULL, NULL),
    /* End of input is reported, not looped on. */
    D(menu_basic, "", {NULL}, 0, RUN_EOF, "end of input", NULL, NULL),
    /* Invalid answers are refused with the type's rule. */
    D(menu_basic, "9\n1\na;b\n${k}\nok\n", {NULL}, 0, RUN_BOOT,
      "t=a w=also ok --", "Choose one of the above.", NULL),
    D(menu_basic, "9\n1\na;b\n${k}\nok\n", {NULL}, 0, RUN_BOOT,
      "t=a w=also ok --", "Not a valid args", NULL),
    /* reject asks again; for a preset it stops. */
    D(MENU_REJECT, "bad\ngood\n", {NULL}, 0, RUN_BOOT, "h=good", "no bad",
      NULL),
    D(MENU_REJECT, "", {"h=bad"}, 0, RUN_STOP, "the preset value was rejected",
      NULL, NULL),
    /* Runtime faults name file:line. */
    D("var h hostname\nvar w word = a\nset h ${w}_x\nboot\n", "", {NULL}, 0,
      RUN_STOP, "r.menu:3: invalid value for set", NULL, NULL),
    D("var w word = a\nboot\n", "", {NULL}, 0, RUN_STOP,
      "r.menu:2: boot without a kernel", NULL, NULL),
    D("var w word = a\nprint x\n", "", {NULL}, 0, RUN_STOP,
      "the menu ended without boot or exit", NULL, NULL),
    /* exit, toggle, strip */
    D("exit local\n", "", {NULL}, 0, RUN_EXIT_LOCAL, "", NULL, NULL),
    D("exit prompt\n", "", {NULL}, 0, RUN_EXIT_PROMPT, "", NULL, NULL),
    D("var y yesno = no\ntoggle y\ncmdline y=${y}\nkernel k\nboot\n", "",
      {NULL}, 0, RUN_BOOT, "y=yes", NULL, NULL),
    D("var y yesno = no\ntoggle y\ncmdline y=${y}\nkernel k\nboot\n", "",
      {"y=no"}, 0, RUN_BOOT, "y=no", "y is preset to no.", NULL),
    D("var h hostname = a.MIT.edu\nstrip h mit.edu\ncmdline h=${h}\n"
      "kernel k\nboot\n",
      "", {NULL}, 0, RUN_BOOT, "h=a", NULL, NULL),
    /* A pause waits for a line, except in auto mode. */
    D("print a\npause \"Enter: \"\nkernel k\nboot\n", "", {NULL}, 0, RUN_EOF,
      "end of input", "Enter: ", NULL),
    D("print a\npause \"Enter: \"\nkernel k\nboot\n", "", {NULL}, 1, RUN_BOOT,
      "", "Enter: ", NULL),
    /* A bad default names its line and why. */
    D("var a word = x\nvar b ipv4 = ${a}\nkernel k\nboot\n", "", {NULL}, 0,
      RUN_STOP,
      "r.menu:2: the default of b (\"x\") is not valid: an IPv4 address", NULL,
      NULL),
#undef D
};

static void check_dialogs(void)
{
	static struct io io;
	static struct run_result res;
	const struct dialog *d;
	enum run_action got;
	size_t i;

	for (i = 0; i < sizeof(dialogs) / sizeof(dialogs[0]); i++) {
		d = &dialogs[i];
		got = play(d->menu, d->input, d->presets, d->auto_mode, &io,
			   &res);
		CHECK(got == d->action && got == res.action,
		      "line %d: action %d, want %d (%s)", d->line, got,
		      d->action, res.message);
		if (got == RUN_BOOT)
			CHECK(strcmp(res.cmdline, d->want) == 0,
			      "line %d: command line \"%s\"", d->line,
			      res.cmdline);
		else
			CHECK(strncmp(res.message, d->want, strlen(d->want)) ==
				  0,
			      "line %d: message \"%s\"", d->line, res.message);
		CHECK(!d->out || strstr(io.out, d->out),
		      "line %d: no \"%s\" in %s", d->line, d->out, io.out);
		CHECK(!d->not_out || !strstr(io.out, d->not_out),
		      "line %d: \"%s\" shown", d->line, d->not_out);
	}
}

/* The module's arguments, classified once (args_kind). */
static const struct {
	const char *word;
	enum args_kind kind;
} arg_words[] = {
    {"auto", ARGS_AUTO},	 {"menu=x.menu", ARGS_MENU},
    {"menu=", ARGS_MENU},	 {"type=cluster", ARGS_PRESET},
    {"automatic", ARGS_UNKNOWN}, {"menux=1", ARGS_PRESET},
    {"", ARGS_UNKNOWN},		 {"=x", ARGS_PRESET},
    {"Auto", ARGS_UNKNOWN},
};

static void check_arg_words(void)
{
	size_t i;

	for (i = 0; i < sizeof(arg_words) / sizeof(arg_words[0]); i++)
		CHECK(args_kind(arg_words[i].word) == arg_words[i].kind,
		      "\"%s\"", arg_words[i].word);
}

/* A bad preset is refused with the type's reason. */
static void check_presets(void)
{
	static struct io io;
	static struct run r;
	struct console con = {&io, io_getc, io_puts, 0};
	char err[MENU_ERROR_MAX];
	struct menu *m;

	menu_parse("r.menu", "var h hostname\nboot\n", 20, &m, err,
		   sizeof(err));
	run_init(&r, m, &con);
	CHECK(run_preset(&r, "h", "bad;name", err, sizeof(err)) == -EINVAL,
	      "%s", "h=bad;name");
	CHECK(strstr(err, "not a valid hostname") != NULL, "%s", err);
	CHECK(run_preset(&r, "nosuch", "x", err, sizeof(err)) == -ENOENT, "%s",
	      err);
	CHECK(run_preset(&r, "cpu_arch", "x", err, sizeof(err)) == -ENOENT,
	      "%s", "builtin preset");
	menu_free(m);
}

/* Time limits: a menu's timeout takes its key; the idle limit (the
 * seconds variable idle) ends in the local disk, mid-line too. */
static void check_time_limits(void)
{
	static const char menu[] = "var t choice a b\n"
				   "var idle seconds\n"
				   "var k args\n"
				   "menu t \"Pick: \"\n"
				   "  item 1 a\n"
				   "  item 2 b\n"
				   "  key l exit local\n"
				   "  timeout 30 l\n"
				   "end\n"
				   "ask k \"Args: \"\n"
				   "cmdline t=${t} ${k}\n"
				   "kernel k\n"
				   "boot\n";
	static const char *const idle3[] = {"idle=3", NULL};
	static struct io io;
	static struct run_result res;
	static char item[sizeof(menu)];
	char *at;

	CHECK(play(menu, "", NULL, 0, &io, &res) == RUN_EXIT_LOCAL, "%d",
	      res.action);
	CHECK(strstr(io.out, "(No key in 30 s chooses l.)\nPick: l\n") != NULL,
	      "%s", io.out);
	CHECK(strstr(io.out, "No key for") == NULL, "idle off: %s", io.out);
	/* A key cancels the timeout; no idle limit: the line is read. */
	CHECK(play(menu, "2\rx=1\r", NULL, 0, &io, &res) == RUN_BOOT, "%d",
	      res.action);
	CHECK(strstr(res.cmdline, "t=b x=1") != NULL, "%s", res.cmdline);
	/* A timeout that names an item sets it. */
	strcpy(item, menu);
	at = strstr(item, "timeout 30 l");
	memcpy(at, "timeout 30 2", 12);
	CHECK(play(item, "\x01\r", NULL, 0, &io, &res) == RUN_BOOT, "%d",
	      res.action);
	CHECK(strstr(res.cmdline, "t=b") != NULL, "%s", res.cmdline);
	/* The idle limit: announced, then fired in the middle of a line. */
	CHECK(play(menu, "1\rab", idle3, 0, &io, &res) == RUN_EXIT_LOCAL, "%d",
	      res.action);
	CHECK_STR(res.message, "no key for 3 s", "idle message");
	CHECK(strstr(io.out, "(No key for 3 s at a question boots the local "
			     "disk.)\n") == io.out,
	      "%s", io.out);
	CHECK(strstr(io.out, "Args: ab\nno key for 3 s: booting from the "
			     "local disk.\n") != NULL,
	      "%s", io.out);
	/* The shorter limit fires first: idle 3 s against the menu's 30. */
	CHECK(play(menu, "", idle3, 0, &io, &res) == RUN_EXIT_LOCAL &&
		  strcmp(res.message, "no key for 3 s") == 0,
	      "%s", res.message);
	/* idle=0 is off; auto mode waits for no key. */
	CHECK(play(menu, "", (const char *const[]){"idle=0", NULL}, 0, &io,
		   &res) == RUN_EXIT_LOCAL &&
		  !res.message[0],
	      "%s", res.message);
	CHECK(play(menu, "", idle3, 1, &io, &res) == RUN_STOP, "%d",
	      res.action);
	/* idle or syslog of another type: the parser refuses the menu. */
	{
		static const char *const bad[] = {
		    "var idle word = 5\nkernel k\nboot\n",
		    "var syslog word = a\nkernel k\nboot\n"};
		static const char *const want[] = {
		    "r.menu:1: the engine reads this variable as \"idle "
		    "seconds\"",
		    "r.menu:1: the engine reads this variable as \"syslog "
		    "ipv4list\""};
		struct menu *m;
		char err[MENU_ERROR_MAX];
		size_t i;

		for (i = 0; i < 2; i++) {
			CHECK(menu_parse("r.menu", bad[i], strlen(bad[i]), &m,
					 err, sizeof(err)) == -EINVAL,
			      "%s", bad[i]);
			CHECK_STR(err, want[i], "known variable's type");
		}
	}
	/* A default made of unset variables leaves its variable unset. */
	CHECK(play("var a ipv4\nvar b ipv4list = ${a}\nif b is unset\n"
		   "cmdline unset\nend\nkernel k\nboot\n",
		   "", NULL, 0, &io, &res) == RUN_BOOT &&
		  strstr(res.cmdline, "unset") != NULL,
	      "%s %s", res.message, res.cmdline);
}

/* What the parser refuses: bad timeouts, and cmdline templates that a
 * boot path would read otherwise (doc/menu-language.md). */
static void check_parse_refusals(void)
{
	static const struct {
		const char *menu;
		const char *error;
	} bad[] = {
	    {"var t choice a b\nmenu t \"P\"\nitem 1 a\ntimeout 0 1\nend\n",
	     "r.menu:4: timeout takes 1 to 86400 seconds, not \"0\""},
	    {"var t choice a b\nmenu t \"P\"\nitem 1 a\ntimeout 9x 1\nend\n",
	     "r.menu:4: timeout takes"},
	    {"var t choice a b\nmenu t \"P\"\nitem 1 a\ntimeout 5 z\nend\n",
	     "r.menu:4: the timeout's key is not in this menu \"z\""},
	    {"var t choice a b\nmenu t \"P\"\nitem 1 a\ntimeout 5 1\n"
	     "timeout 6 1\nend\n",
	     "r.menu:5: a second timeout in this menu"},
	    {"cmdline a \";\" b\n", "r.menu:1: iPXE would read a word"},
	    {"cmdline \"x #y\"\n", "r.menu:1: iPXE would read a word"},
	    {"cmdline \":x\"\n", "r.menu:1: iPXE would read a word"},
	    {"cmdline \"a=\\\"b\"\n", "r.menu:1: an unpaired '\"'"},
	    {"cmdline \"a\tb\"\n", "r.menu:1: a control or non-ASCII"},
	};
	static const char ok[] = "cmdline \"ds=nocloud;s=http://x/\" a&&b "
				 "\"n=\\\"1 2\\\"\"\nkernel k\nboot\n";
	char err[MENU_ERROR_MAX];
	struct menu *m;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		CHECK(menu_parse("r.menu", bad[i].menu, strlen(bad[i].menu), &m,
				 err, sizeof(err)) != 0 &&
			  strncmp(err, bad[i].error, strlen(bad[i].error)) == 0,
		      "refusal %zu: %s", i, err);
	}
	CHECK(menu_parse("r.menu", ok, strlen(ok), &m, err, sizeof(err)) == 0,
	      "%s", err);
	menu_free(m);
}

/* Command-line length: a warning past 512, refused past 2047. */
static void check_cmdline_limits(void)
{
	static struct io io;
	static struct run_result res;
	static char m[8192], big[200];
	size_t n = 0;
	int i;

	memset(big, 'x', 199);
	big[199] = '\0';
	n += (size_t)sprintf(m + n, "var w word = a\nkernel k\n");
	for (i = 0; i < 3; i++)
		n += (size_t)sprintf(m + n, "cmdline \"%s\"\n", big);
	n += (size_t)sprintf(m + n, "boot\n");
	CHECK(play(m, "", NULL, 0, &io, &res) == RUN_BOOT, "%s", res.message);
	CHECK(strstr(io.out, "Warning: the kernel command line is 612 "
			     "bytes") != NULL,
	      "%s", io.out);
	n = (size_t)sprintf(m, "var w word = a\nkernel k\n");
	for (i = 0; i < 11; i++)
		n += (size_t)sprintf(m + n, "cmdline \"%s\"\n", big);
	sprintf(m + n, "boot\n");
	CHECK(play(m, "", NULL, 0, &io, &res) == RUN_STOP, "%s",
	      "2199-byte command line booted");
	CHECK(strstr(res.message, "at most 2047") != NULL, "%s", res.message);
}

int main(void)
{
	check_dialogs();
	check_arg_words();
	check_presets();
	check_cmdline_limits();
	check_preset_words();
	check_time_limits();
	check_parse_refusals();
	return CHECK_DONE("test_run");
}
