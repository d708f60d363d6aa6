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
#include "base/arena.h"
#include "base/text.h"
#include "lang/menu.h"
#include "base/hex.h"
#include "base/sha256.h"
#include "lang/ipxe_word.h"

#define TOKENS_MAX    32
#define MENU_LINE_MAX 1024

struct parser {
	struct menu *menu;
	const char *text, *end, *pos;
	int line;
	/* The current line, split into tokens. */
	char buf[MENU_LINE_MAX];
	char *tok[TOKENS_MAX];
	int quoted[TOKENS_MAX];
	int ntok;
	char *err;
	size_t errsize;
};

/* The variables the engine reads by name (menu.h). */
struct named_var {
	const char *name;
	enum value_type type;
};
static const struct named_var builtins[BUILTIN_COUNT] = {
#define X(n, t) {#n, t},
    BUILTIN_VARS
#undef X
};
static const struct named_var known_vars[KNOWN_COUNT] = {
#define X(n, t) {#n, t},
    KNOWN_VARS
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
 * Where a menu declares a known variable (menu_parse checked its type).
 *
 * @ret var	its index, or -1 when the menu does not declare it
 */
int menu_known(const struct menu *m, enum menu_known k)
{
	return m->known[k];
}

/* A known variable must be declared with its type. */
static int check_known(struct parser *p, const struct menu_var *v)
{
	char what[MENU_NAME_MAX + 32];
	int k;

	for (k = 0; k < KNOWN_COUNT; k++) {
		if (strcmp(v->name, known_vars[k].name) != 0)
			continue;
		if (v->spec.type != known_vars[k].type) {
			snprintf(what, sizeof(what), "%s %s", v->name,
				 value_type_name(known_vars[k].type));
			return fail(p, "the engine reads this variable as",
				    what);
		}
		p->menu->known[k] = p->menu->nvars;
	}
	return 0;
}

/* Copy the next line into p->buf: 1, 0 at the end, or -EINVAL. */
static int read_line(struct parser *p)
{
	const char *nl;
	size_t len;

	if (p->pos >= p->end)
		return 0;
	nl = text_find(p->pos, p->end, '\n');
	len = nl ? (size_t)(nl - p->pos) : (size_t)(p->end - p->pos);
	p->line++;
	if (len >= MENU_LINE_MAX)
		return fail(p, "line longer than 1023 bytes", NULL);
	memcpy(p->buf, p->pos, len);
	p->buf[len] = '\0';
	p->pos += len + (nl ? 1 : 0);
	if (len && p->buf[len - 1] == '\r')
		p->buf[--len] = '\0';
	if (text_find(p->buf, p->buf + len, '\0'))
		return fail(p, "NUL byte in line", NULL);
	return 1;
}

/* A quoted token at *sp, its quotes and escapes (\" and \\) removed. */
static int split_quoted(struct parser *p, char **sp)
{
	char *s = *sp + 1, *o = s;

	p->tok[p->ntok++] = o;
	for (; *s != '"'; *o++ = *s++) {
		if (*s == '\0')
			return fail(p, "unterminated string", NULL);
		if ((unsigned char)*s < 0x20 && *s != '\t')
			return fail(p, "control byte in string", NULL);
		if (*s == '\\' && s[1] != '"' && s[1] != '\\')
			return fail(p, "only \\\" and \\\\ escapes exist",
				    NULL);
		if (*s == '\\')
			s++;
	}
	s++;
	if (*s && *s != ' ' && *s != '\t')
		return fail(p, "text right after a closing quote", NULL);
	*o = '\0';
	*sp = s;
	return 0;
}

/* A bare token at *sp: printable ASCII to the next blank. */
static int split_bare(struct parser *p, char **sp)
{
	char *s = *sp;

	p->tok[p->ntok++] = s;
	for (; *s && *s != ' ' && *s != '\t'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return fail(p, "control or non-ASCII byte", NULL);
	if (*s)
		*s++ = '\0';
	*sp = s;
	return 0;
}

/* Split p->buf into tokens; a comment ends the line. */
static int tokenize(struct parser *p)
{
	char *s = p->buf;
	int rc = 0;

	for (p->ntok = 0; !rc;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0' || *s == '#')
			break;
		if (p->ntok == TOKENS_MAX)
			return fail(p, "too many words on a line", NULL);
		p->quoted[p->ntok] = (*s == '"');
		rc = *s == '"' ? split_quoted(p, &s) : split_bare(p, &s);
	}
	return rc;
}

/**
 * Read the next line that has tokens.
 *
 * @ret rc	1 when a line was read, 0 at end of input, or -EINVAL
 */
static int next_line(struct parser *p)
{
	int rc;

	do {
		rc = read_line(p);
		if (rc <= 0)
			return rc;
		rc = tokenize(p);
		if (rc)
			return rc;
	} while (p->ntok == 0);
	return 1;
}

/* The words of the language, each once: the parser reads them, the
 * printer writes them. */
const char *const menu_stmt_names[ST_COUNT] = {
    [ST_PRINT] = "print",     [ST_PAUSE] = "pause",
    [ST_ASK] = "ask",	      [ST_TOGGLE] = "toggle",
    [ST_SET] = "set",	      [ST_IF] = "if",
    [ST_MENU] = "menu",	      [ST_RESOLVE] = "resolve",
    [ST_REVERSE] = "reverse", [ST_NETPARAMS] = "netparams",
    [ST_STRIP] = "strip",     [ST_REJECT] = "reject",
    [ST_STOP] = "stop",	      [ST_EXIT] = "exit",
    [ST_CMDLINE] = "cmdline", [ST_KERNEL] = "kernel",
    [ST_INITRD] = "initrd",   [ST_FROM] = "from",
    [ST_BOOT] = "boot",	      [ST_MANIFEST] = "manifest",
};

/* "VAR = W", "VAR != W", "VAR in W...", "VAR is set", "VAR is unset";
 * "VAR is TYPE" takes a type's name. */
const char *const menu_cond_names[COND_COUNT] = {
    [COND_EQ] = "=",	[COND_NE] = "!=",	[COND_IN] = "in",
    [COND_SET] = "set", [COND_UNSET] = "unset", [COND_TYPE] = NULL,
};

const char *const menu_exit_names[EXIT_COUNT] = {
    [EXIT_PROMPT] = "prompt", [EXIT_LOCAL] = "local"};

const char *const menu_entry_names[ME_COUNT] = {[ME_TEXT] = "text",
						[ME_ITEM] = "item",
						[ME_KEY] = "key",
						[ME_INVALID] = "invalid",
						[ME_TIMEOUT] = "timeout"};

/* What ends a block. */
static const char *const block_ends[] = {"end", "elif", "else"};

/**
 * Find a word in one of the tables above.
 *
 * @ret index	its index in names[0..n), or -1
 */
int menu_name_find(const char *const *names, int n, const char *word)
{
	int i;

	for (i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], word) == 0)
			return i;
	return -1;
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
		return fail(p, "missing argument after",
			    p->ntok > 0 ? p->tok[p->ntok - 1] : NULL);
	return 0;
}

