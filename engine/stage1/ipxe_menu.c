/*
 * A menu compiled to an iPXE script, for sites where iPXE itself is the
 * stage1 (BIOS ROMs, undionly.kpxe, ipxe.efi, snponly.efi).
 *
 * What Debian's iPXE (2019) can and cannot do shapes the translation:
 *
 * - Typed text cannot be checked: any expansion of a setting is expanded
 *   again (recursively), and no command looks inside a string.  So the
 *   script asks only what it can check without expanding the answer:
 *   choices and yes/no through `menu`/`choose`, and IPv4 addresses through
 *   `read` into an ipv4-typed setting (the parser rejects anything else).
 *   Variables of other types keep their default (or the DHCP value) and
 *   are shown, not asked.  A `host` question is asked as an IPv4 address.
 * - No DNS lookups into a setting (no nslookup), no reverse lookups: a
 *   `resolve` asks for the address, a `reverse` leaves the name unset.
 * - No masks table: `netparams` leaves netmask and gateway unset, so a
 *   menu asks for them (the shipped one does).
 * - No string operations: `strip` is left out, and `in` matches whole
 *   words (a trailing `*` is dropped).
 *
 * Every menu variable NAME is the iPXE setting d_NAME, so no answer can
 * overwrite one of iPXE's own settings (ip, netmask, hostname...).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "emit/ipxe.h"
#include "stage1/ipxe_menu.h"
#include "base/out.h"
#include "base/text.h"

/* Template size after translation: each ${x} grows by 2 bytes. */
#define XLATE_MAX (VALUE_MAX * 4)

struct emitter {
	const struct menu *m;
	struct out o;
	int label;
	char *err;
	size_t errsize;
	int rc;
	/* The hand-over, as the statements before `boot` set it. */
	const struct stmt *from;
	char kernel[XLATE_MAX], initrd[XLATE_MAX];
	int depth;  /**< blocks open: 1 at the menu's top level */
	int booted; /**< a boot was compiled */
	/* emit_boot()'s fetches, here rather than deep in the recursion */
	struct plan_attempt attempts[VALUE_LIST_MAX];
};

static void efail(struct emitter *e, int line, const char *msg,
		  const char *what)
{
	if (e->rc)
		return;
	snprintf(e->err, e->errsize, "%s:%d: %s \"%s\"", e->m->file, line, msg,
		 what);
	e->rc = -EINVAL;
}

/* Is the variable a type the script can ask for? */
static int askable(const struct menu_var *v)
{
	return v->spec.type == VT_CHOICE || v->spec.type == VT_YESNO ||
	       v->spec.type == VT_IPV4 || v->spec.type == VT_HOST;
}

/**
 * Translate a template: ${name} becomes ${d_name}; a word iPXE would read
 * as syntax is an error.
 */
static int xlate(struct emitter *e, int line, const char *t, char *out,
		 size_t size)
{
	struct out o = {out, size, 0, 0};
	struct menu_piece piece;
	const char *p = t, *why;
	char word[XLATE_MAX];
	size_t n;

	out[0] = '\0';
	while (menu_template_next(&p, &piece, &why) == 1)
		out_printf(&o, piece.ref ? "${d_%.*s}" : "%.*s", (int)piece.len,
			   piece.text);
	if (o.overflow) {
		efail(e, line, "text too long for iPXE", t);
		return -E2BIG;
	}
	/* Words that iPXE reads as syntax cannot be written in a script. */
	for (p = out; *p;) {
		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (n == 0)
			break;
		snprintf(word, sizeof(word), "%.*s", (int)n, p);
		if (ipxe_syntax_word(word)) {
			efail(e, line, "iPXE would read a word as syntax in",
			      t);
			return -EINVAL;
		}
		p += n;
	}
	return 0;
}

static int new_label(struct emitter *e)
{
	return ++e->label;
}

static void emit_block(struct emitter *e, const struct stmt *s, int reask);
static void emit_handover(struct emitter *e, const struct stmt *s);

