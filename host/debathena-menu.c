/*
 * debathena-menu: the host front end of the menu engine.
 *
 *   debathena-menu check MENU...
 *   debathena-menu run [options] MENU [NAME=VALUE...] < answers
 *   debathena-menu manifest DIR > SHA256SUMS
 *   debathena-menu verify [--keys FILE]... [--key BASE64]... MENU
 *                         [MANIFEST DIR]
 *
 * `run` plays the dialog with answers read from standard input and a
 * simulated network, then prints what the module would boot.  The golden
 * tests use it; so can a site, to try a menu before deploying it.
 */
#include <dirent.h>
#include <stddef.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "dialog/args.h"
#include "net/dhcp.h"
#include "net/dns.h"
#include "emit/ipxe.h"
#include "stage1/ipxe_menu.h"
#include "net/location.h"
#include "net/masks.h"
#include "lang/menu.h"
#include "boot/plan.h"
#include "dialog/run.h"
#include "base/sha256.h"
#include "trust/signify.h"
#include "lang/value.h"
#include "trust/verify.h"

#define FAKE_MAX 16

struct fake_net {
	char names[FAKE_MAX][VALUE_MAX];
	uint32_t addrs[FAKE_MAX];
	int n;
	int dead;	/* every server times out */
	int no_reverse; /* reverse lookups impossible (as under lpxelinux) */
	int quiet;
	/* With --dhcp-dns, lookups go to these servers in turn (the
	 * engine's failover, as the module's); --dead-dns ones time out. */
	uint32_t servers[DHCP_DNS_MAX];
	int nservers;
	uint32_t dead_servers[DHCP_DNS_MAX];
	int ndead;
};

static const char *progname = "debathena-menu";

/* The lease a chain script is made for: MAC, DNS list, TFTP server. */
static int parse_lease(const char *mac, const char *dns, const char *tftp,
		       struct dhcp_info *lease);
static int parse_addrs(const char *list, uint32_t *addrs, int *n);
/* --dns NAME=ADDR: one record of the fake DNS. */
static int add_fake_record(struct fake_net *net, const char *rec);

/* What the options of `run` set. */
struct run_args {
	int auto_mode, quiet;
	const char *masks, *cpu, *dhcp, *dhcp_host, *dhcp_dns;
	const char *chain;  /**< --chain-script given */
	const char *loader; /**< --loader: the plan printed is for it */
	struct dhcp_info lease;
	struct fake_net net;
};

/* Options that need more than storing their word. */
static int opt_chain(struct run_args *a, char **arg)
{
	a->chain = arg[0];
	return parse_lease(arg[0], arg[1], arg[2], &a->lease);
}

static int opt_next_server(struct run_args *a, char **arg)
{
	return ipv4_parse(arg[0], &a->lease.server);
}

static int opt_dns(struct run_args *a, char **arg)
{
	return add_fake_record(&a->net, arg[0]);
}

static int opt_dead_dns(struct run_args *a, char **arg)
{
	return a->net.ndead < DHCP_DNS_MAX
		   ? ipv4_parse(arg[0], &a->net.dead_servers[a->net.ndead++])
		   : -E2BIG;
}

enum opt_kind { OPT_FLAG, OPT_STRING, OPT_CALL };
#define FLAG(f)	  OPT_FLAG, offsetof(struct run_args, f), NULL
#define STRING(f) OPT_STRING, offsetof(struct run_args, f), NULL
#define CALL(fn)  OPT_CALL, 0, fn

/* The options of `run`, in the man page's order: the parser and usage()
 * read this one table, so the two cannot drift apart.  Each sets a flag,
 * stores its word, or calls a function. */
static const struct run_option {
	const char *name;
	int nargs;	  /**< words after the option */
	const char *args; /**< their usage text */
	int repeat;	  /**< may be given more than once */
	enum opt_kind kind;
	size_t field; /**< the int a flag sets to 1, or where a word goes */
	int (*call)(struct run_args *a, char **arg);
} run_options[] = {
    {"--auto", 0, NULL, 0, FLAG(auto_mode)},
    {"--masks", 1, "FILE", 0, STRING(masks)},
    {"--cpu", 1, "ARCH", 0, STRING(cpu)},
    {"--dhcp", 1, "IP/NETMASK/GATEWAY", 0, STRING(dhcp)},
    {"--dhcp-hostname", 1, "NAME", 0, STRING(dhcp_host)},
    {"--dhcp-dns", 1, "ADDR,...", 0, STRING(dhcp_dns)},
    {"--dns", 1, "NAME=ADDR", 1, CALL(opt_dns)},
    {"--dns-dead", 0, NULL, 0, FLAG(net.dead)},
    {"--dead-dns", 1, "ADDR", 1, CALL(opt_dead_dns)},
    {"--no-reverse", 0, NULL, 0, FLAG(net.no_reverse)},
    {"--quiet", 0, NULL, 0, FLAG(quiet)},
    {"--next-server", 1, "ADDR", 0, CALL(opt_next_server)},
    {"--loader", 1, "LOADER", 0, STRING(loader)},
    {"--chain-script", 3, "MAC DNS,... TFTP-SERVER", 0, CALL(opt_chain)},
};
#define OPT_COUNT ((int)(sizeof(run_options) / sizeof(run_options[0])))

