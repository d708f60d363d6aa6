/*
 * Shared by the command-line and chain-script fuzz targets: a menu that
 * puts a variable of every type on the command line, presets decoded from
 * the fuzz input (validated by run_preset, as the module's arguments and
 * typed answers are), the kernel's own tokenizer, and the tokens the
 * command line must have, worked out from the values alone.
 */
#ifndef TESTS_FUZZ_RENDER_H
#define TESTS_FUZZ_RENDER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "boot/plan.h"
#include "dialog/run.h"

#define RENDER_TOKENS_MAX 256

static const char render_menu[] =
    "var w word\n"
    "var h hostname\n"
    "var o host\n"
    "var i ipv4\n"
    "var l ipv4list\n"
    "var u url\n"
    "var s urllist = net-install\n"
    "var k args\n"
    "var c choice amd64 i386 = amd64\n"
    "var y yesno = no\n"
    "cmdline w=${w} h=${h}.${o} i=${i} \"l=\\\"${l}\\\"\" u=${u} ${c}-${y}\n"
    "cmdline ${k} --\n"
    "from ${s}\n"
    "kernel x${w}/${c}/linux\n"
    "initrd x${w}/${c}/initrd.gz\n"
    "boot ipxe\n";

static const char *const render_vars[] = {"w", "h", "o", "i", "l",
					  "u", "s", "k", "c", "y"};

struct tokens {
	char buf[CMDLINE_LIMIT * 2 + 64];
	const char *tok[RENDER_TOKENS_MAX];
	int n;
	size_t used;
};

static void tokens_add(struct tokens *t, const char *s, size_t len)
{
	if (t->n == RENDER_TOKENS_MAX || t->used + len + 1 > sizeof(t->buf))
		abort(); /* more than a command line can hold */
	memcpy(t->buf + t->used, s, len);
	t->buf[t->used + len] = '\0';
	t->tok[t->n++] = t->buf + t->used;
	t->used += len + 1;
}

/* The kernel's split (next_arg): blanks end an argument outside double
 * quotes; a quote toggles.  Tokens are kept as written. */
static void kernel_split(const char *s, struct tokens *t)
{
	size_t i = 0, start;
	int quote;

	t->n = 0;
	t->used = 0;
	for (;;) {
		while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')
			i++;
		if (!s[i])
			return;
		start = i;
		quote = 0;
		while (s[i] && (quote || !(s[i] == ' ' || s[i] == '\t' ||
					   s[i] == '\n'))) {
			if (s[i] == '"')
				quote = !quote;
			i++;
		}
		tokens_add(t, s + start, i - start);
	}
}

/* Presets from the input: records "NAME-INDEX VALUE\n". */
static void render_presets(struct run *r, const uint8_t *data, size_t size)
{
	char value[VALUE_MAX * 4], err[MENU_ERROR_MAX];
	size_t pos = 0, end, len;

	while (pos < size) {
		int var = data[pos++] %
			  (int)(sizeof(render_vars) / sizeof(render_vars[0]));

		for (end = pos; end < size && data[end] != '\n'; end++)
			;
		len = end - pos < sizeof(value) - 1 ? end - pos
						    : sizeof(value) - 1;
		memcpy(value, data + pos, len);
		value[len] = '\0';
		run_preset(r, render_vars[var], value, err, sizeof(err));
		pos = end + 1;
	}
}

static const char *render_value(const struct run *r, const char *name)
{
	int i = menu_var_find(r->menu, name);

	return r->isset[i] ? r->values[i] : "";
}

/* The tokens the command line must have: one per template word, with the
 * values in place, and one per word of the kernel arguments k. */
static void render_expect(const struct run *r, struct tokens *t)
{
	char word[CMDLINE_LIMIT];
	const char *k = render_value(r, "k"), *sp;

	t->n = 0;
	t->used = 0;
	tokens_add(t, "BOOT_IMAGE=linux", 16);
	tokens_add(t, "initrd=initrd.gz", 16);
#define WORD(...)                                                              \
	tokens_add(t, word, (size_t)snprintf(word, sizeof(word), __VA_ARGS__))
	WORD("w=%s", render_value(r, "w"));
	WORD("h=%s.%s", render_value(r, "h"), render_value(r, "o"));
	WORD("i=%s", render_value(r, "i"));
	WORD("l=\"%s\"", render_value(r, "l"));
	WORD("u=%s", render_value(r, "u"));
	WORD("%s-%s", render_value(r, "c"), render_value(r, "y"));
#undef WORD
	while (*k) {
		while (*k == ' ')
			k++;
		if (!*k)
			break;
		sp = strchr(k, ' ');
		if (!sp)
			sp = k + strlen(k);
		tokens_add(t, k, (size_t)(sp - k));
		k = sp;
	}
	tokens_add(t, "--", 2);
}

static int tokens_equal(const struct tokens *a, const struct tokens *b)
{
	int i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->tok[i], b->tok[i]) != 0)
			return 0;
	return 1;
}

static int render_getc(void *ctx)
{
	(void)ctx;
	return -1;
}

static void render_puts(void *ctx, const char *s)
{
	(void)ctx;
	(void)s;
}

/* Parse the menu once; run the dialog with the input's presets. */
static int render_run(struct run *r, struct run_result *res,
		      const uint8_t *data, size_t size)
{
	static struct menu *menu;
	static struct console con = {NULL, render_getc, render_puts, 0};
	char err[MENU_ERROR_MAX];

	if (!menu &&
	    menu_parse("render.menu", render_menu, sizeof(render_menu) - 1,
		       &menu, err, sizeof(err)) != 0)
		abort();
	run_init(r, menu, &con);
	r->auto_mode = 1;
	render_presets(r, data, size);
	run_dialog(r, res);
	return res->action == RUN_BOOT ? 0 : -1;
}

/* The line the module hands over: the plan's, with the loader's words. */
static inline int render_line(const struct run_result *res, char *buf,
			      size_t size)
{
	static struct plan plan;
	static const struct dhcp_info lease;

	plan_make(&plan, res, &lease, LOADER_PXELINUX, 0);
	return plan_cmdline(&plan, 1, buf, size);
}

#endif
