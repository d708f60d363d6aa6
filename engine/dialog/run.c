/*
 * The dialog: runs a parsed menu against a console.
 *
 * Presets (NAME=VALUE from the module's arguments) are validated like
 * typed answers and never change during the dialog: a preset question is
 * not asked.  In auto mode nothing waits for a key: defaults are taken and
 * a question without an answer stops the dialog with a message naming the
 * preset that would answer it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dialog/run.h"
#include "base/text.h"

/* What executing a statement asks of its caller. */
enum run_step {
	X_NEXT = 0, /**< go on */
	X_REJECT,   /**< an ask block rejected the answer */
	X_DONE,	    /**< the dialog ended: see r->res */
};

static void say(struct run *r, const char *s)
{
	r->con->puts(r->con->ctx, s);
}

static void sayf(struct run *r, const char *fmt, const char *a, const char *b)
{
	char buf[VALUE_MAX * 3];

	snprintf(buf, sizeof(buf), fmt, a, b);
	say(r, buf);
}

/** End the dialog with a message. */
static enum run_step finish(struct run *r, enum run_action action,
			    const char *msg)
{
	r->res->action = action;
	snprintf(r->res->message, sizeof(r->res->message), "%s", msg);
	return X_DONE;
}

/** Stop on a fault of the menu itself, naming file:line. */
static enum run_step menu_fault(struct run *r, int line, const char *msg,
				const char *what)
{
	char buf[MENU_ERROR_MAX];

	snprintf(buf, sizeof(buf), "%s:%d: %s \"%s\"", r->menu->file, line, msg,
		 what);
	return finish(r, RUN_STOP, buf);
}

/**
 * Expand ${name} references.
 *
 * @ret rc	0, or -E2BIG when the result does not fit
 */
static int interp(struct run *r, const char *t, char *out, size_t size)
{
	char name[MENU_NAME_MAX];
	struct menu_piece piece;
	const char *v, *why;
	size_t o = 0, n;
	int var, rc;

	while ((rc = menu_template_next(&t, &piece, &why)) == 1) {
		v = piece.text;
		n = piece.len;
		if (piece.ref) {
			memcpy(name, piece.text, piece.len);
			name[piece.len] = '\0';
			var = menu_var_find(r->menu, name);
			v = (var >= 0 && r->isset[var]) ? r->values[var] : "";
			n = strlen(v);
		}
		if (o + n >= size)
			return -E2BIG;
		memcpy(out + o, v, n);
		o += n;
	}
	out[o] = '\0';
	return rc;
}

/** Assign a checked value, unless the variable is preset. */
static int assign(struct run *r, int var, const char *in, const char **why)
{
	char out[VALUE_MAX];
	int rc;

	if (r->preset[var])
		return 0;
	rc = value_check(&r->menu->vars[var].spec, in, out, sizeof(out), why);
	if (rc)
		return rc;
	strcpy(r->values[var], out);
	r->isset[var] = 1;
	return 0;
}

static void unassign(struct run *r, int var)
{
	if (!r->preset[var]) {
		r->isset[var] = 0;
		r->values[var][0] = '\0';
	}
}

void run_init(struct run *r, const struct menu *menu, struct console *con)
{
	memset(r, 0, sizeof(*r));
	r->menu = menu;
	r->con = con;
}

/** Set a builtin variable (front ends only); invalid values are dropped. */
static int run_builtin(struct run *r, enum menu_builtin var, const char *value)
{
	const char *why;
	char out[VALUE_MAX];

	if (value_check(&r->menu->vars[var].spec, value, out, sizeof(out),
			&why) != 0)
		return -EINVAL;
	strcpy(r->values[var], out);
	r->isset[var] = 1;
	return 0;
}

/**
 * Preset a variable: validated now, never asked, never changed.
 *
 * @ret rc	0, -ENOENT for an unknown or builtin name, -EINVAL for a
 *		value of the wrong type (err says why)
 */
