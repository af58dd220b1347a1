/* table.c — Windows pathping's statistics table (node rows, link rows with "|"), then
 * our verdict: a destination that never answered, where loss that persists to the end
 * starts, which routers lose only their own replies, and what the sample cannot tell,
 * each with the table's own figures. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "netdx/num.h"
#include "pathping.h"

#define HOST_LEN 320
#define LINE_LEN 1024

const char *pathping_host(const struct pathping *pp, const struct netdx_addr *a, char *buf,
			  size_t len)
{
	char text[ADDR_STRLEN];
	addr_to_str(a, text, sizeof(text));
	const char *name = pp->names ? names_get(pp->names, a) : NULL;
	if (name && *name)
		snprintf(buf, len, "%.200s [%s]", name, text);
	else
		snprintf(buf, len, "%s", text);
	return buf;
}

const char *pathping_local(const struct pathping *pp, char *buf, size_t len)
{
	char text[ADDR_STRLEN];
	addr_to_str(&pp->path.src, text, sizeof(text));
	if (pp->numeric)
		snprintf(buf, len, "%s", text);
	else
		snprintf(buf, len, "%.200s [%s]", pp->local_name, text);
	return buf;
}

const char *pathping_seconds_text(uint64_t ms, char *buf, size_t len)
{
	unsigned frac = (unsigned)(ms % 1000), digits = 3;
	for (; digits > 0 && frac % 10 == 0; digits--)
		frac /= 10;
	if (digits == 0) /* whole seconds, as Windows prints them */
		snprintf(buf, len, "%" PRIu64, ms / 1000);
	else /* the width is 1 to 3: a char says so to the compiler's range check */
		snprintf(buf, len, "%" PRIu64 ".%0*u", ms / 1000, (unsigned char)digits, frac);
	return buf;
}

/* pct
 * Windows shows whole percent, rounded down. */
static int pct(const struct hop_loss *l)
{
	return l->sent ? (int)(l->lost * 100 / l->sent) : 0;
}

/* print_loss
 * One "Lost/Sent = Pct" cell. */
static void print_loss(FILE *out, const struct hop_loss *l)
{
	fprintf(out, "%6llu/%4llu =%3d%%", (unsigned long long)l->lost, (unsigned long long)l->sent,
		pct(l));
}

/* hop_label
 * " (host)" for a hop that answered, "" for one that did not. */
static const char *hop_label(const struct pathping *pp, int ttl, char *buf, size_t len)
{
	char host[HOST_LEN];
	const struct hop *hp = hops_at(&pp->stats, ttl);
	if (!hp || !hp->n_responders)
		return "";
	snprintf(buf, len, " (%s)", pathping_host(pp, &hp->responders[0].addr, host, sizeof(host)));
	return buf;
}

/* say_unreached
 * The destination never answered: said first and plainly, with the last hop that did
 * and the table's figure for the first that did not. */
static void say_unreached(const struct pathping *pp, const struct hops_finding *f, char *buf,
			  size_t len)
{
	char dst[HOST_LEN], label[HOST_LEN];
	struct hop_loss dark;
	/* one that answered the trace and then went quiet is not said never to have */
	const char *verb =
		pp->trace.dest_ttl ? "stopped answering after the trace" : "never answered";
	if (strcmp(pp->target, pp->path.dst_text) != 0)
		snprintf(dst, sizeof(dst), "%.200s [%s]", pp->target, pp->path.dst_text);
	else
		snprintf(dst, sizeof(dst), "%s", pp->path.dst_text);
	hops_loss(&pp->stats, f->first, &dark);
	if (!f->ref)
		snprintf(buf, len,
			 "The destination %s %s, nor did any hop answer (%llu/%llu lost "
			 "at hop %d).",
			 dst, verb, (unsigned long long)dark.lost, (unsigned long long)dark.sent,
			 f->first);
	else if (f->first > f->last)
		snprintf(buf, len,
			 "The destination %s %s within %d hops: hop %d%s is the last "
			 "hop that answered.",
			 dst, verb, pp->max_hops, f->ref,
			 hop_label(pp, f->ref, label, sizeof(label)));
	else
		snprintf(buf, len,
			 "The destination %s %s: hop %d%s is the last hop that answered; "
			 "from hop %d on, nothing came back (%llu/%llu lost at hop %d).",
			 dst, verb, f->ref, hop_label(pp, f->ref, label, sizeof(label)), f->first,
			 (unsigned long long)dark.lost, (unsigned long long)dark.sent, f->first);
}

