/* probe_tcp.c — the TCP SYN probe method (traceroute -T): SYNs from a raw socket
 * (CAP_NET_RAW), a reserved local port, and the destination port of a service.
 *
 * The ports stay the same for every probe (a TCP flow, as firewalls and ECMP routers
 * see it); the sequence number tells probes apart: its high 16 bits are random per
 * engine, its low 16 bits the probe's wire value. Answers: ICMP errors quoting our
 * ports and sequence (the raw socket's error queue), and the destination's SYN-ACK
 * (port open) or RST (closed), whose acknowledgement number is our sequence + 1. The
 * kernel answers a SYN-ACK with a RST of its own: no connection is ever made. */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h> /* before linux/errqueue.h, which needs struct timespec */
#include <linux/errqueue.h>

#include "netdx/wire.h"
#include "probe_l4.h"

#define TCP_DEFAULT_PORT 80
#define TCP_HDR_LEN 20
#define TCP_OPT_LEN 20 /* MSS, SACK permitted, timestamps, NOP, window scale */
#define TCP_OPT_ALL                                                                                \
	(PROBE_TCP_OPT_MSS | PROBE_TCP_OPT_SACK | PROBE_TCP_OPT_TS | PROBE_TCP_OPT_WSCALE)
#define TCP_DEFAULT_MSS 1460
#define TCP_FIN PROBE_TCP_FIN
#define TCP_SYN PROBE_TCP_SYN
#define TCP_RST PROBE_TCP_RST
#define TCP_ACK PROBE_TCP_ACK

/* The TCP method's own state (e->priv). */
struct tcp_priv {
	struct l4_state l4;   /* segments, errors, the TCP socket holding sport (never
				    * listens); first */
	uint16_t sport;       /* our (reserved) port */
	uint16_t dport;       /* the service's */
	uint32_t seq_hi;      /* high half of every sequence number we send */
	struct l4_source src; /* our address toward the destination (checksums) */
	uint8_t txbuf[];      /* the segment being built (TCP_HDR_LEN + payload_max) */
};

/* tcp_wire_of
 * The probe's number, modulo 2^16: the low half of its sequence number. */
static uint16_t tcp_wire_of(const struct probe_engine *e, uint64_t number)
{
	(void)e;
	return (uint16_t)number;
}

/* options_of
 * The options a probe with room bytes after its header carries: the configured ones
 * exactly where they fit (the caller sizes the payload: probe_tcp_options_len), or
 * Linux's four where they fit (traceroute 2.x's default), MSS alone where only it
 * does, none in less. */
static unsigned options_of(const struct probe_config *cfg, size_t room)
{
	if (cfg->tcp_options & PROBE_TCP_OPT_EXACT)
		return probe_tcp_options_len(cfg->tcp_options) <= room ? cfg->tcp_options : 0;
	return room >= TCP_OPT_LEN ? TCP_OPT_ALL : room >= 4 ? PROBE_TCP_OPT_MSS : 0;
}

/* put_options
 * The options in opts as Linux lays them out (MSS; SACK permitted in the timestamps'
 * padding, or after two NOPs; NOP and window scale 7), into o unless NULL; returns the
 * bytes used (whole 4-byte words). */
static size_t put_options(uint8_t *o, unsigned opts, uint16_t mss, uint32_t tsval)
{
	uint8_t b[TCP_OPT_LEN];
	size_t n = 0;
	if (opts & PROBE_TCP_OPT_MSS) {
		b[n++] = 2;
		b[n++] = 4;
		wire_put16(b + n, mss ? mss : TCP_DEFAULT_MSS);
		n += 2;
	}
	bool sack = opts & PROBE_TCP_OPT_SACK;
	if (sack || (opts & PROBE_TCP_OPT_TS)) {
		b[n++] = sack && (opts & PROBE_TCP_OPT_TS) ? 4 : 1;
		b[n++] = sack && (opts & PROBE_TCP_OPT_TS) ? 2 : 1;
	}
	if (opts & PROBE_TCP_OPT_TS) {
		b[n++] = 8;
		b[n++] = 10;
		wire_put32(b + n, tsval);
		wire_put32(b + n + 4, 0);
		n += 8;
	} else if (sack) {
		b[n++] = 4;
		b[n++] = 2;
	}
	if (opts & PROBE_TCP_OPT_WSCALE) {
		static const uint8_t ws[4] = {1, 3, 3, 7};
		memcpy(b + n, ws, 4);
		n += 4;
	}
	if (o)
		memcpy(o, b, n);
	return n;
}