/* echo, with "--" so that a text starting with '-' is not an option. */
static void emit_echo(struct emitter *e, int line, const char *t)
{
	char x[XLATE_MAX];

	if (xlate(e, line, t, x, sizeof(x)))
		return;
	out_printf(&e->o, x[0] ? "echo -- %s\n" : "echo\n", x);
}

/* Ask for a variable of an askable type; on reject, ask again. */
static void emit_ask(struct emitter *e, const struct stmt *s)
{
	const struct menu_var *v = &e->m->vars[s->var];
	char prompt[XLATE_MAX];
	int l = new_label(e), i;

	if (xlate(e, s->line, s->text, prompt, sizeof(prompt)))
		return;
	if (!askable(v)) {
		/* Show it, do not ask: iPXE cannot check typed text. */
		out_printf(&e->o,
			   "isset ${d_%s} || goto d_%d_none\n"
			   "echo -- %s${d_%s} (kept: iPXE cannot check typed "
			   "text)\n"
			   "goto d_%d_ok\n"
			   ":d_%d_none\n"
			   "echo -- %s (no value, and iPXE cannot check typed "
			   "text: give it a default in the menu)\n"
			   "goto d_stopped\n",
			   v->name, l, prompt, v->name, l, l, prompt);
		out_printf(&e->o, ":d_%d_ok\n", l);
		emit_block(e, s->body, 0);
		return;
	}
	out_printf(&e->o, ":d_%d\n", l);
	if (v->spec.type == VT_IPV4 || v->spec.type == VT_HOST) {
		/* read into an ipv4 setting: the type's parser is the check,
		 * and the answer is never expanded as text. */
		out_printf(
		    &e->o,
		    "isset ${d_%s} && set d_in:ipv4 ${d_%s} || clear "
		    "d_in\n"
		    "echo -n -- %s ||\n"
		    "read d_in:ipv4 || goto d_%d_bad\n"
		    "set d_%s ${d_in}\n"
		    "goto d_%d_ok\n"
		    ":d_%d_bad\n"
		    "echo Not an IPv4 address (four numbers 0-255 with dots). "
		    "Try again.\n"
		    "goto d_%d\n"
		    ":d_%d_ok\n",
		    v->name, v->name, prompt, l, v->name, l, l, l, l);
	} else {
		/* A choice (yes/no is one): a menu; keys 1-9 or y/n. */
		out_printf(&e->o, "menu -- %s\n", prompt);
		if (v->spec.type == VT_YESNO) {
			out_printf(&e->o, "item --key y yes Yes\n"
					  "item --key n no No\n");
		} else {
			for (i = 0; i < v->spec.nchoices; i++)
				out_printf(&e->o, "item --key %d %s %d: %s\n",
					   (i + 1) % 10, v->spec.choices[i],
					   i + 1, v->spec.choices[i]);
		}
		out_printf(&e->o,
			   "choose --default ${d_%s} d_%s || goto d_%d\n"
			   "echo -- %s${d_%s}\n",
			   v->name, v->name, l, prompt, v->name);
	}
	emit_block(e, s->body, l);
}

/* Jump to @false_label unless the condition holds. */
static void emit_cond(struct emitter *e, const struct stmt *s, int false_label)
{
	const struct cond *c = &s->cond;
	const char *name = e->m->vars[c->var].name;
	char w[XLATE_MAX];
	int i, t;

	switch (c->kind) {
	case COND_SET:
		out_printf(&e->o, "isset ${d_%s} || goto d_%d\n", name,
			   false_label);
		return;
	case COND_UNSET:
		out_printf(&e->o, "isset ${d_%s} && goto d_%d ||\n", name,
			   false_label);
		return;
	case COND_TYPE:
		if (c->type != VT_IPV4 && c->type != VT_HOST) {
			efail(e, s->line, "iPXE cannot test a value's type",
			      value_type_name(c->type));
			return;
		}
		/* Values in the script are checked already: an ipv4 setting
		 * takes only an address. */
		out_printf(&e->o, "set d_t:ipv4 ${d_%s} || goto d_%d\n", name,
			   false_label);
		return;
	case COND_EQ:
	case COND_NE:
	case COND_IN:
		break;
	}
	t = new_label(e);
	for (i = 0; i < c->nwords; i++) {
		if (xlate(e, s->line, c->words[i], w, sizeof(w)))
			return;
		/* No prefix match in iPXE: "natty*" matches "natty". */
		if (w[0] && w[strlen(w) - 1] == '*')
			w[strlen(w) - 1] = '\0';
		if (!w[0])
			continue;
		out_printf(&e->o, "iseq ${d_%s} %s && goto d_%d ||\n", name, w,
			   c->kind == COND_NE ? false_label : t);
	}
	if (c->kind != COND_NE)
		out_printf(&e->o, "goto d_%d\n", false_label);
	out_printf(&e->o, ":d_%d\n", t);
}

