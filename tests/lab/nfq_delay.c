/* nfq_delay.c — the lab's delay line: hold every packet of one NFQUEUE for a
 * fixed delay plus uniform jitter, then let it go with NF_ACCEPT.
 *
 *   nfq_delay QUEUE DELAY_MS JITTER_MS [MAXLEN]
 *
 * The netem qdisc is not available on the lab machines, so tests/lab/lab.sh
 * sends a router's forwarded packets to NFQUEUE (iptables -j NFQUEUE
 * --queue-bypass) in that router's namespace and runs this helper there.
 *
 * How it works: the queue runs in copy-meta mode (only the packet id comes to
 * user space, never the payload). Each packet gets a due time now + DELAY ±
 * JITTER (uniform, never below zero) on CLOCK_MONOTONIC and goes into a binary
 * min-heap ordered by due time, ties in arrival order, so with no jitter packets
 * leave in the order they came; with jitter they may be reordered, as netem
 * does. One ppoll() waits on the queue socket and a signalfd with a timeout up
 * to the earliest due time: no sleeps, no busy loop, no threads.
 *
 * Failure policy (fail open, never a silent black hole):
 *  - MAXLEN (default 4096) bounds the kernel queue and the heap alike. The queue
 *    is set up with NFQA_CFG_F_FAIL_OPEN, so packets beyond it are accepted by
 *    the kernel undelayed instead of dropped; should one reach us anyway with
 *    the heap full, it is accepted at once.
 *  - If the helper dies, the iptables rule's --queue-bypass makes the kernel
 *    accept packets while nothing is bound to the queue.
 *  - SIGTERM, SIGINT or SIGHUP: every held packet is accepted at once (the
 *    kernel would drop them when the queue closes), the queue is unbound, and
 *    the helper exits 0 after one stats line on stderr.
 *
 * Exit status: 0 after a signal, 2 on a usage or system error. */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <libnetfilter_queue/libnetfilter_queue.h>

#define PROG "nfq_delay"
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC 1000000000ULL
#define DEFAULT_MAXLEN 4096U
#define RCVBUF_BYTES (4U << 20)

/* One packet waiting for its verdict. */
struct held {
	uint64_t due_ns; /* CLOCK_MONOTONIC time at which it may leave */
	uint64_t seq;    /* arrival number: keeps equal due times in FIFO order */
	uint32_t id;     /* the kernel's packet id for the verdict */
};

/* Everything the event loop and the packet callback share. */
struct delay_line {
	struct nfq_q_handle *qh; /* the bound queue */
	struct held *heap;       /* min-heap on (due_ns, seq) */
	size_t len;              /* packets held now */
	size_t cap;              /* heap capacity (MAXLEN) */
	uint64_t delay_ns;       /* fixed part of the delay */
	uint64_t jitter_ns;      /* half-width of the uniform jitter */
	uint64_t next_seq;       /* arrival counter */
	uint64_t rng;            /* xorshift64* state, never 0 */
	uint64_t passed;         /* packets released after their delay */
	uint64_t overflow;       /* packets accepted at once because the heap was full */
	uint64_t verdict_errors; /* nfq_set_verdict failures */
};

/* now_ns
 * CLOCK_MONOTONIC in nanoseconds. */
static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

/* rng_next
 * xorshift64*: plenty for uniform jitter, no libc state. */
static uint64_t rng_next(struct delay_line *dl)
{
	dl->rng ^= dl->rng >> 12;
	dl->rng ^= dl->rng << 25;
	dl->rng ^= dl->rng >> 27;
	return dl->rng * 2685821657736338717ULL;
}

/* held_before
 * Heap order: earlier due time first, then earlier arrival. */
static bool held_before(const struct held *a, const struct held *b)
{
	return a->due_ns < b->due_ns || (a->due_ns == b->due_ns && a->seq < b->seq);
}

/* heap_push
 * Insert one packet; the caller has checked there is room. */
static void heap_push(struct delay_line *dl, struct held h)
{
	size_t i = dl->len++;

	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!held_before(&h, &dl->heap[parent]))
			break;
		dl->heap[i] = dl->heap[parent];
		i = parent;
	}
	dl->heap[i] = h;
}

