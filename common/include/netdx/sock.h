/* sock — probe sockets. The only place (with priv.c) where netdx talks to the socket
 * API: ICMP datagram or raw sockets, UDP sockets with IP_RECVERR, per-probe TTL or hop
 * limit, kernel receive timestamps, and a BPF filter on raw ICMP sockets so only our
 * replies wake us. */
#ifndef NETDX_SOCK_H
#define NETDX_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "netdx/addr.h"
#include "netdx/status.h"

enum sock_kind {
	SOCK_ICMP_DGRAM,  /* unprivileged ICMP "ping" socket: kernel owns the echo id */
	SOCK_ICMP_RAW,    /* raw ICMP socket (CAP_NET_RAW); IPv4 reads include the IP header */
	SOCK_UDP,         /* UDP probes; ICMP errors come from the error queue */
	SOCK_RAW_L4,      /* raw socket of one IP protocol (TCP, UDP, ...; CAP_NET_RAW): we
			  * write the transport header; ICMP errors come from the error queue */
	SOCK_TCP_CONNECT, /* a TCP socket that connects (no privilege): its handshake is the
			   * probe; ICMP errors come from the error queue (IP_RECVERR) */
};

/* The Don't Fragment bit (IP_MTU_DISCOVER / IPV6_MTU_DISCOVER). */
enum sock_df {
	SOCK_DF_DEFAULT = 0, /* the kernel's path-MTU discovery (DF set, PMTU honoured) */
	SOCK_DF_NEVER,       /* no DF: routers may fragment (IP_PMTUDISC_DONT) */
	SOCK_DF_ALWAYS,      /* DF, and never fragment locally either; a probe over the
			      * interface MTU fails with EMSGSIZE (IP_PMTUDISC_PROBE) */
	SOCK_DF_DO,          /* DF, never fragment locally, and a probe over the known
			      * path MTU fails with EMSGSIZE (IP_PMTUDISC_DO, ping -M do) */
	SOCK_DF_WANT,        /* fragment locally above the path MTU, DF otherwise
			      * (IP_PMTUDISC_WANT, ping -M want) */
};

/* How a socket should be opened. Zero-initialised means: defaults. */
/* Whether a socket gets SO_DEBUG. */
enum sock_debug {
	SOCK_DEBUG_OFF,
	SOCK_DEBUG_TRY,     /* ask, and go on without it when refused (ping -d, as iputils) */
	SOCK_DEBUG_REQUIRE, /* a refusal fails the socket (traceroute -d, which keeps
			     * CAP_NET_ADMIN for it) */
};

struct sock_opts {
	bool force_raw;               /* skip the datagram socket, use raw (needs CAP_NET_RAW) */
	const char *ifname;           /* SO_BINDTODEVICE, NULL for none */
	const struct netdx_addr *src; /* bind to this source address, NULL for any */
	int tos;                      /* IP_TOS / IPV6_TCLASS, -1 or 0 for default */
	int rcvbuf;                   /* SO_RCVBUF bytes, 0 for the default */
	enum sock_df df;              /* Don't Fragment, SOCK_DF_DEFAULT for the kernel's */
	bool tx_timestamps;           /* kernel software TX timestamps (SO_TIMESTAMPING, OPT_ID):
				      * one error-queue entry per send, where available */
	const uint8_t *ip_options;    /* IPv4 options every probe carries (IP_OPTIONS: ping -R,
				       * -T), and those of what arrives read back (IP_RECVOPTS,
				       * sock_packet.ip_options); NULL: none */
	size_t ip_options_len;        /* their length, a multiple of 4, at most 40 */
	int sndbuf;                   /* SO_SNDBUF bytes, 0 for the default */
	bool broadcast;               /* SO_BROADCAST: probes may go to a broadcast address */
	bool fixed_ident;             /* ICMP datagram sockets: the echo identifier is the one
				       * sock_open_icmp is given (the socket is bound to it),
				       * not the kernel's choice */
	bool no_mcast_loop;           /* IP(V6)_MULTICAST_LOOP off: no copy of our multicast
				       * probes to this host */
	uint16_t port;                /* the local port of a UDP probe socket or a port holder
				      * (sock_reserve_port), 0: the kernel's choice */
	uint32_t mark;                /* SO_MARK (CAP_NET_RAW raised around it), 0: none */
	bool dontroute;               /* SO_DONTROUTE: directly connected destinations only */
	uint32_t flowlabel;           /* IPv6 flow label of every send (leased from the
				      * kernel's flow label manager), 0: none */
	struct netdx_addr flow_dst;   /* ... the destination it is leased for (Linux
				      * leases a label per destination) */
	const uint8_t *source_route;  /* the source route every probe carries (traceroute -g),
				       * NULL: none. IPv4: a loose source route option
				       * (IP_OPTIONS, which Linux allows with CAP_NET_RAW only:
				       * raised as for a mark; not with ip_options); IPv6: a
				       * routing header (IPV6_RTHDR, which Linux refuses of
				       * type 0 and, without Mobile IPv6, of type 2: EINVAL) */
	size_t source_route_len;      /* its length */
	enum sock_debug debug;        /* SO_DEBUG, which Linux lets CAP_NET_ADMIN only set
				       * (raised around it when permitted) */
	bool udplite;                 /* UDP probe sockets are UDP-Lite (RFC 3828) */
	uint16_t udplite_cscov;       /* ... their checksum coverage (UDPLITE_SEND_CSCOV), 0:
				       * the whole datagram */
	const struct netdx_addr *connect_to; /* connect() the socket to this destination
					      * once bound (ping -C), NULL: never */
};