size_t probe_tcp_options_len(unsigned opts)
{
	return put_options(NULL, opts, 0, 0);
}

/* syn_data_len
 * Bytes of data our SYNs carry: the payload beyond the options put_options() writes.
 * A RST from a closed port acknowledges them too (SEG.SEQ + SEG.LEN); a SYN-ACK only
 * the SYN. */
static uint32_t syn_data_len(const struct probe_engine *e)
{
	size_t extra = e->cfg.payload_len;
	size_t opt = probe_tcp_options_len(options_of(&e->cfg, extra > 40 ? 40 : extra));
	return (uint32_t)(extra > opt ? extra - opt : 0);
}

/* tcp_send
 * Build the SYN (sequence from the wire value) with its checksum and send it. */
static int tcp_send(struct probe_engine *e, struct slot *s, const struct netdx_addr *dst, int ttl)
{
	struct tcp_priv *p = e->priv;
	const struct netdx_addr *src = l4_source_for(e, &e->sock, &p->src, dst);
	if (!src)
		return -1;
	size_t extra = e->cfg.payload_len, len = TCP_HDR_LEN + extra;
	uint8_t *t = p->txbuf;
	memset(t, 0, TCP_HDR_LEN);
	size_t opt = put_options(t + TCP_HDR_LEN, options_of(&e->cfg, extra > 40 ? 40 : extra),
				 e->cfg.tcp_mss, (uint32_t)s->number);
	memset(t + TCP_HDR_LEN + opt, 0, extra - opt); /* any bytes beyond: SYN data */
	wire_put16(t, p->sport);
	wire_put16(t + 2, p->dport);
	wire_put32(t + 4, p->seq_hi << 16 | s->wire);
	t[12] = (uint8_t)((TCP_HDR_LEN + opt) / 4 << 4);
	t[13] = e->cfg.tcp_flags ? e->cfg.tcp_flags : TCP_SYN;
	wire_put16(t + 14, 64240);
	uint64_t sum = wire_sum_add(l4_pseudo_sum(src, dst, IPPROTO_TCP, len), t, len);
	wire_put16(t + 16, (uint16_t)~wire_sum_fold(sum));
	struct netdx_addr to = *dst;
	addr_set_port(&to, 0);
	return l4_send(e, &e->sock, s, &p->l4.refused, t, len, &to, ttl);
}

/* slot_of_seq
 * Our probe to dst whose sequence number was seq, or NULL; quoted: dst is what an
 * ICMP error's quote names (a source route's gateway will do). */
static struct slot *slot_of_seq(struct probe_engine *e, const struct tcp_priv *p, uint32_t seq,
				const struct netdx_addr *dst, bool quoted)
{
	if (seq >> 16 != p->seq_hi || addr_family(dst) != e->cfg.family)
		return NULL;
	const void *bytes = addr_bytes(dst);
	return probe_slot_lookup(e, (uint16_t)seq, quoted ? probe_quoted_dst(e, bytes) : bytes);
}

/* on_segment
 * A segment the filter passed (from the service port to ours): a SYN-ACK or RST that
 * acknowledges one of our SYNs answers it. IPv4 reads start with the IP header. */
