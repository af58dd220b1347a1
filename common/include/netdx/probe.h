/* probe — the probe engine every front-end drives the same way.
 *
 * It owns a probe socket and a table of outstanding probes keyed by what the reply
 * will carry (the echo sequence number, indexing a power-of-two window), sends probes
 * with any TTL, matches replies and ICMP errors to them, times them out, and paces a
 * stream of probes. A reply is accepted only if it matches an outstanding probe: echo
 * replies by identifier, sequence, source, a per-engine nonce in the payload and the
 * payload's length; errors by the ICMP echo quoted inside them and its destination.
 * Everything else is counted and dropped, so a forged or foreign reply never becomes
 * an RTT.
 *
 * Typical use:
 *   probe_engine_new(loop, &cfg, on_event, ctx, &e, &why);   (opens the socket)
 *   tool_lockdown_or_die(probe_engine_sandbox(e));            (before any packet is read)
 *   probe_send(e, &dst, ttl, cookie, NULL);  or  probe_pace(e, interval, next, ctx);
 *   loop_run(loop);                           on_event() gets every outcome
 */
#ifndef NETDX_PROBE_H
#define NETDX_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netdx/addr.h"
#include "netdx/icmp.h"
#include "netdx/loop.h"
#include "netdx/sock.h"

/* Bytes of every probe payload the engine owns: an 8-byte nonce and the 8-byte probe
 * number. Larger payloads are filled with the pattern after them. */
#define PROBE_STAMP_LEN 16

/* How probes are sent (each method lives in common/probe_<method>.c). */
enum probe_method {
	PROBE_METHOD_ICMP = 0, /* ICMP echo requests (datagram socket, or raw) */
	PROBE_METHOD_UDP,      /* UDP datagrams (probe_udp.c): unprivileged, or raw */
	PROBE_METHOD_TCP,      /* TCP SYN (probe_tcp.c): raw socket, needs CAP_NET_RAW */
	PROBE_METHOD_RAW,      /* bare IP packets of protocol `proto` (probe_raw.c): raw */
	PROBE_METHOD_DCCP,     /* DCCP-Requests (probe_dccp.c): raw socket, CAP_NET_RAW */
	PROBE_METHOD_TCPCONN,  /* TCP connect() (probe_tcpconn.c): a socket per probe,
				* unprivileged; the handshake completes where a service
				* listens */
};

#define PROBE_DEFAULT_WINDOW 4096 /* probes in flight when the config names no window */
#define PROBE_MAX_WINDOW 65536    /* the most: the 16-bit numbers probes carry on the wire */

struct probe_config {
	int family;                   /* AF_INET or AF_INET6 */
	enum probe_method method;     /* default: ICMP echo */
	size_t payload_len;           /* echo data bytes after the 8-byte header (ping -s) */
	uint64_t timeout_ns;          /* a probe without an answer by then is reported lost */
	unsigned max_outstanding;     /* window of probes in flight (rounded up to 2^k, at most
				       * PROBE_MAX_WINDOW); 0: PROBE_DEFAULT_WINDOW */
	bool prefault_window;         /* touch the whole window now, so memory stays flat over a
				       * long run (mtr, pathping); else pages come as probes
				       * first reach them (a sweep's 65536 are 2,176 pages) */
	const uint8_t *pattern;       /* fill bytes (ping -p), NULL: 0x10, 0x11, ... as iputils */
	size_t pattern_len;           /* 1..16 */
	bool random_fill;             /* the bytes after the stamp random, new for every probe
				       * (fping -R, mtr -B above 255: nothing a link
				       * compresses); pattern is then unused */
	struct sock_opts sock;        /* interface, source, TOS, force_raw */
	uint16_t port;                /* UDP: destination port (Paris and own_port: of every probe;
				   * classic: of the first, +1 per probe); TCP: destination port.
				   * UDP to port 53 with Paris or own_port: probes are DNS queries */
	bool paris;                   /* UDP, ICMP: keep the flow (ports / ICMP checksum) the same
				   * for every probe, so ECMP routers send all down one path */
	bool own_port;                /* UDP: one destination port, but each probe from a source
				   * port of its own (traceroute 2.x's -U), so a service's reply
				   * shows which probe it answers; the flow changes per probe
				   * (overrides paris) */
	uint8_t proto;                /* PROBE_METHOD_RAW: the IP protocol number */
	bool ident_set;               /* ICMP: echo requests carry ident, not a random identifier
				   * (raw) or the kernel's (datagram: the socket is bound to it) */
	uint16_t ident;               /* that identifier */
	bool user_latency;            /* RTTs on user space's clock, from before the send to the
				   * read (ping -U), not from the kernel's stamps */
	bool any_responder;           /* ICMP: echo replies from any address count (a broadcast
				   * target: every host answers); id, sequence and the stamp
				   * still prove a reply ours */
	uint8_t tcp_flags;            /* TCP: the probes' flags (PROBE_TCP_*), 0: SYN */
	uint8_t tcp_options;          /* TCP: PROBE_TCP_OPT_* the probes carry; without
				   * PROBE_TCP_OPT_EXACT, Linux's SYN options (all four) where
				   * the payload holds them, else MSS alone */
	uint16_t tcp_mss;             /* TCP: the MSS option's value, 0: 1460 */
	const struct netdx_addr *via; /* the source route's gateways (traceroute -g, through
				       * sock.ip_options or sock.rthdr): until a probe has
				       * passed one, routers quote it as the destination */
	size_t n_via;                 /* how many (the engine keeps a copy) */
};

