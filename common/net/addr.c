/* addr.c — target names, literals, CIDR ranges and their text (see netdx/addr.h). */
#include "netdx/addr.h"
#include "netdx/cli.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

/* addr_family
 * AF_INET, AF_INET6, or AF_UNSPEC for an empty address. */
int addr_family(const struct netdx_addr *a)
{
	if (a == NULL || a->len == 0)
		return AF_UNSPEC;
	return a->ss.ss_family;
}

/* addr_size
 * Number of address bytes of a family, 0 for anything else. */
static size_t addr_size(int family)
{
	if (family == AF_INET)
		return sizeof(struct in_addr);
	if (family == AF_INET6)
		return sizeof(struct in6_addr);
	return 0;
}

/* addr_equal
 * Same family and address bytes; ports and IPv6 scope do not matter. */
bool addr_equal(const struct netdx_addr *a, const struct netdx_addr *b)
{
	int fa, fb;

	if (a == NULL || b == NULL)
		return false;
	fa = addr_family(a);
	fb = addr_family(b);
	if (fa != fb)
		return false;
	if (fa == AF_UNSPEC)
		return true;
	return memcmp(addr_bytes(a), addr_bytes(b), addr_size(fa)) == 0;
}

/* addr_set_port
 * Port in host byte order; no effect on an empty address. */
void addr_set_port(struct netdx_addr *a, uint16_t port)
{
	switch (addr_family(a)) {
	case AF_INET:
		((struct sockaddr_in *)&a->ss)->sin_port = htons(port);
		break;
	case AF_INET6:
		((struct sockaddr_in6 *)&a->ss)->sin6_port = htons(port);
		break;
	default:
		break;
	}
}

/* addr_port
 * Port in host byte order, 0 for an empty address. */
uint16_t addr_port(const struct netdx_addr *a)
{
	switch (addr_family(a)) {
	case AF_INET:
		return ntohs(((const struct sockaddr_in *)&a->ss)->sin_port);
	case AF_INET6:
		return ntohs(((const struct sockaddr_in6 *)&a->ss)->sin6_port);
	default:
		return 0;
	}
}

/* addr_from_bytes
 * Address from 4 (AF_INET) or 16 (AF_INET6) raw bytes, port 0; an unknown family
 * gives an empty address. */
void addr_from_bytes(struct netdx_addr *a, int family, const void *bytes)
{
	memset(a, 0, sizeof(*a));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&a->ss;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, bytes, sizeof(sin->sin_addr));
		a->len = sizeof(*sin);
	} else if (family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&a->ss;

		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, bytes, sizeof(sin6->sin6_addr));
		a->len = sizeof(*sin6);
	}
}

/* addr_bytes
 * The 4 or 16 address bytes inside the sockaddr, NULL for an empty address. */
const void *addr_bytes(const struct netdx_addr *a)
{
	switch (addr_family(a)) {
	case AF_INET:
		return &((const struct sockaddr_in *)&a->ss)->sin_addr;
	case AF_INET6:
		return &((const struct sockaddr_in6 *)&a->ss)->sin6_addr;
	default:
		return NULL;
	}
}

/* addr_bytes_mut
 * Writable pointer to the address bytes, NULL for an empty address. */
static void *addr_bytes_mut(struct netdx_addr *a)
{
	switch (addr_family(a)) {
	case AF_INET:
		return &((struct sockaddr_in *)&a->ss)->sin_addr;
	case AF_INET6:
		return &((struct sockaddr_in6 *)&a->ss)->sin6_addr;
	default:
		return NULL;
	}
}

/* parse_unsigned
 * s as a whole unsigned decimal number up to max: cli_parse_long without the sign it
 * would take ("+2" is no scope index or prefix length). */
static enum cli_status parse_unsigned(const char *s, unsigned long max, unsigned long *out)
{
	enum cli_status st;
	long v;

	if (*s == '+' || *s == '-')
		return CLI_NOT_NUMBER;
	st = cli_parse_long(s, 0, (long)max, &v);
	if (st == CLI_OK)
		*out = (unsigned long)v;
	return st;
}

/* addr_parse_scope
 * IPv6 zone after '%': an interface name ("eth0") or its index ("2"). 0 if neither. */
static uint32_t addr_parse_scope(const char *z)
{
	unsigned long v;

	if (*z == '\0')
		return 0;
	switch (parse_unsigned(z, UINT32_MAX, &v)) {
	case CLI_OK:
		return (uint32_t)v;
	case CLI_NOT_NUMBER:
		return if_nametoindex(z);
	default:
		return 0; /* digits only, but past UINT32_MAX: no name either */
	}
}

