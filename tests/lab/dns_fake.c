/* dns_fake — the lying, broken and hostile DNS servers of the nslookup lab tests.
 *
 *   dns_fake --mode MODE --listen ADDR [--listen ADDR]... [--port N]
 *            [--upstream ADDR[#PORT]] [--spoof-from ADDR] [--reply-hex HEX]
 *
 * Listens on UDP and TCP (port 53 by default) and, per MODE:
 *   servfail   answers every query SERVFAIL (RA set), the question echoed
 *   refused    answers REFUSED
 *   silent     reads queries and never answers
 *   proxy      asks --upstream over TCP and relays the answer; a UDP client gets TC
 *              (header and question only) when the answer exceeds 512 bytes, or its
 *              EDNS size
 *   nxrewrite  proxy, but NXDOMAIN becomes NOERROR with A 192.0.2.66 (AAAA
 *              2001:db8::66 for AAAA, no data for other types): an ISP "search page"
 *   noedns     proxy, but a query with an OPT record gets FORMERR without OPT (an old
 *              server)
 *   notcp      proxy over UDP only: nothing listens on TCP
 *   tcprefused proxy over UDP, REFUSED over TCP (a TCP front end with its own ACL)
 *   whoami     answers any question with one TXT record (TTL 0) holding the address
 *              the query came from, as o-o.myaddr.l.google.com does, and logs
 *              "whoami ADDR"
 *   notc       proxy, but an oversized UDP answer is cut at a record boundary
 *              without setting TC
 *   spoof      proxy, but first sends three forged answers (A 192.0.2.66): one with
 *              another ID, one with the right ID and another question, and one with the
 *              right ID and question from --spoof-from (another address)
 *   raw        answers with the bytes of --reply-hex, ID replaced by the query's
 *   flaky      proxy, but every third query over UDP (counted since start) is dropped:
 *              a resolver that loses some queries
 *   xfrcut     a zone transfer (AXFR or IXFR over TCP) that stops mid-stream: the
 *              first message (SOA, NS, three A records, no closing SOA), then the
 *              connection is closed; other queries get REFUSED
 *   xfrhang    the same first message, then silence on an open connection
 *   xfrnosoa   a transfer whose first record is not the SOA (three A records, then
 *              the SOA)
 * Prints "ready" on stdout once every socket is bound, then one line per query
 * ("query ID NAME TYPE udp|tcp edns|noedns") for the tests to read. Runs until
 * SIGTERM or SIGINT. Test helper, not a product. */
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netdx/addr.h"
#include "netdx/cli.h"
#include "netdx/dns_msg.h"
#include "netdx/dns_query.h"
#include "netdx/dns_type.h"
#include "netdx/loop.h"
#include "netdx/wire.h"

#define FAKE_MAX_LISTEN 8
#define FAKE_MAX_CONN 64

enum fake_mode {
	M_SERVFAIL,
	M_REFUSED,
	M_SILENT,
	M_PROXY,
	M_NXREWRITE,
	M_NOEDNS,
	M_NOTCP,
	M_NOTC,
	M_SPOOF,
	M_RAW,
	M_FLAKY,
	M_XFRCUT,
	M_XFRHANG,
	M_XFRNOSOA,
	M_TCPREFUSED,
	M_WHOAMI
};

/* The server's configuration and sockets. */
struct fake {
	struct loop *loop;
	enum fake_mode mode;
	struct netdx_addr upstream;   /* where proxy modes ask */
	struct netdx_addr spoof_from; /* source of the third forged answer */
	uint8_t raw[4096];            /* raw mode reply */
	size_t raw_len;
	int udp[FAKE_MAX_LISTEN]; /* one UDP socket per address */
	int tcp[FAKE_MAX_LISTEN]; /* one listening TCP socket per address */
	size_t n_listen;
	unsigned long udp_queries; /* flaky: UDP queries so far */
};

