/* The Athena masks table: netmask and gateway for an address. */
#ifndef ENGINE_MASKS_H
#define ENGINE_MASKS_H

#include <stddef.h>
#include <stdint.h>

struct masks_entry {
	uint32_t address;
	int significant;  /**< bits of address that must match */
	int netmask;	  /**< netmask bits */
	uint32_t gateway; /**< 0: network address + 1 */
};

struct masks {
	struct masks_entry *entries;
	int count;
};

int masks_parse(const char *file, const char *text, size_t len,
		struct masks *masks, char *err, size_t errsize);
void masks_free(struct masks *masks);

struct netparams {
	uint32_t netmask, network, broadcast, gateway;
	int bits;
};

int masks_lookup(const struct masks *masks, uint32_t addr,
		 struct netparams *np);
void netparams_from_mask(uint32_t addr, uint32_t netmask, uint32_t gateway,
			 struct netparams *np);

#endif