/** "sha256 HEX": a pinned digest, kept in lower case. */
static int want_pin(struct parser *p, int i, const char **out)
{
	uint8_t digest[SHA256_LEN];
	char *hex;

	if (strcmp(p->tok[i], "sha256") != 0)
		return fail(p, "expected sha256 HEX, found", p->tok[i]);
	if (hex_parse(p->tok[i + 1], digest, SHA256_LEN) != 0)
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
	rc = check_known(p, v);
	if (rc)
		return rc;
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
	int rc, k;

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
		k = menu_name_find(menu_cond_names, COND_COUNT,
				   p->tok[from + 2]);
		if (k == COND_SET || k == COND_UNSET)
			c->kind = (enum cond_kind)k;
		else if (value_type_lookup(p->tok[from + 2], &c->type) == 0 &&
			 c->type != VT_CHOICE)
			c->kind = COND_TYPE;
		else
			return fail(p, "expected set, unset or a type:",
				    p->tok[from + 2]);
		return 0;
	}
	k = menu_name_find(menu_cond_names, COND_SET, op);
	if (k < 0)
		return fail(p, "unknown operator", op);
	c->kind = (enum cond_kind)k;
	if (c->kind != COND_IN) {
		rc = want_count(p, from + 3);
		if (rc)
			return rc;
	}
	return want_words(p, from + 2, &c->words, &c->nwords);
}

