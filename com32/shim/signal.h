/*
 * libsodium's sodium/utils.c includes <signal.h>, which com32 lacks; the
 * parts of it the module links (sodium_memcmp, sodium_is_zero,
 * sodium_memzero) use nothing from it.
 */
