/* addr — targets: names, literals, CIDR ranges, and printing them. */
#ifndef NETDX_ADDR_H
#define NETDX_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "netdx/status.h"

/* An IPv4 or IPv6 socket address (port 0 unless a caller sets one). */
struct netdx_addr {
	struct sockaddr_storage ss; /* sockaddr_in or sockaddr_in6 */
	socklen_t len;              /* sizeof the one in use; 0 when empty */
};

/* Longest text addr_to_str() writes, with the NUL (an IPv6 literal with scope). */
#define ADDR_STRLEN 64

/* AF_INET or AF_INET6 (AF_UNSPEC when empty). */
int addr_family(const struct netdx_addr *a);

/* Same family and address bytes (ports and scope are ignored). */
bool addr_equal(const struct netdx_addr *a, const struct netdx_addr *b);

/* Set/read the port of an address (host byte order). */
void addr_set_port(struct netdx_addr *a, uint16_t port);
uint16_t addr_port(const struct netdx_addr *a);

/* Build from raw bytes: 4 for AF_INET, 16 for AF_INET6. */
void addr_from_bytes(struct netdx_addr *a, int family, const void *bytes);

/* Pointer to the 4 or 16 address bytes. */
const void *addr_bytes(const struct netdx_addr *a);

/* Parse a numeric IPv4/IPv6 literal ("10.0.0.1", "::1", "fe80::1%eth0"). family is
 * AF_UNSPEC, AF_INET or AF_INET6 (a literal of the other family is rejected).
 * Returns false for anything else, "999.1.1.1" and "" included; out is then empty.
 * Strict inet_pton syntax ("127.1" and spaces rejected); an IPv6 zone is an interface
 * name or index and must exist as a name / be nonzero. Never looks anything up. */
bool addr_parse_literal(const char *s, int family, struct netdx_addr *out);

/* Resolve a name or literal with getaddrinfo (so /etc/hosts works). family as above
 * (-4/-6). On NETDX_OK fills out (first usable address) and, when canon is not NULL,
 * the canonical name (or the input). Otherwise out is empty and *why says why:
 * NETDX_E_INVALID for an empty name, a bad family or a literal of the other family
 * (gai_strerror(EAI_ADDRFAMILY)), without any lookup; NETDX_E_NONAME for a name without
 * an address ("Name or service not known"); NETDX_E_SYSTEM when the lookup itself
 * failed ("Temporary failure in name resolution"). AI_ADDRCONFIG is not used, so a
 * namespace with only loopback still resolves IPv6 names. */
enum netdx_status addr_resolve(const char *name, int family, struct netdx_addr *out, char *canon,
			       size_t canon_len, const char **why);

/* Every address of name, as nslookup's "server NAME" uses them all: a literal as it is
 * (an IPv6 zone kept), else getaddrinfo's IPv4 and IPv6 addresses in its order, each
 * once, at most max, *n of them. Failures as addr_resolve's. */
enum netdx_status addr_resolve_all(const char *name, struct netdx_addr *out, size_t max, size_t *n,
				   const char **why);

/* A listening address "ADDR:PORT", "[IPV6]:PORT" or ":PORT" (every IPv4 address), the
 * address a literal (no lookup), the port 1..65535: NETDX_OK with *out (port set), or
 * NETDX_E_INVALID with *why ("want ADDR:PORT, [IPV6]:PORT or :PORT", "not an IP address", "port not in
 * 1-65535"). */
enum netdx_status addr_parse_listen(const char *s, struct netdx_addr *out, const char **why);

/* Numeric text of an address into buf (ADDR_STRLEN bytes suffice). Returns buf.
 * An IPv6 scope prints as "%name" (or "%index" when no such interface); an empty
 * address prints as "". Cut to fit len, always terminated. */
const char *addr_to_str(const struct netdx_addr *a, char *buf, size_t len);

/* A CIDR block for multi-target sweeps. */
struct addr_cidr {
	struct netdx_addr base; /* network address (host bits cleared) */
	unsigned prefix;        /* prefix length */
	uint64_t first;         /* offset of the first host to probe */
	uint64_t count;         /* number of hosts to probe (saturates at UINT64_MAX) */
};

/* Parse "10.0.0.0/28" or "2001:db8::/120". Like fping -g, an IPv4 block of /30 or
 * wider skips its network and broadcast address (127.1.0.0/22 gives 1022 hosts);
 * /31 and /32 give every address. An IPv6 block gives every address, the all-zero
 * one included (IPv6 has no broadcast): 2001:db8::/126 is 4 hosts; /64 and wider
 * saturate count at UINT64_MAX. Host bits set in the input are cleared.
 * NETDX_E_INVALID with *why ("prefix length out of range", "not an address", "not a
 * CIDR block") for bad input, e.g. "10.0.0.0/33"; *out is then zeroed. */
enum netdx_status addr_cidr_parse(const char *s, struct addr_cidr *out, const char **why);

/* The i-th host of the block, 0 <= i < count: base + first + i (128-bit sum for
 * IPv6). */
void addr_cidr_host(const struct addr_cidr *c, uint64_t i, struct netdx_addr *out);

/* Does s look like a CIDR block (contains '/')? */
bool addr_is_cidr(const char *s);

#endif