/* say_loss_starts
 * Where loss that persists to the end starts, with the link rows' figure. */
static void say_loss_starts(const struct pathping *pp, const struct hops_finding *f, int answered,
			    char *buf, size_t len)
{
	char label[HOST_LEN], where[HOST_LEN + 64];
	if (f->first == f->last)
		snprintf(where, sizeof(where), "the link into hop %d%s:", f->first,
			 hop_label(pp, f->first, label, sizeof(label)));
	else
		snprintf(where, sizeof(where),
			 "the links into hops %d-%d (none alone stands out "
			 "from chance): together",
			 f->first, f->last);
	snprintf(buf, len,
		 "Loss starts on %s %.1f%% (%llu/%llu) of the probes are lost there, "
		 "and the loss persists to hop %d (95%% confidence %.0f-%.0f%%).",
		 where, f->loss.pct, (unsigned long long)f->loss.lost,
		 (unsigned long long)f->loss.sent, answered, num_floor(f->loss.lo_pct),
		 num_ceil(f->loss.hi_pct));
}

/* say_node_only
 * A router that loses its own answers but forwards traffic, against the hop after it
 * that shows it. */
static void say_node_only(const struct pathping *pp, const struct hops_finding *f, char *buf,
			  size_t len)
{
	char label[HOST_LEN];
	struct hop_loss ref;
	hops_loss(&pp->stats, f->ref, &ref);
	snprintf(buf, len,
		 "Hop %d%s drops %.1f%% (%llu/%llu) of the probes addressed to it but "
		 "forwards traffic (hop %d lost %llu/%llu): it limits its own ICMP; not "
		 "path loss (95%% confidence %.0f-%.0f%%).",
		 f->first, hop_label(pp, f->first, label, sizeof(label)), f->loss.pct,
		 (unsigned long long)f->loss.lost, (unsigned long long)f->loss.sent, f->ref,
		 (unsigned long long)ref.lost, (unsigned long long)ref.sent,
		 num_floor(f->loss.lo_pct), num_ceil(f->loss.hi_pct));
}

/* say_undecided
 * Loss the sample cannot tell from none: the table's Pct range over those hops, and the
 * -q that would tell. */
static void say_undecided(const struct pathping *pp, const struct hops_finding *f, char *buf,
			  size_t len)
{
	int lo = 100, hi = 0;
	char hops[32], range[32], advice[64];
	for (int ttl = f->first; ttl <= f->last; ttl++) {
		struct hop_loss l;
		hops_loss(&pp->stats, ttl, &l);
		lo = pct(&l) < lo ? pct(&l) : lo;
		hi = pct(&l) > hi ? pct(&l) : hi;
	}
	hops_span_text(f, hops, sizeof(hops));
	hops_pct_range_text(lo, hi, 0, range, sizeof(range));
	if (f->need <= 1000000)
		snprintf(advice, sizeof(advice), "use -q %llu", (unsigned long long)f->need);
	else
		snprintf(advice, sizeof(advice), "not even -q 1000000 could");
	snprintf(buf, len, "%llu probes per hop cannot tell the loss at %s (%s) from none; %s.",
		 (unsigned long long)f->loss.sent, hops, range, advice);
}

/* say_no_loss
 * Nothing persists to the last hop that answered: its figure, and how much loss the
 * sample could have missed. */
static void say_no_loss(const struct pathping *pp, int answered, char *buf, size_t len)
{
	struct hop_loss l;
	hops_loss(&pp->stats, answered, &l);
	snprintf(buf, len,
		 "No loss %s %d, the last%s, lost %llu/%llu (95%% confidence %.0f-%.0f%%).",
		 pp->stats.dest_ttl ? "on the path: hop" : "up to hop", answered,
		 pp->stats.dest_ttl ? "" : " hop that answered,", (unsigned long long)l.lost,
		 (unsigned long long)l.sent, num_floor(l.lo_pct), num_ceil(l.hi_pct));
}

