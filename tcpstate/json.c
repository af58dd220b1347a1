/* json.c — the census as one JSON document; the schema is in man/tcpstate.8 (JSON). */
#include "report.h"

#include <math.h>

#include "netdx/out.h"
#include "netdx/num.h"

/* owner_json
 * Add "pid" and "comm" (null when the process could not be seen) to obj. */
static void owner_json(json_t *obj, const struct sock_owner *who)
{
	out_json_set(obj, "pid", who->pid ? json_integer(who->pid) : json_null());
	out_json_set(obj, "comm", who->pid ? json_string(who->comm) : json_null());
}

/* states_json
 * {"LISTEN": {"ipv4": N, "ipv6": N, "total": N}, ...} for every state. */
static json_t *states_json(const struct ts_census *c)
{
	size_t n;
	const unsigned *order = ts_state_order(&n);
	json_t *states = json_object();
	for (size_t i = 0; i < n; i++) {
		const uint64_t *k = c->count[order[i]];
		json_t *s = json_object();
		out_json_set(s, "ipv4", json_integer((json_int_t)k[0]));
		out_json_set(s, "ipv6", json_integer((json_int_t)k[1]));
		out_json_set(s, "total", json_integer((json_int_t)(k[0] + k[1])));
		out_json_set(states, ts_state_name(order[i]), s);
	}
	return states;
}

/* top_json
 * The top entries of one table: [{"port": P | "addr": A, "count": N, "pid", "comm",
 * "many_owners"}]. */
static json_t *top_json(const struct ts_table *t, bool peers, size_t top)
{
	const struct ts_entry *e[100];
	size_t n = ts_table_top(t, e, top < 100 ? top : 100);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		if (peers) {
			char addr[ADDR_STRLEN];
			ts_addr_str(e[i]->key.family, e[i]->key.addr, addr, sizeof(addr));
			out_json_set(o, "addr", json_string(addr));
		} else {
			out_json_set(o, "port", json_integer(e[i]->key.port));
		}
		out_json_set(o, "count", json_integer(e[i]->count));
		owner_json(o, &e[i]->who);
		out_json_set(o, "many_owners", json_boolean(e[i]->many_owners));
		json_array_append_new(list, o);
	}
	return list;
}

/* tops_json
 * {"STATE": {"ports": [...], "peers": [...]}} for the states with sockets. */
static json_t *tops_json(const struct ts_report *r)
{
	size_t n;
	const unsigned *order = ts_state_order(&n);
	json_t *tops = json_object();
	for (size_t i = 0; i < n; i++) {
		unsigned st = order[i];
		if (!r->census->count[st][0] && !r->census->count[st][1])
			continue;
		json_t *s = json_object();
		out_json_set(s, "ports", top_json(&r->census->ports[st], false, r->top));
		out_json_set(s, "peers", top_json(&r->census->peers[st], true, r->top));
		out_json_set(s, "ports_undercount",
			     json_integer((json_int_t)r->census->ports[st].undercount));
		out_json_set(s, "peers_undercount",
			     json_integer((json_int_t)r->census->peers[st].undercount));
		out_json_set(tops, ts_state_name(st), s);
	}
	return tops;
}

/* listeners_json
 * [{"proto", "addr", "port", "recv_q", "send_q", "pid", "comm"}]. */
static json_t *listeners_json(const struct ts_census *c)
{
	json_t *list = json_array();
	for (size_t i = 0; i < c->nlisteners; i++) {
		const struct ts_listener *l = &c->listeners[i];
		char addr[ADDR_STRLEN];
		ts_addr_str(l->family, l->addr, addr, sizeof(addr));
		json_t *o = json_object();
		out_json_set(o, "proto", json_string(l->family == AF_INET ? "tcp" : "tcp6"));
		out_json_set(o, "addr", json_string(addr));
		out_json_set(o, "port", json_integer(l->port));
		out_json_set(o, "recv_q", json_integer(l->waiting));
		out_json_set(o, "send_q", json_integer(l->backlog));
		owner_json(o, &l->who);
		json_array_append_new(list, o);
	}
	return list;
}

