/* dns_https — DNS over HTTPS (RFC 8484): a DNS message POSTed as application/dns-message
 * over HTTP/2, by libcurl's multi interface on our event loop (its sockets and its
 * timer are the loop's; no thread). libcurl is opened (dlopen) when the first context
 * is made. libcurl does TLS: the certificate is checked against the system's CA store
 * or a file of its own (read when the context is made, before the run asks anything),
 * and the host name against it; insecure turns both checks off.
 *
 * The server's address is given, not looked up by libcurl (CURLOPT_RESOLVE): its
 * resolver would run in a thread, the sandbox has none, and the checker must know the
 * address it measures. Posts to one server share one connection (HTTP/2 streams;
 * those started before it is up wait for it). A post's outcome is the body of a 200
 * answer of type application/dns-message, or one line saying what went wrong. */
#ifndef NETDX_DNS_HTTPS_H
#define NETDX_DNS_HTTPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netdx/addr.h"
#include "netdx/dns_https_url.h"
#include "netdx/dns_tls.h"
#include "netdx/loop.h"

struct dns_https;
struct dns_https_post;

/* What a post came to. */
enum dns_https_result {
	DNS_HTTPS_OK,     /* body holds the answer */
	DNS_HTTPS_FAILED, /* why says what went wrong (TLS, HTTP status, type, ...) */
};

/* A post's end: body valid during the call only; why a one-line text (DNS_HTTPS_FAILED);
 * err the socket's errno when the connection failed (ECONNREFUSED...), else 0. */
typedef void (*dns_https_cb)(void *arg, enum dns_https_result r, const uint8_t *body, size_t len,
			     const char *why, int err);

/* A context on loop, its servers trusted as DNS over TLS's are (tls: ca_file, or the
 * system's CA store; insecure: neither the certificate nor the name checked): libcurl
 * loaded, the CA file read. NULL with *why (a static text)
 * when libcurl cannot be loaded or the CA file not read (errno set). */
struct dns_https *dns_https_new(struct loop *loop, const struct dns_tls_config *tls,
				const char **why);

/* Let go of the context (NULL: nothing), closing its connections. The queries whose
 * posts it carries must be finished or cancelled first; a post still under way is
 * cancelled here, and its owner must not touch it again. */
void dns_https_free(struct dns_https *h);

/* POST msg (kept by the caller until the end) to url at addr (its port is the URL's).
 * cb is called once, from the loop, never from inside this call. NULL (errno set)
 * when the transfer could not be set up. */
struct dns_https_post *dns_https_post_start(struct dns_https *h, const struct dns_https_url *url,
					    const struct netdx_addr *addr, const uint8_t *msg,
					    size_t len, dns_https_cb cb, void *arg);

/* Stop a post whose callback has not been called; it never will be. */
void dns_https_post_cancel(struct dns_https_post *p);

#endif
