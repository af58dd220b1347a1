/* test_stats.c — iputils arithmetic, Welford, jitter, histogram and hops of common/path/stats.c. */
#include "netdx/stats.h"
#include "unit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* feed
 * First replies with sequence numbers 0, 1, ... and these RTTs, each after a send. */
static void feed(struct stats *s, const double *rtt, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		stats_sent(s);
		stats_reply(s, i, rtt[i], false);
	}
}

static void test_iputils_known(void)
{
	/* Hand computation, as iputils does it (integer microseconds):
	 *   RTTs 45, 51, 39, 62 us; total = 4
	 *   tsum  = 45 + 51 + 39 + 62 = 197
	 *   tsum2 = 2025 + 2601 + 1521 + 3844 = 9991
	 *   avg   = 197 / 4 = 49
	 *   tsum < INT_MAX: var = (9991 - 197*197/4) / 4 = (9991 - 38809/4) / 4
	 *                       = (9991 - 9702) / 4 = 289 / 4 = 72
	 *   mdev  = llsqrt(72): 72 -> 36 -> 19 -> 11 -> 8 -> 8  = 8
	 * so ping prints "rtt min/avg/max/mdev = 0.039/0.049/0.062/0.008 ms". */
	static const double rtt[] = {0.045, 0.051, 0.039, 0.062};
	struct stats_iputils p;
	struct stats s;

	stats_init(&s);
	feed(&s, rtt, 4);
	CU_ASSERT_EQUAL(s.tsum_us, 197);
	CU_ASSERT_EQUAL(s.tsum2_us, 9991);
	CU_ASSERT_TRUE_FATAL(stats_iputils(&s, &p));
	CU_ASSERT_EQUAL(p.min_us, 39);
	CU_ASSERT_EQUAL(p.avg_us, 49);
	CU_ASSERT_EQUAL(p.max_us, 62);
	CU_ASSERT_EQUAL(p.mdev_us, 8);
	CU_ASSERT_EQUAL(s.received, 4);
	CU_ASSERT_EQUAL(s.sent, 4);
}

static void test_iputils_sqrt_and_order(void)
{
	/* 40, 40, 46 us: tsum 126, tsum2 5316, var = (5316 - 15876/3) / 3 = 24 / 3 = 8.
	 * iputils' llsqrt(8): 8 -> 4 -> 3 -> 2 -> 3, stops at 3 (a floor sqrt says 2). */
	static const double a[] = {0.040, 0.040, 0.046};
	/* 1100000000 and 1100000001 us: tsum = 2200000001 >= INT_MAX, so iputils takes
	 *   var = tsum2/2 - avg*avg = 1210000001100000000 - 1100000000^2 = 1100000000
	 *   mdev = llsqrt(1100000000) = 33166
	 * (the "clumsy" order would give (tsum2 - tsum*tsum/2)/2 = 1/2 = 0 here). */
	static const double b[] = {1100000.0, 1100000.001};
	struct stats_iputils p;
	struct stats s;

	stats_init(&s);
	feed(&s, a, 3);
	CU_ASSERT_TRUE_FATAL(stats_iputils(&s, &p));
	CU_ASSERT_EQUAL(p.avg_us, 42);
	CU_ASSERT_EQUAL(p.mdev_us, 3);

	stats_init(&s);
	feed(&s, b, 2);
	CU_ASSERT_EQUAL(s.tsum_us, 2200000001LL);
	CU_ASSERT_TRUE_FATAL(stats_iputils(&s, &p));
	CU_ASSERT_EQUAL(p.min_us, 1100000000L);
	CU_ASSERT_EQUAL(p.avg_us, 1100000000L);
	CU_ASSERT_EQUAL(p.max_us, 1100000001L);
	CU_ASSERT_EQUAL(p.mdev_us, 33166);
}

