/* dns_query.c — one exchange with one server over UDP or TCP, plain or through a stream
 * layer such as TLS, or over HTTPS (see netdx/dns_query.h). */
#include "netdx/dns_query.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netdx/sock.h"
#include "netdx/wire.h"

#define QUERY_MAX 512 /* our queries: one name, one question, one OPT */
#define PORT_TRIES 8  /* random source ports tried before letting the kernel pick */

/* What the deferred timer has to do. */
enum query_defer {
	DEFER_NONE,
	DEFER_FINAL,
	DEFER_START_TCP
};

struct dns_query {
	struct loop *loop;
	dns_query_cb cb;
	void *arg;
	struct dns_query_opts o; /* options, with the ID actually used */
	uint8_t qbuf[QUERY_MAX]; /* the query as sent (without TCP length) */
	size_t qlen;
	int fd;                       /* current socket, -1 when none */
	bool tcp;                     /* the socket is TCP */
	bool connected;               /* TCP: connect finished */
	uint32_t want;                /* TCP: the events the socket is watched for */
	void *sess;                   /* TCP: the stream layer's session (o.stream) */
	bool secured;                 /* ... its handshake is done */
	int sys_err;                  /* TCP: errno of the failed send or receive */
	char detail[256];             /* the words of a layer's or HTTPS's failure */
	size_t wpos;                  /* TCP: bytes of length+query written */
	uint8_t *rbuf;                /* receive buffer */
	size_t rcap;                  /* its size */
	size_t rlen;                  /* TCP: bytes accumulated */
	struct timespec sent_rt;      /* CLOCK_REALTIME at send (kernel stamps use it) */
	uint64_t sent_ns;             /* CLOCK_MONOTONIC at send */
	struct loop_timer t_timeout;  /* the exchange's deadline */
	struct loop_timer t_defer;    /* runs deferred work after the fd batch */
	enum query_defer defer;       /* what t_defer does */
	struct dns_query_event final; /* the final event waiting for t_defer */
	uint8_t *final_raw;           /* owned copy of a malformed reply (DNS_QE_BADMSG) */
	struct dns_xfr xfr;           /* a transfer's progress (o.xfr) */
	struct dns_https_post *post;  /* HTTPS: the POST under way, NULL when none */
	bool busy;                    /* inside a callback from the socket handler */
	bool cancelled;               /* cancelled while busy: free when it returns */
};

/* dns_random16
 * getrandom(); without entropy, a clock and pid mix that still varies. */
uint16_t dns_random16(void)
{
	uint16_t v;

	if (getrandom(&v, sizeof(v), GRND_NONBLOCK) == (ssize_t)sizeof(v))
		return v;
	/* no entropy source: still unpredictable enough to differ per query */
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint16_t)(ts.tv_nsec ^ (ts.tv_nsec >> 16) ^ getpid());
}

/* dns_query_match
 * Source, length, ID, QR and opcode, then the parse and the question. */
enum dns_match dns_query_match(const struct dns_query_spec *spec, const struct netdx_addr *server,
			       const struct netdx_addr *from, const uint8_t *buf, size_t len,
			       struct dns_msg **out, enum dns_status *st, struct dns_question *got)
{
	struct dns_msg *msg = NULL;
	enum dns_status s;

	*out = NULL;
	if (from != NULL && (!addr_equal(from, server) || addr_port(from) != addr_port(server)))
		return DNS_M_WRONG_SOURCE;
	if (len < DNS_HEADER_LEN)
		return DNS_M_SHORT;
	if (wire_be16(buf) != spec->id)
		return DNS_M_WRONG_ID;
	if (!(wire_be16(buf + 2) & DNS_FLAG_QR) || ((wire_be16(buf + 2) >> 11) & 0x0f) != 0)
		return DNS_M_NOT_RESPONSE;
	s = dns_msg_parse(buf, len, &msg);
	if (s != DNS_OK) {
		if (st)
			*st = s;
		return DNS_M_MALFORMED;
	}
	for (size_t i = 0; i < msg->n_q; i++) {
		const struct dns_question *q = &msg->q[i];
		if (q->type != spec->type || q->cls != spec->cls ||
		    !dns_name_equal(&q->name, spec->name)) {
			if (got)
				*got = *q;
			dns_msg_free(msg);
			return DNS_M_WRONG_QUESTION;
		}
	}
	*out = msg;
	return DNS_M_OK;
}

