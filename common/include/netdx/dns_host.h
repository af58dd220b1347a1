/* dns_host — addresses of server names through the system resolver (getaddrinfo,
 * so /etc/hosts works), as nslookup's "server NAME" needs every one of them, and
 * address text with a numeric IPv6 zone, as BIND prints server addresses. */
#ifndef NETDX_DNS_HOST_H
#define NETDX_DNS_HOST_H

#include <stdbool.h>
#include <stddef.h>

#include "netdx/addr.h"

/* Every address of name (a literal is taken as it is), in getaddrinfo's order without
 * duplicates, at most max. Returns false with *why (gai_strerror text) on failure. */
bool dns_host_addresses(const char *name, struct netdx_addr *out, size_t max, size_t *n,
			const char **why);

/* "10.0.0.1", "fd00::1", "fe80::1%2" (zone as its index, as BIND prints it). */
const char *dns_host_text(const struct netdx_addr *a, char *buf, size_t len);

#endif
