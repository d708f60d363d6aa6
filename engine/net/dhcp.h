/* Facts from a cached DHCP reply. */
#ifndef ENGINE_DHCP_H
#define ENGINE_DHCP_H

#include <stddef.h>
#include <stdint.h>
#include "lang/value.h"

#define DHCP_DNS_MAX 8

struct dhcp_info {
	uint32_t ipaddr, netmask, gateway;
	uint32_t server;    /**< the boot (TFTP) server: siaddr */
	uint32_t server_id; /**< the DHCP server (option 54) */
	uint32_t dns[DHCP_DNS_MAX];
	int ndns;
	uint8_t mac[6];
	char hostname[VALUE_MAX]; /**< "" if absent or invalid */
	char domain[VALUE_MAX];	  /**< "" if absent or invalid */
};

int dhcp_parse(const uint8_t *pkt, size_t len, struct dhcp_info *info);
void dhcp_merge(struct dhcp_info *lease, const struct dhcp_info *one);
uint32_t dhcp_boot_server(const struct dhcp_info *lease);

#endif
