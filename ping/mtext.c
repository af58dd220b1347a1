/* mtext.c — a sweep's lines in fping's shapes (fping 5.1 with -c): per reply
 * "host : [0], 64 bytes, 0.05 ms (0.05 avg, 0% loss)", per target
 * "host : xmt/rcv/%loss = 3/3/0%, min/avg/max = 0.04/0.05/0.06", and an overall block in
 * iputils' statistics shape. */
#include "ping.h"

#include <inttypes.h>

/* mtext_loss
 * fping's integer loss percentage. */
static unsigned mtext_loss(const struct ping_target *t)
{
	return t->sent ? (unsigned)((uint64_t)(t->sent -
					       (t->received < t->sent ? t->received : t->sent)) *
				    100 / t->sent)
		       : 0;
}

/* ping_fmt_fping_ms
 * An RTT as fping prints it. */
void ping_fmt_fping_ms(char *buf, size_t len, double t)
{
	/* fping's sprint_tm(): 0.xxx, x.xx, xx.x, xxx. */
	if (t < 0.0)
		snprintf(buf, len, "%.2g", t);
	else if (t < 1.0)
		snprintf(buf, len, "%.3f", t);
	else if (t < 10.0)
		snprintf(buf, len, "%.2f", t);
	else if (t < 100.0)
		snprintf(buf, len, "%.1f", t);
	else if (t < 1e9)
		snprintf(buf, len, "%.0f", t);
	else
		snprintf(buf, len, "%.3e", t);
}

/* mtext_avg
 * "(0.05 avg, 0% loss)" after a reply or timeout; NaN before the first reply. */
static void mtext_avg(FILE *f, const struct ping_target *t)
{
	char avg[32] = "NaN";
	if (t->received)
		ping_fmt_fping_ms(avg, sizeof(avg), t->sum_ms / t->received);
	fprintf(f, " (%s avg, %u%% loss)\n", avg, mtext_loss(t));
}

/* ping_mtext_reply
 * fping's line for a reply: "host : [k], 64 bytes, 0.05 ms (0.05 avg, 0% loss)". */
void ping_mtext_reply(FILE *f, const char *stamp, const char *label, int width, uint32_t round,
		      size_t bytes, double rtt_ms, bool dup, const struct ping_target *t)
{
	char ms[32];
	ping_fmt_fping_ms(ms, sizeof(ms), rtt_ms);
	if (dup) {
		fprintf(f, "%s%-*s : duplicate for [%u], %zu bytes, %s ms\n", stamp, width, label,
			round, bytes, ms);
		return;
	}
	fprintf(f, "%s%-*s : [%u], %zu bytes, %s ms", stamp, width, label, round, bytes, ms);
	mtext_avg(f, t);
}

/* ping_mtext_timeout
 * fping's line for a probe that timed out. */
void ping_mtext_timeout(FILE *f, const char *stamp, const char *label, int width, uint32_t round,
			const struct ping_target *t)
{
	fprintf(f, "%s%-*s : [%u], timed out", stamp, width, label, round);
	mtext_avg(f, t);
}

/* ping_mtext_error
 * An ICMP error about a probe of a sweep, in fping's shape. */
void ping_mtext_error(FILE *f, const char *stamp, const char *what, const char *from,
		      const char *label)
{
	fprintf(f, "%s%s from %s for ICMP Echo sent to %s\n", stamp, what, from, label);
}

/* ping_mtext_target
 * fping's per-target statistics line. */
void ping_mtext_target(FILE *f, const char *label, int width, const struct ping_target *t)
{
	fprintf(f, "%-*s : xmt/rcv/%%loss = %u/%u/%u%%", width, label, t->sent, t->received,
		mtext_loss(t));
	if (t->received) {
		char a[32], b[32], c[32];
		ping_fmt_fping_ms(a, sizeof(a), t->min_ms);
		ping_fmt_fping_ms(b, sizeof(b), t->sum_ms / t->received);
		ping_fmt_fping_ms(c, sizeof(c), t->max_ms);
		fprintf(f, ", min/avg/max = %s/%s/%s", a, b, c);
	}
	fputc('\n', f);
}

/* ping_mtext_overall
 * The sweep's overall block, in iputils' statistics shape; names that did not resolve
 * are counted among the targets and named as such. */
void ping_mtext_overall(FILE *f, const struct ping_overall *ov)
{
	const struct stats *st = ov->st;
	size_t targets = ov->resolved + ov->unresolved;
	fprintf(f, "\n--- %zu targets ping statistics ---\n", targets);
	fprintf(f, "%zu targets, %zu alive, %zu unreachable", targets, ov->alive,
		ov->resolved - ov->alive);
	if (ov->unresolved)
		fprintf(f, ", %zu unresolved", ov->unresolved);
	fputc('\n', f);
	fprintf(f, "%" PRIu64 " packets transmitted, %" PRIu64 " received", ov->transmitted,
		st->received);
	if (st->duplicates)
		fprintf(f, ", +%" PRIu64 " duplicates", st->duplicates);
	if (st->errors)
		fprintf(f, ", +%" PRIu64 " errors", st->errors);
	if (ov->transmitted) {
		float loss = (float)((double)(int64_t)(ov->transmitted - st->received) * 100.0 /
				     (double)ov->transmitted);
		fprintf(f, ", %g%% packet loss, time %" PRIu64 "ms", loss, ov->time_ms);
	}
	fputc('\n', f);
	struct stats_iputils r;
	if (stats_iputils(st, &r)) {
		char a[32], b[32], c[32], d[32];
		ping_fmt_us3(a, sizeof(a), r.min_us);
		ping_fmt_us3(b, sizeof(b), r.avg_us);
		ping_fmt_us3(c, sizeof(c), r.max_us);
		ping_fmt_us3(d, sizeof(d), r.mdev_us);
		fprintf(f, "rtt min/avg/max/mdev = %s/%s/%s/%s ms\n", a, b, c, d);
	}
}