#undef FLAG
#undef STRING
#undef CALL

/* The commands, in the man page's order; usage() reads this table. */
static const struct command {
	const char *name;
	const char *args; /**< usage text after the name; NULL: run's */
	int (*fn)(int argc, char **argv);
} commands[];

static int cmd_label(int argc, char **argv);

static void usage(void)
{
	const struct command *c;
	char word[96];
	int i, col;

	for (c = commands; c->name; c++) {
		fprintf(stderr, "%s %s %s", c == commands ? "usage:" : "      ",
			progname, c->name);
		if (c->fn == cmd_label) {
			/* The APPEND words the module reads (args.h), but
			 * menu=: the label's menu is its first argument */
			fprintf(stderr, " %s [%s] [%s]... [%s] [%s...]\n",
				c->args, args_usage[ARGS_AUTO],
				args_usage[ARGS_KEY], args_usage[ARGS_SYSLOG],
				args_usage[ARGS_PRESET]);
			continue;
		}
		if (c->args) {
			fprintf(stderr, " %s\n", c->args);
			continue;
		}
		col = 12 + (int)strlen(progname) + (int)strlen(c->name);
		for (i = 0; i < OPT_COUNT; i++) {
			const struct run_option *o = &run_options[i];

			snprintf(word, sizeof(word), "[%s%s%s]%s", o->name,
				 o->args ? " " : "", o->args ? o->args : "",
				 o->repeat ? "..." : "");
			if (col + 1 + (int)strlen(word) > 78) {
				fprintf(stderr, "\n             ");
				col = 13;
			}
			fprintf(stderr, " %s", word);
			col += 1 + (int)strlen(word);
		}
		fprintf(stderr,
			"\n              MENU [NAME=VALUE...] < answers\n");
	}
	exit(2);
}

/* The option argv[*i] names, its arguments checked to be there. */
static const struct run_option *run_option(int argc, char **argv, int i)
{
	int k;

	for (k = 0; k < OPT_COUNT; k++)
		if (!strcmp(argv[i], run_options[k].name) &&
		    i + run_options[k].nargs < argc)
			return &run_options[k];
	usage();
	return NULL;
}

