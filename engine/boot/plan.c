/*
 * The boot plan: from a finished dialog, the client's lease and the boot
 * loader, one function decides what is booted and how: the method (the
 * loader's own load or iPXE), the attempts of a round in order (server x
 * name server), which digest each file must match and where it comes
 * from, whether iPXE can boot it and why not, and the failure policy
 * (doc/faults.md).  The module's loader, the chain script, the service's
 * boot reply, the host tool and the boot report all render this plan;
 * none decides any of it again.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "lang/ipxe_word.h"
#include "boot/plan.h"
#include "trust/verify.h"

const char loader_names[LOADER_COUNT][13] = {[LOADER_PXELINUX] = "pxelinux.0",
					     [LOADER_LPXELINUX] = "lpxelinux.0",
					     [LOADER_SYSLINUX_EFI] =
						 "syslinux.efi",
					     [LOADER_IPXE] = "ipxe",
					     [LOADER_GRUB] = "grub"};

const char plan_check_names[][10] = {
    [PLAN_UNCHECKED] = "unchecked",
    [PLAN_PIN] = "pin",
    [PLAN_MANIFEST] = "manifest",
    [PLAN_REFUSED] = "refused",
};

/* What the user is offered after the rounds, by who shows the choice: the
 * module for its own loads, iPXE's menu for iPXE's. */
const char plan_choices[][48] = {
    [BOOT_DIRECT] = "retry, the menu again or the boot: prompt",
    [BOOT_IPXE] = "retry, the iPXE shell or reboot",
};

const char plan_unattended_names[][8] = {
    [PLAN_RETRY] = "retry", [PLAN_LOCAL] = "local"};

/* What every path says between rounds (a format: the pause), and after
 * the last (also the boot report's why). */
const char plan_again[] = "Trying every server again in %d seconds.";
const char plan_failed[] = "no server's stage2 could be booted in 3 rounds";
_Static_assert(PLAN_ROUNDS == 3, "plan_failed says 3 rounds");

/* Why iPXE cannot boot a plan: the one wording, for every path. */
static const char no_ipxe_digests[] =
    "the menu pins SHA-256 digests, which iPXE cannot check";
static const char no_ipxe_syntax[] =
    "the command line has a word iPXE would read as syntax";

/* Does the stage2 come over http://? */
static int fetches_http(const struct run_result *res)
{
	int s;

	for (s = 0; s < res->nservers; s++)
		if (strncmp(res->servers[s], "http://", 7) == 0)
			return 1;
	return strncmp(res->kernel, "http://", 7) == 0;
}

/**
 * How the stage2 is loaded under a boot loader: the menu's method, with
 * auto resolved (iPXE for http:// when the loader has no HTTP), and the
 * cases where the menu's choice cannot be followed.
 *
 * @v res	a finished dialog (RUN_BOOT)
 * @v loader	the boot loader the front end runs under
 * @v note	set to why when the menu's method is overridden, else NULL
 *		(the front end adds what it does instead)
 * @ret method	BOOT_DIRECT or BOOT_IPXE
 */
enum boot_method plan_method(const struct run_result *res, enum loader loader,
			     const char **note)
{
	*note = NULL;
	if (loader == LOADER_IPXE)
		return BOOT_IPXE; /* iPXE is the loader: it loads the stage2 */
	if (loader == LOADER_GRUB)
		return BOOT_DIRECT; /* shim refuses Debian's unsigned iPXE:
				       the GRUB front end says so */
	if (res->verify) {
		/* Only the loader's own load can be checked. */
		if (res->method == BOOT_IPXE)
			*note = no_ipxe_digests;
		return BOOT_DIRECT;
	}
	if (res->method != BOOT_AUTO)
		return res->method;
	/* syslinux.efi's own HTTP is a tenth of iPXE's speed (doc/ipxe.md) */
	return loader != LOADER_LPXELINUX && fetches_http(res) ? BOOT_IPXE
							       : BOOT_DIRECT;
}

/**
 * The location of a stage2 file as the menu writes it: server + "/" +
 * file, or the file alone when the menu gave no servers.
 *
 * @v server	index into res->servers
 * @v file	res->kernel or res->initrd
 * @ret rc	0, or -E2BIG
 */
