/*
 * libFuzzer target: the dialog service, request -> reply.  The input is a
 * query string; the service runs the shipped menu (menus/debathena.menu,
 * with its masks table) on fake lookups.  Oracle, on the reply read as
 * iPXE reads it (lines; blank-separated words; commands split at || and
 * &&): every line is a label, a comment, or commands the generator
 * writes; every ${...} is one the generator writes; a hex-written text
 * holds only hex pairs and never "${"; every plain echo word is one iPXE
 * takes as text (ipxe_safe_word); every chain goes back to the service with a
 * query of [0-9a-z=&] and the new answer as ${d_a:hexraw}; every kernel
 * argument is a safe word.  And the boot carries exactly the expected
 * command line: the same answers typed into the engine directly (a plain
 * console, no service) must end in a boot whose command line every
 * `kernel` of the reply gives, word for word (on UEFI with the image name
 * first, as --name), and a reply with a `kernel` only where that run
 * boots.  Nothing of the request reaches the script as script.  The
 * menu has a syslog server, and the boot report of every boot and stop
 * is one clean line (check_report).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emit/ipxe.h"
#include "net/masks.h"
#include "emit/report.h"
#include "stage1/service.h"

static struct menu *menu;
static struct masks masks;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	static char buf[1 << 17];

	if (!f)
		abort();
	*len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

/* The shipped menu with a default for syslog, so every boot and stop
 * has a report to check. */
#define SYSLOG_VAR "\nvar syslog       ipv4list\n"
static char *with_syslog(const char *text, size_t *len)
{
	static char buf[1 << 17];
	const char *at = strstr(text, SYSLOG_VAR);
	size_t head;

	if (!at)
		abort();
	head = (size_t)(at - text) + strlen(SYSLOG_VAR) - 1;
	snprintf(buf, sizeof(buf), "%.*s = 10.99.0.1%s", (int)head, text,
		 text + head);
	*len = strlen(buf);
	return buf;
}

/*
 * The boot report of a reply: one line of printable ASCII, the RFC 5424
 * header, then NAME="VALUE" pairs whose values hold no unescaped quote
 * and end properly (nothing from the request breaks out of a value).
 */
