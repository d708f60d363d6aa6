/* Unit tests: typed values (engine/lang/value.c). */
#include <stdlib.h>
#include "check.h"
#include "lang/value.h"

static const char *const arch[] = {"amd64", "i386"};

static const struct {
	enum value_type type;
	const char *in;
	const char *out; /* NULL: must be rejected */
} cases[] = {
    {VT_IPV4, "10.0.2.15", "10.0.2.15"},
    {VT_IPV4, "0.0.0.0", "0.0.0.0"},
    {VT_IPV4, "255.255.255.255", "255.255.255.255"},
    {VT_IPV4, "256.1.1.1", NULL},
    {VT_IPV4, "01.2.3.4", NULL},
    {VT_IPV4, "1.2.3", NULL},
    {VT_IPV4, "1.2.3.4.5", NULL},
    {VT_IPV4, "1.2.3.4 ", NULL},
    {VT_IPV4, "", NULL},
    {VT_IPV4, "1..2.3", NULL},
    {VT_IPV4, "1234.1.1.1", NULL},
    {VT_HOSTNAME, "Athena-Test.MIT.edu", "athena-test.mit.edu"},
    {VT_HOSTNAME, "a", "a"},
    {VT_HOSTNAME, "a b", NULL},
    {VT_HOSTNAME, "-a.b", NULL},
    {VT_HOSTNAME, "a-.b", NULL},
    {VT_HOSTNAME, "a..b", NULL},
    {VT_HOSTNAME, "a.b.", NULL},
    {VT_HOSTNAME, "10.0.2.300", NULL},
    {VT_HOSTNAME, "x${y}", NULL},
    {VT_HOSTNAME, "a;b", NULL},
    {VT_HOSTNAME, "a_b", NULL},
    {VT_HOSTNAME,
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.b",
     NULL},
    {VT_HOST, "10.0.2.15", "10.0.2.15"},
    {VT_HOST, "Node1.mit.edu", "node1.mit.edu"},
    {VT_HOST, "node 1", NULL},
    {VT_WORD, "precise", "precise"},
    {VT_WORD, "precise-proposed", "precise-proposed"},
    {VT_WORD, "-x", NULL},
    {VT_WORD, "a/b", NULL},
    {VT_WORD, "", NULL},
    {VT_YESNO, "y", "yes"},
    {VT_YESNO, "NO", "no"},
    {VT_YESNO, "maybe", NULL},
    {VT_ARGS, "", ""},
    {VT_ARGS, "  quiet   splash ", "quiet splash"},
    {VT_ARGS, "console=ttyS0,115200n8", "console=ttyS0,115200n8"},
    {VT_ARGS, "a;b", NULL},
    {VT_ARGS, "a\"b", NULL},
    {VT_ARGS, "a'b", NULL},
    {VT_ARGS, "${x}", NULL},
    {VT_ARGS, "a # b", NULL},
    {VT_ARGS, "a -- b", NULL},
    {VT_ARGS, "--", NULL},
    {VT_ARGS, "a --b", "a --b"},
    {VT_ARGS, "a\tb", NULL},
    {VT_URL, "net-install", "net-install"},
    {VT_URL, "http://10.0.2.100/d-i", "http://10.0.2.100/d-i"},
    {VT_URL, "http://mirror.example.edu:8080/x",
     "http://mirror.example.edu:8080/x"},
    {VT_URL, "tftp://server/x", "tftp://server/x"},
    {VT_URL, "http://host:0/x", NULL},
    {VT_URL, "http://host:99999/x", NULL},
    {VT_URL, "ftp://host/x", NULL},
    {VT_URL, "http://host/../x", NULL},
    {VT_URL, "http://host/x?y=1", NULL},
    {VT_URL, "http://ho st/x", NULL},
    {VT_URL, "http://h_st/x", NULL},
    {VT_URL, "", NULL},
    {VT_IPV4LIST, "1.2.3.4  5.6.7.8", "1.2.3.4 5.6.7.8"},
    {VT_IPV4LIST, "1.2.3.4 x", NULL},
    {VT_IPV4LIST, "", NULL},
    {VT_URLLIST, "http://a/x,http://b/y", "http://a/x http://b/y"},
    {VT_URLLIST, "net-install", "net-install"},
    {VT_URLLIST, "a b c d e", NULL},
    {VT_URLLIST, "http://a/x;reboot", NULL},
    {VT_URLLIST, ",", NULL},
    {VT_CHOICE, "amd64", "amd64"},
    {VT_CHOICE, "AMD64", NULL},
    {VT_CHOICE, "x86", NULL},
};

int main(void)
{
	char out[VALUE_MAX], big[VALUE_MAX * 2];
	struct value_spec spec;
	const char *why;
	size_t i;
	int rc;
	uint32_t a;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		spec.type = cases[i].type;
		spec.choices = arch;
		spec.nchoices = 2;
		rc = value_check(&spec, cases[i].in, out, sizeof(out), &why);
		if (cases[i].out) {
			CHECK(rc == 0, "%s \"%s\" rejected: %s",
			      value_type_name(cases[i].type), cases[i].in, why);
			if (rc == 0)
				CHECK_STR(out, cases[i].out, cases[i].in);
		} else {
			CHECK(rc != 0, "%s \"%s\" accepted as \"%s\"",
			      value_type_name(cases[i].type), cases[i].in, out);
			CHECK(why && why[0], "no reason for \"%s\"",
			      cases[i].in);
		}
	}

	/* Too long for any type. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	spec.type = VT_ARGS;
	CHECK(value_check(&spec, big, out, sizeof(out), &why) != 0, "%s",
	      "a 511-byte args value was accepted");

	/* Round trip of the address formatter. */
	CHECK(ipv4_parse("192.168.100.7", &a) == 0 && a == 0xc0a86407u, "%s",
	      "parse");
	ipv4_format(0x0a000001u, out);
	CHECK_STR(out, "10.0.0.1", "format");
	ipv4_format(0xffffffffu, out);
	CHECK_STR(out, "255.255.255.255", "format");
	/* A URL that ends at its host is read no further than its end (the
	 * fuzzer found a read past it): each in a buffer of its exact size,
	 * where AddressSanitizer sees one byte too many. */
	{
		static const char *const exact[] = {
		    "http://a", "tftp://10.0.0.1", "http://a:80"};
		struct value_spec url = {VT_URL, NULL, 0};
		char *b;

		for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++) {
			b = malloc(strlen(exact[i]) + 1);
			if (!b)
				return 1;
			strcpy(b, exact[i]);
			CHECK(value_check(&url, b, out, sizeof(out), &why) == 0,
			      "%s", exact[i]);
			free(b);
		}
	}
	/* A URL or path has at most 200 characters, as its message says (223
	 * were accepted). */
	{
		struct value_spec url = {VT_URL, NULL, 0};
		char path[202];

		memset(path, 'p', sizeof(path));
		path[200] = '\0';
		CHECK(value_check(&url, path, out, sizeof(out), &why) == 0,
		      "200 characters refused: %s", why);
		path[200] = 'p';
		path[201] = '\0';
		CHECK(value_check(&url, path, out, sizeof(out), &why) != 0,
		      "%s", "201 characters accepted");
		CHECK(why && strstr(why, "200"), "message \"%s\"", why);
	}
	return CHECK_DONE("test_value");
}
