/*
 * Parser of the menu language.
 *
 * Line-oriented: each line is a keyword and its arguments; blocks (`if`,
 * `menu`, `key ... do`, `ask ... do`) close with `end`.  Every error names
 * file:line and the offending text; unknown keywords are errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"
#include "text.h"
#include "menu.h"
#include "verify.h"

#define TOKENS_MAX 32
#define LINE_MAX   1024

struct parser {
	struct menu *menu;
	const char *text, *end, *pos;
	int line;
	/* The current line, split into tokens. */
	char buf[LINE_MAX];
	char *tok[TOKENS_MAX];
	int quoted[TOKENS_MAX];
	int ntok;
	char *err;
	size_t errsize;
};

static const struct {
	const char *name;
	enum value_type type;
} builtins[] = {
#define X(n, t) {#n, t},
    BUILTIN_VARS
#undef X
};

/** Report an error at the current line; returns -EINVAL. */
static int fail(struct parser *p, const char *msg, const char *what)
{
	if (what)
		snprintf(p->err, p->errsize, "%s:%d: %s \"%s\"", p->menu->file,
			 p->line, msg, what);
	else
		snprintf(p->err, p->errsize, "%s:%d: %s", p->menu->file,
			 p->line, msg);
	return -EINVAL;
}

static int nomem(struct parser *p)
{
	snprintf(p->err, p->errsize, "%s:%d: out of memory", p->menu->file,
		 p->line);
	return -ENOMEM;
}

/**
 * Read the next non-empty line and split it into tokens.
 *
 * @ret rc	1 when a line was read, 0 at end of input, or -EINVAL
 */
static int next_line(struct parser *p)
{
	const char *nl;
	size_t len;
	char *s, *o;

	for (;;) {
		if (p->pos >= p->end)
			return 0;
		nl = text_find(p->pos, p->end, '\n');
		len = nl ? (size_t)(nl - p->pos) : (size_t)(p->end - p->pos);
		p->line++;
		if (len >= LINE_MAX)
			return fail(p, "line longer than 1023 bytes", NULL);
		memcpy(p->buf, p->pos, len);
		p->buf[len] = '\0';
		p->pos += len + (nl ? 1 : 0);
		if (len && p->buf[len - 1] == '\r')
			p->buf[--len] = '\0';
		if (text_find(p->buf, p->buf + len, '\0'))
			return fail(p, "NUL byte in line", NULL);

		/* Split into tokens; quoted strings keep their spaces. */
		p->ntok = 0;
		s = p->buf;
		for (;;) {
			while (*s == ' ' || *s == '\t')
				s++;
			if (*s == '\0' || *s == '#')
				break;
			if (p->ntok == TOKENS_MAX)
				return fail(p, "too many words on a line",
					    NULL);
			if ((unsigned char)*s < 0x20 ||
			    (unsigned char)*s >= 0x7f)
				return fail(p, "control or non-ASCII byte",
					    NULL);
			p->quoted[p->ntok] = (*s == '"');
			if (*s == '"') {
				o = ++s;
				p->tok[p->ntok++] = o;
				for (;;) {
					if (*s == '\0')
						return fail(p,
							    "unterminated "
							    "string",
							    NULL);
					if ((unsigned char)*s < 0x20 &&
					    *s != '\t')
						return fail(p,
							    "control byte in "
							    "string",
							    NULL);
					if (*s == '"')
						break;
					if (*s == '\\') {
						s++;
						if (*s != '"' && *s != '\\')
							return fail(
							    p,
							    "only \\\" and "
							    "\\\\ escapes "
							    "exist",
							    NULL);
					}
					*o++ = *s++;
				}
				s++;
				if (*s && *s != ' ' && *s != '\t')
					return fail(p,
						    "text right after a "
						    "closing quote",
						    NULL);
				*o = '\0';
				continue;
			}
			/* A bare word: printable ASCII to the next blank */
			p->tok[p->ntok++] = s;
			while (*s && *s != ' ' && *s != '\t') {
				if ((unsigned char)*s < 0x20 ||
				    (unsigned char)*s >= 0x7f)
					return fail(p,
						    "control or non-ASCII byte",
						    NULL);
				s++;
			}
			if (*s)
				*s++ = '\0';
		}
		if (p->ntok)
			return 1;
	}
}