static int parse_stmt(struct parser *p, int from, struct stmt **out,
		      int in_ask);

/* "missing end of the WHAT opened at line N" */
static int unclosed(struct parser *p, const char *what, int line)
{
	char msg[64];

	snprintf(msg, sizeof(msg), "missing end of the %s opened at line %d",
		 what, line);
	return fail(p, msg, NULL);
}

/* A block that must end with `end` (not else or elif). */
static int parse_end_block(struct parser *p, struct stmt **out, int in_ask)
{
	const char *ended;
	int rc = parse_block(p, out, in_ask, &ended);

	if (!rc && strcmp(ended, "end") != 0)
		rc = fail(p, "expected end, found", ended);
	return rc;
}

/* text "T", invalid "T" */
static int parse_entry_text(struct parser *p, struct stmt *s,
			    struct menu_entry *e)
{
	int rc = want_count(p, 2);

	(void)s;
	return rc ? rc : want_text(p, 1, &e->text);
}

/* item KEY VALUE: the value is a literal of the menu's variable. */
static int parse_entry_item(struct parser *p, struct stmt *s,
			    struct menu_entry *e)
{
	int rc = want_count(p, 3);

	if (!rc)
		rc = check_literal(p, s->var, p->tok[2]);
	if (!rc && strchr(p->tok[2], '$'))
		rc = fail(p, "an item's value is literal:", p->tok[2]);
	if (rc)
		return rc;
	e->key = arena_strdup(p->menu->arena, p->tok[1]);
	e->text = arena_strdup(p->menu->arena, p->tok[2]);
	return e->key && e->text ? 0 : nomem(p);
}

/* key KEY STATEMENT, or key KEY do ... end */
static int parse_entry_key(struct parser *p, struct stmt *s,
			   struct menu_entry *e)
{
	int rc;

	(void)s;
	if (p->ntok < 3)
		return fail(p, "usage: key KEY STATEMENT | key KEY do", NULL);
	e->key = arena_strdup(p->menu->arena, p->tok[1]);
	if (!e->key)
		return nomem(p);
	if (strcmp(p->tok[2], "do") != 0)
		return parse_stmt(p, 2, &e->body, 0);
	rc = want_count(p, 3);
	return rc ? rc : parse_end_block(p, &e->body, 0);
}

/* timeout SECONDS KEY: with no key for SECONDS, KEY is taken (checked
 * against the menu's keys at its end). */
static int parse_entry_timeout(struct parser *p, struct stmt *s,
			       struct menu_entry *e)
{
	struct value_spec spec = {VT_SECONDS, NULL, 0};
	char v[VALUE_MAX];
	const char *why;
	int rc = want_count(p, 3);
	const struct menu_entry *o;

	if (rc)
		return rc;
	for (o = s->entries; o; o = o->next)
		if (o->kind == ME_TIMEOUT)
			return fail(p, "a second timeout in this menu", NULL);
	if (value_check(&spec, p->tok[1], v, sizeof(v), &why) != 0 ||
	    value_seconds(v) == 0)
		return fail(p, "timeout takes 1 to 86400 seconds, not",
			    p->tok[1]);
	e->seconds = value_seconds(v);
	e->text = arena_strdup(p->menu->arena, p->tok[2]);
	return e->text ? 0 : nomem(p);
}

static int (*const entry_parsers[ME_COUNT])(struct parser *p, struct stmt *s,
					    struct menu_entry *e) = {
    [ME_TEXT] = parse_entry_text,	[ME_ITEM] = parse_entry_item,
    [ME_KEY] = parse_entry_key,		[ME_INVALID] = parse_entry_text,
    [ME_TIMEOUT] = parse_entry_timeout,
};

/* A menu's timeout names one of its items or keys. */
static int check_timeout_key(struct parser *p, const struct stmt *s)
{
	const struct menu_entry *t, *o;

	for (t = s->entries; t && t->kind != ME_TIMEOUT; t = t->next)
		;
	if (!t)
		return 0;
	for (o = s->entries; o; o = o->next)
		if (o->key && text_equal_nocase(o->key, t->text))
			return 0;
	p->line = t->line;
	return fail(p, "the timeout's key is not in this menu", t->text);
}

