/* names — reverse names of addresses, kept for the run: from the hosts file and from
 * asynchronous PTR queries (netdx/dns_resolver.h, configured by /etc/resolv.conf), in
 * the order the hosts line of /etc/nsswitch.conf gives (netdx/dns_hosts.h), so a name
 * is the one getnameinfo() would give and a probe loop or a live view never waits for
 * DNS. traceroute, mtr and pathping name their hops with it. */
#ifndef NETDX_NAMES_H
#define NETDX_NAMES_H

#include "netdx/addr.h"
#include "netdx/loop.h"

struct names;

/* A cache on loop; ready(arg) is called each time a DNS lookup ends (a name became
 * known, or that there is none). Reads the hosts file and nsswitch.conf (so: before the
 * sandbox). NULL on allocation failure. */
struct names *names_new(struct loop *loop, void (*ready)(void *arg), void *arg);
void names_free(struct names *n);

/* What lookups need from the sandbox once the cache exists (netdx/sandbox.h's needs):
 * a UDP or TCP socket per DNS query, nothing from files. */
unsigned names_sandbox(void);

/* Start looking a up, unless that was done already (a name from the hosts file is
 * known at once). */
void names_want(struct names *n, const struct netdx_addr *a);

/* The name of a (without the final dot), "" when it has none or was never asked for,
 * NULL while its lookup is running. */
const char *names_get(const struct names *n, const struct netdx_addr *a);

/* Stop waiting for a's name: from now on it has none. A report that showed a without
 * a name shows it so to the end (pathping's hop list and table agree). */
void names_give_up(struct names *n, const struct netdx_addr *a);

/* Lookups still running. */
unsigned names_pending(const struct names *n);

#endif
