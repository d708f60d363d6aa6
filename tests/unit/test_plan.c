/* Unit tests: the boot plan (engine/boot/plan.c): the method per loader, the
 * attempts of a round, the digest rule, the command line handed over,
 * why iPXE cannot boot a plan, and the failure policy. */
#include <stdlib.h>
#include "check.h"
#include "boot/plan.h"
#include "trust/verify.h"

#define ABC   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* The boot method per loader (plan_method): the menu's method, the
 * stage2's scheme and a checked boot, on each loader. */
static const struct {
	enum boot_method method;
	const char *server; /**< "" for none */
	int verify;
	enum boot_method want[LOADER_COUNT]; /**< pxelinux, lpxelinux, efi,
					      ipxe, grub */
	int note[LOADER_COUNT];
} methods[] = {
    {BOOT_AUTO,
     "net-install",
     0,
     {BOOT_DIRECT, BOOT_DIRECT, BOOT_DIRECT, BOOT_IPXE, BOOT_DIRECT},
     {0, 0, 0, 0, 0}},
    {BOOT_AUTO,
     "http://a/d-i",
     0,
     {BOOT_IPXE, BOOT_DIRECT, BOOT_IPXE, BOOT_IPXE, BOOT_DIRECT},
     {0, 0, 0, 0, 0}},
    {BOOT_AUTO,
     "",
     0,
     {BOOT_DIRECT, BOOT_DIRECT, BOOT_DIRECT, BOOT_IPXE, BOOT_DIRECT},
     {0, 0, 0, 0, 0}},
    {BOOT_IPXE,
     "net-install",
     0,
     {BOOT_IPXE, BOOT_IPXE, BOOT_IPXE, BOOT_IPXE, BOOT_DIRECT},
     {0, 0, 0, 0, 0}},
    {BOOT_DIRECT,
     "http://a/d-i",
     0,
     {BOOT_DIRECT, BOOT_DIRECT, BOOT_DIRECT, BOOT_IPXE, BOOT_DIRECT},
     {0, 0, 0, 0, 0}},
    {BOOT_IPXE,
     "http://a/d-i",
     1,
     {BOOT_DIRECT, BOOT_DIRECT, BOOT_DIRECT, BOOT_IPXE, BOOT_DIRECT},
     {1, 1, 1, 0, 0}},
    {BOOT_AUTO,
     "http://a/d-i",
     1,
     {BOOT_DIRECT, BOOT_DIRECT, BOOT_DIRECT, BOOT_IPXE, BOOT_DIRECT},
     {0, 0, 0, 0, 0}},
};

static void check_methods(void)
{
	static struct run_result res;
	const char *note;
	size_t i;
	int l;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		memset(&res, 0, sizeof(res));
		res.method = methods[i].method;
		res.verify = methods[i].verify;
		res.nservers = methods[i].server[0] ? 1 : 0;
		strcpy(res.servers[0], methods[i].server);
		strcpy(res.kernel, "precise/amd64/linux");
		for (l = 0; l < LOADER_COUNT; l++) {
			CHECK(plan_method(&res, (enum loader)l, &note) ==
				  methods[i].want[l],
			      "case %zu on %s", i, loader_names[l]);
			CHECK(!note == !methods[i].note[l],
			      "case %zu on %s: note %s", i, loader_names[l],
			      note ? note : "(none)");
		}
	}
	/* A whole http:// kernel without servers is HTTP too. */
	memset(&res, 0, sizeof(res));
	res.method = BOOT_AUTO;
	strcpy(res.kernel, "http://a/linux");
	CHECK(plan_method(&res, LOADER_PXELINUX, &note) == BOOT_IPXE, "%s",
	      "http:// kernel");
}

