/* test_ping_expo.c — ping's expositions (ping/expo.c, compiled in here with json.c)
 * agree with its --json: both are written from one struct ping_summary (one target)
 * or struct ping_target (a sweep), and every figure the JSON has reads the same in
 * the exposition, in base units (JSON milliseconds rounded to the microsecond, loss in
 * percent). Both dialects carry the same samples. */
#include "../../ping/expo.c"
#include "../../ping/json.c"
#include "../../ping/targets.c"

#include <math.h>
#include <unistd.h>

#include "unit.h"

/* json_of
 * What a JSON writer printed on stdout, parsed (one object). */
static json_t *json_of(void (*write)(const void *), const void *arg)
{
	fflush(stdout);
	FILE *tmp = tmpfile();
	CU_ASSERT_PTR_NOT_NULL_FATAL(tmp);
	int saved = dup(1);
	dup2(fileno(tmp), 1);
	write(arg);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(tmp);
	json_error_t err;
	json_t *o = json_loadf(tmp, 0, &err);
	fclose(tmp);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	return o;
}

/* sample
 * The value of the series NAME{LABELS} in an exposition; NaN when absent. */
static double sample(const char *text, const char *series)
{
	size_t n = strlen(series);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, series, n) == 0 && p[n] == ' ')
			return strtod(p + n + 1, NULL);
	return NAN;
}

/* num
 * A JSON number at a path of up to two keys. */
static double num(json_t *o, const char *k1, const char *k2)
{
	json_t *v = json_object_get(o, k1);
	if (k2)
		v = json_object_get(v, k2);
	CU_ASSERT_TRUE_FATAL(json_is_number(v));
	return json_number_value(v);
}

#define L "{host=\"t.example\",ip=\"192.0.2.1\"}"

static void write_summary(const void *s)
{
	ping_json_summary(s);
}

/* check_summary
 * Every figure of one target's JSON summary against the exposition in dialect d. */
static void check_summary(const struct ping_summary *s, enum metrics_dialect d)
{
	struct metrics m;
	metrics_init(&m, d);
	ping_expo_summary(&m, s);
	CU_ASSERT_TRUE_FATAL(metrics_end(&m));
	json_t *j = json_of(write_summary, s);
	const char *t = m.text;
	CU_ASSERT_EQUAL(sample(t, "smokeping_requests_total" L), num(j, "transmitted", NULL));
	CU_ASSERT_EQUAL(sample(t, "netdx_ping_replies_total" L), num(j, "received", NULL));
	CU_ASSERT_EQUAL(sample(t, "smokeping_response_duration_seconds_count" L),
			num(j, "received", NULL));
	CU_ASSERT_EQUAL(sample(t, "smokeping_response_duplicates_total" L),
			num(j, "duplicates", NULL));
	CU_ASSERT_EQUAL(sample(t, "netdx_ping_errors_total" L), num(j, "errors", NULL));
	CU_ASSERT_EQUAL(sample(t, "netdx_ping_reordered_total" L), num(j, "reordered", NULL));
	CU_ASSERT_EQUAL(sample(t, "netdx_ping_hops" L), num(j, "hops", NULL));
	CU_ASSERT_EQUAL(sample(t, "smokeping_response_ttl" L), s->last_ttl);
	CU_ASSERT_DOUBLE_EQUAL(sample(t, "netdx_ping_loss_ratio" L), num(j, "loss", NULL) / 100,
			       1e-6);
	static const char *const rtt[] = {"min", "avg", "max", "mdev"};
	for (size_t i = 0; i < 4; i++) {
		char name[96];
		snprintf(name, sizeof(name), "netdx_ping_rtt_%s_seconds" L, rtt[i]);
		CU_ASSERT_DOUBLE_EQUAL(sample(t, name), num(j, "rtt", rtt[i]) / 1e3, 1e-12);
	}
	static const char *const spread[][3] = {{"rtt_p50", "percentiles", "p50"},
						{"rtt_p90", "percentiles", "p90"},
						{"rtt_p99", "percentiles", "p99"},
						{"jitter_avg", "jitter", "avg"},
						{"jitter_max", "jitter", "max"}};
	for (size_t i = 0; i < 5; i++) {
		char name[96];
		snprintf(name, sizeof(name), "netdx_ping_%s_seconds" L, spread[i][0]);
		/* the JSON's milliseconds are rounded to the microsecond */
		CU_ASSERT_DOUBLE_EQUAL(sample(t, name), num(j, spread[i][1], spread[i][2]) / 1e3,
				       5e-7 + 1e-12);
	}
	json_decref(j);
	metrics_free(&m);
}

