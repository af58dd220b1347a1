/* test_probe_tcp.c — the TCP SYN probe method in the throw-away namespace of
 * tests/netns_run.sh: an open port answers SYN-ACK, a closed one RST, both families;
 * constant ports with the sequence number telling probes apart; forged errors about a
 * sequence we never sent are ignored; without cap_net_raw it says what is missing. */
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "private_netns.h"
#include "probe_harness.h"

#define PORT 41000
#define SYN_ACK 0x12
#define RST_ACK 0x14

/* listener
 * A TCP socket listening on addr:port (family's loopback). */
static int listener(int family, uint16_t port)
{
	int fd = socket(family, SOCK_STREAM, 0), one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct netdx_addr a = h_addr(family == AF_INET ? "127.0.0.1" : "::1");
	addr_set_port(&a, port);
	CU_ASSERT_FATAL(bind(fd, (struct sockaddr *)&a.ss, a.len) == 0);
	CU_ASSERT_FATAL(listen(fd, 16) == 0);
	return fd;
}

/* run_tcp
 * n SYNs to dst:port; every result must be a reply with these flags. */
static void run_tcp(const char *dst, uint16_t port, int n, uint8_t flags)
{
	struct netdx_addr a = h_addr(dst);
	struct probe_config cfg = {.family = addr_family(&a),
				   .method = PROBE_METHOD_TCP,
				   .payload_len = 20,
				   .port = port};
	struct h_run run;
	uint8_t syn[2048];
	int fd = h_sniffer(cfg.family, IPPROTO_TCP);
	h_open(&run, &cfg);
	CU_ASSERT_EQUAL(probe_engine_sock(run.e)->kind, SOCK_RAW_L4);
	uint16_t source = probe_engine_source_port(run.e);
	for (int i = 0; i < n; i++)
		CU_ASSERT_EQUAL(probe_send(run.e, &a, 0, NULL, NULL), 0);
	h_finish(&run);
	/* the first segment on the loopback is our first SYN: from the port we name */
	CU_ASSERT_FATAL(h_sniff(fd, cfg.family, syn, sizeof(syn), NULL, NULL) >= 20);
	CU_ASSERT_NOT_EQUAL(source, 0);
	CU_ASSERT_EQUAL((uint16_t)(syn[0] << 8 | syn[1]), source);
	close(fd);
	CU_ASSERT_EQUAL(run.n, n);
	CU_ASSERT_EQUAL(run.events[PROBE_REPLY], n);
	uint64_t sum = 0;
	for (int i = 0; i < run.n && i < H_MAX_RESULTS; i++) {
		CU_ASSERT_EQUAL(run.r[i].tcp_flags, flags);
		CU_ASSERT_STRING_EQUAL(run.r[i].from, dst);
		CU_ASSERT(run.r[i].bytes >= 20);
		sum += run.r[i].number;
	}
	CU_ASSERT_EQUAL(sum, (uint64_t)n * (n + 1) / 2);
}

static void test_open_port_v4(void)
{
	int l = listener(AF_INET, PORT);
	run_tcp("127.0.0.1", PORT, 5, SYN_ACK);
	close(l);
}

static void test_closed_port_v4(void)
{
	run_tcp("127.0.0.1", PORT + 1, 5, RST_ACK);
}

static void test_open_and_closed_v6(void)
{
	int l = listener(AF_INET6, PORT + 2);
	run_tcp("::1", PORT + 2, 3, SYN_ACK);
	close(l);
	run_tcp("::1", PORT + 3, 3, RST_ACK);
}

/* A veth whose peer has no address: SYNs to 10.9.1.2 go out and are never answered. */
static const char *const veth_cmds[] = {
	"ip link add t0 type veth peer name t1",
	"ip addr add 10.9.1.1/24 dev t0",
	"ip link set t1 up",
	"ip link set t0 up",
	"ip neigh replace 10.9.1.2 lladdr 02:00:00:00:00:02 dev t0", /* no ARP wait */
};

