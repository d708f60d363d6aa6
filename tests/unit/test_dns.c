/* Unit tests: DNS query building and reply parsing (engine/net/dns.c),
 * including hostile replies. */
#include "check.h"
#include "net/dns.h"

/* A reply to query @id for "a.b" type @type with @an answers appended. */
static size_t reply(uint8_t *p, uint16_t id, int type, int rcode,
		    const uint8_t *answers, size_t alen, int ancount)
{
	static const uint8_t q[] = {1, 'a', 1, 'b', 0};
	size_t n = 0;

	p[n++] = (uint8_t)(id >> 8);
	p[n++] = (uint8_t)id;
	p[n++] = 0x81;
	p[n++] = (uint8_t)(0x80 | rcode);
	p[n++] = 0;
	p[n++] = 1;
	p[n++] = 0;
	p[n++] = (uint8_t)ancount;
	p[n++] = 0;
	p[n++] = 0;
	p[n++] = 0;
	p[n++] = 0;
	memcpy(p + n, q, sizeof(q));
	n += sizeof(q);
	p[n++] = 0;
	p[n++] = (uint8_t)type;
	p[n++] = 0;
	p[n++] = 1;
	if (alen)
		memcpy(p + n, answers, alen);
	return n + alen;
}

/* A fake transport: what each server does with a query. */
static int fake_rc[3];
static char said[256];

static int fake_ask(void *ctx, uint32_t server, enum dns_qtype type,
		    const char *name, uint32_t *addr, char *out, size_t size)
{
	(void)ctx, (void)type, (void)name, (void)out, (void)size;
	*addr = 0x0a000001;
	return fake_rc[server & 3];
}

static void fake_say(void *ctx, const char *msg)
{
	(void)ctx;
	strncat(said, msg, sizeof(said) - strlen(said) - 1);
}

/* The failover (dns_lookup): each server in turn, said on the way. */
static const struct {
	int rc[3];
	int want;
	const char *said;
} failovers[] = {
    {{0, 0, 0}, 0, ""},
    {{-ETIMEDOUT, 0, 0}, 0, " (DNS server 10.99.0.0 did not answer)"},
    {{-ETIMEDOUT, -ENOENT, 0},
     -ENOENT,
     " (DNS server 10.99.0.0 did not answer)"},
    {{-EIO, -ETIMEDOUT, -ETIMEDOUT},
     -ETIMEDOUT,
     " (DNS server 10.99.0.0 failed) (DNS server 10.99.0.1 did not answer)"
     " (DNS server 10.99.0.2 did not answer)"},
};

static void check_failover(void)
{
	static const uint32_t servers[3] = {0x0a630000, 0x0a630001, 0x0a630002};
	uint32_t addr;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(failovers) / sizeof(failovers[0]); i++) {
		memcpy(fake_rc, failovers[i].rc, sizeof(fake_rc));
		said[0] = '\0';
		rc = dns_lookup(servers, 3, DNS_A, "a", &addr, NULL, 0,
				fake_ask, fake_say, NULL);
		CHECK(rc == failovers[i].want, "failover %zu: rc %d", i, rc);
		CHECK(strcmp(said, failovers[i].said) == 0,
		      "failover %zu: said \"%s\"", i, said);
	}
	said[0] = '\0';
	CHECK(dns_lookup(servers, 0, DNS_A, "a", &addr, NULL, 0, fake_ask,
			 fake_say, NULL) == -ETIMEDOUT &&
		  said[0] == '\0',
	      "%s", "no server: no answer, nothing said");
}

