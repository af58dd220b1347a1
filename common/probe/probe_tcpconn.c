/* probe_tcpconn.c — the TCP connect method (traceroute -M tcpconn): each probe is the
 * SYN of a connect() on a TCP socket of its own, with the probe's TTL. No privilege.
 *
 * The socket names the probe: an ICMP error about its SYN reaches its error queue
 * (IP_RECVERR; in SYN-SENT the kernel also ends the connect), a RST ends the connect
 * with ECONNREFUSED, a SYN-ACK completes it. Either end of the handshake is the
 * destination's answer; a completed one is closed at once with a RST (SO_LINGER 0), so
 * the service sees a connection opened and reset, as traceroute 2.x's tcpconn affects
 * it (2.x closes with a FIN). Without an answer the kernel resends the SYN (after 1 s,
 * then 3 s...) until the probe is given up and its socket closed. The SYN carries the
 * kernel's options; its payload cannot be chosen. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <time.h> /* before linux/errqueue.h, which needs struct timespec */
#include <linux/errqueue.h>

#include "probe_l4.h"

#define TCPCONN_DEFAULT_PORT 80
#define TCPCONN_ACK 0x10
#define TCPCONN_SYN 0x02
#define TCPCONN_RST 0x04

/* A probe's own socket. */
struct tcpconn_own {
	struct probe_engine *e; /* for the socket's callback */
	struct probe_sock sock; /* fd -1 while none is open */
	uint64_t number;        /* the probe it was opened for */
};

/* The method's own state (e->priv). */
struct tcpconn_priv {
	struct l4_state l4;          /* the error-queue entry being rebuilt; first */
	uint16_t dport;              /* the service's port */
	struct tcpconn_own *own;     /* one per slot of the window */
	struct tcpconn_own *reading; /* the socket being read */
};

/* tcpconn_wire_of
 * The probe's number, modulo 2^16 (the slot; the socket names the probe). */
static uint16_t tcpconn_wire_of(const struct probe_engine *e, uint64_t number)
{
	(void)e;
	return (uint16_t)number;
}

/* own_close
 * Close a probe's socket, if open: a connection it made is reset. */
static void own_close(struct probe_engine *e, struct tcpconn_own *o)
{
	if (o->sock.fd < 0)
		return;
	loop_del_fd(e->loop, o->sock.fd);
	sock_abort(&o->sock);
}

/* slot_of_own
 * The probe a socket serves, while it is still that probe's. */
static struct slot *slot_of_own(struct probe_engine *e, const struct tcpconn_priv *p,
				const struct tcpconn_own *o)
{
	struct slot *s = &e->slots[o - p->own];
	return s->state != SLOT_FREE && s->number == o->number && o->sock.fd >= 0 ? s : NULL;
}

/* on_error
 * An error-queue entry of the socket being read: the ICMP error about its SYN (the
 * entry starts at the quoted TCP header), from a router or the destination. */
static void on_error(struct probe_engine *e, const struct sock_packet *pkt)
{
	struct tcpconn_priv *p = e->priv;
	struct slot *s = p->reading ? slot_of_own(e, p, p->reading) : NULL;
	struct l4_quote_hint hint = {
		.proto = IPPROTO_TCP,
		.dst = &pkt->from,
		.sent_len = 20,
	};
	struct icmp_msg msg;
	if (!l4_error_msg(e, &p->l4, pkt, &hint, &msg))
		return;
	/* the kernel built the SYN and may have left its checksum to the NIC (offload):
	 * the quoted one tells nothing of a translator on the path */
	msg.quote.l4_rebuilt = true;
	const void *quoted = probe_quoted_dst(e, addr_bytes(&pkt->from));
	if (s && quoted && memcmp(s->dst, quoted, e->cfg.family == AF_INET ? 4 : 16) != 0)
		s = NULL;
	l4_deliver_error(e, s, pkt, &msg);
}

/* handshake_end
 * After the error queue: a connect that ended without an ICMP error is connected (a
 * SYN-ACK) or refused (a RST), the destination's answer, given to the probe still
 * waiting for one. True when the socket is done with: its connect ended either way,
 * or its probe did (a socket left in the epoll set would report its end forever). */
static bool handshake_end(struct probe_engine *e, struct tcpconn_own *o, uint32_t events)
{
	struct tcpconn_priv *p = e->priv;
	struct slot *s = slot_of_own(e, p, o);
	int err = sock_connect_result(&o->sock);
	bool connected = err == 0 && (events & LOOP_OUT);
	if (s && s->state == SLOT_WAITING && (connected || err == ECONNREFUSED)) {
		struct sock_packet pkt = {.ttl = -1, .rx_mono_ns = loop_now_ns()};
		struct netdx_addr from;
		addr_from_bytes(&from, e->cfg.family, s->dst);
		struct icmp_msg msg = {
			.family = e->cfg.family, .kind = ICMP_KIND_OTHER, .ip_ttl = -1};
		s->tcp_flags = TCPCONN_ACK | (connected ? TCPCONN_SYN : TCPCONN_RST);
		probe_deliver(e, s, &pkt, &msg, &from, true);
	}
	return connected || err != 0 || !s || s->state != SLOT_WAITING;
}

