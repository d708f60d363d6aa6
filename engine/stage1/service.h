/* The dialog service: the engine behind an HTTP endpoint for iPXE. */
#ifndef ENGINE_SERVICE_H
#define ENGINE_SERVICE_H

#include <stddef.h>
#include <stdint.h>
#include "base/out.h"
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

/** The front ends the service answers, by the scripts they run. */
enum service_fe {
	FE_IPXE, /**< iPXE: the next script, with a `read` */
	FE_GRUB, /**< GRUB: a configuration for its loop (grub/grub.cfg) */
};

/** A GRUB client's key (k=): a byte, or one of these. */
enum service_keys {
	KEY_NONE = -1,	/**< no key: the first request */
	KEY_ERASE = -2, /**< Backspace or Delete */
	KEY_ENTER = -3, /**< Tab: GRUB cannot take Enter as a hotkey */
	KEY_IDLE = -4,	/**< the menu's time ran out */
};

/** What the dialog reads when it reads a line (GRUB's keys differ). */
enum run_input {
	IN_LINE,  /**< an answer: a line and Enter */
	IN_KEYS,  /**< a menu's key */
	IN_PAUSE, /**< Enter to go on */
};

enum run_input service_input(const struct run *r);
const struct menu_entry *service_menu_timeout(const struct run *r);
extern const char *const service_then_names[];

/** What a GRUB client's key is for (x=, f=). */
enum service_then {
	THEN_DIALOG,  /**< the dialog's next line */
	THEN_RESTART, /**< after a stop: q leaves, any other key restarts */
	THEN_FAILED,  /**< after failed rounds: r, m or q */
};

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
	/* GRUB's (fe=grub): the line typed so far (l=), the key (k=) */
	enum service_fe fe;
	char line[VALUE_MAX + 1];
	int key; /**< a byte, or enum service_key */
	enum service_then then;
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
	/* The dialog's output after the last answer starts at text + mark */
	size_t mark;
	int answers; /**< how many of the request's answers it was given */
	int text_overflow;
	unsigned dead; /**< the name servers found dead (request's "dead") */
	/* GRUB's: the answer the key completed (or NULL), the line after it */
	const char *completed;
	char answer[VALUE_MAX + 1];
	char line[VALUE_MAX + 1];
};

int service_parse(const char *query, struct service_request *req, char *err,
		  size_t errsize);
int service_run(struct service_ctx *ctx, const struct service_request *req,
		const struct menu *menu, const struct masks *masks,
		const struct run_net *net, int key, int answers, char *err,
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
void service_state(struct out *o, const struct service_request *req,
		   int answers, unsigned dead);

/* service_grub.c */
int service_grub_reply(struct service_ctx *ctx,
		       const struct service_request *req,
		       const struct menu *menu, const struct masks *masks,
		       const struct run_net *net, char *buf, size_t size,
		       char *err, size_t errsize);

#endif
