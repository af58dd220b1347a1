/* text.c — iputils ping's lines, byte for byte (ping_common.c / ping.c /
 * ping6_common.c of iputils 20221126), and netdx's extras. The extras go between the
 * replies and the statistics block: jc --ping fails on any line after the statistics,
 * and scripts read the last line (tail -1) for the rtt figures. */
#include "ping.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "netdx/icmp.h"
#include "netdx/ipopt.h"

/* ping_fmt_time
 * A reply time with iputils' precision. */
void ping_fmt_time(char *buf, size_t len, long t)
{
	/* iputils' gather_statistics(): fewer decimals as the RTT grows. */
	if (t >= 100000 - 50)
		snprintf(buf, len, "%ld", (t + 500) / 1000);
	else if (t >= 10000 - 5)
		snprintf(buf, len, "%ld.%01ld", (t + 50) / 1000, ((t + 50) % 1000) / 100);
	else if (t >= 1000)
		snprintf(buf, len, "%ld.%02ld", (t + 5) / 1000, ((t + 5) % 1000) / 10);
	else
		snprintf(buf, len, "%ld.%03ld", t / 1000, t % 1000);
}

/* ping_fmt_us3
 * Microseconds as iputils' statistics print them. */
void ping_fmt_us3(char *buf, size_t len, long us)
{
	snprintf(buf, len, "%ld.%03ld", us / 1000, us % 1000);
}

/* ping_fmt_icmp
 * iputils' words for an ICMP error, with the numbers it appends. */
void ping_fmt_icmp(char *buf, size_t len, int family, uint8_t type, uint8_t code, uint32_t info)
{
	const char *w = icmp_describe(family, type, code);
	if (family == AF_INET) {
		if (type == ICMP4_DEST_UNREACH && code == 4)
			snprintf(buf, len, "%s (mtu = %u)", w, info);
		else if ((type == ICMP4_DEST_UNREACH && code > 15) ||
			 (type == ICMP4_TIME_EXCEEDED && code > 1) || (type == 5 && code > 3))
			snprintf(buf, len, "%s: %d", w, code);
		else if (type == ICMP4_PARAM_PROBLEM)
			snprintf(buf, len, "%s: pointer = %u", w, info);
		else if (strcmp(w, "Bad ICMP type") == 0)
			snprintf(buf, len, "%s: %d", w, type);
		else
			snprintf(buf, len, "%s", w);
		return;
	}
	switch (type) {
	case ICMP6_DEST_UNREACH_T:
		if (code > 6)
			snprintf(buf, len, "%s %d", w, code);
		else
			snprintf(buf, len, "%s", w);
		break;
	case ICMP6_PACKET_TOO_BIG_T:
		if (code)
			snprintf(buf, len, "%s: mtu=%u, code=%d", w, info, code);
		else
			snprintf(buf, len, "%s: mtu=%u", w, info);
		break;
	case ICMP6_TIME_EXCEEDED_T:
		if (code > 1)
			snprintf(buf, len, "%s %d", w, code);
		else
			snprintf(buf, len, "%s", w);
		break;
	case ICMP6_PARAM_PROBLEM_T:
		if (code > 2)
			snprintf(buf, len, "%s %d at %u", w, code, info);
		else
			snprintf(buf, len, "%s at %u", w, info);
		break;
	default:
		if (strcmp(w, "unknown icmp type") == 0)
			snprintf(buf, len, "%s: %u", w, type);
		else
			snprintf(buf, len, "%s", w);
	}
}

/* ping_fmt_timestamp
 * -D's prefix. */
void ping_fmt_timestamp(char *buf, size_t len)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(buf, len, "[%lu.%06lu] ", (unsigned long)ts.tv_sec,
		 (unsigned long)(ts.tv_nsec / 1000));
}

/* ping_text_pattern
 * iputils' "PATTERN: 0x..." line. */
void ping_text_pattern(FILE *f, const uint8_t *pattern, size_t len)
{
	fputs("PATTERN: 0x", f);
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%02x", pattern[i]);
	fputc('\n', f);
}

/* ping_text_header
 * The PING line (IPv4 and IPv6 differ, as in iputils: only IPv4's gives the total). */