static void on_segment(struct probe_engine *e, const struct sock_packet *pkt)
{
	struct tcp_priv *p = e->priv;
	const uint8_t *t;
	size_t len;
	int ttl;
	if (!l4_transport_of(e, pkt, IPPROTO_TCP, TCP_HDR_LEN, &t, &len, &ttl))
		return;
	size_t thl = (size_t)(t[12] >> 4) * 4;
	uint8_t flags = t[13];
	struct slot *s = NULL;
	if (thl >= TCP_HDR_LEN && thl <= len && wire_be16(t) == p->dport &&
	    wire_be16(t + 2) == p->sport && (flags & TCP_ACK) && (flags & (TCP_SYN | TCP_RST))) {
		uint32_t data_acked = flags & TCP_RST ? syn_data_len(e) : 0;
		s = slot_of_seq(e, p, wire_be32(t + 8) - 1 - data_acked, &pkt->from, false);
	}
	if (!s) {
		e->counters.foreign++;
		return;
	}
	struct icmp_msg msg = {
		.family = e->cfg.family,
		.kind = ICMP_KIND_OTHER,
		.ip_ttl = ttl,
		.data = t + 8, /* the result's bytes (8 + data_len) are the TCP header's */
		.data_len = thl - 8,
	};
	s->tcp_flags = flags & (TCP_FIN | TCP_SYN | TCP_RST | TCP_ACK);
	probe_deliver(e, s, pkt, &msg, &pkt->from, true);
}

/* on_error
 * An error-queue entry: a size refusal, or an ICMP error whose quote (from the TCP
 * header on) names our ports and one of our sequence numbers. */
static void on_error(struct probe_engine *e, const struct sock_packet *pkt)
{
	struct tcp_priv *p = e->priv;
	struct l4_quote_hint hint = {
		.proto = IPPROTO_TCP,
		.src = p->src.addr.len ? &p->src.addr : NULL,
		.dst = &pkt->from,
		.sent_len = TCP_HDR_LEN + e->cfg.payload_len,
	};
	struct icmp_msg msg;
	if (!l4_error_msg(e, &p->l4, pkt, &hint, &msg))
		return;
	const struct icmp_quote *q = &msg.quote;
	struct slot *s = NULL;
	if (q->has_l4 && q->sport == p->sport && q->dport == p->dport)
		s = slot_of_seq(e, p, q->tcp_seq, &q->dst, true);
	l4_deliver_error(e, s, pkt, &msg);
}

/* tcp_open
 * Reserve a local port, open the raw TCP socket filtered to answers for it. */
static enum netdx_status tcp_open(struct probe_engine *e, const char **why)
{
	enum netdx_status st =
		l4_priv_new(e, sizeof(struct tcp_priv), TCP_HDR_LEN + e->payload_max, why);
	if (st != NETDX_OK)
		return st;
	struct tcp_priv *p = e->priv;
	p->dport = e->cfg.port ? e->cfg.port : TCP_DEFAULT_PORT;
	p->seq_hi = (uint32_t)(e->nonce >> 48);
	st = sock_reserve_port(&p->l4.reserve, e->cfg.family, SOCK_STREAM, &e->cfg.sock, why);
	p->sport = p->l4.reserve.ident;
	if (st == NETDX_OK)
		st = sock_open_raw(&e->sock, e->cfg.family, IPPROTO_TCP, p->sport, p->dport,
				   &e->cfg.sock, why);
	return st != NETDX_OK ? st : l4_watch(e, on_segment, on_error, why);
}

/* tcp_sandbox
 * Without a source given, a connected UDP socket per destination finds ours for the
 * SYN's checksum. */
static unsigned tcp_sandbox(const struct probe_engine *e)
{
	return e->cfg.sock.src ? 0 : SANDBOX_INET;
}

const struct probe_method_ops probe_tcp_ops = {
	.open = tcp_open,
	.send = tcp_send,
	.wire_of = tcp_wire_of,
	.close = l4_priv_free,
	.sandbox = tcp_sandbox,
};
