/* tcp_diag.c — TCP sockets from netlink INET_DIAG (see netdx/tcp_diag.h). libnl-idiag
 * opens the socket; the requests are built here, one per family as ss sends them
 * (libnl-idiag's own is the old TCPDIAG_GETSOCK, which answers for both families at
 * once and carries no bytecode); each reply message is read in place, without libnl's
 * per-message objects, which would cost an allocation per socket. IPv4 comes first,
 * then IPv6, the order of /proc/net/tcp and tcp6 (and so of netstat). */
#include "netdx/tcp_diag.h"

#include <errno.h>
#include <linux/inet_diag.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/idiag/idiagnl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "nl_errno.h"
#include "tcp_diag_bc.h"

/* Bytes read from the socket at a time: ss reads 32 KiB, a few hundred sockets. */
#define TCP_DIAG_BUF (32 * 1024)

/* The open socket. */
struct tcp_diag {
	struct nl_sock *sk; /* NETLINK_SOCK_DIAG, connected */
};

/* What one dump carries to the callbacks. */
struct dump_ctx {
	tcp_diag_cb cb; /* the caller's, per socket */
	void *arg;      /* its argument */
	int error;      /* errno of an NLMSG_ERROR reply, 0 if none */
};

enum netdx_status tcp_diag_open(struct tcp_diag **out, const char **why)
{
	struct tcp_diag *d = calloc(1, sizeof(*d));
	if (!d)
		return status_fail(why, NETDX_E_SYSTEM, strerror(ENOMEM));
	d->sk = nl_socket_alloc();
	if (!d->sk) {
		free(d);
		return status_fail(why, NETDX_E_SYSTEM, strerror(ENOMEM));
	}
	int err = idiagnl_connect(d->sk);
	if (err < 0) {
		tcp_diag_close(d);
		return status_fail(why, NETDX_E_SYSTEM, nl_geterror(err));
	}
	nl_socket_disable_msg_peek(d->sk);
	nl_socket_set_msg_buf_size(d->sk, TCP_DIAG_BUF);
	*out = d;
	return NETDX_OK;
}

void tcp_diag_close(struct tcp_diag *d)
{
	if (!d)
		return;
	nl_socket_free(d->sk);
	free(d);
}

/* sock_from_msg
 * The fields of one inet_diag_msg, in host order where they are numbers. */
static void sock_from_msg(const struct inet_diag_msg *m, struct tcp_diag_sock *s)
{
	size_t alen = m->idiag_family == AF_INET ? 4 : 16;
	memset(s, 0, sizeof(*s));
	s->family = m->idiag_family;
	s->state = m->idiag_state;
	memcpy(s->local, m->id.idiag_src, alen);
	memcpy(s->remote, m->id.idiag_dst, alen);
	s->lport = ntohs(m->id.idiag_sport);
	s->rport = ntohs(m->id.idiag_dport);
	s->rqueue = m->idiag_rqueue;
	s->wqueue = m->idiag_wqueue;
	s->inode = m->idiag_inode;
	s->uid = m->idiag_uid;
	s->timer = m->idiag_timer;
	s->retrans = m->idiag_retrans;
	s->expires_ms = m->idiag_expires;
}

/* idle_from_info
 * The idle times of the INET_DIAG_INFO attribute (a struct tcp_info; older kernels send
 * a shorter one), when the message has it. */
static void idle_from_info(struct nlmsghdr *hdr, struct tcp_diag_sock *s)
{
	const struct nlattr *a = nlmsg_find_attr(hdr, sizeof(struct inet_diag_msg), INET_DIAG_INFO);
	size_t need = offsetof(struct tcp_info, tcpi_last_data_recv) + sizeof(uint32_t);
	if (!a || (size_t)nla_len(a) < need)
		return;
	struct tcp_info info = {0};
	memcpy(&info, nla_data(a), need);
	s->have_idle = true;
	s->last_sent_ms = info.tcpi_last_data_sent;
	s->last_recv_ms = info.tcpi_last_data_recv;
}

