/* Unit tests: DHCP reply parsing (engine/net/dhcp.c). */
#include "check.h"
#include "net/dhcp.h"
#include "dhcp_captured.h"

static size_t packet(uint8_t *p, const uint8_t *opts, size_t olen)
{
	memset(p, 0, 240);
	p[0] = 2;
	p[16] = 10, p[17] = 99, p[18] = 0, p[19] = 50; /* yiaddr */
	p[236] = 0x63, p[237] = 0x82, p[238] = 0x53, p[239] = 0x63;
	memcpy(p + 240, opts, olen);
	return 240 + olen;
}

/* What each server's replies must give the module, as the rig hands it
 * out (tests/lib/qemu.py: the ns rig; the first DNS server is dead). */
static const struct {
	const char *name;
	uint32_t ipaddr;
} leases[] = {
    {"deploy_dnsmasq_bios", 0x0a630032},
    {"deploy_dnsmasq_uefi", 0x0a630032},
    {"deploy_dhcpd_bios", 0x0a630032},
    {"deploy_dhcpd_uefi", 0x0a630032},
    /* Kea offered .50 to the first DISCOVER and .51 to the second */
    {"deploy_kea_bios", 0x0a630033},
    {"deploy_kea_uefi", 0x0a630032},
};

/*
 * The replies real servers sent (tests/unit/capture-dhcp), merged as the
 * module merges what the firmware cached: the DHCPACK, then the cached
 * reply (the ACK again when there is no proxy).  Every server's shipped
 * file must give the address, netmask, gateway, both DNS servers and
 * the boot server; and no cut of a packet may be read past its end.
 */
static void check_captured(void)
{
	static uint8_t cut[1500];
	const struct captured_packet *ack;
	struct dhcp_info lease, one;
	size_t c, k, len;
	int i;

	CHECK(sizeof(captures) / sizeof(captures[0]) ==
		  sizeof(leases) / sizeof(leases[0]),
	      "%s", "a lease for each capture");
	for (c = 0; c < sizeof(captures) / sizeof(captures[0]); c++) {
		ack = NULL;
		for (i = 0; i < captures[c].n; i++)
			if (strcmp(captures[c].packets[i].type, "ACK") == 0)
				ack = &captures[c].packets[i];
		CHECK(ack != NULL, "%s: no ACK", captures[c].name);
		if (!ack)
			continue;
		memset(&lease, 0, sizeof(lease));
		for (k = 0; k < 2; k++) {
			CHECK(dhcp_parse(ack->data, ack->len, &one) == 0,
			      "%s: ACK", captures[c].name);
			dhcp_merge(&lease, &one);
		}
		CHECK(strcmp(captures[c].name, leases[c].name) == 0 &&
			  lease.ipaddr == leases[c].ipaddr,
		      "%s: address %x", captures[c].name, lease.ipaddr);
		CHECK(lease.netmask == 0xffffff00 &&
			  lease.gateway == 0x0a630001,
		      "%s: netmask %x gateway %x", captures[c].name,
		      lease.netmask, lease.gateway);
		CHECK(lease.ndns == 2 && lease.dns[0] == 0x0a630009 &&
			  lease.dns[1] == 0x0a630001,
		      "%s: %d DNS servers", captures[c].name, lease.ndns);
		CHECK(dhcp_boot_server(&lease) == 0x0a630001,
		      "%s: boot server %x", captures[c].name,
		      dhcp_boot_server(&lease));
		for (len = 0; len < ack->len && len <= sizeof(cut); len++) {
			memcpy(cut, ack->data, len);
			if (dhcp_parse(cut, len, &one) == 0)
				CHECK(len >= 240, "%s: %zu bytes parsed",
				      captures[c].name, len);
		}
	}
}

