/* test_icmp.c — icmp_parse() and friends against byte-exact messages.
 *
 * The fixtures live in icmp_fixtures.h (documentation addresses only; nothing here
 * touches a socket). Variants (another code, a broken length or checksum) are made by
 * copying a fixture into a heap buffer of exactly the right size and patching it, so
 * AddressSanitizer sees any read past the end.
 *
 * Truncation contract tested here (documented in common/net/icmp.c): a message cut short
 * either gives a non-OK status with *out all zero, or parses to a prefix of the full
 * result — same type, code, addresses, ports — with less payload, has_l4 false or
 * fewer labels. */
#include "netdx/icmp.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "icmp_fixtures.h"
#include "unit.h"

#define FIX(a) (a), sizeof(a)

/* copy
 * A heap copy of n bytes (at least one byte allocated) that the test may patch. */
static uint8_t *copy(const uint8_t *p, size_t n)
{
	uint8_t *b = malloc(n ? n : 1);

	if (b == NULL)
		abort();
	if (n)
		memcpy(b, p, n);
	return b;
}

/* parse
 * icmp_parse on an exact-size heap copy, so a read past len is an ASan error. */
static enum icmp_status parse(const uint8_t *p, size_t n, int family, bool with_ip,
			      struct icmp_msg *m)
{
	uint8_t *b = copy(p, n);
	enum icmp_status st = icmp_parse(b, n, family, with_ip, m);

	/* Pointers into b must not outlive it: re-point them into p. */
	if (m->data)
		m->data = p + (m->data - b);
	if (m->quote.payload)
		m->quote.payload = p + (m->quote.payload - b);
	free(b);
	return st;
}

/* addr_is
 * Whether a holds exactly the literal text (family from the text). */
static bool addr_is(const struct netdx_addr *a, const char *text)
{
	unsigned char bytes[16];

	if (strchr(text, ':')) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&a->ss;

		return inet_pton(AF_INET6, text, bytes) == 1 && a->len == sizeof(*s6) &&
		       s6->sin6_family == AF_INET6 && memcmp(&s6->sin6_addr, bytes, 16) == 0;
	}
	const struct sockaddr_in *s4 = (const struct sockaddr_in *)&a->ss;

	return inet_pton(AF_INET, text, bytes) == 1 && a->len == sizeof(*s4) &&
	       s4->sin_family == AF_INET && memcmp(&s4->sin_addr, bytes, 4) == 0;
}

/* all_zero
 * Whether n bytes at p are all zero (a failed parse must leave *out so). */
static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* ext_fix
 * Recompute the checksum of an extension structure of len bytes after patching it. */
static void ext_fix(uint8_t *ext, size_t len)
{
	uint16_t c;

	ext[2] = ext[3] = 0;
	c = icmp_checksum(ext, len);
	ext[2] = (uint8_t)(c >> 8);
	ext[3] = (uint8_t)c;
}

/* ---- echo ---- */

/* v4 echo reply behind its IPv4 header, as a raw socket delivers it. */
static void test_v4_echo_reply_with_ip(void)
{
	struct icmp_msg m;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v4_echo_reply_ip), AF_INET, true, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.family, AF_INET);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_ECHO_REPLY);
	CU_ASSERT_EQUAL(m.type, 0);
	CU_ASSERT_EQUAL(m.code, 0);
	CU_ASSERT_EQUAL(m.id, 1234);
	CU_ASSERT_EQUAL(m.seq, 7);
	CU_ASSERT_EQUAL(m.ip_ttl, 57);
	CU_ASSERT(addr_is(&m.ip_src, "198.51.100.7"));
	CU_ASSERT(addr_is(&m.ip_dst, "192.0.2.10"));
	CU_ASSERT_EQUAL_FATAL(m.data_len, 16);
	CU_ASSERT_PTR_EQUAL(m.data, v4_echo_reply_ip + 28);
	CU_ASSERT(memcmp(m.data, "netdx echo data!", 16) == 0);
	CU_ASSERT_FALSE(m.quote.present);
	CU_ASSERT_FALSE(m.has_extensions);
}

/* The same reply from an ICMP datagram socket: no IP header, ip_ttl -1. */
static void test_v4_echo_reply_without_ip(void)
{
	struct icmp_msg m;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v4_echo_reply), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_ECHO_REPLY);
	CU_ASSERT_EQUAL(m.id, 1234);
	CU_ASSERT_EQUAL(m.seq, 7);
	CU_ASSERT_EQUAL(m.ip_ttl, -1);
	CU_ASSERT_EQUAL(m.ip_src.len, 0);
	CU_ASSERT_EQUAL(m.ip_dst.len, 0);
	CU_ASSERT_EQUAL(m.data_len, 16);
	CU_ASSERT_PTR_EQUAL(m.data, v4_echo_reply + 8);
	/* The same bytes read as if an IP header led them: not IPv4 (version 0). */
	CU_ASSERT_EQUAL(parse(FIX(v4_echo_reply), AF_INET, true, &m), ICMP_BAD_IP);
}

/* Bytes past the IPv4 total length (link padding) are not echo data. */
static void test_v4_outer_total_length_trims(void)
{
	uint8_t pad[sizeof(v4_echo_reply_ip) + 6];
	struct icmp_msg m;

	memcpy(pad, v4_echo_reply_ip, sizeof(v4_echo_reply_ip));
	memset(pad + sizeof(v4_echo_reply_ip), 0xee, 6);
	CU_ASSERT_EQUAL_FATAL(parse(FIX(pad), AF_INET, true, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.data_len, 16);
}

/* ICMPv6 echo reply (ICMPv6 sockets never include the IPv6 header). */
static void test_v6_echo_reply(void)
{
	struct icmp_msg m;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v6_echo_reply), AF_INET6, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.family, AF_INET6);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_ECHO_REPLY);
	CU_ASSERT_EQUAL(m.type, 129);
	CU_ASSERT_EQUAL(m.id, 0x1234);
	CU_ASSERT_EQUAL(m.seq, 9);
	CU_ASSERT_EQUAL(m.ip_ttl, -1);
	CU_ASSERT_EQUAL_FATAL(m.data_len, 8);
	CU_ASSERT(memcmp(m.data, "ndx6ping", 8) == 0);
	/* Type 129 means nothing in ICMPv4. */
	CU_ASSERT_EQUAL(parse(FIX(v6_echo_reply), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_OTHER);
}