/** Read a whole file; the caller frees *buf. */
static int read_file(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, n = 0, got;
	char *b = NULL, *nb;

	if (!f)
		return -errno;
	for (;;) {
		nb = realloc(b, cap + 1);
		if (!nb) {
			free(b);
			fclose(f);
			return -ENOMEM;
		}
		b = nb;
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (n < cap)
			break;
		cap *= 2;
	}
	if (ferror(f)) {
		free(b);
		fclose(f);
		return -EIO;
	}
	fclose(f);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

/* A parser of a whole file's text: menu_parse, masks_parse. */
typedef int parse_fn(const char *file, const char *text, size_t len, void *out,
		     char *err, size_t errsize);

/* Read a file and parse it, saying what went wrong. */
static int load_parsed(const char *path, parse_fn *parse, void *out)
{
	char err[MENU_ERROR_MAX], *text = NULL;
	size_t len = 0;
	int rc;

	rc = read_file(path, &text, &len);
	if (rc) {
		fprintf(stderr, "%s: %s: %s\n", progname, path, strerror(-rc));
		return rc;
	}
	rc = parse(path, text, len, out, err, sizeof(err));
	free(text);
	if (rc)
		fprintf(stderr, "%s\n", err);
	return rc;
}

static int parse_menu(const char *file, const char *text, size_t len, void *out,
		      char *err, size_t errsize)
{
	return menu_parse(file, text, len, out, err, errsize);
}

static int parse_masks(const char *file, const char *text, size_t len,
		       void *out, char *err, size_t errsize)
{
	return masks_parse(file, text, len, out, err, errsize);
}

static int load_menu(const char *path, struct menu **menu)
{
	*menu = NULL;
	return load_parsed(path, parse_menu, menu);
}

static int cmd_check(int argc, char **argv)
{
	struct menu *menu;
	int i, bad = 0;

	if (argc < 1)
		usage();
	for (i = 0; i < argc; i++) {
		if (load_menu(argv[i], &menu) != 0)
			bad = 1;
		menu_free(menu);
	}
	return bad;
}

static int con_getc(void *ctx)
{
	(void)ctx;
	return getchar();
}

/*
 * A key within @ms milliseconds.  At the end of the input no key will
 * ever come, so a timed wait runs out at once: a transcript's time limits
 * fire where its answers end (stdin is unbuffered, see cmd_run).
 */
static int con_getc_timed(void *ctx, unsigned long ms)
{
	struct pollfd pfd = {0, POLLIN, 0};
	int c, rc;

	(void)ctx;
	do
		rc = poll(&pfd, 1, ms > INT_MAX ? INT_MAX : (int)ms);
	while (rc < 0 && errno == EINTR);
	if (rc <= 0)
		return LINEEDIT_TIMEOUT;
	c = getchar();
	return c == EOF ? LINEEDIT_TIMEOUT : c;
}

static void con_puts(void *ctx, const char *s)
{
	if (ctx)
		fputs(s, stderr);
}

/* The records: a name's address, or (PTR) an address's name. */
static int fake_record(const struct fake_net *net, enum dns_qtype type,
		       const char *name, uint32_t *addr, char *out, size_t size)
{
	char ptr[DNS_NAME_MAX];
	int i;

	for (i = 0; i < net->n; i++) {
		if (type == DNS_A && strcmp(net->names[i], name) == 0) {
			*addr = net->addrs[i];
			return 0;
		}
		if (type == DNS_PTR &&
		    dns_ptr_name(net->addrs[i], ptr, sizeof(ptr)) == 0 &&
		    strcmp(ptr, name) == 0 && strlen(net->names[i]) < size) {
			strcpy(out, net->names[i]);
			return 0;
		}
	}
	return -ENOENT;
}

/* One server's answer: none from a dead one. */
static int fake_ask(void *ctx, uint32_t server, enum dns_qtype type,
		    const char *name, uint32_t *addr, char *out, size_t size)
{
	const struct fake_net *net = ctx;
	int i;

	for (i = 0; i < net->ndead; i++)
		if (net->dead_servers[i] == server)
			return -ETIMEDOUT;
	return fake_record(net, type, name, addr, out, size);
}

static void fake_say(void *ctx, const char *msg)
{
	const struct fake_net *net = ctx;

	if (!net->quiet)
		fputs(msg, stderr);
}

/* The --dhcp-dns servers, each answering from the records (fake_ask). */
static struct dns_client fake_client(struct fake_net *net)
{
	struct dns_client c = {net->servers, net->nservers, fake_ask, fake_say,
			       net};

	return c;
}

/* Lookups: through the servers when there are (the engine's failover, as
 * the module's), else straight from the records. */
static int fake_resolve(void *ctx, const char *name, uint32_t *addr)
{
	struct fake_net *net = ctx;
	struct dns_client c = fake_client(net);

	if (net->dead)
		return -ETIMEDOUT;
	if (net->nservers)
		return dns_resolve(&c, name, addr);
	return fake_record(net, DNS_A, name, addr, NULL, 0);
}

static int fake_reverse(void *ctx, uint32_t addr, char *name, size_t size)
{
	struct fake_net *net = ctx;
	struct dns_client c = fake_client(net);
	char q[DNS_NAME_MAX];
	uint32_t unused;

	if (net->no_reverse)
		return -EOPNOTSUPP;
	if (net->dead)
		return -ETIMEDOUT;
	if (net->nservers)
		return dns_reverse(&c, addr, name, size);
	if (dns_ptr_name(addr, q, sizeof(q)) != 0)
		return -EINVAL;
	return fake_record(net, DNS_PTR, q, &unused, name, size);
}

/* A masks table: a file's path (--masks), or the menu's location. */
static int load_masks(const char *path, struct masks *masks)
{
	return load_parsed(path, parse_masks, masks);
}

/* The menu's masks table, or the file --masks names instead. */
static int load_menu_masks(const char *menu_path, const char *loc,
			   const char *file, struct masks *masks)
{
	char path[4096];
	int rc;

	if (file)
		return load_masks(file, masks);
	rc = location_beside(menu_path, loc, path, sizeof(path));
	if (rc) {
		fprintf(stderr, "%s: %s: masks %s: %s\n", progname, menu_path,
			loc,
			rc == -EPROTONOSUPPORT
			    ? "a URL, which the host tool does not fetch "
			      "(give --masks FILE)"
			    : strerror(-rc));
		return rc;
	}
	return load_masks(path, masks);
}

/* The lease a chain script is made for: MAC, DNS list, TFTP server. */
static int parse_lease(const char *mac, const char *dns, const char *tftp,
		       struct dhcp_info *lease)
{
	unsigned m[6];
	int i;

	if (sscanf(mac, "%2x:%2x:%2x:%2x:%2x:%2x", &m[0], &m[1], &m[2], &m[3],
		   &m[4], &m[5]) != 6)
		return -EINVAL;
	for (i = 0; i < 6; i++)
		lease->mac[i] = (uint8_t)m[i];
	if (parse_addrs(dns, lease->dns, &lease->ndns) != 0)
		return -EINVAL;
	return ipv4_parse(tftp, &lease->server);
}

/* --dns NAME=ADDR: one record of the fake DNS. */
static int add_fake_record(struct fake_net *net, const char *rec)
{
	const char *eq = strchr(rec, '=');
	uint32_t addr;

	if (!eq || net->n == FAKE_MAX || (size_t)(eq - rec) >= VALUE_MAX ||
	    ipv4_parse(eq + 1, &addr) != 0)
		return -EINVAL;
	snprintf(net->names[net->n], VALUE_MAX, "%.*s", (int)(eq - rec), rec);
	net->addrs[net->n++] = addr;
	return 0;
}

static const char *const action_names[] = {
    [RUN_BOOT] = "boot",	[RUN_EXIT_PROMPT] = "prompt",
    [RUN_EXIT_LOCAL] = "local", [RUN_STOP] = "stop",
    [RUN_EOF] = "eof",
};

/* The method each boot loader resolves the menu's to (plan_method). */
static void print_boot_methods(const struct run_result *res)
{
	const char *note;
	int l;

	for (l = 0; l < LOADER_COUNT; l++)
		printf(
		    "method-%s: %s\n", loader_names[l],
		    boot_method_names[plan_method(res, (enum loader)l, &note)]);
}

/* Where a checked boot takes each digest from, and a refusal that needs
 * no manifest to decide. */
static void print_checks(const struct plan *p)
{
	char k[SHA256_HEX_LEN + 1], i[SHA256_HEX_LEN + 1], err[VERIFY_MSG_MAX];

	if (!p->res->verify)
		return;
	printf("kernel-check: %s\n", plan_check_names[p->kernel_check]);
	if (p->res->initrd[0])
		printf("initrd-check: %s\n", plan_check_names[p->initrd_check]);
	if (!plan_needs_manifest(p) &&
	    plan_expected(p, NULL, 0, k, i, err, sizeof(err)) != 0)
		printf("check-error: %s\n", err);
}

/* The plan for one loader: its attempts in order and the failure
 * policy (doc/faults.md). */
static void print_plan(const struct plan *p)
{
	int i;

	printf("plan: %s, %s\n", loader_names[p->loader],
	       boot_method_names[p->method]);
	if (p->note)
		printf("plan-note: %s\n", p->note);
	for (i = 0; i < p->nattempts; i++)
		printf("attempt: %s %s%s%s\n", p->attempts[i].kernel,
		       p->attempts[i].initrd[0] ? p->attempts[i].initrd : "-",
		       p->attempts[i].dns[0] ? " dns " : "",
		       p->attempts[i].dns);
	if (p->no_ipxe[0])
		printf("no-ipxe: %s\n", p->no_ipxe);
	printf("failure: %d rounds %d s apart, then %s; unattended: %s after "
	       "%lu s\n",
	       PLAN_ROUNDS, PLAN_PAUSE_S, plan_choices[p->method],
	       plan_unattended_names[p->unattended], p->wait);
}

/* Read the options of `run` (run_options[]); returns the index of MENU. */
static int run_parse_options(int argc, char **argv, struct run_args *a)
{
	const struct run_option *o;
	int i;

	a->cpu = "amd64";
	for (i = 0; i < argc && argv[i][0] == '-'; i++) {
		o = run_option(argc, argv, i);
		if (o->kind == OPT_FLAG)
			*(int *)((char *)a + o->field) = 1;
		else if (o->kind == OPT_STRING)
			*(const char **)((char *)a + o->field) = argv[i + 1];
		else if (o->call(a, argv + i + 1) != 0)
			usage();
		i += o->nargs;
	}
	if (i >= argc)
		usage();
	return i;
}

/* A list of addresses with commas between, into @addrs. */
static int parse_addrs(const char *list, uint32_t *addrs, int *n)
{
	char one[16];
	size_t len;

	while (*list && *n < DHCP_DNS_MAX) {
		len = strcspn(list, ",");
		if (len >= sizeof(one))
			return -EINVAL;
		memcpy(one, list, len);
		one[len] = '\0';
		if (ipv4_parse(one, &addrs[(*n)++]) != 0)
			return -EINVAL;
		list += len + (list[len] == ',');
	}
	return *list ? -E2BIG : 0;
}

/* The lease the options describe, for the builtins (run_lease_builtins,
 * as the module fills them); 2 on bad input. */
static int run_fill_builtins(struct run *r, struct run_args *a)
{
	static const struct value_spec host = {VT_HOSTNAME, NULL, 0};
	struct dhcp_info facts;
	char ip[VALUE_MAX], mask[VALUE_MAX], gw[VALUE_MAX];
	const char *why;

	memset(&facts, 0, sizeof(facts));
	if (strcmp(a->cpu, "amd64") != 0 && strcmp(a->cpu, "i386") != 0) {
		fprintf(stderr, "%s: --cpu amd64 or i386\n", progname);
		return 2;
	}
	if (a->dhcp &&
	    (sscanf(a->dhcp, "%255[^/]/%255[^/]/%255s", ip, mask, gw) != 3 ||
	     ipv4_parse(ip, &facts.ipaddr) || !facts.ipaddr ||
	     ipv4_parse(mask, &facts.netmask) ||
	     ipv4_parse(gw, &facts.gateway))) {
		fprintf(stderr, "%s: --dhcp IP/NETMASK/GATEWAY\n", progname);
		return 2;
	}
	if (a->dhcp_dns && parse_addrs(a->dhcp_dns, facts.dns, &facts.ndns)) {
		fprintf(stderr,
			"%s: bad --dhcp-dns (IPv4 addresses, commas "
			"between)\n",
			progname);
		return 2;
	}
	if (a->dhcp_host && value_check(&host, a->dhcp_host, facts.hostname,
					sizeof(facts.hostname), &why)) {
		fprintf(stderr, "%s: bad --dhcp-hostname\n", progname);
		return 2;
	}
	memcpy(a->net.servers, facts.dns, sizeof(facts.dns));
	a->net.nservers = facts.ndns;
	a->net.quiet = a->quiet;
	if (!a->chain) {
		memcpy(a->lease.dns, facts.dns, sizeof(facts.dns));
		a->lease.ndns = facts.ndns;
	}
	a->lease.ipaddr = facts.ipaddr;
	a->lease.netmask = facts.netmask;
	a->lease.gateway = facts.gateway;
	run_lease_builtins(r, strcmp(a->cpu, "amd64") == 0, &facts);
	return 0;
}

/* A preset the module would ignore, as the module says it. */
static void print_ignored(void *ctx, const char *msg)
{
	(void)ctx;
	printf("ignored: %s\n", msg);
}

/* NAME=VALUE presets, applied as the module applies its APPEND. */
static int run_presets(struct run *r, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (args_kind(argv[i]) != ARGS_PRESET) {
			fprintf(stderr,
				"%s: expected NAME=VALUE (auto is --auto, the "
				"menu the first argument): %s\n",
				progname, argv[i]);
			return 2;
		}
	}
	return args_apply(r, argc, argv, print_ignored, NULL) ? 1 : 0;
}

