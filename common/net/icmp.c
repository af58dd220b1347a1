/* icmp.c — build and parse ICMP (RFC 792) and ICMPv6 (RFC 4443) messages.
 *
 * Everything here reads untrusted bytes. Each read is preceded by a length check
 * against the end of the region it belongs to, regions only ever shrink, and every
 * loop advances by a checked, non-zero amount and has a fixed bound.
 *
 * What counts as a whole message (the contract icmp.h documents for callers):
 *   - the 8-byte ICMP header must be there, and with with_ip the whole IP header
 *     (IPv4 options, IPv6 extension headers) in front of it: else ICMP_TRUNCATED;
 *   - an error (time exceeded, unreachable, packet too big, parameter problem) must
 *     quote a complete IP header of its own family: else ICMP_TRUNCATED / ICMP_BAD_IP;
 *   - the 8 quoted transport bytes are best effort: has_l4 says whether they are there;
 *   - an RFC 4884 length that points past the end is ICMP_BAD_LENGTH; an extension
 *     structure that does not verify is ignored (has_extensions false).
 * So a message cut short either fails or parses to a prefix of the full result: same
 * type, code, addresses and ports, with less payload, has_l4 false, or no labels. */
#include "netdx/icmp.h"
#include "netdx/wire.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

enum {
	IP4_HDR_MIN = 20,       /* IPv4 header without options */
	IP6_HDR_LEN = 40,       /* IPv6 fixed header */
	ICMP_HDR_LEN = 8,       /* type, code, checksum and the 4-byte "rest of header" */
	L4_QUOTE_LEN = 8,       /* transport bytes every error must quote (RFC 792) */
	IP6_MAX_EXT = 8,        /* extension headers walked before giving up */
	RFC4884_MIN_ORIG = 128, /* original datagram length when extensions follow */
	EXT_HDR_LEN = 4,        /* extension header: version, reserved, checksum */
	EXT_VERSION = 2,
	EXT_OBJ_HDR_LEN = 4, /* object header: length, class-num, c-type */
	MPLS_CLASS = 1,      /* RFC 4950 MPLS label stack object */
	MPLS_CTYPE = 1,      /* incoming MPLS label stack */
	MPLS_ENTRY_LEN = 4,
};

/* ip4_header
 * The IPv4 header at p: version 4, and its length with options (*hl) at least the
 * fixed header's and all there. */
static enum icmp_status ip4_header(const uint8_t *p, size_t len, size_t *hl)
{
	if (len < IP4_HDR_MIN)
		return ICMP_TRUNCATED;
	if (p[0] >> 4 != 4)
		return ICMP_BAD_IP;
	*hl = (size_t)(p[0] & 0x0f) * 4;
	if (*hl < IP4_HDR_MIN)
		return ICMP_BAD_IP;
	return *hl > len ? ICMP_TRUNCATED : ICMP_OK;
}

/* ip6_walk
 * From the IPv6 fixed header at p (version 6, all there) to the upper-layer header:
 * *proto and its offset *off. *l4 is false when no transport header follows (a
 * non-first fragment, No Next Header, or more than IP6_MAX_EXT extension headers). A
 * cut-off chain is truncated. */
