/* stats.c — online round-trip statistics in constant memory (see netdx/stats.h). */
#include "netdx/stats.h"
#include "netdx/num.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* Largest RTT the integer sums take, in microseconds (50 minutes). Its square and
 * the square of any average of such values still fit in int64_t, which the iputils
 * formulas need; a larger (bogus) RTT is counted as this. */
#define STATS_RTT_US_CAP 3000000000LL

/* Histogram bucket i covers [1.01^i, 1.01^(i+1)) microseconds. */
#define STATS_HIST_RATIO 1.01

void stats_init(struct stats *s)
{
	memset(s, 0, sizeof(*s));
	s->tmin_us = INT64_MAX; /* iputils starts tmin at LONG_MAX and tmax at 0 */
	s->tmax_us = 0;
}

void stats_init_hist(struct stats *s, struct stats_hist *hist)
{
	stats_init(s);
	memset(hist, 0, sizeof(*hist));
	s->hist = hist;
}

void stats_sent(struct stats *s)
{
	s->sent++;
}

void stats_error(struct stats *s)
{
	s->errors++;
}

/* stats_add_sat
 * *acc += v, stopping at INT64_MAX instead of overflowing (only a run of days of
 * minute-long RTTs gets there; the numbers are meaningless then, but defined). */
static void stats_add_sat(int64_t *acc, int64_t v)
{
	if (__builtin_add_overflow(*acc, v, acc))
		*acc = INT64_MAX;
}

/* stats_rtt_us
 * RTT in whole microseconds as iputils keeps it. iputils subtracts two struct
 * timevals, so its RTT is an integer count of microseconds; we get a finer value from
 * kernel nanosecond stamps and round it to the nearest microsecond (0.0455 ms -> 46).
 * Negative or NaN RTTs become 0, as iputils does when the clock goes back. */
static int64_t stats_rtt_us(double rtt_ms)
{
	double us = rtt_ms * 1000.0;

	if (!(us > 0.0))
		return 0;
	if (us >= (double)STATS_RTT_US_CAP)
		return STATS_RTT_US_CAP;
	return (int64_t)num_round(us);
}

/* stats_hist_add
 * Count one RTT in its 1%-wide bucket. */
static void stats_hist_add(struct stats_hist *h, double rtt_ms)
{
	double us = rtt_ms * 1000.0;
	double idx;

	if (!(us >= 1.0)) {
		h->under++;
		return;
	}
	idx = num_floor(num_log(us) / num_log(STATS_HIST_RATIO));
	if (idx >= STATS_HIST_BUCKETS) {
		h->over++;
		return;
	}
	h->bucket[(size_t)idx]++;
}

/* stats_reply
 * Count a reply: iputils' integer sums for every reply, everything else for first
 * replies only. */
void stats_reply(struct stats *s, uint64_t seq, double rtt_ms, bool duplicate)
{
	int64_t us = stats_rtt_us(rtt_ms);
	double delta;

	/* iputils adds duplicates to tsum/tsum2/tmin/tmax before it knows they are
	 * duplicates, and divides by received + duplicates later. */
	stats_add_sat(&s->tsum_us, us);
	stats_add_sat(&s->tsum2_us, us * us);
	if (us < s->tmin_us)
		s->tmin_us = us;
	if (us > s->tmax_us)
		s->tmax_us = us;

	if (duplicate) {
		s->duplicates++;
		return;
	}
	s->received++;

	if (s->have_seq && seq < s->highest_seq) {
		s->reordered++;
	} else {
		s->highest_seq = seq;
		s->have_seq = true;
	}

	if (!(rtt_ms >= 0.0)) /* NaN or negative: same 0 as the integer side */
		rtt_ms = 0.0;

	if (s->n > 0) {
		double d = fabs(rtt_ms - s->last_ms);

		s->jitter_last_ms = d;
		s->jitter_sum_ms += d;
		if (d > s->jitter_max_ms)
			s->jitter_max_ms = d;
		s->jitter_rfc3550 += (d - s->jitter_rfc3550) / 16.0;
		if (rtt_ms < s->min_ms)
			s->min_ms = rtt_ms;
		if (rtt_ms > s->max_ms)
			s->max_ms = rtt_ms;
	} else {
		s->jitter_last_ms = 0.0;
		s->min_ms = s->max_ms = rtt_ms;
	}
	s->last_ms = rtt_ms;

	/* Welford: no catastrophic cancellation however long the run. */
	s->n++;
	delta = rtt_ms - s->mean_ms;
	s->mean_ms += delta / (double)s->n;
	s->m2 += delta * (rtt_ms - s->mean_ms);

	if (rtt_ms > 0.0) {
		s->log_sum += num_log(rtt_ms);
		s->log_n++;
	}
	if (s->hist)
		stats_hist_add(s->hist, rtt_ms);
}

/* stats_loss_pct
 * (sent - received) / sent in percent; duplicates do not make up for losses. More
 * replies than probes (a stray late reply after a reset) reads as 0, not negative. */
double stats_loss_pct(const struct stats *s)
{
	if (s->sent == 0 || s->received >= s->sent)
		return 0.0;
	return (double)(s->sent - s->received) * 100.0 / (double)s->sent;
}

