/* sock.c — probe sockets (see netdx/sock.h). */
#include "netdx/sock.h"

#include <errno.h>
#include <linux/errqueue.h>
#include <linux/filter.h>
#include <linux/net_tstamp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <linux/in6.h> /* after netinet/in.h: the flow label manager's request */
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netdx/loop.h"
#include "netdx/priv.h"
#include "sock_steer.h"

#ifndef UDPLITE_SEND_CSCOV
#define UDPLITE_SEND_CSCOV 10 /* linux/udp.h's, which userspace headers lack */
#endif

#define BPF_ACCEPT 0xffffffffu
#define SEND_TRIES 4 /* sends of one probe while the socket reports earlier errors (sock_send) */

/* sock_enable_rx_timestamps
 * SO_TIMESTAMPNS: the kernel stamps each datagram as it arrives (CLOCK_REALTIME). */
int sock_enable_rx_timestamps(int fd)
{
	int one = 1;
	return setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one));
}

/* rx_stamp_of
 * Whether c is the kernel's receive stamp (SCM_TIMESTAMPNS), and the stamp. */
static bool rx_stamp_of(struct cmsghdr *c, struct timespec *ts)
{
	if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS)
		return false;
	memcpy(ts, CMSG_DATA(c), sizeof(*ts));
	return true;
}

/* sock_rx_time
 * The receive stamp among a received message's control messages, for callers that
 * read their own sockets (dns_query.c). */
bool sock_rx_time(struct msghdr *msg, struct timespec *ts)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c))
		if (rx_stamp_of(c, ts))
			return true;
	return false;
}

/* attach_filter_v4
 * Raw ICMPv4 sees every ICMP packet the host receives. Pass only echo replies carrying
 * our identifier and errors (unreachable, time exceeded, parameter problem) quoting an
 * ICMP echo with our identifier, so other processes' traffic never wakes us. */
static int attach_filter_v4(int fd, uint16_t ident)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),       /* X = outer IHL */
		BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),        /* A = ICMP type */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2), /* echo reply? */
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 4),        /* A = id */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ident, 12, 13),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 3, 2, 0),   /* unreachable */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 11, 1, 0),  /* time exceeded */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 12, 0, 10), /* parameter problem */
		BPF_STMT(BPF_LD | BPF_B | BPF_IND, 8 + 9),      /* quoted protocol */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMP, 0, 8),
		BPF_STMT(BPF_LD | BPF_B | BPF_IND, 8), /* quoted version/IHL */
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0x0f),
		BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 2),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0), /* outer + quoted IHL */
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 8 + 4), /* quoted echo id */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ident, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, BPF_ACCEPT),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = {sizeof(code) / sizeof(code[0]), code};
	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

/* attach_filter_v6
 * The ICMPv6 equivalent; raw ICMPv6 reads start at the ICMPv6 header. Errors quoting
 * an ICMPv6 echo behind a plain 40-byte IPv6 header are checked for our id. */
static int attach_filter_v6(int fd, uint16_t ident)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0),          /* type */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 129, 0, 2), /* echo reply? */
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ident, 6, 7),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 5, 6, 0), /* errors are types 1..4 */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 5, 0),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 8 + 6), /* quoted next header */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMPV6, 0, 3),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 8 + 40 + 4), /* quoted echo id */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ident, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, BPF_ACCEPT),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = {sizeof(code) / sizeof(code[0]), code};
	struct icmp6_filter types;
	ICMP6_FILTER_SETBLOCKALL(&types);
	ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &types);
	ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &types);
	ICMP6_FILTER_SETPASS(ICMP6_PACKET_TOO_BIG, &types);
	ICMP6_FILTER_SETPASS(ICMP6_TIME_EXCEEDED, &types);
	ICMP6_FILTER_SETPASS(ICMP6_PARAM_PROB, &types);
	if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &types, sizeof(types)) < 0)
		return -1;
	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

/* set_bool
 * One int-valued socket option set to 1 or 0. */
static int set_bool(int fd, int level, int name, bool on)
{
	int v = on;
	return setsockopt(fd, level, name, &v, sizeof(v));
}

/* set_probe_opts
 * What a tool's options ask of its probe socket beyond sock_steer.c's mark, SO_DONTROUTE
 * and flow label (open_socket, finish_open): ping's -R/-T, -S, -b, -L, -d. */
