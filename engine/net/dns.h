/* DNS queries (A and PTR) and their replies, as bytes. */
#ifndef ENGINE_DNS_H
#define ENGINE_DNS_H

#include <stddef.h>
#include <stdint.h>

#define DNS_PACKET_MAX 512
#define DNS_NAME_MAX   254
/** How long one DNS server gets to answer, in milliseconds (the module
 * and the dialog service alike). */
#define DNS_TIMEOUT_MS 2000

enum dns_qtype { DNS_A = 1, DNS_PTR = 12 };

int dns_build_query(uint16_t id, enum dns_qtype type, const char *name,
		    uint8_t *buf, size_t size, size_t *len);
int dns_ptr_name(uint32_t addr, char *name, size_t size);
int dns_parse_reply(const uint8_t *buf, size_t len, uint16_t id,
		    enum dns_qtype type, uint32_t *addr, char *name,
		    size_t namesize);

/** One query to one server; rc 0, -ENOENT (no such name), -ETIMEDOUT. */
typedef int dns_ask_fn(void *ctx, uint32_t server, enum dns_qtype type,
		       const char *name, uint32_t *addr, char *out,
		       size_t outsize);

int dns_lookup(const uint32_t *servers, int n, enum dns_qtype type,
	       const char *name, uint32_t *addr, char *out, size_t outsize,
	       dns_ask_fn *ask, void (*say)(void *ctx, const char *msg),
	       void *ctx);

/** A front end's name service: the lease's servers, its transport, and
 * where a failed server is said. */
struct dns_client {
	const uint32_t *servers;
	int n;
	dns_ask_fn *ask;
	void (*say)(void *ctx, const char *msg);
	void *ctx;
};

int dns_resolve(const struct dns_client *c, const char *name, uint32_t *addr);
int dns_reverse(const struct dns_client *c, uint32_t addr, char *name,
		size_t size);

#endif