/* Types the engine does not handle are OTHER, with their body as data. */
static void test_other_kinds(void)
{
	uint8_t b[12] = {14, 0, 0, 0, 0x12, 0x34, 0, 1, 1, 2, 3, 4}; /* timestamp reply */
	struct icmp_msg m;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(b), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_OTHER);
	CU_ASSERT_EQUAL(m.type, 14);
	CU_ASSERT_EQUAL(m.data_len, 4);
	CU_ASSERT_FALSE(m.quote.present);
	b[0] = 5; /* redirect: not one of the error kinds the engine matches */
	CU_ASSERT_EQUAL_FATAL(parse(FIX(b), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_OTHER);
	b[0] = 134; /* router advertisement */
	CU_ASSERT_EQUAL_FATAL(parse(FIX(b), AF_INET6, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_OTHER);
	CU_ASSERT_EQUAL(m.id, 0);
}

/* icmp_kind_of: the error-queue path knows only type and code. */
static void test_kind_of(void)
{
	CU_ASSERT_EQUAL(icmp_kind_of(AF_INET, 0, 0), ICMP_KIND_ECHO_REPLY);
	CU_ASSERT_EQUAL(icmp_kind_of(AF_INET, 8, 0), ICMP_KIND_ECHO_REQUEST);
	CU_ASSERT_EQUAL(icmp_kind_of(AF_INET, 11, 1), ICMP_KIND_TIME_EXCEEDED);
	CU_ASSERT_EQUAL(icmp_kind_of(AF_INET, 3, 3), ICMP_KIND_UNREACH);
	CU_ASSERT_EQUAL(icmp_kind_of(AF_INET, 3, 4), ICMP_KIND_PACKET_TOO_BIG);
	CU_ASSERT_EQUAL(icmp_kind_of(AF_INET, 12, 0), ICMP_KIND_PARAM_PROBLEM);
	CU_ASSERT_EQUAL(icmp_kind_of(AF_INET, 129, 0), ICMP_KIND_OTHER);
	CU_ASSERT_EQUAL(icmp_kind_of(AF_INET6, 129, 0), ICMP_KIND_ECHO_REPLY);
	CU_ASSERT_EQUAL(icmp_kind_of(AF_INET6, 128, 0), ICMP_KIND_ECHO_REQUEST);
	CU_ASSERT_EQUAL(icmp_kind_of(AF_INET6, 1, 4), ICMP_KIND_UNREACH);
	CU_ASSERT_EQUAL(icmp_kind_of(AF_INET6, 2, 0), ICMP_KIND_PACKET_TOO_BIG);
	CU_ASSERT_EQUAL(icmp_kind_of(AF_INET6, 3, 0), ICMP_KIND_TIME_EXCEEDED);
	CU_ASSERT_EQUAL(icmp_kind_of(AF_INET6, 4, 0), ICMP_KIND_PARAM_PROBLEM);
	CU_ASSERT_EQUAL(icmp_kind_of(AF_INET6, 0, 0), ICMP_KIND_OTHER);
	CU_ASSERT_EQUAL(icmp_kind_of(AF_UNSPEC, 0, 0), ICMP_KIND_OTHER);
}

/* ---- IPv4 errors ---- */

/* Time exceeded quoting a UDP probe, behind the router's IPv4 header. */
static void test_v4_time_exceeded_udp(void)
{
	struct icmp_msg m;
	const struct icmp_quote *q = &m.quote;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v4_te_udp_ip), AF_INET, true, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_TIME_EXCEEDED);
	CU_ASSERT_EQUAL(m.type, 11);
	CU_ASSERT_EQUAL(m.code, 0);
	CU_ASSERT_EQUAL(m.ip_ttl, 254);
	CU_ASSERT(addr_is(&m.ip_src, "203.0.113.1"));
	CU_ASSERT_PTR_NULL(m.data);
	CU_ASSERT_FATAL(q->present);
	CU_ASSERT_EQUAL(q->family, AF_INET);
	CU_ASSERT_EQUAL(q->proto, IPPROTO_UDP);
	CU_ASSERT(addr_is(&q->src, "192.0.2.10"));
	CU_ASSERT(addr_is(&q->dst, "198.51.100.7"));
	CU_ASSERT_EQUAL(q->ttl, 1);
	CU_ASSERT_EQUAL(q->ip_id, 0xbeef);
	CU_ASSERT_EQUAL(q->tot_len, 60);
	CU_ASSERT_FATAL(q->has_l4);
	CU_ASSERT_EQUAL(q->sport, 45000);
	CU_ASSERT_EQUAL(q->dport, 33434);
	CU_ASSERT_EQUAL(q->udp_checksum, 0xabcd);
	CU_ASSERT_EQUAL(q->payload_len, 12);
	CU_ASSERT_PTR_EQUAL(q->payload, v4_te_udp_ip + 56);
}

/* Time exceeded quoting an ICMP echo probe: type, id and seq. */
static void test_v4_time_exceeded_icmp(void)
{
	struct icmp_msg m;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v4_te_icmp), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_TIME_EXCEEDED);
	CU_ASSERT_EQUAL(m.quote.proto, IPPROTO_ICMP);
	CU_ASSERT_EQUAL(m.quote.tot_len, 84);
	CU_ASSERT(m.quote.has_l4);
	CU_ASSERT_EQUAL(m.quote.icmp_type, 8);
	CU_ASSERT_EQUAL(m.quote.icmp_id, 1234);
	CU_ASSERT_EQUAL(m.quote.icmp_seq, 3);
	CU_ASSERT_EQUAL(m.quote.sport, 0);
	CU_ASSERT_EQUAL(m.quote.payload_len, 8);
	CU_ASSERT(m.quote.payload && memcmp(m.quote.payload, "ABCDEFGH", 8) == 0);
}

/* Time exceeded quoting a TCP SYN whose IPv4 header has options (IHL 6). */
static void test_v4_time_exceeded_tcp_options(void)
{
	struct icmp_msg m;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v4_te_tcp_opts), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.quote.proto, IPPROTO_TCP);
	CU_ASSERT_EQUAL(m.quote.ttl, 2);
	CU_ASSERT_EQUAL(m.quote.sport, 40000);
	CU_ASSERT_EQUAL(m.quote.dport, 80);
	CU_ASSERT_EQUAL(m.quote.tcp_seq, 0x11223344);
	/* The rest of the 20-byte TCP header, found after the 24-byte IP header. */
	CU_ASSERT_EQUAL(m.quote.payload_len, 12);
	CU_ASSERT_PTR_EQUAL(m.quote.payload, v4_te_tcp_opts + 8 + 24 + 8);
}

/* What the quote checks read (netdx/quote_check.h): the quoted TOS byte or traffic
 * class, the transport checksum wherever its protocol keeps it, the transport bytes and
 * the length the quoted header claims for them. */
static void test_quote_tos_and_checksum(void)
{
	struct icmp_msg m;
	uint8_t *b = copy(FIX(v4_te_udp_ip));
	b[29] = 0xb8;
	CU_ASSERT_EQUAL_FATAL(icmp_parse(b, sizeof(v4_te_udp_ip), AF_INET, true, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.quote.tos, 0xb8);
	CU_ASSERT_EQUAL(m.quote.l4_checksum, 0xabcd);
	CU_ASSERT_PTR_EQUAL(m.quote.l4, b + 48);
	CU_ASSERT_EQUAL(m.quote.l4_len, 40); /* 8 + 12 of them quoted */
	CU_ASSERT(!m.quote.ip_rebuilt && !m.quote.l4_rebuilt);
	free(b);
	CU_ASSERT_EQUAL_FATAL(parse(FIX(v4_te_tcp_opts), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.quote.l4_checksum, 0x1234);
	CU_ASSERT_EQUAL(m.quote.l4_len, 20);
	CU_ASSERT_EQUAL_FATAL(parse(FIX(v4_te_icmp), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.quote.l4_checksum, 0xe215);
	CU_ASSERT_EQUAL(m.quote.l4_len, 64);
	b = copy(FIX(v6_te_udp));
	b[8] = 0x6b, b[9] = 0x80; /* version 6, traffic class 0xb8 */
	CU_ASSERT_EQUAL_FATAL(icmp_parse(b, sizeof(v6_te_udp), AF_INET6, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.quote.tos, 0xb8);
	CU_ASSERT_EQUAL(m.quote.l4_checksum, 0xabcd);
	CU_ASSERT_EQUAL(m.quote.l4_len, 16);
	free(b);
}

/* Port unreachable: the normal end of a UDP traceroute. */
static void test_v4_unreach_port(void)
{
	struct icmp_msg m;
	char buf[16];

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v4_unreach_port), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_UNREACH);
	CU_ASSERT_EQUAL(m.code, 3);
	CU_ASSERT_EQUAL(m.mtu, 0);
	CU_ASSERT_EQUAL(m.quote.ttl, 61);
	CU_ASSERT_EQUAL(m.quote.sport, 45001);
	CU_ASSERT_EQUAL(m.quote.dport, 33435);
	CU_ASSERT_EQUAL_FATAL(m.quote.payload_len, 4);
	CU_ASSERT(memcmp(m.quote.payload, "ndx!", 4) == 0);
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET, m.type, m.code),
			       "Destination Port Unreachable");
	CU_ASSERT_STRING_EQUAL(icmp_unreach_annotation(AF_INET, m.code, buf, sizeof(buf)), "");
}

