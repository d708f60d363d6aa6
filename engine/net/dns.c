/*
 * Minimal DNS: build a recursive query for one A or PTR record and parse
 * the reply.  Every length and pointer in a reply is bounds-checked; a
 * reply that does not answer our question is rejected.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "net/dns.h"
#include "base/text.h"
#include "lang/value.h"

/** Encode a dotted name as DNS labels. */
static int put_name(const char *name, uint8_t *buf, size_t size, size_t *pos)
{
	size_t n;

	while (*name) {
		n = strcspn(name, ".");
		if (n == 0 || n > 63 || *pos + n + 1 >= size)
			return -EINVAL;
		buf[(*pos)++] = (uint8_t)n;
		memcpy(buf + *pos, name, n);
		*pos += n;
		name += n;
		if (*name == '.')
			name++;
	}
	if (*pos >= size)
		return -EINVAL;
	buf[(*pos)++] = 0;
	return 0;
}

/**
 * Build a query.
 *
 * @v id	query identifier
 * @v type	DNS_A or DNS_PTR
 * @v name	the name asked about
 * @v buf	output
 * @v len	bytes written
 * @ret rc	0, or -EINVAL for a name that cannot be encoded
 */
int dns_build_query(uint16_t id, enum dns_qtype type, const char *name,
		    uint8_t *buf, size_t size, size_t *len)
{
	size_t pos = 12;

	if (size < 12 + 4 || strlen(name) >= DNS_NAME_MAX)
		return -EINVAL;
	memset(buf, 0, 12);
	buf[0] = (uint8_t)(id >> 8);
	buf[1] = (uint8_t)id;
	buf[2] = 0x01; /* RD: ask for recursion */
	buf[5] = 1;    /* one question */
	if (put_name(name, buf, size - 4, &pos) != 0)
		return -EINVAL;
	buf[pos++] = 0;
	buf[pos++] = (uint8_t)type;
	buf[pos++] = 0;
	buf[pos++] = 1; /* class IN */
	*len = pos;
	return 0;
}

/** The in-addr.arpa name of an address (host byte order). */
int dns_ptr_name(uint32_t addr, char *name, size_t size)
{
	int n = snprintf(name, size, "%u.%u.%u.%u.in-addr.arpa", addr & 0xff,
			 (addr >> 8) & 0xff, (addr >> 16) & 0xff, addr >> 24);

	return (n < 0 || (size_t)n >= size) ? -EINVAL : 0;
}

/**
 * Read a possibly compressed name at *pos into dotted form.
 * Follows at most 16 pointers, so a loop cannot hang us.
 */