int menu_var_find(const struct menu *menu, const char *name)
{
	int i;

	for (i = 0; i < menu->nvars; i++)
		if (strcmp(menu->vars[i].name, name) == 0)
			return i;
	return -1;
}

static int valid_name(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || c == '_' ||
		      (i > 0 && c >= '0' && c <= '9')))
			return 0;
	}
	return i > 0 && i < MENU_NAME_MAX;
}

/** Look up a variable named by token @i; it must exist. */
static int want_var(struct parser *p, int i, int assignable, int *var)
{
	if (i >= p->ntok)
		return fail(p, "missing variable name after", p->tok[i - 1]);
	*var = menu_var_find(p->menu, p->tok[i]);
	if (*var < 0)
		return fail(p, "unknown variable", p->tok[i]);
	if (assignable && p->menu->vars[*var].builtin)
		return fail(p, "cannot assign builtin variable", p->tok[i]);
	return 0;
}

/**
 * Scan one piece of a template: the one scanner of ${name} references,
 * used by the parser, the dialog and the compilers alike.
 *
 * @v t		Where the scan is; advanced past the piece
 * @v piece	The piece found
 * @v why	Set to the reason when the template is malformed
 * @ret rc	1 for a piece, 0 at the end, -EINVAL when malformed
 */
int menu_template_next(const char **t, struct menu_piece *piece,
		       const char **why)
{
	const char *s = *t, *close;

	if (*s == '\0')
		return 0;
	if (s[0] != '$') {
		piece->text = s;
		piece->len = strcspn(s, "$");
		piece->ref = 0;
		*t = s + piece->len;
		if (text_find(s, *t, '}')) {
			*why = "stray '}' in";
			return -EINVAL;
		}
		return 1;
	}
	if (s[1] != '{') {
		*why = "'$' must start ${name} in";
		return -EINVAL;
	}
	close = strchr(s, '}');
	if (!close) {
		*why = "unclosed ${ in";
		return -EINVAL;
	}
	piece->text = s + 2;
	piece->len = (size_t)(close - s - 2);
	piece->ref = 1;
	if (piece->len == 0 || piece->len >= MENU_NAME_MAX ||
	    text_find(piece->text, close, '$') ||
	    text_find(piece->text, close, '{')) {
		*why = "bad variable reference in";
		return -EINVAL;
	}
	*t = close + 1;
	return 1;
}

/**
 * Is a word exactly one ${name} reference?
 *
 * @v t		The word (a checked template)
 * @v name	Set to the name
 * @ret ok	1 when it is, else 0
 */
int menu_template_ref(const char *t, char *name, size_t size)
{
	struct menu_piece piece;
	const char *why;

	if (menu_template_next(&t, &piece, &why) != 1 || !piece.ref || *t ||
	    piece.len >= size)
		return 0;
	memcpy(name, piece.text, piece.len);
	name[piece.len] = '\0';
	return 1;
}

/** Check that every ${...} in a template names a variable. */
static int check_template(struct parser *p, const char *t)
{
	char name[MENU_NAME_MAX];
	struct menu_piece piece;
	const char *s = t, *why;
	int rc;

	while ((rc = menu_template_next(&s, &piece, &why)) == 1) {
		if (!piece.ref)
			continue;
		memcpy(name, piece.text, piece.len);
		name[piece.len] = '\0';
		if (menu_var_find(p->menu, name) < 0)
			return fail(p, "unknown variable", name);
	}
	return rc ? fail(p, why, t) : 0;
}

/** Token @i as a template, copied into the arena. */
static int want_text(struct parser *p, int i, const char **out)
{
	char *s;
	int rc;

	if (i >= p->ntok)
		return fail(p, "missing text after", p->tok[i - 1]);
	rc = check_template(p, p->tok[i]);
	if (rc)
		return rc;
	s = arena_strdup(p->menu->arena, p->tok[i]);
	if (!s)
		return nomem(p);
	*out = s;
	return 0;
}