/* The loader --loader names (pxelinux.0 without it); -1 if none. */
static int run_loader(const struct run_args *a)
{
	int l;

	for (l = 0; l < LOADER_COUNT; l++)
		if (strcmp(a->loader ? a->loader : "pxelinux.0",
			   loader_names[l]) == 0)
			return l;
	fprintf(stderr,
		"%s: --loader pxelinux.0, lpxelinux.0, syslinux.efi "
		"or ipxe\n",
		progname);
	return -1;
}

/* Print what the module would boot, its plan, and the chain script if
 * asked. */
static void print_boot(const struct run_result *res, const struct run_args *a,
		       unsigned long idle)
{
	static char script[131072], line[CMDLINE_LIMIT + 1];
	static struct plan plan;
	char err[MENU_ERROR_MAX];
	int i;

	plan_make(&plan, res, &a->lease, (enum loader)run_loader(a), idle);
	printf("method: %s\n", boot_method_names[res->method]);
	print_boot_methods(res);
	if (res->method != BOOT_DIRECT)
		printf("ipxe: %s\n", plan.ipxe);
	for (i = 0; i < res->nservers; i++)
		printf("server: %s\n", res->servers[i]);
	plan_cmdline(&plan, 1, line, sizeof(line));
	printf("kernel: %s\ninitrd: %s\ncmdline: %s\n", res->kernel,
	       res->initrd, line);
	if (res->kernel_pin[0])
		printf("kernel-sha256: %s\n", res->kernel_pin);
	if (res->initrd_pin[0])
		printf("initrd-sha256: %s\n", res->initrd_pin);
	if (res->manifest[0])
		printf("manifest: %s\n", res->manifest);
	print_checks(&plan);
	print_plan(&plan);
	if (!a->chain)
		return;
	plan_make(&plan, res, &a->lease, LOADER_IPXE, idle);
	if (ipxe_chain_script(&plan, script, sizeof(script), err,
			      sizeof(err)) != 0)
		printf("chain-script error: %s\n", err);
	else
		printf("chain-script:\n%s", script);
}