void ping_text_header(FILE *f, int family, const char *host, const char *dst_text,
		      const char *src_text, const char *iface, long size, long total)
{
	if (family == AF_INET)
		fprintf(f, "PING %s (%s) ", host, dst_text);
	else
		fprintf(f, "PING %s(%s) ", host, dst_text);
	if (src_text)
		fprintf(f, "from %s %s: ", src_text, iface ? iface : "");
	if (family == AF_INET)
		fprintf(f, "%ld(%ld) bytes of data.\n", size, total);
	else
		fprintf(f, "%ld data bytes\n", size);
}

/* ping_text_header_flow
 * The IPv6 PING line with -F's label. */
void ping_text_header_flow(FILE *f, const char *host, const char *dst_text, uint32_t flowlabel,
			   const char *src_text, const char *iface, long size)
{
	fprintf(f, "PING %s(%s) , flow 0x%05x, ", host, dst_text, flowlabel);
	if (src_text)
		fprintf(f, "from %s %s: ", src_text, iface ? iface : "");
	fprintf(f, "%ld data bytes\n", size);
}

/* ping_text_reply
 * A reply line. */
void ping_text_reply(FILE *f, const char *stamp, const struct ping_reply_line *r)
{
	fprintf(f, "%s%zu bytes from %s: icmp_seq=%u", stamp, r->bytes, r->from, r->seq);
	if (r->ttl >= 0)
		fprintf(f, " ttl=%d", r->ttl);
	if (r->truncated) {
		fputs(r->bell ? " (truncated)\a" : " (truncated)", f);
		if (!r->open_end)
			fputc('\n', f);
		return;
	}
	if (r->timed) {
		char t[32];
		ping_fmt_time(t, sizeof(t), r->rtt_us);
		fprintf(f, " time=%s ms", t);
	}
	if (r->dup)
		fputs(" (DUP!)", f);
	int initial, hops;
	if (r->hops && stats_infer_hops(r->ttl, &initial, &hops))
		fprintf(f, " (initial %d, %d hop%s away)", initial, hops, hops == 1 ? "" : "s");
	if (r->bell)
		fputc('\a', f);
	if (!r->open_end)
		fputc('\n', f);
}

/* ping_text_error
 * An ICMP error line: "From ADDR icmp_seq=N WHAT". */
void ping_text_error(FILE *f, const char *stamp, const char *from, unsigned seq, const char *what)
{
	fprintf(f, "%sFrom %s icmp_seq=%u %s\n", stamp, from, seq, what);
}

/* ping_text_no_answer
 * -O's line. */
void ping_text_no_answer(FILE *f, const char *stamp, unsigned seq)
{
	fprintf(f, "%sno answer yet for icmp_seq=%u\n", stamp, seq);
}

/* ping_text_extras
 * netdx's extras: jitter, percentiles, hop inference, reordering. */
void ping_text_extras(FILE *f, const struct ping_summary *s)
{
	const struct stats *st = s->st;
	fputc('\n', f);
	if (st->received && s->timed)
		fprintf(f,
			"jitter avg/max = %.3f/%.3f ms, percentiles p50/p90/p99 = "
			"%.3f/%.3f/%.3f ms\n",
			stats_jitter_avg_ms(st), st->jitter_max_ms, stats_percentile_ms(st, 50),
			stats_percentile_ms(st, 90), stats_percentile_ms(st, 99));
	int initial, hops;
	if (s->ttl >= 0 && stats_infer_hops(s->ttl, &initial, &hops))
		fprintf(f, "ttl=%d: initial %d, %d hop%s away\n", s->ttl, initial, hops,
			hops == 1 ? "" : "s");
	fprintf(f, "reordering: %" PRIu64 " reordered, %" PRIu64 " duplicated\n", st->reordered,
		st->duplicates);
	if (s->engine)
		fprintf(f, "dropped: %" PRIu64 " foreign, %" PRIu64 " malformed\n",
			s->engine->foreign, s->engine->malformed);
}

/* ping_text_summary
 * iputils' statistics block. */
