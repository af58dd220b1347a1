/* expo.c — --openmetrics and --prometheus: smokeping_prober 0.6.1's families, named
 * and labelled as it serves them (so its Grafana dashboards work), then netdx's own
 * under netdx_ping_. Every figure comes from the struct the JSON is written from (one
 * target: struct ping_summary; a sweep: struct ping_target), in base units. */
#include "ping.h"

#include <stdio.h>
#include <stdlib.h>

#include "netdx/cli.h"
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

/* smokeping_prober's, before and after its histogram (help texts as it serves them). */
/* clang-format off */
static const struct expo_family smokeping_before[] = {
	{"smokeping_requests", METRICS_COUNTER, NULL, "Number of ping requests sent", get_sent},
};
static const struct expo_family smokeping_after[] = {
	{"smokeping_response_duplicates", METRICS_COUNTER, NULL,
	 "The number of duplicated response packets.", get_duplicates},
	{"smokeping_response_ttl", METRICS_GAUGE, NULL, "The last response Time To Live (TTL).",
	 get_ttl},
};
/* netdx's own: what ping --json reports of a target. */
static const struct expo_family netdx[] = {
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

/* put_families
 * Each family with a sample for every row that has the figure; a family no row has is
 * left out. */
static void put_families(struct metrics *m, const struct expo_family *f, size_t nf,
			 const struct expo_row *rows, size_t n)
{
	for (size_t i = 0; i < nf; i++) {
		bool started = false;
		for (size_t k = 0; k < n; k++) {
			double v;
			if (!f[i].get(&rows[k], &v))
				continue;
			if (!started)
				metrics_family(m, f[i].name, f[i].type, f[i].unit, f[i].help);
			started = true;
			const struct metrics_label l[] = {{"host", rows[k].host},
							  {"ip", rows[k].ip}};
			metrics_sample(m, l, 2, v);
		}
	}
}

/* put_rows
 * smokeping_prober's families (its histogram among them), then netdx's. */
static void put_rows(struct metrics *m, const struct expo_row *rows, size_t n)
{
	put_families(m, smokeping_before, N(smokeping_before), rows, n);
	metrics_family(m, "smokeping_response_duration_seconds", METRICS_HISTOGRAM, "seconds",
		       "A histogram of latencies for ping responses.");
	for (size_t k = 0; k < n; k++) {
		const struct metrics_label l[] = {{"host", rows[k].host}, {"ip", rows[k].ip}};
		struct metrics_hist h = metrics_latency_view(rows[k].hist);
		metrics_histogram(m, l, 2, &h);
	}
	put_families(m, smokeping_after, N(smokeping_after), rows, n);
	put_families(m, netdx, N(netdx), rows, n);
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
	put_rows(m, &row, 1);
	put_engine(m, s->counters, NULL);
}

/* sweep_row
 * A sweep target's row (addr: room for its address text). */
static struct expo_row sweep_row(const struct ping_target *t, const struct metrics_latency *h,
				 char *label, char *addr)
{
	struct expo_row row = {
		.host = ping_target_label(t, label, ADDR_STRLEN),
		.ip = addr_to_str(&t->addr, addr, ADDR_STRLEN),
		.sent = t->sent,
		.received = t->received,
		.duplicates = t->duplicates,
		.errors = t->errors,
		.rtt = t->received > 0,
		.last_ttl = t->last_ttl,
		.hops_ttl = t->last_ttl,
		.hist = h,
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

/* ping_expo_sweep
 * A sweep's exposition: every target, the overall counts, the engines'. */
void ping_expo_sweep(struct metrics *m, const struct ping_expo_sweep *x)
{
	size_t n = x->t->n;
	struct expo_row *rows = calloc(n ? n : 1, sizeof(*rows));
	char(*text)[2][ADDR_STRLEN] = calloc(n ? n : 1, sizeof(*text));
	if (!rows || !text) {
		m->nomem = true; /* the exposition is refused as incomplete */
		free(rows);
		free(text);
		return;
	}
	for (size_t i = 0; i < n; i++)
		rows[i] = sweep_row(&x->t->v[i], &x->hists[i], text[i][0], text[i][1]);
	put_rows(m, rows, n);
	put_targets(m, x->ov);
	put_engine(m, x->c4, x->c6);
	free(rows);
	free(text);
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
