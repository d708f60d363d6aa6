/*
 * The dialog service: the engine behind an HTTP endpoint, for iPXE as the
 * stage1.
 *
 * Stateless between requests (what one request needs, the caller keeps in
 * a struct service_ctx).  A request carries the client's facts (from
 * iPXE's settings, each as ${...:hexraw}, so only [0-9a-f] travels) and
 * every answer so far; the service replays the menu with those answers,
 * exactly as the module would run it with the same lines typed, and
 * replies with an iPXE script: what the dialog printed since the last
 * answer, then the next question and a `read`, and a `chain` back here
 * with the new answer added; or, when the dialog ends, the boot (the chain
 * script's fetch rounds), the exit, or the stop menu.
 *
 * Everything in a request is hostile: sizes are bounded, hex is strict,
 * an unknown or repeated key is refused, and an answer reaches the dialog
 * only as typed text (the dialog checks it against its type).  Text the
 * dialog prints goes out through ipxe_emit_text(), never as script.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/hex.h"
#include "emit/ipxe.h"
#include "base/out.h"
#include "emit/report.h"
#include "stage1/service.h"
#include "base/text.h"
#include "lang/value.h"

/* What a key's value is. */
enum key_kind {
	K_ADDR,	    /**< an IPv4 address: 8 hex digits */
	K_ADDRS,    /**< addresses: 8 hex digits each */
	K_MAC,	    /**< 12 hex digits */
	K_NAME,	    /**< a host or domain name, in hex */
	K_PLATFORM, /**< pcbios or efi */
	K_CPU,	    /**< amd64 or i386 */
	K_AUTO,	    /**< 1 */
	K_PRESET,   /**< NAME=VALUE, in hex */
	K_ANSWER,   /**< one typed line, in hex */
	K_DEAD,	    /**< a bit per name server: 2 hex digits */
	K_FE,	    /**< ipxe or grub */
	K_LINE,	    /**< GRUB's line typed so far, in hex */
	K_KEY,	    /**< GRUB's key: 2 hex digits, erase, enter or idle */
	K_THEN,	    /**< what GRUB's key is for: restart or failed */
};

/* The keys of a request; anything else is refused. */
static const struct service_key {
	const char *name;
	enum key_kind kind;
	size_t field; /**< K_ADDR, K_NAME: where in struct dhcp_info */
	int repeat;   /**< may be given more than once */
} service_keys[] = {
    {"ip", K_ADDR, offsetof(struct dhcp_info, ipaddr), 0},
    {"netmask", K_ADDR, offsetof(struct dhcp_info, netmask), 0},
    {"gateway", K_ADDR, offsetof(struct dhcp_info, gateway), 0},
    {"next", K_ADDR, offsetof(struct dhcp_info, server), 0},
    {"dns", K_ADDRS, 0, 0},
    {"mac", K_MAC, 0, 0},
    {"hostname", K_NAME, offsetof(struct dhcp_info, hostname), 0},
    {"domain", K_NAME, offsetof(struct dhcp_info, domain), 0},
    {"platform", K_PLATFORM, 0, 0},
    {"cpu", K_CPU, 0, 0},
    {"auto", K_AUTO, 0, 0},
    {"p", K_PRESET, 0, 1},
    {"a", K_ANSWER, 0, 1},
    {"dead", K_DEAD, 0, 0},
    {"fe", K_FE, 0, 0},
    {"l", K_LINE, 0, 0},
    {"k", K_KEY, 0, 0},
    {"x", K_THEN, 0, 0},
};
#define NKEYS (sizeof(service_keys) / sizeof(service_keys[0]))

/* A word of a table, by its index; -1 when it is none of them. */
static int word_index(const char *v, size_t n, const char *const *words,
		      int nwords)
{
	int i;

	for (i = 0; i < nwords; i++)
		if (strlen(words[i]) == n && !strncmp(v, words[i], n))
			return i;
	return -1;
}

