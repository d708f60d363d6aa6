/* iPXE scripts generated from a finished dialog. */
#ifndef ENGINE_IPXE_H
#define ENGINE_IPXE_H

#include <stddef.h>
#include <stdint.h>
#include "net/dhcp.h"
#include "lang/ipxe_word.h"
#include "boot/plan.h"

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

void ipxe_emit_fetch(struct out *o, const struct plan_attempt *attempts, int n,
		     const char *args, int add_words, const char *start);
int ipxe_chain_script(const struct plan *p, char *buf, size_t size, char *err,
		      size_t errsize);
void ipxe_emit_text(struct out *o, const char *text, int newline);

#endif