/* The boot loader's words: the files' last path parts. */
static void check_loader_words(void)
{
	char w[64];

	CHECK(cmdline_loader_words("a/b/linux", "a/initrd.gz", w, sizeof(w)) ==
		  33,
	      "%s", "words length");
	CHECK_STR(w, "BOOT_IMAGE=linux initrd=initrd.gz", "words");
	CHECK(cmdline_loader_words("http://s/k", "", w, sizeof(w)) == 12, "%s",
	      "no initrd");
	CHECK_STR(w, "BOOT_IMAGE=k", "words without initrd");
	CHECK(cmdline_loader_words("k", "i", w, 8) == -1, "%s",
	      "words too long");
}

/* The digest rule: pin, else the manifest's line, else refused. */
#define SUMS ABC "  k\n" EMPTY "  i\n"
static const struct {
	const char *kpin, *ipin, *manifest, *initrd;
	const char *sources; /**< kernel's and initrd's source */
	int needs;	     /**< the manifest must be fetched */
	int rc;
	const char *want; /**< "KHEX IHEX", or the error */
} rules[] = {
    {"", "", "", "i", "unchecked unchecked", 0, 0, " "},
    {ABC, EMPTY, "", "i", "pin pin", 0, 0, ABC " " EMPTY},
    {ABC, EMPTY, "SUMS", "i", "pin pin", 0, 0, ABC " " EMPTY},
    {"", "", "SUMS", "i", "manifest manifest", 1, 0, ABC " " EMPTY},
    {EMPTY, "", "SUMS", "i", "pin manifest", 1, 0, EMPTY " " EMPTY},
    {"", EMPTY, "SUMS", "i", "manifest pin", 1, 0, ABC " " EMPTY},
    {ABC, "", "", "i", "pin refused", 0, -EPERM,
     "the menu pins no SHA-256 for i"},
    {"", EMPTY, "", "i", "refused pin", 0, -EPERM,
     "the menu pins no SHA-256 for k"},
    /* no initrd: only the kernel counts */
    {ABC, "", "", "", "pin unchecked", 0, 0, ABC " "},
    {"", "", "SUMS", "", "manifest unchecked", 1, 0, ABC " "},
    {"", "", "SUMS", "nosuch", "manifest manifest", 1, -ENOENT,
     "SUMS does not list nosuch"},
};

static void test_rule(void)
{
	static struct run_result res;
	static struct dhcp_info lease;
	static struct plan plan;
	char khex[SHA256_HEX_LEN + 1], ihex[SHA256_HEX_LEN + 1];
	char got[VERIFY_MSG_MAX], err[VERIFY_MSG_MAX];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		memset(&res, 0, sizeof(res));
		strcpy(res.kernel, "k");
		strcpy(res.initrd, rules[i].initrd);
		strcpy(res.kernel_pin, rules[i].kpin);
		strcpy(res.initrd_pin, rules[i].ipin);
		strcpy(res.manifest, rules[i].manifest);
		res.verify =
		    res.kernel_pin[0] || res.initrd_pin[0] || res.manifest[0];
		plan_make(&plan, &res, &lease, LOADER_PXELINUX, 0);
		snprintf(got, sizeof(got), "%s %s",
			 plan_check_names[plan.kernel_check],
			 plan_check_names[plan.initrd_check]);
		CHECK(strcmp(got, rules[i].sources) == 0,
		      "rule %zu: sources %s", i, got);
		CHECK(plan_needs_manifest(&plan) == rules[i].needs,
		      "rule %zu: needs the manifest", i);
		err[0] = '\0';
		rc = plan_expected(&plan, rules[i].manifest[0] ? SUMS : NULL,
				   rules[i].manifest[0] ? strlen(SUMS) : 0,
				   khex, ihex, err, sizeof(err));
		CHECK(rc == rules[i].rc, "rule %zu: rc %d", i, rc);
		if (rc == 0)
			snprintf(got, sizeof(got), "%s %s", khex, ihex);
		CHECK(strcmp(rc == 0 ? got : err, rules[i].want) == 0,
		      "rule %zu: got \"%s\"", i, rc == 0 ? got : err);
	}
}