static int want_count(struct parser *p, int n)
{
	if (p->ntok > n)
		return fail(p, "unexpected text", p->tok[n]);
	if (p->ntok < n)
		return fail(p, "missing argument after", p->tok[p->ntok - 1]);
	return 0;
}

/** "sha256 HEX": a pinned digest, kept in lower case. */
static int want_pin(struct parser *p, int i, const char **out)
{
	uint8_t digest[SHA256_LEN];
	char *hex;

	if (strcmp(p->tok[i], "sha256") != 0)
		return fail(p, "expected sha256 HEX, found", p->tok[i]);
	if (verify_parse_hex(p->tok[i + 1], digest) != 0)
		return fail(p, "sha256 takes 64 hex digits, not",
			    p->tok[i + 1]);
	hex = arena_alloc(p->menu->arena, SHA256_HEX_LEN + 1);
	if (!hex)
		return nomem(p);
	sha256_hex(digest, hex);
	*out = hex;
	return 0;
}

/** Copy tokens [from, ntok) as templates. */
static int want_words(struct parser *p, int from, const char *const **out,
		      int *n)
{
	const char **w;
	int i, rc;

	*n = p->ntok - from;
	if (*n <= 0)
		return fail(p, "missing words after", p->tok[from - 1]);
	w = arena_alloc(p->menu->arena, sizeof(*w) * (size_t)*n);
	if (!w)
		return nomem(p);
	for (i = 0; i < *n; i++) {
		rc = want_text(p, from + i, &w[i]);
		if (rc)
			return rc;
	}
	*out = w;
	return 0;
}

/** Check a literal value (no ${}) against a variable's type. */
static int check_literal(struct parser *p, int var, const char *v)
{
	char out[VALUE_MAX];
	const char *why;

	if (strchr(v, '$'))
		return 0;
	if (value_check(&p->menu->vars[var].spec, v, out, sizeof(out), &why) !=
	    0) {
		char msg[MENU_ERROR_MAX];

		snprintf(msg, sizeof(msg), "invalid %s for %s (%s):",
			 value_type_name(p->menu->vars[var].spec.type),
			 p->menu->vars[var].name, why);
		return fail(p, msg, v);
	}
	return 0;
}

static int parse_block(struct parser *p, struct stmt **out, int in_ask,
		       const char **ended_by);

/* var NAME TYPE [WORD...] [= DEFAULT...] */
static int parse_var(struct parser *p)
{
	struct menu *m = p->menu;
	struct menu_var *v;
	const char **choices;
	char def[VALUE_MAX] = "";
	int i, eq, rc;

	if (p->ntok < 3)
		return fail(p, "usage: var NAME TYPE [CHOICES] [= DEFAULT]",
			    NULL);
	if (!valid_name(p->tok[1]))
		return fail(p, "bad variable name", p->tok[1]);
	if (menu_var_find(m, p->tok[1]) >= 0)
		return fail(p, "duplicate variable", p->tok[1]);
	if (m->nvars == MENU_VARS_MAX)
		return fail(p, "too many variables at", p->tok[1]);
	v = &m->vars[m->nvars];
	strcpy(v->name, p->tok[1]);
	v->line = p->line;
	if (value_type_lookup(p->tok[2], &v->spec.type) != 0)
		return fail(p, "unknown type", p->tok[2]);
	for (eq = 3; eq < p->ntok && strcmp(p->tok[eq], "=") != 0; eq++)
		;
	if (v->spec.type == VT_CHOICE) {
		if (eq - 3 < 2)
			return fail(p, "a choice needs at least two words",
				    p->tok[1]);
		choices =
		    arena_alloc(m->arena, sizeof(*choices) * (size_t)(eq - 3));
		if (!choices)
			return nomem(p);
		for (i = 3; i < eq; i++) {
			char w[VALUE_MAX];
			const char *why;
			struct value_spec word = {VT_WORD, NULL, 0};

			if (value_check(&word, p->tok[i], w, sizeof(w), &why) !=
			    0)
				return fail(
				    p, "a choice must be a word:", p->tok[i]);
			choices[i - 3] = arena_strdup(m->arena, w);
			if (!choices[i - 3])
				return nomem(p);
		}
		v->spec.choices = choices;
		v->spec.nchoices = eq - 3;
	} else if (eq != 3) {
		return fail(p, "only a choice lists words:", p->tok[3]);
	}
	m->nvars++;
	if (eq < p->ntok) {
		/* The default: the rest of the line, words joined by one
		 * space (so an ipv4list can be written unquoted). */
		if (eq + 1 == p->ntok)
			return fail(p, "missing default after", "=");
		for (i = eq + 1; i < p->ntok; i++) {
			if (strlen(def) + strlen(p->tok[i]) + 2 > sizeof(def))
				return fail(p, "default too long", p->tok[1]);
			if (i > eq + 1)
				strcat(def, " ");
			strcat(def, p->tok[i]);
		}
		rc = check_template(p, def);
		if (rc == 0)
			rc = check_literal(p, m->nvars - 1, def);
		if (rc) {
			m->nvars--;
			return rc;
		}
		v->def = arena_strdup(m->arena, def);
		if (!v->def)
			return nomem(p);
	}
	return 0;
}

