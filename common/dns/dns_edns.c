/* dns_edns.c — EDNS option names and texts (see netdx/dns_edns.h). */
#include "netdx/dns_edns.h"

#include <stdio.h>

#include "netdx/wire.h"

/* dns_edns_opt_name
 * BIND's names of the EDNS option codes it knows. */
const char *dns_edns_opt_name(uint16_t code)
{
	/* clang-format off */
	static const char *const names[] = {
		NULL,      "LLQ",        "UPDATE-LEASE", "NSID",       NULL,
		"DAU",     "DHU",        "N3U",          "ECS",        "EXPIRE",
		"COOKIE",  "KEEPALIVE",  "PADDING",      "CHAIN",      "KEY-TAG",
		"EDE",     "CLIENT-TAG", "SERVER-TAG",   "REPORT-CHANNEL", "ZONEVERSION",
	};
	/* clang-format on */

	return code < sizeof(names) / sizeof(names[0]) ? names[code] : NULL;
}

/* dns_ede_name
 * RFC 8914's text of an Extended DNS Error info code. */
const char *dns_ede_name(uint16_t info)
{
	/* clang-format off */
	static const char *const names[] = {
		"Other",
		"Unsupported DNSKEY Algorithm",
		"Unsupported DS Digest Type",
		"Stale Answer",
		"Forged Answer",
		"DNSSEC Indeterminate",
		"DNSSEC Bogus",
		"Signature Expired",
		"Signature Not Yet Valid",
		"DNSKEY Missing",
		"RRSIGs Missing",
		"No Zone Key Bit Set",
		"NSEC Missing",
		"Cached Error",
		"Not Ready",
		"Blocked",
		"Censored",
		"Filtered",
		"Prohibited",
		"Stale NXDOMAIN Answer",
		"Not Authoritative",
		"Not Supported",
		"No Reachable Authority",
		"Network Error",
		"Invalid Data",
		"Signature Expired before Valid",
		"Too Early",
		"Unsupported NSEC3 Iterations Value",
		"Unable to conform to policy",
		"Synthesized",
		"Invalid Query Type",
	};
	/* clang-format on */

	return info < sizeof(names) / sizeof(names[0]) ? names[info] : NULL;
}

/* printable
 * The bytes as text, non-printables as '.' (for NSID and EDE extra text). */
static void printable(struct dns_text *t, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dns_text_addc(t, p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.');
}

/* dns_edns_opt_text
 * NSID as hex and text, EDE as code, name and extra text, others as hex. */
void dns_edns_opt_text(const struct dns_msg *msg, const struct dns_edns_opt *o,
		       struct dns_text *out)
{
	const uint8_t *p = msg->wire + o->off;

	if (o->code == DNS_OPT_EDE && o->len >= 2) {
		uint16_t info = wire_be16(p);
		const char *name = dns_ede_name(info);
		dns_text_printf(out, "%u (%s)", info, name ? name : "Unassigned");
		if (o->len > 2) {
			dns_text_add(out, ": ");
			printable(out, p + 2, o->len - 2u);
		}
		return;
	}
	dns_text_hex(out, p, o->len, 0);
	if (o->code == DNS_OPT_NSID && o->len > 0) {
		dns_text_add(out, " (\"");
		printable(out, p, o->len);
		dns_text_add(out, "\")");
	}
}