/* Host unreachable and communication administratively prohibited (code 13). */
static void test_v4_unreach_host_and_admin(void)
{
	static const struct {
		uint8_t code;
		const char *words, *mark;
	} cases[] = {
		{1, "Destination Host Unreachable", "!H"},
		{10, "Destination Host Prohibited", "!X"},
		{13, "Packet filtered", "!X"},
	};
	char buf[16];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *b = copy(FIX(v4_unreach_port));
		struct icmp_msg m;

		b[1] = cases[i].code;
		CU_ASSERT_EQUAL(icmp_parse(b, sizeof(v4_unreach_port), AF_INET, false, &m),
				ICMP_OK);
		CU_ASSERT_EQUAL(m.kind, ICMP_KIND_UNREACH);
		CU_ASSERT_EQUAL(m.code, cases[i].code);
		CU_ASSERT_EQUAL(m.quote.dport, 33435);
		CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET, 3, m.code), cases[i].words);
		CU_ASSERT_STRING_EQUAL(icmp_unreach_annotation(AF_INET, m.code, buf, sizeof(buf)),
				       cases[i].mark);
		free(b);
	}
}

/* Fragmentation needed: its own kind, with the next-hop MTU from bytes 6-7. */
static void test_v4_frag_needed_mtu(void)
{
	struct icmp_msg m;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v4_frag_needed), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_PACKET_TOO_BIG);
	CU_ASSERT_EQUAL(m.type, 3);
	CU_ASSERT_EQUAL(m.code, 4);
	CU_ASSERT_EQUAL(m.mtu, 1400);
	CU_ASSERT_EQUAL(m.quote.tot_len, 1500);
	CU_ASSERT_EQUAL(m.quote.dport, 33436);
	/* The quoted length (1500) is past the end: the payload is what is there. */
	CU_ASSERT_EQUAL(m.quote.payload_len, 8);
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET, 3, 4), "Frag needed and DF set");
}

/* Parameter problem: the pointer is byte 4, and the quote still parses. */
static void test_v4_param_problem(void)
{
	struct icmp_msg m;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v4_param_problem), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_PARAM_PROBLEM);
	CU_ASSERT_EQUAL(m.pointer, 9);
	CU_ASSERT(m.quote.has_l4);
	CU_ASSERT_EQUAL(m.quote.dport, 33437);
	CU_ASSERT_EQUAL(m.quote.payload_len, 0);
	CU_ASSERT_PTR_NULL(m.quote.payload);
}

/* A quoted later fragment has no transport header to read. */
static void test_v4_quote_later_fragment(void)
{
	uint8_t *b = copy(FIX(v4_unreach_port));
	struct icmp_msg m;

	b[8 + 6] = 0x00;
	b[8 + 7] = 0xb9; /* fragment offset 185 * 8 */
	CU_ASSERT_EQUAL_FATAL(icmp_parse(b, sizeof(v4_unreach_port), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT(m.quote.present);
	CU_ASSERT_EQUAL(m.quote.proto, IPPROTO_UDP);
	CU_ASSERT_FALSE(m.quote.has_l4);
	CU_ASSERT_EQUAL(m.quote.sport, 0);
	CU_ASSERT_EQUAL(m.quote.dport, 0);
	free(b);
}

/* ---- IPv6 errors ---- */

/* Time exceeded quoting a UDP probe. */
static void test_v6_time_exceeded_udp(void)
{
	struct icmp_msg m;
	const struct icmp_quote *q = &m.quote;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v6_te_udp), AF_INET6, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_TIME_EXCEEDED);
	CU_ASSERT_EQUAL(m.type, 3);
	CU_ASSERT_FATAL(q->present);
	CU_ASSERT_EQUAL(q->family, AF_INET6);
	CU_ASSERT_EQUAL(q->proto, IPPROTO_UDP);
	CU_ASSERT(addr_is(&q->src, "2001:db8::10"));
	CU_ASSERT(addr_is(&q->dst, "2001:db8:2::7"));
	CU_ASSERT_EQUAL(q->ttl, 1);
	CU_ASSERT_EQUAL(q->ip_id, 0);
	CU_ASSERT_EQUAL(q->tot_len, 56);
	CU_ASSERT_EQUAL(q->sport, 45004);
	CU_ASSERT_EQUAL(q->dport, 33438);
	CU_ASSERT_EQUAL(q->udp_checksum, 0xabcd);
	CU_ASSERT_EQUAL(q->payload_len, 8);
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET6, 3, 0), "Time exceeded: Hop limit");
}

/* Time exceeded quoting an ICMPv6 echo request. */
static void test_v6_time_exceeded_icmp6(void)
{
	struct icmp_msg m;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v6_te_icmp6), AF_INET6, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.quote.proto, IPPROTO_ICMPV6);
	CU_ASSERT_EQUAL(m.quote.icmp_type, 128);
	CU_ASSERT_EQUAL(m.quote.icmp_id, 0x1234);
	CU_ASSERT_EQUAL(m.quote.icmp_seq, 5);
	CU_ASSERT_EQUAL(m.quote.payload_len, 8);
}

/* Packet too big: the MTU is the whole 32-bit word at bytes 4-7. */
static void test_v6_packet_too_big(void)
{
	struct icmp_msg m;
	uint8_t *b;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v6_ptb), AF_INET6, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_PACKET_TOO_BIG);
	CU_ASSERT_EQUAL(m.mtu, 1280);
	CU_ASSERT_EQUAL(m.quote.tot_len, 1492);
	CU_ASSERT_EQUAL(m.quote.ttl, 63);
	CU_ASSERT_EQUAL(m.quote.dport, 33439);
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET6, 2, 0), "Packet too big");
	b = copy(FIX(v6_ptb));
	b[4] = 0x00;
	b[5] = 0x01; /* 65536 + 1280: a jumbo-capable link */
	CU_ASSERT_EQUAL(icmp_parse(b, sizeof(v6_ptb), AF_INET6, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.mtu, 66816);
	free(b);
}

/* Parameter problem: 32-bit pointer, code words from iputils. */
static void test_v6_param_problem(void)
{
	struct icmp_msg m;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v6_param_problem), AF_INET6, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_PARAM_PROBLEM);
	CU_ASSERT_EQUAL(m.code, 1);
	CU_ASSERT_EQUAL(m.pointer, 40);
	CU_ASSERT_EQUAL(m.quote.dport, 33438);
	CU_ASSERT_FALSE(m.has_extensions);
}

/* A quoted hop-by-hop header is walked to the UDP header behind it. */
static void test_v6_quote_hop_by_hop(void)
{
	struct icmp_msg m;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v6_te_hbh), AF_INET6, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.quote.proto, IPPROTO_UDP);
	CU_ASSERT(m.quote.has_l4);
	CU_ASSERT_EQUAL(m.quote.sport, 45006);
	CU_ASSERT_EQUAL(m.quote.dport, 33440);
	CU_ASSERT_EQUAL(m.quote.payload_len, 8);
	CU_ASSERT_PTR_EQUAL(m.quote.payload, v6_te_hbh + 8 + 40 + 8 + 8);
}

