/*
 * A parsed menu printed in canonical form: one statement per line, tabs
 * for blocks, words quoted only when they must be.  Printing what this
 * prints gives the same text again (tests/golden checks the round trip).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "menu.h"
#include "out.h"

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

/* An elif chain prints as else + if: the same statements when parsed. */
static void print_stmt(const struct menu *m, struct out *o,
		       const struct stmt *s, int depth)
{
	const struct menu_entry *e;
	int i;

	indent(o, depth);
	out_printf(o, "%s", menu_stmt_names[s->kind]);
	switch (s->kind) {
	case ST_ASK:
		out_printf(o, " %s", m->vars[s->var].name);
		word(o, s->text);
		if (s->body) {
			out_printf(o, " do\n");
			print_block(m, o, s->body, depth + 1);
			indent(o, depth);
			out_printf(o, "end");
		}
		break;
	case ST_TOGGLE:
		out_printf(o, " %s", m->vars[s->var].name);
		break;
	case ST_SET:
	case ST_STRIP:
		out_printf(o, " %s", m->vars[s->var].name);
		word(o, s->text);
		break;
	case ST_RESOLVE:
	case ST_REVERSE:
		out_printf(o, " %s %s", m->vars[s->var].name,
			   m->vars[s->vars[0]].name);
		break;
	case ST_NETPARAMS:
		for (i = 0; i < 5; i++)
			out_printf(o, " %s", m->vars[s->vars[i]].name);
		break;
	case ST_EXIT:
		out_printf(o, s->exit == EXIT_LOCAL ? " local" : " prompt");
		break;
	case ST_CMDLINE:
	case ST_FROM:
	case ST_BOOT:
		for (i = 0; i < s->nwords; i++)
			word(o, s->words[i]);
		break;
	case ST_IF:
		print_cond(m, o, &s->cond);
		out_printf(o, "\n");
		print_block(m, o, s->body, depth + 1);
		if (s->orelse) {
			indent(o, depth);
			out_printf(o, "else\n");
			print_block(m, o, s->orelse, depth + 1);
		}
		indent(o, depth);
		out_printf(o, "end");
		break;
	case ST_MENU:
		out_printf(o, " %s", m->vars[s->var].name);
		word(o, s->text);
		out_printf(o, "\n");
		for (e = s->entries; e; e = e->next) {
			indent(o, depth + 1);
			switch (e->kind) {
			case ME_TEXT:
				out_printf(o, "text");
				word(o, e->text);
				break;
			case ME_INVALID:
				out_printf(o, "invalid");
				word(o, e->text);
				break;
			case ME_ITEM:
				out_printf(o, "item");
				word(o, e->key);
				word(o, e->text);
				break;
			case ME_KEY:
				out_printf(o, "key");
				word(o, e->key);
				out_printf(o, " do\n");
				print_block(m, o, e->body, depth + 2);
				indent(o, depth + 1);
				out_printf(o, "end");
				break;
			}
			out_printf(o, "\n");
		}
		indent(o, depth);
		out_printf(o, "end");
		break;
	default:
		if (s->text)
			word(o, s->text);
		if (s->pin)
			out_printf(o, " sha256 %s", s->pin);
	}
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