static int parse_cond(struct parser *p, int from, struct cond *c)
{
	const char *op;
	int rc;

	rc = want_var(p, from, 0, &c->var);
	if (rc)
		return rc;
	if (from + 1 >= p->ntok)
		return fail(p, "missing operator (= != in is) after",
			    p->tok[from]);
	op = p->tok[from + 1];
	if (strcmp(op, "is") == 0) {
		rc = want_count(p, from + 3);
		if (rc)
			return rc;
		if (strcmp(p->tok[from + 2], "set") == 0)
			c->kind = COND_SET;
		else if (strcmp(p->tok[from + 2], "unset") == 0)
			c->kind = COND_UNSET;
		else if (value_type_lookup(p->tok[from + 2], &c->type) == 0 &&
			 c->type != VT_CHOICE)
			c->kind = COND_TYPE;
		else
			return fail(p, "expected set, unset or a type:",
				    p->tok[from + 2]);
		return 0;
	}
	if (strcmp(op, "=") == 0)
		c->kind = COND_EQ;
	else if (strcmp(op, "!=") == 0)
		c->kind = COND_NE;
	else if (strcmp(op, "in") == 0)
		c->kind = COND_IN;
	else
		return fail(p, "unknown operator", op);
	if (c->kind != COND_IN) {
		rc = want_count(p, from + 3);
		if (rc)
			return rc;
	}
	return want_words(p, from + 2, &c->words, &c->nwords);
}

static int parse_stmt(struct parser *p, int from, struct stmt **out,
		      int in_ask);

/* The body of `key K ...` or `ask V T do`: inline or a do/end block. */
static int parse_menu(struct parser *p, struct stmt *s)
{
	struct menu_entry **tail = &s->entries, *e;
	const char *kw, *ended;
	int rc, nitems = 0;

	for (;;) {
		rc = next_line(p);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			char msg[64];

			snprintf(msg, sizeof(msg),
				 "missing end of the menu opened at line %d",
				 s->line);
			return fail(p, msg, NULL);
		}
		kw = p->tok[0];
		if (strcmp(kw, "end") == 0) {
			rc = want_count(p, 1);
			if (rc)
				return rc;
			if (nitems == 0)
				return fail(p, "a menu needs an item", NULL);
			return 0;
		}
		e = arena_alloc(p->menu->arena, sizeof(*e));
		if (!e)
			return nomem(p);
		e->line = p->line;
		if (strcmp(kw, "text") == 0) {
			e->kind = ME_TEXT;
			rc = want_count(p, 2);
			if (!rc)
				rc = want_text(p, 1, &e->text);
		} else if (strcmp(kw, "invalid") == 0) {
			e->kind = ME_INVALID;
			rc = want_count(p, 2);
			if (!rc)
				rc = want_text(p, 1, &e->text);
		} else if (strcmp(kw, "item") == 0) {
			e->kind = ME_ITEM;
			rc = want_count(p, 3);
			if (!rc)
				rc = check_literal(p, s->var, p->tok[2]);
			if (!rc && strchr(p->tok[2], '$'))
				rc = fail(p, "an item's value is literal:",
					  p->tok[2]);
			if (!rc) {
				e->key =
				    arena_strdup(p->menu->arena, p->tok[1]);
				e->text =
				    arena_strdup(p->menu->arena, p->tok[2]);
			}
			nitems++;
		} else if (strcmp(kw, "key") == 0) {
			e->kind = ME_KEY;
			if (p->ntok < 3)
				return fail(p,
					    "usage: key KEY STATEMENT | "
					    "key KEY do",
					    NULL);
			e->key = arena_strdup(p->menu->arena, p->tok[1]);
			if (strcmp(p->tok[2], "do") == 0) {
				rc = want_count(p, 3);
				if (!rc)
					rc =
					    parse_block(p, &e->body, 0, &ended);
				if (!rc && strcmp(ended, "end") != 0)
					rc = fail(p, "unexpected", ended);
			} else {
				rc = parse_stmt(p, 2, &e->body, 0);
			}
		} else {
			return fail(p, "unknown menu keyword", kw);
		}
		if (rc)
			return rc;
		if (e->key) {
			struct menu_entry *o;

			if (strlen(e->key) > 16 || strchr(e->key, '$'))
				return fail(p, "bad key", e->key);
			for (o = s->entries; o; o = o->next)
				if (o->key && strcmp(o->key, e->key) == 0)
					return fail(p, "duplicate key", e->key);
		}
		*tail = e;
		tail = &e->next;
	}
}

