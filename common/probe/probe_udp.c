/* probe_udp.c — the UDP probe method, as traceroute and tracepath send it.
 *
 * Sockets:
 *   - unprivileged (default): an ordinary UDP socket with IP_RECVERR; ICMP errors come
 *     from its error queue, which gives back the payload the router quoted (after the
 *     UDP header) and the destination port;
 *   - raw (sock.force_raw, CAP_NET_RAW): we write the UDP header on a raw socket while
 *     an ordinary UDP socket holds the source port (and gets a service's replies);
 *     errors come from the raw socket's error queue, which starts at the quoted UDP
 *     header, checksum included.
 * Flows, and how an ICMP error's quote names the probe it is about:
 *   - classic (paris false): every probe has its own destination port, cfg.port + n - 1
 *     (traceroute 2.x's 33434, 33435, ...), which every router quotes;
 *   - Paris (paris true): ports stay the same, so routers that balance on the 5-tuple
 *     keep every probe on one path. Raw: the UDP checksum is the probe's wire value
 *     (Paris traceroute's trick: two payload bytes pay for it), quoted with the 8 bytes
 *     every router returns. Unprivileged: the stamp (or DNS ID) in the payload, which
 *     RFC 1812 routers quote (Linux and most others return 576 bytes); a router that
 *     quotes only 8 bytes of UDP leaves an unprivileged Paris probe unidentifiable
 *     (counted as foreign). Paris needs 18 payload bytes (stamp and checksum fix) unless
 *     the probes are DNS queries; shorter probes are classic.
 *   - own port (own_port): one destination port, each probe from a source port of its
 *     own (a socket per probe, open while it waits, as traceroute 2.x's -U does): the
 *     port names the probe in any quote. The flow changes per probe: not Paris.
 * Payload: the stamp, then the fill pattern. But when every probe goes to port 53
 * (Paris or own port), a DNS query for the root's SOA (RD clear; 17 bytes, 28 with an
 * OPT record, or from 32 on padded to the probe's length with an EDNS Padding option):
 * a DNS server drops or refuses to parse the stamp (it may read as a response), and
 * answers a query. The query's ID is the probe's wire value (random base; raw Paris: the
 * ID pays for the checksum instead).
 * The destination's own UDP replies (a service listening there) count only where they
 * provably answer one probe: classic by the port they come from, own port by the socket
 * they come to, DNS by the ID and question the server echoes, any other only when it
 * echoes the probe's stamp (an echo service). A reply that echoes nothing to Paris
 * probes, all on one flow, could answer any of them: it is counted ambiguous and given
 * to none.
 * UDP-Lite (sock.udplite: traceroute -UL) is this method on UDP-Lite sockets, own port
 * only: its header is UDP's, its length field the checksum's coverage. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h> /* before linux/errqueue.h, which needs struct timespec */
#include <linux/errqueue.h>

#include "netdx/dns_msg.h"
#include "netdx/dns_type.h"
#include "netdx/wire.h"
#include "probe_l4.h"

#define UDP_DEFAULT_PORT 33434
#define UDP_HDR_LEN 8
#define DNS_PORT 53
#define DNS_LEN_BARE 17   /* header and the root's question */
#define DNS_LEN_OPT 28    /* ... and an OPT record */
#define DNS_LEN_PAD 32    /* ... with an empty Padding option: any length from here on */
#define DNS_UDP_SIZE 1232 /* the answer size we take (DNS flag day 2020's) */

/* How probes are told apart (see the header). */
enum udp_flow {
	UDP_CLASSIC,
	UDP_PARIS,
	UDP_OWN_PORT,
};

/* A probe's own socket (own port). */
struct udp_own {
	struct probe_engine *e; /* for the socket's callback */
	struct probe_sock sock; /* fd -1 while none is open */
	uint64_t number;        /* the probe it was opened for */
};

