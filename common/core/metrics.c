/* metrics.c — OpenMetrics and Prometheus text expositions (see netdx/metrics.h). */
#include "netdx/metrics.h"
#include "netdx/num.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* grow
 * Room for n more bytes and a NUL; false (and nomem) without memory. */
static bool grow(struct metrics *m, size_t n)
{
	if (m->nomem)
		return false;
	if (m->len + n + 1 <= m->cap)
		return true;
	size_t cap = m->cap ? m->cap : 4096;
	while (cap < m->len + n + 1)
		cap *= 2;
	char *t = realloc(m->text, cap);
	if (!t) {
		m->nomem = true;
		return false;
	}
	m->text = t;
	m->cap = cap;
	return true;
}

/* put
 * Append n bytes. */
static void put(struct metrics *m, const char *s, size_t n)
{
	if (!grow(m, n))
		return;
	memcpy(m->text + m->len, s, n);
	m->len += n;
	m->text[m->len] = '\0';
}

static void puts_(struct metrics *m, const char *s)
{
	put(m, s, strlen(s));
}

/* put_escaped
 * Append s with backslash, newline and (when quote) double quote escaped: label values
 * in both dialects, help in OpenMetrics (the 0.0.4 text format leaves quotes in help).
 * The runs between two such characters go in one copy each. */
static void put_escaped(struct metrics *m, const char *s, bool quote)
{
	const char *special = quote ? "\\\n\"" : "\\\n";
	for (;;) {
		size_t run = strcspn(s, special);
		put(m, s, run);
		s += run;
		if (*s == '\0')
			return;
		put(m, *s == '\n' ? "\\n" : *s == '"' ? "\\\"" : "\\\\", 2);
		s++;
	}
}

/* format_integer
 * A whole number below 1e15 in decimal, without printf: most values of an exposition
 * (counts, bucket counts) are. */
static void format_integer(char *buf, double v)
{
	char digits[24];
	size_t n = 0;
	uint64_t u = (uint64_t)fabs(v);
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*buf++ = '-';
	while (n)
		*buf++ = digits[--n];
	*buf = '\0';
}

/* format_number
 * A value as both dialects read it: integers without a fraction, others in the
 * shortest %g of 15, 16 or 17 digits that reads back to the same double (%g drops
 * trailing zeros, so 15 digits print 0.1 as "0.1"), and +Inf, -Inf, NaN. buf holds 32. */
static void format_number(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "NaN");
	else if (isinf(v))
		snprintf(buf, len, v > 0 ? "+Inf" : "-Inf");
	else if (v == num_floor(v) && fabs(v) < 1e15)
		format_integer(buf, v);
	else
		for (int prec = 15; prec <= 17; prec++) {
			snprintf(buf, len, "%.*g", prec, v);
			if (strtod(buf, NULL) == v)
				break;
		}
}

void metrics_init(struct metrics *m, enum metrics_dialect dialect)
{
	*m = (struct metrics){.dialect = dialect};
}

void metrics_free(struct metrics *m)
{
	free(m->text);
	metrics_init(m, m->dialect);
}

void metrics_family(struct metrics *m, const char *name, enum metrics_type type, const char *unit,
		    const char *help)
{
	static const char *const type_names[] = {"gauge", "counter", "histogram"};
	bool om = m->dialect == METRICS_OPENMETRICS;
	m->type = type;
	/* The 0.0.4 format names a counter's family after its samples. */
	int n = snprintf(m->family, sizeof(m->family), "%s%s", name,
			 type == METRICS_COUNTER && !om ? "_total" : "");
	m->family_len = n < (int)sizeof(m->family) ? (size_t)n : sizeof(m->family) - 1;
	puts_(m, "# HELP ");
	puts_(m, m->family);
	puts_(m, " ");
	put_escaped(m, help, om);
	puts_(m, "\n# TYPE ");
	puts_(m, m->family);
	puts_(m, " ");
	puts_(m, type_names[type]);
	puts_(m, "\n");
	if (om && unit) {
		puts_(m, "# UNIT ");
		puts_(m, m->family);
		puts_(m, " ");
		puts_(m, unit);
		puts_(m, "\n");
	}
}