/* number_or_null
 * A figure, or null when it could not be read (-1). */
static json_t *number_or_null(long long v)
{
	return v < 0 ? json_null() : json_integer(v);
}

/* counters_json
 * The TcpExt listen counters. */
static json_t *counters_json(const struct ts_kernel *k)
{
	json_t *o = json_object();
	out_json_set(o, "ListenOverflows", number_or_null(k->listen_overflows));
	out_json_set(o, "ListenDrops", number_or_null(k->listen_drops));
	out_json_set(o, "SyncookiesSent", number_or_null(k->syncookies_sent));
	return o;
}

/* findings_json
 * [{"id", "summary", "advice", "evidence": {name: value}}]. */
static json_t *findings_json(const struct ts_findings *fs)
{
	json_t *list = json_array();
	for (size_t i = 0; i < fs->n; i++) {
		const struct ts_finding *x = &fs->v[i];
		json_t *o = json_object(), *ev = json_object();
		out_json_set(o, "id", json_string(x->id));
		out_json_set(o, "summary", json_string(x->summary));
		out_json_set(o, "advice", json_string(x->advice));
		for (size_t j = 0; j < x->nfacts; j++)
			out_json_set(ev, x->facts[j].name, json_integer(x->facts[j].value));
		out_json_set(o, "evidence", ev);
		json_array_append_new(list, o);
	}
	return list;
}

/* rate_or_null
 * A rate per second, or null when unknown (negative). */
static json_t *rate_or_null(double v)
{
	return v < 0 ? json_null() : json_real(num_round(v * 1000.0) / 1000.0);
}

/* watch_json
 * --watch's change since the last pass (null fields on the first pass). */
static json_t *watch_json(const struct ts_delta *d)
{
	bool first = d->pass < 2;
	json_t *o = json_object(), *states = json_object();
	size_t n;
	const unsigned *order = ts_state_order(&n);
	for (size_t i = 0; i < n; i++)
		out_json_set(states, ts_state_name(order[i]),
			     first ? json_null() : json_integer(d->states[order[i]]));
	out_json_set(o, "pass", json_integer(d->pass));
	out_json_set(o, "interval_s", json_real(num_round(d->interval_s * 1000.0) / 1000.0));
	out_json_set(o, "changes", states);
	out_json_set(o, "total_change", first ? json_null() : json_integer(d->total));
	out_json_set(o, "opens_per_s", rate_or_null(d->opens_per_s));
	out_json_set(o, "closes_per_s", rate_or_null(d->closes_per_s));
	out_json_set(o, "ListenOverflows_added", number_or_null(d->overflows));
	out_json_set(o, "ListenDrops_added", number_or_null(d->drops));
	out_json_set(o, "close_wait_rising", json_integer(d->close_wait_rising));
	return o;
}

json_t *ts_json_report(const struct ts_report *r)
{
	json_t *doc = json_object();
	out_json_set(doc, "netns", r->netns ? json_string(r->netns) : json_null());
	out_json_set(doc, "total", json_integer((json_int_t)r->census->total));
	out_json_set(doc, "states", states_json(r->census));
	out_json_set(doc, "top", tops_json(r));
	out_json_set(doc, "listeners", listeners_json(r->census));
	out_json_set(doc, "listeners_not_shown",
		     json_integer((json_int_t)r->census->listeners_more));
	out_json_set(doc, "counters", counters_json(r->kernel));
	out_json_set(doc, "owners_looked_up", json_boolean(r->owners_looked_up));
	out_json_set(doc, "owners_hidden", json_integer(r->owners_hidden));
	out_json_set(doc, "findings", findings_json(r->findings));
	if (r->delta)
		out_json_set(doc, "watch", watch_json(r->delta));
	return doc;
}