/* Hop-by-hop, destination options and a first fragment, then UDP. */
static void test_v6_quote_extension_chain(void)
{
	struct icmp_msg m;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v6_te_chain), AF_INET6, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.quote.proto, IPPROTO_UDP);
	CU_ASSERT(m.quote.has_l4);
	CU_ASSERT_EQUAL(m.quote.sport, 45007);
	CU_ASSERT_EQUAL(m.quote.dport, 33441);
}

/* A later fragment (offset != 0) ends the walk without a transport header. */
static void test_v6_quote_later_fragment(void)
{
	uint8_t *b = copy(FIX(v6_te_chain));
	struct icmp_msg m;

	b[8 + 40 + 16 + 3] = 0x08 | 1; /* offset 1, M */
	CU_ASSERT_EQUAL_FATAL(icmp_parse(b, sizeof(v6_te_chain), AF_INET6, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.quote.proto, IPPROTO_UDP);
	CU_ASSERT_FALSE(m.quote.has_l4);
	CU_ASSERT_EQUAL(m.quote.sport, 0);
	free(b);
}

/* An extension header longer than the quote, and a chain longer than the walk bound. */
static void test_v6_quote_extension_bounds(void)
{
	uint8_t *b = copy(FIX(v6_te_hbh));
	struct icmp_msg m;

	b[8 + 40 + 1] = 0xff; /* hop-by-hop of 2048 bytes */
	CU_ASSERT_EQUAL(icmp_parse(b, sizeof(v6_te_hbh), AF_INET6, false, &m), ICMP_TRUNCATED);
	CU_ASSERT(all_zero(&m, sizeof(m)));
	free(b);

	/* Ten 8-byte destination options headers in a row: more than the walk allows. */
	size_t n = 8 + 40 + 10 * 8 + 8;
	b = calloc(1, n);
	CU_ASSERT_FATAL(b != NULL);
	memcpy(b, v6_te_udp, 8 + 40);
	b[8 + 6] = IPPROTO_DSTOPTS;
	for (int i = 0; i < 10; i++)
		b[8 + 40 + i * 8] = i < 9 ? IPPROTO_DSTOPTS : IPPROTO_UDP;
	CU_ASSERT_EQUAL_FATAL(icmp_parse(b, n, AF_INET6, false, &m), ICMP_OK);
	CU_ASSERT(m.quote.present);
	CU_ASSERT_EQUAL(m.quote.proto, IPPROTO_DSTOPTS);
	CU_ASSERT_FALSE(m.quote.has_l4);
	free(b);
}

/* with_ip for ICMPv6: an IPv6 header (packet sockets, captures) is skipped. */
static void test_v6_outer_ip_header(void)
{
	uint8_t *b;
	struct icmp_msg m;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v6_te_udp_ip), AF_INET6, true, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.ip_ttl, 64);
	CU_ASSERT(addr_is(&m.ip_src, "2001:db8:1::1"));
	CU_ASSERT(addr_is(&m.ip_dst, "2001:db8::10"));
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_TIME_EXCEEDED);
	CU_ASSERT_EQUAL(m.quote.dport, 33438);
	b = copy(FIX(v6_te_udp_ip));
	b[6] = IPPROTO_UDP; /* not ICMPv6 */
	CU_ASSERT_EQUAL(icmp_parse(b, sizeof(v6_te_udp_ip), AF_INET6, true, &m), ICMP_BAD_IP);
	b[6] = IPPROTO_ICMPV6;
	b[0] = 0x45; /* an IPv4 header where IPv6 was promised */
	CU_ASSERT_EQUAL(icmp_parse(b, sizeof(v6_te_udp_ip), AF_INET6, true, &m), ICMP_BAD_IP);
	free(b);
}

/* ---- RFC 4884 / RFC 4950 ---- */

/* check_two_labels
 * The two labels every MPLS fixture carries. */
static void check_two_labels(const struct icmp_msg *m)
{
	CU_ASSERT(m->has_extensions);
	CU_ASSERT_EQUAL_FATAL(m->n_mpls, 2);
	CU_ASSERT_EQUAL(m->mpls[0].label, 16000);
	CU_ASSERT_EQUAL(m->mpls[0].tc, 0);
	CU_ASSERT_EQUAL(m->mpls[0].s, 0);
	CU_ASSERT_EQUAL(m->mpls[0].ttl, 1);
	CU_ASSERT_EQUAL(m->mpls[1].label, 24001);
	CU_ASSERT_EQUAL(m->mpls[1].tc, 5);
	CU_ASSERT_EQUAL(m->mpls[1].s, 1);
	CU_ASSERT_EQUAL(m->mpls[1].ttl, 1);
}

/* v4 time exceeded with an RFC 4884 length and an RFC 4950 label stack. */
static void test_v4_mpls_labels(void)
{
	struct icmp_msg m;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v4_te_mpls), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_TIME_EXCEEDED);
	check_two_labels(&m);
	CU_ASSERT_EQUAL(m.quote.sport, 45008);
	CU_ASSERT_EQUAL(m.quote.dport, 33442);
	/* The quote ends at its own length (60), not in the padding or the extension. */
	CU_ASSERT_EQUAL(m.quote.payload_len, 32);
}

/* The RFC 4884 length, not the quoted total length, bounds the original datagram. */
static void test_rfc4884_length_bounds_quote(void)
{
	uint8_t *b = copy(FIX(v4_te_mpls));
	struct icmp_msg m;

	b[8 + 2] = 0x05;
	b[8 + 3] = 0xdc; /* quoted total length 1500 */
	CU_ASSERT_EQUAL_FATAL(icmp_parse(b, sizeof(v4_te_mpls), AF_INET, false, &m), ICMP_OK);
	check_two_labels(&m);
	CU_ASSERT_EQUAL(m.quote.tot_len, 1500);
	CU_ASSERT_EQUAL(m.quote.payload_len, 128 - 28);
	free(b);
}

/* v6 time exceeded: the length is byte 4, counted in 64-bit words. */
static void test_v6_mpls_labels(void)
{
	struct icmp_msg m;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v6_te_mpls), AF_INET6, false, &m), ICMP_OK);
	check_two_labels(&m);
	CU_ASSERT_EQUAL(m.quote.family, AF_INET6);
	CU_ASSERT_EQUAL(m.quote.tot_len, 80);
	CU_ASSERT_EQUAL(m.quote.sport, 45009);
	CU_ASSERT_EQUAL(m.quote.payload_len, 32);
}

