/*
 * The boot report, as one RFC 5424 message:
 *
 *   <PRI>1 - HOSTNAME debathena - MSGID - TEXT
 *
 * PRI is facility user with severity info (a hand-over) or err (gave
 * up); the module has no clock, so the timestamp is the nil value and
 * the receiver stamps it.  TEXT is NAME="VALUE" pairs, with '"' and '\'
 * escaped as in RFC 5424's parameter values and anything that is not
 * printable ASCII left out: what came off the network (a DHCP host name)
 * or was typed cannot break the line.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "base/out.h"
#include "emit/report.h"
#include "base/text.h"

#define FACILITY_USER 1
#define SEVERITY_ERR  3
#define SEVERITY_INFO 6

/* The event's MSGID and severity, and the text it starts with. */
static const struct {
	const char *msgid;
	int severity;
} report_events[] = {
    [REPORT_HANDOVER] = {"boot", SEVERITY_INFO},
    [REPORT_GIVEUP] = {"giveup", SEVERITY_ERR},
};

/* What each signed file is called in the report. */
static const char *const report_file_names[REPORT_FILES] = {
    [REPORT_MENU] = "menu",
    [REPORT_MASKS] = "masks",
    [REPORT_MANIFEST] = "manifest",
};

/**
 * Where the report goes: the label's syslog=, else the menu's variable
 * syslog when it is set.
 *
 * @ret n	the number of servers (0: no report)
 */
int report_servers(const struct run *r, uint32_t *addrs)
{
	int var, n = 0;

	if (r->syslog[0] && args_syslog_parse(r->syslog, addrs, &n) == 0)
		return n;
	var = menu_known(r->menu, KNOWN_syslog);
	if (var >= 0 && r->isset[var] &&
	    args_syslog_parse(r->values[var], addrs, &n) == 0)
		return n;
	return 0;
}

/* NAME="VALUE", escaped, printable ASCII only. */
static void pair(struct out *o, const char *name, const char *value)
{
	const char *p;

	out_printf(o, " %s=\"", name);
	for (p = value; *p; p++) {
		if (*p == '"' || *p == '\\')
			out_printf(o, "\\%c", *p);
		else if (*p >= 0x20 && *p < 0x7f)
			out_printf(o, "%c", *p);
	}
	out_printf(o, "\"");
}

/* The RFC 5424 HOSTNAME: printable ASCII without spaces, or "-". */
static void header_host(struct out *o, const char *name)
{
	const char *p;

	if (!name[0]) {
		out_printf(o, "-");
		return;
	}
	for (p = name; *p && p - name < 255; p++)
		if (*p > 0x20 && *p < 0x7f)
			out_printf(o, "%c", *p);
}

/* Each signed file's check: "good KEYNUM", "unknown key KEYNUM", ... */
static void report_signatures(struct out *o, const struct report_checks *c)
{
	char text[48];
	int f;

	for (f = 0; f < REPORT_FILES; f++) {
		char name[24];

		if (!c->tried[f])
			continue;
		snprintf(name, sizeof(name), "%s_signature",
			 report_file_names[f]);
		snprintf(text, sizeof(text), "%s%s%s",
			 signify_status_names[c->sig[f].status],
			 c->sig[f].keynum[0] ? " " : "", c->sig[f].keynum);
		pair(o, name, text);
	}
}

/* Every variable the menu declares that has a value, builtins aside. */
static void report_answers(struct out *o, const struct run *r)
{
	int v;

	for (v = 0; v < r->menu->nvars; v++)
		if (!r->menu->vars[v].builtin && r->isset[v])
			pair(o, r->menu->vars[v].name, r->values[v]);
}

/**
 * Write the report.
 *
 * @v res	the dialog's result (what it chose to boot)
 * @v lease	the DHCP facts (MAC, address, host name)
 * @v method	how the stage2 is loaded ("direct", "ipxe")
 * @v checks	what the front end loaded and checked
 * @v why	on giving up, the reason; else NULL
 * @ret len	the message's length; -E2BIG when it was cut (still sent)
 */
int report_format(char *buf, size_t size, enum report_event event,
		  const struct run *r, const struct run_result *res,
		  const struct dhcp_info *lease, const char *method,
		  const struct report_checks *c, const char *why)
{
	struct out o = {buf, size, 0, 0};
	char mac[18], ip[16];
	int s;

	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
		 lease->mac[0], lease->mac[1], lease->mac[2], lease->mac[3],
		 lease->mac[4], lease->mac[5]);
	ipv4_format(lease->ipaddr, ip);
	out_printf(&o, "<%d>1 - ",
		   FACILITY_USER * 8 + report_events[event].severity);
	header_host(&o, lease->hostname[0] ? lease->hostname
			: lease->ipaddr	   ? ip
					   : "");
	out_printf(&o, " debathena - %s -", report_events[event].msgid);
	pair(&o, "event", event == REPORT_HANDOVER ? "handed over" : "gave up");
	if (why)
		pair(&o, "why", why);
	pair(&o, "mac", mac);
	pair(&o, "ip", lease->ipaddr ? ip : "");
	pair(&o, "dhcp_hostname", lease->hostname);
	if (method)
		pair(&o, "method", method);
	pair(&o, "menu", c->builtin_menu ? "(built-in)" : r->menu->file);
	for (s = 0; s < res->nservers; s++)
		pair(&o, "stage2_server", res->servers[s]);
	pair(&o, "kernel", c->kernel[0] ? c->kernel : res->kernel);
	pair(&o, "initrd", c->initrd[0] ? c->initrd : res->initrd);
	pair(&o, "signed_only", c->signed_only ? "yes" : "no");
	report_signatures(&o, c);
	if (c->kernel_check)
		pair(&o, "kernel_sha256", c->kernel_check);
	if (c->initrd_check)
		pair(&o, "initrd_sha256", c->initrd_check);
	report_answers(&o, r);
	if (o.overflow) {
		/* Cut at the last whole pair: the receiver sees a clean end */
		const char *last = buf;
		const char *p;

		for (p = buf + 1; p + 2 < buf + o.len; p++)
			if (p[0] == '"' && p[1] == ' ' && p[-1] != '\\')
				last = p + 1;
		o.len = (size_t)(last - buf);
		buf[o.len] = '\0';
		return -E2BIG;
	}
	return (int)o.len;
}