static void check_report(const struct service_ctx *svc,
			 const struct run_result *want)
{
	static char msg[REPORT_MAX];
	uint32_t to[ARGS_SYSLOG_MAX];
	const char *p;
	int n = service_report(svc, msg, sizeof(msg), to);

	if (want->action != RUN_BOOT && want->action != RUN_STOP)
		return;
	if (n != 1 || to[0] != 0x0a630001)
		abort();
	if (strncmp(msg, "<14>1 - ", 8) != 0 &&
	    strncmp(msg, "<11>1 - ", 8) != 0)
		abort();
	/* "HOST debathena - MSGID - ", then the pairs */
	p = strstr(msg, " debathena - ");
	if (!p || !(p = strstr(p + 13, " - ")))
		abort();
	for (p += 2; *p;) {
		if (*p++ != ' ')
			abort();
		p += strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_");
		if (p[0] != '=' || p[1] != '"')
			abort();
		for (p += 2; *p && *p != '"'; p++) {
			if (*p < 0x20 || *p > 0x7e)
				abort();
			if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
				p++;
			else if (*p == '\\')
				abort();
		}
		if (*p++ != '"')
			abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[MENU_ERROR_MAX];
	size_t len;
	char *text;

	(void)argc, (void)argv;
	text = slurp(TOP_DIR "/menus/debathena.menu", &len);
	text = with_syslog(text, &len);
	if (menu_parse("debathena.menu", text, len, &menu, err, sizeof(err)))
		abort();
	text = slurp(TOP_DIR "/menus/athena.masks", &len);
	if (masks_parse("athena.masks", text, len, &masks, err, sizeof(err)))
		abort();
	return 0;
}

/* Lookups that answer some names and addresses, and time out others. */
static int fake_resolve(void *ctx, const char *name, uint32_t *addr)
{
	(void)ctx;
	if (strstr(name, "dead"))
		return -ETIMEDOUT;
	*addr = 0x12093c00u | (uint32_t)(strlen(name) & 0xff);
	return strlen(name) % 3 ? 0 : -ENOENT;
}

static int fake_reverse(void *ctx, uint32_t addr, char *name, size_t size)
{
	(void)ctx;
	if (addr % 3 == 0)
		return -ENOENT;
	snprintf(name, size, "node%u.mit.edu", (unsigned)(addr & 0xff));
	return 0;
}

/* The answers typed on a console of its own, output dropped. */
struct typist {
	const struct service_request *req;
	int i;
	size_t pos;
};

static int typist_getc(void *ctx)
{
	struct typist *t = ctx;
	const char *a;

	if (t->i >= t->req->nanswers)
		return -1;
	a = t->req->answers[t->i];
	if (a[t->pos])
		return (unsigned char)a[t->pos++];
	t->i++;
	t->pos = 0;
	return '\r';
}

static void typist_puts(void *ctx, const char *s)
{
	(void)ctx, (void)s;
}

static void ignore_report(void *ctx, const char *msg)
{
	(void)ctx, (void)msg;
}

/* What the engine alone does with the request's answers. */
static void expected_run(const struct service_request *req,
			 const struct run_net *net, struct run_result *res)
{
	static struct run r;
	struct typist t = {req, 0, 0};
	struct console con = {&t, typist_getc, typist_puts, 0};
	int i;

	run_init(&r, menu, &con);
	r.auto_mode = req->auto_mode;
	r.masks = &masks;
	r.net = *net;
	run_lease_builtins(&r, req->long_mode, &req->lease);
	for (i = 0; i < req->npresets; i++) {
		char *const word = (char *)req->presets[i];

		args_apply(&r, 1, &word, ignore_report, NULL);
	}
	run_dialog(&r, res);
}

static const struct run_result *expected;
/* The line every path hands over: the loader's words, then the menu's. */
static char expected_line[CMDLINE_LIMIT + 1];
static int kernels;

/* kernel [--name N] [--timeout T] -- URL ARGS... && ...: N then ARGS is
 * the expected command line. */
static void check_kernel(char **w, int n)
{
	char line[sizeof(expected->cmdline) + VALUE_MAX];
	size_t len = 0;
	int i = 0;

	kernels++;
	if (!expected || expected->action != RUN_BOOT)
		abort();
	line[0] = '\0';
	for (; i + 1 < n && strcmp(w[i], "--"); i += 2)
		if (!strcmp(w[i], "--name"))
			len += (size_t)snprintf(line + len, sizeof(line) - len,
						"%s ", w[i + 1]);
		else if (strcmp(w[i], "--timeout"))
			abort();
	if (i + 1 >= n || strcmp(w[i], "--"))
		abort();
	for (i += 2; i < n && strcmp(w[i], "&&"); i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s ",
					w[i]);
	if (len == 0 || len >= sizeof(line))
		abort();
	line[len - 1] = '\0';
	if (strcmp(line, expected_line))
		abort();
}

static const char *const expansions[] = {
    "${d_a:hexraw}", "${d_text:string}", "${d_r}",    "${d_act}",
    "${platform}",   "${round}",	 "${action}",
};
static const char *const commands[] = {
    "echo",   "set",	"clear", "read", "chain",   "iseq",   "isset",
    "goto",   "sleep",	"menu",	 "item", "choose",  "shell",  "reboot",
    "kernel", "initrd", "boot",	 "exit", "sanboot", "prompt",
};

static int in(const char *w, const char *const *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(w, set[i]) == 0)
			return 1;
	return 0;
}
#define IN(w, set) in((w), (set), sizeof(set) / sizeof(set[0]))

/* Every "${" starts an expansion the generator writes. */
static void check_expansions(const char *line)
{
	const char *p = line;
	size_t i;

	while ((p = strstr(p, "${")) != NULL) {
		for (i = 0; i < sizeof(expansions) / sizeof(expansions[0]); i++)
			if (!strncmp(p, expansions[i], strlen(expansions[i])))
				break;
		if (i == sizeof(expansions) / sizeof(expansions[0]))
			abort();
		p += 2;
	}
}

/* "set d_text:hex HH:HH...": hex pairs only, and no "${" in the text. */
static void check_hex_text(const char *v)
{
	unsigned prev = 0, c;
	int n;

	for (;;) {
		if (sscanf(v, "%2x%n", &c, &n) != 1 || n != 2)
			abort();
		if (prev == '$' && c == '{')
			abort();
		prev = c;
		v += 2;
		if (*v == '\0')
			return;
		if (*v++ != ':')
			abort();
	}
}

/* chain [--options] [--timeout MS] URL: back to the service, the query
 * canonical. */
