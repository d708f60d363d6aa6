/* Unit tests: the dialog service's requests and replies
 * (engine/stage1/service.c): every hostile request is refused with a reason,
 * and nothing typed reaches the script as script. */
#include <stdlib.h>
#include "check.h"
#include "emit/report.h"
#include "base/out.h"
#include "emit/ipxe.h"
#include "stage1/service.h"

#define FACTS "platform=pcbios&cpu=amd64&ip=0a630032&netmask=ffffff00"

/* Requests: NULL error means it must parse. */
static const struct {
	int line;
	const char *query;
	const char *error;
} requests[] = {
#define R(...)                                                                 \
	{                                                                      \
		__LINE__, __VA_ARGS__                                          \
	}
    R(FACTS, NULL),
    R(FACTS "&a=32&a=&a=6e", NULL),
    R("", NULL),
    R(FACTS "&bogus=1", "an unknown key"),
    R(FACTS "&a", "a word without '='"),
    R(FACTS "&ip=0a630032", "key ip given twice"),
    R(FACTS "&a=3", "a: too many answers"),
    R(FACTS "&a=zz", "a: too many answers"),
    R(FACTS "&a=0a", "a: too many answers"),	 /* a line break */
    R(FACTS "&a=410042", "a: too many answers"), /* a NUL byte */
    R("platform=bios", "platform: bad value"),
    R("cpu=x86", "cpu: bad value"),
    R("ip=0a6300", "ip: bad value"),
    R("dns=0a6300090a63", "dns: bad value"),
    R("mac=5254", "mac: bad value"),
    R("auto=yes", "auto: bad value"),
    R("ip=0a63003%32", "ip: bad value"),
    R("dead=01", NULL),
    R("dead=1", "dead: bad value"),
    R("dead=zz", "dead: bad value"),
    R("dead=0101", "dead: bad value"),
    R("dead=01&dead=02", "key dead given twice"),
    /* a bad DHCP host name is dropped, as the module drops it */
    R("hostname=613b62", NULL),
#undef R
};

static const char menu_text[] = "var h hostname\n"
				"var t choice a b\n"
				"menu t \"Pick: \"\n"
				"  item 1 a\n"
				"  item 2 b\n"
				"end\n"
				"ask h \"Host: \"\n"
				"cmdline h=${h} t=${t}\n"
				"from net-install\n"
				"kernel k\n"
				"boot\n";

static int no_lookup(void *ctx, const char *name, uint32_t *addr)
{
	(void)ctx, (void)name, (void)addr;
	return -ENOENT;
}

static int no_reverse(void *ctx, uint32_t addr, char *name, size_t size)
{
	(void)ctx, (void)addr, (void)name, (void)size;
	return -ENOENT;
}

/* A lookup that finds the first name server dead, and notes whether it
 * ran as a replay of an earlier step; @ctx is the service's state. */
static int replayed[4], nlookups;

static int dead_lookup(void *ctx, const char *name, uint32_t *addr)
{
	(void)name;
	if (nlookups < 4)
		replayed[nlookups++] = service_replaying(ctx);
	service_server_dead(ctx, 0x0a630009);
	*addr = 0x0a630033;
	return 0;
}

static const char lookup_menu[] = "var n hostname\n"
				  "var ip ipv4\n"
				  "var x hostname\n"
				  "ask n \"Name: \"\n"
				  "resolve ip n\n"
				  "ask x \"More: \"\n"
				  "cmdline ip=${ip} x=${x}\n"
				  "from net-install\n"
				  "kernel k\n"
				  "boot\n";

static int reply_with(const char *text,
		      int (*resolve)(void *, const char *, uint32_t *),
		      const char *query, char *buf, size_t size, char *err)
{
	static struct service_request req;
	static struct service_ctx svc;
	struct run_net net = {&svc, resolve, no_reverse};
	struct masks masks = {NULL, 0};
	struct menu *m;
	int rc;

	if (menu_parse("s.menu", text, strlen(text), &m, err, MENU_ERROR_MAX) ||
	    service_parse(query, &req, err, MENU_ERROR_MAX))
		return -1;
	rc = service_reply(&svc, &req, m, &masks, &net, "debathena", buf, size,
			   err, MENU_ERROR_MAX);
	menu_free(m);
	return rc;
}

static int reply(const char *query, char *buf, size_t size, char *err)
{
	return reply_with(menu_text, no_lookup, query, buf, size, err);
}

/* The boot report (service_report): the menu's syslog says where, a
 * query's syslog= does not count, a stop is reported as giving up. */
