/*
 * The module's arguments (a label's APPEND words), read the same way by
 * every front end: the module, the host tool's `run` and `label`, and the
 * dialog service's presets.
 */
#ifndef ENGINE_ARGS_H
#define ENGINE_ARGS_H

#include <stddef.h>
#include <stdint.h>
#include "dialog/run.h"

/** syslog=ADDR[,ADDR...]: at most this many servers. */
#define ARGS_SYSLOG_MAX 4

/** What a word of the module's arguments is. */
enum args_kind {
	ARGS_AUTO,    /**< auto: take defaults, never wait for a key */
	ARGS_MENU,    /**< menu=LOCATION */
	ARGS_KEY,     /**< key=BASE64: a signify public key */
	ARGS_SYSLOG,  /**< syslog=ADDR[,ADDR]: where the boot report goes */
	ARGS_PRESET,  /**< NAME=VALUE */
	ARGS_UNKNOWN, /**< anything else: ignored with a message */
	ARGS_COUNT
};

/** Each word as the documentation writes it (usage texts). */
extern const char args_usage[ARGS_COUNT][24];

enum args_kind args_kind(const char *word);
const char *args_value(const char *word);
int args_syslog_parse(const char *value, uint32_t *addrs, int *n);
int args_apply(struct run *r, int argc, char *const *argv,
	       void (*report)(void *ctx, const char *msg), void *ctx);

#endif
