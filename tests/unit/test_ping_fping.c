/* test_ping_fping.c — fping mode's parts that need no network (ping/dueq.c and
 * ping/fsplit.c, compiled in here): the retry queue gives due times in order (equal
 * times in target order) through any mix of pushes and pops, and fping's per-target
 * figures count a probe once it is answered or timed out, with -o's outage and the
 * line's bytes as fping 5.1 prints them. */
#include "../../ping/dueq.c"
#include "../../ping/fsplit.c"
#include "../../ping/mtext.c"
#include "../../ping/text.c"
#include "../../ping/ipopts.c"
#include "../../ping/names.c"
#include "../../ping/targets.c"

#include <stdlib.h>
#include <string.h>

#include "unit.h"

/* test_dueq_order
 * Pops come out by time, ties by target. */
static void test_dueq_order(void)
{
	struct ping_dueq q = {0};
	struct ping_due d;
	CU_ASSERT_FALSE(ping_dueq_peek(&q, &d));
	CU_ASSERT_TRUE(ping_dueq_push(&q, 300, 7));
	CU_ASSERT_TRUE(ping_dueq_push(&q, 100, 9));
	CU_ASSERT_TRUE(ping_dueq_push(&q, 300, 2));
	CU_ASSERT_TRUE(ping_dueq_push(&q, 200, 5));
	static const struct ping_due want[] = {{100, 9}, {200, 5}, {300, 2}, {300, 7}};
	for (size_t i = 0; i < 4; i++) {
		CU_ASSERT_TRUE_FATAL(ping_dueq_peek(&q, &d));
		CU_ASSERT_EQUAL(d.due_ns, want[i].due_ns);
		CU_ASSERT_EQUAL(d.target, want[i].target);
		ping_dueq_pop(&q);
	}
	CU_ASSERT_FALSE(ping_dueq_peek(&q, &d));
	ping_dueq_free(&q);
}

/* test_dueq_many
 * Thousands of pseudo-random pushes, pops in between: never out of order. */
static void test_dueq_many(void)
{
	struct ping_dueq q = {0};
	struct ping_due d;
	uint64_t x = 88172645463325252ull, last = 0;
	size_t popped = 0;
	for (uint32_t i = 0; i < 5000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		CU_ASSERT_TRUE_FATAL(ping_dueq_push(&q, last + x % 1000, i));
		if (i % 3 == 0 && ping_dueq_peek(&q, &d)) {
			CU_ASSERT_TRUE(d.due_ns >= last);
			last = d.due_ns;
			ping_dueq_pop(&q);
			popped++;
		}
	}
	while (ping_dueq_peek(&q, &d)) {
		CU_ASSERT_TRUE(d.due_ns >= last);
		last = d.due_ns;
		ping_dueq_pop(&q);
		popped++;
	}
	CU_ASSERT_EQUAL(popped, 5000);
	ping_dueq_free(&q);
}

/* line_of
 * ping_fsplits_line into a string (freed by the caller). */
static char *line_of(const struct ping_fspan *p, double outage)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	ping_fsplits_line(f, "10.0.3.9", 10, p, outage);
	fclose(f);
	return text;
}

/* test_fsplit_lines
 * Counts, loss, outage and min/avg/max as fping prints them. */
static void test_fsplit_lines(void)
{
	struct ping_fsplits s;
	CU_ASSERT_TRUE_FATAL(ping_fsplits_init(&s, 2));
	ping_fsplits_add(&s, 0, true, 0.25);
	ping_fsplits_add(&s, 0, false, 0);
	ping_fsplits_add(&s, 0, true, 1.5);
	ping_fsplits_add(&s, 1, false, 0);
	char *a = line_of(&s.total[0], -1), *b = line_of(&s.total[0], 400),
	     *c = line_of(&s.total[1], 200.5), *d = line_of(&s.span[0], -1);
	CU_ASSERT_STRING_EQUAL(a, "10.0.3.9   : xmt/rcv/%loss = 3/2/33%, min/avg/max = "
				  "0.250/0.875/1.50\n");
	CU_ASSERT_STRING_EQUAL(b, "10.0.3.9   : xmt/rcv/%loss = 3/2/33%, outage(ms) = 400, "
				  "min/avg/max = 0.250/0.875/1.50\n");
	CU_ASSERT_STRING_EQUAL(c, "10.0.3.9   : xmt/rcv/%loss = 1/0/100%, outage(ms) = 200\n");
	CU_ASSERT_STRING_EQUAL(d, a);
	CU_ASSERT_EQUAL(ping_fsplits_timeouts(&s), 2);
	free(a);
	free(b);
	free(c);
	free(d);
	ping_fsplits_free(&s);
}

/* test_fsplit_empty
 * A span without any outcome: 0/0/0%, as fping's SIGQUIT line before the first
 * timeout. */
static void test_fsplit_empty(void)
{
	struct ping_fspan p = {0};
	char *a = line_of(&p, -1);
	CU_ASSERT_STRING_EQUAL(a, "10.0.3.9   : xmt/rcv/%loss = 0/0/0%\n");
	free(a);
}

static CU_TestInfo cases[] = {
	{"retry queue: by time, ties by target", test_dueq_order},
	{"retry queue: 5000 pushes and pops in order", test_dueq_many},
	{"fping's figures and lines, -o's outage", test_fsplit_lines},
	{"an empty span", test_fsplit_empty},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("ping_fping", cases)