static void test_report(void)
{
	static const char boot_menu[] = "var syslog ipv4list = 10.99.0.1\n"
					"from net-install\nkernel k\nboot\n";
	static const char stop_menu[] = "var syslog ipv4list = 10.99.0.1\n"
					"stop \"nothing to boot\"\n";
	static struct service_request req;
	static struct service_ctx svc;
	static char buf[SERVICE_REPLY_MAX], msg[REPORT_MAX];
	struct run_net net = {&svc, no_lookup, no_reverse};
	struct masks masks = {NULL, 0};
	char err[MENU_ERROR_MAX];
	uint32_t to[ARGS_SYSLOG_MAX];
	struct menu *m;

	/* p=syslog=1.2.3.4, which the service ignores */
	CHECK(menu_parse("s.menu", boot_menu, strlen(boot_menu), &m, err,
			 sizeof(err)) == 0 &&
		  service_parse(FACTS "&mac=525400db0001&next=0a630001"
				      "&p=7379736c6f673d312e322e332e34",
				&req, err, sizeof(err)) == 0,
	      "%s", err);
	CHECK(service_reply(&svc, &req, m, &masks, &net, "debathena", buf,
			    sizeof(buf), err, sizeof(err)) == 0,
	      "%s", err);
	CHECK(service_report(&svc, msg, sizeof(msg), to) == 1 &&
		  to[0] == 0x0a630001,
	      "%s", "the menu's syslog");
	CHECK(strncmp(msg,
		      "<14>1 - 10.99.0.50 debathena - boot - event=\"handed "
		      "over\" mac=\"52:54:00:db:00:01\" ip=\"10.99.0.50\"",
		      88) == 0 &&
		  strstr(msg, " method=\"ipxe\" ") &&
		  strstr(msg, " syslog=\"10.99.0.1\""),
	      "%s", msg);
	menu_free(m);
	CHECK(menu_parse("s.menu", stop_menu, strlen(stop_menu), &m, err,
			 sizeof(err)) == 0 &&
		  service_reply(&svc, &req, m, &masks, &net, "debathena", buf,
				sizeof(buf), err, sizeof(err)) == 0,
	      "%s", err);
	CHECK(service_report(&svc, msg, sizeof(msg), to) == 1 &&
		  strstr(msg, "<11>1 - 10.99.0.50 debathena - giveup - "
			      "event=\"gave up\" why=\"nothing to boot\""),
	      "%s", msg);
	menu_free(m);
}