/* capture_syn
 * The SYN (IPv4 header first) that arrives at t1; its length. */
static size_t capture_syn(int pfd, uint8_t *buf, size_t cap)
{
	for (int i = 0; i < 100; i++) {
		ssize_t n = recv(pfd, buf, cap, 0);
		if (n >= 40 && buf[9] == IPPROTO_TCP)
			return (size_t)n;
		if (n < 0)
			usleep(1000);
	}
	return 0;
}

/* forged
 * One SYN to the silent peer; a time exceeded quoting it (8 transport bytes), with
 * its sequence number changed by flip, is forged from 127.0.0.2. */
static void forged(uint8_t flip, struct h_run *run)
{
	static int ready;
	if (!ready)
		ready = unit_netns_setup("test_probe_tcp", veth_cmds, 5) ? 1 : -1;
	CU_ASSERT_FATAL(ready > 0);
	priv_raise_net_raw();
	int pfd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK, htons(ETH_P_IP));
	CU_ASSERT_FATAL(pfd >= 0);
	struct sockaddr_ll ll = {.sll_family = AF_PACKET,
				 .sll_protocol = htons(ETH_P_IP),
				 .sll_ifindex = (int)if_nametoindex("t1")};
	CU_ASSERT_FATAL(bind(pfd, (struct sockaddr *)&ll, sizeof(ll)) == 0);
	struct netdx_addr a = h_addr("10.9.1.2");
	struct probe_config cfg = {.family = AF_INET,
				   .method = PROBE_METHOD_TCP,
				   .payload_len = 20,
				   .port = 443,
				   .timeout_ns = 200000000};
	h_open(run, &cfg);
	CU_ASSERT_EQUAL(probe_send(run->e, &a, 0, NULL, NULL), 0);
	uint8_t syn[256];
	size_t n = capture_syn(pfd, syn, sizeof(syn));
	CU_ASSERT_FATAL(n >= 40);
	syn[8] = 1;
	syn[20 + 7] ^= flip; /* low byte of the sequence number */
	h_forge_v4("127.0.0.2", 11, 0, syn, 28, 0);
	h_finish(run);
	close(pfd);
}

static void test_forged_errors(void)
{
	struct h_run run;
	forged(0x5a, &run);
	CU_ASSERT_EQUAL(run.events[PROBE_TIMEOUT], 1); /* a sequence we never sent */
	CU_ASSERT_EQUAL(run.events[PROBE_ERROR], 0);
	forged(0, &run);
	CU_ASSERT_EQUAL(run.events[PROBE_ERROR], 1); /* the real one */
	CU_ASSERT_STRING_EQUAL(run.r[0].from, "127.0.0.2");
	CU_ASSERT_EQUAL(run.r[0].type, 11);
	CU_ASSERT_EQUAL(run.r[0].tcp_flags, 0);
}

static void test_needs_cap_net_raw(void)
{
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		if (!priv_drop_all())
			_exit(3);
		struct probe_config cfg = {
			.family = AF_INET, .method = PROBE_METHOD_TCP, .timeout_ns = 1000000};
		struct loop *l = loop_new();
		const char *why;
		struct probe_engine *e;
		enum netdx_status st = probe_engine_new(l, &cfg, h_on_result, NULL, &e, &why);
		if (st != NETDX_E_NOPRIV || e)
			_exit(1);
		_exit(strcmp(why, "raw socket needs cap_net_raw") == 0 ? 0 : 2);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static CU_TestInfo cases[] = {
	{"open port: SYN-ACK answers every probe (v4)", test_open_port_v4},
	{"closed port: RST answers every probe (v4)", test_closed_port_v4},
	{"open and closed ports (v6)", test_open_and_closed_v6},
	{"forged errors: only our sequence number counts", test_forged_errors},
	{"without cap_net_raw: says what is missing", test_needs_cap_net_raw},
	CU_TEST_INFO_NULL,
};
UNIT_MAIN("probe_tcp", cases)
