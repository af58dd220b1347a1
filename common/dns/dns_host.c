/* dns_host.c — server addresses as BIND prints them (see netdx/dns_host.h). */
#include "netdx/dns_host.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

/* dns_host_text
 * inet_ntop, with an IPv6 zone as its interface index. */
const char *dns_host_text(const struct netdx_addr *a, char *buf, size_t len)
{
	char tmp[INET6_ADDRSTRLEN];

	if (addr_family(a) == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&a->ss;
		inet_ntop(AF_INET6, &s6->sin6_addr, tmp, sizeof(tmp));
		if (s6->sin6_scope_id)
			snprintf(buf, len, "%s%%%u", tmp, s6->sin6_scope_id);
		else
			snprintf(buf, len, "%s", tmp);
		return buf;
	}
	if (addr_family(a) == AF_INET) {
		inet_ntop(AF_INET, addr_bytes(a), tmp, sizeof(tmp));
		snprintf(buf, len, "%s", tmp);
		return buf;
	}
	snprintf(buf, len, "%s", "");
	return buf;
}
