/* test_dns_query.c — the network side of the DNS library on loopback (each unit test
 * binary runs in a throw-away namespace): one exchange (dns_query) with answers,
 * timeouts, refused ports, spoofed replies, truncation and TCP, malformed replies,
 * many queries at once with their own IDs and ports; and the stub resolver
 * (dns_resolver): search list and ndots, failover, attempts, rotate, EDNS0, PTR,
 * bad names, cancel. The servers are a fake on the same event loop. */
#include "netdx/dns_query.h"
#include "netdx/dns_resolver.h"
#include "netdx/dns_type.h"
#include "netdx/wire.h"
#include "unit.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define FAKE_SERVERS 3 /* 127.0.0.1, .2 and .3, one port */
#define LOG_MAX 256

/* A query the fake saw. */
struct seen {
	char name[DNS_NAME_MAXTEXT];
	uint16_t id;
	uint16_t port; /* client's source port */
	int server;    /* which fake */
	bool tcp;
	bool edns;
};

/* The fake servers: one UDP and one TCP socket each on 127.0.0.(i+1):port. */
struct fake {
	struct loop *loop;
	uint16_t port;
	int udp[FAKE_SERVERS];
	int tcp[FAKE_SERVERS];
	bool silent[FAKE_SERVERS];   /* read and never answer */
	bool servfail[FAKE_SERVERS]; /* answer SERVFAIL */
	struct seen log[LOG_MAX];
	size_t n_log;
};

static struct fake fk;

/* Callbacks still expected; the loop stops when none is left (the fake's sockets
 * would keep it running forever otherwise). */
static int expecting;
static struct loop_timer guard = LOOP_TIMER_INIT;

/* on_guard
 * A test that waits too long fails instead of hanging. */
static void on_guard(void *arg)
{
	(void)arg;
	CU_FAIL("callback did not come within 10 s");
	loop_stop(fk.loop);
}

/* run_expecting
 * Run the loop until n callbacks came (or 10 s passed). */
static void run_expecting(int n)
{
	expecting = n;
	loop_timer_arm(fk.loop, &guard, loop_now_ns() + 10000000000u, on_guard, NULL);
	if (n > 0)
		loop_run(fk.loop);
	loop_timer_disarm(fk.loop, &guard);
}

/* one_done
 * A callback came. */
static void one_done(void)
{
	if (--expecting <= 0)
		loop_stop(fk.loop);
}

/* has_label
 * The name has a label starting with prefix. */
static bool has_label(const struct dns_name *n, const char *prefix)
{
	size_t pos = 0, l = strlen(prefix);

	while (pos < n->len && n->wire[pos]) {
		uint8_t len = n->wire[pos];
		if (len >= l && memcmp(n->wire + pos + 1, prefix, l) == 0)
			return true;
		pos += (size_t)len + 1;
	}
	return false;
}

/* fake_log
 * Note the query (name, ID, which server, transport, EDNS) for the test's checks. */
static void fake_log(const struct dns_msg *m, int server, bool tcp)
{
	if (fk.n_log < LOG_MAX) {
		struct seen *s = &fk.log[fk.n_log++];
		dns_name_to_text(&m->q[0].name, s->name, sizeof(s->name), true);
		s->id = m->id;
		s->server = server;
		s->tcp = tcp;
		s->edns = m->edns.present;
	}
}

/* fake_spoofs
 * Two forgeries as [len][bytes], before the answer: another ID, then another question
 * (the name's case changed is fine: a different name is not). q[0..pos) is the query
 * up to the end of its question. Returns the bytes written. */
static size_t fake_spoofs(const uint8_t *q, size_t pos, uint16_t id, uint8_t *out)
{
	uint8_t *o = out + 2;

	memcpy(o, q, pos);
	wire_put16(o, (uint16_t)(id ^ 0xffff));
	wire_put16(o + 2, 0x8180);
	wire_put16(o + 6, 0);
	wire_put16(o + 10, 0);
	wire_put16(out, (uint16_t)pos);
	o += pos + 2;
	memcpy(o, q, pos);
	wire_put16(o + 2, 0x8180);
	wire_put16(o + 10, 0);
	o[DNS_HEADER_LEN + 1] ^= 0x01; /* first letter changes */
	wire_put16(o - 2, (uint16_t)pos);
	return 2 * (2 + pos);
}

/* fake_answer
 * The answer as [len][bytes]: its rcode, TC bit and record from the name's labels
 * (nx, nodata, sf, tc, bad) and the server's settings. Returns the bytes written. */