/* The attempts of a round: each server in order; under iPXE, a server
 * given by name once per name server of the lease. */
static void check_attempts(void)
{
	static struct run_result res;
	static struct plan plan;
	static const struct dhcp_info lease = {
	    .server = 0x0a000202,
	    .dns = {0x0a630009, 0x0a630001},
	    .ndns = 2,
	};
	char got[4096];
	int i, n;

	memset(&res, 0, sizeof(res));
	res.method = BOOT_AUTO;
	res.nservers = 3;
	strcpy(res.servers[0], "net-install");
	strcpy(res.servers[1], "http://stage2.test/d-i");
	strcpy(res.servers[2], "http://10.0.2.100/d-i");
	strcpy(res.kernel, "linux");
	strcpy(res.initrd, "initrd.gz");
	strcpy(res.cmdline, "a=1 --");
	for (i = 0; i < 2; i++) {
		plan_make(&plan, &res, &lease,
			  i ? LOADER_IPXE : LOADER_LPXELINUX, 0);
		got[0] = '\0';
		for (n = 0; n < plan.nattempts; n++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got),
				 "%d %s %s %s;", plan.attempts[n].server,
				 plan.attempts[n].kernel,
				 plan.attempts[n].initrd, plan.attempts[n].dns);
		CHECK_STR(got,
			  i ? "0 tftp://10.0.2.2/net-install/linux "
			      "tftp://10.0.2.2/net-install/initrd.gz ;"
			      "1 http://stage2.test/d-i/linux "
			      "http://stage2.test/d-i/initrd.gz 10.99.0.9;"
			      "1 http://stage2.test/d-i/linux "
			      "http://stage2.test/d-i/initrd.gz 10.99.0.1;"
			      "2 http://10.0.2.100/d-i/linux "
			      "http://10.0.2.100/d-i/initrd.gz ;"
			    : "0 tftp://10.0.2.2/net-install/linux "
			      "tftp://10.0.2.2/net-install/initrd.gz ;"
			      "1 http://stage2.test/d-i/linux "
			      "http://stage2.test/d-i/initrd.gz ;"
			      "2 http://10.0.2.100/d-i/linux "
			      "http://10.0.2.100/d-i/initrd.gz ;",
			  "attempts");
	}
	CHECK(plan.method == BOOT_IPXE && !plan.no_ipxe[0], "%s", plan.no_ipxe);
	/* Without servers the files are whole locations; no initrd. */
	res.nservers = 0;
	res.initrd[0] = '\0';
	/* The iPXE image each loader starts: ipxe.lkrn on BIOS, the EFI
	 * image under syslinux.efi. */
	strcpy(res.lkrn, "ipxe.lkrn");
	strcpy(res.ipxe_efi, "snponly.efi");
	plan_make(&plan, &res, &lease, LOADER_PXELINUX, 0);
	CHECK_STR(plan.ipxe, "ipxe.lkrn", "BIOS iPXE");
	plan_make(&plan, &res, &lease, LOADER_SYSLINUX_EFI, 0);
	CHECK_STR(plan.ipxe, "snponly.efi", "UEFI iPXE");
	CHECK(plan.nattempts == 1 && plan.attempts[0].initrd[0] == '\0',
	      "%d attempts", plan.nattempts);
	CHECK_STR(plan.attempts[0].kernel, "tftp://10.0.2.2/linux",
		  "no servers");
}

