/* tcp_diag — the kernel's table of TCP sockets through netlink INET_DIAG (libnl-idiag),
 * the interface ss(8) uses: one dump per family, each socket handed to a callback as it
 * is read and then forgotten, so a census of any number of sockets runs in constant
 * memory. A dump of both families gives IPv4 first, then IPv6. Request sockets
 * (SYN_RECV) and TIME_WAIT sockets are part of it. The socket is opened before the sandbox; dumps only send and
 * receive on it. */
#ifndef NETDX_TCP_DIAG_H
#define NETDX_TCP_DIAG_H

#include <stdbool.h>
#include <stdint.h>

#include "netdx/status.h"

/* TCP states as the kernel numbers them (include/net/tcp_states.h). */
enum tcp_diag_state {
	TCP_DIAG_ESTABLISHED = 1,
	TCP_DIAG_SYN_SENT,
	TCP_DIAG_SYN_RECV,
	TCP_DIAG_FIN_WAIT1,
	TCP_DIAG_FIN_WAIT2,
	TCP_DIAG_TIME_WAIT,
	TCP_DIAG_CLOSE,
	TCP_DIAG_CLOSE_WAIT,
	TCP_DIAG_LAST_ACK,
	TCP_DIAG_LISTEN,
	TCP_DIAG_CLOSING,
	TCP_DIAG_NSTATES, /* one past the last */
};

/* Every state, as a bitmap of 1 << state. */
#define TCP_DIAG_ALL_STATES (((1u << TCP_DIAG_NSTATES) - 1) & ~1u)

/* One socket of the dump. Addresses are in network byte order, 4 or 16 bytes used. */
struct tcp_diag_sock {
	int family;            /* AF_INET or AF_INET6 */
	uint8_t state;         /* enum tcp_diag_state */
	uint8_t local[16];     /* local address */
	uint8_t remote[16];    /* remote address (all zero for a listener) */
	uint16_t lport;        /* local port, host order */
	uint16_t rport;        /* remote port, host order (0 for a listener) */
	uint32_t rqueue;       /* listener: connections waiting for accept(); else bytes unread */
	uint32_t wqueue;       /* listener: the backlog; else bytes not yet acknowledged */
	uint32_t inode;        /* the socket's inode (0: no file, e.g. TIME_WAIT, not accepted) */
	uint32_t uid;          /* owner's user id */
	uint8_t timer;         /* 0 none, 1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 zero window */
	uint8_t retrans;       /* retransmissions (or keepalive probes) so far */
	uint32_t expires_ms;   /* when the timer fires, ms from now */
	bool have_idle;        /* the two below are known (asked for, and a full socket) */
	uint32_t last_sent_ms; /* ms since data was last sent (tcp_info) */
	uint32_t last_recv_ms; /* ms since data was last received (tcp_info) */
};

/* An address block of a filter: family 0 when there is none. */
struct tcp_diag_block {
	int family;       /* AF_INET or AF_INET6, 0 for any address */
	uint8_t addr[16]; /* the network address, 4 or 16 bytes used */
	unsigned prefix;  /* its prefix length */
};

/* What the kernel filters besides the state (INET_DIAG bytecode), all of it at once.
 * An IPv4 block also holds the IPv4-mapped addresses of IPv6 sockets. */
struct tcp_diag_filter {
	int sport, dport;          /* local and remote port, -1 for any */
	struct tcp_diag_block src; /* local address block */
	struct tcp_diag_block dst; /* remote address block */
};

/* Called once per socket; the struct is valid during the call only. */
typedef void (*tcp_diag_cb)(const struct tcp_diag_sock *s, void *arg);

struct tcp_diag;

/* Open the INET_DIAG netlink socket (no privilege needed). NETDX_E_SYSTEM with *why when
 * the kernel refuses it. */
enum netdx_status tcp_diag_open(struct tcp_diag **out, const char **why);

/* What one dump asks for. */
struct tcp_diag_query {
	int family;                           /* AF_INET, AF_INET6, or AF_UNSPEC for both */
	unsigned states;                      /* a bitmap of 1 << state */
	const struct tcp_diag_filter *filter; /* ports and addresses, NULL for none */
	bool idle;                            /* tcp_info (INET_DIAG_INFO): idle times */
};

/* Dump the TCP sockets q asks for, calling cb for each: the kernel filters by family,
 * state, port and address. With q->idle the kernel adds each full
 * socket's tcp_info, for the idle times. NETDX_E_SYSTEM with *why when the dump fails;
 * a kernel without INET_DIAG for TCP says so. */
enum netdx_status tcp_diag_dump(struct tcp_diag *d, const struct tcp_diag_query *q, tcp_diag_cb cb,
				void *arg, const char **why);

/* Close the socket (NULL is fine). */
void tcp_diag_close(struct tcp_diag *d);

#endif
