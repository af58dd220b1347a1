/* probe_internal.h — what the probe engine's core (probe.c) shares with its probe
 * methods (probe_icmp.c, ...). Not a public header: front-ends use netdx/probe.h.
 *
 * A method opens its sockets, builds and sends one probe, and reads its sockets. For
 * every answer it derives the 16-bit "wire" value the probe carried (ICMP echo
 * sequence, UDP port, ...) and asks the core for the slot; the core checks the rest
 * (destination, state), reports the result and keeps the timers. */
#ifndef NETDX_PROBE_INTERNAL_H
#define NETDX_PROBE_INTERNAL_H

#include "netdx/probe.h"
#include "netdx/sandbox.h"

enum slot_state {
	SLOT_FREE = 0,
	SLOT_WAITING,  /* sent, no answer yet */
	SLOT_ANSWERED, /* answered (further answers are duplicates) */
	SLOT_EXPIRED,  /* timed out (an answer now is late) */
};

/* One probe in the window, indexed by (wire - wire_base) & mask. */
struct slot {
	enum slot_state state;   /* where it is in its life */
	uint64_t number;         /* which probe occupies the slot */
	uint16_t wire;           /* the value its answer will carry */
	uint8_t dst[16];         /* destination address bytes (family is the engine's) */
	int ttl;                 /* TTL it was sent with */
	size_t payload_len;      /* data bytes it carried (an echo reply returns exactly these;
				    * probe_set_payload_len may change it for later probes) */
	uint64_t tx_real_ns;     /* CLOCK_REALTIME at send (kernel stamps use it) */
	uint64_t tx_mono_ns;     /* CLOCK_MONOTONIC at send (fallback) */
	void *cookie;            /* the sender's */
	struct loop_timer timer; /* its timeout */
	struct probe_engine *e;  /* back pointer for the timer callback */
	uint8_t tcp_flags;       /* TCP method: flags of the answer being delivered */
	uint64_t tx_after_ns;    /* CLOCK_REALTIME once the send returned: a kernel TX stamp
				    * must lie in [tx_real_ns, tx_after_ns] (ICMP method) */
	uint32_t tskey;          /* the OPT_ID key of its send (TX timestamps) */
};

struct probe_method_ops;

struct probe_engine {
	struct loop *loop;                  /* the loop we run on */
	struct probe_config cfg;            /* copy of the caller's configuration */
	struct netdx_addr src;              /* copy of cfg.sock.src (which then points here) */
	const struct probe_method_ops *ops; /* how probes are sent and answers read */
	probe_cb cb;                        /* where results go */
	void *cb_arg;
	struct probe_sock sock; /* the method's probe socket */
	void *priv;             /* the method's own state (freed by its close) */
	size_t payload_max;     /* payload_len at creation: buffers hold this much */
	uint64_t nonce;         /* random per engine: tells our replies from others' */
	uint64_t fill_state;    /* random_fill's generator (xorshift64), seeded at random */
	uint16_t ident;         /* random per engine: echo id for raw sockets */
	uint16_t wire_base;     /* wire value of slot 0 */
	uint32_t tskey_next;    /* TX timestamps: the key our next send gets */
	int32_t tskey_skew;     /* the kernel's key minus ours (a failed send may
					 * have used one up) */
	uint64_t next_number;   /* number of the next probe */
	struct slot *slots;     /* the window */
	size_t mask;            /* window size - 1 */
	size_t in_flight;       /* slots WAITING */
	uint8_t *payload;       /* probe data: stamp, then the fill pattern */
	uint8_t pattern[16];    /* probe_set_pattern's bytes (cfg.pattern then points here) */
	uint8_t *txbuf;         /* probe being built */
	size_t txlen;           /* its length (header + payload) */
	uint8_t *rxbuf;         /* receive buffer, PROBE_MAX_PACKET bytes */
	struct probe_counters counters;
	/* pacing */
	bool pacing;       /* a paced stream is running */
	bool pace_blocked; /* waiting for a free slot */
	bool have_pending; /* pending holds a request not yet sent */
	struct probe_request pending;
	uint64_t interval_ns;
	uint64_t pace_due_ns; /* when the next paced probe is due */
	probe_next_cb next;
	void *next_arg;
	struct loop_timer pace_timer;
	struct netdx_addr *via; /* a copy of cfg.via (the source route's gateways) */
};

