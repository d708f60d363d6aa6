/* The dialog service: the engine behind an HTTP endpoint for iPXE. */
#ifndef ENGINE_SERVICE_H
#define ENGINE_SERVICE_H

#include <stddef.h>
#include <stdint.h>
#include "net/dhcp.h"
#include "net/masks.h"
#include "lang/menu.h"
#include "emit/report.h"
#include "dialog/run.h"

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

struct service_feed;

/**
 * The service's state for one request: the dialog it replays and what the
 * boot report needs of it.  The caller owns it and hands it to each call,
 * and to its lookups through their context (struct run_net's ctx).  It is
 * large (the dialog and its transcript): static storage or the heap, not a
 * small stack.  It starts zeroed (as static storage or calloc() give it);
 * service_reply() prepares it for each request.
 */
struct service_ctx {
	/* The dialog, how it ended, and what it printed */
	struct run r;
	struct run_result res;
	char text[SERVICE_REPLY_MAX];
	/* Its console while it runs (for the lookups' calls), else NULL */
	struct service_feed *feed;
	/* The boot report: the request, whether the reply has one, which,
	 * and why the boot was not handed over */
	const struct service_request *req;
	int reported;
	enum report_event event;
	char why[MENU_ERROR_MAX];
};

int service_parse(const char *query, struct service_request *req, char *err,
		  size_t errsize);
int service_reply(struct service_ctx *ctx, const struct service_request *req,
		  const struct menu *menu, const struct masks *masks,
		  const struct run_net *net, const char *self, char *buf,
		  size_t size, char *err, size_t errsize);
void service_print(void *ctx, const char *msg);
int service_replaying(const struct service_ctx *ctx);
int service_report(const struct service_ctx *ctx, char *buf, size_t size,
		   uint32_t *to);
void service_server_dead(struct service_ctx *ctx, uint32_t server);

#endif
