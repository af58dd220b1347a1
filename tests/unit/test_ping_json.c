/* test_ping_json.c — ping's --json objects (ping/json.c, compiled in here): one object
 * per line, the type and field names of the documented schema, numbers as numbers,
 * and the same figures the text shows (iputils' integer statistics, %g loss). */
#include "../../ping/json.c"

#include <unistd.h>

#include "unit.h"

/* A redirected stdout. */
struct grab {
	int saved; /* the real stdout */
	FILE *tmp; /* where it goes meanwhile */
};

/* grab_begin
 * Send stdout to a temporary file. */
static void grab_begin(struct grab *g)
{
	fflush(stdout);
	g->tmp = tmpfile();
	CU_ASSERT_PTR_NOT_NULL_FATAL(g->tmp);
	g->saved = dup(1);
	dup2(fileno(g->tmp), 1);
}

/* grab_end
 * Restore stdout and parse what was written: exactly one JSON object on one line. */
static json_t *grab_end(struct grab *g)
{
	fflush(stdout);
	dup2(g->saved, 1);
	close(g->saved);
	char buf[4096];
	rewind(g->tmp);
	size_t n = fread(buf, 1, sizeof(buf) - 1, g->tmp);
	fclose(g->tmp);
	buf[n] = '\0';
	CU_ASSERT(n > 0 && buf[n - 1] == '\n');
	CU_ASSERT_PTR_NULL(strchr(buf, '\n') == buf + n - 1 ? NULL : buf); /* one line */
	json_error_t err;
	json_t *o = json_loads(buf, 0, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_TRUE(json_is_object(o));
	return o;
}

/* get
 * A member, which must exist. */
static json_t *get(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	CU_ASSERT_PTR_NOT_NULL(v);
	if (!v)
		fprintf(stderr, "\n  missing key %s\n", key);
	return v;
}

/* test_reply
 * The cases of "reply". */
static void test_reply(void)
{
	struct grab g;
	grab_begin(&g);
	ping_json_reply(NULL, "10.0.4.1", 64, 3, 61, true, 20.4526, false);
	json_t *o = grab_end(&g);
	CU_ASSERT_STRING_EQUAL(json_string_value(get(o, "type")), "reply");
	CU_ASSERT_EQUAL(json_integer_value(get(o, "bytes")), 64);
	CU_ASSERT_STRING_EQUAL(json_string_value(get(o, "host")), "10.0.4.1");
	CU_ASSERT_EQUAL(json_integer_value(get(o, "seq")), 3);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "ttl")), 61);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "initial_ttl")), 64);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "hops")), 3);
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(get(o, "time")), 20.453, 1e-9);
	CU_ASSERT_TRUE(json_is_false(get(o, "duplicate")));
	CU_ASSERT_PTR_NULL(json_object_get(o, "target"));
	json_decref(o);
	/* A sweep's reply names its target; untimed and TTL-less values are null. */
	grab_begin(&g);
	ping_json_reply("t.lab.test", "10.0.4.1", 12, 0, -1, false, 0, true);
	o = grab_end(&g);
	CU_ASSERT_STRING_EQUAL(json_string_value(get(o, "target")), "t.lab.test");
	CU_ASSERT_TRUE(json_is_null(get(o, "time")));
	CU_ASSERT_TRUE(json_is_null(get(o, "ttl")));
	CU_ASSERT_TRUE(json_is_null(get(o, "hops")));
	CU_ASSERT_TRUE(json_is_true(get(o, "duplicate")));
	json_decref(o);
}

/* test_errors_and_start
 * The cases of "errors and start". */
static void test_errors_and_start(void)
{
	struct grab g;
	grab_begin(&g);
	ping_json_error(NULL, "10.0.2.1", 1, "Time to live exceeded", 11, 0);
	json_t *o = grab_end(&g);
	CU_ASSERT_STRING_EQUAL(json_string_value(get(o, "type")), "error");
	CU_ASSERT_STRING_EQUAL(json_string_value(get(o, "host")), "10.0.2.1");
	CU_ASSERT_STRING_EQUAL(json_string_value(get(o, "error")), "Time to live exceeded");
	CU_ASSERT_EQUAL(json_integer_value(get(o, "icmp_type")), 11);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "icmp_code")), 0);
	json_decref(o);
	grab_begin(&g);
	ping_json_local_error(NULL, "local error: message too long", 1500);
	o = grab_end(&g);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "mtu")), 1500);
	json_decref(o);
	grab_begin(&g);
	ping_json_no_answer("h", 4, true);
	o = grab_end(&g);
	CU_ASSERT_STRING_EQUAL(json_string_value(get(o, "type")), "timeout");
	CU_ASSERT_EQUAL(json_integer_value(get(o, "seq")), 4);
	json_decref(o);
	grab_begin(&g);
	ping_json_start("t.lab.test", "10.0.4.1", 56, 84);
	o = grab_end(&g);
	CU_ASSERT_STRING_EQUAL(json_string_value(get(o, "type")), "start");
	CU_ASSERT_EQUAL(json_integer_value(get(o, "data_bytes")), 56);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "packet_bytes")), 84);
	json_decref(o);
}

