/* json.c — --json: one JSON object per line, each with a "type" (start, reply, error,
 * no_answer, timeout, summary, target, overall). Field names follow iputils' JSON
 * (reply: bytes host seq ttl time; summary: host transmitted received duplicates
 * corrupted errors loss time rtt{min avg max mdev}); numbers are numbers and the
 * figures are the ones the text shows (times rounded to the microsecond). */
#include "ping.h"

#include <stdlib.h>

#include "netdx/ipopt.h"
#include "netdx/out.h"
#include "netdx/probe_json.h"
#include "netdx/wire.h"

/* json_new
 * An object with its type set. */
static json_t *json_new(const char *type)
{
	json_t *o = json_object();
	if (!o)
		abort();
	out_json_set(o, "type", json_string(type));
	return o;
}

/* json_emit
 * Write one object as a line on stdout. */
static void json_emit(json_t *o)
{
	out_json_emit(stdout, o, false);
}

/* json_loss
 * The loss percentage exactly as the text prints it (%g of a float). */
static json_t *json_loss(uint64_t transmitted, uint64_t received)
{
	if (!transmitted)
		return json_real(0);
	float loss =
		(float)((double)(int64_t)(transmitted - received) * 100.0 / (double)transmitted);
	char buf[32];
	snprintf(buf, sizeof(buf), "%g", loss);
	return json_real(strtod(buf, NULL));
}

/* json_hops
 * ttl, initial_ttl and hops for a reply TTL (nulls when unknown). */
static void json_hops(json_t *o, int ttl)
{
	int initial, hops;
	bool ok = ttl >= 0 && stats_infer_hops(ttl, &initial, &hops);
	out_json_set(o, "ttl", ttl >= 0 ? json_integer(ttl) : json_null());
	out_json_set(o, "initial_ttl", ok ? json_integer(initial) : json_null());
	out_json_set(o, "hops", ok ? json_integer(hops) : json_null());
}

/* ping_json_start
 * The start object: what is pinged, and the sizes of the PING line. */
void ping_json_start(const char *host, const char *address, long size, long total)
{
	json_t *o = json_new("start");
	out_json_set(o, "host", json_string(host));
	out_json_set(o, "address", json_string(address));
	out_json_set(o, "data_bytes", json_integer(size));
	out_json_set(o, "packet_bytes", json_integer(total));
	json_emit(o);
}

/* reply_object
 * One reply (or duplicate): iputils' reply fields plus the hop inference. */
static json_t *reply_object(const char *target, const char *from, size_t bytes, unsigned seq,
			    int ttl, bool timed, double rtt_ms, bool dup)
{
	json_t *o = json_new("reply");
	if (target)
		out_json_set(o, "target", json_string(target));
	out_json_set(o, "bytes", json_integer((json_int_t)bytes));
	out_json_set(o, "host", json_string(from));
	out_json_set(o, "seq", json_integer(seq));
	json_hops(o, ttl);
	out_json_set(o, "time", timed ? out_json_ms(rtt_ms) : json_null());
	out_json_set(o, "duplicate", json_boolean(dup));
	return o;
}

/* ping_json_reply
 * One reply line. */
void ping_json_reply(const char *target, const char *from, size_t bytes, unsigned seq, int ttl,
		     bool timed, double rtt_ms, bool dup)
{
	json_emit(reply_object(target, from, bytes, seq, ttl, timed, rtt_ms, dup));
}

/* json_ipv4
 * An option's address (host order) as a string. */
static json_t *json_ipv4(uint32_t a)
{
	char buf[ADDR_STRLEN];
	uint8_t bytes[4];
	struct netdx_addr na;
	wire_put32(bytes, a);
	addr_from_bytes(&na, AF_INET, bytes);
	return json_string(addr_to_str(&na, buf, sizeof(buf)));
}

/* json_ipopts
 * -R: "route", the addresses; -T: "timestamps", each {"address" (null for tsonly),
 * "ms" (since midnight UT), "standard"}, and "unrecorded_hops". Empty when the reply
 * brought no option back. */