static enum icmp_status ip6_walk(const uint8_t *p, size_t len, uint8_t *proto, size_t *off,
				 bool *l4)
{
	uint8_t nh;
	size_t o = IP6_HDR_LEN;

	if (len < IP6_HDR_LEN)
		return ICMP_TRUNCATED;
	if (p[0] >> 4 != 6)
		return ICMP_BAD_IP;
	nh = p[6];
	*l4 = true;
	for (int i = 0; i < IP6_MAX_EXT; i++) {
		size_t hl;
		bool later_fragment = false;

		switch (nh) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_ROUTING:
		case IPPROTO_DSTOPTS:
			if (len - o < 2)
				return ICMP_TRUNCATED;
			hl = ((size_t)p[o + 1] + 1) * 8;
			break;
		case IPPROTO_AH:
			if (len - o < 2)
				return ICMP_TRUNCATED;
			hl = ((size_t)p[o + 1] + 2) * 4;
			break;
		case IPPROTO_FRAGMENT:
			hl = 8;
			if (len - o < hl)
				return ICMP_TRUNCATED;
			later_fragment = (wire_be16(p + o + 2) & 0xfff8) != 0;
			break;
		case IPPROTO_NONE:
			*l4 = false;
			/* fall through */
		default:
			*proto = nh;
			*off = o;
			return ICMP_OK;
		}
		if (hl > len - o)
			return ICMP_TRUNCATED;
		nh = p[o];
		o += hl;
		if (later_fragment) {
			*l4 = false;
			break;
		}
	}
	*l4 = false; /* a later fragment, or the walk limit: nh may be an extension */
	*proto = nh;
	*off = o;
	return ICMP_OK;
}

/* quote_l4_checksum
 * The checksum field of a quoted transport header whose place we know (8 bytes are
 * there: TCP's, at 16, only when the quote reaches it). */
static void quote_l4_checksum(const uint8_t *t, struct icmp_quote *q)
{
	if (q->proto == IPPROTO_ICMP || q->proto == IPPROTO_ICMPV6)
		q->l4_checksum = wire_be16(t + 2);
	else if (q->proto == IPPROTO_UDP)
		q->l4_checksum = wire_be16(t + 6);
}

/* quote_l4
 * The quoted transport header at p + off (when l4 and 8 bytes are there) and the
 * payload after it, which ends at ip_end when the quoted IP length says so. */
static void quote_l4(const uint8_t *p, size_t len, size_t off, bool l4, size_t ip_end,
		     struct icmp_quote *q)
{
	const uint8_t *t = p + off;
	size_t end = len;

	if (!l4 || len - off < L4_QUOTE_LEN)
		return;
	q->has_l4 = true;
	q->l4 = t;
	q->l4_len = ip_end > off ? ip_end - off : 0;
	quote_l4_checksum(t, q);
	switch (q->proto) {
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		q->icmp_type = t[0];
		q->icmp_id = wire_be16(t + 4);
		q->icmp_seq = wire_be16(t + 6);
		break;
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
		q->udp_checksum = wire_be16(t + 6);
		/* fall through */
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
		q->sport = wire_be16(t);
		q->dport = wire_be16(t + 2);
		break;
	case IPPROTO_TCP:
		q->sport = wire_be16(t);
		q->dport = wire_be16(t + 2);
		q->tcp_seq = wire_be32(t + 4);
		break;
	default:
		break;
	}
	/* RFC 4884 pads the quote with zeros: the quoted length says where it ends. */
	if (ip_end >= off + L4_QUOTE_LEN && ip_end < end)
		end = ip_end;
	if (end > off + L4_QUOTE_LEN) {
		q->payload = t + L4_QUOTE_LEN;
		q->payload_len = end - off - L4_QUOTE_LEN;
	}
	if (q->proto == IPPROTO_TCP && q->payload_len >= 10)
		q->l4_checksum = wire_be16(t + 16);
}

/* quote_ip4
 * A quoted IPv4 header with its options, then its transport bytes. */
static enum icmp_status quote_ip4(const uint8_t *p, size_t len, struct icmp_quote *q)
{
	size_t hl;
	enum icmp_status st = ip4_header(p, len, &hl);

	if (st != ICMP_OK)
		return st;
	q->family = AF_INET;
	q->tot_len = wire_be16(p + 2);
	q->ip_id = wire_be16(p + 4);
	q->tos = p[1];
	q->ttl = p[8];
	q->proto = p[9];
	addr_from_bytes(&q->src, AF_INET, p + 12);
	addr_from_bytes(&q->dst, AF_INET, p + 16);
	/* Only the first fragment carries the transport header. */
	quote_l4(p, len, hl, (wire_be16(p + 6) & 0x1fff) == 0, q->tot_len, q);
	return ICMP_OK;
}