int run_preset(struct run *r, const char *name, const char *value, char *err,
	       size_t errsize)
{
	int var = menu_var_find(r->menu, name);
	const struct menu_var *v;
	const char *why;
	char out[VALUE_MAX];

	if (var < 0 || r->menu->vars[var].builtin) {
		snprintf(err, errsize, "unknown variable \"%.40s\"", name);
		return -ENOENT;
	}
	v = &r->menu->vars[var];
	if (value_check(&v->spec, value, out, sizeof(out), &why) != 0) {
		snprintf(err, errsize, "%s=%.40s: not a valid %s: %s", name,
			 value, value_type_name(v->spec.type), why);
		return -EINVAL;
	}
	strcpy(r->values[var], out);
	r->isset[var] = 1;
	r->preset[var] = 1;
	return 0;
}

/**
 * A preset written as one word, NAME=VALUE (the module's arguments, the
 * host tool's): split here, once, for every front end.
 *
 * @ret rc	0; -EINVAL without '=' or for a bad value; -ENOENT for an
 *		unknown name
 */
int run_preset_word(struct run *r, const char *word, char *err, size_t errsize)
{
	const char *eq = strchr(word, '=');
	char name[MENU_NAME_MAX];
	size_t n;

	if (!eq) {
		snprintf(err, errsize, "expected NAME=VALUE: \"%.40s\"", word);
		return -EINVAL;
	}
	n = (size_t)(eq - word);
	if (n >= sizeof(name)) {
		snprintf(err, errsize, "unknown variable \"%.40s\"", word);
		return -ENOENT;
	}
	memcpy(name, word, n);
	name[n] = '\0';
	return run_preset(r, name, eq + 1, err, errsize);
}

/* A builtin from an address, unless the lease has none. */
static void builtin_ipv4(struct run *r, enum menu_builtin var, uint32_t addr)
{
	char buf[16];

	if (addr) {
		ipv4_format(addr, buf);
		run_builtin(r, var, buf);
	}
}

/**
 * Fill the builtins from what the front end knows: the CPU and the DHCP
 * lease (every front end the same way).
 *
 * @v long_mode	nonzero when the CPU runs 64-bit code (cpu_arch amd64)
 * @v lease	the lease; ipaddr 0 when there is none
 */
void run_lease_builtins(struct run *r, int long_mode,
			const struct dhcp_info *lease)
{
	char list[DHCP_DNS_MAX * 16], *p = list;
	int i;

	run_builtin(r, BUILTIN_cpu_arch, long_mode ? "amd64" : "i386");
	run_builtin(r, BUILTIN_dhcp, lease->ipaddr ? "yes" : "no");
	builtin_ipv4(r, BUILTIN_dhcp_ipaddr, lease->ipaddr);
	builtin_ipv4(r, BUILTIN_dhcp_netmask, lease->netmask);
	builtin_ipv4(r, BUILTIN_dhcp_gateway, lease->gateway);
	for (i = 0; i < lease->ndns; i++) {
		if (i)
			*p++ = ' ';
		ipv4_format(lease->dns[i], p);
		p += strlen(p);
	}
	if (lease->ndns)
		run_builtin(r, BUILTIN_dhcp_dns, list);
	if (lease->hostname[0])
		run_builtin(r, BUILTIN_dhcp_hostname, lease->hostname);
	if (lease->domain[0])
		run_builtin(r, BUILTIN_dhcp_domain, lease->domain);
}

static int glob_match(const char *pat, const char *s)
{
	size_t n = strlen(pat);

	if (n && pat[n - 1] == '*')
		return strncmp(pat, s, n - 1) == 0;
	return strcmp(pat, s) == 0;
}

static int eval_cond(struct run *r, const struct cond *c)
{
	const char *v = r->isset[c->var] ? r->values[c->var] : "";
	struct value_spec spec = {c->type, NULL, 0};
	char w[VALUE_MAX];
	const char *why;
	int i;

	switch (c->kind) {
	case COND_SET:
		return r->isset[c->var];
	case COND_UNSET:
		return !r->isset[c->var];
	case COND_TYPE:
		return r->isset[c->var] &&
		       value_check(&spec, v, w, sizeof(w), &why) == 0;
	case COND_EQ:
	case COND_NE:
	case COND_IN:
		for (i = 0; i < c->nwords; i++) {
			if (interp(r, c->words[i], w, sizeof(w)) == 0 &&
			    glob_match(w, v))
				return c->kind != COND_NE;
		}
		return c->kind == COND_NE;
	}
	return 0;
}

