/* test_probe_udp.c — the UDP probe method on loopback (and a veth with a small MTU) in
 * the throw-away namespace of tests/netns_run.sh: classic port progression, Paris with
 * constant ports (stamp unprivileged, checksum raw), both families, a service's reply,
 * size refusals, and forged errors: only those quoting a probe we sent count. */
#include <stdlib.h>

#include "private_netns.h"
#include "probe_harness.h"

#define PORT 40000

/* send_n
 * n probes to dst with the default TTL; all must go out. */
static void send_n(struct h_run *run, const char *dst, int n)
{
	struct netdx_addr a = h_addr(dst);
	for (int i = 0; i < n; i++)
		CU_ASSERT_EQUAL(probe_send(run->e, &a, 0, NULL, NULL), 0);
}

/* check_unreachable
 * n port unreachables from addr, each probe once. */
static void check_unreachable(const struct h_run *run, int n, int family, const char *addr)
{
	int type = family == AF_INET ? 3 : 1, code = family == AF_INET ? 3 : 4;
	uint64_t sum = 0;
	CU_ASSERT_EQUAL(run->n, n);
	CU_ASSERT_EQUAL(h_count(run, PROBE_ERROR, type), n);
	for (int i = 0; i < run->n && i < H_MAX_RESULTS; i++) {
		CU_ASSERT_EQUAL(run->r[i].code, code);
		CU_ASSERT_STRING_EQUAL(run->r[i].from, addr);
		sum += run->r[i].number;
	}
	CU_ASSERT_EQUAL(sum, (uint64_t)n * (n + 1) / 2);
}

/* sniffed_ports
 * Source and destination ports (and checksums) of the n probes the sniffer holds. */
static void sniffed_ports(int fd, int family, int n, uint16_t *sport, uint16_t *dport, uint16_t *ck)
{
	uint8_t u[2048];
	for (int i = 0; i < n; i++) {
		size_t len = h_sniff(fd, family, u, sizeof(u), NULL, NULL);
		CU_ASSERT_FATAL(len >= 8);
		sport[i] = (uint16_t)(u[0] << 8 | u[1]);
		dport[i] = (uint16_t)(u[2] << 8 | u[3]);
		ck[i] = (uint16_t)(u[6] << 8 | u[7]);
	}
}

/* run_udp
 * Five probes to dst (port unreachable answers them) and what went on the wire. */
static void run_udp(int family, const char *dst, bool raw, bool paris, uint16_t *sport,
		    uint16_t *dport, uint16_t *ck)
{
	struct probe_config cfg = {.family = family, .method = PROBE_METHOD_UDP, .payload_len = 32,
				   .port = PORT, .paris = paris, .sock = {.force_raw = raw}};
	struct h_run run;
	int fd = h_sniffer(family, IPPROTO_UDP);
	h_open(&run, &cfg);
	CU_ASSERT_EQUAL(probe_engine_sock(run.e)->kind, raw ? SOCK_RAW_L4 : SOCK_UDP);
	send_n(&run, dst, 5);
	h_finish(&run);
	check_unreachable(&run, 5, family, dst);
	sniffed_ports(fd, family, 5, sport, dport, ck);
	close(fd);
}

static void test_classic_ports_v4(void)
{
	uint16_t sp[5], dp[5], ck[5];
	run_udp(AF_INET, "127.0.0.1", false, false, sp, dp, ck);
	for (int i = 0; i < 5; i++) {
		CU_ASSERT_EQUAL(dp[i], PORT + i); /* 2.x's progression: one port per probe */
		CU_ASSERT_EQUAL(sp[i], sp[0]);
	}
}

static void test_paris_dgram_v4(void)
{
	uint16_t sp[5], dp[5], ck[5];
	run_udp(AF_INET, "127.0.0.1", false, true, sp, dp, ck);
	for (int i = 0; i < 5; i++) {
		CU_ASSERT_EQUAL(dp[i], PORT); /* the flow never changes */
		CU_ASSERT_EQUAL(sp[i], sp[0]);
	}
}

static void test_paris_raw_checksum_v4(void)
{
	uint16_t sp[5], dp[5], ck[5];
	/* The kernel drops a UDP datagram with a bad checksum without a word, so five
	 * port unreachables also prove the forced checksums are right. */
	run_udp(AF_INET, "127.0.0.1", true, true, sp, dp, ck);
	for (int i = 0; i < 5; i++) {
		CU_ASSERT_EQUAL(dp[i], PORT);
		CU_ASSERT_EQUAL(sp[i], sp[0]);
		CU_ASSERT_EQUAL(ck[i], i + 1); /* probe n carries n in its checksum */
	}
}