/* on_own_ready
 * A probe's socket: its error queue first, then how its connect ended. Either may
 * end the probe and close the socket. */
static void on_own_ready(void *arg, int fd, uint32_t events)
{
	struct tcpconn_own *o = arg;
	struct probe_engine *e = o->e;
	struct tcpconn_priv *p = e->priv;
	struct sock_packet pkt;
	(void)fd;
	p->reading = o;
	for (int i = 0; i < PROBE_READS_PER_WAKEUP && o->sock.fd >= 0; i++) {
		if (sock_recv(&o->sock, e->rxbuf, PROBE_MAX_PACKET, true, &pkt) <= 0)
			break;
		if (probe_packet_whole(e, &pkt))
			on_error(e, &pkt);
	}
	p->reading = NULL;
	if (o->sock.fd >= 0 && handshake_end(e, o, events))
		own_close(e, o);
}

/* tcpconn_send
 * A socket for probe s, its connect started with the probe's TTL. */
static int tcpconn_send(struct probe_engine *e, struct slot *s, const struct netdx_addr *dst,
			int ttl)
{
	struct tcpconn_priv *p = e->priv;
	struct tcpconn_own *o = &p->own[(size_t)(s - e->slots)];
	own_close(e, o);
	if (sock_open_tcp(&o->sock, e->cfg.family, &e->cfg.sock, NULL) != NETDX_OK) {
		if (errno == EMFILE || errno == ENFILE)
			errno = EBUSY; /* a probe that ends frees one */
		return -1;
	}
	struct netdx_addr to = *dst;
	addr_set_port(&to, p->dport);
	o->number = s->number;
	if (loop_add_fd(e->loop, o->sock.fd, LOOP_IN | LOOP_OUT, on_own_ready, o) < 0 ||
	    sock_connect(&o->sock, &to, ttl, &s->tx_real_ns, &s->tx_mono_ns) < 0) {
		int saved = errno;
		own_close(e, o);
		errno = saved;
		return -1;
	}
	return 0;
}

/* tcpconn_release
 * A probe answered or given up: its socket closes (the kernel resends no more SYNs). */
static void tcpconn_release(struct probe_engine *e, struct slot *s)
{
	struct tcpconn_priv *p = e->priv;
	struct tcpconn_own *o = &p->own[(size_t)(s - e->slots)];
	if (o != p->reading)
		own_close(e, o); /* the one being read closes once its reader is done */
}

/* tcpconn_open
 * A socket record per slot; the sockets open as probes go. */
static enum netdx_status tcpconn_open(struct probe_engine *e, const char **why)
{
	enum netdx_status st = l4_priv_new(e, sizeof(struct tcpconn_priv), 0, why);
	if (st != NETDX_OK)
		return st;
	struct tcpconn_priv *p = e->priv;
	p->dport = e->cfg.port ? e->cfg.port : TCPCONN_DEFAULT_PORT;
	p->own = calloc(e->mask + 1, sizeof(*p->own));
	if (!p->own)
		return status_fail(why, NETDX_E_SYSTEM, strerror(ENOMEM));
	for (size_t i = 0; i <= e->mask; i++)
		p->own[i] = (struct tcpconn_own){.e = e, .sock = {.fd = -1}};
	e->sock.family = e->cfg.family;
	e->sock.kind = SOCK_TCP_CONNECT;
	/* a first socket now: what cannot be opened (a mark without privilege) is said
	 * before the trace starts, not at its first probe */
	struct probe_sock first;
	st = sock_open_tcp(&first, e->cfg.family, &e->cfg.sock, why);
	if (st == NETDX_OK)
		sock_close(&first);
	return st;
}

/* tcpconn_close
 * Every probe's socket, then the state. */
static void tcpconn_close(struct probe_engine *e)
{
	struct tcpconn_priv *p = e->priv;
	if (!p)
		return;
	for (size_t i = 0; p->own && i <= e->mask; i++)
		own_close(e, &p->own[i]);
	free(p->own);
	l4_priv_free(e);
}

/* tcpconn_sandbox
 * A socket per probe. */
static unsigned tcpconn_sandbox(const struct probe_engine *e)
{
	(void)e;
	return SANDBOX_INET;
}

const struct probe_method_ops probe_tcpconn_ops = {
	.open = tcpconn_open,
	.send = tcpconn_send,
	.wire_of = tcpconn_wire_of,
	.close = tcpconn_close,
	.release = tcpconn_release,
	.sandbox = tcpconn_sandbox,
};
