/* dns_reverse.c — in-addr.arpa and ip6.arpa names (see netdx/dns_reverse.h). */
#include "netdx/dns_reverse.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

/* reverse_v6_text
 * "b.a.9.8...ip6.arpa" (no final dot) of 16 address bytes. */
static size_t reverse_v6_text(const uint8_t *b, char *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	for (int i = 15; i >= 0 && n + 4 < len; i--) {
		buf[n++] = hex[b[i] & 15];
		buf[n++] = '.';
		buf[n++] = hex[b[i] >> 4];
		buf[n++] = '.';
	}
	return n + (size_t)snprintf(buf + n, len > n ? len - n : 0, "ip6.arpa");
}

/* dns_reverse_name
 * The in-addr.arpa or ip6.arpa name of an address. */
enum dns_status dns_reverse_name(const struct netdx_addr *a, struct dns_name *out)
{
	char buf[128];
	const uint8_t *b = addr_bytes(a);

	if (addr_family(a) == AF_INET)
		snprintf(buf, sizeof(buf), "%u.%u.%u.%u.in-addr.arpa.", b[3], b[2], b[1], b[0]);
	else if (addr_family(a) == AF_INET6)
		reverse_v6_text(b, buf, sizeof(buf));
	else
		return DNS_E_SYNTAX;
	return dns_name_from_text(buf, NULL, out, NULL);
}

/* dns_reverse_text
 * IPv6 by nibbles; IPv4 checked with inet_pton, its octets reversed as typed. */
enum dns_status dns_reverse_text(const char *text, char *out, size_t len)
{
	struct in6_addr a6;
	struct in_addr a4;
	char tmp[128];
	const char *oct[4];
	size_t olen[4];
	int k = 0;

	if (inet_pton(AF_INET6, text, &a6) == 1) {
		if (reverse_v6_text(a6.s6_addr, tmp, sizeof(tmp)) >= len)
			return DNS_E_NOSPACE;
		snprintf(out, len, "%s", tmp);
		return DNS_OK;
	}
	if (inet_pton(AF_INET, text, &a4) != 1)
		return DNS_E_SYNTAX;
	/* the octets as written, reversed */
	for (const char *p = text; k < 4; k++) {
		const char *dot = strchr(p, '.');
		oct[k] = p;
		olen[k] = dot ? (size_t)(dot - p) : strlen(p);
		if (!dot)
			break;
		p = dot + 1;
	}
	if (k != 3)
		return DNS_E_SYNTAX;
	int n = snprintf(out, len, "%.*s.%.*s.%.*s.%.*s.in-addr.arpa.", (int)olen[3], oct[3],
			 (int)olen[2], oct[2], (int)olen[1], oct[1], (int)olen[0], oct[0]);
	return n < 0 || (size_t)n >= len ? DNS_E_NOSPACE : DNS_OK;
}