void ping_text_summary(FILE *f, const struct ping_summary *s)
{
	const struct stats *st = s->st;
	/* iputils' finish() starts with a newline: a blank line after the replies, or the
	 * end of a flood's line of dots (the extras already ended that line). */
	fprintf(f, "%s--- %s ping statistics ---\n", s->after_dots ? "" : "\n", s->host);
	fprintf(f, "%" PRIu64 " packets transmitted, %" PRIu64 " received", s->transmitted,
		st->received);
	if (st->duplicates)
		fprintf(f, ", +%" PRIu64 " duplicates", st->duplicates);
	if (st->errors)
		fprintf(f, ", +%" PRIu64 " errors", st->errors);
	if (s->transmitted) {
		/* iputils computes in double, prints a float with %g ("33.3333%"). */
		float loss = (float)((double)(int64_t)(s->transmitted - st->received) * 100.0 /
				     (double)s->transmitted);
		fprintf(f, ", %g%% packet loss, time %" PRIu64 "ms", loss, s->time_ms);
	}
	fputc('\n', f);
	const char *comma = "";
	struct stats_iputils r;
	if (st->received && s->timed && stats_iputils(st, &r)) {
		char a[32], b[32], c[32], d[32];
		ping_fmt_us3(a, sizeof(a), r.min_us);
		ping_fmt_us3(b, sizeof(b), r.avg_us);
		ping_fmt_us3(c, sizeof(c), r.max_us);
		ping_fmt_us3(d, sizeof(d), r.mdev_us);
		fprintf(f, "rtt min/avg/max/mdev = %s/%s/%s/%s ms", a, b, c, d);
		comma = ", ";
	}
	if (s->pipe > 1) {
		fprintf(f, "%spipe %ld", comma, s->pipe);
		comma = ", ";
	}
	if (s->ipg)
		fprintf(f, "%sipg/ewma %ld.%03ld/%ld.%03ld ms", comma, s->ipg_us / 1000,
			s->ipg_us % 1000, s->ewma8_us / 8000, (s->ewma8_us / 8) % 1000);
	fputc('\n', f);
}

/* ping_text_status
 * SIGQUIT's status line. */
void ping_text_status(FILE *f, uint64_t transmitted, const struct stats *st, bool timed,
		      long ewma8_us)
{
	int loss =
		transmitted
			? (int)((int64_t)(transmitted - st->received) * 100 / (int64_t)transmitted)
			: 0;
	fprintf(f, "\r%" PRIu64 "/%" PRIu64 " packets, %d%% loss", st->received, transmitted, loss);
	if (st->received && timed) {
		int64_t total = (int64_t)(st->received + st->duplicates);
		long avg = (long)(st->tsum_us / total);
		fprintf(f, ", min/avg/ewma/max = %ld.%03ld/%ld.%03ld/%ld.%03ld/%ld.%03ld ms",
			(long)st->tmin_us / 1000, (long)st->tmin_us % 1000, avg / 1000, avg % 1000,
			ewma8_us / 8000, (ewma8_us / 8) % 1000, (long)st->tmax_us / 1000,
			(long)st->tmax_us % 1000);
	}
	fputc('\n', f);
}

/* ping_text_line_reply / ping_text_line_error / ping_text_line_no_answer
 * ping_line_fn's (names.c): the reply, error and -O lines from their copies. */
void ping_text_line_reply(FILE *f, const char *from, const void *ctx)
{
	const struct ping_reply_text *t = ctx;
	struct ping_reply_line line = t->line;
	line.from = from;
	ping_text_reply(f, t->ts, &line);
	if (line.open_end) {
		/* the RR: / TS: lines belong to the reply: they end its line */
		struct ipopt_list opts = {.n = 0};
		if (t->ipopts_len)
			ipopt_parse(t->ipopts, t->ipopts_len, &opts);
		ping_text_ipopts(f, &opts, t->names, t->memo);
	}
}
void ping_text_line_error(FILE *f, const char *from, const void *ctx)
{
	const struct ping_error_text *t = ctx;
	ping_text_error(f, t->ts, from, t->seq, t->what);
}
void ping_text_line_no_answer(FILE *f, const char *from, const void *ctx)
{
	const struct ping_no_answer_text *t = ctx;
	(void)from;
	ping_text_no_answer(f, t->ts, t->seq);
}

/* ping_text_line_header
 * ping_line_fn: the PING line; an IPv6 target is shown by name as iputils' pr_addr
 * shows it, an IPv4 one by its address. */
void ping_text_line_header(FILE *f, const char *from, const void *ctx)
{
	const struct ping_header_text *t = ctx;
	if (t->flowlabel && t->family == AF_INET6)
		ping_text_header_flow(f, t->host, from, t->flowlabel, t->show_src ? t->src : NULL,
				      t->iface, t->size);
	else
		ping_text_header(f, t->family, t->host, t->family == AF_INET6 ? from : t->num,
				 t->show_src ? t->src : NULL, t->iface, t->size, t->total);
}
