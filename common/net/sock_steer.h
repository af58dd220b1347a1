/* sock_steer.h — private to common/net: what steers a probe socket's packets beyond
 * TTL and TOS (sock_steer.c), applied by sock.c as it opens a socket. */
#ifndef NETDX_SOCK_STEER_H
#define NETDX_SOCK_STEER_H

#include "netdx/sock.h"

/* SO_MARK, SO_DONTROUTE and the source route as opts asks, on a socket of this family
 * just opened (CAP_NET_RAW must be effective for a mark or an IPv4 source route). 0, or
 * -1 with errno (EPERM: no capability; EINVAL: a routing header the kernel refuses). */
int sock_steer_route(int fd, int family, const struct sock_opts *opts);

/* True when setting opts' mark or source route needs CAP_NET_RAW raised. */
bool sock_steer_needs_raw(const struct sock_opts *opts);

/* SO_DEBUG, with CAP_NET_ADMIN raised around it when it is permitted. 0, or -1 with
 * errno (EACCES without the capability). */
int sock_steer_debug(int fd);

/* IPv6: lease opts' flow label from the kernel's flow label manager and have every
 * send carry it (s->flowinfo); nothing for IPv4 or label 0. 0, or -1 with errno. */
int sock_steer_flowlabel(struct probe_sock *s, const struct sock_opts *opts);

#endif
