/* explain.c — --explain, the teaching mode: the usual traceroute 2.x lines, and after
 * each hop, in plain sentences, what was sent (which TTL), which router took the TTL to
 * zero and what it answered (ICMP type and code), the TTL its answer arrived with and
 * what that says about the way back; silent hops, load balancing and MPLS labels are
 * explained where they occur. Every number printed is one measured in this run. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "netdx/stats.h"
#include "tr.h"

#define INDENT "    "
#define WIDTH 80 /* lines are wrapped to fit a terminal */

/* say
 * One sentence, starting on a new line, indented and wrapped at word boundaries. */
__attribute__((format(printf, 2, 3))) static void say(struct tr_run *r, const char *fmt, ...);
static void say(struct tr_run *r, const char *fmt, ...)
{
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	const size_t room = WIDTH - sizeof(INDENT) + 1;
	const char *p = text;
	while (*p) {
		size_t n = strlen(p);
		if (n > room) {
			n = room;
			while (n > 0 && p[n] != ' ')
				n--;
			if (n == 0)
				n = strcspn(p, " "); /* a word longer than the line */
		}
		fprintf(r->f, "\n" INDENT "%.*s", (int)n, p);
		p += n;
		while (*p == ' ')
			p++;
	}
}

/* what_we_send
 * "3 UDP datagrams to 10.0.4.1 port 33434": the probes of this method, plural, to
 * the target, with their port or protocol. */
static void what_we_send(const struct tr_run *r, int ttl, unsigned n, char *buf, size_t len)
{
	const struct tr_conf *c = r->conf;
	switch (c->method) {
	case TR_ICMP:
		snprintf(buf, len, "%u ICMP echo requests to %s", n, r->dst_text);
		break;
	case TR_TCP:
		snprintf(buf, len, "%u TCP SYN segments to %s port %ld", n, r->dst_text, c->port);
		break;
	case TR_RAW:
		snprintf(buf, len, "%u IP packets of protocol %d to %s", n, c->proto, r->dst_text);
		break;
	case TR_UDPLITE:
		snprintf(buf, len, "%u UDP-Lite datagrams to %s port %ld, each from its own port",
			 n, r->dst_text, c->port);
		break;
	case TR_DCCP:
		snprintf(buf, len, "%u DCCP-Requests to %s port %ld", n, r->dst_text, c->port);
		break;
	case TR_TCPCONN:
		snprintf(buf, len, "%u TCP SYN segments (connect() calls) to %s port %ld", n,
			 r->dst_text, c->port);
		break;
	default:
		if (c->port == 53 && (c->paris || c->method == TR_UDP_PORT)) {
			snprintf(buf, len, "%u DNS queries (UDP) to %s port 53%s", n, r->dst_text,
				 c->paris ? "" : ", each from its own port");
		} else if (c->method == TR_UDP_PORT) {
			snprintf(buf, len,
				 "%u UDP datagrams to %s port %ld, each from its own port", n,
				 r->dst_text, c->port);
		} else if (c->paris) {
			snprintf(buf, len, "%u UDP datagrams to %s port %ld", n, r->dst_text,
				 c->port);
		} else {
			/* probe number k went to port + k - 1 */
			long first = c->port + (long)tr_probe_at(r, ttl, 0)->number - 1;
			long last = c->port + (long)tr_probe_at(r, ttl, n - 1)->number - 1;
			snprintf(buf, len,
				 "%u UDP datagrams to %s ports %ld-%ld (one port per probe)", n,
				 r->dst_text, first, last);
		}
		break;
	}
}

/* icmp_name
 * "ICMP" or "ICMPv6" for this run's family. */
static const char *icmp_name(const struct tr_run *r)
{
	return addr_family(&r->dst) == AF_INET ? "ICMP" : "ICMPv6";
}

/* explain_way_back
 * What the TTL of an answer says about the way back. */