/* on_sock
 * NL_CB_VALID: one socket, handed to the caller's callback. */
static int on_sock(struct nl_msg *msg, void *arg)
{
	struct dump_ctx *ctx = arg;
	struct nlmsghdr *hdr = nlmsg_hdr(msg);
	if (hdr->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    hdr->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg)))
		return NL_SKIP;
	const struct inet_diag_msg *m = nlmsg_data(hdr);
	if (m->idiag_family != AF_INET && m->idiag_family != AF_INET6)
		return NL_SKIP;
	struct tcp_diag_sock s;
	sock_from_msg(m, &s);
	idle_from_info(hdr, &s);
	ctx->cb(&s, ctx->arg);
	return NL_OK;
}

/* send_request
 * The dump request for one family, as ss sends it: SOCK_DIAG_BY_FAMILY with TCP, the
 * state bitmap, the extensions, the filter's bytecode. 0 or a negative libnl error. */
static int send_request(struct nl_sock *sk, const struct tcp_diag_query *q, int family)
{
	struct inet_diag_req_v2 req = {
		.sdiag_family = (uint8_t)family,
		.sdiag_protocol = IPPROTO_TCP,
		.idiag_states = q->states,
		.idiag_ext = q->idle ? 1u << (INET_DIAG_INFO - 1) : 0,
	};
	uint8_t bc[TCP_DIAG_BC_MAX];
	size_t bclen = tcp_diag_bc_build(q->filter, bc);
	struct nl_msg *msg = nlmsg_alloc_simple(SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP);
	int err = msg ? nlmsg_append(msg, &req, sizeof(req), NLMSG_ALIGNTO) : -NLE_NOMEM;
	if (err >= 0 && bclen)
		err = nla_put(msg, INET_DIAG_REQ_BYTECODE, (int)bclen, bc);
	if (err >= 0)
		err = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	return err < 0 ? err : 0;
}

/* dump_error
 * The words for a failed dump: ENOENT means no INET_DIAG handler for TCP. */
static enum netdx_status dump_error(int error, int nlerr, const char **why)
{
	if (error == ENOENT)
		return status_fail(why, NETDX_E_SYSTEM,
				   "the kernel has no INET_DIAG for TCP "
				   "(CONFIG_INET_DIAG, tcp_diag)");
	if (error)
		return status_fail(why, NETDX_E_SYSTEM, strerror(error));
	return status_fail(why, NETDX_E_SYSTEM, nl_geterror(nlerr));
}

/* dump_family
 * One family's dump, each socket to ctx's callback. */
static enum netdx_status dump_family(struct tcp_diag *d, const struct tcp_diag_query *q, int family,
				     struct dump_ctx *ctx, const char **why)
{
	struct nl_cb *nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nlcb)
		return status_fail(why, NETDX_E_SYSTEM, strerror(ENOMEM));
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, on_sock, ctx);
	nl_cb_err(nlcb, NL_CB_CUSTOM, nl_keep_errno, &ctx->error);
	int err = send_request(d->sk, q, family);
	if (err >= 0)
		err = nl_recvmsgs(d->sk, nlcb);
	nl_cb_put(nlcb);
	if (err < 0 || ctx->error)
		return dump_error(ctx->error, err, why);
	return NETDX_OK;
}

enum netdx_status tcp_diag_dump(struct tcp_diag *d, const struct tcp_diag_query *q, tcp_diag_cb cb,
				void *arg, const char **why)
{
	struct dump_ctx ctx = {.cb = cb, .arg = arg};
	enum netdx_status st = NETDX_OK;
	if (q->family != AF_INET6)
		st = dump_family(d, q, AF_INET, &ctx, why);
	if (st == NETDX_OK && q->family != AF_INET)
		st = dump_family(d, q, AF_INET6, &ctx, why);
	return st;
}
