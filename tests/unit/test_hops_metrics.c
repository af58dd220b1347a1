/* test_hops_metrics.c — the per-hop series of the path tools (common/path/hops_metrics.c):
 * every figure is the one hops.h gives the tables and the JSON (hops_loss,
 * hops_split_loss, the stats), labels as documented (no ip for a silent hop, one
 * responder series per address), the rate-limit verdict from the findings. */
#include "netdx/hops_metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hops_fixtures.h"

/* feed
 * sent probes at ttl; the first answered of them answered by from, RTT 1 + i ms. */
static void feed(struct hops *h, int ttl, int sent, int answered, const char *from, bool dest)
{
	feed_rtt(h, ttl, sent, answered, from, dest, 1.0, 1.0);
}

/* path
 * Hop 1 answers all 20, hop 2 is silent (it forwards: a rate-limit verdict), hop 3
 * answers all, hop 4 is an ECMP pair (12 + 6 of 20), the destination at 5 answers 14. */
static void path(struct hops *h)
{
	CU_ASSERT_FATAL(hops_init(h, 1, 30));
	feed(h, 1, 20, 20, "10.0.1.1", false);
	feed(h, 2, 20, 0, "10.0.2.1", false);
	feed(h, 3, 20, 20, "10.0.3.1", false);
	feed(h, 4, 12, 12, "10.0.4.1", false);
	feed(h, 4, 8, 6, "10.1.4.1", false);
	feed(h, 5, 20, 14, "10.0.5.1", true);
}

/* exposition
 * The exposition of the path's rows 1..5 in dialect d (to free). */
static char *exposition(const struct hops *h, bool split, enum metrics_dialect d)
{
	struct metrics m;
	struct hops_metrics_src src = {.hops = h, .target = "lab \"t\"", .last = 5, .split = split};
	metrics_init(&m, d);
	CU_ASSERT_TRUE(hops_metrics_write(&m, &src));
	CU_ASSERT_TRUE(metrics_end(&m));
	char *t = strdup(m.text);
	metrics_free(&m);
	return t;
}

/* value
 * The value of the sample whose name and labels are exactly series; NAN if absent. */
static double value(const char *text, const char *series)
{
	size_t n = strlen(series);
	for (const char *p = text; (p = strstr(p, series)); p += n)
		if ((p == text || p[-1] == '\n') && p[n] == ' ')
			return strtod(p + n + 1, NULL);
	return NAN;
}

/* hop_series
 * "NAME{target=...,ttl=TTL[,ip=IP]}" into buf. */
static const char *hop_series(char *buf, size_t len, const char *name, int ttl, const char *addr)
{
	if (addr)
		snprintf(buf, len, "%s{target=\"lab \\\"t\\\"\",ttl=\"%d\",ip=\"%s\"}", name, ttl,
			 addr);
	else
		snprintf(buf, len, "%s{target=\"lab \\\"t\\\"\",ttl=\"%d\"}", name, ttl);
	return buf;
}

static const char *const shown[] = {NULL, "10.0.1.1", NULL, "10.0.3.1", "10.0.4.1", "10.0.5.1"};

static void test_loss_is_hops_loss(void)
{
	struct hops h;
	char s[256];
	path(&h);
	char *t = exposition(&h, false, METRICS_OPENMETRICS);
	for (int ttl = 1; ttl <= 5; ttl++) {
		struct hop_loss l;
		hops_loss(&h, ttl, &l);
		const char *a = shown[ttl];
		CU_ASSERT_EQUAL(value(t, hop_series(s, sizeof(s), "netdx_hop_sent_total", ttl, a)),
				(double)l.sent);
		CU_ASSERT_EQUAL(value(t, hop_series(s, sizeof(s), "netdx_hop_lost_total", ttl, a)),
				(double)l.lost);
		CU_ASSERT_DOUBLE_EQUAL(
			value(t, hop_series(s, sizeof(s), "netdx_hop_loss_ratio", ttl, a)),
			l.pct / 100, 1e-12);
	}
	CU_ASSERT_EQUAL(value(t, hop_series(s, sizeof(s), "netdx_hop_lost_total", 2, NULL)), 20);
	CU_ASSERT_EQUAL(value(t, hop_series(s, sizeof(s), "netdx_hop_lost_total", 4, shown[4])), 2);
	CU_ASSERT_DOUBLE_EQUAL(
		value(t, hop_series(s, sizeof(s), "netdx_hop_loss_ratio", 5, shown[5])), 0.3,
		1e-12);
	free(t);
	hops_free(&h);
}