int main(void)
{
	static const uint8_t opts[] = {
	    1,	4,  255, 255, 255, 0, /* netmask */
	    3,	4,  10,	 99,  0,   1, /* router */
	    6,	12, 10,	 99,  0,   9,	10,  99,  0,   1,   8,
	    8,	8,  8,					       /* 3 DNS */
	    0,						       /* pad */
	    12, 9,  'N', 'o', 'd', 'e', '.', 'a', 'b', 'c', 0, /* name */
	    15, 7,  'm', 'i', 't', '.', 'e', 'd', 'u',	       /* domain */
	    255};
	static const uint8_t evil[] = {12, 5,	'a', ';', 'b', 'c', 'd',
				       6,  200, 1,   2,	  3,   4};
	uint8_t p[600];
	struct dhcp_info d;
	size_t len;

	check_captured();
	len = packet(p, opts, sizeof(opts));
	CHECK(dhcp_parse(p, len, &d) == 0, "%s", "parse");
	CHECK(d.ipaddr == 0x0a630032, "ip %x", d.ipaddr);
	CHECK(d.netmask == 0xffffff00, "mask %x", d.netmask);
	CHECK(d.gateway == 0x0a630001, "gw %x", d.gateway);
	CHECK(d.ndns == 3 && d.dns[0] == 0x0a630009 && d.dns[2] == 0x08080808,
	      "ndns %d", d.ndns);
	CHECK_STR(d.hostname, "node.abc", "hostname (NUL-terminated option)");
	CHECK_STR(d.domain, "mit.edu", "domain");

	/* A bad host name is dropped; an option running past the end is
	 * not read. */
	len = packet(p, evil, sizeof(evil));
	CHECK(dhcp_parse(p, len, &d) == 0, "%s", "parse evil");
	CHECK_STR(d.hostname, "", "bad host name kept");
	CHECK(d.ndns == 0, "ndns %d", d.ndns);

	/* The merge: the ACK's facts win, the boot server comes from the
	 * proxy or PXE reply, and the DHCP server (option 54) is the boot
	 * server when no packet sets siaddr. */
	{
		static const uint8_t ack_opts[] = {1,  4,  255, 255, 255, 0,  6,
						   4,  10, 99,	0,   1,	  54, 4,
						   10, 99, 0,	2,   255};
		static const uint8_t proxy_opts[] = {1, 4, 255, 0, 0, 0,  6,
						     4, 8, 8,	8, 8, 255};
		struct dhcp_info lease, one;

		memset(&lease, 0, sizeof(lease));
		len = packet(p, ack_opts, sizeof(ack_opts));
		CHECK(dhcp_parse(p, len, &one) == 0, "%s", "ack");
		dhcp_merge(&lease, &one);
		CHECK(dhcp_boot_server(&lease) == 0x0a630002,
		      "no siaddr: option 54, got %x", dhcp_boot_server(&lease));
		p[20] = 10, p[21] = 99, p[22] = 0, p[23] = 3; /* siaddr */
		dhcp_parse(p, len, &one);
		memset(&lease, 0, sizeof(lease));
		dhcp_merge(&lease, &one);
		CHECK(dhcp_boot_server(&lease) == 0x0a630003,
		      "ack siaddr, got %x", dhcp_boot_server(&lease));
		len = packet(p, proxy_opts, sizeof(proxy_opts));
		p[16] = p[17] = p[18] = p[19] = 0; /* a proxy offers none */
		p[20] = 10, p[21] = 99, p[22] = 0, p[23] = 7;
		dhcp_parse(p, len, &one);
		dhcp_merge(&lease, &one);
		CHECK(dhcp_boot_server(&lease) == 0x0a630007,
		      "proxy siaddr wins, got %x", dhcp_boot_server(&lease));
		CHECK(lease.ipaddr == 0x0a630032, "ip %x", lease.ipaddr);
		CHECK(lease.netmask == 0xffffff00, "ack netmask kept %x",
		      lease.netmask);
		CHECK(lease.ndns == 1 && lease.dns[0] == 0x0a630001,
		      "ack DNS kept %d", lease.ndns);
		/* A PXE reply without siaddr keeps the proxy's. */
		p[20] = p[21] = p[22] = p[23] = 0;
		dhcp_parse(p, len, &one);
		dhcp_merge(&lease, &one);
		CHECK(dhcp_boot_server(&lease) == 0x0a630007, "kept %x",
		      dhcp_boot_server(&lease));
	}

	/* Not a reply, too short. */
	p[0] = 1;
	CHECK(dhcp_parse(p, len, &d) != 0, "%s", "request accepted");
	CHECK(dhcp_parse(p, 100, &d) != 0, "%s", "short packet accepted");
	return CHECK_DONE("test_dhcp");
}
