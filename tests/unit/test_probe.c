/* test_probe.c — the probe engine on loopback and on a silent veth, in the throw-away
 * namespace of tests/netns_run.sh (which allows ICMP datagram sockets and runs us as
 * root, so both socket kinds are exercised). */
#include "netdx/probe.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "private_netns.h"
#include "unit.h"

/* What one run saw. */
struct seen {
	struct loop *loop;
	struct probe_engine *e;
	int events[5];  /* count per enum probe_event */
	int n;          /* results in total */
	double rtt_max; /* largest RTT of a reply */
	size_t bytes;   /* bytes of the last reply */
	int reply_ttl;  /* TTL of the last reply */
	char from[ADDR_STRLEN];
	uint64_t numbers_sum; /* sum of numbers seen, to check each probe once */
};

static void on_result(void *arg, const struct probe_result *r)
{
	struct seen *s = arg;
	s->events[r->event]++;
	s->n++;
	s->numbers_sum += r->number;
	if (r->event == PROBE_REPLY) {
		if (r->rtt_ms > s->rtt_max)
			s->rtt_max = r->rtt_ms;
		s->bytes = r->bytes;
		s->reply_ttl = r->reply_ttl;
		addr_to_str(&r->from, s->from, sizeof(s->from));
	}
	if (probe_engine_idle(s->e))
		loop_stop(s->loop);
}

static struct netdx_addr parse(const char *text)
{
	struct netdx_addr a;
	CU_ASSERT_FATAL(addr_parse_literal(text, AF_UNSPEC, &a));
	return a;
}

/* run_probes
 * Send n probes to dst through a new engine and run until every one is answered or
 * timed out. */
static void run_probes(struct seen *s, const char *dst_text, bool raw, size_t payload, int n,
		       int ttl, enum sock_kind want_kind)
{
	struct netdx_addr dst = parse(dst_text);
	struct probe_config cfg = {
		.family = addr_family(&dst),
		.payload_len = payload,
		.timeout_ns = 300000000,
		.sock = {.force_raw = raw},
	};
	const char *why = NULL;
	memset(s, 0, sizeof(*s));
	s->loop = loop_new();
	CU_ASSERT_EQUAL_FATAL(probe_engine_new(s->loop, &cfg, on_result, s, &s->e, &why), NETDX_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s->e);
	CU_ASSERT_EQUAL(probe_engine_sock(s->e)->kind, want_kind);
	CU_ASSERT_EQUAL(probe_engine_source_port(s->e), 0); /* ICMP has no port */
	for (int i = 0; i < n; i++)
		CU_ASSERT_EQUAL(probe_send(s->e, &dst, ttl, NULL, NULL), 0);
	loop_run(s->loop);
	probe_engine_free(s->e);
	loop_free(s->loop);
}

static void check_replies(const struct seen *s, int n, const char *from, size_t bytes)
{
	CU_ASSERT_EQUAL(s->events[PROBE_REPLY], n);
	CU_ASSERT_EQUAL(s->n, n);
	CU_ASSERT_EQUAL(s->numbers_sum, (uint64_t)n * (n + 1) / 2); /* 1..n, each once */
	CU_ASSERT_STRING_EQUAL(s->from, from);
	CU_ASSERT_EQUAL(s->bytes, bytes);
	CU_ASSERT(s->rtt_max > 0 && s->rtt_max < 300);
}

static void test_dgram_v4(void)
{
	struct seen s;
	run_probes(&s, "127.0.0.1", false, 56, 5, 0, SOCK_ICMP_DGRAM);
	check_replies(&s, 5, "127.0.0.1", 64);
}

static void test_raw_v4(void)
{
	struct seen s;
	run_probes(&s, "127.0.0.1", true, 56, 5, 0, SOCK_ICMP_RAW);
	check_replies(&s, 5, "127.0.0.1", 64);
}

static void test_dgram_v6(void)
{
	struct seen s;
	run_probes(&s, "::1", false, 56, 5, 0, SOCK_ICMP_DGRAM);
	check_replies(&s, 5, "::1", 64);
}

static void test_raw_v6(void)
{
	struct seen s;
	run_probes(&s, "::1", true, 56, 5, 0, SOCK_ICMP_RAW);
	check_replies(&s, 5, "::1", 64);
}

static void test_payload_sizes(void)
{
	struct seen s;
	run_probes(&s, "127.0.0.1", true, 0, 3, 0, SOCK_ICMP_RAW); /* no room for the stamp */
	check_replies(&s, 3, "127.0.0.1", 8);
	run_probes(&s, "127.0.0.1", false, 1000, 3, 0, SOCK_ICMP_DGRAM);
	check_replies(&s, 3, "127.0.0.1", 1008);
}

static void test_reply_ttl_reported(void)
{
	struct seen s;
	run_probes(&s, "127.0.0.1", true, 56, 1, 1, SOCK_ICMP_RAW); /* TTL 1 is enough on lo */
	check_replies(&s, 1, "127.0.0.1", 64);
	CU_ASSERT_EQUAL(s.reply_ttl, 64);
}

/* The silent network: a veth whose peer has no address, so nothing ever answers. */
static const char *const silent_cmds[] = {
	"ip link add p0 type veth peer name p1",
	"ip addr add 10.8.0.2/24 dev p0",
	"ip link set p1 up",
	"ip link set p0 up",
};

static bool silent_ready(void)
{
	static int state;
	if (!state)
		state = unit_netns_setup("test_probe", silent_cmds, 4) ? 1 : -1;
	return state > 0;
}

