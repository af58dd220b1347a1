/* test_sock.c — probe sockets on loopback, in the throw-away namespace of
 * tests/netns_run.sh: the UDP error queue, kernel timestamps and received TTL, the
 * per-send TTL, and the BPF filter that keeps other processes' echo replies away from
 * a raw socket. */
#include "netdx/sock.h"

#include <errno.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>

#include "netdx/icmp.h"
#include "netdx/priv.h"
#include "unit.h"

static struct netdx_addr parse(const char *text, uint16_t port)
{
	struct netdx_addr a;
	CU_ASSERT_FATAL(addr_parse_literal(text, AF_UNSPEC, &a));
	addr_set_port(&a, port);
	return a;
}

/* wait_readable
 * Poll until fd has something (data, or an error-queue entry when errors is set). */
static bool wait_readable(int fd, bool errors)
{
	struct pollfd p = {.fd = fd, .events = errors ? 0 : POLLIN};
	return poll(&p, 1, 2000) == 1 && (p.revents & (errors ? POLLERR : POLLIN));
}

static void test_udp_port_unreachable_from_errqueue(void)
{
	const char *why;
	struct probe_sock s;
	CU_ASSERT_FATAL(sock_open_udp(&s, AF_INET, NULL, &why) == NETDX_OK);
	CU_ASSERT_EQUAL(s.kind, SOCK_UDP);
	struct netdx_addr dst = parse("127.0.0.1", 33434); /* nothing listens there */
	uint64_t tx_real = 0, tx_mono = 0;
	CU_ASSERT_EQUAL(sock_send(&s, "probe", 5, &dst, 7, &tx_real, &tx_mono), 5);
	CU_ASSERT(tx_real > 0 && tx_mono > 0);
	CU_ASSERT_FATAL(wait_readable(s.fd, true));
	uint8_t buf[512];
	struct sock_packet pkt;
	CU_ASSERT_EQUAL_FATAL(sock_recv(&s, buf, sizeof(buf), true, &pkt), 1);
	CU_ASSERT(pkt.is_error);
	CU_ASSERT_EQUAL(pkt.ee_origin, SO_EE_ORIGIN_ICMP);
	CU_ASSERT_EQUAL(pkt.ee_type, ICMP4_DEST_UNREACH);
	CU_ASSERT_EQUAL(pkt.ee_code, 3); /* port unreachable */
	CU_ASSERT_EQUAL(pkt.ee_errno, ECONNREFUSED);
	char text[ADDR_STRLEN];
	CU_ASSERT_STRING_EQUAL(addr_to_str(&pkt.offender, text, sizeof(text)), "127.0.0.1");
	CU_ASSERT_EQUAL(addr_port(&pkt.from), 33434); /* where the probe was going */
	CU_ASSERT_EQUAL(pkt.len, 5);
	CU_ASSERT_EQUAL(memcmp(pkt.data, "probe", 5), 0);
	CU_ASSERT(pkt.rx_real_ns >= tx_real); /* kernel stamp on the error too */
	CU_ASSERT_EQUAL(sock_recv(&s, buf, sizeof(buf), true, &pkt), 0); /* drained */
	sock_close(&s);
}

/* A send that finds an earlier probe's ICMP error pending still goes out, and says which
 * error it met (traceroute stops sending past a destination that may have answered);
 * the error itself stays in the queue. */