static enum run_step exec_block(struct run *r, const struct stmt *s);

/**
 * Read a line within the dialog's idle limit and, for the first key,
 * @first seconds (a menu's timeout; 0: none).
 *
 * @ret rc	as lineedit_read_timed; -EAGAIN when @first ran out;
 *		-ETIMEDOUT when the idle limit did (said on the console)
 */
int run_read_line(struct run *r, char *buf, size_t size, unsigned long first)
{
	struct lineedit_limits lim = {first * 1000, r->idle * 1000};
	int rc, keys;

	rc = lineedit_read_timed(r->con, buf, size, &lim, &keys);
	if (rc != -ETIMEDOUT)
		return rc;
	if (!keys && first && (!r->idle || first <= r->idle))
		return -EAGAIN;
	snprintf(buf, size, "%lu", r->idle);
	sayf(r, "\nno key for %s s: booting from the local disk.\n", buf, "");
	buf[0] = '\0';
	return -ETIMEDOUT;
}

/**
 * Read an answer within the dialog's idle limit and, for the first key,
 * @first seconds (a menu's timeout; 0: none).
 *
 * @v expired	set when @first ran out (buf is then empty)
 * @ret step	X_NEXT; X_DONE at end of input or when the idle limit ran
 *		out (the dialog then ends in `exit local`)
 */
static enum run_step read_answer_within(struct run *r, char *buf, size_t size,
					unsigned long first, int *expired)
{
	char msg[80];
	int rc;

	*expired = 0;
	for (;;) {
		rc = run_read_line(r, buf, size, first);
		if (rc == -EAGAIN) {
			*expired = 1;
			return X_NEXT;
		}
		if (rc == -ETIMEDOUT) {
			snprintf(msg, sizeof(msg), "no key for %lu s", r->idle);
			return finish(r, RUN_EXIT_LOCAL, msg);
		}
		if (rc == -EPIPE)
			return finish(r, RUN_EOF, "end of input");
		if (rc == -E2BIG) {
			char msg[80];

			snprintf(msg, sizeof(msg),
				 "That line is too long (at most %d "
				 "characters). Try again: ",
				 (int)size - 1);
			say(r, msg);
			continue;
		}
		return X_NEXT;
	}
}

/** Read an answer; X_DONE at end of input or past the idle limit. */
static enum run_step read_answer(struct run *r, char *buf, size_t size)
{
	int expired;

	return read_answer_within(r, buf, size, 0, &expired);
}

static enum run_step exec_ask(struct run *r, const struct stmt *s)
{
	const struct menu_var *v = &r->menu->vars[s->var];
	char prompt[VALUE_MAX * 2], line[VALUE_MAX];
	char(*saved)[VALUE_MAX];
	unsigned char saved_set[MENU_VARS_MAX];
	const char *why;
	enum run_step rc;

