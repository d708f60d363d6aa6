/*
 * Validation of typed values.
 *
 * Nothing typed at a prompt or preset on the command line reaches a kernel
 * command line or a script before it has been checked here.  The character
 * sets are deliberately small: a value is rejected, never escaped.
 */
#include <errno.h>
#include <string.h>
#include "lang/value.h"

static const char *const type_names[VT_COUNT] = {
    [VT_CHOICE] = "choice",	[VT_YESNO] = "yesno",
    [VT_IPV4] = "ipv4",		[VT_HOSTNAME] = "hostname",
    [VT_HOST] = "host",		[VT_WORD] = "word",
    [VT_ARGS] = "args",		[VT_URL] = "url",
    [VT_IPV4LIST] = "ipv4list", [VT_URLLIST] = "urllist",
    [VT_SECONDS] = "seconds",
};

/** Longest kernel-argument value ("args"), in bytes. */
#define ARGS_MAX 200
/** Longest URL or path ("url"), in bytes: a server, '/', a file and
 * "tftp://255.255.255.255/" fit a resolved location (LOCATION_MAX). */
#define URL_MAX 200
#define STR(x)	#x
#define XSTR(x) STR(x)

const char *value_type_name(enum value_type type)
{
	return (unsigned)type < VT_COUNT ? type_names[type] : "?";
}

/**
 * Find a type by name.
 *
 * @v name	type name as written in a menu
 * @v type	type found
 * @ret rc	0, or -ENOENT
 */
