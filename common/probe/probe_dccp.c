/* probe_dccp.c — the DCCP probe method (traceroute -D): DCCP-Requests (RFC 4340) from a
 * raw socket (CAP_NET_RAW), as traceroute 2.x sends them: 20 bytes of header (48-bit
 * sequence numbers, the service code 1885957735), then any payload, to port 33434
 * unless -p.
 *
 * The ports stay the same for every probe; the sequence number tells probes apart (its
 * low 16 bits the probe's wire value, the rest random per engine), as the TCP method
 * does, and routers quote it (Linux quotes the whole probe). The source port is held
 * by a DCCP socket where the kernel has DCCP; where it has none (Linux 6.16 removed
 * it), no program can use the port, and a random one is taken. Answers: ICMP errors
 * from the raw socket's error queue (a destination without DCCP says "protocol
 * unreachable", !P), and a DCCP stack's Reset or Response, which acknowledge our
 * sequence number. */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "netdx/wire.h"
#include "probe_l4.h"

#define DCCP_DEFAULT_PORT 33434
#define DCCP_HDR_LEN 20          /* generic header with 48-bit sequence, service code */
#define DCCP_ACK_HDR_LEN 24      /* generic header, acknowledgement subheader */
#define DCCP_SERVICE 1885957735u /* traceroute 2.x's service code */
#define DCCP_TYPE_REQUEST 0
#define DCCP_TYPE_RESPONSE 1
#define DCCP_TYPE_RESET 7
#define DCCP_EPHEMERAL_LOW 32768 /* Linux's default ephemeral ports */
#define DCCP_EPHEMERAL_SPAN 28232

/* The DCCP method's own state (e->priv). */
struct dccp_priv {
	struct l4_state l4;   /* Resets and Responses, errors; the port holder; first */
	uint16_t sport;       /* our port */
	uint16_t dport;       /* the destination's */
	uint16_t seq_hi;      /* the 48-bit sequence number's high 16 bits, random */
	uint16_t seq_mid;     /* and the 16 above the wire value, random */
	struct l4_source src; /* our address toward the destination (checksums) */
	uint8_t txbuf[];      /* the packet being built (DCCP_HDR_LEN + payload_max) */
};

/* dccp_wire_of
 * The probe's number, modulo 2^16: the low 16 bits of its sequence number. */
static uint16_t dccp_wire_of(const struct probe_engine *e, uint64_t number)
{
	(void)e;
	return (uint16_t)number;
}

/* put_seq
 * Probe wire's 48-bit sequence number at p (6 bytes). */
static void put_seq(const struct dccp_priv *p, uint16_t wire, uint8_t *at)
{
	wire_put16(at, p->seq_hi);
	wire_put16(at + 2, p->seq_mid);
	wire_put16(at + 4, wire);
}

/* dccp_send
 * The Request for probe s, its checksum over the whole packet (CsCov 0), sent. */
static int dccp_send(struct probe_engine *e, struct slot *s, const struct netdx_addr *dst, int ttl)
{
	struct dccp_priv *p = e->priv;
	const struct netdx_addr *src = l4_source_for(e, &e->sock, &p->src, dst);
	if (!src)
		return -1;
	size_t extra = e->cfg.payload_len, len = DCCP_HDR_LEN + extra;
	uint8_t *d = p->txbuf;
	memset(d, 0, DCCP_HDR_LEN);
	wire_put16(d, p->sport);
	wire_put16(d + 2, p->dport);
	d[4] = DCCP_HDR_LEN / 4;           /* data offset, in words */
	d[8] = DCCP_TYPE_REQUEST << 1 | 1; /* X: 48-bit sequence numbers */
	put_seq(p, s->wire, d + 10);
	wire_put32(d + 16, DCCP_SERVICE);
	memcpy(d + DCCP_HDR_LEN, e->payload, extra);
	probe_stamp_write(e, s, d + DCCP_HDR_LEN, extra);
	uint64_t sum = wire_sum_add(l4_pseudo_sum(src, dst, IPPROTO_DCCP, len), d, len);
	wire_put16(d + 6, (uint16_t)~wire_sum_fold(sum));
	struct netdx_addr to = *dst;
	addr_set_port(&to, 0);
	return l4_send(e, &e->sock, s, &p->l4.refused, d, len, &to, ttl);
}

/* slot_of_seq
 * Our probe to dst_bytes (NULL: any) whose sequence number the 6 bytes at seq are. */
static struct slot *slot_of_seq(struct probe_engine *e, const struct dccp_priv *p,
				const uint8_t *seq, const void *dst_bytes)
{
	uint8_t want[6];
	put_seq(p, wire_be16(seq + 4), want);
	if (memcmp(want, seq, 6) != 0)
		return NULL;
	return probe_slot_lookup(e, wire_be16(seq + 4), dst_bytes);
}

