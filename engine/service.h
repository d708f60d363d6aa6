/* The dialog service: the engine behind an HTTP endpoint for iPXE. */
#ifndef ENGINE_SERVICE_H
#define ENGINE_SERVICE_H

#include <stddef.h>
#include <stdint.h>
#include "dhcp.h"
#include "masks.h"
#include "menu.h"
#include "run.h"

/** The longest query the service reads, in bytes. */
#define SERVICE_QUERY_MAX 16384
/** The most answers one dialog may carry. */
#define SERVICE_ANSWERS_MAX 64
/** The longest answer, in bytes (iPXE's `read` takes 256). */
#define SERVICE_ANSWER_MAX 512
/** The most presets a query may carry. */
#define SERVICE_PRESETS_MAX 16
/** The longest reply script, in bytes. */
#define SERVICE_REPLY_MAX 65536

/** What one request says: the client's facts and the dialog so far. */
struct service_request {
	struct dhcp_info lease; /**< address, DNS, names, next-server */
	int has_mac;
	int efi;       /**< ${platform} is efi */
	int long_mode; /**< cpuid --ext 29 succeeded */
	int auto_mode;
	int npresets;
	char presets[SERVICE_PRESETS_MAX][VALUE_MAX];
	int nanswers;
	char answers[SERVICE_ANSWERS_MAX][SERVICE_ANSWER_MAX + 1];
	/**
	 * The name servers (bit i: lease.dns[i]) that did not answer a
	 * lookup earlier in this dialog: a replayed lookup does not wait for
	 * them again (it found them dead then, and finds the same now).  A
	 * hint that can only make the client's own lookups fail.
	 */
	unsigned dead;
};

int service_parse(const char *query, struct service_request *req, char *err,
		  size_t errsize);
int service_reply(const struct service_request *req, const struct menu *menu,
		  const struct masks *masks, const struct run_net *net,
		  const char *self, char *buf, size_t size, char *err,
		  size_t errsize);
void service_print(void *ctx, const char *msg);
int service_replaying(void);
int service_report(char *buf, size_t size, uint32_t *to);
void service_server_dead(uint32_t server);

#endif
