/*
 * The iPXE script that ipxe.lkrn runs when debathena.c32 chains it: set up
 * the interface PXELINUX booted from with the lease PXELINUX already holds
 * (no second DHCP), then fetch the stage2 over HTTP from each server in
 * turn, trying each name server in turn for servers given by name, and
 * boot it with exactly the command line of the direct path.
 *
 * Every word that comes from data is checked by ipxe_safe_word() first: a
 * value that iPXE would expand or split into a new command is refused, not
 * escaped.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "ipxe.h"
#include "location.h"
#include "out.h"

/**
 * Can a word appear in a generated script as it is?
 *
 * No '$', '{' or '}' (iPXE expands settings, recursively), no control
 * characters, and not one of the words iPXE reads as syntax.
 */
int ipxe_safe_word(const char *word)
{
	size_t i;

	if (!*word)
		return 0;
	for (i = 0; word[i]; i++) {
		unsigned char c = (unsigned char)word[i];

		if (c <= ' ' || c >= 0x7f || c == '$' || c == '{' || c == '}')
			return 0;
	}
	return !ipxe_syntax_word(word) && word[0] != ':';
}

/**
 * Is a whole word one that iPXE reads as syntax (a comment, a command
 * separator or a condition)?  The one list, for every script we write.
 * iPXE's exec.c takes any word that starts with '#' as a comment.
 */
int ipxe_syntax_word(const char *word)
{
	static const char *const syntax[] = {";", "&&", "||"};
	size_t i;

	if (word[0] == '#')
		return 1;
	for (i = 0; i < sizeof(syntax) / sizeof(syntax[0]); i++)
		if (strcmp(word, syntax[i]) == 0)
			return 1;
	return 0;
}

