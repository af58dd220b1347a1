/* probe.c — probe engine: outstanding table, matching, timeouts, pacing
 * (see netdx/probe.h). */
#include "netdx/probe.h"

#include <errno.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>

#define DEFAULT_WINDOW 4096
#define MAX_PACKET 65536
#define READS_PER_WAKEUP 256 /* then let timers run: a flood must not starve them */
#define PACE_BURST 64        /* probes per tick at interval 0 */

enum slot_state {
	SLOT_FREE = 0,
	SLOT_WAITING,  /* sent, no answer yet */
	SLOT_ANSWERED, /* answered (further answers are duplicates) */
	SLOT_EXPIRED,  /* timed out (an answer now is late) */
};

/* One probe in the window, indexed by number & mask. */
struct slot {
	enum slot_state state;     /* where it is in its life */
	uint64_t number;           /* which probe occupies the slot */
	uint8_t dst[16];           /* destination address bytes (family is the engine's) */
	int ttl;                   /* TTL it was sent with */
	uint64_t tx_real_ns;       /* CLOCK_REALTIME at send (kernel stamps use it) */
	uint64_t tx_mono_ns;       /* CLOCK_MONOTONIC at send (fallback) */
	void *cookie;              /* the sender's */
	struct loop_timer timer;   /* its timeout */
	struct probe_engine *e;    /* back pointer for the timer callback */
};

struct probe_engine {
	struct loop *loop;              /* the loop we run on */
	struct probe_config cfg;        /* copy of the caller's configuration */
	probe_cb cb;                    /* where results go */
	void *cb_arg;
	struct probe_sock sock;         /* the probe socket */
	uint64_t nonce;                 /* random per engine: tells our replies from others' */
	uint64_t next_number;           /* number of the next probe */
	struct slot *slots;             /* the window */
	size_t mask;                    /* window size - 1 */
	size_t in_flight;               /* slots WAITING */
	uint8_t *payload;               /* echo data: stamp, then the fill pattern */
	uint8_t *txbuf;                 /* probe being built */
	size_t txlen;                   /* its length (header + payload) */
	uint8_t *rxbuf;                 /* receive buffer, MAX_PACKET bytes */
	struct probe_counters counters;
	/* pacing */
	bool pacing;                    /* a paced stream is running */
	bool pace_blocked;              /* waiting for a free slot */
	bool have_pending;              /* pending holds a request not yet sent */
	struct probe_request pending;
	uint64_t interval_ns;
	uint64_t pace_due_ns;           /* when the next paced probe is due */
	probe_next_cb next;
	void *next_arg;
	struct loop_timer pace_timer;
};

static void on_readable(void *arg, int fd, uint32_t events);
static void pace_tick(void *arg);

/* fill_payload
 * The part of the payload after the stamp: the user's pattern, or iputils' default of
 * counting bytes, so the packet looks like ping's on the wire. */
static void fill_payload(uint8_t *p, size_t len, const struct probe_config *cfg)
{
	for (size_t i = 0; i < len; i++)
		p[i] = cfg->pattern_len ? cfg->pattern[i % cfg->pattern_len]
					: (uint8_t)(i + PROBE_STAMP_LEN);
}

struct probe_engine *probe_engine_new(struct loop *loop, const struct probe_config *cfg,
				      probe_cb cb, void *arg, const char **why)
{
	struct probe_engine *e = calloc(1, sizeof(*e));
	if (!e) {
		*why = strerror(errno);
		return NULL;
	}
	e->loop = loop;
	e->cfg = *cfg;
	e->cb = cb;
	e->cb_arg = arg;
	e->next_number = 1;
	e->sock.fd = -1;
	size_t window = cfg->max_outstanding ? cfg->max_outstanding : DEFAULT_WINDOW;
	size_t n = 1;
	while (n < window && n < 65536)
		n <<= 1;
	e->mask = n - 1;
	e->txlen = 8 + cfg->payload_len;
	e->slots = calloc(n, sizeof(*e->slots));
	e->txbuf = calloc(1, e->txlen);
	e->payload = calloc(1, cfg->payload_len + 1);
	e->rxbuf = malloc(MAX_PACKET);
	uint16_t ident;
	if (!e->slots || !e->txbuf || !e->payload || !e->rxbuf ||
	    getrandom(&e->nonce, sizeof(e->nonce), 0) != sizeof(e->nonce) ||
	    getrandom(&ident, sizeof(ident), 0) != sizeof(ident)) {
		*why = strerror(errno ? errno : ENOMEM);
		goto fail;
	}
	if (cfg->payload_len > PROBE_STAMP_LEN)
		fill_payload(e->payload + PROBE_STAMP_LEN, cfg->payload_len - PROBE_STAMP_LEN, cfg);
	if (!sock_open_icmp(&e->sock, cfg->family, ident, &cfg->sock, why))
		goto fail;
	if (loop_add_fd(loop, e->sock.fd, EPOLLIN, on_readable, e) < 0) {
		*why = strerror(errno);
		goto fail;
	}
	return e;
fail:
	probe_engine_free(e);
	return NULL;
}