/* on_packet
 * A packet the filter passed (from the destination's port to ours): a Reset or a
 * Response acknowledging one of our Requests answers it (the destination has DCCP).
 * IPv4 reads start with the IP header. */
static void on_packet(struct probe_engine *e, const struct sock_packet *pkt)
{
	struct dccp_priv *p = e->priv;
	const uint8_t *d;
	size_t len;
	int ttl;
	if (!l4_transport_of(e, pkt, IPPROTO_DCCP, DCCP_ACK_HDR_LEN, &d, &len, &ttl))
		return;
	if (!(d[8] & 1)) { /* X: only 48-bit sequence numbers acknowledge ours */
		e->counters.malformed++;
		return;
	}
	uint8_t type = (d[8] >> 1) & 0x0f;
	struct slot *s = NULL;
	if (type == DCCP_TYPE_RESET || type == DCCP_TYPE_RESPONSE)
		s = slot_of_seq(e, p, d + 18, addr_bytes(&pkt->from));
	if (!s) {
		e->counters.foreign++;
		return;
	}
	struct icmp_msg msg = {
		.family = e->cfg.family,
		.kind = ICMP_KIND_OTHER,
		.ip_ttl = ttl,
		.data = d + 8,
		.data_len = len - 8,
	};
	s->tcp_flags = 0;
	probe_deliver(e, s, pkt, &msg, &pkt->from, true);
}

/* on_error
 * An error-queue entry: a size refusal, or an ICMP error whose quote names our ports
 * and one of our sequence numbers. */
static void on_error(struct probe_engine *e, const struct sock_packet *pkt)
{
	struct dccp_priv *p = e->priv;
	struct l4_quote_hint hint = {
		.proto = IPPROTO_DCCP,
		.src = p->src.addr.len ? &p->src.addr : NULL,
		.dst = &pkt->from,
		.sent_len = DCCP_HDR_LEN + e->cfg.payload_len,
	};
	struct icmp_msg msg;
	if (!l4_error_msg(e, &p->l4, pkt, &hint, &msg))
		return;
	const struct icmp_quote *q = &msg.quote;
	struct slot *s = NULL;
	/* after the 8 quoted bytes: type and X, a reserved byte, the sequence number */
	if (q->has_l4 && q->sport == p->sport && q->dport == p->dport && q->payload_len >= 8 &&
	    addr_family(&q->dst) == e->cfg.family)
		s = slot_of_seq(e, p, q->payload + 2, probe_quoted_dst(e, addr_bytes(&q->dst)));
	l4_deliver_error(e, s, pkt, &msg);
}

/* hold_port
 * Our source port: a DCCP socket's, or where the kernel has no DCCP a random one. */
static enum netdx_status hold_port(struct probe_engine *e, struct dccp_priv *p, const char **why)
{
	if (e->cfg.sock.port) {
		p->sport = e->cfg.sock.port;
		return NETDX_OK;
	}
	enum netdx_status st =
		sock_reserve_port(&p->l4.reserve, e->cfg.family, SOCK_DCCP, &e->cfg.sock, why);
	if (st == NETDX_OK) {
		p->sport = p->l4.reserve.ident;
		return NETDX_OK;
	}
	if (errno != ESOCKTNOSUPPORT && errno != EPROTONOSUPPORT && errno != EAFNOSUPPORT)
		return st;
	p->sport = (uint16_t)(DCCP_EPHEMERAL_LOW + (e->nonce >> 32) % DCCP_EPHEMERAL_SPAN);
	return NETDX_OK;
}

/* dccp_open
 * The source port, then the raw DCCP socket filtered to answers to it. */
static enum netdx_status dccp_open(struct probe_engine *e, const char **why)
{
	enum netdx_status st =
		l4_priv_new(e, sizeof(struct dccp_priv), DCCP_HDR_LEN + e->payload_max, why);
	if (st != NETDX_OK)
		return st;
	struct dccp_priv *p = e->priv;
	p->dport = e->cfg.port ? e->cfg.port : DCCP_DEFAULT_PORT;
	p->seq_hi = (uint16_t)(e->nonce >> 48);
	p->seq_mid = (uint16_t)(e->nonce >> 16);
	st = hold_port(e, p, why);
	if (st == NETDX_OK)
		st = sock_open_raw(&e->sock, e->cfg.family, IPPROTO_DCCP, p->sport, p->dport,
				   &e->cfg.sock, why);
	return st != NETDX_OK ? st : l4_watch(e, on_packet, on_error, why);
}

/* dccp_sandbox
 * Without a source given, a connected UDP socket per destination finds ours for the
 * checksum. */
static unsigned dccp_sandbox(const struct probe_engine *e)
{
	return e->cfg.sock.src ? 0 : SANDBOX_INET;
}

const struct probe_method_ops probe_dccp_ops = {
	.open = dccp_open,
	.send = dccp_send,
	.wire_of = dccp_wire_of,
	.close = l4_priv_free,
	.sandbox = dccp_sandbox,
};