static void json_ipopts(json_t *o, const struct ipopt_list *l, bool timestamps)
{
	json_t *a = json_array();
	int overflow = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct ipopt *p = &l->v[i];
		for (size_t k = 0; k < p->n && p->kind == IPOPT_KIND_RR && !timestamps; k++)
			json_array_append_new(a, json_ipv4(p->addr[k]));
		for (size_t k = 0; k < p->n && p->kind == IPOPT_KIND_TS && timestamps; k++) {
			json_t *e = json_object();
			out_json_set(e, "address",
				     p->ts_addr ? json_ipv4(p->ts[k].addr) : json_null());
			out_json_set(e, "ms", json_integer(p->ts[k].time & 0x7fffffffu));
			out_json_set(e, "standard", json_boolean(!(p->ts[k].time >> 31)));
			json_array_append_new(a, e);
		}
		if (p->kind == IPOPT_KIND_TS)
			overflow += p->overflow;
	}
	out_json_set(o, timestamps ? "timestamps" : "route", a);
	if (timestamps)
		out_json_set(o, "unrecorded_hops", json_integer(overflow));
}

void ping_json_reply_ipopts(const char *from, size_t bytes, unsigned seq, int ttl, bool timed,
			    double rtt_ms, bool dup, const struct ipopt_list *l)
{
	json_t *o = reply_object(NULL, from, bytes, seq, ttl, timed, rtt_ms, dup);
	if (l) {
		bool ts = false;
		for (size_t i = 0; i < l->n; i++)
			ts = ts || l->v[i].kind == IPOPT_KIND_TS;
		json_ipopts(o, l, ts);
	}
	json_emit(o);
}

/* ping_json_error
 * An ICMP error about a probe, in iputils' words and as type and code. */
void ping_json_error(const char *target, const char *from, unsigned seq, const char *what, int type,
		     int code)
{
	json_t *o = json_new("error");
	if (target)
		out_json_set(o, "target", json_string(target));
	out_json_set(o, "host", json_string(from));
	out_json_set(o, "seq", json_integer(seq));
	out_json_set(o, "error", json_string(what));
	out_json_set(o, "icmp_type", json_integer(type));
	out_json_set(o, "icmp_code", json_integer(code));
	json_emit(o);
}

/* ping_json_local_error
 * A probe the kernel refused to send (with the MTU for message too long). */
void ping_json_local_error(const char *target, const char *what, unsigned mtu)
{
	json_t *o = json_new("error");
	if (target)
		out_json_set(o, "target", json_string(target));
	out_json_set(o, "error", json_string(what));
	if (mtu)
		out_json_set(o, "mtu", json_integer(mtu));
	json_emit(o);
}

/* ping_json_no_answer
 * -O's report, or a sweep's probe that timed out. */
void ping_json_no_answer(const char *target, unsigned seq, bool timeout)
{
	json_t *o = json_new(timeout ? "timeout" : "no_answer");
	if (target)
		out_json_set(o, "target", json_string(target));
	out_json_set(o, "seq", json_integer(seq));
	json_emit(o);
}

/* json_rtt
 * iputils' min/avg/max/mdev as an object, or null without replies. */
static json_t *json_rtt(const struct stats *st)
{
	struct stats_iputils r;
	if (!st->received || !stats_iputils(st, &r))
		return json_null();
	json_t *o = json_object();
	out_json_set(o, "min", out_json_ms(r.min_us / 1000.0));
	out_json_set(o, "avg", out_json_ms(r.avg_us / 1000.0));
	out_json_set(o, "max", out_json_ms(r.max_us / 1000.0));
	out_json_set(o, "mdev", out_json_ms(r.mdev_us / 1000.0));
	return o;
}

/* json_spread
 * Jitter (one target) and percentiles of the first replies (null without replies). */
static void json_spread(json_t *o, const struct stats *st, bool timed, bool jitter)
{
	if (!st->received || !timed) {
		if (jitter)
			out_json_set(o, "jitter", json_null());
		out_json_set(o, "percentiles", json_null());
		return;
	}
	if (jitter) {
		json_t *j = json_object();
		out_json_set(j, "avg", out_json_ms(stats_jitter_avg_ms(st)));
		out_json_set(j, "max", out_json_ms(st->jitter_max_ms));
		out_json_set(o, "jitter", j);
	}
	json_t *p = json_object();
	out_json_set(p, "p50", out_json_ms(stats_percentile_ms(st, 50)));
	out_json_set(p, "p90", out_json_ms(stats_percentile_ms(st, 90)));
	out_json_set(p, "p99", out_json_ms(stats_percentile_ms(st, 99)));
	out_json_set(o, "percentiles", p);
}

/* ping_json_summary
 * The statistics of one target, iputils' fields first, then the extras. */