/* quote_ip6
 * A quoted IPv6 header, its extension headers, then its transport bytes. */
static enum icmp_status quote_ip6(const uint8_t *p, size_t len, struct icmp_quote *q)
{
	enum icmp_status st;
	size_t off, ip_end;
	uint8_t proto;
	bool l4;

	st = ip6_walk(p, len, &proto, &off, &l4);
	if (st != ICMP_OK)
		return st;
	ip_end = IP6_HDR_LEN + (size_t)wire_be16(p + 4);
	q->family = AF_INET6;
	q->tot_len = ip_end > UINT16_MAX ? UINT16_MAX : (uint16_t)ip_end;
	q->tos = (uint8_t)(wire_be16(p) >> 4);
	q->ttl = p[7];
	q->proto = proto;
	addr_from_bytes(&q->src, AF_INET6, p + 8);
	addr_from_bytes(&q->dst, AF_INET6, p + 24);
	quote_l4(p, len, off, l4, ip_end, q);
	return ICMP_OK;
}

/* icmp_parse_quote
 * The datagram an error quotes; out is all zero unless ICMP_OK. */
enum icmp_status icmp_parse_quote(const uint8_t *p, size_t len, int family, struct icmp_quote *out)
{
	enum icmp_status st;

	if (out == NULL)
		return ICMP_TRUNCATED;
	memset(out, 0, sizeof(*out));
	if (p == NULL)
		return ICMP_TRUNCATED;
	if (family == AF_INET)
		st = quote_ip4(p, len, out);
	else if (family == AF_INET6)
		st = quote_ip6(p, len, out);
	else
		st = ICMP_BAD_IP;
	if (st != ICMP_OK) {
		memset(out, 0, sizeof(*out));
		return st;
	}
	out->present = true;
	return ICMP_OK;
}

/* outer_ip4
 * The IPv4 header a raw socket puts in front of the message: fills the ip_* fields
 * and the message's offset and end (the header's total length, when it is sane). */
static enum icmp_status outer_ip4(const uint8_t *p, size_t len, struct icmp_msg *out, size_t *off,
				  size_t *end)
{
	size_t hl, tot;
	enum icmp_status st = ip4_header(p, len, &hl);

	if (st != ICMP_OK)
		return st;
	if (p[9] != IPPROTO_ICMP || (wire_be16(p + 6) & 0x1fff) != 0)
		return ICMP_BAD_IP; /* not ICMP, or a later fragment without its header */
	tot = wire_be16(p + 2);
	out->ip_ttl = p[8];
	addr_from_bytes(&out->ip_src, AF_INET, p + 12);
	addr_from_bytes(&out->ip_dst, AF_INET, p + 16);
	*off = hl;
	/* Trailing bytes past the total length (link padding) are not part of it. */
	*end = tot >= hl && tot < len ? tot : len;
	return ICMP_OK;
}

/* outer_ip6
 * An IPv6 header in front of an ICMPv6 message (packet sockets, captures): the same
 * as outer_ip4, and the extension headers must lead to ICMPv6. */
static enum icmp_status outer_ip6(const uint8_t *p, size_t len, struct icmp_msg *out, size_t *off,
				  size_t *end)
{
	enum icmp_status st;
	size_t tot;
	uint8_t proto;
	bool l4;

	st = ip6_walk(p, len, &proto, off, &l4);
	if (st != ICMP_OK)
		return st;
	if (proto != IPPROTO_ICMPV6 || !l4)
		return ICMP_BAD_IP;
	tot = IP6_HDR_LEN + (size_t)wire_be16(p + 4);
	out->ip_ttl = p[7];
	addr_from_bytes(&out->ip_src, AF_INET6, p + 8);
	addr_from_bytes(&out->ip_dst, AF_INET6, p + 24);
	*end = tot >= *off && tot < len ? tot : len;
	return ICMP_OK;
}