/* The UDP method's own state (e->priv). */
struct udp_priv {
	struct l4_state l4; /* datagrams, errors; raw classic and Paris: the UDP
				    * socket that holds sport (and gets replies); first */
	bool raw;           /* raw socket (we write the UDP header) */
	enum udp_flow flow;
	bool dns;                /* probes are DNS queries */
	uint16_t port;           /* destination port (Paris, own port), or of the first probe */
	uint16_t sport;          /* classic and Paris: our source port */
	struct l4_source src;    /* raw: our address toward the destination (checksums) */
	struct udp_own *own;     /* own port: one per slot of the window */
	struct udp_own *reading; /* own port: the socket being read */
	uint32_t *own_by_port;   /* own port, raw: slot index + 1 by source port (errors
				    * come from the raw socket, the quoted port names the probe) */
	uint8_t check[];         /* a probe rebuilt to check an answer against
				    * (UDP_HDR_LEN + payload_max) */
};

/* port_of / dns_of
 * The destination port, and whether the probes are DNS queries: every probe goes to
 * port 53 (not classic, whose port moves on). */
static uint16_t port_of(const struct probe_config *cfg)
{
	return cfg->port ? cfg->port : UDP_DEFAULT_PORT;
}

static bool dns_of(const struct probe_config *cfg)
{
	return port_of(cfg) == DNS_PORT && (cfg->paris || cfg->own_port) && !cfg->sock.udplite;
}

/* proto_of
 * The probes' protocol: UDP, or UDP-Lite (whose header has UDP's layout). */
static uint8_t proto_of(const struct probe_config *cfg)
{
	return cfg->sock.udplite ? IPPROTO_UDPLITE : IPPROTO_UDP;
}

/* udp_fit
 * A DNS probe is a whole query: the least of its lengths that holds len bytes. */
static size_t udp_fit(const struct probe_config *cfg, size_t len)
{
	if (!dns_of(cfg))
		return len;
	if (len <= DNS_LEN_BARE)
		return DNS_LEN_BARE;
	if (len <= DNS_LEN_OPT)
		return DNS_LEN_OPT;
	return len < DNS_LEN_PAD ? DNS_LEN_PAD : len;
}

/* dns_query
 * A query for the root's SOA with this ID, len bytes (a length udp_fit gave), at q. RD
 * is clear: no server recurses for it, and every one can answer it at once. */
static void dns_query(size_t len, uint16_t id, uint8_t *q)
{
	struct dns_name root;
	dns_name_root(&root);
	struct dns_query_spec spec = {
		.id = id,
		.name = &root,
		.type = DNS_T_SOA,
		.cls = DNS_C_IN,
		.edns = len >= DNS_LEN_OPT,
		.udp_size = DNS_UDP_SIZE,
		.padding = len >= DNS_LEN_PAD,
		.padding_len = (uint16_t)(len >= DNS_LEN_PAD ? len - DNS_LEN_PAD : 0),
	};
	size_t n;
	(void)dns_msg_build_query(&spec, q, len, &n); /* fits: udp_fit made len so */
}

/* udp_wire_of
 * Classic: the destination port (wire_base is cfg.port - 1). Otherwise the number,
 * which the checksum (raw Paris), the DNS ID or the stamp carries, from a random base
 * for DNS IDs. */
static uint16_t udp_wire_of(const struct probe_engine *e, uint64_t number)
{
	return (uint16_t)(e->wire_base + number);
}

/* udp_wire_unusable
 * Raw Paris: wire 0, as a checksum, would go out as 0xffff (0 means "no checksum"), the
 * same as wire 0xffff; DNS probes would be byte for byte the same, as the ID pays for
 * the checksum. So no probe carries it. */
static bool udp_wire_unusable(const struct probe_engine *e, uint16_t wire)
{
	const struct udp_priv *p = e->priv;
	return wire == 0 && p->raw && p->flow == UDP_PARIS;
}

/* natural_checksum
 * The UDP checksum of the datagram u (len bytes, checksum field 0) from src to dst. */
static uint16_t natural_checksum(const struct udp_priv *p, const struct netdx_addr *dst,
				 const uint8_t *u, size_t len)
{
	uint64_t pseudo = l4_pseudo_sum(&p->src.addr, dst, IPPROTO_UDP, len);
	uint16_t ck = (uint16_t)~wire_sum_fold(wire_sum_add(pseudo, u, len));
	return ck ? ck : 0xffff;
}

/* own_of / sport_of / dport_of
 * Slot s's own socket record, the source port it was sent from, the port it went to. */