static int parse_if(struct parser *p, int from, struct stmt *s, int in_ask)
{
	const char *ended;
	struct stmt *els;
	int rc;

	rc = parse_cond(p, from, &s->cond);
	if (rc)
		return rc;
	rc = parse_block(p, &s->body, in_ask, &ended);
	if (rc)
		return rc;
	if (strcmp(ended, "elif") == 0) {
		els = arena_alloc(p->menu->arena, sizeof(*els));
		if (!els)
			return nomem(p);
		els->kind = ST_IF;
		els->line = p->line;
		els->var = -1;
		s->orelse = els;
		return parse_if(p, 1, els, in_ask);
	}
	if (strcmp(ended, "else") == 0) {
		rc = want_count(p, 1);
		if (rc)
			return rc;
		rc = parse_block(p, &s->orelse, in_ask, &ended);
		if (rc)
			return rc;
		if (strcmp(ended, "end") != 0)
			return fail(p, "expected end, found", ended);
	}
	return 0;
}

/**
 * Parse one statement from tokens [from, ntok) of the current line.
 * Block statements read further lines.
 */
static int parse_stmt(struct parser *p, int from, struct stmt **out, int in_ask)
{
	static const struct {
		const char *kw;
		enum stmt_kind kind;
	} kws[] = {
	    {"print", ST_PRINT},     {"pause", ST_PAUSE},
	    {"ask", ST_ASK},	     {"toggle", ST_TOGGLE},
	    {"set", ST_SET},	     {"if", ST_IF},
	    {"menu", ST_MENU},	     {"resolve", ST_RESOLVE},
	    {"reverse", ST_REVERSE}, {"netparams", ST_NETPARAMS},
	    {"strip", ST_STRIP},     {"reject", ST_REJECT},
	    {"stop", ST_STOP},	     {"exit", ST_EXIT},
	    {"cmdline", ST_CMDLINE}, {"kernel", ST_KERNEL},
	    {"initrd", ST_INITRD},   {"from", ST_FROM},
	    {"boot", ST_BOOT},	     {"manifest", ST_MANIFEST},
	};
	const char *kw = p->tok[from], *ended;
	struct stmt *s;
	size_t k;
	int rc = 0, i, n = p->ntok - from;

	for (k = 0; k < sizeof(kws) / sizeof(kws[0]); k++)
		if (strcmp(kw, kws[k].kw) == 0)
			break;
	if (k == sizeof(kws) / sizeof(kws[0]))
		return fail(p, "unknown keyword", kw);
	s = arena_alloc(p->menu->arena, sizeof(*s));
	if (!s)
		return nomem(p);
	s->kind = kws[k].kind;
	s->line = p->line;
	s->var = -1;
	if (from > 0 && (s->kind == ST_IF || s->kind == ST_MENU ||
			 (s->kind == ST_ASK && n == 4)))
		return fail(p, "a block cannot follow key inline; use do:", kw);

	switch (s->kind) {
	case ST_PRINT:
	case ST_PAUSE:
	case ST_STOP:
	case ST_MANIFEST:
		rc = want_count(p, from + 2);
		if (!rc)
			rc = want_text(p, from + 1, &s->text);
		break;
	case ST_KERNEL:
	case ST_INITRD:
		/* kernel PATH [sha256 HEX] */
		rc = want_count(p, n > 2 ? from + 4 : from + 2);
		if (!rc)
			rc = want_text(p, from + 1, &s->text);
		if (!rc && n > 2)
			rc = want_pin(p, from + 2, &s->pin);
		break;
	case ST_REJECT:
		if (!in_ask)
			return fail(p, "reject is only allowed in an ask block",
				    NULL);
		rc = want_count(p, from + 2);
		if (!rc)
			rc = want_text(p, from + 1, &s->text);
		break;
	case ST_BOOT:
		/* boot [METHOD [LKRN]] */
		if (n > 3)
			rc = fail(p, "usage: boot [METHOD [IPXE-LKRN]]", NULL);
		else if (n > 1)
			rc = want_words(p, from + 1, &s->words, &s->nwords);
		break;
	case ST_ASK:
		if (n != 3 && !(n == 4 && strcmp(p->tok[from + 3], "do") == 0))
			return fail(p, "usage: ask VAR \"PROMPT\" [do]", NULL);
		rc = want_var(p, from + 1, 1, &s->var);
		if (!rc)
			rc = want_text(p, from + 2, &s->text);
		if (!rc && n == 4) {
			rc = parse_block(p, &s->body, 1, &ended);
			if (!rc && strcmp(ended, "end") != 0)
				rc = fail(p, "expected end, found", ended);
		}
		break;
	case ST_TOGGLE:
		rc = want_count(p, from + 2);
		if (!rc)
			rc = want_var(p, from + 1, 1, &s->var);
		if (!rc && p->menu->vars[s->var].spec.type != VT_YESNO &&
		    !(p->menu->vars[s->var].spec.type == VT_CHOICE &&
		      p->menu->vars[s->var].spec.nchoices == 2))
			rc = fail(p,
				  "toggle needs a yesno or a two-word choice:",
				  p->tok[from + 1]);
		break;
	case ST_SET:
	case ST_STRIP:
		rc = want_count(p, from + 3);
		if (!rc)
			rc = want_var(p, from + 1, 1, &s->var);
		if (!rc)
			rc = want_text(p, from + 2, &s->text);
		if (!rc && s->kind == ST_SET)
			rc = check_literal(p, s->var, s->text);
		break;
	case ST_RESOLVE:
	case ST_REVERSE:
		rc = want_count(p, from + 3);
		if (!rc)
			rc = want_var(p, from + 1, 1, &s->var);
		if (!rc)
			rc = want_var(p, from + 2, 0, &s->vars[0]);
		break;
	case ST_NETPARAMS:
		rc = want_count(p, from + 6);
		for (i = 0; !rc && i < 5; i++)
			rc = want_var(p, from + 1 + i, i > 0, &s->vars[i]);
		for (i = 0; !rc && i < 5; i++)
			if (p->menu->vars[s->vars[i]].spec.type != VT_IPV4)
				rc = fail(p, "netparams takes ipv4 variables:",
					  p->tok[from + 1 + i]);
		if (!rc && !p->menu->masks_file)
			rc = fail(p,
				  "netparams needs a masks file declared "
				  "first",
				  NULL);
		break;
	case ST_EXIT:
		rc = want_count(p, from + 2);
		if (rc)
			break;
		if (strcmp(p->tok[from + 1], "prompt") == 0)
			s->exit = EXIT_PROMPT;
		else if (strcmp(p->tok[from + 1], "local") == 0)
			s->exit = EXIT_LOCAL;
		else
			rc = fail(
			    p, "exit takes prompt or local:", p->tok[from + 1]);
		break;
	case ST_CMDLINE:
	case ST_FROM:
		rc = want_words(p, from + 1, &s->words, &s->nwords);
		break;
	case ST_IF:
		rc = parse_if(p, from + 1, s, in_ask);
		break;
	case ST_MENU:
		rc = want_count(p, from + 3);
		if (!rc)
			rc = want_var(p, from + 1, 1, &s->var);
		if (!rc)
			rc = want_text(p, from + 2, &s->text);
		if (!rc)
			rc = parse_menu(p, s);
		break;
	default:
		break;
	}
	if (rc)
		return rc;
	*out = s;
	return 0;
}