/* icmp_kind_of
 * The family-independent meaning of a type and code (OTHER for an unknown family). */
enum icmp_kind icmp_kind_of(int family, uint8_t type, uint8_t code)
{
	if (family == AF_INET) {
		switch (type) {
		case ICMP4_ECHO_REPLY:
			return ICMP_KIND_ECHO_REPLY;
		case ICMP4_ECHO_REQUEST:
			return ICMP_KIND_ECHO_REQUEST;
		case ICMP4_TIME_EXCEEDED:
			return ICMP_KIND_TIME_EXCEEDED;
		case ICMP4_DEST_UNREACH:
			return code == 4 ? ICMP_KIND_PACKET_TOO_BIG : ICMP_KIND_UNREACH;
		case ICMP4_PARAM_PROBLEM:
			return ICMP_KIND_PARAM_PROBLEM;
		default:
			return ICMP_KIND_OTHER;
		}
	}
	if (family != AF_INET6)
		return ICMP_KIND_OTHER;
	switch (type) {
	case ICMP6_ECHO_REPLY_T:
		return ICMP_KIND_ECHO_REPLY;
	case ICMP6_ECHO_REQUEST_T:
		return ICMP_KIND_ECHO_REQUEST;
	case ICMP6_TIME_EXCEEDED_T:
		return ICMP_KIND_TIME_EXCEEDED;
	case ICMP6_DEST_UNREACH_T:
		return ICMP_KIND_UNREACH;
	case ICMP6_PACKET_TOO_BIG_T:
		return ICMP_KIND_PACKET_TOO_BIG;
	case ICMP6_PARAM_PROBLEM_T:
		return ICMP_KIND_PARAM_PROBLEM;
	default:
		return ICMP_KIND_OTHER;
	}
}

/* rfc4884_length
 * Whether this type has an RFC 4884 length field, and the original datagram length
 * it gives in bytes (v4: byte 5 in 32-bit words; v6: byte 4 in 64-bit words). */
static bool rfc4884_length(int family, const uint8_t *h, size_t *bytes)
{
	if (family == AF_INET) {
		if (h[0] != ICMP4_DEST_UNREACH && h[0] != ICMP4_TIME_EXCEEDED &&
		    h[0] != ICMP4_PARAM_PROBLEM)
			return false;
		*bytes = (size_t)h[5] * 4;
		return true;
	}
	if (h[0] != ICMP6_DEST_UNREACH_T && h[0] != ICMP6_TIME_EXCEEDED_T)
		return false;
	*bytes = (size_t)h[4] * 8;
	return true;
}

/* mpls_labels
 * RFC 4950 label stack entries (label 20, TC 3, S 1, TTL 8 bits), up to ICMP_MAX_MPLS
 * over the whole message; a partial trailing entry is ignored. */
static void mpls_labels(struct wire_reader obj, struct icmp_msg *out)
{
	while (wire_left(&obj) >= MPLS_ENTRY_LEN && out->n_mpls < ICMP_MAX_MPLS) {
		uint32_t e = wire_get32(&obj);
		struct icmp_mpls *m = &out->mpls[out->n_mpls++];

		m->label = e >> 12;
		m->tc = (uint8_t)(e >> 9 & 7);
		m->s = (uint8_t)(e >> 8 & 1);
		m->ttl = (uint8_t)e;
	}
}

/* extensions
 * An RFC 4884 extension structure filling the rest of the message. It counts when its
 * version is 2 and its checksum verifies (0 means "not computed" and is accepted, except
 * when guessing at the legacy offset). Objects are walked until one is malformed: a
 * length under the object header's would loop forever, one past the end read past. */
