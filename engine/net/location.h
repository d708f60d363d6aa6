/* Where a location written in a menu or a label names a file. */
#ifndef ENGINE_LOCATION_H
#define ENGINE_LOCATION_H

#include <stddef.h>
#include <stdint.h>

/** Longest resolved location: a value plus "tftp://255.255.255.255/". */
#define LOCATION_MAX 512

int location_resolve(const char *loc, uint32_t boot_server, char *buf,
		     size_t size);
int location_beside(const char *menu_path, const char *loc, char *buf,
		    size_t size);

#endif