/* addr_parse_literal
 * Numeric IPv4 or IPv6 text (IPv6 with an optional %zone) of the allowed family. No
 * lookup of any kind, except if_nametoindex() for a zone given by name. */
bool addr_parse_literal(const char *s, int family, struct netdx_addr *out)
{
	unsigned char bytes[sizeof(struct in6_addr)];
	char host[INET6_ADDRSTRLEN];
	const char *pct;
	uint32_t scope = 0;

	memset(out, 0, sizeof(*out));
	if (s == NULL || *s == '\0')
		return false;
	if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6)
		return false;
	pct = strchr(s, '%');
	if (pct != NULL) {
		size_t hlen = (size_t)(pct - s);

		/* Only IPv6 has zones. */
		if (family == AF_INET || hlen == 0 || hlen >= sizeof(host))
			return false;
		memcpy(host, s, hlen);
		host[hlen] = '\0';
		if (inet_pton(AF_INET6, host, bytes) != 1)
			return false;
		scope = addr_parse_scope(pct + 1);
		if (scope == 0)
			return false;
		addr_from_bytes(out, AF_INET6, bytes);
		((struct sockaddr_in6 *)&out->ss)->sin6_scope_id = scope;
		return true;
	}
	if (family != AF_INET6 && inet_pton(AF_INET, s, bytes) == 1) {
		addr_from_bytes(out, AF_INET, bytes);
		return true;
	}
	if (family != AF_INET && inet_pton(AF_INET6, s, bytes) == 1) {
		addr_from_bytes(out, AF_INET6, bytes);
		return true;
	}
	return false;
}

/* addr_copy_canon
 * Canonical name into the caller's buffer, cut to fit. */
static void addr_copy_canon(char *canon, size_t canon_len, const char *name)
{
	if (canon != NULL && canon_len > 0)
		snprintf(canon, canon_len, "%s", name);
}

/* resolve_status
 * What a getaddrinfo() failure is, with its words. */
static enum netdx_status resolve_status(int rc, const char **why)
{
	if (rc == EAI_SYSTEM)
		return status_fail(why, NETDX_E_SYSTEM, strerror(errno));
	if (rc == EAI_NONAME || rc == EAI_NODATA || rc == EAI_ADDRFAMILY)
		return status_fail(why, NETDX_E_NONAME, gai_strerror(rc));
	return status_fail(why, NETDX_E_SYSTEM, gai_strerror(rc));
}

/* collect
 * getaddrinfo's IPv4 and IPv6 addresses, in its order, each once, at most max. */
static size_t collect(const struct addrinfo *res, struct netdx_addr *out, size_t max)
{
	size_t n = 0;
	for (const struct addrinfo *ai = res; ai != NULL && n < max; ai = ai->ai_next) {
		socklen_t want = ai->ai_family == AF_INET    ? sizeof(struct sockaddr_in)
				 : ai->ai_family == AF_INET6 ? sizeof(struct sockaddr_in6)
							     : 0;
		if (!want || ai->ai_addr == NULL || ai->ai_addrlen < want)
			continue;
		struct netdx_addr a = {.len = want};
		memcpy(&a.ss, ai->ai_addr, want);
		addr_set_port(&a, 0);
		bool seen = false;
		for (size_t i = 0; i < n && !seen; i++)
			seen = addr_equal(&out[i], &a);
		if (!seen)
			out[n++] = a;
	}
	return n;
}

/* resolve_name
 * getaddrinfo's first max addresses of name into out (*n of them), and its canonical
 * name when canon is not NULL. */
static enum netdx_status resolve_name(const char *name, int family, struct netdx_addr *out,
				      size_t max, size_t *n, char *canon, size_t canon_len,
				      const char **why)
{
	struct addrinfo hints = {
		.ai_family = family,
		.ai_socktype = SOCK_DGRAM, /* one entry per address, not one per socket type */
		.ai_flags = canon != NULL ? AI_CANONNAME : 0,
	};
	struct addrinfo *res = NULL;
	int rc = getaddrinfo(name, NULL, &hints, &res);
	if (rc != 0)
		return resolve_status(rc, why);
	*n = collect(res, out, max);
	if (*n == 0) {
		freeaddrinfo(res);
		return resolve_status(EAI_NONAME, why);
	}
	addr_copy_canon(canon, canon_len, res->ai_canonname != NULL ? res->ai_canonname : name);
	freeaddrinfo(res);
	return NETDX_OK;
}

