/*
 * Read-only bytes the link adds only when the module's data would
 * otherwise begin exactly on a page boundary: ld then writes the data in
 * a second PT_LOAD segment, which syslinux 6.04's loader cannot load
 * (Makefile, the module's link).  The data is aligned to at most 64
 * bytes, so 64 more bytes before it always move it off the boundary.
 */
const char debathena_pad[64] = {1};