/* query_close
 * Drop the socket (and its loop registration). */
static void query_close(struct dns_query *q)
{
	dns_https_post_cancel(q->post);
	q->post = NULL;
	if (q->sess) {
		q->o.stream->ops->close(q->sess);
		q->sess = NULL;
	}
	if (q->fd >= 0) {
		loop_del_fd(q->loop, q->fd);
		close(q->fd);
		q->fd = -1;
	}
}

/* query_free
 * Release everything; the query must be finished or cancelled. */
static void query_free(struct dns_query *q)
{
	query_close(q);
	loop_timer_disarm(q->loop, &q->t_timeout);
	loop_timer_disarm(q->loop, &q->t_defer);
	if (q->final.kind == DNS_QE_ANSWER)
		dns_msg_free(q->final.msg);
	free(q->final_raw);
	free(q->rbuf);
	free(q);
}

/* query_deliver_final
 * Hand the final event to the caller and free the query. */
static void query_deliver_final(struct dns_query *q)
{
	struct dns_query_event ev = q->final;

	q->final.msg = NULL;
	q->final.kind = DNS_QE_TIMEOUT; /* nothing left to free */
	query_close(q);
	loop_timer_disarm(q->loop, &q->t_timeout);
	loop_timer_disarm(q->loop, &q->t_defer);
	q->cb(q->arg, q, &ev);
	free(q->final_raw);
	free(q->rbuf);
	free(q);
}

static void on_defer(void *arg);

/* query_finish_later
 * Keep the final event and deliver it from a zero-delay timer (never from inside the
 * socket handler, whose batch may still hold events for this slot). */
static void query_finish_later(struct dns_query *q, const struct dns_query_event *ev)
{
	query_close(q);
	loop_timer_disarm(q->loop, &q->t_timeout);
	q->final = *ev;
	q->final.tcp = q->tcp;
	q->final.https = q->o.https != NULL;
	q->final.id = q->o.spec.id;
	q->defer = DEFER_FINAL;
	loop_timer_arm(q->loop, &q->t_defer, loop_now_ns(), on_defer, q);
}

/* query_fail
 * Final network error (err is an errno value, 0 for a closed stream); setup: it
 * happened while connecting. */
static void query_fail(struct dns_query *q, int err, bool setup)
{
	struct dns_query_event ev = {.kind = DNS_QE_NETERR, .err = err, .setup = setup};
	query_finish_later(q, &ev);
}

/* query_notify
 * A non-final event, delivered at once; a cancel from inside is deferred. Returns
 * false when the query was cancelled and has been freed. */
static bool query_notify(struct dns_query *q, struct dns_query_event *ev)
{
	ev->tcp = q->tcp;
	ev->https = q->o.https != NULL;
	ev->id = q->o.spec.id;
	q->busy = true;
	q->cb(q->arg, q, ev);
	q->busy = false;
	if (q->cancelled) {
		query_free(q);
		return false;
	}
	return true;
}

static void on_timeout(void *arg);

/* query_xfr_message
 * One message of a zone transfer: a part while the stream goes on (the deadline
 * starts again), the final answer at its end. Returns false when the query is
 * finished (or freed). */
static bool query_xfr_message(struct dns_query *q, struct dns_msg *msg, double rtt_ms)
{
	struct dns_query_event ev = {.msg = msg, .rtt_ms = rtt_ms};

	ev.xfr = dns_xfr_feed(&q->xfr, msg);
	if (ev.xfr != DNS_XFR_MORE) {
		ev.kind = DNS_QE_ANSWER;
		query_finish_later(q, &ev);
		return false;
	}
	ev.kind = DNS_QE_PART;
	loop_timer_arm(q->loop, &q->t_timeout, loop_now_ns() + (uint64_t)q->o.timeout_ms * 1000000u,
		       on_timeout, q);
	return query_notify(q, &ev);
}

/* query_handle_reply
 * Judge one reply. Returns false when the query is finished (or freed). */
