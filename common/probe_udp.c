/* probe_udp.c — the UDP probe method, as traceroute and tracepath send it.
 *
 * Two sockets, one wire format (a UDP datagram whose payload starts with the stamp):
 *   - unprivileged (default): an ordinary UDP socket with IP_RECVERR; ICMP errors come
 *     from its error queue, which gives back the payload the router quoted (after the
 *     UDP header) and the destination port;
 *   - raw (sock.force_raw, CAP_NET_RAW): we write the UDP header on a raw socket while
 *     an ordinary UDP socket holds the source port; errors come from the raw socket's
 *     error queue, which starts at the quoted UDP header, checksum included.
 * Which probe an error is about:
 *   - classic (paris false): every probe has its own destination port, cfg.port + n - 1
 *     (traceroute 2.x's 33434, 33435, ...), which every router quotes;
 *   - Paris (paris true): ports stay the same, so routers that balance on the 5-tuple
 *     keep every probe on one path. Raw: the UDP checksum is the probe's wire value (Paris
 *     traceroute's trick: two payload bytes pay for it), quoted with the 8 bytes every
 *     router returns. Unprivileged: the stamp in the payload, which RFC 1812 routers
 *     quote (Linux and most others return 576 bytes); a router that quotes only 8 bytes
 *     of UDP leaves an unprivileged Paris probe unidentifiable (counted as foreign).
 *     Paris needs 18 payload bytes (stamp and checksum fix); shorter probes are classic.
 * Either way, when the payload was quoted its stamp must match, and a UDP reply from the
 * destination port (a service that answered) counts for the oldest waiting probe. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h> /* before linux/errqueue.h, which needs struct timespec */
#include <linux/errqueue.h>

#include "probe_l4.h"

#define UDP_DEFAULT_PORT 33434
#define UDP_HDR_LEN 8

/* The UDP method's own state (e->priv). */
struct udp_priv {
	bool raw;                  /* raw socket (we write the UDP header) */
	bool paris;                /* constant ports; the checksum or stamp identifies */
	uint16_t port;             /* destination port (Paris), or of the first probe */
	uint16_t sport;            /* our source port */
	struct probe_sock reserve; /* raw: the UDP socket that holds sport (and gets replies) */
	struct netdx_addr src;     /* raw: our source address toward src_for (checksums) */
	struct netdx_addr src_for; /* the destination src was learned for */
	struct l4_refused refused; /* probes refused for their size */
	uint8_t *msgbuf;           /* error-queue entries rebuilt as ICMP messages */
};

/* udp_wire_of
 * Classic: the destination port (wire_base is cfg.port - 1). Paris: the number, which
 * the checksum (raw) or the stamp (unprivileged) carries. */
static uint16_t udp_wire_of(const struct probe_engine *e, uint64_t number)
{
	return (uint16_t)(e->wire_base + number);
}

/* checksum_of
 * The checksum field that makes a raw probe carry wire: the value itself (0 is sent
 * as 0xffff, its one's-complement twin, since 0 means "no checksum"). */
static uint16_t checksum_of(uint16_t wire)
{
	return wire ? wire : 0xffff;
}

/* source_for
 * Our source address toward dst, for raw checksums: the one asked for, else what
 * the kernel would pick (learned once per destination). */
static bool source_for(struct probe_engine *e, struct udp_priv *p, const struct netdx_addr *dst)
{
	if (e->cfg.sock.src) {
		p->src = *e->cfg.sock.src;
		return true;
	}
	if (p->src.len && addr_equal(&p->src_for, dst))
		return true;
	const char *why;
	if (!sock_source_for(dst, &e->cfg.sock, &p->src, &why)) {
		errno = ENETUNREACH;
		return false;
	}
	p->src_for = *dst;
	return true;
}

/* build_raw
 * The UDP header and payload of a raw probe in e->txbuf; returns its length. */
