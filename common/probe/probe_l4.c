/* probe_l4.c — checksums of our choosing, error-queue entries parsed like raw ICMP,
 * and size refusals (see probe_l4.h); Paris ICMP's constant checksum. */
#include "probe_l4.h"

#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h> /* before linux/errqueue.h, which needs struct timespec */
#include <linux/errqueue.h>

#include "netdx/wire.h"

uint64_t l4_pseudo_sum(const struct netdx_addr *src, const struct netdx_addr *dst, uint8_t proto,
		       size_t len)
{
	size_t alen = addr_family(dst) == AF_INET ? 4 : 16;
	uint64_t sum = 0;
	if (src && src->len)
		sum = wire_sum_add(sum, addr_bytes(src), alen);
	sum = wire_sum_add(sum, addr_bytes(dst), alen);
	return sum + proto + (uint64_t)len;
}

void l4_force_sum(uint64_t pre, uint8_t *p, size_t len, size_t at, uint16_t want)
{
	wire_put16(p + at, 0);
	uint16_t have = wire_sum_fold(wire_sum_add(pre, p, len));
	/* one's complement: want = have + fix, so fix = want + ~have (end-around carry) */
	wire_put16(p + at, wire_sum_fold((uint64_t)want + (uint16_t)~have));
}

bool l4_errqueue_msg(const struct sock_packet *pkt, int family, const struct l4_quote_hint *q,
		     uint8_t *buf, size_t cap, struct icmp_msg *out)
{
	size_t iphl = probe_header_len(family, PROBE_METHOD_RAW), alen = family == AF_INET ? 4 : 16;
	size_t head = 8 + iphl + q->l4_len;
	if (cap < head)
		return false;
	size_t data_len = pkt->len < cap - head ? pkt->len : cap - head;
	size_t l4_total = q->sent_len ? q->sent_len : q->l4_len + data_len;
	memset(buf, 0, head);
	buf[0] = pkt->ee_type;
	buf[1] = pkt->ee_code;
	if (icmp_kind_of(family, pkt->ee_type, pkt->ee_code) == ICMP_KIND_PACKET_TOO_BIG) {
		if (family == AF_INET) {
			uint16_t mtu = pkt->ee_info > 0xffff ? 0xffff : (uint16_t)pkt->ee_info;
			wire_put16(buf + 6, mtu);
		} else {
			wire_put16(buf + 4, (uint16_t)(pkt->ee_info >> 16));
			wire_put16(buf + 6, (uint16_t)pkt->ee_info);
		}
	}
	uint8_t *ip = buf + 8;
	if (family == AF_INET) {
		ip[0] = 0x45;
		wire_put16(ip + 2, l4_total + iphl > 0xffff ? 0xffff : (uint16_t)(l4_total + iphl));
		ip[8] = 1;
		ip[9] = q->proto;
		if (q->src && q->src->len)
			memcpy(ip + 12, addr_bytes(q->src), alen);
		memcpy(ip + 16, addr_bytes(q->dst), alen);
	} else {
		ip[0] = 0x60;
		wire_put16(ip + 4, l4_total > 0xffff ? 0xffff : (uint16_t)l4_total);
		ip[6] = q->proto;
		ip[7] = 1;
		if (q->src && q->src->len)
			memcpy(ip + 8, addr_bytes(q->src), alen);
		memcpy(ip + 24, addr_bytes(q->dst), alen);
	}
	if (q->l4_len)
		memcpy(ip + iphl, q->l4, q->l4_len);
	if (data_len)
		memcpy(buf + head, pkt->data, data_len);
	if (icmp_parse(buf, head + data_len, family, false, out) != ICMP_OK)
		return false;
	out->quote.ip_rebuilt = true;
	out->quote.l4_rebuilt = q->l4_len != 0;
	return true;
}

