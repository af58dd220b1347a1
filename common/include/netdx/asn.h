/* asn — the AS that announces each hop's address, from Team Cymru's DNS interface
 * (netdx/dns_cymru.h), asked through the asynchronous resolver on the run's loop: a
 * probe loop or a live view never waits for it. Answers are cached per prefix: an
 * address inside a prefix already learned is known at once, without a query. AS names
 * (asn.cymru.com) are asked only when wanted, once per AS. An address whose answer is
 * missing, malformed or late stays unknown (mtr shows AS???): nothing is retried.
 * traceroute -A and mtr -z / -y use it. */
#ifndef NETDX_ASN_H
#define NETDX_ASN_H

#include <stdbool.h>
#include <stdint.h>

#include "netdx/addr.h"
#include "netdx/dns_cymru.h"
#include "netdx/loop.h"

/* What is known about an address's prefix; mtr -y's numbers. */
enum asn_field {
	ASN_F_AS,        /* 0: the AS number, digits only */
	ASN_F_PREFIX,    /* 1: "10.0.1.0/24" */
	ASN_F_COUNTRY,   /* 2 */
	ASN_F_REGISTRY,  /* 3 */
	ASN_F_ALLOCATED, /* 4: the allocation date */
	ASN_F_NAME,      /* 5: the AS's name ("" until known) */
	ASN_F_COUNT,
};

struct asn_info {
	struct dns_cymru_origin origin;
	char as_text[12];          /* origin.asn in digits */
	char name[DNS_CYMRU_NAME]; /* the AS's name, "" until known */
};

struct asn;

/* A cache on loop asking server (port 53), or the resolv.conf servers when server is
 * NULL (so read before the sandbox); with names, AS names are asked too. ready(arg) is
 * called each time a lookup ends. NULL on allocation failure. */
struct asn *asn_new(struct loop *loop, const struct netdx_addr *server, bool names,
		    void (*ready)(void *arg), void *arg);
void asn_free(struct asn *c);

/* What lookups need from the sandbox: a UDP or TCP socket per DNS query. */
unsigned asn_sandbox(void);

/* Start finding a's AS, unless that was done already or a's prefix is known. */
void asn_want(struct asn *c, const struct netdx_addr *a);

/* What is known of a's prefix; NULL while its lookup runs, when it failed, or when a
 * was never asked for. */
const struct asn_info *asn_get(const struct asn *c, const struct netdx_addr *a);

/* Has a's lookup ended (or was it not needed)? false while it runs. */
bool asn_done(const struct asn *c, const struct netdx_addr *a);

/* The text of one field of info. */
const char *asn_field_text(const struct asn_info *info, enum asn_field f);

/* Lookups still running. */
unsigned asn_pending(const struct asn *c);

#endif