static int set_probe_opts(int fd, int family, const struct sock_opts *o)
{
	bool v4 = family == AF_INET;
	if (o->ip_options_len && v4 &&
	    (setsockopt(fd, IPPROTO_IP, IP_OPTIONS, o->ip_options, (socklen_t)o->ip_options_len) <
		     0 ||
	     set_bool(fd, IPPROTO_IP, IP_RECVOPTS, true) < 0))
		return -1;
	if (o->sndbuf > 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &o->sndbuf, sizeof(o->sndbuf)) < 0)
		return -1;
	if (o->broadcast && set_bool(fd, SOL_SOCKET, SO_BROADCAST, true) < 0)
		return -1;
	if (o->no_mcast_loop && set_bool(fd, v4 ? IPPROTO_IP : IPPROTO_IPV6,
					 v4 ? IP_MULTICAST_LOOP : IPV6_MULTICAST_LOOP, false) < 0)
		return -1;
	return 0;
}

/* set_common_opts
 * Options every probe socket wants: kernel receive timestamps, the received TTL,
 * the error queue (not on raw sockets: they read errors as ordinary packets), TOS,
 * receive buffer. */
static int set_common_opts(int fd, int family, enum sock_kind kind, const struct sock_opts *o)
{
	int one = 1;
	if (sock_enable_rx_timestamps(fd) < 0)
		return -1;
	int lvl = family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6;
	int recv_ttl = family == AF_INET ? IP_RECVTTL : IPV6_RECVHOPLIMIT;
	if (setsockopt(fd, lvl, recv_ttl, &one, sizeof(one)) < 0)
		return -1;
	if (kind != SOCK_ICMP_RAW) {
		int recverr = family == AF_INET ? IP_RECVERR : IPV6_RECVERR;
		if (setsockopt(fd, lvl, recverr, &one, sizeof(one)) < 0)
			return -1;
	}
	if (o && o->tos > 0) {
		int opt = family == AF_INET ? IP_TOS : IPV6_TCLASS;
		if (setsockopt(fd, lvl, opt, &o->tos, sizeof(o->tos)) < 0)
			return -1;
	}
	if (o && o->rcvbuf > 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &o->rcvbuf, sizeof(o->rcvbuf)) < 0)
		return -1;
	if (o && o->tx_timestamps) {
		/* Software TX stamps, numbered per send, without the packet; receive stamps
		 * stay with SO_TIMESTAMPNS. A kernel without them just sends unstamped. */
		int ts = SOF_TIMESTAMPING_TX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE |
			 SOF_TIMESTAMPING_OPT_ID | SOF_TIMESTAMPING_OPT_TSONLY;
#ifdef SOF_TIMESTAMPING_OPT_RX_FILTER
		ts |= SOF_TIMESTAMPING_OPT_RX_FILTER;
#endif
		(void)setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &ts, sizeof(ts));
	}
	if (o && set_probe_opts(fd, family, o) < 0)
		return -1;
	if (o && o->df != SOCK_DF_DEFAULT) {
		int v4 = o->df == SOCK_DF_ALWAYS ? IP_PMTUDISC_PROBE
			 : o->df == SOCK_DF_DO   ? IP_PMTUDISC_DO
			 : o->df == SOCK_DF_WANT ? IP_PMTUDISC_WANT
						 : IP_PMTUDISC_DONT;
		int v6 = o->df == SOCK_DF_ALWAYS ? IPV6_PMTUDISC_PROBE
			 : o->df == SOCK_DF_DO   ? IPV6_PMTUDISC_DO
			 : o->df == SOCK_DF_WANT ? IPV6_PMTUDISC_WANT
						 : IPV6_PMTUDISC_DONT;
		int v = family == AF_INET ? v4 : v6;
		int opt = family == AF_INET ? IP_MTU_DISCOVER : IPV6_MTU_DISCOVER;
		if (setsockopt(fd, lvl, opt, &v, sizeof(v)) < 0)
			return -1;
	}
	return 0;
}

/* bind_source
 * Bind to the requested source (or the wildcard) and port (0: the kernel picks one).
 * For ICMP datagram sockets the port is the echo identifier: 0 makes the kernel pick
 * it, read back with getsockname. */