static void test_timeout(void)
{
	CU_ASSERT_FATAL(silent_ready());
	struct seen s;
	run_probes(&s, "10.8.0.77", false, 56, 2, 0, SOCK_ICMP_DGRAM);
	CU_ASSERT_EQUAL(s.events[PROBE_TIMEOUT], 2);
	CU_ASSERT_EQUAL(s.events[PROBE_REPLY], 0);
	CU_ASSERT_EQUAL(s.numbers_sum, 3);
}

static void test_window_full(void)
{
	CU_ASSERT_FATAL(silent_ready());
	struct netdx_addr dst = parse("10.8.0.77");
	struct probe_config cfg = {
		.family = AF_INET, .payload_len = 56, .timeout_ns = 50000000, .max_outstanding = 2};
	const char *why;
	struct seen s = {0};
	s.loop = loop_new();
	CU_ASSERT_EQUAL_FATAL(probe_engine_new(s.loop, &cfg, on_result, &s, &s.e, &why), NETDX_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s.e);
	CU_ASSERT_EQUAL(probe_send(s.e, &dst, 0, NULL, NULL), 0);
	CU_ASSERT_EQUAL(probe_send(s.e, &dst, 0, NULL, NULL), 0);
	errno = 0;
	CU_ASSERT_EQUAL(probe_send(s.e, &dst, 0, NULL, NULL), -1);
	CU_ASSERT_EQUAL(errno, EBUSY);
	CU_ASSERT_EQUAL(probe_engine_in_flight(s.e), 2);
	loop_run(s.loop);
	CU_ASSERT_EQUAL(s.events[PROBE_TIMEOUT], 2);
	CU_ASSERT_EQUAL(probe_engine_in_flight(s.e), 0);
	CU_ASSERT_EQUAL(probe_send(s.e, &dst, 0, NULL, NULL), 0); /* room again */
	probe_engine_free(s.e);
	loop_free(s.loop);
}

static void test_send_error_no_route(void)
{
	struct netdx_addr dst = parse("10.200.0.1"); /* no default route in the namespace */
	struct probe_config cfg = {.family = AF_INET, .payload_len = 56, .timeout_ns = 50000000};
	const char *why;
	struct seen s = {0};
	s.loop = loop_new();
	CU_ASSERT_EQUAL_FATAL(probe_engine_new(s.loop, &cfg, on_result, &s, &s.e, &why), NETDX_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s.e);
	errno = 0;
	CU_ASSERT_EQUAL(probe_send(s.e, &dst, 0, NULL, NULL), -1);
	CU_ASSERT_EQUAL(errno, ENETUNREACH);
	CU_ASSERT_EQUAL(probe_engine_counters(s.e)->send_errors, 1);
	CU_ASSERT_EQUAL(probe_engine_in_flight(s.e), 0);
	probe_engine_free(s.e);
	loop_free(s.loop);
}

/* Pacing: a stream of probes from a generator, a window smaller than the stream. */
struct stream {
	struct netdx_addr dst;
	int left;
};

static bool next_probe(void *arg, struct probe_request *req)
{
	struct stream *st = arg;
	if (st->left == 0)
		return false;
	st->left--;
	req->dst = st->dst;
	req->ttl = 0;
	req->cookie = NULL;
	return true;
}

static void run_paced(bool raw, uint64_t interval_ns, int n, unsigned window)
{
	struct stream st = {parse("127.0.0.1"), n};
	struct probe_config cfg = {.family = AF_INET,
				   .payload_len = 56,
				   .timeout_ns = 1000000000,
				   .max_outstanding = window,
				   .sock = {.force_raw = raw}};
	const char *why;
	struct seen s = {0};
	s.loop = loop_new();
	CU_ASSERT_EQUAL_FATAL(probe_engine_new(s.loop, &cfg, on_result, &s, &s.e, &why), NETDX_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s.e);
	probe_pace(s.e, interval_ns, next_probe, &st);
	loop_run(s.loop);
	CU_ASSERT_EQUAL(s.events[PROBE_REPLY], n);
	CU_ASSERT_EQUAL(s.numbers_sum, (uint64_t)n * (n + 1) / 2);
	CU_ASSERT(probe_engine_idle(s.e));
	CU_ASSERT_EQUAL(probe_engine_counters(s.e)->foreign, 0);
	probe_engine_free(s.e);
	loop_free(s.loop);
}

static void test_pace_interval(void)
{
	run_paced(false, 1000000, 20, 0);
}

static void test_pace_flat_out_small_window(void)
{
	/* 5000 probes through a 64-wide window: the pacer must wait for free slots. */
	run_paced(true, 0, 5000, 64);
}

static CU_TestInfo cases[] = {
	{"ICMP datagram socket, IPv4 loopback", test_dgram_v4},
	{"raw socket, IPv4 loopback", test_raw_v4},
	{"ICMP datagram socket, IPv6 loopback", test_dgram_v6},
	{"raw socket, IPv6 loopback", test_raw_v6},
	{"payloads of 0 and 1000 bytes", test_payload_sizes},
	{"the reply's TTL is reported", test_reply_ttl_reported},
	{"unanswered probes time out", test_timeout},
	{"a full window refuses with EBUSY", test_window_full},
	{"a send error is returned, not a result", test_send_error_no_route},
	{"paced stream at 1 ms", test_pace_interval},
	{"flat-out stream through a small window", test_pace_flat_out_small_window},
	CU_TEST_INFO_NULL,
};
UNIT_MAIN("probe", cases)
