/* dns_edns — EDNS0 (RFC 6891) of a parsed message: option names, NSID (RFC 5001)
 * and Extended DNS Errors (RFC 8914) in words. */
#ifndef NETDX_DNS_EDNS_H
#define NETDX_DNS_EDNS_H

#include <stdint.h>

#include "netdx/dns_msg.h"
#include "netdx/dns_text.h"

#define DNS_OPT_NSID 3
#define DNS_OPT_COOKIE 10
#define DNS_OPT_EDE 15

/* "NSID", "COOKIE", "EDE", ... (BIND's names), NULL for others. */
const char *dns_edns_opt_name(uint16_t code);

/* RFC 8914 info-code text ("Blocked", "DNSSEC Bogus", ...), NULL for unassigned. */
const char *dns_ede_name(uint16_t info);

/* An option's value in words: NSID as hex and ("printable text"), EDE as
 * "<code> (<name>): <extra text>", others as hex. */
void dns_edns_opt_text(const struct dns_msg *msg, const struct dns_edns_opt *o,
		       struct dns_text *out);

#endif