	if (interp(r, s->text, prompt, sizeof(prompt)) != 0)
		return menu_fault(r, s->line, "prompt too long", s->text);
	if (r->preset[s->var] || r->auto_mode) {
		/* Kernel arguments may be empty: no answer is an answer. */
		if (!r->isset[s->var] && v->spec.type == VT_ARGS) {
			r->values[s->var][0] = '\0';
			r->isset[s->var] = 1;
		}
		if (!r->isset[s->var]) {
			snprintf(
			    line, sizeof(line),
			    "no answer for \"%.100s\" in auto mode: preset "
			    "%s=VALUE",
			    prompt, v->name);
			return finish(r, RUN_STOP, line);
		}
		sayf(r, "%s%s\n", prompt, r->values[s->var]);
		if (!s->body)
			return X_NEXT;
		rc = exec_block(r, s->body);
		if (rc == X_REJECT)
			return finish(r, RUN_STOP,
				      r->preset[s->var]
					  ? "the preset value was rejected"
					  : "the default was rejected");
		return rc;
	}
	/* A rejected answer takes back all its block assigned. */
	saved = s->body ? malloc(sizeof(r->values)) : NULL;
	if (s->body && !saved)
		return menu_fault(r, s->line, "out of memory for", v->name);
	for (;;) {
		say(r, prompt);
		r->reading = s;
		rc = read_answer(r, line, sizeof(line));
		if (rc)
			break;
		if (saved) {
			memcpy(saved, r->values, sizeof(r->values));
			memcpy(saved_set, r->isset, sizeof(r->isset));
		}
		if (line[0] == '\0' && r->isset[s->var]) {
			/* Enter keeps the current value. */
		} else if (line[0] == '\0' && v->spec.type != VT_ARGS) {
			say(r, "An answer is required.\n");
			continue;
		} else if (assign(r, s->var, line, &why) != 0) {
			sayf(r, "Not a valid %s: %s. Try again.\n",
			     value_type_name(v->spec.type), why);
			continue;
		}
		if (!s->body)
			break;
		rc = exec_block(r, s->body);
		if (rc != X_REJECT)
			break;
		/* Rejected: forget the answer and what followed from it. */
		memcpy(r->values, saved, sizeof(r->values));
		memcpy(r->isset, saved_set, sizeof(r->isset));
	}
	free(saved);
	return rc;
}

/* @n in decimal, in @buf (8 bytes). */
static const char *seconds_text(unsigned long n, char *buf)
{
	snprintf(buf, 8, "%lu", n);
	return buf;
}

/* A menu's prompt and answer; when its timeout runs out, the answer is
 * the timeout's key, shown as if typed. */
static enum run_step menu_answer(struct run *r, const struct stmt *s,
				 const struct menu_entry *timeout, char *line,
				 size_t size)
{
	char text[VALUE_MAX * 2], secs[8];
	enum run_step rc;
	int expired;

	if (interp(r, s->text, text, sizeof(text)) != 0)
		return menu_fault(r, s->line, "prompt too long", s->text);
	if (!r->con->getc_timed)
		timeout = NULL; /* a console that cannot time a wait */
	if (timeout)
		sayf(r, "(No key in %s s chooses %s.)\n",
		     seconds_text(timeout->seconds, secs), timeout->text);
	say(r, text);
	rc = read_answer_within(r, line, size, timeout ? timeout->seconds : 0,
				&expired);
	if (!rc && expired) {
		snprintf(line, size, "%s", timeout->text);
		sayf(r, "%s\n", line, "");
	}
	return rc;
}

static enum run_step exec_menu(struct run *r, const struct stmt *s)
{
	const struct menu_entry *e, *invalid, *timeout;
	char text[VALUE_MAX * 2], line[VALUE_MAX];
	const char *why;
	enum run_step rc;

	if (r->preset[s->var])
		return X_NEXT;
	if (r->auto_mode) {
		if (r->isset[s->var])
			return X_NEXT;
		snprintf(line, sizeof(line),
			 "no choice for \"%s\" in auto mode: preset %s=VALUE",
			 r->menu->vars[s->var].name,
			 r->menu->vars[s->var].name);
		return finish(r, RUN_STOP, line);
	}
	for (timeout = s->entries; timeout && timeout->kind != ME_TIMEOUT;
	     timeout = timeout->next)
		;
	for (;;) {
		invalid = NULL;
		for (e = s->entries; e; e = e->next) {
			if (e->kind == ME_INVALID)
				invalid = e;
			if (e->kind != ME_TEXT)
				continue;
			if (interp(r, e->text, text, sizeof(text)) != 0)
				return menu_fault(r, e->line, "text too long",
						  e->text);
			say(r, text);
			say(r, "\n");
		}
		r->reading = s;
		rc = menu_answer(r, s, timeout, line, sizeof(line));
		if (rc)
			return rc;
		for (e = s->entries; e; e = e->next) {
			if (!e->key || !text_equal_nocase(e->key, line))
				continue;
			if (e->kind == ME_ITEM) {
				if (assign(r, s->var, e->text, &why) != 0)
					return menu_fault(r, e->line,
							  "bad item value",
							  e->text);
				return X_NEXT;
			}
			rc = exec_block(r, e->body);
			if (rc == X_DONE)
				return rc;
			break;
		}
		if (!e) {
			if (invalid) {
				if (interp(r, invalid->text, text,
					   sizeof(text)) != 0)
					return menu_fault(r, invalid->line,
							  "text too long",
							  invalid->text);
				say(r, text);
				say(r, "\n");
			} else {
				say(r, "Choose one of the above.\n");
			}
		}
		say(r, "\n");
	}
}