int main(void)
{
	static struct service_request req;
	static char buf[SERVICE_REPLY_MAX], big[SERVICE_QUERY_MAX + 16];
	char err[MENU_ERROR_MAX + 64], text[256];
	struct out o = {text, sizeof(text), 0, 0};
	size_t i;
	int rc;

	for (i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
		err[0] = '\0';
		rc = service_parse(requests[i].query, &req, err, sizeof(err));
		if (!requests[i].error)
			CHECK(rc == 0, "line %d: %s", requests[i].line, err);
		else
			CHECK(rc != 0 &&
				  strncmp(err, requests[i].error,
					  strlen(requests[i].error)) == 0,
			      "line %d: got \"%s\"", requests[i].line, err);
	}
	CHECK(service_parse("hostname=613b62", &req, err, sizeof(err)) == 0 &&
		  req.lease.hostname[0] == '\0',
	      "%s", "a bad host name is dropped");

	/* Bounds: the query, the number of answers, one answer. */
	memset(big, 'a', sizeof(big) - 1);
	CHECK(service_parse(big, &req, err, sizeof(err)) != 0 &&
		  strstr(err, "longer than"),
	      "%s", err);
	strcpy(big, FACTS);
	for (i = 0; i < SERVICE_ANSWERS_MAX + 1; i++)
		strcat(big, "&a=31");
	CHECK(service_parse(big, &req, err, sizeof(err)) != 0, "%s",
	      "65 answers taken");
	/* An answer longer than any (Debian 13's read has no limit) is
	 * cut, and the dialog says it is too long and asks again. */
	strcpy(big, FACTS "&a=31&a=");
	for (i = 0; i < 1024; i++)
		strcat(big, "41");
	CHECK(service_parse(big, &req, err, sizeof(err)) == 0 &&
		  strlen(req.answers[1]) == SERVICE_ANSWER_MAX,
	      "%s", err);
	/* "That line is too long", as iPXE prints it (hex), asked again */
	CHECK(reply(big, buf, sizeof(buf), err) == 0 &&
		  strstr(buf, "54:68:61:74:20:6c:69:6e:65:20:69:73:20:74:6f:6f"
			      ":20:6c:6f:6e:67") &&
		  strstr(buf, "read d_a"),
	      "%s", buf);

	/* Replies: the first question; a refused answer asked again; the
	 * boot; more answers than the dialog asks. */
	CHECK(reply(FACTS, buf, sizeof(buf), err) == 0, "%s", err);
	CHECK(strstr(buf, "read d_a") && strstr(buf, "&a=${d_a:hexraw}"), "%s",
	      buf);
	CHECK(reply(FACTS "&a=31&a=623b63", buf, sizeof(buf), err) == 0, "%s",
	      err);
	CHECK(strstr(buf, "Not a valid hostname") && strstr(buf, "read d_a") &&
		  strstr(buf, "&a=31&a=623b63&a=${d_a:hexraw}"),
	      "%s", buf);
	CHECK(reply(FACTS "&next=0a630001&a=31&a=6e6f6465", buf, sizeof(buf),
		    err) == 0,
	      "%s", err);
	CHECK(strstr(buf,
		     "kernel --timeout 30000 -- tftp://10.99.0.1/net-install/k "
		     "BOOT_IMAGE=k h=node t=a && boot"),
	      "%s", buf);
	/* The failure policy, as the chain script and the compiled stage1
	 * write it (test_ipxe.c): 3 rounds 2 s apart, then retry after 60 s */
	CHECK(strstr(buf, "iseq ${round} rrr && goto failed ||\n") &&
		  strstr(buf, "echo Trying every server again in 2 seconds.\n"
			      "sleep 2\n") &&
		  strstr(buf, "choose --default retry --timeout 60000 action "
			      "|| goto failed\n"),
	      "%s", buf);
	CHECK(reply(FACTS "&a=31&a=6e6f6465&a=78", buf, sizeof(buf), err) ==
		      -EINVAL &&
		  strstr(err, "ended after 2 of the 3"),
	      "%s", err);

	/* A name server found dead: the next request says so ("dead", bit
	 * 0 for the first of the lease), and a lookup of an earlier step
	 * runs as a replay (the front end then skips that server). */
#define DNS2 "&dns=0a6300090a630001"
	CHECK(reply_with(lookup_menu, dead_lookup, FACTS DNS2 "&a=6e", buf,
			 sizeof(buf), err) == 0 &&
		  nlookups == 1 && !replayed[0],
	      "%s", err);
	CHECK(strstr(buf, "&a=6e&dead=01&a=${d_a:hexraw}"), "%s", buf);
	nlookups = 0;
	CHECK(reply_with(lookup_menu, dead_lookup,
			 FACTS DNS2 "&a=6e&dead=01&a=79", buf, sizeof(buf),
			 err) == 0 &&
		  nlookups == 1 && replayed[0],
	      "%s", err);
	CHECK(strstr(buf, "ip=10.99.0.51 x=y"), "%s", buf);

	/* GRUB: a key that completes the name runs its lookup as the new
	 * step; a key typed on the next line, and the Enter that completes
	 * it, replay it (every answer a GRUB request carries is an old
	 * one), so the dead server is not waited for again on each key. */
#define GRUB_FACTS "fe=grub&" FACTS DNS2
	nlookups = 0;
	CHECK(reply_with(lookup_menu, dead_lookup, GRUB_FACTS "&l=6e&k=enter",
			 buf, sizeof(buf), err) == 0 &&
		  nlookups == 1 && !replayed[0],
	      "%s", err);
	nlookups = 0;
	CHECK(reply_with(lookup_menu, dead_lookup,
			 GRUB_FACTS "&a=6e&dead=01&k=79", buf, sizeof(buf),
			 err) == 0 &&
		  nlookups == 1 && replayed[0],
	      "%s", err);
	nlookups = 0;
	CHECK(reply_with(lookup_menu, dead_lookup,
			 GRUB_FACTS "&a=6e&dead=01&l=79&k=enter", buf,
			 sizeof(buf), err) == 0 &&
		  nlookups == 1 && replayed[0] &&
		  strstr(buf, "&a=6e&dead=01&a=79&"),
	      "%d %d %s", nlookups, replayed[0], buf);

	/* Text that iPXE would expand or split goes out as a setting. */
	ipxe_emit_text(&o, "a ${x} || b ; #", 1);
	CHECK(!strstr(text, "${x}") && !strstr(text, " || ") &&
		  strstr(text, "set d_text:hex 61:20:24:20:7b"),
	      "%s", text);
	test_report();
	return CHECK_DONE("test_service");
}