int value_type_lookup(const char *name, enum value_type *type)
{
	int i;

	for (i = 0; i < VT_COUNT; i++) {
		if (strcmp(name, type_names[i]) == 0) {
			*type = i;
			return 0;
		}
	}
	return -ENOENT;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int to_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/**
 * Parse a dotted-quad IPv4 address (exactly four decimal parts, no
 * leading zeros, nothing else).
 *
 * @v s		text
 * @v addr	address, host byte order
 * @ret rc	0, or -EINVAL
 */
int ipv4_parse(const char *s, uint32_t *addr)
{
	uint32_t a = 0;
	int part, digits;
	unsigned v;

	for (part = 0; part < 4; part++) {
		v = 0;
		for (digits = 0; is_digit(*s); digits++, s++) {
			if (digits == 3 || (digits == 1 && v == 0))
				return -EINVAL;
			v = v * 10 + (unsigned)(*s - '0');
		}
		if (digits == 0 || v > 255)
			return -EINVAL;
		a = (a << 8) | v;
		if (part < 3 && *s++ != '.')
			return -EINVAL;
	}
	if (*s)
		return -EINVAL;
	*addr = a;
	return 0;
}

/**
 * Format an IPv4 address.
 *
 * @v addr	address, host byte order
 * @v buf	output, at least 16 bytes
 */
void ipv4_format(uint32_t addr, char buf[16])
{
	char *p = buf;
	int i, shift;
	unsigned v;

	for (i = 0; i < 4; i++) {
		shift = 24 - 8 * i;
		v = (addr >> shift) & 0xff;
		if (v >= 100)
			*p++ = (char)('0' + v / 100);
		if (v >= 10)
			*p++ = (char)('0' + (v / 10) % 10);
		*p++ = (char)('0' + v % 10);
		if (i < 3)
			*p++ = '.';
	}
	*p = '\0';
}

/* Host name: labels of [a-z0-9-], not starting or ending with '-', at most
 * 63 bytes each, 253 in all; stored lower-case. */
static int check_hostname(const char *in, char *out, const char **why)
{
	size_t len = strlen(in), label = 0, i, digits = 0;

	if (len == 0 || len > 253) {
		*why = "a host name has 1 to 253 characters";
		return -EINVAL;
	}
	for (i = 0; i <= len; i++) {
		int c = (unsigned char)in[i];

		if (c == '.' || c == '\0') {
			if (label == 0 || in[i - 1] == '-') {
				*why = "empty label or label ending in '-'";
				return -EINVAL;
			}
			/* An all-digit last label is a mistyped address. */
			if (c == '\0' && digits == label) {
				*why = "the last part of a host name cannot be "
				       "all digits";
				return -EINVAL;
			}
			label = 0;
			digits = 0;
		} else if (is_alnum(c) || c == '-') {
			if (label == 0 && c == '-') {
				*why = "a label cannot start with '-'";
				return -EINVAL;
			}
			if (is_digit(c))
				digits++;
			if (++label > 63) {
				*why = "a label has at most 63 characters";
				return -EINVAL;
			}
		} else {
			*why = "a host name has only letters, digits, '-' "
			       "and '.'";
			return -EINVAL;
		}
		out[i] = (char)to_lower(c);
	}
	return 0;
}

static int check_word(const char *in, char *out, const char **why)
{
	size_t i;

	for (i = 0; in[i]; i++) {
		int c = (unsigned char)in[i];

		if (!(is_alnum(c) || c == '.' || c == '_' ||
		      (c == '-' && i > 0))) {
			*why = "a word has only letters, digits, '.', '_' and "
			       "'-' (not first)";
			return -EINVAL;
		}
		if (i >= 63) {
			*why = "a word has at most 63 characters";
			return -EINVAL;
		}
	}
	if (i == 0) {
		*why = "a word cannot be empty";
		return -EINVAL;
	}
	memcpy(out, in, i + 1);
	return 0;
}

/* Characters allowed in one kernel argument: no quotes, no shell or iPXE
 * syntax ($ { } ; # & | \), no control characters. */
static int is_arg_char(int c)
{
	return is_alnum(c) || (c != '\0' && strchr("._-/:=,+@%~", c));
}

/* Kernel arguments: tokens of safe characters separated by single spaces,
 * stored with runs of spaces collapsed. */
static int check_args(const char *in, char *out, const char **why)
{
	size_t o = 0;
	const char *p = in;

	while (*p == ' ')
		p++;
	while (*p) {
		if (*p == ' ') {
			while (*p == ' ')
				p++;
			if (*p)
				out[o++] = ' ';
			continue;
		}
		if (!is_arg_char((unsigned char)*p)) {
			*why = "kernel arguments have only letters, digits, "
			       "spaces and . _ - / : = , + @ % ~";
			return -EINVAL;
		}
		if (*p == '-' && p[1] == '-' && (p[2] == ' ' || !p[2]) &&
		    (p == in || p[-1] == ' ')) {
			*why = "\"--\" would end the installer's arguments";
			return -EINVAL;
		}
		if (o >= ARGS_MAX) {
			*why = "kernel arguments are at most " XSTR(
			    ARGS_MAX) " characters";
			return -EINVAL;
		}
		out[o++] = *p++;
	}
	out[o] = '\0';
	return 0;
}

static int check_ipv4(const char *in, char *out, const char **why);

/* A TFTP path or a tftp:// or http:// URL: the kernel-argument characters
 * without '=' ',' '@', no "..", and a host name that validates. */
static int check_url(const char *in, char *out, const char **why)
{
	size_t len = strlen(in), i;
	const char *host = NULL;
	char hostbuf[VALUE_MAX];
	size_t hlen;

	if (len == 0 || len > URL_MAX) {
		*why = "a URL or path has 1 to " XSTR(URL_MAX) " characters";
		return -EINVAL;
	}
	for (i = 0; i < len; i++) {
		int c = (unsigned char)in[i];

		if (!(is_alnum(c) || strchr("._-/:~%+", c))) {
			*why = "a URL has only letters, digits and . _ - / : "
			       "~ % +";
			return -EINVAL;
		}
	}
	if (strstr(in, "..")) {
		*why = "a URL cannot contain \"..\"";
		return -EINVAL;
	}
	if (strncmp(in, "http://", 7) == 0)
		host = in + 7;
	else if (strncmp(in, "tftp://", 7) == 0)
		host = in + 7;
	else if (strchr(in, ':')) {
		*why = "only http:// and tftp:// URLs, or a TFTP path";
		return -EINVAL;
	}
	if (host) {
		hlen = strcspn(host, ":/");
		memcpy(hostbuf, host, hlen);
		hostbuf[hlen] = '\0';
		if (check_ipv4(hostbuf, hostbuf, why) != 0 &&
		    check_hostname(hostbuf, hostbuf, why) != 0) {
			*why = "the URL's host is not a valid name or address";
			return -EINVAL;
		}
		if (host[hlen] == ':') {
			const char *p = host + hlen + 1;
			unsigned port = 0;
			int n = 0;

			for (; is_digit(*p) && n < 6; p++, n++)
				port = port * 10 + (unsigned)(*p - '0');
			if (n == 0 || n > 5 || port == 0 || port > 65535 ||
			    (*p && *p != '/')) {
				*why = "the URL's port is not a number from 1 "
				       "to 65535";
				return -EINVAL;
			}
		}
		if (host[hlen] && strchr(host + hlen + 1, ':')) {
			*why = "a URL has at most one ':' after the scheme";
			return -EINVAL;
		}
	}
	memcpy(out, in, len + 1);
	return 0;
}

static int check_ipv4(const char *in, char *out, const char **why)
{
	uint32_t a;

	if (ipv4_parse(in, &a) != 0) {
		*why = "an IPv4 address is four numbers 0-255 separated by "
		       "dots";
		return -EINVAL;
	}
	ipv4_format(a, out);
	return 0;
}

/* A list of 1 to @max values separated by spaces or commas (a comma keeps
 * a preset one word), each checked by @check; stored with single spaces. */
static int check_list(const char *in, char *out, size_t size, int max,
		      int (*check)(const char *, char *, const char **),
		      const char **why)
{
	char one[VALUE_MAX];
	size_t o = 0, n;
	int count = 0;

	while (*in) {
		while (*in == ' ' || *in == ',')
			in++;
		n = strcspn(in, " ,");
		if (n == 0)
			break;
		if (n >= sizeof(one) || ++count > max)
			return -EINVAL;
		memcpy(one, in, n);
		one[n] = '\0';
		if (check(one, one, why) != 0)
			return -EINVAL;
		if (o + strlen(one) + 2 > size)
			return -EINVAL;
		if (o)
			out[o++] = ' ';
		strcpy(out + o, one);
		o += strlen(one);
		in += n;
	}
	if (count == 0)
		return -EINVAL;
	out[o] = '\0';
	return 0;
}

/* choice: one of the menu's words, as written. */
static int check_choice(const struct value_spec *spec, const char *in,
			char *out, const char **why)
{
	int i;

	for (i = 0; i < spec->nchoices; i++) {
		if (strcmp(in, spec->choices[i]) == 0) {
			strcpy(out, in);
			return 0;
		}
	}
	*why = "not one of the listed choices";
	return -EINVAL;
}

/* yesno: the answers taken for yes and for no. */
static const struct {
	const char *in, *value;
} yesno_words[] = {
    {"y", "yes"}, {"Y", "yes"}, {"yes", "yes"}, {"Yes", "yes"}, {"YES", "yes"},
    {"n", "no"},  {"N", "no"},	{"no", "no"},	{"No", "no"},	{"NO", "no"},
};

static int check_yesno(const struct value_spec *spec, const char *in, char *out,
		       const char **why)
{
	size_t i;

	(void)spec;
	for (i = 0; i < sizeof(yesno_words) / sizeof(yesno_words[0]); i++) {
		if (strcmp(in, yesno_words[i].in) == 0) {
			strcpy(out, yesno_words[i].value);
			return 0;
		}
	}
	*why = "answer y or n";
	return -EINVAL;
}

static int check_host(const struct value_spec *spec, const char *in, char *out,
		      const char **why)
{
	(void)spec;
	if (check_ipv4(in, out, why) == 0 || check_hostname(in, out, why) == 0)
		return 0;
	*why = "give an IPv4 address or a host name (letters, digits, '-', "
	       "'.')";
	return -EINVAL;
}

static int check_ipv4list(const struct value_spec *spec, const char *in,
			  char *out, const char **why)
{
	(void)spec;
	if (check_list(in, out, VALUE_MAX, 8, check_ipv4, why) == 0)
		return 0;
	*why = "a list of 1 to 8 IPv4 addresses separated by spaces";
	return -EINVAL;
}

static int check_urllist(const struct value_spec *spec, const char *in,
			 char *out, const char **why)
{
	(void)spec;
	*why = "";
	if (check_list(in, out, VALUE_MAX, VALUE_LIST_MAX, check_url, why) == 0)
		return 0;
	if (!**why)
		*why = "a list of 1 to 4 URLs separated by spaces";
	return -EINVAL;
}

/* The types whose rule needs nothing but the text. */
#define PLAIN_CHECK(name, fn)                                                  \
	static int name(const struct value_spec *spec, const char *in,         \
			char *out, const char **why)                           \
	{                                                                      \
		(void)spec;                                                    \
		return fn(in, out, why);                                       \
	}
/* Seconds: digits, at most SECONDS_MAX, stored without leading zeros. */
static int check_seconds(const char *in, char *out, const char **why)
{
	const char *p = in;

	while (*p == '0' && p[1])
		p++;
	if (!*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 5 ||
	    value_seconds(p) > SECONDS_MAX) {
		*why = "a number of seconds, 0 (off) to " XSTR(SECONDS_MAX);
		return -EINVAL;
	}
	strcpy(out, p);
	return 0;
}

/** A checked `seconds` value as a number. */
unsigned long value_seconds(const char *v)
{
	unsigned long n = 0;

	for (; is_digit(*v) && n <= SECONDS_MAX; v++)
		n = n * 10 + (unsigned long)(*v - '0');
	return n;
}

PLAIN_CHECK(check_ipv4_spec, check_ipv4)
PLAIN_CHECK(check_hostname_spec, check_hostname)
PLAIN_CHECK(check_word_spec, check_word)
PLAIN_CHECK(check_args_spec, check_args)
PLAIN_CHECK(check_url_spec, check_url)
PLAIN_CHECK(check_seconds_spec, check_seconds)
#undef PLAIN_CHECK

/* Each type's rule. */
static int (*const type_checks[VT_COUNT])(const struct value_spec *spec,
					  const char *in, char *out,
					  const char **why) = {
    [VT_CHOICE] = check_choice,
    [VT_YESNO] = check_yesno,
    [VT_IPV4] = check_ipv4_spec,
    [VT_HOSTNAME] = check_hostname_spec,
    [VT_HOST] = check_host,
    [VT_WORD] = check_word_spec,
    [VT_ARGS] = check_args_spec,
    [VT_URL] = check_url_spec,
    [VT_IPV4LIST] = check_ipv4list,
    [VT_URLLIST] = check_urllist,
    [VT_SECONDS] = check_seconds_spec,
};

/**
 * Check a value against its type and store its canonical form.
 *
 * @v spec	the type
 * @v in	text to check
 * @v out	canonical value, VALUE_MAX bytes (may be @in)
 * @v size	size of @out
 * @v why	on failure, a sentence saying what the type accepts
 * @ret rc	0, or -EINVAL
 */
int value_check(const struct value_spec *spec, const char *in, char *out,
		size_t size, const char **why)
{
	char buf[VALUE_MAX];
	int rc;

	*why = "";
	if (strlen(in) >= VALUE_MAX || size < VALUE_MAX) {
		*why = "the answer is too long";
		return -EINVAL;
	}
	if ((unsigned)spec->type >= VT_COUNT) {
		*why = "unknown type";
		return -EINVAL;
	}
	rc = type_checks[spec->type](spec, in, buf, why);
	if (rc == 0)
		strcpy(out, buf);
	return rc;
}
