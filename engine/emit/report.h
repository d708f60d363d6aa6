/*
 * The boot report: one RFC 5424 syslog message, sent over UDP when the
 * front end hands over to a stage2 or gives up (doc/integrity.md).
 */
#ifndef ENGINE_REPORT_H
#define ENGINE_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include "dialog/args.h"
#include "dialog/run.h"
#include "trust/signify.h"

/** Longest report: every syslog receiver takes 1024 bytes (RFC 5426). */
#define REPORT_MAX	   1024
#define REPORT_SYSLOG_PORT 514

enum report_event {
	REPORT_HANDOVER, /**< the stage2 (or iPXE) is being started */
	REPORT_GIVEUP,	 /**< nothing was booted: the boot: prompt, a stop */
};

/** One check's outcome, in the order a boot makes them. */
enum report_file { REPORT_MENU, REPORT_MASKS, REPORT_MANIFEST, REPORT_FILES };

/** What the front end found while it loaded and checked. */
struct report_checks {
	int signed_only;	 /**< keys given: signatures needed */
	int tried[REPORT_FILES]; /**< that file was loaded and checked */
	struct signify_result sig[REPORT_FILES];
	int builtin_menu;	  /**< the built-in menu ran */
	const char *kernel_check; /**< "ok", "mismatch", NULL: not checked */
	const char *initrd_check;
	char kernel[VALUE_MAX * 2]; /**< the locations last loaded, or "" */
	char initrd[VALUE_MAX * 2];
};

int report_servers(const struct run *r, uint32_t *addrs);
int report_format(char *buf, size_t size, enum report_event event,
		  const struct run *r, const struct run_result *res,
		  const struct dhcp_info *lease, const char *method,
		  const struct report_checks *checks, const char *why);

#endif
