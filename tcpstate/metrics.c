/* metrics.c — tcpstate --openmetrics / --prometheus: the census, the listeners' queues,
 * the kernel's listen counters and the findings as one exposition (common/core/metrics.c),
 * from the structs json.c reads. Names and labels are in tcpstate(8), METRICS. */
#include "report.h"

#include <errno.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/metrics.h"

/* Every finding findings*.c can make, so an absent one reads 0, not as no series. */
static const char *const finding_ids[] = {
	"close-wait", "accept-queue-full", "syn-recv",          "syn-flood",
	"syn-sent",   "syn-sent-scan",     "time-wait",         "fin-wait1",
	"fin-wait2",  "last-ack",          "idle-no-keepalive",
};
#define FINDING_IDS (sizeof(finding_ids) / sizeof(finding_ids[0]))

/* metrics_states
 * Sockets per state and family, every state, 0 too. */
static void metrics_states(struct metrics *m, const struct ts_census *c)
{
	static const char *const family[] = {"ipv4", "ipv6"};
	size_t n;
	const unsigned *order = ts_state_order(&n);
	metrics_family(m, "netdx_tcp_sockets", METRICS_GAUGE, NULL,
		       "TCP sockets by state (netstat's names) and family");
	for (size_t i = 0; i < n; i++)
		for (size_t f = 0; f < 2; f++) {
			struct metrics_label l[] = {{"state", ts_state_name(order[i])},
						    {"family", family[f]}};
			metrics_sample(m, l, 2, (double)c->count[order[i]][f]);
		}
}

/* same_listener
 * Do two listeners make the same series (SO_REUSEPORT: one address and port, several
 * sockets)? */
static bool same_listener(const struct ts_listener *a, const struct ts_listener *b)
{
	return a->family == b->family && a->port == b->port && a->who.pid == b->who.pid &&
	       memcmp(a->addr, b->addr, sizeof(a->addr)) == 0;
}

/* metrics_listener_family
 * One family of the listeners: their accept queues (backlog false) or backlogs, the
 * sockets of one address, port and process added up. */
static void metrics_listener_family(struct metrics *m, const struct ts_census *c, bool backlog)
{
	if (backlog)
		metrics_family(m, "netdx_tcp_listener_backlog", METRICS_GAUGE, NULL,
			       "A listener's backlog, as the kernel caps it (netstat's Send-Q)");
	else
		metrics_family(m, "netdx_tcp_listener_queue_length", METRICS_GAUGE, NULL,
			       "Connections waiting for accept() (netstat's Recv-Q)");
	for (size_t i = 0; i < c->nlisteners; i++) {
		const struct ts_listener *l = &c->listeners[i];
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = same_listener(&c->listeners[j], l);
		if (seen)
			continue;
		double v = 0;
		for (size_t j = i; j < c->nlisteners; j++)
			if (same_listener(&c->listeners[j], l))
				v += backlog ? c->listeners[j].backlog : c->listeners[j].waiting;
		char addr[ADDR_STRLEN], port[8], pid[16];
		ts_addr_str(l->family, l->addr, addr, sizeof(addr));
		snprintf(port, sizeof(port), "%u", l->port);
		snprintf(pid, sizeof(pid), "%d", l->who.pid);
		struct metrics_label lb[] = {{"address", addr},
					     {"port", port},
					     {"pid", l->who.pid ? pid : NULL},
					     {"comm", l->who.pid ? l->who.comm : NULL}};
		metrics_sample(m, lb, 4, v);
	}
}

/* metrics_counter
 * One of the kernel's cumulative counters, left out when it could not be read. */
static void metrics_counter(struct metrics *m, const char *name, const char *help, long long v)
{
	if (v < 0)
		return;
	metrics_family(m, name, METRICS_COUNTER, NULL, help);
	metrics_sample(m, NULL, 0, (double)v);
}

/* port_of
 * A finding's "port" figure as text, NULL when it has none. */
static const char *port_of(const struct ts_finding *f, char *buf, size_t len)
{
	for (size_t j = 0; j < f->nfacts; j++)
		if (strcmp(f->facts[j].name, "port") == 0) {
			snprintf(buf, len, "%lld", f->facts[j].value);
			return buf;
		}
	return NULL;
}

/* metrics_findings
 * 1 for each finding that fires, 0 for the others; then the evidence of each finding
 * (the first of one finding and port: the busiest), a gauge per figure. */
static void metrics_findings(struct metrics *m, const struct ts_findings *fs)
{
	metrics_family(m, "netdx_tcp_finding", METRICS_GAUGE, NULL,
		       "1 when the finding is made, 0 when not");
	for (size_t k = 0; k < FINDING_IDS; k++) {
		bool fires = false;
		for (size_t i = 0; i < fs->n && !fires; i++)
			fires = strcmp(fs->v[i].id, finding_ids[k]) == 0;
		struct metrics_label l[] = {{"finding", finding_ids[k]}};
		metrics_sample(m, l, 1, fires);
	}
	metrics_family(m, "netdx_tcp_finding_evidence", METRICS_GAUGE, NULL,
		       "A figure of a finding's evidence (tcpstate --json's evidence)");
	for (size_t i = 0; i < fs->n; i++) {
		char port[24], earlier[24];
		const char *p = port_of(&fs->v[i], port, sizeof(port));
		bool repeat = false;
		for (size_t j = 0; j < i && !repeat; j++) {
			const char *q = port_of(&fs->v[j], earlier, sizeof(earlier));
			repeat = strcmp(fs->v[j].id, fs->v[i].id) == 0 &&
				 (p == q || (p && q && strcmp(p, q) == 0));
		}
		for (size_t j = 0; j < fs->v[i].nfacts && !repeat; j++) {
			struct metrics_label l[] = {{"finding", fs->v[i].id},
						    {"fact", fs->v[i].facts[j].name},
						    {"port", p}};
			metrics_sample(m, l, 3, (double)fs->v[i].facts[j].value);
		}
	}
}

void ts_metrics_print(FILE *f, const struct ts_report *r, bool openmetrics)
{
	struct metrics m;
	metrics_init(&m, openmetrics ? METRICS_OPENMETRICS : METRICS_PROMETHEUS);
	metrics_states(&m, r->census);
	metrics_listener_family(&m, r->census, false);
	metrics_listener_family(&m, r->census, true);
	metrics_family(&m, "netdx_tcp_listeners_not_shown", METRICS_GAUGE, NULL,
		       "Listeners beyond the 4096 kept, counted only");
	metrics_sample(&m, NULL, 0, (double)r->census->listeners_more);
	metrics_counter(&m, "netdx_tcp_listen_overflows",
			"TcpExt ListenOverflows: accept queue full", r->kernel->listen_overflows);
	metrics_counter(&m, "netdx_tcp_listen_drops",
			"TcpExt ListenDrops: SYNs dropped by listeners", r->kernel->listen_drops);
	metrics_counter(&m, "netdx_tcp_syncookies_sent", "TcpExt SyncookiesSent",
			r->kernel->syncookies_sent);
	metrics_family(&m, "netdx_tcp_owners_hidden", METRICS_GAUGE, NULL,
		       "Processes whose descriptors could not be read (run as root to see them)");
	metrics_sample(&m, NULL, 0, r->owners_hidden);
	metrics_findings(&m, r->findings);
	bool ok = metrics_end(&m) && fwrite(m.text, 1, m.len, f) == m.len;
	metrics_free(&m);
	if (!ok)
		cli_die("stdout", "%s", strerror(errno ? errno : ENOMEM));
}
