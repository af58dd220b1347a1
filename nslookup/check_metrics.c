/* check_metrics.c — nslookup --check --openmetrics / --prometheus: the check's figures as
 * one exposition (common/core/metrics.c), from the same struct the JSON reads. Every
 * series has the label server (ADDR#PORT, the port always) and, for a --server given as a
 * name, name. Names and meanings are in nslookup(1), METRICS. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "netdx/dns_host.h"
#include "netdx/dns_msg.h"
#include "netdx/dns_type.h"
#include "netdx/metrics.h"
#include "check.h"

/* The latency histogram's upper bounds: 0.1 ms doubling 20 times to 52.4288 s, so every
 * --timeout (60 s at most) but the longest ends in a bucket of its own. */
#define METRICS_BOUNDS 20
#define METRICS_FIRST_BOUND 0.0001

/* The labels of one server's series, and room for three more. */
struct server_labels {
	char where[ADDR_STRLEN + 8]; /* ADDR#PORT */
	struct metrics_label l[6];   /* server, name (value NULL for a literal), extra */
};

/* metrics_server_labels
 * server="ADDR#PORT" and name="NAME" (left out for a literal). */
static void metrics_server_labels(const struct chk_server *s, struct server_labels *out)
{
	char a[ADDR_STRLEN];

	dns_host_text(&s->addr, a, sizeof(a));
	snprintf(out->where, sizeof(out->where), "%s#%u", a, addr_port(&s->addr));
	out->l[0] = (struct metrics_label){"server", out->where};
	out->l[1] = (struct metrics_label){"name", s->name[0] ? s->name : NULL};
}

/* metrics_xport_labels
 * The server's labels and transport="udp". */
static void metrics_xport_labels(const struct chk_server *s, size_t x, struct server_labels *out)
{
	metrics_server_labels(s, out);
	out->l[2] = (struct metrics_label){"transport", chk_xport((enum chk_xport)x)->name};
}

/* metrics_per_xport
 * One sample per server and transport measured of a gauge or counter family: the
 * unsigned at offset at of its struct chk_lat. */
static void metrics_per_xport(struct metrics *m, const struct chk_result *r, const char *name,
			      enum metrics_type type, const char *help, size_t at)
{
	metrics_family(m, name, type, NULL, help);
	for (size_t i = 0; i < r->n; i++)
		for (size_t x = 0; x < CHK_XPORTS; x++) {
			struct server_labels sl;
			if (!r->xport[x])
				continue;
			metrics_xport_labels(&r->srv[i], x, &sl);
			metrics_sample(m, sl.l, 3,
				       *(const unsigned *)((const char *)&r->srv[i].lat[x] + at));
		}
}

/* metrics_rcodes
 * Answers by rcode: NOERROR, NXDOMAIN, SERVFAIL and REFUSED always (0 too, so a rate
 * can start from the first one), any other rcode once seen. */
static void metrics_rcodes(struct metrics *m, const struct chk_result *r)
{
	char rc[16];

	metrics_family(m, "netdx_dns_check_responses", METRICS_COUNTER, NULL,
		       "Answers to the latency queries, by rcode as BIND names it");
	for (size_t i = 0; i < r->n; i++)
		for (size_t x = 0; x < CHK_XPORTS; x++) {
			const struct chk_lat *l = &r->srv[i].lat[x];
			struct server_labels sl;
			if (!r->xport[x])
				continue;
			metrics_xport_labels(&r->srv[i], x, &sl);
			for (unsigned k = 0; k < CHK_RCODES; k++) {
				bool always = k == DNS_R_NOERROR || k == DNS_R_NXDOMAIN ||
					      k == DNS_R_SERVFAIL || k == DNS_R_REFUSED;
				if (!always && l->rcodes[k] == 0)
					continue;
				sl.l[3] = (struct metrics_label){
					"rcode", dns_rcode_to_text(k, rc, sizeof(rc))};
				metrics_sample(m, sl.l, 4, l->rcodes[k]);
			}
		}
}

/* metrics_latency
 * The answered latency queries' round-trip times, a histogram per server. */
