/* Unit tests: the menu parser's errors (engine/lang/menu.c). Each broken menu
 * must fail with its file:line and message. */
#include <stdlib.h>
#include "check.h"
#include "lang/menu.h"

#define HEAD "var t choice a b\nvar h hostname\n"

static const struct {
	const char *text;
	const char *error; /* NULL: must parse */
} cases[] = {
    {HEAD "print \"hi ${h}\"\nboot\n", NULL},
    {HEAD "qestion h\n", "t.menu:3: unknown keyword \"qestion\""},
    {HEAD "print x\nvar x word\n",
     "t.menu:4: declarations come before statements: \"var\""},
    {"var t choice a\n", "t.menu:1: a choice needs at least two words \"t\""},
    {"var t choice a b\nvar t word\n", "t.menu:2: duplicate variable \"t\""},
    {"var T word\n", "t.menu:1: bad variable name \"T\""},
    {"var t frobnicate\n", "t.menu:1: unknown type \"frobnicate\""},
    {"var t word = a b\nboot\n", "t.menu:1: invalid word for t"},
    {"var m ipv4 = 10.0.0.256\nboot\n", "t.menu:1: invalid ipv4 for m"},
    {"var t word = ${nope}\n", "t.menu:1: unknown variable \"nope\""},
    {HEAD "print \"$x\"\n", "t.menu:3: '$' must start ${name} in \"$x\""},
    {HEAD "print \"${h\"\n", "t.menu:3: unclosed ${ in"},
    {HEAD "print \"a}\"\n", "t.menu:3: stray '}' in \"a}\""},
    {HEAD "print \"${h}}\"\n", "t.menu:3: stray '}' in \"${h}}\""},
    {HEAD "print \"${}\"\n", "t.menu:3: bad variable reference in"},
    {HEAD "print \"${a${h}\"\n", "t.menu:3: bad variable reference in"},
    {HEAD "print \"${h}${t}x\"\nboot\n", NULL},
    {HEAD "print \"unterminated\n", "t.menu:3: unterminated string"},
    {HEAD "print \"a\\qb\"\n", "t.menu:3: only \\\" and \\\\ escapes exist"},
    {HEAD "print \"a\"b\n", "t.menu:3: text right after a closing quote"},
    {HEAD "if t = a\nprint x\n",
     "t.menu:4: missing end of the block opened at line 3"},
    {HEAD "end\n", "t.menu:3: unexpected \"end\""},
    {HEAD "if t ~ a\nend\n", "t.menu:3: unknown operator \"~\""},
    {HEAD "if t is nice\nend\n",
     "t.menu:3: expected set, unset or a type: \"nice\""},
    {HEAD "set cpu_arch x\n",
     "t.menu:3: cannot assign builtin variable \"cpu_arch\""},
    {HEAD "set t c\n", "t.menu:3: invalid choice for t"},
    {HEAD "toggle h\n",
     "t.menu:3: toggle needs a yesno or a two-word choice: \"h\""},
    {HEAD "reject \"no\"\n",
     "t.menu:3: reject is only allowed in an ask block"},
    {HEAD "ask h \"H: \" do\nreject \"no\"\nend\nboot\n", NULL},
    {HEAD "exit somewhere\n",
     "t.menu:3: exit takes prompt or local: \"somewhere\""},
    {HEAD "netparams h h h h h\n",
     "t.menu:3: netparams takes ipv4 variables: \"h\""},
    {HEAD "menu t \"?\"\nitem 1 c\nend\n", "t.menu:4: invalid choice for t"},
    {HEAD "menu t \"?\"\ntext \"x\"\nend\n", "t.menu:5: a menu needs an item"},
    {HEAD "menu t \"?\"\nitem 1 a\nitem 1 b\nend\n",
     "t.menu:5: duplicate key \"1\""},
    {HEAD "menu t \"?\"\nitem 1 a\nbogus\nend\n",
     "t.menu:5: unknown menu keyword \"bogus\""},
    {HEAD "menu t \"?\"\nitem 1 a\nkey 2 if t = a\nend\n",
     "t.menu:5: a block cannot follow key inline; use do: \"if\""},
    {HEAD "menu t \"?\"\nitem 1 a\nkey 2 do\nprint x\nend\nend\nboot\n", NULL},
    {HEAD "print x y\n", "t.menu:3: unexpected text \"y\""},
    {HEAD "print\n", "t.menu:3: missing argument after \"print\""},
    {HEAD "print \"a\x01\"\n", "t.menu:3: control byte in string"},
    {HEAD "print \xc3\xa9\n", "t.menu:3: control or non-ASCII byte"},
    {"# only a comment\n", "t.menu:1: the menu has no statements"},
    {HEAD "menu t \"?\"\nitem 1 a\n",
     "t.menu:4: missing end of the menu opened at line 3"},
    {HEAD "masks a\nboot\n", NULL},
};

