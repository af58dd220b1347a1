/* expo.c — --openmetrics and --prometheus: smokeping_prober 0.6.1's families, named
 * and labelled as it serves them (so its Grafana dashboards work), then netdx's own
 * under netdx_ping_. Every figure comes from the struct the JSON is written from (one
 * target: struct ping_summary; a sweep: struct ping_target), in base units. */
#include "ping.h"

#include <stdio.h>

#include "netdx/cli.h"
#include "netdx/metrics_http.h"
#include "netdx/probe.h"

/* One target's figures, whichever mode measured them. */
struct expo_row {
	const char *host, *ip;              /* labels: as given, and the address */
	uint64_t sent;                      /* probes sent */
	uint64_t received;                  /* first replies */
	uint64_t duplicates;                /* further replies */
	uint64_t errors;                    /* ICMP errors instead of replies */
	bool rtt;                           /* min/avg/max known */
	double min_s, avg_s, max_s;         /* RTT figures, seconds */
	const struct stats *st;             /* one target: mdev, jitter, percentiles; NULL */
	double mdev_s;                      /* iputils' mdev (with st) */
	int last_ttl;                       /* latest reply's TTL, -1: none */
	int hops_ttl;                       /* the TTL the JSON infers hops from, -1: none */
	const struct metrics_latency *hist; /* RTTs of first replies */
};

/* A family of plain samples, and how to read its value from a row (false: no sample). */
struct expo_family {
	const char *name;
	enum metrics_type type;
	const char *unit; /* NULL: none */
	const char *help;
	bool (*get)(const struct expo_row *r, double *v);
};

/* The getters: one figure of a row each. */
static bool get_sent(const struct expo_row *r, double *v)
{
	return *v = (double)r->sent, true;
}
static bool get_duplicates(const struct expo_row *r, double *v)
{
	return *v = (double)r->duplicates, true;
}
static bool get_ttl(const struct expo_row *r, double *v)
{
	return *v = r->last_ttl, r->last_ttl >= 0;
}
static bool get_received(const struct expo_row *r, double *v)
{
	return *v = (double)r->received, true;
}
static bool get_errors(const struct expo_row *r, double *v)
{
	return *v = (double)r->errors, true;
}
static bool get_loss(const struct expo_row *r, double *v)
{
	uint64_t got = r->received < r->sent ? r->received : r->sent;
	return *v = r->sent ? (double)(r->sent - got) / (double)r->sent : 0, r->sent > 0;
}
static bool get_min(const struct expo_row *r, double *v)
{
	return *v = r->min_s, r->rtt;
}
static bool get_avg(const struct expo_row *r, double *v)
{
	return *v = r->avg_s, r->rtt;
}
static bool get_max(const struct expo_row *r, double *v)
{
	return *v = r->max_s, r->rtt;
}
static bool get_mdev(const struct expo_row *r, double *v)
{
	return *v = r->mdev_s, r->rtt && r->st;
}
static bool get_jitter_avg(const struct expo_row *r, double *v)
{
	return r->rtt && r->st && (*v = stats_jitter_avg_ms(r->st) / 1e3, true);
}
static bool get_jitter_max(const struct expo_row *r, double *v)
{
	return r->rtt && r->st && (*v = r->st->jitter_max_ms / 1e3, true);
}
static bool get_p50(const struct expo_row *r, double *v)
{
	return r->rtt && r->st && (*v = stats_percentile_ms(r->st, 50) / 1e3, true);
}
static bool get_p90(const struct expo_row *r, double *v)
{
	return r->rtt && r->st && (*v = stats_percentile_ms(r->st, 90) / 1e3, true);
}
static bool get_p99(const struct expo_row *r, double *v)
{
	return r->rtt && r->st && (*v = stats_percentile_ms(r->st, 99) / 1e3, true);
}
static bool get_reordered(const struct expo_row *r, double *v)
{
	return r->st && (*v = (double)r->st->reordered, true);
}
static bool get_hops(const struct expo_row *r, double *v)
{
	int initial, hops;
	if (r->hops_ttl < 0 || !stats_infer_hops(r->hops_ttl, &initial, &hops))
		return false;
	return *v = hops, true;
}

/* Every per-target family in the order written: smokeping_prober's (help texts as it
 * serves them; get NULL: its latency histogram), then netdx's own, what ping --json
 * reports of a target. */
