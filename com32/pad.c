/*
 * One read-only byte the link adds only when the module's read-only part
 * would otherwise end exactly on a page boundary: ld then writes the
 * data in a second PT_LOAD segment, which syslinux 6.04's loader cannot
 * load (Makefile, the module's link).  One byte moves the data by the
 * alignment (32 bytes), off the boundary.
 */
const char debathena_pad[1] = {1};
