/*
 * The word rules of iPXE's script language, for every script we write and
 * every menu that may be compiled to one: which words iPXE would expand or
 * read as syntax.
 */
#include <string.h>
#include "lang/ipxe_word.h"
#include "lang/value.h"

/**
 * Can a word appear in a generated script as it is?
 *
 * No '$', '{' or '}' (iPXE expands settings, recursively), no control
 * characters, and not one of the words iPXE reads as syntax.
 */
int ipxe_safe_word(const char *word)
{
	size_t i;

	if (!*word)
		return 0;
	for (i = 0; word[i]; i++) {
		unsigned char c = (unsigned char)word[i];

		if (c <= ' ' || c >= 0x7f || c == '$' || c == '{' || c == '}')
			return 0;
	}
	return !ipxe_syntax_word(word) && word[0] != ':';
}

/**
 * Is a whole word one that iPXE reads as syntax (a comment, a command
 * separator or a condition)?  The one list, for every script we write.
 * iPXE's exec.c takes any word that starts with '#' as a comment.
 */
int ipxe_syntax_word(const char *word)
{
	static const char *const syntax[] = {";", "&&", "||"};
	size_t i;

	if (word[0] == '#')
		return 1;
	for (i = 0; i < sizeof(syntax) / sizeof(syntax[0]); i++)
		if (strcmp(word, syntax[i]) == 0)
			return 1;
	return 0;
}

/** Is every space-separated word of @text safe (ipxe_safe_word)? */
int ipxe_safe_words(const char *text)
{
	char word[VALUE_MAX * 8];
	size_t n;

	while (*text) {
		while (*text == ' ')
			text++;
		n = strcspn(text, " ");
		if (n == 0)
			break;
		if (n >= sizeof(word))
			return 0;
		memcpy(word, text, n);
		word[n] = '\0';
		if (!ipxe_safe_word(word))
			return 0;
		text += n;
	}
	return 1;
}
