/* test_hops_wait.c — hops_wait_ns(), traceroute's adaptive wait: HERE × the hop's own
 * slowest RTT, else NEAR × the nearest later hop's, else (past every answer) NEAR × the
 * farthest earlier hop's but at least the floor, else MAX; never above MAX; a zero
 * factor turns its rule off. */
#include "netdx/hops.h"

#include <string.h>

#include "unit.h"

#define MS 1000000ull

static const struct hops_wait w = {
	.max_ns = 5000 * MS, .here = 3, .near = 3, .beyond_min_ns = 1000 * MS};

/* answer
 * One answer at ttl after rtt ms (from 10.0.ttl.1). */
static void answer(struct hops *h, int ttl, double rtt)
{
	struct netdx_addr a;
	char text[32];
	snprintf(text, sizeof(text), "10.0.%d.1", ttl);
	CU_ASSERT_FATAL(addr_parse_literal(text, AF_INET, &a));
	hops_sent(h, ttl);
	hops_answer(h, ttl, 1, &a, rtt, NULL, false, false);
}

static void test_nothing_known(void)
{
	struct hops h;
	CU_ASSERT_FATAL(hops_init(&h, 1, 10));
	CU_ASSERT_EQUAL(hops_wait_ns(&h, 3, &w), 5000 * MS);
	hops_free(&h);
}

static void test_here(void)
{
	struct hops h;
	CU_ASSERT_FATAL(hops_init(&h, 1, 10));
	answer(&h, 3, 9);
	answer(&h, 3, 19); /* the slowest counts */
	answer(&h, 5, 1);  /* a later hop does not, when the hop itself answered */
	CU_ASSERT_EQUAL(hops_wait_ns(&h, 3, &w), 60 * MS); /* 3 × (19 + 1) */
	hops_free(&h);
}

static void test_near_later_hop(void)
{
	struct hops h;
	CU_ASSERT_FATAL(hops_init(&h, 1, 10));
	answer(&h, 2, 50);
	answer(&h, 6, 39); /* the nearest later hop */
	answer(&h, 7, 99);
	CU_ASSERT_EQUAL(hops_wait_ns(&h, 4, &w), 120 * MS); /* 3 × (39 + 1) */
	hops_free(&h);
}

static void test_beyond_every_answer(void)
{
	struct hops h;
	CU_ASSERT_FATAL(hops_init(&h, 1, 16));
	answer(&h, 7, 9);
	answer(&h, 8, 0.2);
	/* past hop 8: 3 × 1.2 ms is below the floor */
	CU_ASSERT_EQUAL(hops_wait_ns(&h, 12, &w), 1000 * MS);
	answer(&h, 8, 499); /* a slow last hop: 3 × 500 ms */
	CU_ASSERT_EQUAL(hops_wait_ns(&h, 12, &w), 1500 * MS);
	hops_free(&h);
}

static void test_capped_and_disabled(void)
{
	struct hops h;
	CU_ASSERT_FATAL(hops_init(&h, 1, 10));
	answer(&h, 5, 4000);
	CU_ASSERT_EQUAL(hops_wait_ns(&h, 5, &w), 5000 * MS); /* 3 × 4001 ms > MAX */
	struct hops_wait two_x = {.max_ns = 5000 * MS};      /* -w 5,0,0: always MAX */
	CU_ASSERT_EQUAL(hops_wait_ns(&h, 5, &two_x), 5000 * MS);
	CU_ASSERT_EQUAL(hops_wait_ns(&h, 4, &two_x), 5000 * MS);
	hops_free(&h);
}

/* A hop set up on first use is what stats_init() and "no responder" give. */
static void test_fresh_hop_is_initialised(void)
{
	struct hops h;
	CU_ASSERT_FATAL(hops_init(&h, 1, 30));
	struct stats want;
	stats_init(&want);
	for (int ttl = 1; ttl <= 30; ttl += 7) {
		const struct hop *hp = hops_at(&h, ttl);
		CU_ASSERT_EQUAL(memcmp(&hp->stats, &want, sizeof(want)), 0);
		CU_ASSERT_EQUAL(hp->last_responder, -1);
		CU_ASSERT_EQUAL(hp->n_responders, 0);
	}
	answer(&h, 8, 2);
	hops_reset(&h);
	CU_ASSERT_EQUAL(memcmp(&hops_at(&h, 8)->stats, &want, sizeof(want)), 0);
	CU_ASSERT_EQUAL(hops_at(&h, 8)->last_responder, -1);
	hops_free(&h);
}

static CU_TestInfo cases[] = {
	{"a hop set up on first use equals stats_init()'s", test_fresh_hop_is_initialised},
	{"nothing answered yet: MAX", test_nothing_known},
	{"the hop answered: HERE x its slowest RTT", test_here},
	{"a later hop answered: NEAR x the nearest one's RTT", test_near_later_hop},
	{"past every answer: NEAR x the last RTT, at least the floor", test_beyond_every_answer},
	{"never above MAX; factors of 0 turn rules off", test_capped_and_disabled},
	CU_TEST_INFO_NULL,
};
UNIT_MAIN("hops_wait", cases)