/* A menu: text lines as gaps, items and keys as entries. */
/* The next entry a menu line is made for (item or key), counted in @k
 * so that each gets the label d_L_kK. */
static const struct menu_entry *next_choice(const struct menu_entry *me, int *k)
{
	while (me && me->kind != ME_ITEM && me->kind != ME_KEY)
		me = me->next;
	if (me)
		++*k;
	return me;
}

#define FOR_CHOICES(me, s, k)                                                  \
	for (k = 0, me = next_choice((s)->entries, &k); me;                    \
	     me = next_choice(me->next, &k))

/* The menu's lines: texts as gaps, items and keys as choices. */
static int emit_menu_lines(struct emitter *e, const struct stmt *s, int l)
{
	const struct menu_entry *me;
	char x[XLATE_MAX];
	int k = 0;

	for (me = s->entries; me; me = me->next) {
		if (me->kind == ME_TEXT) {
			if (xlate(e, me->line, me->text, x, sizeof(x)))
				return -EINVAL;
			out_printf(&e->o,
				   x[0] ? "item --gap -- %s\n" : "item --gap\n",
				   x);
			continue;
		}
		if (me->kind != ME_ITEM && me->kind != ME_KEY)
			continue;
		out_printf(&e->o, "item ");
		if (strlen(me->key) == 1 && me->key[0] > ' ')
			out_printf(&e->o, "--key %s ", me->key);
		out_printf(&e->o, "d_%d_k%d %s: %s\n", l, ++k, me->key,
			   me->kind == ME_ITEM ? me->text : "(see above)");
	}
	return 0;
}

/* A menu's timeout in seconds (it has one). */
static unsigned long timeout_of(const struct stmt *s)
{
	const struct menu_entry *me = s->entries;

	while (me->kind != ME_TIMEOUT)
		me = me->next;
	return me->seconds;
}

static void emit_menu(struct emitter *e, const struct stmt *s)
{
	const struct menu_var *v = &e->m->vars[s->var];
	const struct menu_entry *me;
	const char *invalid;
	char x[XLATE_MAX];
	int l = new_label(e), k;

	if (xlate(e, s->line, s->text, x, sizeof(x)))
		return;
	out_printf(&e->o, ":d_%d\nmenu -- %s\n", l, x);
	if (emit_menu_lines(e, s, l))
		return;
	/* What was chosen: an item sets the variable, a key runs its block.
	 * A timeout is choose's own: the first key cancels it, as ours. */
	for (me = s->entries; me && me->kind != ME_TIMEOUT; me = me->next)
		;
	if (me) {
		const char *key = me->text;

		FOR_CHOICES (me, s, k)
			if (text_equal_nocase(me->key, key))
				break;
		out_printf(&e->o, "choose --timeout %lu000 --default d_%d_k%d ",
			   timeout_of(s), l, k);
	} else {
		out_printf(&e->o, "choose ");
	}
	out_printf(&e->o, "d_sel || goto d_%d\n", l);
	FOR_CHOICES (me, s, k)
		if (me->kind == ME_ITEM)
			out_printf(
			    &e->o,
			    "iseq ${d_sel} d_%d_k%d && set d_%s %s && goto "
			    "d_%d_end ||\n",
			    l, k, v->name, me->text, l);
		else
			out_printf(
			    &e->o,
			    "iseq ${d_sel} d_%d_k%d && goto d_%d_k%d ||\n", l,
			    k, l, k);
	/* The last `invalid` counts, as in run.c */
	for (invalid = NULL, me = s->entries; me; me = me->next)
		if (me->kind == ME_INVALID)
			invalid = me->text;
	if (invalid)
		emit_echo(e, s->line, invalid);
	out_printf(&e->o, "goto d_%d\n", l);
	FOR_CHOICES (me, s, k)
		if (me->kind == ME_KEY) {
			out_printf(&e->o, ":d_%d_k%d\n", l, k);
			emit_block(e, me->body, 0);
			out_printf(&e->o, "goto d_%d\n", l);
		}
	out_printf(&e->o, ":d_%d_end\n", l);
}

