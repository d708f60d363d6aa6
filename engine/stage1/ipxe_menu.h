/* A whole menu compiled to an iPXE script: iPXE as the stage1. */
#ifndef ENGINE_IPXE_MENU_H
#define ENGINE_IPXE_MENU_H

#include <stddef.h>
#include "lang/menu.h"

int ipxe_menu_script(const struct menu *m, char *buf, size_t size, char *err,
		     size_t errsize);

#endif