static void test_summary_agrees(void)
{
	struct stats_hist hist;
	struct stats st;
	stats_init_hist(&st, &hist);
	struct metrics_latency h = {0};
	static const double rtts[] = {0.512, 1.234, 0.9, 2.5, 0.0456};
	for (size_t i = 0; i < 7; i++)
		stats_sent(&st);
	for (size_t i = 0; i < 5; i++) {
		stats_reply(&st, i == 2 ? 4 : i == 4 ? 2 : i, rtts[i], false);
		metrics_latency_observe(&h, rtts[i] / 1e3);
	}
	stats_reply(&st, 1, 1.3, true);
	stats_error(&st);
	struct probe_counters pc = {.foreign = 3, .malformed = 1};
	struct ping_summary s = {.host = "t.example",
				 .transmitted = 7,
				 .st = &st,
				 .timed = true,
				 .ttl = 61,
				 .target = "t.example",
				 .address = "192.0.2.1",
				 .last_ttl = 60,
				 .hist = &h,
				 .counters = &pc};
	check_summary(&s, METRICS_OPENMETRICS);
	check_summary(&s, METRICS_PROMETHEUS);
	struct metrics m;
	metrics_init(&m, METRICS_OPENMETRICS);
	ping_expo_summary(&m, &s);
	metrics_end(&m);
	CU_ASSERT_EQUAL(sample(m.text, "netdx_ping_foreign_packets_total"), 3);
	CU_ASSERT_EQUAL(sample(m.text, "netdx_ping_malformed_packets_total"), 1);
	/* 0.0456 ms is in the first bucket (50 us), the rest by 2.5 ms */
	CU_ASSERT_EQUAL(sample(m.text, "smokeping_response_duration_seconds_bucket{host=\"t."
				       "example\",ip=\"192.0.2.1\",le=\"5e-05\"}"),
			1);
	CU_ASSERT_EQUAL(sample(m.text, "smokeping_response_duration_seconds_bucket{host=\"t."
				       "example\",ip=\"192.0.2.1\",le=\"0.0032\"}"),
			5);
	metrics_free(&m);
}

/* Nothing received: no RTT figures (the JSON's nulls), counts still there. */
static void test_summary_silent(void)
{
	struct stats_hist hist;
	struct stats st;
	stats_init_hist(&st, &hist);
	stats_sent(&st);
	struct metrics_latency h = {0};
	struct ping_summary s = {.host = "t.example",
				 .transmitted = 1,
				 .st = &st,
				 .timed = true,
				 .ttl = -1,
				 .target = "t.example",
				 .address = "192.0.2.1",
				 .last_ttl = -1,
				 .hist = &h};
	struct metrics m;
	metrics_init(&m, METRICS_OPENMETRICS);
	ping_expo_summary(&m, &s);
	CU_ASSERT_TRUE(metrics_end(&m));
	CU_ASSERT_EQUAL(sample(m.text, "netdx_ping_loss_ratio" L), 1);
	CU_ASSERT_PTR_NULL(strstr(m.text, "netdx_ping_rtt_"));
	CU_ASSERT_PTR_NULL(strstr(m.text, "smokeping_response_ttl"));
	CU_ASSERT_EQUAL(sample(m.text, "smokeping_response_duration_seconds_count" L), 0);
	metrics_free(&m);
}

/* A sweep target's JSON object. */
static void write_target(const void *arg)
{
	const struct ping_target *t = arg;
	char lb[ADDR_STRLEN], num_[ADDR_STRLEN];
	ping_json_target(ping_target_label(t, lb, sizeof(lb)), addr_to_str(&t->addr, num_, 64), t);
}

