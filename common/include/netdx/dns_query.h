/* dns_query — one query/answer exchange with one server, asynchronous on the event
 * loop: a fresh socket with a random source port and a random ID for every query, a
 * timeout, UDP (with an optional retry over TCP when the answer is truncated) or TCP,
 * plain or through a stream layer (TLS: netdx/dns_tls.h), or HTTPS (DNS over HTTPS
 * through a dns_https context: the answer is the body of one POST).
 *
 * An answer counts only if it comes from the address and port asked, carries the
 * query's ID, is a response, and repeats the question (a reply with no question is
 * accepted, as BIND does, for FORMERR/NOTIMP answers). Everything else is reported
 * as an ignored reply and the query keeps waiting. The UDP socket is also connected,
 * so the kernel drops foreign datagrams and reports ICMP errors (connection refused).
 *
 * Callbacks never run inside the socket handler: results are delivered from a
 * zero-delay timer, so a callback may start or cancel queries freely. */
#ifndef NETDX_DNS_QUERY_H
#define NETDX_DNS_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netdx/addr.h"
#include "netdx/dns_https.h"
#include "netdx/dns_msg.h"
#include "netdx/dns_stream.h"
#include "netdx/dns_xfr.h"
#include "netdx/loop.h"

struct dns_query;

/* What happened. */
enum dns_query_event_kind {
	DNS_QE_ANSWER,    /* final: msg holds the answer (TC may be set without fallback) */
	DNS_QE_TIMEOUT,   /* final: nothing in time */
	DNS_QE_NETERR,    /* final: a socket error; err is the errno (ECONNREFUSED, ...) */
	DNS_QE_BADMSG,    /* final: the matching reply did not parse; status says why */
	DNS_QE_IGNORED,   /* not final: a reply was dropped; why says why */
	DNS_QE_TCP_RETRY, /* not final: truncated over UDP, now retrying over TCP */
	DNS_QE_PART,      /* not final: one message of a zone transfer that goes on; msg
			   * holds it (the callback owns it) */
};

/* Why a reply was dropped. */
enum dns_match {
	DNS_M_OK = 0,         /* it is the answer */
	DNS_M_WRONG_SOURCE,   /* not from the server's address and port */
	DNS_M_SHORT,          /* shorter than a header */
	DNS_M_WRONG_ID,       /* another ID */
	DNS_M_NOT_RESPONSE,   /* QR clear, or another opcode */
	DNS_M_WRONG_QUESTION, /* the question differs */
	DNS_M_MALFORMED,      /* matching ID, but it does not parse */
};

struct dns_query_event {
	enum dns_query_event_kind kind;
	struct dns_msg *msg;    /* DNS_QE_ANSWER: the callback owns it (dns_msg_free) */
	int err;                /* DNS_QE_NETERR: errno (0: the server closed the stream;
				 * EPROTO: the stream layer failed, detail says how;
				 * over HTTPS the socket's errno, or 0) */
	const char *detail;     /* DNS_QE_NETERR: the stream layer's words (with EPROTO)
				 * or, over HTTPS, what went wrong, one line (TLS, the
				 * connection, an HTTP status, a body that is no DNS
				 * message); NULL: err says it. Valid during the callback */
	bool setup;             /* DNS_QE_NETERR: failed while connecting (UDP connect or
				* send, TCP connect, the layer's handshake), not while
				* waiting for the answer; DNS_QE_TIMEOUT: TCP's connect
				* or the layer's handshake never finished */
	enum dns_status status; /* DNS_QE_BADMSG: parse status */
	const uint8_t *raw;     /* DNS_QE_BADMSG / DNS_QE_IGNORED: the reply bytes */
	size_t rawlen;
	enum dns_match why;        /* DNS_QE_IGNORED */
	uint16_t got_id;           /* DNS_QE_IGNORED: the reply's ID (when it has one) */
	struct dns_question got_q; /* DNS_M_WRONG_QUESTION: the question it carried */
	double rtt_ms;             /* DNS_QE_ANSWER: send to receive (kernel receive stamp) */
	bool tcp;                  /* the final exchange went over TCP */
	bool https;                /* the exchange went over HTTPS */
	uint16_t id;               /* the query's ID */
	enum dns_xfr_state xfr;    /* a transfer's DNS_QE_PART (MORE) or DNS_QE_ANSWER:
				    * where it stands (DONE, FAILED, NOSOA) */
};

/* Called for every event; after a final one the query is gone (do not cancel it). */
typedef void (*dns_query_cb)(void *arg, struct dns_query *q, struct dns_query_event *ev);

struct dns_query_opts {
	struct netdx_addr server;   /* address and port to ask */
	struct dns_query_spec spec; /* what to ask; spec.id is replaced by a random ID
				      * unless fixed_id */
	bool fixed_id;              /* keep spec.id (tests; nslookup's d2, which shows the
				     * query before it is sent) */
	bool tcp;                   /* TCP from the start */
	bool tc_fallback;           /* UDP answer with TC: ask again over TCP */
	unsigned timeout_ms;        /* per exchange (the TCP retry gets its own); a
				     * transfer: per message */
	bool xfr;                   /* a zone transfer (spec.type AXFR or IXFR from
				     * spec.ixfr_serial) over TCP: every message is
				     * reported until the stream ends (dns_xfr.h) */
	/* TCP through this layer (TLS), NULL: plain; and the name it checks the server
	 * against (NULL: the address). Both outlive the query. */
	const struct dns_stream_layer *stream;
	const char *stream_name;
	/* DNS over HTTPS through this context (tcp, tc_fallback, xfr and stream then do
	 * not apply), NULL: UDP or TCP; to https_url, at server (whose port is the
	 * URL's). Both kept by the caller. */
	struct dns_https *https;
	const struct dns_https_url *https_url;
};

/* Start a query. Returns NULL (errno set) if no socket could be created; the callback
 * is then never called. */
struct dns_query *dns_query_start(struct loop *loop, const struct dns_query_opts *opts,
				  dns_query_cb cb, void *arg);

/* Stop a query that has not reported a final event; its callback is not called. */
void dns_query_cancel(struct dns_query *q);

/* Decide whether a reply from `from` answers the query spec sent to server. On
 * DNS_M_OK *out is the parsed message (caller frees). On DNS_M_MALFORMED *st says
 * why. On DNS_M_WRONG_QUESTION *got (when not NULL) is the reply's question. Pure
 * function: no I/O (unit tests drive it directly). */
enum dns_match dns_query_match(const struct dns_query_spec *spec, const struct netdx_addr *server,
			       const struct netdx_addr *from, const uint8_t *buf, size_t len,
			       struct dns_msg **out, enum dns_status *st, struct dns_question *got);

/* A random 16-bit value from getrandom() (query IDs, labels). */
uint16_t dns_random16(void);

#endif