/** Is a word made only of ${...} references? */
static int only_refs(const char *w)
{
	struct menu_piece piece;
	const char *why;
	int rc;

	while ((rc = menu_template_next(&w, &piece, &why)) == 1)
		if (!piece.ref)
			return 0;
	return rc == 0;
}

/* cmdline: append each word that is not empty, with one space. */
static void emit_cmdline(struct emitter *e, const struct stmt *s)
{
	char x[XLATE_MAX];
	struct menu_piece piece;
	const char *w, *p, *why;
	int i, skip;

	for (i = 0; i < s->nwords; i++) {
		w = s->words[i];
		if (xlate(e, s->line, w, x, sizeof(x)))
			return;
		/* A word made only of references may be empty: then it adds
		 * nothing (an empty argument would add a space). */
		skip = 0;
		if (only_refs(w)) {
			skip = new_label(e);
			for (p = w; menu_template_next(&p, &piece, &why) == 1;)
				out_printf(&e->o,
					   "isset ${d_%.*s} || goto d_%d\n",
					   (int)piece.len, piece.text, skip);
		}
		out_printf(&e->o,
			   "isset ${d_cmdline} && set d_cmdline ${d_cmdline} "
			   "%s || set d_cmdline %s\n",
			   x, x);
		if (skip)
			out_printf(&e->o, ":d_%d\n", skip);
	}
}

/* boot: fetch from each server in turn, as the chain script does. */
static void emit_boot(struct emitter *e, const struct stmt *from,
		      const char *kernel, const char *initrd)
{
	struct plan_attempt *const attempts = e->attempts;
	char servers[VALUE_LIST_MAX][XLATE_MAX];
	char name[MENU_NAME_MAX];
	int i, n = 0, var;
	const char *p;
	size_t len;

	/* The servers: a `from` of variables with literal defaults is split
	 * here, since the script cannot split a list. */
	for (i = 0; from && i < from->nwords && n < VALUE_LIST_MAX; i++) {
		const char *w = from->words[i];

		var = menu_template_ref(w, name, sizeof(name))
			  ? menu_var_find(e->m, name)
			  : -1;
		if (var >= 0 && e->m->vars[var].def &&
		    !strchr(e->m->vars[var].def, '$')) {
			for (p = e->m->vars[var].def; *p && n < VALUE_LIST_MAX;
			     p += len) {
				while (*p == ' ' || *p == ',')
					p++;
				len = strcspn(p, " ,");
				if (len)
					snprintf(servers[n++], XLATE_MAX,
						 "%.*s", (int)len, p);
			}
		} else if (!xlate(e, from->line, w, servers[n],
				  sizeof(servers[n]))) {
			n++;
		}
	}
	for (i = 0; i < (n ? n : 1); i++) {
		struct plan_attempt *a = &attempts[i];
		const char *base = n ? servers[i] : "";
		const char *tftp =
		    strstr(base, "://") || !n ? "" : "tftp://${next-server}/";

		snprintf(a->kernel, sizeof(a->kernel), "%s%.200s%s%.200s", tftp,
			 base, n ? "/" : "", kernel);
		if (initrd[0])
			snprintf(a->initrd, sizeof(a->initrd),
				 "%s%.200s%s%.200s", tftp, base, n ? "/" : "",
				 initrd);
		else
			a->initrd[0] = '\0';
		a->dns[0] = '\0';
	}
	ipxe_emit_fetch(&e->o, attempts, n ? n : 1, "${d_cmdline}", 1,
			"d_start");
}