static struct udp_own *own_of(const struct probe_engine *e, const struct udp_priv *p,
			      const struct slot *s)
{
	return &p->own[(size_t)(s - e->slots)];
}

static uint16_t sport_of(const struct probe_engine *e, const struct udp_priv *p,
			 const struct slot *s)
{
	return p->flow == UDP_OWN_PORT ? own_of(e, p, s)->sock.ident : p->sport;
}

static uint16_t dport_of(const struct udp_priv *p, const struct slot *s)
{
	return p->flow == UDP_CLASSIC ? s->wire : p->port;
}

/* put_udp_header
 * A UDP header at u: the ports, the length, and a checksum of 0 (left to the kernel on
 * a UDP socket, filled in later on a raw one). */
static void put_udp_header(uint8_t *u, uint16_t sport, uint16_t dport, size_t len)
{
	wire_put16(u, sport);
	wire_put16(u + 2, dport);
	wire_put16(u + 4, (uint16_t)len);
	wire_put16(u + 6, 0);
}

/* datagram
 * Probe s's UDP header and payload in u (8 + s->payload_len bytes) toward dst; returns
 * the length. The checksum matters only raw (a UDP socket writes its own): Paris forces
 * it to the wire value, paid for by the two bytes after the stamp or by the DNS ID. */
static size_t datagram(const struct probe_engine *e, const struct udp_priv *p, const struct slot *s,
		       const struct netdx_addr *dst, uint8_t *u)
{
	size_t plen = s->payload_len, len = UDP_HDR_LEN + plen;
	bool forced = p->raw && p->flow == UDP_PARIS;
	put_udp_header(u, sport_of(e, p, s), dport_of(p, s), len);
	if (p->dns) {
		dns_query(plen, forced ? 0 : s->wire, u + UDP_HDR_LEN);
	} else {
		memcpy(u + UDP_HDR_LEN, e->payload, plen);
		probe_stamp_write(e, s, u + UDP_HDR_LEN, plen);
	}
	if (!p->raw)
		return len;
	uint16_t ck;
	if (forced) {
		ck = s->wire;
		l4_force_sum(l4_pseudo_sum(&p->src.addr, dst, IPPROTO_UDP, len), u, len,
			     UDP_HDR_LEN + (p->dns ? 0 : PROBE_STAMP_LEN), (uint16_t)~ck);
	} else {
		ck = natural_checksum(p, dst, u, len);
	}
	wire_put16(u + 6, ck);
	return len;
}

/* own_close
 * Close a probe's own socket, if open. */
static void own_close(struct probe_engine *e, struct udp_priv *p, struct udp_own *o)
{
	if (o->sock.fd < 0)
		return;
	loop_del_fd(e->loop, o->sock.fd);
	if (p->own_by_port)
		p->own_by_port[o->sock.ident] = 0;
	sock_close(&o->sock);
}

static void on_own_readable(void *arg, int fd, uint32_t events);

/* own_open
 * Probe s's own socket (raw: a UDP socket holding its port), watched on the loop; NULL
 * with errno set (EBUSY when descriptors ran out: a probe that ends frees one). */
static struct udp_own *own_open(struct probe_engine *e, struct udp_priv *p, struct slot *s)
{
	struct udp_own *o = own_of(e, p, s);
	own_close(e, p, o);
	enum netdx_status st =
		p->raw ? sock_reserve_port(&o->sock, e->cfg.family, SOCK_DGRAM, &e->cfg.sock, NULL)
		       : sock_open_udp(&o->sock, e->cfg.family, &e->cfg.sock, NULL);
	if (st != NETDX_OK) {
		o->sock.fd = -1;
		if (errno == EMFILE || errno == ENFILE)
			errno = EBUSY;
		return NULL;
	}
	if (loop_add_fd(e->loop, o->sock.fd, LOOP_IN, on_own_readable, o) < 0) {
		int saved = errno;
		sock_close(&o->sock);
		errno = saved;
		return NULL;
	}
	o->number = s->number;
	if (p->own_by_port)
		p->own_by_port[o->sock.ident] = (uint32_t)(s - e->slots) + 1;
	return o;
}

