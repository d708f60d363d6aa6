/* iPXE scripts generated from a finished dialog. */
#ifndef ENGINE_IPXE_H
#define ENGINE_IPXE_H

#include <stddef.h>
#include <stdint.h>
#include "dhcp.h"
#include "run.h"

/** Rounds over every server (and name server) before asking the user. */
#define IPXE_ROUNDS 3

/**
 * Every fetch the scripts make gives up after this long without progress
 * (iPXE's --timeout): a server that accepts and then sends nothing would
 * otherwise hold iPXE for ever.  A large download that keeps coming is
 * not cut short.
 */
#define IPXE_FETCH_TIMEOUT_MS 30000
#define IPXE_STR_(x)	      #x
#define IPXE_STR(x)	      IPXE_STR_(x)
/** The option as the scripts write it. */
#define IPXE_TIMEOUT_OPT "--timeout " IPXE_STR(IPXE_FETCH_TIMEOUT_MS)

struct out;

/** The most attempts a round has: every server, every name server. */
#define IPXE_ATTEMPTS_MAX (VALUE_LIST_MAX * DHCP_DNS_MAX)

/** One way of fetching the stage2, as the generated script tries it. */
struct ipxe_attempt {
	char kernel[VALUE_MAX * 2];
	char initrd[VALUE_MAX * 2];
	char dns[16]; /**< name server to use; "" keeps the current one */
};

void ipxe_emit_fetch(struct out *o, const struct ipxe_attempt *attempts, int n,
		     const char *args, int add_words, const char *start);
int ipxe_chain_script(const struct run_result *res,
		      const struct dhcp_info *lease, char *buf, size_t size,
		      char *err, size_t errsize);
int ipxe_attempts(const struct run_result *res, const struct dhcp_info *lease,
		  struct ipxe_attempt *attempts, int *n, char *err,
		  size_t errsize);
void ipxe_emit_text(struct out *o, const char *text, int newline);
int ipxe_safe_word(const char *word);
int ipxe_safe_words(const char *text);
int ipxe_syntax_word(const char *word);
int ipxe_menu_script(const struct menu *m, char *buf, size_t size, char *err,
		     size_t errsize);

#endif
