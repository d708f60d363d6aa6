/*
 * The module's arguments: one table of the words a label's APPEND may
 * hold, and the one reading of each, for every front end.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "dialog/args.h"

/* The words that are not presets: the whole word, or its start when it
 * ends in '='.  Indexed by enum args_kind. */
static const char *const args_words[] = {
    [ARGS_AUTO] = "auto",
    [ARGS_MENU] = "menu=",
    [ARGS_KEY] = "key=",
    [ARGS_SYSLOG] = "syslog=",
};

const char args_usage[ARGS_COUNT][24] = {
    [ARGS_AUTO] = "auto",	  [ARGS_MENU] = "menu=LOCATION",
    [ARGS_KEY] = "key=BASE64",	  [ARGS_SYSLOG] = "syslog=ADDR[,ADDR...]",
    [ARGS_PRESET] = "NAME=VALUE",
};

/**
 * What a word of the module's arguments is: `auto`, `menu=LOCATION`,
 * `key=BASE64`, `syslog=ADDRS`, a NAME=VALUE preset (run_preset_word),
 * or nothing the module knows.
 */
enum args_kind args_kind(const char *word)
{
	size_t n;
	int k;

	for (k = 0; k < ARGS_PRESET; k++) {
		n = strlen(args_words[k]);
		if (args_words[k][n - 1] == '='
			? strncmp(word, args_words[k], n) == 0
			: strcmp(word, args_words[k]) == 0)
			return (enum args_kind)k;
	}
	return strchr(word, '=') ? ARGS_PRESET : ARGS_UNKNOWN;
}

/** The value of a NAME=VALUE word (after its first '='), or "". */
const char *args_value(const char *word)
{
	const char *eq = strchr(word, '=');

	return eq ? eq + 1 : "";
}

/**
 * Read syslog=ADDR[,ADDR...] (or the menu's variable syslog): IPv4
 * addresses separated by commas or spaces.
 *
 * @ret rc	0; -EINVAL for a word that is not an address, none at all,
 *		or more than ARGS_SYSLOG_MAX
 */
int args_syslog_parse(const char *value, uint32_t *addrs, int *n)
{
	char word[16];
	size_t len;

	*n = 0;
	while (*value) {
		len = strcspn(value, ", ");
		if (len == 0) {
			value++;
			continue;
		}
		if (len >= sizeof(word) || *n == ARGS_SYSLOG_MAX)
			return -EINVAL;
		memcpy(word, value, len);
		word[len] = '\0';
		if (ipv4_parse(word, &addrs[*n]) != 0)
			return -EINVAL;
		(*n)++;
		value += len;
	}
	return *n ? 0 : -EINVAL;
}

/* syslog=ADDR[,ADDR]: kept when every word is an address. */
static void args_syslog(struct run *r, const char *value, char *msg,
			size_t size)
{
	uint32_t addrs[ARGS_SYSLOG_MAX];
	int n;

	if (strlen(value) < sizeof(r->syslog) &&
	    args_syslog_parse(value, addrs, &n) == 0)
		strcpy(r->syslog, value);
	else
		snprintf(msg, size,
			 "ignoring syslog=%.40s: not 1 to %d IPv4 addresses "
			 "separated by commas",
			 value, ARGS_SYSLOG_MAX);
}

/**
 * Apply the module's arguments (the label's APPEND).  Presets are checked
 * like typed answers; a bad one is ignored, so that its question is asked
 * instead (a typo in a label must not leave machines unbootable), and so
 * is a word the module does not know.  auto, menu= and key= are the
 * front end's: it reads them before the menu is loaded.
 *
 * @v report	called with a sentence for each word ignored
 * @ret n	the number of words ignored
 */
int args_apply(struct run *r, int argc, char *const *argv,
	       void (*report)(void *ctx, const char *msg), void *ctx)
{
	char err[MENU_ERROR_MAX], msg[MENU_ERROR_MAX + 32];
	int i, n = 0;

	for (i = 0; i < argc; i++) {
		msg[0] = '\0';
		if (args_kind(argv[i]) == ARGS_PRESET &&
		    run_preset_word(r, argv[i], err, sizeof(err)) != 0)
			snprintf(msg, sizeof(msg), "ignoring preset: %s", err);
		else if (args_kind(argv[i]) == ARGS_SYSLOG)
			args_syslog(r, args_value(argv[i]), msg, sizeof(msg));
		else if (args_kind(argv[i]) == ARGS_UNKNOWN)
			snprintf(msg, sizeof(msg),
				 "ignoring unknown argument \"%.40s\"",
				 argv[i]);
		if (msg[0]) {
			report(ctx, msg);
			n++;
		}
	}
	return n;
}
