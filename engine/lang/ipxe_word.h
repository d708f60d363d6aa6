/* The word rules of iPXE's script language. */
#ifndef ENGINE_IPXE_WORD_H
#define ENGINE_IPXE_WORD_H

int ipxe_safe_word(const char *word);
int ipxe_safe_words(const char *text);
int ipxe_syntax_word(const char *word);

#endif