/**
 * Parse statements until `end`, `elif` or `else` (or end of file at the
 * top level, where @ended_by is NULL).
 */
static int parse_block(struct parser *p, struct stmt **out, int in_ask,
		       const char **ended_by)
{
	struct stmt **tail = out;
	int rc, opened = p->line;
	char msg[64];

	for (;;) {
		rc = next_line(p);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			if (!ended_by)
				return 0;
			snprintf(msg, sizeof(msg),
				 "missing end of the block opened at line %d",
				 opened);
			return fail(p, msg, NULL);
		}
		if (!strcmp(p->tok[0], "end") || !strcmp(p->tok[0], "elif") ||
		    !strcmp(p->tok[0], "else")) {
			if (!ended_by)
				return fail(p, "unexpected", p->tok[0]);
			if (strcmp(p->tok[0], "end") == 0) {
				rc = want_count(p, 1);
				if (rc)
					return rc;
			}
			*ended_by = p->tok[0];
			return 0;
		}
		if (!strcmp(p->tok[0], "var") || !strcmp(p->tok[0], "masks")) {
			if (ended_by || p->menu->body)
				return fail(p,
					    "declarations come before "
					    "statements:",
					    p->tok[0]);
			if (strcmp(p->tok[0], "var") == 0) {
				rc = parse_var(p);
			} else {
				rc = want_count(p, 2);
				if (!rc && p->menu->masks_file)
					rc = fail(p, "duplicate masks", NULL);
				if (!rc) {
					p->menu->masks_file = arena_strdup(
					    p->menu->arena, p->tok[1]);
					if (!p->menu->masks_file)
						rc = nomem(p);
				}
			}
			if (rc)
				return rc;
			continue;
		}
		rc = parse_stmt(p, 0, tail, in_ask);
		if (rc)
			return rc;
		tail = &(*tail)->next;
	}
}