static void test_send_reports_pending_error(void)
{
	const char *why;
	struct probe_sock s;
	CU_ASSERT_FATAL(sock_open_udp(&s, AF_INET, NULL, &why) == NETDX_OK);
	struct netdx_addr dst = parse("127.0.0.1", 33436); /* nothing listens there */
	CU_ASSERT_EQUAL(sock_send(&s, "a", 1, &dst, 0, NULL, NULL), 1);
	CU_ASSERT_EQUAL(s.met_error, 0);
	/* On loopback the port unreachable is made and delivered within the send itself
	 * (the softirq runs before sendmsg returns), queue entry and pending error
	 * together; the poll only makes sure the entry is there. */
	CU_ASSERT_FATAL(wait_readable(s.fd, true));
	CU_ASSERT_EQUAL(sock_send(&s, "b", 1, &dst, 0, NULL, NULL), 1);
	CU_ASSERT_EQUAL(s.met_error, ECONNREFUSED);
	uint8_t buf[64];
	struct sock_packet pkt;
	CU_ASSERT_EQUAL_FATAL(sock_recv(&s, buf, sizeof(buf), true, &pkt), 1);
	CU_ASSERT(pkt.len == 1 && pkt.data[0] == 'a');
	CU_ASSERT_FATAL(wait_readable(s.fd, true)); /* b's own error */
	CU_ASSERT_EQUAL_FATAL(sock_recv(&s, buf, sizeof(buf), true, &pkt), 1);
	CU_ASSERT(pkt.len == 1 && pkt.data[0] == 'b'); /* the second send went out */
	/* drained: nothing pending, the next send meets nothing */
	CU_ASSERT_EQUAL(sock_recv(&s, buf, sizeof(buf), true, &pkt), 0);
	CU_ASSERT_EQUAL(sock_send(&s, "c", 1, &dst, 0, NULL, NULL), 1);
	CU_ASSERT_EQUAL(s.met_error, 0);
	sock_close(&s);
}

static void test_udp_v6_errqueue(void)
{
	const char *why;
	struct probe_sock s;
	CU_ASSERT_FATAL(sock_open_udp(&s, AF_INET6, NULL, &why) == NETDX_OK);
	struct netdx_addr dst = parse("::1", 33435);
	CU_ASSERT_EQUAL(sock_send(&s, "x", 1, &dst, 3, NULL, NULL), 1);
	CU_ASSERT_FATAL(wait_readable(s.fd, true));
	uint8_t buf[512];
	struct sock_packet pkt;
	CU_ASSERT_EQUAL_FATAL(sock_recv(&s, buf, sizeof(buf), true, &pkt), 1);
	CU_ASSERT_EQUAL(pkt.ee_origin, SO_EE_ORIGIN_ICMP6);
	CU_ASSERT_EQUAL(pkt.ee_type, ICMP6_DEST_UNREACH_T);
	CU_ASSERT_EQUAL(pkt.ee_code, 4); /* port unreachable */
	sock_close(&s);
}

/* An echo exchange over a datagram socket: the reply's TTL and kernel stamp arrive, and
 * the TTL we sent with (cmsg) is what the reply shows on loopback... the echo reply is
 * the kernel's own, with the default TTL, so check ours with a UDP datagram instead. */
static void test_datagram_echo_ttl_and_stamp(void)
{
	const char *why;
	struct probe_sock s;
	CU_ASSERT_FATAL(sock_open_icmp(&s, AF_INET, 0, NULL, &why) == NETDX_OK);
	CU_ASSERT_EQUAL(s.kind, SOCK_ICMP_DGRAM);
	CU_ASSERT(s.ident != 0);
	uint8_t req[64], buf[512];
	size_t n = icmp_build_echo(req, sizeof(req), AF_INET, s.ident, 1, NULL, 0);
	struct netdx_addr dst = parse("127.0.0.1", 0);
	uint64_t tx_real;
	CU_ASSERT_EQUAL(sock_send(&s, req, n, &dst, 0, &tx_real, NULL), (ssize_t)n);
	CU_ASSERT_FATAL(wait_readable(s.fd, false));
	struct sock_packet pkt;
	CU_ASSERT_EQUAL_FATAL(sock_recv(&s, buf, sizeof(buf), false, &pkt), 1);
	CU_ASSERT(!pkt.is_error);
	CU_ASSERT_EQUAL(pkt.ttl, 64);
	CU_ASSERT(pkt.rx_real_ns >= tx_real && pkt.rx_real_ns - tx_real < 1000000000ull);
	struct icmp_msg msg;
	CU_ASSERT_EQUAL(icmp_parse(pkt.data, pkt.len, AF_INET, false, &msg), ICMP_OK);
	CU_ASSERT_EQUAL(msg.kind, ICMP_KIND_ECHO_REPLY);
	CU_ASSERT_EQUAL(msg.id, s.ident);
	sock_close(&s);
}

/* open_udp_pair
 * A UDP sender and a receiver bound on loopback; me is the receiver's address. */
