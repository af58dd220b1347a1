/* test_metrics.c — both dialects of common/core/metrics.c, line for line. */
#include "netdx/metrics.h"
#include "unit.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct metrics_label host[] = {{"host", "a\"b\\c\nd"}, {"ip", "127.0.0.1"}};

/* counter_and_gauge
 * One counter and one gauge with a unit, in the given dialect; the text (to free). */
static char *counter_and_gauge(enum metrics_dialect d)
{
	struct metrics m;
	metrics_init(&m, d);
	metrics_family(&m, "smokeping_requests", METRICS_COUNTER, NULL, "Sent \"x\"\nnext");
	metrics_sample(&m, host, 2, 3);
	metrics_family(&m, "netdx_ping_rtt_avg_seconds", METRICS_GAUGE, "seconds", "Mean RTT");
	metrics_sample(&m, NULL, 0, 0.000123);
	CU_ASSERT_TRUE(metrics_end(&m));
	char *t = strdup(m.text);
	metrics_free(&m);
	return t;
}

static void test_openmetrics(void)
{
	char *t = counter_and_gauge(METRICS_OPENMETRICS);
	CU_ASSERT_STRING_EQUAL(
		t, "# HELP smokeping_requests Sent \\\"x\\\"\\nnext\n"
		   "# TYPE smokeping_requests counter\n"
		   "smokeping_requests_total{host=\"a\\\"b\\\\c\\nd\",ip=\"127.0.0.1\"} 3\n"
		   "# HELP netdx_ping_rtt_avg_seconds Mean RTT\n"
		   "# TYPE netdx_ping_rtt_avg_seconds gauge\n"
		   "# UNIT netdx_ping_rtt_avg_seconds seconds\n"
		   "netdx_ping_rtt_avg_seconds 0.000123\n"
		   "# EOF\n");
	free(t);
}

static void test_prometheus_text(void)
{
	char *t = counter_and_gauge(METRICS_PROMETHEUS);
	CU_ASSERT_STRING_EQUAL(
		t, "# HELP smokeping_requests_total Sent \"x\"\\nnext\n"
		   "# TYPE smokeping_requests_total counter\n"
		   "smokeping_requests_total{host=\"a\\\"b\\\\c\\nd\",ip=\"127.0.0.1\"} 3\n"
		   "# HELP netdx_ping_rtt_avg_seconds Mean RTT\n"
		   "# TYPE netdx_ping_rtt_avg_seconds gauge\n"
		   "netdx_ping_rtt_avg_seconds 0.000123\n");
	free(t);
}

static void test_histogram(void)
{
	static const double bounds[] = {5e-05, 0.0001};
	static const uint64_t counts[] = {1, 0, 2};
	struct metrics_hist h = {.bounds = bounds, .counts = counts, .nbounds = 2, .sum = 0.5};
	struct metrics m;
	metrics_init(&m, METRICS_OPENMETRICS);
	metrics_family(&m, "d_seconds", METRICS_HISTOGRAM, "seconds", "h");
	metrics_histogram(&m, host + 1, 1, &h);
	metrics_histogram(&m, NULL, 0, &h);
	CU_ASSERT_TRUE(metrics_end(&m));
	CU_ASSERT_PTR_NOT_NULL(strstr(m.text, "d_seconds_bucket{ip=\"127.0.0.1\",le=\"5e-05\"} 1\n"
					      "d_seconds_bucket{ip=\"127.0.0.1\",le=\"0.0001\"} 1\n"
					      "d_seconds_bucket{ip=\"127.0.0.1\",le=\"+Inf\"} 3\n"
					      "d_seconds_sum{ip=\"127.0.0.1\"} 0.5\n"
					      "d_seconds_count{ip=\"127.0.0.1\"} 3\n"
					      "d_seconds_bucket{le=\"5e-05\"} 1\n"
					      "d_seconds_bucket{le=\"0.0001\"} 1\n"
					      "d_seconds_bucket{le=\"+Inf\"} 3\n"
					      "d_seconds_sum 0.5\nd_seconds_count 3\n# EOF\n"));
	metrics_free(&m);
}

static void test_numbers(void)
{
	static const struct {
		double v;
		const char *text;
	} cases[] = {{0, "0"},
		     {-2, "-2"},
		     {0.1, "0.1"},
		     {26.2144, "26.2144"},
		     {1.0 / 3, "0.3333333333333333"},
		     {1e300, "1e+300"},
		     {1.0 / 0.0, "+Inf"},
		     {-1.0 / 0.0, "-Inf"},
		     {0.0 / 0.0, "NaN"}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct metrics m;
		metrics_init(&m, METRICS_PROMETHEUS);
		metrics_family(&m, "g", METRICS_GAUGE, NULL, "h");
		metrics_sample(&m, NULL, 0, cases[i].v);
		metrics_end(&m);
		char want[64];
		snprintf(want, sizeof(want), "\ng %s\n", cases[i].text);
		CU_ASSERT_PTR_NOT_NULL(strstr(m.text, want));
		metrics_free(&m);
	}
}

static void test_null_label_value_skipped(void)
{
	static const struct metrics_label l[] = {{"target", "x"}, {"asn", NULL}, {"ttl", "3"}};
	struct metrics m;
	metrics_init(&m, METRICS_PROMETHEUS);
	metrics_family(&m, "g", METRICS_GAUGE, NULL, "h");
	metrics_sample(&m, l, 3, 1);
	metrics_end(&m);
	CU_ASSERT_PTR_NOT_NULL(strstr(m.text, "\ng{target=\"x\",ttl=\"3\"} 1\n"));
	metrics_free(&m);
}