void l4_drain(struct probe_engine *e, const struct probe_sock *sock, uint32_t events,
	      l4_handler on_data, l4_handler on_error)
{
	struct sock_packet pkt;
	for (int i = 0; i < PROBE_READS_PER_WAKEUP; i++) {
		if (sock_recv(sock, e->rxbuf, PROBE_MAX_PACKET, false, &pkt) <= 0)
			break;
		if (!probe_packet_whole(e, &pkt))
			continue;
		if (on_data)
			on_data(e, &pkt);
		else
			e->counters.foreign++;
	}
	if (!(events & LOOP_ERR) || !on_error)
		return;
	for (int i = 0; i < PROBE_READS_PER_WAKEUP; i++) {
		if (sock_recv(sock, e->rxbuf, PROBE_MAX_PACKET, true, &pkt) <= 0)
			break;
		if (probe_packet_whole(e, &pkt))
			on_error(e, &pkt);
	}
}

int l4_send(struct probe_engine *e, struct probe_sock *sock, struct slot *s, struct l4_refused *r,
	    const void *buf, size_t len, const struct netdx_addr *dst, int ttl)
{
	if (sock_send(sock, buf, len, dst, ttl, &s->tx_real_ns, &s->tx_mono_ns) >= 0)
		return 0;
	if (errno != EMSGSIZE || e->cfg.sock.df != SOCK_DF_ALWAYS || r->n == L4_REFUSED_MAX)
		return -1;
	r->number[(r->head + r->n) % L4_REFUSED_MAX] = s->number;
	r->n++;
	return 0;
}

bool l4_local_error(struct probe_engine *e, struct l4_refused *r, const struct sock_packet *pkt)
{
	if (pkt->ee_origin != SO_EE_ORIGIN_LOCAL || pkt->ee_errno != EMSGSIZE)
		return false;
	/* sock_send tries a failed send twice, so one refusal may leave two entries: an
	 * entry answers the oldest refused probe still waiting, a spare one is dropped. */
	while (r->n) {
		uint64_t number = r->number[r->head];
		r->head = (r->head + 1) % L4_REFUSED_MAX;
		r->n--;
		struct slot *s = &e->slots[number & e->mask];
		if (s->number != number || s->state != SLOT_WAITING)
			continue;
		int family = e->cfg.family;
		struct icmp_msg msg = {
			.family = family,
			.kind = ICMP_KIND_PACKET_TOO_BIG,
			.type = family == AF_INET ? ICMP4_DEST_UNREACH : ICMP6_PACKET_TOO_BIG_T,
			.code = family == AF_INET ? 4 : 0,
			.ip_ttl = -1,
			.mtu = pkt->ee_info,
		};
		struct netdx_addr none;
		memset(&none, 0, sizeof(none));
		s->tcp_flags = 0;
		probe_deliver(e, s, pkt, &msg, &none, false);
		break;
	}
	return true;
}

void probe_paris_icmp(const struct probe_engine *e, uint8_t *msg, size_t len)
{
	size_t at = 8 + PROBE_STAMP_LEN;
	if (len < at + 2)
		return; /* no room after the stamp: this flow varies */
	/* Any constant will do; 0xffff would put a zero in the checksum field. */
	uint16_t want = (uint16_t)(e->nonce >> 16) % 0xfffe + 1;
	wire_put16(msg + 2, 0);
	l4_force_sum(0, msg, len, at, want);
	if (e->cfg.family == AF_INET)
		wire_put16(msg + 2, (uint16_t)~want);
}

bool l4_transport_of(struct probe_engine *e, const struct sock_packet *pkt, uint8_t proto,
		     size_t min_len, const uint8_t **data, size_t *len, int *ttl)
{
	const uint8_t *d = pkt->data;
	size_t n = pkt->len;

	*ttl = pkt->ttl;
	if (e->cfg.family == AF_INET) {
		size_t hl = n ? (size_t)(d[0] & 0x0f) * 4 : 0;
		if (n < 20 || hl < 20 || n < hl || d[9] != proto) {
			e->counters.malformed++;
			return false;
		}
		if (*ttl < 0)
			*ttl = d[8];
		d += hl;
		n -= hl;
	}
	if (n < min_len) {
		e->counters.malformed++;
		return false;
	}
	*data = d;
	*len = n;
	return true;
}

