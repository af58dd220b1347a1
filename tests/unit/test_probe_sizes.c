/* test_probe_sizes.c — probes whose size and fill change between sends (mtr -s with a
 * negative size, -B, the live view's s and b keys), in the throw-away namespace of
 * tests/netns_run.sh with echo replies off, so only forged time exceeded errors answer:
 * an error about a short probe counts though the engine sends longer ones by then (the
 * stamp is checked as far as that probe had room for it), on the datagram socket (the
 * error queue) and the raw one; the fill after the stamp is the pattern set last. */
#include "private_netns.h"
#include "probe_harness.h"

/* Nothing answers an echo request on loopback: the forged errors are the only answers. */
static const char *const quiet_cmds[] = {
	"sysctl -qw net.ipv4.icmp_echo_ignore_all=1",
};

/* forge_about_sent
 * A time exceeded from 127.0.0.2 quoting the next echo request the sniffer holds
 * whole (its IP header, 8 bytes of ICMP, its payload). */
static void forge_about_sent(int sniff)
{
	uint8_t ip[60], body[512], quote[600];
	size_t ip_len = 0, n = 0;
	for (int tries = 0; tries < 100 && (n < 8 || body[0] != 8); tries++)
		n = h_sniff(sniff, AF_INET, body, sizeof(body), ip, &ip_len);
	CU_ASSERT_FATAL(n >= 8 && body[0] == 8);
	memcpy(quote, ip, ip_len);
	memcpy(quote + ip_len, body, n);
	h_forge_v4("127.0.0.2", 11, 0, quote, ip_len + n, 0);
}

/* shrink_then_grow
 * One probe of `small` payload bytes, the engine set to 32 again before its error
 * comes back: the error must answer it (raw or datagram socket). */
static void shrink_then_grow(bool raw, size_t small)
{
	struct netdx_addr a = h_addr("127.0.0.1");
	struct probe_config cfg = {.family = AF_INET,
				   .payload_len = 32,
				   .timeout_ns = 500000000,
				   .sock = {.force_raw = raw}};
	struct h_run run;
	int sniff = h_sniffer(AF_INET, IPPROTO_ICMP);
	h_open(&run, &cfg);
	CU_ASSERT_EQUAL(probe_set_payload_len(run.e, small), 0);
	CU_ASSERT_EQUAL(probe_send(run.e, &a, 0, NULL, NULL), 0);
	CU_ASSERT_EQUAL(probe_set_payload_len(run.e, 32), 0);
	forge_about_sent(sniff);
	h_finish(&run);
	CU_ASSERT_EQUAL(run.n, 1);
	CU_ASSERT_EQUAL(h_count(&run, PROBE_ERROR, 11), 1);
	close(sniff);
}

static void test_short_probe_answered(void)
{
	CU_ASSERT_FATAL(unit_netns_setup("test_probe_sizes", quiet_cmds, 1));
	for (int raw = 0; raw < 2; raw++) {
		shrink_then_grow(raw, 4); /* part of the stamp */
		shrink_then_grow(raw, 0); /* none of it */
		shrink_then_grow(raw, 20);
	}
}

static void test_pattern_set_later(void)
{
	struct netdx_addr a = h_addr("127.0.0.1");
	struct probe_config cfg = {.family = AF_INET, .payload_len = 40, .timeout_ns = 50000000};
	struct h_run run;
	CU_ASSERT_FATAL(
		unit_netns_setup("test_probe_sizes", quiet_cmds, 1)); /* no replies sniffed */
	int sniff = h_sniffer(AF_INET, IPPROTO_ICMP);
	uint8_t body[128], ab = 0xab;
	h_open(&run, &cfg);
	CU_ASSERT_EQUAL(probe_send(run.e, &a, 0, NULL, NULL), 0);
	probe_set_pattern(run.e, &ab, 1);
	CU_ASSERT_EQUAL(probe_send(run.e, &a, 0, NULL, NULL), 0);
	CU_ASSERT_EQUAL(probe_set_payload_len(run.e, 24), 0);
	CU_ASSERT_EQUAL(probe_send(run.e, &a, 0, NULL, NULL), 0);
	size_t want[3] = {48, 48, 32};
	for (int i = 0; i < 3; i++) {
		size_t n = h_sniff(sniff, AF_INET, body, sizeof(body), NULL, NULL);
		CU_ASSERT_EQUAL_FATAL(n, want[i]);
		/* after the header and the 16-byte stamp: iputils' counting bytes, then 0xab */
		for (size_t k = 8 + PROBE_STAMP_LEN; k < n; k++)
			CU_ASSERT_EQUAL(body[k], i == 0 ? (uint8_t)(k - 8) : 0xab);
	}
	h_finish(&run);
	close(sniff);
}

static CU_TestInfo cases[] = {
	{"an error about a shorter probe than the engine sends now answers it",
	 test_short_probe_answered},
	{"the fill after the stamp: the pattern set last", test_pattern_set_later},
	CU_TEST_INFO_NULL,
};
UNIT_MAIN("probe_sizes", cases)