/** Is every space-separated word of @text safe (ipxe_safe_word)? */
int ipxe_safe_words(const char *text)
{
	char word[VALUE_MAX * 8];
	size_t n;

	while (*text) {
		while (*text == ' ')
			text++;
		n = strcspn(text, " ");
		if (n == 0)
			break;
		if (n >= sizeof(word))
			return 0;
		memcpy(word, text, n);
		word[n] = '\0';
		if (!ipxe_safe_word(word))
			return 0;
		text += n;
	}
	return 1;
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

/* One attempt: kernel and initrd from one place, then boot. */
static void emit_attempt(struct out *o, const struct ipxe_attempt *a, int i,
			 const char *args, int add_words)
{
	char words[VALUE_MAX * 4 + 32];
	const char *rest;

	out_printf(o, "echo Fetching the installer: %s\n", a->kernel);
	if (a->dns[0])
		out_printf(o, "set dns %s\n", a->dns);
	if (!add_words) {
		out_printf(o, "kernel " IPXE_TIMEOUT_OPT " -- %s %s && ",
			   a->kernel, args);
		if (a->initrd[0])
			out_printf(o, "initrd " IPXE_TIMEOUT_OPT " -- %s && ",
				   a->initrd);
		out_printf(o, "boot ||\n");
		return;
	}
	/* BIOS: every word on the command line */
	if (run_loader_words(a->kernel, a->initrd, words, sizeof(words)) < 0) {
		o->overflow = 1;
		return;
	}
	out_printf(o, "iseq ${platform} efi && goto efi_%d ||\n", i);
	out_printf(o, "kernel " IPXE_TIMEOUT_OPT " -- %s %s %s && ", a->kernel,
		   words, args);
	if (a->initrd[0])
		out_printf(o, "initrd " IPXE_TIMEOUT_OPT " -- %s && ",
			   a->initrd);
	out_printf(o, "boot ||\ngoto next_%d\n", i);
	/* UEFI: the first word is the kernel's image name */
	rest = strchr(words, ' ');
	out_printf(
	    o,
	    ":efi_%d\nkernel --name %.*s " IPXE_TIMEOUT_OPT " -- %s %s%s%s && ",
	    i, (int)(rest ? (size_t)(rest - words) : strlen(words)), words,
	    a->kernel, rest ? rest + 1 : "", rest ? " " : "", args);
	if (a->initrd[0])
		out_printf(o, "initrd " IPXE_TIMEOUT_OPT " -- %s && ",
			   a->initrd);
	out_printf(o, "boot ||\n:next_%d\n", i);
}

/* After the last round: what failed, and the failure menu. */
static void emit_failed(struct out *o, const struct ipxe_attempt *attempts,
			int n, const char *start)
{
	int i;

	out_printf(o, ":nonet\n"
		      "echo No network: the PXE lease did not apply and DHCP "
		      "failed.\n"
		      ":failed\n"
		      "echo The installer could not be fetched from:\n");
	for (i = 0; i < n; i++)
		if (i == 0 ||
		    strcmp(attempts[i].kernel, attempts[i - 1].kernel))
			out_printf(o, "echo   %s\n", attempts[i].kernel);
	out_printf(o,
		   "menu The installer could not be fetched\n"
		   "item retry Try again\n"
		   "item shell Open the iPXE shell\n"
		   "item reboot Reboot\n"
		   "choose --default retry --timeout 60000 action || goto "
		   "failed\n"
		   "goto ${action}\n"
		   ":retry\n"
		   "goto %s\n"
		   ":shell\n"
		   "shell ||\n"
		   "goto failed\n"
		   ":reboot\n"
		   "reboot\n",
		   start);
}

/**
 * Emit the fetch rounds and the failure menu.  Each attempt loads a kernel
 * (with @args) and an initrd and boots; a round tries every attempt in
 * order; after IPXE_ROUNDS rounds a menu offers retry (goto @start), the
 * iPXE shell or reboot, and picks retry by itself after a minute, so that
 * an unattended machine keeps trying and never drops back to the BIOS.
 *
 * @v attempts	kernel and initrd locations (URLs or script expressions)
 *		and the name server to use first ("" to keep the current)
 * @v args	the kernel command line (a literal or an expression)
 * @v add_words	put the boot loader's words (run_loader_words) before
 *		@args, for BIOS and UEFI alike: on UEFI iPXE puts the
 *		kernel's image name first itself, so the kernel is named
 *		BOOT_IMAGE=... and that word is not passed again
 */
void ipxe_emit_fetch(struct out *o, const struct ipxe_attempt *attempts, int n,
		     const char *args, int add_words, const char *start)
{
	int i;

	/* The round count is a string of r's: Debian's iPXE cannot `inc` a
	 * setting made by `set` ("Could not store": a string setting has no
	 * number to add to), which ended the script at its first retry. */
	out_printf(o, ":fetch\nset round r\n:round\n");
	for (i = 0; i < n; i++)
		emit_attempt(o, &attempts[i], i, args, add_words);
	out_printf(o, "iseq ${round} ");
	for (i = 0; i < IPXE_ROUNDS; i++)
		out_printf(o, "r");
	out_printf(o, " && goto failed ||\n"
		      "set round ${round}r\n"
		      "echo Trying every server again in 2 seconds.\n"
		      "sleep 2\n"
		      "goto round\n");
	emit_failed(o, attempts, n, start);
}

/* Use the interface PXELINUX booted from (by MAC) with its lease, or
 * fall back to DHCP. */
static void emit_lease(struct out *o, const struct dhcp_info *lease)
{
	char mac[18], ip[16];
	int i;

	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
		 lease->mac[0], lease->mac[1], lease->mac[2], lease->mac[3],
		 lease->mac[4], lease->mac[5]);
	out_printf(o, ":start\n");
	for (i = 0; i < 4; i++)
		out_printf(o, "iseq ${net%d/mac} %s && set nic net%d ||\n", i,
			   mac, i);
	out_printf(o, "isset ${nic} || goto nomac\n");
	if (lease->ipaddr) {
		ipv4_format(lease->ipaddr, ip);
		out_printf(o, "set ${nic}/ip %s || goto nolease\n", ip);
		ipv4_format(lease->netmask, ip);
		out_printf(o, "set ${nic}/netmask %s || goto nolease\n", ip);
		if (lease->gateway) {
			ipv4_format(lease->gateway, ip);
			out_printf(o, "set ${nic}/gateway %s || goto nolease\n",
				   ip);
		}
		out_printf(o, "ifopen ${nic} || goto nolease\n"
			      "echo Using the PXE lease on ${nic}\n"
			      "goto fetch\n");
	}
	out_printf(o,
		   ":nomac\n"
		   "echo No interface has %s, the one PXELINUX booted from.\n"
		   ":nolease\n"
		   "echo The PXE lease could not be used: asking DHCP.\n"
		   "dhcp || goto nonet\n",
		   mac);
}

/* The URL of a stage2 file on server @s, checked to be safe for iPXE. */
static int attempt_url(const struct run_result *res,
		       const struct dhcp_info *lease, int s, const char *file,
		       char *url, size_t size, char *err, size_t errsize)
{
	char loc[VALUE_MAX * 2];

	url[0] = '\0';
	if (!file[0])
		return 0;
	if (run_stage2_path(res, s, file, loc, sizeof(loc)) != 0 ||
	    location_resolve(loc, dhcp_boot_server(lease), url, size) != 0 ||
	    !ipxe_safe_word(url)) {
		snprintf(err, errsize, "cannot give iPXE the location %s", loc);
		return -EINVAL;
	}
	return 0;
}

/*
 * The attempts of a round: every server, and for a server given by name,
 * every name server of the lease, since this iPXE uses only one at a
 * time.  A name with no name server in the lease: one attempt with
 * whatever name server iPXE has (a DHCP fallback's).
 */
