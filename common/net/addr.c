/* addr.c — target names, literals, CIDR ranges and their text (see netdx/addr.h). */
#include "netdx/addr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
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

/* addr_parse_scope
 * IPv6 zone after '%': an interface name ("eth0") or its index ("2"). 0 if neither. */
static uint32_t addr_parse_scope(const char *z)
{
	const char *p;
	unsigned long v;
	char *end;

	if (*z == '\0')
		return 0;
	for (p = z; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return if_nametoindex(z);
	errno = 0;
	v = strtoul(z, &end, 10);
	if (errno != 0 || *end != '\0' || v > UINT32_MAX)
		return 0;
	return (uint32_t)v;
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

/* addr_resolve
 * Literal first (no lookup at all), then getaddrinfo. AI_ADDRCONFIG stays off: in a
 * lab namespace with only loopback it would hide every address family. */
bool addr_resolve(const char *name, int family, struct netdx_addr *out,
		  char *canon, size_t canon_len, const char **why)
{
	struct addrinfo hints, *res = NULL, *ai;
	const char *dummy;
	int rc;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	memset(out, 0, sizeof(*out));
	if (name == NULL || *name == '\0') {
		*why = "empty name";
		return false;
	}
	if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6) {
		*why = gai_strerror(EAI_FAMILY);
		return false;
	}
	if (addr_parse_literal(name, family, out)) {
		addr_copy_canon(canon, canon_len, name);
		return true;
	}
	/* A literal of the other family: say so instead of asking a name server. */
	if (family != AF_UNSPEC && addr_parse_literal(name, AF_UNSPEC, out)) {
		memset(out, 0, sizeof(*out));
		*why = gai_strerror(EAI_ADDRFAMILY);
		return false;
	}

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_DGRAM; /* one entry per address, not one per socket type */
	hints.ai_flags = canon != NULL ? AI_CANONNAME : 0;
	rc = getaddrinfo(name, NULL, &hints, &res);
	if (rc != 0) {
		*why = rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc);
		return false;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		socklen_t want;

		if (ai->ai_family == AF_INET)
			want = sizeof(struct sockaddr_in);
		else if (ai->ai_family == AF_INET6)
			want = sizeof(struct sockaddr_in6);
		else
			continue;
		if (ai->ai_addr == NULL || ai->ai_addrlen < want)
			continue;
		memcpy(&out->ss, ai->ai_addr, want);
		out->len = want;
		addr_set_port(out, 0);
		break;
	}
	if (ai == NULL) {
		freeaddrinfo(res);
		*why = gai_strerror(EAI_NONAME);
		return false;
	}
	addr_copy_canon(canon, canon_len,
			res->ai_canonname != NULL ? res->ai_canonname : name);
	freeaddrinfo(res);
	return true;
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

/* addr_cidr_parse
 * "address/prefix": host bits cleared; IPv4 /0../30 skip network and broadcast (as
 * fping -g), /31 and /32 give every address; IPv6 gives every address of the block
 * (no broadcast exists; the subnet-router anycast address is included), the count
 * saturating at UINT64_MAX for /64 and wider. */
bool addr_cidr_parse(const char *s, struct addr_cidr *out, const char **why)
{
	unsigned char bytes[sizeof(struct in6_addr)];
	char host[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	const char *slash, *p;
	const char *dummy;
	unsigned prefix = 0, bits, hostbits, i;
	size_t hlen, n;
	int family;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	memset(out, 0, sizeof(*out));
	slash = s != NULL ? strrchr(s, '/') : NULL;
	if (slash == NULL) {
		*why = "not a CIDR block";
		return false;
	}
	hlen = (size_t)(slash - s);
	if (hlen == 0 || hlen >= sizeof(host)) {
		*why = "not an address";
		return false;
	}
	memcpy(host, s, hlen);
	host[hlen] = '\0';
	if (!addr_parse_literal(host, AF_UNSPEC, &out->base)) {
		*why = "not an address";
		return false;
	}
	family = addr_family(&out->base);
	bits = family == AF_INET ? 32 : 128;

	p = slash + 1;
	if (*p == '\0') {
		*why = "prefix length out of range";
		goto fail;
	}
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9') {
			*why = "prefix length out of range";
			goto fail;
		}
		prefix = prefix * 10 + (unsigned)(*p - '0');
		if (prefix > bits) {
			*why = "prefix length out of range";
			goto fail;
		}
	}
	out->prefix = prefix;

	n = addr_size(family);
	memcpy(bytes, addr_bytes(&out->base), n);
	for (i = 0; i < n; i++) {
		unsigned keep = prefix > i * 8 ? prefix - i * 8 : 0;

		if (keep < 8)
			bytes[i] &= (unsigned char)(0xff00u >> keep);
	}
	memcpy(addr_bytes_mut(&out->base), bytes, n);

	hostbits = bits - prefix;
	if (family == AF_INET && hostbits >= 2) {
		out->first = 1;
		out->count = ((uint64_t)1 << hostbits) - 2;
	} else if (hostbits >= 64) {
		out->first = 0;
		out->count = UINT64_MAX;
	} else {
		out->first = 0;
		out->count = (uint64_t)1 << hostbits;
	}
	return true;

fail:
	memset(out, 0, sizeof(*out));
	return false;
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
