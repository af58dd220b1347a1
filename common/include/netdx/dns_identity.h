/* dns_identity — what a resolver says about who it is, in printable words: its NSID
 * (EDNS option 3, RFC 5001) and the TXT answer to a CHAOS-class query such as
 * id.server (RFC 4892) or hostname.bind, and the address a whoami name reports.
 * Pure functions, no I/O. */
#ifndef NETDX_DNS_IDENTITY_H
#define NETDX_DNS_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netdx/dns_msg.h"

/* An NSID's bytes as text: printable ASCII as it is, any other byte as '.'; cut to
 * fit cap (NUL included). */
void dns_nsid_text(const uint8_t *data, size_t len, char *buf, size_t cap);

/* The first TXT record of msg's answer section as text: its strings joined by a space,
 * each byte as dns_nsid_text writes it. False (buf "") when the answer holds no TXT
 * record or its strings overrun the record. */
bool dns_chaos_txt(const struct dns_msg *msg, char *buf, size_t cap);

/* The address a whoami name's answer gives (the resolver's egress address, as seen by
 * the name's server): the first A or AAAA record of the answer section, or the first
 * TXT string that is an IPv4 or IPv6 literal (o-o.myaddr.l.google.com,
 * whoami.ds.akahelp.net), written as addr_to_str does. False (buf "") when there is
 * none. */
bool dns_whoami_addr(const struct dns_msg *msg, char *buf, size_t cap);

#endif