static enum run_step exec_lookup(struct run *r, const struct stmt *s)
{
	const char *src = r->values[s->vars[0]];
	char name[VALUE_MAX];
	uint32_t addr;
	const char *why;
	int rc;

	if (r->preset[s->var])
		return X_NEXT;
	unassign(r, s->var);
	if (!r->isset[s->vars[0]])
		return X_NEXT;
	if (s->kind == ST_RESOLVE) {
		sayf(r, "Looking up %s...", src, "");
		if (ipv4_parse(src, &addr) == 0)
			rc = 0; /* already an address */
		else if (r->net.resolve)
			rc = r->net.resolve(r->net.ctx, src, &addr);
		else
			rc = -ENOENT;
		if (rc == 0)
			ipv4_format(addr, name);
	} else {
		if (ipv4_parse(src, &addr) != 0)
			return X_NEXT;
		sayf(r, "Looking up the name of %s...", src, "");
		rc = r->net.reverse
			 ? r->net.reverse(r->net.ctx, addr, name, sizeof(name))
			 : -ENOENT;
	}
	if (rc == 0 && assign(r, s->var, name, &why) != 0)
		rc = -EINVAL;
	if (rc == 0)
		sayf(r, " %s\n", name, "");
	else if (rc == -ETIMEDOUT)
		say(r, " no DNS server answered.\n");
	else if (rc == -EAGAIN)
		say(r, " no DNS server could answer.\n");
	else if (rc == -EOPNOTSUPP)
		sayf(r, " not possible here; preset %s=NAME.\n",
		     r->menu->vars[s->var].name, "");
	else if (rc == -EINVAL)
		say(r, " the answer was not a valid host name.\n");
	else
		say(r, " not found.\n");
	return X_NEXT;
}

static enum run_step exec_netparams(struct run *r, const struct stmt *s)
{
	const int ip = s->vars[0], nm = s->vars[1];
	struct netparams np;
	uint32_t addr, mask;
	char buf[16];
	const char *why;
	int i, rc;

	if (!r->isset[ip] || ipv4_parse(r->values[ip], &addr) != 0)
		return X_NEXT;
	if (r->isset[nm] && r->preset[nm] &&
	    ipv4_parse(r->values[nm], &mask) == 0) {
		/* A preset netmask wins over the table; a gateway from the
		 * table would be for another netmask, so use network + 1. */
		netparams_from_mask(addr, mask, 0, &np);
		rc = 0;
	} else {
		rc = r->masks ? masks_lookup(r->masks, addr, &np) : -ENOENT;
	}
	if (rc) {
		for (i = 1; i < 5; i++)
			unassign(r, s->vars[i]);
		return X_NEXT;
	}
	{
		const uint32_t vals[4] = {np.netmask, np.network, np.broadcast,
					  np.gateway};

		/* The parser allows only ipv4 variables here, so this
		 * cannot fail today; if it ever does, say so. */
		for (i = 1; i < 5; i++) {
			ipv4_format(vals[i - 1], buf);
			if (assign(r, s->vars[i], buf, &why) != 0)
				return menu_fault(
				    r, s->line, "netparams cannot set",
				    r->menu->vars[s->vars[i]].name);
		}
	}
	return X_NEXT;
}

static void cmdline_append(struct run *r, const char *text)
{
	size_t n = strlen(text);

	if (n == 0)
		return;
	if (r->cmdlen + n + 2 > sizeof(r->cmdline)) {
		r->cmd_overflow = 1;
		return;
	}
	if (r->cmdlen)
		r->cmdline[r->cmdlen++] = ' ';
	memcpy(r->cmdline + r->cmdlen, text, n + 1);
	r->cmdlen += n;
}

