/*
 * libFuzzer target: DNS replies, as a server on the network sends them.
 * Oracle: a name taken from a reply is a valid host name (it goes into
 * the command line as netcfg/get_hostname) and fits its buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "net/dns.h"
#include "lang/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct value_spec host = {VT_HOSTNAME, NULL, 0};
	char name[DNS_NAME_MAX], checked[VALUE_MAX];
	const char *why;
	uint32_t addr;
	uint16_t id;

	if (size < 2)
		return 0;
	id = (uint16_t)(data[0] << 8 | data[1]);
	(void)dns_parse_reply(data, size, id, DNS_A, &addr, NULL, 0);
	memset(name, 'x', sizeof(name));
	if (dns_parse_reply(data, size, id, DNS_PTR, &addr, name,
			    sizeof(name)) == 0) {
		if (!memchr(name, '\0', sizeof(name)))
			abort();
		if (value_check(&host, name, checked, sizeof(checked), &why) !=
		    0)
			abort();
	}
	return 0;
}
