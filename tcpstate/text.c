/* text.c — the census as text: counts per state, the top ports and peers per state with
 * their processes, the listeners with their accept queues, the kernel's listen counters,
 * then the findings. */
#include "report.h"

/* owner_text
 * A table entry's process: "1234/sshd", with " and others" when several hold its
 * sockets, "-" when none could be seen. */
static void owner_text(const struct ts_entry *e, char *buf, size_t len)
{
	if (e->who.pid == 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%d/%s%s", e->who.pid, e->who.comm,
			 e->many_owners ? " and others" : "");
}

/* change_text
 * A change as "+3", "-1" or "0" (empty on a first pass or without --watch). */
static const char *change_text(const struct ts_delta *d, long long v, char *buf, size_t len)
{
	if (!d || d->pass < 2)
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, v ? "%+lld" : "%lld", v);
	return buf;
}

/* print_counts
 * One line per state asked for (states without sockets are shown too, but CLOSE only
 * when some socket is in it), with --watch its change since the last pass. */
static void print_counts(FILE *f, const struct ts_census *c, unsigned states,
			 const struct ts_delta *d)
{
	size_t n;
	char chg[32];
	const unsigned *order = ts_state_order(&n);
	uint64_t v4 = 0, v6 = 0;
	for (size_t i = 0; i < n; i++) {
		v4 += c->count[order[i]][0];
		v6 += c->count[order[i]][1];
	}
	fprintf(f, "TCP sockets: %llu (IPv4 %llu, IPv6 %llu)\n\n", (unsigned long long)(v4 + v6),
		(unsigned long long)v4, (unsigned long long)v6);
	fprintf(f, "%-12s %8s %8s %8s%s\n", "State", "IPv4", "IPv6", "Total", d ? "   Change" : "");
	for (size_t i = 0; i < n; i++) {
		const uint64_t *k = c->count[order[i]];
		bool empty_close = order[i] == TCP_DIAG_CLOSE && k[0] + k[1] == 0;
		if (!(states & (1u << order[i])) || empty_close)
			continue;
		fprintf(f, "%-12s %8llu %8llu %8llu", ts_state_name(order[i]),
			(unsigned long long)k[0], (unsigned long long)k[1],
			(unsigned long long)(k[0] + k[1]));
		if (d)
			fprintf(f, " %8s", change_text(d, d->states[order[i]], chg, sizeof(chg)));
		fputc('\n', f);
	}
}

/* print_top_table
 * The top entries of one table: "  STATE  port 22  12  1234/sshd" or "peer ADDR". */
static void print_top_table(FILE *f, unsigned state, const struct ts_table *t, bool peers,
			    size_t top)
{
	const struct ts_entry *e[100];
	size_t n = ts_table_top(t, e, top < 100 ? top : 100);
	for (size_t i = 0; i < n; i++) {
		char what[ADDR_STRLEN + 8], who[64];
		if (peers)
			ts_addr_str(e[i]->key.family, e[i]->key.addr, what, sizeof(what));
		else
			snprintf(what, sizeof(what), "%u", (unsigned)e[i]->key.port);
		owner_text(e[i], who, sizeof(who));
		fprintf(f, "  %-11s %s %-39s %7u  %s\n", ts_state_name(state),
			peers ? "peer" : "port", what, e[i]->count, who);
	}
	if (t->undercount)
		fprintf(f, "  %-11s (over %d distinct %s: the counts may be low by up to %llu)\n",
			ts_state_name(state), TS_TABLE_MAX, peers ? "peers" : "ports",
			(unsigned long long)t->undercount);
}

/* print_top
 * Per state with sockets: its busiest local ports, then its busiest peers. */
static void print_top(FILE *f, const struct ts_report *r)
{
	size_t n;
	const unsigned *order = ts_state_order(&n);
	fprintf(f, "\nTop local ports and peers per state (sockets, process):\n");
	for (size_t i = 0; i < n; i++) {
		print_top_table(f, order[i], &r->census->ports[order[i]], false, r->top);
		print_top_table(f, order[i], &r->census->peers[order[i]], true, r->top);
	}
	if (!r->owners_looked_up && (r->states & ~TS_STATES_WITHOUT_FD))
		fprintf(f, "  (processes not looked up: --no-owners)\n");
	if (r->owners_hidden)
		fprintf(f,
			"  (the descriptors of %u processes of other users could not be read, "
			"so their sockets show no process: run as root, or with "
			"CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH)\n",
			r->owners_hidden);
}

/* print_counter
 * ", Name N" for a counter that could be read. */
static void print_counter(FILE *f, const char *name, long long v, bool *first)
{
	if (v < 0)
		return;
	fprintf(f, "%s%s %lld", *first ? "" : ", ", name, v);
	*first = false;
}

/* print_listeners
 * Every listener with Recv-Q (waiting for accept) and Send-Q (backlog), then the
 * kernel's listen counters. */