static void metrics_latency(struct metrics *m, const struct chk_result *r)
{
	double bounds[METRICS_BOUNDS];
	uint64_t counts[METRICS_BOUNDS + 1];

	for (size_t b = 0; b < METRICS_BOUNDS; b++)
		bounds[b] = METRICS_FIRST_BOUND * (double)(1u << b);
	metrics_family(m, "netdx_dns_check_response_duration_seconds", METRICS_HISTOGRAM, "seconds",
		       "Round-trip time of the answered latency queries");
	for (size_t i = 0; i < r->n; i++)
		for (size_t x = 0; x < CHK_XPORTS; x++) {
			const struct chk_lat *l = &r->srv[i].lat[x];
			struct metrics_hist h = {bounds, counts, METRICS_BOUNDS, 0};
			struct server_labels sl;
			if (!r->xport[x])
				continue;
			memset(counts, 0, sizeof(counts));
			for (unsigned k = 0; k < l->answered; k++) {
				double sec = l->rtt_ms[k] / 1000.0;
				size_t b = 0;
				while (b < METRICS_BOUNDS && sec > bounds[b])
					b++;
				counts[b]++;
				h.sum += sec;
			}
			metrics_xport_labels(&r->srv[i], x, &sl);
			metrics_histogram(m, sl.l, 3, &h);
		}
}

/* metrics_tri
 * A yes/no test's word: "yes", "no", or "unknown" when it could not be made. */
static const char *metrics_tri(enum chk_tri t)
{
	return t == CHK_YES ? "yes" : t == CHK_NO ? "no" : "unknown";
}

/* metrics_stateset
 * One series per possible result of a test (words[0..n)), 1 for the one that holds. */
static void metrics_stateset(struct metrics *m, struct server_labels *sl, const char *check,
			     const char *const *words, size_t n, const char *holds)
{
	sl->l[2] = (struct metrics_label){"check", check};
	for (size_t k = 0; k < n; k++) {
		sl->l[3] = (struct metrics_label){"result", words[k]};
		metrics_sample(m, sl->l, 4, strcmp(words[k], holds) == 0);
	}
}

/* metrics_results
 * The tests' outcomes, each check by its JSON name, results as the JSON's (true: yes,
 * false: no, null: unknown; truncation's words). */
static void metrics_results(struct metrics *m, const struct chk_result *r)
{
	static const char *const tri[] = {"yes", "no", "unknown"};
	static const char *const tc[] = {"ok", "fits", "no-TC", "no-TCP", "unknown"};
	static const char *const tc_of[] = {
		[CHK_TC_UNKNOWN] = "unknown",   [CHK_TC_OK] = "ok",
		[CHK_TC_FITS] = "fits",         [CHK_TC_NO_FLAG] = "no-TC",
		[CHK_TC_TCP_FAILED] = "no-TCP",
	};

	metrics_family(m, "netdx_dns_check_result", METRICS_GAUGE, NULL,
		       "1 for the outcome of the check that holds, 0 for the others");
	for (size_t i = 0; i < r->n; i++) {
		const struct chk_server *s = &r->srv[i];
		struct server_labels sl;
		metrics_server_labels(s, &sl);
		metrics_stateset(m, &sl, "recursion", tri, 3, metrics_tri(s->ra));
		metrics_stateset(m, &sl, "edns", tri, 3, metrics_tri(s->edns));
		metrics_stateset(m, &sl, "tcp", tri, 3, metrics_tri(s->tcp));
		metrics_stateset(m, &sl, "truncation", tc, 5, tc_of[s->tc]);
		metrics_stateset(m, &sl, "dnssec_validation", tri, 3, metrics_tri(s->ad));
		metrics_stateset(m, &sl, "nxdomain_ok", tri, 3, metrics_tri(s->nx_ok));
		metrics_stateset(m, &sl, "consistent", tri, 3, metrics_tri(s->consistent));
	}
}

/* metrics_verdicts
 * Each server's status (ok, warning, failure) and its findings by severity. */
static void metrics_verdicts(struct metrics *m, const struct chk_result *r,
			     const struct chk_verdict *v)
{
	static const char *const status[] = {"ok", "warning", "failure"};

	metrics_family(m, "netdx_dns_check_status", METRICS_GAUGE, NULL,
		       "1 for the server's status (its worst finding), 0 for the others");
	for (size_t i = 0; i < r->n; i++) {
		struct server_labels sl;
		metrics_server_labels(&r->srv[i], &sl);
		for (size_t k = 0; k < 3; k++) {
			sl.l[2] = (struct metrics_label){"status", status[k]};
			metrics_sample(m, sl.l, 3, strcmp(status[k], v[i].status) == 0);
		}
	}
	metrics_family(m, "netdx_dns_check_findings", METRICS_GAUGE, NULL,
		       "Findings about the server, by severity");
	for (size_t i = 0; i < r->n; i++) {
		const unsigned n[] = {v[i].failures, v[i].warnings, v[i].infos};
		static const char *const sev[] = {"failure", "warning", "info"};
		struct server_labels sl;
		metrics_server_labels(&r->srv[i], &sl);
		for (size_t k = 0; k < 3; k++) {
			sl.l[2] = (struct metrics_label){"severity", sev[k]};
			metrics_sample(m, sl.l, 3, n[k]);
		}
	}
}

