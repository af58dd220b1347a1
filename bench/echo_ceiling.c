/* echo_ceiling.c — the least a program can spend per loopback echo, for bench/batch.sh:
 * a raw ICMP socket that passes only echo replies (ICMP_FILTER, as iputils sets it),
 * kernel receive timestamps on (as every ping takes them), WINDOW requests in flight to
 * N_ADDRS consecutive addresses in turn, and either one system call per packet (sendto,
 * recvmsg) or one per batch (sendmmsg, recvmmsg). No statistics, no output per packet:
 * what is left is the kernel's own work and the system calls. Prints the echo replies
 * per second.
 *
 * Usage: echo_ceiling COUNT WINDOW single|batch FIRST_ADDR N_ADDRS
 * Bounded: COUNT requests, 5 s for the whole run, 1 s without a reply ends it (exit 1).
 * Only for loopback or a lab namespace, as every benchmark here. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/icmp.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_WINDOW 64
#define REQ_LEN 64  /* ICMP header and 56 bytes, ping's default */
#define RX_LEN 2048 /* an IPv4 header and the echo reply */
#define CTL_LEN 64  /* one SCM_TIMESTAMPNS */
#define RUN_CAP_S 5 /* the whole run */
#define IDLE_CAP_MS 1000

struct run {
	int fd;
	uint16_t id;
	uint32_t first; /* host order */
	uint32_t n_addrs;
	long count, sent, got;
	int window;
	bool batch;
	uint8_t req[MAX_WINDOW][REQ_LEN];
	struct sockaddr_in to[MAX_WINDOW];
	struct iovec txv[MAX_WINDOW];
	struct mmsghdr txm[MAX_WINDOW];
	uint8_t rx[MAX_WINDOW][RX_LEN];
	char ctl[MAX_WINDOW][CTL_LEN];
	struct iovec rxv[MAX_WINDOW];
	struct mmsghdr rxm[MAX_WINDOW];
};

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what)
{
	perror(what);
	exit(2);
}

/* icmp_sum
 * The Internet checksum of len bytes (len even). */