/* slot_of_own
 * The probe an own socket serves, while it is still that probe's. */
static struct slot *slot_of_own(struct probe_engine *e, const struct udp_priv *p,
				const struct udp_own *o)
{
	struct slot *s = &e->slots[o - p->own];
	return s->state != SLOT_FREE && s->number == o->number && o->sock.fd >= 0 ? s : NULL;
}

/* udp_send
 * Build probe s and send it to its port with its TTL. */
static int udp_send(struct probe_engine *e, struct slot *s, const struct netdx_addr *dst, int ttl)
{
	struct udp_priv *p = e->priv;
	struct probe_sock *via = &e->sock;
	if (p->flow == UDP_OWN_PORT) {
		struct udp_own *o = own_open(e, p, s);
		if (!o)
			return -1;
		if (!p->raw)
			via = &o->sock;
	}
	int rc = -1;
	if (!p->raw || l4_source_for(e, &e->sock, &p->src, dst)) {
		size_t len = datagram(e, p, s, dst, e->txbuf);
		struct netdx_addr to = *dst;
		/* raw sockets take no port (IPv6 would want the protocol) */
		addr_set_port(&to, p->raw ? 0 : dport_of(p, s));
		size_t skip = p->raw ? 0 : UDP_HDR_LEN;
		rc = l4_send(e, via, s, &p->l4.refused, e->txbuf + skip, len - skip, &to, ttl);
	}
	if (rc < 0 && p->flow == UDP_OWN_PORT) {
		int saved = errno;
		own_close(e, p, own_of(e, p, s));
		errno = saved;
	}
	return rc;
}

/* dns_quoted
 * Did a router quote a DNS probe's header? Zeros there are RFC 4884's padding after a
 * quote of only 8 bytes (our queries have one question, so QDCOUNT is never 0). */
static bool dns_quoted(const struct icmp_quote *q)
{
	return q->payload_len >= 6 && (q->payload[4] | q->payload[5]);
}

/* quote_ok
 * The quote is of probe s: its ports, and as much of its payload as was quoted (the
 * stamp; a DNS query byte for byte). */
static bool quote_ok(struct probe_engine *e, struct udp_priv *p, const struct slot *s,
		     const struct icmp_quote *q)
{
	if (q->sport != sport_of(e, p, s) || q->dport != dport_of(p, s))
		return false;
	if (!p->dns) {
		if (!probe_stamp_quoted(s, q->payload, q->payload_len))
			return true; /* not quoted: the port or checksum decided */
		return probe_stamp_matches(e, s, q->payload, q->payload_len);
	}
	if (!dns_quoted(q))
		return true;
	datagram(e, p, s, &q->dst, p->check);
	size_t n = q->payload_len < s->payload_len ? q->payload_len : s->payload_len;
	return memcmp(q->payload, p->check + UDP_HDR_LEN, n) == 0;
}

/* slot_by_stamp
 * Paris: the probe whose stamp the quote carries (not DNS probes: the ID is theirs). */
static struct slot *slot_by_stamp(struct probe_engine *e, const struct udp_priv *p,
				  const struct icmp_quote *q, const void *dst)
{
	if (p->dns || q->payload_len < PROBE_STAMP_LEN ||
	    !probe_stamp_quoted(NULL, q->payload, q->payload_len))
		return NULL;
	uint64_t number;
	memcpy(&number, q->payload + 8, sizeof(number));
	struct slot *s = probe_slot_lookup(e, udp_wire_of(e, number), dst);
	return s && s->number == number ? s : NULL;
}

/* slot_of_error
 * The probe an ICMP error is about, from its quote (o: it came to that probe's own
 * socket); NULL when it is none of ours. */