static bool query_handle_reply(struct dns_query *q, const struct netdx_addr *from,
			       const uint8_t *buf, size_t len, double rtt_ms)
{
	struct dns_msg *msg = NULL;
	enum dns_status st = DNS_OK;
	struct dns_query_event ev = {0};
	enum dns_match m =
		dns_query_match(&q->o.spec, &q->o.server, from, buf, len, &msg, &st, &ev.got_q);

	if (m == DNS_M_OK && q->o.xfr && q->tcp)
		return query_xfr_message(q, msg, rtt_ms);
	if (m == DNS_M_OK) {
		if (!q->tcp && !q->o.https && q->o.tc_fallback && (msg->flags & DNS_FLAG_TC)) {
			dns_msg_free(msg);
			struct dns_query_event tc = {.kind = DNS_QE_TCP_RETRY};
			if (!query_notify(q, &tc))
				return false;
			query_close(q);
			loop_timer_disarm(q->loop, &q->t_timeout);
			q->defer = DEFER_START_TCP;
			loop_timer_arm(q->loop, &q->t_defer, loop_now_ns(), on_defer, q);
			return false;
		}
		ev.kind = DNS_QE_ANSWER;
		ev.msg = msg;
		ev.rtt_ms = rtt_ms;
		query_finish_later(q, &ev);
		return false;
	}
	if (m == DNS_M_MALFORMED) {
		ev.kind = DNS_QE_BADMSG;
		ev.status = st;
		/* keep a copy of the bytes: the buffer goes with the socket */
		uint8_t *copy = malloc(len ? len : 1);
		if (copy)
			memcpy(copy, buf, len);
		free(q->final_raw);
		q->final_raw = copy;
		ev.raw = copy;
		ev.rawlen = copy ? len : 0;
		query_finish_later(q, &ev);
		return false;
	}
	ev.kind = DNS_QE_IGNORED;
	ev.why = m;
	ev.raw = buf;
	ev.rawlen = len;
	ev.got_id = len >= 2 ? wire_be16(buf) : 0;
	return query_notify(q, &ev);
}

/* query_rtt_ms
 * Milliseconds from send to now (monotonic). */
static double query_rtt_ms(const struct dns_query *q)
{
	return (double)(loop_now_ns() - q->sent_ns) / 1e6;
}

/* udp_stamp_rtt
 * RTT from the kernel receive stamp when there is one. */
static double udp_stamp_rtt(const struct dns_query *q, struct msghdr *mh)
{
	struct timespec ts;

	if (sock_rx_time(mh, &ts)) {
		double ms = (double)(ts.tv_sec - q->sent_rt.tv_sec) * 1e3 +
			    (double)(ts.tv_nsec - q->sent_rt.tv_nsec) / 1e6;
		if (ms >= 0)
			return ms;
	}
	return query_rtt_ms(q);
}

/* query_read_again
 * A read failed: true to read again (EINTR); else the query fails unless the socket
 * only had nothing more to read. */
static bool query_read_again(struct dns_query *q)
{
	if (errno == EINTR)
		return true;
	if (errno != EAGAIN && errno != EWOULDBLOCK)
		query_fail(q, errno, false);
	return false;
}

/* on_udp
 * Read every waiting datagram. */
static void on_udp(void *arg, int fd, uint32_t events)
{
	struct dns_query *q = arg;
	(void)events;

	if (fd != q->fd)
		return;
	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage ss;
		char cbuf[CMSG_SPACE(sizeof(struct timespec)) + 64];
		struct iovec iov = {q->rbuf, q->rcap};
		struct msghdr mh = {.msg_name = &ss,
				    .msg_namelen = sizeof(ss),
				    .msg_iov = &iov,
				    .msg_iovlen = 1,
				    .msg_control = cbuf,
				    .msg_controllen = sizeof(cbuf)};
		ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
		if (n < 0) {
			if (query_read_again(q))
				continue;
			return;
		}
		struct netdx_addr from = {.len = mh.msg_namelen};
		memcpy(&from.ss, &ss, sizeof(ss));
		if (!query_handle_reply(q, &from, q->rbuf, (size_t)n, udp_stamp_rtt(q, &mh)))
			return;
	}
}

static void on_tcp(void *arg, int fd, uint32_t events);

/* tcp_want
 * Watch the TCP socket for events (the loop has no modify call: re-registered, only
 * when they change). */