void ping_json_summary(const struct ping_summary *s)
{
	const struct stats *st = s->st;
	json_t *o = json_new("summary");
	out_json_set(o, "host", json_string(s->host));
	out_json_set(o, "transmitted", json_integer((json_int_t)s->transmitted));
	out_json_set(o, "received", json_integer((json_int_t)st->received));
	out_json_set(o, "duplicates", json_integer((json_int_t)st->duplicates));
	out_json_set(o, "corrupted", json_integer(0));
	out_json_set(o, "errors", json_integer((json_int_t)st->errors));
	out_json_set(o, "loss", json_loss(s->transmitted, st->received));
	out_json_set(o, "time", json_integer((json_int_t)s->time_ms));
	out_json_set(o, "rtt", s->timed ? json_rtt(st) : json_null());
	if (s->pipe > 1)
		out_json_set(o, "pipe", json_integer(s->pipe));
	if (s->ipg) {
		out_json_set(o, "ipg", out_json_ms(s->ipg_us / 1000.0));
		out_json_set(o, "ewma", out_json_ms(s->ewma8_us / 8000.0));
	}
	json_spread(o, st, s->timed, true);
	out_json_set(o, "reordered", json_integer((json_int_t)st->reordered));
	json_hops(o, s->ttl);
	if (s->engine)
		probe_json_dropped(o, s->engine);
	json_emit(o);
}

/* ping_json_target
 * One sweep target's counts and RTT figures (fping's per-target line). */
void ping_json_target(const char *label, const char *address, const struct ping_target *t)
{
	json_t *o = json_new("target");
	out_json_set(o, "host", json_string(label));
	out_json_set(o, "address", json_string(address));
	out_json_set(o, "transmitted", json_integer(t->sent));
	out_json_set(o, "received", json_integer(t->received));
	out_json_set(o, "duplicates", json_integer(t->duplicates));
	out_json_set(o, "errors", json_integer(t->errors));
	out_json_set(o, "loss", json_loss(t->sent, t->received < t->sent ? t->received : t->sent));
	if (t->received) {
		json_t *r = json_object();
		out_json_set(r, "min", out_json_ms(t->min_ms));
		out_json_set(r, "avg", out_json_ms(t->sum_ms / t->received));
		out_json_set(r, "max", out_json_ms(t->max_ms));
		out_json_set(o, "rtt", r);
	} else {
		out_json_set(o, "rtt", json_null());
	}
	json_hops(o, t->last_ttl);
	json_emit(o);
}

/* ping_json_unresolved
 * A sweep's name that did not resolve, when it is found (text: a line on stderr). */
void ping_json_unresolved(const struct ping_unresolved *u)
{
	json_t *o = json_new("error");
	out_json_set(o, "target", json_string(u->name));
	out_json_set(o, "error", json_string(u->why));
	if (u->file) {
		out_json_set(o, "file", json_string(u->file));
		out_json_set(o, "line", json_integer((json_int_t)u->line));
	}
	json_emit(o);
}

/* ping_json_unresolved_target
 * Its place among the per-target results: nothing sent, and why. */
void ping_json_unresolved_target(const struct ping_unresolved *u)
{
	json_t *o = json_new("target");
	out_json_set(o, "host", json_string(u->name));
	out_json_set(o, "address", json_null());
	out_json_set(o, "transmitted", json_integer(0));
	out_json_set(o, "received", json_integer(0));
	out_json_set(o, "duplicates", json_integer(0));
	out_json_set(o, "errors", json_integer(0));
	out_json_set(o, "loss", json_null());
	out_json_set(o, "rtt", json_null());
	json_hops(o, -1);
	out_json_set(o, "error", json_string(u->why));
	json_emit(o);
}

/* ping_json_overall
 * A sweep's overall counts and iputils' figures over every reply. */
void ping_json_overall(const struct ping_overall *ov)
{
	const struct stats *st = ov->st;
	json_t *o = json_new("overall");
	out_json_set(o, "targets", json_integer((json_int_t)(ov->resolved + ov->unresolved)));
	out_json_set(o, "alive", json_integer((json_int_t)ov->alive));
	out_json_set(o, "unreachable", json_integer((json_int_t)(ov->resolved - ov->alive)));
	out_json_set(o, "unresolved", json_integer((json_int_t)ov->unresolved));
	out_json_set(o, "transmitted", json_integer((json_int_t)ov->transmitted));
	out_json_set(o, "received", json_integer((json_int_t)st->received));
	out_json_set(o, "duplicates", json_integer((json_int_t)st->duplicates));
	out_json_set(o, "errors", json_integer((json_int_t)st->errors));
	out_json_set(o, "loss", json_loss(ov->transmitted, st->received));
	out_json_set(o, "time", json_integer((json_int_t)ov->time_ms));
	out_json_set(o, "rtt", json_rtt(st));
	json_spread(o, st, true, false); /* jitter across targets means nothing */
	json_emit(o);
}