static struct slot *slot_of_error(struct probe_engine *e, struct udp_priv *p,
				  const struct icmp_msg *m, const struct udp_own *o)
{
	const struct icmp_quote *q = &m->quote;
	if (!q->present || !q->has_l4 || q->proto != proto_of(&e->cfg) ||
	    addr_family(&q->dst) != e->cfg.family)
		return NULL;
	const void *dst = probe_quoted_dst(e, addr_bytes(&q->dst));
	struct slot *s = NULL;
	if (p->flow == UDP_CLASSIC) {
		s = probe_slot_lookup(e, q->dport, dst);
	} else if (p->flow == UDP_OWN_PORT) {
		uint32_t at = o                ? (uint32_t)(o - p->own) + 1
			      : p->own_by_port ? p->own_by_port[q->sport]
					       : 0;
		s = at ? slot_of_own(e, p, &p->own[at - 1]) : NULL;
		if (s && dst && memcmp(s->dst, dst, e->cfg.family == AF_INET ? 4 : 16) != 0)
			s = NULL;
	} else if (p->raw) {
		s = probe_slot_lookup(e, q->udp_checksum, dst); /* the checksum is the wire */
		/* a translator on the way fixed the checksum for its address: the stamp, if
		 * quoted, still names the probe (netdx/quote_check.h tells of the NAT) */
		if (!s)
			s = slot_by_stamp(e, p, q, dst);
	} else if (p->dns && dns_quoted(q)) {
		s = probe_slot_lookup(e, wire_be16(q->payload), dst);
	} else {
		s = slot_by_stamp(e, p, q, dst);
	}
	return s && quote_ok(e, p, s, q) ? s : NULL;
}

/* error_from
 * An error-queue entry (o: of that probe's own socket): a size refusal, or an ICMP
 * error rebuilt and matched by its quote. */
static void error_from(struct probe_engine *e, const struct sock_packet *pkt, struct udp_own *o)
{
	struct udp_priv *p = e->priv;
	uint16_t sport = o ? o->sock.ident : p->sport;
	/* An ordinary UDP socket gets what followed the quoted UDP header: put one back. */
	uint8_t hdr[UDP_HDR_LEN];
	put_udp_header(hdr, sport, addr_port(&pkt->from), 0); /* its length unknown */
	struct l4_quote_hint hint = {
		.proto = proto_of(&e->cfg),
		.src = p->src.addr.len ? &p->src.addr : NULL,
		.dst = &pkt->from,
		.l4 = p->raw ? NULL : hdr,
		.l4_len = p->raw ? 0 : UDP_HDR_LEN,
		.sent_len = UDP_HDR_LEN + e->cfg.payload_len,
	};
	struct icmp_msg msg;
	if (!l4_error_msg(e, &p->l4, pkt, &hint, &msg))
		return;
	struct slot *s = slot_of_error(e, p, &msg, o);
	l4_deliver_error(e, s, pkt, &msg);
}

/* dns_answer
 * The probe a DNS server's answer from dst is about: a response (QR, standard query)
 * carrying a probe's ID, and our question if it repeats one (a FORMERR may not). s:
 * the probe known from its own socket, NULL to find it by the ID. */
static struct slot *dns_answer(struct probe_engine *e, struct udp_priv *p, struct slot *s,
			       const struct sock_packet *pkt)
{
	static const uint8_t question[5] = {0, 0, DNS_T_SOA, 0, DNS_C_IN}; /* ". SOA IN" */
	const uint8_t *d = pkt->data;
	if (pkt->len < DNS_HEADER_LEN || !(d[2] & 0x80) || (d[2] & 0x78))
		return NULL;
	uint16_t qd = wire_be16(d + 4), id = wire_be16(d);
	if (qd > 1 || (qd == 1 && (pkt->len < DNS_LEN_BARE || memcmp(d + 12, question, 5) != 0)))
		return NULL;
	const void *from = addr_bytes(&pkt->from);
	if (!s && p->raw) {
		/* the ID paid for the checksum, which is the wire value */
		size_t plen = e->cfg.payload_len, len = UDP_HDR_LEN + plen;
		put_udp_header(p->check, p->sport, p->port, len);
		dns_query(plen, id, p->check + UDP_HDR_LEN);
		s = probe_slot_lookup(e, natural_checksum(p, &pkt->from, p->check, len), from);
	} else if (!s) {
		s = probe_slot_lookup(e, id, from);
	}
	if (!s)
		return NULL;
	datagram(e, p, s, &pkt->from, p->check);
	return wire_be16(p->check + UDP_HDR_LEN) == id ? s : NULL;
}

/* echoed
 * Paris: the probe whose stamp a reply starts with (an echo service returns it). */