/* A key is short, literal and used once in its menu. */
static int check_key(struct parser *p, const struct stmt *s, const char *key)
{
	const struct menu_entry *o;

	if (strlen(key) > 16 || strchr(key, '$'))
		return fail(p, "bad key", key);
	for (o = s->entries; o; o = o->next)
		if (o->key && strcmp(o->key, key) == 0)
			return fail(p, "duplicate key", key);
	return 0;
}

/* The entries of `menu VAR "PROMPT"`, up to its end. */
static int parse_menu(struct parser *p, struct stmt *s)
{
	struct menu_entry **tail = &s->entries, *e;
	int rc, k, nitems = 0;

	for (;;) {
		rc = next_line(p);
		if (rc <= 0)
			return rc ? rc : unclosed(p, "menu", s->line);
		if (strcmp(p->tok[0], "end") == 0) {
			rc = want_count(p, 1);
			if (!rc && nitems == 0)
				rc = fail(p, "a menu needs an item", NULL);
			return rc ? rc : check_timeout_key(p, s);
		}
		k = menu_name_find(menu_entry_names, ME_COUNT, p->tok[0]);
		if (k < 0)
			return fail(p, "unknown menu keyword", p->tok[0]);
		e = arena_alloc(p->menu->arena, sizeof(*e));
		if (!e)
			return nomem(p);
		e->line = p->line;
		e->kind = (enum menu_entry_kind)k;
		rc = entry_parsers[k](p, s, e);
		if (!rc && e->key)
			rc = check_key(p, s, e->key);
		if (rc)
			return rc;
		nitems += e->kind == ME_ITEM;
		*tail = e;
		tail = &e->next;
	}
}

/* print, pause, stop, manifest, reject: one text. */
static int parse_text(struct parser *p, int from, struct stmt *s, int in_ask)
{
	int rc;

	if (s->kind == ST_REJECT && !in_ask)
		return fail(p, "reject is only allowed in an ask block", NULL);
	rc = want_count(p, from + 2);
	return rc ? rc : want_text(p, from + 1, &s->text);
}

/* kernel PATH [sha256 HEX], initrd PATH [sha256 HEX] */
static int parse_file(struct parser *p, int from, struct stmt *s, int in_ask)
{
	int n = p->ntok - from;
	int rc = want_count(p, n > 2 ? from + 4 : from + 2);

	(void)in_ask;
	if (!rc)
		rc = want_text(p, from + 1, &s->text);
	if (!rc && n > 2)
		rc = want_pin(p, from + 2, &s->pin);
	return rc;
}

/* boot [METHOD [LKRN]] */
static int parse_boot(struct parser *p, int from, struct stmt *s, int in_ask)
{
	int n = p->ntok - from;

	(void)in_ask;
	if (n > 4)
		return fail(p, "usage: boot [METHOD [IPXE-LKRN [IPXE-EFI]]]",
			    NULL);
	return n > 1 ? want_words(p, from + 1, &s->words, &s->nwords) : 0;
}

/* ask VAR "PROMPT" [do ... end] */
static int parse_ask(struct parser *p, int from, struct stmt *s, int in_ask)
{
	int n = p->ntok - from, rc;

	(void)in_ask;
	if (n != 3 && !(n == 4 && strcmp(p->tok[from + 3], "do") == 0))
		return fail(p, "usage: ask VAR \"PROMPT\" [do]", NULL);
	rc = want_var(p, from + 1, 1, &s->var);
	if (!rc)
		rc = want_text(p, from + 2, &s->text);
	if (!rc && n == 4)
		rc = parse_end_block(p, &s->body, 1);
	return rc;
}

/* toggle VAR: a yesno, or a choice of two words. */
static int parse_toggle(struct parser *p, int from, struct stmt *s, int in_ask)
{
	const struct value_spec *spec;
	int rc = want_count(p, from + 2);

	(void)in_ask;
	if (!rc)
		rc = want_var(p, from + 1, 1, &s->var);
	if (rc)
		return rc;
	spec = &p->menu->vars[s->var].spec;
	if (spec->type != VT_YESNO &&
	    !(spec->type == VT_CHOICE && spec->nchoices == 2))
		return fail(p, "toggle needs a yesno or a two-word choice:",
			    p->tok[from + 1]);
	return 0;
}

