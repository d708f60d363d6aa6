/* Typed values: every answer, preset and computed value passes here. */
#ifndef ENGINE_VALUE_H
#define ENGINE_VALUE_H

#include <stddef.h>
#include <stdint.h>

/** Longest stored value, including the terminating NUL. */
#define VALUE_MAX 256
/** Most entries of a urllist. */
#define VALUE_LIST_MAX 4

/** Longest time a `seconds` value holds: one day. */
#define SECONDS_MAX 86400

enum value_type {
	VT_CHOICE,   /**< one of a fixed list of words */
	VT_YESNO,    /**< y/yes/n/no, stored as "yes" or "no" */
	VT_IPV4,     /**< dotted quad, stored canonically */
	VT_HOSTNAME, /**< RFC 1123 name, stored lower-case */
	VT_HOST,     /**< an IPv4 address or a host name */
	VT_WORD,     /**< letters, digits, '.', '_', '-' */
	VT_ARGS,     /**< kernel arguments: safe tokens separated by spaces */
	VT_URL,	     /**< a TFTP path or a tftp:// or http:// URL */
	VT_IPV4LIST, /**< IPv4 addresses separated by spaces */
	VT_URLLIST,  /**< 1 to 4 URLs (or TFTP paths) separated by spaces */
	VT_SECONDS,  /**< a time in whole seconds, 0 to SECONDS_MAX (0: off) */
	VT_COUNT
};

/** A value's type, with the allowed words of a choice. */
struct value_spec {
	enum value_type type;
	const char *const *choices;
	int nchoices;
};

const char *value_type_name(enum value_type type);
unsigned long value_seconds(const char *v);
int value_type_lookup(const char *name, enum value_type *type);

int value_check(const struct value_spec *spec, const char *in, char *out,
		size_t size, const char **why);

int ipv4_parse(const char *s, uint32_t *addr);
void ipv4_format(uint32_t addr, char buf[16]);

#endif