/* print TEXT */
static void emit_print(struct emitter *e, const struct stmt *s, int reask)
{
	(void)reask;
	emit_echo(e, s->line, s->text);
}

static void emit_pause(struct emitter *e, const struct stmt *s, int reask)
{
	char x[XLATE_MAX];

	(void)reask;
	if (!xlate(e, s->line, s->text, x, sizeof(x)))
		out_printf(&e->o, "prompt -- %s ||\n", x);
}

/* stop TEXT; reject TEXT asks again inside an ask block. */
static void emit_stop(struct emitter *e, const struct stmt *s, int reask)
{
	emit_echo(e, s->line, s->text);
	if (s->kind == ST_REJECT && reask)
		out_printf(&e->o, "goto d_%d\n", reask);
	else
		out_printf(&e->o, "goto d_stopped\n");
}

static void emit_exit(struct emitter *e, const struct stmt *s, int reask)
{
	(void)reask;
	if (s->exit == EXIT_LOCAL)
		out_printf(&e->o, "echo Booting from the local disk.\n"
				  "sanboot --no-describe --drive 0x80 ||\n");
	out_printf(&e->o, "echo Leaving the Debathena prompt.\nexit\n");
}

static void emit_ask_stmt(struct emitter *e, const struct stmt *s, int reask)
{
	(void)reask;
	emit_ask(e, s);
}

/* toggle: yes <-> no, or a two-word choice's other word. */
static void emit_toggle(struct emitter *e, const struct stmt *s, int reask)
{
	const struct menu_var *v = &e->m->vars[s->var];
	const char *a = "yes", *b = "no";

	(void)reask;
	if (v->spec.type != VT_YESNO) {
		a = v->spec.choices[0];
		b = v->spec.choices[1];
	}
	out_printf(&e->o, "iseq ${d_%s} %s && set d_%s %s || set d_%s %s\n",
		   v->name, a, v->name, b, v->name, a);
}

static void emit_set(struct emitter *e, const struct stmt *s, int reask)
{
	char x[XLATE_MAX];

	(void)reask;
	if (!xlate(e, s->line, s->text, x, sizeof(x)))
		out_printf(&e->o, "set d_%s %s\n", e->m->vars[s->var].name, x);
}

/* strip: iPXE has no string operations; the comment names the suffix,
 * so that a reader (and tests/lib/ipxe_model.py) sees what is kept. */
static void emit_strip(struct emitter *e, const struct stmt *s, int reask)
{
	char x[XLATE_MAX];

	(void)reask;
	if (!xlate(e, s->line, s->text, x, sizeof(x)))
		out_printf(&e->o,
			   "# strip d_%s %s: iPXE has no string operations\n",
			   e->m->vars[s->var].name, x);
}

static void emit_if(struct emitter *e, const struct stmt *s, int reask)
{
	int l = new_label(e);

	emit_cond(e, s, l);
	emit_block(e, s->body, reask);
	out_printf(&e->o, "goto d_%d_end\n:d_%d\n", l, l);
	if (s->orelse)
		emit_block(e, s->orelse, reask);
	out_printf(&e->o, ":d_%d_end\n", l);
}

static void emit_menu_stmt(struct emitter *e, const struct stmt *s, int reask)
{
	(void)reask;
	emit_menu(e, s);
}

/* resolve: no lookups into a setting, so ask for the address. */
static void emit_resolve(struct emitter *e, const struct stmt *s, int reask)
{
	struct stmt ask = *s;
	char prompt[XLATE_MAX];

	(void)reask;
	snprintf(prompt, sizeof(prompt),
		 "iPXE cannot look up ${%s}: its IPv4 address: ",
		 e->m->vars[s->vars[0]].name);
	ask.kind = ST_ASK;
	ask.text = prompt;
	ask.body = NULL;
	emit_ask(e, &ask);
}