static void check_chain(char **w, int n)
{
	static const char tail[] = "&a=${d_a:hexraw}";
	size_t len;
	int i;

	for (i = 0; i < n && !strncmp(w[i], "--", 2); i++)
		if (!strcmp(w[i], "--timeout") && ++i < n &&
		    strcmp(w[i], IPXE_STR(IPXE_FETCH_TIMEOUT_MS)))
			abort();
	if (i == n || strncmp(w[i], "debathena?", 10))
		abort();
	len = strlen(w[i]);
	if (len >= sizeof(tail) - 1 &&
	    !strcmp(w[i] + len - (sizeof(tail) - 1), tail))
		len -= sizeof(tail) - 1;
	for (; len > 10; len--)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789=&",
			    w[i][len - 1]))
			abort();
}

static void check_line(char *line)
{
	char *w[512];
	int n = 0, i;

	if (line[0] == ':' || line[0] == '#' || line[0] == '\0') {
		if (line[0] == ':' &&
		    strspn(line + 1, "abcdefghijklmnopqrstuvwxyz0123456789_") !=
			strlen(line + 1))
			abort();
		return;
	}
	check_expansions(line);
	if (!strncmp(line, "set d_text:hex ", 15))
		check_hex_text(line + 15);
	for (w[n] = strtok(line, " "); w[n] && n < 511;
	     w[++n] = strtok(NULL, " "))
		;
	/* An echo of plain words: each one iPXE takes as text (the fetch
	 * rounds print their checked URLs this way). */
	if (!strcmp(w[0], "echo") && !(n > 1 && strstr(w[n - 1], "${")))
		for (i = 1; i < n; i++)
			if (!ipxe_safe_word(w[i]))
				abort();
	for (i = 0; i < n; i++) {
		if (i == 0 || !strcmp(w[i - 1], "||") ||
		    !strcmp(w[i - 1], "&&"))
			if (strcmp(w[i], "||") && !IN(w[i], commands))
				abort();
		if (!strcmp(w[i], "chain"))
			check_chain(w + i + 1, n - i - 1);
	}
	if (n > 2 && !strcmp(w[0], "kernel")) {
		for (i = 1; i < n && strcmp(w[i], "&&"); i++)
			if (!ipxe_safe_word(w[i]))
				abort();
		check_kernel(w + 1, n - 1);
	}
}

/*
 * The GRUB oracle.  A reply to a GRUB client (fe=grub) holds only the
 * lines the service writes (grub_forms), and every text in it is one
 * quoted GRUB word as grub_emit_word writes it: single-quoted runs with
 * no control byte, \' between them.  Nothing else reaches GRUB's parser:
 * no $, ;, {, } or line break outside quotes.  The state (d_q) is only
 * [0-9a-z=&].  A boot gives `linux` exactly the command line the same
 * answers give in the engine alone (the quotes of NAME="A B" dropped:
 * GRUB quotes the whole argument).
 */
static const struct grub_form {
	const char *head;
	enum { G_NONE, G_WORD, G_WORDS, G_NUMBER } rest;
	const char *tail;
} grub_forms[] = {
    {"# the Debathena dialog service, for GRUB", G_NONE, ""},
    {"clear", G_NONE, ""},
    {"echo -- ", G_WORD, ""},
    {"set d_q=", G_WORD, ""},
    {"set timeout_style=hidden", G_NONE, ""},
    {"set timeout=", G_NUMBER, ""},
    {"set default=d_idle", G_NONE, ""},
    {"set d_ok=1", G_NONE, ""},
    {"sleep ", G_NUMBER, ""},
    {"exit", G_NONE, ""},
    {"fi", G_NONE, ""},
    {"boot", G_NONE, ""},
    {"if linux ", G_WORDS, "; then"},
    {"if initrd ", G_WORD, "; then boot; fi"},
};

/* One quoted word at @p, unquoted into @out; its end, or NULL. */
static const char *grub_word(const char *p, char *out, size_t size)
{
	size_t n = 0;
	int any = 0;

	for (;;) {
		if (*p == '\'') {
			for (p++; *p != '\''; p++) {
				if (!*p || (unsigned char)*p < 0x20 ||
				    *p == 0x7f || n + 1 >= size)
					return NULL;
				out[n++] = *p;
			}
			p++;
		} else if (p[0] == '\\' && p[1] == '\'') {
			if (n + 1 >= size)
				return NULL;
			out[n++] = '\'';
			p += 2;
		} else {
			out[n] = '\0';
			return any ? p : NULL;
		}
		any = 1;
	}
}

