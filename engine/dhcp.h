/* Facts from a cached DHCP reply. */
#ifndef ENGINE_DHCP_H
#define ENGINE_DHCP_H

#include <stddef.h>
#include <stdint.h>
#include "value.h"

#define DHCP_DNS_MAX 8

struct dhcp_info {
	uint32_t ipaddr, netmask, gateway, server;
	uint32_t dns[DHCP_DNS_MAX];
	int ndns;
	uint8_t mac[6];
	char hostname[VALUE_MAX]; /**< "" if absent or invalid */
	char domain[VALUE_MAX];	  /**< "" if absent or invalid */
};

int dhcp_parse(const uint8_t *pkt, size_t len, struct dhcp_info *info);

#endif