void probe_engine_free(struct probe_engine *e)
{
	if (!e)
		return;
	for (size_t i = 0; e->slots && i <= e->mask; i++)
		loop_timer_disarm(e->loop, &e->slots[i].timer);
	loop_timer_disarm(e->loop, &e->pace_timer);
	if (e->sock.fd >= 0) {
		loop_del_fd(e->loop, e->sock.fd);
		sock_close(&e->sock);
	}
	free(e->slots);
	free(e->txbuf);
	free(e->payload);
	free(e->rxbuf);
	free(e);
}

/* slot_leave_waiting
 * A probe got its answer or timed out: free its place in the window and wake a
 * paced stream that was waiting for one. */
static void slot_leave_waiting(struct probe_engine *e, struct slot *s, enum slot_state to)
{
	s->state = to;
	e->in_flight--;
	loop_timer_disarm(e->loop, &s->timer);
	if (e->pace_blocked) {
		e->pace_blocked = false;
		loop_timer_arm(e->loop, &e->pace_timer, loop_now_ns(), pace_tick, e);
	}
}

/* result_for
 * A result skeleton describing slot s (dst is rebuilt into *dst). */
static struct probe_result result_for(const struct probe_engine *e, const struct slot *s,
				      enum probe_event ev, struct netdx_addr *dst)
{
	addr_from_bytes(dst, e->cfg.family, s->dst);
	return (struct probe_result){
		.event = ev,
		.number = s->number,
		.wire_seq = (uint16_t)s->number,
		.cookie = s->cookie,
		.dst = dst,
		.ttl_sent = s->ttl,
		.reply_ttl = -1,
	};
}

/* on_timeout
 * A probe's wait is over: report it lost. A later answer is still reported, as late. */
static void on_timeout(void *arg)
{
	struct slot *s = arg;
	struct probe_engine *e = s->e;
	struct netdx_addr dst;
	slot_leave_waiting(e, s, SLOT_EXPIRED);
	e->counters.timeouts++;
	struct probe_result r = result_for(e, s, PROBE_TIMEOUT, &dst);
	e->cb(e->cb_arg, &r);
}

int probe_send(struct probe_engine *e, const struct netdx_addr *dst, int ttl, void *cookie,
	       uint64_t *number_out)
{
	if (addr_family(dst) != e->cfg.family) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	uint64_t number = e->next_number;
	struct slot *s = &e->slots[number & e->mask];
	if (s->state == SLOT_WAITING) {
		errno = EBUSY;
		return -1;
	}
	/* The stamp lets an echo reply prove it answers this probe of this engine. */
	size_t stamp = e->cfg.payload_len < PROBE_STAMP_LEN ? e->cfg.payload_len : PROBE_STAMP_LEN;
	uint8_t stampbuf[PROBE_STAMP_LEN];
	memcpy(stampbuf, &e->nonce, 8);
	memcpy(stampbuf + 8, &number, 8);
	memcpy(e->payload, stampbuf, stamp);
	icmp_build_echo(e->txbuf, e->txlen, e->cfg.family, e->sock.ident, (uint16_t)number,
			e->payload, e->cfg.payload_len);
	uint64_t tx_real, tx_mono;
	if (sock_send(&e->sock, e->txbuf, e->txlen, dst, ttl, &tx_real, &tx_mono) < 0) {
		e->counters.send_errors++;
		return -1;
	}
	e->next_number++;
	e->counters.sent++;
	s->state = SLOT_WAITING;
	s->number = number;
	memcpy(s->dst, addr_bytes(dst), e->cfg.family == AF_INET ? 4 : 16);
	s->ttl = ttl;
	s->tx_real_ns = tx_real;
	s->tx_mono_ns = tx_mono;
	s->cookie = cookie;
	s->e = e;
	e->in_flight++;
	loop_timer_arm(e->loop, &s->timer, tx_mono + e->cfg.timeout_ns, on_timeout, s);
	if (number_out)
		*number_out = number;
	return 0;
}

