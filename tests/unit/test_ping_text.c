/* test_ping_text.c — ping's text lines (ping/text.c and ping/mtext.c, compiled in
 * here) against the bytes iputils 20221126 and fping 5.1 print: precision of times,
 * ICMP error words, the header, reply, error and statistics lines, the extras block,
 * the SIGQUIT status and fping's per-target lines. */
#include "../../ping/text.c"
#include "../../ping/mtext.c"
#include "../../ping/ipopts.c"
#include "../../ping/names.c"

#include <stdlib.h>

#include "unit.h"

/* A memory stream the functions print into. */
struct capture {
	FILE *f;    /* the stream */
	char *text; /* its contents after capture_end */
	size_t len; /* their length */
};

/* capture_begin
 * Open a memory stream to print into. */
static void capture_begin(struct capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->f = open_memstream(&c->text, &c->len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c->f);
}

/* capture_end
 * Close the stream, compare with want, free. */
static void capture_check(struct capture *c, const char *want)
{
	fclose(c->f);
	CU_ASSERT_STRING_EQUAL(c->text, want);
	if (strcmp(c->text, want) != 0)
		fprintf(stderr, "\n  want [%s]\n  got  [%s]\n", want, c->text);
	free(c->text);
}

/* time_is
 * ping_fmt_time(us) == want. */
static void time_is(long us, const char *want)
{
	char buf[32];
	ping_fmt_time(buf, sizeof(buf), us);
	CU_ASSERT_STRING_EQUAL(buf, want);
	if (strcmp(buf, want) != 0)
		fprintf(stderr, "\n  %ld us: want %s got %s\n", us, want, buf);
}

/* test_time_precision
 * The cases of "time precision". */
static void test_time_precision(void)
{
	time_is(0, "0.000");
	time_is(45, "0.045");
	time_is(999, "0.999");
	time_is(1000, "1.00");
	time_is(1234, "1.23");
	time_is(1235, "1.24");
	time_is(9994, "9.99");
	time_is(9995, "10.0"); /* iputils switches at 10000 - 5 */
	time_is(12345, "12.3");
	time_is(99949, "99.9");
	time_is(99950, "100"); /* and at 100000 - 50 */
	time_is(123456, "123");
	char buf[32];
	ping_fmt_us3(buf, sizeof(buf), 20453);
	CU_ASSERT_STRING_EQUAL(buf, "20.453");
	ping_fmt_us3(buf, sizeof(buf), 7);
	CU_ASSERT_STRING_EQUAL(buf, "0.007");
}

/* icmp_is
 * ping_fmt_icmp(...) == want. */
static void icmp_is(int family, int type, int code, unsigned info, const char *want)
{
	char buf[128];
	ping_fmt_icmp(buf, sizeof(buf), family, (uint8_t)type, (uint8_t)code, info);
	CU_ASSERT_STRING_EQUAL(buf, want);
	if (strcmp(buf, want) != 0)
		fprintf(stderr, "\n  %d/%d: want [%s] got [%s]\n", type, code, want, buf);
}

/* test_icmp_words
 * The cases of "icmp words". */
static void test_icmp_words(void)
{
	icmp_is(AF_INET, 11, 0, 0, "Time to live exceeded");
	icmp_is(AF_INET, 11, 1, 0, "Frag reassembly time exceeded");
	icmp_is(AF_INET, 11, 5, 0, "Time exceeded, Bad Code: 5");
	icmp_is(AF_INET, 3, 0, 0, "Destination Net Unreachable");
	icmp_is(AF_INET, 3, 1, 0, "Destination Host Unreachable");
	icmp_is(AF_INET, 3, 3, 0, "Destination Port Unreachable");
	icmp_is(AF_INET, 3, 4, 1400, "Frag needed and DF set (mtu = 1400)");
	icmp_is(AF_INET, 3, 13, 0, "Packet filtered");
	icmp_is(AF_INET, 3, 16, 0, "Dest Unreachable, Bad Code: 16");
	icmp_is(AF_INET, 12, 0, 20, "Parameter problem: pointer = 20");
	icmp_is(AF_INET, 4, 0, 0, "Source Quench");
	icmp_is(AF_INET, 42, 0, 0, "Bad ICMP type: 42");
	icmp_is(AF_INET6, 3, 0, 0, "Time exceeded: Hop limit");
	icmp_is(AF_INET6, 3, 1, 0, "Time exceeded: Defragmentation failure");
	icmp_is(AF_INET6, 3, 5, 0, "Time exceeded: code 5");
	icmp_is(AF_INET6, 1, 0, 0, "Destination unreachable: No route");
	icmp_is(AF_INET6, 1, 3, 0, "Destination unreachable: Address unreachable");
	icmp_is(AF_INET6, 1, 9, 0, "Destination unreachable: Unknown code 9");
	icmp_is(AF_INET6, 2, 0, 1280, "Packet too big: mtu=1280");
	icmp_is(AF_INET6, 2, 1, 1280, "Packet too big: mtu=1280, code=1");
	icmp_is(AF_INET6, 4, 0, 6, "Parameter problem: Wrong header field at 6");
	icmp_is(AF_INET6, 4, 7, 6, "Parameter problem: code 7 at 6");
	icmp_is(AF_INET6, 200, 0, 0, "unknown icmp type: 200");
}

