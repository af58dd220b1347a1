/* probe.c — probe engine: outstanding table, matching, timeouts, pacing
 * (see netdx/probe.h). */
#include "netdx/probe.h"
#include "netdx/zpages.h"

#include "probe_internal.h"
#include "probe_l4.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define PACE_BURST 64 /* probes per tick at interval 0 */

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

/* probe_fill_random
 * random_fill: the bytes after the stamp from a xorshift64 generator: random enough
 * to defeat a link's compression, and no system call per probe. */
void probe_fill_random(struct probe_engine *e)
{
	uint64_t x = e->fill_state;
	for (size_t i = PROBE_STAMP_LEN; i < e->cfg.payload_len; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		e->payload[i] = (uint8_t)(x >> 56);
	}
	e->fill_state = x;
}

/* engine_buffers
 * The window, the probe being built, its payload (stamp, then the fill) and the
 * receive buffer, with the engine's random nonce and echo id. */
static enum netdx_status engine_buffers(struct probe_engine *e, const char **why)
{
	size_t window = e->cfg.max_outstanding ? e->cfg.max_outstanding : PROBE_DEFAULT_WINDOW;
	size_t n = 1;
	while (n < window && n < PROBE_MAX_WINDOW)
		n <<= 1;
	e->mask = n - 1;
	e->txlen = 8 + e->cfg.payload_len;
	e->payload_max = e->cfg.payload_len;
	e->slots = zpages_new(n, sizeof(*e->slots)); /* pages in as numbers reach them */
	e->txbuf = calloc(1, e->txlen);
	e->payload = calloc(1, e->cfg.payload_len + 1);
	e->rxbuf = malloc(PROBE_MAX_PACKET);
	/* Asked for (rounds.c's fast -i), the window is touched now, so memory stays flat over
	 * a run rather than creeping up as numbers first reach each slot. */
	if (e->slots && e->cfg.prefault_window)
		explicit_bzero(e->slots, n * sizeof(*e->slots)); /* not elided as memset would be */
	uint64_t seed[3]; /* nonce, echo id, fill: one call */
	if (!e->slots || !e->txbuf || !e->payload || !e->rxbuf ||
	    getrandom(seed, sizeof(seed), 0) != sizeof(seed))
		return status_fail(why, NETDX_E_SYSTEM, strerror(errno ? errno : ENOMEM));
	e->nonce = seed[0];
	e->ident = (uint16_t)seed[1];
	e->fill_state = seed[2] | 1; /* xorshift's one state that stays stuck is zero */
	if (e->cfg.ident_set) {
		e->ident = e->cfg.ident;
		e->cfg.sock.fixed_ident = true;
	}
	if (e->cfg.payload_len > PROBE_STAMP_LEN)
		fill_payload(e->payload + PROBE_STAMP_LEN, e->cfg.payload_len - PROBE_STAMP_LEN,
			     &e->cfg);
	return NETDX_OK;
}

size_t probe_header_len(int family, enum probe_method method)
{
	size_t ip = family == AF_INET ? 20 : 40;
	switch (method) {
	case PROBE_METHOD_TCP:
	case PROBE_METHOD_TCPCONN:
	case PROBE_METHOD_DCCP: /* with 48-bit sequence numbers and the service code */
		return ip + 20;
	case PROBE_METHOD_RAW:
		return ip;
	default:
		return ip + 8; /* ICMP echo, UDP */
	}
}

const char *probe_method_probes(enum probe_method method)
{
	static const char *const words[] = {
		[PROBE_METHOD_ICMP] = "ICMP echo probes",
		[PROBE_METHOD_UDP] = "UDP probes",
		[PROBE_METHOD_TCP] = "TCP SYN probes",
		[PROBE_METHOD_RAW] = "raw IP probes",
		[PROBE_METHOD_DCCP] = "DCCP probes",
		[PROBE_METHOD_TCPCONN] = "TCP connect probes",
	};
	return (unsigned)method < sizeof(words) / sizeof(words[0]) ? words[method] : "probes";
}

