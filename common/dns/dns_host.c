/* dns_host.c — all addresses of a server name; address text (see netdx/dns_host.h). */
#include "netdx/dns_host.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

/* dns_host_addresses
 * getaddrinfo (AF_UNSPEC) for names; a literal is taken without a lookup. */
bool dns_host_addresses(const char *name, struct netdx_addr *out, size_t max, size_t *n,
			const char **why)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM};
	struct addrinfo *res = NULL;
	int rc;

	*n = 0;
	if (max > 0 && addr_parse_literal(name, AF_UNSPEC, &out[0])) {
		*n = 1;
		return true;
	}
	rc = getaddrinfo(name, NULL, &hints, &res);
	if (rc != 0) {
		*why = gai_strerror(rc);
		return false;
	}
	for (struct addrinfo *ai = res; ai && *n < max; ai = ai->ai_next) {
		struct netdx_addr a = {.len = ai->ai_addrlen};
		bool dup = false;
		if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
			continue;
		memcpy(&a.ss, ai->ai_addr, ai->ai_addrlen);
		addr_set_port(&a, 0);
		for (size_t i = 0; i < *n; i++)
			dup = dup || addr_equal(&out[i], &a);
		if (!dup)
			out[(*n)++] = a;
	}
	freeaddrinfo(res);
	if (*n == 0) {
		*why = gai_strerror(EAI_NONAME);
		return false;
	}
	return true;
}

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
