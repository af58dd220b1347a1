/* census.h — what one pass over the kernel's TCP sockets adds up: counts per state and
 * family, per state the local ports, the peers and (for TIME_WAIT and SYN_SENT) the
 * destinations, and every listener with its accept queue. Memory is bounded whatever the
 * number of sockets (table.h; at most TS_LISTENERS_MAX listeners kept). */
#ifndef TCPSTATE_CENSUS_H
#define TCPSTATE_CENSUS_H

#include "table.h"
#include "tcpstate.h"

/* Most listeners kept with their queues; more are counted only. */
#define TS_LISTENERS_MAX 4096

/* A listening socket. */
struct ts_listener {
	int family;            /* AF_INET or AF_INET6 */
	uint8_t addr[16];      /* local address */
	uint16_t port;         /* local port */
	uint32_t waiting;      /* connections waiting for accept() (Recv-Q) */
	uint32_t backlog;      /* the listen() backlog, as the kernel caps it (Send-Q) */
	struct sock_owner who; /* its process (pid 0: not seen) */
};

/* The census. */
struct ts_census {
	uint64_t count[TCP_DIAG_NSTATES][2];       /* per state: [0] IPv4, [1] IPv6 */
	uint64_t total;                            /* every socket counted */
	struct ts_table ports[TCP_DIAG_NSTATES];   /* per state, by local port */
	struct ts_table peers[TCP_DIAG_NSTATES];   /* per state, by remote address */
	struct ts_table dests[TCP_DIAG_NSTATES];   /* TIME_WAIT, SYN_SENT: by remote addr:port */
	struct ts_table holders[TCP_DIAG_NSTATES]; /* per state, by process (when known) */
	uint64_t orphans[TCP_DIAG_NSTATES];        /* per state, sockets without a file */
	uint32_t idle_min_ms;                      /* idle from how long on (set by the caller) */
	struct ts_table idle;                      /* idle ESTABLISHED, no keepalive: by peer */
	uint64_t idle_count;                       /* how many */
	uint32_t idle_max_ms;                      /* the longest idle among them */
	struct ts_listener *listeners;             /* TS_LISTENERS_MAX of them */
	size_t nlisteners;                         /* kept */
	uint64_t listeners_more;                   /* seen beyond TS_LISTENERS_MAX */
};

/* An empty census; false without memory. */
bool ts_census_init(struct ts_census *c);

/* Count one socket (owner NULL when unknown); false without memory. */
bool ts_census_add(struct ts_census *c, const struct tcp_diag_sock *s,
		   const struct sock_owner *owner);

/* Free what the census holds. */
void ts_census_free(struct ts_census *c);

#endif
