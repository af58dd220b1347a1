/* route — ask the kernel (rtnetlink via libnl-route) how it would reach a destination. */
#ifndef NETDX_ROUTE_H
#define NETDX_ROUTE_H

#include <net/if.h>
#include <stdbool.h>

#include "netdx/addr.h"

struct route_info {
	int ifindex;               /* outgoing interface */
	char ifname[IF_NAMESIZE];  /* its name */
	struct netdx_addr src;     /* preferred source address (len 0 if the kernel gave none) */
	bool has_gateway;          /* false when the destination is on-link */
	struct netdx_addr gateway; /* next hop when has_gateway */
	unsigned mtu;              /* route MTU if set on the route, else the interface MTU */
	bool local;                /* the destination is one of our own addresses */
};

/* Look up the route to dst (RTM_GETROUTE, as `ip route get` does). NETDX_E_SYSTEM with
 * *why ("Network is unreachable", ...) when there is none; NETDX_E_INVALID for an
 * address that is neither IPv4 nor IPv6. */
enum netdx_status route_lookup(const struct netdx_addr *dst, struct route_info *out,
			       const char **why);

#endif
