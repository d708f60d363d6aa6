/* Unit tests: the masks table (engine/net/masks.c). */
#include "check.h"
#include "net/masks.h"
#include "lang/value.h"

static const char table[] = "# comment\n"
			    "18.18.160.0\t24\t24\n"
			    "18.62.0.0 16 23 18.62.0.254 # own gateway\n"
			    "\n"
			    "18.0.0.0 8 24\n";

static const struct {
	const char *addr, *mask, *net, *bcast, *gw; /* mask NULL: no match */
} lookups[] = {
    {"18.18.160.7", "255.255.255.0", "18.18.160.0", "18.18.160.255",
     "18.18.160.1"},
    {"18.62.3.9", "255.255.254.0", "18.62.2.0", "18.62.3.255", "18.62.0.254"},
    {"18.9.60.73", "255.255.255.0", "18.9.60.0", "18.9.60.255", "18.9.60.1"},
    {"10.1.2.3", NULL, NULL, NULL, NULL},
};

static const struct {
	const char *text, *error;
} bad[] = {
    {"1.2.3.4 8\n", "m:1: expected"},
    {"1.2.3.4 8 24 1.1.1.1 extra\n", "m:1: expected"},
    {"\n1.2.3 8 24\n", "m:2: bad address \"1.2.3\""},
    {"1.2.3.4 33 24\n", "m:1: bits must be 0 to 32"},
    {"1.2.3.4 8 x\n", "m:1: bits must be 0 to 32"},
    {"1.2.3.4 8 24 gw\n", "m:1: bad gateway \"gw\""},
};

int main(void)
{
	struct masks m;
	struct netparams np;
	char err[256], buf[16];
	uint32_t a;
	size_t i;

	CHECK(masks_parse("m", table, sizeof(table) - 1, &m, err,
			  sizeof(err)) == 0,
	      "%s", err);
	CHECK(m.count == 3, "count %d", m.count);
	for (i = 0; i < sizeof(lookups) / sizeof(lookups[0]); i++) {
		ipv4_parse(lookups[i].addr, &a);
		if (!lookups[i].mask) {
			CHECK(masks_lookup(&m, a, &np) == -ENOENT, "%s",
			      lookups[i].addr);
			continue;
		}
		CHECK(masks_lookup(&m, a, &np) == 0, "%s", lookups[i].addr);
		ipv4_format(np.netmask, buf);
		CHECK_STR(buf, lookups[i].mask, lookups[i].addr);
		ipv4_format(np.network, buf);
		CHECK_STR(buf, lookups[i].net, lookups[i].addr);
		ipv4_format(np.broadcast, buf);
		CHECK_STR(buf, lookups[i].bcast, lookups[i].addr);
		ipv4_format(np.gateway, buf);
		CHECK_STR(buf, lookups[i].gw, lookups[i].addr);
	}
	masks_free(&m);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(masks_parse("m", bad[i].text, strlen(bad[i].text), &m,
				  err, sizeof(err)) != 0,
		      "%s", bad[i].text);
		CHECK(strncmp(err, bad[i].error, strlen(bad[i].error)) == 0,
		      "got \"%s\" want \"%s\"", err, bad[i].error);
	}
	return CHECK_DONE("test_masks");
}
