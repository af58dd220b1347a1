/* json.c — --json: one document at the end of the run (schema in traceroute(8)):
 * the target and settings, then per hop its TTL and every probe with its responder,
 * name, RTT, reply TTL, ICMP type/code (TCP flags), 2.x's mark, MPLS labels. Every
 * key is always present, null where it does not apply, so the types never change. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/out.h"
#include "netdx/probe_json.h"
#include "netdx/quote_json.h"
#include "tr.h"

/* What the document is being built in. */
struct json_state {
	json_t *doc;  /* the whole document */
	json_t *hops; /* its "hops" array */
	json_t *hop;  /* the hop being filled (borrowed from hops) */
};

/* method_name
 * The method as the document names it. */
static const char *method_name(enum tr_method m)
{
	static const char *const names[] = {"udp", "udp-port", "icmp", "tcp",
					    "raw", "udplite",  "dccp", "tcpconn"};
	return names[m];
}

/* tcp_flags_text
 * "SA" for SYN-ACK, "RA" for RST-ACK: the flags an answer carried. */
static json_t *tcp_flags_text(uint8_t f)
{
	char buf[8];
	size_t n = 0;
	if (f & 0x02)
		buf[n++] = 'S';
	if (f & 0x04)
		buf[n++] = 'R';
	if (f & 0x01)
		buf[n++] = 'F';
	if (f & 0x10)
		buf[n++] = 'A';
	buf[n] = '\0';
	return json_string(buf);
}

/* tr_json_probe
 * One probe as the schema has it (also used by --multipath). */
json_t *tr_json_probe(struct tr_run *r, const struct tr_probe *p)
{
	json_t *o = json_object();
	bool addr = p->answered && p->from.len;
	char text[ADDR_STRLEN];
	if (addr)
		addr_to_str(&p->from, text, sizeof(text));
	out_json_set(o, "addr", addr ? json_string(text) : json_null());
	const char *name = addr && r->names ? names_get(r->names, &p->from) : NULL;
	out_json_set(o, "name", name && name[0] ? json_string(name) : json_null());
	const struct asn_info *info = addr && r->asn ? asn_get(r->asn, &p->from) : NULL;
	out_json_set(o, "asn", info ? json_integer(info->origin.asn) : json_null());
	out_json_set(o, "rtt_ms", p->answered ? out_json_ms(p->rtt_ms) : json_null());
	out_json_set(o, "reply_ttl",
		     p->answered && p->reply_ttl >= 0 ? json_integer(p->reply_ttl) : json_null());
	json_t *icmp = json_null();
	if (p->answered && p->icmp_type >= 0) {
		icmp = json_object();
		out_json_set(icmp, "type", json_integer(p->icmp_type));
		out_json_set(icmp, "code", json_integer(p->icmp_code));
	}
	out_json_set(o, "icmp", icmp);
	out_json_set(o, "tcp_flags",
		     p->answered && p->tcp_flags ? tcp_flags_text(p->tcp_flags) : json_null());
	out_json_set(o, "annotation", p->note[0] ? json_string(p->note) : json_null());
	out_json_set(o, "reached", json_boolean(p->kind == TR_REACHED));
	out_json_set(o, "mtu", p->new_mtu ? json_integer(p->new_mtu) : json_null());
	json_t *mpls = json_array();
	for (size_t i = 0; i < p->n_mpls; i++) {
		json_t *m = json_object();
		out_json_set(m, "label", json_integer(p->mpls[i].label));
		out_json_set(m, "tc", json_integer(p->mpls[i].tc));
		out_json_set(m, "s", json_integer(p->mpls[i].s));
		out_json_set(m, "ttl", json_integer(p->mpls[i].ttl));
		json_array_append_new(mpls, m);
	}
	out_json_set(o, "mpls", mpls);
	return o;
}

/* gateways
 * -g's gateways as addresses, in order; null without -g. */
static json_t *gateways(const struct tr_run *r)
{
	if (!r->n_via)
		return json_null();
	json_t *a = json_array();
	for (size_t i = 0; i < r->n_via; i++) {
		char text[ADDR_STRLEN];
		addr_to_str(&r->via[i], text, sizeof(text));
		json_array_append_new(a, json_string(text));
	}
	return a;
}

/* tr_json_head
 * The document's opening: target and settings (also used by --multipath). */
