/* dns_resolver — an asynchronous stub resolver on the event loop, configured like
 * the system's (netdx/dns_conf.h): nameservers in order (or rotated), the search list
 * with ndots, timeout and attempts, EDNS0 when asked, TCP when an answer is truncated.
 * Any number of resolutions run at once; each query has its own socket, random source
 * port and random ID, and only an answer from the server asked, with that ID and
 * question, counts (netdx/dns_query.h).
 *
 * What is tried for a name, as glibc's res_search: a name ending in a dot as it is;
 * one with at least ndots dots as it is, then with each search domain; one with
 * fewer dots with each search domain, then as it is. The first answer with data
 * wins; an answer without data is remembered and returned if nothing better comes;
 * otherwise the last NXDOMAIN. For each name: up to `attempts` rounds over the
 * servers; SERVFAIL, REFUSED, other error rcodes, timeouts and socket errors move on
 * to the next server. traceroute and mtr name their hops with dns_resolve_ptr(). */
#ifndef NETDX_DNS_RESOLVER_H
#define NETDX_DNS_RESOLVER_H

#include <stdbool.h>
#include <stdint.h>

#include "netdx/addr.h"
#include "netdx/dns_conf.h"
#include "netdx/dns_msg.h"
#include "netdx/loop.h"

struct dns_resolver;
struct dns_resolve;

enum dns_resolve_status {
	DNS_RS_ANSWER,  /* msg holds NOERROR (with or without data) or NXDOMAIN */
	DNS_RS_FAILED,  /* every server failed (error rcode, socket error) */
	DNS_RS_TIMEOUT, /* no server answered in time */
	DNS_RS_BADNAME, /* the name is not a legal domain name */
};

struct dns_resolve_result {
	enum dns_resolve_status status;
	struct dns_msg *msg;      /* DNS_RS_ANSWER: the answer (callback frees it) */
	struct dns_name qname;    /* the name it answers (search domain applied) */
	struct netdx_addr server; /* who answered */
	unsigned queries;         /* queries sent for this resolution */
};

/* Called once per resolution; the handle is gone afterwards. */
typedef void (*dns_resolve_cb)(void *arg, struct dns_resolve_result *res);

/* A resolver for loop with conf (copied). NULL on allocation failure. Servers are
 * asked on port 53 (dns_resolver_set_port changes that, for tests). With no
 * nameserver in conf, 127.0.0.1 is asked, as glibc does. */
struct dns_resolver *dns_resolver_new(struct loop *loop, const struct dns_conf *conf);
void dns_resolver_set_port(struct dns_resolver *r, uint16_t port);

/* Cancel every resolution still running (no callback) and free the resolver. */
void dns_resolver_free(struct dns_resolver *r);

/* Resolve name (text, the search list applies) for type in class IN. Returns NULL
 * only on allocation failure; a bad name is reported through the callback. */
struct dns_resolve *dns_resolve_start(struct dns_resolver *r, const char *name, uint16_t type,
				      dns_resolve_cb cb, void *arg);

/* The PTR record of an address (4.3.2.1.in-addr.arpa., ip6.arpa.): no search list. */
struct dns_resolve *dns_resolve_ptr(struct dns_resolver *r, const struct netdx_addr *addr,
				    dns_resolve_cb cb, void *arg);

/* Stop one resolution; its callback is not called. */
void dns_resolve_cancel(struct dns_resolve *res);

/* Resolutions running. */
unsigned dns_resolver_pending(const struct dns_resolver *r);

#endif
