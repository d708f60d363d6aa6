/* Unit tests: DHCP reply parsing (engine/dhcp.c). */
#include "check.h"
#include "dhcp.h"

static size_t packet(uint8_t *p, const uint8_t *opts, size_t olen)
{
	memset(p, 0, 240);
	p[0] = 2;
	p[16] = 10, p[17] = 99, p[18] = 0, p[19] = 50; /* yiaddr */
	p[236] = 0x63, p[237] = 0x82, p[238] = 0x53, p[239] = 0x63;
	memcpy(p + 240, opts, olen);
	return 240 + olen;
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
