/*
 * libFuzzer target: the menu parser.  Oracle: a menu that parses prints in
 * canonical form, and what it prints parses again and prints the same
 * (the round trip the golden tests check for the shipped menus).  Every
 * menu that parses is also compiled to an iPXE stage1 script (the
 * compiler must finish, or refuse with a message).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "emit/ipxe.h"
#include "stage1/ipxe_menu.h"
#include "lang/menu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out1[1 << 16], out2[1 << 16], script[1 << 18];
	char err[MENU_ERROR_MAX];
	struct menu *m, *m2;

	if (menu_parse("fuzz.menu", (const char *)data, size, &m, err,
		       sizeof(err)) != 0)
		return 0;
	err[0] = '\0';
	if (ipxe_menu_script(m, script, sizeof(script), err, sizeof(err)) !=
		0 &&
	    !err[0])
		abort(); /* refused without saying why */
	if (menu_print(m, out1, sizeof(out1), err, sizeof(err)) != 0) {
		menu_free(m);
		return 0; /* too big to print here: not a finding */
	}
	menu_free(m);
	if (menu_parse("printed.menu", out1, strlen(out1), &m2, err,
		       sizeof(err)) != 0)
		abort(); /* the printer wrote a menu the parser refuses */
	if (menu_print(m2, out2, sizeof(out2), err, sizeof(err)) != 0 ||
	    strcmp(out1, out2) != 0)
		abort(); /* the round trip changed the menu */
	menu_free(m2);
	return 0;
}
