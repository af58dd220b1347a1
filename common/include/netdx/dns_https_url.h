/* dns_https_url — a DNS-over-HTTPS server as users of kdig and dnsdiag write it:
 * https://HOST[:PORT]/PATH (RFC 8484's URI template without variables: the query goes
 * in a POST body). HOST is a name, an IPv4 literal or an IPv6 literal in brackets.
 * A pure parser (fuzzed). */
#ifndef NETDX_DNS_HTTPS_URL_H
#define NETDX_DNS_HTTPS_URL_H

#include <stdbool.h>
#include <stdint.h>

#include "netdx/dns_status.h"

#define DNS_HTTPS_URL_MAX 1024 /* the whole URL, as typed */
#define DNS_HTTPS_HOST_MAX 254 /* a name of 253 characters, or a literal */

struct dns_https_url {
	char text[DNS_HTTPS_URL_MAX];  /* the URL as given (what libcurl is handed) */
	char host[DNS_HTTPS_HOST_MAX]; /* HOST, without an IPv6 literal's brackets */
	uint16_t port;                 /* PORT, 443 when not given */
	bool bracketed;                /* HOST was an IPv6 literal in brackets */
};

/* Whether text names a DoH server (begins with "https://", any case). */
bool dns_https_url_is(const char *text);

/* Parse text into *out (filled only on DNS_OK). DNS_E_SYNTAX when it is not
 * https://HOST[:PORT]/PATH (no user, no fragment, no space or control character),
 * DNS_E_RANGE for a port outside 1..65535, DNS_E_NOSPACE when too long; *why (when
 * not NULL) then names what is wrong, a static text. */
enum dns_status dns_https_url_parse(const char *text, struct dns_https_url *out, const char **why);

#endif
