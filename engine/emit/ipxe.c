/*
 * The iPXE script that iPXE runs when debathena.c32 hands over to it
 * (ipxe.lkrn on BIOS, snponly.efi on UEFI): set up the interface booted
 * from with the lease the firmware already holds (no second DHCP), then fetch
 * the stage2 over HTTP from each server in turn, trying each name server in
 * turn for servers given by name, and boot it with exactly the command line of
 * the direct path.
 *
 * Every word that comes from data is checked by ipxe_safe_word() first: a
 * value that iPXE would expand or split into a new command is refused, not
 * escaped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emit/ipxe.h"
#include "net/location.h"
#include "base/out.h"

/* One attempt: kernel and initrd from one place, then boot. */
static void emit_attempt(struct out *o, const struct plan_attempt *a, int i,
			 const char *args, int add_words)
{
	char words[VALUE_MAX * 4 + 32];
	const char *first = add_words ? words : args, *rest, *more;

	out_printf(o, "echo Fetching the installer: %s\n", a->kernel);
	if (a->dns[0])
		out_printf(o, "set dns %s\n", a->dns);
	/* Every word on the command line, the loader's first */
	if (add_words && cmdline_loader_words(a->kernel, a->initrd, words,
					      sizeof(words)) < 0) {
		o->overflow = 1;
		return;
	}
	more = add_words ? args : NULL;
	out_printf(o, "iseq ${platform} efi && goto efi_%d ||\n", i);
	out_printf(o, "kernel " IPXE_TIMEOUT_OPT " -- %s %s%s%s && ", a->kernel,
		   first, more ? " " : "", more ? more : "");
	if (a->initrd[0])
		out_printf(o, "initrd " IPXE_TIMEOUT_OPT " -- %s && ",
			   a->initrd);
	out_printf(o, "boot ||\ngoto next_%d\n", i);
	/* UEFI: iPXE puts the kernel's image name first itself, so the
	 * first word is that name */
	rest = strchr(first, ' ');
	out_printf(o,
		   ":efi_%d\nkernel --name %.*s " IPXE_TIMEOUT_OPT
		   " -- %s %s%s%s && ",
		   i, (int)(rest ? (size_t)(rest - first) : strlen(first)),
		   first, a->kernel, rest ? rest + 1 : "",
		   rest && more ? " " : "", more ? more : "");
	if (a->initrd[0])
		out_printf(o, "initrd " IPXE_TIMEOUT_OPT " -- %s && ",
			   a->initrd);
	out_printf(o, "boot ||\n:next_%d\n", i);
}

/* After the last round: what failed, and the failure menu. */
static void emit_failed(struct out *o, const struct plan_attempt *attempts,
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
		   "choose --default retry --timeout %d action || goto "
		   "failed\n"
		   "goto ${action}\n"
		   ":retry\n"
		   "goto %s\n"
		   ":shell\n"
		   "shell ||\n"
		   "goto failed\n"
		   ":reboot\n"
		   "reboot\n",
		   PLAN_CHOICE_S * 1000, start);
}

/**
 * Emit the fetch rounds and the failure menu.  Each attempt loads a kernel
 * (with @args) and an initrd and boots; a round tries every attempt in
 * order; after PLAN_ROUNDS rounds a menu offers retry (goto @start), the
 * iPXE shell or reboot, and picks retry by itself after a minute, so that
 * an unattended machine keeps trying and never drops back to the BIOS.
 *
 * @v attempts	kernel and initrd locations (URLs or script expressions)
 *		and the name server to use first ("" to keep the current)
 * @v args	the kernel command line (a literal or an expression)
 * @v add_words	put the boot loader's words (cmdline_loader_words, from
 *		each attempt's locations) before @args; zero when @args
 *		begins with them.  On UEFI the first word is the kernel's
 *		image name (iPXE puts that name first itself)
 */
void ipxe_emit_fetch(struct out *o, const struct plan_attempt *attempts, int n,
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
	for (i = 0; i < PLAN_ROUNDS; i++)
		out_printf(o, "r");
	out_printf(o, " && goto failed ||\nset round ${round}r\necho ");
	out_printf(o, plan_again, PLAN_PAUSE_S);
	out_printf(o, "\nsleep %d\ngoto round\n", PLAN_PAUSE_S);
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

/**
 * Write the chain script.
 *
 * @v p		the plan (method BOOT_IPXE), made with PXELINUX's lease:
 *		MAC, address, netmask, gateway, name servers, TFTP server
 * @v buf	the script
 * @v err	on failure, why
 * @ret rc	0, -EPERM (the plan says iPXE cannot boot it), -E2BIG
 */
int ipxe_chain_script(const struct plan *p, char *buf, size_t size, char *err,
		      size_t errsize)
{
	char *args = malloc(CMDLINE_LIMIT + 1);
	struct out o = {buf, size, 0, 0};

	if (p->no_ipxe[0] || !args ||
	    plan_cmdline(p, 1, args, CMDLINE_LIMIT + 1) < 0) {
		snprintf(err, errsize, "%s",
			 p->no_ipxe[0] ? p->no_ipxe : "out of memory");
		free(args);
		return -EPERM;
	}
	out_printf(
	    &o, "#!ipxe\n"
		"# From debathena.c32: the installer chosen at the Debathena\n"
		"# prompt, on the lease PXELINUX holds (no second DHCP).\n\n");
	emit_lease(&o, p->lease);
	ipxe_emit_fetch(&o, p->attempts, p->nattempts, args, 0, "start");
	free(args);
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
