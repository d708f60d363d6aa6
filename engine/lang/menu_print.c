/*
 * A parsed menu printed in canonical form: one statement per line, tabs
 * for blocks, words quoted only when they must be.  Printing what this
 * prints gives the same text again (tests/golden checks the round trip).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "lang/menu.h"
#include "base/out.h"

/* Does the parser take w as one bare word?  (It splits on blanks, skips
 * comments, and refuses control and non-ASCII bytes outside quotes.) */
static int bare_word(const char *w)
{
	const unsigned char *p = (const unsigned char *)w;

	if (!*p || *p == '#')
		return 0;
	for (; *p; p++)
		if (*p <= ' ' || *p > '~' || *p == '"' || *p == '\\')
			return 0;
	return 1;
}

/* A word, quoted when the parser would otherwise split, skip or refuse
 * it. */
static void word(struct out *o, const char *w)
{
	const char *p;

	if (bare_word(w)) {
		out_printf(o, " %s", w);
		return;
	}
	out_printf(o, " \"");
	for (p = w; *p; p++)
		out_printf(o, (*p == '"' || *p == '\\') ? "\\%c" : "%c", *p);
	out_printf(o, "\"");
}

static void indent(struct out *o, int depth)
{
	int i;

	for (i = 0; i < depth; i++)
		out_printf(o, "\t");
}

static void print_block(const struct menu *m, struct out *o,
			const struct stmt *s, int depth);

static void print_cond(const struct menu *m, struct out *o,
		       const struct cond *c)
{
	int i;

	out_printf(o, " %s", m->vars[c->var].name);
	if (c->kind == COND_TYPE) {
		out_printf(o, " is %s", value_type_name(c->type));
		return;
	}
	if (c->kind == COND_SET || c->kind == COND_UNSET) {
		out_printf(o, " is %s", menu_cond_names[c->kind]);
		return;
	}
	out_printf(o, " %s", menu_cond_names[c->kind]);
	for (i = 0; i < c->nwords; i++)
		word(o, c->words[i]);
}

/* A block's statements, one level deeper, and the end line. */
static void print_body(const struct menu *m, struct out *o,
		       const struct stmt *body, int depth)
{
	print_block(m, o, body, depth + 1);
	indent(o, depth);
	out_printf(o, "end");
}

static void print_ask(const struct menu *m, struct out *o, const struct stmt *s,
		      int depth)
{
	out_printf(o, " %s", m->vars[s->var].name);
	word(o, s->text);
	if (s->body) {
		out_printf(o, " do\n");
		print_body(m, o, s->body, depth);
	}
}

/* toggle, set, strip: the variable, and a text for set and strip. */
static void print_var_text(const struct menu *m, struct out *o,
			   const struct stmt *s, int depth)
{
	(void)depth;
	out_printf(o, " %s", m->vars[s->var].name);
	if (s->text)
		word(o, s->text);
}

/* resolve, reverse, netparams: variables only. */
static void print_vars(const struct menu *m, struct out *o,
		       const struct stmt *s, int depth)
{
	int i;

	(void)depth;
	if (s->kind != ST_NETPARAMS) {
		out_printf(o, " %s %s", m->vars[s->var].name,
			   m->vars[s->vars[0]].name);
		return;
	}
	for (i = 0; i < 5; i++)
		out_printf(o, " %s", m->vars[s->vars[i]].name);
}

static void print_exit(const struct menu *m, struct out *o,
		       const struct stmt *s, int depth)
{
	(void)m;
	(void)depth;
	out_printf(o, " %s", menu_exit_names[s->exit]);
}

/* cmdline, from, boot: their words. */
static void print_words(const struct menu *m, struct out *o,
			const struct stmt *s, int depth)
{
	int i;

	(void)m;
	(void)depth;
	for (i = 0; i < s->nwords; i++)
		word(o, s->words[i]);
}

