/* dns_tls — DNS over TLS (RFC 7858) as a dns_stream layer, with OpenSSL 3: TLS 1.2 or
 * later, the server's certificate verified against the system's CA store or a file of
 * its own, and its name (SNI and the certificate's names) or, when none is given, its
 * address (RFC 8310's strict profile). Unverified sessions only when asked
 * (insecure). The CA certificates are read when the context is made, before anything
 * comes from the network. */
#ifndef NETDX_DNS_TLS_H
#define NETDX_DNS_TLS_H

#include <stdbool.h>
#include <stddef.h>

#include "netdx/dns_stream.h"

/* How TLS servers are trusted. */
struct dns_tls_config {
	const char *ca_file; /* PEM certificates to trust instead of the system's (NULL:
			      * SSL_CERT_FILE's, else OpenSSL's default file) */
	bool insecure;       /* no verification at all */
};

/* A TLS client context as a stream layer. False with why (len bytes) filled when the
 * CA certificates cannot be read or the library fails. */
bool dns_tls_new(const struct dns_tls_config *c, struct dns_stream_layer *out, char *why,
		 size_t len);

/* The context goes; no query may still use it. */
void dns_tls_free(struct dns_stream_layer *l);

#endif