/* The line handed over, and why iPXE cannot boot a plan (one wording). */
static void check_cmdline_and_ipxe(void)
{
	static struct run_result res;
	static struct plan plan;
	static const struct dhcp_info lease = {.server = 0x0a000202};
	char line[CMDLINE_LIMIT + 1];

	memset(&res, 0, sizeof(res));
	strcpy(res.kernel, "a/b/linux");
	strcpy(res.initrd, "a/initrd.gz");
	strcpy(res.cmdline, "x=1 --");
	plan_make(&plan, &res, &lease, LOADER_PXELINUX, 0);
	CHECK(plan_cmdline(&plan, 1, line, sizeof(line)) == 40, "%s", line);
	CHECK_STR(line, "BOOT_IMAGE=linux initrd=initrd.gz x=1 --", "words");
	CHECK(plan_cmdline(&plan, 0, line, sizeof(line)) == 6, "%s", line);
	CHECK(plan_cmdline(&plan, 1, line, 20) == -E2BIG, "%s", "too long");
	res.cmdline[0] = '\0';
	plan_cmdline(&plan, 1, line, sizeof(line));
	CHECK_STR(line, "BOOT_IMAGE=linux initrd=initrd.gz", "menu adds none");
	strcpy(res.cmdline, "a # b");
	plan_make(&plan, &res, &lease, LOADER_IPXE, 0);
	CHECK_STR(plan.no_ipxe,
		  "the command line has a word iPXE would read as syntax",
		  "syntax");
	strcpy(res.cmdline, "a");
	strcpy(res.kernel, "http://h/x${y}");
	plan_make(&plan, &res, &lease, LOADER_IPXE, 0);
	CHECK_STR(plan.no_ipxe, "cannot give iPXE the location http://h/x${y}",
		  "location");
	res.verify = 1;
	plan_make(&plan, &res, &lease, LOADER_IPXE, 0);
	CHECK_STR(plan.no_ipxe,
		  "the menu pins SHA-256 digests, which iPXE cannot check",
		  "digests");
}

/* Unattended: the idle limit's action after it, else retry after a
 * minute. */
static void check_policy(void)
{
	static struct run_result res;
	static struct plan plan;
	static const struct dhcp_info lease;

	strcpy(res.kernel, "linux");
	plan_make(&plan, &res, &lease, LOADER_PXELINUX, 0);
	CHECK(plan.unattended == PLAN_RETRY && plan.wait == PLAN_CHOICE_S, "%s",
	      "no idle limit");
	plan_make(&plan, &res, &lease, LOADER_PXELINUX, 600);
	CHECK(plan.unattended == PLAN_LOCAL && plan.wait == 600, "%s",
	      "idle limit");
	/* iPXE keeps no idle limit: its choice retries */
	plan_make(&plan, &res, &lease, LOADER_IPXE, 600);
	CHECK(plan.unattended == PLAN_RETRY && plan.wait == PLAN_CHOICE_S, "%s",
	      "idle limit under iPXE");
	/* The UEFI module handing over to iPXE keeps its own choice, and
	 * so the limit */
	res.method = BOOT_IPXE;
	plan_make(&plan, &res, &lease, LOADER_SYSLINUX_EFI, 600);
	CHECK(plan.method == BOOT_IPXE && plan.unattended == PLAN_LOCAL &&
		  plan.wait == 600,
	      "%s", "idle limit, UEFI module through iPXE");
}

/* A server whose location does not fit is left out; the next is tried. */
static void check_long_location(void)
{
	static struct run_result res;
	static struct plan plan;
	static const struct dhcp_info lease = {.server = 0x0a000202};

	memset(&res, 0, sizeof(res));
	res.nservers = 2;
	memset(res.servers[0], 'd', 250);
	strcpy(res.servers[1], "net-install");
	memset(res.kernel, 'k', 250);
	CHECK(plan_make(&plan, &res, &lease, LOADER_PXELINUX, 0) == -E2BIG,
	      "%s", "too long");
	CHECK(plan.nattempts == 1 && plan.attempts[0].server == 1, "%d %d",
	      plan.nattempts, plan.attempts[0].server);
	CHECK(strncmp(plan.no_ipxe, "the location ddd", 16) == 0, "%s",
	      plan.no_ipxe);
}

int main(void)
{
	check_methods();
	check_loader_words();
	test_rule();
	check_attempts();
	check_cmdline_and_ipxe();
	check_policy();
	check_long_location();
	return CHECK_DONE("test_plan");
}