static size_t fake_answer(const struct dns_msg *m, int server, bool tcp, const uint8_t *q,
			  size_t pos, uint8_t *out)
{
	static const uint8_t rr[] = {0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1};
	static const uint8_t ptr[] = {0xc0, 12, 0, 12, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 12};
	const struct dns_name *name = &m->q[0].name;
	unsigned rcode = 0;
	bool answer = m->q[0].type == DNS_T_A || m->q[0].type == DNS_T_PTR, tc = false;
	uint8_t *o = out + 2;
	size_t n = pos;

	if (has_label(name, "missing") || has_label(name, "nx"))
		rcode = 3, answer = false;
	if (has_label(name, "nodata"))
		answer = false;
	if (fk.servfail[server] || has_label(name, "sf"))
		rcode = 2, answer = false;
	if (has_label(name, "tc") && !tcp)
		tc = true, answer = false;
	memcpy(o, q, pos);
	wire_put16(o + 2, (uint16_t)(0x8080 | (wire_be16(q + 2) & DNS_FLAG_RD) | rcode |
				     (tc ? DNS_FLAG_TC : 0)));
	wire_put16(o + 6, answer ? 1 : 0);
	wire_put16(o + 8, 0);
	wire_put16(o + 10, 0);
	if (has_label(name, "bad")) {
		wire_put16(o + 6, 1); /* claims an answer it does not carry */
	} else if (answer && m->q[0].type == DNS_T_PTR) {
		memcpy(o + n, ptr, sizeof(ptr));
		n += sizeof(ptr);
	} else if (answer) {
		memcpy(o + n, rr, sizeof(rr));
		n += sizeof(rr);
	}
	wire_put16(out, (uint16_t)n);
	return 2 + n;
}

/* fake_reply
 * Build the fake's reply into out; returns its length (0: no reply). Several
 * replies (spoofs first) are written one after another as [len][bytes]. */
static size_t fake_reply(int server, bool tcp, const uint8_t *q, size_t qlen, uint8_t *out)
{
	struct dns_msg *m = NULL;
	struct dns_name qn;
	size_t pos = DNS_HEADER_LEN, total = 0;

	if (dns_msg_parse(q, qlen, &m) != DNS_OK || m->n_q != 1) {
		dns_msg_free(m);
		return 0;
	}
	fake_log(m, server, tcp);
	/* the question ends 4 octets after its name */
	dns_name_unpack(q, qlen, &pos, &qn);
	pos += 4;
	if (!fk.silent[server]) {
		if (has_label(&m->q[0].name, "spoof"))
			total = fake_spoofs(q, pos, m->id, out);
		total += fake_answer(m, server, tcp, q, pos, out + total);
	}
	dns_msg_free(m);
	return total;
}

/* which
 * The fake index of a socket. */
static int which(int fd, const int *fds)
{
	for (int i = 0; i < FAKE_SERVERS; i++)
		if (fds[i] == fd)
			return i;
	return 0;
}

static void fake_on_udp(void *arg, int fd, uint32_t events)
{
	uint8_t q[2048], out[8192];
	(void)arg;
	(void)events;

	for (;;) {
		struct sockaddr_in from;
		socklen_t flen = sizeof(from);
		ssize_t n =
			recvfrom(fd, q, sizeof(q), MSG_DONTWAIT, (struct sockaddr *)&from, &flen);
		if (n < 0)
			return;
		int server = which(fd, fk.udp);
		size_t total = fake_reply(server, false, q, (size_t)n, out);
		if (fk.n_log > 0)
			fk.log[fk.n_log - 1].port = ntohs(from.sin_port);
		for (size_t pos = 0; pos + 2 <= total;) {
			size_t len = wire_be16(out + pos);
			sendto(fd, out + pos + 2, len, 0, (struct sockaddr *)&from, flen);
			pos += 2 + len;
		}
	}
}

static void fake_on_conn(void *arg, int fd, uint32_t events)
{
	uint8_t q[2048], out[8192];
	int server = (int)(intptr_t)arg;
	(void)events;

	ssize_t n = recv(fd, q, sizeof(q), MSG_DONTWAIT);
	if (n < 0 && errno == EAGAIN)
		return;
	if (n >= 2) {
		size_t total = fake_reply(server, true, q + 2, (size_t)n - 2, out);
		if (total > 0 && send(fd, out, total, MSG_NOSIGNAL) < 0)
			perror("fake: send");
		if (total > 0)
			return; /* the client closes */
	}
	loop_del_fd(fk.loop, fd);
	close(fd);
}

static void fake_on_accept(void *arg, int fd, uint32_t events)
{
	(void)arg;
	(void)events;
	int c = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (c >= 0)
		loop_add_fd(fk.loop, c, LOOP_IN, fake_on_conn, (void *)(intptr_t)which(fd, fk.tcp));
}

