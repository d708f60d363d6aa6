/* Unit tests: the dialog (engine/run.c) on small menus: presets, auto
 * mode, reject, runtime faults, command-line limits. */
#include <stdlib.h>
#include "check.h"
#include "run.h"

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
			    const char *const *presets, int auto_mode,
			    struct io *io, struct run_result *res)
{
	static struct run r;
	struct console con = {io, io_getc, io_puts, 0};
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
	for (; presets && *presets; presets++)
		CHECK(run_preset_word(&r, *presets, err, sizeof(err)) == 0,
		      "preset %s: %s", *presets, err);
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

/* The boot method per loader (run_boot_method): the menu's method, the
 * stage2's scheme and a checked boot, on each loader. */
static const struct {
	enum boot_method method;
	const char *server; /**< "" for none */
	int verify;
	enum boot_method want[LOADER_COUNT]; /**< pxelinux, lpxelinux, efi */
	int note[LOADER_COUNT];
} methods[] = {
    {BOOT_AUTO,
     "net-install",
     0,
     {BOOT_DIRECT, BOOT_DIRECT, BOOT_DIRECT},
     {0, 0, 0}},
    {BOOT_AUTO,
     "http://a/d-i",
     0,
     {BOOT_IPXE, BOOT_DIRECT, BOOT_DIRECT},
     {0, 0, 0}},
    {BOOT_AUTO, "", 0, {BOOT_DIRECT, BOOT_DIRECT, BOOT_DIRECT}, {0, 0, 0}},
    {BOOT_IPXE,
     "net-install",
     0,
     {BOOT_IPXE, BOOT_IPXE, BOOT_DIRECT},
     {0, 0, 1}},
    {BOOT_DIRECT,
     "http://a/d-i",
     0,
     {BOOT_DIRECT, BOOT_DIRECT, BOOT_DIRECT},
     {0, 0, 0}},
    {BOOT_IPXE,
     "http://a/d-i",
     1,
     {BOOT_DIRECT, BOOT_DIRECT, BOOT_DIRECT},
     {1, 1, 1}},
    {BOOT_AUTO,
     "http://a/d-i",
     1,
     {BOOT_DIRECT, BOOT_DIRECT, BOOT_DIRECT},
     {0, 0, 0}},
};

static void check_methods(void)
{
	static struct run_result res;
	const char *note;
	size_t i;
	int l;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		memset(&res, 0, sizeof(res));
		res.method = methods[i].method;
		res.verify = methods[i].verify;
		res.nservers = methods[i].server[0] ? 1 : 0;
		strcpy(res.servers[0], methods[i].server);
		strcpy(res.kernel, "precise/amd64/linux");
		for (l = 0; l < LOADER_COUNT; l++) {
			CHECK(run_boot_method(&res, (enum loader)l, &note) ==
				  methods[i].want[l],
			      "case %zu on %s", i, loader_names[l]);
			CHECK(!note == !methods[i].note[l],
			      "case %zu on %s: note %s", i, loader_names[l],
			      note ? note : "(none)");
		}
	}
	/* A whole http:// kernel without servers is HTTP too. */
	memset(&res, 0, sizeof(res));
	res.method = BOOT_AUTO;
	strcpy(res.kernel, "http://a/linux");
	CHECK(run_boot_method(&res, LOADER_PXELINUX, &note) == BOOT_IPXE, "%s",
	      "http:// kernel");
}

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

