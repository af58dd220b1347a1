/* findings_close.c — findings on the way out of a connection: TIME_WAIT eating the local
 * port range, and FIN_WAIT1, FIN_WAIT2 and LAST_ACK sockets left behind. */
#include <stddef.h>

#include "findings_kit.h"

/* time_wait_pressure
 * Finding 3: TIME_WAIT toward one destination address:port holds a large share of the
 * local port range; once it is used up, connect() fails with EADDRNOTAVAIL. */
static void time_wait_pressure(const struct ts_census *c, const struct ts_kernel *k,
			       const struct ts_thresholds *th, struct ts_findings *out)
{
	if (k->port_lo < 0 || k->port_hi < k->port_lo)
		return;
	long range = k->port_hi - k->port_lo + 1;
	long need = (range * th->time_wait_pct + 99) / 100;
	const struct ts_entry *top[TS_FINDINGS_MAX];
	size_t n = ts_table_top(&c->dests[TCP_DIAG_TIME_WAIT], top, TS_FINDINGS_MAX);
	for (size_t i = 0; i < n && top[i]->count >= need; i++) {
		struct ts_finding *f = ts_finding_new(out, "time-wait");
		if (!f)
			return;
		char addr[ADDR_STRLEN];
		ts_addr_str(top[i]->key.family, top[i]->key.addr, addr, sizeof(addr));
		ts_finding_say(f->summary, sizeof(f->summary),
			       "%u connections to %s port %u are in TIME_WAIT, %ld%% of the %ld "
			       "local ports (ip_local_port_range %ld %ld): when they run out, "
			       "connect() to it fails with EADDRNOTAVAIL (Cannot assign requested "
			       "address)",
			       top[i]->count, addr, (unsigned)top[i]->key.port,
			       top[i]->count * 100 / range, range, k->port_lo, k->port_hi);
		ts_finding_say(f->advice, sizeof(f->advice),
			       "reuse connections (keep-alive, pooling) instead of one per "
			       "request; net.ipv4.tcp_tw_reuse=1 lets new outgoing connections "
			       "take TIME_WAIT ports safely (timestamps); widen "
			       "ip_local_port_range. tcp_tw_recycle is gone: it broke clients "
			       "behind NAT and was removed in Linux 4.12");
		ts_finding_fact(f, "time_wait", top[i]->count);
		ts_finding_fact(f, "port", top[i]->key.port);
		ts_finding_fact(f, "local_ports", range);
		ts_finding_fact(f, "tcp_tw_reuse", k->tw_reuse);
		ts_finding_fact(f, "threshold_pct", th->time_wait_pct);
	}
}

/* A state whose sockets should not pile up, what a pile means and what to do. */
struct leftover {
	unsigned state;      /* FIN_WAIT1, FIN_WAIT2 or LAST_ACK */
	const char *id;      /* the finding's id */
	size_t min_at;       /* offsetof the threshold in struct ts_thresholds */
	const char *meaning; /* what a pile of them says */
	const char *advice;  /* what to do */
	const char *sysctl;  /* the kernel setting that bounds them */
	size_t sysctl_at;    /* offsetof its value in struct ts_kernel */
};

static const struct leftover leftovers[] = {
	{TCP_DIAG_FIN_WAIT1, "fin-wait1", offsetof(struct ts_thresholds, fin_wait_min),
	 "this side closed and its FIN is not acknowledged: the peer is gone, the path drops "
	 "it, or the peer's window is closed; orphans count against tcp_max_orphans",
	 "check the path to that peer and whether it is alive; near tcp_max_orphans the "
	 "kernel resets connections (\"too many orphaned sockets\")",
	 "tcp_max_orphans", offsetof(struct ts_kernel, max_orphans)},
	{TCP_DIAG_FIN_WAIT2, "fin-wait2", offsetof(struct ts_thresholds, fin_wait_min),
	 "this side closed, the peer acknowledged but has not closed: its application holds "
	 "them in CLOSE_WAIT, or it vanished; orphans go after tcp_fin_timeout",
	 "run tcpstate on the peer (a CLOSE_WAIT leak there); sockets this side still holds "
	 "stay until the peer closes or the application exits",
	 "tcp_fin_timeout", offsetof(struct ts_kernel, fin_timeout)},
	{TCP_DIAG_LAST_ACK, "last-ack", offsetof(struct ts_thresholds, last_ack_min),
	 "the peers closed, this side answered with its FIN and the last ACK never came: "
	 "clients that vanished mid-close (or a path that drops it)",
	 "they go once the FIN retransmissions give up; many from one peer point at it or at "
	 "the path to it (NAT or firewall timeouts)",
	 "tcp_orphan_retries", offsetof(struct ts_kernel, orphan_retries)},
};

/* leftover_finding
 * Finding 5 for one state: at least its threshold of sockets, with the busiest peer. */
static void leftover_finding(const struct leftover *l, const struct ts_census *c,
			     const struct ts_kernel *k, const struct ts_thresholds *th,
			     struct ts_findings *out)
{
	long min = *(const long *)((const char *)th + l->min_at);
	uint64_t n = c->count[l->state][0] + c->count[l->state][1];
	const struct ts_entry *peer = ts_finding_top(&c->peers[l->state]);
	if (n < (uint64_t)min || !peer)
		return;
	struct ts_finding *f = ts_finding_new(out, l->id);
	if (!f)
		return;
	char addr[ADDR_STRLEN];
	ts_addr_str(peer->key.family, peer->key.addr, addr, sizeof(addr));
	ts_finding_say(f->summary, sizeof(f->summary),
		       "%llu connections in %s (%llu orphaned: no process holds them), %u of "
		       "them with %s: %s",
		       (unsigned long long)n, ts_state_name(l->state),
		       (unsigned long long)c->orphans[l->state], peer->count, addr, l->meaning);
	ts_finding_say(f->advice, sizeof(f->advice), "%s", l->advice);
	ts_finding_fact(f, "count", (long long)n);
	ts_finding_fact(f, "orphans", (long long)c->orphans[l->state]);
	ts_finding_fact(f, l->sysctl, *(const long *)((const char *)k + l->sysctl_at));
	ts_finding_fact(f, "threshold", min);
}

void ts_find_closing(const struct ts_census *c, const struct ts_kernel *k,
		     const struct ts_thresholds *th, struct ts_findings *out)
{
	time_wait_pressure(c, k, th, out);
	for (size_t i = 0; i < sizeof(leftovers) / sizeof(leftovers[0]); i++)
		leftover_finding(&leftovers[i], c, k, th, out);
}
