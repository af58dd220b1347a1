/* test_probe_raw.c — bare IP probes (traceroute -P) and Paris ICMP in the throw-away
 * namespace of tests/netns_run.sh: the probe number and nonce in the first 8 bytes,
 * forged errors about other identifying bytes ignored, a correct one taken; Paris ICMP
 * echo requests all carry one checksum. */
#include <stdlib.h>

#include "probe_harness.h"

/* The kernel answers no probe of ours on loopback: our own raw socket for the
 * protocol counts as its receiver (the lab test sees the target's !P). So look at the
 * wire and at forged answers. */
static void test_wire_format(void)
{
	struct netdx_addr a = h_addr("127.0.0.1");
	struct probe_config cfg = {.family = AF_INET,
				   .method = PROBE_METHOD_RAW,
				   .payload_len = 40,
				   .proto = 253,
				   .timeout_ns = 50000000};
	struct h_run run;
	h_open(&run, &cfg);
	int sniff = h_sniffer(AF_INET, 253);
	uint8_t first[40], body[128];
	for (int i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(probe_send(run.e, &a, 0, NULL, NULL), 0);
		CU_ASSERT_FATAL(h_sniff(sniff, AF_INET, body, sizeof(body), NULL, NULL) == 40);
		CU_ASSERT_EQUAL(body[0] << 8 | body[1], i + 1); /* the probe's number */
		if (i == 0)
			memcpy(first, body, 40);
		CU_ASSERT_EQUAL(memcmp(body + 2, first + 2, 6), 0); /* the engine's nonce */
	}
	h_finish(&run);
	CU_ASSERT_EQUAL(run.events[PROBE_TIMEOUT], 3);
	close(sniff);
}

/* forged_raw
 * One probe of protocol 253 to loopback, then a forged protocol unreachable quoting
 * its 8 identifying bytes with one byte changed by flip. */
static void forged_raw(uint8_t flip, struct h_run *run)
{
	struct netdx_addr a = h_addr("127.0.0.1");
	struct probe_config cfg = {.family = AF_INET,
				   .method = PROBE_METHOD_RAW,
				   .payload_len = 40,
				   .proto = 253,
				   .timeout_ns = 200000000};
	h_open(run, &cfg);
	int sniff = h_sniffer(AF_INET, 253);
	CU_ASSERT_EQUAL(probe_send(run->e, &a, 0, NULL, NULL), 0);
	uint8_t ip[60], body[128], quote[200];
	size_t ip_len = 0, n = h_sniff(sniff, AF_INET, body, sizeof(body), ip, &ip_len);
	CU_ASSERT_FATAL(n == 40);
	memcpy(quote, ip, ip_len);
	memcpy(quote + ip_len, body, 8);
	quote[ip_len + 5] ^= flip; /* one of the nonce bytes */
	h_forge_v4("127.0.0.2", 3, 2, quote, ip_len + 8, 0);
	h_finish(run);
	close(sniff);
}

static void test_forged(void)
{
	struct h_run run;
	forged_raw(0x33, &run);
	CU_ASSERT_EQUAL(run.n, 1);
	CU_ASSERT_EQUAL(run.events[PROBE_TIMEOUT], 1); /* bytes we never sent */
	forged_raw(0, &run);
	CU_ASSERT_EQUAL(run.n, 1);
	CU_ASSERT_EQUAL(h_count(&run, PROBE_ERROR, 3), 1); /* ours: it counts */
	CU_ASSERT_EQUAL(run.r[0].code, 2);
	CU_ASSERT_STRING_EQUAL(run.r[0].from, "127.0.0.2");
}

/* icmp_checksums
 * Send 6 echo requests to dst (Paris or not), count the replies, and read the
 * checksums the sniffer saw. */
static void icmp_checksums(const char *dst, bool raw, bool paris, uint16_t ck[6])
{
	struct netdx_addr a = h_addr(dst);
	int family = addr_family(&a);
	struct probe_config cfg = {
		.family = family, .payload_len = 32, .paris = paris, .sock = {.force_raw = raw}};
	struct h_run run;
	int sniff = h_sniffer(family, family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);
	h_open(&run, &cfg);
	for (int i = 0; i < 6; i++)
		CU_ASSERT_EQUAL(probe_send(run.e, &a, 0, NULL, NULL), 0);
	h_finish(&run);
	CU_ASSERT_EQUAL(run.events[PROBE_REPLY], 6); /* the checksums were right */
	uint8_t m[256];
	int got = 0;
	size_t n;
	while (got < 6 && (n = h_sniff(sniff, family, m, sizeof(m), NULL, NULL)) > 0)
		if (n >= 8 && (m[0] == 8 || m[0] == 128))
			ck[got++] = (uint16_t)(m[2] << 8 | m[3]);
	CU_ASSERT_EQUAL(got, 6);
	close(sniff);
}

static void test_paris_icmp(void)
{
	static const char *const dsts[] = {"127.0.0.1", "::1"};
	for (int d = 0; d < 2; d++) {
		for (int raw = 0; raw < 2; raw++) {
			uint16_t ck[6] = {0};
			icmp_checksums(dsts[d], raw, true, ck);
			for (int i = 1; i < 6; i++)
				CU_ASSERT_EQUAL(ck[i], ck[0]);
			icmp_checksums(dsts[d], raw, false, ck);
			CU_ASSERT_NOT_EQUAL(ck[1],
					    ck[0]); /* without Paris it follows the sequence */
		}
	}
}

static CU_TestInfo cases[] = {
	{"protocol 253: number and nonce in the first 8 bytes", test_wire_format},
	{"forged errors: only our identifying bytes count", test_forged},
	{"Paris ICMP: one checksum for every probe (v4, v6, dgram, raw)", test_paris_icmp},
	CU_TEST_INFO_NULL,
};
UNIT_MAIN("probe_raw", cases)
