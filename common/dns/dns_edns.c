/* dns_edns.c — EDNS option names and texts (see netdx/dns_edns.h). */
#include "netdx/dns_edns.h"

#include <stdio.h>

/* dns_edns_opt_name
 * BIND's names of the EDNS option codes it knows. */
const char *dns_edns_opt_name(uint16_t code)
{
	switch (code) {
	case 1:
		return "LLQ";
	case 2:
		return "UPDATE-LEASE";
	case 3:
		return "NSID";
	case 5:
		return "DAU";
	case 6:
		return "DHU";
	case 7:
		return "N3U";
	case 8:
		return "ECS";
	case 9:
		return "EXPIRE";
	case 10:
		return "COOKIE";
	case 11:
		return "KEEPALIVE";
	case 12:
		return "PADDING";
	case 13:
		return "CHAIN";
	case 14:
		return "KEY-TAG";
	case 15:
		return "EDE";
	case 16:
		return "CLIENT-TAG";
	case 17:
		return "SERVER-TAG";
	case 18:
		return "REPORT-CHANNEL";
	case 19:
		return "ZONEVERSION";
	default:
		return NULL;
	}
}

/* dns_ede_name
 * RFC 8914's text of an Extended DNS Error info code. */
const char *dns_ede_name(uint16_t info)
{
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
		uint16_t info = dns_get16(p);
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

/* dns_edns_to_json
 * The OPT record's fields and options, or JSON null without one. */
json_t *dns_edns_to_json(const struct dns_msg *msg)
{
	const struct dns_edns *e = &msg->edns;
	json_t *obj, *opts;

	if (!e->present)
		return json_null();
	obj = json_object();
	opts = json_array();
	json_object_set_new(obj, "version", json_integer(e->version));
	json_object_set_new(obj, "udp_size", json_integer(e->udp_size));
	json_object_set_new(obj, "do", json_boolean(e->do_bit));
	json_object_set_new(obj, "flags", json_integer(e->flags));
	json_object_set_new(obj, "ext_rcode", json_integer(e->ext_rcode));
	for (size_t i = 0; i < e->n_opts; i++) {
		const struct dns_edns_opt *o = &e->opts[i];
		const char *name = dns_edns_opt_name(o->code);
		json_t *j = json_object();
		struct dns_text t;
		dns_text_init(&t);
		dns_text_hex(&t, msg->wire + o->off, o->len, 0);
		json_object_set_new(j, "code", json_integer(o->code));
		json_object_set_new(j, "name", name ? json_string(name) : json_null());
		json_object_set_new(j, "hex", json_string(dns_text_str(&t)));
		dns_text_clear(&t);
		dns_edns_opt_text(msg, o, &t);
		json_object_set_new(j, "text", json_string(dns_text_str(&t)));
		dns_text_free(&t);
		json_array_append_new(opts, j);
	}
	json_object_set_new(obj, "options", opts);
	return obj;
}