/* The one ${...} scanner: each template as its pieces, L literal, R a
 * reference, E the reason it is malformed. */
static const struct {
	const char *t;
	const char *pieces;
} templates[] = {
    {"", ""},
    {"abc", "L:abc|"},
    {"${h}", "R:h|"},
    {"a${h}b${t}", "L:a|R:h|L:b|R:t|"},
    {"${h}${t}", "R:h|R:t|"},
    {"a$b", "L:a|E:'$' must start ${name} in"},
    {"${h", "E:unclosed ${ in"},
    {"${}", "E:bad variable reference in"},
    {"x}", "E:stray '}' in"},
    {"${h}}", "R:h|E:stray '}' in"},
    {"${abcdefghijklmnopqrstuvwxyz789012}", "E:bad variable reference in"},
};

static void test_templates(void)
{
	struct menu_piece piece;
	const char *t, *why;
	char got[200], name[MENU_NAME_MAX];
	size_t i, n;
	int rc;

	for (i = 0; i < sizeof(templates) / sizeof(templates[0]); i++) {
		t = templates[i].t;
		n = 0;
		got[0] = '\0';
		while ((rc = menu_template_next(&t, &piece, &why)) == 1)
			n += (size_t)snprintf(got + n, sizeof(got) - n,
					      "%c:%.*s|", piece.ref ? 'R' : 'L',
					      (int)piece.len, piece.text);
		if (rc < 0)
			snprintf(got + n, sizeof(got) - n, "E:%s", why);
		CHECK(strcmp(got, templates[i].pieces) == 0,
		      "template \"%s\": got %s, want %s", templates[i].t, got,
		      templates[i].pieces);
	}
	CHECK(menu_template_ref("${h}", name, sizeof(name)) &&
		  strcmp(name, "h") == 0,
	      "${h} is one reference");
	CHECK(!menu_template_ref("${h}x", name, sizeof(name)) &&
		  !menu_template_ref("x${h}", name, sizeof(name)) &&
		  !menu_template_ref("${h}${t}", name, sizeof(name)),
	      "only a whole-word reference is one reference");
}

int main(void)
{
	char err[MENU_ERROR_MAX], *big;
	struct menu *m;
	size_t i;
	int rc;

	test_templates();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		rc = menu_parse("t.menu", cases[i].text, strlen(cases[i].text),
				&m, err, sizeof(err));
		if (!cases[i].error) {
			CHECK(rc == 0, "case %zu: %s", i, err);
		} else {
			CHECK(rc != 0, "case %zu parsed; want %s", i,
			      cases[i].error);
			CHECK(strncmp(err, cases[i].error,
				      strlen(cases[i].error)) == 0,
			      "case %zu: got \"%s\", want \"%s\"", i, err,
			      cases[i].error);
		}
		menu_free(m);
	}

	/* A 2 KiB line is refused with its line number. */
	big = malloc(4096);
	memset(big, 'x', 4095);
	big[0] = 'p';
	big[4095] = '\0';
	rc = menu_parse("t.menu", big, 4095, &m, err, sizeof(err));
	CHECK(rc != 0 &&
		  strcmp(err, "t.menu:1: line longer than 1023 bytes") == 0,
	      "%s", err);
	free(big);

	/* NUL bytes inside a line. */
	rc = menu_parse("t.menu", "boot\0x\n", 7, &m, err, sizeof(err));
	CHECK(rc != 0 && strstr(err, "NUL byte"), "%s", err);
	return CHECK_DONE("test_menu");
}