json_t *tr_json_head(struct tr_run *r)
{
	const struct tr_conf *c = r->conf;
	json_t *doc = json_object();
	out_json_set(doc, "target", json_string(c->host));
	out_json_set(doc, "address", json_string(r->dst_text));
	out_json_set(doc, "family", json_integer(addr_family(&r->dst) == AF_INET ? 4 : 6));
	out_json_set(doc, "method", json_string(method_name(c->method)));
	out_json_set(doc, "port",
		     c->method == TR_ICMP || c->method == TR_RAW ? json_null()
								 : json_integer(c->port));
	out_json_set(doc, "protocol", c->method == TR_RAW ? json_integer(c->proto) : json_null());
	out_json_set(doc, "paris", json_boolean(c->paris));
	out_json_set(doc, "first_ttl", json_integer(c->first_ttl));
	out_json_set(doc, "max_ttl", json_integer(c->max_ttl));
	out_json_set(doc, "queries", json_integer(c->queries));
	out_json_set(doc, "packet_len", json_integer((json_int_t)r->packet_len));
	out_json_set(doc, "sport", c->sport ? json_integer(c->sport) : json_null());
	out_json_set(doc, "fwmark", c->fwmark ? json_integer(c->fwmark) : json_null());
	out_json_set(doc, "flowlabel", c->flowlabel ? json_integer(c->flowlabel) : json_null());
	out_json_set(doc, "dontroute", json_boolean(c->dontroute));
	out_json_set(doc, "debug", json_boolean(c->debug));
	out_json_set(doc, "coverage", c->cscov >= 0 ? json_integer(c->cscov) : json_null());
	out_json_set(doc, "gateways", gateways(r));
	json_t *tcp = json_null();
	if (c->tcp.given) {
		char text[80];
		tcp = json_object();
		tr_tcp_flags_text(r->tcp_flags, text, sizeof(text));
		out_json_set(tcp, "flags", json_string(text));
		tr_tcp_options_text(r->tcp_options, text, sizeof(text));
		out_json_set(tcp, "options", json_string(text));
	}
	out_json_set(doc, "tcp_options", tcp);
	return doc;
}

/* tr_json_tail
 * The closing figures: whether the destination answered, whether a signal cut the run
 * short, how long it took, what the engine dropped. */
void tr_json_tail(struct tr_run *r, json_t *doc)
{
	out_json_set(doc, "reached", json_boolean(r->reached));
	unsigned pmtu;
	int hops, back;
	bool reached = tr_resume(r, &pmtu, &hops, &back);
	out_json_set(doc, "pmtu", r->conf->mtu ? json_integer(pmtu) : json_null());
	out_json_set(doc, "back",
		     r->conf->mtu && reached && back > 0 ? json_integer(back) : json_null());
	out_json_set(doc, "interrupted", json_boolean(r->signal != 0));
	out_json_set(doc, "duration_ms", out_json_ms((double)(r->end_ns - r->start_ns) / 1e6));
	const struct probe_counters *pc = probe_engine_counters(r->engine);
	json_t *k = probe_json_counters(pc);
	out_json_set(k, "ambiguous", json_integer((json_int_t)pc->ambiguous));
	out_json_set(k, "late", json_integer((json_int_t)r->late));
	out_json_set(doc, "counters", k);
}

/* json_header
 * Start the document: settings and an empty hops array. */
static void json_header(struct tr_run *r)
{
	struct json_state *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->doc = tr_json_head(r);
	s->hops = json_array();
	out_json_set(s->doc, "hops", s->hops);
	r->out_state = s;
}

/* json_probe
 * Append a probe (and its hop, for the first of a TTL). */
static void json_probe(struct tr_run *r, const struct tr_probe *p, unsigned i)
{
	struct json_state *s = r->out_state;
	if (i == 0) {
		s->hop = json_object();
		out_json_set(s->hop, "ttl", json_integer(p->ttl));
		out_json_set(s->hop, "probes", json_array());
		json_array_append_new(s->hops, s->hop);
	}
	json_array_append_new(json_object_get(s->hop, "probes"), tr_json_probe(r, p));
}

/* json_hop_end
 * The hop's quote checks, now that its last probe is in. */
static void json_hop_end(struct tr_run *r, int ttl)
{
	struct json_state *s = r->out_state;
	struct quote_path qp;
	quote_check_path(&r->hops, ttl, (uint8_t)r->conf->tos, &qp);
	out_json_set(s->hop, "quote", quote_json_hop(&r->hops, &qp, ttl));
}

/* json_end
 * The closing figures, then the document on one line. */
static void json_end(struct tr_run *r)
{
	struct json_state *s = r->out_state;
	tr_json_tail(r, s->doc);
	out_json_emit(r->f, s->doc, false);
	free(s);
	r->out_state = NULL;
}

const struct tr_output_ops tr_json_ops = {
	.header = json_header,
	.probe = json_probe,
	.hop_end = json_hop_end,
	.end = json_end,
};