/* A probe method: ICMP echo, UDP, ... */
struct probe_method_ops {
	/* Open the socket(s) and watch them on e->loop (netdx/status.h's convention). */
	enum netdx_status (*open)(struct probe_engine *e, const char **why);
	/* Build probe s (its number and wire are set) in e->txbuf and send it to dst;
	 * sets s->tx_real_ns / tx_mono_ns. Returns 0 or -1 with errno. */
	int (*send)(struct probe_engine *e, struct slot *s, const struct netdx_addr *dst, int ttl);
	/* The wire value probe number n will carry. */
	uint16_t (*wire_of)(const struct probe_engine *e, uint64_t number);
	/* Is this wire value one the method cannot send distinctly (NULL: none is)? Its
	 * number is skipped. */
	bool (*wire_unusable)(const struct probe_engine *e, uint16_t wire);
	/* Release what open set up beyond e->sock (NULL: nothing). */
	void (*close)(struct probe_engine *e);
	/* The payload length a probe needs to carry at least len bytes (NULL: len). Asked
	 * before open, so it decides from the configuration alone. */
	size_t (*fit)(const struct probe_config *cfg, size_t len);
	/* Probe s got its answer or timed out (NULL: nothing to do). */
	void (*release)(struct probe_engine *e, struct slot *s);
	/* What sending needs from the sandbox beyond the sockets open already (sandbox_need
	 * bits; NULL: nothing). */
	unsigned (*sandbox)(const struct probe_engine *e);
};

extern const struct probe_method_ops probe_icmp_ops;
extern const struct probe_method_ops probe_udp_ops;
extern const struct probe_method_ops probe_tcp_ops;
extern const struct probe_method_ops probe_raw_ops;
extern const struct probe_method_ops probe_dccp_ops;
extern const struct probe_method_ops probe_tcpconn_ops;

#define PROBE_MAX_PACKET 65536
#define PROBE_READS_PER_WAKEUP 256 /* then let timers run: a flood must not starve them */
#define PROBE_DETACH_AFTER                                                                         \
	16 /* answers in a row before a socket leaves the epoll set
				    * for the rest of a wakeup (see probe_icmp.c) */

/* The slot whose probe carried this wire value to this destination (NULL dst_bytes:
 * to any), or NULL. */
struct slot *probe_slot_lookup(struct probe_engine *e, uint16_t wire, const void *dst_bytes);

/* The destination an ICMP error's quote names, for probe_slot_lookup: dst_bytes, or
 * NULL (any destination) when it is a gateway of the source route, which routers
 * before it (and it) quote instead of the probe's destination. */
const void *probe_quoted_dst(const struct probe_engine *e, const void *dst_bytes);

/* random_fill: new random bytes after the stamp of the payload. */
void probe_fill_random(struct probe_engine *e);

/* Write this engine's stamp for probe s (nonce, number) into buf, at most len bytes;
 * returns how many were written. */
size_t probe_stamp_write(const struct probe_engine *e, const struct slot *s, uint8_t *buf,
			 size_t len);

/* Did a router quote the stamp of probe s (NULL: a whole stamp, the probe not known
 * yet)? Zeros where it would be are RFC 4884's padding after a quote of only 8 bytes
 * (a stamp is never all zero: its number is not). As far as the probe had room for it:
 * probes' lengths vary (probe_set_payload_len). */
bool probe_stamp_quoted(const struct slot *s, const uint8_t *payload, size_t len);

/* Does data carry s's stamp, as far as the probe had room for it? */
bool probe_stamp_matches(const struct probe_engine *e, const struct slot *s, const uint8_t *data,
			 size_t len);

/* Is an echo reply's data the request's, as RFC 792 wants it returned: the same
 * length, and s's stamp at its start? */
bool probe_echo_matches(const struct probe_engine *e, const struct slot *s, const uint8_t *data,
			size_t len);

/* False, and counted malformed, for a datagram the receive buffer cut short: its
 * start alone may look like a whole, good packet. */
bool probe_packet_whole(struct probe_engine *e, const struct sock_packet *pkt);

/* Watch fd for input on the engine's loop, cb getting the engine; NETDX_E_SYSTEM with
 * *why when the loop refuses it. */
enum netdx_status probe_watch(struct probe_engine *e, int fd, loop_fd_cb cb, const char **why);

/* Report an answer to s (reply or error, duplicate or late as the slot's state says). */
void probe_deliver(struct probe_engine *e, struct slot *s, const struct sock_packet *pkt,
		   const struct icmp_msg *msg, const struct netdx_addr *from, bool is_reply);

/* Paris ICMP (probe_l4.c): give the echo request in msg the same checksum as every
 * other probe of this engine, paid for in the two payload bytes after the stamp (a
 * payload without room for them is left alone). */
void probe_paris_icmp(const struct probe_engine *e, uint8_t *msg, size_t len);

#endif
