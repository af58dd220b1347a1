/* test_ipopt.c — IPv4 record-route and timestamp options (netdx/ipopt.h): what ping -R
 * and -T send, and replies' options as the lab's kernels fill them, whole, partly
 * filled, overflowing and malformed. */
#include "netdx/ipopt.h"
#include "unit.h"

#include <string.h>

/* A record route as a reply through two lab routers brings it back: the option ping
 * sent (9 slots), 8 addresses filled (pointer 36), then end-of-list. */
static const uint8_t rr_reply[40] = {
	7, 39, 36, 10, 0, 1, 2, 10, 0, 2, 2, 10, 0, 3, 2, 10, 0, 3, 1, 10,
	0, 3,  1,  10, 0, 2, 1, 10, 0, 1, 1, 10, 0, 1, 2, 0,  0, 0, 0, 0,
};

static void test_build_rr(void)
{
	uint8_t b[IPOPT_SPACE];
	CU_ASSERT_EQUAL(ipopt_build_rr(b, sizeof(b)), 40);
	CU_ASSERT_EQUAL(b[0], 1);  /* NOP */
	CU_ASSERT_EQUAL(b[1], 7);  /* record route */
	CU_ASSERT_EQUAL(b[2], 39); /* the rest of the 40 bytes */
	CU_ASSERT_EQUAL(b[3], 4);  /* the first slot */
	CU_ASSERT_EQUAL(ipopt_build_rr(b, 39), 0);
	struct ipopt_list l;
	CU_ASSERT_TRUE(ipopt_parse(b, 40, &l));
	CU_ASSERT_EQUAL(l.n, 2);
	CU_ASSERT_EQUAL(l.v[0].kind, IPOPT_KIND_NOP);
	CU_ASSERT_EQUAL(l.v[1].kind, IPOPT_KIND_RR);
	CU_ASSERT_EQUAL(l.v[1].n, 0);
}

static void test_parse_rr(void)
{
	struct ipopt_list l;
	CU_ASSERT_TRUE(ipopt_parse(rr_reply, sizeof(rr_reply), &l));
	CU_ASSERT_EQUAL(l.n, 1);
	CU_ASSERT_EQUAL(l.v[0].kind, IPOPT_KIND_RR);
	CU_ASSERT_EQUAL(l.v[0].pointer, 36);
	CU_ASSERT_EQUAL(l.v[0].n, 8);
	CU_ASSERT_EQUAL(l.v[0].addr[0], 0x0a000102u);
	CU_ASSERT_EQUAL(l.v[0].addr[3], 0x0a000301u);
	CU_ASSERT_EQUAL(l.v[0].addr[7], 0x0a000102u);
}

/* Every slot filled: the pointer is past the option's end (40 > 39), 9 addresses. */
static void test_parse_rr_full(void)
{
	uint8_t b[40];
	memcpy(b, rr_reply, sizeof(b));
	b[2] = 40;
	memcpy(b + 35, "\x0a\x00\x09\x09", 4);
	struct ipopt_list l;
	CU_ASSERT_TRUE(ipopt_parse(b, sizeof(b), &l));
	CU_ASSERT_EQUAL(l.v[0].n, 9);
	CU_ASSERT_EQUAL(l.v[0].addr[8], 0x0a000909u);
}

/* Timestamps only, as a reply through two routers brings them (8 of 9 slots). */
static void test_parse_tsonly(void)
{
	uint8_t b[40] = {68, 40, 37, 0};
	for (int i = 0; i < 8; i++)
		b[4 + 4 * i + 3] = (uint8_t)(100 + i);
	struct ipopt_list l;
	CU_ASSERT_TRUE(ipopt_parse(b, sizeof(b), &l));
	CU_ASSERT_EQUAL(l.n, 1);
	CU_ASSERT_EQUAL(l.v[0].kind, IPOPT_KIND_TS);
	CU_ASSERT_FALSE(l.v[0].ts_addr);
	CU_ASSERT_EQUAL(l.v[0].n, 8);
	CU_ASSERT_EQUAL(l.v[0].ts[7].time, 107);
	CU_ASSERT_EQUAL(l.v[0].overflow, 0);
}