static struct slot *echoed(struct probe_engine *e, const struct sock_packet *pkt)
{
	if (pkt->len < PROBE_STAMP_LEN || memcmp(pkt->data, &e->nonce, 8) != 0)
		return NULL;
	uint64_t number;
	memcpy(&number, pkt->data + 8, sizeof(number));
	struct slot *s = probe_slot_lookup(e, udp_wire_of(e, number), addr_bytes(&pkt->from));
	return s && s->number == number && probe_stamp_matches(e, s, pkt->data, pkt->len) ? s
											  : NULL;
}

/* slot_of_reply
 * The probe a datagram from the destination answers, where that can be proven (see the
 * header); *ambiguous when it answers one of ours that cannot be named. */
static struct slot *slot_of_reply(struct probe_engine *e, struct udp_priv *p,
				  const struct sock_packet *pkt, const struct udp_own *o,
				  bool *ambiguous)
{
	const void *from = addr_bytes(&pkt->from);
	if (p->flow == UDP_CLASSIC) /* from the port the probe went to */
		return probe_slot_lookup(e, addr_port(&pkt->from), from);
	if (addr_port(&pkt->from) != p->port)
		return NULL;
	struct slot *s = NULL;
	if (o) {
		s = slot_of_own(e, p, o);
		if (!s || memcmp(s->dst, from, e->cfg.family == AF_INET ? 4 : 16) != 0)
			return NULL;
	}
	if (p->dns)
		return dns_answer(e, p, s, pkt);
	if (o)
		return s;
	s = echoed(e, pkt);
	*ambiguous = !s;
	return s;
}

/* data_from
 * A UDP datagram (o: to that probe's own socket): the destination's reply, or counted. */
