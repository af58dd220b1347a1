/* probe_icmp.c — the ICMP echo probe method: echo requests on an ICMP datagram or raw
 * socket; answers are echo replies (matched by identifier, sequence, source and the
 * stamp) and ICMP errors quoting one of our requests (raw sockets read them directly,
 * datagram sockets from the error queue). */
#include <errno.h>
#include <time.h> /* before linux/errqueue.h, which needs struct timespec */
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

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
	if (e->cfg.paris)
		probe_paris_icmp(e, e->txbuf, e->txlen);
	if (sock_send(&e->sock, e->txbuf, e->txlen, dst, ttl, &s->tx_real_ns, &s->tx_mono_ns) < 0)
		return -1;
	if (e->cfg.sock.tx_timestamps) {
		s->tx_after_ns = loop_realtime_ns();
		s->tskey = e->tskey_next++;
	}
	return 0;
}

/* tx_stamp
 * The kernel's software TX time of one of our sends (SO_TIMESTAMPING, OPT_ID): it
 * replaces the time taken before sendmsg, so neither the system call nor a busy CPU
 * between the two inflates the RTT. The key is matched to the probe it numbers, and
 * the stamp must fall between the clock reads around that probe's send: a kernel that
 * used up a key on a failed send (skew) cannot attach a stamp to the wrong probe. */
static void tx_stamp(struct probe_engine *e, const struct sock_packet *pkt)
{
	static const int32_t tries[] = {0, 1, -1};
	if (!pkt->sw_stamp_ns)
		return;
	for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		int32_t skew = e->tskey_skew + tries[i];
		uint32_t ours = pkt->ee_data - (uint32_t)skew;
		uint32_t back = e->tskey_next - ours; /* 1: the latest send */
		if (back == 0 || back > e->mask + 1 || back >= e->next_number)
			continue;
		uint64_t number = e->next_number - back;
		uint16_t wire = e->ops->wire_of(e, number);
		struct slot *s = &e->slots[(uint16_t)(wire - e->wire_base) & e->mask];
		if (s->number != number || s->tskey != ours || s->state != SLOT_WAITING ||
		    pkt->sw_stamp_ns < s->tx_real_ns || pkt->sw_stamp_ns > s->tx_after_ns)
			continue;
		s->tx_real_ns = pkt->sw_stamp_ns;
		e->tskey_skew = skew;
		return;
	}
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
			s = probe_slot_lookup(e, msg.seq,
					      e->cfg.any_responder ? NULL : addr_bytes(&pkt->from));
		/* Data cut short or with bytes added is no echo of our request (RFC 792):
		 * foreign, as a wrong stamp is; malformed is for what does not parse. */
		if (s && !probe_echo_matches(e, s, msg.data, msg.data_len))
			s = NULL;
	} else if (msg.kind != ICMP_KIND_OTHER && msg.kind != ICMP_KIND_ECHO_REQUEST &&
		   msg.quote.present && msg.quote.has_l4 &&
		   (msg.quote.proto == IPPROTO_ICMP || msg.quote.proto == IPPROTO_ICMPV6) &&
		   msg.quote.icmp_id == e->sock.ident &&
		   addr_family(&msg.quote.dst) == e->cfg.family) {
		s = probe_slot_lookup(e, msg.quote.icmp_seq,
				      probe_quoted_dst(e, addr_bytes(&msg.quote.dst)));
		/* Routers quote at least 8 bytes; where they quote more, the stamp must fit. */
		if (s && probe_stamp_quoted(s, msg.quote.payload, msg.quote.payload_len) &&
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
	if (pkt->ee_origin == SO_EE_ORIGIN_TIMESTAMPING) {
		tx_stamp(e, pkt);
		return;
	}
	if (pkt->ee_origin != SO_EE_ORIGIN_ICMP && pkt->ee_origin != SO_EE_ORIGIN_ICMP6) {
		e->counters.foreign++; /* local errors are reported by the send itself */
		return;
	}
	if (icmp_parse(pkt->data, pkt->len, e->cfg.family, false, &sent) != ICMP_OK ||
	    sent.kind != ICMP_KIND_ECHO_REQUEST) {
		e->counters.malformed++;
		return;
	}
	struct slot *s =
		probe_slot_lookup(e, sent.seq, probe_quoted_dst(e, addr_bytes(&pkt->from)));
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
		.quote =
			{
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
				.ip_rebuilt = true,
				.l4_rebuilt = true,
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
	/* With TX timestamps the error queue goes first: a probe's stamp must be in
	 * before its reply is timed. */
	bool errors_first = e->cfg.sock.tx_timestamps && (events & LOOP_ERR);
	for (int i = 0; errors_first && i < PROBE_READS_PER_WAKEUP; i++) {
		int rc = sock_recv(&e->sock, e->rxbuf, PROBE_MAX_PACKET, true, &pkt);
		if (rc <= 0)
			break;
		if (probe_packet_whole(e, &pkt))
			handle_errqueue(e, &pkt);
	}
	/* A long run of answers (a flood: each reply's callback sends the next probe,
	 * whose reply is queued before the send returns) is read with the socket out of
	 * the epoll set: while it is in, every packet queued and every send completed
	 * calls epoll's wake-up hook, a lock with interrupts off, and that costs a flood
	 * about 5%. Out of the set nobody is woken; back in, epoll sees what is pending. */
	bool detached = false;
	for (int i = 0; i < PROBE_READS_PER_WAKEUP; i++) {
		if (i == PROBE_DETACH_AFTER && loop_del_fd(e->loop, fd) == 0)
			detached = true;
		int rc = sock_recv(&e->sock, e->rxbuf, PROBE_MAX_PACKET, false, &pkt);
		if (rc <= 0)
			break;
		if (probe_packet_whole(e, &pkt))
			handle_icmp(e, &pkt);
	}
	if (detached && loop_add_fd(e->loop, fd, LOOP_IN, on_readable, e) < 0)
		abort(); /* a socket nobody watches any more: better to die than go deaf */
	if (!(events & LOOP_ERR) || errors_first)
		return;
	for (int i = 0; i < PROBE_READS_PER_WAKEUP; i++) {
		int rc = sock_recv(&e->sock, e->rxbuf, PROBE_MAX_PACKET, true, &pkt);
		if (rc <= 0)
			break;
		if (probe_packet_whole(e, &pkt))
			handle_errqueue(e, &pkt);
	}
}

/* icmp_open
 * The echo socket (datagram first, raw with CAP_NET_RAW otherwise), watched on the loop. */
static enum netdx_status icmp_open(struct probe_engine *e, const char **why)
{
	enum netdx_status st = sock_open_icmp(&e->sock, e->cfg.family, e->ident, &e->cfg.sock, why);
	return st != NETDX_OK ? st : probe_watch(e, e->sock.fd, on_readable, why);
}

const struct probe_method_ops probe_icmp_ops = {
	.open = icmp_open,
	.send = icmp_send,
	.wire_of = icmp_wire_of,
};