int main(void)
{
	/* Answer: pointer to the question name (offset 12), A, IN, TTL, 4. */
	static const uint8_t ans_a[] = {0xc0, 12, 0, 1, 0,  1,	0, 0,
					0,    60, 0, 4, 10, 99, 0, 42};
	static const uint8_t ans_ptr[] = {0xc0, 12,  0,	 12,  0, 1, 0,
					  0,	0,   60, 0,   7, 3, 'F',
					  'o',	'o', 1,	 'x', 0};
	static const uint8_t ans_bad_ptr[] = {0xc0, 12,	 0,  12,  0, 1, 0,
					      0,    0,	 60, 0,	  7, 3, 'f',
					      ';',  'o', 1,  'x', 0};
	static const uint8_t ans_loop[] = {0xc0, 29, 0, 1, 0, 1, 0, 0,
					   0,	 60, 0, 4, 1, 2, 3, 4};
	static const uint8_t ans_long[] = {0xc0, 12, 0, 1,   0, 1, 0, 0,
					   0,	 60, 0, 200, 1, 2, 3, 4};
	uint8_t buf[DNS_PACKET_MAX];
	char name[DNS_NAME_MAX];
	uint32_t addr = 0;
	size_t len, i;
	int rc;

	/* Query bytes */
	rc = dns_build_query(0x1234, DNS_A, "a.b", buf, sizeof(buf), &len);
	CHECK(rc == 0 && len == 12 + 5 + 4, "len %zu", len);
	CHECK(buf[0] == 0x12 && buf[1] == 0x34 && buf[2] == 1 && buf[5] == 1,
	      "%s", "header");
	CHECK(memcmp(buf + 12, "\1a\1b\0\0\1\0\1", 9) == 0, "%s", "question");
	CHECK(dns_build_query(1, DNS_A, "a..b", buf, sizeof(buf), &len) != 0,
	      "%s", "empty label");
	CHECK(
	    dns_build_query(1, DNS_A,
			    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			    "aaaaaaaaaaaaaaa.b",
			    buf, sizeof(buf), &len) != 0,
	    "%s", "64-byte label");
	CHECK(dns_ptr_name(0x0a63002a, name, sizeof(name)) == 0 &&
		  strcmp(name, "42.0.99.10.in-addr.arpa") == 0,
	      "%s", name);

	/* Good answers */
	len = reply(buf, 7, DNS_A, 0, ans_a, sizeof(ans_a), 1);
	rc = dns_parse_reply(buf, len, 7, DNS_A, &addr, NULL, 0);
	CHECK(rc == 0 && addr == 0x0a63002a, "rc %d addr %x", rc, addr);
	len = reply(buf, 7, DNS_PTR, 0, ans_ptr, sizeof(ans_ptr), 1);
	rc = dns_parse_reply(buf, len, 7, DNS_PTR, &addr, name, sizeof(name));
	CHECK(rc == 0 && strcmp(name, "foo.x") == 0, "rc %d", rc);

	/* Refusals */
	len = reply(buf, 7, DNS_A, 3, NULL, 0, 0);
	CHECK(dns_parse_reply(buf, len, 7, DNS_A, &addr, NULL, 0) == -ENOENT,
	      "%s", "NXDOMAIN");
	len = reply(buf, 7, DNS_A, 2, NULL, 0, 0);
	CHECK(dns_parse_reply(buf, len, 7, DNS_A, &addr, NULL, 0) == -EAGAIN,
	      "%s", "SERVFAIL");
	len = reply(buf, 7, DNS_A, 0, NULL, 0, 0);
	CHECK(dns_parse_reply(buf, len, 7, DNS_A, &addr, NULL, 0) == -ENOENT,
	      "%s", "no answer");

	/* Hostile or unrelated packets */
	len = reply(buf, 7, DNS_A, 0, ans_a, sizeof(ans_a), 1);
	CHECK(dns_parse_reply(buf, len, 8, DNS_A, &addr, NULL, 0) == -EINVAL,
	      "%s", "wrong id");
	CHECK(dns_parse_reply(buf, len, 7, DNS_PTR, &addr, name,
			      sizeof(name)) == -EINVAL,
	      "%s", "wrong type");
	for (i = 0; i < len; i++)
		CHECK(dns_parse_reply(buf, i, 7, DNS_A, &addr, NULL, 0) != 0,
		      "truncated to %zu accepted", i);
	len = reply(buf, 7, DNS_PTR, 0, ans_bad_ptr, sizeof(ans_bad_ptr), 1);
	CHECK(dns_parse_reply(buf, len, 7, DNS_PTR, &addr, name,
			      sizeof(name)) == -EINVAL,
	      "%s", "PTR with ';' accepted");
	len = reply(buf, 7, DNS_A, 0, ans_loop, sizeof(ans_loop), 1);
	buf[29] = 0xc0;
	buf[30] = 29; /* a pointer to itself */
	CHECK(dns_parse_reply(buf, len, 7, DNS_A, &addr, NULL, 0) == -EINVAL,
	      "%s", "pointer loop");
	len = reply(buf, 7, DNS_A, 0, ans_long, sizeof(ans_long), 1);
	CHECK(dns_parse_reply(buf, len, 7, DNS_A, &addr, NULL, 0) == -EINVAL,
	      "%s", "rdlength past the end");
	len = reply(buf, 7, DNS_A, 0, ans_a, sizeof(ans_a), 1);
	buf[2] &= 0x7f; /* a query, not a reply */
	CHECK(dns_parse_reply(buf, len, 7, DNS_A, &addr, NULL, 0) == -EINVAL,
	      "%s", "not a reply");
	check_failover();
	return CHECK_DONE("test_dns");
}