/* An elif chain prints as else + if: the same statements when parsed. */
static void print_if(const struct menu *m, struct out *o, const struct stmt *s,
		     int depth)
{
	print_cond(m, o, &s->cond);
	out_printf(o, "\n");
	print_block(m, o, s->body, depth + 1);
	if (s->orelse) {
		indent(o, depth);
		out_printf(o, "else\n");
	}
	print_body(m, o, s->orelse, depth);
}

static void print_menu(const struct menu *m, struct out *o,
		       const struct stmt *s, int depth)
{
	const struct menu_entry *e;

	out_printf(o, " %s", m->vars[s->var].name);
	word(o, s->text);
	out_printf(o, "\n");
	for (e = s->entries; e; e = e->next) {
		indent(o, depth + 1);
		out_printf(o, "%s", menu_entry_names[e->kind]);
		if (e->key)
			word(o, e->key);
		if (e->kind == ME_TIMEOUT)
			out_printf(o, " %lu", e->seconds);
		if (e->kind == ME_KEY) {
			out_printf(o, " do\n");
			print_body(m, o, e->body, depth + 1);
		} else {
			word(o, e->text);
		}
		out_printf(o, "\n");
	}
	indent(o, depth);
	out_printf(o, "end");
}

/* print, pause, stop, reject, manifest, kernel, initrd: a text, and a
 * pin for kernel and initrd. */
static void print_text(const struct menu *m, struct out *o,
		       const struct stmt *s, int depth)
{
	(void)m;
	(void)depth;
	word(o, s->text);
	if (s->pin)
		out_printf(o, " sha256 %s", s->pin);
}

static void (*const stmt_printers[ST_COUNT])(const struct menu *m,
					     struct out *o,
					     const struct stmt *s,
					     int depth) = {
    [ST_PRINT] = print_text,	  [ST_PAUSE] = print_text,
    [ST_STOP] = print_text,	  [ST_REJECT] = print_text,
    [ST_MANIFEST] = print_text,	  [ST_KERNEL] = print_text,
    [ST_INITRD] = print_text,	  [ST_ASK] = print_ask,
    [ST_TOGGLE] = print_var_text, [ST_SET] = print_var_text,
    [ST_STRIP] = print_var_text,  [ST_RESOLVE] = print_vars,
    [ST_REVERSE] = print_vars,	  [ST_NETPARAMS] = print_vars,
    [ST_EXIT] = print_exit,	  [ST_CMDLINE] = print_words,
    [ST_FROM] = print_words,	  [ST_BOOT] = print_words,
    [ST_IF] = print_if,		  [ST_MENU] = print_menu,
};

static void print_stmt(const struct menu *m, struct out *o,
		       const struct stmt *s, int depth)
{
	indent(o, depth);
	out_printf(o, "%s", menu_stmt_names[s->kind]);
	stmt_printers[s->kind](m, o, s, depth);
	out_printf(o, "\n");
}

static void print_block(const struct menu *m, struct out *o,
			const struct stmt *s, int depth)
{
	for (; s; s = s->next)
		print_stmt(m, o, s, depth);
}

/**
 * Print a menu canonically.
 *
 * @v err	on failure, why
 * @ret rc	0, or -E2BIG when it does not fit
 */
int menu_print(const struct menu *m, char *buf, size_t size, char *err,
	       size_t errsize)
{
	struct out o = {buf, size, 0, 0};
	const struct menu_var *v;
	int i, j;

	for (i = 0; i < m->nvars; i++) {
		v = &m->vars[i];
		if (v->builtin)
			continue;
		out_printf(&o, "var %s %s", v->name,
			   value_type_name(v->spec.type));
		for (j = 0; j < v->spec.nchoices; j++)
			out_printf(&o, " %s", v->spec.choices[j]);
		if (v->def) {
			out_printf(&o, " =");
			word(&o, v->def);
		}
		out_printf(&o, "\n");
	}
	if (m->masks_file) {
		out_printf(&o, "masks");
		word(&o, m->masks_file);
		out_printf(&o, "\n");
	}
	print_block(m, &o, m->body, 0);
	if (o.overflow) {
		snprintf(err, errsize, "%s: too long to print", m->file);
		return -E2BIG;
	}
	return 0;
}