static void explain_way_back(struct tr_run *r, const struct tr_probe *p)
{
	int initial, crossed;
	if (p->reply_ttl <= 0 || !stats_infer_hops(p->reply_ttl, &initial, &crossed))
		return;
	int back = crossed + 1;
	say(r,
	    "Its answer arrived with TTL %d. Senders start at %d (of the usual starting "
	    "values 32, 64, 128 and 255, the nearest at or above %d), so the answer crossed "
	    "%d router%s on the way back: the way back is %d hop%s long, %s the %d hop%s "
	    "out.",
	    p->reply_ttl, initial, p->reply_ttl, crossed, crossed == 1 ? "" : "s", back,
	    back == 1 ? "" : "s",
	    back == p->ttl  ? "as long as"
	    : back > p->ttl ? "longer than"
			    : "shorter than",
	    p->ttl, p->ttl == 1 ? "" : "s");
	if (back != p->ttl)
		say(r, "So the answer came back along another route than the probe went out "
		       "(an asymmetric path), or the sender starts at an unusual TTL.");
}

/* explain_transit
 * A router on the way: how TTL k made it answer. */
static void explain_transit(struct tr_run *r, const struct tr_probe *p, const char *who)
{
	say(r,
	    "%s is the router %d hop%s away. Every router takes 1 off the TTL, so the "
	    "probe reached it with TTL 1; it took that to 0, so it could not forward the "
	    "probe: it dropped it and sent back %s \"time exceeded\" (type %d, code %d).",
	    who, p->ttl, p->ttl == 1 ? "" : "s", icmp_name(r), p->icmp_type, p->icmp_code);
}

/* explain_reached
 * The destination's own answer, by method. */
static void explain_reached(struct tr_run *r, const struct tr_probe *p, const char *who)
{
	const struct tr_conf *c = r->conf;
	if (p->tcp_flags & 0x04)
		say(r,
		    "%s is the destination: it answered our SYN with RST, so TCP port %ld is "
		    "closed there, but the probe arrived.",
		    who, c->port);
	else if (p->tcp_flags)
		say(r,
		    "%s is the destination: it answered our SYN with SYN-ACK, so a service "
		    "listens on TCP port %ld (%s at once; nothing stays open).",
		    who, c->port,
		    c->method == TR_TCPCONN ? "the connection was made, and we reset it"
					    : "our kernel resets the half-open connection");
	else if (p->icmp_type < 0 && c->method == TR_DCCP)
		say(r,
		    "%s is the destination: its DCCP stack answered our Request (Reset or "
		    "Response, acknowledging the probe's sequence number).",
		    who);
	else if (p->icmp_type < 0 && c->port == 53 && (c->paris || c->method == TR_UDP_PORT))
		say(r,
		    "%s is the destination: the DNS server on UDP port 53 answered our query "
		    "(with its ID, so we know which probe it answers).",
		    who);
	else if (p->icmp_type < 0)
		say(r, "%s is the destination: a service on UDP port %ld answered the probe.", who,
		    c->port);
	else if (c->method == TR_ICMP && (p->icmp_type == 0 || p->icmp_type == 129))
		say(r,
		    "%s is the destination: it answered the echo request with an echo reply "
		    "(%s type %d).",
		    who, icmp_name(r), p->icmp_type);
	else if (!p->note[0])
		say(r,
		    "%s is the destination: the probe arrived with TTL 1 left. Nothing listens "
		    "on %s port %ld there, so it answered %s \"port unreachable\" (type %d, "
		    "code %d), which for traceroute means \"arrived\".",
		    who, c->method == TR_UDPLITE ? "UDP-Lite" : "UDP",
		    c->method == TR_UDP && !c->paris ? c->port + (long)p->number - 1 : c->port,
		    icmp_name(r), p->icmp_type, p->icmp_code);
	else
		say(r,
		    "%s is the destination; it answered %s \"%s\" (type %d, code %d), shown "
		    "as %s.",
		    who, icmp_name(r),
		    icmp_describe(addr_family(&r->dst), (uint8_t)p->icmp_type,
				  (uint8_t)p->icmp_code),
		    p->icmp_type, p->icmp_code, p->note);
}