static int bind_source(int fd, int family, const struct sock_opts *o, uint16_t port)
{
	struct netdx_addr a;
	if (o && o->src) {
		a = *o->src;
	} else {
		memset(&a, 0, sizeof(a));
		a.ss.ss_family = (sa_family_t)family;
		a.len = family == AF_INET ? sizeof(struct sockaddr_in)
					  : sizeof(struct sockaddr_in6);
	}
	addr_set_port(&a, port);
	return bind(fd, (struct sockaddr *)&a.ss, a.len);
}

/* open_socket
 * socket() plus the device binding, mark, SO_DONTROUTE and source route, with
 * CAP_NET_RAW raised around them when raw (SO_BINDTODEVICE may need it too), marked or
 * source-routed, and lowered again before returning. */
static int open_socket(int family, int type, int proto, const struct sock_opts *o)
{
	bool raised = (type == SOCK_RAW || sock_steer_needs_raw(o)) && priv_raise_net_raw();
	int fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd >= 0 && ((o && o->ifname &&
			 setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, o->ifname,
				    (socklen_t)strlen(o->ifname) + 1) < 0) ||
			sock_steer_route(fd, family, o) < 0)) {
		int saved = errno;
		close(fd);
		fd = -1;
		errno = saved;
	}
	if (raised)
		priv_lower();
	/* SOCK_DEBUG_TRY goes on without it, as iputils does */
	if (fd >= 0 && o && o->debug != SOCK_DEBUG_OFF && sock_steer_debug(fd) < 0 &&
	    o->debug == SOCK_DEBUG_REQUIRE) {
		int saved = errno;
		close(fd);
		fd = -1;
		errno = saved;
	}
	return fd;
}

/* refused_for_privilege
 * After open_socket failed: for want of the capability a mark, a source route or
 * SO_DEBUG needs. */
static bool refused_for_privilege(const struct sock_opts *o)
{
	return (errno == EPERM && sock_steer_needs_raw(o)) ||
	       (errno == EACCES && o && o->debug == SOCK_DEBUG_REQUIRE);
}

/* finish_open
 * Apply options, bind (and connect: ping -C) and learn the identifier; closes the
 * socket on failure. */
static enum netdx_status finish_open(struct probe_sock *s, const struct sock_opts *o,
				     const char **why)
{
	int rc = set_common_opts(s->fd, s->family, s->kind, o);
	if (rc == 0)
		rc = sock_steer_flowlabel(s, o);
	uint16_t port = 0;
	if (s->kind == SOCK_ICMP_DGRAM && o && o->fixed_ident)
		port = s->ident; /* the socket's echo identifier */
	else if (s->kind == SOCK_UDP && o)
		port = o->port;
	if (rc == 0 && (s->kind != SOCK_ICMP_RAW || (o && o->src)))
		rc = bind_source(s->fd, s->family, o, port);
	if (rc == 0 &&
	    (s->kind == SOCK_ICMP_DGRAM || s->kind == SOCK_UDP || s->kind == SOCK_TCP_CONNECT)) {
		struct netdx_addr me = {.len = sizeof(me.ss)};
		rc = getsockname(s->fd, (struct sockaddr *)&me.ss, &me.len);
		s->ident = addr_port(&me);
	}
	if (rc == 0 && o && o->connect_to)
		rc = connect(s->fd, (const struct sockaddr *)&o->connect_to->ss,
			     o->connect_to->len);
	if (rc == 0 && s->kind == SOCK_ICMP_RAW)
		rc = s->family == AF_INET ? attach_filter_v4(s->fd, s->ident)
					  : attach_filter_v6(s->fd, s->ident);
	if (rc < 0) {
		int err = errno;
		sock_close(s);
		return status_fail(why, NETDX_E_SYSTEM, strerror(err));
	}
	return NETDX_OK;
}

enum netdx_status sock_open_icmp(struct probe_sock *s, int family, uint16_t ident,
				 const struct sock_opts *opts, const char **why)
{
	int proto = family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
	memset(s, 0, sizeof(*s));
	s->family = family;
	s->ident = ident;
	s->fd = -1;
	/* The datagram socket needs no privilege at all, so it is always tried first;
	 * it fails with EACCES when our group is outside net.ipv4.ping_group_range. */
	int dgram_errno = 0;
	if (!(opts && opts->force_raw)) {
		s->fd = open_socket(family, SOCK_DGRAM, proto, opts);
		s->kind = SOCK_ICMP_DGRAM;
		dgram_errno = s->fd < 0 ? errno : 0;
	}
	if (s->fd < 0) {
		s->fd = open_socket(family, SOCK_RAW, proto, opts);
		s->kind = SOCK_ICMP_RAW;
	}
	if (s->fd < 0 && (errno == EPERM || errno == EACCES))
		return status_fail(why, NETDX_E_NOPRIV,
				   opts && opts->force_raw
					   ? "raw socket needs cap_net_raw"
					   : "need cap_net_raw (raw socket) or a group in "
					     "net.ipv4.ping_group_range (ICMP datagram socket)");
	if (s->fd < 0)
		return status_fail(why, NETDX_E_SYSTEM,
				   strerror(dgram_errno ? dgram_errno : errno));
	return finish_open(s, opts, why);
}

