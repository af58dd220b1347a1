/* test_probe_udp.c — the UDP probe method on loopback (and a veth with a small MTU) in
 * the throw-away namespace of tests/netns_run.sh: classic port progression, Paris with
 * constant ports (stamp unprivileged, checksum raw), both families, size refusals,
 * forged errors (only those quoting a probe we sent count), a service's replies (given
 * to a probe only where they prove which: the port, the socket, the DNS ID, an echoed
 * stamp) and DNS queries to port 53. */
#include <dirent.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/syscall.h>

#include "netdx/dns_msg.h"
#include "netdx/dns_type.h"
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
	struct probe_config cfg = {.family = family,
				   .method = PROBE_METHOD_UDP,
				   .payload_len = 32,
				   .port = PORT,
				   .paris = paris,
				   .sock = {.force_raw = raw}};
	struct h_run run;
	int fd = h_sniffer(family, IPPROTO_UDP);
	h_open(&run, &cfg);
	CU_ASSERT_EQUAL(probe_engine_sock(run.e)->kind, raw ? SOCK_RAW_L4 : SOCK_UDP);
	uint16_t source = probe_engine_source_port(run.e);
	send_n(&run, dst, 5);
	h_finish(&run);
	check_unreachable(&run, 5, family, dst);
	sniffed_ports(fd, family, 5, sport, dport, ck);
	CU_ASSERT_NOT_EQUAL(source, 0);
	CU_ASSERT_EQUAL(sport[0], source); /* what mtr --multipath names a flow by */
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

/* Port 53 for everyone: the engines' privilege drops took CAP_NET_BIND_SERVICE. */
static const char *const low_ports_cmds[] = {
	"sysctl -qw net.ipv4.ip_unprivileged_port_start=0",
};

/* h_server
 * A UDP socket bound to 127.0.0.1:port, standing for a service. */
static int h_server(uint16_t port)
{
	static int low_ports;
	if (port < 1024 && !low_ports)
		low_ports = unit_netns_setup("test_probe_udp", low_ports_cmds, 1) ? 1 : -1;
	CU_ASSERT_FATAL(port >= 1024 || low_ports > 0);
	int srv = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons(port),
				.sin_addr.s_addr = htonl(0x7f000001)};
	CU_ASSERT_FATAL(bind(srv, (struct sockaddr *)&a, sizeof(a)) == 0);
	return srv;
}

/* A datagram the service got: its bytes and who sent it. */
struct h_dgram {
	uint8_t data[2048];
	size_t len;
	struct sockaddr_in peer;
};

/* h_take
 * The n datagrams the service holds (the probes were sent before). */
static void h_take(int srv, struct h_dgram *d, int n)
{
	for (int i = 0; i < n; i++) {
		socklen_t plen = sizeof(d[i].peer);
		ssize_t len = recvfrom(srv, d[i].data, sizeof(d[i].data), 0,
				       (struct sockaddr *)&d[i].peer, &plen);
		CU_ASSERT_FATAL(len >= 0);
		d[i].len = (size_t)len;
	}
}

/* h_answer
 * The service answers datagram d with len bytes of data. */
static void h_answer(int srv, const struct h_dgram *d, const void *data, size_t len)
{
	CU_ASSERT(sendto(srv, data, len, 0, (const struct sockaddr *)&d->peer, sizeof(d->peer)) ==
		  (ssize_t)len);
}

/* Paris, a service that echoes nothing: its answer could be any probe's, so it is none's
 * (counted ambiguous); one that echoes the datagram names its probe by the stamp. */
static void test_service_reply_paris(void)
{
	int srv = h_server(PORT + 7);
	struct probe_config cfg = {.family = AF_INET,
				   .method = PROBE_METHOD_UDP,
				   .payload_len = 32,
				   .port = PORT + 7,
				   .paris = true,
				   .timeout_ns = 200000000};
	struct h_run run;
	struct h_dgram d[3];
	h_open(&run, &cfg);
	send_n(&run, "127.0.0.1", 3);
	h_take(srv, d, 3);
	h_answer(srv, &d[1], "hi", 2);
	h_answer(srv, &d[2], d[2].data, d[2].len);
	const struct probe_counters *c = probe_engine_counters(run.e);
	loop_run(run.loop);
	CU_ASSERT_EQUAL(c->ambiguous, 1);
	CU_ASSERT_EQUAL(c->foreign, 0);
	CU_ASSERT_EQUAL(run.events[PROBE_REPLY], 1);
	CU_ASSERT_EQUAL(run.events[PROBE_TIMEOUT], 2);
	for (int i = 0; i < run.n; i++)
		if (run.r[i].event == PROBE_REPLY)
			CU_ASSERT_EQUAL(run.r[i].number, 3);
	h_finish(&run);
	close(srv);
}