/* heap_pop
 * Remove the earliest packet; the heap must not be empty. */
static struct held heap_pop(struct delay_line *dl)
{
	struct held top = dl->heap[0];
	struct held last = dl->heap[--dl->len];
	size_t i = 0;

	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= dl->len)
			break;
		if (child + 1 < dl->len && held_before(&dl->heap[child + 1], &dl->heap[child]))
			child++;
		if (!held_before(&dl->heap[child], &last))
			break;
		dl->heap[i] = dl->heap[child];
		i = child;
	}
	if (dl->len > 0)
		dl->heap[i] = last;
	return top;
}

/* accept_packet
 * Give one packet back to the kernel unchanged. */
static void accept_packet(struct delay_line *dl, uint32_t id)
{
	if (nfq_set_verdict(dl->qh, id, NF_ACCEPT, 0, NULL) < 0)
		dl->verdict_errors++;
}

/* on_packet
 * Queue callback: stamp the packet's due time and hold it. */
static int on_packet(struct nfq_q_handle *qh, struct nfgenmsg *msg, struct nfq_data *nfa,
		     void *data)
{
	struct delay_line *dl = data;
	struct nfqnl_msg_packet_hdr *ph = nfq_get_msg_packet_hdr(nfa);
	uint64_t delay = dl->delay_ns;

	(void)qh;
	(void)msg;
	if (ph == NULL)
		return 0;
	if (dl->len == dl->cap) {
		dl->overflow++;
		accept_packet(dl, ntohl(ph->packet_id));
		return 0;
	}
	if (dl->jitter_ns > 0) {
		uint64_t span = 2 * dl->jitter_ns + 1;
		uint64_t offset = rng_next(dl) % span;
		/* delay - jitter + offset, clamped at zero */
		delay = delay + offset > dl->jitter_ns ? delay + offset - dl->jitter_ns : 0;
	}
	heap_push(dl, (struct held){.due_ns = now_ns() + delay,
				    .seq = dl->next_seq++,
				    .id = ntohl(ph->packet_id)});
	return 0;
}

/* release_due
 * Accept every packet whose time has come; return the earliest remaining due
 * time, or 0 when nothing is held. */
static uint64_t release_due(struct delay_line *dl)
{
	uint64_t now = now_ns();

	while (dl->len > 0 && dl->heap[0].due_ns <= now) {
		struct held h = heap_pop(dl);
		accept_packet(dl, h.id);
		dl->passed++;
	}
	return dl->len > 0 ? dl->heap[0].due_ns : 0;
}

/* parse_uint
 * Bounded decimal number from the command line; exits 2 with one line on error. */
static unsigned long parse_uint(const char *what, const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 || v > max) {
		fprintf(stderr, PROG ": %s: not a number in 0..%lu: %s\n", what, max, s);
		exit(2);
	}
	return v;
}

/* open_signals
 * Block the stop signals and return a signalfd for them. */
static int open_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

/* drain_socket
 * Read every pending queue message without blocking; false on a fatal error. */