enum netdx_status sock_open_udp(struct probe_sock *s, int family, const struct sock_opts *opts,
				const char **why)
{
	memset(s, 0, sizeof(*s));
	s->family = family;
	s->kind = SOCK_UDP;
	bool lite = opts && opts->udplite;
	s->fd = open_socket(family, SOCK_DGRAM, lite ? IPPROTO_UDPLITE : IPPROTO_UDP, opts);
	if (s->fd < 0 && refused_for_privilege(opts))
		return status_fail(why, NETDX_E_NOPRIV,
				   "a mark, a source route or SO_DEBUG needs privilege");
	int cscov = lite ? opts->udplite_cscov : 0;
	if (s->fd >= 0 && cscov &&
	    setsockopt(s->fd, IPPROTO_UDPLITE, UDPLITE_SEND_CSCOV, &cscov, sizeof(cscov)) < 0) {
		int err = errno;
		sock_close(s);
		errno = err;
	}
	if (s->fd < 0)
		return status_fail(why, NETDX_E_SYSTEM, strerror(errno));
	return finish_open(s, opts, why);
}

void sock_close(struct probe_sock *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

int sock_set_tos(const struct probe_sock *s, int tos)
{
	int lvl = s->family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6;
	int opt = s->family == AF_INET ? IP_TOS : IPV6_TCLASS;
	return setsockopt(s->fd, lvl, opt, &tos, sizeof(tos));
}

void sock_send_from(struct probe_sock *s, const struct netdx_addr *src)
{
	memset(&s->from, 0, sizeof(s->from));
	if (src)
		s->from = *src;
}

/* Room for the control messages of one send: the TTL and the source address. */
union send_control {
	char buf[CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(struct in6_pktinfo))];
	struct cmsghdr align;
};

/* add_cmsg
 * Append one control message to msg (whose buffer is a union send_control). */
static void add_cmsg(struct msghdr *msg, int level, int type, const void *data, size_t len)
{
	struct cmsghdr *c = (struct cmsghdr *)((char *)msg->msg_control + msg->msg_controllen);

	c->cmsg_level = level;
	c->cmsg_type = type;
	c->cmsg_len = CMSG_LEN(len);
	memcpy(CMSG_DATA(c), data, len);
	msg->msg_controllen += CMSG_SPACE(len);
}

/* add_source
 * The source address of this send, as IP_PKTINFO / IPV6_PKTINFO. */
static void add_source(struct msghdr *msg, const struct netdx_addr *from)
{
	if (from->ss.ss_family == AF_INET) {
		struct in_pktinfo pi = {.ipi_spec_dst =
						((const struct sockaddr_in *)&from->ss)->sin_addr};
		add_cmsg(msg, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi));
	} else {
		struct in6_pktinfo pi = {
			.ipi6_addr = ((const struct sockaddr_in6 *)&from->ss)->sin6_addr};
		add_cmsg(msg, IPPROTO_IPV6, IPV6_PKTINFO, &pi, sizeof(pi));
	}
}

