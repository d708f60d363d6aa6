/*
 * The boot loader's words that start every command line, as PXELINUX puts
 * them: BOOT_IMAGE= and initrd= with the files' last path parts.  iPXE on
 * UEFI needs both (it puts the kernel's image name first, and the kernel's
 * EFI stub finds the initrd by that name); every other path puts them
 * there too, and the kernel ignores them, so that every path hands over
 * the same line.  The dialog counts them against the limit; the renderer
 * that hands over adds them (engine/boot/plan.c).
 */
#include <stdio.h>
#include <string.h>
#include "lang/cmdline.h"

/**
 * Write the loader's words.
 *
 * @v kernel	kernel path or URL (may hold iPXE ${...} expressions)
 * @v initrd	initrd path or URL, "" for none
 * @ret len	length written, or -1 if it does not fit
 */
int cmdline_loader_words(const char *kernel, const char *initrd, char *buf,
			 size_t size)
{
	const char *k = strrchr(kernel, '/'), *i = strrchr(initrd, '/');
	int n;

	k = k ? k + 1 : kernel;
	i = i ? i + 1 : initrd;
	if (*i)
		n = snprintf(buf, size, "BOOT_IMAGE=%s initrd=%s", k, i);
	else
		n = snprintf(buf, size, "BOOT_IMAGE=%s", k);
	return n < 0 || (size_t)n >= size ? -1 : n;
}
