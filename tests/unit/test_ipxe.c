/* Unit tests: the generated iPXE chain script (engine/emit/ipxe.c). */
#include "check.h"
#include "emit/ipxe.h"
#include "stage1/ipxe_menu.h"

/* The chain script of a dialog's result, on a lease (the plan iPXE
 * follows). */
static int chain(const struct run_result *res, const struct dhcp_info *lease,
		 char *buf, size_t size, char *err, size_t errsize)
{
	static struct plan plan;

	plan_make(&plan, res, lease, LOADER_IPXE, 0);
	return ipxe_chain_script(&plan, buf, size, err, errsize);
}

static const struct {
	const char *word;
	int safe;
} words[] = {
    {"DEBCONF_DEBUG=5", 1},
    {"netcfg/get_nameservers=\"1.2.3.4", 1},
    {"--", 1},
    {"${x}", 0},
    {"a$b", 0},
    {"{", 0},
    {"}", 0},
    {"#", 0},
    {";", 0},
    {"&&", 0},
    {"||", 0},
    {":label", 0},
    {"a\tb", 0},
    {"", 0},
    {"a#b", 1},
};

/*
 * The failure policy (doc/faults.md) as every iPXE script writes it: the
 * chain script here, the compiled stage1 below, the service's boot reply
 * in test_service.c (the same lines).
 */
static const char *const policy_lines[] = {
    "iseq ${round} rrr && goto failed ||\n",
    "echo Trying every server again in 2 seconds.\nsleep 2\n",
    "choose --default retry --timeout 60000 action || goto failed\n",
    "item retry Try again\n",
};

static void check_policy(const char *script, const char *what)
{
	size_t i;

	for (i = 0; i < sizeof(policy_lines) / sizeof(policy_lines[0]); i++)
		CHECK(strstr(script, policy_lines[i]) != NULL, "%s: no %s",
		      what, policy_lines[i]);
}

/* The compiled stage1 follows the same policy. */
static void check_compiled_policy(void)
{
	static const char text[] = "kernel k\nboot\n";
	static char buf[65536];
	struct menu *m;
	char err[256];

	CHECK(menu_parse("p.menu", text, sizeof(text) - 1, &m, err,
			 sizeof(err)) == 0,
	      "%s", err);
	CHECK(ipxe_menu_script(m, buf, sizeof(buf), err, sizeof(err)) == 0,
	      "%s", err);
	check_policy(buf, "compiled stage1");
	menu_free(m);
}

int main(void)
{
	static struct run_result res;
	static struct dhcp_info lease = {
	    .ipaddr = 0x0a00020f,
	    .netmask = 0xffffff00,
	    .gateway = 0x0a000202,
	    .server = 0x0a000202,
	    .dns = {0x0a630009, 0x0a630001},
	    .ndns = 2,
	    .mac = {0x52, 0x54, 0, 0x12, 0x34, 0x56},
	};
	static char buf[65536];
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		CHECK(ipxe_safe_word(words[i].word) == words[i].safe, "\"%s\"",
		      words[i].word);

	res.action = RUN_BOOT;
	res.nservers = 2;
	strcpy(res.servers[0], "http://10.0.2.100/d-i");
	strcpy(res.servers[1], "http://stage2.test/d-i");
	strcpy(res.kernel, "precise/amd64/linux");
	strcpy(res.initrd, "precise/amd64/initrd.gz");
	strcpy(res.cmdline, "a=1 b=\"x y\" --");
	CHECK(chain(&res, &lease, buf, sizeof(buf), err, sizeof(err)) == 0,
	      "%s", err);
	CHECK(strncmp(buf, "#!ipxe\n", 7) == 0, "%s", "magic");
	CHECK(strstr(buf, "iseq ${net0/mac} 52:54:00:12:34:56 && set nic "
			  "net0 ||\n") != NULL,
	      "%s", "MAC match");
	CHECK(strstr(buf, "set ${nic}/ip 10.0.2.15 || goto nolease\n") != NULL,
	      "%s", "lease");
	CHECK(
	    strstr(
		buf,
		"kernel --timeout 30000 -- http://10.0.2.100/d-i/precise/amd64/"
		"linux BOOT_IMAGE=linux initrd=initrd.gz a=1 b=\"x y\" -- && "
		"initrd --timeout 30000 -- "
		"http://10.0.2.100/d-i/precise/amd64/initrd.gz && "
		"boot ||\n") != NULL,
	    "%s", "first server");
	/* A server given by name is tried with each name server. */
	CHECK(strstr(buf, "set dns 10.99.0.9\niseq ${platform} efi && goto "
			  "efi_1 ||\nkernel --timeout 30000 -- "
			  "http://stage2.test/") != NULL,
	      "%s", "dns 1");
	CHECK(strstr(buf, "set dns 10.99.0.1\niseq ${platform} efi && goto "
			  "efi_2 ||\nkernel --timeout 30000 -- "
			  "http://stage2.test/") != NULL,
	      "%s", "dns 2");
	/* On UEFI the same line: its first word names the kernel image. */
	CHECK(strstr(buf, ":efi_0\nkernel --name BOOT_IMAGE=linux --timeout "
			  "30000 -- http://10.0.2.100/d-i/precise/amd64/linux "
			  "initrd=initrd.gz a=1 b=\"x y\" -- && ") != NULL,
	      "%s", "UEFI line");
	check_policy(buf, "chain script");
	check_compiled_policy();

	/* TFTP paths become tftp:// URLs on PXELINUX's server. */
	res.nservers = 1;
	strcpy(res.servers[0], "net-install");
	CHECK(chain(&res, &lease, buf, sizeof(buf), err, sizeof(err)) == 0,
	      "%s", err);
	CHECK(strstr(buf, "kernel --timeout 30000 -- "
			  "tftp://10.0.2.2/net-install/precise/") != NULL,
	      "%s", "tftp");

	/* Unsafe words are refused, not passed. */
	strcpy(res.cmdline, "a=${b} --");
	CHECK(chain(&res, &lease, buf, sizeof(buf), err, sizeof(err)) == -EPERM,
	      "%s", "${b} passed");
	strcpy(res.cmdline, "a # b");
	CHECK(chain(&res, &lease, buf, sizeof(buf), err, sizeof(err)) == -EPERM,
	      "%s", "# passed");
	strcpy(res.cmdline, "a");
	strcpy(res.servers[0], "http://h/x${y}");
	CHECK(chain(&res, &lease, buf, sizeof(buf), err, sizeof(err)) == -EPERM,
	      "%s", "unsafe URL passed");

	/* Too small a buffer is an error, not a cut script. */
	strcpy(res.servers[0], "net-install");
	CHECK(chain(&res, &lease, buf, 100, err, sizeof(err)) == -E2BIG, "%s",
	      "overflow");
	/* A server given by name when the lease has no DNS server: still
	 * tried once, with whatever name server iPXE has (it was dropped). */
	{
		static struct dhcp_info nodns;

		nodns = lease;
		nodns.ndns = 0;
		res.nservers = 1;
		strcpy(res.servers[0], "http://stage2.test/d-i");
		CHECK(chain(&res, &nodns, buf, sizeof(buf), err, sizeof(err)) ==
			  0,
		      "%s", err);
		CHECK(
		    strstr(buf, "http://stage2.test/d-i/precise/amd64/linux") !=
			NULL,
		    "%s", "a named server without DNS is dropped");
	}
	return CHECK_DONE("test_ipxe");
}