int plan_path(const struct run_result *res, int server, const char *file,
	      char *buf, size_t size)
{
	int n;

	if (res->nservers == 0)
		n = snprintf(buf, size, "%s", file);
	else
		n = snprintf(buf, size, "%s/%s", res->servers[server], file);
	return (n < 0 || (size_t)n >= size) ? -E2BIG : 0;
}

/**
 * The digest rule: a file's pin, else its line in the menu's manifest;
 * a checked boot refuses a file with neither.
 *
 * @v initrd	nonzero for the initrd, zero for the kernel
 * @ret check	where the file's digest comes from (unchecked for an
 *		initrd the menu does not load)
 */
enum plan_check plan_check_of(const struct run_result *res, int initrd)
{
	if (!res->verify || (initrd && !res->initrd[0]))
		return PLAN_UNCHECKED;
	if ((initrd ? res->initrd_pin : res->kernel_pin)[0])
		return PLAN_PIN;
	return res->manifest[0] ? PLAN_MANIFEST : PLAN_REFUSED;
}

/** Must the front end fetch the manifest before it loads the stage2? */
int plan_needs_manifest(const struct plan *p)
{
	return p->kernel_check == PLAN_MANIFEST ||
	       p->initrd_check == PLAN_MANIFEST;
}

/* One file's expected digest, by the rule above. */
static int expected_one(const struct plan *p, int initrd, const char *manifest,
			size_t len, char hex[SHA256_HEX_LEN + 1], char *err,
			size_t errsize)
{
	const struct run_result *res = p->res;
	const char *name = initrd ? res->initrd : res->kernel;

	hex[0] = '\0';
	switch (initrd ? p->initrd_check : p->kernel_check) {
	case PLAN_PIN:
		strcpy(hex, initrd ? res->initrd_pin : res->kernel_pin);
		return 0;
	case PLAN_MANIFEST:
		return verify_manifest_find(res->manifest, manifest, len, name,
					    hex, err, errsize);
	case PLAN_REFUSED:
		snprintf(err, errsize,
			 res->signed_only
			     ? "with a signing key, %s needs a signed manifest "
			       "or a pin in a signed menu"
			     : "the menu pins no SHA-256 for %s",
			 name);
		return -EPERM;
	default:
		return 0;
	}
}

/**
 * The digests a checked boot compares the stage2 with.
 *
 * @v manifest	the manifest's text, when plan_needs_manifest()
 * @v khex	the kernel's digest
 * @v ihex	the initrd's digest, or "" when there is no initrd
 * @v err	why a file cannot be checked
 * @ret rc	0; -EPERM for a file with no digest; the manifest's errors
 */
int plan_expected(const struct plan *p, const char *manifest, size_t len,
		  char khex[SHA256_HEX_LEN + 1], char ihex[SHA256_HEX_LEN + 1],
		  char *err, size_t errsize)
{
	int rc;

	ihex[0] = '\0';
	rc = expected_one(p, 0, manifest, len, khex, err, errsize);
	if (!rc)
		rc = expected_one(p, 1, manifest, len, ihex, err, errsize);
	return rc;
}

/* Is the host part of a URL a name (not an address)? */
static int host_is_name(const char *url)
{
	const char *h = strstr(url, "://");
	char host[VALUE_MAX];
	uint32_t a;
	size_t n;

	if (!h)
		return 0;
	h += 3;
	n = strcspn(h, ":/");
	if (n >= sizeof(host))
		return 1;
	memcpy(host, h, n);
	host[n] = '\0';
	return ipv4_parse(host, &a) != 0;
}

/* A stage2 file of server @s as fetched; "" for no file. */
static int attempt_url(struct plan *p, int s, const char *file, char *url,
		       size_t size)
{
	char loc[VALUE_MAX * 2];

	url[0] = '\0';
	if (!file[0])
		return 0;
	if (plan_path(p->res, s, file, loc, sizeof(loc)) != 0 ||
	    location_resolve(loc, dhcp_boot_server(p->lease), url, size) != 0) {
		snprintf(p->no_ipxe, sizeof(p->no_ipxe),
			 "the location %.200s is too long", loc);
		return -E2BIG;
	}
	if (!ipxe_safe_word(url) && !p->no_ipxe[0])
		snprintf(p->no_ipxe, sizeof(p->no_ipxe),
			 "cannot give iPXE the location %.200s", loc);
	return 0;
}

