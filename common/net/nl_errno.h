/* nl_errno.h — what route.c and tcp_diag.c, the net layer's two libnl users, share.
 * Internal to common/net/. */
#ifndef NETDX_NL_ERRNO_H
#define NETDX_NL_ERRNO_H

#include <netlink/netlink.h>

/* A libnl error callback (nl_cb_err, NL_CB_CUSTOM): stores the kernel's errno of an
 * NLMSG_ERROR reply in the int at arg, which libnl would map to a coarser NLE_ code,
 * and stops the receive. */
int nl_keep_errno(struct sockaddr_nl *from, struct nlmsgerr *err, void *arg);

#endif