/* metrics_edns_size
 * The UDP payload size a server with EDNS0 announces (no series without EDNS0). */
static void metrics_edns_size(struct metrics *m, const struct chk_result *r)
{
	metrics_family(m, "netdx_dns_check_edns_udp_size_bytes", METRICS_GAUGE, "bytes",
		       "UDP payload size in the server's OPT record");
	for (size_t i = 0; i < r->n; i++) {
		struct server_labels sl;
		if (r->srv[i].edns != CHK_YES)
			continue;
		metrics_server_labels(&r->srv[i], &sl);
		metrics_sample(m, sl.l, 2, r->srv[i].edns_size);
	}
}

/* xport_samples
 * One sample per server and transport checked: value's figure, none where it is NAN. */
static void xport_samples(struct metrics *m, const struct chk_result *r,
			  double (*value)(const struct chk_lat *))
{
	for (size_t i = 0; i < r->n; i++)
		for (size_t x = 0; x < CHK_XPORTS; x++) {
			struct server_labels sl;
			double v = r->xport[x] ? value(&r->srv[i].lat[x]) : NAN;
			if (isnan(v))
				continue;
			metrics_xport_labels(&r->srv[i], x, &sl);
			metrics_sample(m, sl.l, 3, v);
		}
}

static double miss_sent(const struct chk_lat *l)
{
	return (double)l->miss.sent;
}

static double miss_received(const struct chk_lat *l)
{
	return (double)l->miss.received;
}

static double answer_ttl(const struct chk_lat *l)
{
	return l->ttl < 0 ? NAN : (double)l->ttl;
}

/* metrics_cache_miss
 * The cache-miss queries (a random label each): sent, answered, and their mean RTT
 * beside the cache hits' (the latency queries'). */
static void metrics_cache_miss(struct metrics *m, const struct chk_result *r)
{
	static const char *const kind[] = {"miss", "hit"};

	metrics_family(m, "netdx_dns_check_cache_miss_queries", METRICS_COUNTER, NULL,
		       "Cache-miss queries sent (a random label under the name asked)");
	xport_samples(m, r, miss_sent);
	metrics_family(m, "netdx_dns_check_cache_miss_responses", METRICS_COUNTER, NULL,
		       "Cache-miss queries answered (any rcode)");
	xport_samples(m, r, miss_received);
	metrics_family(m, "netdx_dns_check_mean_response_seconds", METRICS_GAUGE, "seconds",
		       "Mean round-trip time of the answered queries, cache misses and hits "
		       "(no series when none was answered)");
	for (size_t i = 0; i < r->n; i++)
		for (size_t x = 0; x < CHK_XPORTS; x++) {
			const struct chk_lat *l = &r->srv[i].lat[x];
			const struct stats *st[] = {&l->miss, &l->rtt};
			struct server_labels sl;
			if (!r->xport[x])
				continue;
			metrics_xport_labels(&r->srv[i], x, &sl);
			for (size_t k = 0; k < 2; k++) {
				if (st[k]->received == 0)
					continue;
				sl.l[3] = (struct metrics_label){"cache", kind[k]};
				metrics_sample(m, sl.l, 4, stats_mean_ms(st[k]) / 1000.0);
			}
		}
}

/* metrics_answer
 * The first answer's TTL (when it has a record) and its header flags, one series per
 * flag, as dnseval shows them. */