/* test_header
 * The cases of "header". */
static void test_header(void)
{
	struct capture c;
	capture_begin(&c);
	ping_text_header(c.f, AF_INET, "10.0.4.1", "10.0.4.1", NULL, NULL, 56, 84);
	capture_check(&c, "PING 10.0.4.1 (10.0.4.1) 56(84) bytes of data.\n");
	capture_begin(&c);
	ping_text_header(c.f, AF_INET, "t.lab.test", "10.0.4.1", "10.0.1.2", "to-r1", 1000, 1028);
	capture_check(
		&c, "PING t.lab.test (10.0.4.1) from 10.0.1.2 to-r1: 1000(1028) bytes of data.\n");
	capture_begin(&c);
	ping_text_header(c.f, AF_INET, "10.0.4.1", "10.0.4.1", "10.0.1.2", NULL, 56, 84);
	capture_check(&c, "PING 10.0.4.1 (10.0.4.1) from 10.0.1.2 : 56(84) bytes of data.\n");
	capture_begin(&c);
	ping_text_header(c.f, AF_INET6, "::1", "::1", NULL, NULL, 56, 104);
	capture_check(&c, "PING ::1(::1) 56 data bytes\n");
	capture_begin(&c);
	ping_text_header(c.f, AF_INET6, "t.lab.test", "t.lab.test (fd00:0:0:4::1)", NULL, NULL, 56,
			 104);
	capture_check(&c, "PING t.lab.test(t.lab.test (fd00:0:0:4::1)) 56 data bytes\n");
	capture_begin(&c);
	ping_text_pattern(c.f, (const uint8_t[]){0xff, 0x00, 0x0c}, 3);
	capture_check(&c, "PATTERN: 0xff000c\n");
}

/* test_reply
 * The cases of "reply". */
static void test_reply(void)
{
	struct capture c;
	struct ping_reply_line r = {
		.from = "10.0.4.1",
		.bytes = 64,
		.seq = 1,
		.ttl = 61,
		.timed = true,
		.rtt_us = 45,
	};
	capture_begin(&c);
	ping_text_reply(c.f, "", &r);
	capture_check(&c, "64 bytes from 10.0.4.1: icmp_seq=1 ttl=61 time=0.045 ms\n");
	r.dup = true;
	r.rtt_us = 20453;
	capture_begin(&c);
	ping_text_reply(c.f, "[1700000000.000001] ", &r);
	capture_check(&c, "[1700000000.000001] 64 bytes from 10.0.4.1: icmp_seq=1 ttl=61 "
			  "time=20.5 ms (DUP!)\n");
	r.dup = false;
	r.hops = true;
	r.bell = true;
	capture_begin(&c);
	ping_text_reply(c.f, "", &r);
	capture_check(&c, "64 bytes from 10.0.4.1: icmp_seq=1 ttl=61 time=20.5 ms "
			  "(initial 64, 3 hops away)\a\n");
	struct ping_reply_line u = {.from = "t (10.0.4.1)", .bytes = 12, .seq = 7, .ttl = 63};
	capture_begin(&c);
	ping_text_reply(c.f, "", &u);
	capture_check(&c, "12 bytes from t (10.0.4.1): icmp_seq=7 ttl=63\n");
	u.truncated = true;
	u.timed = true;
	capture_begin(&c);
	ping_text_reply(c.f, "", &u);
	capture_check(&c, "12 bytes from t (10.0.4.1): icmp_seq=7 ttl=63 (truncated)\n");
	u.ttl = -1;
	u.truncated = false;
	u.hops = true; /* no TTL: nothing to infer */
	capture_begin(&c);
	ping_text_reply(c.f, "", &u);
	capture_check(&c, "12 bytes from t (10.0.4.1): icmp_seq=7 time=0.000 ms\n");
}