/* find_slot
 * The slot a wire sequence number and destination refer to, if a probe of ours with
 * that sequence went to that destination and is still remembered. */
static struct slot *find_slot(struct probe_engine *e, uint16_t wire_seq, const void *dst_bytes)
{
	/* The window is at most 65536 wide, so the newest probe with this wire sequence
	 * is the only candidate: walk back from the newest number to it. */
	uint64_t newest = e->next_number - 1;
	uint64_t number = newest - (uint16_t)(newest - wire_seq);
	if (number == 0 || number > newest || newest - number > e->mask)
		return NULL;
	struct slot *s = &e->slots[number & e->mask];
	if (s->state == SLOT_FREE || s->number != number)
		return NULL;
	if (memcmp(s->dst, dst_bytes, e->cfg.family == AF_INET ? 4 : 16) != 0)
		return NULL;
	return s;
}

/* stamp_matches
 * Does the echo data carry this engine's nonce and this probe's number (as far as the
 * probe had room for them)? Data shorter than what we sent does not match. */
static bool stamp_matches(const struct probe_engine *e, const struct slot *s,
			  const uint8_t *data, size_t len)
{
	size_t stamp = e->cfg.payload_len < PROBE_STAMP_LEN ? e->cfg.payload_len : PROBE_STAMP_LEN;
	uint8_t want[PROBE_STAMP_LEN];
	memcpy(want, &e->nonce, 8);
	memcpy(want + 8, &s->number, 8);
	return len >= stamp && memcmp(data, want, stamp) == 0;
}

/* rtt_ms
 * Round-trip time from the kernel's receive stamp when it is sane, else from when we
 * read the packet (a stepped wall clock must not produce a negative RTT). */
static double rtt_ms(const struct slot *s, const struct sock_packet *pkt)
{
	uint64_t mono = pkt->rx_mono_ns - s->tx_mono_ns;
	if (pkt->rx_real_ns > s->tx_real_ns && pkt->rx_real_ns - s->tx_real_ns <= mono)
		return (double)(pkt->rx_real_ns - s->tx_real_ns) / 1e6;
	return (double)mono / 1e6;
}

/* deliver
 * Turn a matched answer into a result, updating the slot's state. */
static void deliver(struct probe_engine *e, struct slot *s, const struct sock_packet *pkt,
		    const struct icmp_msg *msg, const struct netdx_addr *from, bool is_reply)
{
	struct netdx_addr dst;
	enum probe_event ev = is_reply ? PROBE_REPLY : PROBE_ERROR;
	bool late = false;
	switch (s->state) {
	case SLOT_WAITING:
		slot_leave_waiting(e, s, SLOT_ANSWERED);
		break;
	case SLOT_EXPIRED:
		late = true;
		s->state = SLOT_ANSWERED;
		break;
	default:
		ev = PROBE_DUPLICATE;
		break;
	}
	if (ev == PROBE_REPLY)
		e->counters.replies++;
	else if (ev == PROBE_ERROR)
		e->counters.errors++;
	else
		e->counters.duplicates++;
	struct probe_result r = result_for(e, s, ev, &dst);
	r.from = *from;
	r.reply_ttl = pkt->ttl >= 0 ? pkt->ttl : msg->ip_ttl;
	r.rtt_ms = rtt_ms(s, pkt);
	r.bytes = is_reply ? 8 + msg->data_len : 0;
	r.late = late;
	r.msg = msg;
	e->cb(e->cb_arg, &r);
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
			s = find_slot(e, msg.seq, addr_bytes(&pkt->from));
		if (s && !stamp_matches(e, s, msg.data, msg.data_len))
			s = NULL;
	} else if (msg.kind != ICMP_KIND_OTHER && msg.kind != ICMP_KIND_ECHO_REQUEST &&
		   msg.quote.present && msg.quote.has_l4 &&
		   (msg.quote.proto == IPPROTO_ICMP || msg.quote.proto == IPPROTO_ICMPV6) &&
		   msg.quote.icmp_id == e->sock.ident && addr_family(&msg.quote.dst) == e->cfg.family) {
		s = find_slot(e, msg.quote.icmp_seq, addr_bytes(&msg.quote.dst));
		/* Routers quote at least 8 bytes; where they quote more, the stamp must fit. */
		if (s && msg.quote.payload_len >= PROBE_STAMP_LEN &&
		    !stamp_matches(e, s, msg.quote.payload, msg.quote.payload_len))
			s = NULL;
	}
	if (!s) {
		e->counters.foreign++;
		return;
	}
	deliver(e, s, pkt, &msg, &pkt->from, msg.kind == ICMP_KIND_ECHO_REPLY);
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
	struct slot *s = find_slot(e, sent.seq, addr_bytes(&pkt->from));
	if (!s || !stamp_matches(e, s, sent.data, sent.data_len)) {
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
	deliver(e, s, pkt, &msg, &pkt->offender, false);
}