/* TCP flags of probe_config.tcp_flags. */
enum {
	PROBE_TCP_FIN = 0x01,
	PROBE_TCP_SYN = 0x02,
	PROBE_TCP_RST = 0x04,
	PROBE_TCP_PSH = 0x08,
	PROBE_TCP_ACK = 0x10,
	PROBE_TCP_URG = 0x20,
	PROBE_TCP_ECE = 0x40,
	PROBE_TCP_CWR = 0x80,
};

/* TCP options of probe_config.tcp_options. */
enum {
	PROBE_TCP_OPT_MSS = 0x01,
	PROBE_TCP_OPT_SACK = 0x02,   /* SACK permitted */
	PROBE_TCP_OPT_TS = 0x04,     /* timestamps */
	PROBE_TCP_OPT_WSCALE = 0x08, /* window scale */
	PROBE_TCP_OPT_EXACT = 0x80,  /* these and no others, payload or not */
};

/* Bytes the TCP options in opts (PROBE_TCP_OPT_*) take in a probe, padding included. */
size_t probe_tcp_options_len(unsigned opts);

enum probe_event {
	PROBE_REPLY,       /* an echo reply to the probe */
	PROBE_ERROR,       /* an ICMP error about the probe: time exceeded, unreachable, ... */
	PROBE_DUPLICATE,   /* a further reply or error for an already answered probe */
	PROBE_TIMEOUT,     /* no answer within timeout_ns */
	PROBE_SEND_FAILED, /* a paced probe could not be sent (send_errno says why) */
};

/* What the callback gets. Pointers are valid only during the callback. */
struct probe_result {
	enum probe_event event;
	uint64_t number; /* the probe's number: 1, 2, 3 ... in send order (a method may skip one) */
	uint16_t wire_seq;            /* echo sequence on the wire (number mod 65536) */
	int send_errno;               /* PROBE_SEND_FAILED: the errno of the send */
	void *cookie;                 /* what the sender passed to probe_send */
	const struct netdx_addr *dst; /* where the probe went */
	int ttl_sent;                 /* TTL / hop limit it was sent with (0: default) */
	struct netdx_addr from;       /* who answered (len 0 on timeout) */
	int reply_ttl;                /* TTL / hop limit of the answer, -1 unknown */
	double rtt_ms;                /* kernel receive stamp minus send time */
	size_t bytes;                 /* ICMP bytes received (header + data) */
	bool late;                    /* answered after its timeout had been reported */
	const struct icmp_msg *msg; /* the parsed answer (type, code, MTU, MPLS); NULL on timeout */
	const uint8_t *ip_options;  /* the answer's IPv4 header options (netdx/ipopt.h parses
				      * them), with cfg.sock.ip_options only; NULL: none */
	size_t ip_options_len;      /* their length */
	uint8_t tcp_flags;          /* a TCP answer (SYN-ACK, RST) of the TCP method: its flags;
				      * msg is then a stand-in of kind ICMP_KIND_OTHER. 0 otherwise */
};

typedef void (*probe_cb)(void *arg, const struct probe_result *r);

/* What the engine saw that did not become a result (for -v and --json). */
struct probe_counters {
	uint64_t sent;        /* probes handed to the kernel */
	uint64_t send_errors; /* sendmsg failures */
	uint64_t replies;     /* PROBE_REPLY results */
	uint64_t errors;      /* PROBE_ERROR results */
	uint64_t duplicates;  /* PROBE_DUPLICATE results */
	uint64_t timeouts;    /* PROBE_TIMEOUT results */
	uint64_t foreign;     /* well-formed, but not an answer to any probe of ours */
	uint64_t malformed;   /* could not be parsed */
	uint64_t ambiguous;   /* a destination's answer that could be any of several probes'
			       * (UDP to a service that echoes nothing of a probe, every probe
			       * on one flow): given to none */
};