/* test_summary
 * The cases of "summary". */
static void test_summary(void)
{
	struct stats_hist hist;
	struct stats st;
	stats_init_hist(&st, &hist);
	for (int i = 0; i < 3; i++)
		stats_sent(&st);
	stats_reply(&st, 1, 0.031, false);
	stats_reply(&st, 1, 0.031, true);
	stats_error(&st);
	struct ping_summary s = {.host = "127.0.0.1",
				 .transmitted = 3,
				 .st = &st,
				 .timed = true,
				 .time_ms = 2003,
				 .pipe = 2,
				 .ttl = 64};
	struct grab g;
	grab_begin(&g);
	ping_json_summary(&s);
	json_t *o = grab_end(&g);
	CU_ASSERT_STRING_EQUAL(json_string_value(get(o, "type")), "summary");
	CU_ASSERT_STRING_EQUAL(json_string_value(get(o, "host")), "127.0.0.1");
	CU_ASSERT_EQUAL(json_integer_value(get(o, "transmitted")), 3);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "received")), 1);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "duplicates")), 1);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "corrupted")), 0);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "errors")), 1);
	/* the text's "66.6667% packet loss" */
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(get(o, "loss")), 66.6667, 1e-9);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "time")), 2003);
	json_t *rtt = get(o, "rtt");
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(get(rtt, "min")), 0.031, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(get(rtt, "avg")), 0.031, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(get(rtt, "mdev")), 0.0, 1e-9);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "pipe")), 2);
	CU_ASSERT_PTR_NULL(json_object_get(o, "ipg"));
	CU_ASSERT_TRUE(json_is_object(get(o, "jitter")));
	CU_ASSERT_TRUE(json_is_object(get(o, "percentiles")));
	CU_ASSERT_EQUAL(json_integer_value(get(o, "reordered")), 0);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "hops")), 0);
	CU_ASSERT_PTR_NULL(json_object_get(o, "foreign"));
	json_decref(o);
	/* Nothing received: rtt, jitter, percentiles and hops are null. */
	stats_init_hist(&st, &hist);
	stats_sent(&st);
	s.transmitted = 1;
	s.pipe = 0;
	s.ttl = -1;
	struct probe_counters pc = {.foreign = 3};
	s.engine = &pc;
	grab_begin(&g);
	ping_json_summary(&s);
	o = grab_end(&g);
	CU_ASSERT_TRUE(json_is_null(get(o, "rtt")));
	CU_ASSERT_TRUE(json_is_null(get(o, "jitter")));
	CU_ASSERT_TRUE(json_is_null(get(o, "hops")));
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(get(o, "loss")), 100.0, 1e-9);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "foreign")), 3);
	json_decref(o);
}

/* test_sweep_objects
 * The cases of "sweep objects". */
static void test_sweep_objects(void)
{
	struct ping_target t = {.sent = 3,
				.received = 2,
				.duplicates = 1,
				.sum_ms = 0.05,
				.min_ms = 0.02,
				.max_ms = 0.03,
				.last_ttl = 61};
	struct grab g;
	grab_begin(&g);
	ping_json_target("t.lab.test", "10.0.4.1", &t);
	json_t *o = grab_end(&g);
	CU_ASSERT_STRING_EQUAL(json_string_value(get(o, "type")), "target");
	CU_ASSERT_STRING_EQUAL(json_string_value(get(o, "address")), "10.0.4.1");
	CU_ASSERT_EQUAL(json_integer_value(get(o, "transmitted")), 3);
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(get(o, "loss")), 33.3333, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(get(get(o, "rtt"), "avg")), 0.025, 1e-9);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "hops")), 3);
	json_decref(o);
	struct stats_hist hist;
	struct stats st;
	stats_init_hist(&st, &hist);
	stats_sent(&st);
	stats_sent(&st);
	stats_reply(&st, 1, 0.5, false);
	grab_begin(&g);
	ping_json_overall(&(struct ping_overall){.resolved = 2,
						 .alive = 1,
						 .unresolved = 1,
						 .transmitted = 2,
						 .st = &st,
						 .time_ms = 10});
	o = grab_end(&g);
	CU_ASSERT_STRING_EQUAL(json_string_value(get(o, "type")), "overall");
	CU_ASSERT_EQUAL(json_integer_value(get(o, "targets")), 3);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "alive")), 1);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "unreachable")), 1);
	CU_ASSERT_EQUAL(json_integer_value(get(o, "unresolved")), 1);
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(get(o, "loss")), 50.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(get(get(o, "rtt"), "max")), 0.5, 1e-9);
	CU_ASSERT_TRUE(json_is_object(get(o, "percentiles")));
	CU_ASSERT_PTR_NULL(json_object_get(o, "jitter")); /* across targets it means nothing */
	json_decref(o);
}

static CU_TestInfo cases[] = {
	{"reply objects", test_reply},
	{"error, no-answer and start objects", test_errors_and_start},
	{"summary object", test_summary},
	{"sweep objects: target and overall", test_sweep_objects},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("ping_json", cases)