/* put_head
 * "NAME{label="value",..." of a series: its family, suffix and labels, the brace left
 * open (none written without labels). Whether a label was written. */
static bool put_head(struct metrics *m, const char *suffix, const struct metrics_label *labels,
		     size_t nlabels)
{
	put(m, m->family, m->family_len);
	puts_(m, suffix);
	bool any = false;
	for (size_t i = 0; i < nlabels; i++) {
		if (!labels[i].name || !labels[i].value)
			continue;
		put(m, any ? "," : "{", 1);
		puts_(m, labels[i].name);
		put(m, "=\"", 2);
		put_escaped(m, labels[i].value, true);
		put(m, "\"", 1);
		any = true;
	}
	return any;
}

/* put_tail
 * The rest of a series after its head: the le label when le is not NULL, the closing
 * brace, the value and the newline. */
static void put_tail(struct metrics *m, bool open, const char *le, double v)
{
	if (le) {
		puts_(m, open ? ",le=\"" : "{le=\"");
		puts_(m, le);
		put(m, "\"", 1);
		open = true;
	}
	char num[40];
	format_number(num, sizeof(num), v);
	put(m, open ? "} " : " ", open ? 2 : 1);
	puts_(m, num);
	put(m, "\n", 1);
}

/* put_again
 * Append a copy of n bytes already written at offset from (m->text may move). */
static void put_again(struct metrics *m, size_t from, size_t n)
{
	if (!grow(m, n))
		return;
	memcpy(m->text + m->len, m->text + from, n);
	m->len += n;
	m->text[m->len] = '\0';
}

void metrics_sample(struct metrics *m, const struct metrics_label *labels, size_t nlabels,
		    double value)
{
	bool total = m->type == METRICS_COUNTER && m->dialect == METRICS_OPENMETRICS;
	put_tail(m, put_head(m, total ? "_total" : "", labels, nlabels), NULL, value);
}

void metrics_histogram(struct metrics *m, const struct metrics_label *labels, size_t nlabels,
		       const struct metrics_hist *h)
{
	uint64_t cumulative = 0;
	char le[40];
	/* Every _bucket line starts alike: its head is written once, then copied. */
	size_t head = m->len;
	bool open = put_head(m, "_bucket", labels, nlabels);
	size_t head_len = m->len - head;
	for (size_t i = 0; i <= h->nbounds; i++) {
		if (i > 0)
			put_again(m, head, head_len);
		cumulative += h->counts[i];
		format_number(le, sizeof(le), i < h->nbounds ? h->bounds[i] : INFINITY);
		put_tail(m, open, le, (double)cumulative);
	}
	put_tail(m, put_head(m, "_sum", labels, nlabels), NULL, h->sum);
	put_tail(m, put_head(m, "_count", labels, nlabels), NULL, (double)cumulative);
}

bool metrics_end(struct metrics *m)
{
	if (m->dialect == METRICS_OPENMETRICS)
		puts_(m, "# EOF\n");
	else
		grow(m, 0); /* an empty exposition is still a string */
	return !m->nomem;
}

const char *metrics_content_type(enum metrics_dialect dialect)
{
	return dialect == METRICS_OPENMETRICS
		       ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
		       : "text/plain; version=0.0.4; charset=utf-8";
}

/* write_all
 * The whole buffer to fd; false with errno set. */
static bool write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* metrics_write_atomic_at
 * Write, then rename, in one directory: a metrics_file of one part. */