const char *const boot_method_names[] = {
    [BOOT_DIRECT] = "direct", [BOOT_IPXE] = "ipxe", [BOOT_AUTO] = "auto"};

static enum run_step exec_boot(struct run *r, const struct stmt *s)
{
	struct value_spec url = {VT_URL, NULL, 0};
	char msg[MENU_ERROR_MAX], buf[VALUE_MAX], words[VALUE_MAX * 2 + 32];
	const char *why;
	size_t len;
	int i, n;

	if (!r->res->kernel[0])
		return menu_fault(r, s->line, "boot without a kernel", "boot");
	/* Method and the iPXE images (all may come from variables). */
	r->res->method = BOOT_DIRECT;
	strcpy(r->res->lkrn, "ipxe.lkrn");
	strcpy(r->res->ipxe_efi, "snponly.efi");
	if (s->nwords > 0) {
		if (interp(r, s->words[0], buf, sizeof(buf)) != 0)
			return menu_fault(r, s->line, "bad boot method",
					  s->words[0]);
		for (i = 0; i < 3; i++)
			if (strcmp(buf, boot_method_names[i]) == 0)
				break;
		if (i == 3)
			return menu_fault(
			    r, s->line,
			    "boot method is direct, ipxe or auto:", buf);
		r->res->method = (enum boot_method)i;
	}
	for (i = 1; i < s->nwords && i < 3; i++)
		if (interp(r, s->words[i], buf, sizeof(buf)) != 0 ||
		    value_check(&url, buf,
				i == 1 ? r->res->lkrn : r->res->ipxe_efi,
				VALUE_MAX, &why) != 0)
			return menu_fault(r, s->line, "not a valid file name",
					  buf);
	r->res->signed_only = r->signed_only;
	r->res->verify = r->res->kernel_pin[0] || r->res->initrd_pin[0] ||
			 r->res->manifest[0] || r->signed_only;
	/* The boot loader's words count against the limit; the front end
	 * that hands over adds them (plan_cmdline) */
	n = cmdline_loader_words(r->res->kernel, r->res->initrd, words,
				 sizeof(words));
	if (n < 0)
		return menu_fault(r, s->line, "file names too long", "boot");
	len = (size_t)n + (r->cmdlen ? 1 + r->cmdlen : 0);
	if (r->cmd_overflow || len > CMDLINE_LIMIT) {
		snprintf(msg, sizeof(msg),
			 "the kernel command line is %s%u bytes; the boot "
			 "protocol allows at most %d: use fewer extra "
			 "arguments",
			 r->cmd_overflow ? "over " : "", (unsigned)len,
			 CMDLINE_LIMIT);
		return finish(r, RUN_STOP, msg);
	}
	if (len > CMDLINE_WARN) {
		snprintf(msg, sizeof(msg),
			 "Warning: the kernel command line is %u bytes, more "
			 "than %d; older kernels cut it there.\n",
			 (unsigned)len, CMDLINE_WARN);
		say(r, msg);
	}
	memcpy(r->res->cmdline, r->cmdline, r->cmdlen);
	r->res->cmdline[r->cmdlen] = '\0';
	r->res->action = RUN_BOOT;
	return X_DONE;
}

/* from WORD...: the stage2 servers, tried in order. */
static enum run_step exec_from(struct run *r, const struct stmt *s)
{
	struct value_spec list = {VT_URLLIST, NULL, 0};
	char buf[VALUE_MAX * 2], word[VALUE_MAX * 2], out[VALUE_MAX], *p, *sp;
	const char *why;
	size_t len = 0;
	int i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < s->nwords; i++) {
		if (interp(r, s->words[i], word, sizeof(word)) != 0 ||
		    len + strlen(word) + 2 > sizeof(buf))
			return menu_fault(r, s->line, "too long", s->words[i]);
		if (i)
			buf[len++] = ' ';
		memcpy(buf + len, word, strlen(word) + 1);
		len += strlen(word);
	}
	if (value_check(&list, buf, out, sizeof(out), &why) != 0)
		return menu_fault(r, s->line, "not a list of URLs", buf);
	for (p = out; p; p = sp) {
		sp = strchr(p, ' ');
		if (sp)
			*sp++ = '\0';
		strcpy(r->res->servers[n++], p);
	}
	r->res->nservers = n;
	return X_NEXT;
}

