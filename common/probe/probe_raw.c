/* probe_raw.c — bare IP packets of one protocol (traceroute -P PROTO), from a raw
 * socket (CAP_NET_RAW).
 *
 * The packet has no transport header of ours: its first 8 bytes, which every router
 * quotes, are the probe's wire value (2 bytes) and 6 bytes of the engine's nonce, then
 * the stamp and the fill. ICMP errors come from the raw socket's error queue, starting
 * at those bytes; the destination usually answers "protocol unreachable" (!P). Replies
 * in the protocol itself are not read: nothing says which probe they answer. */
#include <netinet/in.h>
#include <string.h>
#include <time.h> /* before linux/errqueue.h, which needs struct timespec */
#include <linux/errqueue.h>

#include "netdx/wire.h"
#include "probe_l4.h"

#define RAW_ID_LEN 8

/* The raw method's own state (e->priv). */
struct raw_priv {
	struct l4_state l4; /* no datagrams: its filter passes none; errors from the queue */
};

/* raw_wire_of
 * The probe's number, modulo 2^16. */
static uint16_t raw_wire_of(const struct probe_engine *e, uint64_t number)
{
	(void)e;
	return (uint16_t)number;
}

/* put_id
 * The 8 identifying bytes: wire value, then the nonce's low 6 bytes. */
static void put_id(const struct probe_engine *e, uint16_t wire, uint8_t id[RAW_ID_LEN])
{
	wire_put16(id, wire);
	for (int i = 0; i < 6; i++)
		id[2 + i] = (uint8_t)(e->nonce >> (8 * i));
}

/* raw_send
 * Identifying bytes, stamp and fill, as much as the packet length allows. */
static int raw_send(struct probe_engine *e, struct slot *s, const struct netdx_addr *dst, int ttl)
{
	struct raw_priv *p = e->priv;
	size_t len = e->cfg.payload_len;
	uint8_t id[RAW_ID_LEN];
	put_id(e, s->wire, id);
	probe_stamp_write(e, s, e->payload, len);
	memcpy(e->txbuf, id, len < RAW_ID_LEN ? len : RAW_ID_LEN);
	if (len > RAW_ID_LEN)
		memcpy(e->txbuf + RAW_ID_LEN, e->payload, len - RAW_ID_LEN);
	struct netdx_addr to = *dst;
	addr_set_port(&to, 0);
	return l4_send(e, &e->sock, s, &p->l4.refused, e->txbuf, len, &to, ttl);
}

/* on_error
 * An error-queue entry: a size refusal, or an ICMP error quoting our 8 bytes. */
static void on_error(struct probe_engine *e, const struct sock_packet *pkt)
{
	struct raw_priv *p = e->priv;
	struct l4_quote_hint hint = {
		.proto = e->cfg.proto,
		.dst = &pkt->from,
		.sent_len = e->cfg.payload_len,
	};
	struct icmp_msg msg;
	if (!l4_error_msg(e, &p->l4, pkt, &hint, &msg))
		return;
	size_t have = pkt->len < e->cfg.payload_len ? pkt->len : e->cfg.payload_len;
	size_t want = e->cfg.payload_len < RAW_ID_LEN ? e->cfg.payload_len : RAW_ID_LEN;
	struct slot *s = NULL;
	if (want >= 2 && have >= want) {
		uint8_t id[RAW_ID_LEN];
		s = probe_slot_lookup(e, wire_be16(pkt->data),
				      probe_quoted_dst(e, addr_bytes(&pkt->from)));
		if (s) {
			put_id(e, s->wire, id);
			if (memcmp(id, pkt->data, want) != 0)
				s = NULL;
		}
	}
	l4_deliver_error(e, s, pkt, &msg);
}

/* raw_open
 * The raw socket of protocol cfg.proto, watched on the loop. */
static enum netdx_status raw_open(struct probe_engine *e, const char **why)
{
	enum netdx_status st = l4_priv_new(e, sizeof(struct raw_priv), 0, why);
	if (st != NETDX_OK)
		return st;
	if (e->cfg.proto == 0 || e->cfg.proto == IPPROTO_RAW)
		return status_fail(why, NETDX_E_INVALID,
				   "protocol 0 and 255 cannot be sent from a raw socket");
	st = sock_open_raw(&e->sock, e->cfg.family, e->cfg.proto, 0, 0, &e->cfg.sock, why);
	return st != NETDX_OK ? st : l4_watch(e, NULL, on_error, why);
}

const struct probe_method_ops probe_raw_ops = {
	.open = raw_open,
	.send = raw_send,
	.wire_of = raw_wire_of,
	.close = l4_priv_free,
};