static void metrics_answer(struct metrics *m, const struct chk_result *r)
{
	metrics_family(m, "netdx_dns_check_answer_ttl_seconds", METRICS_GAUGE, "seconds",
		       "TTL of the first answer record of the first latency answer");
	xport_samples(m, r, answer_ttl);
	metrics_family(m, "netdx_dns_check_answer_flag", METRICS_GAUGE, NULL,
		       "1 for a header flag set in the first latency answer, 0 for one clear");
	for (size_t i = 0; i < r->n; i++)
		for (size_t x = 0; x < CHK_XPORTS; x++) {
			struct server_labels sl;
			int f = r->srv[i].lat[x].flags;
			if (!r->xport[x] || f < 0)
				continue;
			metrics_xport_labels(&r->srv[i], x, &sl);
			for (size_t k = 0; k < CHK_N_FLAGS; k++) {
				sl.l[3] = (struct metrics_label){"flag", chk_flags[k].name};
				metrics_sample(m, sl.l, 4, (f & chk_flags[k].bit) != 0);
			}
		}
}

/* metrics_identity
 * What each server says it is: NSID, id.server, hostname.bind, and with --whoami the
 * egress address its queries come from (an empty value when it said nothing), as one
 * series of value 1. */
static void metrics_identity(struct metrics *m, const struct chk_result *r)
{
	metrics_family(m, "netdx_dns_check_identity", METRICS_GAUGE, NULL,
		       "1, labelled with the server's NSID, CH TXT id.server and hostname.bind, "
		       "and the egress address --whoami's name saw");
	for (size_t i = 0; i < r->n; i++) {
		const struct chk_server *s = &r->srv[i];
		struct server_labels sl;
		metrics_server_labels(s, &sl);
		sl.l[2] = (struct metrics_label){"nsid", s->nsid};
		sl.l[3] = (struct metrics_label){"id_server", s->id_server};
		sl.l[4] = (struct metrics_label){"hostname_bind", s->hostname_bind};
		sl.l[5] = (struct metrics_label){"egress", s->egress};
		metrics_sample(m, sl.l, r->whoami[0] ? 6 : 5, 1);
	}
}

/* metrics_intercept
 * --intercept: whether the address where no resolver runs answered (no series without
 * the option). */
static void metrics_intercept(struct metrics *m, const struct chk_result *r)
{
	static const char *const words[] = {"yes", "no", "unknown"};
	const struct chk_intercept *ic = &r->intercept;
	struct metrics_label l[2];

	if (!ic->asked)
		return;
	metrics_family(m, "netdx_dns_check_intercepted", METRICS_GAUGE, NULL,
		       "1 for the outcome that holds: yes when an address where no resolver "
		       "runs answered DNS (something on the path intercepts port 53)");
	l[0] = (struct metrics_label){"address", ic->where};
	for (size_t k = 0; k < 3; k++) {
		l[1] = (struct metrics_label){"result", words[k]};
		metrics_sample(m, l, 2, strcmp(words[k], metrics_tri(ic->answered)) == 0);
	}
}

bool check_metrics_emit(const struct chk_result *r, const struct chk_verdict *v, bool openmetrics)
{
	struct metrics m;

	metrics_init(&m, openmetrics ? METRICS_OPENMETRICS : METRICS_PROMETHEUS);
	metrics_per_xport(&m, r, "netdx_dns_check_queries", METRICS_COUNTER, "Latency queries sent",
			  offsetof(struct chk_lat, sent));
	metrics_rcodes(&m, r);
	metrics_per_xport(&m, r, "netdx_dns_check_timeouts", METRICS_COUNTER,
			  "Latency queries without an answer in time",
			  offsetof(struct chk_lat, timeouts));
	metrics_per_xport(&m, r, "netdx_dns_check_errors", METRICS_COUNTER,
			  "Latency queries failed: a socket error or a malformed answer",
			  offsetof(struct chk_lat, neterr));
	metrics_per_xport(&m, r, "netdx_dns_check_port_unreachable", METRICS_COUNTER,
			  "Latency queries answered by ICMP port unreachable (among the errors)",
			  offsetof(struct chk_lat, port_closed));
	metrics_latency(&m, r);
	metrics_cache_miss(&m, r);
	metrics_answer(&m, r);
	metrics_identity(&m, r);
	metrics_intercept(&m, r);
	metrics_results(&m, r);
	metrics_edns_size(&m, r);
	metrics_verdicts(&m, r, v);
	metrics_family(&m, "netdx_dns_check_duration_seconds", METRICS_GAUGE, "seconds",
		       "Wall time of the whole check");
	metrics_sample(&m, NULL, 0, r->elapsed_ms / 1000.0);
	bool ok =
		metrics_end(&m) && fwrite(m.text, 1, m.len, stdout) == m.len && fflush(stdout) == 0;
	metrics_free(&m);
	return ok;
}