/* explain_stopped
 * An error that ends the trace before the destination. */
static void explain_stopped(struct tr_run *r, const struct tr_probe *p, const char *who)
{
	if (!p->from.len) {
		say(r,
		    "Our own kernel refused to send the probe (%s): it is bigger than the "
		    "outgoing interface's MTU and Don't Fragment is set.",
		    p->note);
		return;
	}
	const char *why = "";
	switch (p->note[1]) {
	case 'H':
		why = ": the destination host cannot be reached from there";
		break;
	case 'N':
		why = ": that router has no route to the destination's network";
		break;
	case 'P':
		why = ": the protocol of our probe is not supported there";
		break;
	case 'X':
		why = ": a filter (firewall) refused the probe";
		break;
	case 'F':
		why = ": the probe is too big for the next link and Don't Fragment is set";
		break;
	default:
		break;
	}
	say(r,
	    "%s sent back %s \"%s\" (type %d, code %d), shown as %s%s. The trace cannot go "
	    "further.",
	    who, icmp_name(r),
	    icmp_describe(addr_family(&r->dst), (uint8_t)p->icmp_type, (uint8_t)p->icmp_code),
	    p->icmp_type, p->icmp_code, p->note, why);
}

/* explain_silence
 * Probes without an answer: what that does and does not mean. */
static void explain_silence(struct tr_run *r, int ttl, unsigned lost, unsigned n)
{
	double wait_ms = (double)tr_wait_ns(r, ttl) / 1e6;
	const struct hop *later = NULL;
	for (int t = ttl + 1; t <= r->hops.max_ttl && !later; t++)
		if (hops_at(&r->hops, t)->stats.received)
			later = hops_at(&r->hops, t);
	if (lost < n) {
		say(r,
		    "%u of the %u probes got no answer within %.0f ms: lost on the way, or "
		    "the router limits how many ICMP messages it sends.",
		    lost, n, wait_ms);
		return;
	}
	say(r,
	    "No answer to any of the %u probes (we waited %.0f ms, from the round trip "
	    "times of the hops around it).",
	    n, wait_ms);
	if (later)
		say(r,
		    "Later hops did answer, so the router at hop %d forwards traffic: it just "
		    "sends no \"time exceeded\" (configured not to, or rate limited).",
		    ttl);
	else
		say(r, "Nothing after it has answered either: the path may end here, or every "
		       "router past this point is silent.");
}

/* hop_probes
 * This hop's probes: how many were sent (*sent), lost (*lost), and each address that
 * answered once, in order (seen); returns how many answered. */
static unsigned hop_probes(const struct tr_run *r, int ttl, const struct tr_probe **seen,
			   unsigned *sent, unsigned *lost)
{
	unsigned responders = 0;

	*sent = *lost = 0;
	for (unsigned i = 0; i < (unsigned)r->conf->queries; i++) {
		const struct tr_probe *p = tr_probe_at(r, ttl, i);
		if ((size_t)(p - r->probes) >= r->end)
			break;
		(*sent)++;
		if (!p->answered) {
			(*lost)++;
			continue;
		}
		bool again = false;
		for (unsigned k = 0; k < responders; k++)
			again |= addr_equal(&seen[k]->from, &p->from);
		if (!again)
			seen[responders++] = p;
	}
	return responders;
}

/* explain_responder
 * What one address's answer says; first is the hop's first responder, to which a
 * second router of an ECMP pair is compared. */