static bool drain_socket(struct nfq_handle *h, int fd, char *buf, size_t size)
{
	for (;;) {
		ssize_t n = recv(fd, buf, size, MSG_DONTWAIT);
		if (n > 0) {
			nfq_handle_packet(h, buf, (int)n);
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return true;
		if (n < 0 && (errno == EINTR || errno == ENOBUFS))
			continue; /* ENOBUFS: messages lost; fail-open let the kernel pass them */
		fprintf(stderr, PROG ": recv: %s\n", n == 0 ? "socket closed" : strerror(errno));
		return false;
	}
}

int main(int argc, char **argv)
{
	struct delay_line dl = {0};
	struct nfq_handle *h;
	unsigned long queue, maxlen = DEFAULT_MAXLEN;
	_Alignas(8) char buf[65536]; /* netlink messages are 4-byte aligned */
	int fd, sfd, status = 0;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: " PROG " QUEUE DELAY_MS JITTER_MS [MAXLEN]\n");
		return 2;
	}
	queue = parse_uint("queue", argv[1], 65535);
	dl.delay_ns = parse_uint("delay", argv[2], 60000) * NSEC_PER_MSEC;
	dl.jitter_ns = parse_uint("jitter", argv[3], 60000) * NSEC_PER_MSEC;
	if (argc == 5)
		maxlen = parse_uint("maxlen", argv[4], 1U << 20);
	if (maxlen == 0) {
		fprintf(stderr, PROG ": maxlen: must be at least 1\n");
		return 2;
	}
	dl.cap = maxlen;
	dl.heap = calloc(dl.cap, sizeof(*dl.heap));
	if (dl.heap == NULL) {
		fprintf(stderr, PROG ": heap: %s\n", strerror(errno));
		return 2;
	}
	if (getrandom(&dl.rng, sizeof(dl.rng), 0) != (ssize_t)sizeof(dl.rng) || dl.rng == 0)
		dl.rng = now_ns() ^ ((uint64_t)getpid() << 32) ^ 0x9e3779b97f4a7c15ULL;
	/* ppoll's default 50 µs timer slack would add to every delay; ask for 1 ns. */
	(void)prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);

	sfd = open_signals();
	if (sfd < 0) {
		fprintf(stderr, PROG ": signalfd: %s\n", strerror(errno));
		return 2;
	}
	h = nfq_open();
	if (h == NULL) {
		fprintf(stderr, PROG ": nfq_open: %s\n", strerror(errno));
		return 2;
	}
	dl.qh = nfq_create_queue(h, (uint16_t)queue, on_packet, &dl);
	if (dl.qh == NULL) {
		fprintf(stderr, PROG ": queue %lu: cannot bind: %s\n", queue, strerror(errno));
		nfq_close(h);
		return 2;
	}
	if (nfq_set_mode(dl.qh, NFQNL_COPY_META, 0) < 0 ||
	    nfq_set_queue_maxlen(dl.qh, (uint32_t)maxlen) < 0 ||
	    nfq_set_queue_flags(dl.qh, NFQA_CFG_F_FAIL_OPEN | NFQA_CFG_F_GSO,
				NFQA_CFG_F_FAIL_OPEN | NFQA_CFG_F_GSO) < 0) {
		fprintf(stderr, PROG ": queue %lu: setup: %s\n", queue, strerror(errno));
		nfq_destroy_queue(dl.qh);
		nfq_close(h);
		return 2;
	}
	nfnl_rcvbufsiz(nfq_nfnlh(h), RCVBUF_BYTES);
	fd = nfq_fd(h);
	{
		int one = 1; /* lost messages are the kernel's to pass (fail open), not an error */
		(void)setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &one, sizeof(one));
	}

	for (;;) {
		struct pollfd pfd[2] = {{.fd = fd, .events = POLLIN},
					{.fd = sfd, .events = POLLIN}};
		uint64_t due = release_due(&dl);
		struct timespec ts, *tsp = NULL;

		if (due != 0) {
			uint64_t now = now_ns();
			uint64_t wait = due > now ? due - now : 0;
			ts.tv_sec = (time_t)(wait / NSEC_PER_SEC);
			ts.tv_nsec = (long)(wait % NSEC_PER_SEC);
			tsp = &ts;
		}
		if (ppoll(pfd, 2, tsp, NULL) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, PROG ": ppoll: %s\n", strerror(errno));
			status = 2;
			break;
		}
		if (pfd[1].revents & POLLIN)
			break;
		if ((pfd[0].revents & (POLLIN | POLLERR)) &&
		    !drain_socket(h, fd, buf, sizeof(buf))) {
			status = 2;
			break;
		}
	}

	/* Stopping: let every held packet go now rather than have the kernel drop it. */
	while (dl.len > 0)
		accept_packet(&dl, heap_pop(&dl).id);
	fprintf(stderr,
		PROG ": queue %lu: %" PRIu64 " delayed, %" PRIu64 " passed at once (full), %" PRIu64
		     " verdict errors\n",
		queue, dl.passed, dl.overflow, dl.verdict_errors);
	nfq_destroy_queue(dl.qh);
	nfq_close(h);
	close(sfd);
	free(dl.heap);
	return status;
}
