/* dns_tls_server — a DNS-over-TLS server as kdig and dnsdiag users write it:
 * tls://ADDR[:PORT][#NAME].
 *
 * ADDR is an address literal or a host name (the syntax of dns_server_list.h); an IPv6
 * literal with a port goes in brackets ("tls://[fd00::1]:8853"), one without may stand
 * bare. PORT is 1 to 65535, 853 when not given (RFC 7858). NAME is what the server's
 * certificate must name (and the SNI sent); without it a host name is its own NAME,
 * and an address is checked against the certificate's IP addresses. Pure parser: no
 * lookup. */
#ifndef NETDX_DNS_TLS_SERVER_H
#define NETDX_DNS_TLS_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "netdx/dns_server_list.h"

#define DNS_TLS_PORT 853

/* One TLS server. */
struct dns_tls_server {
	struct dns_server_spec at;      /* host, literal, port (853 without :PORT) */
	char name[DNS_SERVER_HOST_MAX]; /* what the certificate must name ("": the address) */
};

/* Whether s (len bytes) is written as a TLS server: begins with "tls://". */
bool dns_tls_server_is(const char *s, size_t len);

/* Parse one TLS server: true with *out, or false with *err (line 0). */
bool dns_tls_server_parse(const char *s, size_t len, struct dns_tls_server *out,
			  struct dns_server_error *err);

#endif