/* set VAR TEXT, strip VAR SUFFIX; resolve VAR FROM, reverse VAR FROM */
static int parse_var_and(struct parser *p, int from, struct stmt *s, int in_ask)
{
	int lookup = s->kind == ST_RESOLVE || s->kind == ST_REVERSE;
	int rc = want_count(p, from + 3);

	(void)in_ask;
	if (!rc)
		rc = want_var(p, from + 1, 1, &s->var);
	if (!rc)
		rc = lookup ? want_var(p, from + 2, 0, &s->vars[0])
			    : want_text(p, from + 2, &s->text);
	if (!rc && s->kind == ST_SET)
		rc = check_literal(p, s->var, s->text);
	return rc;
}

/* netparams IP NETMASK NETWORK BROADCAST GATEWAY */
static int parse_netparams(struct parser *p, int from, struct stmt *s,
			   int in_ask)
{
	int i, rc = want_count(p, from + 6);

	(void)in_ask;
	for (i = 0; !rc && i < 5; i++)
		rc = want_var(p, from + 1 + i, i > 0, &s->vars[i]);
	for (i = 0; !rc && i < 5; i++)
		if (p->menu->vars[s->vars[i]].spec.type != VT_IPV4)
			rc = fail(p, "netparams takes ipv4 variables:",
				  p->tok[from + 1 + i]);
	if (!rc && !p->menu->masks_file)
		rc = fail(p, "netparams needs a masks file declared first",
			  NULL);
	return rc;
}

/* exit prompt, exit local */
static int parse_exit(struct parser *p, int from, struct stmt *s, int in_ask)
{
	int k, rc = want_count(p, from + 2);

	(void)in_ask;
	if (rc)
		return rc;
	k = menu_name_find(menu_exit_names, EXIT_COUNT, p->tok[from + 1]);
	if (k < 0)
		return fail(p, "exit takes prompt or local:", p->tok[from + 1]);
	s->exit = (enum exit_kind)k;
	return 0;
}

/* cmdline WORD..., from WORD... */
/**
 * What a cmdline template may hold (doc/menu-language.md): any printable
 * ASCII, but no word (split at blanks) that iPXE reads as syntax or that
 * starts with ':', and double quotes in pairs, so that the kernel's own
 * quoting ends within the word.  Typed values cannot add any of these:
 * their types allow none.
 */
static int check_cmdline_word(struct parser *p, const char *t)
{
	char word[VALUE_MAX];
	const char *s;
	size_t n, quotes = 0;

	for (s = t; *s; s++) {
		if ((unsigned char)*s < ' ' || (unsigned char)*s > '~')
			return fail(p, "a control or non-ASCII byte in", t);
		quotes += *s == '"';
	}
	if (quotes % 2)
		return fail(p, "an unpaired '\"' in", t);
	for (s = t; *s; s += n) {
		s += strspn(s, " ");
		n = strcspn(s, " ");
		if (n == 0)
			break;
		snprintf(word, sizeof(word), "%.*s", (int)n, s);
		if (ipxe_syntax_word(word) || word[0] == ':')
			return fail(p, "iPXE would read a word as syntax in",
				    t);
	}
	return 0;
}

static int parse_words(struct parser *p, int from, struct stmt *s, int in_ask)
{
	int i, rc;

	(void)in_ask;
	rc = want_words(p, from + 1, &s->words, &s->nwords);
	for (i = 0; !rc && s->kind == ST_CMDLINE && i < s->nwords; i++)
		rc = check_cmdline_word(p, s->words[i]);
	return rc;
}

/* if COND ... [elif COND ...] [else ...] end */
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
		return parse_end_block(p, &s->orelse, in_ask);
	}
	return 0;
}

static int parse_if_stmt(struct parser *p, int from, struct stmt *s, int in_ask)
{
	return parse_if(p, from + 1, s, in_ask);
}

/* menu VAR "PROMPT", its entries, end */
static int parse_menu_stmt(struct parser *p, int from, struct stmt *s,
			   int in_ask)
{
	int rc = want_count(p, from + 3);

	(void)in_ask;
	if (!rc)
		rc = want_var(p, from + 1, 1, &s->var);
	if (!rc)
		rc = want_text(p, from + 2, &s->text);
	return rc ? rc : parse_menu(p, s);
}