/* Addresses and times: 4 entries fit, 3 hops more found no room. */
static void test_parse_tsandaddr_overflow(void)
{
	uint8_t b[40] = {68, 36, 37, 0x31};
	for (int i = 0; i < 4; i++) {
		b[4 + 8 * i] = 10;
		b[4 + 8 * i + 3] = (uint8_t)i;
		b[4 + 8 * i + 7] = (uint8_t)(50 + i);
	}
	struct ipopt_list l;
	CU_ASSERT_TRUE(ipopt_parse(b, sizeof(b), &l));
	CU_ASSERT_TRUE(l.v[0].ts_addr);
	CU_ASSERT_EQUAL(l.v[0].ts_flag, 1);
	CU_ASSERT_EQUAL(l.v[0].overflow, 3);
	CU_ASSERT_EQUAL(l.v[0].n, 4);
	CU_ASSERT_EQUAL(l.v[0].ts[3].addr, 0x0a000003u);
	CU_ASSERT_EQUAL(l.v[0].ts[3].time, 53);
}

static void test_build_ts(void)
{
	uint8_t b[40];
	uint32_t hops[2] = {0x0a000101u, 0x0a000301u};
	CU_ASSERT_EQUAL(ipopt_build_ts(b, sizeof(b), IPOPT_TS_ONLY, NULL, 0), 40);
	CU_ASSERT_EQUAL(b[0], 68);
	CU_ASSERT_EQUAL(b[1], 40);
	CU_ASSERT_EQUAL(b[2], 5);
	CU_ASSERT_EQUAL(b[3], 0);
	CU_ASSERT_EQUAL(ipopt_build_ts(b, sizeof(b), IPOPT_TS_AND_ADDR, NULL, 0), 40);
	CU_ASSERT_EQUAL(b[1], 36); /* 4 whole entries of 8 bytes */
	CU_ASSERT_EQUAL(b[3], 1);
	CU_ASSERT_EQUAL(ipopt_build_ts(b, sizeof(b), IPOPT_TS_PRESPEC, hops, 2), 40);
	CU_ASSERT_EQUAL(b[1], 20);
	CU_ASSERT_EQUAL(b[3], 3);
	CU_ASSERT_EQUAL(b[12], 10);
	CU_ASSERT_EQUAL(b[15], 1);
	CU_ASSERT_EQUAL(b[20], 0); /* end of list after the option */
	/* Filled in by the first hop only: one entry, its address the one named. */
	b[2] = 13;
	b[11] = 42;
	struct ipopt_list l;
	CU_ASSERT_TRUE(ipopt_parse(b, sizeof(b), &l));
	CU_ASSERT_EQUAL(l.n, 1);
	CU_ASSERT_EQUAL(l.v[0].n, 1);
	CU_ASSERT_EQUAL(l.v[0].ts[0].addr, 0x0a000101u);
	CU_ASSERT_EQUAL(l.v[0].ts[0].time, 42);
	/* Refused: no addresses, too many, addresses without prespec, an unknown flag. */
	uint32_t five[5] = {0};
	CU_ASSERT_EQUAL(ipopt_build_ts(b, sizeof(b), IPOPT_TS_PRESPEC, NULL, 0), 0);
	CU_ASSERT_EQUAL(ipopt_build_ts(b, sizeof(b), IPOPT_TS_PRESPEC, five, 5), 0);
	CU_ASSERT_EQUAL(ipopt_build_ts(b, sizeof(b), IPOPT_TS_ONLY, hops, 1), 0);
	CU_ASSERT_EQUAL(ipopt_build_ts(b, sizeof(b), (enum ipopt_ts_flag)2, NULL, 0), 0);
	CU_ASSERT_EQUAL(ipopt_build_ts(b, 39, IPOPT_TS_ONLY, NULL, 0), 0);
}