static size_t build_raw(struct probe_engine *e, struct udp_priv *p, const struct slot *s,
			const struct netdx_addr *dst, uint16_t dport)
{
	size_t plen = e->cfg.payload_len, len = UDP_HDR_LEN + plen;
	uint8_t *u = e->txbuf;
	u[0] = (uint8_t)(p->sport >> 8);
	u[1] = (uint8_t)p->sport;
	u[2] = (uint8_t)(dport >> 8);
	u[3] = (uint8_t)dport;
	u[4] = (uint8_t)(len >> 8);
	u[5] = (uint8_t)len;
	u[6] = u[7] = 0;
	memcpy(u + UDP_HDR_LEN, e->payload, plen);
	uint64_t pseudo = l4_pseudo_sum(&p->src, dst, IPPROTO_UDP, len);
	uint16_t ck;
	if (p->paris) {
		ck = checksum_of(s->wire);
		l4_force_sum(pseudo, u, len, UDP_HDR_LEN + PROBE_STAMP_LEN, (uint16_t)~ck);
	} else {
		ck = (uint16_t)~l4_sum_fold(l4_sum_add(pseudo, u, len));
		ck = ck ? ck : 0xffff;
	}
	u[6] = (uint8_t)(ck >> 8);
	u[7] = (uint8_t)ck;
	return len;
}

/* udp_send
 * Stamp the payload and send it to the probe's port with its TTL. */
static int udp_send(struct probe_engine *e, struct slot *s, const struct netdx_addr *dst, int ttl)
{
	struct udp_priv *p = e->priv;
	uint16_t dport = p->paris ? p->port : s->wire;
	struct netdx_addr to = *dst;
	probe_stamp_write(e, s, e->payload, e->cfg.payload_len);
	if (!p->raw) {
		addr_set_port(&to, dport);
		return l4_send(e, s, &p->refused, e->payload, e->cfg.payload_len, &to, ttl);
	}
	if (!source_for(e, p, dst))
		return -1;
	size_t len = build_raw(e, p, s, dst, dport);
	addr_set_port(&to, 0); /* raw sockets take no port (IPv6 would want the protocol) */
	return l4_send(e, s, &p->refused, e->txbuf, len, &to, ttl);
}

/* stamp_ok
 * Where the payload was quoted, it must carry s's stamp (as much as the probe had). */
static bool stamp_ok(const struct probe_engine *e, const struct slot *s, const struct icmp_msg *m)
{
	if (!probe_stamp_quoted(e, m->quote.payload, m->quote.payload_len))
		return true; /* not quoted: the port or checksum decided */
	return probe_stamp_matches(e, s, m->quote.payload, m->quote.payload_len);
}

/* slot_of_error
 * The probe an ICMP error is about, from its quote; NULL when it is none of ours. */
static struct slot *slot_of_error(struct probe_engine *e, const struct udp_priv *p,
				  const struct icmp_msg *m)
{
	const struct icmp_quote *q = &m->quote;
	if (!q->present || !q->has_l4 || q->proto != IPPROTO_UDP || q->sport != p->sport ||
	    addr_family(&q->dst) != e->cfg.family)
		return NULL;
	const void *dst = addr_bytes(&q->dst);
	struct slot *s = NULL;
	if (!p->paris) {
		s = probe_slot_lookup(e, q->dport, dst);
	} else if (q->dport != p->port) {
		return NULL;
	} else if (p->raw) {
		s = probe_slot_lookup(e, q->udp_checksum, dst);
		if (!s && q->udp_checksum == 0xffff)
			s = probe_slot_lookup(e, 0, dst);
	} else if (q->payload_len >= PROBE_STAMP_LEN &&
		   probe_stamp_quoted(e, q->payload, q->payload_len)) {
		uint64_t number;
		memcpy(&number, q->payload + 8, sizeof(number));
		s = probe_slot_lookup(e, udp_wire_of(e, number), dst);
		if (s && s->number != number)
			s = NULL;
	}
	return s && stamp_ok(e, s, m) ? s : NULL;
}

/* on_error
 * An error-queue entry: a size refusal, or an ICMP error rebuilt and matched by its
 * quote. */
