/*
 * debathena-cgi: the dialog service, a CGI/1.1 program for any web server.
 *
 * iPXE as the stage1 sends its facts and the answers so far in the query
 * string (GET); the engine (engine/stage1/service.c) replays the menu and says
 * what iPXE runs next.  This front end does only what the OS must: read
 * the request and the service's configuration, make the DNS queries (UDP,
 * to the client's own name servers, DNS_TIMEOUT_MS each), and write the
 * reply.
 *
 * The menu is the service's own: $DEBATHENA_MENU, else debathena.menu in
 * the program's directory; never a path from the request.  Its masks
 * table is found beside it (a URL is not fetched).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "net/dhcp.h"
#include "net/dns.h"
#include "base/out.h"
#include "emit/grub.h"
#include "emit/ipxe.h"
#include "net/location.h"
#include "net/masks.h"
#include "lang/menu.h"
#include "emit/report.h"
#include "stage1/service.h"

/* Is the request GRUB's (grub/grub.cfg puts fe=grub first)? */
static int grub_client(void)
{
	const char *q = getenv("QUERY_STRING");

	return q && strncmp(q, "fe=grub&", 8) == 0;
}

/* Reply with an HTTP error; iPXE's chain fails and says so.  GRUB gets
 * the reason as an echo with status 200: after any other status GRUB
 * 2.12 waits about 30 s for the request to end (measured), and its loop
 * then says the service gave no step. */
static int refuse(int status, const char *why)
{
	char text[MENU_ERROR_MAX + 160], body[2 * sizeof(text) + 32];
	struct out o = {body, sizeof(body), 0, 0};

	snprintf(text, sizeof(text), "debathena dialog service: %s", why);
	if (grub_client()) {
		grub_emit_echo(&o, text);
		status = 200;
	} else {
		out_printf(&o, "%s\n", text);
	}
	printf("Status: %d %s\r\nContent-Type: text/plain\r\n"
	       "Content-Length: %zu\r\n\r\n%s",
	       status,
	       status == 200   ? "OK"
	       : status == 400 ? "Bad Request"
			       : "Internal Server Error",
	       strlen(body), body);
	return 0;
}

/* Milliseconds on a clock that does not jump. */
static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * Each request replays the dialog's lookups.  A replayed lookup does not
 * wait for a server the request says did not answer earlier in the
 * dialog (its "dead", which each reply carries on); a name server that
 * did not answer once in this request is not waited for again (the
 * dialog says so again, as it did); and all the waiting of one request is
 * bounded: after LOOKUP_BUDGET_MS every query counts as unanswered.
 * So one request waits DHCP_DNS_MAX * DNS_TIMEOUT_MS at most, less than
 * the client's IPXE_FETCH_TIMEOUT_MS.
 */
#define LOOKUP_BUDGET_MS (DHCP_DNS_MAX * DNS_TIMEOUT_MS)
_Static_assert(LOOKUP_BUDGET_MS + 5000 < IPXE_FETCH_TIMEOUT_MS,
	       "a request's lookups outlast the client's patience");

/* The request being served, and its lookups: the context of the DNS
 * callbacks (struct run_net's ctx). */
struct cgi_request {
	struct service_request req;  /**< the query: its name servers */
	struct service_ctx svc;	     /**< the service's state */
	uint32_t dead[DHCP_DNS_MAX]; /**< did not answer in this request */
	int ndead;
	long lookup_ms; /**< time spent waiting for answers */
};

static int server_dead(const struct cgi_request *c, uint32_t server)
{
	int i;

	if (c->lookup_ms >= LOOKUP_BUDGET_MS)
		return 1;
	for (i = 0; i < c->ndead; i++)
		if (c->dead[i] == server)
			return 1;
	return 0;
}

/* Did the server fail a lookup earlier in this dialog (the request's
 * "dead")?  Only a replayed lookup is answered from that. */
static int known_dead(const struct cgi_request *c, uint32_t server)
{
	int i;

	for (i = 0; i < c->req.lease.ndns; i++)
		if (c->req.lease.dns[i] == server && (c->req.dead >> i & 1u))
			return 1;
	return 0;
}

