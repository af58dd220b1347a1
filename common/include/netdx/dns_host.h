/* dns_host — address text with a numeric IPv6 zone, as BIND prints server addresses.
 * (A server name's addresses: addr_resolve_all, netdx/addr.h.) */
#ifndef NETDX_DNS_HOST_H
#define NETDX_DNS_HOST_H

#include <stddef.h>

#include "netdx/addr.h"

/* "10.0.0.1", "fd00::1", "fe80::1%2" (zone as its index, as BIND prints it). */
const char *dns_host_text(const struct netdx_addr *a, char *buf, size_t len);

#endif