/* addr_resolve
 * Literal first (no lookup at all), then getaddrinfo. AI_ADDRCONFIG stays off: in a
 * lab namespace with only loopback it would hide every address family. */
enum netdx_status addr_resolve(const char *name, int family, struct netdx_addr *out, char *canon,
			       size_t canon_len, const char **why)
{
	memset(out, 0, sizeof(*out));
	if (name == NULL || *name == '\0')
		return status_fail(why, NETDX_E_INVALID, "empty name");
	if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6)
		return status_fail(why, NETDX_E_INVALID, gai_strerror(EAI_FAMILY));
	if (addr_parse_literal(name, family, out)) {
		addr_copy_canon(canon, canon_len, name);
		return NETDX_OK;
	}
	/* A literal of the other family: say so instead of asking a name server. */
	if (family != AF_UNSPEC && addr_parse_literal(name, AF_UNSPEC, out)) {
		memset(out, 0, sizeof(*out));
		return status_fail(why, NETDX_E_INVALID, gai_strerror(EAI_ADDRFAMILY));
	}
	size_t n;
	enum netdx_status st = resolve_name(name, family, out, 1, &n, canon, canon_len, why);
	if (st != NETDX_OK)
		memset(out, 0, sizeof(*out));
	return st;
}

/* addr_resolve_all
 * A literal as it is, else every address getaddrinfo gives (nslookup's servers). */
enum netdx_status addr_resolve_all(const char *name, struct netdx_addr *out, size_t max, size_t *n,
				   const char **why)
{
	*n = 0;
	if (max == 0)
		return status_fail(why, NETDX_E_INVALID, "no room");
	if (addr_parse_literal(name, AF_UNSPEC, &out[0])) {
		*n = 1;
		return NETDX_OK;
	}
	return resolve_name(name, AF_UNSPEC, out, max, n, NULL, 0, why);
}

/* addr_to_str
 * inet_ntop text, IPv6 with "%zone" when a scope is set (the interface name when it
 * exists, else the index). An empty address gives "". Cut to fit len. */
const char *addr_to_str(const struct netdx_addr *a, char *buf, size_t len)
{
	char text[INET6_ADDRSTRLEN];
	char zone[IF_NAMESIZE];
	int family = addr_family(a);

	if (buf == NULL || len == 0)
		return buf;
	buf[0] = '\0';
	if (family == AF_UNSPEC || inet_ntop(family, addr_bytes(a), text, sizeof(text)) == NULL)
		return buf;
	if (family == AF_INET6) {
		uint32_t scope = ((const struct sockaddr_in6 *)&a->ss)->sin6_scope_id;

		if (scope != 0) {
			if (if_indextoname(scope, zone) != NULL)
				snprintf(buf, len, "%s%%%s", text, zone);
			else
				snprintf(buf, len, "%s%%%u", text, (unsigned)scope);
			return buf;
		}
	}
	snprintf(buf, len, "%s", text);
	return buf;
}

/* addr_add_offset
 * bytes (big endian, n of them) += off, wrapping at the top. The 128-bit arithmetic of
 * IPv6 blocks done a byte at a time. */
static void addr_add_offset(unsigned char *bytes, size_t n, uint64_t off)
{
	unsigned carry = 0;
	size_t i;

	for (i = n; i-- > 0;) {
		unsigned sum = bytes[i] + (unsigned)(off & 0xff) + carry;

		bytes[i] = (unsigned char)sum;
		carry = sum >> 8;
		off >>= 8;
		if (off == 0 && carry == 0)
			break;
	}
}

/* cidr_prefix
 * The decimal prefix length after the '/', at most bits; false for anything else. */
static bool cidr_prefix(const char *p, unsigned bits, unsigned *prefix)
{
	unsigned long v;

	if (parse_unsigned(p, bits, &v) != CLI_OK)
		return false;
	*prefix = (unsigned)v;
	return true;
}

/* cidr_hosts
 * Clear c's host bits and count the hosts to probe (fping -g's rule for IPv4). */
