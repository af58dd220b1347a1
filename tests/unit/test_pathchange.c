/* test_pathchange.c — the path-change detector of common/path/pathchange.c. */
#include "netdx/pathchange.h"
#include "unit.h"

#include <string.h>

/* ip
 * An IPv4 or IPv6 literal as an address (the test's own, so it cannot fail). */
static struct netdx_addr ip(const char *s)
{
	struct netdx_addr a;
	CU_ASSERT_TRUE_FATAL(addr_parse_literal(s, AF_UNSPEC, &a));
	return a;
}

/* answer
 * One answer at ttl from the literal s at time t; what the detector returned. */
static bool answer(struct pathchange *pc, int ttl, const char *s, double t)
{
	struct netdx_addr a = ip(s);
	return pathchange_answer(pc, ttl, &a, t);
}

static struct pathchange *pc;

/* fresh
 * A new log in pc (the last test's freed). */
static void fresh(unsigned confirm)
{
	pathchange_free(pc);
	pc = pathchange_new(confirm);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pc);
}

static void test_first_answer_is_no_change(void)
{
	fresh(3);
	CU_ASSERT_FALSE(answer(pc, 2, "10.0.2.1", 1));
	CU_ASSERT_FALSE(answer(pc, 2, "10.0.2.1", 2));
	CU_ASSERT_EQUAL(pc->n_log, 0);
	CU_ASSERT_EQUAL(pc->total, 0);
}

static void test_change_after_confirm(void)
{
	fresh(3);
	answer(pc, 2, "10.0.2.1", 1);
	CU_ASSERT_FALSE(answer(pc, 2, "10.1.2.1", 5));
	CU_ASSERT_FALSE(answer(pc, 2, "10.1.2.1", 6));
	CU_ASSERT_TRUE(answer(pc, 2, "10.1.2.1", 7));
	CU_ASSERT_EQUAL_FATAL(pc->n_log, 1);
	CU_ASSERT_EQUAL(pc->total, 1);
	CU_ASSERT_EQUAL(pc->log[0].ttl, 2);
	CU_ASSERT_DOUBLE_EQUAL(pc->log[0].time_s, 5, 1e-9); /* the new one's first answer */
	struct netdx_addr old = ip("10.0.2.1"), new = ip("10.1.2.1");
	CU_ASSERT_TRUE(addr_equal(&pc->log[0].from, &old));
	CU_ASSERT_TRUE(addr_equal(&pc->log[0].to, &new));
	/* the new one is the responder now: more of it changes nothing */
	CU_ASSERT_FALSE(answer(pc, 2, "10.1.2.1", 8));
	CU_ASSERT_EQUAL(pc->total, 1);
	/* and the way back is a change of its own */
	answer(pc, 2, "10.0.2.1", 9);
	answer(pc, 2, "10.0.2.1", 10);
	CU_ASSERT_TRUE(answer(pc, 2, "10.0.2.1", 11));
	CU_ASSERT_EQUAL_FATAL(pc->n_log, 2);
	CU_ASSERT_TRUE(addr_equal(&pc->log[1].from, &new));
	CU_ASSERT_TRUE(addr_equal(&pc->log[1].to, &old));
}

static void test_stray_answers_are_no_change(void)
{
	fresh(3);
	answer(pc, 3, "10.0.3.1", 1);
	/* alternation (an ECMP hop): never three in a row */
	for (int i = 0; i < 10; i++) {
		CU_ASSERT_FALSE(answer(pc, 3, "10.1.3.1", 2 + i));
		CU_ASSERT_FALSE(answer(pc, 3, "10.1.3.1", 2 + i));
		CU_ASSERT_FALSE(answer(pc, 3, "10.0.3.1", 2 + i));
	}
	/* a third address starts the run over */
	answer(pc, 3, "10.1.3.1", 40);
	answer(pc, 3, "10.1.3.1", 41);
	CU_ASSERT_FALSE(answer(pc, 3, "10.2.3.1", 42));
	CU_ASSERT_FALSE(answer(pc, 3, "10.1.3.1", 43));
	CU_ASSERT_EQUAL(pc->total, 0);
}

static void test_hops_are_separate(void)
{
	fresh(1);
	answer(pc, 1, "10.0.1.1", 1);
	answer(pc, 2, "10.0.2.1", 1);
	CU_ASSERT_TRUE(answer(pc, 2, "fd00:1:0:2::1", 2)); /* confirm 1: at once */
	CU_ASSERT_FALSE(answer(pc, 1, "10.0.1.1", 3));
	CU_ASSERT_EQUAL_FATAL(pc->n_log, 1);
	CU_ASSERT_EQUAL(pc->log[0].ttl, 2);
	CU_ASSERT_EQUAL(addr_family(&pc->log[0].to), AF_INET6);
}

static void test_bounds(void)
{
	struct netdx_addr a = ip("10.0.2.1"), empty = {0};
	fresh(0); /* 0 is 1 */
	CU_ASSERT_EQUAL(pc->confirm, 1);
	CU_ASSERT_FALSE(pathchange_answer(pc, 0, &a, 1));
	CU_ASSERT_FALSE(pathchange_answer(pc, HOPS_MAX_TTL + 1, &a, 1));
	CU_ASSERT_FALSE(pathchange_answer(pc, -1, &a, 1));
	CU_ASSERT_FALSE(pathchange_answer(pc, 5, &empty, 1));
	CU_ASSERT_FALSE(pathchange_answer(pc, 5, NULL, 1));
	CU_ASSERT_FALSE(pathchange_answer(pc, HOPS_MAX_TTL, &a, 1));
	/* the log is bounded, the count is not */
	char s[32];
	for (int i = 0; i < PATHCHANGE_LOG_MAX + 10; i++) {
		snprintf(s, sizeof(s), "10.9.%d.%d", i / 200, i % 200 + 1);
		CU_ASSERT_TRUE(answer(pc, HOPS_MAX_TTL, s, i));
	}
	CU_ASSERT_EQUAL(pc->n_log, PATHCHANGE_LOG_MAX);
	CU_ASSERT_EQUAL(pc->total, PATHCHANGE_LOG_MAX + 10);
}

static CU_TestInfo cases[] = {
	{"first answer is no change", test_first_answer_is_no_change},
	{"change after confirm answers in a row, and back", test_change_after_confirm},
	{"alternating and stray answers are no change", test_stray_answers_are_no_change},
	{"each TTL on its own, IPv6", test_hops_are_separate},
	{"bounds: TTL, empty address, log size", test_bounds},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("pathchange", cases)