int ipxe_attempts(const struct run_result *res, const struct dhcp_info *lease,
		  struct ipxe_attempt *attempts, int *n, char *err,
		  size_t errsize)
{
	char url[2][VALUE_MAX * 2];
	int s, d, ndns, rc, nservers = res->nservers ? res->nservers : 1;

	for (*n = 0, s = 0; s < nservers; s++) {
		rc = attempt_url(res, lease, s, res->kernel, url[0],
				 sizeof(url[0]), err, errsize);
		if (!rc)
			rc = attempt_url(res, lease, s, res->initrd, url[1],
					 sizeof(url[1]), err, errsize);
		if (rc)
			return rc;
		ndns = host_is_name(url[0]) ? lease->ndns : 0;
		for (d = 0; d < (ndns > 0 ? ndns : 1); d++) {
			struct ipxe_attempt *a = &attempts[(*n)++];

			snprintf(a->kernel, sizeof(a->kernel), "%s", url[0]);
			snprintf(a->initrd, sizeof(a->initrd), "%s", url[1]);
			a->dns[0] = '\0';
			if (ndns > 0)
				ipv4_format(lease->dns[d], a->dns);
		}
	}
	return 0;
}

/**
 * Write the chain script.
 *
 * @v res	the finished dialog (action RUN_BOOT)
 * @v lease	PXELINUX's DHCP lease: MAC, address, netmask, gateway, DNS
 *		servers, TFTP server
 * @v buf	the script
 * @v err	on failure, why
 * @ret rc	0, -EPERM (a checked boot: run_boot_method never picks iPXE
 *		for one), -EINVAL (an unsafe word), -E2BIG
 */
int ipxe_chain_script(const struct run_result *res,
		      const struct dhcp_info *lease, char *buf, size_t size,
		      char *err, size_t errsize)
{
	static struct ipxe_attempt attempts[IPXE_ATTEMPTS_MAX];
	struct out o = {buf, size, 0, 0};
	int n, rc;

	if (res->verify) {
		snprintf(err, errsize,
			 "the menu pins SHA-256 digests, which iPXE cannot "
			 "check");
		return -EPERM;
	}
	/* Check what comes from data */
	if (!ipxe_safe_words(res->cmdline)) {
		snprintf(err, errsize,
			 "the command line has a word iPXE "
			 "would read as syntax");
		return -EINVAL;
	}
	rc = ipxe_attempts(res, lease, attempts, &n, err, errsize);
	if (rc)
		return rc;
	out_printf(&o,
		   "#!ipxe\n"
		   "# Generated by debathena.c32: fetch and boot the installer "
		   "chosen at the\n"
		   "# Debathena prompt, on the lease PXELINUX holds (no second "
		   "DHCP).\n\n");
	emit_lease(&o, lease);
	ipxe_emit_fetch(&o, attempts, n, res->cmdline, 0, "start");
	if (o.overflow) {
		snprintf(err, errsize, "the script is longer than %u bytes",
			 (unsigned)size);
		return -E2BIG;
	}
	return 0;
}

/* Can a line of text be written as the literal words of an echo?  Words
 * of letters, digits and plain punctuation, one space between. */
static int plain_text(const char *t)
{
	const char *p;

	if (!*t || t[0] == ' ' || t[strlen(t) - 1] == ' ' || strstr(t, "  "))
		return 0;
	for (p = t; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') ||
		      strchr(" .,:?!()/'=-+@%*[]", *p)))
			return 0;
	return 1;
}

/**
 * Print a line of text from the dialog (which may hold anything a user
 * typed) as iPXE shows it: plain text as the words of an echo; any other
 * through a setting written in hex, since a setting's value is one word
 * whatever it holds (spaces kept, `;` `&&` `||` `#` only text).  iPXE
 * expands a value again while it holds "${", so that pair is printed
 * "$ {"; bytes outside printable ASCII are printed as '?'.
 *
 * @v newline	end the line (else the cursor stays after the text)
 */
void ipxe_emit_text(struct out *o, const char *text, int newline)
{
	const char *opt = newline ? "" : "-n ";
	const unsigned char *p;
	int n = 0;

	if (plain_text(text)) {
		out_printf(o, "echo %s-- %s\n", opt, text);
		return;
	}
	if (!*text) {
		out_printf(o, newline ? "echo\n" : "");
		return;
	}
	out_printf(o, "set d_text:hex ");
	for (p = (const unsigned char *)text; *p; p++) {
		unsigned c = (*p < ' ' || *p > '~') ? '?' : *p;

		out_printf(o, "%s%02x", n++ ? ":" : "", c);
		if (p[0] == '$' && p[1] == '{')
			out_printf(o, ":20");
	}
	out_printf(o, "\necho %s-- ${d_text:string}\n", opt);
}