static void explain_responder(struct tr_run *r, const struct tr_probe *p,
			      const struct tr_probe *first)
{
	char who[ADDR_STRLEN + 8];

	if (p->from.len)
		addr_to_str(&p->from, who, sizeof(who));
	else
		snprintf(who, sizeof(who), "our host");
	if (p != first && p->kind == TR_TRANSIT && first->kind == TR_TRANSIT &&
	    p->reply_ttl == first->reply_ttl && !p->n_mpls) {
		say(r,
		    "%s answered the same way, with the same TTL: another router %d hop%s "
		    "away.",
		    who, p->ttl, p->ttl == 1 ? "" : "s");
		return;
	}
	if (p->kind == TR_TRANSIT)
		explain_transit(r, p, who);
	else if (p->kind == TR_REACHED)
		explain_reached(r, p, who);
	else
		explain_stopped(r, p, who);
	if (p->n_mpls) {
		char mpls[256];
		tr_text_mpls(p, mpls, sizeof(mpls));
		say(r,
		    "Its answer carried an MPLS label stack (RFC 4950: %s; L label, E "
		    "traffic class, S bottom of stack, T TTL): it forwards our packets "
		    "through an MPLS tunnel.",
		    mpls + 5);
	}
	explain_way_back(r, p);
}

/* explain_hop
 * The explanation block under a hop's line. */
static void explain_hop(struct tr_run *r, int ttl)
{
	const struct tr_probe *seen[TR_MAX_QUERIES];
	unsigned sent, lost, responders = hop_probes(r, ttl, seen, &sent, &lost);
	char what[160];

	what_we_send(r, ttl, sent, what, sizeof(what));
	say(r, "TTL %d: we sent %s, each with TTL %d.", ttl, what, ttl);
	for (unsigned k = 0; k < responders; k++)
		explain_responder(r, seen[k], seen[0]);
	for (unsigned k = 0; k < responders; k++)
		if (seen[k]->kind == TR_REACHED) {
			say(r, "The trace ends here: the destination is %d hop%s away.", ttl,
			    ttl == 1 ? "" : "s");
			break;
		}
	if (responders > 1)
		say(r,
		    "%u different routers answered probes with the same TTL: a load balancer "
		    "before this hop spreads traffic over parallel paths (ECMP).",
		    responders);
	if (lost)
		explain_silence(r, ttl, lost, sent);
	const struct hop *h = hops_at(&r->hops, ttl);
	if (h && h->stats.received)
		say(r, "Round trip: %.3f ms at best, %.3f ms at worst (out to hop %d and back).",
		    h->stats.min_ms, h->stats.max_ms, ttl);
}

/* explain_header
 * 2.x's header line, then how TTLs reveal routers. */
static void explain_header(struct tr_run *r)
{
	tr_text_header(r);
	say(r, "How it works: every probe carries a TTL (time to live). Each router that "
	       "forwards it takes 1 off; the router that takes it to 0 drops the probe and "
	       "sends back an ICMP \"time exceeded\" message, which gives its address away.");
	say(r, "Probes with TTL 1 find the first router, TTL 2 the second, and so on, until "
	       "the destination itself answers.");
	fflush(r->f);
}

/* explain_probe
 * A probe prints as in the text output. */
static void explain_probe(struct tr_run *r, const struct tr_probe *p, unsigned i)
{
	tr_text_ops.probe(r, p, i);
}

/* explain_end
 * How long it took and whether the destination answered. */
static void explain_end(struct tr_run *r)
{
	double ms = (double)(r->end_ns - r->start_ns) / 1e6;
	if (r->signal)
		say(r, "Interrupted after %.0f ms.", ms);
	else if (r->reached)
		say(r, "Done in %.0f ms: the destination answered.", ms);
	else
		say(r, "Done in %.0f ms: the destination did not answer by TTL %d.", ms,
		    r->conf->max_ttl);
	fputc('\n', r->f);
	fflush(r->f);
}

const struct tr_output_ops tr_explain_ops = {
	.header = explain_header,
	.probe = explain_probe,
	.hop_end = explain_hop,
	.end = explain_end,
};