/* reverse: no reverse lookups; but the name DHCP gave this machine is
 * the name of the address DHCP gave it. */
static void emit_reverse(struct emitter *e, const struct stmt *s, int reask)
{
	const char *v = e->m->vars[s->var].name;

	(void)reask;
	out_printf(&e->o,
		   "iseq ${d_%s} ${d_dhcp_ipaddr} && isset ${d_dhcp_hostname} "
		   "&& set d_%s ${d_dhcp_hostname} ||\n"
		   "isset ${d_%s} || echo iPXE cannot make reverse lookups.\n",
		   e->m->vars[s->vars[0]].name, v, v);
}

static void emit_netparams(struct emitter *e, const struct stmt *s, int reask)
{
	(void)s;
	(void)reask;
	out_printf(&e->o, "echo iPXE has no masks table.\n");
}

static void emit_cmdline_stmt(struct emitter *e, const struct stmt *s,
			      int reask)
{
	(void)reask;
	emit_cmdline(e, s);
}

static void emit_manifest(struct emitter *e, const struct stmt *s, int reask)
{
	(void)reask;
	efail(e, s->line,
	      "iPXE cannot check SHA-256 digests (Debian's iPXE has no "
	      "digest commands); boot this menu with debathena.c32:",
	      "manifest");
}

/* kernel, initrd, from, boot */
static void emit_handover_stmt(struct emitter *e, const struct stmt *s,
			       int reask)
{
	(void)reask;
	emit_handover(e, s);
}

/* What each statement compiles to; @reask is the label an ask block's
 * reject goes back to (0 outside one). */
static void (*const stmt_emitters[ST_COUNT])(struct emitter *e,
					     const struct stmt *s,
					     int reask) = {
    [ST_PRINT] = emit_print,
    [ST_PAUSE] = emit_pause,
    [ST_STOP] = emit_stop,
    [ST_REJECT] = emit_stop,
    [ST_EXIT] = emit_exit,
    [ST_ASK] = emit_ask_stmt,
    [ST_TOGGLE] = emit_toggle,
    [ST_SET] = emit_set,
    [ST_STRIP] = emit_strip,
    [ST_IF] = emit_if,
    [ST_MENU] = emit_menu_stmt,
    [ST_RESOLVE] = emit_resolve,
    [ST_REVERSE] = emit_reverse,
    [ST_NETPARAMS] = emit_netparams,
    [ST_CMDLINE] = emit_cmdline_stmt,
    [ST_MANIFEST] = emit_manifest,
    [ST_KERNEL] = emit_handover_stmt,
    [ST_INITRD] = emit_handover_stmt,
    [ST_FROM] = emit_handover_stmt,
    [ST_BOOT] = emit_handover_stmt,
};

static void emit_stmt(struct emitter *e, const struct stmt *s, int reask)
{
	stmt_emitters[s->kind](e, s, reask);
}

/*
 * kernel, initrd, from and boot.  The script collects them as it is
 * written, not as it runs, so it compiles them only at the menu's top
 * level: inside an if, a menu key or an ask block it would take the text
 * of every branch in turn and boot a file the module would not.
 */
static void emit_handover(struct emitter *e, const struct stmt *s)
{
	static const char *const names[] = {[ST_KERNEL] = "kernel",
					    [ST_INITRD] = "initrd",
					    [ST_FROM] = "from",
					    [ST_BOOT] = "boot"};

	if (e->depth > 1) {
		efail(
		    e, s->line,
		    "the iPXE stage1 takes kernel, initrd, from and boot only "
		    "outside if, menu and ask blocks (set a variable there "
		    "and use it in one top-level line):",
		    names[s->kind]);
		return;
	}
	if (e->booted) {
		efail(e, s->line,
		      "nothing after the first boot runs; the iPXE stage1 "
		      "compiles one:",
		      names[s->kind]);
		return;
	}
	switch (s->kind) {
	case ST_KERNEL:
	case ST_INITRD:
		if (s->pin)
			efail(e, s->line,
			      "iPXE cannot check SHA-256 digests (Debian's "
			      "iPXE has no digest commands); boot this menu "
			      "with debathena.c32:",
			      "sha256");
		xlate(e, s->line, s->text,
		      s->kind == ST_KERNEL ? e->kernel : e->initrd, XLATE_MAX);
		break;
	case ST_FROM:
		e->from = s;
		break;
	case ST_BOOT:
		emit_boot(e, e->from, e->kernel, e->initrd);
		e->booted = 1;
		break;
	default:
		break;
	}
}

