/* The kernel command line's rules: its limits and the boot loader's words. */
#ifndef ENGINE_CMDLINE_H
#define ENGINE_CMDLINE_H

#include <stddef.h>

/** Longest kernel command line the boot protocol takes (without NUL). */
#define CMDLINE_LIMIT 2047
/** Above this many bytes the old stage1 warned (old kernels cut there). */
#define CMDLINE_WARN 512

int cmdline_loader_words(const char *kernel, const char *initrd, char *buf,
			 size_t size);

#endif