static int udp_query(uint32_t server, enum dns_qtype type, const char *name,
		     uint32_t *addr, char *out, size_t outsize);

/* One query to one server, unless it is known dead in this request. */
static int udp_ask(void *ctx, uint32_t server, enum dns_qtype type,
		   const char *name, uint32_t *addr, char *out, size_t outsize)
{
	struct cgi_request *c = ctx;
	long start = now_ms();
	int rc;

	if (server_dead(c, server) ||
	    (service_replaying(&c->svc) && known_dead(c, server)))
		return -ETIMEDOUT;
	rc = udp_query(server, type, name, addr, out, outsize);
	c->lookup_ms += now_ms() - start;
	if (rc == -ETIMEDOUT) {
		if (c->ndead < DHCP_DNS_MAX)
			c->dead[c->ndead++] = server;
		service_server_dead(&c->svc, server);
	}
	return rc;
}

/* One query to one server over UDP, waiting DNS_TIMEOUT_MS at most. */
static int udp_query(uint32_t server, enum dns_qtype type, const char *name,
		     uint32_t *addr, char *out, size_t outsize)
{
	static uint16_t id;
	uint8_t buf[DNS_PACKET_MAX];
	struct sockaddr_in sa, from;
	socklen_t flen = sizeof(from);
	struct pollfd pfd;
	long deadline = now_ms() + DNS_TIMEOUT_MS;
	size_t len;
	ssize_t got;
	int fd, rc = -ETIMEDOUT;

	id = (uint16_t)(id ? id + 1 : (getpid() & 0xffff) | 1);
	if (dns_build_query(id, type, name, buf, sizeof(buf), &len) != 0)
		return -EINVAL;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return -errno;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(53);
	sa.sin_addr.s_addr = htonl(server);
	if (sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -ETIMEDOUT;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (rc == -ETIMEDOUT && now_ms() < deadline) {
		if (poll(&pfd, 1, (int)(deadline - now_ms())) <= 0)
			continue;
		got = recvfrom(fd, buf, sizeof(buf), 0,
			       (struct sockaddr *)&from, &flen);
		if (got <= 0 || from.sin_addr.s_addr != sa.sin_addr.s_addr ||
		    from.sin_port != sa.sin_port)
			continue;
		rc = dns_parse_reply(buf, (size_t)got, id, type, addr, out,
				     outsize);
		if (rc == -EINVAL)
			rc = -ETIMEDOUT; /* not our answer: keep waiting */
	}
	close(fd);
	return rc;
}

/* A lookup's message (a server that failed), on the dialog's console. */
static void net_say(void *ctx, const char *msg)
{
	struct cgi_request *c = ctx;

	service_print(&c->svc, msg);
}

/* The request's name servers, through UDP from here. */
static struct dns_client request_dns(struct cgi_request *c)
{
	struct dns_client d = {c->req.lease.dns, c->req.lease.ndns, udp_ask,
			       net_say, c};

	return d;
}

static int net_resolve(void *ctx, const char *name, uint32_t *addr)
{
	struct dns_client d = request_dns(ctx);

	return dns_resolve(&d, name, addr);
}

static int net_reverse(void *ctx, uint32_t addr, char *name, size_t size)
{
	struct dns_client d = request_dns(ctx);

	return dns_reverse(&d, addr, name, size);
}

/* A whole file into memory; the caller frees it. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *nb;
	size_t cap = 0, got;

	*len = 0;
	if (!f)
		return NULL;
	do {
		cap += 65536;
		nb = realloc(buf, cap + 1);
		if (!nb) {
			free(buf);
			fclose(f);
			return NULL;
		}
		buf = nb;
		got = fread(buf + *len, 1, cap - *len, f);
		*len += got;
	} while (*len == cap && cap < (1u << 22));
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

/* The service's menu path: $DEBATHENA_MENU, else beside the program. */
static void menu_path(const char *argv0, char *path, size_t size)
{
	const char *env = getenv("DEBATHENA_MENU"), *slash;

	if (env && *env) {
		snprintf(path, size, "%s", env);
		return;
	}
	slash = strrchr(argv0, '/');
	snprintf(path, size, "%.*s%sdebathena.menu",
		 slash ? (int)(slash - argv0) : 0, argv0, slash ? "/" : "");
}

/* Load the menu and its masks table; an error names the file. */
static int load(const char *path, struct menu **menu, struct masks *masks,
		char *err, size_t errsize)
{
	char mpath[4096];
	size_t len;
	char *text = slurp(path, &len);
	int rc;

	if (!text) {
		snprintf(err, errsize, "cannot read the menu %s", path);
		return -ENOENT;
	}
	rc = menu_parse(path, text, len, menu, err, errsize);
	free(text);
	if (rc || !(*menu)->masks_file)
		return rc;
	rc = location_beside(path, (*menu)->masks_file, mpath, sizeof(mpath));
	if (rc) {
		snprintf(err, errsize,
			 rc == -EPROTONOSUPPORT
			     ? "%s: the masks table %s is a URL, which the "
			       "service does not fetch"
			     : "%s: the masks table %s: too long a name",
			 path, (*menu)->masks_file);
		return rc;
	}
	text = slurp(mpath, &len);
	if (!text) {
		snprintf(err, errsize, "cannot read the masks table %s", mpath);
		return -ENOENT;
	}
	rc = masks_parse(mpath, text, len, masks, err, errsize);
	free(text);
	return rc;
}

/* The name to chain back to: the last part of SCRIPT_NAME. */
static const char *self_name(void)
{
	const char *s = getenv("SCRIPT_NAME"), *slash;

	if (!s || !*s)
		return "debathena";
	slash = strrchr(s, '/');
	s = slash ? slash + 1 : s;
	if (!*s ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789._-") != strlen(s))
		return "debathena";
	return s;
}

/**
 * Send the boot report of this reply, if any (service_report), to the
 * menu's syslog servers: one UDP datagram each, the module's line, never
 * waiting for an answer.
 */
static void send_report(const struct service_ctx *svc)
{
	static char msg[REPORT_MAX];
	uint32_t to[ARGS_SYSLOG_MAX];
	struct sockaddr_in sin;
	int i, n = service_report(svc, msg, sizeof(msg), to), fd;

	if (n <= 0)
		return;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return;
	for (i = 0; i < n; i++) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons(REPORT_SYSLOG_PORT);
		sin.sin_addr.s_addr = htonl(to[i]);
		if (sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&sin,
			   sizeof(sin)) < 0)
			fprintf(stderr, "debathena: boot report to %s: %s\n",
				inet_ntoa(sin.sin_addr), strerror(errno));
	}
	close(fd);
}

