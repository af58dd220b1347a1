/* probe_icmp.c — the ICMP echo probe method: echo requests on an ICMP datagram or raw
 * socket; answers are echo replies (matched by identifier, sequence, source and the
 * stamp) and ICMP errors quoting one of our requests (raw sockets read them directly,
 * datagram sockets from the error queue). */
#include <errno.h>
#include <time.h> /* before linux/errqueue.h, which needs struct timespec */
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/epoll.h>

#include "probe_internal.h"

/* icmp_wire_of
 * An echo probe carries its number, modulo 2^16, as the sequence. */
static uint16_t icmp_wire_of(const struct probe_engine *e, uint64_t number)
{
	(void)e;
	return (uint16_t)number;
}

/* icmp_send
 * Build the echo request (stamp in the payload) and send it with the probe's TTL. */
static int icmp_send(struct probe_engine *e, struct slot *s, const struct netdx_addr *dst, int ttl)
{
	probe_stamp_write(e, s, e->payload, e->cfg.payload_len);
	icmp_build_echo(e->txbuf, e->txlen, e->cfg.family, e->sock.ident, s->wire, e->payload,
			e->cfg.payload_len);
	return sock_send(&e->sock, e->txbuf, e->txlen, dst, ttl, &s->tx_real_ns, &s->tx_mono_ns) < 0
		       ? -1
		       : 0;
}

/* handle_icmp
 * A packet read from the socket: an echo reply, or (raw sockets) an ICMP error that
 * quotes one of our probes. */
static void handle_icmp(struct probe_engine *e, const struct sock_packet *pkt)
{
	struct icmp_msg msg;
	bool with_ip = e->sock.kind == SOCK_ICMP_RAW && e->cfg.family == AF_INET;
	if (icmp_parse(pkt->data, pkt->len, e->cfg.family, with_ip, &msg) != ICMP_OK) {
		e->counters.malformed++;
		return;
	}
	struct slot *s = NULL;
	if (msg.kind == ICMP_KIND_ECHO_REPLY) {
		if (msg.id == e->sock.ident)
			s = probe_slot_lookup(e, msg.seq, addr_bytes(&pkt->from));
		if (s && !probe_stamp_matches(e, s, msg.data, msg.data_len))
			s = NULL;
	} else if (msg.kind != ICMP_KIND_OTHER && msg.kind != ICMP_KIND_ECHO_REQUEST &&
		   msg.quote.present && msg.quote.has_l4 &&
		   (msg.quote.proto == IPPROTO_ICMP || msg.quote.proto == IPPROTO_ICMPV6) &&
		   msg.quote.icmp_id == e->sock.ident && addr_family(&msg.quote.dst) == e->cfg.family) {
		s = probe_slot_lookup(e, msg.quote.icmp_seq, addr_bytes(&msg.quote.dst));
		/* Routers quote at least 8 bytes; where they quote more, the stamp must fit. */
		if (s && msg.quote.payload_len >= PROBE_STAMP_LEN &&
		    !probe_stamp_matches(e, s, msg.quote.payload, msg.quote.payload_len))
			s = NULL;
	}
	if (!s) {
		e->counters.foreign++;
		return;
	}
	probe_deliver(e, s, pkt, &msg, &pkt->from, msg.kind == ICMP_KIND_ECHO_REPLY);
}

/* handle_errqueue
 * An ICMP error delivered through the error queue of a datagram socket: the kernel
 * already matched it to our socket; the data is the probe we sent and the name is
 * where it was going. */
static void handle_errqueue(struct probe_engine *e, const struct sock_packet *pkt)
{
	struct icmp_msg sent;
	if (pkt->ee_origin != SO_EE_ORIGIN_ICMP && pkt->ee_origin != SO_EE_ORIGIN_ICMP6) {
		e->counters.foreign++; /* local errors are reported by the send itself */
		return;
	}
	if (icmp_parse(pkt->data, pkt->len, e->cfg.family, false, &sent) != ICMP_OK ||
	    sent.kind != ICMP_KIND_ECHO_REQUEST) {
		e->counters.malformed++;
		return;
	}
	struct slot *s = probe_slot_lookup(e, sent.seq, addr_bytes(&pkt->from));
	if (!s || !probe_stamp_matches(e, s, sent.data, sent.data_len)) {
		e->counters.foreign++;
		return;
	}
	struct icmp_msg msg = {
		.family = e->cfg.family,
		.kind = icmp_kind_of(e->cfg.family, pkt->ee_type, pkt->ee_code),
		.type = pkt->ee_type,
		.code = pkt->ee_code,
		.ip_ttl = -1,
		.mtu = pkt->ee_info,
		.quote = {
			.present = true,
			.family = e->cfg.family,
			.proto = e->cfg.family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6,
			.dst = pkt->from,
			.has_l4 = true,
			.icmp_type = sent.type,
			.icmp_id = sent.id,
			.icmp_seq = sent.seq,
			.payload = sent.data,
			.payload_len = sent.data_len,
		},
	};
	probe_deliver(e, s, pkt, &msg, &pkt->offender, false);
}

/* on_readable
 * Drain the socket (and its error queue), a bounded number of packets per wakeup. */
static void on_readable(void *arg, int fd, uint32_t events)
{
	struct probe_engine *e = arg;
	struct sock_packet pkt;
	(void)fd;
	for (int i = 0; i < PROBE_READS_PER_WAKEUP; i++) {
		int rc = sock_recv(&e->sock, e->rxbuf, PROBE_MAX_PACKET, false, &pkt);
		if (rc <= 0)
			break;
		handle_icmp(e, &pkt);
	}
	if (!(events & EPOLLERR))
		return;
	for (int i = 0; i < PROBE_READS_PER_WAKEUP; i++) {
		int rc = sock_recv(&e->sock, e->rxbuf, PROBE_MAX_PACKET, true, &pkt);
		if (rc <= 0)
			break;
		handle_errqueue(e, &pkt);
	}
}


/* icmp_open
 * The echo socket (datagram first, raw with CAP_NET_RAW otherwise), watched on the loop. */
static bool icmp_open(struct probe_engine *e, const char **why)
{
	if (!sock_open_icmp(&e->sock, e->cfg.family, e->ident, &e->cfg.sock, why))
		return false;
	if (loop_add_fd(e->loop, e->sock.fd, EPOLLIN, on_readable, e) < 0) {
		*why = strerror(errno);
		return false;
	}
	return true;
}

const struct probe_method_ops probe_icmp_ops = {
	.open = icmp_open,
	.send = icmp_send,
	.wire_of = icmp_wire_of,
};