bool metrics_write_atomic_at(const struct metrics *m, int dirfd, const char *name, const char **why)
{
	struct metrics_file f;
	if (!metrics_file_open(&f, dirfd, name, why))
		return false;
	if (!metrics_file_append(&f, m, why)) {
		metrics_file_abort(&f);
		return false;
	}
	return metrics_file_commit(&f, why);
}

bool metrics_write_atomic(const struct metrics *m, const char *path, const char **why)
{
	return metrics_write_atomic_at(m, AT_FDCWD, path, why);
}

/* metrics_bucket_index
 * The bucket of an observation (binary search). */
size_t metrics_bucket_index(const double *bounds, size_t nbounds, double v)
{
	/* binary search for the first bound >= v; NaN compares false everywhere: +Inf */
	size_t lo = 0, hi = nbounds;
	if (isnan(v))
		return nbounds;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v <= bounds[mid])
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* smokeping_prober's bounds as Go's ExponentialBuckets(5e-05, 2, 20) computes them:
 * the start times a power of two, exact in binary, so each reads back as the same
 * shortest number ("0.0001", ..., "26.2144"). */
#define B(k) (5e-05 * (k))
/* clang-format off */
static const double latency_bounds[METRICS_LATENCY_BUCKETS] = {
	B(1), B(2), B(4), B(8), B(16), B(32), B(64), B(128), B(256), B(512), B(1024), B(2048),
	B(4096), B(8192), B(16384), B(32768), B(65536), B(131072), B(262144), B(524288),
};
/* clang-format on */
#undef B

/* metrics_latency_observe
 * One RTT into smokeping_prober's buckets. */
void metrics_latency_observe(struct metrics_latency *h, double seconds)
{
	h->counts[metrics_bucket_index(latency_bounds, METRICS_LATENCY_BUCKETS, seconds)]++;
	h->sum += seconds;
}

/* metrics_latency_view
 * The histogram as metrics_histogram() takes it. */
struct metrics_hist metrics_latency_view(const struct metrics_latency *h)
{
	return (struct metrics_hist){.bounds = latency_bounds,
				     .counts = h->counts,
				     .nbounds = METRICS_LATENCY_BUCKETS,
				     .sum = h->sum};
}

/* metrics_restart
 * Start the next part in the same buffer. */
void metrics_restart(struct metrics *m)
{
	m->len = 0;
	if (m->text)
		m->text[0] = '\0';
}

/* metrics_file_open
 * The temporary file: beside the target, so rename stays in one file system; not
 * *.prom, so node_exporter never reads it half written. */
bool metrics_file_open(struct metrics_file *f, int dirfd, const char *name, const char **why)
{
	*f = (struct metrics_file){.dirfd = dirfd, .fd = -1, .name = name};
	if (snprintf(f->tmp, sizeof(f->tmp), "%s.%ld.tmp", name, (long)getpid()) >=
	    (int)sizeof(f->tmp)) {
		*why = strerror(ENAMETOOLONG);
		return false;
	}
	f->fd = openat(dirfd, f->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (f->fd < 0)
		*why = strerror(errno);
	return f->fd >= 0;
}

bool metrics_file_append(struct metrics_file *f, const struct metrics *m, const char **why)
{
	if (write_all(f->fd, m->text ? m->text : "", m->len))
		return true;
	*why = strerror(errno);
	return false;
}

/* metrics_file_commit
 * Close, then rename over the target; the temporary file removed on failure. */
bool metrics_file_commit(struct metrics_file *f, const char **why)
{
	int fd = f->fd;
	f->fd = -1;
	if (close(fd) == 0 && renameat(f->dirfd, f->tmp, f->dirfd, f->name) == 0)
		return true;
	*why = strerror(errno);
	unlinkat(f->dirfd, f->tmp, 0);
	return false;
}

void metrics_file_abort(struct metrics_file *f)
{
	if (f->fd < 0)
		return;
	close(f->fd);
	f->fd = -1;
	unlinkat(f->dirfd, f->tmp, 0);
}