static bool extensions(const uint8_t *p, size_t len, bool guessed, struct icmp_msg *out)
{
	struct wire_reader r = wire_reader_at(p, len, 0);
	uint8_t version = wire_get8(&r) >> 4;
	uint16_t ck;

	wire_get8(&r); /* reserved */
	ck = wire_get16(&r);
	if (r.error || version != EXT_VERSION)
		return false;
	if (ck == 0 ? guessed : icmp_checksum(p, len) != 0)
		return false;
	out->has_extensions = true;
	while (wire_left(&r) >= EXT_OBJ_HDR_LEN) {
		size_t olen = wire_get16(&r);
		uint8_t class_num = wire_get8(&r), c_type = wire_get8(&r);
		const uint8_t *body;

		if (olen < EXT_OBJ_HDR_LEN)
			break;
		body = wire_take(&r, olen - EXT_OBJ_HDR_LEN);
		if (body == NULL)
			break;
		if (class_num == MPLS_CLASS && c_type == MPLS_CTYPE)
			mpls_labels(wire_reader_at(body, olen - EXT_OBJ_HDR_LEN, 0), out);
	}
	return true;
}

/* error_body
 * Everything after an error's 8-byte header: where the original datagram ends (RFC 4884
 * length, else the legacy offset 128 when a valid structure sits there), the extension
 * structure after it, and the quote itself. */
static enum icmp_status error_body(const uint8_t *h, size_t len, int family, struct icmp_msg *out)
{
	const uint8_t *body = h + ICMP_HDR_LEN;
	size_t blen = len - ICMP_HDR_LEN;
	size_t orig = blen, claimed;

	if (rfc4884_length(family, h, &claimed)) {
		if (claimed > blen)
			return ICMP_BAD_LENGTH;
		if (claimed > 0) {
			orig = claimed;
			if (claimed >= RFC4884_MIN_ORIG && blen > claimed)
				extensions(body + claimed, blen - claimed, false, out);
		} else if (blen > RFC4884_MIN_ORIG &&
			   extensions(body + RFC4884_MIN_ORIG, blen - RFC4884_MIN_ORIG, true,
				      out)) {
			orig = RFC4884_MIN_ORIG; /* traceroute's and mtr's non-compliant case */
		}
	}
	return icmp_parse_quote(body, orig, family, &out->quote);
}

/* parse_message
 * The ICMP or ICMPv6 message proper at h (the IP header already skipped). */
static enum icmp_status parse_message(const uint8_t *h, size_t len, int family,
				      struct icmp_msg *out)
{
	if (len < ICMP_HDR_LEN)
		return ICMP_TRUNCATED;
	out->family = family;
	out->type = h[0];
	out->code = h[1];
	out->kind = icmp_kind_of(family, h[0], h[1]);
	switch (out->kind) {
	case ICMP_KIND_ECHO_REQUEST:
	case ICMP_KIND_ECHO_REPLY:
		out->id = wire_be16(h + 4);
		out->seq = wire_be16(h + 6);
		/* fall through */
	case ICMP_KIND_OTHER:
		if (len > ICMP_HDR_LEN) {
			out->data = h + ICMP_HDR_LEN;
			out->data_len = len - ICMP_HDR_LEN;
		}
		return ICMP_OK;
	case ICMP_KIND_PACKET_TOO_BIG:
		out->mtu = family == AF_INET ? wire_be16(h + 6) : wire_be32(h + 4);
		break;
	case ICMP_KIND_PARAM_PROBLEM:
		out->pointer = family == AF_INET ? h[4] : wire_be32(h + 4);
		break;
	default:
		break;
	}
	return error_body(h, len, family, out);
}

/* icmp_parse
 * One message, optionally behind its IP header; out is all zero unless ICMP_OK. */
enum icmp_status icmp_parse(const uint8_t *pkt, size_t len, int family, bool with_ip,
			    struct icmp_msg *out)
{
	enum icmp_status st;
	size_t off = 0, end = len;