/* run [options] MENU [NAME=VALUE...] < answers */
static int cmd_run(int argc, char **argv)
{
	static struct run r;
	static struct run_args a;
	struct console con = {NULL, con_getc, con_puts, 0, con_getc_timed};
	struct masks masks = {NULL, 0};
	struct run_result res;
	struct menu *menu;
	int i, status;

	i = run_parse_options(argc, argv, &a);
	if (run_loader(&a) < 0)
		return 2;
	if (load_menu(argv[i], &menu) != 0)
		return 1;
	if (menu->masks_file &&
	    load_menu_masks(argv[i], menu->masks_file, a.masks, &masks) != 0) {
		menu_free(menu);
		return 1;
	}
	con.ctx = a.quiet ? NULL : &con;
	/* Unbuffered: a timed wait (poll) sees every key not yet read. */
	setvbuf(stdin, NULL, _IONBF, 0);
	run_init(&r, menu, &con);
	r.auto_mode = a.auto_mode;
	r.masks = &masks;
	r.net.ctx = &a.net;
	r.net.resolve = fake_resolve;
	r.net.reverse = fake_reverse;
	status = run_fill_builtins(&r, &a);
	if (!status)
		status = run_presets(&r, argc - i - 1, argv + i + 1);
	if (status != 2) {
		printf("action: %s\n", action_names[run_dialog(&r, &res)]);
		if (res.action == RUN_BOOT)
			print_boot(&res, &a, r.idle);
		else if (res.message[0])
			printf("message: %s\n", res.message);
	}
	menu_free(menu);
	masks_free(&masks);
	return status;
}

