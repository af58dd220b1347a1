/* findings_syn.c — findings on handshakes: a full accept queue (a slow acceptor or a
 * flood), half-open connections (a SYN flood, or final ACKs that never arrive), and
 * connects nobody answers (one dead peer, or a scan). */
#include <stdio.h>

#include "findings_kit.h"

/* Distinct SYN_RECV sources from which on it looks like a flood, not a few clients. */
#define TS_FLOOD_SOURCES 16
/* Distinct SYN_SENT destinations from which on it looks like a scan. */
#define TS_SCAN_DESTS 16

/* syn_facts
 * The evidence every SYN_RECV and accept-queue finding carries. */
static void syn_facts(struct ts_finding *f, const struct ts_census *c, const struct ts_kernel *k)
{
	const uint64_t *syn = c->count[TCP_DIAG_SYN_RECV];
	ts_finding_fact(f, "syn_recv", (long long)(syn[0] + syn[1]));
	size_t sources = ts_table_distinct(&c->peers[TCP_DIAG_SYN_RECV]);
	ts_finding_fact(f, "syn_recv_sources", (long long)sources);
	ts_finding_fact(f, "ListenOverflows", k->listen_overflows);
	ts_finding_fact(f, "ListenDrops", k->listen_drops);
	ts_finding_fact(f, "SyncookiesSent", k->syncookies_sent);
	ts_finding_fact(f, "tcp_syncookies", k->syncookies);
	ts_finding_fact(f, "tcp_max_syn_backlog", k->max_syn_backlog);
	ts_finding_fact(f, "somaxconn", k->somaxconn);
}

/* full_queue
 * Finding 2a for one listener whose accept queue is over its backlog (the kernel's
 * test): new handshakes are dropped. Few sources: the application accepts too slowly. */
static void full_queue(const struct ts_listener *l, const struct ts_census *c,
		       const struct ts_kernel *k, struct ts_findings *out)
{
	bool flood = ts_table_distinct(&c->peers[TCP_DIAG_SYN_RECV]) >= TS_FLOOD_SOURCES;
	struct ts_finding *f = ts_finding_new(out, "accept-queue-full");
	if (!f)
		return;
	char who[64] = "a process we cannot see";
	if (l->who.pid)
		snprintf(who, sizeof(who), "%d/%s", l->who.pid, l->who.comm);
	ts_finding_say(f->summary, sizeof(f->summary),
		       "the listener on port %u (%s) has a full accept queue: %u connections "
		       "wait for accept() with a backlog of %u, so the kernel drops new "
		       "handshakes; %s",
		       (unsigned)l->port, who, l->waiting, l->backlog,
		       flood ? "many sources are connecting (a flood, or a crowd)"
			     : "few sources: the application accepts too slowly (a slow acceptor)");
	ts_finding_say(f->advice, sizeof(f->advice),
		       "make the application accept() faster (more workers, nothing blocking in "
		       "the accept loop); a larger listen() backlog helps with bursts, up to "
		       "net.core.somaxconn");
	ts_finding_fact(f, "port", l->port);
	ts_finding_fact(f, "recv_q", l->waiting);
	ts_finding_fact(f, "backlog", l->backlog);
	syn_facts(f, c, k);
}

/* half_open
 * Finding 2b: many SYN_RECV. From many addresses a SYN flood; from few, handshakes whose
 * final ACK never arrives. */