/* test_error_lines
 * The cases of "error lines". */
static void test_error_lines(void)
{
	struct capture c;
	capture_begin(&c);
	ping_text_error(c.f, "", "10.0.2.1", 3, "Time to live exceeded");
	capture_check(&c, "From 10.0.2.1 icmp_seq=3 Time to live exceeded\n");
	capture_begin(&c);
	ping_text_no_answer(c.f, "[1.000002] ", 65535);
	capture_check(&c, "[1.000002] no answer yet for icmp_seq=65535\n");
}

/* stats_of
 * Statistics from a list of RTTs (ms); dups after them; errors. */
static void stats_of(struct stats *st, uint64_t sent, const double *rtt, size_t n, size_t dups,
		     size_t errors)
{
	static struct stats_hist hist; /* as ping keeps one: the percentiles */

	stats_init_hist(st, &hist);
	for (uint64_t i = 0; i < sent; i++)
		stats_sent(st);
	for (size_t i = 0; i < n; i++)
		stats_reply(st, i + 1, rtt[i], false);
	for (size_t i = 0; i < dups; i++)
		stats_reply(st, 1, rtt[0], true);
	for (size_t i = 0; i < errors; i++)
		stats_error(st);
}

/* test_summary
 * The cases of "summary". */
static void test_summary(void)
{
	struct stats st;
	struct capture c;
	const double rtt[] = {0.031, 0.039, 0.031};
	stats_of(&st, 3, rtt, 3, 0, 0);
	struct ping_summary s = {
		.host = "127.0.0.1",
		.transmitted = 3,
		.st = &st,
		.timed = true,
		.time_ms = 407,
		.ttl = 64,
	};
	capture_begin(&c);
	ping_text_summary(c.f, &s);
	capture_check(&c, "\n--- 127.0.0.1 ping statistics ---\n"
			  "3 packets transmitted, 3 received, 0% packet loss, time 407ms\n"
			  "rtt min/avg/max/mdev = 0.031/0.033/0.039/0.003 ms\n");
	/* 1 of 3 answered, a duplicate, an error, pipe 2: iputils' %g of a float. */
	stats_of(&st, 3, rtt, 1, 1, 1);
	s.pipe = 2;
	capture_begin(&c);
	ping_text_summary(c.f, &s);
	capture_check(&c, "\n--- 127.0.0.1 ping statistics ---\n"
			  "3 packets transmitted, 1 received, +1 duplicates, +1 errors, "
			  "66.6667% packet loss, time 407ms\n"
			  "rtt min/avg/max/mdev = 0.031/0.031/0.031/0.000 ms, pipe 2\n");
	/* Nothing back: no rtt line, but iputils still ends with an empty line. */
	stats_of(&st, 2, rtt, 0, 0, 2);
	s.pipe = 0;
	s.transmitted = 2;
	capture_begin(&c);
	ping_text_summary(c.f, &s);
	capture_check(&c,
		      "\n--- 127.0.0.1 ping statistics ---\n"
		      "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 407ms\n"
		      "\n");
	/* A flood: ipg/ewma, and its dots already ended with a newline. */
	stats_of(&st, 3, rtt, 3, 0, 0);
	s.transmitted = 3;
	s.ipg = true;
	s.ipg_us = 13;
	s.ewma8_us = 8 * 9;
	s.after_dots = true;
	capture_begin(&c);
	ping_text_summary(c.f, &s);
	capture_check(
		&c, "--- 127.0.0.1 ping statistics ---\n"
		    "3 packets transmitted, 3 received, 0% packet loss, time 407ms\n"
		    "rtt min/avg/max/mdev = 0.031/0.033/0.039/0.003 ms, ipg/ewma 0.013/0.009 ms\n");
	/* Untimed (-s below 16): no rtt line. */
	s.timed = false;
	s.ipg = false;
	s.after_dots = false;
	capture_begin(&c);
	ping_text_summary(c.f, &s);
	capture_check(&c, "\n--- 127.0.0.1 ping statistics ---\n"
			  "3 packets transmitted, 3 received, 0% packet loss, time 407ms\n\n");
}