static void on_error(struct probe_engine *e, const struct sock_packet *pkt)
{
	struct udp_priv *p = e->priv;
	/* An ordinary UDP socket gets what followed the quoted UDP header: put one back. */
	uint8_t hdr[UDP_HDR_LEN] = {
		(uint8_t)(p->sport >> 8), (uint8_t)p->sport,
		(uint8_t)(addr_port(&pkt->from) >> 8), (uint8_t)addr_port(&pkt->from),
	};
	struct l4_quote_hint hint = {
		.proto = IPPROTO_UDP,
		.src = p->src.len ? &p->src : NULL,
		.dst = &pkt->from,
		.l4 = p->raw ? NULL : hdr,
		.l4_len = p->raw ? 0 : UDP_HDR_LEN,
		.sent_len = UDP_HDR_LEN + e->cfg.payload_len,
	};
	struct icmp_msg msg;
	if (!l4_error_msg(e, &p->refused, pkt, &hint, p->msgbuf, PROBE_MAX_PACKET + 64, &msg))
		return;
	struct slot *s = slot_of_error(e, p, &msg);
	l4_deliver_error(e, s, pkt, &msg);
}

/* on_data
 * A UDP datagram from the destination port: a service answered the oldest probe. */
static void on_data(struct probe_engine *e, const struct sock_packet *pkt)
{
	struct udp_priv *p = e->priv;
	struct slot *s = NULL;
	if (addr_family(&pkt->from) == e->cfg.family && (!p->paris || addr_port(&pkt->from) == p->port))
		s = l4_oldest_waiting(e, &pkt->from);
	if (!s) {
		e->counters.foreign++;
		return;
	}
	struct icmp_msg msg = {
		.family = e->cfg.family,
		.kind = ICMP_KIND_OTHER,
		.ip_ttl = pkt->ttl,
		.data = pkt->data,
		.data_len = pkt->len,
	};
	s->tcp_flags = 0;
	probe_deliver(e, s, pkt, &msg, &pkt->from, true);
}

/* on_readable
 * The probe socket: data (unprivileged) and the error queue. */
static void on_readable(void *arg, int fd, uint32_t events)
{
	struct probe_engine *e = arg;
	struct udp_priv *p = e->priv;
	(void)fd;
	l4_drain(e, &e->sock, events, p->raw ? NULL : on_data, on_error);
}

/* on_reserve_readable
 * Raw mode: the port holder gets a service's UDP replies. */
static void on_reserve_readable(void *arg, int fd, uint32_t events)
{
	struct probe_engine *e = arg;
	struct udp_priv *p = e->priv;
	(void)fd;
	l4_drain(e, &p->reserve, events, on_data, NULL);
}

/* udp_open
 * The UDP socket, or the raw socket and its port holder, watched on the loop. */
static bool udp_open(struct probe_engine *e, const char **why)
{
	struct udp_priv *p = calloc(1, sizeof(*p));
	if (!p || !(p->msgbuf = malloc(PROBE_MAX_PACKET + 64))) {
		free(p);
		*why = strerror(ENOMEM);
		return false;
	}
	e->priv = p;
	p->reserve.fd = -1;
	p->raw = e->cfg.sock.force_raw;
	p->paris = e->cfg.paris && e->cfg.payload_len >= PROBE_STAMP_LEN + 2;
	p->port = e->cfg.port ? e->cfg.port : UDP_DEFAULT_PORT;
	e->wire_base = p->paris ? 0 : (uint16_t)(p->port - 1);
	if (p->raw) {
		if (!sock_reserve_port(&p->reserve, e->cfg.family, SOCK_DGRAM, &e->cfg.sock, why) ||
		    !sock_open_raw(&e->sock, e->cfg.family, IPPROTO_UDP, 0, 0, &e->cfg.sock, why))
			return false;
		p->sport = p->reserve.ident;
		if (!probe_watch(e, p->reserve.fd, on_reserve_readable, why))
			return false;
	} else {
		if (!sock_open_udp(&e->sock, e->cfg.family, &e->cfg.sock, why))
			return false;
		p->sport = e->sock.ident;
	}
	return probe_watch(e, e->sock.fd, on_readable, why);
}

/* udp_close
 * The port holder and the buffers (e->sock is the core's to close). */
static void udp_close(struct probe_engine *e)
{
	struct udp_priv *p = e->priv;
	if (!p)
		return;
	if (p->reserve.fd >= 0) {
		loop_del_fd(e->loop, p->reserve.fd);
		sock_close(&p->reserve);
	}
	free(p->msgbuf);
	free(p);
	e->priv = NULL;
}

const struct probe_method_ops probe_udp_ops = {
	.open = udp_open,
	.send = udp_send,
	.wire_of = udp_wire_of,
	.close = udp_close,
};
