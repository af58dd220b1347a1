/* test_num.c — log, exp and round without libm, against libm's own (this test links
 * libm; the tools do not): ulp distance over a sweep of the whole range, the special
 * values, and round's halfway cases. */
#include "netdx/num.h"
#include "unit.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* ulps
 * How many doubles lie between a and b (both finite, same sign). */
static uint64_t ulps(double a, double b)
{
	int64_t ia, ib;

	memcpy(&ia, &a, sizeof(ia));
	memcpy(&ib, &b, sizeof(ib));
	return (uint64_t)(ia > ib ? ia - ib : ib - ia);
}

static void test_log(void)
{
	uint64_t worst = 0;

	/* A geometric sweep from subnormals to DBL_MAX (from 1e-320 on, where a step of
	 * 0.07% still moves x), plus values near 1. */
	for (double x = 1e-320; x < DBL_MAX / 1.0007; x *= 1.0007)
		if (log(x) != 0 && ulps(num_log(x), log(x)) > worst)
			worst = ulps(num_log(x), log(x));
	for (double d = 1e-15; d < 0.5; d *= 1.01) {
		if (ulps(num_log(1 + d), log(1 + d)) > worst)
			worst = ulps(num_log(1 + d), log(1 + d));
		if (ulps(num_log(1 - d), log(1 - d)) > worst)
			worst = ulps(num_log(1 - d), log(1 - d));
	}
	CU_ASSERT(worst <= 2);
	CU_ASSERT_EQUAL(num_log(1), 0);
	CU_ASSERT(isinf(num_log(0)) && num_log(0) < 0);
	CU_ASSERT(isinf(num_log(INFINITY)));
	CU_ASSERT(isnan(num_log(-1)) && isnan(num_log(NAN)));
}

static void test_exp(void)
{
	uint64_t worst = 0;

	for (double x = -745; x < 709.78; x += 0.0137)
		if (exp(x) >= DBL_MIN && ulps(num_exp(x), exp(x)) > worst)
			worst = ulps(num_exp(x), exp(x));
	for (double x = 1e-300; x < 1; x *= 1.5) {
		if (ulps(num_exp(x), exp(x)) > worst)
			worst = ulps(num_exp(x), exp(x));
		if (ulps(num_exp(-x), exp(-x)) > worst)
			worst = ulps(num_exp(-x), exp(-x));
	}
	CU_ASSERT(worst <= 2);
	CU_ASSERT_EQUAL(num_exp(0), 1);
	CU_ASSERT(isinf(num_exp(710)) && num_exp(-746) == 0);
	CU_ASSERT(isnan(num_exp(NAN)));
	CU_ASSERT(fabs(num_exp(-744) - exp(-744)) <= 2 * 4.9e-324); /* subnormal */
}

static void test_round(void)
{
	static const double cases[] = {
		0.5,  -0.5, 1.5,     2.5,    -2.5,   0.49999999999999994, 4503599627370495.5, 1e300,
		-0.0, 0.0,  123.456, -123.5, 3e-300, 9007199254740993.0};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CU_ASSERT_EQUAL(num_round(cases[i]), round(cases[i]));
	CU_ASSERT(isinf(num_round(INFINITY)) && isnan(num_round(NAN)));
}

static void test_floor_ceil(void)
{
	static const double cases[] = {
		0.5,   -0.5, 1.0,    -1.0,    2.999999,           -2.000001,
		1e300, -0.0, 3e-300, -3e-300, 4503599627370495.5, -4503599627370495.5};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL(num_floor(cases[i]), floor(cases[i]));
		CU_ASSERT_EQUAL(num_ceil(cases[i]), ceil(cases[i]));
	}
}

static CU_TestInfo cases[] = {
	{"log within 2 ulp of libm, special values", test_log},
	{"exp within 2 ulp of libm, special values", test_exp},
	{"round: halfway cases away from zero, exact", test_round},
	{"floor and ceil: exact, both signs", test_floor_ceil},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("num", cases)