/* test_extras
 * The cases of "extras". */
static void test_extras(void)
{
	struct stats st;
	struct capture c;
	const double rtt[] = {20.0, 22.0, 21.0, 25.0};
	stats_of(&st, 4, rtt, 4, 1, 0);
	struct probe_counters pc = {.foreign = 7, .malformed = 1};
	struct ping_summary s = {
		.host = "h",
		.transmitted = 4,
		.st = &st,
		.timed = true,
		.ttl = 56,
		.engine = &pc,
	};
	capture_begin(&c);
	ping_text_extras(c.f, &s);
	char want[512];
	snprintf(want, sizeof(want),
		 "\njitter avg/max = 2.333/4.000 ms, percentiles p50/p90/p99 = %.3f/%.3f/%.3f ms\n"
		 "ttl=56: initial 64, 8 hops away\n"
		 "reordering: 0 reordered, 1 duplicated\n"
		 "dropped: 7 foreign, 1 malformed\n",
		 stats_percentile_ms(&st, 50), stats_percentile_ms(&st, 90),
		 stats_percentile_ms(&st, 99));
	capture_check(&c, want);
	/* Percentiles within the histogram's 1%. */
	CU_ASSERT_DOUBLE_EQUAL(stats_percentile_ms(&st, 50), 21.0, 0.25);
	CU_ASSERT_DOUBLE_EQUAL(stats_percentile_ms(&st, 99), 25.0, 0.25);
	/* No replies, no TTL: only the reordering line; one hop is singular. */
	stats_of(&st, 2, rtt, 0, 0, 0);
	s.ttl = -1;
	s.engine = NULL;
	capture_begin(&c);
	ping_text_extras(c.f, &s);
	capture_check(&c, "\nreordering: 0 reordered, 0 duplicated\n");
	stats_of(&st, 1, rtt, 1, 0, 0);
	s.ttl = 254;
	capture_begin(&c);
	ping_text_extras(c.f, &s);
	capture_check(&c, "\njitter avg/max = 0.000/0.000 ms, percentiles p50/p90/p99 = "
			  "20.000/20.000/20.000 ms\nttl=254: initial 255, 1 hop away\n"
			  "reordering: 0 reordered, 0 duplicated\n");
	/* A late first reply of an earlier probe is reordered. */
	stats_init(&st);
	stats_reply(&st, 2, 1.0, false);
	stats_reply(&st, 1, 1.0, false);
	CU_ASSERT_EQUAL(st.reordered, 1);
}

/* test_status
 * The cases of "status". */
static void test_status(void)
{
	struct stats st;
	struct capture c;
	const double rtt[] = {0.031, 0.039};
	stats_of(&st, 4, rtt, 2, 0, 0);
	capture_begin(&c);
	ping_text_status(c.f, 4, &st, true, 8 * 35);
	capture_check(&c,
		      "\r2/4 packets, 50% loss, min/avg/ewma/max = 0.031/0.035/0.035/0.039 ms\n");
	stats_of(&st, 3, rtt, 0, 0, 0);
	capture_begin(&c);
	ping_text_status(c.f, 3, &st, true, 0);
	capture_check(&c, "\r0/3 packets, 100% loss\n");
}

/* test_fping_lines
 * The cases of "fping lines". */