void pathping_verdict(const struct pathping *pp, void (*line)(void *arg, const char *text),
		      void *arg)
{
	char buf[LINE_LEN];
	bool path_finding = false;
	int answered = hops_last_answered(&pp->stats, pp->rows);
	if (!pp->queries_sent) {
		line(arg, "No statistics: the run was interrupted before its statistics phase "
			  "sent a probe.");
		return;
	}
	for (size_t i = 0; i < pp->n_findings && i < HOPS_MAX_FINDINGS; i++) {
		const struct hops_finding *f = &pp->findings[i];
		switch (f->kind) {
		case HOPS_UNREACHED:
			say_unreached(pp, f, buf, sizeof(buf));
			break;
		case HOPS_LOSS_STARTS:
			say_loss_starts(pp, f, answered, buf, sizeof(buf));
			break;
		case HOPS_NODE_ONLY:
			say_node_only(pp, f, buf, sizeof(buf));
			break;
		case HOPS_UNDECIDED:
			say_undecided(pp, f, buf, sizeof(buf));
			break;
		}
		path_finding =
			path_finding || f->kind == HOPS_LOSS_STARTS || f->kind == HOPS_UNDECIDED;
		line(arg, buf);
	}
	if (pp->rows < pp->last_ttl) {
		snprintf(buf, sizeof(buf),
			 "The destination answered at hop %d in the statistics; "
			 "the trace, which lost every probe to hop %d, had found it at hop %d.",
			 pp->rows, pp->rows, pp->last_ttl);
		line(arg, buf);
	}
	if (pp->send_errno) {
		snprintf(buf, sizeof(buf),
			 "Some probes could not be sent (%s); they count as lost.",
			 strerror(pp->send_errno));
		line(arg, buf);
	}
	if (!path_finding && answered >= pp->stats.first_ttl) {
		say_no_loss(pp, answered, buf, sizeof(buf));
		line(arg, buf);
	}
}

/* print_line
 * One verdict sentence on its own line. */
static void print_line(void *arg, const char *text)
{
	fprintf(arg, "%s\n", text);
}

/* quote_mark
 * The quote checks' marker of a hop (netdx/quote_check.h), after its address. */
static const char *quote_mark(const struct pathping *pp, int ttl, char *buf, size_t len)
{
	struct quote_path qp;
	quote_check_path(&pp->stats, pp->rows, 0, &qp);
	quote_check_marker(&qp, ttl, buf, len);
	return buf;
}

void pathping_print_table(const struct pathping *pp, FILE *out)
{
	char host[HOST_LEN], done[32], planned[32], mark[64];
	fprintf(out, "            Source to Here   This Node/Link\n");
	fprintf(out, "Hop  RTT    Lost/Sent = Pct  Lost/Sent = Pct  Address\n");
	fprintf(out, "  0                                           %s\n",
		pathping_local(pp, host, sizeof(host)));
	for (int ttl = 1; ttl <= pp->rows; ttl++) {
		const struct hop *hp = hops_at(&pp->stats, ttl);
		struct hop_loss here, link, node;
		hops_loss(&pp->stats, ttl, &here);
		hops_split_loss(&pp->stats, pp->rows, ttl, &link, &node);
		fprintf(out, "%*s", 27, "");
		print_loss(out, &link);
		fprintf(out, "   |\n");
		if (hp->stats.received)
			fprintf(out, "%3d %4ldms", ttl, (long)num_round(stats_mean_ms(&hp->stats)));
		else
			fprintf(out, "%3d  ---  ", ttl);
		print_loss(out, &here);
		print_loss(out, &node);
		if (hp->n_responders)
			fprintf(out, "  %s%s\n",
				pathping_host(pp, &hp->responders[0].addr, host, sizeof(host)),
				quote_mark(pp, ttl, mark, sizeof(mark)));
		else
			fprintf(out, "  *\n");
	}
	if (pp->interrupted)
		fprintf(out,
			"\nInterrupted after %llu of %ld queries per hop (%s of %s seconds).\n\n",
			(unsigned long long)pp->queries_sent, pp->queries,
			pathping_seconds_text(pp->elapsed_ms, done, sizeof(done)),
			pathping_seconds_text(pp->planned_ms, planned, sizeof(planned)));
	else
		fprintf(out, "\nTrace complete.\n\n");
	pathping_verdict(pp, print_line, out);
}