ssize_t sock_send(struct probe_sock *s, const void *buf, size_t len, const struct netdx_addr *dst,
		  int ttl, uint64_t *tx_real_ns, uint64_t *tx_mono_ns)
{
	struct netdx_addr labelled;
	if (s->flowinfo && dst->ss.ss_family == AF_INET6) {
		/* the flow label travels in the destination (IPV6_FLOWINFO_SEND) */
		labelled = *dst;
		((struct sockaddr_in6 *)&labelled.ss)->sin6_flowinfo = s->flowinfo;
		dst = &labelled;
	}
	struct iovec iov = {(void *)buf, len};
	union send_control control;
	struct msghdr msg = {
		.msg_name = (void *)&dst->ss,
		.msg_namelen = dst->len,
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control.buf,
	};
	memset(&control, 0, sizeof(control));
	/* The TTL travels with the datagram, so probes to many TTLs share one socket
	 * without a setsockopt per probe. */
	if (ttl > 0)
		add_cmsg(&msg, s->family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
			 s->family == AF_INET ? IP_TTL : IPV6_HOPLIMIT, &ttl, sizeof(ttl));
	if (s->from.len)
		add_source(&msg, &s->from);
	bool plain = msg.msg_controllen == 0;
	if (plain)
		msg.msg_control = NULL;
	if (tx_real_ns)
		*tx_real_ns = loop_realtime_ns();
	if (tx_mono_ns)
		*tx_mono_ns = loop_now_ns();
	/* Without a control message, sendto(): the kernel skips copying a msghdr and an
	 * iovec in, which a flood of probes notices. */
	/* An ICMP error about an earlier probe (time exceeded...) also sets the socket's
	 * pending error, which the next send reports and clears instead of sending. The
	 * error itself is read from the error queue; send this probe again. While a burst
	 * of errors arrives (routers answering a round at once), the retry can meet the next
	 * one: up to SEND_TRIES sends. A genuine failure (no route) fails every time. A
	 * refusal for the probe's size is tried twice only: each leaves a local error in the
	 * queue, which the probe methods pair with the refused probes. */
	ssize_t n = -1;
	int first_error = 0;
	for (int i = 0; i < SEND_TRIES; i++) {
		n = !plain ? sendmsg(s->fd, &msg, 0)
			   : sendto(s->fd, buf, len, 0, (const struct sockaddr *)&dst->ss,
				    dst->len);
		if (n >= 0 || errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ||
		    (errno == EMSGSIZE && i == 1))
			break;
		if (i == 0)
			first_error = errno;
	}
	s->met_error = n >= 0 ? first_error : 0;
	return n;
}

/* read_cmsgs
 * Pick the kernel timestamp, the received TTL and the extended error out of the
 * control messages. */
static void read_cmsgs(struct msghdr *msg, struct sock_packet *pkt)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		struct timespec ts;
		if (rx_stamp_of(c, &ts)) {
			pkt->rx_real_ns = loop_timespec_ns(&ts);
		} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPING) {
			struct scm_timestamping sts;
			memcpy(&sts, CMSG_DATA(c), sizeof(sts));
			pkt->sw_stamp_ns = loop_timespec_ns(&sts.ts[0]);
		} else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVOPTS) {
			size_t n = c->cmsg_len - CMSG_LEN(0);
			pkt->ip_options_len =
				n < sizeof(pkt->ip_options) ? n : sizeof(pkt->ip_options);
			memcpy(pkt->ip_options, CMSG_DATA(c), pkt->ip_options_len);
		} else if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
			   (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)) {
			memcpy(&pkt->ttl, CMSG_DATA(c), sizeof(int));
		} else if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR) ||
			   (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR)) {
			struct sock_extended_err ee;
			memcpy(&ee, CMSG_DATA(c), sizeof(ee));
			pkt->is_error = true;
			pkt->ee_origin = ee.ee_origin;
			pkt->ee_type = ee.ee_type;
			pkt->ee_code = ee.ee_code;
			pkt->ee_info = ee.ee_info;
			pkt->ee_errno = (int)ee.ee_errno;
			pkt->ee_data = ee.ee_data;
			/* The offender address follows the struct inside the same cmsg. */
			size_t room = c->cmsg_len - CMSG_LEN(sizeof(ee));
			const struct sockaddr *off =
				SO_EE_OFFENDER((struct sock_extended_err *)CMSG_DATA(c));
			if (off->sa_family == AF_INET && room >= sizeof(struct sockaddr_in)) {
				memcpy(&pkt->offender.ss, off, sizeof(struct sockaddr_in));
				pkt->offender.len = sizeof(struct sockaddr_in);
			} else if (off->sa_family == AF_INET6 &&
				   room >= sizeof(struct sockaddr_in6)) {
				memcpy(&pkt->offender.ss, off, sizeof(struct sockaddr_in6));
				pkt->offender.len = sizeof(struct sockaddr_in6);
			}
		}
	}
}