/* on_readable
 * Drain the socket (and its error queue), a bounded number of packets per wakeup. */
static void on_readable(void *arg, int fd, uint32_t events)
{
	struct probe_engine *e = arg;
	struct sock_packet pkt;
	(void)fd;
	for (int i = 0; i < READS_PER_WAKEUP; i++) {
		int rc = sock_recv(&e->sock, e->rxbuf, MAX_PACKET, false, &pkt);
		if (rc <= 0)
			break;
		handle_icmp(e, &pkt);
	}
	if (!(events & EPOLLERR))
		return;
	for (int i = 0; i < READS_PER_WAKEUP; i++) {
		int rc = sock_recv(&e->sock, e->rxbuf, MAX_PACKET, true, &pkt);
		if (rc <= 0)
			break;
		handle_errqueue(e, &pkt);
	}
}

/* pace_fetch
 * Ask the generator for the next probe. It is asked one probe ahead, so a stream's end
 * is known as soon as its last probe is sent: the result of that probe then already
 * sees the engine go idle. */
static bool pace_fetch(struct probe_engine *e)
{
	e->have_pending = e->next(e->next_arg, &e->pending);
	if (!e->have_pending)
		e->pacing = false;
	return e->have_pending;
}

/* pace_tick
 * Send the probes now due in a paced stream and schedule the next tick: one probe per
 * interval, or a burst per loop turn at interval 0. */
static void pace_tick(void *arg)
{
	struct probe_engine *e = arg;
	int burst = e->interval_ns ? 1 : PACE_BURST;
	for (int i = 0; i < burst; i++) {
		if (!e->have_pending && !pace_fetch(e))
			return;
		struct probe_request req = e->pending;
		int rc = probe_send(e, &req.dst, req.ttl, req.cookie, NULL);
		if (rc < 0 && errno == EBUSY) {
			e->pace_blocked = true; /* resumed when a slot frees */
			return;
		}
		int send_errno = errno;
		bool more = pace_fetch(e);
		if (rc < 0) {
			struct probe_result r = {
				.event = PROBE_SEND_FAILED,
				.send_errno = send_errno,
				.cookie = req.cookie,
				.dst = &req.dst,
				.ttl_sent = req.ttl,
				.reply_ttl = -1,
			};
			e->cb(e->cb_arg, &r);
		}
		if (!more || !e->pacing)
			return;
	}
	uint64_t now = loop_now_ns();
	e->pace_due_ns = e->interval_ns ? e->pace_due_ns + e->interval_ns : now;
	if (e->pace_due_ns < now && e->interval_ns)
		e->pace_due_ns = now; /* fell behind (e.g. suspended): no catch-up burst */
	loop_timer_arm(e->loop, &e->pace_timer, e->pace_due_ns, pace_tick, e);
}

void probe_pace(struct probe_engine *e, uint64_t interval_ns, probe_next_cb next, void *arg)
{
	e->pacing = true;
	e->pace_blocked = false;
	e->have_pending = false;
	e->interval_ns = interval_ns;
	e->next = next;
	e->next_arg = arg;
	e->pace_due_ns = loop_now_ns();
	loop_timer_arm(e->loop, &e->pace_timer, e->pace_due_ns, pace_tick, e);
}

void probe_pace_stop(struct probe_engine *e)
{
	e->pacing = false;
	e->pace_blocked = false;
	e->have_pending = false;
	loop_timer_disarm(e->loop, &e->pace_timer);
}

bool probe_engine_idle(const struct probe_engine *e)
{
	return !e->pacing && e->in_flight == 0;
}

size_t probe_engine_in_flight(const struct probe_engine *e)
{
	return e->in_flight;
}

const struct probe_counters *probe_engine_counters(const struct probe_engine *e)
{
	return &e->counters;
}

const struct probe_sock *probe_engine_sock(const struct probe_engine *e)
{
	return &e->sock;
}
