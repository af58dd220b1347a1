/* dns_reverse — reverse-lookup names: 4.3.2.1.in-addr.arpa and the nibbles of
 * ip6.arpa, from an address or from text (as nslookup turns an address argument
 * into a PTR lookup). */
#ifndef NETDX_DNS_REVERSE_H
#define NETDX_DNS_REVERSE_H

#include <stddef.h>

#include "netdx/addr.h"
#include "netdx/dns_name.h"
#include "netdx/dns_status.h"

/* The PTR name of an IPv4 or IPv6 address (traceroute and mtr name their hops so). */
enum dns_status dns_reverse_name(const struct netdx_addr *a, struct dns_name *out);

/* BIND's get_reverse(strict): text that is an IPv6 literal gives its ip6.arpa name
 * without the final dot; a dotted quad (inet_pton syntax) gives its octets, as
 * written, reversed and followed by ".in-addr.arpa."; anything else is DNS_E_SYNTAX.
 * DNS_E_NOSPACE if len is too small. */
enum dns_status dns_reverse_text(const char *text, char *out, size_t len);

#endif