/* clang-format off */
static const struct expo_family families[] = {
	{"smokeping_requests", METRICS_COUNTER, NULL, "Number of ping requests sent", get_sent},
	{"smokeping_response_duration_seconds", METRICS_HISTOGRAM, "seconds", "A histogram of latencies for ping responses.", NULL},
	{"smokeping_response_duplicates", METRICS_COUNTER, NULL,
	 "The number of duplicated response packets.", get_duplicates},
	{"smokeping_response_ttl", METRICS_GAUGE, NULL, "The last response Time To Live (TTL).",
	 get_ttl},
	{"netdx_ping_replies", METRICS_COUNTER, NULL, "First replies received (duplicates not included).", get_received},
	{"netdx_ping_errors", METRICS_COUNTER, NULL, "ICMP errors received instead of replies.", get_errors},
	{"netdx_ping_loss_ratio", METRICS_GAUGE, "ratio", "Probes without a reply, of those sent (0-1).", get_loss},
	{"netdx_ping_rtt_min_seconds", METRICS_GAUGE, "seconds", "Smallest round-trip time.", get_min},
	{"netdx_ping_rtt_avg_seconds", METRICS_GAUGE, "seconds", "Mean round-trip time.", get_avg},
	{"netdx_ping_rtt_max_seconds", METRICS_GAUGE, "seconds", "Largest round-trip time.", get_max},
	{"netdx_ping_rtt_mdev_seconds", METRICS_GAUGE, "seconds", "Mean deviation of the round-trip time, as iputils ping computes it.", get_mdev},
	{"netdx_ping_rtt_p50_seconds", METRICS_GAUGE, "seconds", "Median round-trip time (within 1%).", get_p50},
	{"netdx_ping_rtt_p90_seconds", METRICS_GAUGE, "seconds", "90th percentile of the round-trip time (within 1%).", get_p90},
	{"netdx_ping_rtt_p99_seconds", METRICS_GAUGE, "seconds", "99th percentile of the round-trip time (within 1%).", get_p99},
	{"netdx_ping_jitter_avg_seconds", METRICS_GAUGE, "seconds", "Mean difference between consecutive round-trip times.", get_jitter_avg},
	{"netdx_ping_jitter_max_seconds", METRICS_GAUGE, "seconds", "Largest difference between consecutive round-trip times.", get_jitter_max},
	{"netdx_ping_reordered", METRICS_COUNTER, NULL, "First replies that came after a reply to a later probe.", get_reordered},
	{"netdx_ping_hops", METRICS_GAUGE, NULL, "Hops to the target inferred from the reply TTL.", get_hops},
};
/* clang-format on */

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Where the rows come from: n of them, row k made when wanted (text: room for its
 * two labels), so a part reads each target's figures as they are then. */
struct expo_rows {
	size_t n;
	struct expo_row (*row)(const void *arg, size_t k, char text[2][ADDR_STRLEN]);
	const void *arg;
};

/* put_item
 * Family f's series of row k, its # HELP and # TYPE first if none came before; a row
 * without the figure has none (a family no row has is left out, histogram aside). */
static void put_item(struct metrics *m, const struct expo_family *f, const struct expo_rows *rows,
		     size_t k, bool *started)
{
	char text[2][ADDR_STRLEN];
	struct expo_row r = rows->row(rows->arg, k, text);
	double v = 0;
	if (f->get && !f->get(&r, &v))
		return;
	if (!*started)
		metrics_family(m, f->name, f->type, f->unit, f->help);
	*started = true;
	const struct metrics_label l[] = {{"host", r.host}, {"ip", r.ip}};
	if (f->get) {
		metrics_sample(m, l, 2, v);
		return;
	}
	struct metrics_hist h = metrics_latency_view(r.hist);
	metrics_histogram(m, l, 2, &h);
}

/* put_rows
 * The per-target families from c on, family-major (each family's series together),
 * until a part is full (false) or all are written (true). */
static bool put_rows(struct metrics *m, const struct expo_rows *rows, struct metrics_cursor *c)
{
	size_t start = m->len;
	for (; c->family < N(families); c->family++, c->item = 0, c->started = false) {
		const struct expo_family *f = &families[c->family];
		if (!f->get && !c->started) /* the histogram's lines even with no target */
			metrics_family(m, f->name, f->type, f->unit, f->help);
		c->started |= !f->get;
		for (; c->item < rows->n; c->item++) {
			if (c->part_bytes && m->len - start >= c->part_bytes)
				return false;
			put_item(m, f, rows, c->item, &c->started);
		}
	}
	return true;
}

/* put_counter
 * One unlabelled counter family. */
static void put_counter(struct metrics *m, const char *name, const char *help, uint64_t v)
{
	metrics_family(m, name, METRICS_COUNTER, NULL, help);
	metrics_sample(m, NULL, 0, (double)v);
}

/* put_engine
 * What the engines dropped or failed to send (c6 may be NULL). */