/**
 * Parse a menu.
 *
 * @v file	name used in messages
 * @v text	the menu text (need not be NUL-terminated)
 * @v len	its length
 * @v menu	the parsed menu, freed with menu_free()
 * @v err	on failure, "file:line: message"
 * @ret rc	0, -EINVAL or -ENOMEM
 */
int menu_parse(const char *file, const char *text, size_t len,
	       struct menu **menu, char *err, size_t errsize)
{
	struct parser *p;
	struct menu *m;
	size_t i;
	int rc = -ENOMEM;

	*menu = NULL;
	p = calloc(1, sizeof(*p));
	m = calloc(1, sizeof(*m));
	if (!p || !m)
		goto err_alloc;
	m->arena = arena_new();
	if (!m->arena)
		goto err_alloc;
	m->file = arena_strdup(m->arena, file);
	if (!m->file)
		goto err_alloc;
	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		strcpy(m->vars[i].name, builtins[i].name);
		m->vars[i].spec.type = builtins[i].type;
		m->vars[i].builtin = 1;
	}
	m->nvars = (int)i;

	p->menu = m;
	p->text = p->pos = text;
	p->end = text + len;
	p->err = err;
	p->errsize = errsize;
	rc = parse_block(p, &m->body, 0, NULL);
	if (rc == 0 && !m->body)
		rc = fail(p, "the menu has no statements", NULL);
	if (rc)
		goto err_parse;
	free(p);
	*menu = m;
	return 0;

err_parse:
err_alloc:
	if (rc == -ENOMEM)
		snprintf(err, errsize, "%s: out of memory", file);
	if (m)
		arena_free(m->arena);
	free(m);
	free(p);
	return rc;
}

void menu_free(struct menu *menu)
{
	if (!menu)
		return;
	arena_free(menu->arena);
	free(menu);
}
