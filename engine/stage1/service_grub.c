/*
 * The dialog service's GRUB front end: signed GRUB under shim, where
 * nothing unsigned runs (doc/secure-boot.md).
 *
 * GRUB's loop (grub/grub.cfg) asks the service for each step with the
 * state the last reply gave it and the key the person pressed (k=), and
 * reads the reply with `source`: a configuration that shows what the
 * dialog printed since the last answer and the question with the line
 * typed so far, and sets the next state (d_q), the time limit and
 * d_ok=1 last.  The keys are hidden menu entries of grub.cfg's (GRUB runs
 * a hotkey at once), so a reply carries no menu: every key, a character
 * of a line as much as a menu's choice, comes back here, and the line
 * travels in the state (l=, in hex), never through GRUB's parser.  The
 * module's line editor gets the same keys (Tab for Enter: GRUB never
 * gives a hotkey to Enter), so the dialog checks the line as it checks
 * the module's.
 *
 * Everything the reply holds that the request carried is the canonical
 * state ([0-9a-z=&]) or text written as one quoted GRUB word
 * (grub_emit_word): nothing a request says is GRUB syntax.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/hex.h"
#include "base/out.h"
#include "boot/plan.h"
#include "emit/grub.h"
#include "emit/report.h"
#include "stage1/service.h"

/** A menu's time when the dialog has no limit: it is read again. */
#define GRUB_AGAIN_S 3600

/* Text the dialog printed, a line at a time; the last line, not ended, is
 * returned (the question). */
static const char *grub_output(struct out *o, char *text)
{
	char *nl;

	while ((nl = strchr(text, '\n')) != NULL) {
		*nl = '\0';
		grub_emit_echo(o, text);
		text = nl + 1;
	}
	return text;
}

/* The state the next request carries: the facts, the answers the dialog
 * was given (and the one this key completed), the line typed so far and
 * what the key is for. */
static void grub_state(struct out *o, const struct service_ctx *ctx,
		       const struct service_request *req,
		       enum service_then then)
{
	char *buf = malloc(SERVICE_QUERY_MAX + 64);
	struct out s = {buf, SERVICE_QUERY_MAX + 64, 0, 0};
	const unsigned char *p;

	if (!buf) {
		o->overflow = 1;
		return;
	}
	buf[0] = '\0';
	service_state(&s, req, ctx->answers, ctx->dead);
	if (ctx->completed) {
		out_printf(&s, "&a=");
		for (p = (const unsigned char *)ctx->completed; *p; p++)
			out_printf(&s, "%02x", *p);
	}
	if (ctx->line[0])
		out_printf(&s, "&l=");
	for (p = (const unsigned char *)ctx->line; *p; p++)
		out_printf(&s, "%02x", *p);
	if (then != THEN_DIALOG)
		out_printf(&s, "&x=%s", service_then_names[then]);
	if (s.overflow)
		o->overflow = 1;
	out_printf(o, "set d_q=");
	grub_emit_word(o, buf);
	out_printf(o, "\n");
	free(buf);
}

/* Wait for the next key; none in @seconds is the key idle. */
static void grub_wait(struct out *o, unsigned long seconds)
{
	out_printf(o,
		   "set timeout_style=hidden\n"
		   "set timeout=%lu\n"
		   "set default=d_idle\n"
		   "set d_ok=1\n",
		   seconds ? seconds : GRUB_AGAIN_S);
}

/* How long the question waits: a menu's timeout for its first key when
 * it runs out first, else the idle limit between any two. */
static unsigned long question_limit(const struct run *r)
{
	const struct menu_entry *t = service_menu_timeout(r);

	return t ? t->seconds : r->idle;
}

/* The next question: the text, the question with the line so far. */
static void grub_question(struct out *o, struct service_ctx *ctx,
			  const struct service_request *req, const char *prompt)
{
	char line[VALUE_MAX * 3];

	snprintf(line, sizeof(line), "%s%s", prompt, ctx->line);
	grub_emit_echo(o, line);
	if (service_input(&ctx->r) != IN_KEYS)
		grub_emit_echo(o, "(Tab is Enter here.)");
	grub_state(o, ctx, req, THEN_DIALOG);
	grub_wait(o, question_limit(&ctx->r));
}

/*
 * Leave GRUB for the firmware.  GRUB's exit always returns success (it
 * takes no status), and after a boot option that returned success UEFI
 * lets the firmware show its boot manager instead of booting the next
 * option: OVMF does (doc/secure-boot.md).
 */
static void grub_leave(struct out *o, const char *why)
{
	grub_emit_echo(o, why);
	out_printf(o, "set d_ok=1\nexit\n");
}

/* A stop: its message, then any key starts again (q leaves). */
static void grub_stop(struct out *o, struct service_ctx *ctx,
		      const struct service_request *req, const char *message)
{
	char line[MENU_ERROR_MAX + 16];

	snprintf(line, sizeof(line), "debathena: %s", message);
	grub_emit_echo(o, line);
	grub_emit_echo(o, "Press q to leave GRUB (to the firmware), any "
			  "other key to start again.");
	ctx->completed = NULL;
	ctx->line[0] = '\0';
	ctx->answers = 0;
	grub_state(o, ctx, req, THEN_RESTART);
	grub_wait(o, ctx->r.idle);
}

