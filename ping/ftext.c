/* ftext.c — the lines that are fping's alone (fping 5.1), beside the per-probe and
 * per-target lines it shares with ping's sweeps (mtext.c): "host is alive",
 * "host is unreachable", the bare names of -a / -u, -C's RTT lists, the -s block, the
 * -x verdict, ICMP errors in fping's words and -D's timestamps. */
#include "ping.h"

#include <inttypes.h>
#include <time.h>

/* ping_ftext_stamp
 * -D: "[1700000000.12345] ", fping's five decimals. */
void ping_ftext_stamp(char *buf, size_t len)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(buf, len, "[%.5f] ", (double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* ping_ftext_alive
 * A target's first reply in the default mode: "host is alive", or the bare name with
 * -a; -e appends the RTT. */
void ping_ftext_alive(FILE *f, const struct ping_fping *fp, const char *label, double rtt_ms)
{
	fprintf(f, "%s%s", label, fp->show_alive ? "" : " is alive");
	if (fp->elapsed) {
		char ms[32];
		ping_fmt_fping_ms(ms, sizeof(ms), rtt_ms);
		fprintf(f, " (%s ms)", ms);
	}
	fputc('\n', f);
}

/* ping_ftext_unreachable
 * A target whose last try went unanswered: "host is unreachable", or the bare name
 * with -u. */
void ping_ftext_unreachable(FILE *f, const struct ping_fping *fp, const char *label)
{
	fprintf(f, "%s%s\n", label, fp->show_unreachable ? "" : " is unreachable");
}

/* ping_ftext_vcount
 * -C: "host : 0.10 0.12 - 0.11", one figure per probe ("-": no reply); rtts < 0
 * stand for none. */
void ping_ftext_vcount(FILE *f, const char *label, int width, const double *rtts, size_t n)
{
	fprintf(f, "%-*s :", width, label);
	for (size_t i = 0; i < n; i++) {
		char ms[32] = "-";
		if (rtts[i] >= 0)
			ping_fmt_fping_ms(ms, sizeof(ms), rtts[i]);
		fprintf(f, " %s", ms);
	}
	fputc('\n', f);
}

/* ping_ftext_stats
 * -s: fping's block of totals. */
void ping_ftext_stats(FILE *f, const struct ping_fstats *s)
{
	char a[32], b[32], c[32];
	double avg = s->replies ? s->sum_ms / (double)s->replies : 0.0;
	ping_fmt_fping_ms(a, sizeof(a), s->replies ? s->min_ms : 0.0);
	ping_fmt_fping_ms(b, sizeof(b), avg);
	ping_fmt_fping_ms(c, sizeof(c), s->replies ? s->max_ms : 0.0);
	fprintf(f, "\n %7zu targets\n %7zu alive\n %7zu unreachable\n %7zu unknown addresses\n",
		s->targets, s->alive, s->unreachable, s->unknown);
	fprintf(f,
		"\n %7" PRIu64 " timeouts (waiting for response)\n %7" PRIu64
		" ICMP Echos sent\n %7" PRIu64 " ICMP Echo Replies received\n %7" PRIu64
		" other ICMP received\n",
		s->timeouts, s->sent, s->replies, s->other_icmp);
	fprintf(f, "\n %s ms (min round trip time)\n %s ms (avg round trip time)\n", a, b);
	fprintf(f, " %s ms (max round trip time)\n %12.3f sec (elapsed real time)\n\n", c,
		s->elapsed_s);
}

/* ping_ftext_reachable
 * -x: whether enough targets answered. */
void ping_ftext_reachable(FILE *f, long required, size_t reachable)
{
	fprintf(f, "%s hosts reachable (required: %ld, reachable: %zu)\n",
		(size_t)required <= reachable ? "Enough" : "Not enough", required, reachable);
}

/* ping_ftext_icmp
 * An ICMP error about a probe, in fping's words: "ICMP Host Unreachable from R for
 * ICMP Echo sent to host". */
void ping_ftext_icmp(FILE *f, int family, uint8_t type, uint8_t code, const char *from,
		     const char *label)
{
	/* clang-format off */
	static const char *const unreach4[] = {
		"ICMP Network Unreachable", "ICMP Host Unreachable", "ICMP Protocol Unreachable",
		"ICMP Port Unreachable", "ICMP Unreachable (Fragmentation Needed)",
		"ICMP Unreachable (Source Route Failed)",
		"ICMP Unreachable (Destination Network Unknown)",
		"ICMP Unreachable (Destination Host Unknown)",
		"ICMP Unreachable (Source Host Isolated)",
		"ICMP Unreachable (Communication with Network Prohibited)",
		"ICMP Unreachable (Communication with Host Prohibited)",
		"ICMP Unreachable (Network Unreachable For Type Of Service)",
		"ICMP Unreachable (Host Unreachable For Type Of Service)",
		"ICMP Unreachable (Communication Administratively Prohibited)",
		"ICMP Unreachable (Host Precedence Violation)",
		"ICMP Unreachable (Precedence cutoff in effect)",
	};
	/* clang-format on */
	const char *what = "ICMP error";
	bool v4 = family == AF_INET;
	if (v4 && type == 3 && code < sizeof(unreach4) / sizeof(unreach4[0]))
		what = unreach4[code];
	else if ((v4 && type == 3) || (!v4 && type == 1))
		what = "ICMP Unreachable";
	else if ((v4 && type == 11) || (!v4 && type == 3))
		what = "ICMP Time Exceeded";
	else if ((v4 && type == 12) || (!v4 && type == 4))
		what = "ICMP Parameter Problem";
	fprintf(f, "%s from %s for ICMP Echo sent to %s\n", what, from, label);
}