/* How each statement's words are read. */
static int (*const stmt_parsers[ST_COUNT])(struct parser *p, int from,
					   struct stmt *s, int in_ask) = {
    [ST_PRINT] = parse_text,
    [ST_PAUSE] = parse_text,
    [ST_STOP] = parse_text,
    [ST_MANIFEST] = parse_text,
    [ST_REJECT] = parse_text,
    [ST_KERNEL] = parse_file,
    [ST_INITRD] = parse_file,
    [ST_BOOT] = parse_boot,
    [ST_ASK] = parse_ask,
    [ST_TOGGLE] = parse_toggle,
    [ST_SET] = parse_var_and,
    [ST_STRIP] = parse_var_and,
    [ST_RESOLVE] = parse_var_and,
    [ST_REVERSE] = parse_var_and,
    [ST_NETPARAMS] = parse_netparams,
    [ST_EXIT] = parse_exit,
    [ST_CMDLINE] = parse_words,
    [ST_FROM] = parse_words,
    [ST_IF] = parse_if_stmt,
    [ST_MENU] = parse_menu_stmt,
};

/* One statement, its keyword at token @from (0, or 2 after `key K`). */
static int parse_stmt(struct parser *p, int from, struct stmt **out, int in_ask)
{
	const char *kw = p->tok[from];
	int k = menu_name_find(menu_stmt_names, ST_COUNT, kw), rc;
	struct stmt *s;

	if (k < 0)
		return fail(p, "unknown keyword", kw);
	if (from > 0 && (k == ST_IF || k == ST_MENU ||
			 (k == ST_ASK && p->ntok - from == 4)))
		return fail(p, "a block cannot follow key inline; use do:", kw);
	s = arena_alloc(p->menu->arena, sizeof(*s));
	if (!s)
		return nomem(p);
	s->kind = (enum stmt_kind)k;
	s->line = p->line;
	s->var = -1;
	rc = stmt_parsers[k](p, from, s, in_ask);
	if (rc)
		return rc;
	*out = s;
	return 0;
}

/* var ..., masks FILE: only before the first statement. */
static int parse_decl(struct parser *p, int in_block)
{
	int rc;

	if (in_block || p->menu->body)
		return fail(p,
			    "declarations come before statements:", p->tok[0]);
	if (strcmp(p->tok[0], "var") == 0)
		return parse_var(p);
	rc = want_count(p, 2);
	if (!rc && p->menu->masks_file)
		rc = fail(p, "duplicate masks", NULL);
	if (rc)
		return rc;
	p->menu->masks_file = arena_strdup(p->menu->arena, p->tok[1]);
	return p->menu->masks_file ? 0 : nomem(p);
}

/**
 * Statements up to the end of a block, or of the menu.
 *
 * @v ended_by	for a block: set to the word that ended it (end, elif,
 *		else); NULL for the whole menu
 */
static int parse_block(struct parser *p, struct stmt **out, int in_ask,
		       const char **ended_by)
{
	struct stmt **tail = out;
	int rc, opened = p->line;

	for (;;) {
		rc = next_line(p);
		if (rc <= 0)
			return rc || !ended_by ? rc
					       : unclosed(p, "block", opened);
		if (menu_name_find(block_ends, 3, p->tok[0]) >= 0) {
			if (!ended_by)
				return fail(p, "unexpected", p->tok[0]);
			rc = strcmp(p->tok[0], "end") ? 0 : want_count(p, 1);
			*ended_by = p->tok[0];
			return rc;
		}
		if (!strcmp(p->tok[0], "var") || !strcmp(p->tok[0], "masks"))
			rc = parse_decl(p, ended_by != NULL);
		else if ((rc = parse_stmt(p, 0, tail, in_ask)) == 0)
			tail = &(*tail)->next;
		if (rc)
			return rc;
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
	for (i = 0; i < BUILTIN_COUNT; i++) {
		strcpy(m->vars[i].name, builtins[i].name);
		m->vars[i].spec.type = builtins[i].type;
		m->vars[i].builtin = 1;
	}
	m->nvars = (int)i;
	for (i = 0; i < KNOWN_COUNT; i++)
		m->known[i] = -1;

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