int main(void)
{
	static struct io io;
	static struct run_result res;
	static char big[4096];
	const char *const preset_w[] = {"w=fixed", NULL};
	const char *const preset_t[] = {"t=b", NULL};
	const char *const preset_bad[] = {"h=bad;name", NULL};

	/* The boot loader's words: the files' last path parts. */
	{
		char w[64];

		CHECK(run_loader_words("a/b/linux", "a/initrd.gz", w,
				       sizeof(w)) == 33,
		      "%s", "words length");
		CHECK_STR(w, "BOOT_IMAGE=linux initrd=initrd.gz", "words");
		CHECK(run_loader_words("http://s/k", "", w, sizeof(w)) == 12,
		      "%s", "no initrd");
		CHECK_STR(w, "BOOT_IMAGE=k", "words without initrd");
		CHECK(run_loader_words("k", "i", w, 8) == -1, "%s",
		      "words too long");
	}

	/* Plain run: the key block and set change w. */
	CHECK(play(menu_basic, "x\n1\nq  r\n", NULL, 0, &io, &res) == RUN_BOOT,
	      "%s", res.message);
	CHECK_STR(res.cmdline, "BOOT_IMAGE=k t=a w=also q r --", "cmdline");

	/* A preset never changes, and its menu is not shown. */
	CHECK(play(menu_basic, "\n", preset_t, 0, &io, &res) == RUN_BOOT, "%s",
	      res.message);
	CHECK_STR(res.cmdline, "BOOT_IMAGE=k t=b w=also --", "preset t");
	CHECK(strstr(io.out, "Pick: ") == NULL, "%s", "menu shown");
	CHECK(play(menu_basic, "x\n2\n\n", preset_w, 0, &io, &res) == RUN_BOOT,
	      "%s", res.message);
	CHECK_STR(res.cmdline, "BOOT_IMAGE=k t=b w=fixed --", "preset w");

	/* Auto: the menu has no default, so it stops, naming the preset. */
	CHECK(play(menu_basic, "", NULL, 1, &io, &res) == RUN_STOP, "%s",
	      "auto without type");
	CHECK(strstr(res.message, "preset t=VALUE") != NULL, "%s", res.message);
	/* Auto with the menu preset: empty kernel arguments are an answer. */
	CHECK(play(menu_basic, "", preset_t, 1, &io, &res) == RUN_BOOT, "%s",
	      res.message);
	CHECK_STR(res.cmdline, "BOOT_IMAGE=k t=b w=also --", "auto, k empty");

	/* End of input is reported, not looped on. */
	CHECK(play(menu_basic, "", NULL, 0, &io, &res) == RUN_EOF, "%s",
	      res.message);

	/* Invalid answers are refused with the type's rule. */
	CHECK(play(menu_basic, "9\n1\na;b\n${k}\nok\n", NULL, 0, &io, &res) ==
		  RUN_BOOT,
	      "%s", res.message);
	CHECK_STR(res.cmdline, "BOOT_IMAGE=k t=a w=also ok --",
		  "after refusals");
	CHECK(strstr(io.out, "Choose one of the above.") != NULL, "%s", io.out);
	CHECK(strstr(io.out, "Not a valid args") != NULL, "%s", io.out);

	/* reject asks again; for a preset it stops. */
	{
		static const char m[] = "var h hostname\n"
					"ask h \"Host: \" do\n"
					"  if h = bad\n"
					"    reject \"no ${h}\"\n"
					"  end\n"
					"end\n"
					"cmdline h=${h}\n"
					"kernel k\n"
					"boot\n";
		const char *const p[] = {"h=bad", NULL};

		CHECK(play(m, "bad\ngood\n", NULL, 0, &io, &res) == RUN_BOOT,
		      "%s", res.message);
		CHECK_STR(res.cmdline, "BOOT_IMAGE=k h=good", "reject");
		CHECK(strstr(io.out, "no bad") != NULL, "%s", io.out);
		CHECK(play(m, "", p, 0, &io, &res) == RUN_STOP, "%s",
		      "preset rejected");
	}

	/* A bad preset is refused with the type's reason. */
	{
		static struct run r;
		struct console con = {&io, io_getc, io_puts, 0};
		char err[MENU_ERROR_MAX];
		struct menu *m;

		menu_parse("r.menu", "var h hostname\nboot\n", 20, &m, err,
			   sizeof(err));
		run_init(&r, m, &con);
		CHECK(run_preset(&r, "h", "bad;name", err, sizeof(err)) ==
			  -EINVAL,
		      "%s", preset_bad[0]);
		CHECK(strstr(err, "not a valid hostname") != NULL, "%s", err);
		CHECK(run_preset(&r, "nosuch", "x", err, sizeof(err)) ==
			  -ENOENT,
		      "%s", err);
		CHECK(run_preset(&r, "cpu_arch", "x", err, sizeof(err)) ==
			  -ENOENT,
		      "%s", "builtin preset");
		menu_free(m);
	}

	/* Runtime faults name file:line. */
	CHECK(play("var h hostname\nvar w word = a\nset h ${w}_x\nboot\n", "",
		   NULL, 0, &io, &res) == RUN_STOP,
	      "%s", "bad set");
	CHECK(strncmp(res.message, "r.menu:3: invalid value for set", 31) == 0,
	      "%s", res.message);
	CHECK(play("var w word = a\nboot\n", "", NULL, 0, &io, &res) ==
		  RUN_STOP,
	      "%s", "boot without kernel");
	CHECK(strncmp(res.message, "r.menu:2: boot without a kernel", 31) == 0,
	      "%s", res.message);

	/* Command-line length: a warning past 512, refused past 2047. */
	{
		static char m[8192];
		size_t n = 0;
		int i;

		memset(big, 'x', 199);
		big[199] = '\0';
		n += (size_t)sprintf(m + n, "var w word = a\nkernel k\n");
		for (i = 0; i < 3; i++)
			n += (size_t)sprintf(m + n, "cmdline \"%s\"\n", big);
		n += (size_t)sprintf(m + n, "boot\n");
		CHECK(play(m, "", NULL, 0, &io, &res) == RUN_BOOT, "%s",
		      res.message);
		CHECK(strstr(io.out, "Warning: the kernel command line is 612 "
				     "bytes") != NULL,
		      "%s", io.out);
		n = (size_t)sprintf(m, "var w word = a\nkernel k\n");
		for (i = 0; i < 11; i++)
			n += (size_t)sprintf(m + n, "cmdline \"%s\"\n", big);
		sprintf(m + n, "boot\n");
		CHECK(play(m, "", NULL, 0, &io, &res) == RUN_STOP, "%s",
		      "2199-byte command line booted");
		CHECK(strstr(res.message, "at most 2047") != NULL, "%s",
		      res.message);
	}
	check_methods();
	check_preset_words();
	return CHECK_DONE("test_run");
}