struct probe_sock {
	int fd;                 /* the socket */
	int family;             /* AF_INET or AF_INET6 */
	enum sock_kind kind;    /* what it is */
	uint16_t ident;         /* echo identifier replies carry (kernel's for datagram sockets);
			      * SOCK_UDP and SOCK_RAW_L4: the local port */
	struct netdx_addr from; /* when from.len: every send leaves from this address
				 * (IP_PKTINFO / IPV6_PKTINFO), the one a transport checksum
				 * built in user space was summed over (sock_send_from) */
	uint32_t flowinfo;      /* IPv6: the flow label every send carries (network order,
				 * sin6_flowinfo), 0: none */
	int met_error;          /* the errno of the ICMP error the last sock_send found
				 * pending (the kernel reports it in place of the send, which
				 * is then made again; the error waits in the error queue), 0:
				 * none. Time exceeded is EHOSTUNREACH, a port unreachable
				 * ECONNREFUSED */
};

/* Every sock_open_* and the calls after them return NETDX_OK, or a status with *why
 * (netdx/status.h): NETDX_E_NOPRIV when only CAP_NET_RAW would have opened the socket,
 * NETDX_E_SYSTEM for any other failure (strerror's words). */

/* Open an ICMP echo socket: the datagram kind first (no privilege, allowed by
 * net.ipv4.ping_group_range), raw with CAP_NET_RAW otherwise. ident is used for raw
 * sockets (and for their BPF filter); datagram sockets get the kernel's. Without
 * either, NETDX_E_NOPRIV and *why says what is missing: "need cap_net_raw (raw socket)
 * or a group in net.ipv4.ping_group_range (ICMP datagram socket)". */
enum netdx_status sock_open_icmp(struct probe_sock *s, int family, uint16_t ident,
				 const struct sock_opts *opts, const char **why);

/* Open a UDP probe socket with IP_RECVERR / IPV6_RECVERR (no privilege); UDP-Lite
 * with opts->udplite. */
enum netdx_status sock_open_udp(struct probe_sock *s, int family, const struct sock_opts *opts,
				const char **why);

void sock_close(struct probe_sock *s);

/* Set the TOS (IPv4) or traffic class (IPv6) of s's later sends. 0, or -1 and errno. */
int sock_set_tos(const struct probe_sock *s, int tos);

/* A non-blocking TCP socket for one connect() probe (traceroute -M tcpconn): the
 * options of opts, bound to its source and port, IP_RECVERR; no privilege. */
enum netdx_status sock_open_tcp(struct probe_sock *s, int family, const struct sock_opts *opts,
				const char **why);

/* Start connecting s to dst with this TTL / hop limit (0: the default): the SYN is the
 * probe. The clocks as sock_send sets them. 0 (the handshake under way), or -1 with
 * errno. */
int sock_connect(const struct probe_sock *s, const struct netdx_addr *dst, int ttl,
		 uint64_t *tx_real_ns, uint64_t *tx_mono_ns);

/* How the connect of s ended (SO_ERROR): 0 connected, ECONNREFUSED (a RST), another
 * errno, or 0 still under way (the caller knows from the event). */
int sock_connect_result(const struct probe_sock *s);

/* Close s at once: a connection it made ends with a RST (SO_LINGER 0). */
void sock_abort(struct probe_sock *s);

/* Open a raw socket of IP protocol proto (IPPROTO_TCP, IPPROTO_UDP, or any other) for
 * probes whose transport header we write; needs CAP_NET_RAW. ICMP errors about them
 * come from the error queue (IP_RECVERR), starting at the quoted transport header.
 * Ordinary reads pass a BPF filter: with proto IPPROTO_TCP and a nonzero local_port,
 * only segments from remote_port to local_port (the answers to our SYNs); otherwise
 * nothing at all. Without the capability: NETDX_E_NOPRIV, "raw socket needs
 * cap_net_raw". */
enum netdx_status sock_open_raw(struct probe_sock *s, int family, int proto, uint16_t local_port,
				uint16_t remote_port, const struct sock_opts *opts,
				const char **why);