static const char *const fe_names[] = {[FE_IPXE] = "ipxe", [FE_GRUB] = "grub"};
const char *const service_then_names[] = {[THEN_DIALOG] = "dialog",
					  [THEN_RESTART] = "restart",
					  [THEN_FAILED] = "failed"};
/* k= words for the keys that are not bytes, by -key - 2 */
static const char *const key_names[] = {"erase", "enter", "idle"};

/* Strict hex: an even number of digits, nothing else; bytes into @out. */
static int unhex(const char *s, size_t n, unsigned char *out, size_t size,
		 size_t *len)
{
	size_t i;

	if (n % 2 || n / 2 > size)
		return -EINVAL;
	for (i = 0; i < n; i += 2) {
		if (hex_digit(s[i]) < 0 || hex_digit(s[i + 1]) < 0)
			return -EINVAL;
		out[i / 2] =
		    (unsigned char)(hex_digit(s[i]) * 16 + hex_digit(s[i + 1]));
	}
	*len = n / 2;
	return 0;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Hex text with no NUL or line break, into a string of @size. */
static int hex_text(const char *v, size_t n, char *out, size_t size)
{
	size_t len;

	if (unhex(v, n, (unsigned char *)out, size - 1, &len) != 0)
		return -EINVAL;
	out[len] = '\0';
	return strlen(out) == len && !strpbrk(out, "\r\n") ? 0 : -EINVAL;
}

static const char *const cpu_names[] = {"amd64", "i386", "x86_64"};

/* An address: 8 hex digits (iPXE's :hexraw), the first of several (GRUB's
 * DHCP option in hex), or a dotted quad (GRUB's $net_default_ip). */
static int take_addr(const char *v, size_t n, uint32_t *addr)
{
	unsigned char b[4];
	char dotted[16];
	size_t len;

	if (n == 0)
		return 0; /* the setting is unset */
	if (n % 8 == 0 && unhex(v, 8, b, 4, &len) == 0 &&
	    strspn(v, "0123456789abcdefABCDEF") >= n) {
		*addr = get32(b);
		return 0;
	}
	if (n >= sizeof(dotted))
		return -EINVAL;
	memcpy(dotted, v, n);
	dotted[n] = '\0';
	return ipv4_parse(dotted, addr) == 0 ? 0 : -EINVAL;
}

/* A MAC address: 12 hex digits, or six pairs with ':' between (GRUB). */
static int take_mac(const char *v, size_t n, struct service_request *req)
{
	char hex[12];
	size_t i, len;

	if (n == 17) {
		for (i = 0; i < 6; i++) {
			if (i < 5 && v[i * 3 + 2] != ':')
				return -EINVAL;
			memcpy(hex + i * 2, v + i * 3, 2);
		}
		v = hex;
		n = 12;
	}
	req->has_mac = n == 12;
	return n == 12 ? unhex(v, n, req->lease.mac, 6, &len) : -EINVAL;
}

/* fe= or x=: a word of its table. */
static int take_word(enum key_kind kind, const char *v, size_t n,
		     struct service_request *req)
{
	int i = kind == K_FE ? word_index(v, n, fe_names, 2)
			     : word_index(v, n, service_then_names, 3);

	if (i < 0)
		return -EINVAL;
	if (kind == K_FE)
		req->fe = (enum service_fe)i;
	else
		req->then = (enum service_then)i;
	return 0;
}

/* GRUB's key: a byte in hex (printable), or erase, enter, idle. */
static int take_key(const char *v, size_t n, struct service_request *req)
{
	unsigned char b;
	size_t len;
	int i = word_index(v, n, key_names, 3);

	if (i >= 0) {
		req->key = -i - 2;
		return 0;
	}
	if (n != 2 || unhex(v, n, &b, 1, &len) || b < 0x20 || b > 0x7e)
		return -EINVAL;
	req->key = b;
	return 0;
}

/* An answer cut to SERVICE_ANSWER_MAX (take) is still too long a line. */
_Static_assert(SERVICE_ANSWER_MAX > VALUE_MAX, "cut answers stay too long");

/* One key's value, checked and stored. */
static int take(const struct service_key *k, const char *v, size_t n,
		struct service_request *req, const char **why)
{
	static const struct value_spec host = {VT_HOSTNAME, NULL, 0};
	unsigned char b[DHCP_DNS_MAX * 4];
	char name[VALUE_MAX];
	size_t len, i;

	*why = "bad value";
	switch (k->kind) {
	case K_ADDR:
		return take_addr(v, n,
				 (uint32_t *)((char *)&req->lease + k->field));
	case K_ADDRS:
		if (n % 8 || unhex(v, n, b, sizeof(b), &len))
			return -EINVAL;
		for (i = 0; i < len; i += 4)
			req->lease.dns[req->lease.ndns++] = get32(b + i);
		return 0;
	case K_MAC:
		return take_mac(v, n, req);
	case K_NAME:
		if (n == 0)
			return 0;
		if (hex_text(v, n, name, sizeof(name)) != 0)
			return -EINVAL;
		/* As the module takes DHCP's names: a bad one is dropped. */
		if (value_check(&host, name, name, sizeof(name), why) == 0)
			strcpy((char *)&req->lease + k->field, name);
		return 0;
	case K_PLATFORM:
		req->efi = n == 3 && !strncmp(v, "efi", 3);
		return req->efi || (n == 6 && !strncmp(v, "pcbios", 6))
			   ? 0
			   : -EINVAL;
	case K_CPU: /* iPXE's cpuid test, or GRUB's $grub_cpu */
		i = (size_t)word_index(v, n, cpu_names, 3);
		req->long_mode = i != 1;
		return i < 3 ? 0 : -EINVAL;
	case K_AUTO:
		req->auto_mode = 1;
		return n == 1 && v[0] == '1' ? 0 : -EINVAL;
	case K_PRESET:
		*why = "too many presets, or a bad one";
		return req->npresets < SERVICE_PRESETS_MAX
			   ? hex_text(v, n, req->presets[req->npresets++],
				      VALUE_MAX)
			   : -E2BIG;
	case K_DEAD:
		if (n != 2 || unhex(v, n, b, 1, &len))
			return -EINVAL;
		req->dead = b[0];
		return 0;
	case K_FE:
	case K_THEN:
		return take_word(k->kind, v, n, req);
	case K_LINE:
		/* As the line editor keeps it: one byte past the longest
		 * line says it is too long */
		if (n > 2 * VALUE_MAX)
			n = 2 * VALUE_MAX;
		return hex_text(v, n, req->line, sizeof(req->line));
	case K_KEY:
		return take_key(v, n, req);
	case K_ANSWER:
		/* Debian 13's iPXE reads a line of any length (12's: 255
		 * bytes): one longer than an answer can be is cut to
		 * SERVICE_ANSWER_MAX, still longer than any line the dialog
		 * takes, so the dialog says it is too long and asks again,
		 * as the module does */
		if (n > 2 * SERVICE_ANSWER_MAX)
			n = 2 * SERVICE_ANSWER_MAX;
		*why = "too many answers, or one with a line break";
		return req->nanswers < SERVICE_ANSWERS_MAX
			   ? hex_text(v, n, req->answers[req->nanswers++],
				      SERVICE_ANSWER_MAX + 1)
			   : -E2BIG;
	}
	return -EINVAL;
}

/**
 * Read a request's query string.
 *
 * @v query	key=value pairs with & between (QUERY_STRING)
 * @v req	the request
 * @v err	why it is refused (for an HTTP 400)
 * @ret rc	0, or -EINVAL
 */
int service_parse(const char *query, struct service_request *req, char *err,
		  size_t errsize)
{
	unsigned char seen[NKEYS];
	const char *p = query, *eq, *why;
	size_t n, k;

	memset(req, 0, sizeof(*req));
	memset(seen, 0, sizeof(seen));
	req->long_mode = 1;
	req->key = KEY_NONE;
	if (strlen(query) > SERVICE_QUERY_MAX) {
		snprintf(err, errsize, "the query is longer than %d bytes",
			 SERVICE_QUERY_MAX);
		return -EINVAL;
	}
	for (; *p; p += n + (p[n] == '&')) {
		n = strcspn(p, "&");
		eq = text_find(p, p + n, '=');
		for (k = 0; eq && k < NKEYS; k++)
			if (strlen(service_keys[k].name) == (size_t)(eq - p) &&
			    !strncmp(p, service_keys[k].name, (size_t)(eq - p)))
				break;
		if (!eq || k == NKEYS) {
			snprintf(err, errsize,
				 "%s: the keys are ip, netmask, "
				 "gateway, next, dns, mac, hostname, domain, "
				 "platform, cpu, auto, p, a, dead, fe, l, k "
				 "and x",
				 eq ? "an unknown key" : "a word without '='");
			return -EINVAL;
		}
		if (seen[k]++ && !service_keys[k].repeat) {
			snprintf(err, errsize, "key %s given twice",
				 service_keys[k].name);
			return -EINVAL;
		}
		if (take(&service_keys[k], eq + 1, n - (size_t)(eq + 1 - p),
			 req, &why) != 0) {
			snprintf(err, errsize, "%s: %s", service_keys[k].name,
				 why);
			return -EINVAL;
		}
	}
	return 0;
}

/* The console the dialog runs on: the answers are typed, the echo of
 * typing is dropped (iPXE's `read` showed it; GRUB's reply shows the
 * line), the rest is kept.  A GRUB client's key is applied where the
 * answers end, by what the dialog reads there (grub_decide). */
struct service_feed {
	const struct service_request *req;
	struct service_ctx *svc;
	struct out *o;
	int i;	       /**< the answer being typed */
	size_t pos;    /**< the next byte of it */
	int typing;    /**< drop output: the echo of an answer */
	size_t mark;   /**< output after the last answer starts here */
	unsigned dead; /**< the request's dead servers, and new ones */
	/* GRUB's key, applied once the answers are typed */
	int decided;	  /**< 1: what follows the answers is known */
	const char *tail; /**< typed after them, with no Enter */
	int timeout;	  /**< then no key came in time (KEY_IDLE) */
	int key;	  /**< GRUB's key (or KEY_NONE) */
	int n;		  /**< how many of the request's answers to type */
};

/** What the dialog reads: a line, a menu's key, Enter to go on. */
enum run_input service_input(const struct run *r)
{
	if (!r->reading)
		return IN_LINE;
	return r->reading->kind == ST_MENU    ? IN_KEYS
	       : r->reading->kind == ST_PAUSE ? IN_PAUSE
					      : IN_LINE;
}

/** The menu being read's timeout, when it runs out before the idle limit
 * (its key is the answer then); else NULL. */
const struct menu_entry *service_menu_timeout(const struct run *r)
{
	const struct menu_entry *e;

	if (service_input(r) != IN_KEYS)
		return NULL;
	for (e = r->reading->entries; e; e = e->next)
		if (e->kind == ME_TIMEOUT)
			return !r->idle || e->seconds <= r->idle ? e : NULL;
	return NULL;
}

/* The key of a GRUB request, at the read the answers end in: the answer
 * it completes (svc->completed), the line after it (svc->line). */
static void grub_decide(struct service_feed *f)
{
	const struct service_request *req = f->req;
	struct service_ctx *svc = f->svc;
	enum run_input in = service_input(&svc->r);
	const struct menu_entry *timeout = service_menu_timeout(&svc->r);
	int key = f->key;
	size_t n;

	f->decided = 1;
	svc->completed = NULL;
	snprintf(svc->line, sizeof(svc->line), "%s",
		 in == IN_LINE ? req->line : "");
	n = strlen(svc->line);
	f->timeout = key == KEY_IDLE;
	if (key == KEY_IDLE && timeout) {
		/* The menu's own timeout comes first: its key, as typed (the
		 * replay of this answer types it) */
		snprintf(svc->answer, sizeof(svc->answer), "%s", timeout->text);
		svc->completed = svc->answer;
	} else if (key == KEY_ERASE && n > 0) {
		svc->line[n - 1] = '\0';
	} else if (key >= 0 && in == IN_LINE) {
		/* One byte past the longest line is kept: too long */
		if (n < VALUE_MAX) {
			svc->line[n] = (char)key;
			svc->line[n + 1] = '\0';
		}
	} else if (key == KEY_ENTER || key >= 0) {
		/* Enter, a menu's key (sent at once), any key to go on */
		snprintf(svc->answer, sizeof(svc->answer), "%s",
			 key >= 0 && in == IN_KEYS ? (char[2]){(char)key, 0}
						   : svc->line);
		svc->completed = svc->answer;
		svc->line[0] = '\0';
	}
	f->tail = svc->completed ? svc->completed : svc->line;
}

/* The next byte; past the answers, a GRUB key's (or the end of input;
 * @timed: no key in time, when the key is idle). */
static int feed_next(struct service_feed *f, int timed)
{
	const char *a;

	if (f->i > f->n)
		return -1;
	if (f->i == f->n) {
		if (f->req->fe != FE_GRUB)
			return -1;
		if (!f->decided)
			grub_decide(f);
		a = f->tail;
		if (!f->svc->completed && !a[f->pos]) {
			f->i++;
			return f->timeout && timed ? LINEEDIT_TIMEOUT : -1;
		}
	} else {
		a = f->req->answers[f->i];
	}
	f->typing = 1;
	if (a[f->pos])
		return (unsigned char)a[f->pos++];
	f->i++;
	f->pos = 0;
	return '\r';
}

static int feed_getc(void *ctx)
{
	return feed_next(ctx, 0);
}

/* GRUB's menus time out (the key idle): the dialog's time limits hold. */
static int feed_getc_timed(void *ctx, unsigned long ms)
{
	(void)ms;
	return feed_next(ctx, 1);
}

static void feed_puts(void *ctx, const char *s)
{
	struct service_feed *f = ctx;

	if (f->typing) {
		/* The line editor ends an answer with "\n": then the
		 * dialog's own output follows. */
		if (strcmp(s, "\n") == 0 && f->pos == 0) {
			f->typing = 0;
			f->mark = f->o->len;
		}
		return;
	}
	out_printf(f->o, "%s", s);
}

/**
 * Print on the dialog's console, from a front end's lookup (the name
 * server failover's messages): part of the transcript, as in the module.
 *
 * @v ctx	the struct service_ctx
 */
void service_print(void *ctx, const char *msg)
{
	struct service_ctx *svc = ctx;

	if (svc->feed)
		feed_puts(svc->feed, msg);
}

/**
 * Is the dialog being replayed, rather than running the request's new
 * step?  A front end's lookups then skip the servers the request says are
 * dead.  A lookup runs once its answer is typed (f->i past it).  iPXE's
 * last answer is the request's new one; GRUB's are all old (its new one
 * is the line the key completes, typed after them), so a key that only
 * types does not wait again for a server that did not answer the last
 * answer's lookup.
 */
int service_replaying(const struct service_ctx *ctx)
{
	const struct service_feed *f = ctx->feed;

	if (!f)
		return 0;
	return f->i < f->n || (f->req->fe == FE_GRUB && f->i == f->n);
}

/** A front end's lookup found @server dead: the next request says so. */
void service_server_dead(struct service_ctx *ctx, uint32_t server)
{
	struct service_feed *f = ctx->feed;
	int i;

	for (i = 0; f && i < f->req->lease.ndns; i++)
		if (f->req->lease.dns[i] == server)
			f->dead |= 1u << i;
}

static void feed_report(void *ctx, const char *msg)
{
	struct service_feed *f = ctx;

	out_printf(f->o, "debathena: %s\n", msg);
}

/* The request's facts and answers as a query again (canonical: only
 * [0-9a-z=&], whatever the request held). */
void service_state(struct out *o, const struct service_request *req,
		   int answers, unsigned dead)
{
	const struct dhcp_info *l = &req->lease;
	const uint32_t addrs[4] = {l->ipaddr, l->netmask, l->gateway,
				   l->server};
	const char *const names[4] = {"ip", "netmask", "gateway", "next"};
	const unsigned char *p;
	int i;

	if (req->fe == FE_GRUB)
		out_printf(o, "fe=grub&");
	out_printf(o, "platform=%s&cpu=%s", req->efi ? "efi" : "pcbios",
		   req->long_mode ? "amd64" : "i386");
	for (i = 0; i < 4; i++)
		if (addrs[i])
			out_printf(o, "&%s=%08x", names[i], addrs[i]);
	if (l->ndns)
		out_printf(o, "&dns=");
	for (i = 0; i < l->ndns; i++)
		out_printf(o, "%08x", l->dns[i]);
	if (req->has_mac)
		out_printf(o, "&mac=%02x%02x%02x%02x%02x%02x", l->mac[0],
			   l->mac[1], l->mac[2], l->mac[3], l->mac[4],
			   l->mac[5]);
	if (l->hostname[0])
		out_printf(o, "&hostname=");
	for (p = (const unsigned char *)l->hostname; *p; p++)
		out_printf(o, "%02x", *p);
	if (l->domain[0])
		out_printf(o, "&domain=");
	for (p = (const unsigned char *)l->domain; *p; p++)
		out_printf(o, "%02x", *p);
	if (req->auto_mode)
		out_printf(o, "&auto=1");
	for (i = 0; i < req->npresets; i++) {
		out_printf(o, "&p=");
		for (p = (const unsigned char *)req->presets[i]; *p; p++)
			out_printf(o, "%02x", *p);
	}
	for (i = 0; i < answers; i++) {
		out_printf(o, "&a=");
		for (p = (const unsigned char *)req->answers[i]; *p; p++)
			out_printf(o, "%02x", *p);
	}
	if (dead & 0xffu)
		out_printf(o, "&dead=%02x", dead & 0xffu);
}

/* What the dialog printed since the last answer; the last line, not
 * ended, is left for the caller (the question). */
static const char *emit_output(struct out *o, char *text)
{
	char *nl;

	while ((nl = strchr(text, '\n')) != NULL) {
		*nl = '\0';
		ipxe_emit_text(o, text, 1);
		text = nl + 1;
	}
	return text;
}

/* If the service does not answer: try again, then offer a menu. */
static void emit_unreachable(struct out *o)
{
	out_printf(o,
		   ":d_fail\n"
		   "iseq ${d_r} rrr && goto d_dead ||\n"
		   "set d_r ${d_r}r\n"
		   "echo The dialog service did not answer: trying again in 3 "
		   "seconds.\n"
		   "sleep 3\n"
		   "goto d_send\n"
		   ":d_dead\n"
		   "menu The dialog service does not answer\n"
		   "item retry Try again\n"
		   "item shell Open the iPXE shell\n"
		   "item reboot Reboot\n"
		   "choose --default retry --timeout 60000 d_act || goto "
		   "d_dead\n"
		   "goto d_${d_act}\n"
		   ":d_retry\n"
		   "set d_r r\n"
		   "goto d_send\n"
		   ":d_shell\n"
		   "shell ||\n"
		   "goto d_dead\n"
		   ":d_reboot\n"
		   "reboot\n");
}

/* The next question: its text, a read, and the chain back here. */
static void emit_question(struct out *o, const struct service_request *req,
			  const char *self, const char *prompt, unsigned dead)
{
	out_printf(o, "set d_r r\n:d_ask\n");
	ipxe_emit_text(o, prompt, 0);
	out_printf(o,
		   "clear d_a\nread d_a || goto d_ask\n:d_send\n"
		   "chain --replace --autofree " IPXE_TIMEOUT_OPT " %s?",
		   self);
	service_state(o, req, req->nanswers, dead);
	out_printf(o, "&a=${d_a:hexraw} || goto d_fail\n");
	emit_unreachable(o);
}

/* The stop: the message, then start again, the shell or reboot. */
static void emit_stop(struct out *o, const struct service_request *req,
		      const char *self, const char *message)
{
	char line[MENU_ERROR_MAX + 16];

	snprintf(line, sizeof(line), "debathena: %s", message);
	out_printf(o, "echo\n");
	ipxe_emit_text(o, line, 1);
	out_printf(o,
		   ":d_stopped\n"
		   "menu The Debathena dialog stopped\n"
		   "item again Start again\n"
		   "item shell Open the iPXE shell\n"
		   "item reboot Reboot\n"
		   "choose --default again d_act || goto d_stopped\n"
		   "goto d_${d_act}\n"
		   ":d_again\n"
		   "chain --replace --autofree " IPXE_TIMEOUT_OPT " %s?",
		   self);
	service_state(o, req, 0, 0);
	out_printf(o, " || goto d_stopped\n"
		      ":d_shell\n"
		      "shell ||\n"
		      "goto d_stopped\n"
		      ":d_reboot\n"
		      "reboot\n");
}

/* The boot: the chain script's fetch rounds, with the loader's words
 * written per platform (ipxe_emit_fetch); why not, in ctx->why. */
static int emit_boot(struct service_ctx *ctx, struct out *o,
		     const struct service_request *req, const char *self,
		     const struct run_result *res)
{
	struct plan *p = malloc(sizeof(*p));
	char line[MENU_ERROR_MAX + 48];

	if (!p) {
		snprintf(ctx->why, sizeof(ctx->why), "out of memory");
		emit_stop(o, req, self, ctx->why);
		return -ENOMEM;
	}
	plan_make(p, res, &req->lease, LOADER_IPXE, 0);
	if (p->no_ipxe[0]) {
		snprintf(ctx->why, sizeof(ctx->why), "%s", p->no_ipxe);
		snprintf(line, sizeof(line), "%s%s", p->no_ipxe,
			 res->verify ? ": boot this menu with debathena.c32"
				     : "");
		emit_stop(o, req, self, line);
		free(p);
		return -EPERM;
	}
	ipxe_emit_fetch(o, p->attempts, p->nattempts, res->cmdline, 1, "fetch");
	free(p);
	return 0;
}

/**
 * Run the dialog of a request: the answers typed, then a GRUB client's
 * key (@key: the request's, or KEY_NONE).  The result is in ctx: the run,
 * its end, its text (the last answer's output starts at ctx->mark) and
 * the name servers found dead.
 *
 * @ret rc	0; -EINVAL when the dialog ended before its answers did
 */
int service_run(struct service_ctx *ctx, const struct service_request *req,
		const struct menu *menu, const struct masks *masks,
		const struct run_net *net, int key, int answers, char *err,
		size_t errsize)
{
	struct run *const r = &ctx->r;
	struct out t = {ctx->text, sizeof(ctx->text), 0, 0};
	struct service_feed f = {req,	    ctx, &t, 0, 0,   0,	     0,
				 req->dead, 0,	 "", 0, key, answers};
	struct console con = {&f, feed_getc, feed_puts, 0,
			      req->fe == FE_GRUB ? feed_getc_timed : NULL};
	int i;

	run_init(r, menu, &con);
	r->auto_mode = req->auto_mode;
	r->masks = masks;
	r->net = *net;
	run_lease_builtins(r, req->long_mode, &req->lease);
	ctx->req = req;
	ctx->reported = 0;
	ctx->completed = NULL;
	ctx->line[0] = '\0';
	for (i = 0; i < req->npresets; i++) {
		char *const word = (char *)req->presets[i];

		/* Where reports go is the site's menu's to say, not the
		 * client's: a query could aim them anywhere */
		if (args_kind(word) == ARGS_SYSLOG)
			continue;
		args_apply(r, 1, &word, feed_report, &f);
	}
	ctx->text[0] = '\0';
	ctx->feed = &f;
	run_dialog(r, &ctx->res);
	ctx->feed = NULL;
	ctx->mark = f.mark;
	ctx->answers = answers;
	ctx->dead = f.dead;
	ctx->text_overflow = t.overflow;
	if (ctx->res.action != RUN_EOF && f.i < answers) {
		snprintf(err, errsize,
			 "the dialog ended after %d of the %d answers", f.i,
			 answers);
		return -EINVAL;
	}
	return 0;
}

/**
 * The reply to a request: the script iPXE runs next, or the configuration
 * GRUB's loop reads next (service_grub_reply).
 *
 * @v ctx	the service's state: the dialog, kept for its boot report
 * @v self	the service's name, to chain back to (relative to the
 *		request's URL; letters, digits, '.', '-', '_')
 * @v net	the name lookups, against the request's name servers
 * @v err	why there is no script (for an HTTP 400)
 * @ret rc	0; -EINVAL for a request the dialog refuses as a whole (more
 *		answers than it asks); -E2BIG when the script does not fit
 */
int service_reply(struct service_ctx *ctx, const struct service_request *req,
		  const struct menu *menu, const struct masks *masks,
		  const struct run_net *net, const char *self, char *buf,
		  size_t size, char *err, size_t errsize)
{
	struct run_result *const res = &ctx->res;
	struct out o = {buf, size, 0, 0};
	const char *prompt;
	int rc;

	if (req->fe == FE_GRUB)
		return service_grub_reply(ctx, req, menu, masks, net, buf, size,
					  err, errsize);
	rc = service_run(ctx, req, menu, masks, net, KEY_NONE, req->nanswers,
			 err, errsize);
	if (rc)
		return rc;
	out_printf(&o, "#!ipxe\n");
	prompt = emit_output(&o, ctx->text + ctx->mark);
	if (*prompt && res->action != RUN_EOF)
		ipxe_emit_text(&o, prompt, 1);
	switch (res->action) {
	case RUN_EOF:
		if (req->nanswers == SERVICE_ANSWERS_MAX)
			emit_stop(&o, req, self,
				  "the dialog is longer than the service "
				  "takes");
		else
			emit_question(&o, req, self, prompt, ctx->dead);
		break;
	case RUN_BOOT:
		ctx->reported = 1;
		ctx->event = emit_boot(ctx, &o, req, self, res) == 0
				 ? REPORT_HANDOVER
				 : REPORT_GIVEUP;
		break;
	case RUN_EXIT_LOCAL:
		out_printf(&o, "echo Booting from the local disk.\n"
			       "sanboot --no-describe --drive 0x80 ||\n");
		/* fall through */
	case RUN_EXIT_PROMPT:
		out_printf(&o, "echo Leaving the Debathena prompt.\nexit\n");
		break;
	default:
		ctx->reported = 1;
		ctx->event = REPORT_GIVEUP;
		emit_stop(&o, req, self, res->message);
	}
	if (o.overflow || ctx->text_overflow) {
		snprintf(err, errsize, "the reply is longer than %u bytes",
			 (unsigned)size);
		return -E2BIG;
	}
	return 0;
}

/**
 * The boot report of the last reply, when it handed over (the boot
 * script) or gave up (a stop), and the menu says where reports go (its
 * variable syslog): the line the module sends, for the CGI to send.
 *
 * @v ctx	the service's state, as the reply left it
 * @v to	the syslog servers
 * @ret n	how many; 0 when there is nothing to report
 */
int service_report(const struct service_ctx *ctx, char *buf, size_t size,
		   uint32_t *to)
{
	const struct run_result *res = &ctx->res;
	struct report_checks checks = {0};
	int n;

	if (!ctx->reported || !ctx->req)
		return 0;
	n = report_servers(&ctx->r, to);
	/* A report cut to size is still sent */
	if (n)
		(void)report_format(buf, size, ctx->event, &ctx->r, res,
				    &ctx->req->lease,
				    ctx->event != REPORT_HANDOVER ? NULL
				    : ctx->req->fe == FE_GRUB	  ? "grub"
								  : "ipxe",
				    &checks,
				    ctx->event == REPORT_HANDOVER ? NULL
				    : res->action == RUN_BOOT	  ? ctx->why
							      : res->message);
	return n;
}
