/* stats — online round-trip statistics with constant memory.
 *
 * One type serves every binary: ping's summary (min/avg/max/mdev computed exactly as
 * iputils does, in integer microseconds), mtr's columns (stddev, geometric mean,
 * jitter), percentiles from a log-bucket histogram, loss, duplicates and reordering.
 * The histogram (7.6 KB) is kept apart, only by the stats that report percentiles
 * (ping's): a path's hops report none, and each hop would otherwise carry one. */
#ifndef NETDX_STATS_H
#define NETDX_STATS_H

#include <stdbool.h>
#include <stdint.h>

/* Histogram: bucket i holds RTTs in [1.01^i, 1.01^(i+1)) us, so 1% wide (relative) from
 * 1 us to 1.01^1900 us (~163 s), plus under/overflow counts. */
#define STATS_HIST_BUCKETS 1900

struct stats_hist {
	uint64_t under; /* RTT below the first bucket */
	uint64_t over;  /* RTT above the last bucket */
	uint32_t bucket[STATS_HIST_BUCKETS];
};

struct stats {
	uint64_t sent;        /* probes sent */
	uint64_t received;    /* first replies (duplicates not included) */
	uint64_t duplicates;  /* further replies to an already answered probe */
	uint64_t reordered;   /* first replies whose seq is below the highest seen */
	uint64_t errors;      /* ICMP errors instead of replies (ping's "+N errors") */
	bool have_seq;        /* highest_seq is valid */
	uint64_t highest_seq; /* largest probe sequence answered so far */

	/* iputils' integer arithmetic, over replies and duplicates alike */
	int64_t tsum_us;  /* sum of RTTs, microseconds */
	int64_t tsum2_us; /* sum of squared RTTs */
	int64_t tmin_us;
	int64_t tmax_us;

	/* floating point, over first replies only */
	uint64_t n;     /* RTT samples (== received) */
	double mean_ms; /* Welford running mean */
	double m2;      /* Welford sum of squared differences */
	double min_ms;
	double max_ms;
	double last_ms;        /* most recent RTT */
	double log_sum;        /* sum of ln(rtt_ms) for the geometric mean */
	uint64_t log_n;        /* samples with rtt > 0 counted in log_sum */
	double jitter_last_ms; /* |rtt - previous rtt| of the latest pair (mtr "Jttr") */
	double jitter_sum_ms;  /* sum of |rtt_i - rtt_{i-1}| (mtr "Javg" = sum / (n-1)) */
	double jitter_max_ms;  /* mtr "Jmax" */
	double jitter_rfc3550; /* RFC 3550 smoothed jitter J += (|D| - J) / 16 (mtr "Jint"
				 * shows 16 * J: it keeps RFC 3550's scaled integer) */

	struct stats_hist *hist; /* first replies' RTTs for the percentiles; NULL: none kept */
};

/* Summary numbers as iputils ping prints them, microseconds. */
struct stats_iputils {
	long min_us, avg_us, max_us, mdev_us;
};

/* Statistics without percentiles; zeroed memory with tmin_us = INT64_MAX is the same. */
void stats_init(struct stats *s);

/* Statistics with percentiles: first replies' RTTs are counted in *hist too (zeroed
 * here; it must live as long as s). */
void stats_init_hist(struct stats *s, struct stats_hist *hist);

/* A probe went out. */
void stats_sent(struct stats *s);

/* A reply to probe number seq arrived after rtt_ms. duplicate: the probe had already
 * been answered. Duplicates count in iputils' sums (as iputils does) but not in
 * received, the float statistics, jitter or the histogram. The integer sums take the
 * RTT rounded to the nearest microsecond (iputils' own RTT is a whole number of
 * microseconds); a negative or NaN RTT counts as 0, as iputils does when the clock
 * goes back; one above 50 minutes counts as 50 minutes there (so the squares fit).
 * A first reply with seq below the highest answered one is reordered. */
void stats_reply(struct stats *s, uint64_t seq, double rtt_ms, bool duplicate);

/* An ICMP error came back instead of a reply. */
void stats_error(struct stats *s);

/* Loss in percent: (sent - received) / sent * 100; 0 when nothing was sent. */
double stats_loss_pct(const struct stats *s);

/* iputils' min/avg/max/mdev. Returns false when nothing was received. */
bool stats_iputils(const struct stats *s, struct stats_iputils *out);

double stats_mean_ms(const struct stats *s);   /* 0 with no samples */
double stats_stddev_ms(const struct stats *s); /* population stddev, sqrt(m2 / n); 0 with < 2 */
/* Sample stddev, sqrt(m2 / (n - 1)): what mtr's StDev column shows (mtr's net_stdev()
 * divides by returned - 1); 0 with < 2. */
double stats_stddev_sample_ms(const struct stats *s);
double stats_gmean_ms(const struct stats *s);      /* geometric mean; 0 with no samples */
double stats_jitter_avg_ms(const struct stats *s); /* mean |rtt_i - rtt_{i-1}| over the
						     * n - 1 pairs; 0 with < 2 */

/* The p-th percentile (0 < p <= 100) from the histogram, within 1% of the true value
 * (clamped to [min, max]). 0 with no samples or no histogram (stats_init_hist). */
double stats_percentile_ms(const struct stats *s, double p);

/* Hop inference from a reply's TTL: the smallest common initial TTL (32, 64, 128, 255)
 * at or above ttl, and the hops it implies (initial - ttl). Returns false for ttl
 * outside 1..255. */
bool stats_infer_hops(int ttl, int *initial, int *hops);

#endif
