/* Unit tests: where a location names a file (engine/net/location.c). */
#include "check.h"
#include "net/location.h"

static const struct {
	const char *loc;
	uint32_t server;
	const char *want;
} cases[] = {
    /* TFTP paths, relative or not, are on the boot server's root. */
    {"net-install/precise/amd64/linux", 0x0a630001,
     "tftp://10.99.0.1/net-install/precise/amd64/linux"},
    {"/net-install/x", 0x0a630001, "tftp://10.99.0.1/net-install/x"},
    {"//net-install/x", 0x0a630001, "tftp://10.99.0.1/net-install/x"},
    {"debathena.menu", 0xc0000201, "tftp://192.0.2.1/debathena.menu"},
    /* URLs are used as written. */
    {"http://10.99.0.1/net-install/x", 0x0a630001,
     "http://10.99.0.1/net-install/x"},
    {"tftp://mirror.example.edu/x", 0x0a630001, "tftp://mirror.example.edu/x"},
    /* No boot server known: the loader's own rule. */
    {"net-install/x", 0, "net-install/x"},
};

int main(void)
{
	char buf[LOCATION_MAX], small[24];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK(location_resolve(cases[i].loc, cases[i].server, buf,
				       sizeof(buf)) == 0,
		      "%s", cases[i].loc);
		CHECK_STR(buf, cases[i].want, cases[i].loc);
	}
	/* Exactly the size needed, and one byte less. */
	CHECK(location_resolve("abc", 0x0a630001, small, 21) == 0, "%s",
	      "exact fit");
	CHECK_STR(small, "tftp://10.99.0.1/abc", "exact fit");
	CHECK(location_resolve("abc", 0x0a630001, small, 20) == -E2BIG, "%s",
	      "one byte short");
	return CHECK_DONE("test_location");
}
