/* The menu language: parsed form.  See doc/menu-language.md. */
#ifndef ENGINE_MENU_H
#define ENGINE_MENU_H

#include <stddef.h>
#include "lang/value.h"

#define MENU_VARS_MAX  64
#define MENU_NAME_MAX  32
#define MENU_ERROR_MAX 256

/** A variable: declared by `var`, or a builtin filled by the front end. */
struct menu_var {
	char name[MENU_NAME_MAX];
	struct value_spec spec;
	const char *def; /**< default, a template; NULL if none */
	int line;	 /**< where it is declared (0: a builtin) */
	int builtin;	 /**< filled by the front end, never assigned */
};

enum cond_kind { COND_EQ, COND_NE, COND_IN, COND_SET, COND_UNSET, COND_TYPE };
#define COND_COUNT (COND_TYPE + 1)

struct cond {
	enum cond_kind kind;
	int var;
	const char *const *words; /**< templates (EQ/NE/IN) */
	int nwords;
	enum value_type type; /**< COND_TYPE */
};

enum stmt_kind {
	ST_PRINT,
	ST_PAUSE,
	ST_ASK,
	ST_TOGGLE,
	ST_SET,
	ST_IF,
	ST_MENU,
	ST_RESOLVE,
	ST_REVERSE,
	ST_NETPARAMS,
	ST_STRIP,
	ST_REJECT,
	ST_STOP,
	ST_EXIT,
	ST_CMDLINE,
	ST_KERNEL,
	ST_INITRD,
	ST_FROM,
	ST_BOOT,
	ST_MANIFEST,
	ST_COUNT
};

enum menu_entry_kind { ME_TEXT, ME_ITEM, ME_KEY, ME_INVALID, ME_TIMEOUT };
#define ME_COUNT (ME_TIMEOUT + 1)

struct stmt;

struct menu_entry {
	enum menu_entry_kind kind;
	int line;
	const char *key;  /**< ME_ITEM, ME_KEY */
	const char *text; /**< template: ME_TEXT, ME_INVALID; value: ME_ITEM;
			     the key taken: ME_TIMEOUT */
	unsigned long seconds; /**< ME_TIMEOUT */
	struct stmt *body;     /**< ME_KEY */
	struct menu_entry *next;
};

enum exit_kind { EXIT_PROMPT, EXIT_LOCAL };
#define EXIT_COUNT (EXIT_LOCAL + 1)

struct stmt {
	enum stmt_kind kind;
	int line;
	int var;	  /**< the variable acted on, or -1 */
	int vars[5];	  /**< ST_NETPARAMS, ST_RESOLVE/REVERSE src */
	const char *text; /**< template */
	const char *pin;  /**< ST_KERNEL/ST_INITRD: sha256 hex, or NULL */
	const char *const *words; /**< ST_CMDLINE, ST_BOOT templates */
	int nwords;
	enum exit_kind exit;
	struct cond cond;	    /**< ST_IF */
	struct stmt *body;	    /**< ST_IF then, ST_ASK check block */
	struct stmt *orelse;	    /**< ST_IF else (an ST_IF for elif) */
	struct menu_entry *entries; /**< ST_MENU */
	struct stmt *next;
};

/*
 * The variables the engine reads by name, in one table: the builtins the
 * front end fills (menu_parse declares them first, in this order, so that
 * builtin i is vars[i]), and the site's variables a menu may declare,
 * which must then have this type.
 */
#define BUILTIN_VARS                                                           \
	X(cpu_arch, VT_WORD)                                                   \
	X(dhcp, VT_YESNO)                                                      \
	X(dhcp_ipaddr, VT_IPV4)                                                \
	X(dhcp_netmask, VT_IPV4)                                               \
	X(dhcp_gateway, VT_IPV4)                                               \
	X(dhcp_hostname, VT_HOSTNAME)                                          \
	X(dhcp_domain, VT_HOSTNAME)                                            \
	X(dhcp_dns, VT_IPV4LIST)
#define KNOWN_VARS                                                             \
	X(idle, VT_SECONDS)    /**< the dialog's idle limit */                 \
	X(syslog, VT_IPV4LIST) /**< where the boot report goes */

#define X(n, t) BUILTIN_##n,
enum menu_builtin { BUILTIN_VARS BUILTIN_COUNT };
#undef X
#define X(n, t) KNOWN_##n,
enum menu_known { KNOWN_VARS KNOWN_COUNT };
#undef X

struct arena;

struct menu {
	const char *file;
	struct menu_var vars[MENU_VARS_MAX];
	int nvars;
	const char *masks_file; /**< from `masks`, or NULL */
	int known[KNOWN_COUNT]; /**< each known variable's index, or -1 */
	struct stmt *body;
	struct arena *arena;
};

int menu_parse(const char *file, const char *text, size_t len,
	       struct menu **menu, char *err, size_t errsize);
void menu_free(struct menu *menu);
int menu_var_find(const struct menu *menu, const char *name);

/* The language's words, indexed by their enums. */
extern const char *const menu_stmt_names[ST_COUNT];
extern const char *const menu_cond_names[COND_COUNT];
extern const char *const menu_exit_names[EXIT_COUNT];
extern const char *const menu_entry_names[ME_COUNT];
int menu_name_find(const char *const *names, int n, const char *word);

/** One piece of a template: literal text, or the name inside ${...}. */
struct menu_piece {
	const char *text; /**< Literal text, or the reference's name */
	size_t len;	  /**< Its length */
	int ref;	  /**< Nonzero for a ${name} reference */
};

int menu_template_next(const char **t, struct menu_piece *piece,
		       const char **why);
int menu_template_ref(const char *t, char *name, size_t size);
int menu_print(const struct menu *m, char *buf, size_t size, char *err,
	       size_t errsize);

/** Where a menu declares a known variable, or -1. */
int menu_known(const struct menu *m, enum menu_known k);

#endif