static void test_fping_lines(void)
{
	char buf[32];
	ping_fmt_fping_ms(buf, sizeof(buf), 0.0456);
	CU_ASSERT_STRING_EQUAL(buf, "0.046");
	ping_fmt_fping_ms(buf, sizeof(buf), 1.234);
	CU_ASSERT_STRING_EQUAL(buf, "1.23");
	ping_fmt_fping_ms(buf, sizeof(buf), 12.34);
	CU_ASSERT_STRING_EQUAL(buf, "12.3");
	ping_fmt_fping_ms(buf, sizeof(buf), 123.4);
	CU_ASSERT_STRING_EQUAL(buf, "123");
	struct ping_target t = {
		.sent = 1, .received = 1, .sum_ms = 0.018, .min_ms = 0.018, .max_ms = 0.018};
	struct capture c;
	capture_begin(&c);
	ping_mtext_reply(c.f, "", "127.0.0.1", 11, 0, 64, 0.018, false, &t);
	capture_check(&c, "127.0.0.1   : [0], 64 bytes, 0.018 ms (0.018 avg, 0% loss)\n");
	capture_begin(&c);
	ping_mtext_reply(c.f, "", "127.0.0.1", 9, 0, 64, 0.02, true, &t);
	capture_check(&c, "127.0.0.1 : duplicate for [0], 64 bytes, 0.020 ms\n");
	struct ping_target lost = {.sent = 2, .received = 0};
	capture_begin(&c);
	ping_mtext_timeout(c.f, "", "10.0.4.9", 8, 1, &lost);
	capture_check(&c, "10.0.4.9 : [1], timed out (NaN avg, 100% loss)\n");
	t = (struct ping_target){
		.sent = 3, .received = 3, .sum_ms = 0.087, .min_ms = 0.018, .max_ms = 0.046};
	capture_begin(&c);
	ping_mtext_target(c.f, "127.0.0.1", 9, &t);
	capture_check(&c, "127.0.0.1 : xmt/rcv/%loss = 3/3/0%, min/avg/max = 0.018/0.029/0.046\n");
	lost.sent = 3;
	capture_begin(&c);
	ping_mtext_target(c.f, "10.9.9.1", 9, &lost);
	capture_check(&c, "10.9.9.1  : xmt/rcv/%loss = 3/0/100%\n");
	t = (struct ping_target){
		.sent = 3, .received = 2, .sum_ms = 2.0, .min_ms = 1.0, .max_ms = 1.0};
	capture_begin(&c);
	ping_mtext_target(c.f, "a", 1, &t);
	capture_check(&c, "a : xmt/rcv/%loss = 3/2/33%, min/avg/max = 1.00/1.00/1.00\n");
	capture_begin(&c);
	ping_mtext_error(c.f, "", "Time to live exceeded", "10.0.2.1", "10.0.4.1");
	capture_check(&c, "Time to live exceeded from 10.0.2.1 for ICMP Echo sent to 10.0.4.1\n");
	struct stats st;
	const double rtt[] = {0.031, 0.039, 0.031};
	stats_of(&st, 4, rtt, 3, 0, 0);
	struct ping_overall ov = {
		.resolved = 2, .alive = 1, .transmitted = 4, .st = &st, .time_ms = 30};
	capture_begin(&c);
	ping_mtext_overall(c.f, &ov);
	capture_check(&c, "\n--- 2 targets ping statistics ---\n"
			  "2 targets, 1 alive, 1 unreachable\n"
			  "4 packets transmitted, 3 received, 25% packet loss, time 30ms\n"
			  "rtt min/avg/max/mdev = 0.031/0.033/0.039/0.003 ms\n");
	ov.unresolved = 1;
	capture_begin(&c);
	ping_mtext_overall(c.f, &ov);
	capture_check(&c, "\n--- 3 targets ping statistics ---\n"
			  "3 targets, 1 alive, 1 unreachable, 1 unresolved\n"
			  "4 packets transmitted, 3 received, 25% packet loss, time 30ms\n"
			  "rtt min/avg/max/mdev = 0.031/0.033/0.039/0.003 ms\n");
}

static CU_TestInfo cases[] = {
	{"reply time precision as iputils", test_time_precision},
	{"ICMP error words as iputils (v4, v6)", test_icmp_words},
	{"PING and PATTERN lines", test_header},
	{"reply lines: dup, stamp, hops, bell, untimed, truncated", test_reply},
	{"error and no-answer lines", test_error_lines},
	{"statistics block", test_summary},
	{"extras block", test_extras},
	{"SIGQUIT status line", test_status},
	{"fping lines for sweeps", test_fping_lines},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("ping_text", cases)
