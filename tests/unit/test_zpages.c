/* test_zpages.c — zeroed memory that pages in only where touched (common/core/zpages.c),
 * and the tables built on it: a path's hops, mtr's path-change log and the engine's
 * window. Residency is read with mincore(2), so a calloc that clears everything up front
 * fails here. */
#include "netdx/hops.h"
#include "netdx/pathchange.h"
#include "netdx/zpages.h"
#include "unit.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

/* resident
 * Pages of [p, p + len) in memory now. */
static size_t resident(const void *p, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t n = (len + page - 1) / page, in = 0;
	unsigned char vec[1024];

	CU_ASSERT_FATAL(n <= sizeof(vec));
	CU_ASSERT_FATAL(mincore((void *)p, len, vec) == 0);
	for (size_t i = 0; i < n; i++)
		in += vec[i] & 1;
	return in;
}

static void test_zero_and_lazy(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	/* 64 KiB: below malloc's mmap threshold, where calloc would clear every page */
	unsigned char *p = zpages_new(16, page);

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(resident(p, 16 * page), 0);
	p[5 * page + 7] = 1;
	CU_ASSERT_EQUAL(resident(p, 16 * page), 1);
	size_t nonzero = 0;
	for (size_t i = 0; i < 16 * page; i++)
		nonzero += p[i] != 0;
	CU_ASSERT_EQUAL(nonzero, 1);
	zpages_free(p, 16, page);
	zpages_free(NULL, 16, page);
}

static void test_refused_sizes(void)
{
	CU_ASSERT_PTR_NULL(zpages_new(0, 8));
	CU_ASSERT_PTR_NULL(zpages_new(8, 0));
	CU_ASSERT_PTR_NULL(zpages_new(SIZE_MAX / 2, 3));
}

/* A trace to a 9-hop target with traceroute's -m 30 (81 KB of hops): the hops beyond 9
 * are never paged in. */
static void test_hops_page_in_as_used(void)
{
	struct hops h;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	CU_ASSERT_FATAL(hops_init(&h, 1, 30));
	size_t len = 30 * sizeof(struct hop);
	CU_ASSERT_EQUAL(resident(h.hop, len), 0);
	for (int ttl = 1; ttl <= 9; ttl++)
		hops_sent(&h, ttl);
	size_t want = (9 * sizeof(struct hop) + page - 1) / page + 1; /* + a straddled page */
	CU_ASSERT(resident(h.hop, len) <= want);
	CU_ASSERT(resident(h.hop, len) >= 1);
	CU_ASSERT_EQUAL(hops_at(&h, 9)->stats.sent, 1);
	CU_ASSERT_EQUAL(hops_at(&h, 10)->stats.sent, 0);
	hops_free(&h);
	CU_ASSERT_PTR_NULL(h.hop);
}

/* mtr's path-change log (92 KiB, a slot for each of 255 TTLs): a path of 9 hops pages in
 * the first few slots, not the log's every page as the memset that cleared it did. */
static void test_pathchange_pages_in_as_used(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	struct pathchange *pc = pathchange_new(3);
	struct netdx_addr a;

	CU_ASSERT_PTR_NOT_NULL_FATAL(pc);
	CU_ASSERT_FATAL(addr_parse_literal("10.0.2.1", AF_INET, &a));
	for (int ttl = 1; ttl <= 9; ttl++)
		pathchange_answer(pc, ttl, &a, 1);
	size_t used = (offsetof(struct pathchange, hop[10]) + page - 1) / page;
	CU_ASSERT(resident(pc, sizeof(*pc)) <= used);
	CU_ASSERT(sizeof(*pc) / page > 4 * used); /* so the check above can fail */
	CU_ASSERT_EQUAL(pc->confirm, 3);
	CU_ASSERT_FALSE(pc->hop[10].known);
	pathchange_free(pc);
}

static CU_TestInfo cases[] = {
	{"zeroed, and only touched pages resident", test_zero_and_lazy},
	{"zero and overflowing sizes are refused", test_refused_sizes},
	{"hops: only the TTLs used are paged in", test_hops_page_in_as_used},
	{"path-change log: only the TTLs used are paged in", test_pathchange_pages_in_as_used},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("zpages", cases)