/* NOPs, an option netdx does not know, then end-of-list. */
static void test_parse_mixed(void)
{
	static const uint8_t b[] = {1, 1, 148, 4, 0, 0, 131, 7, 8, 10, 0, 0, 1, 0, 7, 3, 4};
	struct ipopt_list l;
	CU_ASSERT_TRUE(ipopt_parse(b, sizeof(b), &l));
	CU_ASSERT_EQUAL(l.n, 4);
	CU_ASSERT_EQUAL(l.v[1].kind, IPOPT_KIND_NOP);
	CU_ASSERT_EQUAL(l.v[2].kind, IPOPT_KIND_OTHER);
	CU_ASSERT_EQUAL(l.v[2].type, 148);
	CU_ASSERT_EQUAL(l.v[3].kind, IPOPT_KIND_LSRR);
	CU_ASSERT_EQUAL(l.v[3].n, 1);
	CU_ASSERT_EQUAL(l.v[3].addr[0], 0x0a000001u);
}

/* Lengths and pointers that lie: the walk stops or reads only whole slots inside the
 * option. */
static void test_parse_malformed(void)
{
	struct ipopt_list l;
	static const uint8_t short_len[] = {1, 7, 1, 4};
	CU_ASSERT_FALSE(ipopt_parse(short_len, sizeof(short_len), &l));
	CU_ASSERT_EQUAL(l.n, 1); /* the NOP before it */
	static const uint8_t past_end[] = {7, 12, 4, 0, 0, 0, 0};
	CU_ASSERT_FALSE(ipopt_parse(past_end, sizeof(past_end), &l));
	CU_ASSERT_EQUAL(l.n, 0);
	static const uint8_t lone_type[] = {68};
	CU_ASSERT_FALSE(ipopt_parse(lone_type, sizeof(lone_type), &l));
	/* A pointer far past the end: only the slots inside the length. */
	static const uint8_t big_ptr[] = {7, 7, 255, 10, 0, 0, 1};
	CU_ASSERT_TRUE(ipopt_parse(big_ptr, sizeof(big_ptr), &l));
	CU_ASSERT_EQUAL(l.v[0].n, 1);
	/* Too short to hold a pointer, or a timestamp's flag. */
	static const uint8_t tiny[] = {7, 2, 68, 3, 5};
	CU_ASSERT_TRUE(ipopt_parse(tiny, sizeof(tiny), &l));
	CU_ASSERT_EQUAL(l.n, 2);
	CU_ASSERT_EQUAL(l.v[0].n, 0);
	CU_ASSERT_EQUAL(l.v[1].n, 0);
	/* Pointer 0 and pointer inside the header: nothing filled. */
	static const uint8_t zero_ptr[] = {68, 12, 0, 0, 0, 0, 0, 9, 68, 4, 2, 0};
	CU_ASSERT_TRUE(ipopt_parse(zero_ptr, sizeof(zero_ptr), &l));
	CU_ASSERT_EQUAL(l.v[0].n, 0);
	CU_ASSERT_EQUAL(l.v[1].n, 0);
	/* Forty NOPs and more bytes than a header holds: the first 40 only. */
	uint8_t nops[60];
	memset(nops, 1, sizeof(nops));
	CU_ASSERT_TRUE(ipopt_parse(nops, sizeof(nops), &l));
	CU_ASSERT_EQUAL(l.n, 40);
	CU_ASSERT_TRUE(ipopt_parse(nops, 0, &l));
	CU_ASSERT_EQUAL(l.n, 0);
}

/* traceroute -g's loose source route, 2.x's layout, read back as the parser sees it:
 * a NOP, then LSRR through the gateways to the destination, pointer at the first. */