/* One client query waiting for its answer. */
struct pending {
	struct fake *f;
	int udp_fd;               /* UDP: the socket it came in on */
	struct netdx_addr client; /* UDP: who asked */
	int tcp_fd;               /* TCP: the connection (-1 for UDP) */
	uint16_t id;              /* the client's ID */
	size_t limit;             /* UDP: largest answer the client takes */
	uint16_t qtype;           /* question type */
	struct dns_name qname;    /* question name */
};

/* One TCP connection being read. */
struct conn {
	struct fake *f;
	int fd;
	uint8_t buf[65537];
	size_t len;
};

/* die
 * A fatal error of the helper: one line, exit 2. */
static void die(const char *what)
{
	fprintf(stderr, "dns_fake: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* send_reply
 * Deliver a reply to the client of p (UDP datagram or length-prefixed on TCP). */
static void send_reply(const struct pending *p, const uint8_t *buf, size_t len)
{
	if (p->tcp_fd >= 0) {
		uint8_t out[65537];
		wire_put16(out, (uint16_t)len);
		memcpy(out + 2, buf, len);
		if (send(p->tcp_fd, out, len + 2, MSG_NOSIGNAL) < 0)
			perror("dns_fake: tcp send");
		return;
	}
	if (sendto(p->udp_fd, buf, len, 0, (const struct sockaddr *)&p->client.ss, p->client.len) <
	    0)
		perror("dns_fake: udp send");
}

/* header_reply
 * A reply carrying only the query's header and question with rcode (flags: QR, RA,
 * RD copied). */
static size_t header_reply(const uint8_t *q, size_t qlen, unsigned rcode, uint8_t *out)
{
	size_t end = DNS_HEADER_LEN;
	struct dns_name n;

	if (wire_be16(q + 4) >= 1 && dns_name_unpack(q, qlen, &end, &n) == DNS_OK &&
	    qlen - end >= 4)
		end += 4;
	else
		end = DNS_HEADER_LEN;
	memcpy(out, q, end);
	wire_put16(out + 2, (uint16_t)(DNS_FLAG_QR | DNS_FLAG_RA |
				       (wire_be16(q + 2) & DNS_FLAG_RD) | rcode));
	wire_put16(out + 4, end > DNS_HEADER_LEN ? 1 : 0);
	wire_put16(out + 6, 0);
	wire_put16(out + 8, 0);
	wire_put16(out + 10, 0);
	return end;
}

/* answer_whoami
 * The whoami mode's reply: the question echoed, then one TXT record (TTL 0) holding
 * the address the query came from. */
static size_t answer_whoami(const struct pending *p, const uint8_t *q, size_t qlen, uint8_t *out)
{
	static const uint8_t rr[] = {0xc0, 0x0c, 0, DNS_T_TXT, 0, DNS_C_IN, 0, 0, 0, 0};
	struct netdx_addr from = p->client;
	char text[ADDR_STRLEN];
	size_t at = header_reply(q, qlen, 0, out), n;

	if (p->tcp_fd >= 0) {
		from.len = sizeof(from.ss);
		if (getpeername(p->tcp_fd, (struct sockaddr *)&from.ss, &from.len) != 0)
			return at;
	}
	addr_to_str(&from, text, sizeof(text));
	printf("whoami %s\n", text);
	fflush(stdout);
	n = strlen(text);
	wire_put16(out + 2, wire_be16(out + 2) | DNS_FLAG_AA);
	wire_put16(out + 6, 1);
	memcpy(out + at, rr, sizeof(rr));
	at += sizeof(rr);
	wire_put16(out + at, (uint16_t)(n + 1));
	out[at + 2] = (uint8_t)n;
	memcpy(out + at + 3, text, n);
	return at + 3 + n;
}

/* answer_a
 * A reply to the query with one forged A (or AAAA) record for owner (the question's
 * name unless owner is given). */
static size_t answer_a(const struct pending *p, uint16_t id, const struct dns_name *owner,
		       uint8_t *out)
{
	static const uint8_t a4[4] = {192, 0, 2, 66};
	static const uint8_t a6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x66};
	const struct dns_name *name = owner ? owner : &p->qname;
	bool v6 = p->qtype == DNS_T_AAAA;
	size_t n = DNS_HEADER_LEN;

	memset(out, 0, DNS_HEADER_LEN);
	wire_put16(out, id);
	wire_put16(out + 2, DNS_FLAG_QR | DNS_FLAG_RD | DNS_FLAG_RA);
	wire_put16(out + 4, 1);
	dns_name_pack(name, out, 600, &n);
	wire_put16(out + n, p->qtype);
	wire_put16(out + n + 2, DNS_C_IN);
	n += 4;
	if (p->qtype != DNS_T_A && p->qtype != DNS_T_AAAA)
		return n;
	wire_put16(out + 6, 1);
	wire_put16(out + n, 0xc00c);
	wire_put16(out + n + 2, v6 ? DNS_T_AAAA : DNS_T_A);
	wire_put16(out + n + 4, DNS_C_IN);
	out[n + 6] = 0;
	out[n + 7] = 0;
	wire_put16(out + n + 8, 60);
	wire_put16(out + n + 10, v6 ? 16 : 4);
	memcpy(out + n + 12, v6 ? a6 : a4, v6 ? 16 : 4);
	return n + 12 + (v6 ? 16 : 4);
}

/* cut_to_fit
 * notc: keep whole answer records up to limit bytes, drop the rest, no TC. */
static size_t cut_to_fit(uint8_t *buf, size_t len, size_t limit)
{
	struct dns_msg *m = NULL;
	size_t keep = 0, end = 0;

	if (dns_msg_parse(buf, len, &m) != DNS_OK)
		return len > limit ? limit : len;
	end = m->n_q ? 0 : DNS_HEADER_LEN;
	for (size_t i = 0; i < m->n[DNS_S_ANSWER]; i++) {
		const struct dns_rr *rr = &m->rr[DNS_S_ANSWER][i];
		if (rr->rdoff + rr->rdlen > limit)
			break;
		keep = i + 1;
		end = rr->rdoff + rr->rdlen;
	}
	if (keep == 0) {
		/* header and question only */
		size_t qend = DNS_HEADER_LEN;
		struct dns_name n;
		if (dns_name_unpack(buf, len, &qend, &n) == DNS_OK)
			end = qend + 4;
	}
	wire_put16(buf + 6, (uint16_t)keep);
	wire_put16(buf + 8, 0);
	wire_put16(buf + 10, 0);
	dns_msg_free(m);
	return end;
}

/* on_upstream
 * The upstream answer for a proxied query: rewrite per mode and relay it. */
static void on_upstream(void *arg, struct dns_query *q, struct dns_query_event *ev)
{
	struct pending *p = arg;
	uint8_t *out = malloc(65536);
	size_t len;
	(void)q;

	if (out == NULL) {
		free(p);
		return;
	}
	if (ev->kind == DNS_QE_IGNORED || ev->kind == DNS_QE_TCP_RETRY) {
		free(out);
		return;
	}
	if (ev->kind != DNS_QE_ANSWER) {
		fprintf(stderr, "dns_fake: upstream failed (event %d)\n", ev->kind);
		free(out);
		free(p);
		return;
	}
	struct dns_msg *m = ev->msg;
	if (p->f->mode == M_NXREWRITE && m->rcode == DNS_R_NXDOMAIN) {
		len = answer_a(p, p->id, NULL, out);
		wire_put16(out + 2, wire_be16(out + 2) | (m->flags & DNS_FLAG_RD));
	} else {
		len = m->len;
		memcpy(out, m->wire, len);
		wire_put16(out, p->id);
		if (p->tcp_fd < 0 && len > p->limit) {
			if (p->f->mode == M_NOTC) {
				len = cut_to_fit(out, len, p->limit);
			} else {
				uint8_t hdr[600];
				len = header_reply(m->wire, m->len, m->flags & 0x0f, hdr);
				memcpy(out, hdr, len);
				wire_put16(out, p->id);
				wire_put16(out + 2, (uint16_t)(m->flags | DNS_FLAG_TC));
			}
		}
	}
	send_reply(p, out, len);
	dns_msg_free(m);
	free(out);
	free(p);
}

/* spoof_first
 * spoof mode: three forged answers before the real one. */
static void spoof_first(struct fake *f, const struct pending *p)
{
	uint8_t out[1024];
	struct dns_name other;
	size_t len;

	len = answer_a(p, (uint16_t)(p->id ^ 0x5555), NULL, out);
	send_reply(p, out, len);
	dns_name_from_text("spoofed.invalid.", NULL, &other, NULL);
	len = answer_a(p, p->id, &other, out);
	send_reply(p, out, len);
	if (p->tcp_fd < 0 && addr_family(&f->spoof_from) == addr_family(&p->client)) {
		int fd = socket(addr_family(&p->client), SOCK_DGRAM | SOCK_CLOEXEC, 0);
		struct netdx_addr src = f->spoof_from;
		addr_set_port(&src, 53);
		if (fd >= 0 && bind(fd, (struct sockaddr *)&src.ss, src.len) == 0) {
			len = answer_a(p, p->id, NULL, out);
			sendto(fd, out, len, 0, (const struct sockaddr *)&p->client.ss,
			       p->client.len);
		}
		if (fd >= 0)
			close(fd);
	}
}

/* put_rr
 * One record owned by the question's name (a pointer to it) at out + *n. */
static void put_rr(uint8_t *out, size_t *n, uint16_t type, const uint8_t *rdata, uint16_t rdlen)
{
	wire_put16(out + *n, 0xc00c);
	wire_put16(out + *n + 2, type);
	wire_put16(out + *n + 4, DNS_C_IN);
	wire_put16(out + *n + 6, 0);
	wire_put16(out + *n + 8, 300);
	wire_put16(out + *n + 10, rdlen);
	memcpy(out + *n + 12, rdata, rdlen);
	*n += 12 + rdlen;
}

/* xfr_first_part
 * The xfr modes' transfer message: the question echoed, then (SOA first unless
 * xfrnosoa) an SOA, an NS and three A records; xfrnosoa puts the SOA last. */
static size_t xfr_first_part(const struct fake *f, const uint8_t *q, size_t qlen, uint8_t *out)
{
	/* clang-format off */
	static const uint8_t soa[] = {2, 'n', 's', 1, 't', 4, 't', 'e', 's', 't', 0,
				      5, 'a', 'd', 'm', 'i', 'n', 1, 't', 4, 't', 'e', 's', 't', 0,
				      0, 0, 0, 9, 0, 0, 0x0e, 0x10, 0, 0, 2, 0x58,
				      0, 1, 0x51, 0x80, 0, 0, 1, 0x2c};
	/* clang-format on */
	static const uint8_t ns[] = {2, 'n', 's', 1, 't', 4, 't', 'e', 's', 't', 0};
	bool nosoa = f->mode == M_XFRNOSOA;
	size_t n = header_reply(q, qlen, 0, out);

	wire_put16(out + 2, DNS_FLAG_QR | DNS_FLAG_AA);
	if (!nosoa)
		put_rr(out, &n, DNS_T_SOA, soa, sizeof(soa));
	put_rr(out, &n, DNS_T_NS, ns, sizeof(ns));
	for (uint8_t i = 1; i <= 3; i++) {
		const uint8_t a[4] = {192, 0, 2, i};
		put_rr(out, &n, DNS_T_A, a, sizeof(a));
	}
	if (nosoa)
		put_rr(out, &n, DNS_T_SOA, soa, sizeof(soa));
	wire_put16(out + 6, 5);
	return n;
}

/* answer_xfr
 * The xfr modes: a transfer over TCP gets the first part, then (xfrcut) the end
 * of the connection; anything else is REFUSED. */
static void answer_xfr(struct fake *f, const struct pending *p, const uint8_t *buf, size_t len)
{
	uint8_t out[1024];
	bool xfr = p->qtype == DNS_T_AXFR || p->qtype == DNS_T_IXFR;

	if (!xfr || p->tcp_fd < 0) {
		send_reply(p, out, header_reply(buf, len, 5, out));
		return;
	}
	send_reply(p, out, xfr_first_part(f, buf, len, out));
	if (f->mode == M_XFRCUT)
		shutdown(p->tcp_fd, SHUT_RDWR); /* on_conn reads the end and closes */
}

/* answer_by_mode
 * What the mode does itself (silence, SERVFAIL, REFUSED (over TCP only for tcprefused),
 * the raw reply, FORMERR to EDNS, every third UDP query dropped): true when the query is done with, p freed;
 * false when it goes upstream (spoof mode first sends its forgeries). */
static bool answer_by_mode(struct fake *f, struct pending *p, const struct dns_msg *m,
			   const uint8_t *buf, size_t len)
{
	uint8_t out[4096];

	switch (f->mode) {
	case M_SILENT:
		break;
	case M_FLAKY:
		if (p->tcp_fd >= 0 || ++f->udp_queries % 3 != 0)
			return false;
		break;
	case M_WHOAMI:
		send_reply(p, out, answer_whoami(p, buf, len, out));
		break;
	case M_TCPREFUSED:
		if (p->tcp_fd < 0)
			return false;
		send_reply(p, out, header_reply(buf, len, 5, out));
		break;
	case M_SERVFAIL:
	case M_REFUSED:
		send_reply(p, out, header_reply(buf, len, f->mode == M_SERVFAIL ? 2 : 5, out));
		break;
	case M_RAW:
		memcpy(out, f->raw, f->raw_len);
		if (f->raw_len >= 2)
			wire_put16(out, m->id);
		send_reply(p, out, f->raw_len);
		break;
	case M_NOEDNS:
		if (!m->edns.present)
			return false;
		send_reply(p, out, header_reply(buf, len, 1, out));
		break;
	case M_SPOOF:
		spoof_first(f, p);
		return false;
	case M_XFRCUT:
	case M_XFRHANG:
	case M_XFRNOSOA:
		answer_xfr(f, p, buf, len);
		break;
	default:
		return false;
	}
	free(p);
	return true;
}

/* ask_upstream
 * The query as the client asked it, over TCP to the upstream; on_upstream answers. */
static void ask_upstream(struct fake *f, struct pending *p, const struct dns_msg *m)
{
	struct dns_query_opts o = {.server = f->upstream, .tcp = true, .timeout_ms = 3000};

	o.spec = (struct dns_query_spec){.name = &p->qname,
					 .type = m->q[0].type,
					 .cls = m->q[0].cls,
					 .rd = (m->flags & DNS_FLAG_RD) != 0,
					 .cd = (m->flags & DNS_FLAG_CD) != 0,
					 .ad = (m->flags & DNS_FLAG_AD) != 0,
					 .edns = m->edns.present,
					 .udp_size = 1232,
					 .do_bit = m->edns.do_bit};
	if (dns_query_start(f->loop, &o, on_upstream, p) == NULL) {
		perror("dns_fake: upstream");
		free(p);
	}
}

/* handle_query
 * One query from a client: log it, then answer per mode. */
static void handle_query(struct fake *f, const uint8_t *buf, size_t len, int udp_fd,
			 const struct netdx_addr *client, int tcp_fd)
{
	struct dns_msg *m = NULL;
	char name[DNS_NAME_MAXTEXT], type[DNS_TYPE_TEXTMAX];
	struct pending *p;

	if (len < DNS_HEADER_LEN || (wire_be16(buf + 2) & DNS_FLAG_QR))
		return;
	if (dns_msg_parse(buf, len, &m) != DNS_OK || m->n_q != 1) {
		dns_msg_free(m);
		return;
	}
	dns_name_to_text(&m->q[0].name, name, sizeof(name), true);
	printf("query %u %s %s %s %s\n", m->id, name,
	       dns_type_to_text(m->q[0].type, type, sizeof(type)), tcp_fd >= 0 ? "tcp" : "udp",
	       m->edns.present ? "edns" : "noedns");
	fflush(stdout);
	p = calloc(1, sizeof(*p));
	if (p != NULL) {
		*p = (struct pending){f,     udp_fd, *client,      tcp_fd,
				      m->id, 512,    m->q[0].type, m->q[0].name};
		if (m->edns.present && m->edns.udp_size > 512)
			p->limit = m->edns.udp_size;
		if (!answer_by_mode(f, p, m, buf, len))
			ask_upstream(f, p, m);
	}
	dns_msg_free(m);
}

/* on_udp
 * Queries arriving over UDP. */
static void on_udp(void *arg, int fd, uint32_t events)
{
	struct fake *f = arg;
	uint8_t buf[65536];
	(void)events;

	for (;;) {
		struct netdx_addr from = {.len = sizeof(from.ss)};
		ssize_t n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT,
				     (struct sockaddr *)&from.ss, &from.len);
		if (n < 0)
			return;
		handle_query(f, buf, (size_t)n, fd, &from, -1);
	}
}