static void half_open(const struct ts_census *c, const struct ts_kernel *k,
		      const struct ts_thresholds *th, struct ts_findings *out)
{
	const uint64_t *syn = c->count[TCP_DIAG_SYN_RECV];
	uint64_t n = syn[0] + syn[1];
	size_t sources = ts_table_distinct(&c->peers[TCP_DIAG_SYN_RECV]);
	const struct ts_entry *port = ts_finding_top(&c->ports[TCP_DIAG_SYN_RECV]);
	if (n < (uint64_t)th->syn_recv_min || !port)
		return;
	bool flood = sources >= TS_FLOOD_SOURCES;
	struct ts_finding *f = ts_finding_new(out, flood ? "syn-flood" : "syn-recv");
	if (!f)
		return;
	ts_finding_say(f->summary, sizeof(f->summary),
		       flood ? "%llu half-open connections (SYN_RECV) from %zu distinct "
			       "addresses, most on port %u: a SYN flood (or a crowd of clients "
			       "whose final ACKs are lost)"
			     : "%llu half-open connections (SYN_RECV) from only %zu address(es), "
			       "most on port %u: their handshakes do not complete, the clients' "
			       "final ACKs do not arrive (a filter or a lossy path, or clients "
			       "that vanish); not a flood",
		       (unsigned long long)n, sources, (unsigned)port->key.port);
	ts_finding_say(f->advice, sizeof(f->advice),
		       flood ? "keep net.ipv4.tcp_syncookies at 1 so the listener still answers "
			       "when the SYN queue (tcp_max_syn_backlog) is full; filter or "
			       "rate-limit the sources"
			     : "look for what drops the ACKs between those clients and this host "
			       "(firewall, asymmetric route); the kernel retries the SYN-ACK, then "
			       "gives up");
	ts_finding_fact(f, "port", port->key.port);
	ts_finding_fact(f, "threshold", th->syn_recv_min);
	syn_facts(f, c, k);
}

/* unanswered
 * Finding 4: many SYN_SENT. To one or a few addresses: a peer that does not answer; to
 * many: a scan (or a worm), named with the process that sends them. */
static void unanswered(const struct ts_census *c, const struct ts_kernel *k,
		       const struct ts_thresholds *th, struct ts_findings *out)
{
	const uint64_t *syn = c->count[TCP_DIAG_SYN_SENT];
	uint64_t n = syn[0] + syn[1];
	size_t dests = ts_table_distinct(&c->peers[TCP_DIAG_SYN_SENT]);
	const struct ts_entry *dest = ts_finding_top(&c->dests[TCP_DIAG_SYN_SENT]);
	const struct ts_entry *who = ts_finding_top(&c->holders[TCP_DIAG_SYN_SENT]);
	if (n < (uint64_t)th->syn_sent_min || !dest)
		return;
	bool scan = dests >= TS_SCAN_DESTS;
	struct ts_finding *f = ts_finding_new(out, scan ? "syn-sent-scan" : "syn-sent");
	if (!f)
		return;
	char holder[96] = "a process we cannot see", addr[ADDR_STRLEN];
	if (who)
		ts_finding_holder(who, holder, sizeof(holder));
	ts_addr_str(dest->key.family, dest->key.addr, addr, sizeof(addr));
	if (scan)
		ts_finding_say(f->summary, sizeof(f->summary),
			       "%llu connection attempts (SYN_SENT) to %zu distinct addresses, "
			       "by %s: a scan or a worm (or a client fanning out to dead peers)",
			       (unsigned long long)n, dests, holder);
	else
		ts_finding_say(f->summary, sizeof(f->summary),
			       "%llu connection attempts (SYN_SENT) to only %zu address(es), "
			       "most to %s port %u, by %s: the peer does not answer (down, "
			       "filtered or unreachable); connect() fails with ETIMEDOUT (110) "
			       "once the SYN retries run out",
			       (unsigned long long)n, dests, addr, (unsigned)dest->key.port,
			       holder);
	ts_finding_say(f->advice, sizeof(f->advice), "%s",
		       scan ? "find out what that process is and who started it; a normal "
			      "client does not leave this many unanswered connects to so many "
			      "hosts"
			    : "check that the peer is up and that its port is open and reachable "
			      "from here (routes, firewalls); shorten the client's connect "
			      "timeout");
	ts_finding_fact(f, "syn_sent", (long long)n);
	ts_finding_fact(f, "destinations", (long long)dests);
	ts_finding_fact(f, "pid", who ? ts_finding_pid(who) : -1);
	ts_finding_fact(f, "tcp_syn_retries", k->syn_retries);
	ts_finding_fact(f, "threshold", th->syn_sent_min);
}

void ts_find_handshakes(const struct ts_census *c, const struct ts_kernel *k,
			const struct ts_thresholds *th, struct ts_findings *out)
{
	for (size_t i = 0; i < c->nlisteners; i++)
		if (c->listeners[i].waiting > c->listeners[i].backlog)
			full_queue(&c->listeners[i], c, k, out);
	half_open(c, k, th, out);
	unanswered(c, k, th, out);
}