static void emit_block(struct emitter *e, const struct stmt *s, int reask)
{
	e->depth++;
	for (; s && !e->rc; s = s->next)
		emit_stmt(e, s, reask);
	e->depth--;
}

/**
 * Compile a menu to an iPXE script.
 *
 * @v m		the parsed menu
 * @v buf	the script
 * @v err	on failure, "file:line: message"
 * @ret rc	0, -EINVAL (something iPXE cannot be given), -E2BIG
 */
int ipxe_menu_script(const struct menu *m, char *buf, size_t size, char *err,
		     size_t errsize)
{
	struct emitter e;
	char x[XLATE_MAX];
	int i;

	memset(&e, 0, sizeof(e));
	e.m = m;
	e.o.buf = buf;
	e.o.size = size;
	e.err = err;
	e.errsize = errsize;

	out_printf(&e.o,
		   "#!ipxe\n"
		   "# Generated by debathena-menu from %s: the Debathena "
		   "prompt with\n"
		   "# iPXE as the stage1.  See doc/ipxe.md for what iPXE can "
		   "ask.\n\n"
		   ":d_start\n"
		   "isset ${ip} || dhcp || goto nonet\n",
		   m->file);

	/* Builtins, from iPXE's own settings */
	out_printf(&e.o,
		   "cpuid --ext 29 && set d_cpu_arch amd64 || set d_cpu_arch "
		   "i386\n"
		   "set d_dhcp yes\n"
		   "set d_dhcp_ipaddr ${ip}\n"
		   "set d_dhcp_netmask ${netmask}\n"
		   "isset ${gateway} && set d_dhcp_gateway ${gateway} || "
		   "clear d_dhcp_gateway\n"
		   "isset ${hostname} && set d_dhcp_hostname ${hostname} || "
		   "clear d_dhcp_hostname\n"
		   "isset ${domain} && set d_dhcp_domain ${domain} || clear "
		   "d_dhcp_domain\n"
		   "isset ${dns} && set d_dhcp_dns ${dns} || clear d_dhcp_dns\n"
		   "clear d_cmdline\n");

	/* Defaults, in order; a second run starts from them again */
	for (i = 0; i < m->nvars; i++) {
		if (m->vars[i].builtin)
			continue;
		if (!m->vars[i].def) {
			out_printf(&e.o, "clear d_%s\n", m->vars[i].name);
			continue;
		}
		if (xlate(&e, 0, m->vars[i].def, x, sizeof(x)))
			break;
		out_printf(&e.o, "set d_%s %s\n", m->vars[i].name, x);
	}
	emit_block(&e, m->body, 0);

	/* A stop: say so and offer to start again */
	out_printf(&e.o, "goto d_stopped\n"
			 ":d_stopped\n"
			 "menu Stopped\n"
			 "item again Start again\n"
			 "item shell Open the iPXE shell\n"
			 "item reboot Reboot\n"
			 "choose --default again d_action || goto d_stopped\n"
			 "iseq ${d_action} again && goto d_start ||\n"
			 "iseq ${d_action} reboot && reboot ||\n"
			 "shell ||\n"
			 "goto d_stopped\n");
	if (e.rc)
		return e.rc;
	if (e.o.overflow) {
		snprintf(err, errsize, "%s: the script is longer than %u bytes",
			 m->file, (unsigned)size);
		return -E2BIG;
	}
	return 0;
}