struct probe_engine;

/* Bytes in front of a probe's payload on the wire: the IP header without options (20
 * bytes, IPv6 40) and the method's transport header (ICMP echo and UDP 8, TCP 20;
 * PROBE_METHOD_RAW none, so the IP header alone). */
size_t probe_header_len(int family, enum probe_method method);

/* What a method's probes are, in a user's words ("ICMP echo probes", "TCP SYN probes"). */
const char *probe_method_probes(enum probe_method method);

/* Open the socket (the privileged step) and set up the table: NETDX_OK with *out, or a
 * status with *why (netdx/status.h) and *out NULL: NETDX_E_NOPRIV when the method
 * needs CAP_NET_RAW ("raw socket needs cap_net_raw", "need cap_net_raw (raw socket) or
 * a group in net.ipv4.ping_group_range ..."), NETDX_E_INVALID for a method or protocol
 * that cannot be sent, NETDX_E_SYSTEM otherwise ("Cannot allocate memory"). */
enum netdx_status probe_engine_new(struct loop *loop, const struct probe_config *cfg, probe_cb cb,
				   void *arg, struct probe_engine **out, const char **why);
void probe_engine_free(struct probe_engine *e);

/* What the engine needs from the sandbox while it runs (netdx/sandbox.h's needs):
 * SANDBOX_INET where its method opens sockets as it goes (UDP from a port per probe;
 * TCP and raw UDP without a source given learn ours toward each destination from a
 * connected UDP socket), else 0. */
unsigned probe_engine_sandbox(const struct probe_engine *e);

/* Send one echo probe to dst with this TTL (0: default). Returns 0, or -1 with errno
 * (EBUSY: the window is full; a send error from the kernel otherwise — reported here,
 * not as a result). *number_out gets the probe's number when not NULL. */
int probe_send(struct probe_engine *e, const struct netdx_addr *dst, int ttl, void *cookie,
	       uint64_t *number_out);

/* Fills in the next probe of a paced stream; return false when there is none. */
struct probe_request {
	struct netdx_addr dst; /* where */
	int ttl;               /* with which TTL (0: default) */
	void *cookie;          /* handed back in the result */
};
typedef bool (*probe_next_cb)(void *arg, struct probe_request *req);

/* Send a stream: one probe every interval_ns (0: as fast as the window allows),
 * starting now, asking next() for each, until next() returns false. */
void probe_pace(struct probe_engine *e, uint64_t interval_ns, probe_next_cb next, void *arg);

/* Stop the paced stream (probes in flight still complete or time out). */
void probe_pace_stop(struct probe_engine *e);

/* True once the paced stream has ended (or none was started) and no probe is in flight. */
bool probe_engine_idle(const struct probe_engine *e);

size_t probe_engine_in_flight(const struct probe_engine *e);
const struct probe_counters *probe_engine_counters(const struct probe_engine *e);
const struct probe_sock *probe_engine_sock(const struct probe_engine *e);

/* UDP and TCP: the source port every probe leaves from (the port holder's for a raw
 * socket); 0 for the other methods and a socket per probe (own_port). */
uint16_t probe_engine_source_port(const struct probe_engine *e);

/* Path-MTU discovery: probes sent from now on carry payload_len bytes of payload (more
 * where the method needs it, as probe_engine_payload_len says), at most the payload the
 * engine was created with. Returns 0, or -1 (EINVAL). */
int probe_set_payload_len(struct probe_engine *e, size_t payload_len);

/* The payload bytes each probe carries now: the configured payload_len, or more where
 * the method needs more (a UDP probe that is a DNS query is at least 17 bytes, then 28,
 * then any length from 32: see common/probe/probe_udp.c). */
size_t probe_engine_payload_len(const struct probe_engine *e);

/* Probes sent from now on carry this fill after the stamp (len 1..16 bytes, repeated;
 * len 0: iputils' counting bytes again), over every payload length up to the one the
 * engine was created with (mtr's `b` key, a random byte per probe for -B 256). */
void probe_set_pattern(struct probe_engine *e, const uint8_t *pattern, size_t len);

/* Probes sent from now on carry random bytes after the stamp, new for each (on), or
 * the pattern again (off): random_fill. */
void probe_set_random_fill(struct probe_engine *e, bool on);

/* Probes sent from now on carry this TOS / traffic class (mtr's `Q` key). 0, or -1
 * and errno. */
int probe_set_tos(struct probe_engine *e, int tos);

#endif
