/*
 * One rule for every location (kernel, initrd, from/server, manifest,
 * masks, menu=, ipxe), the same on every firmware and boot loader.
 *
 * A location with a scheme (tftp://, http://) is used as written.  Any
 * other location is a path on the TFTP root of the server that booted the
 * client, whether it starts with '/' or not.  PXELINUX would take such a
 * path relative to its own directory and syslinux.efi relative to its
 * (efi64/ in the shipped tree), so the same label would name different
 * files on BIOS and UEFI: the front ends hand the loader the resolved
 * tftp://SERVER/path instead, which both loaders and iPXE fetch alike.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "net/location.h"
#include "lang/value.h"

/**
 * Resolve a location.
 *
 * @v loc		a validated URL or TFTP path (VT_URL)
 * @v boot_server	the TFTP server that booted the client, host order;
 *			0 if unknown (the path is then left to the loader)
 * @v buf		the location to fetch
 * @ret rc		0, or -E2BIG
 */
int location_resolve(const char *loc, uint32_t boot_server, char *buf,
		     size_t size)
{
	char ip[16];
	int n;

	if (strstr(loc, "://") || !boot_server) {
		n = snprintf(buf, size, "%s", loc);
	} else {
		ipv4_format(boot_server, ip);
		n = snprintf(buf, size, "tftp://%s/%s", ip,
			     loc + strspn(loc, "/"));
	}
	return (n < 0 || (size_t)n >= size) ? -E2BIG : 0;
}

/**
 * A location as a file on a host that holds the TFTP tree (the host tool,
 * the dialog service): the menu's directory stands for the TFTP root, so
 * "x" and "/x" are both the menu's neighbour x.  URLs are not fetched.
 *
 * @v menu_path	the menu's file
 * @v loc	a location the menu names (its masks table, say)
 * @ret rc	0; -EPROTONOSUPPORT for a URL; -E2BIG
 */
int location_beside(const char *menu_path, const char *loc, char *buf,
		    size_t size)
{
	const char *slash = strrchr(menu_path, '/');
	int n;

	if (strstr(loc, "://"))
		return -EPROTONOSUPPORT;
	loc += strspn(loc, "/");
	if (slash)
		n = snprintf(buf, size, "%.*s/%s", (int)(slash - menu_path),
			     menu_path, loc);
	else
		n = snprintf(buf, size, "%s", loc);
	return (n < 0 || (size_t)n >= size) ? -E2BIG : 0;
}