static int tcp_want(struct dns_query *q, uint32_t events)
{
	if (q->want == events)
		return 0;
	loop_del_fd(q->loop, q->fd);
	q->want = events;
	return loop_add_fd(q->loop, q->fd, events, on_tcp, q);
}

/* tcp_wait
 * A send, receive or handshake step that did not go through: wait for the socket, or
 * fail the query (setup: before the query was on its way). */
static void tcp_wait(struct dns_query *q, enum dns_stream_io io, bool setup)
{
	struct dns_query_event ev = {.kind = DNS_QE_NETERR, .err = EPROTO, .setup = setup};

	if (io == DNS_STREAM_WANT_IN || io == DNS_STREAM_WANT_OUT) {
		if (tcp_want(q, io == DNS_STREAM_WANT_IN ? LOOP_IN : LOOP_OUT) < 0)
			query_fail(q, errno, setup);
	} else if (io == DNS_STREAM_EOF) {
		query_fail(q, 0, setup);
	} else if (q->sess == NULL) {
		query_fail(q, q->sys_err, setup);
	} else {
		/* the words before the session goes with the socket */
		snprintf(q->detail, sizeof(q->detail), "%s", q->o.stream->ops->error(q->sess));
		ev.detail = q->detail;
		query_finish_later(q, &ev);
	}
}

/* tcp_send
 * Bytes out, plain or through the layer. */
static enum dns_stream_io tcp_send(struct dns_query *q, const uint8_t *b, size_t len, size_t *n)
{
	if (q->sess)
		return q->o.stream->ops->write(q->sess, b, len, n);
	ssize_t r = send(q->fd, b, len, MSG_NOSIGNAL);
	if (r >= 0) {
		*n = (size_t)r;
		return DNS_STREAM_OK;
	}
	q->sys_err = errno;
	return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? DNS_STREAM_WANT_OUT
									 : DNS_STREAM_FAIL;
}

/* tcp_recv
 * Bytes in, plain or through the layer. */
static enum dns_stream_io tcp_recv(struct dns_query *q, uint8_t *b, size_t cap, size_t *n)
{
	if (q->sess)
		return q->o.stream->ops->read(q->sess, b, cap, n);
	for (;;) {
		ssize_t r = recv(q->fd, b, cap, MSG_DONTWAIT);
		if (r > 0) {
			*n = (size_t)r;
			return DNS_STREAM_OK;
		}
		if (r == 0)
			return DNS_STREAM_EOF;
		if (errno != EINTR)
			break;
	}
	q->sys_err = errno;
	return errno == EAGAIN || errno == EWOULDBLOCK ? DNS_STREAM_WANT_IN : DNS_STREAM_FAIL;
}

/* tcp_connected
 * The connect finished: true once connected (with the layer's session opened). */
static bool tcp_connected(struct dns_query *q, int fd)
{
	int err = 0;
	socklen_t len = sizeof(err);
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err != 0) {
		query_fail(q, err, true);
		return false;
	}
	if (getpeername(fd, (struct sockaddr *)&peer, &plen) < 0)
		return false; /* not connected yet (a stale wakeup) */
	q->connected = true;
	if (q->o.stream == NULL)
		return true;
	q->sess = q->o.stream->ops->open(q->o.stream->ctx, fd, q->o.stream_name);
	if (q->sess == NULL)
		query_fail(q, ENOMEM, true);
	return q->sess != NULL;
}

/* tcp_secured
 * True once the layer's handshake is done (at once without a layer); else it waits or
 * the query failed. */
static bool tcp_secured(struct dns_query *q)
{
	if (q->sess == NULL || q->secured)
		return true;
	enum dns_stream_io io = q->o.stream->ops->handshake(q->sess);
	if (io != DNS_STREAM_OK) {
		tcp_wait(q, io, true);
		return false;
	}
	q->secured = true;
	return true;
}

/* tcp_write
 * The length-prefixed query, as much as goes; then wait for the answer. */
static void tcp_write(struct dns_query *q)
{
	uint8_t out[QUERY_MAX + 2];
	size_t n = 0;

	out[0] = (uint8_t)(q->qlen >> 8);
	out[1] = (uint8_t)q->qlen;
	memcpy(out + 2, q->qbuf, q->qlen);
	enum dns_stream_io io = tcp_send(q, out + q->wpos, q->qlen + 2 - q->wpos, &n);
	if (io != DNS_STREAM_OK) {
		tcp_wait(q, io, false);
		return;
	}
	q->wpos += n;
	tcp_wait(q, q->wpos == q->qlen + 2 ? DNS_STREAM_WANT_IN : DNS_STREAM_WANT_OUT, false);
}