/* print, pause, stop, reject: a text, then what the statement does. */
static enum run_step exec_text(struct run *r, const struct stmt *s)
{
	char buf[VALUE_MAX * 2], line[VALUE_MAX];

	if (interp(r, s->text, buf, sizeof(buf)) != 0)
		return menu_fault(r, s->line, "text too long", s->text);
	if (s->kind == ST_STOP)
		return finish(r, RUN_STOP, buf);
	say(r, buf);
	if (s->kind == ST_PAUSE && !r->auto_mode) {
		r->reading = s;
		return read_answer(r, line, sizeof(line));
	}
	say(r, "\n");
	return s->kind == ST_REJECT ? X_REJECT : X_NEXT;
}

/* toggle: yes <-> no, or a two-word choice's other word. */
static enum run_step exec_toggle(struct run *r, const struct stmt *s)
{
	const struct menu_var *v = &r->menu->vars[s->var];
	const char *now = r->values[s->var], *why, *to;

	if (r->preset[s->var]) {
		sayf(r, "%s is preset to %s.\n", v->name, now);
		return X_NEXT;
	}
	if (v->spec.type == VT_YESNO)
		to = strcmp(now, "yes") ? "yes" : "no";
	else
		to = strcmp(now, v->spec.choices[0]) ? v->spec.choices[0]
						     : v->spec.choices[1];
	return assign(r, s->var, to, &why)
		   ? menu_fault(r, s->line, "cannot toggle", v->name)
		   : X_NEXT;
}

static enum run_step exec_set(struct run *r, const struct stmt *s)
{
	char buf[VALUE_MAX * 2];
	const char *why;

	if (interp(r, s->text, buf, sizeof(buf)) != 0 ||
	    assign(r, s->var, buf, &why) != 0)
		return menu_fault(r, s->line, "invalid value for set", buf);
	return X_NEXT;
}

/* strip VAR SUFFIX: drop ".SUFFIX" from the end, ignoring case. */
static enum run_step exec_strip(struct run *r, const struct stmt *s)
{
	char buf[VALUE_MAX * 2], *v = r->values[s->var];
	size_t n = strlen(v), k;

	if (interp(r, s->text, buf, sizeof(buf)) != 0)
		return menu_fault(r, s->line, "text too long", s->text);
	k = strlen(buf);
	if (r->isset[s->var] && k > 0 && n > k + 1 && v[n - k - 1] == '.' &&
	    text_equal_nocase(v + n - k, buf))
		v[n - k - 1] = '\0';
	return X_NEXT;
}

static enum run_step exec_if(struct run *r, const struct stmt *s)
{
	if (eval_cond(r, &s->cond))
		return exec_block(r, s->body);
	return s->orelse ? exec_block(r, s->orelse) : X_NEXT;
}

static enum run_step exec_exit(struct run *r, const struct stmt *s)
{
	return finish(
	    r, s->exit == EXIT_LOCAL ? RUN_EXIT_LOCAL : RUN_EXIT_PROMPT, "");
}

static enum run_step exec_cmdline(struct run *r, const struct stmt *s)
{
	char buf[VALUE_MAX * 2];
	int i;

	for (i = 0; i < s->nwords; i++) {
		if (interp(r, s->words[i], buf, sizeof(buf)) != 0)
			r->cmd_overflow = 1;
		else
			cmdline_append(r, buf);
	}
	return X_NEXT;
}

/* kernel, initrd, manifest: a file name, and a pin for the first two. */
static enum run_step exec_file(struct run *r, const struct stmt *s)
{
	struct value_spec url = {VT_URL, NULL, 0};
	char buf[VALUE_MAX * 2], *to = r->res->manifest;
	const char *why;

