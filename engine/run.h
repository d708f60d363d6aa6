/* Running a menu: the dialog, over an abstract console and network. */
#ifndef ENGINE_RUN_H
#define ENGINE_RUN_H

#include <stdint.h>
#include "lineedit.h"
#include "masks.h"
#include "menu.h"

/** Longest kernel command line the boot protocol takes (without NUL). */
#define CMDLINE_LIMIT 2047
/** Above this many bytes the old stage1 warned (old kernels cut there). */
#define CMDLINE_WARN 512

/** Name lookups the front end provides; rc 0, -ENOENT or -ETIMEDOUT. */
struct run_net {
	void *ctx;
	int (*resolve)(void *ctx, const char *name, uint32_t *addr);
	int (*reverse)(void *ctx, uint32_t addr, char *name, size_t size);
};

enum run_action {
	RUN_BOOT,	 /**< load kernel + initrd with cmdline */
	RUN_EXIT_PROMPT, /**< back to the PXELINUX boot: prompt */
	RUN_EXIT_LOCAL,	 /**< boot from the local disk */
	RUN_STOP,	 /**< stopped, message says why */
	RUN_EOF,	 /**< the console closed */
};

struct run_result {
	enum run_action action;
	char kernel[VALUE_MAX];
	char initrd[VALUE_MAX];
	char cmdline[CMDLINE_LIMIT + 1];
	char message[MENU_ERROR_MAX];
};

struct run {
	const struct menu *menu;
	struct console *con;
	struct run_net net;
	const struct masks *masks;
	int auto_mode;
	char values[MENU_VARS_MAX][VALUE_MAX];
	unsigned char isset[MENU_VARS_MAX];
	unsigned char preset[MENU_VARS_MAX];
	char cmdline[CMDLINE_LIMIT + VALUE_MAX + 2];
	size_t cmdlen;
	int cmd_overflow;
	struct run_result *res;
};

void run_init(struct run *r, const struct menu *menu, struct console *con);
int run_builtin(struct run *r, const char *name, const char *value);
int run_preset(struct run *r, const char *name, const char *value, char *err,
	       size_t errsize);
int run_dialog(struct run *r, struct run_result *res);

#endif
