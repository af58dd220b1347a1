/* fsplit.c — fping's per-target figures, over the whole run and since the last
 * summary, counted as fping counts them: a probe when it is answered or times out, so
 * one still in flight at the end is in neither. They make count and loop mode's last
 * lines (with -o's outage), the interval summaries of -Q and SIGQUIT ("[HH:MM:SS]" and
 * a line per target on stderr), and -N's netdata plugin lines on stdout. */
#include "ping.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <time.h>

/* ping_fsplits_init
 * Zeroed figures for n targets; false when out of memory. */
bool ping_fsplits_init(struct ping_fsplits *s, size_t n)
{
	*s = (struct ping_fsplits){.n = n};
	s->total = calloc(n ? n : 1, sizeof(*s->total));
	s->span = calloc(n ? n : 1, sizeof(*s->span));
	return s->total && s->span;
}

/* ping_fsplits_free
 * Release them. */
void ping_fsplits_free(struct ping_fsplits *s)
{
	free(s->total);
	free(s->span);
	*s = (struct ping_fsplits){0};
}

/* span_add
 * One outcome into one span. */
static void span_add(struct ping_fspan *p, bool replied, double rtt_ms)
{
	p->sent++;
	if (!replied)
		return;
	if (!p->received || rtt_ms < p->min_ms)
		p->min_ms = rtt_ms;
	if (!p->received || rtt_ms > p->max_ms)
		p->max_ms = rtt_ms;
	p->received++;
	p->sum_ms += rtt_ms;
}

/* ping_fsplits_add
 * Target i's probe was answered after rtt_ms, or timed out (replied false). */
void ping_fsplits_add(struct ping_fsplits *s, size_t i, bool replied, double rtt_ms)
{
	span_add(&s->total[i], replied, rtt_ms);
	span_add(&s->span[i], replied, rtt_ms);
}

/* ping_fsplits_timeouts
 * Probes of every target that timed out so far (fping -s's timeouts). */
uint64_t ping_fsplits_timeouts(const struct ping_fsplits *s)
{
	uint64_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		n += s->total[i].sent - s->total[i].received;
	return n;
}

/* ping_fsplits_line
 * "host : xmt/rcv/%loss = 5/4/20%[, outage(ms) = 1000][, min/avg/max = a/b/c]";
 * outage_period_ms < 0: no outage (fping -o: lost probes times -p). */
void ping_fsplits_line(FILE *f, const char *label, int width, const struct ping_fspan *p,
		       double outage_period_ms)
{
	fprintf(f, "%-*s : xmt/rcv/%%loss = %" PRIu32 "/%" PRIu32 "/%" PRIu32 "%%", width, label,
		p->sent, p->received, p->sent ? (p->sent - p->received) * 100 / p->sent : 0);
	if (outage_period_ms >= 0)
		fprintf(f, ", outage(ms) = %d",
			(int)((double)(p->sent - p->received) * outage_period_ms));
	if (p->received) {
		char a[32], b[32], c[32];
		ping_fmt_fping_ms(a, sizeof(a), p->min_ms);
		ping_fmt_fping_ms(b, sizeof(b), p->sum_ms / p->received);
		ping_fmt_fping_ms(c, sizeof(c), p->max_ms);
		fprintf(f, ", min/avg/max = %s/%s/%s", a, b, c);
	}
	fputc('\n', f);
}

/* netdata_id
 * The target as given, every character but letters and digits an underscore: the
 * charts' id, as fping makes it. */
static void netdata_id(const struct ping_target *t, char *buf, size_t len)
{
	char num[ADDR_STRLEN];
	snprintf(buf, len, "%s", t->name ? t->name : addr_to_str(&t->addr, num, sizeof(num)));
	for (char *c = buf; *c; c++)
		if (!isalnum((unsigned char)*c))
			*c = '_';
}

/* netdata_chart
 * Chart k's CHART line and its dimensions (packets, quality, latency), sent once. */
static void netdata_chart(const char *id, const char *label, size_t k, double every_s)
{
	/* clang-format off */
	static const struct { const char *kind, *title, *units, *rest, *dims; } charts[] = {
		{"packets", "Packets", "packets", "line 110020",
		 "DIMENSION xmt sent absolute 1 1\nDIMENSION rcv received absolute 1 1\n"},
		{"quality", "Quality", "percentage", "area 110010",
		 "DIMENSION returned '' absolute 1 1\n"},
		{"latency", "Latency", "ms", "area 110000",
		 "DIMENSION min minimum absolute 1 1000000\n"
		 "DIMENSION max maximum absolute 1 1000000\n"
		 "DIMENSION avg average absolute 1 1000000\n"},
	};
	/* clang-format on */
	printf("CHART fping.%s_%s '' 'FPing %s for host %s' %s '%s' fping.%s %s %.0f\n%s", id,
	       charts[k].kind, charts[k].title, label, charts[k].units, label, charts[k].kind,
	       charts[k].rest, every_s, charts[k].dims);
}

/* netdata_target
 * One target's three charts' values for the span (times in nanoseconds). */
static void netdata_target(const char *id, const char *label, const struct ping_fspan *p,
			   double every_s, bool charts)
{
	if (charts)
		netdata_chart(id, label, 0, every_s);
	printf("BEGIN fping.%s_packets\nSET xmt = %" PRIu32 "\nSET rcv = %" PRIu32 "\nEND\n", id,
	       p->sent, p->received);
	if (charts)
		netdata_chart(id, label, 1, every_s);
	printf("BEGIN fping.%s_quality\nSET returned = %" PRIu32 "\nEND\n", id,
	       p->sent ? p->received * 100 / p->sent : 0);
	if (charts)
		netdata_chart(id, label, 2, every_s);
	printf("BEGIN fping.%s_latency\n", id);
	if (p->received)
		printf("SET min = %" PRId64 "\nSET avg = %" PRId64 "\nSET max = %" PRId64 "\n",
		       (int64_t)(p->min_ms * 1e6), (int64_t)(p->sum_ms * 1e6) / p->received,
		       (int64_t)(p->max_ms * 1e6));
	printf("END\n");
}

/* ping_fsplits_report
 * The summary of the span that ends now, then a new span: -N's netdata lines on
 * stdout, else "[HH:MM:SS]" and a line per target on stderr (after an empty line when
 * blank: per-probe lines came before). */
void ping_fsplits_report(struct ping_fsplits *s, const struct ping_fsplit_view *v, bool blank)
{
	const struct ping_fping *fp = &v->o->fp;
	if (fp->netdata && fp->report_s > 0) {
		for (size_t i = 0; i < s->n; i++) {
			char lb[ADDR_STRLEN], id[ADDR_STRLEN + 256];
			netdata_id(&v->t->v[i], id, sizeof(id));
			netdata_target(id, ping_target_label(&v->t->v[i], lb, sizeof(lb)),
				       &s->span[i], fp->report_s, !s->charts_sent);
		}
		s->charts_sent = true;
	} else {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		fprintf(stderr, "%s[%02d:%02d:%02d]\n", blank ? "\n" : "", tm.tm_hour, tm.tm_min,
			tm.tm_sec);
		for (size_t i = 0; i < s->n; i++) {
			char lb[ADDR_STRLEN];
			ping_fsplits_line(stderr, ping_target_label(&v->t->v[i], lb, sizeof(lb)),
					  v->width, &s->span[i],
					  fp->outage ? v->o->interval_ms : -1);
		}
	}
	fflush(stdout);
	for (size_t i = 0; i < s->n; i++)
		s->span[i] = (struct ping_fspan){0};
}