/* A text made from a whole menu (print, ipxe). */
typedef int render_fn(const struct menu *m, char *buf, size_t size, char *err,
		      size_t errsize);

/* Render MENU with @fn to standard output. */
static int cmd_render(int argc, char **argv, render_fn *fn)
{
	static char text[262144];
	char err[MENU_ERROR_MAX];
	struct menu *menu;
	int rc;

	if (argc != 1)
		usage();
	if (load_menu(argv[0], &menu) != 0)
		return 1;
	rc = fn(menu, text, sizeof(text), err, sizeof(err));
	menu_free(menu);
	if (rc) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	fputs(text, stdout);
	return 0;
}

/* label MENU [NAME=VALUE...]: a pxelinux.cfg label with checked presets. */
/* manifest: the SHA-256 of every file of a stage2 tree. */

struct manifest {
	char **paths;
	size_t n, cap;
};

/** Collect the regular files under dir/rel (symbolic links to files
 * count; to directories, not, so that no loop is followed). */
static int manifest_walk(const char *dir, const char *rel, struct manifest *m)
{
	char path[8192], sub[4096];
	struct dirent *e;
	struct stat st;
	DIR *d;
	int rc = 0;

	snprintf(path, sizeof(path), "%s%s%s", dir, *rel ? "/" : "", rel);
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "%s: %s: %s\n", progname, path,
			strerror(errno));
		return -errno;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s%s%s", rel,
				     *rel ? "/" : "",
				     e->d_name) >= sizeof(sub) ||
		    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, sub) >=
			sizeof(path)) {
			fprintf(stderr, "%s: %s/%s: path too long\n", progname,
				dir, sub);
			rc = -ENAMETOOLONG;
			break;
		}
		if (lstat(path, &st) != 0) {
			fprintf(stderr, "%s: %s: %s\n", progname, path,
				strerror(errno));
			rc = -errno;
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			rc = manifest_walk(dir, sub, m);
			continue;
		}
		if (S_ISLNK(st.st_mode) &&
		    (stat(path, &st) != 0 || !S_ISREG(st.st_mode)))
			continue;
		if (!S_ISREG(st.st_mode))
			continue;
		if (m->n == m->cap) {
			char **np;

			m->cap = m->cap ? m->cap * 2 : 64;
			np = realloc(m->paths, m->cap * sizeof(*np));
			if (!np) {
				rc = -ENOMEM;
				break;
			}
			m->paths = np;
		}
		m->paths[m->n] = strdup(sub);
		if (!m->paths[m->n]) {
			rc = -ENOMEM;
			break;
		}
		m->n++;
	}
	closedir(d);
	return rc;
}