static void put_engine(struct metrics *m, const struct probe_counters *c4,
		       const struct probe_counters *c6)
{
	const struct probe_counters none = {0};
	const struct probe_counters *a = c4 ? c4 : &none, *b = c6 ? c6 : &none;
	put_counter(m, "netdx_ping_foreign_packets",
		    "Well-formed packets that answered no probe of ours (dropped).",
		    a->foreign + b->foreign);
	put_counter(m, "netdx_ping_malformed_packets",
		    "Packets that could not be parsed (dropped).", a->malformed + b->malformed);
	put_counter(m, "netdx_ping_send_errors", "Probes the kernel refused to send.",
		    a->send_errors + b->send_errors);
}

/* fixed_row
 * The one row of a single target's summary. */
static struct expo_row fixed_row(const void *arg, size_t k, char text[2][ADDR_STRLEN])
{
	(void)k, (void)text;
	return *(const struct expo_row *)arg;
}

/* ping_expo_summary
 * One target's exposition, from its summary. */
void ping_expo_summary(struct metrics *m, const struct ping_summary *s)
{
	const struct stats *st = s->st;
	struct stats_iputils r;
	struct expo_row row = {
		.host = s->target,
		.ip = s->address,
		.sent = s->transmitted,
		.received = st->received,
		.duplicates = st->duplicates,
		.errors = st->errors,
		.rtt = s->timed && st->received && stats_iputils(st, &r),
		.st = st,
		.last_ttl = s->last_ttl,
		.hops_ttl = s->ttl,
		.hist = s->hist,
	};
	if (row.rtt) {
		row.min_s = r.min_us / 1e6;
		row.avg_s = r.avg_us / 1e6;
		row.max_s = r.max_us / 1e6;
		row.mdev_s = r.mdev_us / 1e6;
	}
	struct expo_rows rows = {.n = 1, .row = fixed_row, .arg = &row};
	struct metrics_cursor c = {0};
	put_rows(m, &rows, &c);
	put_engine(m, s->counters, NULL);
}

/* sweep_row
 * Target k's row of a sweep (a struct ping_expo_sweep), as its counts are now. */
static struct expo_row sweep_row(const void *arg, size_t k, char text[2][ADDR_STRLEN])
{
	const struct ping_expo_sweep *x = arg;
	const struct ping_target *t = &x->t->v[k];
	struct expo_row row = {
		.host = ping_target_label(t, text[0], ADDR_STRLEN),
		.ip = addr_to_str(&t->addr, text[1], ADDR_STRLEN),
		.sent = t->sent,
		.received = t->received,
		.duplicates = t->duplicates,
		.errors = t->errors,
		.rtt = t->received > 0,
		.last_ttl = t->last_ttl,
		.hops_ttl = t->last_ttl,
		.hist = &x->hists[k],
	};
	if (row.rtt) {
		row.min_s = t->min_ms / 1e3;
		row.avg_s = t->sum_ms / t->received / 1e3;
		row.max_s = t->max_ms / 1e3;
	}
	return row;
}

/* put_targets
 * A sweep's targets by state: alive, unreachable, and names that did not resolve. */
static void put_targets(struct metrics *m, const struct ping_overall *ov)
{
	metrics_family(m, "netdx_ping_targets", METRICS_GAUGE, NULL,
		       "Targets of the sweep: answering, not answering, names not resolved.");
	const struct {
		const char *state;
		size_t n;
	} v[] = {{"alive", ov->alive},
		 {"unreachable", ov->resolved - ov->alive},
		 {"unresolved", ov->unresolved}};
	for (size_t i = 0; i < N(v); i++) {
		const struct metrics_label l[] = {{"state", v[i].state}};
		metrics_sample(m, l, 1, (double)v[i].n);
	}
}

/* ping_expo_sweep_part
 * A sweep's exposition from c on: every target's families, then the overall counts and
 * the engines' (small: in the last part). */
bool ping_expo_sweep_part(struct metrics *m, const struct ping_expo_sweep *x,
			  struct metrics_cursor *c)
{
	struct expo_rows rows = {.n = x->t->n, .row = sweep_row, .arg = x};
	if (!put_rows(m, &rows, c))
		return false;
	put_targets(m, x->ov);
	put_engine(m, x->c4, x->c6);
	return true;
}

/* ping_expo_sweep
 * A sweep's exposition, whole. */
void ping_expo_sweep(struct metrics *m, const struct ping_expo_sweep *x)
{
	struct metrics_cursor c = {0};
	ping_expo_sweep_part(m, x, &c);
}

/* ping_expo_print
 * End the exposition and print it. */
void ping_expo_print(struct metrics *m)
{
	if (!metrics_end(m))
		cli_die(NULL, "out of memory for the exposition");
	fputs(m->text, stdout);
	fflush(stdout);
}