	if (s->kind == ST_KERNEL || s->kind == ST_INITRD) {
		to = s->kind == ST_KERNEL ? r->res->kernel : r->res->initrd;
		strcpy(s->kind == ST_KERNEL ? r->res->kernel_pin
					    : r->res->initrd_pin,
		       s->pin ? s->pin : "");
	}
	if (interp(r, s->text, buf, sizeof(buf)) != 0 ||
	    value_check(&url, buf, to, VALUE_MAX, &why) != 0)
		return menu_fault(r, s->line, "not a valid file name", buf);
	return X_NEXT;
}

/* What each statement does. */
static enum run_step (*const exec_table[ST_COUNT])(struct run *r,
						   const struct stmt *s) = {
    [ST_PRINT] = exec_text,
    [ST_PAUSE] = exec_text,
    [ST_STOP] = exec_text,
    [ST_REJECT] = exec_text,
    [ST_ASK] = exec_ask,
    [ST_TOGGLE] = exec_toggle,
    [ST_SET] = exec_set,
    [ST_STRIP] = exec_strip,
    [ST_IF] = exec_if,
    [ST_MENU] = exec_menu,
    [ST_RESOLVE] = exec_lookup,
    [ST_REVERSE] = exec_lookup,
    [ST_NETPARAMS] = exec_netparams,
    [ST_EXIT] = exec_exit,
    [ST_CMDLINE] = exec_cmdline,
    [ST_KERNEL] = exec_file,
    [ST_INITRD] = exec_file,
    [ST_MANIFEST] = exec_file,
    [ST_FROM] = exec_from,
    [ST_BOOT] = exec_boot,
};

static enum run_step exec_block(struct run *r, const struct stmt *s)
{
	enum run_step rc;

	for (; s; s = s->next) {
		if ((unsigned)s->kind >= ST_COUNT || !exec_table[s->kind])
			return menu_fault(r, s->line, "unknown statement", "?");
		rc = exec_table[s->kind](r, s);
		if (rc != X_NEXT)
			return rc;
	}
	return X_NEXT;
}

/**
 * Run the dialog from the start.  Answers of an earlier run are
 * forgotten; presets and builtins stay.
 *
 * @v res	what to do next, and what it needs
 * @ret action	what happened (res->action)
 */
/*
 * The dialog's idle limit: the variable `idle`, of type seconds (a default
 * in the menu, or idle=SECONDS in the label); unset or 0 is no limit.
 */
static void run_idle_limit(struct run *r)
{
	int v = menu_known(r->menu, KNOWN_idle);

	r->idle = 0;
	if (v < 0 || !r->isset[v] || r->auto_mode || !r->con->getc_timed)
		return; /* not announced where it cannot be kept */
	r->idle = value_seconds(r->values[v]);
	if (r->idle)
		sayf(r,
		     "(No key for %s s at a question boots the local "
		     "disk.)\n",
		     r->values[v], "");
}

enum run_action run_dialog(struct run *r, struct run_result *res)
{
	const struct menu *m = r->menu;
	char buf[VALUE_MAX];
	const char *why;
	int i;

	memset(res, 0, sizeof(*res));
	r->res = res;
	r->cmdlen = 0;
	r->cmdline[0] = '\0';
	r->cmd_overflow = 0;

	/* Defaults, in declaration order (a default may use earlier ones). */
	for (i = 0; i < m->nvars; i++) {
		if (m->vars[i].builtin || r->preset[i])
			continue;
		r->isset[i] = 0;
		r->values[i][0] = '\0';
		if (!m->vars[i].def)
			continue;
		why = "too long";
		if (interp(r, m->vars[i].def, buf, sizeof(buf)) == 0 &&
		    !buf[0] && strchr(m->vars[i].def, '$'))
			continue; /* made of unset variables: stays unset */
		if (interp(r, m->vars[i].def, buf, sizeof(buf)) != 0 ||
		    assign(r, i, buf, &why) != 0) {
			snprintf(res->message, sizeof(res->message),
				 "%.80s:%d: the default of %s (\"%.80s\") is "
				 "not valid: %s",
				 m->file, m->vars[i].line, m->vars[i].name, buf,
				 why);
			res->action = RUN_STOP;
			return res->action;
		}
	}
	run_idle_limit(r);
	if (exec_block(r, m->body) != X_DONE)
		finish(r, RUN_STOP, "the menu ended without boot or exit");
	return res->action;
}
