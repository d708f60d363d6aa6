/* Running a menu: the dialog, over an abstract console and network. */
#ifndef ENGINE_RUN_H
#define ENGINE_RUN_H

#include <stdint.h>
#include "lang/cmdline.h"
#include "net/dhcp.h"
#include "dialog/lineedit.h"
#include "net/masks.h"
#include "lang/menu.h"
#include "base/sha256.h"

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

/** How the stage2 is loaded. */
enum boot_method {
	BOOT_DIRECT, /**< by the front end itself */
	BOOT_IPXE,   /**< by iPXE, handed a generated script */
	BOOT_AUTO,   /**< iPXE for http:// when the front end has no HTTP */
};

extern const char *const boot_method_names[];

struct run_result {
	enum run_action action;
	enum boot_method method;
	char lkrn[VALUE_MAX]; /**< BIOS: ipxe.lkrn to chain (BOOT_IPXE/AUTO) */
	char ipxe_efi[VALUE_MAX]; /**< UEFI: the iPXE image (snponly.efi) */
	char servers[VALUE_LIST_MAX][VALUE_MAX]; /**< from `from`, in order */
	int nservers; /**< 0: kernel/initrd are whole paths */
	char kernel[VALUE_MAX];
	char initrd[VALUE_MAX];
	char kernel_pin[SHA256_HEX_LEN + 1]; /**< pinned digest, or "" */
	char initrd_pin[SHA256_HEX_LEN + 1];
	char manifest[VALUE_MAX]; /**< from `manifest`, or "" */
	int verify;	 /**< a pin, a manifest or a key: only checked files */
	int signed_only; /**< the front end holds keys (run.signed_only) */
	char cmdline[CMDLINE_LIMIT + 1]; /**< the menu's words (no loader's) */
	char message[MENU_ERROR_MAX];
};

struct run {
	const struct menu *menu;
	struct console *con;
	struct run_net net;
	const struct masks *masks;
	int auto_mode;
	int signed_only; /**< keys given: boot only what a signature covers */
	unsigned long idle;	/**< the idle limit in seconds (0: none) */
	char syslog[VALUE_MAX]; /**< the label's syslog=, checked, or "" */
	char values[MENU_VARS_MAX][VALUE_MAX];
	unsigned char isset[MENU_VARS_MAX];
	unsigned char preset[MENU_VARS_MAX];
	char cmdline[CMDLINE_LIMIT + VALUE_MAX + 2];
	size_t cmdlen;
	int cmd_overflow;
	struct run_result *res;
	/** The statement whose line is being read (ask, menu, pause): for
	 * front ends that draw their own input (GRUB's keys) */
	const struct stmt *reading;
};

void run_init(struct run *r, const struct menu *menu, struct console *con);
int run_preset(struct run *r, const char *name, const char *value, char *err,
	       size_t errsize);
int run_preset_word(struct run *r, const char *word, char *err, size_t errsize);

void run_lease_builtins(struct run *r, int long_mode,
			const struct dhcp_info *lease);
enum run_action run_dialog(struct run *r, struct run_result *res);
int run_read_line(struct run *r, char *buf, size_t size, unsigned long first);

#endif
