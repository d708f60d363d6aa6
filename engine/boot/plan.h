/*
 * The boot plan: everything about the hand-over that is decided once, for
 * every front end (doc/faults.md).
 */
#ifndef ENGINE_PLAN_H
#define ENGINE_PLAN_H

#include <stddef.h>
#include "net/dhcp.h"
#include "net/location.h"
#include "lang/menu.h"
#include "dialog/run.h"
#include "base/sha256.h"

/*
 * The failure policy, the same on every path.  A round tries every
 * attempt in order; after PLAN_ROUNDS rounds, PLAN_PAUSE_S seconds apart,
 * the user is offered to retry, to run the dialog again or to leave to
 * the boot loader.  Nobody there (no key for PLAN_CHOICE_S seconds, or
 * auto mode): the dialog's idle limit's action when it has one (the local
 * disk), else the rounds start again: an unattended machine keeps trying.
 */
#define PLAN_ROUNDS   3
#define PLAN_PAUSE_S  2
#define PLAN_CHOICE_S 60

/** The boot loaders a front end runs under: what each can fetch. */
enum loader {
	LOADER_PXELINUX,     /**< pxelinux.0: TFTP only; can chain ipxe.lkrn */
	LOADER_LPXELINUX,    /**< lpxelinux.0: TFTP and HTTP */
	LOADER_SYSLINUX_EFI, /**< syslinux.efi: TFTP and HTTP; can start
				  an iPXE that runs its command line */
	LOADER_IPXE,	     /**< iPXE itself: the service, the stage1 */
	LOADER_GRUB,	     /**< GRUB under shim (the service's GRUB
				  client): HTTP and TFTP, no iPXE */
	LOADER_COUNT
};

extern const char loader_names[LOADER_COUNT][13];

/** The most attempts a round has: every server, every name server. */
#define PLAN_ATTEMPTS_MAX (VALUE_LIST_MAX * DHCP_DNS_MAX)

/** One way of fetching the stage2, in the order a round tries them. */
struct plan_attempt {
	int server;		   /**< index into res->servers (0: none) */
	char kernel[LOCATION_MAX]; /**< as fetched (location_resolve) */
	char initrd[LOCATION_MAX]; /**< "" when the menu loads none */
	char dns[16];		   /**< name server to use; "" keeps the
				      loader's own (it tries each) */
};

/** Where a checked boot takes a file's expected digest from. */
enum plan_check {
	PLAN_UNCHECKED, /**< the menu checks nothing: loaded as it is */
	PLAN_PIN,	/**< its `sha256` in the menu */
	PLAN_MANIFEST,	/**< its line in the menu's manifest */
	PLAN_REFUSED,	/**< neither: the file is not booted */
};

extern const char plan_check_names[][10];

/** What an unattended machine does when every round failed. */
enum plan_unattended {
	PLAN_RETRY, /**< the rounds again, after PLAN_CHOICE_S */
	PLAN_LOCAL, /**< the idle limit's action, after idle seconds */
};

extern const char plan_unattended_names[][8];
extern const char plan_again[];
extern const char plan_failed[];
/** What the user is offered after the rounds, by method. */
extern const char plan_choices[][48];

struct plan {
	const struct run_result *res;  /**< the finished dialog */
	const struct dhcp_info *lease; /**< the client's lease */
	enum loader loader;
	enum boot_method method; /**< BOOT_DIRECT or BOOT_IPXE */
	const char *note;	 /**< why the menu's method is not followed */
	const char *ipxe;	 /**< BOOT_IPXE: the iPXE image to start */
	char no_ipxe[MENU_ERROR_MAX]; /**< why iPXE cannot boot it; "" */
	enum plan_check kernel_check, initrd_check;
	int nattempts;
	struct plan_attempt attempts[PLAN_ATTEMPTS_MAX];
	enum plan_unattended unattended;
	unsigned long wait; /**< seconds before the unattended action */
};

int plan_make(struct plan *p, const struct run_result *res,
	      const struct dhcp_info *lease, enum loader loader,
	      unsigned long idle);
int plan_path(const struct run_result *res, int server, const char *file,
	      char *buf, size_t size);
int plan_cmdline(const struct plan *p, int words, char *buf, size_t size);
enum boot_method plan_method(const struct run_result *res, enum loader loader,
			     const char **note);
enum plan_check plan_check_of(const struct run_result *res, int initrd);
int plan_needs_manifest(const struct plan *p);
int plan_expected(const struct plan *p, const char *manifest, size_t len,
		  char khex[SHA256_HEX_LEN + 1], char ihex[SHA256_HEX_LEN + 1],
		  char *err, size_t errsize);

#endif
