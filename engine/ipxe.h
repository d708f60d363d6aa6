/* iPXE scripts generated from a finished dialog. */
#ifndef ENGINE_IPXE_H
#define ENGINE_IPXE_H

#include <stddef.h>
#include <stdint.h>
#include "dhcp.h"
#include "run.h"

/** Rounds over every server (and name server) before asking the user. */
#define IPXE_ROUNDS 3

int ipxe_chain_script(const struct run_result *res,
		      const struct dhcp_info *lease, char *buf, size_t size,
		      char *err, size_t errsize);
int ipxe_safe_word(const char *word);

#endif
