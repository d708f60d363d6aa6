/*
 * libFuzzer target: the iPXE chain script the module hands iPXE
 * (ipxe.lkrn on BIOS, snponly.efi on UEFI).
 * The dialog runs as in fuzz_cmdline; its result becomes a script.
 * Oracle, on iPXE's own reading of the script (lines; words split on
 * blanks; commands split on || and &&): every line is a known label or
 * commands iPXE is meant to run, every ${...} is one the generator
 * writes, each `kernel` passes exactly the command line's arguments (by
 * the kernel's split; on UEFI its --name first) after a location ending
 * in the chosen file, and
 * each `initrd` one location: a value never adds an iPXE command, a
 * setting expansion or a kernel argument.
 */
#include <errno.h>
#include <stdio.h>
#include "net/dhcp.h"
#include "emit/ipxe.h"
#include "render.h"

#define WORDS_MAX 512

static const char *const labels[] = {":start", ":nomac", ":nolease", ":fetch",
				     ":round", ":nonet", ":failed",  ":retry",
				     ":shell", ":reboot"};
static const char *const commands[] = {
    "iseq",   "isset", "set",	"goto", "ifopen", "echo",   "dhcp",  "kernel",
    "initrd", "boot",  "sleep", "menu", "item",	  "choose", "shell", "reboot"};
static const char *const expansions[] = {
    "${net0/mac}", "${net1/mac}", "${net2/mac}", "${net3/mac}",
    "${nic}",	   "${round}",	  "${action}",	 "${platform}"};
/* Labels with an attempt's number: each attempt's UEFI line and the
 * next attempt. */
static const char *const numbered[] = {":efi_", ":next_"};

static int in(const char *w, const char *const *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(w, set[i]) == 0)
			return 1;
	return 0;
}
#define IN(w, set) in((w), (set), sizeof(set) / sizeof(set[0]))

static int ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && strcmp(s + a - b, tail) == 0;
}

/* Every $ starts an expansion the generator writes itself. */
static void check_expansions(const char *line)
{
	const char *p = line;
	size_t i;

	while ((p = strchr(p, '$')) != NULL) {
		for (i = 0; i < sizeof(expansions) / sizeof(expansions[0]); i++)
			if (strncmp(p, expansions[i], strlen(expansions[i])) ==
			    0)
				break;
		if (i == sizeof(expansions) / sizeof(expansions[0]))
			abort();
		p++;
	}
}

/* A label the generator writes: a fixed one, or a numbered one. */
static int known_label(const char *line)
{
	size_t i, n;

	if (IN(line, labels))
		return 1;
	for (i = 0; i < sizeof(numbered) / sizeof(numbered[0]); i++) {
		n = strlen(numbered[i]);
		if (strncmp(line, numbered[i], n) == 0 && line[n] &&
		    strspn(line + n, "0123456789") == strlen(line + n))
			return 1;
	}
	return 0;
}

/* A fetch's words after its name: the generator's "--name N" (UEFI's
 * kernel image name, which the kernel gets first: in *name), then
 * "--timeout MS" (its value only), then "--".  The index after "--". */
static int fetch_options(char **w, int a, int b, const char **name)
{
	if (name)
		*name = NULL;
	if (name && a + 2 < b && strcmp(w[a], "--name") == 0) {
		*name = w[a + 1];
		a += 2;
	}
	if (a + 2 < b && strcmp(w[a], "--timeout") == 0) {
		if (strcmp(w[a + 1], IPXE_STR(IPXE_FETCH_TIMEOUT_MS)) != 0)
			abort();
		a += 2;
	}
	if (a >= b || strcmp(w[a], "--") != 0)
		abort();
	return a + 1;
}

/* One command: words [a, b). */
static void check_command(char **w, int a, int b, const struct tokens *want,
			  const char *kfile, const char *ifile, int *kernels)
{
	static char args[CMDLINE_LIMIT * 2];
	static struct tokens got;
	const char *name;
	size_t used = 0;
	int i, f;

	if (a == b)
		return; /* "... ||" at the end of a line */
	if (!IN(w[a], commands))
		abort();
	if (strcmp(w[a], "kernel") == 0) {
		f = fetch_options(w, a + 1, b, &name);
		if (f >= b || !ends_with(w[f], kfile))
			abort();
		args[0] = '\0';
		if (name)
			used +=
			    (size_t)snprintf(args, sizeof(args), "%s", name);
		for (i = f + 1; i < b; i++)
			used +=
			    (size_t)snprintf(args + used, sizeof(args) - used,
					     "%s%s", used ? " " : "", w[i]);
		kernel_split(args, &got);
		if (!tokens_equal(&got, want))
			abort();
		(*kernels)++;
	} else if (strcmp(w[a], "initrd") == 0) {
		f = fetch_options(w, a + 1, b, NULL);
		if (f != b - 1 || !ends_with(w[f], ifile))
			abort();
	} else if (strcmp(w[a], "set") == 0 && b - a != 3) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run r;
	static struct run_result res;
	static struct plan plan;
	static struct tokens want;
	static char script[131072], kfile[VALUE_MAX + 2], ifile[VALUE_MAX + 2];
	static char *w[WORDS_MAX];
	struct dhcp_info lease = {0};
	char err[MENU_ERROR_MAX], *line, *next, *p;
	int n, a, i, kernels = 0, rc;

	if (render_run(&r, &res, data, size) != 0)
		return 0;
	lease.ipaddr = 0x0a00020f;
	lease.netmask = 0xffffff00;
	lease.gateway = 0x0a000202;
	lease.server = 0x0a000202;
	lease.dns[0] = 0x0a000203;
	lease.dns[1] = 0x0a000204;
	lease.ndns = 2;
	memcpy(lease.mac, "\x52\x54\x00\x12\x34\x56", 6);
	plan_make(&plan, &res, &lease, LOADER_IPXE, 0);
	rc = ipxe_chain_script(&plan, script, sizeof(script), err, sizeof(err));
	if (rc == -EPERM || rc == -E2BIG)
		return 0; /* refused with a message: nothing is chained */
	if (rc != 0)
		abort();
	render_expect(&r, &want);
	snprintf(kfile, sizeof(kfile), "/%s", res.kernel);
	snprintf(ifile, sizeof(ifile), "/%s", res.initrd);

	for (line = script; *line; line = next) {
		next = strchr(line, '\n');
		if (!next)
			abort(); /* every line ends */
		*next++ = '\0';
		check_expansions(line);
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (line[0] == ':') {
			if (!known_label(line))
				abort();
			continue;
		}
		/* iPXE's split: blanks */
		n = 0;
		for (p = strtok(line, " \t"); p; p = strtok(NULL, " \t")) {
			if (n == WORDS_MAX)
				abort();
			w[n++] = p;
		}
		if (strcmp(w[0], "echo") == 0)
			continue; /* prints its words; $ checked above */
		for (a = 0, i = 0; i <= n; i++) {
			if (i < n && strcmp(w[i], "||") != 0 &&
			    strcmp(w[i], "&&") != 0)
				continue;
			check_command(w, a, i, &want, kfile, ifile, &kernels);
			a = i + 1;
		}
	}
	if (kernels < (res.nservers ? res.nservers : 1))
		abort();
	return 0;
}