/* tcp_read
 * Length-prefixed replies, each judged once whole (RFC 7766 framing, over TLS too). */
static void tcp_read(struct dns_query *q)
{
	for (;;) {
		size_t n = 0;
		enum dns_stream_io io = tcp_recv(q, q->rbuf + q->rlen, q->rcap - q->rlen, &n);
		if (io != DNS_STREAM_OK) {
			tcp_wait(q, io, false);
			return;
		}
		q->rlen += n;
		while (q->rlen >= 2 && q->rlen >= 2 + (size_t)wire_be16(q->rbuf)) {
			size_t mlen = wire_be16(q->rbuf);
			if (!query_handle_reply(q, NULL, q->rbuf + 2, mlen, query_rtt_ms(q)))
				return;
			memmove(q->rbuf, q->rbuf + 2 + mlen, q->rlen - 2 - mlen);
			q->rlen -= 2 + mlen;
		}
	}
}

/* on_tcp
 * Connect, secure (a layer's handshake), write the query, read the replies. */
static void on_tcp(void *arg, int fd, uint32_t events)
{
	struct dns_query *q = arg;

	if (fd != q->fd)
		return;
	if (!q->connected && !tcp_connected(q, fd))
		return;
	if (!tcp_secured(q))
		return;
	if (q->wpos < q->qlen + 2)
		tcp_write(q);
	else if (q->sess || (events & (LOOP_IN | LOOP_ERR | LOOP_HUP)))
		tcp_read(q);
}

/* on_timeout
 * The exchange ran out of time (over TCP, perhaps while still connecting: BIND says that
 * apart). Timers run after the fd batch, so deliver now. */
static void on_timeout(void *arg)
{
	struct dns_query *q = arg;
	bool setup = q->tcp && (!q->connected || (q->o.stream && !q->secured));

	q->final = (struct dns_query_event){.kind = DNS_QE_TIMEOUT,
					    .tcp = q->tcp,
					    .setup = setup,
					    .https = q->o.https != NULL,
					    .id = q->o.spec.id};
	query_deliver_final(q);
}

/* query_bind_random
 * Bind a UDP socket to a random port (the kernel's choice after PORT_TRIES misses). */
static void query_bind_random(int fd, int family)
{
	for (int i = 0; i < PORT_TRIES; i++) {
		uint16_t port = (uint16_t)(1024 + dns_random16() % (65536 - 1024));
		int rc;
		if (family == AF_INET) {
			struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(port)};
			rc = bind(fd, (struct sockaddr *)&sin, sizeof(sin));
		} else {
			struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6,
						    .sin6_port = htons(port)};
			rc = bind(fd, (struct sockaddr *)&sin6, sizeof(sin6));
		}
		if (rc == 0)
			return;
	}
}

/* on_https
 * The POST ended: its body is judged as any reply (from the server asked: libcurl
 * connected to that address); a failure is final, in its words. */
static void on_https(void *arg, enum dns_https_result r, const uint8_t *body, size_t len,
		     const char *why, int err)
{
	struct dns_query *q = arg;

	q->post = NULL; /* dns_https frees it when this returns */
	if (r == DNS_HTTPS_OK) {
		query_handle_reply(q, NULL, body, len, query_rtt_ms(q));
		return;
	}
	snprintf(q->detail, sizeof(q->detail), "%s", why);
	struct dns_query_event ev = {.kind = DNS_QE_NETERR, .err = err, .detail = q->detail};
	query_finish_later(q, &ev);
}

/* query_post
 * HTTPS: the query POSTed through the caller's context. Returns 0, or -1 (errno). */
static int query_post(struct dns_query *q)
{
	q->sent_ns = loop_now_ns();
	q->post = dns_https_post_start(q->o.https, q->o.https_url, &q->o.server, q->qbuf, q->qlen,
				       on_https, q);
	return q->post ? 0 : -1;
}

/* query_open
 * New socket for the current transport, connected (TCP: connecting) to the server.
 * Returns 0, or an errno value for an immediate failure to report. */