static void test_rtt_in_seconds_only_where_answered(void)
{
	struct hops h;
	char s[256];
	path(&h);
	char *t = exposition(&h, false, METRICS_OPENMETRICS);
	const struct stats *st = &hops_at(&h, 5)->stats;
	/* the destination's RTTs were 1..14 ms */
	CU_ASSERT_DOUBLE_EQUAL(
		value(t, hop_series(s, sizeof(s), "netdx_hop_rtt_last_seconds", 5, shown[5])),
		0.014, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(
		value(t, hop_series(s, sizeof(s), "netdx_hop_rtt_avg_seconds", 5, shown[5])),
		0.0075, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(
		value(t, hop_series(s, sizeof(s), "netdx_hop_rtt_best_seconds", 5, shown[5])),
		0.001, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(
		value(t, hop_series(s, sizeof(s), "netdx_hop_rtt_worst_seconds", 5, shown[5])),
		0.014, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(
		value(t, hop_series(s, sizeof(s), "netdx_hop_rtt_stdev_seconds", 5, shown[5])),
		stats_stddev_sample_ms(st) / 1000, 1e-12);
	/* a silent hop has loss figures, never an RTT of 0 */
	CU_ASSERT_PTR_NULL(
		strstr(t, "netdx_hop_rtt_avg_seconds{target=\"lab \\\"t\\\"\",ttl=\"2\""));
	free(t);
	hops_free(&h);
}

static void test_responders_and_verdict(void)
{
	struct hops h;
	char s[256];
	path(&h);
	char *t = exposition(&h, false, METRICS_OPENMETRICS);
	CU_ASSERT_EQUAL(value(t, hop_series(s, sizeof(s), "netdx_hop_responder_replies_total", 4,
					    "10.0.4.1")),
			12);
	CU_ASSERT_EQUAL(value(t, hop_series(s, sizeof(s), "netdx_hop_responder_replies_total", 4,
					    "10.1.4.1")),
			6);
	CU_ASSERT_PTR_NULL(
		strstr(t, "netdx_hop_responder_replies_total{target=\"lab \\\"t\\\"\",ttl=\"2\""));
	/* hop 2 answers nothing while hop 3 answers all: it limits its ICMP */
	CU_ASSERT_EQUAL(value(t, hop_series(s, sizeof(s), "netdx_hop_icmp_ratelimited", 2, NULL)),
			1);
	CU_ASSERT_EQUAL(
		value(t, hop_series(s, sizeof(s), "netdx_hop_icmp_ratelimited", 3, shown[3])), 0);
	CU_ASSERT_EQUAL(value(t, "netdx_path_reached{target=\"lab \\\"t\\\"\"}"), 1);
	CU_ASSERT_EQUAL(value(t, "netdx_path_hops{target=\"lab \\\"t\\\"\"}"), 5);
	free(t);
	hops_free(&h);
}

static void test_split_is_pathpings(void)
{
	struct hops h;
	char s[256];
	path(&h);
	char *plain = exposition(&h, false, METRICS_OPENMETRICS);
	CU_ASSERT_PTR_NULL(strstr(plain, "netdx_hop_link_lost"));
	char *t = exposition(&h, true, METRICS_OPENMETRICS);
	for (int ttl = 1; ttl <= 5; ttl++) {
		struct hop_loss link, node;
		hops_split_loss(&h, 5, ttl, &link, &node);
		const char *a = shown[ttl];
		CU_ASSERT_EQUAL(value(t, hop_series(s, sizeof(s), "netdx_hop_link_lost", ttl, a)),
				(double)link.lost);
		CU_ASSERT_EQUAL(value(t, hop_series(s, sizeof(s), "netdx_hop_node_lost", ttl, a)),
				(double)node.lost);
	}
	/* 6 of 20 lost from hop 5 on, 2 of them from hop 4 on; hop 2 loses all 20 itself */
	CU_ASSERT_EQUAL(value(t, hop_series(s, sizeof(s), "netdx_hop_link_lost", 4, shown[4])), 2);
	CU_ASSERT_EQUAL(value(t, hop_series(s, sizeof(s), "netdx_hop_link_lost", 5, shown[5])), 4);
	CU_ASSERT_EQUAL(value(t, hop_series(s, sizeof(s), "netdx_hop_node_lost", 2, NULL)), 20);
	free(plain);
	free(t);
	hops_free(&h);
}

static void test_prometheus_dialect_same_samples(void)
{
	struct hops h;
	path(&h);
	char *om = exposition(&h, true, METRICS_OPENMETRICS);
	char *text = exposition(&h, true, METRICS_PROMETHEUS);
	/* the same sample lines; only the comments and # EOF differ */
	char *a = om, *b = text;
	size_t samples = 0;
	for (;;) {
		while (*a == '#')
			a = strchr(a, '\n') + 1;
		while (*b == '#')
			b = strchr(b, '\n') + 1;
		if (!*a || !*b)
			break;
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
		CU_ASSERT_TRUE(la == lb && memcmp(a, b, la) == 0);
		a += la + 1;
		b += lb + 1;
		samples++;
	}
	CU_ASSERT_TRUE(!*a && !*b);
	CU_ASSERT_TRUE(samples > 50);
	free(om);
	free(text);
	hops_free(&h);
}

static void test_unreached_has_no_hop_count(void)
{
	struct hops h;
	CU_ASSERT_FATAL(hops_init(&h, 1, 30));
	feed(&h, 1, 4, 4, "10.0.1.1", false);
	feed(&h, 2, 4, 0, "10.0.2.1", false);
	struct metrics m;
	struct hops_metrics_src src = {.hops = &h, .target = "x", .last = 2};
	metrics_init(&m, METRICS_OPENMETRICS);
	CU_ASSERT_TRUE(hops_metrics_write(&m, &src));
	CU_ASSERT_TRUE(metrics_end(&m));
	CU_ASSERT_EQUAL(value(m.text, "netdx_path_reached{target=\"x\"}"), 0);
	CU_ASSERT_PTR_NULL(strstr(m.text, "netdx_path_hops{"));
	metrics_free(&m);
	hops_free(&h);
}

/* count_lines
 * Lines of text that begin with prefix. */
static int count_lines(const char *text, const char *prefix)
{
	int n = 0;
	size_t len = strlen(prefix);
	const char *p = text;
	while (p && *p) {
		n += strncmp(p, prefix, len) == 0;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return n;
}

static void test_several_targets_one_exposition(void)
{
	struct hops a, b;
	path(&a);
	CU_ASSERT_FATAL(hops_init(&b, 1, 30));
	feed(&b, 1, 20, 20, "10.0.1.1", true);
	struct hops_metrics_src src[] = {{.hops = &a, .target = "t5", .last = 5},
					 {.hops = &b, .target = "r1", .last = 1}};
	struct metrics m;
	metrics_init(&m, METRICS_OPENMETRICS);
	CU_ASSERT_TRUE(hops_metrics_write_all(&m, src, 2));
	CU_ASSERT_TRUE(metrics_end(&m));
	/* each family once, both targets' samples in it, in the order given */
	CU_ASSERT_EQUAL(count_lines(m.text, "# TYPE netdx_hop_sent counter"), 1);
	CU_ASSERT_EQUAL(count_lines(m.text, "# TYPE netdx_path_hops gauge"), 1);
	CU_ASSERT_EQUAL(count_lines(m.text, "netdx_hop_sent_total{target=\"t5\""), 5);
	CU_ASSERT_EQUAL(count_lines(m.text, "netdx_hop_sent_total{target=\"r1\""), 1);
	CU_ASSERT_EQUAL(value(m.text, "netdx_path_hops{target=\"t5\"}"), 5);
	CU_ASSERT_EQUAL(value(m.text, "netdx_path_hops{target=\"r1\"}"), 1);
	const char *t5 = strstr(m.text, "netdx_path_reached{target=\"t5\"}");
	const char *r1 = strstr(m.text, "netdx_path_reached{target=\"r1\"}");
	CU_ASSERT_TRUE(t5 && r1 && t5 < r1);
	metrics_free(&m);
	hops_free(&a);
	hops_free(&b);
}

static CU_TestInfo cases[] = {
	{"sent, lost, loss are hops_loss's", test_loss_is_hops_loss},
	{"RTTs in seconds, only where answered", test_rtt_in_seconds_only_where_answered},
	{"a series per responder; the rate-limit verdict", test_responders_and_verdict},
	{"link and node loss are hops_split_loss's", test_split_is_pathpings},
	{"both dialects carry the same samples", test_prometheus_dialect_same_samples},
	{"an unreached destination has no hop count", test_unreached_has_no_hop_count},
	{"several targets: one exposition, each family once", test_several_targets_one_exposition},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("hops_metrics", cases)