static int manifest_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/** The digest of one file, read in pieces. */
static int manifest_hash(const char *path, char hex[SHA256_HEX_LEN + 1])
{
	static unsigned char buf[65536];
	uint8_t digest[SHA256_LEN];
	struct sha256 ctx;
	FILE *f = fopen(path, "rb");
	size_t got;

	if (!f)
		return -errno;
	sha256_init(&ctx);
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		sha256_update(&ctx, buf, got);
	if (ferror(f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	sha256_final(&ctx, digest);
	sha256_hex(digest, hex);
	return 0;
}

/**
 * Print "HEX  PATH" for every file under DIR, sorted by path: the format
 * of sha256sum, so `sha256sum -c` in DIR checks it too.
 */
static int cmd_manifest(int argc, char **argv)
{
	struct manifest m = {NULL, 0, 0};
	char hex[SHA256_HEX_LEN + 1], path[8192];
	size_t i;
	int rc;

	if (argc != 1)
		usage();
	rc = manifest_walk(argv[0], "", &m);
	if (rc == 0)
		qsort(m.paths, m.n, sizeof(*m.paths), manifest_cmp);
	for (i = 0; rc == 0 && i < m.n; i++) {
		snprintf(path, sizeof(path), "%s/%s", argv[0], m.paths[i]);
		rc = manifest_hash(path, hex);
		if (rc != 0)
			fprintf(stderr, "%s: %s: %s\n", progname, path,
				strerror(-rc));
		else
			printf("%s  %s\n", hex, m.paths[i]);
	}
	for (i = 0; i < m.n; i++)
		free(m.paths[i]);
	free(m.paths);
	return rc == 0 ? 0 : 1;
}

/* verify: a tree checked as the module with keys will check it. */

/* What verify found: each failure is counted, and named on stderr. */
struct verify_tree {
	const struct signify_keys *keys;
	const char *dir;
	int failures, files;
};

static void verify_fail(struct verify_tree *t, const char *fmt, const char *a,
			const char *b)
{
	fprintf(stderr, "%s: ", progname);
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	t->failures++;
}

/* A .sig from the file system, for signify_site_file(). */
static int read_sig(void *ctx, const char *path, void **data, size_t *len)
{
	char *text;
	int rc = read_file(path, &text, len);

	(void)ctx;
	*data = rc ? NULL : text;
	return rc;
}

/** Check a file's signature (PATH.sig) as the module does. */
static int verify_signed(struct verify_tree *t, const char *path,
			 const char *text, size_t len)
{
	char err[SIGNIFY_MSG_MAX];
	struct signify_result res;
	int rc;

	rc = signify_site_file(t->keys, path, text, len, read_sig, NULL, &res,
			       err, sizeof(err));
	if (rc)
		verify_fail(t, "%s%s", err, "");
	else
		printf("%s: signed by key %s\n", path, res.keynum);
	return rc;
}

/* One line of the manifest: the file under DIR must have its digest. */
static int verify_entry(void *ctx, const char *name, size_t len,
			const char *hex)
{
	struct verify_tree *t = ctx;
	char path[8192], got[SHA256_HEX_LEN + 1];
	int rc;

	snprintf(path, sizeof(path), "%s/%.*s", t->dir, (int)len, name);
	t->files++;
	rc = manifest_hash(path, got);
	if (rc)
		verify_fail(t, "%s: %s (listed in the manifest)", path,
			    strerror(-rc));
	else if (strcmp(got, hex) != 0)
		verify_fail(t,
			    "%s: its SHA-256 is not the manifest's "
			    "(the module would refuse it): %s",
			    path, got);
	return 0;
}

/* Files under DIR the manifest does not list: the module refuses them. */
static void verify_unlisted(struct verify_tree *t, const char *manifest,
			    const char *text, size_t len)
{
	struct manifest m = {NULL, 0, 0};
	char hex[SHA256_HEX_LEN + 1], err[VERIFY_MSG_MAX];
	size_t i;

	if (manifest_walk(t->dir, "", &m) != 0)
		t->failures++;
	for (i = 0; i < m.n; i++) {
		if (verify_manifest_find(manifest, text, len, m.paths[i], hex,
					 err, sizeof(err)) == -ENOENT)
			printf("note: %s/%s is not in %s: the module would "
			       "not boot it\n",
			       t->dir, m.paths[i], manifest);
		free(m.paths[i]);
	}
	free(m.paths);
}

/* The menu's masks table, when it is a file beside the menu. */
static void verify_masks(struct verify_tree *t, const char *menu_path,
			 const struct menu *menu)
{
	char path[4096], err[MENU_ERROR_MAX], *text;
	struct masks masks = {0};
	size_t len;

	if (!menu->masks_file || location_beside(menu_path, menu->masks_file,
						 path, sizeof(path)) != 0)
		return;
	if (read_file(path, &text, &len) != 0) {
		printf("note: %s: not there; the module would use its "
		       "built-in masks table\n",
		       path);
		return;
	}
	if (verify_signed(t, path, text, len) == 0 &&
	    masks_parse(path, text, len, &masks, err, sizeof(err)) != 0)
		verify_fail(t, "%s%s", err, "");
	masks_free(&masks);
	free(text);
}

/* --keys FILE and --key BASE64, as make KEYS= and the label's key=;
 * -EINVAL and a message for one that is not a key. */
static int verify_keys(int *argc, char ***argv, struct signify_keys *keys)
{
	char err[SIGNIFY_MSG_MAX], *text;
	size_t len;
	int rc;

	while (*argc >= 2 && (strcmp((*argv)[0], "--keys") == 0 ||
			      strcmp((*argv)[0], "--key") == 0)) {
		if (strcmp((*argv)[0], "--key") == 0) {
			rc = signify_keys_add(keys, (*argv)[1], err,
					      sizeof(err));
		} else if ((rc = read_file((*argv)[1], &text, &len)) != 0) {
			snprintf(err, sizeof(err), "%s: %s", (*argv)[1],
				 strerror(-rc));
		} else {
			rc = signify_keys_add_file(keys, (*argv)[1], text, len,
						   err, sizeof(err));
			free(text);
		}
		if (rc) {
			fprintf(stderr, "%s: %s\n", progname, err);
			return rc;
		}
		*argc -= 2;
		*argv += 2;
	}
	return 0;
}

/**
 * verify [--keys FILE]... [--key BASE64]... MENU [MANIFEST DIR]: the
 * menu's signature, that it parses, its masks table's signature; then
 * the manifest's signature and every file it lists under DIR.  Exit 1
 * after naming each failure.
 */
static int cmd_verify(int argc, char **argv)
{
	static struct signify_keys keys;
	struct verify_tree t = {&keys, NULL, 0, 0};
	char err[MENU_ERROR_MAX], *text;
	struct menu *menu = NULL;
	size_t len;
	int rc;

	if (verify_keys(&argc, &argv, &keys) != 0)
		return 1;
	if (!keys.n || (argc != 1 && argc != 3))
		usage();
	/* The menu */
	rc = read_file(argv[0], &text, &len);
	if (rc) {
		verify_fail(&t, "%s: %s", argv[0], strerror(-rc));
	} else {
		if (verify_signed(&t, argv[0], text, len) == 0 &&
		    menu_parse(argv[0], text, len, &menu, err, sizeof(err)) !=
			0)
			verify_fail(&t, "%s%s", err, "");
		if (menu)
			verify_masks(&t, argv[0], menu);
		menu_free(menu);
		free(text);
	}
	/* The manifest and the tree */
	if (argc == 3) {
		t.dir = argv[2];
		rc = read_file(argv[1], &text, &len);
		if (rc) {
			verify_fail(&t, "%s: %s", argv[1], strerror(-rc));
		} else {
			if (verify_signed(&t, argv[1], text, len) == 0) {
				if (verify_manifest_walk(argv[1], text, len,
							 verify_entry, &t, err,
							 sizeof(err)) != 0)
					verify_fail(&t, "%s%s", err, "");
				verify_unlisted(&t, argv[1], text, len);
			}
			free(text);
		}
	}
	if (t.failures)
		fprintf(stderr, "%s: verify: %d failure%s\n", progname,
			t.failures, t.failures == 1 ? "" : "s");
	else if (t.dir)
		printf("verify: ok, %d file%s checked against %s\n", t.files,
		       t.files == 1 ? "" : "s", argv[1]);
	else
		printf("verify: ok (no manifest given)\n");
	return t.failures ? 1 : 0;
}

/* One APPEND word of `label`, checked as the module reads it (args.h);
 * the menu is the label's first argument, not a word. */
static int label_word(struct run *r, struct signify_keys *keys,
		      const char *word)
{
	char err[MENU_ERROR_MAX];
	uint32_t addrs[ARGS_SYSLOG_MAX];
	int n, rc = 0;

	err[0] = '\0';
	switch (args_kind(word)) {
	case ARGS_AUTO:
		break;
	case ARGS_PRESET:
		rc = run_preset_word(r, word, err, sizeof(err));
		break;
	case ARGS_KEY:
		rc = signify_keys_add(keys, args_value(word), err, sizeof(err));
		break;
	case ARGS_SYSLOG:
		rc = args_syslog_parse(args_value(word), addrs, &n);
		if (rc)
			snprintf(err, sizeof(err),
				 "%s: not 1 to %d IPv4 addresses separated by "
				 "commas",
				 word, ARGS_SYSLOG_MAX);
		break;
	case ARGS_MENU:
		snprintf(err, sizeof(err), "the menu is the first argument: %s",
			 word);
		rc = -EINVAL;
		break;
	default:
		snprintf(err, sizeof(err), "expected %s, %s, %s or %s: %s",
			 args_usage[ARGS_PRESET], args_usage[ARGS_KEY],
			 args_usage[ARGS_SYSLOG], args_usage[ARGS_AUTO], word);
		rc = -EINVAL;
	}
	if (rc)
		fprintf(stderr, "%s: %s\n", progname, err);
	return rc;
}

static int cmd_label(int argc, char **argv)
{
	static struct run r;
	static struct signify_keys keys;
	struct console con = {NULL, con_getc, con_puts, 0};
	struct menu *menu;
	int i, bad = 0;

	if (argc < 1)
		usage();
	if (load_menu(argv[0], &menu) != 0)
		return 1;
	run_init(&r, menu, &con);
	for (i = 1; i < argc; i++)
		if (label_word(&r, &keys, argv[i]) != 0)
			bad = 1;
	menu_free(menu);
	if (bad)
		return 1;
	printf("LABEL debathena\n\tMENU LABEL Debathena\n"
	       "\tCOM32 debathena.c32\n");
	if (argc > 1 || strcmp(argv[0], "debathena.menu") != 0) {
		const char *base = strrchr(argv[0], '/');

		printf("\tAPPEND menu=%s", base ? base + 1 : argv[0]);
		for (i = 1; i < argc; i++)
			printf(" %s", argv[i]);
		printf("\n");
	}
	return 0;
}

static int cmd_print(int argc, char **argv)
{
	return cmd_render(argc, argv, menu_print);
}

static int cmd_ipxe(int argc, char **argv)
{
	return cmd_render(argc, argv, ipxe_menu_script);
}

static const struct command commands[] = {
    {"check", "MENU...", cmd_check},
    {"print", "MENU", cmd_print},
    {"ipxe", "MENU > stage1.ipxe", cmd_ipxe},
    {"label", "MENU", cmd_label},
    {"manifest", "DIR > SHA256SUMS", cmd_manifest},
    {"verify", "[--keys FILE]... [--key BASE64]... MENU [MANIFEST DIR]",
     cmd_verify},
    {"run", NULL, cmd_run},
    {NULL, NULL, NULL},
};

int main(int argc, char **argv)
{
	const struct command *c;

	for (c = commands; argc >= 2 && c->name; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->fn(argc - 2, argv + 2);
	usage();
	return 2;
}
