/* metrics — one exposition of metrics for Prometheus, built in memory and written whole.
 *
 * Two dialects come from the same calls, so every tool's figures read the same in both:
 *   METRICS_OPENMETRICS  OpenMetrics 1.0: "# TYPE x counter" with samples x_total,
 *                        "# UNIT", and a final "# EOF" (what Prometheus asks a scrape for).
 *   METRICS_PROMETHEUS   the Prometheus text format 0.0.4: "# TYPE x_total counter", no
 *                        UNIT, no EOF. node_exporter's textfile collector and
 *                        `promtool check metrics` read this one: either reads an
 *                        OpenMetrics counter as an untyped metric.
 * A tool declares a family, then its samples:
 *
 *   metrics_family(&m, "smokeping_requests", METRICS_COUNTER, NULL, "Ping requests sent");
 *   metrics_sample(&m, labels, 2, 3);
 *
 * Names are given without the counter's "_total"; a family with a unit ends in "_UNIT"
 * (base units: seconds, ratio, bytes). Label values and help are escaped here. */
#ifndef NETDX_METRICS_H
#define NETDX_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum metrics_dialect {
	METRICS_OPENMETRICS,
	METRICS_PROMETHEUS
};
enum metrics_type {
	METRICS_GAUGE,
	METRICS_COUNTER,
	METRICS_HISTOGRAM
};

struct metrics_label {
	const char *name, *value;
};

/* A histogram's state: counts[i] observations in bucket i (upper bound bounds[i]),
 * counts[nbounds] above the last bound; sum of all observations. */
struct metrics_hist {
	const double *bounds;
	const uint64_t *counts;
	size_t nbounds;
	double sum;
};

struct metrics {
	enum metrics_dialect dialect;
	enum metrics_type type; /* of the family being written */
	char family[128];
	size_t family_len;
	char *text;
	size_t len, cap;
	bool nomem; /* an append failed: the exposition is incomplete */
};

void metrics_init(struct metrics *m, enum metrics_dialect dialect);
void metrics_free(struct metrics *m);

/* Start a family; unit NULL when it has none. */
void metrics_family(struct metrics *m, const char *name, enum metrics_type type, const char *unit,
		    const char *help);

/* One sample of a gauge or counter family (nlabels labels; a NULL value skips a label). */
void metrics_sample(struct metrics *m, const struct metrics_label *labels, size_t nlabels,
		    double value);

/* One histogram of a histogram family: cumulative _bucket lines, _sum, _count. */
void metrics_histogram(struct metrics *m, const struct metrics_label *labels, size_t nlabels,
		       const struct metrics_hist *h);

/* Close the exposition ("# EOF" in OpenMetrics); false if memory ran out on the way. */
bool metrics_end(struct metrics *m);

/* The HTTP Content-Type of the dialect. */
const char *metrics_content_type(enum metrics_dialect dialect);

/* Write the exposition atomically as name in the directory dirfd (AT_FDCWD: name is a
 * path): a temporary file beside it, then rename. A directory opened before the sandbox
 * is all a tool needs to keep writing there (netdx/sandbox.h, sandbox_enter_writing).
 * False with *why (strerror) on failure; the temporary file is removed. */
bool metrics_write_atomic_at(const struct metrics *m, int dirfd, const char *name,
			     const char **why);

/* Write the exposition to path atomically: a temporary file in the same directory, then
 * rename, so a reader (node_exporter) sees the old file or the new one, never half of
 * one. False with *why (strerror) on failure; the temporary file is removed. */
bool metrics_write_atomic(const struct metrics *m, const char *path, const char **why);

/* Which bucket an observation falls in: the first i with v <= bounds[i] (Prometheus'
 * "le"), or nbounds when v is above the last bound (and for NaN). Bounds ascending. */
size_t metrics_bucket_index(const double *bounds, size_t nbounds, double v);

/* smokeping_prober's latency buckets (Go's prometheus.ExponentialBuckets(5e-05, 2, 20)):
 * 50 us doubling to 26.2144 s. */
#define METRICS_LATENCY_BUCKETS 20

/* A latency histogram of fixed size, kept per target as replies arrive: no allocation,
 * nothing that grows with the number of observations. Zero-initialise it. */
struct metrics_latency {
	uint64_t counts[METRICS_LATENCY_BUCKETS + 1]; /* per bucket, the last one +Inf */
	double sum;                                   /* of the observations, seconds */
};

/* Count one observation (seconds). */
void metrics_latency_observe(struct metrics_latency *h, double seconds);

/* The histogram as metrics_histogram() writes it (bounds: smokeping_prober's). */
struct metrics_hist metrics_latency_view(const struct metrics_latency *h);

/* Empty the text written so far (taken by the caller: a part of an exposition sent or
 * written), keeping the dialect, the family being written and the buffer, so the next
 * samples continue the same exposition. */
void metrics_restart(struct metrics *m);

/* An exposition written to a file in parts and shown whole: a temporary file beside
 * name in dirfd, appended part by part, then renamed over name, or removed. What
 * metrics_write_atomic_at does in one go, for a writer that runs the event loop
 * between its parts. */
struct metrics_file {
	int dirfd;        /* the directory */
	int fd;           /* the temporary file, -1: none open */
	const char *name; /* the file's name in dirfd (the caller's string, kept) */
	char tmp[4096];   /* the temporary file's name */
};

/* Open the temporary file; false with *why (strerror) on failure (fd then -1). */
bool metrics_file_open(struct metrics_file *f, int dirfd, const char *name, const char **why);

/* Append m's text; false with *why on failure (then abort). */
bool metrics_file_append(struct metrics_file *f, const struct metrics *m, const char **why);

/* Close and rename it over name; false with *why on failure, the temporary file removed. */
bool metrics_file_commit(struct metrics_file *f, const char **why);

/* Close and remove the temporary file, if one is open. */
void metrics_file_abort(struct metrics_file *f);

#endif