enum netdx_status probe_engine_new(struct loop *loop, const struct probe_config *cfg, probe_cb cb,
				   void *arg, struct probe_engine **out, const char **why)
{
	/* clang-format off */
	static const struct probe_method_ops *const methods[] = {
		[PROBE_METHOD_ICMP] = &probe_icmp_ops,
		[PROBE_METHOD_UDP] = &probe_udp_ops,
		[PROBE_METHOD_TCP] = &probe_tcp_ops,
		[PROBE_METHOD_RAW] = &probe_raw_ops,
		[PROBE_METHOD_DCCP] = &probe_dccp_ops,
		[PROBE_METHOD_TCPCONN] = &probe_tcpconn_ops,
	};
	/* clang-format on */
	*out = NULL;
	if ((size_t)cfg->method >= sizeof(methods) / sizeof(methods[0]) || !methods[cfg->method])
		return status_fail(why, NETDX_E_INVALID, "probe method not supported");
	struct probe_engine *e = calloc(1, sizeof(*e));
	if (!e)
		return status_fail(why, NETDX_E_SYSTEM, strerror(errno));
	e->loop = loop;
	e->cfg = *cfg;
	/* TCP and raw UDP probes read the source at every send: the caller's address need
	 * not outlive this call (mtr's did not, and -T -a crashed) */
	if (cfg->sock.src) {
		e->src = *cfg->sock.src;
		e->cfg.sock.src = &e->src;
	}
	e->cb = cb;
	e->cb_arg = arg;
	e->next_number = 1;
	e->sock.fd = -1;
	e->ops = methods[cfg->method];
	if (cfg->n_via && !(e->via = malloc(cfg->n_via * sizeof(*e->via)))) {
		free(e);
		return status_fail(why, NETDX_E_SYSTEM, strerror(ENOMEM));
	}
	if (cfg->n_via)
		memcpy(e->via, cfg->via, cfg->n_via * sizeof(*e->via));
	e->cfg.via = e->via;
	if (e->ops->fit)
		e->cfg.payload_len = e->ops->fit(cfg, cfg->payload_len);
	enum netdx_status st = engine_buffers(e, why);
	if (st == NETDX_OK)
		st = e->ops->open(e, why);
	if (st != NETDX_OK)
		probe_engine_free(e);
	else
		*out = e;
	return st;
}

unsigned probe_engine_sandbox(const struct probe_engine *e)
{
	return e->ops->sandbox ? e->ops->sandbox(e) : 0;
}

void probe_engine_free(struct probe_engine *e)
{
	if (!e)
		return;
	/* Only the slots numbers reached can hold a timer: a large window's untouched pages
	 * stay untouched (a sweep's 65536 slots are 2,176 pages). */
	uint64_t used = e->next_number - 1;
	for (uint64_t k = 0; e->slots && e->in_flight && k < used && k <= e->mask; k++)
		loop_timer_disarm(e->loop, &e->slots[(e->next_number - 1 - k) & e->mask].timer);
	loop_timer_disarm(e->loop, &e->pace_timer);
	if (e->ops && e->ops->close)
		e->ops->close(e);
	if (e->sock.fd >= 0) {
		loop_del_fd(e->loop, e->sock.fd);
		sock_close(&e->sock);
	}
	zpages_free(e->slots, e->mask + 1, sizeof(*e->slots));
	free(e->txbuf);
	free(e->payload);
	free(e->rxbuf);
	free(e->via);
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
	if (e->ops->release)
		e->ops->release(e, s);
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
	if (e->ops->wire_unusable && e->ops->wire_unusable(e, e->ops->wire_of(e, e->next_number)))
		e->next_number++;
	uint64_t number = e->next_number;
	struct slot *s = &e->slots[number & e->mask];
	if (s->state == SLOT_WAITING) {
		errno = EBUSY;
		return -1;
	}
	/* Fill in the slot first: the method builds the probe from it. A failed send
	 * leaves it FREE (the number is not used up). */
	*s = (struct slot){
		.number = number,
		.wire = e->ops->wire_of(e, number),
		.ttl = ttl,
		.payload_len = e->cfg.payload_len,
		.cookie = cookie,
		.e = e,
		.timer = LOOP_TIMER_INIT,
	};
	memcpy(s->dst, addr_bytes(dst), e->cfg.family == AF_INET ? 4 : 16);
	if (e->cfg.random_fill)
		probe_fill_random(e); /* every method's payload is e->payload */
	if (e->ops->send(e, s, dst, ttl) < 0) {
		s->state = SLOT_FREE;
		e->counters.send_errors++;
		return -1;
	}
	e->next_number++;
	e->counters.sent++;
	s->state = SLOT_WAITING;
	e->in_flight++;
	loop_timer_arm(e->loop, &s->timer, s->tx_mono_ns + e->cfg.timeout_ns, on_timeout, s);
	if (number_out)
		*number_out = number;
	return 0;
}

struct slot *probe_slot_lookup(struct probe_engine *e, uint16_t wire, const void *dst_bytes)
{
	struct slot *s = &e->slots[(uint16_t)(wire - e->wire_base) & e->mask];
	if (s->state == SLOT_FREE || s->wire != wire)
		return NULL;
	if (dst_bytes && memcmp(s->dst, dst_bytes, e->cfg.family == AF_INET ? 4 : 16) != 0)
		return NULL;
	return s;
}

const void *probe_quoted_dst(const struct probe_engine *e, const void *dst_bytes)
{
	size_t alen = e->cfg.family == AF_INET ? 4 : 16;
	for (size_t i = 0; i < e->cfg.n_via; i++)
		if (memcmp(addr_bytes(&e->via[i]), dst_bytes, alen) == 0)
			return NULL;
	return dst_bytes;
}

