/* sock_steer.c — what steers a probe socket's packets beyond TTL and TOS: the firewall
 * mark (SO_MARK: policy routing and nftables see it), SO_DONTROUTE (only destinations
 * on a directly connected link), a source route (traceroute -g), and the IPv6 flow label, which Linux sends only once a
 * socket has leased it from its flow label manager (IPV6_FLOWLABEL_MGR). */
#include "sock_steer.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/in6.h>

#include "netdx/priv.h"

bool sock_steer_needs_raw(const struct sock_opts *opts)
{
	return opts && (opts->mark || opts->source_route_len);
}

int sock_steer_route(int fd, int family, const struct sock_opts *opts)
{
	int one = 1;
	if (!opts)
		return 0;
	socklen_t len = (socklen_t)opts->source_route_len;
	if (len && family == AF_INET &&
	    setsockopt(fd, IPPROTO_IP, IP_OPTIONS, opts->source_route, len) < 0)
		return -1;
	if (len && family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RTHDR, opts->source_route, len) < 0)
		return -1;
	if (opts->mark && setsockopt(fd, SOL_SOCKET, SO_MARK, &opts->mark, sizeof(opts->mark)) < 0)
		return -1;
	if (opts->dontroute && setsockopt(fd, SOL_SOCKET, SO_DONTROUTE, &one, sizeof(one)) < 0)
		return -1;
	return 0;
}

int sock_steer_debug(int fd)
{
	int one = 1;
	bool raised = priv_raise_net_admin();
	int rc = setsockopt(fd, SOL_SOCKET, SO_DEBUG, &one, sizeof(one));
	int saved = errno;
	if (raised)
		priv_lower();
	errno = saved;
	return rc;
}

int sock_steer_flowlabel(struct probe_sock *s, const struct sock_opts *opts)
{
	int one = 1;
	if (!opts || !opts->flowlabel || s->family != AF_INET6)
		return 0;
	if (addr_family(&opts->flow_dst) != AF_INET6) {
		errno = EINVAL;
		return -1;
	}
	/* The kernel refuses to send a label no socket has leased. Shared (IPV6_FL_S_ANY):
	 * -U gives each probe a socket of its own, all with the one label, and a lease
	 * outlives its socket by seconds, when a run right after ours asks again. */
	struct in6_flowlabel_req req;
	memset(&req, 0, sizeof(req));
	memcpy(&req.flr_dst, addr_bytes(&opts->flow_dst), sizeof(req.flr_dst));
	req.flr_label = htonl(opts->flowlabel);
	req.flr_action = IPV6_FL_A_GET;
	req.flr_flags = IPV6_FL_F_CREATE;
	req.flr_share = IPV6_FL_S_ANY;
	if (setsockopt(s->fd, IPPROTO_IPV6, IPV6_FLOWLABEL_MGR, &req, sizeof(req)) < 0 ||
	    setsockopt(s->fd, IPPROTO_IPV6, IPV6_FLOWINFO_SEND, &one, sizeof(one)) < 0)
		return -1;
	s->flowinfo = req.flr_label;
	return 0;
}