/* A bad extension checksum: the structure is ignored, the message is still good. */
static void test_ext_bad_checksum(void)
{
	uint8_t *b = copy(FIX(v4_te_mpls));
	struct icmp_msg m;

	b[FIX_MPLS_EXT_OFF + 3] ^= 0x01;
	CU_ASSERT_EQUAL_FATAL(icmp_parse(b, sizeof(v4_te_mpls), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_FALSE(m.has_extensions);
	CU_ASSERT_EQUAL(m.n_mpls, 0);
	CU_ASSERT(m.quote.present);
	CU_ASSERT_EQUAL(m.quote.dport, 33442);
	free(b);
}

/* Checksum 0 means "not computed" (RFC 4884 section 7) and is accepted. */
static void test_ext_checksum_zero(void)
{
	uint8_t *b = copy(FIX(v6_te_mpls));
	struct icmp_msg m;

	b[FIX_MPLS_EXT_OFF + 2] = b[FIX_MPLS_EXT_OFF + 3] = 0;
	CU_ASSERT_EQUAL_FATAL(icmp_parse(b, sizeof(v6_te_mpls), AF_INET6, false, &m), ICMP_OK);
	check_two_labels(&m);
	free(b);
}

/* Only version 2 extension structures count. */
static void test_ext_wrong_version(void)
{
	uint8_t *b = copy(FIX(v4_te_mpls));
	struct icmp_msg m;

	b[FIX_MPLS_EXT_OFF] = 0x10;
	ext_fix(b + FIX_MPLS_EXT_OFF, sizeof(v4_te_mpls) - FIX_MPLS_EXT_OFF);
	CU_ASSERT_EQUAL_FATAL(icmp_parse(b, sizeof(v4_te_mpls), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_FALSE(m.has_extensions);
	CU_ASSERT_EQUAL(m.n_mpls, 0);
	free(b);
}

/* Length 0 but a valid structure at offset 128: the non-compliant routers' layout. */
static void test_ext_legacy_offset(void)
{
	struct icmp_msg m;
	uint8_t *b;

	CU_ASSERT_EQUAL_FATAL(parse(FIX(v4_te_mpls_legacy), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.quote.dport, 33442);
	check_two_labels(&m);

	b = copy(FIX(v6_te_mpls));
	b[4] = 0;
	CU_ASSERT_EQUAL_FATAL(icmp_parse(b, sizeof(v6_te_mpls), AF_INET6, false, &m), ICMP_OK);
	check_two_labels(&m);
	free(b);

	/* The original datagram ends at 128 even when its own length says more. */
	b = copy(FIX(v4_te_mpls_legacy));
	b[8 + 2] = 0x05;
	b[8 + 3] = 0xdc; /* quoted total length 1500 */
	CU_ASSERT_EQUAL_FATAL(icmp_parse(b, sizeof(v4_te_mpls_legacy), AF_INET, false, &m),
			      ICMP_OK);
	CU_ASSERT(m.has_extensions);
	CU_ASSERT_EQUAL(m.quote.payload_len, 128 - 28);
	free(b);

	/* Guessing needs a real checksum: 0 there could be anyone's payload. */
	b = copy(FIX(v4_te_mpls_legacy));
	b[FIX_MPLS_EXT_OFF + 2] = b[FIX_MPLS_EXT_OFF + 3] = 0;
	CU_ASSERT_EQUAL_FATAL(icmp_parse(b, sizeof(v4_te_mpls_legacy), AF_INET, false, &m),
			      ICMP_OK);
	CU_ASSERT_FALSE(m.has_extensions);
	CU_ASSERT_EQUAL(m.n_mpls, 0);
	CU_ASSERT_EQUAL(m.quote.dport, 33442);
	free(b);
}

/* Object lengths 0, 5, 8 and 0xffff: bounded, no loop, only whole entries read. */
static void test_ext_object_lengths(void)
{
	static const struct {
		uint16_t olen;
		size_t labels;
	} cases[] = {{0, 0}, {3, 0}, {5, 0}, {8, 1}, {12, 2}, {13, 0}, {0xffff, 0}};
	const size_t ext_len = sizeof(v4_te_mpls) - FIX_MPLS_EXT_OFF;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *b = copy(FIX(v4_te_mpls));
		struct icmp_msg m;

		b[FIX_MPLS_EXT_OFF + 4] = (uint8_t)(cases[i].olen >> 8);
		b[FIX_MPLS_EXT_OFF + 5] = (uint8_t)cases[i].olen;
		ext_fix(b + FIX_MPLS_EXT_OFF, ext_len);
		CU_ASSERT_EQUAL(icmp_parse(b, sizeof(v4_te_mpls), AF_INET, false, &m), ICMP_OK);
		CU_ASSERT(m.has_extensions);
		CU_ASSERT_EQUAL(m.n_mpls, cases[i].labels);
		free(b);
	}
}

/* Objects of other classes are skipped; labels past ICMP_MAX_MPLS are dropped. */
static void test_ext_many_labels(void)
{
	/* header + unknown object (8) + MPLS object with 10 entries (44) */
	const size_t ext_len = 4 + 8 + 4 + 10 * 4;
	size_t n = FIX_MPLS_EXT_OFF + ext_len;
	uint8_t *b = calloc(1, n);
	uint8_t *e = b + FIX_MPLS_EXT_OFF;
	struct icmp_msg m;

	CU_ASSERT_FATAL(b != NULL);
	memcpy(b, v4_te_mpls, FIX_MPLS_EXT_OFF);
	e[0] = 0x20;
	e[4 + 1] = 8;
	e[4 + 2] = 2; /* RFC 5837 interface information: not a label stack */
	e[4 + 3] = 1;
	e[12 + 1] = 44;
	e[12 + 2] = 1;
	e[12 + 3] = 1;
	for (int i = 0; i < 10; i++) {
		uint32_t v = (uint32_t)(100 + i) << 12 | (i == 9 ? 0x100u : 0) | 64;

		e[16 + i * 4] = (uint8_t)(v >> 24);
		e[16 + i * 4 + 1] = (uint8_t)(v >> 16);
		e[16 + i * 4 + 2] = (uint8_t)(v >> 8);
		e[16 + i * 4 + 3] = (uint8_t)v;
	}
	ext_fix(e, ext_len);
	CU_ASSERT_EQUAL_FATAL(icmp_parse(b, n, AF_INET, false, &m), ICMP_OK);
	CU_ASSERT(m.has_extensions);
	CU_ASSERT_EQUAL_FATAL(m.n_mpls, ICMP_MAX_MPLS);
	CU_ASSERT_EQUAL(m.mpls[0].label, 100);
	CU_ASSERT_EQUAL(m.mpls[ICMP_MAX_MPLS - 1].label, 100 + ICMP_MAX_MPLS - 1);
	CU_ASSERT_EQUAL(m.mpls[ICMP_MAX_MPLS - 1].ttl, 64);
	free(b);
}

/* An RFC 4884 length that points past the end is ICMP_BAD_LENGTH, out zeroed. */
static void test_rfc4884_length_past_end(void)
{
	uint8_t *b = copy(FIX(v4_te_mpls));
	struct icmp_msg m;

	b[5] = 36; /* 144 bytes of original datagram in a 144-byte body: fits */
	CU_ASSERT_EQUAL(icmp_parse(b, sizeof(v4_te_mpls), AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_FALSE(m.has_extensions);
	b[5] = 37; /* 148 bytes: past the end */
	memset(&m, 0xa5, sizeof(m));
	CU_ASSERT_EQUAL(icmp_parse(b, sizeof(v4_te_mpls), AF_INET, false, &m), ICMP_BAD_LENGTH);
	CU_ASSERT(all_zero(&m, sizeof(m)));
	free(b);

	b = copy(FIX(v6_te_mpls));
	b[4] = 0xff; /* 2040 bytes */
	CU_ASSERT_EQUAL(icmp_parse(b, sizeof(v6_te_mpls), AF_INET6, false, &m), ICMP_BAD_LENGTH);
	free(b);
}

/* A short RFC 4884 length bounds the quote and leaves no room for extensions. */
static void test_rfc4884_short_length(void)
{
	uint8_t *b = copy(FIX(v4_te_udp_ip));
	struct icmp_msg m;

	b[20 + 5] = 7; /* 28 bytes: IP header and UDP header only */
	CU_ASSERT_EQUAL_FATAL(icmp_parse(b, sizeof(v4_te_udp_ip), AF_INET, true, &m), ICMP_OK);
	CU_ASSERT(m.quote.has_l4);
	CU_ASSERT_EQUAL(m.quote.sport, 45000);
	CU_ASSERT_EQUAL(m.quote.payload_len, 0);
	CU_ASSERT_FALSE(m.has_extensions);
	b[20 + 5] = 6; /* 24 bytes: the UDP header is cut */
	CU_ASSERT_EQUAL_FATAL(icmp_parse(b, sizeof(v4_te_udp_ip), AF_INET, true, &m), ICMP_OK);
	CU_ASSERT(m.quote.present);
	CU_ASSERT_FALSE(m.quote.has_l4);
	free(b);
}

/* ---- malformed input ---- */

/* check_prefix
 * A parse of a truncated message agrees with the full parse where it says anything. */
static void check_prefix(const struct icmp_msg *full, const struct icmp_msg *part)
{
	const struct icmp_quote *fq = &full->quote, *pq = &part->quote;

	CU_ASSERT_EQUAL(part->family, full->family);
	CU_ASSERT_EQUAL(part->kind, full->kind);
	CU_ASSERT_EQUAL(part->type, full->type);
	CU_ASSERT_EQUAL(part->code, full->code);
	CU_ASSERT_EQUAL(part->ip_ttl, full->ip_ttl);
	CU_ASSERT(memcmp(&part->ip_src, &full->ip_src, sizeof(part->ip_src)) == 0);
	CU_ASSERT_EQUAL(part->id, full->id);
	CU_ASSERT_EQUAL(part->seq, full->seq);
	CU_ASSERT_EQUAL(part->mtu, full->mtu);
	CU_ASSERT_EQUAL(part->pointer, full->pointer);
	CU_ASSERT(part->data_len <= full->data_len);
	CU_ASSERT_EQUAL(pq->present, fq->present);
	CU_ASSERT_EQUAL(pq->proto, fq->proto);
	CU_ASSERT_EQUAL(pq->ttl, fq->ttl);
	CU_ASSERT_EQUAL(pq->tot_len, fq->tot_len);
	CU_ASSERT(memcmp(&pq->dst, &fq->dst, sizeof(pq->dst)) == 0);
	CU_ASSERT(!pq->has_l4 || fq->has_l4);
	if (pq->has_l4) {
		CU_ASSERT_EQUAL(pq->sport, fq->sport);
		CU_ASSERT_EQUAL(pq->dport, fq->dport);
		CU_ASSERT_EQUAL(pq->icmp_id, fq->icmp_id);
		CU_ASSERT_EQUAL(pq->icmp_seq, fq->icmp_seq);
		CU_ASSERT_EQUAL(pq->tcp_seq, fq->tcp_seq);
	} else {
		CU_ASSERT(pq->sport == 0 && pq->dport == 0 && pq->icmp_id == 0);
	}
	CU_ASSERT(pq->payload_len <= fq->payload_len);
	CU_ASSERT(part->n_mpls <= full->n_mpls);
	for (size_t i = 0; i < part->n_mpls && i < full->n_mpls; i++)
		CU_ASSERT_EQUAL(part->mpls[i].label, full->mpls[i].label);
}

/* Every prefix of a valid message, each in an exact-size buffer: no crash, and either
 * a failure with *out zeroed or a consistent partial result, OK from a known length. */
static void test_truncated_every_length(void)
{
	static const struct {
		const uint8_t *p;
		size_t len;
		int family;
		bool with_ip;
		size_t ok_from; /* first length that parses */
	} fx[] = {
		{FIX(v4_echo_reply_ip), AF_INET, true, 28},
		{FIX(v4_te_udp_ip), AF_INET, true, 48},    /* IP + ICMP + quoted IP */
		{FIX(v4_te_tcp_opts), AF_INET, false, 32}, /* the quoted options too */
		{FIX(v4_te_mpls), AF_INET, false, 136},    /* RFC 4884 length is 128 */
		{FIX(v4_te_mpls_legacy), AF_INET, false, 28},
		{FIX(v6_echo_reply), AF_INET6, false, 8},
		{FIX(v6_te_chain), AF_INET6, false, 72}, /* the whole extension chain */
		{FIX(v6_te_mpls), AF_INET6, false, 136},
		{FIX(v6_te_udp_ip), AF_INET6, true, 88},
	};
	unsigned failures = 0;

	for (size_t f = 0; f < sizeof(fx) / sizeof(fx[0]); f++) {
		struct icmp_msg full;

		CU_ASSERT_EQUAL_FATAL(parse(fx[f].p, fx[f].len, fx[f].family, fx[f].with_ip, &full),
				      ICMP_OK);
		for (size_t n = 0; n < fx[f].len; n++) {
			struct icmp_msg m;
			enum icmp_status st;

			memset(&m, 0x5a, sizeof(m));
			st = parse(fx[f].p, n, fx[f].family, fx[f].with_ip, &m);
			if ((st == ICMP_OK) != (n >= fx[f].ok_from)) {
				failures++;
				printf("\n  fixture %zu len %zu: status %d\n", f, n, (int)st);
			}
			if (st != ICMP_OK) {
				CU_ASSERT(all_zero(&m, sizeof(m)));
			} else {
				check_prefix(&full, &m);
			}
			/* The RFC 4884 messages claim 128 bytes: shorter is a bad length. */
			if (fx[f].ok_from == 136 && n >= 8 && n < 136)
				CU_ASSERT_EQUAL(st, ICMP_BAD_LENGTH);
			if (n < 8)
				CU_ASSERT_NOT_EQUAL(st, ICMP_OK);
		}
	}
	CU_ASSERT_EQUAL(failures, 0);
}

/* Outer IPv4 header: IHL below 5, IHL past the end, wrong version/protocol/fragment. */
static void test_outer_ip_malformed(void)
{
	static const struct {
		size_t at;
		uint8_t val;
		enum icmp_status want;
	} cases[] = {
		{0, 0x44, ICMP_BAD_IP},    /* IHL 4 */
		{0, 0x40, ICMP_BAD_IP},    /* IHL 0 */
		{0, 0x4f, ICMP_TRUNCATED}, /* IHL 15 = 60 bytes of a 44-byte packet */
		{0, 0x65, ICMP_BAD_IP},    /* version 6 */
		{9, 17, ICMP_BAD_IP},      /* UDP, not ICMP */
		{7, 0x10, ICMP_BAD_IP},    /* a later fragment */
		{0, 0x46, ICMP_OK},        /* IHL 6: what follows is read as options */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *b = copy(FIX(v4_echo_reply_ip));
		struct icmp_msg m;

		b[cases[i].at] = cases[i].val;
		CU_ASSERT_EQUAL(icmp_parse(b, sizeof(v4_echo_reply_ip), AF_INET, true, &m),
				cases[i].want);
		if (cases[i].want == ICMP_OK)
			CU_ASSERT_EQUAL(m.data_len, 12);
		free(b);
	}
}

/* Quoted IPv4 header: IHL below 5, IHL past the end, another IP version. */
static void test_quote_ip_malformed(void)
{
	static const struct {
		uint8_t val;
		enum icmp_status want;
	} cases[] = {
		{0x44, ICMP_BAD_IP}, {0x40, ICMP_BAD_IP}, {0x4f, ICMP_TRUNCATED},
		{0x65, ICMP_BAD_IP}, {0x48, ICMP_OK},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *b = copy(FIX(v4_te_icmp));
		struct icmp_msg m;

		b[8] = cases[i].val;
		memset(&m, 0xa5, sizeof(m));
		CU_ASSERT_EQUAL(icmp_parse(b, sizeof(v4_te_icmp), AF_INET, false, &m),
				cases[i].want);
		if (cases[i].want != ICMP_OK) {
			CU_ASSERT(all_zero(&m, sizeof(m)));
		} else {
			CU_ASSERT_FALSE(m.quote.has_l4); /* 32 bytes of IP header, 4 left */
		}
		free(b);
	}
}

/* icmp_parse_quote alone, as the UDP error-queue path uses it. */
static void test_parse_quote_direct(void)
{
	const uint8_t *q = v4_te_udp_ip + 28;
	size_t qlen = sizeof(v4_te_udp_ip) - 28;
	struct icmp_quote out;

	CU_ASSERT_EQUAL_FATAL(icmp_parse_quote(q, qlen, AF_INET, &out), ICMP_OK);
	CU_ASSERT(out.present);
	CU_ASSERT_EQUAL(out.dport, 33434);
	memset(&out, 0xa5, sizeof(out));
	CU_ASSERT_EQUAL(icmp_parse_quote(q, qlen, AF_INET6, &out), ICMP_BAD_IP);
	CU_ASSERT(all_zero(&out, sizeof(out)));
	CU_ASSERT_EQUAL(icmp_parse_quote(v6_te_udp + 8, sizeof(v6_te_udp) - 8, AF_INET, &out),
			ICMP_BAD_IP);
	CU_ASSERT_EQUAL(icmp_parse_quote(v6_te_udp + 8, sizeof(v6_te_udp) - 8, AF_INET6, &out),
			ICMP_OK);
	CU_ASSERT_EQUAL(out.sport, 45004);
	CU_ASSERT_EQUAL(icmp_parse_quote(NULL, 0, AF_INET, &out), ICMP_TRUNCATED);
}

/* Bad arguments fail cleanly and zero *out. */
static void test_bad_arguments(void)
{
	struct icmp_msg m;

	memset(&m, 0xa5, sizeof(m));
	CU_ASSERT_EQUAL(icmp_parse(v4_echo_reply, sizeof(v4_echo_reply), AF_UNSPEC, false, &m),
			ICMP_BAD_IP);
	CU_ASSERT(all_zero(&m, sizeof(m)));
	memset(&m, 0xa5, sizeof(m));
	CU_ASSERT_EQUAL(icmp_parse(NULL, 0, AF_INET, false, &m), ICMP_TRUNCATED);
	CU_ASSERT(all_zero(&m, sizeof(m)));
	CU_ASSERT_NOT_EQUAL(icmp_parse(v4_echo_reply, sizeof(v4_echo_reply), AF_INET, false, NULL),
			    ICMP_OK);
}

/* ---- checksum and build ---- */

/* RFC 1071 section 3's example, an odd length, and a fixture that must verify. */
static void test_checksum_vectors(void)
{
	static const uint8_t rfc1071[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
	static const uint8_t odd[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7, 0xab};
	static const uint8_t one[] = {0x01};

	CU_ASSERT_EQUAL(icmp_checksum(rfc1071, sizeof(rfc1071)), 0x220d); /* ~0xddf2 */
	CU_ASSERT_EQUAL(icmp_checksum(odd, sizeof(odd)), 0x770c);         /* last byte is 0xab00 */
	CU_ASSERT_EQUAL(icmp_checksum(one, 1), 0xfeff);
	CU_ASSERT_EQUAL(icmp_checksum(rfc1071, 0), 0xffff);
	/* Data that carries its own correct checksum sums to zero. */
	CU_ASSERT_EQUAL(icmp_checksum(v4_echo_reply, sizeof(v4_echo_reply)), 0);
	CU_ASSERT_EQUAL(icmp_checksum(v4_echo_reply_ip, 20), 0);
	CU_ASSERT_EQUAL(icmp_checksum(v4_te_tcp_opts + 8, 24), 0);
	CU_ASSERT_EQUAL(icmp_checksum(v4_te_mpls, sizeof(v4_te_mpls)), 0);
}

/* An IPv4 echo request with an odd payload: valid checksum, and it parses back. */
static void test_build_echo_v4_roundtrip(void)
{
	uint8_t buf[64];
	struct icmp_msg m;
	size_t n =
		icmp_build_echo(buf, sizeof(buf), AF_INET, 0xbeef, 42, (const uint8_t *)"abc", 3);

	CU_ASSERT_EQUAL_FATAL(n, 11);
	CU_ASSERT_EQUAL(buf[0], 8);
	CU_ASSERT_EQUAL(buf[1], 0);
	CU_ASSERT_NOT_EQUAL(buf[2] | buf[3], 0);
	CU_ASSERT_EQUAL(icmp_checksum(buf, n), 0);
	CU_ASSERT_EQUAL_FATAL(parse(buf, n, AF_INET, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_ECHO_REQUEST);
	CU_ASSERT_EQUAL(m.id, 0xbeef);
	CU_ASSERT_EQUAL(m.seq, 42);
	CU_ASSERT_EQUAL_FATAL(m.data_len, 3);
	CU_ASSERT(memcmp(m.data, "abc", 3) == 0);
}

/* An ICMPv6 echo request: type 128, checksum left to the kernel. */
static void test_build_echo_v6_roundtrip(void)
{
	uint8_t buf[32];
	struct icmp_msg m;
	size_t n = icmp_build_echo(buf, sizeof(buf), AF_INET6, 7, 65535,
				   (const uint8_t *)"0123456789abcdef", 16);

	CU_ASSERT_EQUAL_FATAL(n, 24);
	CU_ASSERT_EQUAL(buf[0], 128);
	CU_ASSERT_EQUAL(buf[2], 0);
	CU_ASSERT_EQUAL(buf[3], 0);
	CU_ASSERT_EQUAL_FATAL(parse(buf, n, AF_INET6, false, &m), ICMP_OK);
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_ECHO_REQUEST);
	CU_ASSERT_EQUAL(m.id, 7);
	CU_ASSERT_EQUAL(m.seq, 65535);
	CU_ASSERT_EQUAL(m.data_len, 16);
}

/* Capacity and argument checks: 0 means nothing was written. */
static void test_build_echo_limits(void)
{
	uint8_t buf[16];

	memset(buf, 0x77, sizeof(buf));
	CU_ASSERT_EQUAL(icmp_build_echo(buf, 7, AF_INET, 1, 1, NULL, 0), 0);
	CU_ASSERT_EQUAL(icmp_build_echo(buf, 10, AF_INET, 1, 1, (const uint8_t *)"abc", 3), 0);
	CU_ASSERT_EQUAL(buf[0], 0x77);
	CU_ASSERT_EQUAL(icmp_build_echo(buf, 11, AF_INET, 1, 1, (const uint8_t *)"abc", 3), 11);
	CU_ASSERT_EQUAL(icmp_build_echo(buf, 8, AF_INET, 1, 1, NULL, 0), 8);
	CU_ASSERT_EQUAL(icmp_checksum(buf, 8), 0);
	CU_ASSERT_EQUAL(icmp_build_echo(buf, sizeof(buf), AF_INET, 1, 1, NULL, 5), 0);
	CU_ASSERT_EQUAL(icmp_build_echo(buf, sizeof(buf), AF_UNSPEC, 1, 1, NULL, 0), 0);
	CU_ASSERT_EQUAL(icmp_build_echo(NULL, sizeof(buf), AF_INET, 1, 1, NULL, 0), 0);
	CU_ASSERT_EQUAL(icmp_build_echo(buf, sizeof(buf), AF_INET, 1, 1, buf, SIZE_MAX), 0);
}

/* ---- words and marks ---- */

/* iputils ping's exact words for every IPv4 unreachable code and time exceeded. */
static void test_describe_v4(void)
{
	/* clang-format off */
	static const char *const unreach[16] = {
		"Destination Net Unreachable", "Destination Host Unreachable",
		"Destination Protocol Unreachable", "Destination Port Unreachable",
		"Frag needed and DF set", "Source Route Failed", "Destination Net Unknown",
		"Destination Host Unknown", "Source Host Isolated", "Destination Net Prohibited",
		"Destination Host Prohibited", "Destination Net Unreachable for Type of Service",
		"Destination Host Unreachable for Type of Service", "Packet filtered",
		"Precedence Violation", "Precedence Cutoff",
	};
	/* clang-format on */

	for (uint8_t c = 0; c < 16; c++)
		CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET, 3, c), unreach[c]);
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET, 3, 16), "Dest Unreachable, Bad Code");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET, 11, 0), "Time to live exceeded");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET, 11, 1), "Frag reassembly time exceeded");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET, 11, 2), "Time exceeded, Bad Code");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET, 0, 0), "Echo Reply");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET, 8, 0), "Echo Request");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET, 12, 0), "Parameter problem");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET, 5, 1), "Redirect Host");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET, 4, 0), "Source Quench");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET, 14, 0), "Timestamp Reply");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET, 42, 0), "Bad ICMP type");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_UNSPEC, 3, 0), "");
}