static void cidr_hosts(struct addr_cidr *c)
{
	unsigned char bytes[sizeof(struct in6_addr)];
	int family = addr_family(&c->base);
	unsigned bits = family == AF_INET ? 32 : 128, hostbits = bits - c->prefix;
	size_t n = addr_size(family);

	memcpy(bytes, addr_bytes(&c->base), n);
	for (size_t i = 0; i < n; i++) {
		unsigned keep = c->prefix > i * 8 ? c->prefix - (unsigned)i * 8 : 0;

		if (keep < 8)
			bytes[i] &= (unsigned char)(0xff00u >> keep);
	}
	memcpy(addr_bytes_mut(&c->base), bytes, n);
	if (family == AF_INET && hostbits >= 2) {
		c->first = 1;
		c->count = ((uint64_t)1 << hostbits) - 2;
	} else if (hostbits >= 64) {
		c->first = 0;
		c->count = UINT64_MAX;
	} else {
		c->first = 0;
		c->count = (uint64_t)1 << hostbits;
	}
}

/* addr_cidr_parse
 * "address/prefix": host bits cleared; IPv4 /0../30 skip network and broadcast (as
 * fping -g), /31 and /32 give every address; IPv6 gives every address of the block
 * (no broadcast exists; the subnet-router anycast address is included), the count
 * saturating at UINT64_MAX for /64 and wider. */
enum netdx_status addr_cidr_parse(const char *s, struct addr_cidr *out, const char **why)
{
	char host[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	const char *slash = s != NULL ? strrchr(s, '/') : NULL;

	memset(out, 0, sizeof(*out));
	if (slash == NULL)
		return status_fail(why, NETDX_E_INVALID, "not a CIDR block");
	size_t hlen = (size_t)(slash - s);
	if (hlen == 0 || hlen >= sizeof(host))
		return status_fail(why, NETDX_E_INVALID, "not an address");
	memcpy(host, s, hlen);
	host[hlen] = '\0';
	if (!addr_parse_literal(host, AF_UNSPEC, &out->base))
		return status_fail(why, NETDX_E_INVALID, "not an address");
	unsigned bits = addr_family(&out->base) == AF_INET ? 32 : 128;
	if (!cidr_prefix(slash + 1, bits, &out->prefix)) {
		memset(out, 0, sizeof(*out));
		return status_fail(why, NETDX_E_INVALID, "prefix length out of range");
	}
	cidr_hosts(out);
	return NETDX_OK;
}

/* addr_cidr_host
 * base + first + i (port and scope of the base kept). */
void addr_cidr_host(const struct addr_cidr *c, uint64_t i, struct netdx_addr *out)
{
	unsigned char bytes[sizeof(struct in6_addr)];
	size_t n = addr_size(addr_family(&c->base));

	*out = c->base;
	if (n == 0)
		return;
	memcpy(bytes, addr_bytes(&c->base), n);
	addr_add_offset(bytes, n, c->first);
	addr_add_offset(bytes, n, i);
	memcpy(addr_bytes_mut(out), bytes, n);
}

/* addr_is_cidr
 * Whether s has a '/' and so should go to addr_cidr_parse(). */
bool addr_is_cidr(const char *s)
{
	return s != NULL && strchr(s, '/') != NULL;
}

/* addr_parse_listen
 * "ADDR:PORT", "[IPV6]:PORT" or ":PORT" for a listening socket. */
enum netdx_status addr_parse_listen(const char *s, struct netdx_addr *out, const char **why)
{
	const char *colon = strrchr(s, ':');
	memset(out, 0, sizeof(*out));
	if (!colon)
		return status_fail(why, NETDX_E_INVALID, "want ADDR:PORT, [IPV6]:PORT or :PORT");
	long port;
	if (cli_parse_long(colon + 1, 1, 65535, &port) != CLI_OK)
		return status_fail(why, NETDX_E_INVALID, "port not in 1-65535");
	char host[INET6_ADDRSTRLEN + 2];
	size_t hlen = (size_t)(colon - s);
	bool bracketed = hlen >= 2 && s[0] == '[' && s[hlen - 1] == ']';
	if (bracketed)
		s++, hlen -= 2;
	if (hlen >= sizeof(host))
		return status_fail(why, NETDX_E_INVALID, "not an IP address");
	memcpy(host, s, hlen);
	host[hlen] = '\0';
	if (hlen == 0 && !bracketed)
		snprintf(host, sizeof(host), "0.0.0.0");
	int family = bracketed ? AF_INET6 : AF_INET;
	if (!addr_parse_literal(host, family, out))
		return status_fail(why, NETDX_E_INVALID,
				   bracketed ? "not an IPv6 address" : "not an IP address");
	addr_set_port(out, (uint16_t)port);
	return NETDX_OK;
}