static void test_classic_raw_v6(void)
{
	uint16_t sp[5], dp[5], ck[5];
	run_udp(AF_INET6, "::1", true, false, sp, dp, ck);
	for (int i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(dp[i], PORT + i);
}

static void test_paris_dgram_v6(void)
{
	uint16_t sp[5], dp[5], ck[5];
	run_udp(AF_INET6, "::1", false, true, sp, dp, ck);
	for (int i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(dp[i], PORT);
}

static void test_paris_raw_v6(void)
{
	uint16_t sp[5], dp[5], ck[5];
	run_udp(AF_INET6, "::1", true, true, sp, dp, ck);
	for (int i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(ck[i], i + 1);
}

/* A service on the port answers: its datagram counts as the probe's reply. */
static void test_service_reply(void)
{
	int srv = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(PORT + 7),
				.sin_addr.s_addr = htonl(0x7f000001)};
	CU_ASSERT_FATAL(bind(srv, (struct sockaddr *)&a, sizeof(a)) == 0);
	struct probe_config cfg = {.family = AF_INET, .method = PROBE_METHOD_UDP, .payload_len = 32,
				   .port = PORT + 7, .paris = true};
	struct h_run run;
	h_open(&run, &cfg);
	send_n(&run, "127.0.0.1", 1);
	uint8_t buf[64];
	struct sockaddr_in peer;
	socklen_t plen = sizeof(peer);
	CU_ASSERT_FATAL(recvfrom(srv, buf, sizeof(buf), 0, (struct sockaddr *)&peer, &plen) == 32);
	sendto(srv, "hi", 2, 0, (struct sockaddr *)&peer, plen);
	h_finish(&run);
	CU_ASSERT_EQUAL(run.n, 1);
	CU_ASSERT_EQUAL(run.r[0].event, PROBE_REPLY);
	CU_ASSERT_STRING_EQUAL(run.r[0].from, "127.0.0.1");
	close(srv);
}

/* forge_about
 * Send one probe to a listening port (so the kernel itself never answers it), sniff
 * it, and forge time exceeded messages quoting it as edit() changes it; returns
 * the run, finished. */
static void forge_about(bool raw, bool paris, size_t quote_payload,
			void (*edit)(uint8_t *ip, size_t len), uint32_t label, struct h_run *run)
{
	int srv = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(PORT + 9),
				.sin_addr.s_addr = htonl(0x7f000001)};
	CU_ASSERT_FATAL(bind(srv, (struct sockaddr *)&a, sizeof(a)) == 0);
	int sniff = h_sniffer(AF_INET, IPPROTO_UDP);
	struct probe_config cfg = {.family = AF_INET, .method = PROBE_METHOD_UDP, .payload_len = 32,
				   .port = PORT + 9, .paris = paris, .timeout_ns = 200000000,
				   .sock = {.force_raw = raw}};
	h_open(run, &cfg);
	send_n(run, "127.0.0.1", 1);
	uint8_t ip[60], u[2048], quote[2048];
	size_t ip_len = 0, len = h_sniff(sniff, AF_INET, u, sizeof(u), ip, &ip_len);
	CU_ASSERT_FATAL(len == 8 + 32);
	memcpy(quote, ip, ip_len);
	memcpy(quote + ip_len, u, 8 + quote_payload);
	quote[8] = 1; /* the TTL a router quotes */
	if (edit)
		edit(quote, ip_len + 8 + quote_payload);
	h_forge_v4("127.0.0.2", 11, 0, quote, ip_len + 8 + quote_payload, label);
	h_finish(run);
	close(sniff);
	close(srv);
}

static void edit_stamp(uint8_t *q, size_t len)
{
	if (len >= 20 + 8 + 16)
		q[20 + 8 + 8] ^= 0x55; /* the probe number inside the stamp */
}

static void edit_port(uint8_t *q, size_t len)
{
	(void)len;
	q[20 + 3] ^= 0x40; /* destination port */
}

static void edit_checksum(uint8_t *q, size_t len)
{
	(void)len;
	q[20 + 7] ^= 0x11;
}

static void test_forged_paris_dgram(void)
{
	struct h_run run;
	forge_about(false, true, 32, edit_stamp, 0, &run);
	CU_ASSERT_EQUAL(run.events[PROBE_TIMEOUT], 1); /* the forgery did not answer it */
	CU_ASSERT_EQUAL(run.events[PROBE_ERROR], 0);
	/* the genuine article, with an MPLS label: accepted, label parsed from the queue */
	forge_about(false, true, 32, NULL, 1234, &run);
	CU_ASSERT_EQUAL(run.events[PROBE_ERROR], 1);
	CU_ASSERT_STRING_EQUAL(run.r[0].from, "127.0.0.2");
	CU_ASSERT_EQUAL(run.r[0].type, 11);
	CU_ASSERT_EQUAL(run.r[0].n_mpls, 1);
	CU_ASSERT_EQUAL(run.r[0].label0, 1234);
	/* quoting only 8 bytes of UDP: an unprivileged Paris probe cannot be told apart */
	forge_about(false, true, 0, NULL, 0, &run);
	CU_ASSERT_EQUAL(run.events[PROBE_TIMEOUT], 1);
}

static void test_forged_classic(void)
{
	struct h_run run;
	forge_about(false, false, 32, edit_port, 0, &run);
	CU_ASSERT_EQUAL(run.events[PROBE_TIMEOUT], 1);
	forge_about(false, false, 32, edit_stamp, 0, &run); /* right port, wrong stamp */
	CU_ASSERT_EQUAL(run.events[PROBE_TIMEOUT], 1);
	forge_about(false, false, 0, NULL, 0, &run); /* 8 bytes: the port suffices */
	CU_ASSERT_EQUAL(run.events[PROBE_ERROR], 1);
}

static void test_forged_paris_raw(void)
{
	struct h_run run;
	forge_about(true, true, 0, edit_checksum, 0, &run);
	CU_ASSERT_EQUAL(run.events[PROBE_TIMEOUT], 1);
	forge_about(true, true, 0, NULL, 77, &run); /* 8 bytes: the checksum suffices */
	CU_ASSERT_EQUAL(run.events[PROBE_ERROR], 1);
	CU_ASSERT_EQUAL(run.r[0].label0, 77);
	forge_about(true, true, 32, edit_stamp, 0, &run); /* right checksum, wrong stamp */
	CU_ASSERT_EQUAL(run.events[PROBE_TIMEOUT], 1);
}

/* A veth with a 1400-byte MTU, its peer silent. */
static const char *const veth_cmds[] = {
	"ip link add u0 mtu 1400 type veth peer name u1 mtu 1400",
	"ip addr add 10.9.0.1/24 dev u0",
	"ip link set u1 up",
	"ip link set u0 up",
};

static void test_size_refused_locally(void)
{
	static int ready;
	if (!ready)
		ready = unit_netns_setup("test_probe_udp", veth_cmds, 4) ? 1 : -1;
	CU_ASSERT_FATAL(ready > 0);
	for (int raw = 0; raw < 2; raw++) {
		struct probe_config cfg = {.family = AF_INET, .method = PROBE_METHOD_UDP,
					   .payload_len = 2000, .paris = true,
					   .sock = {.df = SOCK_DF_ALWAYS, .force_raw = raw}};
		struct h_run run;
		h_open(&run, &cfg);
		send_n(&run, "10.9.0.2", 2);
		h_finish(&run);
		CU_ASSERT_EQUAL(run.n, 2);
		CU_ASSERT_EQUAL(h_count(&run, PROBE_ERROR, 3), 2);
		CU_ASSERT_EQUAL(run.r[0].mtu, 1400);
		CU_ASSERT_EQUAL(run.r[1].mtu, 1400);
		CU_ASSERT_STRING_EQUAL(run.r[0].from, ""); /* local: nobody sent it */
		/* a smaller payload then fits, and the silent peer lets it time out */
		h_open(&run, &cfg);
		CU_ASSERT_EQUAL(probe_set_payload_len(run.e, 1400 - 28), 0);
		CU_ASSERT_EQUAL(probe_set_payload_len(run.e, 2001), -1);
		send_n(&run, "10.9.0.2", 1);
		h_finish(&run);
		CU_ASSERT_EQUAL(run.events[PROBE_TIMEOUT], 1);
	}
}

static CU_TestInfo cases[] = {
	{"classic: one destination port per probe (v4)", test_classic_ports_v4},
	{"Paris, unprivileged: constant ports (v4)", test_paris_dgram_v4},
	{"Paris, raw: constant ports, checksum = probe (v4)", test_paris_raw_checksum_v4},
	{"classic, raw (v6)", test_classic_raw_v6},
	{"Paris, unprivileged (v6)", test_paris_dgram_v6},
	{"Paris, raw: checksum = probe (v6)", test_paris_raw_v6},
	{"a service's UDP reply answers the probe", test_service_reply},
	{"forged errors, Paris unprivileged: stamp decides; MPLS", test_forged_paris_dgram},
	{"forged errors, classic: port and stamp decide", test_forged_classic},
	{"forged errors, Paris raw: checksum and stamp decide", test_forged_paris_raw},
	{"a probe over the MTU is refused locally, with the MTU", test_size_refused_locally},
	CU_TEST_INFO_NULL,
};
UNIT_MAIN("probe_udp", cases)