static void data_from(struct probe_engine *e, const struct sock_packet *pkt, struct udp_own *o)
{
	struct udp_priv *p = e->priv;
	struct slot *s = NULL;
	bool ambiguous = false;
	if (addr_family(&pkt->from) == e->cfg.family)
		s = slot_of_reply(e, p, pkt, o, &ambiguous);
	if (!s) {
		if (ambiguous)
			e->counters.ambiguous++;
		else
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

/* on_data / on_error / on_own_data / on_own_error
 * l4_drain's callbacks: the engine's sockets, or the own socket being read. */
static void on_data(struct probe_engine *e, const struct sock_packet *pkt)
{
	data_from(e, pkt, NULL);
}

static void on_error(struct probe_engine *e, const struct sock_packet *pkt)
{
	error_from(e, pkt, NULL);
}

static void on_own_data(struct probe_engine *e, const struct sock_packet *pkt)
{
	data_from(e, pkt, ((struct udp_priv *)e->priv)->reading);
}

static void on_own_error(struct probe_engine *e, const struct sock_packet *pkt)
{
	error_from(e, pkt, ((struct udp_priv *)e->priv)->reading);
}

/* on_reserve_readable
 * Raw mode: the port holder gets a service's UDP replies. */
static void on_reserve_readable(void *arg, int fd, uint32_t events)
{
	struct probe_engine *e = arg;
	struct udp_priv *p = e->priv;
	(void)fd;
	l4_drain(e, &p->l4.reserve, events, on_data, NULL);
}

/* on_own_readable
 * A probe's own socket: the service's reply, and (unprivileged) its errors. The answer
 * may end the probe and close this socket: the drain then reads no further. */
static void on_own_readable(void *arg, int fd, uint32_t events)
{
	struct udp_own *o = arg;
	struct probe_engine *e = o->e;
	struct udp_priv *p = e->priv;
	(void)fd;
	p->reading = o;
	l4_drain(e, &o->sock, events, on_own_data, p->raw ? NULL : on_own_error);
	p->reading = NULL;
}

/* open_own_port
 * Own port: a record per slot; raw, the socket that sends and reads errors, and the
 * map from a quoted port to its probe. */
static enum netdx_status open_own_port(struct probe_engine *e, struct udp_priv *p, const char **why)
{
	p->own = calloc(e->mask + 1, sizeof(*p->own));
	if (p->raw && p->own)
		p->own_by_port = calloc(65536, sizeof(*p->own_by_port));
	if (!p->own || (p->raw && !p->own_by_port))
		return status_fail(why, NETDX_E_SYSTEM, strerror(ENOMEM));
	for (size_t i = 0; i <= e->mask; i++)
		p->own[i] = (struct udp_own){.e = e, .sock = {.fd = -1}};
	e->sock.family = e->cfg.family;
	e->sock.kind = SOCK_UDP;
	if (!p->raw)
		return NETDX_OK; /* each probe's socket is its own */
	enum netdx_status st =
		sock_open_raw(&e->sock, e->cfg.family, IPPROTO_UDP, 0, 0, &e->cfg.sock, why);
	return st != NETDX_OK ? st : l4_watch(e, p->raw ? NULL : on_data, on_error, why);
}

/* udp_open
 * The UDP socket, or the raw socket and its port holder, watched on the loop. */
static enum netdx_status udp_open(struct probe_engine *e, const char **why)
{
	enum netdx_status st =
		l4_priv_new(e, sizeof(struct udp_priv), UDP_HDR_LEN + e->payload_max, why);
	if (st != NETDX_OK)
		return st;
	struct udp_priv *p = e->priv;
	p->raw = e->cfg.sock.force_raw;
	p->dns = dns_of(&e->cfg);
	p->flow = e->cfg.own_port ? UDP_OWN_PORT
		  : e->cfg.paris && (p->dns || e->cfg.payload_len >= PROBE_STAMP_LEN + 2)
			  ? UDP_PARIS
			  : UDP_CLASSIC;
	p->port = port_of(&e->cfg);
	e->wire_base = p->flow == UDP_CLASSIC ? (uint16_t)(p->port - 1)
		       : p->dns ? (uint16_t)(e->nonce >> 48) /* an ID no blind spoofer knows */
				: 0;
	if (p->flow == UDP_OWN_PORT)
		return open_own_port(e, p, why);
	if (p->raw) {
		st = sock_reserve_port(&p->l4.reserve, e->cfg.family, SOCK_DGRAM, &e->cfg.sock,
				       why);
		if (st == NETDX_OK)
			st = sock_open_raw(&e->sock, e->cfg.family, IPPROTO_UDP, 0, 0, &e->cfg.sock,
					   why);
		if (st == NETDX_OK)
			st = probe_watch(e, p->l4.reserve.fd, on_reserve_readable, why);
		p->sport = p->l4.reserve.ident;
	} else {
		st = sock_open_udp(&e->sock, e->cfg.family, &e->cfg.sock, why);
		p->sport = e->sock.ident;
	}
	return st != NETDX_OK ? st : l4_watch(e, p->raw ? NULL : on_data, on_error, why);
}

/* udp_release
 * Own port: a probe that got its answer or timed out gives its socket back (a later
 * answer then finds the port closed, and our kernel says so). */
static void udp_release(struct probe_engine *e, struct slot *s)
{
	struct udp_priv *p = e->priv;
	if (p->flow == UDP_OWN_PORT)
		own_close(e, p, own_of(e, p, s));
}

/* udp_close
 * The probes' own sockets, then the state with its port holder (e->sock is the core's
 * to close). */
static void udp_close(struct probe_engine *e)
{
	struct udp_priv *p = e->priv;
	if (!p)
		return;
	for (size_t i = 0; p->own && i <= e->mask; i++)
		own_close(e, p, &p->own[i]);
	free(p->own);
	free(p->own_by_port);
	l4_priv_free(e);
}

/* udp_sandbox
 * A socket per probe (own port), or a connected UDP socket per destination that finds
 * our source for the checksum of a raw probe when none was given. */
static unsigned udp_sandbox(const struct probe_engine *e)
{
	const struct udp_priv *p = e->priv;
	return p->flow == UDP_OWN_PORT || (p->raw && !e->cfg.sock.src) ? SANDBOX_INET : 0;
}

const struct probe_method_ops probe_udp_ops = {
	.open = udp_open,
	.send = udp_send,
	.wire_of = udp_wire_of,
	.wire_unusable = udp_wire_unusable,
	.close = udp_close,
	.fit = udp_fit,
	.release = udp_release,
	.sandbox = udp_sandbox,
};
