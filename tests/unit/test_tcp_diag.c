/* test_tcp_diag.c — netdx/tcp_diag.h against the kernel, on loopback sockets of a
 * throw-away namespace (tests/netns_run.sh): the state bitmap, the bytecode filters
 * (ports, IPv4 and IPv6 blocks, IPv4-mapped peers), the family, inodes and tcp_info;
 * and the bytecode tcp_diag_bc.c writes, byte by byte. */
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../common/net/tcp_diag_bc.h"
#include "netdx/tcp_diag.h"
#include "private_netns.h"
#include "unit.h"

/* The sockets of the suite: a dual-stack listener, two IPv4 clients (their peers on the
 * server side are IPv4-mapped IPv6 sockets), one IPv6 client, and the accepted ends. */
static int listener = -1, clients[3] = {-1, -1, -1}, accepted[3] = {-1, -1, -1};
static uint16_t port; /* the listener's port */

/* What a dump saw of the suite's sockets (those with its port on either end). */
struct seen {
	unsigned listen, established; /* per state */
	unsigned v4, v6;              /* per family */
	unsigned with_idle;           /* carrying tcp_info's idle times */
	uint32_t listener_inode;      /* the listener's inode as the kernel gave it */
};

/* on_sock
 * Count one socket of the dump if it is one of ours. */
static void on_sock(const struct tcp_diag_sock *s, void *arg)
{
	struct seen *seen = arg;
	if (s->lport != port && s->rport != port)
		return;
	seen->listen += s->state == TCP_DIAG_LISTEN;
	seen->established += s->state == TCP_DIAG_ESTABLISHED;
	seen->v4 += s->family == AF_INET;
	seen->v6 += s->family == AF_INET6;
	seen->with_idle += s->have_idle;
	if (s->state == TCP_DIAG_LISTEN)
		seen->listener_inode = s->inode;
}

/* dump
 * One dump with q; what it saw. */
static struct seen dump(const struct tcp_diag_query *q)
{
	struct seen seen = {0};
	struct tcp_diag *d;
	const char *why = NULL;
	CU_ASSERT_FATAL(tcp_diag_open(&d, &why) == NETDX_OK);
	CU_ASSERT_EQUAL(tcp_diag_dump(d, q, on_sock, &seen, &why), NETDX_OK);
	tcp_diag_close(d);
	return seen;
}

/* connect_to
 * A client of family to the listener (127.0.0.1 or ::1). */
