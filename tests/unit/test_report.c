/* The boot report (engine/emit/report.c): syslog= addresses, the RFC 5424
 * line, escaping of what came off the network or was typed, and a report
 * too long for one datagram cut at a whole pair. */
#include <stdlib.h>
#include "check.h"
#include "emit/report.h"

static const struct {
	const char *value;
	int rc, n;
} servers[] = {
    {"10.0.0.1", 0, 1},
    {"10.0.0.1,10.0.0.2", 0, 2},
    {"10.0.0.1 10.0.0.2, 10.0.0.3", 0, 3},
    {"1.1.1.1,2.2.2.2,3.3.3.3,4.4.4.4", 0, 4},
    {"1.1.1.1,2.2.2.2,3.3.3.3,4.4.4.4,5.5.5.5", -EINVAL, 4},
    {"", -EINVAL, 0},
    {",", -EINVAL, 0},
    {"10.0.0", -EINVAL, 0},
    {"10.0.0.1,loghost", -EINVAL, 1},
    {"10.0.0.1;reboot", -EINVAL, 0},
    {"10.0.0.1000000000000000", -EINVAL, 0},
};

static void test_servers(void)
{
	uint32_t addrs[ARGS_SYSLOG_MAX];
	unsigned i;
	int n, rc;

	for (i = 0; i < sizeof(servers) / sizeof(servers[0]); i++) {
		rc = args_syslog_parse(servers[i].value, addrs, &n);
		CHECK(rc == servers[i].rc && (rc || n == servers[i].n),
		      "\"%s\": rc %d, %d addresses", servers[i].value, rc, n);
	}
	rc = args_syslog_parse("10.0.0.1,192.0.2.7", addrs, &n);
	CHECK(rc == 0 && addrs[0] == 0x0a000001 && addrs[1] == 0xc0000207,
	      "addresses %08x %08x", addrs[0], addrs[1]);
}

#define MENU                                                                   \
	"var distro word = trusty\n"                                           \
	"var extra args\n"                                                     \
	"var syslog ipv4list\n"                                                \
	"from net-install\nkernel ${distro}/linux\ninitrd ${distro}/initrd\n"  \
	"boot\n"

static void test_format(void)
{
	static struct run r;
	static struct run_result res;
	static char buf[REPORT_MAX];
	struct dhcp_info lease = {0x0a000232, 0xffffff00, 0x0a000201};
	struct report_checks c = {1};
	char err[MENU_ERROR_MAX], *arg[1];
	uint32_t to[ARGS_SYSLOG_MAX];
	struct menu *m = NULL;
	int len, i;

	CHECK(menu_parse("t.menu", MENU, strlen(MENU), &m, err, sizeof(err)) ==
		  0,
	      "%s", err);
	run_init(&r, m, NULL);
	memcpy(lease.mac, "\x52\x54\x00\xdb\x00\x01", 6);
	strcpy(lease.hostname, "node-1");
	/* Values are checked by their types; only why can hold quotes */
	CHECK(run_preset(&r, "extra", "a=b c", err, sizeof(err)) == 0 &&
		  run_preset(&r, "distro", "trusty", err, sizeof(err)) == 0,
	      "%s", err);
	strcpy(res.servers[0], "net-install");
	res.nservers = 1;
	strcpy(res.kernel, "trusty/linux");
	strcpy(res.initrd, "trusty/initrd");
	c.tried[REPORT_MENU] = c.tried[REPORT_MANIFEST] = 1;
	strcpy(c.sig[REPORT_MENU].keynum, "51ec6e57d97a8e28");
	c.sig[REPORT_MANIFEST].status = SIGNIFY_UNKNOWN_KEY;
	strcpy(c.sig[REPORT_MANIFEST].keynum, "1bb6a4eca03e26c7");
	c.kernel_check = "ok";
	c.initrd_check = "mismatch";
	strcpy(c.kernel, "tftp://10.0.2.1/net-install/trusty/linux");
	len = report_format(buf, sizeof(buf), REPORT_GIVEUP, &r, &res, &lease,
			    NULL, &c, "no \"server\"\x01 left\\");
	CHECK_STR(buf,
		  "<11>1 - node-1 debathena - giveup - event=\"gave up\" "
		  "why=\"no \\\"server\\\" left\\\\\" "
		  "mac=\"52:54:00:db:00:01\" "
		  "ip=\"10.0.2.50\" dhcp_hostname=\"node-1\" menu=\"t.menu\" "
		  "stage2_server=\"net-install\" "
		  "kernel=\"tftp://10.0.2.1/net-install/trusty/linux\" "
		  "initrd=\"trusty/initrd\" signed_only=\"yes\" "
		  "menu_signature=\"good 51ec6e57d97a8e28\" "
		  "manifest_signature=\"unknown key 1bb6a4eca03e26c7\" "
		  "kernel_sha256=\"ok\" initrd_sha256=\"mismatch\" "
		  "distro=\"trusty\" extra=\"a=b c\"",
		  "giveup report");
	CHECK(len == (int)strlen(buf), "length %d", len);
	/* No server: no report; the menu's variable, then the label's */
	CHECK(report_servers(&r, to) == 0, "no syslog");
	CHECK(run_preset(&r, "syslog", "10.0.0.9", err, sizeof(err)) == 0, "%s",
	      err);
	CHECK(report_servers(&r, to) == 1 && to[0] == 0x0a000009,
	      "the menu's syslog");
	arg[0] = "syslog=10.0.0.7,10.0.0.8";
	CHECK(args_apply(&r, 1, arg, NULL, NULL) == 0, "syslog=");
	CHECK(report_servers(&r, to) == 2 && to[1] == 0x0a000008,
	      "the label's syslog= wins");
	/* A hand-over; the host name field falls back on the address */
	lease.hostname[0] = '\0';
	len = report_format(buf, sizeof(buf), REPORT_HANDOVER, &r, &res, &lease,
			    "direct", &c, NULL);
	CHECK(strncmp(buf,
		      "<14>1 - 10.0.2.50 debathena - boot - event=\"handed "
		      "over\" mac=",
		      60) == 0,
	      "%s", buf);
	CHECK(strstr(buf, " method=\"direct\" ") != NULL, "%s", buf);
	/* Too long for the datagram: cut after the last whole pair */
	for (i = 0; i < 8; i++)
		strcat(res.kernel, "/a-long-directory-name-of-the-stage2-tree");
	CHECK(
	    run_preset(&r, "extra",
		       "x=0123456789012345678901234567890123456789012345678901"
		       "23456789012345678901234567890123456789012345678901234"
		       "567890123456789012345678901234567890123456789012345",
		       err, sizeof(err)) == 0,
	    "%s", err);
	c.kernel[0] = '\0';
	len = report_format(buf, 400, REPORT_HANDOVER, &r, &res, &lease,
			    "direct", &c, NULL);
	CHECK(len == -E2BIG && strlen(buf) < 400 && buf[strlen(buf) - 1] == '"',
	      "cut: %d, %s", len, buf);
	menu_free(m);
}

int main(void)
{
	test_servers();
	test_format();
	return CHECK_DONE("report");
}
