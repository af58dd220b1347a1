/* findings.c — the diagnoses (see findings.h): CLOSE_WAIT leaks, full accept queues,
 * half-open connections (flood or lost ACKs), TIME_WAIT pressure on the port range. */
#include "findings.h"

#include <stdarg.h>
#include <stdio.h>

/* Distinct SYN_RECV sources from which on it looks like a flood, not a few clients. */
#define TS_FLOOD_SOURCES 16

/* new_finding
 * The next free finding with its id, or NULL when the list is full. */
static struct ts_finding *new_finding(struct ts_findings *out, const char *id)
{
	if (out->n == TS_FINDINGS_MAX)
		return NULL;
	struct ts_finding *f = &out->v[out->n++];
	*f = (struct ts_finding){.id = id};
	return f;
}

/* fact
 * Add one figure to the evidence, unless it could not be read (-1). */
static void fact(struct ts_finding *f, const char *name, long long value)
{
	if (value >= 0 && f->nfacts < TS_FACTS_MAX)
		f->facts[f->nfacts++] = (struct ts_fact){.name = name, .value = value};
}

/* say
 * printf into a finding's text field. */
__attribute__((format(printf, 3, 4))) static void say(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

/* holder
 * Who holds an entry's sockets, as words: "1234/python3", "several processes, among
 * them 1234/python3", or a process that cannot be seen. */
static void holder(const struct ts_entry *e, char *buf, size_t len)
{
	if (e->who.pid == 0)
		say(buf, len, "a process we cannot see (another user's: run as root)");
	else if (e->many_owners)
		say(buf, len, "several processes, among them %d/%s", e->who.pid, e->who.comm);
	else
		say(buf, len, "%d/%s", e->who.pid, e->who.comm);
}

/* close_wait_leaks
 * Finding 1: CLOSE_WAIT piling up on a local port: the peer closed, the application
 * never called close(). */
static void close_wait_leaks(const struct ts_census *c, const struct ts_thresholds *th,
			     struct ts_findings *out)
{
	const struct ts_entry *top[TS_FINDINGS_MAX];
	size_t n = ts_table_top(&c->ports[TCP_DIAG_CLOSE_WAIT], top, TS_FINDINGS_MAX);
	for (size_t i = 0; i < n && top[i]->count >= th->close_wait_min; i++) {
		struct ts_finding *f = new_finding(out, "close-wait");
		if (!f)
			return;
		char who[96];
		holder(top[i], who, sizeof(who));
		say(f->summary, sizeof(f->summary),
		    "%u connections in CLOSE_WAIT on local port %u, held by %s: their peers have "
		    "closed and the application has not called close() on them",
		    top[i]->count, (unsigned)top[i]->key.port, who);
		say(f->advice, sizeof(f->advice),
		    "fix the application to close() a socket once read() returns 0 (end of "
		    "stream), error paths included; they stay until it does or it exits "
		    "(restarting it frees them now)");
		fact(f, "close_wait", top[i]->count);
		fact(f, "port", top[i]->key.port);
		fact(f, "pid", top[i]->who.pid ? top[i]->who.pid : -1);
		fact(f, "threshold", th->close_wait_min);
	}
}

/* syn_facts
 * The evidence every SYN_RECV and accept-queue finding carries. */
static void syn_facts(struct ts_finding *f, const struct ts_census *c, const struct ts_kernel *k)
{
	const uint64_t *syn = c->count[TCP_DIAG_SYN_RECV];
	fact(f, "syn_recv", (long long)(syn[0] + syn[1]));
	fact(f, "syn_recv_sources", (long long)c->peers[TCP_DIAG_SYN_RECV].used);
	fact(f, "ListenOverflows", k->listen_overflows);
	fact(f, "ListenDrops", k->listen_drops);
	fact(f, "SyncookiesSent", k->syncookies_sent);
	fact(f, "tcp_syncookies", k->syncookies);
	fact(f, "tcp_max_syn_backlog", k->max_syn_backlog);
	fact(f, "somaxconn", k->somaxconn);
}

/* full_queues
 * Finding 2a: a listener whose accept queue is over its backlog (the kernel's test): new
 * handshakes are dropped. Few sources: the application accepts too slowly. */
static void full_queues(const struct ts_census *c, const struct ts_kernel *k,
			struct ts_findings *out)
{
	bool flood = c->peers[TCP_DIAG_SYN_RECV].used >= TS_FLOOD_SOURCES;
	for (size_t i = 0; i < c->nlisteners; i++) {
		const struct ts_listener *l = &c->listeners[i];
		if (l->waiting <= l->backlog)
			continue;
		struct ts_finding *f = new_finding(out, "accept-queue-full");
		if (!f)
			return;
		char who[64] = "a process we cannot see";
		if (l->who.pid)
			say(who, sizeof(who), "%d/%s", l->who.pid, l->who.comm);
		say(f->summary, sizeof(f->summary),
		    "the listener on port %u (%s) has a full accept queue: %u connections wait "
		    "for accept() with a backlog of %u, so the kernel drops new handshakes; %s",
		    (unsigned)l->port, who, l->waiting, l->backlog,
		    flood ? "many sources are connecting (a flood, or a crowd)"
			  : "few sources: the application accepts too slowly (a slow acceptor)");
		say(f->advice, sizeof(f->advice),
		    "make the application accept() faster (more workers, nothing blocking in the "
		    "accept loop); a larger listen() backlog helps with bursts, up to "
		    "net.core.somaxconn");
		fact(f, "port", l->port);
		fact(f, "recv_q", l->waiting);
		fact(f, "backlog", l->backlog);
		syn_facts(f, c, k);
	}
}

/* half_open
 * Finding 2b: many SYN_RECV. From many addresses a SYN flood; from few, handshakes whose
 * final ACK never arrives. */
static void half_open(const struct ts_census *c, const struct ts_kernel *k,
		      const struct ts_thresholds *th, struct ts_findings *out)
{
	const uint64_t *syn = c->count[TCP_DIAG_SYN_RECV];
	uint64_t n = syn[0] + syn[1];
	size_t sources = c->peers[TCP_DIAG_SYN_RECV].used;
	if (n < (uint64_t)th->syn_recv_min)
		return;
	bool flood = sources >= TS_FLOOD_SOURCES;
	struct ts_finding *f = new_finding(out, flood ? "syn-flood" : "syn-recv");
	if (!f)
		return;
	const struct ts_entry *port;
	ts_table_top(&c->ports[TCP_DIAG_SYN_RECV], &port, 1);
	say(f->summary, sizeof(f->summary),
	    flood ? "%llu half-open connections (SYN_RECV) from %zu distinct addresses, most "
		    "on port %u: a SYN flood (or a crowd of clients whose final ACKs are lost)"
		  : "%llu half-open connections (SYN_RECV) from only %zu address(es), most on "
		    "port %u: their handshakes do not complete, the clients' final ACKs do not "
		    "arrive (a filter or a lossy path, or clients that vanish); not a flood",
	    (unsigned long long)n, sources, (unsigned)port->key.port);
	say(f->advice, sizeof(f->advice),
	    flood ? "keep net.ipv4.tcp_syncookies at 1 so the listener still answers when the "
		    "SYN queue (tcp_max_syn_backlog) is full; filter or rate-limit the sources"
		  : "look for what drops the ACKs between those clients and this host "
		    "(firewall, asymmetric route); the kernel retries the SYN-ACK, then gives "
		    "up");
	fact(f, "port", port->key.port);
	fact(f, "threshold", th->syn_recv_min);
	syn_facts(f, c, k);
}

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
		struct ts_finding *f = new_finding(out, "time-wait");
		if (!f)
			return;
		char addr[ADDR_STRLEN];
		ts_addr_str(top[i]->key.family, top[i]->key.addr, addr, sizeof(addr));
		say(f->summary, sizeof(f->summary),
		    "%u connections to %s port %u are in TIME_WAIT, %ld%% of the %ld local ports "
		    "(ip_local_port_range %ld %ld): when they run out, connect() to it fails with "
		    "EADDRNOTAVAIL (Cannot assign requested address)",
		    top[i]->count, addr, (unsigned)top[i]->key.port, top[i]->count * 100 / range,
		    range, k->port_lo, k->port_hi);
		say(f->advice, sizeof(f->advice),
		    "reuse connections (keep-alive, pooling) instead of one per request; "
		    "net.ipv4.tcp_tw_reuse=1 lets new outgoing connections take TIME_WAIT ports "
		    "safely (timestamps); widen ip_local_port_range. tcp_tw_recycle is gone: it "
		    "broke clients behind NAT and was removed in Linux 4.12");
		fact(f, "time_wait", top[i]->count);
		fact(f, "port", top[i]->key.port);
		fact(f, "local_ports", range);
		fact(f, "tcp_tw_reuse", k->tw_reuse);
		fact(f, "threshold_pct", th->time_wait_pct);
	}
}

void ts_findings_build(const struct ts_census *c, const struct ts_kernel *k,
		       const struct ts_thresholds *th, struct ts_findings *out)
{
	out->n = 0;
	close_wait_leaks(c, th, out);
	full_queues(c, k, out);
	half_open(c, k, th, out);
	time_wait_pressure(c, k, th, out);
}
