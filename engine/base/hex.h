/* Hex digits, strictly: what every parser of hex in the engine uses. */
#ifndef ENGINE_HEX_H
#define ENGINE_HEX_H

#include <stddef.h>
#include <stdint.h>

int hex_digit(char c);
int hex_parse(const char *hex, uint8_t *out, size_t n);

#endif