static void test_sweep_agrees(void)
{
	struct ping_target v[2] = {{.name = "t.example",
				    .sent = 10,
				    .received = 7,
				    .duplicates = 2,
				    .errors = 1,
				    .sum_ms = 7 * 1.25,
				    .min_ms = 0.75,
				    .max_ms = 3.5,
				    .last_ttl = 57},
				   {.name = NULL, .sent = 10, .last_ttl = -1}};
	addr_parse_literal("192.0.2.1", AF_UNSPEC, &v[0].addr);
	addr_parse_literal("2001:db8::2", AF_UNSPEC, &v[1].addr);
	struct metrics_latency h[2] = {{.counts = {[6] = 7}, .sum = 0.01}, {{0}, 0}};
	struct ping_targets t = {.v = v, .n = 2};
	struct ping_overall ov = {.resolved = 2, .alive = 1, .unresolved = 3};
	struct ping_expo_sweep x = {.t = &t, .hists = h, .ov = &ov};
	struct metrics m;
	metrics_init(&m, METRICS_PROMETHEUS);
	ping_expo_sweep(&m, &x);
	CU_ASSERT_TRUE_FATAL(metrics_end(&m));
	json_t *j = json_of(write_target, &v[0]);
	const char *s = m.text;
	CU_ASSERT_EQUAL(sample(s, "smokeping_requests_total" L), num(j, "transmitted", NULL));
	CU_ASSERT_EQUAL(sample(s, "netdx_ping_replies_total" L), num(j, "received", NULL));
	CU_ASSERT_EQUAL(sample(s, "smokeping_response_duration_seconds_count" L), 7);
	CU_ASSERT_EQUAL(sample(s, "smokeping_response_duplicates_total" L),
			num(j, "duplicates", NULL));
	CU_ASSERT_EQUAL(sample(s, "netdx_ping_errors_total" L), num(j, "errors", NULL));
	CU_ASSERT_EQUAL(sample(s, "smokeping_response_ttl" L), num(j, "ttl", NULL));
	CU_ASSERT_EQUAL(sample(s, "netdx_ping_hops" L), num(j, "hops", NULL));
	CU_ASSERT_DOUBLE_EQUAL(sample(s, "netdx_ping_loss_ratio" L), num(j, "loss", NULL) / 100,
			       1e-6);
	CU_ASSERT_DOUBLE_EQUAL(sample(s, "netdx_ping_rtt_min_seconds" L),
			       num(j, "rtt", "min") / 1e3, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(sample(s, "netdx_ping_rtt_avg_seconds" L),
			       num(j, "rtt", "avg") / 1e3, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(sample(s, "netdx_ping_rtt_max_seconds" L),
			       num(j, "rtt", "max") / 1e3, 1e-12);
	json_decref(j);
	/* the silent target: labelled by its address, counted, no RTT */
	CU_ASSERT_EQUAL(
		sample(s, "smokeping_requests_total{host=\"2001:db8::2\",ip=\"2001:db8::2\"}"), 10);
	CU_ASSERT_EQUAL(sample(s, "netdx_ping_loss_ratio{host=\"2001:db8::2\",ip=\"2001:db8::2\"}"),
			1);
	CU_ASSERT_PTR_NULL(strstr(s, "netdx_ping_rtt_min_seconds{host=\"2001"));
	CU_ASSERT_EQUAL(sample(s, "netdx_ping_targets{state=\"alive\"}"), 1);
	CU_ASSERT_EQUAL(sample(s, "netdx_ping_targets{state=\"unreachable\"}"), 1);
	CU_ASSERT_EQUAL(sample(s, "netdx_ping_targets{state=\"unresolved\"}"), 3);
	CU_ASSERT_PTR_NULL(strstr(s, "netdx_ping_rtt_mdev")); /* the sweep's JSON has none */
	metrics_free(&m);
}

/* A sweep of SWEEP_N targets whose figures differ: every third answered, the TTL known
 * only from target 200 on (its family starts in a later part), none has a mean
 * deviation (a family left out), names and addresses alternating. */
#define SWEEP_N 300
struct sweep_fixture {
	struct ping_target v[SWEEP_N];
	struct metrics_latency h[SWEEP_N];
	struct ping_targets t;
	struct ping_overall ov;
	struct ping_expo_sweep x;
};

static void sweep_fixture(struct sweep_fixture *f)
{
	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < SWEEP_N; i++) {
		struct ping_target *t = &f->v[i];
		char a[32];
		snprintf(a, sizeof(a), "198.51.%zu.%zu", i / 256, i % 256);
		addr_parse_literal(a, AF_UNSPEC, &t->addr);
		t->name = i % 2 ? "a \"quoted\" name" : NULL;
		t->sent = 10 + i;
		t->received = i % 3 ? 0 : 5;
		t->sum_ms = 5 * 1.5, t->min_ms = 0.5, t->max_ms = 4.25;
		t->last_ttl = i >= 200 ? 60 : -1;
		if (t->received)
			f->h[i].counts[i % 21] = 5, f->h[i].sum = 0.0075;
	}
	f->t = (struct ping_targets){.v = f->v, .n = SWEEP_N};
	f->ov = (struct ping_overall){.resolved = SWEEP_N, .alive = SWEEP_N / 3 + 1};
	f->x = (struct ping_expo_sweep){.t = &f->t, .hists = f->h, .ov = &f->ov};
}

/* streamed
 * The exposition built part by part as a scrape sends it (each part taken and the
 * buffer restarted); every part whole lines and, past its bound, no more than one
 * target's histogram. Returns the concatenation (malloc'd) and the count of parts. */
static char *streamed(const struct ping_expo_sweep *x, enum metrics_dialect d, size_t part,
		      size_t *parts)
{
	struct metrics m;
	metrics_init(&m, d);
	struct metrics_cursor c = {.part_bytes = part};
	char *all = NULL;
	size_t len = 0;
	bool done = false;
	for (*parts = 0; !done; ++*parts) {
		metrics_restart(&m);
		done = ping_expo_sweep_part(&m, x, &c);
		if (done)
			CU_ASSERT_TRUE(metrics_end(&m));
		CU_ASSERT_FATAL(m.len > 0 && m.text[m.len - 1] == '\n');
		CU_ASSERT(m.len < part + 4096);
		all = realloc(all, len + m.len + 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(all);
		memcpy(all + len, m.text, m.len + 1);
		len += m.len;
	}
	metrics_free(&m);
	return all;
}

static void test_sweep_parts(void)
{
	static struct sweep_fixture f;
	sweep_fixture(&f);
	const enum metrics_dialect dialects[] = {METRICS_OPENMETRICS, METRICS_PROMETHEUS};
	const size_t bounds[] = {1, 700, 4096, METRICS_HTTP_PART_BYTES};
	for (size_t d = 0; d < 2; d++) {
		struct metrics whole;
		metrics_init(&whole, dialects[d]);
		ping_expo_sweep(&whole, &f.x);
		CU_ASSERT_TRUE_FATAL(metrics_end(&whole));
		CU_ASSERT_PTR_NULL(strstr(whole.text, "netdx_ping_rtt_mdev"));
		CU_ASSERT_PTR_NOT_NULL(strstr(whole.text, "smokeping_response_ttl{"));
		for (size_t b = 0; b < 4; b++) {
			size_t parts;
			char *s = streamed(&f.x, dialects[d], bounds[b], &parts);
			CU_ASSERT_STRING_EQUAL(s, whole.text);
			/* bound 1: a part per series line group, at least one per target */
			/* as many parts as the bound makes; at bound 1, one or more per target */
			CU_ASSERT(parts >= whole.len / (bounds[b] + 4096));
			CU_ASSERT(bounds[b] > 1 || parts > SWEEP_N);
			free(s);
		}
		metrics_free(&whole);
	}
}

static CU_TestInfo cases[] = {
	{"one target: every --json figure reads the same in both dialects", test_summary_agrees},
	{"one target, no reply: loss 1, no RTT series", test_summary_silent},
	{"a sweep: each target's --json figures in its series", test_sweep_agrees},
	{"a sweep in parts (a scrape's): together the whole exposition, both dialects",
	 test_sweep_parts},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("ping_expo", cases)