/* iputils ping's exact words for ICMPv6. */
static void test_describe_v6(void)
{
	/* clang-format off */
	static const char *const unreach[7] = {
		"Destination unreachable: No route",
		"Destination unreachable: Administratively prohibited",
		"Destination unreachable: Beyond scope of source address",
		"Destination unreachable: Address unreachable",
		"Destination unreachable: Port unreachable",
		"Destination unreachable: Source address failed ingress/egress policy",
		"Destination unreachable: Reject route to destination",
	};
	/* clang-format on */

	for (uint8_t c = 0; c < 7; c++)
		CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET6, 1, c), unreach[c]);
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET6, 1, 7),
			       "Destination unreachable: Unknown code");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET6, 2, 0), "Packet too big");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET6, 3, 0), "Time exceeded: Hop limit");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET6, 3, 1),
			       "Time exceeded: Defragmentation failure");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET6, 4, 0),
			       "Parameter problem: Wrong header field");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET6, 4, 2), "Parameter problem: Unknown option");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET6, 128, 0), "Echo request");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET6, 129, 0), "Echo reply");
	CU_ASSERT_STRING_EQUAL(icmp_describe(AF_INET6, 200, 0), "unknown icmp type");
}

/* traceroute 2.x's marks for IPv4 unreachable codes (its parse_icmp_res table). */
static void test_annotation_v4(void)
{
	static const char *const want[16] = {
		"!N", "!H", "!P", "",   "!F", "!S", "!N", "!H",
		"!N", "!X", "!X", "!N", "!H", "!X", "!V", "!C",
	};
	char buf[8];

	for (uint8_t c = 0; c < 16; c++)
		CU_ASSERT_STRING_EQUAL(icmp_unreach_annotation(AF_INET, c, buf, sizeof(buf)),
				       want[c]);
	CU_ASSERT_STRING_EQUAL(icmp_unreach_annotation(AF_INET, 16, buf, sizeof(buf)), "!<16>");
	CU_ASSERT_PTR_EQUAL(icmp_unreach_annotation(AF_INET, 16, buf, sizeof(buf)), buf);
	CU_ASSERT_STRING_EQUAL(icmp_unreach_annotation(AF_INET, 255, buf, sizeof(buf)), "!<255>");
	CU_ASSERT_STRING_EQUAL(icmp_unreach_annotation(AF_INET, 200, buf, 4), "!<2");
	CU_ASSERT_STRING_EQUAL(icmp_unreach_annotation(AF_INET, 200, NULL, 0), "!<?>");
}