/*
 * The attempts of a round: every server in order.  iPXE uses one name
 * server at a time, so a server given by name is tried with each name
 * server of the lease in turn; the loaders' own loads try every name
 * server themselves.  A name with no name server in the lease: one
 * attempt with whatever name server the loader has.
 */
static int plan_attempts(struct plan *p)
{
	const struct run_result *res = p->res;
	int s, d, ndns, nservers = res->nservers ? res->nservers : 1, rc = 0;
	struct plan_attempt *a;

	for (p->nattempts = 0, s = 0; s < nservers; s++) {
		a = &p->attempts[p->nattempts];
		if (attempt_url(p, s, res->kernel, a->kernel,
				sizeof(a->kernel)) != 0 ||
		    attempt_url(p, s, res->initrd, a->initrd,
				sizeof(a->initrd)) != 0) {
			rc = -E2BIG; /* that server only: the next is tried */
			continue;
		}
		ndns = p->method == BOOT_IPXE && host_is_name(a->kernel)
			   ? p->lease->ndns
			   : 0;
		for (d = 0; d < (ndns > 0 ? ndns : 1); d++) {
			if (d)
				*a = p->attempts[p->nattempts - 1];
			a->server = s;
			a->dns[0] = '\0';
			if (ndns > 0)
				ipv4_format(p->lease->dns[d], a->dns);
			a = &p->attempts[++p->nattempts];
		}
	}
	return rc;
}

/**
 * The command line a front end hands over: the boot loader's words
 * (cmdline_loader_words) then the menu's, or the menu's alone.
 *
 * @v words	nonzero to put the loader's words first
 * @ret len	its length, or -E2BIG
 */
int plan_cmdline(const struct plan *p, int words, char *buf, size_t size)
{
	const struct run_result *res = p->res;
	int n = 0, m;

	if (words) {
		n = cmdline_loader_words(res->kernel, res->initrd, buf, size);
		if (n < 0)
			return -E2BIG;
	}
	m = snprintf(buf + n, size - (size_t)n, "%s%s",
		     n && res->cmdline[0] ? " " : "", res->cmdline);
	return m < 0 || (size_t)m >= size - (size_t)n ? -E2BIG : n + m;
}

/**
 * Make the plan.
 *
 * @v res	a finished dialog (RUN_BOOT); kept by reference
 * @v lease	the client's lease (its boot server and name servers); kept
 *		by reference
 * @v loader	the boot loader the front end runs under
 * @v idle	the dialog's idle limit in seconds (0: none)
 * @ret rc	0; -E2BIG when a server's location does not fit (p->no_ipxe
 *		says which; that server has no attempt)
 */
int plan_make(struct plan *p, const struct run_result *res,
	      const struct dhcp_info *lease, enum loader loader,
	      unsigned long idle)
{
	memset(p, 0, sizeof(*p));
	p->res = res;
	p->lease = lease;
	p->loader = loader;
	p->method = plan_method(res, loader, &p->note);
	p->ipxe = loader == LOADER_SYSLINUX_EFI ? res->ipxe_efi : res->lkrn;
	p->kernel_check = plan_check_of(res, 0);
	p->initrd_check = plan_check_of(res, 1);
	/* iPXE keeps no idle limit (its `read` takes no timeout): its
	 * choice always retries by itself.  Under syslinux.efi the module
	 * keeps its own choice too (an iPXE it does not start, or one that
	 * returns), which keeps the limit. */
	if (p->method == BOOT_IPXE && loader != LOADER_SYSLINUX_EFI)
		idle = 0;
	p->unattended = idle ? PLAN_LOCAL : PLAN_RETRY;
	p->wait = idle ? idle : PLAN_CHOICE_S;

	if (res->verify)
		snprintf(p->no_ipxe, sizeof(p->no_ipxe), "%s", no_ipxe_digests);
	else if (!ipxe_safe_words(res->cmdline))
		snprintf(p->no_ipxe, sizeof(p->no_ipxe), "%s", no_ipxe_syntax);
	return plan_attempts(p);
}