static void test_iputils_rounding(void)
{
	struct stats s;

	/* RTTs go to the nearest microsecond; a negative one counts as 0. */
	stats_init(&s);
	stats_reply(&s, 0, 0.0454, false);
	CU_ASSERT_EQUAL(s.tsum_us, 45);
	stats_reply(&s, 1, 0.0456, false);
	CU_ASSERT_EQUAL(s.tsum_us, 91);
	stats_reply(&s, 2, 1.9996, false);
	CU_ASSERT_EQUAL(s.tsum_us, 91 + 2000);
	stats_reply(&s, 3, -3.0, false);
	CU_ASSERT_EQUAL(s.tsum_us, 91 + 2000);
	CU_ASSERT_EQUAL(s.tmin_us, 0);
	CU_ASSERT_DOUBLE_EQUAL(s.min_ms, 0.0, 1e-12);
}

static void test_duplicates(void)
{
	/* seq 0: 45 us, seq 1: 51 us, seq 1 again (DUP!): 100 us. iputils:
	 *   received 2, duplicates 1, total 3
	 *   tsum = 196, tsum2 = 2025 + 2601 + 10000 = 14626, avg = 196/3 = 65
	 *   var = (14626 - 38416/3) / 3 = (14626 - 12805) / 3 = 607, mdev = 24
	 *   max 100: the duplicate's RTT counts in tmax too. */
	struct stats_iputils p;
	struct stats_hist h;
	struct stats s;

	stats_init_hist(&s, &h);
	stats_sent(&s);
	stats_reply(&s, 0, 0.045, false);
	stats_sent(&s);
	stats_reply(&s, 1, 0.051, false);
	stats_reply(&s, 1, 0.100, true);
	CU_ASSERT_EQUAL(s.received, 2);
	CU_ASSERT_EQUAL(s.duplicates, 1);
	CU_ASSERT_EQUAL(s.n, 2);
	CU_ASSERT_TRUE_FATAL(stats_iputils(&s, &p));
	CU_ASSERT_EQUAL(p.min_us, 45);
	CU_ASSERT_EQUAL(p.avg_us, 65);
	CU_ASSERT_EQUAL(p.max_us, 100);
	CU_ASSERT_EQUAL(p.mdev_us, 24);
	/* Not in the float statistics, jitter or the histogram. */
	CU_ASSERT_DOUBLE_EQUAL(stats_mean_ms(&s), 0.048, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(s.max_ms, 0.051, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(s.last_ms, 0.051, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(s.jitter_last_ms, 0.006, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(stats_percentile_ms(&s, 100), 0.051, 1e-12);
	/* And they do not make up for a loss. */
	CU_ASSERT_DOUBLE_EQUAL(stats_loss_pct(&s), 0.0, 1e-12);
	stats_sent(&s);
	stats_reply(&s, 1, 0.2, true);
	CU_ASSERT_DOUBLE_EQUAL(stats_loss_pct(&s), 100.0 / 3.0, 1e-9);
}

static void test_nothing_received(void)
{
	struct stats_iputils p = {-1, -1, -1, -1};
	struct stats s;

	stats_init(&s);
	CU_ASSERT_FALSE(stats_iputils(&s, &p));
	stats_sent(&s);
	stats_error(&s);
	CU_ASSERT_FALSE(stats_iputils(&s, &p));
	CU_ASSERT_EQUAL(p.min_us, -1);
	CU_ASSERT_EQUAL(s.errors, 1);
	CU_ASSERT_DOUBLE_EQUAL(stats_mean_ms(&s), 0.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(stats_stddev_ms(&s), 0.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(stats_gmean_ms(&s), 0.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(stats_jitter_avg_ms(&s), 0.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(stats_percentile_ms(&s, 50), 0.0, 0);
}

static void test_loss(void)
{
	struct stats s;
	int i;

	stats_init(&s);
	CU_ASSERT_DOUBLE_EQUAL(stats_loss_pct(&s), 0.0, 0); /* nothing sent */
	for (i = 0; i < 4; i++) {
		stats_sent(&s);
		stats_reply(&s, (uint64_t)i, 1.0, false);
	}
	CU_ASSERT_DOUBLE_EQUAL(stats_loss_pct(&s), 0.0, 1e-12);

	stats_init(&s);
	for (i = 0; i < 5; i++)
		stats_sent(&s);
	CU_ASSERT_DOUBLE_EQUAL(stats_loss_pct(&s), 100.0, 1e-12);

	stats_init(&s);
	for (i = 0; i < 3; i++)
		stats_sent(&s);
	stats_reply(&s, 0, 1.0, false);
	stats_reply(&s, 2, 1.0, false);
	CU_ASSERT_DOUBLE_EQUAL(stats_loss_pct(&s), 33.333333333333, 1e-9);
}

static void test_reordering(void)
{
	struct stats s;

	stats_init(&s);
	stats_reply(&s, 0, 1.0, false);
	stats_reply(&s, 1, 1.0, false);
	stats_reply(&s, 3, 1.0, false);
	CU_ASSERT_EQUAL(s.reordered, 0);
	stats_reply(&s, 2, 1.0, false); /* below 3: reordered */
	CU_ASSERT_EQUAL(s.reordered, 1);
	stats_reply(&s, 1, 1.0, true); /* a duplicate is not a reordering */
	CU_ASSERT_EQUAL(s.reordered, 1);
	stats_reply(&s, 5, 1.0, false);
	stats_reply(&s, 4, 1.0, false);
	CU_ASSERT_EQUAL(s.reordered, 2);
	CU_ASSERT_EQUAL(s.highest_seq, 5);
	CU_ASSERT_TRUE(s.have_seq);
	CU_ASSERT_EQUAL(s.received, 6);
}

static void test_jitter(void)
{
	/* 10, 12, 9, 15 ms: differences 2, 3, 6.
	 *   Jttr (last) = 6, Javg = 11 / 3, Jmax = 6
	 *   RFC 3550: J = 0 + (2 - 0)/16 = 0.125
	 *             J = 0.125 + (3 - 0.125)/16 = 0.3046875
	 *             J = 0.3046875 + (6 - 0.3046875)/16 = 0.66064453125 */
	static const double rtt[] = {10, 12, 9, 15};
	struct stats s;

	stats_init(&s);
	feed(&s, rtt, 1);
	CU_ASSERT_DOUBLE_EQUAL(s.jitter_last_ms, 0.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(stats_jitter_avg_ms(&s), 0.0, 0);
	stats_init(&s);
	feed(&s, rtt, 4);
	CU_ASSERT_DOUBLE_EQUAL(s.jitter_last_ms, 6.0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(s.jitter_sum_ms, 11.0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(stats_jitter_avg_ms(&s), 11.0 / 3.0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(s.jitter_max_ms, 6.0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(s.jitter_rfc3550, 0.66064453125, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(s.last_ms, 15.0, 0);
}

static void test_mean_stddev_gmean(void)
{
	/* 2 4 4 4 5 5 7 9: mean 5, squared deviations sum to 32,
	 * population sd sqrt(32/8) = 2, sample sd sqrt(32/7). */
	static const double a[] = {2, 4, 4, 4, 5, 5, 7, 9};
	/* A large offset: naive sum-of-squares in doubles loses these digits;
	 * the population variance of 4, 7, 13, 16 is 22.5. */
	static const double b[] = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
	static const double g[] = {1, 10, 100};
	struct stats s;

	stats_init(&s);
	feed(&s, a, 1);
	CU_ASSERT_DOUBLE_EQUAL(stats_stddev_ms(&s), 0.0, 0); /* fewer than 2 */
	CU_ASSERT_DOUBLE_EQUAL(stats_stddev_sample_ms(&s), 0.0, 0);
	stats_init(&s);
	feed(&s, a, 8);
	CU_ASSERT_DOUBLE_EQUAL(stats_mean_ms(&s), 5.0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(stats_stddev_ms(&s), 2.0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(stats_stddev_sample_ms(&s), sqrt(32.0 / 7.0), 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(s.min_ms, 2.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(s.max_ms, 9.0, 0);

	stats_init(&s);
	feed(&s, b, 4);
	CU_ASSERT_DOUBLE_EQUAL(stats_mean_ms(&s), 1e9 + 10, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(stats_stddev_ms(&s), sqrt(22.5), 1e-6);

	/* Geometric mean of 1, 10, 100 is 10; a 0 RTT has no log and is left out. */
	stats_init(&s);
	feed(&s, g, 3);
	CU_ASSERT_DOUBLE_EQUAL(stats_gmean_ms(&s), 10.0, 1e-9);
	stats_reply(&s, 3, 0.0, false);
	CU_ASSERT_EQUAL(s.log_n, 3);
	CU_ASSERT_DOUBLE_EQUAL(stats_gmean_ms(&s), 10.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(stats_mean_ms(&s), 111.0 / 4.0, 1e-9);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* check_percentiles
 * Feed samples (in the given order) and compare each percentile with the exact one of
 * the sorted samples (the ceil(p% * n)-th smallest): within 1%. */
static void check_percentiles(double *v, size_t n)
{
	static const double ps[] = {1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9, 100};
	struct stats *s = malloc(sizeof(*s));
	struct stats_hist *h = malloc(sizeof(*h));
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	stats_init_hist(s, h);
	feed(s, v, n);
	qsort(v, n, sizeof(v[0]), cmp_double);
	for (i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		size_t rank = (size_t)ceil(ps[i] / 100.0 * (double)n - 1e-9);
		double want = v[rank - 1];
		double got = stats_percentile_ms(s, ps[i]);

		CU_ASSERT(fabs(got - want) <= 0.01 * want);
		if (fabs(got - want) > 0.01 * want)
			fprintf(stderr, "\n  p%g: got %g, want %g\n", ps[i], got, want);
	}
	free(h);
	free(s);
}

static void test_percentiles(void)
{
	enum {
		N = 10000
	};
	static double v[N];
	size_t i;

	/* Uniform 0.01 .. 100 ms in a shuffled order (a fixed LCG permutation). */
	for (i = 0; i < N; i++)
		v[(i * 7919) % N] = (double)(i + 1) * 0.01;
	check_percentiles(v, N);

	/* Exponential with mean 20 ms, from its quantile function. */
	for (i = 0; i < N; i++)
		v[(i * 7919) % N] = -20.0 * log(1.0 - ((double)i + 0.5) / N);
	check_percentiles(v, N);

	/* Bimodal: 90% near 1 ms, 10% near 250 ms; p95 lands in the upper mode. */
	for (i = 0; i < N; i++)
		v[(i * 7919) % N] =
			i < N * 9 / 10 ? 1.0 + (double)i * 1e-5 : 250.0 + (double)i * 1e-3;
	check_percentiles(v, N);
}

static void test_percentile_edges(void)
{
	struct stats_hist h;
	struct stats s;

	/* One sample: the bucket midpoint is clamped to [min, max] = the sample. */
	stats_init_hist(&s, &h);
	stats_reply(&s, 0, 5.0, false);
	CU_ASSERT_DOUBLE_EQUAL(stats_percentile_ms(&s, 50), 5.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(stats_percentile_ms(&s, 100), 5.0, 0);

	/* Below 1 us and above the last bucket. */
	stats_init_hist(&s, &h);
	stats_reply(&s, 0, 0.0004, false);
	stats_reply(&s, 1, 1.0, false);
	stats_reply(&s, 2, 500000.0, false);
	CU_ASSERT_EQUAL(h.under, 1);
	CU_ASSERT_EQUAL(h.over, 1);
	CU_ASSERT_DOUBLE_EQUAL(stats_percentile_ms(&s, 10), 0.0004, 0);
	CU_ASSERT_DOUBLE_EQUAL(stats_percentile_ms(&s, 50), 1.0, 0.01);
	CU_ASSERT_DOUBLE_EQUAL(stats_percentile_ms(&s, 99), 500000.0, 0);

	/* Bucket i covers [1.01^i, 1.01^(i+1)) us: 1 us is bucket 0, 1.02 us bucket 1. */
	stats_init_hist(&s, &h);
	stats_reply(&s, 0, 0.001, false);
	stats_reply(&s, 1, 0.00102, false);
	CU_ASSERT_EQUAL(h.bucket[0], 1);
	CU_ASSERT_EQUAL(h.bucket[1], 1);
}

static void test_constant_size(void)
{
	struct stats *s = malloc(sizeof(*s));
	struct stats *plain = malloc(sizeof(*plain));
	struct stats_hist *h = malloc(sizeof(*h));
	uint64_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(plain);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	/* Fixed size: a week of samples lives in these bytes. The counters are small (each
	 * hop of a path carries them); the histogram is a block of its own. */
	CU_ASSERT(sizeof(struct stats) <= 512);
	CU_ASSERT(sizeof(struct stats_hist) >= STATS_HIST_BUCKETS * sizeof(uint32_t));
	stats_init_hist(s, h);
	stats_init(plain);
	for (i = 0; i < 200000; i++) {
		stats_reply(s, i, 1.0 + (double)(i % 1000) * 0.1, false);
		stats_reply(plain, i, 1.0 + (double)(i % 1000) * 0.1, false);
	}
	CU_ASSERT_EQUAL(s->n, 200000);
	CU_ASSERT_DOUBLE_EQUAL(stats_percentile_ms(s, 50), 50.9,
			       50.9 * 0.01); /* the 100000th of 200 x {1, 1.1, .., 100.9} */
	/* Without a histogram: the same figures, no percentile. */
	CU_ASSERT_PTR_NULL(plain->hist);
	CU_ASSERT_EQUAL(plain->n, s->n);
	CU_ASSERT_DOUBLE_EQUAL(stats_mean_ms(plain), stats_mean_ms(s), 0);
	CU_ASSERT_DOUBLE_EQUAL(plain->jitter_rfc3550, s->jitter_rfc3550, 0);
	CU_ASSERT_DOUBLE_EQUAL(stats_percentile_ms(plain, 50), 0.0, 0);
	free(h);
	free(plain);
	free(s);
}

static void test_infer_hops(void)
{
	static const struct {
		int ttl, initial, hops;
	} ok[] = {
		{56, 64, 8},   {64, 64, 0},     {117, 128, 11}, {250, 255, 5},
		{30, 32, 2},   {1, 32, 31},     {32, 32, 0},    {33, 64, 31},
		{128, 128, 0}, {129, 255, 126}, {255, 255, 0},
	};
	int initial, hops;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		initial = hops = -1;
		CU_ASSERT_TRUE(stats_infer_hops(ok[i].ttl, &initial, &hops));
		CU_ASSERT_EQUAL(initial, ok[i].initial);
		CU_ASSERT_EQUAL(hops, ok[i].hops);
	}
	CU_ASSERT_FALSE(stats_infer_hops(0, &initial, &hops));
	CU_ASSERT_FALSE(stats_infer_hops(256, &initial, &hops));
	CU_ASSERT_FALSE(stats_infer_hops(-1, &initial, &hops));
}

static CU_TestInfo cases[] = {
	{"iputils min/avg/max/mdev, hand-computed", test_iputils_known},
	{"iputils llsqrt and large-sum order", test_iputils_sqrt_and_order},
	{"RTT rounding to microseconds", test_iputils_rounding},
	{"duplicates: in iputils sums, not received", test_duplicates},
	{"nothing received", test_nothing_received},
	{"loss 0 / 100 / 33.3%", test_loss},
	{"reordering", test_reordering},
	{"jitter: Jttr, Javg, Jmax, RFC 3550", test_jitter},
	{"mean, stddev (Welford), gmean", test_mean_stddev_gmean},
	{"percentiles within 1% on 10000 samples", test_percentiles},
	{"percentile edges and bucket bounds", test_percentile_edges},
	{"constant size; the histogram only where asked for", test_constant_size},
	{"hop inference from TTL", test_infer_hops},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("stats", cases)