static void open_udp_pair(struct probe_sock *tx, struct probe_sock *rx, struct netdx_addr *me)
{
	const char *why;
	struct netdx_addr any = parse("127.0.0.1", 0);
	struct sock_opts bind_rx = {.src = &any};
	CU_ASSERT_FATAL(sock_open_udp(tx, AF_INET, NULL, &why) == NETDX_OK);
	CU_ASSERT_FATAL(sock_open_udp(rx, AF_INET, &bind_rx, &why) == NETDX_OK);
	*me = (struct netdx_addr){.len = sizeof(me->ss)};
	CU_ASSERT_FATAL(getsockname(rx->fd, (struct sockaddr *)&me->ss, &me->len) == 0);
}

static void test_per_send_ttl(void)
{
	/* A UDP receiver on loopback sees the TTL each datagram was sent with. */
	struct probe_sock tx, rx;
	struct netdx_addr me;
	open_udp_pair(&tx, &rx, &me);
	int ttls[] = {1, 17, 255, 0};
	for (int i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(sock_send(&tx, "t", 1, &me, ttls[i], NULL, NULL), 1);
		CU_ASSERT_FATAL(wait_readable(rx.fd, false));
		uint8_t buf[64];
		struct sock_packet pkt;
		CU_ASSERT_EQUAL_FATAL(sock_recv(&rx, buf, sizeof(buf), false, &pkt), 1);
		CU_ASSERT_EQUAL(pkt.ttl, ttls[i] ? ttls[i] : 64); /* 0: the system default */
	}
	sock_close(&tx);
	sock_close(&rx);
}

/* sock_send_from pins the source of every send, with and without a TTL of its own,
 * until it is cleared: the receiver sees 127.0.0.2, then the kernel's 127.0.0.1. */
static void test_send_from(void)
{
	struct probe_sock tx, rx;
	struct netdx_addr me, other = parse("127.0.0.2", 0);
	int ttls[] = {0, 9};
	open_udp_pair(&tx, &rx, &me);
	sock_send_from(&tx, &other);
	for (int i = 0; i < 3; i++) {
		if (i == 2)
			sock_send_from(&tx, NULL);
		CU_ASSERT_EQUAL(sock_send(&tx, "s", 1, &me, ttls[i % 2], NULL, NULL), 1);
		CU_ASSERT_FATAL(wait_readable(rx.fd, false));
		uint8_t buf[64];
		struct sock_packet pkt;
		char from[ADDR_STRLEN];
		CU_ASSERT_EQUAL_FATAL(sock_recv(&rx, buf, sizeof(buf), false, &pkt), 1);
		addr_to_str(&pkt.from, from, sizeof(from));
		CU_ASSERT_STRING_EQUAL(from, i < 2 ? "127.0.0.2" : "127.0.0.1");
	}
	sock_close(&tx);
	sock_close(&rx);
}

/* A datagram longer than the buffer comes back marked as cut short, so its start is
 * never taken for a whole packet; one that fits is not marked. */
static void test_datagram_longer_than_buffer(void)
{
	struct probe_sock tx, rx;
	struct netdx_addr me;
	open_udp_pair(&tx, &rx, &me);
	uint8_t big[100] = {0}, buf[16];
	size_t sizes[] = {sizeof(big), sizeof(buf)};
	for (int i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL(sock_send(&tx, big, sizes[i], &me, 0, NULL, NULL),
				(ssize_t)sizes[i]);
		CU_ASSERT_FATAL(wait_readable(rx.fd, false));
		struct sock_packet pkt;
		CU_ASSERT_EQUAL_FATAL(sock_recv(&rx, buf, sizeof(buf), false, &pkt), 1);
		CU_ASSERT_EQUAL(pkt.len, sizeof(buf));
		CU_ASSERT_EQUAL(pkt.truncated, sizes[i] > sizeof(buf));
	}
	sock_close(&tx);
	sock_close(&rx);
}

/* Two raw sockets with different identifiers: each sees only the replies to its own
 * echo requests, thanks to the BPF filter (raw ICMP sockets otherwise see all). */