/* stats_llsqrt
 * iputils' integer square root, iteration for iteration: Newton from x = a until the
 * iterate stops falling, returning that last iterate. For a = k*k - 1 it returns k
 * (llsqrt(3) == 2, llsqrt(8) == 3), not the floor; ping's mdev has that digit, so
 * ours does too. */
static int64_t stats_llsqrt(int64_t a)
{
	int64_t prev = INT64_MAX;
	int64_t x = a;

	if (x > 0) {
		while (x < prev) {
			prev = x;
			x = (x + a / x) / 2;
		}
	}
	return x;
}

/* stats_iputils
 * ping's "rtt min/avg/max/mdev" in microseconds, with ping's integer order of
 * operations. */
bool stats_iputils(const struct stats *s, struct stats_iputils *out)
{
	int64_t total, avg, var;

	if (s->received == 0)
		return false;
	total = (int64_t)(s->received + s->duplicates);
	avg = s->tsum_us / total;
	/* The "clumsy" order iputils uses while tsum*tsum cannot overflow: dividing the
	 * square of the sum first avoids rounding small RTTs' variance to 0. */
	if (s->tsum_us < INT_MAX)
		var = (s->tsum2_us - (s->tsum_us * s->tsum_us) / total) / total;
	else
		var = s->tsum2_us / total - avg * avg;
	out->min_us = (long)s->tmin_us;
	out->avg_us = (long)avg;
	out->max_us = (long)s->tmax_us;
	out->mdev_us = (long)stats_llsqrt(var);
	return true;
}

double stats_mean_ms(const struct stats *s)
{
	return s->n > 0 ? s->mean_ms : 0.0;
}

/* stats_stddev_ms
 * Population standard deviation, sqrt(M2 / n). */
double stats_stddev_ms(const struct stats *s)
{
	if (s->n < 2)
		return 0.0;
	return sqrt(s->m2 / (double)s->n);
}

/* stats_stddev_sample_ms
 * Sample standard deviation, sqrt(M2 / (n - 1)): what mtr's StDev column shows. */
double stats_stddev_sample_ms(const struct stats *s)
{
	if (s->n < 2)
		return 0.0;
	return sqrt(s->m2 / (double)(s->n - 1));
}

/* stats_gmean_ms
 * exp of the mean log over positive RTTs (a 0 RTT has no logarithm and is left out). */
double stats_gmean_ms(const struct stats *s)
{
	if (s->log_n == 0)
		return 0.0;
	return num_exp(s->log_sum / (double)s->log_n);
}

/* stats_jitter_avg_ms
 * Mean absolute difference of consecutive RTTs over the n - 1 pairs. (mtr's Javg
 * divides by n, counting its first reply as a jitter of 0; multiply by (n-1)/n to
 * get its column.) */
double stats_jitter_avg_ms(const struct stats *s)
{
	if (s->n < 2)
		return 0.0;
	return s->jitter_sum_ms / (double)(s->n - 1);
}

/* stats_percentile_ms
 * Walk the cumulative counts to the bucket holding the num_ceil(p% * n)-th smallest
 * sample and return the bucket's geometric midpoint, 1.01^(i + 0.5) us: within 0.5%
 * of every value in the bucket. Clamped to [min, max], which also answers for the
 * under- and overflow counts. */
double stats_percentile_ms(const struct stats *s, double p)
{
	uint64_t rank, cum;
	double r, mid;
	size_t i;

	if (s->n == 0 || !s->hist)
		return 0.0;
	if (!(p > 0.0))
		return s->min_ms;
	if (p >= 100.0)
		return s->max_ms;
	/* The small slack keeps 99.9% of 10000 at rank 9990 despite 0.999 not being
	 * exact in binary. */
	r = p / 100.0 * (double)s->n - 1e-9 * (double)s->n;
	rank = r <= 1.0 ? 1 : (uint64_t)num_ceil(r);
	if (rank > s->n)
		rank = s->n;

	cum = s->hist->under;
	if (cum >= rank)
		return s->min_ms;
	for (i = 0; i < STATS_HIST_BUCKETS; i++) {
		cum += s->hist->bucket[i];
		if (cum >= rank)
			break;
	}
	if (i == STATS_HIST_BUCKETS)
		return s->max_ms;
	mid = num_exp(((double)i + 0.5) * num_log(STATS_HIST_RATIO)) / 1000.0;
	if (mid < s->min_ms)
		mid = s->min_ms;
	if (mid > s->max_ms)
		mid = s->max_ms;
	return mid;
}

/* stats_infer_hops
 * The smallest common initial TTL at or above ttl, and the hops in between. */
bool stats_infer_hops(int ttl, int *initial, int *hops)
{
	static const int initials[] = {32, 64, 128, 255};
	size_t i;

	if (ttl < 1 || ttl > 255)
		return false;
	for (i = 0; i < sizeof(initials) / sizeof(initials[0]); i++) {
		if (ttl <= initials[i]) {
			*initial = initials[i];
			*hops = initials[i] - ttl;
			return true;
		}
	}
	return false;
}