static void print_listeners(FILE *f, const struct ts_report *r)
{
	const struct ts_census *c = r->census;
	fprintf(f, "\nListeners (Recv-Q: connections waiting for accept(), Send-Q: backlog):\n");
	fprintf(f, "%-5s %-23s %6s %6s  %s\n", "Proto", "Local Address", "Recv-Q", "Send-Q",
		"Process");
	for (size_t i = 0; i < c->nlisteners; i++) {
		const struct ts_listener *l = &c->listeners[i];
		char local[64], who[48] = "-";
		ts_endpoint_str(l->family, l->addr, l->port, local, sizeof(local));
		if (l->who.pid)
			snprintf(who, sizeof(who), "%d/%s", l->who.pid, l->who.comm);
		fprintf(f, "%-5s %-23s %6u %6u  %s\n", l->family == AF_INET ? "tcp" : "tcp6", local,
			l->waiting, l->backlog, who);
	}
	if (c->listeners_more)
		fprintf(f, "(%llu more listeners not shown)\n",
			(unsigned long long)c->listeners_more);
	bool first = true;
	fprintf(f, "Kernel (TcpExt): ");
	print_counter(f, "ListenOverflows", r->kernel->listen_overflows, &first);
	print_counter(f, "ListenDrops", r->kernel->listen_drops, &first);
	print_counter(f, "SyncookiesSent", r->kernel->syncookies_sent, &first);
	fprintf(f, "%s\n", first ? "counters not readable" : "");
}

/* print_findings
 * Each finding: its summary, the evidence, the advice. */
static void print_findings(FILE *f, const struct ts_findings *fs)
{
	fprintf(f, "\nFindings:%s\n", fs->n ? "" : " none");
	for (size_t i = 0; i < fs->n; i++) {
		const struct ts_finding *x = &fs->v[i];
		fprintf(f, "  %s: %s.\n    evidence:", x->id, x->summary);
		for (size_t j = 0; j < x->nfacts; j++)
			fprintf(f, "%s %s %lld", j ? "," : "", x->facts[j].name, x->facts[j].value);
		fprintf(f, "\n    advice: %s.\n", x->advice);
	}
}

/* rate_text
 * A figure per second ("1.5/s") or "?" when unknown. */
static const char *rate_text(double v, char *buf, size_t len)
{
	if (v < 0)
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%.1f/s", v);
	return buf;
}

/* print_watch_heading
 * --watch: the time, the pass, connections begun and ended per second, listen drops
 * added, and CLOSE_WAIT growing pass after pass. */
static void print_watch_heading(FILE *f, const struct ts_delta *d)
{
	char opens[32], closes[32];
	fprintf(f, "Every %.1fs, pass %lld: opened %s, closed %s", d->interval_s, d->pass,
		rate_text(d->opens_per_s, opens, sizeof(opens)),
		rate_text(d->closes_per_s, closes, sizeof(closes)));
	if (d->overflows >= 0)
		fprintf(f, ", ListenOverflows %+lld, ListenDrops %+lld", d->overflows, d->drops);
	fputc('\n', f);
	if (d->close_wait_rising >= 2)
		fprintf(f,
			"CLOSE_WAIT grew in each of the last %u passes: it only grows, a leak "
			"(see the findings)\n",
			d->close_wait_rising);
	fputc('\n', f);
}

/* print_line
 * --watch when the output is not a terminal: one line per pass, the states with sockets
 * or a change, the rates, the listen drops, the findings' ids. */
static void print_line(FILE *f, const struct ts_report *r)
{
	const struct ts_delta *d = r->delta;
	const struct ts_census *c = r->census;
	char chg[32], opens[32], closes[32];
	size_t n;
	const unsigned *order = ts_state_order(&n);
	fprintf(f, "pass %lld total %llu", d->pass, (unsigned long long)c->total);
	for (size_t i = 0; i < n; i++) {
		uint64_t k = c->count[order[i]][0] + c->count[order[i]][1];
		if (k || (d->pass > 1 && d->states[order[i]]))
			fprintf(f, " %s %llu%s%s%s", ts_state_name(order[i]), (unsigned long long)k,
				d->pass > 1 ? " (" : "",
				change_text(d, d->states[order[i]], chg, sizeof(chg)),
				d->pass > 1 ? ")" : "");
	}
	fprintf(f, " opened %s closed %s", rate_text(d->opens_per_s, opens, sizeof(opens)),
		rate_text(d->closes_per_s, closes, sizeof(closes)));
	if (d->overflows >= 0)
		fprintf(f, " ListenOverflows %+lld ListenDrops %+lld", d->overflows, d->drops);
	fprintf(f, " findings");
	for (size_t i = 0; i < r->findings->n; i++)
		fprintf(f, "%s%s", i ? "," : " ", r->findings->v[i].id);
	fprintf(f, "%s\n", r->findings->n ? "" : " none");
}

void ts_text_print(FILE *f, const struct ts_report *r)
{
	if (r->delta && r->delta->line) {
		print_line(f, r);
		return;
	}
	if (r->delta)
		print_watch_heading(f, r->delta);
	if (r->netns)
		fprintf(f, "Network namespace: %s\n", r->netns);
	print_counts(f, r->census, r->states, r->delta);
	print_top(f, r);
	print_listeners(f, r);
	print_findings(f, r->findings);
}
