/*
 * The Athena masks table.
 *
 * Format (as the Athena masks file documents it): `address
 * significant-bits netmask-bits [gateway]` per line, '#' comments; the first
 * line whose address matches the first significant-bits bits of the given
 * address wins; without a gateway, the gateway is the network address + 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "net/masks.h"
#include "base/text.h"
#include "lang/value.h"

#define MASKS_MAX 4096

static uint32_t prefix_mask(int bits)
{
	return bits == 0 ? 0 : 0xffffffffu << (32 - bits);
}

/* A number 0..32 with nothing else. */
static int parse_bits(const char *s, int *bits)
{
	int v = 0, n = 0;

	for (; *s >= '0' && *s <= '9' && n < 3; s++, n++)
		v = v * 10 + (*s - '0');
	if (n == 0 || *s || v > 32)
		return -EINVAL;
	*bits = v;
	return 0;
}

/* Split a line on blanks (strtok differs between C libraries), after
 * cutting its comment; 5 means more words than the format has. */
static int split_line(char *line, char *tok[5])
{
	char *s = strchr(line, '#');
	int ntok = 0;

	if (s)
		*s = '\0';
	for (s = line; *s && ntok < 5;) {
		while (*s == ' ' || *s == '\t' || *s == '\r')
			*s++ = '\0';
		if (*s == '\0')
			break;
		tok[ntok++] = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '\r')
			s++;
	}
	return *s ? 5 : ntok;
}

/* One entry from a line's words; the reason in @err. */
static int parse_entry(char *tok[5], int ntok, struct masks_entry *e,
		       const char *where, char *err, size_t errsize)
{
	e->gateway = 0;
	if (ntok < 3 || ntok > 4) {
		snprintf(err, errsize,
			 "%s: expected \"address significant-bits "
			 "netmask-bits [gateway]\"",
			 where);
	} else if (ipv4_parse(tok[0], &e->address) != 0) {
		snprintf(err, errsize, "%s: bad address \"%s\"", where, tok[0]);
	} else if (parse_bits(tok[1], &e->significant) != 0 ||
		   parse_bits(tok[2], &e->netmask) != 0) {
		snprintf(err, errsize, "%s: bits must be 0 to 32: \"%s %s\"",
			 where, tok[1], tok[2]);
	} else if (ntok == 4 && ipv4_parse(tok[3], &e->gateway) != 0) {
		snprintf(err, errsize, "%s: bad gateway \"%s\"", where, tok[3]);
	} else {
		return 0;
	}
	return -EINVAL;
}

/* Room for one more entry. */
static int grow(struct masks *masks)
{
	struct masks_entry *e;

	if (masks->count % 64)
		return 0;
	e = realloc(masks->entries, sizeof(*e) * (size_t)(masks->count + 64));
	if (!e)
		return -ENOMEM;
	masks->entries = e;
	return 0;
}

/**
 * Parse a masks table.
 *
 * @v file	name used in messages
 * @v text	table text
 * @v len	its length
 * @v masks	entries, freed with masks_free()
 * @v err	on failure, "file:line: message"
 * @ret rc	0, -EINVAL or -ENOMEM
 */
int masks_parse(const char *file, const char *text, size_t len,
		struct masks *masks, char *err, size_t errsize)
{
	const char *p = text, *end = text + len, *nl;
	char line[256], where[160], *tok[5];
	int lineno = 0, ntok, rc = 0;

	masks->count = 0;
	masks->entries = NULL;
	for (; !rc && p < end; p += len + 1) {
		nl = text_find(p, end, '\n');
		len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		snprintf(where, sizeof(where), "%s:%d", file, ++lineno);
		if (len >= sizeof(line)) {
			snprintf(err, errsize, "%s: line too long", where);
			rc = -EINVAL;
			break;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		ntok = split_line(line, tok);
		if (ntok == 0)
			continue;
		if (masks->count == MASKS_MAX) {
			snprintf(err, errsize, "%s: more than %d entries",
				 where, MASKS_MAX);
			rc = -EINVAL;
		} else if (grow(masks) != 0) {
			snprintf(err, errsize, "%s: out of memory", file);
			rc = -ENOMEM;
		} else {
			rc = parse_entry(tok, ntok,
					 &masks->entries[masks->count], where,
					 err, errsize);
			masks->count += rc == 0;
		}
	}
	if (rc)
		masks_free(masks);
	return rc;
}

void masks_free(struct masks *masks)
{
	free(masks->entries);
	masks->entries = NULL;
	masks->count = 0;
}

/**
 * Derive network, broadcast and gateway from an address and netmask.
 *
 * @v gateway	explicit gateway, or 0 for network + 1
 */
void netparams_from_mask(uint32_t addr, uint32_t netmask, uint32_t gateway,
			 struct netparams *np)
{
	int bits = 0;

	while (bits < 32 && (netmask & (0x80000000u >> bits)))
		bits++;
	np->bits = bits;
	np->netmask = netmask;
	np->network = addr & netmask;
	np->broadcast = np->network | ~netmask;
	np->gateway = gateway ? gateway : np->network + 1;
}

/**
 * Find the network parameters of an address.
 *
 * @ret rc	0, or -ENOENT when no line matches
 */
int masks_lookup(const struct masks *masks, uint32_t addr, struct netparams *np)
{
	const struct masks_entry *e;
	int i;

	for (i = 0; i < masks->count; i++) {
		e = &masks->entries[i];
		if (((addr ^ e->address) & prefix_mask(e->significant)) == 0) {
			netparams_from_mask(addr, prefix_mask(e->netmask),
					    e->gateway, np);
			return 0;
		}
	}
	return -ENOENT;
}