/* on_conn
 * Length-prefixed queries on one TCP connection. */
static void on_conn(void *arg, int fd, uint32_t events)
{
	struct conn *c = arg;
	(void)events;

	for (;;) {
		ssize_t n = recv(fd, c->buf + c->len, sizeof(c->buf) - c->len, MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			/* answers still in flight for this connection are dropped with it */
			loop_del_fd(c->f->loop, fd);
			close(fd);
			free(c);
			return;
		}
		c->len += (size_t)n;
		while (c->len >= 2 && c->len >= 2 + (size_t)wire_be16(c->buf)) {
			size_t mlen = wire_be16(c->buf);
			struct netdx_addr none = {0};
			handle_query(c->f, c->buf + 2, mlen, -1, &none, fd);
			memmove(c->buf, c->buf + 2 + mlen, c->len - 2 - mlen);
			c->len -= 2 + mlen;
		}
	}
}

/* on_accept
 * A new TCP client. */
static void on_accept(void *arg, int fd, uint32_t events)
{
	struct fake *f = arg;
	(void)events;

	for (;;) {
		int c = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (c < 0)
			return;
		struct conn *cn = calloc(1, sizeof(*cn));
		if (cn == NULL) {
			close(c);
			continue;
		}
		cn->f = f;
		cn->fd = c;
		loop_add_fd(f->loop, c, LOOP_IN, on_conn, cn);
	}
}