static void check_filter(int family, const char *addr)
{
	const char *why;
	struct sock_opts raw = {.force_raw = true};
	struct probe_sock a, b;
	CU_ASSERT_FATAL(sock_open_icmp(&a, family, 0x1111, &raw, &why) == NETDX_OK);
	CU_ASSERT_FATAL(sock_open_icmp(&b, family, 0x2222, &raw, &why) == NETDX_OK);
	CU_ASSERT_EQUAL(a.kind, SOCK_ICMP_RAW);
	uint8_t req[64], buf[512];
	struct netdx_addr dst = parse(addr, 0);
	for (int i = 0; i < 3; i++) { /* b sends three, a one */
		size_t n = icmp_build_echo(req, sizeof(req), family, b.ident, (uint16_t)i, NULL, 0);
		CU_ASSERT_EQUAL(sock_send(&b, req, n, &dst, 0, NULL, NULL), (ssize_t)n);
	}
	size_t n = icmp_build_echo(req, sizeof(req), family, a.ident, 9, NULL, 0);
	CU_ASSERT_EQUAL(sock_send(&a, req, n, &dst, 0, NULL, NULL), (ssize_t)n);
	CU_ASSERT_FATAL(wait_readable(a.fd, false));
	struct sock_packet pkt;
	int got = 0;
	while (sock_recv(&a, buf, sizeof(buf), false, &pkt) == 1) {
		struct icmp_msg msg;
		CU_ASSERT_EQUAL(icmp_parse(pkt.data, pkt.len, family, family == AF_INET, &msg),
				ICMP_OK);
		CU_ASSERT_EQUAL(msg.kind, ICMP_KIND_ECHO_REPLY);
		CU_ASSERT_EQUAL(msg.id, 0x1111);
		CU_ASSERT_EQUAL(msg.seq, 9);
		got++;
	}
	CU_ASSERT_EQUAL(got, 1); /* b's replies (and everyone's requests) were filtered out */
	int got_b = 0;
	while (wait_readable(b.fd, false) && sock_recv(&b, buf, sizeof(buf), false, &pkt) == 1)
		if (++got_b == 3)
			break;
	CU_ASSERT_EQUAL(got_b, 3);
	sock_close(&a);
	sock_close(&b);
}

static void test_bpf_filter_v4(void)
{
	check_filter(AF_INET, "127.0.0.1");
}

static void test_bpf_filter_v6(void)
{
	check_filter(AF_INET6, "::1");
}

static void test_raw_without_capability(void)
{
	/* Run last: it drops every capability of this process. */
	CU_ASSERT_FATAL(priv_init() && priv_drop_all());
	const char *why = NULL;
	struct sock_opts raw = {.force_raw = true};
	struct probe_sock s;
	CU_ASSERT_EQUAL(sock_open_icmp(&s, AF_INET, 1, &raw, &why), NETDX_E_NOPRIV);
	CU_ASSERT_STRING_EQUAL(why, "raw socket needs cap_net_raw");
	/* the datagram socket needs nothing (netns_run.sh opened ping_group_range) */
	CU_ASSERT_EQUAL(sock_open_icmp(&s, AF_INET, 1, NULL, &why), NETDX_OK);
	sock_close(&s);
}

static CU_TestInfo cases[] = {
	{"sock_send_from pins the source address of every send", test_send_from},
	{"UDP: port unreachable from the error queue", test_udp_port_unreachable_from_errqueue},
	{"UDP over IPv6: port unreachable", test_udp_v6_errqueue},
	{"a send that meets a pending error goes out and names it",
	 test_send_reports_pending_error},
	{"ICMP datagram echo: TTL and kernel stamp", test_datagram_echo_ttl_and_stamp},
	{"the TTL set per send is the TTL on the wire", test_per_send_ttl},
	{"a datagram longer than the buffer is marked truncated", test_datagram_longer_than_buffer},
	{"BPF keeps other identifiers' replies away (v4)", test_bpf_filter_v4},
	{"BPF keeps other identifiers' replies away (v6)", test_bpf_filter_v6},
	{"no raw socket without cap_net_raw", test_raw_without_capability},
	CU_TEST_INFO_NULL,
};
UNIT_MAIN("sock", cases)