size_t probe_stamp_write(const struct probe_engine *e, const struct slot *s, uint8_t *buf,
			 size_t len)
{
	uint8_t stamp[PROBE_STAMP_LEN];
	memcpy(stamp, &e->nonce, 8);
	memcpy(stamp + 8, &s->number, 8);
	size_t n = len < PROBE_STAMP_LEN ? len : PROBE_STAMP_LEN;
	memcpy(buf, stamp, n);
	return n;
}

bool probe_stamp_quoted(const struct slot *s, const uint8_t *payload, size_t len)
{
	size_t want = s && s->payload_len < PROBE_STAMP_LEN ? s->payload_len : PROBE_STAMP_LEN;
	if (want == 0 || len < want)
		return false;
	for (size_t i = 0; i < want; i++)
		if (payload[i])
			return true;
	return false;
}

bool probe_stamp_matches(const struct probe_engine *e, const struct slot *s, const uint8_t *data,
			 size_t len)
{
	uint8_t want[PROBE_STAMP_LEN];
	size_t n = probe_stamp_write(e, s, want, s->payload_len);
	return n == 0 ||
	       (len >= n && memcmp(data, want, n) == 0); /* data may be NULL when n is 0 */
}

bool probe_echo_matches(const struct probe_engine *e, const struct slot *s, const uint8_t *data,
			size_t len)
{
	return len == s->payload_len && probe_stamp_matches(e, s, data, len);
}

bool probe_packet_whole(struct probe_engine *e, const struct sock_packet *pkt)
{
	if (pkt->truncated)
		e->counters.malformed++;
	return !pkt->truncated;
}

enum netdx_status probe_watch(struct probe_engine *e, int fd, loop_fd_cb cb, const char **why)
{
	if (loop_add_fd(e->loop, fd, LOOP_IN, cb, e) == 0)
		return NETDX_OK;
	return status_fail(why, NETDX_E_SYSTEM, strerror(errno));
}

/* rtt_ms
 * Round-trip time from the kernel's receive stamp when it is sane, else from when we
 * read the packet (a stepped wall clock must not produce a negative RTT). */
static double rtt_ms(const struct probe_engine *e, const struct slot *s,
		     const struct sock_packet *pkt)
{
	uint64_t mono = pkt->rx_mono_ns - s->tx_mono_ns;
	if (!e->cfg.user_latency && pkt->rx_real_ns > s->tx_real_ns &&
	    pkt->rx_real_ns - s->tx_real_ns <= mono)
		return (double)(pkt->rx_real_ns - s->tx_real_ns) / 1e6;
	return (double)mono / 1e6;
}

void probe_deliver(struct probe_engine *e, struct slot *s, const struct sock_packet *pkt,
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
	r.rtt_ms = rtt_ms(e, s, pkt);
	r.bytes = is_reply ? 8 + msg->data_len : 0;
	r.late = late;
	r.msg = msg;
	r.tcp_flags = s->tcp_flags;
	if (pkt->ip_options_len) {
		r.ip_options = pkt->ip_options;
		r.ip_options_len = pkt->ip_options_len;
	}
	e->cb(e->cb_arg, &r);
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

uint16_t probe_engine_source_port(const struct probe_engine *e)
{
	bool l4 = e->cfg.method == PROBE_METHOD_UDP || e->cfg.method == PROBE_METHOD_TCP;
	if (!l4 || e->cfg.own_port || !e->priv)
		return 0;
	const struct l4_state *q = e->priv; /* every transport method's state starts so */
	return q->reserve.fd >= 0 ? q->reserve.ident : e->sock.ident;
}

int probe_set_payload_len(struct probe_engine *e, size_t payload_len)
{
	if (e->ops->fit)
		payload_len = e->ops->fit(&e->cfg, payload_len);
	if (payload_len > e->payload_max) {
		errno = EINVAL;
		return -1;
	}
	e->cfg.payload_len = payload_len;
	e->txlen = 8 + payload_len;
	return 0;
}

size_t probe_engine_payload_len(const struct probe_engine *e)
{
	return e->cfg.payload_len;
}

void probe_set_pattern(struct probe_engine *e, const uint8_t *pattern, size_t len)
{
	len = len < sizeof(e->pattern) ? len : sizeof(e->pattern);
	if (len)
		memcpy(e->pattern, pattern, len);
	e->cfg.pattern = len ? e->pattern : NULL;
	e->cfg.pattern_len = len;
	if (e->payload_max > PROBE_STAMP_LEN)
		fill_payload(e->payload + PROBE_STAMP_LEN, e->payload_max - PROBE_STAMP_LEN,
			     &e->cfg);
}

void probe_set_random_fill(struct probe_engine *e, bool on)
{
	e->cfg.random_fill = on;
	if (!on && e->payload_max > PROBE_STAMP_LEN)
		fill_payload(e->payload + PROBE_STAMP_LEN, e->payload_max - PROBE_STAMP_LEN,
			     &e->cfg);
}

int probe_set_tos(struct probe_engine *e, int tos)
{
	e->cfg.sock.tos = tos;
	return sock_set_tos(&e->sock, tos);
}
