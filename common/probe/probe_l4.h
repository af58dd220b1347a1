/* probe_l4.h — what the transport-layer probe methods (probe_udp.c, probe_tcp.c,
 * probe_raw.c) and Paris ICMP share: Internet checksums forced to a chosen value, an
 * error-queue entry turned back into a parsed ICMP message, the probes the kernel
 * refused for their size, and the methods' common state (struct l4_state: its
 * allocation, the reader of the engine's socket, the port holder). Internal to
 * common/, like probe_internal.h. */
#ifndef NETDX_PROBE_L4_H
#define NETDX_PROBE_L4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe_internal.h"

/* The sum (wire_sum_add) of the TCP/UDP pseudo header for len transport bytes from src
 * to dst. */
uint64_t l4_pseudo_sum(const struct netdx_addr *src, const struct netdx_addr *dst, uint8_t proto,
		       size_t len);

/* Set the two bytes at p + at (at even) so that pre plus the sum of p[0..len) folds
 * to want. Paris traceroute's trick: a checksum of our choosing, paid for in payload. */
void l4_force_sum(uint64_t pre, uint8_t *p, size_t len, size_t at, uint16_t want);

/* Our address toward a destination, for checksums built here (l4_source_for). */
struct l4_source {
	struct netdx_addr addr; /* empty until learned */
	struct netdx_addr dst;  /* the destination it was learned for */
};

/* Our source toward dst for a checksum built here: the one asked for (-s), else the
 * one the kernel names for dst (learned once per destination), to which every later
 * send on sock is pinned: a multipath route could otherwise send from another link's
 * address than the one the checksum was summed over. NULL (errno ENETUNREACH) when
 * there is no route. */
const struct netdx_addr *l4_source_for(struct probe_engine *e, struct probe_sock *sock,
				       struct l4_source *src, const struct netdx_addr *dst);

/* What an error-queue entry tells about the datagram it quotes. */
struct l4_quote_hint {
	uint8_t proto;                /* the probe's protocol */
	const struct netdx_addr *src; /* our address (may be empty) */
	const struct netdx_addr *dst; /* where the probe went */
	const uint8_t *l4;            /* transport header to put back in front of the data
					* (UDP sockets get only what followed it), or NULL */
	size_t l4_len;
	size_t sent_len; /* bytes after the IP header of the probe we sent */
};

/* Rebuild the ICMP error an error-queue entry stands for — type, code and MTU from
 * the extended error, a plain IP header for the quote, then the entry's data — and
 * parse it with icmp_parse(), so ports, sequence numbers, payload and RFC 4884/4950
 * extensions (at the RFC 4884 offset of 128) come out as from a raw socket. buf holds
 * the rebuilt message (cap bytes). False when it does not parse. */
bool l4_errqueue_msg(const struct sock_packet *pkt, int family, const struct l4_quote_hint *q,
		     uint8_t *buf, size_t cap, struct icmp_msg *out);

/* What a method does with one datagram or one error-queue entry. */
typedef void (*l4_handler)(struct probe_engine *e, const struct sock_packet *pkt);

/* Read what is pending on sock (ordinary datagrams, then with LOOP_ERR in events the
 * error queue), a bounded number per wakeup, handing each to on_data / on_error
 * (data without an on_data counts as foreign). */
void l4_drain(struct probe_engine *e, const struct probe_sock *sock, uint32_t events,
	      l4_handler on_data, l4_handler on_error);

/* Probes the kernel refused for their size (EMSGSIZE under SOCK_DF_ALWAYS), oldest
 * first: each is answered by the local error the kernel queued for it, as traceroute
 * 2.x reports "!F-<mtu>". */
#define L4_REFUSED_MAX 64
struct l4_refused {
	uint64_t number[L4_REFUSED_MAX]; /* probe numbers, a ring */
	size_t head;                     /* index of the oldest */
	size_t n;                        /* how many */
};

/* Send probe s's bytes on sock; a probe refused with EMSGSIZE while Don't Fragment is
 * forced counts as sent (0) and is remembered in r, to be answered by its local error. */
int l4_send(struct probe_engine *e, struct probe_sock *sock, struct slot *s, struct l4_refused *r,
	    const void *buf, size_t len, const struct netdx_addr *dst, int ttl);

/* A local error from the error queue: if it is a size refusal, deliver it to the
 * oldest refused probe still waiting (PROBE_ERROR, kind PACKET_TOO_BIG, empty from).
 * True when it was one. */
bool l4_local_error(struct probe_engine *e, struct l4_refused *r, const struct sock_packet *pkt);

/* What every transport method keeps: the first member of its state (e->priv), so the
 * shared reader and l4_priv_free() find it. */
struct l4_state {
	l4_handler on_data;                    /* e->sock's datagrams, NULL: none wanted */
	l4_handler on_error;                   /* its error-queue entries */
	struct probe_sock reserve;             /* TCP, raw UDP: the socket holding our source
						* port, so no other program gets it (fd -1: none) */
	struct l4_refused refused;             /* probes refused for their size */
	uint8_t msgbuf[PROBE_MAX_PACKET + 64]; /* an entry rebuilt as an ICMP message */
};

/* A method's state (e->priv): size bytes of its struct, a struct l4_state first, and
 * buffer bytes after it (the struct's flexible array) in one allocation, zeroed but for
 * no port held. NETDX_E_SYSTEM when memory is short. */
enum netdx_status l4_priv_new(struct probe_engine *e, size_t size, size_t buffer, const char **why);

/* The transport header of a packet read from a raw socket of protocol proto: IPv4
 * reads start with the IP header, which is checked (its length, the protocol) and
 * skipped, its TTL taken when the read gave none. At least min_len bytes must follow.
 * True with *data, *len and *ttl set; false, the packet counted malformed. */
bool l4_transport_of(struct probe_engine *e, const struct sock_packet *pkt, uint8_t proto,
		     size_t min_len, const uint8_t **data, size_t *len, int *ttl);

/* Watch e->sock on the loop: its datagrams go to on_data, its error-queue entries to
 * on_error (through l4_drain). */
enum netdx_status l4_watch(struct probe_engine *e, l4_handler on_data, l4_handler on_error,
			   const char **why);

/* Close the port holder, free what l4_priv_new() made (e->priv NULL after): a
 * method's close, or its end. */
void l4_priv_free(struct probe_engine *e);

/* The start every method's error-queue handler shares: a size refusal is dealt with,
 * anything but an ICMP error is counted foreign, the ICMP message is rebuilt from the
 * entry with hint (malformed counted). True when *msg holds an error to match. */
bool l4_error_msg(struct probe_engine *e, struct l4_state *q, const struct sock_packet *pkt,
		  const struct l4_quote_hint *hint, struct icmp_msg *msg);

/* And the end: the error answers s, or (s NULL) it was not about a probe of ours. */
void l4_deliver_error(struct probe_engine *e, struct slot *s, const struct sock_packet *pkt,
		      struct icmp_msg *msg);

#endif