/* fake_addr
 * 127.0.0.(i+1):port. */
static struct netdx_addr fake_addr(int i)
{
	struct netdx_addr a;
	char buf[32];

	snprintf(buf, sizeof(buf), "127.0.0.%d", i + 1);
	addr_parse_literal(buf, AF_INET, &a);
	addr_set_port(&a, fk.port);
	return a;
}

/* fake_start
 * Bind every fake (the first picks the port) on a new loop. */
static void fake_start(void)
{
	int one = 1;

	memset(&fk, 0, sizeof(fk));
	fk.loop = loop_new();
	for (int i = 0; i < FAKE_SERVERS; i++) {
		struct netdx_addr a = fake_addr(i);
		fk.udp[i] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		CU_ASSERT_FATAL(bind(fk.udp[i], (struct sockaddr *)&a.ss, a.len) == 0);
		if (i == 0) {
			struct sockaddr_in sin;
			socklen_t len = sizeof(sin);
			getsockname(fk.udp[0], (struct sockaddr *)&sin, &len);
			fk.port = ntohs(sin.sin_port);
		}
		a = fake_addr(i);
		fk.tcp[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		setsockopt(fk.tcp[i], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		CU_ASSERT_FATAL(bind(fk.tcp[i], (struct sockaddr *)&a.ss, a.len) == 0);
		CU_ASSERT_FATAL(listen(fk.tcp[i], 64) == 0);
		loop_add_fd(fk.loop, fk.udp[i], LOOP_IN, fake_on_udp, NULL);
		loop_add_fd(fk.loop, fk.tcp[i], LOOP_IN, fake_on_accept, NULL);
	}
}

static void fake_stop(void)
{
	for (int i = 0; i < FAKE_SERVERS; i++) {
		close(fk.udp[i]);
		close(fk.tcp[i]);
	}
	loop_free(fk.loop);
}

/* What a test's query callback saw. */
struct got {
	int events[8];         /* kinds in order */
	enum dns_match why[8]; /* for IGNORED */
	size_t n;
	int final; /* the final kind, -1 while none */
	int err;
	bool tcp;
	unsigned rcode;
	bool tc_flag;
	size_t answers;
	double rtt;
	uint16_t id;
	enum dns_status status;
	unsigned finals; /* final events seen (must be 1) */
	bool setup;      /* the final event's */
	char detail[64]; /* ... and its words, "" without */
};

static void on_event(void *arg, struct dns_query *q, struct dns_query_event *ev)
{
	struct got *g = arg;
	(void)q;

	if (g->n < 8) {
		g->events[g->n] = ev->kind;
		g->why[g->n++] = ev->why;
	}
	if (ev->kind == DNS_QE_IGNORED || ev->kind == DNS_QE_TCP_RETRY)
		return;
	g->finals++;
	g->final = ev->kind;
	g->err = ev->err;
	g->tcp = ev->tcp;
	g->id = ev->id;
	g->status = ev->status;
	g->setup = ev->setup;
	snprintf(g->detail, sizeof(g->detail), "%s", ev->detail ? ev->detail : "");
	if (ev->kind == DNS_QE_ANSWER) {
		g->rcode = ev->msg->rcode;
		g->tc_flag = (ev->msg->flags & DNS_FLAG_TC) != 0;
		g->answers = ev->msg->n[DNS_S_ANSWER];
		g->rtt = ev->rtt_ms;
		dns_msg_free(ev->msg);
	}
	one_done();
}

/* ask
 * One query of name (type A) to fake server i, run to completion. */
static void ask(const char *name, int i, bool tcp, bool fallback, unsigned timeout_ms,
		struct got *g)
{
	static struct dns_name n;
	struct dns_query_opts o = {.server = fake_addr(i),
				   .tcp = tcp,
				   .tc_fallback = fallback,
				   .timeout_ms = timeout_ms};

	memset(g, 0, sizeof(*g));
	g->final = -1;
	dns_name_from_text(name, NULL, &n, NULL);
	o.spec = (struct dns_query_spec){.name = &n, .type = DNS_T_A, .cls = 1, .rd = true};
	CU_ASSERT_PTR_NOT_NULL_FATAL(dns_query_start(fk.loop, &o, on_event, g));
	run_expecting(1);
}

static void test_query_answer(void)
{
	struct got g;

	fake_start();
	ask("www.test", 0, false, false, 2000, &g);
	CU_ASSERT_EQUAL(g.finals, 1);
	CU_ASSERT_EQUAL(g.final, DNS_QE_ANSWER);
	CU_ASSERT_EQUAL(g.answers, 1);
	CU_ASSERT_FALSE(g.tcp);
	CU_ASSERT(g.rtt > 0 && g.rtt < 1000);
	CU_ASSERT_EQUAL(fk.n_log, 1);
	CU_ASSERT_EQUAL(fk.log[0].id, g.id);
	CU_ASSERT(fk.log[0].port >= 1024);
	ask("www.test", 1, true, false, 2000, &g);
	CU_ASSERT_EQUAL(g.final, DNS_QE_ANSWER);
	CU_ASSERT_TRUE(g.tcp);
	CU_ASSERT_TRUE(fk.log[1].tcp);
	fake_stop();
}

static void test_query_timeout_and_refused(void)
{
	struct got g;
	uint64_t t0;

	fake_start();
	fk.silent[0] = true;
	t0 = loop_now_ns();
	ask("www.test", 0, false, false, 200, &g);
	CU_ASSERT_EQUAL(g.final, DNS_QE_TIMEOUT);
	CU_ASSERT(loop_now_ns() - t0 >= 200000000u);
	CU_ASSERT(loop_now_ns() - t0 < 1000000000u);
	/* nothing listens on 127.0.0.4: the ICMP error ends the query at once */
	static struct dns_name n;
	struct dns_query_opts o = {.timeout_ms = 2000};
	addr_parse_literal("127.0.0.4", AF_INET, &o.server);
	addr_set_port(&o.server, fk.port);
	dns_name_from_text("x.test", NULL, &n, NULL);
	o.spec = (struct dns_query_spec){.name = &n, .type = DNS_T_A, .cls = 1};
	memset(&g, 0, sizeof(g));
	t0 = loop_now_ns();
	CU_ASSERT_PTR_NOT_NULL_FATAL(dns_query_start(fk.loop, &o, on_event, &g));
	run_expecting(1);
	CU_ASSERT_EQUAL(g.final, DNS_QE_NETERR);
	CU_ASSERT_EQUAL(g.err, ECONNREFUSED);
	CU_ASSERT(loop_now_ns() - t0 < 1000000000u);
	/* and over TCP: refused while connecting */
	o.tcp = true;
	memset(&g, 0, sizeof(g));
	CU_ASSERT_PTR_NOT_NULL_FATAL(dns_query_start(fk.loop, &o, on_event, &g));
	run_expecting(1);
	CU_ASSERT_EQUAL(g.final, DNS_QE_NETERR);
	CU_ASSERT_EQUAL(g.err, ECONNREFUSED);
	fake_stop();
}

static void test_query_spoofs_ignored(void)
{
	struct got g;

	fake_start();
	ask("spoof.test", 0, false, false, 2000, &g);
	CU_ASSERT_EQUAL_FATAL(g.n, 3);
	CU_ASSERT_EQUAL(g.events[0], DNS_QE_IGNORED);
	CU_ASSERT_EQUAL(g.why[0], DNS_M_WRONG_ID);
	CU_ASSERT_EQUAL(g.events[1], DNS_QE_IGNORED);
	CU_ASSERT_EQUAL(g.why[1], DNS_M_WRONG_QUESTION);
	CU_ASSERT_EQUAL(g.events[2], DNS_QE_ANSWER);
	CU_ASSERT_EQUAL(g.answers, 1);
	fake_stop();
}

static void test_query_truncation(void)
{
	struct got g;

	fake_start();
	ask("tc.test", 0, false, false, 2000, &g);
	CU_ASSERT_EQUAL(g.final, DNS_QE_ANSWER);
	CU_ASSERT_TRUE(g.tc_flag);
	CU_ASSERT_FALSE(g.tcp);
	ask("tc.test", 0, false, true, 2000, &g);
	CU_ASSERT_EQUAL_FATAL(g.n, 2);
	CU_ASSERT_EQUAL(g.events[0], DNS_QE_TCP_RETRY);
	CU_ASSERT_EQUAL(g.final, DNS_QE_ANSWER);
	CU_ASSERT_FALSE(g.tc_flag);
	CU_ASSERT_TRUE(g.tcp);
	CU_ASSERT_EQUAL(g.answers, 1);
	fake_stop();
}

static void test_query_malformed(void)
{
	struct got g;

	fake_start();
	ask("bad.test", 0, false, false, 2000, &g);
	CU_ASSERT_EQUAL(g.final, DNS_QE_BADMSG);
	CU_ASSERT_EQUAL(g.status, DNS_E_SHORT);
	fake_stop();
}

static void test_query_many_in_flight(void)
{
	enum {
		N = 40
	};
	static struct got g[N];
	static struct dns_name n;
	unsigned distinct_ports = 0, distinct_ids = 0;

	fake_start();
	dns_name_from_text("many.test", NULL, &n, NULL);
	for (int i = 0; i < N; i++) {
		struct dns_query_opts o = {.server = fake_addr(i % FAKE_SERVERS),
					   .timeout_ms = 3000};
		o.spec = (struct dns_query_spec){.name = &n, .type = DNS_T_A, .cls = 1};
		memset(&g[i], 0, sizeof(g[i]));
		CU_ASSERT_PTR_NOT_NULL_FATAL(dns_query_start(fk.loop, &o, on_event, &g[i]));
	}
	run_expecting(N);
	for (int i = 0; i < N; i++) {
		CU_ASSERT_EQUAL(g[i].final, DNS_QE_ANSWER);
		CU_ASSERT_EQUAL(g[i].finals, 1);
	}
	CU_ASSERT_EQUAL_FATAL(fk.n_log, N);
	for (size_t i = 0; i < fk.n_log; i++) {
		bool port_new = true, id_new = true;
		for (size_t j = 0; j < i; j++) {
			port_new = port_new && fk.log[j].port != fk.log[i].port;
			id_new = id_new && fk.log[j].id != fk.log[i].id;
		}
		distinct_ports += port_new;
		distinct_ids += id_new;
	}
	CU_ASSERT_EQUAL(distinct_ports, N); /* a socket each: ports cannot repeat */
	CU_ASSERT(distinct_ids >= N - 3);   /* 16-bit random IDs: collisions are rare */
	fake_stop();
}

/* on_quiet
 * End of a wait that should see no callback. */
static void on_quiet(void *arg)
{
	(void)arg;
	loop_stop(fk.loop);
}

static void test_query_cancel(void)
{
	static struct dns_name n;
	struct got g = {0};
	struct dns_query *q;

	fake_start();
	fk.silent[0] = true;
	dns_name_from_text("x.test", NULL, &n, NULL);
	struct dns_query_opts o = {.server = fake_addr(0), .timeout_ms = 5000};
	o.spec = (struct dns_query_spec){.name = &n, .type = DNS_T_A, .cls = 1};
	q = dns_query_start(fk.loop, &o, on_event, &g);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	dns_query_cancel(q);
	/* nothing of the query is left: no callback in the next half second */
	expecting = 1;
	loop_timer_arm(fk.loop, &guard, loop_now_ns() + 500000000u, on_quiet, NULL);
	loop_run(fk.loop);
	CU_ASSERT_EQUAL(g.finals, 0);
	fake_stop();
}

/* What a resolution gave. */
struct rgot {
	int status;
	char qname[DNS_NAME_MAXTEXT];
	unsigned rcode;
	size_t answers;
	unsigned queries;
	int calls;
};

static void on_resolved(void *arg, struct dns_resolve_result *res)
{
	struct rgot *g = arg;

	g->calls++;
	g->status = res->status;
	g->queries = res->queries;
	if (res->msg) {
		dns_name_to_text(&res->qname, g->qname, sizeof(g->qname), true);
		g->rcode = res->msg->rcode;
		g->answers = res->msg->n[DNS_S_ANSWER];
		dns_msg_free(res->msg);
	}
	one_done();
}

/* resolver_for
 * A resolver asking fake servers first..first+n-1 (in that order). */
static struct dns_resolver *resolver_for(int first, int n, const char *extra)
{
	struct dns_conf c;
	char text[512];
	int k = 0;

	for (int i = 0; i < n; i++)
		k += snprintf(text + k, sizeof(text) - (size_t)k, "nameserver 127.0.0.%d\n",
			      first + i + 1);
	snprintf(text + k, sizeof(text) - (size_t)k, "options timeout:1\n%s", extra);
	CU_ASSERT_EQUAL(dns_conf_parse(text, strlen(text), true, &c, NULL), DNS_OK);
	struct dns_resolver *r = dns_resolver_new(fk.loop, &c);
	dns_resolver_set_port(r, fk.port);
	return r;
}

/* resolve
 * One resolution, run to completion. */
static void resolve(struct dns_resolver *r, const char *name, struct rgot *g)
{
	memset(g, 0, sizeof(*g));
	g->status = -1;
	CU_ASSERT_PTR_NOT_NULL_FATAL(dns_resolve_start(r, name, DNS_T_A, on_resolved, g));
	run_expecting(1);
	CU_ASSERT_EQUAL(g->calls, 1);
}

static void test_resolver_search(void)
{
	struct rgot g;

	fake_start();
	struct dns_resolver *r = resolver_for(0, 1, "search missing.test b.test\n");
	resolve(r, "host", &g);
	CU_ASSERT_EQUAL(g.status, DNS_RS_ANSWER);
	CU_ASSERT_STRING_EQUAL(g.qname, "host.b.test.");
	CU_ASSERT_EQUAL(g.answers, 1);
	CU_ASSERT_EQUAL(fk.n_log, 2);
	CU_ASSERT_STRING_EQUAL(fk.log[0].name, "host.missing.test.");
	/* a dot (ndots 1): as it is first */
	fk.n_log = 0;
	resolve(r, "x.y", &g);
	CU_ASSERT_STRING_EQUAL(fk.log[0].name, "x.y.");
	CU_ASSERT_STRING_EQUAL(g.qname, "x.y.");
	/* absolute: only as it is, and NXDOMAIN is the answer */
	fk.n_log = 0;
	resolve(r, "nx.test.", &g);
	CU_ASSERT_EQUAL(fk.n_log, 1);
	CU_ASSERT_EQUAL(g.status, DNS_RS_ANSWER);
	CU_ASSERT_EQUAL(g.rcode, 3);
	/* no data anywhere: the first no-data answer, after trying every name */
	fk.n_log = 0;
	resolve(r, "nodata", &g);
	CU_ASSERT_EQUAL(fk.n_log, 3);
	CU_ASSERT_STRING_EQUAL(fk.log[2].name, "nodata.");
	CU_ASSERT_EQUAL(g.rcode, 0);
	CU_ASSERT_EQUAL(g.answers, 0);
	CU_ASSERT_STRING_EQUAL(g.qname, "nodata.b.test.");
	dns_resolver_free(r);
	/* ndots 2: "x.y" gets the search list first */
	r = resolver_for(0, 1, "search b.test\noptions ndots:2\n");
	fk.n_log = 0;
	resolve(r, "x.y", &g);
	CU_ASSERT_STRING_EQUAL(fk.log[0].name, "x.y.b.test.");
	dns_resolver_free(r);
	fake_stop();
}

static void test_resolver_failover(void)
{
	struct rgot g;

	fake_start();
	fk.servfail[0] = true;
	struct dns_resolver *r = resolver_for(0, 2, "");
	resolve(r, "www.test", &g);
	CU_ASSERT_EQUAL(g.status, DNS_RS_ANSWER);
	CU_ASSERT_EQUAL(fk.n_log, 2);
	CU_ASSERT_EQUAL(fk.log[0].server, 0);
	CU_ASSERT_EQUAL(fk.log[1].server, 1);
	/* every server fails, twice each with attempts:2 */
	fk.servfail[1] = true;
	dns_resolver_free(r);
	r = resolver_for(0, 2, "options attempts:2\n");
	fk.n_log = 0;
	resolve(r, "www.test", &g);
	CU_ASSERT_EQUAL(g.status, DNS_RS_FAILED);
	CU_ASSERT_EQUAL(fk.n_log, 4);
	CU_ASSERT_EQUAL(g.queries, 4);
	dns_resolver_free(r);
	/* a silent first server: its timeout, then the second */
	fk.servfail[0] = fk.servfail[1] = false;
	fk.silent[0] = true;
	r = resolver_for(0, 2, "");
	resolve(r, "www.test", &g);
	CU_ASSERT_EQUAL(g.status, DNS_RS_ANSWER);
	fk.silent[1] = true;
	resolve(r, "www.test", &g);
	CU_ASSERT_EQUAL(g.status, DNS_RS_TIMEOUT);
	dns_resolver_free(r);
	fake_stop();
}

static void test_resolver_rotate_edns_tc(void)
{
	struct rgot g;

	fake_start();
	struct dns_resolver *r = resolver_for(0, 3, "options rotate edns0\n");
	for (int i = 0; i < 3; i++)
		resolve(r, "www.test", &g);
	CU_ASSERT_EQUAL_FATAL(fk.n_log, 3);
	CU_ASSERT_EQUAL(fk.log[0].server, 0);
	CU_ASSERT_EQUAL(fk.log[1].server, 1);
	CU_ASSERT_EQUAL(fk.log[2].server, 2);
	CU_ASSERT_TRUE(fk.log[0].edns);
	fk.n_log = 0;
	resolve(r, "tc.test", &g);
	CU_ASSERT_EQUAL(g.status, DNS_RS_ANSWER);
	CU_ASSERT_EQUAL(g.answers, 1);
	CU_ASSERT_EQUAL(fk.n_log, 2);
	CU_ASSERT_TRUE(fk.log[1].tcp);
	dns_resolver_free(r);
	fake_stop();
}

static void test_resolver_ptr_badname_cancel(void)
{
	struct rgot g = {0}, g2 = {0};
	struct netdx_addr a;

	fake_start();
	struct dns_resolver *r = resolver_for(0, 1, "search b.test\n");
	addr_parse_literal("192.0.2.1", AF_INET, &a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dns_resolve_ptr(r, &a, on_resolved, &g));
	run_expecting(1);
	CU_ASSERT_EQUAL(g.status, DNS_RS_ANSWER);
	CU_ASSERT_STRING_EQUAL(g.qname, "1.2.0.192.in-addr.arpa.");
	CU_ASSERT_EQUAL(g.answers, 1);
	CU_ASSERT_EQUAL(fk.n_log, 1); /* no search list for addresses */
	resolve(r, "a..b", &g);
	CU_ASSERT_EQUAL(g.status, DNS_RS_BADNAME);
	/* cancel one, free the resolver with another pending: no callback either way */
	fk.silent[0] = true;
	memset(&g, 0, sizeof(g));
	struct dns_resolve *res = dns_resolve_start(r, "www.test", DNS_T_A, on_resolved, &g);
	dns_resolve_start(r, "www2.test", DNS_T_A, on_resolved, &g2);
	CU_ASSERT_EQUAL(dns_resolver_pending(r), 2);
	dns_resolve_cancel(res);
	CU_ASSERT_EQUAL(dns_resolver_pending(r), 1);
	dns_resolver_free(r);
	expecting = 1;
	loop_timer_arm(fk.loop, &guard, loop_now_ns() + 500000000u, on_quiet, NULL);
	loop_run(fk.loop);
	CU_ASSERT_EQUAL(g.calls, 0);
	CU_ASSERT_EQUAL(g2.calls, 0);
	fake_stop();
}

static void test_resolver_many(void)
{
	enum {
		N = 50
	};
	static struct rgot g[N];

	fake_start();
	struct dns_resolver *r = resolver_for(0, 3, "search missing.test\n");
	for (int i = 0; i < N; i++) {
		char name[32];
		snprintf(name, sizeof(name), "h%d", i);
		memset(&g[i], 0, sizeof(g[i]));
		CU_ASSERT_PTR_NOT_NULL_FATAL(
			dns_resolve_start(r, name, DNS_T_A, on_resolved, &g[i]));
	}
	CU_ASSERT_EQUAL(dns_resolver_pending(r), N);
	run_expecting(N);
	CU_ASSERT_EQUAL(dns_resolver_pending(r), 0);
	for (int i = 0; i < N; i++) {
		CU_ASSERT_EQUAL(g[i].calls, 1);
		CU_ASSERT_EQUAL(g[i].status, DNS_RS_ANSWER);
		CU_ASSERT_EQUAL(g[i].answers, 1);
	}
	dns_resolver_free(r);
	fake_stop();
}

/* A stream layer of the test's: plain bytes, a handshake of `steps` steps that each
 * wait for the socket to be writable, or one that fails or never ends. */
struct layer_fake {
	int steps;      /* handshake steps before it is done (-1: fails, -2: never ends) */
	int fd;         /* the session's socket */
	int left;       /* steps still to go */
	unsigned opens; /* sessions opened */
	unsigned closes;
	unsigned reads, writes; /* calls that moved bytes */
	char name[32];          /* the name it was opened with ("-": none) */
};
static struct layer_fake lf;

static void *lf_open(const void *ctx, int fd, const char *name)
{
	(void)ctx;
	lf.fd = fd;
	lf.left = lf.steps;
	lf.opens++;
	snprintf(lf.name, sizeof(lf.name), "%s", name ? name : "-");
	return &lf;
}

static enum dns_stream_io lf_handshake(void *s)
{
	(void)s;
	if (lf.steps == -1)
		return DNS_STREAM_FAIL;
	if (lf.steps == -2)
		return DNS_STREAM_WANT_IN; /* the fake server never writes first */
	return lf.left-- > 0 ? DNS_STREAM_WANT_OUT : DNS_STREAM_OK;
}

static enum dns_stream_io lf_write(void *s, const uint8_t *b, size_t len, size_t *done)
{
	(void)s;
	ssize_t n = send(lf.fd, b, len, MSG_NOSIGNAL);
	if (n < 0)
		return errno == EAGAIN ? DNS_STREAM_WANT_OUT : DNS_STREAM_FAIL;
	lf.writes++;
	*done = (size_t)n;
	return DNS_STREAM_OK;
}

static enum dns_stream_io lf_read(void *s, uint8_t *b, size_t cap, size_t *got)
{
	(void)s;
	ssize_t n = recv(lf.fd, b, cap, MSG_DONTWAIT);
	if (n == 0)
		return DNS_STREAM_EOF;
	if (n < 0)
		return errno == EAGAIN ? DNS_STREAM_WANT_IN : DNS_STREAM_FAIL;
	lf.reads++;
	*got = (size_t)n;
	return DNS_STREAM_OK;
}

static const char *lf_error(const void *s)
{
	(void)s;
	return "fake: handshake refused";
}

static void lf_close(void *s)
{
	(void)s;
	lf.closes++;
}

static const struct dns_stream_ops lf_ops = {lf_open, lf_handshake, lf_write,
					     lf_read, lf_error,     lf_close};

/* ask_layered
 * One query to fake server 0 over TCP through the fake layer, steps as lf.steps. */
static void ask_layered(int steps, const char *name, struct got *g)
{
	static struct dns_name n;
	static const struct dns_stream_layer layer = {&lf_ops, NULL};
	struct dns_query_opts o = {
		.server = fake_addr(0), .timeout_ms = 300, .stream = &layer, .stream_name = name};

	memset(&lf, 0, sizeof(lf));
	lf.steps = steps;
	memset(g, 0, sizeof(*g));
	g->final = -1;
	dns_name_from_text("www.test", NULL, &n, NULL);
	o.spec = (struct dns_query_spec){.name = &n, .type = DNS_T_A, .cls = 1, .rd = true};
	CU_ASSERT_PTR_NOT_NULL_FATAL(dns_query_start(fk.loop, &o, on_event, g));
	run_expecting(1);
}

static void test_query_stream_layer(void)
{
	struct got g;

	fake_start();
	/* a layer implies TCP; the answer comes through its reads and writes */
	ask_layered(2, "dot.test", &g);
	CU_ASSERT_EQUAL(g.final, DNS_QE_ANSWER);
	CU_ASSERT_TRUE(g.tcp);
	CU_ASSERT_EQUAL(g.answers, 1);
	CU_ASSERT_TRUE(lf.writes >= 1 && lf.reads >= 1);
	CU_ASSERT_STRING_EQUAL(lf.name, "dot.test");
	CU_ASSERT_EQUAL(lf.opens, 1);
	CU_ASSERT_EQUAL(lf.closes, 1);
	CU_ASSERT_TRUE(fk.log[fk.n_log - 1].tcp);
	/* a failed handshake: EPROTO, during setup, with the layer's words */
	ask_layered(-1, NULL, &g);
	CU_ASSERT_EQUAL(g.final, DNS_QE_NETERR);
	CU_ASSERT_EQUAL(g.err, EPROTO);
	CU_ASSERT_TRUE(g.setup);
	CU_ASSERT_STRING_EQUAL(g.detail, "fake: handshake refused");
	CU_ASSERT_STRING_EQUAL(lf.name, "-");
	CU_ASSERT_EQUAL(lf.closes, 1);
	CU_ASSERT_EQUAL(lf.writes, 0);
	/* a handshake that never ends: a timeout, during setup */
	ask_layered(-2, NULL, &g);
	CU_ASSERT_EQUAL(g.final, DNS_QE_TIMEOUT);
	CU_ASSERT_TRUE(g.setup);
	CU_ASSERT_STRING_EQUAL(g.detail, "");
	CU_ASSERT_EQUAL(lf.closes, 1);
	/* plain TCP still reports no words */
	ask("www.test", 0, true, false, 2000, &g);
	CU_ASSERT_EQUAL(g.final, DNS_QE_ANSWER);
	CU_ASSERT_STRING_EQUAL(g.detail, "");
	fake_stop();
}

static CU_TestInfo cases[] = {
	{"query: an answer over UDP and TCP", test_query_answer},
	{"query: timeout and refused port", test_query_timeout_and_refused},
	{"query: spoofed replies are ignored", test_query_spoofs_ignored},
	{"query: truncation, and TCP after it", test_query_truncation},
	{"query: a malformed reply", test_query_malformed},
	{"query: many at once, own ports and IDs", test_query_many_in_flight},
	{"query: cancel", test_query_cancel},
	{"query: through a stream layer (TLS's place)", test_query_stream_layer},
	{"resolver: search list and ndots", test_resolver_search},
	{"resolver: failover, attempts, timeouts", test_resolver_failover},
	{"resolver: rotate, edns0, TCP on TC", test_resolver_rotate_edns_tc},
	{"resolver: PTR, bad name, cancel", test_resolver_ptr_badname_cancel},
	{"resolver: fifty at once", test_resolver_many},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("dns_query", cases)