/* Classic: a reply comes from the port its probe went to, which names it. */
static void test_service_reply_classic(void)
{
	int srv = h_server(PORT + 21); /* the second probe's port */
	struct probe_config cfg = {.family = AF_INET,
				   .method = PROBE_METHOD_UDP,
				   .payload_len = 32,
				   .port = PORT + 20,
				   .timeout_ns = 200000000};
	struct h_run run;
	struct h_dgram d;
	h_open(&run, &cfg);
	send_n(&run, "127.0.0.1", 3);
	h_take(srv, &d, 1);
	h_answer(srv, &d, "ok\n", 3);
	h_finish(&run);
	CU_ASSERT_EQUAL(run.n, 3);
	CU_ASSERT_EQUAL(h_count(&run, PROBE_ERROR, 3), 2); /* ports 40020 and 40022: closed */
	CU_ASSERT_EQUAL(run.events[PROBE_REPLY], 1);
	for (int i = 0; i < run.n; i++)
		if (run.r[i].event == PROBE_REPLY)
			CU_ASSERT_EQUAL(run.r[i].number, 2);
}

/* Own port: every probe from a port of its own, to one port; a reply that echoes
 * nothing answers the probe whose socket it comes to. Unprivileged and raw. */
static void test_own_port(void)
{
	for (int raw = 0; raw < 2; raw++) {
		int srv = h_server(PORT + 30);
		struct probe_config cfg = {.family = AF_INET,
					   .method = PROBE_METHOD_UDP,
					   .payload_len = 32,
					   .port = PORT + 30,
					   .own_port = true,
					   .timeout_ns = 200000000,
					   .sock = {.force_raw = raw}};
		struct h_run run;
		struct h_dgram d[3];
		h_open(&run, &cfg);
		CU_ASSERT_EQUAL(probe_engine_source_port(run.e), 0); /* a port per probe */
		send_n(&run, "127.0.0.1", 3);
		h_take(srv, d, 3);
		CU_ASSERT(d[0].peer.sin_port != d[1].peer.sin_port);
		CU_ASSERT(d[1].peer.sin_port != d[2].peer.sin_port);
		CU_ASSERT(d[0].peer.sin_port != d[2].peer.sin_port);
		h_answer(srv, &d[1], "ok\n", 3);
		h_finish(&run);
		CU_ASSERT_EQUAL(run.n, 3);
		CU_ASSERT_EQUAL(run.events[PROBE_REPLY], 1);
		CU_ASSERT_EQUAL(run.events[PROBE_TIMEOUT], 2);
		for (int i = 0; i < run.n; i++)
			if (run.r[i].event == PROBE_REPLY)
				CU_ASSERT_EQUAL(run.r[i].number, 2);
		close(srv);
	}
}

/* open_fds
 * How many descriptors this process has open. */
static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* Own port: a probe's socket is open only while it waits. */
static void test_own_port_sockets_closed(void)
{
	struct probe_config cfg = {.family = AF_INET,
				   .method = PROBE_METHOD_UDP,
				   .payload_len = 32,
				   .port = PORT + 31,
				   .own_port = true};
	struct h_run run;
	h_open(&run, &cfg);
	int idle = open_fds();
	send_n(&run, "127.0.0.1", 3);
	CU_ASSERT_EQUAL(open_fds(), idle + 3);
	loop_run(run.loop); /* port unreachable answers each at once */
	CU_ASSERT_EQUAL(open_fds(), idle);
	h_finish(&run);
	check_unreachable(&run, 3, AF_INET, "127.0.0.1");
}

