/* test_wire.c — the bounded reader, big-endian helpers and checksum sum of netdx/wire.h. */
#include "netdx/wire.h"
#include "unit.h"

static void test_fixed_offsets(void)
{
	static const uint8_t p[] = {0x12, 0x34, 0x56, 0x78, 0x9a};
	uint8_t out[4] = {0};

	CU_ASSERT_EQUAL(wire_be16(p), 0x1234);
	CU_ASSERT_EQUAL(wire_be16(p + 3), 0x789a);
	CU_ASSERT_EQUAL(wire_be32(p + 1), 0x3456789aU);
	wire_put32(out, 0xdeadbeefU);
	CU_ASSERT_EQUAL(out[0], 0xde);
	CU_ASSERT_EQUAL(out[3], 0xef);
	wire_put16(out, 0x0102);
	CU_ASSERT_EQUAL(wire_be16(out), 0x0102);
}

static void test_reader_walks(void)
{
	static const uint8_t p[] = {1, 0, 2, 0, 0, 0, 3, 'a', 'b'};
	struct wire_reader r = wire_reader_at(p, sizeof(p), 0);
	char ab[2];

	CU_ASSERT_EQUAL(wire_get8(&r), 1);
	CU_ASSERT_EQUAL(wire_get16(&r), 2);
	CU_ASSERT_EQUAL(wire_get32(&r), 3);
	CU_ASSERT_EQUAL(wire_left(&r), 2);
	CU_ASSERT_TRUE(wire_get_bytes(&r, ab, 2));
	CU_ASSERT_EQUAL(ab[1], 'b');
	CU_ASSERT_FALSE(r.error);
	CU_ASSERT_EQUAL(wire_left(&r), 0);
}

/* A get past the end sets the error, reads zero, and poisons every later get. */
static void test_reader_short(void)
{
	static const uint8_t p[] = {0xff, 0xff, 0xff};
	struct wire_reader r = wire_reader_at(p, sizeof(p), 0);
	uint8_t dst[2] = {7, 7};

	CU_ASSERT_EQUAL(wire_get16(&r), 0xffff);
	CU_ASSERT_EQUAL(wire_get16(&r), 0);
	CU_ASSERT_TRUE(r.error);
	CU_ASSERT_EQUAL(wire_get8(&r), 0);
	CU_ASSERT_FALSE(wire_get_bytes(&r, dst, 1));
	CU_ASSERT_EQUAL(dst[0], 7);
	CU_ASSERT_PTR_NULL(wire_take(&r, 0)); /* an empty read past the end is no success */
	CU_ASSERT_EQUAL(wire_left(&r), 0);
}

static void test_reader_start(void)
{
	static const uint8_t p[] = {0, 0, 0xab, 0xcd};
	struct wire_reader r = wire_reader_at(p, sizeof(p), 2);
	struct wire_reader past = wire_reader_at(p, sizeof(p), 5);

	CU_ASSERT_EQUAL(wire_get16(&r), 0xabcd);
	CU_ASSERT_FALSE(r.error);
	CU_ASSERT_TRUE(past.error);
	CU_ASSERT_EQUAL(wire_get8(&past), 0);
}

static void test_checksum_sum(void)
{
	/* RFC 1071's example: 0001 f203 f4f5 f6f7 sums to 2ddf0, folds to ddf2 */
	static const uint8_t p[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};

	CU_ASSERT_EQUAL(wire_sum_add(0, p, sizeof(p)), 0x2ddf0);
	CU_ASSERT_EQUAL(wire_sum_fold(wire_sum_add(0, p, sizeof(p))), 0xddf2);
	/* an odd last byte is the high half of a word; a sum carries on from the last */
	CU_ASSERT_EQUAL(wire_sum_add(0, p + 3, 1), 0x0300);
	CU_ASSERT_EQUAL(wire_sum_add(wire_sum_add(0, p, 4), p + 4, 4), 0x2ddf0);
}

static CU_TestInfo cases[] = {
	{"big-endian loads and stores", test_fixed_offsets},
	{"reader walks fields in order", test_reader_walks},
	{"reader past the end reads zeros and stays in error", test_reader_short},
	{"reader starts at an offset", test_reader_start},
	{"the Internet checksum's sum and fold", test_checksum_sum},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("wire", cases)
