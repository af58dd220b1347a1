/* test_probe_l4.c — the helpers of the transport probe methods, from byte-built
 * fixtures: checksums forced to a chosen value, and error-queue entries (what
 * IP_RECVERR hands back: type, code, info and the bytes after the quoted header)
 * rebuilt into parsed ICMP messages, RFC 4950 MPLS labels included. */
#include <string.h>
#include <time.h> /* before linux/errqueue.h, which needs struct timespec */
#include <linux/errqueue.h>

#include "../../common/probe/probe_l4.h"
#include "netdx/wire.h"
#include "unit.h"

/* A forced sum really is the sum, wherever the fix goes (an even offset). */
static void test_force_sum(void)
{
	uint8_t p[40];
	for (size_t i = 0; i < sizeof(p); i++)
		p[i] = (uint8_t)(i * 37 + 11);
	for (uint32_t want = 1; want <= 0xffff; want += 4099) {
		for (uint64_t pre = 0; pre < 3; pre++) {
			l4_force_sum(pre * 0x12345, p, sizeof(p), 16, (uint16_t)want);
			CU_ASSERT_EQUAL(wire_sum_fold(wire_sum_add(pre * 0x12345, p, sizeof(p))),
					want);
		}
	}
}

/* The UDP checksum a raw Paris probe gets verifies like any other. */
static void test_udp_checksum_verifies(void)
{
	struct netdx_addr s, d;
	CU_ASSERT_FATAL(addr_parse_literal("10.0.1.2", AF_INET, &s));
	CU_ASSERT_FATAL(addr_parse_literal("10.0.4.1", AF_INET, &d));
	uint8_t u[8 + 32] = {0x9c, 0x40, 0x82, 0x9a, 0, 40, 0, 0};
	for (size_t i = 8; i < sizeof(u); i++)
		u[i] = (uint8_t)i;
	uint64_t pseudo = l4_pseudo_sum(&s, &d, 17, sizeof(u));
	l4_force_sum(pseudo, u, sizeof(u), 8 + 16, (uint16_t)~0x1234);
	u[6] = 0x12;
	u[7] = 0x34;
	/* receiver's check: everything, checksum included, sums to 0xffff */
	CU_ASSERT_EQUAL(wire_sum_fold(wire_sum_add(pseudo, u, sizeof(u))), 0xffff);
}

/* fake_entry
 * What a UDP socket's error queue hands back for a time exceeded that quoted a
 * 40-byte datagram (32 payload bytes), padded to 128 and followed by an RFC 4884
 * extension with one MPLS label: the bytes after the quoted UDP header. */
static size_t fake_entry(uint8_t *data, uint32_t label)
{
	memset(data, 0, 256);
	for (int i = 0; i < 32; i++)
		data[i] = (uint8_t)(0xa0 + i);
	/* the original datagram field is 128 bytes: 20 (IP) + 8 (UDP) + 100 here */
	uint8_t *ext = data + 100;
	ext[0] = 0x20;
	ext[5] = 8;
	ext[6] = 1;
	ext[7] = 1;
	uint32_t e = label << 12 | 3u << 9 | 1u << 8 | 7;
	ext[8] = (uint8_t)(e >> 24);
	ext[9] = (uint8_t)(e >> 16);
	ext[10] = (uint8_t)(e >> 8);
	ext[11] = (uint8_t)e;
	uint16_t ck = icmp_checksum(ext, 12);
	ext[2] = (uint8_t)(ck >> 8);
	ext[3] = (uint8_t)ck;
	return 112;
}

static void test_errqueue_rebuilt_with_mpls(void)
{
	uint8_t data[256], buf[1024];
	struct netdx_addr dst;
	CU_ASSERT_FATAL(addr_parse_literal("10.0.4.1", AF_INET, &dst));
	struct sock_packet pkt = {.data = data,
				  .len = fake_entry(data, 16005),
				  .ee_origin = SO_EE_ORIGIN_ICMP,
				  .ee_type = 11,
				  .ee_code = 0};
	uint8_t udp[8] = {0x9c, 0x40, 0x82, 0x9a};
	struct l4_quote_hint hint = {
		.proto = 17, .dst = &dst, .l4 = udp, .l4_len = 8, .sent_len = 40};
	struct icmp_msg m;
	CU_ASSERT_FATAL(l4_errqueue_msg(&pkt, AF_INET, &hint, buf, sizeof(buf), &m));
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_TIME_EXCEEDED);
	CU_ASSERT_EQUAL(m.quote.proto, 17);
	CU_ASSERT_EQUAL(m.quote.sport, 40000);
	CU_ASSERT_EQUAL(m.quote.dport, 33434);
	CU_ASSERT_EQUAL(m.quote.payload_len, 32); /* cut at the quoted length, not the padding */
	CU_ASSERT_EQUAL(m.quote.payload[0], 0xa0);
	CU_ASSERT_TRUE(m.has_extensions);
	CU_ASSERT_EQUAL(m.n_mpls, 1);
	CU_ASSERT_EQUAL(m.mpls[0].label, 16005);
	CU_ASSERT_EQUAL(m.mpls[0].tc, 3);
	CU_ASSERT_EQUAL(m.mpls[0].s, 1);
	CU_ASSERT_EQUAL(m.mpls[0].ttl, 7);
	/* a damaged extension checksum: the labels are not believed */
	data[100 + 11] ^= 1;
	CU_ASSERT_FATAL(l4_errqueue_msg(&pkt, AF_INET, &hint, buf, sizeof(buf), &m));
	CU_ASSERT_EQUAL(m.n_mpls, 0);
}

static void test_errqueue_packet_too_big_v6(void)
{
	uint8_t data[16] = {0}, buf[256];
	struct netdx_addr dst;
	CU_ASSERT_FATAL(addr_parse_literal("fd00:0:0:4::1", AF_INET6, &dst));
	struct sock_packet pkt = {.data = data,
				  .len = sizeof(data),
				  .ee_origin = SO_EE_ORIGIN_ICMP6,
				  .ee_type = 2,
				  .ee_code = 0,
				  .ee_info = 1400};
	uint8_t tcp[20] = {0x9c, 0x40, 0, 80, 0x12, 0x34, 0x56, 0x78};
	memcpy(data, tcp, sizeof(data));
	struct l4_quote_hint hint = {.proto = 6, .dst = &dst};
	struct icmp_msg m;
	CU_ASSERT_FATAL(l4_errqueue_msg(&pkt, AF_INET6, &hint, buf, sizeof(buf), &m));
	CU_ASSERT_EQUAL(m.kind, ICMP_KIND_PACKET_TOO_BIG);
	CU_ASSERT_EQUAL(m.mtu, 1400);
	CU_ASSERT_EQUAL(m.quote.tcp_seq, 0x12345678);
	CU_ASSERT_EQUAL(m.quote.dport, 80);
	CU_ASSERT_TRUE(addr_equal(&m.quote.dst, &dst));
}

static CU_TestInfo cases[] = {
	{"a forced one's-complement sum is the sum", test_force_sum},
	{"a Paris UDP checksum verifies", test_udp_checksum_verifies},
	{"error-queue entry rebuilt: quote, payload, MPLS label", test_errqueue_rebuilt_with_mpls},
	{"error-queue entry rebuilt: v6 packet too big, TCP quote",
	 test_errqueue_packet_too_big_v6},
	CU_TEST_INFO_NULL,
};
UNIT_MAIN("probe_l4", cases)
