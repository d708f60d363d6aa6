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

	/* Not a reply, too short. */
	p[0] = 1;
	CHECK(dhcp_parse(p, len, &d) != 0, "%s", "request accepted");
	CHECK(dhcp_parse(p, 100, &d) != 0, "%s", "short packet accepted");
	return CHECK_DONE("test_dhcp");
}