int sock_recv(const struct probe_sock *s, uint8_t *buf, size_t cap, bool errqueue,
	      struct sock_packet *pkt)
{
	union {
		char buf[512];
		struct cmsghdr align;
	} control;
	struct iovec iov = {buf, cap};
	memset(pkt, 0, sizeof(*pkt));
	struct msghdr msg = {
		.msg_name = &pkt->from.ss,
		.msg_namelen = sizeof(pkt->from.ss),
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control.buf,
		.msg_controllen = sizeof(control.buf),
	};
	ssize_t n = recvmsg(s->fd, &msg, MSG_DONTWAIT | (errqueue ? MSG_ERRQUEUE : 0));
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	pkt->rx_mono_ns = loop_now_ns();
	pkt->data = buf;
	pkt->len = (size_t)n > cap ? cap : (size_t)n;
	pkt->truncated = (msg.msg_flags & MSG_TRUNC) != 0;
	pkt->from.len = msg.msg_namelen;
	pkt->ttl = -1;
	read_cmsgs(&msg, pkt);
	return 1;
}

/* attach_filter_ports
 * A raw socket of one transport protocol sees every such packet the host receives.
 * Pass only those from rport to lport (IPv4 reads start with the IP header, IPv6 ones
 * with the transport header), or nothing at all when lport is 0: errors still reach the
 * error queue, which no socket filter sees. */
static int attach_filter_ports(int fd, int family, uint16_t lport, uint16_t rport)
{
	struct sock_filter none[] = {BPF_STMT(BPF_RET | BPF_K, 0)};
	struct sock_filter v4[] = {
		BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0), /* X = IHL */
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 0),  /* source port */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, rport, 0, 3),
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2), /* destination port */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, lport, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, BPF_ACCEPT),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_filter v6[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, rport, 0, 3),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 2),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, lport, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, BPF_ACCEPT),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = {1, none};
	if (lport && family == AF_INET)
		prog = (struct sock_fprog){sizeof(v4) / sizeof(v4[0]), v4};
	else if (lport)
		prog = (struct sock_fprog){sizeof(v6) / sizeof(v6[0]), v6};
	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

enum netdx_status sock_open_raw(struct probe_sock *s, int family, int proto, uint16_t local_port,
				uint16_t remote_port, const struct sock_opts *opts,
				const char **why)
{
	memset(s, 0, sizeof(*s));
	s->family = family;
	s->kind = SOCK_RAW_L4;
	s->ident = local_port;
	s->fd = open_socket(family, SOCK_RAW, proto, opts);
	if (s->fd < 0 && (errno == EPERM || errno == EACCES))
		return status_fail(why, NETDX_E_NOPRIV, "raw socket needs cap_net_raw");
	if (s->fd < 0)
		return status_fail(why, NETDX_E_SYSTEM, strerror(errno));
	bool ports = proto == IPPROTO_TCP || proto == IPPROTO_DCCP; /* both start with them */
	if (attach_filter_ports(s->fd, family, ports ? local_port : 0, remote_port) < 0) {
		int err = errno;
		sock_close(s);
		return status_fail(why, NETDX_E_SYSTEM, strerror(err));
	}
	return finish_open(s, opts, why);
}

/* unsent_opts
 * opts without what matters only to packets sent (SO_DEBUG, the source route), for a
 * socket that sends nothing: a port holder, a source lookup, opened also after
 * privileges are gone. NULL stays NULL. */
static const struct sock_opts *unsent_opts(const struct sock_opts *opts, struct sock_opts *copy)
{
	if (!opts)
		return NULL;
	*copy = *opts;
	copy->debug = SOCK_DEBUG_OFF;
	copy->source_route_len = 0;
	return copy;
}

enum netdx_status sock_reserve_port(struct probe_sock *s, int family, int type,
				    const struct sock_opts *opts, const char **why)
{
	struct sock_opts copy;
	memset(s, 0, sizeof(*s));
	s->family = family;
	s->kind = SOCK_UDP;
	opts = unsent_opts(opts, &copy);
	s->fd = open_socket(family, type, 0, opts);
	struct netdx_addr me = {.len = sizeof(me.ss)};
	if (s->fd < 0 || bind_source(s->fd, family, opts, opts ? opts->port : 0) < 0 ||
	    getsockname(s->fd, (struct sockaddr *)&me.ss, &me.len) < 0) {
		int err = errno;
		sock_close(s);
		return status_fail(why, NETDX_E_SYSTEM, strerror(err));
	}
	s->ident = addr_port(&me);
	return NETDX_OK;
}