static int get_name(const uint8_t *buf, size_t len, size_t *pos, char *out,
		    size_t outsize)
{
	size_t p = *pos, o = 0, n;
	int jumps = 0, jumped = 0;

	for (;;) {
		if (p >= len)
			return -EINVAL;
		n = buf[p];
		if ((n & 0xc0) == 0xc0) {
			if (p + 1 >= len || ++jumps > 16)
				return -EINVAL;
			if (!jumped)
				*pos = p + 2;
			jumped = 1;
			p = ((n & 0x3f) << 8) | buf[p + 1];
			continue;
		}
		if (n & 0xc0)
			return -EINVAL;
		p++;
		if (n == 0)
			break;
		if (p + n > len || o + n + 2 > outsize)
			return -EINVAL;
		if (o)
			out[o++] = '.';
		memcpy(out + o, buf + p, n);
		o += n;
		p += n;
	}
	if (!jumped)
		*pos = p;
	if (outsize == 0)
		return -EINVAL;
	out[o] = '\0';
	return 0;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

/**
 * Parse a reply to our query.
 *
 * @v id	the query's identifier
 * @v type	the query's type
 * @v addr	DNS_A: the first address (host byte order)
 * @v name	DNS_PTR: the first name, validated as a host name
 * @ret rc	0; -ENOENT for no such record (NXDOMAIN or no answer);
 *		-EAGAIN for a server failure; -EINVAL for a malformed or
 *		unrelated packet
 */
int dns_parse_reply(const uint8_t *buf, size_t len, uint16_t id,
		    enum dns_qtype type, uint32_t *addr, char *name,
		    size_t namesize)
{
	char rname[DNS_NAME_MAX + 2], qname[DNS_NAME_MAX + 2];
	size_t pos = 12;
	uint16_t qd, an, rtype, rdlen;
	int i, rcode;

	if (len < 12 || get16(buf) != id || !(buf[2] & 0x80))
		return -EINVAL;
	rcode = buf[3] & 0x0f;
	qd = get16(buf + 4);
	an = get16(buf + 6);
	if (rcode == 3)
		return -ENOENT;
	if (rcode != 0)
		return -EAGAIN;
	if (qd != 1)
		return -EINVAL;
	if (get_name(buf, len, &pos, qname, sizeof(qname)) != 0 ||
	    pos + 4 > len || get16(buf + pos) != type)
		return -EINVAL;
	pos += 4;
	for (i = 0; i < an; i++) {
		if (get_name(buf, len, &pos, rname, sizeof(rname)) != 0 ||
		    pos + 10 > len)
			return -EINVAL;
		rtype = get16(buf + pos);
		rdlen = get16(buf + pos + 8);
		pos += 10;
		if (pos + rdlen > len)
			return -EINVAL;
		/* Follow CNAME chains by name: take a record of our type
		 * whatever its owner, after a CNAME from our name. */
		if (rtype == DNS_A && type == DNS_A && rdlen == 4) {
			*addr = ((uint32_t)buf[pos] << 24) |
				((uint32_t)buf[pos + 1] << 16) |
				((uint32_t)buf[pos + 2] << 8) | buf[pos + 3];
			return 0;
		}
		if (rtype == DNS_PTR && type == DNS_PTR &&
		    text_equal_nocase(rname, qname)) {
			size_t p2 = pos;
			const char *why;
			struct value_spec host = {VT_HOSTNAME, NULL, 0};
			char out[VALUE_MAX];

			if (get_name(buf, pos + rdlen, &p2, rname,
				     sizeof(rname)) != 0)
				return -EINVAL;
			if (value_check(&host, rname, out, sizeof(out), &why) !=
				0 ||
			    strlen(out) >= namesize)
				return -EINVAL;
			strcpy(name, out);
			return 0;
		}
		pos += rdlen;
	}
	return -ENOENT;
}

/**
 * Ask every name server in turn until one answers.  A server that says
 * "no such name" is believed; one that does not answer, or fails, is
 * skipped, and @say tells the user so (the module's and the dialog
 * service's transcripts alike).
 *
 * @v servers	the lease's name servers, in order
 * @v ask	one query to one server (the front end's transport)
 * @v say	prints a message, on the same line as "Looking up ..."
 * @ret rc	0, -ENOENT (no such name), or the last server's error
 *		(-ETIMEDOUT when there is no server)
 */
int dns_lookup(const uint32_t *servers, int n, enum dns_qtype type,
	       const char *name, uint32_t *addr, char *out, size_t outsize,
	       dns_ask_fn *ask, void (*say)(void *ctx, const char *msg),
	       void *ctx)
{
	char ip[16], msg[64];
	int i, rc = -ETIMEDOUT;

	for (i = 0; i < n; i++) {
		rc = ask(ctx, servers[i], type, name, addr, out, outsize);
		if (rc == 0 || rc == -ENOENT)
			return rc;
		ipv4_format(servers[i], ip);
		snprintf(msg, sizeof(msg), " (DNS server %s %s)", ip,
			 rc == -ETIMEDOUT ? "did not answer" : "failed");
		say(ctx, msg);
	}
	return rc;
}

/** A name's address, from each server in turn (dns_lookup). */
int dns_resolve(const struct dns_client *c, const char *name, uint32_t *addr)
{
	return dns_lookup(c->servers, c->n, DNS_A, name, addr, NULL, 0, c->ask,
			  c->say, c->ctx);
}

/**
 * An address's name (its PTR record), from each server in turn: the one
 * reverse lookup of every front end.
 *
 * @ret rc	as dns_lookup; -EINVAL when the query cannot be made
 */
int dns_reverse(const struct dns_client *c, uint32_t addr, char *name,
		size_t size)
{
	char q[DNS_NAME_MAX];
	uint32_t unused;

	if (dns_ptr_name(addr, q, sizeof(q)) != 0)
		return -EINVAL;
	return dns_lookup(c->servers, c->n, DNS_PTR, q, &unused, name, size,
			  c->ask, c->say, c->ctx);
}