/*
 * The command line's words as GRUB's linux takes them.  GRUB joins its
 * arguments with spaces, and writes one that holds a space in double
 * quotes, a backslash before \, ' and " (grub_create_loader_cmdline).  So
 * a word NAME="A B" (the menu's quoted value) goes to GRUB as NAME=A B,
 * which GRUB writes "NAME=A B": the kernel splits and unquotes both into
 * the same argument.  Any other quote or backslash cannot reach the kernel
 * as the module hands it: -EINVAL.  The words are taken from @line (cut
 * in place) into @words.
 */
static int grub_words(char *line, char **words, int max)
{
	char *p = line, *q, *end;
	int n = 0;

	for (;;) {
		p += strspn(p, " ");
		if (!*p)
			return n;
		if (n == max)
			return -E2BIG;
		words[n++] = p;
		q = strchr(p, '"');
		if (q && q < p + strcspn(p, " ")) {
			/* NAME="VALUE": the quotes go, the space stays */
			end = strchr(q + 1, '"');
			if (q == p || q[-1] != '=' || !end ||
			    (end[1] && end[1] != ' '))
				return -EINVAL;
			memmove(q, q + 1, (size_t)(end - q - 1));
			end[-1] = '\0';
			p = end + 1;
		} else {
			p += strcspn(p, " ");
			if (*p)
				*p++ = '\0';
		}
		if (strpbrk(words[n - 1], "\\'\""))
			return -EINVAL;
	}
}

/* The command line's words for GRUB (grub_words), made once per reply. */
struct grub_cmdline {
	char line[CMDLINE_LIMIT + 1];
	char *words[CMDLINE_LIMIT / 2 + 1];
	int n;
};

/* Why GRUB cannot boot what the dialog chose (NULL when it can); its
 * command line's words into @c. */
static const char *grub_refuses(const struct run_result *res,
				struct grub_cmdline *c)
{
	if (res->verify)
		return "the menu pins SHA-256 digests, which GRUB cannot "
		       "check: boot this menu with debathena.c32";
	snprintf(c->line, sizeof(c->line), "%s", res->cmdline);
	c->n = grub_words(c->line, c->words,
			  sizeof(c->words) / sizeof(c->words[0]));
	if (c->n < 0)
		return "the command line has a quote or a backslash GRUB "
		       "would change";
	return NULL;
}

/* One attempt: the kernel with the command line, the initrd, boot. */
static void grub_attempt(struct out *o, const struct plan_attempt *a,
			 const struct grub_cmdline *c)
{
	char kernel[LOCATION_MAX + 8], initrd[LOCATION_MAX + 8];
	char line[LOCATION_MAX + 32];
	int i;

	if (grub_location(a->kernel, kernel, sizeof(kernel)) != 0 ||
	    (a->initrd[0] &&
	     grub_location(a->initrd, initrd, sizeof(initrd)) != 0)) {
		snprintf(line, sizeof(line), "GRUB cannot fetch %s", a->kernel);
		grub_emit_echo(o, line);
		return;
	}
	snprintf(line, sizeof(line), "Loading %s", kernel);
	grub_emit_echo(o, line);
	out_printf(o, "if linux ");
	grub_emit_word(o, kernel);
	for (i = 0; i < c->n; i++) {
		out_printf(o, " ");
		grub_emit_word(o, c->words[i]);
	}
	out_printf(o, "; then\n");
	if (a->initrd[0]) {
		snprintf(line, sizeof(line), "Loading %s", initrd);
		grub_emit_echo(o, line);
		out_printf(o, "if initrd ");
		grub_emit_word(o, initrd);
		out_printf(o, "; then boot; fi\n");
	} else {
		out_printf(o, "boot\n");
	}
	out_printf(o, "fi\n");
}

/* The failure choice, after the rounds (and again after another key). */
static void grub_failed_choice(struct out *o, struct service_ctx *ctx,
			       const struct service_request *req,
			       const struct plan *p)
{
	char line[80];

	if (p->unattended == PLAN_RETRY) {
		snprintf(line, sizeof(line), "(No key in %lu s retries.)",
			 p->wait);
		grub_emit_echo(o, line);
	}
	grub_emit_echo(o, "r: retry, m: back to the menu, q: the next boot "
			  "device. Choose:");
	ctx->line[0] = '\0';
	grub_state(o, ctx, req, THEN_FAILED);
	grub_wait(o, p->wait);
}