/* l4_priv_new
 * One allocation for a method's whole state, zeroed but for msgbuf: scratch written
 * before it is read, whose 64 KiB would otherwise all be paged in at start. */
enum netdx_status l4_priv_new(struct probe_engine *e, size_t size, size_t buffer, const char **why)
{
	struct l4_state *q = malloc(size + buffer);
	e->priv = q;
	if (!q)
		return status_fail(why, NETDX_E_SYSTEM, strerror(ENOMEM));
	memset(q, 0, offsetof(struct l4_state, msgbuf));
	memset((uint8_t *)q + sizeof(*q), 0, size + buffer - sizeof(*q));
	q->reserve.fd = -1;
	return NETDX_OK;
}

/* on_readable
 * e->sock is readable: to the handlers l4_watch() was given. */
static void on_readable(void *arg, int fd, uint32_t events)
{
	struct probe_engine *e = arg;
	const struct l4_state *q = e->priv;
	(void)fd;
	l4_drain(e, &e->sock, events, q->on_data, q->on_error);
}

/* l4_watch
 * One reader for every method's engine socket. */
enum netdx_status l4_watch(struct probe_engine *e, l4_handler on_data, l4_handler on_error,
			   const char **why)
{
	struct l4_state *q = e->priv;
	q->on_data = on_data;
	q->on_error = on_error;
	return probe_watch(e, e->sock.fd, on_readable, why);
}

/* l4_priv_free
 * The port holder (watched or not), then the one free. */
void l4_priv_free(struct probe_engine *e)
{
	struct l4_state *q = e->priv;
	if (q && q->reserve.fd >= 0) {
		loop_del_fd(e->loop, q->reserve.fd);
		sock_close(&q->reserve);
	}
	free(q);
	e->priv = NULL;
}

bool l4_error_msg(struct probe_engine *e, struct l4_state *q, const struct sock_packet *pkt,
		  const struct l4_quote_hint *hint, struct icmp_msg *msg)
{
	if (l4_local_error(e, &q->refused, pkt))
		return false;
	if (pkt->ee_origin != SO_EE_ORIGIN_ICMP && pkt->ee_origin != SO_EE_ORIGIN_ICMP6) {
		e->counters.foreign++;
		return false;
	}
	if (!l4_errqueue_msg(pkt, e->cfg.family, hint, q->msgbuf, sizeof(q->msgbuf), msg)) {
		e->counters.malformed++;
		return false;
	}
	return true;
}

void l4_deliver_error(struct probe_engine *e, struct slot *s, const struct sock_packet *pkt,
		      struct icmp_msg *msg)
{
	if (!s) {
		e->counters.foreign++;
		return;
	}
	msg->ip_ttl = pkt->ttl;
	s->tcp_flags = 0;
	probe_deliver(e, s, pkt, msg, &pkt->offender, false);
}

const struct netdx_addr *l4_source_for(struct probe_engine *e, struct probe_sock *sock,
				       struct l4_source *src, const struct netdx_addr *dst)
{
	if (e->cfg.sock.src) {
		src->addr = *e->cfg.sock.src; /* bound to it: every send leaves from it */
		src->dst = *dst;
		return &src->addr;
	}
	if (src->addr.len && addr_equal(&src->dst, dst))
		return &src->addr;
	if (sock_source_for(dst, &e->cfg.sock, &src->addr, NULL) != NETDX_OK) {
		memset(src, 0, sizeof(*src));
		errno = ENETUNREACH;
		return NULL;
	}
	src->dst = *dst;
	sock_send_from(sock, &src->addr);
	return &src->addr;
}