static char grub_args[CMDLINE_LIMIT * 2];
static int grub_linux;

/* The rest of a line of form @f: its words (a linux line's after the
 * kernel go to grub_args), then the form's tail. */
static void grub_rest(const struct grub_form *f, const char *p)
{
	static char w[SERVICE_REPLY_MAX];
	int i = 0;

	if (f->rest == G_NUMBER) {
		if (!*p || strspn(p, "0123456789") != strlen(p))
			abort();
		return;
	}
	if (f->rest != G_NONE) {
		for (;; i++) {
			p = grub_word(p, w, sizeof(w));
			if (!p)
				abort();
			if (!strcmp(f->head, "set d_q=") &&
			    strspn(w,
				   "0123456789abcdefghijklmnopqrstuvwxyz=&") !=
				strlen(w))
				abort();
			if (!strcmp(f->head, "if linux ") && i > 0)
				snprintf(grub_args + strlen(grub_args),
					 sizeof(grub_args) - strlen(grub_args),
					 "%s%s", i > 1 ? " " : "", w);
			if (f->rest != G_WORDS || *p != ' ')
				break;
			p++;
		}
	}
	if (strcmp(p, f->tail) != 0)
		abort();
}

static void check_grub(char *reply, const struct service_request *req,
		       const struct run_result *want)
{
	char *line, *next, expect[CMDLINE_LIMIT + 1], *e;
	const char *c;
	size_t k;

	grub_linux = 0;
	for (line = reply; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		for (k = 0; k < sizeof(grub_forms) / sizeof(grub_forms[0]); k++)
			if (!strncmp(line, grub_forms[k].head,
				     strlen(grub_forms[k].head)))
				break;
		if (k == sizeof(grub_forms) / sizeof(grub_forms[0]))
			abort(); /* a line the service does not write */
		grub_args[0] = '\0';
		grub_rest(&grub_forms[k], line + strlen(grub_forms[k].head));
		if (strcmp(grub_forms[k].head, "if linux ") != 0)
			continue;
		grub_linux++;
		if (req->key != KEY_NONE || req->then != THEN_DIALOG ||
		    want->action != RUN_BOOT)
			continue;
		for (c = want->cmdline, e = expect; *c; c++)
			if (*c != '"')
				*e++ = *c;
		*e = '\0';
		if (strcmp(grub_args, expect) != 0)
			abort(); /* not the engine's command line */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct service_request req;
	static struct service_ctx svc;
	static struct run_result want;
	static char query[SERVICE_QUERY_MAX + 64], reply[SERVICE_REPLY_MAX];
	struct run_net net = {NULL, fake_resolve, fake_reverse};
	char err[MENU_ERROR_MAX + 64], *line, *next;
	int said;

	if (size >= sizeof(query))
		return 0;
	memcpy(query, data, size);
	query[size] = '\0';
	if (service_parse(query, &req, err, sizeof(err)) != 0) {
		if (!err[0])
			abort(); /* refused without saying why */
		return 0;
	}
	err[0] = '\0';
	if (service_reply(&svc, &req, menu, &masks, &net, "debathena", reply,
			  sizeof(reply), err, sizeof(err)) != 0) {
		if (!err[0])
			abort();
		return 0;
	}
	expected_run(&req, &net, &want);
	if (req.fe == FE_GRUB) {
		check_grub(reply, &req, &want);
		/* A key may end the dialog the answers alone do not */
		if (req.key == KEY_NONE && req.then == THEN_DIALOG)
			check_report(&svc, &want);
		return 0;
	}
	if (strncmp(reply, "#!ipxe\n", 7) != 0)
		abort();
	expected = &want;
	if (want.action == RUN_BOOT) {
		static struct plan plan;
		static const struct dhcp_info lease;

		plan_make(&plan, &want, &lease, LOADER_IPXE, 0);
		if (plan_cmdline(&plan, 1, expected_line,
				 sizeof(expected_line)) < 0)
			abort();
	}
	kernels = 0;
	said = strstr(reply, "\n:d_stopped\n") != NULL; /* the stop menu */
	for (line = reply; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		check_line(line);
	}
	/* A boot is handed over, or the reply stops and says why. */
	if (want.action == RUN_BOOT && !kernels && !said)
		abort();
	check_report(&svc, &want);
	return 0;
}
