/* GRUB script text: words GRUB's parser takes as data, never as syntax. */
#ifndef ENGINE_GRUB_H
#define ENGINE_GRUB_H

#include <stddef.h>

struct out;

void grub_emit_word(struct out *o, const char *s);
void grub_emit_echo(struct out *o, const char *text);
int grub_safe_word(const char *s);
int grub_location(const char *url, char *buf, size_t size);

#endif
