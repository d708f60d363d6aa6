/*
 * Read the facts the dialog needs from a BOOTP/DHCP reply: our address,
 * netmask, gateway, every DNS server, host and domain name.  Bad or absent
 * options leave the field empty; nothing here trusts a length.
 */
#include <errno.h>
#include <string.h>
#include "net/dhcp.h"

static uint32_t get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

/* Store a host or domain name option if it validates. */
static void take_name(const uint8_t *p, size_t n, char *out)
{
	struct value_spec host = {VT_HOSTNAME, NULL, 0};
	char tmp[VALUE_MAX];
	const char *why;

	if (n == 0 || n >= sizeof(tmp))
		return;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	if (tmp[n - 1] == '\0')
		n = strlen(tmp);
	if (strlen(tmp) != n)
		return;
	if (value_check(&host, tmp, tmp, sizeof(tmp), &why) == 0)
		strcpy(out, tmp);
}

/**
 * Parse a DHCP reply.
 *
 * @v pkt	the packet, starting at the BOOTP op field
 * @v len	its length
 * @v info	facts found
 * @ret rc	0, or -EINVAL when it is not a BOOTP reply
 */
int dhcp_parse(const uint8_t *pkt, size_t len, struct dhcp_info *info)
{
	size_t pos = 240, n;
	int i;

	memset(info, 0, sizeof(*info));
	if (len < 240 || pkt[0] != 2)
		return -EINVAL;
	info->ipaddr = get32(pkt + 16);
	info->server = get32(pkt + 20);
	memcpy(info->mac, pkt + 28, 6);
	if (get32(pkt + 236) != 0x63825363)
		return 0; /* plain BOOTP: no options */
	while (pos < len) {
		uint8_t code = pkt[pos];

		if (code == 0) {
			pos++;
			continue;
		}
		if (code == 255 || pos + 1 >= len)
			break;
		n = pkt[pos + 1];
		pos += 2;
		if (pos + n > len)
			break;
		switch (code) {
		case 1:
			if (n == 4)
				info->netmask = get32(pkt + pos);
			break;
		case 3:
			if (n >= 4)
				info->gateway = get32(pkt + pos);
			break;
		case 6:
			for (i = 0;
			     i + 4 <= (int)n && info->ndns < DHCP_DNS_MAX;
			     i += 4)
				info->dns[info->ndns++] = get32(pkt + pos + i);
			break;
		case 12:
			take_name(pkt + pos, n, info->hostname);
			break;
		case 15:
			take_name(pkt + pos, n, info->domain);
			break;
		case 54:
			if (n == 4)
				info->server_id = get32(pkt + pos);
			break;
		}
		pos += n;
	}
	return 0;
}

/**
 * Add one cached packet to the lease.  Call with the DHCP ACK first, then
 * the proxy offer and the PXE (boot server) reply, as far as there are
 * any.  The ACK's address, netmask, gateway, DNS servers and names win;
 * later packets only fill in what is missing.  The boot server is the
 * other way round: a proxy or PXE reply names the server the boot file
 * came from, so its siaddr replaces the ACK's (as PXELINUX itself does).
 *
 * @v lease	the facts so far (zeroed before the first call)
 * @v one	one parsed packet
 */
void dhcp_merge(struct dhcp_info *lease, const struct dhcp_info *one)
{
	int j;

	if (!lease->ipaddr && one->ipaddr) {
		lease->ipaddr = one->ipaddr;
		memcpy(lease->mac, one->mac, sizeof(lease->mac));
	}
	if (one->server)
		lease->server = one->server;
	if (!lease->server_id)
		lease->server_id = one->server_id;
	if (!lease->netmask)
		lease->netmask = one->netmask;
	if (!lease->gateway)
		lease->gateway = one->gateway;
	if (lease->ndns == 0) {
		for (j = 0; j < one->ndns; j++)
			lease->dns[j] = one->dns[j];
		lease->ndns = one->ndns;
	}
	if (!lease->hostname[0])
		strcpy(lease->hostname, one->hostname);
	if (!lease->domain[0])
		strcpy(lease->domain, one->domain);
}

/**
 * The TFTP server that booted the client: the boot server's siaddr, else
 * the DHCP server (a server that sets no next-server serves TFTP itself).
 *
 * @ret addr	host order, 0 if the lease names none
 */
uint32_t dhcp_boot_server(const struct dhcp_info *lease)
{
	return lease->server ? lease->server : lease->server_id;
}