enum netdx_status sock_source_for(const struct netdx_addr *dst, const struct sock_opts *opts,
				  struct netdx_addr *src, const char **why)
{
	int family = addr_family(dst);
	struct netdx_addr to = *dst;
	struct sock_opts copy;
	addr_set_port(&to, 1); /* connect() wants a port; nothing is ever sent */
	opts = unsent_opts(opts, &copy);
	int fd = open_socket(family, SOCK_DGRAM, IPPROTO_UDP, opts);
	memset(src, 0, sizeof(*src));
	src->len = sizeof(src->ss);
	if (fd < 0 || bind_source(fd, family, opts, 0) < 0 ||
	    (opts && opts->broadcast && set_bool(fd, SOL_SOCKET, SO_BROADCAST, true) < 0) ||
	    connect(fd, (struct sockaddr *)&to.ss, to.len) < 0 ||
	    getsockname(fd, (struct sockaddr *)&src->ss, &src->len) < 0) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		memset(src, 0, sizeof(*src));
		if (err == EPERM && fd < 0 && sock_steer_needs_raw(opts))
			return status_fail(why, NETDX_E_NOPRIV, "SO_MARK needs cap_net_raw");
		/* connect() to a broadcast address without SO_BROADCAST: EACCES */
		return status_fail(why, err == EACCES ? NETDX_E_BROADCAST : NETDX_E_SYSTEM,
				   strerror(err));
	}
	close(fd);
	addr_set_port(src, 0);
	return NETDX_OK;
}

/* sock_listen_tcp
 * A listening TCP socket for an exporter. */
enum netdx_status sock_listen_tcp(const struct netdx_addr *addr, int backlog, int *fd,
				  const char **why)
{
	int family = addr_family(addr), one = 1;
	int s = open_socket(family, SOCK_STREAM, 0, NULL);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    (family == AF_INET6 &&
	     setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) < 0) ||
	    bind(s, (const struct sockaddr *)&addr->ss, addr->len) < 0 || listen(s, backlog) < 0) {
		int err = errno;
		if (s >= 0)
			close(s);
		return status_fail(why, NETDX_E_SYSTEM, strerror(err));
	}
	*fd = s;
	return NETDX_OK;
}

enum netdx_status sock_open_tcp(struct probe_sock *s, int family, const struct sock_opts *opts,
				const char **why)
{
	memset(s, 0, sizeof(*s));
	s->family = family;
	s->kind = SOCK_TCP_CONNECT;
	s->fd = open_socket(family, SOCK_STREAM, IPPROTO_TCP, opts);
	if (s->fd < 0 && refused_for_privilege(opts))
		return status_fail(why, NETDX_E_NOPRIV,
				   "a mark, a source route or SO_DEBUG needs privilege");
	if (s->fd < 0)
		return status_fail(why, NETDX_E_SYSTEM, strerror(errno));
	return finish_open(s, opts, why);
}

int sock_connect(const struct probe_sock *s, const struct netdx_addr *dst, int ttl,
		 uint64_t *tx_real_ns, uint64_t *tx_mono_ns)
{
	int lvl = s->family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6;
	int opt = s->family == AF_INET ? IP_TTL : IPV6_UNICAST_HOPS;
	if (ttl > 0 && setsockopt(s->fd, lvl, opt, &ttl, sizeof(ttl)) < 0)
		return -1;
	struct netdx_addr to = *dst;
	if (s->flowinfo && to.ss.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&to.ss)->sin6_flowinfo = s->flowinfo;
	*tx_real_ns = loop_realtime_ns();
	*tx_mono_ns = loop_now_ns();
	if (connect(s->fd, (struct sockaddr *)&to.ss, to.len) == 0 || errno == EINPROGRESS)
		return 0;
	return -1;
}

int sock_connect_result(const struct probe_sock *s)
{
	int err = 0;
	socklen_t len = sizeof(err);
	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		return errno;
	return err;
}

void sock_abort(struct probe_sock *s)
{
	/* an established connection ends with a RST, not FIN and TIME_WAIT */
	struct linger now = {.l_onoff = 1, .l_linger = 0};
	if (s->fd >= 0)
		(void)setsockopt(s->fd, SOL_SOCKET, SO_LINGER, &now, sizeof(now));
	sock_close(s);
}