/* dns_check
 * d is a query for the root's SOA, RD clear, of len bytes; its ID. */
static uint16_t dns_check(const struct h_dgram *d, size_t len)
{
	struct dns_msg *m = NULL;
	CU_ASSERT_EQUAL(d->len, len);
	CU_ASSERT_FATAL(dns_msg_parse(d->data, d->len, &m) == DNS_OK);
	CU_ASSERT_EQUAL(m->flags & (DNS_FLAG_QR | DNS_FLAG_RD), 0);
	CU_ASSERT_EQUAL(m->opcode, 0);
	CU_ASSERT_EQUAL(m->n_q, 1);
	CU_ASSERT_EQUAL(m->q[0].name.len, 1);
	CU_ASSERT_EQUAL(m->q[0].type, DNS_T_SOA);
	CU_ASSERT_EQUAL(m->q[0].cls, DNS_C_IN);
	CU_ASSERT_EQUAL(m->edns.present, len >= 28);
	CU_ASSERT_EQUAL(m->trailing, 0);
	uint16_t id = m->id;
	dns_msg_free(m);
	return id;
}

/* To port 53 every probe is a whole DNS query, as long as asked or the next length a
 * query can have (17, 28, then any from 32). */
static void test_dns_query_lengths(void)
{
	static const size_t asked[] = {0, 17, 20, 28, 30, 32, 100};
	static const size_t sent[] = {17, 17, 28, 28, 32, 32, 100};
	for (size_t k = 0; k < sizeof(asked) / sizeof(asked[0]); k++) {
		for (int raw = 0; raw < 2; raw++) {
			int srv = h_server(53);
			struct probe_config cfg = {.family = AF_INET,
						   .method = PROBE_METHOD_UDP,
						   .payload_len = asked[k],
						   .port = 53,
						   .paris = true,
						   .timeout_ns = 100000000,
						   .sock = {.force_raw = raw}};
			struct h_run run;
			struct h_dgram d[2];
			h_open(&run, &cfg);
			CU_ASSERT_EQUAL(probe_engine_payload_len(run.e), sent[k]);
			send_n(&run, "127.0.0.1", 2);
			h_take(srv, d, 2);
			uint16_t id0 = dns_check(&d[0], sent[k]), id1 = dns_check(&d[1], sent[k]);
			CU_ASSERT(id0 != id1);
			CU_ASSERT_EQUAL(d[0].peer.sin_port, d[1].peer.sin_port); /* Paris */
			h_finish(&run);
			close(srv);
		}
	}
	/* any other port: the length asked for */
	struct probe_config cfg = {.family = AF_INET,
				   .method = PROBE_METHOD_UDP,
				   .payload_len = 5,
				   .port = 54,
				   .paris = true};
	struct h_run run;
	h_open(&run, &cfg);
	CU_ASSERT_EQUAL(probe_engine_payload_len(run.e), 5);
	h_finish(&run);
}

/* dns_reply
 * A response to query q: header with its ID (QR set, rcode), and its question when
 * with_question; into out, returns the length. */
static size_t dns_reply(const struct h_dgram *q, unsigned rcode, bool with_question, uint8_t *out)
{
	memcpy(out, q->data, 12);
	out[2] = 0x80;
	out[3] = (uint8_t)rcode;
	memset(out + 4, 0, 8);
	if (!with_question)
		return 12;
	out[5] = 1;
	memcpy(out + 12, q->data + 12, 5);
	return 17;
}

/* A DNS server's answers name their probe by the ID (unprivileged and raw Paris, and
 * own port): a FORMERR of 12 bytes (only the ID), a REFUSED with the question; a
 * message that is no response, or has another ID or question, answers nothing. */
