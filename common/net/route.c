/* route.c — how would the kernel reach a destination? One RTM_GETROUTE (see netdx/route.h). */
#include "netdx/route.h"

#include <errno.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>

#include "nl_errno.h"

/* What the receive callbacks found. */
struct route_answer {
	struct rtnl_route *route; /* the parsed reply, NULL until one arrives */
	int error;                /* errno from an NLMSG_ERROR reply, 0 if none */
};

/* on_route
 * NL_CB_VALID callback: parse the kernel's RTM_NEWROUTE reply into an rtnl_route. */
static int on_route(struct nl_msg *msg, void *arg)
{
	struct route_answer *ans = arg;
	struct nlmsghdr *hdr = nlmsg_hdr(msg);

	if (hdr->nlmsg_type != RTM_NEWROUTE || ans->route)
		return NL_SKIP;
	if (rtnl_route_parse(hdr, &ans->route) < 0)
		ans->route = NULL;
	return NL_STOP;
}

/* reject_errno
 * A reply naming a reject route (kernels may answer instead of failing): its errno, else 0. */
static int reject_errno(uint8_t type)
{
	switch (type) {
	case RTN_UNREACHABLE:
		return EHOSTUNREACH;
	case RTN_PROHIBIT:
		return EACCES;
	case RTN_BLACKHOLE:
		return EINVAL;
	case RTN_THROW:
		return EAGAIN;
	default:
		return 0;
	}
}

/* send_request
 * Send what `ip route get` sends: an rtmsg of dst's family, full dst_len, RTA_DST (and
 * RTA_OIF for a scoped IPv6 address). Returns 0 or a negative libnl error. */
static int send_request(struct nl_sock *sk, const struct netdx_addr *dst)
{
	int family = addr_family(dst);
	size_t alen = family == AF_INET ? 4 : 16;
	struct rtmsg rtm = {.rtm_family = (unsigned char)family,
			    .rtm_dst_len = (unsigned char)(alen * 8)};
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETROUTE, 0);
	int err = -NLE_NOMEM;

	if (!msg)
		return err;
	if (nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0 ||
	    nla_put(msg, RTA_DST, (int)alen, addr_bytes(dst)) < 0)
		goto fail;
	if (family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)&dst->ss;
		if (sin6->sin6_scope_id && nla_put_u32(msg, RTA_OIF, sin6->sin6_scope_id) < 0)
			goto fail;
	}
	err = nl_send_auto(sk, msg);
	if (err > 0)
		err = 0;
fail:
	nlmsg_free(msg);
	return err;
}

/* receive_answer
 * Read the one reply datagram (auto-ack is off, so nothing follows it) into ans.
 * Returns 0 once ans holds a route or a kernel errno, else a negative libnl error. */
static int receive_answer(struct nl_sock *sk, struct route_answer *ans)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int err;

	if (!cb)
		return -NLE_NOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_route, ans);
	nl_cb_err(cb, NL_CB_CUSTOM, nl_keep_errno, &ans->error);
	err = nl_recvmsgs(sk, cb);
	nl_cb_put(cb);
	if (ans->error || ans->route)
		return 0;
	return err < 0 ? err : -NLE_PARSE_ERR;
}

/* copy_addr
 * Copy a libnl address into a netdx_addr; a link-local IPv6 one gets ifindex as its scope. */
static void copy_addr(struct nl_addr *from, int ifindex, struct netdx_addr *to)
{
	int family = from ? nl_addr_get_family(from) : AF_UNSPEC;
	unsigned len = from ? nl_addr_get_len(from) : 0;

	if (!((family == AF_INET && len == 4) || (family == AF_INET6 && len == 16)))
		return;
	addr_from_bytes(to, family, nl_addr_get_binary_addr(from));
	if (family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&to->ss;
		if (IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr))
			sin6->sin6_scope_id = (uint32_t)ifindex;
	}
}

/* fill_info
 * Turn the parsed reply into route_info; the interface (name, MTU) is asked for on sk.
 * Returns 0 or a negative libnl error. */
static int fill_info(struct nl_sock *sk, struct rtnl_route *route, struct route_info *out)
{
	struct rtnl_nexthop *nh = rtnl_route_nexthop_n(route, 0);
	struct nl_addr *gw = nh ? rtnl_route_nh_get_gateway(nh) : NULL;
	struct rtnl_link *link = NULL;
	const char *name;
	uint32_t mtu = 0;
	int err;

	if (!nh)
		return -NLE_OBJ_NOTFOUND;
	out->ifindex = rtnl_route_nh_get_ifindex(nh);
	out->local = rtnl_route_get_type(route) == RTN_LOCAL;
	copy_addr(rtnl_route_get_pref_src(route), out->ifindex, &out->src);
	copy_addr(gw, out->ifindex, &out->gateway);
	out->has_gateway = out->gateway.len != 0;

	err = rtnl_link_get_kernel(sk, out->ifindex, NULL, &link);
	if (err < 0)
		return err;
	name = rtnl_link_get_name(link);
	snprintf(out->ifname, sizeof(out->ifname), "%s", name ? name : "");
	if (rtnl_route_get_metric(route, RTAX_MTU, &mtu) < 0 || mtu == 0)
		mtu = rtnl_link_get_mtu(link);
	out->mtu = mtu;
	rtnl_link_put(link);
	return 0;
}

/* route_lookup
 * One netlink socket per call: ask for the route, then the outgoing interface. */
enum netdx_status route_lookup(const struct netdx_addr *dst, struct route_info *out,
			       const char **why)
{
	struct route_answer ans = {0};
	struct nl_sock *sk = NULL;
	int family = dst ? addr_family(dst) : AF_UNSPEC;
	int err;

	memset(out, 0, sizeof(*out));
	if (family != AF_INET && family != AF_INET6)
		return status_fail(why, NETDX_E_INVALID, strerror(EAFNOSUPPORT));
	sk = nl_socket_alloc();
	if (!sk)
		return status_fail(why, NETDX_E_SYSTEM, strerror(ENOMEM));
	nl_socket_disable_auto_ack(sk);
	if ((err = nl_connect(sk, NETLINK_ROUTE)) < 0 || (err = send_request(sk, dst)) < 0 ||
	    (err = receive_answer(sk, &ans)) < 0)
		goto fail;
	if (!ans.error)
		ans.error = reject_errno(rtnl_route_get_type(ans.route));
	if (ans.error || (err = fill_info(sk, ans.route, out)) < 0)
		goto fail;
	rtnl_route_put(ans.route);
	nl_socket_free(sk);
	return NETDX_OK;
fail:
	if (ans.route)
		rtnl_route_put(ans.route);
	nl_socket_free(sk);
	memset(out, 0, sizeof(*out));
	return status_fail(why, NETDX_E_SYSTEM, ans.error ? strerror(ans.error) : nl_geterror(err));
}