static uint16_t icmp_sum(const uint8_t *b, size_t len)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(b[i] << 8 | b[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return htons((uint16_t)~s);
}

/* build
 * Request k of the batch: echo sequence seq to the next address in turn. */
static void build(struct run *r, int k, long seq)
{
	struct icmphdr *h = (struct icmphdr *)r->req[k];
	memset(r->req[k], 0, REQ_LEN);
	h->type = ICMP_ECHO;
	h->un.echo.id = htons(r->id);
	h->un.echo.sequence = htons((uint16_t)seq);
	h->checksum = icmp_sum(r->req[k], REQ_LEN);
	r->to[k] = (struct sockaddr_in){
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(r->first + (uint32_t)(seq % r->n_addrs)),
	};
	r->txv[k] = (struct iovec){r->req[k], REQ_LEN};
	r->txm[k].msg_hdr = (struct msghdr){
		.msg_name = &r->to[k],
		.msg_namelen = sizeof(r->to[k]),
		.msg_iov = &r->txv[k],
		.msg_iovlen = 1,
	};
}

/* send_some
 * Fill the window: a sendto per request, or one sendmmsg for them all. */
static void send_some(struct run *r)
{
	int k = 0;
	while (r->sent - r->got < r->window && r->sent < r->count) {
		build(r, k, r->sent);
		if (!r->batch && sendto(r->fd, r->req[k], REQ_LEN, 0, (struct sockaddr *)&r->to[k],
					sizeof(r->to[k])) < 0)
			die("sendto");
		k += r->batch;
		r->sent++;
	}
	for (int done = 0; done < k;) {
		int n = sendmmsg(r->fd, r->txm + done, (unsigned)(k - done), 0);
		if (n <= 0)
			die("sendmmsg");
		done += n;
	}
}

/* is_our_reply
 * An echo reply (after the IPv4 header) with our identifier. */
static bool is_our_reply(const struct run *r, const uint8_t *p, size_t len)
{
	size_t ihl = len ? (size_t)(p[0] & 0x0f) * 4 : 0;
	if (len < ihl + sizeof(struct icmphdr))
		return false;
	const struct icmphdr *h = (const struct icmphdr *)(p + ihl);
	return h->type == ICMP_ECHOREPLY && ntohs(h->un.echo.id) == r->id;
}

/* arm_rx
 * Receive slot k: its buffer and control space, as recvmsg and recvmmsg take them. */
static void arm_rx(struct run *r, int k)
{
	r->rxv[k] = (struct iovec){r->rx[k], RX_LEN};
	r->rxm[k].msg_hdr = (struct msghdr){
		.msg_iov = &r->rxv[k],
		.msg_iovlen = 1,
		.msg_control = r->ctl[k],
		.msg_controllen = CTL_LEN,
	};
}

/* read_queued
 * One read of what is queued, without waiting: a recvmsg, or a recvmmsg of up to a
 * window. The replies counted; 0 when nothing was queued. */
static int read_queued(struct run *r)
{
	int n;
	arm_rx(r, 0);
	if (r->batch) {
		for (int k = 1; k < MAX_WINDOW; k++)
			arm_rx(r, k);
		n = recvmmsg(r->fd, r->rxm, MAX_WINDOW, MSG_DONTWAIT, NULL);
	} else {
		ssize_t len = recvmsg(r->fd, &r->rxm[0].msg_hdr, MSG_DONTWAIT);
		n = len < 0 ? -1 : 1;
		r->rxm[0].msg_len = (unsigned)(len < 0 ? 0 : len);
	}
	for (int k = 0; k < n; k++)
		r->got += is_our_reply(r, r->rx[k], r->rxm[k].msg_len);
	return n < 0 ? 0 : n;
}

/* recv_some
 * Read until every request out is answered, or the queue ran dry after at least one
 * reply; wait for the socket only when nothing came. On loopback a reply is queued
 * before its send returns: one request in flight costs a sendto and a recvmsg. */
static void recv_some(struct run *r)
{
	long before = r->got;
	while (r->got < r->sent) {
		if (read_queued(r) > 0)
			continue;
		if (r->got > before)
			return;
		struct pollfd p = {.fd = r->fd, .events = POLLIN};
		if (poll(&p, 1, IDLE_CAP_MS) <= 0) {
			fprintf(stderr, "echo_ceiling: no reply for 1 s (%ld of %ld)\n", r->got,
				r->count);
			exit(1);
		}
	}
}

/* open_socket
 * The raw ICMP socket: echo replies only, kernel receive timestamps. */
static int open_socket(void)
{
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), one = 1;
	struct icmp_filter only_replies = {.data = ~(1u << ICMP_ECHOREPLY)};
	if (fd < 0)
		die("socket (needs CAP_NET_RAW)");
	if (setsockopt(fd, SOL_RAW, ICMP_FILTER, &only_replies, sizeof(only_replies)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)) < 0)
		die("setsockopt");
	return fd;
}

int main(int argc, char **argv)
{
	static struct run r;
	struct in_addr first;
	if (argc != 6 || inet_pton(AF_INET, argv[4], &first) != 1) {
		fprintf(stderr,
			"usage: echo_ceiling COUNT WINDOW single|batch FIRST_ADDR N_ADDRS\n");
		return 2;
	}
	r.count = atol(argv[1]);
	r.window = atoi(argv[2]);
	r.batch = strcmp(argv[3], "batch") == 0;
	r.first = ntohl(first.s_addr);
	r.n_addrs = (uint32_t)atol(argv[5]);
	if (r.count < 1 || r.window < 1 || r.window > MAX_WINDOW || r.n_addrs < 1) {
		fprintf(stderr, "echo_ceiling: COUNT >= 1, WINDOW 1..%d, N_ADDRS >= 1\n",
			MAX_WINDOW);
		return 2;
	}
	r.fd = open_socket();
	r.id = (uint16_t)getpid();
	double t0 = now_s();
	while (r.got < r.count) {
		if (now_s() - t0 > RUN_CAP_S) {
			fprintf(stderr, "echo_ceiling: over %d s\n", RUN_CAP_S);
			return 1;
		}
		send_some(&r);
		recv_some(&r);
	}
	printf("%.0f\n", (double)r.count / (now_s() - t0));
	return 0;
}