/* traceroute 2.x's marks for IPv6: 2 (beyond scope) is !H, 5 and up are numbers. */
static void test_annotation_v6(void)
{
	static const char *const want[7] = {"!N", "!X", "!H", "!H", "", "!<5>", "!<6>"};
	char buf[8];

	for (uint8_t c = 0; c < 7; c++)
		CU_ASSERT_STRING_EQUAL(icmp_unreach_annotation(AF_INET6, c, buf, sizeof(buf)),
				       want[c]);
}

static CU_TestInfo cases[] = {
	{"v4 echo reply with IP header", test_v4_echo_reply_with_ip},
	{"v4 echo reply without IP header", test_v4_echo_reply_without_ip},
	{"v4 outer total length trims padding", test_v4_outer_total_length_trims},
	{"v6 echo reply", test_v6_echo_reply},
	{"other kinds keep their body", test_other_kinds},
	{"kind of a type and code", test_kind_of},
	{"v4 time exceeded quoting UDP", test_v4_time_exceeded_udp},
	{"v4 time exceeded quoting ICMP echo", test_v4_time_exceeded_icmp},
	{"v4 time exceeded quoting TCP SYN with IP options", test_v4_time_exceeded_tcp_options},
	{"quote: TOS, checksum, transport bytes (v4, v6)", test_quote_tos_and_checksum},
	{"v4 port unreachable", test_v4_unreach_port},
	{"v4 host unreachable and admin prohibited", test_v4_unreach_host_and_admin},
	{"v4 frag needed with MTU", test_v4_frag_needed_mtu},
	{"v4 parameter problem pointer", test_v4_param_problem},
	{"v4 quoted later fragment has no ports", test_v4_quote_later_fragment},
	{"v6 time exceeded quoting UDP", test_v6_time_exceeded_udp},
	{"v6 time exceeded quoting ICMPv6 echo", test_v6_time_exceeded_icmp6},
	{"v6 packet too big with MTU", test_v6_packet_too_big},
	{"v6 parameter problem pointer", test_v6_param_problem},
	{"v6 quote with hop-by-hop header", test_v6_quote_hop_by_hop},
	{"v6 quote with extension chain", test_v6_quote_extension_chain},
	{"v6 quoted later fragment has no ports", test_v6_quote_later_fragment},
	{"v6 extension headers are bounded", test_v6_quote_extension_bounds},
	{"v6 outer IP header with with_ip", test_v6_outer_ip_header},
	{"v4 RFC 4884 + RFC 4950 two labels", test_v4_mpls_labels},
	{"v6 RFC 4884 + RFC 4950 two labels", test_v6_mpls_labels},
	{"RFC 4884 length bounds the quote", test_rfc4884_length_bounds_quote},
	{"extension with bad checksum is ignored", test_ext_bad_checksum},
	{"extension checksum 0 is accepted", test_ext_checksum_zero},
	{"extension version must be 2", test_ext_wrong_version},
	{"extension at legacy offset 128", test_ext_legacy_offset},
	{"extension object lengths 0/short/huge", test_ext_object_lengths},
	{"extension label cap and unknown objects", test_ext_many_labels},
	{"RFC 4884 length past the end", test_rfc4884_length_past_end},
	{"RFC 4884 short length bounds the quote", test_rfc4884_short_length},
	{"truncated at every length", test_truncated_every_length},
	{"outer IPv4 header malformed", test_outer_ip_malformed},
	{"quoted IPv4 header malformed", test_quote_ip_malformed},
	{"icmp_parse_quote directly", test_parse_quote_direct},
	{"bad arguments", test_bad_arguments},
	{"checksum vectors", test_checksum_vectors},
	{"build echo v4 round trip", test_build_echo_v4_roundtrip},
	{"build echo v6 round trip", test_build_echo_v6_roundtrip},
	{"build echo limits", test_build_echo_limits},
	{"describe v4 words", test_describe_v4},
	{"describe v6 words", test_describe_v6},
	{"traceroute marks v4", test_annotation_v4},
	{"traceroute marks v6", test_annotation_v6},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("icmp", cases)