	if (out == NULL)
		return ICMP_TRUNCATED;
	memset(out, 0, sizeof(*out));
	if (pkt == NULL)
		return ICMP_TRUNCATED;
	if (family != AF_INET && family != AF_INET6)
		return ICMP_BAD_IP;
	out->ip_ttl = -1;
	if (with_ip) {
		if (family == AF_INET)
			st = outer_ip4(pkt, len, out, &off, &end);
		else
			st = outer_ip6(pkt, len, out, &off, &end);
		if (st != ICMP_OK)
			goto fail;
	}
	st = parse_message(pkt + off, end - off, family, out);
	if (st != ICMP_OK)
		goto fail;
	return ICMP_OK;
fail:
	memset(out, 0, sizeof(*out));
	return st;
}

/* icmp_build_echo
 * An echo request ready for sendto(); the v4 checksum is filled in. */
size_t icmp_build_echo(uint8_t *buf, size_t cap, int family, uint16_t id, uint16_t seq,
		       const uint8_t *payload, size_t payload_len)
{
	if (buf == NULL || cap < ICMP_HDR_LEN || payload_len > cap - ICMP_HDR_LEN ||
	    (payload == NULL && payload_len > 0))
		return 0;
	if (family != AF_INET && family != AF_INET6)
		return 0;
	buf[0] = family == AF_INET ? ICMP4_ECHO_REQUEST : ICMP6_ECHO_REQUEST_T;
	buf[1] = 0;
	wire_put16(buf + 2, 0);
	wire_put16(buf + 4, id);
	wire_put16(buf + 6, seq);
	if (payload_len > 0)
		memmove(buf + ICMP_HDR_LEN, payload, payload_len);
	if (family == AF_INET)
		wire_put16(buf + 2, icmp_checksum(buf, ICMP_HDR_LEN + payload_len));
	return ICMP_HDR_LEN + payload_len;
}

/* icmp_checksum
 * RFC 1071 one's-complement sum of big-endian 16-bit words, an odd last byte padded
 * with zero; store the result big-endian. Over data that holds a correct checksum
 * the result is 0. */
uint16_t icmp_checksum(const void *data, size_t len)
{
	return (uint16_t)~wire_sum_fold(wire_sum_add(0, data, data ? len : 0));
}

/* iputils ping's words for ICMPv4 destination unreachable codes 0..15. */
static const char *const unreach4_words[16] = {
	"Destination Net Unreachable",
	"Destination Host Unreachable",
	"Destination Protocol Unreachable",
	"Destination Port Unreachable",
	"Frag needed and DF set",
	"Source Route Failed",
	"Destination Net Unknown",
	"Destination Host Unknown",
	"Source Host Isolated",
	"Destination Net Prohibited",
	"Destination Host Prohibited",
	"Destination Net Unreachable for Type of Service",
	"Destination Host Unreachable for Type of Service",
	"Packet filtered",
	"Precedence Violation",
	"Precedence Cutoff",
};

/* iputils ping's words for ICMPv4 redirect codes 0..3. */
static const char *const redirect4_words[4] = {
	"Redirect Network",
	"Redirect Host",
	"Redirect Type of Service and Network",
	"Redirect Type of Service and Host",
};

/* iputils ping's words for the ICMPv4 query types 13..18. */
static const char *const query4_words[6] = {
	"Timestamp",         "Timestamp Reply",      "Information Request",
	"Information Reply", "Address Mask Request", "Address Mask Reply",
};

/* iputils ping (IPv6) words for destination unreachable codes 0..6. */
static const char *const unreach6_words[7] = {
	"Destination unreachable: No route",
	"Destination unreachable: Administratively prohibited",
	"Destination unreachable: Beyond scope of source address",
	"Destination unreachable: Address unreachable",
	"Destination unreachable: Port unreachable",
	"Destination unreachable: Source address failed ingress/egress policy",
	"Destination unreachable: Reject route to destination",
};

/* iputils ping (IPv6) words for parameter problem codes 0..2. */
static const char *const param6_words[3] = {
	"Parameter problem: Wrong header field",
	"Parameter problem: Unknown header",
	"Parameter problem: Unknown option",
};

/* describe4
 * iputils' text for an ICMPv4 type/code, without the numbers it prints after. */