/* The boot: PLAN_ROUNDS rounds of the plan's attempts, then the choice. */
static void grub_boot(struct out *o, struct service_ctx *ctx,
		      const struct service_request *req, const struct plan *p,
		      const struct grub_cmdline *c)
{
	char line[MENU_ERROR_MAX + 16];
	int round, i;

	if (p->res->method == BOOT_IPXE)
		grub_emit_echo(o, "GRUB under shim starts no iPXE (Debian's is "
				  "unsigned): GRUB loads the stage2 itself.");
	for (round = 1; round <= PLAN_ROUNDS; round++) {
		if (round > 1) {
			snprintf(line, sizeof(line), plan_again, PLAN_PAUSE_S);
			grub_emit_echo(o, line);
			out_printf(o, "sleep %d\n", PLAN_PAUSE_S);
		}
		for (i = 0; i < p->nattempts; i++)
			grub_attempt(o, &p->attempts[i], c);
	}
	snprintf(line, sizeof(line), "debathena: %s.", plan_failed);
	grub_emit_echo(o, line);
	grub_failed_choice(o, ctx, req, p);
}

/* What a key after a stop (x=restart) or failed rounds (x=failed) does. */
enum grub_go { GO_DIALOG, GO_RESTART, GO_LEAVE, GO_RETRY, GO_CHOICE };

static enum grub_go grub_go_of(const struct service_request *req)
{
	int key =
	    req->key >= 'A' && req->key <= 'Z' ? req->key | 0x20 : req->key;

	if (req->then == THEN_DIALOG)
		return GO_DIALOG;
	if (key == 'q')
		return GO_LEAVE;
	if (req->then == THEN_RESTART || key == 'm')
		return GO_RESTART;
	return key == 'r' || key == KEY_IDLE ? GO_RETRY : GO_CHOICE;
}

/* The dialog ended in a boot: the rounds, or the choice again. */
static void grub_reply_boot(struct out *o, struct service_ctx *ctx,
			    const struct service_request *req, enum grub_go go)
{
	struct plan *p = malloc(sizeof(*p));
	struct grub_cmdline *c = malloc(sizeof(*c));
	const char *why = p && c ? grub_refuses(&ctx->res, c) : "out of memory";

	ctx->reported = 1;
	ctx->event = REPORT_GIVEUP;
	if (why) {
		snprintf(ctx->why, sizeof(ctx->why), "%s", why);
		grub_stop(o, ctx, req, ctx->why);
		free(p);
		free(c);
		return;
	}
	(void)plan_make(p, &ctx->res, &req->lease, LOADER_GRUB, ctx->r.idle);
	if (go == GO_CHOICE) {
		ctx->reported = 0;
		grub_emit_echo(o, "Type r, m or q.");
		grub_failed_choice(o, ctx, req, p);
	} else if (go == GO_RETRY && req->key == KEY_IDLE &&
		   p->unattended == PLAN_LOCAL) {
		snprintf(ctx->why, sizeof(ctx->why),
			 "nobody answered: the next boot device");
		grub_leave(o, "No key: leaving GRUB (to the firmware).");
	} else {
		ctx->event = REPORT_HANDOVER;
		grub_boot(o, ctx, req, p, c);
	}
	free(p);
	free(c);
}

/**
 * The reply to a GRUB client: the configuration its loop reads next.
 * Arguments and return as service_reply().
 */
int service_grub_reply(struct service_ctx *ctx,
		       const struct service_request *req,
		       const struct menu *menu, const struct masks *masks,
		       const struct run_net *net, char *buf, size_t size,
		       char *err, size_t errsize)
{
	struct out o = {buf, size, 0, 0};
	enum grub_go go = grub_go_of(req);
	const char *prompt;
	int rc;

	out_printf(&o, "# the Debathena dialog service, for GRUB\nclear\n");
	if (go == GO_LEAVE) {
		grub_leave(&o, "Leaving GRUB: the firmware boots the next "
			       "boot device.");
		return o.overflow ? -E2BIG : 0;
	}
	rc = service_run(ctx, req, menu, masks, net,
			 go == GO_DIALOG ? req->key : KEY_NONE,
			 go == GO_RESTART ? 0 : req->nanswers, err, errsize);
	if (rc)
		return rc;
	prompt = grub_output(&o, ctx->text + ctx->mark);
	if (*prompt && ctx->res.action != RUN_EOF)
		grub_emit_echo(&o, prompt);
	switch (ctx->res.action) {
	case RUN_EOF:
		if (req->nanswers >= SERVICE_ANSWERS_MAX - 1)
			grub_stop(&o, ctx, req,
				  "the dialog is longer than the service "
				  "takes");
		else
			grub_question(&o, ctx, req, prompt);
		break;
	case RUN_BOOT:
		grub_reply_boot(&o, ctx, req, go);
		break;
	case RUN_EXIT_LOCAL:
	case RUN_EXIT_PROMPT:
		grub_leave(&o, "Leaving GRUB: the firmware boots the next "
			       "boot device.");
		break;
	default:
		ctx->reported = 1;
		ctx->event = REPORT_GIVEUP;
		grub_stop(&o, ctx, req, ctx->res.message);
	}
	if (o.overflow || ctx->text_overflow) {
		snprintf(err, errsize, "the reply is longer than %u bytes",
			 (unsigned)size);
		return -E2BIG;
	}
	return 0;
}