static void test_write_atomic(void)
{
	char dir[] = "/tmp/test_metrics.XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	char path[64], tmp[96];
	snprintf(path, sizeof(path), "%s/netdx.prom", dir);
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	struct metrics m;
	metrics_init(&m, METRICS_PROMETHEUS);
	metrics_family(&m, "g", METRICS_GAUGE, NULL, "h");
	metrics_sample(&m, NULL, 0, 7);
	metrics_end(&m);
	const char *why = NULL;
	CU_ASSERT_TRUE(metrics_write_atomic(&m, path, &why));
	FILE *f = fopen(path, "r");
	char got[128] = "";
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fread(got, 1, sizeof(got) - 1, f), m.len);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(got, m.text);
	CU_ASSERT_EQUAL(access(tmp, F_OK), -1); /* renamed away */
	char missing[96];
	snprintf(missing, sizeof(missing), "%s/no/such/dir.prom", dir);
	CU_ASSERT_FALSE(metrics_write_atomic(&m, missing, &why));
	CU_ASSERT_STRING_EQUAL(why, "No such file or directory");
	metrics_free(&m);
	unlink(path);
	rmdir(dir);
}

static void test_bucket_index(void)
{
	static const double b[] = {1, 2, 4};
	CU_ASSERT_EQUAL(metrics_bucket_index(b, 3, -1), 0);
	CU_ASSERT_EQUAL(metrics_bucket_index(b, 3, 1), 0); /* le: a bound is inclusive */
	CU_ASSERT_EQUAL(metrics_bucket_index(b, 3, 1.5), 1);
	CU_ASSERT_EQUAL(metrics_bucket_index(b, 3, 2), 1);
	CU_ASSERT_EQUAL(metrics_bucket_index(b, 3, 4), 2);
	CU_ASSERT_EQUAL(metrics_bucket_index(b, 3, 4.0001), 3);
	CU_ASSERT_EQUAL(metrics_bucket_index(b, 3, 0.0 / 0.0), 3);
	CU_ASSERT_EQUAL(metrics_bucket_index(b, 0, 1), 0);
}

/* smokeping_prober 0.6.1's buckets, as it served them (captured from the real one) */
static void test_latency_buckets(void)
{
	struct metrics_latency h = {0};
	metrics_latency_observe(&h, 0.00004);  /* first bucket */
	metrics_latency_observe(&h, 0.0001);   /* on the second bound */
	metrics_latency_observe(&h, 0.000101); /* third */
	metrics_latency_observe(&h, 30);       /* above 26.2144: +Inf only */
	struct metrics_hist v = metrics_latency_view(&h);
	struct metrics m;
	metrics_init(&m, METRICS_PROMETHEUS);
	metrics_family(&m, "smokeping_response_duration_seconds", METRICS_HISTOGRAM, "seconds",
		       "h");
	metrics_histogram(&m, NULL, 0, &v);
	metrics_end(&m);
	static const char *const le[] = {"5e-05",  "0.0001", "0.0002", "0.0004",  "0.0008",
					 "0.0016", "0.0032", "0.0064", "0.0128",  "0.0256",
					 "0.0512", "0.1024", "0.2048", "0.4096",  "0.8192",
					 "1.6384", "3.2768", "6.5536", "13.1072", "26.2144"};
	for (size_t i = 0; i < 20; i++) {
		char want[128];
		snprintf(want, sizeof(want), "_bucket{le=\"%s\"} %d\n", le[i],
			 i == 0   ? 1
			 : i == 1 ? 2
				  : 3);
		CU_ASSERT_PTR_NOT_NULL(strstr(m.text, want));
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(m.text, "_bucket{le=\"+Inf\"} 4\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(m.text, "_count 4\n"));
	CU_ASSERT_DOUBLE_EQUAL(v.sum, 30.000241, 1e-9);
	metrics_free(&m);
}

/* The same bytes through a directory descriptor as through a path. */
static void test_write_atomic_at(void)
{
	char dir[] = "/tmp/test_metrics.XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	int dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	CU_ASSERT_FATAL(dfd >= 0);
	struct metrics m;
	metrics_init(&m, METRICS_OPENMETRICS);
	metrics_family(&m, "g", METRICS_GAUGE, NULL, "h");
	metrics_sample(&m, NULL, 0, 1);
	metrics_end(&m);
	const char *why = NULL;
	CU_ASSERT_TRUE(metrics_write_atomic_at(&m, dfd, "a.prom", &why));
	CU_ASSERT_FALSE(metrics_write_atomic_at(&m, dfd, "no/such.prom", &why));
	char path[64], got[64] = "";
	snprintf(path, sizeof(path), "%s/a.prom", dir);
	FILE *f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fread(got, 1, sizeof(got) - 1, f), m.len);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(got, m.text);
	metrics_free(&m);
	unlink(path);
	close(dfd);
	rmdir(dir);
}

static CU_TestInfo cases[] = {
	{"OpenMetrics: counter _total, UNIT, escapes, EOF", test_openmetrics},
	{"Prometheus text: counter family is its samples' name, no UNIT or EOF",
	 test_prometheus_text},
	{"histogram: cumulative buckets, +Inf, sum, count; with and without labels",
	 test_histogram},
	{"numbers: integers, shortest round trip, Inf, NaN", test_numbers},
	{"a label without a value is left out", test_null_label_value_skipped},
	{"textfile written by rename; a missing directory is an error", test_write_atomic},
	{"bucket index: le is inclusive, above the last and NaN go to +Inf", test_bucket_index},
	{"latency histogram: smokeping_prober's 20 buckets, 5e-05 doubling", test_latency_buckets},
	{"textfile through a directory descriptor", test_write_atomic_at},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("metrics", cases)