static int connect_to(int family)
{
	int fd = socket(family, SOCK_STREAM, 0);
	struct sockaddr_in v4 = {.sin_family = AF_INET,
				 .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct sockaddr_in6 v6 = {.sin6_family = AF_INET6,
				  .sin6_port = htons(port),
				  .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	int rc = family == AF_INET ? connect(fd, (struct sockaddr *)&v4, sizeof(v4))
				   : connect(fd, (struct sockaddr *)&v6, sizeof(v6));
	return rc == 0 ? fd : -1;
}

/* setup
 * The listener on [::]:0 (both families), its clients, their accepted ends. */
static int setup(void)
{
	if (!unit_in_private_netns())
		return 1;
	listener = socket(AF_INET6, SOCK_STREAM, 0);
	int off = 0;
	struct sockaddr_in6 any = {.sin6_family = AF_INET6};
	socklen_t len = sizeof(any);
	if (setsockopt(listener, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) < 0 ||
	    bind(listener, (struct sockaddr *)&any, sizeof(any)) < 0 || listen(listener, 8) < 0 ||
	    getsockname(listener, (struct sockaddr *)&any, &len) < 0)
		return 1;
	port = ntohs(any.sin6_port);
	static const int families[3] = {AF_INET, AF_INET, AF_INET6};
	for (int i = 0; i < 3; i++) {
		clients[i] = connect_to(families[i]);
		accepted[i] = accept(listener, NULL, NULL);
		if (clients[i] < 0 || accepted[i] < 0)
			return 1;
	}
	return 0;
}

/* teardown
 * Close every socket of the suite. */
static int teardown(void)
{
	for (int i = 0; i < 3; i++) {
		close(clients[i]);
		close(accepted[i]);
	}
	close(listener);
	return 0;
}

static void test_all(void)
{
	struct tcp_diag_query q = {.family = AF_UNSPEC, .states = TCP_DIAG_ALL_STATES};
	struct seen s = dump(&q);
	CU_ASSERT_EQUAL(s.listen, 1);
	CU_ASSERT_EQUAL(s.established, 6);
	CU_ASSERT_EQUAL(s.v4, 2); /* the two IPv4 clients; their server ends are IPv6 */
	CU_ASSERT_EQUAL(s.v6, 5);
	CU_ASSERT_EQUAL(s.with_idle, 0);
	struct stat st;
	CU_ASSERT_FATAL(fstat(listener, &st) == 0);
	CU_ASSERT_EQUAL(s.listener_inode, (uint32_t)st.st_ino);
}

static void test_states_and_family(void)
{
	struct tcp_diag_query q = {.family = AF_UNSPEC, .states = 1u << TCP_DIAG_LISTEN};
	struct seen s = dump(&q);
	CU_ASSERT_EQUAL(s.listen, 1);
	CU_ASSERT_EQUAL(s.established, 0);
	q = (struct tcp_diag_query){.family = AF_INET, .states = TCP_DIAG_ALL_STATES};
	s = dump(&q);
	CU_ASSERT_EQUAL(s.v4, 2);
	CU_ASSERT_EQUAL(s.v6, 0);
}

static void test_port_filters(void)
{
	struct tcp_diag_filter f = {.sport = port, .dport = -1};
	struct tcp_diag_query q = {
		.family = AF_UNSPEC, .states = TCP_DIAG_ALL_STATES, .filter = &f};
	struct seen s = dump(&q);
	CU_ASSERT_EQUAL(s.listen + s.established, 4); /* the listener and the accepted ends */
	f = (struct tcp_diag_filter){.sport = -1, .dport = port};
	s = dump(&q);
	CU_ASSERT_EQUAL(s.listen + s.established, 3); /* the clients */
	f.sport = port;                               /* none is both */
	s = dump(&q);
	CU_ASSERT_EQUAL(s.listen + s.established, 0);
}

static void test_address_filters(void)
{
	/* the IPv4 block holds the IPv4 clients and the mapped server ends */
	struct tcp_diag_filter f = {
		.sport = -1, .dport = -1, .src = {.family = AF_INET, .addr = {127}, .prefix = 8}};
	struct tcp_diag_query q = {
		.family = AF_UNSPEC, .states = TCP_DIAG_ALL_STATES, .filter = &f};
	struct seen s = dump(&q);
	CU_ASSERT_EQUAL(s.established, 4);
	CU_ASSERT_EQUAL(s.listen, 0);
	f.src = (struct tcp_diag_block){.family = AF_INET6, .prefix = 128};
	f.src.addr[15] = 1; /* ::1 */
	s = dump(&q);
	CU_ASSERT_EQUAL(s.established, 2); /* the IPv6 client and its server end */
	f.dst = (struct tcp_diag_block){.family = AF_INET, .addr = {10}, .prefix = 8};
	s = dump(&q);
	CU_ASSERT_EQUAL(s.established, 0);
}

static void test_idle(void)
{
	struct tcp_diag_query q = {
		.family = AF_UNSPEC, .states = 1u << TCP_DIAG_ESTABLISHED, .idle = true};
	usleep(20000);
	struct seen s = dump(&q);
	CU_ASSERT_EQUAL(s.established, 6);
	CU_ASSERT_EQUAL(s.with_idle, 6);
}

static void test_bytecode(void)
{
	uint8_t bc[TCP_DIAG_BC_MAX];
	CU_ASSERT_EQUAL(tcp_diag_bc_build(NULL, bc), 0);
	struct tcp_diag_filter f = {.sport = 22,
				    .dport = -1,
				    .dst = {.family = AF_INET, .addr = {10, 0, 0, 0}, .prefix = 8}};
	CU_ASSERT_EQUAL(tcp_diag_bc_build(&f, bc), 24);
	struct inet_diag_bc_op op[2];
	memcpy(op, bc, sizeof(op));
	/* sport: goes on 8 bytes when it holds, 4 past the end (24 + 4) when not */
	CU_ASSERT_EQUAL(op[0].code, INET_DIAG_BC_S_EQ);
	CU_ASSERT_EQUAL(op[0].yes, 8);
	CU_ASSERT_EQUAL(op[0].no, 28);
	CU_ASSERT_EQUAL(op[1].no, 22);
	memcpy(op, bc + 8, sizeof(op[0]));
	CU_ASSERT_EQUAL(op[0].code, INET_DIAG_BC_D_COND);
	CU_ASSERT_EQUAL(op[0].yes, 16);
	CU_ASSERT_EQUAL(op[0].no, 20);
	struct inet_diag_hostcond cond;
	memcpy(&cond, bc + 12, sizeof(cond));
	CU_ASSERT_EQUAL(cond.family, AF_INET);
	CU_ASSERT_EQUAL(cond.prefix_len, 8);
	CU_ASSERT_EQUAL(cond.port, -1);
	CU_ASSERT_EQUAL(bc[20], 10);
}

static CU_TestInfo cases[] = {
	{"every socket: states, families, the listener's inode", test_all},
	{"the kernel's state bitmap; one family", test_states_and_family},
	{"port filters in the kernel (bytecode)", test_port_filters},
	{"address blocks in the kernel, mapped peers in an IPv4 block", test_address_filters},
	{"tcp_info's idle times on request", test_idle},
	{"the bytecode, op by op", test_bytecode},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN_FIXTURE("tcp_diag", cases, setup, teardown)