/* open_listeners
 * UDP and (unless notcp) TCP sockets on addr:port. */
static void open_listeners(struct fake *f, struct netdx_addr *addr, uint16_t port)
{
	int one = 1;
	size_t i = f->n_listen++;

	addr_set_port(addr, port);
	f->udp[i] = socket(addr_family(addr), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (f->udp[i] < 0)
		die("socket");
	setsockopt(f->udp[i], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(f->udp[i], (struct sockaddr *)&addr->ss, addr->len) < 0)
		die("bind udp");
	loop_add_fd(f->loop, f->udp[i], LOOP_IN, on_udp, f);
	f->tcp[i] = -1;
	if (f->mode == M_NOTCP)
		return;
	f->tcp[i] = socket(addr_family(addr), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (f->tcp[i] < 0)
		die("socket");
	setsockopt(f->tcp[i], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(f->tcp[i], (struct sockaddr *)&addr->ss, addr->len) < 0 ||
	    listen(f->tcp[i], 16) < 0)
		die("bind tcp");
	loop_add_fd(f->loop, f->tcp[i], LOOP_IN, on_accept, f);
}

/* on_signal
 * SIGTERM / SIGINT: stop. */
static void on_signal(void *arg, int signo)
{
	(void)signo;
	loop_stop(arg);
}

/* parse_mode
 * Mode name to enum; exits on an unknown one. */
static enum fake_mode parse_mode(const char *s)
{
	static const char *names[] = {"servfail",  "refused",  "silent",     "proxy",
				      "nxrewrite", "noedns",   "notcp",      "notc",
				      "spoof",     "raw",      "flaky",      "xfrcut",
				      "xfrhang",   "xfrnosoa", "tcprefused", "whoami"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return (enum fake_mode)i;
	fprintf(stderr, "dns_fake: unknown mode: %s\n", s);
	exit(2);
}

/* parse_hex
 * --reply-hex bytes. */
static size_t parse_hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	while (s[0] && s[1] && n < cap) {
		unsigned v;
		if (sscanf(s, "%2x", &v) != 1) {
			fprintf(stderr, "dns_fake: bad hex\n");
			exit(2);
		}
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

/* The command line, once read. */
struct fake_args {
	const char *mode;                          /* --mode */
	struct netdx_addr listen[FAKE_MAX_LISTEN]; /* --listen, each */
	size_t n_listen;
	long port; /* --port, 53 by default */
};

/* parse_upstream
 * --upstream ADDR[#PORT] into f->upstream; false when it is not one. */
static bool parse_upstream(struct fake *f, const char *arg)
{
	char host[128];
	long port = 53;

	snprintf(host, sizeof(host), "%s", arg);
	char *hash = strchr(host, '#');
	if (hash) {
		*hash = '\0';
		if (cli_parse_long(hash + 1, 1, 65535, &port) != CLI_OK)
			return false;
	}
	if (!addr_parse_literal(host, AF_UNSPEC, &f->upstream))
		return false;
	addr_set_port(&f->upstream, (uint16_t)port);
	return true;
}

/* parse_args
 * The options into a and f; false (with a line on stderr) when one is bad. */
static bool parse_args(int argc, char **argv, struct fake_args *a, struct fake *f)
{
	static const struct option opts[] = {{"mode", required_argument, NULL, 'm'},
					     {"listen", required_argument, NULL, 'l'},
					     {"port", required_argument, NULL, 'p'},
					     {"upstream", required_argument, NULL, 'u'},
					     {"spoof-from", required_argument, NULL, 's'},
					     {"reply-hex", required_argument, NULL, 'x'},
					     {NULL, 0, NULL, 0}};
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		bool ok = true;
		if (c == 'm')
			a->mode = optarg;
		else if (c == 'l')
			ok = a->n_listen < FAKE_MAX_LISTEN &&
			     addr_parse_literal(optarg, AF_UNSPEC, &a->listen[a->n_listen++]);
		else if (c == 'p')
			ok = cli_parse_long(optarg, 1, 65535, &a->port) == CLI_OK;
		else if (c == 'u')
			ok = parse_upstream(f, optarg);
		else if (c == 's')
			ok = addr_parse_literal(optarg, AF_UNSPEC, &f->spoof_from);
		else if (c == 'x')
			f->raw_len = parse_hex(optarg, f->raw, sizeof(f->raw));
		else
			return false;
		for (const struct option *o = opts; !ok && o->name; o++)
			if (o->val == c)
				fprintf(stderr, "dns_fake: bad --%s %s\n", o->name, optarg);
		if (!ok)
			return false;
	}
	return true;
}

/* main
 * Options, sockets, "ready", then the loop until SIGTERM. */
int main(int argc, char **argv)
{
	struct fake *fp = calloc(1, sizeof(*fp));
	struct fake_args a = {.port = 53};

	if (fp == NULL)
		die("calloc");
	if (!parse_args(argc, argv, &a, fp))
		return 2;
	if (a.mode == NULL || a.n_listen == 0) {
		fprintf(stderr, "usage: dns_fake --mode MODE --listen ADDR... [--port N] "
				"[--upstream ADDR[#PORT]] [--spoof-from ADDR] [--reply-hex HEX]\n");
		return 2;
	}
	fp->mode = parse_mode(a.mode);
	fp->loop = loop_new();
	if (fp->loop == NULL)
		die("loop");
	for (size_t i = 0; i < a.n_listen; i++)
		open_listeners(fp, &a.listen[i], (uint16_t)a.port);
	loop_watch_signal(fp->loop, SIGTERM, on_signal, fp->loop);
	loop_watch_signal(fp->loop, SIGINT, on_signal, fp->loop);
	printf("ready\n");
	fflush(stdout);
	loop_run(fp->loop);
	for (size_t i = 0; i < fp->n_listen; i++) {
		close(fp->udp[i]);
		if (fp->tcp[i] >= 0)
			close(fp->tcp[i]);
	}
	loop_free(fp->loop);
	free(fp);
	return 0;
}