static void test_dns_answers(void)
{
	for (int mode = 0; mode < 3; mode++) {
		int srv = h_server(53);
		struct probe_config cfg = {.family = AF_INET,
					   .method = PROBE_METHOD_UDP,
					   .payload_len = 32,
					   .port = 53,
					   .paris = mode != 2,
					   .own_port = mode == 2,
					   .timeout_ns = 200000000,
					   .sock = {.force_raw = mode == 1}};
		struct h_run run;
		struct h_dgram d[5];
		uint8_t a[64];
		h_open(&run, &cfg);
		send_n(&run, "127.0.0.1", 5);
		h_take(srv, d, 5);
		h_answer(srv, &d[1], a, dns_reply(&d[1], 1, false, a)); /* FORMERR, bare */
		h_answer(srv, &d[3], a, dns_reply(&d[3], 5, true, a));  /* REFUSED */
		h_answer(srv, &d[0], d[0].data, d[0].len);              /* not a response */
		size_t n = dns_reply(&d[2], 5, true, a);
		a[1] ^= 0x40; /* another ID */
		h_answer(srv, &d[2], a, n);
		n = dns_reply(&d[4], 5, true, a);
		a[14] = DNS_T_NS; /* another question */
		h_answer(srv, &d[4], a, n);
		const struct probe_counters *c = probe_engine_counters(run.e);
		loop_run(run.loop);
		CU_ASSERT_EQUAL(run.events[PROBE_REPLY], 2);
		CU_ASSERT_EQUAL(run.events[PROBE_TIMEOUT], 3);
		CU_ASSERT_EQUAL(c->foreign, 3);
		CU_ASSERT_EQUAL(c->ambiguous, 0);
		uint64_t sum = 0;
		for (int i = 0; i < run.n; i++)
			if (run.r[i].event == PROBE_REPLY)
				sum += run.r[i].number * run.r[i].number;
		CU_ASSERT_EQUAL(sum, 2 * 2 + 4 * 4);
		h_finish(&run);
		close(srv);
	}
}
/* forge_about_port
 * Send one probe to a listening port (so the kernel itself never answers it), sniff
 * it, and forge time exceeded messages quoting it as edit() changes it; returns
 * the run, finished. */