static const char *describe4(uint8_t type, uint8_t code)
{
	switch (type) {
	case ICMP4_ECHO_REPLY:
		return "Echo Reply";
	case ICMP4_DEST_UNREACH:
		return code < 16 ? unreach4_words[code] : "Dest Unreachable, Bad Code";
	case 4:
		return "Source Quench";
	case 5:
		return code < 4 ? redirect4_words[code] : "Redirect, Bad Code";
	case ICMP4_ECHO_REQUEST:
		return "Echo Request";
	case ICMP4_TIME_EXCEEDED:
		if (code == 0)
			return "Time to live exceeded";
		return code == 1 ? "Frag reassembly time exceeded" : "Time exceeded, Bad Code";
	case ICMP4_PARAM_PROBLEM:
		return "Parameter problem";
	default:
		if (type >= 13 && type <= 18)
			return query4_words[type - 13];
		return "Bad ICMP type";
	}
}

/* describe6
 * iputils' text for an ICMPv6 type/code, without the numbers it prints after. */
static const char *describe6(uint8_t type, uint8_t code)
{
	switch (type) {
	case ICMP6_DEST_UNREACH_T:
		return code < 7 ? unreach6_words[code] : "Destination unreachable: Unknown code";
	case ICMP6_PACKET_TOO_BIG_T:
		return "Packet too big";
	case ICMP6_TIME_EXCEEDED_T:
		if (code == 0)
			return "Time exceeded: Hop limit";
		return code == 1 ? "Time exceeded: Defragmentation failure" : "Time exceeded: code";
	case ICMP6_PARAM_PROBLEM_T:
		return code < 3 ? param6_words[code] : "Parameter problem: code";
	case ICMP6_ECHO_REQUEST_T:
		return "Echo request";
	case ICMP6_ECHO_REPLY_T:
		return "Echo reply";
	case 130:
		return "MLD Query";
	case 131:
		return "MLD Report";
	case 132:
		return "MLD Reduction";
	default:
		return "unknown icmp type";
	}
}

/* icmp_describe
 * iputils' words for a type/code. Where iputils prints a number after the words the
 * caller appends it: ": <code>" after "Bad Code", ": <type>" after "Bad ICMP type" and
 * "unknown icmp type", " <code>" after v6 "code"/"Unknown code", "(mtu = N)" or
 * ": mtu=N", "pointer = N" / " at N" as iputils does. Never NULL ("" for a bad family). */
const char *icmp_describe(int family, uint8_t type, uint8_t code)
{
	if (family == AF_INET)
		return describe4(type, code);
	if (family == AF_INET6)
		return describe6(type, code);
	return "";
}

/* icmp_unreach_annotation
 * traceroute 2.x's mark after a hop for an unreachable code. Like traceroute, v4 codes
 * 6/8/11 are !N and 7/12 !H; v6 2 (beyond scope) is !H. "!F" (also for v6 Packet Too
 * Big) wants "-<mtu>" appended. Unknown codes give "!<code>" in buf ("!<?>" without). */
const char *icmp_unreach_annotation(int family, uint8_t code, char *buf, size_t len)
{
	if (family == AF_INET) {
		switch (code) {
		case 0:
		case 6:
		case 8:
		case 11:
			return "!N";
		case 1:
		case 7:
		case 12:
			return "!H";
		case 2:
			return "!P";
		case 3:
			return ""; /* port unreachable: the probe arrived */
		case 4:
			return "!F";
		case 5:
			return "!S";
		case 9:
		case 10:
		case 13:
			return "!X";
		case 14:
			return "!V";
		case 15:
			return "!C";
		default:
			break;
		}
	} else if (family == AF_INET6) {
		switch (code) {
		case 0:
			return "!N";
		case 1:
			return "!X";
		case 2:
		case 3:
			return "!H";
		case 4:
			return "";
		default:
			break;
		}
	}
	if (buf == NULL || len == 0)
		return "!<?>";
	snprintf(buf, len, "!<%u>", (unsigned)code);
	return buf;
}