/* Hold a local port of the given type (SOCK_STREAM or SOCK_DGRAM) for probes sent
 * from a raw socket, so no other program gets it: a socket bound to the source (and
 * device) in opts, port 0. s->ident is the port. */
enum netdx_status sock_reserve_port(struct probe_sock *s, int family, int type,
				    const struct sock_opts *opts, const char **why);

/* The source address the kernel would use toward dst (with the device, source, mark
 * and SO_DONTROUTE in opts): a UDP socket connected to dst, never sending. Port 0 in
 * *src. NETDX_E_NOPRIV when a mark could not be set without CAP_NET_RAW. A broadcast
 * dst is NETDX_E_BROADCAST unless opts->broadcast. */
enum netdx_status sock_source_for(const struct netdx_addr *dst, const struct sock_opts *opts,
				  struct netdx_addr *src, const char **why);

/* Make every later send of s leave from src (a local address), whichever route and
 * link the kernel picks: a multipath route may pick another link, whose own address it
 * would otherwise use. NULL: the kernel's choice again. */
void sock_send_from(struct probe_sock *s, const struct netdx_addr *src);

/* Send buf to dst with the given TTL / hop limit (0: the system default). *tx_real_ns
 * gets CLOCK_REALTIME just before the send (the clock kernel receive stamps use) and
 * *tx_mono_ns CLOCK_MONOTONIC; either may be NULL. Returns bytes sent or -1 (errno);
 * sets s->met_error. */
ssize_t sock_send(struct probe_sock *s, const void *buf, size_t len, const struct netdx_addr *dst,
		  int ttl, uint64_t *tx_real_ns, uint64_t *tx_mono_ns);

/* One datagram read from a socket or its error queue. */
struct sock_packet {
	uint8_t *data;          /* what was read (points into the caller's buffer) */
	size_t len;             /* its length (at most the buffer's) */
	bool truncated;         /* the datagram was longer than the buffer: data holds
				    * only its start (MSG_TRUNC) */
	struct netdx_addr from; /* sender; for errors: the original destination */
	uint64_t rx_real_ns;    /* kernel receive time (CLOCK_REALTIME), 0 if none */
	uint64_t rx_mono_ns;    /* CLOCK_MONOTONIC when we read it */
	int ttl;                /* TTL / hop limit of the received packet, -1 unknown */
	bool is_error;          /* from the error queue (datagram and UDP sockets) */
	uint8_t ee_origin;      /* errors: SO_EE_ORIGIN_ICMP / ICMP6 / LOCAL */
	uint8_t ee_type;        /* errors: ICMP type and code */
	uint8_t ee_code;
	uint32_t ee_info;           /* errors: MTU for "fragmentation needed" */
	int ee_errno;               /* errors: the errno the kernel derived */
	struct netdx_addr offender; /* errors: who sent the ICMP error (len 0 if unknown) */
	uint32_t ee_data;           /* errors: ee_data; TX timestamps: the send's OPT_ID key */
	uint64_t sw_stamp_ns;       /* SO_EE_ORIGIN_TIMESTAMPING entries: the kernel's software
				    * TX time (CLOCK_REALTIME), 0 if none */
	uint8_t ip_options[40];     /* with sock_opts.ip_options: the IPv4 options of the
				    * received packet's header (IP_RECVOPTS) */
	size_t ip_options_len;      /* their length, 0: none */
};

struct msghdr;
struct timespec;

/* Kernel receive timestamps for a socket netdx did not open here (the DNS query's):
 * sock_enable_rx_timestamps() asks for them (SO_TIMESTAMPNS; 0, or -1 and errno),
 * sock_rx_time() finds the stamp (CLOCK_REALTIME) among the control messages of a
 * message recvmsg() filled, false when it carries none. sock_recv() does both itself. */
int sock_enable_rx_timestamps(int fd);
bool sock_rx_time(struct msghdr *msg, struct timespec *ts);

/* Read one datagram (errqueue false) or one error-queue entry (true) without
 * blocking. Returns 1 with *pkt filled, 0 when nothing is pending, -1 on error. */
int sock_recv(const struct probe_sock *s, uint8_t *buf, size_t cap, bool errqueue,
	      struct sock_packet *pkt);

/* A listening TCP socket on addr (an exporter's: netdx/metrics_http.h serves on it),
 * non-blocking, SO_REUSEADDR (a restart need not wait for TIME_WAIT), an IPv6 one for
 * IPv6 only. NETDX_OK with *fd, or NETDX_E_SYSTEM with *why, the kernel's words
 * ("Address already in use", "Cannot assign requested address"). Opened before the
 * sandbox, which allows accepting on it (SANDBOX_LISTEN) but no new socket. */
enum netdx_status sock_listen_tcp(const struct netdx_addr *addr, int backlog, int *fd,
				  const char **why);

#endif
