/*
 * libFuzzer target: typed answers.  The first byte picks the type, the
 * rest is the typed text.  Oracle: an accepted value never holds a byte
 * that could reach a kernel command line or an iPXE script as syntax
 * ($ { } ; # & | quotes, backslash, control or non-ASCII bytes), and no
 * type but the lists and kernel arguments holds a space.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lang/value.h"

static const char *const choices[] = {"amd64", "i386"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[1024], out[VALUE_MAX];
	struct value_spec spec = {VT_CHOICE, choices, 2};
	const char *why;
	size_t i;

	if (size < 1 || size > sizeof(in))
		return 0;
	spec.type = (enum value_type)(data[0] % VT_COUNT);
	memcpy(in, data + 1, size - 1);
	in[size - 1] = '\0';
	if (value_check(&spec, in, out, sizeof(out), &why) != 0)
		return 0;
	for (i = 0; out[i]; i++) {
		unsigned char c = (unsigned char)out[i];

		if (c < 0x20 || c > 0x7e || strchr("${};#&|\"'\\`<>", c))
			abort();
		if (c == ' ' && spec.type != VT_ARGS &&
		    spec.type != VT_IPV4LIST && spec.type != VT_URLLIST)
			abort();
	}
	if (i >= sizeof(out))
		abort();
	return 0;
}