static void forge_about_port(uint16_t port, bool raw, bool paris, size_t quote_payload,
			     void (*edit)(uint8_t *ip, size_t len), uint32_t label,
			     struct h_run *run)
{
	int srv = h_server(port);
	int sniff = h_sniffer(AF_INET, IPPROTO_UDP);
	struct probe_config cfg = {.family = AF_INET,
				   .method = PROBE_METHOD_UDP,
				   .payload_len = 32,
				   .port = port,
				   .paris = paris,
				   .timeout_ns = 200000000,
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

/* forge_about
 * The same, to a port of no meaning. */
static void forge_about(bool raw, bool paris, size_t quote_payload,
			void (*edit)(uint8_t *ip, size_t len), uint32_t label, struct h_run *run)
{
	forge_about_port(PORT + 9, raw, paris, quote_payload, edit, label, run);
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

static void edit_dns_id(uint8_t *q, size_t len)
{
	if (len >= 20 + 8 + 2)
		q[20 + 8 + 1] ^= 0x01;
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

/* Errors about DNS probes: the quoted ID names the probe (unprivileged), the checksum
 * (raw), and the quoted query must be the probe's. */
static void test_forged_dns(void)
{
	struct h_run run;
	for (int raw = 0; raw < 2; raw++) {
		forge_about_port(53, raw, true, 32, NULL, 0, &run);
		CU_ASSERT_EQUAL(run.events[PROBE_ERROR], 1);
		forge_about_port(53, raw, true, 32, edit_dns_id, 0, &run);
		CU_ASSERT_EQUAL(run.events[PROBE_TIMEOUT], 1);
	}
	forge_about_port(53, true, true, 0, NULL, 0, &run); /* 8 bytes: the checksum suffices */
	CU_ASSERT_EQUAL(run.events[PROBE_ERROR], 1);
	forge_about_port(53, false, true, 0, NULL, 0, &run); /* unprivileged: unidentifiable */
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
		struct probe_config cfg = {.family = AF_INET,
					   .method = PROBE_METHOD_UDP,
					   .payload_len = 2000,
					   .paris = true,
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

/* getrandom, for this binary: the kernel's bytes, or while forced_nonce_top is set,
 * bytes that make the engine's nonce end in it (its top 16 bits are the DNS IDs' base). */
static uint16_t forced_nonce_top;

ssize_t getrandom(void *buf, size_t len, unsigned flags)
{
	if (!forced_nonce_top)
		return syscall(SYS_getrandom, buf, len, flags);
	uint8_t *b = buf;
	for (size_t i = 0; i < len; i++)
		b[i] = i % 8 == 6   ? (uint8_t)forced_nonce_top
		       : i % 8 == 7 ? forced_nonce_top >> 8
				    : 0x5a;
	return (ssize_t)len;
}

/* Raw Paris DNS probes from an ID base of 0xfffe: wire 0 would go out with checksum
 * 0xffff (0 means "no checksum"), byte for byte wire 0xffff's probe, as the ID pays for
 * the checksum. So its number is skipped: probes 1 and 3 go out, with checksums 0xffff
 * and 1, and each gets its own port unreachable (v4, v6) and its own answer. */
static void test_dns_raw_checksum_twins(void)
{
	const char *dst[] = {"127.0.0.1", "::1", "127.0.0.1"};
	for (int k = 0; k < 3; k++) {
		bool answered = k == 2;
		int srv = answered ? h_server(53) : -1;
		struct probe_config cfg = {.family = k == 1 ? AF_INET6 : AF_INET,
					   .method = PROBE_METHOD_UDP,
					   .payload_len = 32,
					   .port = 53,
					   .paris = true,
					   .timeout_ns = 200000000,
					   .sock = {.force_raw = true}};
		struct h_run run;
		forced_nonce_top = 0xfffe;
		h_open(&run, &cfg);
		forced_nonce_top = 0;
		int fd = h_sniffer(cfg.family, IPPROTO_UDP);
		send_n(&run, dst[k], 2);
		uint16_t sp[2], dp[2], ck[2];
		sniffed_ports(fd, cfg.family, 2, sp, dp, ck);
		CU_ASSERT(ck[0] == 0xffff && ck[1] == 1);
		close(fd);
		if (answered) {
			struct h_dgram d[2];
			uint8_t a[64];
			h_take(srv, d, 2);
			h_answer(srv, &d[1], a, dns_reply(&d[1], 5, true, a));
			h_answer(srv, &d[0], a, dns_reply(&d[0], 5, true, a));
		}
		h_finish(&run);
		enum probe_event ev = answered ? PROBE_REPLY : PROBE_ERROR;
		CU_ASSERT_EQUAL(run.n, 2);
		CU_ASSERT_EQUAL(h_count(&run, ev, -2), 2);
		CU_ASSERT_EQUAL(run.r[0].number * run.r[1].number, 3);
		if (answered)
			close(srv);
	}
}

static CU_TestInfo cases[] = {
	{"classic: one destination port per probe (v4)", test_classic_ports_v4},
	{"Paris, unprivileged: constant ports (v4)", test_paris_dgram_v4},
	{"Paris, raw: constant ports, checksum = probe (v4)", test_paris_raw_checksum_v4},
	{"classic, raw (v6)", test_classic_raw_v6},
	{"Paris, unprivileged (v6)", test_paris_dgram_v6},
	{"Paris, raw: checksum = probe (v6)", test_paris_raw_v6},
	{"Paris: a reply that echoes nothing is ambiguous; an echo names its probe",
	 test_service_reply_paris},
	{"classic: a reply names its probe by the port it comes from", test_service_reply_classic},
	{"own port: a port per probe; the reply's socket names its probe", test_own_port},
	{"own port: sockets close when their probe ends", test_own_port_sockets_closed},
	{"port 53: DNS queries of the asked length or the next that fits", test_dns_query_lengths},
	{"port 53: answers name their probe by ID and question", test_dns_answers},
	{"port 53: errors quoting a DNS probe (ID, checksum, query)", test_forged_dns},
	{"port 53, raw: no probe carries wire 0, 0xffff's checksum twin",
	 test_dns_raw_checksum_twins},
	{"forged errors, Paris unprivileged: stamp decides; MPLS", test_forged_paris_dgram},
	{"forged errors, classic: port and stamp decide", test_forged_classic},
	{"forged errors, Paris raw: checksum and stamp decide", test_forged_paris_raw},
	{"a probe over the MTU is refused locally, with the MTU", test_size_refused_locally},
	CU_TEST_INFO_NULL,
};
UNIT_MAIN("probe_udp", cases)