static void test_build_lsrr(void)
{
	uint8_t b[IPOPT_SPACE];
	uint32_t gw[IPOPT_MAX_GATEWAYS + 1];
	static const uint8_t dst_bytes[4] = {10, 0, 3, 1}, gw_bytes[4] = {10, 0, 2, 1};
	uint32_t dst; /* network order */
	memcpy(&dst, dst_bytes, 4);
	for (size_t i = 0; i <= IPOPT_MAX_GATEWAYS; i++)
		memcpy(&gw[i], gw_bytes, 4);
	CU_ASSERT_EQUAL(ipopt_build_lsrr(b, sizeof(b), gw, 1, dst), 12);
	static const uint8_t one[12] = {1, 131, 11, 4, 10, 0, 2, 1, 10, 0, 3, 1};
	CU_ASSERT_EQUAL(memcmp(b, one, sizeof(one)), 0);
	struct ipopt_list l;
	CU_ASSERT_TRUE(ipopt_parse(b, 12, &l));
	CU_ASSERT_EQUAL(l.n, 2);
	CU_ASSERT_EQUAL(l.v[1].kind, IPOPT_KIND_LSRR);
	CU_ASSERT_EQUAL(l.v[1].n, 2);
	CU_ASSERT_EQUAL(l.v[1].addr[1], 0x0a000301);
	/* 8 gateways fill the 40 bytes; 9, none, or too little room: nothing */
	CU_ASSERT_EQUAL(ipopt_build_lsrr(b, sizeof(b), gw, IPOPT_MAX_GATEWAYS, dst), 40);
	CU_ASSERT_EQUAL(b[2], 39);
	CU_ASSERT_EQUAL(ipopt_build_lsrr(b, sizeof(b), gw, IPOPT_MAX_GATEWAYS + 1, dst), 0);
	CU_ASSERT_EQUAL(ipopt_build_lsrr(b, sizeof(b), gw, 0, dst), 0);
	CU_ASSERT_EQUAL(ipopt_build_lsrr(b, 11, gw, 1, dst), 0);
}

/* traceroute -6 -g's routing header: type, length in 8-byte units, segments left. */
static void test_build_rthdr6(void)
{
	uint8_t b[8 + 16 * IPOPT_MAX_GATEWAYS6];
	uint8_t gw[2][16];
	memset(gw, 0xfd, sizeof(gw));
	CU_ASSERT_EQUAL(ipopt_build_rthdr6(b, sizeof(b), 0, (const uint8_t(*)[16])gw, 2), 40);
	static const uint8_t head[8] = {0, 4, 0, 2, 0, 0, 0, 0};
	CU_ASSERT_EQUAL(memcmp(b, head, sizeof(head)), 0);
	CU_ASSERT_EQUAL(memcmp(b + 8, gw, sizeof(gw)), 0);
	CU_ASSERT_EQUAL(ipopt_build_rthdr6(b, sizeof(b), 2, (const uint8_t(*)[16])gw, 1), 24);
	CU_ASSERT_EQUAL(b[2], 2);
	CU_ASSERT_EQUAL(ipopt_build_rthdr6(b, 23, 2, (const uint8_t(*)[16])gw, 1), 0);
	CU_ASSERT_EQUAL(ipopt_build_rthdr6(b, sizeof(b), 2, (const uint8_t(*)[16])gw, 0), 0);
}

static CU_TestInfo cases[] = {
	{"build a loose source route", test_build_lsrr},
	{"build an IPv6 routing header", test_build_rthdr6},
	{"build record route", test_build_rr},
	{"parse a record route reply", test_parse_rr},
	{"parse a full record route", test_parse_rr_full},
	{"parse timestamps only", test_parse_tsonly},
	{"parse addresses and timestamps, overflow", test_parse_tsandaddr_overflow},
	{"build timestamp options", test_build_ts},
	{"parse NOPs, unknown and source route", test_parse_mixed},
	{"parse malformed options", test_parse_malformed},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("ipopt", cases)