static int query_open(struct dns_query *q)
{
	int family = addr_family(&q->o.server);
	int type = (q->tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC;

	if (q->o.https)
		return query_post(q);
	q->fd = socket(family, type, 0);
	if (q->fd < 0)
		return -1;
	q->connected = false;
	q->secured = false;
	q->want = LOOP_OUT;
	q->wpos = 0;
	q->rlen = 0;
	if (!q->tcp) {
		query_bind_random(q->fd, family);
		sock_enable_rx_timestamps(q->fd);
	}
	clock_gettime(CLOCK_REALTIME, &q->sent_rt);
	q->sent_ns = loop_now_ns();
	if (connect(q->fd, (struct sockaddr *)&q->o.server.ss, q->o.server.len) < 0 &&
	    errno != EINPROGRESS)
		return errno;
	if (q->tcp)
		return loop_add_fd(q->loop, q->fd, LOOP_OUT, on_tcp, q) < 0 ? errno : 0;
	if (loop_add_fd(q->loop, q->fd, LOOP_IN, on_udp, q) < 0)
		return errno;
	if (send(q->fd, q->qbuf, q->qlen, 0) < 0)
		return errno;
	return 0;
}

/* query_begin
 * Open the transport and arm the deadline; an immediate error becomes a deferred
 * final event. Returns false only if no socket could be made at all. */
static bool query_begin(struct dns_query *q)
{
	int err;

	/* UDP: room for the largest datagram, so no answer is ever cut (MSG_TRUNC) and
	 * parsed as if whole, whatever EDNS size was advertised. */
	if (q->rbuf == NULL || q->rcap < (q->tcp ? 65537u : DNS_UDP_MAX)) {
		size_t cap = q->tcp ? 65537 : DNS_UDP_MAX;
		uint8_t *b = realloc(q->rbuf, cap);
		if (b == NULL)
			return false;
		q->rbuf = b;
		q->rcap = cap;
	}
	err = query_open(q);
	if (err < 0)
		return false;
	loop_timer_arm(q->loop, &q->t_timeout, loop_now_ns() + (uint64_t)q->o.timeout_ms * 1000000u,
		       on_timeout, q);
	if (err > 0)
		query_fail(q, err, true);
	return true;
}

/* on_defer
 * Deferred work: deliver the final event, or start the TCP retry. */
static void on_defer(void *arg)
{
	struct dns_query *q = arg;
	enum query_defer d = q->defer;

	q->defer = DEFER_NONE;
	if (d == DEFER_FINAL) {
		query_deliver_final(q);
	} else if (d == DEFER_START_TCP) {
		q->tcp = true;
		if (!query_begin(q))
			query_fail(q, errno ? errno : ENOMEM, true);
	}
}

/* dns_query_start
 * Build the query with a random ID, open the socket, arm the deadline. */
struct dns_query *dns_query_start(struct loop *loop, const struct dns_query_opts *opts,
				  dns_query_cb cb, void *arg)
{
	struct dns_query *q = calloc(1, sizeof(*q));

	if (q == NULL)
		return NULL;
	*q = (struct dns_query){.loop = loop,
				.cb = cb,
				.arg = arg,
				.o = *opts,
				.fd = -1,
				.tcp = opts->tcp || opts->stream};
	if (q->o.timeout_ms == 0)
		q->o.timeout_ms = 5000;
	if (!opts->fixed_id)
		q->o.spec.id = dns_random16();
	dns_xfr_init(&q->xfr, opts->spec.type, opts->spec.ixfr_serial);
	if (dns_msg_build_query(&q->o.spec, q->qbuf, sizeof(q->qbuf), &q->qlen) != DNS_OK) {
		free(q);
		errno = EINVAL;
		return NULL;
	}
	if (!query_begin(q)) {
		int e = errno;
		query_close(q);
		loop_timer_disarm(loop, &q->t_timeout);
		free(q->rbuf);
		free(q);
		errno = e;
		return NULL;
	}
	return q;
}

/* dns_query_cancel
 * Free at once, or after the callback that is running returns. */
void dns_query_cancel(struct dns_query *q)
{
	if (q == NULL)
		return;
	if (q->busy) {
		q->cancelled = true;
		return;
	}
	query_free(q);
}