int main(int argc, char **argv)
{
	static char reply[SERVICE_REPLY_MAX];
	static char path[4096];
	static struct cgi_request c;
	struct masks masks = {NULL, 0};
	struct run_net net = {&c, net_resolve, net_reverse};
	char err[MENU_ERROR_MAX + 64];
	const char *query = getenv("QUERY_STRING");
	const char *method = getenv("REQUEST_METHOD");
	struct menu *menu = NULL;

	(void)argc;
	if (method && strcmp(method, "GET") && strcmp(method, "HEAD"))
		return refuse(400, "only GET is served");
	if (service_parse(query ? query : "", &c.req, err, sizeof(err)) != 0)
		return refuse(400, err);
	menu_path(argv[0], path, sizeof(path));
	if (load(path, &menu, &masks, err, sizeof(err)) != 0) {
		menu_free(menu);
		masks_free(&masks);
		return refuse(500, err);
	}
	if (service_reply(&c.svc, &c.req, menu, &masks, &net, self_name(),
			  reply, sizeof(reply), err, sizeof(err)) != 0) {
		menu_free(menu);
		masks_free(&masks);
		return refuse(400, err);
	}
	/* The length: GRUB's http knows the file's size from it */
	printf("Content-Type: text/plain\r\nContent-Length: %zu\r\n\r\n%s",
	       strlen(reply), reply);
	fflush(stdout);
	send_report(&c.svc);
	menu_free(menu);
	masks_free(&masks);
	return 0;
}
