/* loop.c — epoll + timer heap + signalfd event loop (see netdx/loop.h). */
#include "netdx/loop.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

_Static_assert((int)LOOP_IN == (int)EPOLLIN && (int)LOOP_OUT == (int)EPOLLOUT &&
		       (int)LOOP_ERR == (int)EPOLLERR && (int)LOOP_HUP == (int)EPOLLHUP,
	       "loop.h's event bits are epoll's");

#define LOOP_MAX_EVENTS 64

/* One watched descriptor. */
struct loop_watch {
	int fd;        /* the descriptor, or -1 for a free slot */
	uint32_t gen;  /* bumped when the slot is freed: events of a former user are stale */
	loop_fd_cb cb; /* called when ready */
	void *arg;     /* its argument */
};

/* One watched signal. */
struct loop_sig {
	int signo;         /* 0 for a free slot */
	loop_signal_cb cb; /* called when it arrives */
	void *arg;         /* its argument */
};

struct loop {
	int epfd;                   /* epoll instance */
	bool stopping;              /* loop_stop() was called */
	bool no_pwait2;             /* the kernel lacks epoll_pwait2: epoll_wait */
	struct loop_watch *watches; /* indexed by slot; epoll data holds the slot */
	size_t n_watches;           /* slots allocated */
	size_t n_active;            /* slots in use */
	struct loop_timer **heap;   /* min-heap on when_ns */
	size_t heap_len;            /* timers armed */
	size_t heap_cap;            /* slots allocated */
	int sigfd;                  /* signalfd, -1 until a signal is watched */
	sigset_t sigmask;           /* signals routed to sigfd */
	struct loop_sig sigs[LOOP_MAX_SIGNALS];
};

/* loop_now_ns
 * CLOCK_MONOTONIC in nanoseconds: the only clock used for scheduling. */
uint64_t loop_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return loop_timespec_ns(&ts);
}

/* loop_realtime_ns
 * CLOCK_REALTIME in nanoseconds, for RTTs against kernel stamps. */
uint64_t loop_realtime_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return loop_timespec_ns(&ts);
}

/* loop_timespec_ns
 * Seconds and nanoseconds as one count. */
uint64_t loop_timespec_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

struct loop *loop_new(void)
{
	struct loop *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0) {
		free(l);
		return NULL;
	}
	l->sigfd = -1;
	sigemptyset(&l->sigmask);
	return l;
}

void loop_free(struct loop *l)
{
	if (!l)
		return;
	close(l->epfd);
	if (l->sigfd >= 0)
		close(l->sigfd);
	free(l->watches);
	free(l->heap);
	free(l);
}

/* find_free_slot
 * Index of an unused watch slot, growing the table when all are taken; -1 on ENOMEM. */
static long find_free_slot(struct loop *l)
{
	for (size_t i = 0; i < l->n_watches; i++)
		if (l->watches[i].fd < 0)
			return (long)i;
	size_t n = l->n_watches ? l->n_watches * 2 : 8;
	struct loop_watch *w = realloc(l->watches, n * sizeof(*w));
	if (!w)
		return -1;
	for (size_t i = l->n_watches; i < n; i++)
		w[i] = (struct loop_watch){.fd = -1};
	l->watches = w;
	long slot = (long)l->n_watches;
	l->n_watches = n;
	return slot;
}

int loop_add_fd(struct loop *l, int fd, uint32_t events, loop_fd_cb cb, void *arg)
{
	long slot = find_free_slot(l);
	if (slot < 0) {
		errno = ENOMEM;
		return -1;
	}
	/* The event carries the slot and its generation: if a callback frees the slot and
	 * another descriptor takes it during the same epoll batch, the first one's pending
	 * event is recognised as stale instead of reaching the newcomer. */
	uint32_t gen = l->watches[slot].gen;
	struct epoll_event ev = {.events = events,
				 .data.u64 = (uint64_t)gen << 32 | (uint64_t)slot};
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -1;
	l->watches[slot] = (struct loop_watch){fd, gen, cb, arg};
	l->n_active++;
	return 0;
}

int loop_del_fd(struct loop *l, int fd)
{
	for (size_t i = 0; i < l->n_watches; i++) {
		if (l->watches[i].fd == fd) {
			l->watches[i].fd = -1;
			l->watches[i].gen++;
			l->n_active--;
			return epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
		}
	}
	errno = ENOENT;
	return -1;
}

/* heap_set
 * Put t at heap position i and remember the position in the timer. */
static void heap_set(struct loop *l, size_t i, struct loop_timer *t)
{
	l->heap[i] = t;
	t->heap_index = i + 1;
}

/* heap_sift_up / heap_sift_down
 * Restore the min-heap order after the timer at i got earlier / later. */
static void heap_sift_up(struct loop *l, size_t i)
{
	struct loop_timer *t = l->heap[i];
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (l->heap[parent]->when_ns <= t->when_ns)
			break;
		heap_set(l, i, l->heap[parent]);
		i = parent;
	}
	heap_set(l, i, t);
}

static void heap_sift_down(struct loop *l, size_t i)
{
	struct loop_timer *t = l->heap[i];
	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= l->heap_len)
			break;
		if (child + 1 < l->heap_len &&
		    l->heap[child + 1]->when_ns < l->heap[child]->when_ns)
			child++;
		if (t->when_ns <= l->heap[child]->when_ns)
			break;
		heap_set(l, i, l->heap[child]);
		i = child;
	}
	heap_set(l, i, t);
}

void loop_timer_disarm(struct loop *l, struct loop_timer *t)
{
	if (!t->heap_index)
		return;
	size_t i = t->heap_index - 1;
	t->heap_index = 0;
	struct loop_timer *last = l->heap[--l->heap_len];
	if (i == l->heap_len)
		return;
	heap_set(l, i, last);
	heap_sift_up(l, i);
	heap_sift_down(l, last->heap_index - 1);
}

void loop_timer_arm(struct loop *l, struct loop_timer *t, uint64_t when_ns, loop_cb cb, void *arg)
{
	loop_timer_disarm(l, t);
	if (l->heap_len == l->heap_cap) {
		size_t n = l->heap_cap ? l->heap_cap * 2 : 64;
		struct loop_timer **h = realloc(l->heap, n * sizeof(*h));
		if (!h)
			abort(); /* a timer that silently never fires is worse than dying */
		l->heap = h;
		l->heap_cap = n;
	}
	t->when_ns = when_ns;
	t->cb = cb;
	t->arg = arg;
	heap_set(l, l->heap_len++, t);
	heap_sift_up(l, l->heap_len - 1);
}

bool loop_timer_armed(const struct loop_timer *t)
{
	return t->heap_index != 0;
}

/* on_signalfd
 * Read every pending signal from the signalfd and dispatch it. */
static void on_signalfd(void *arg, int fd, uint32_t events)
{
	struct loop *l = arg;
	struct signalfd_siginfo si;
	(void)events;
	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		for (size_t i = 0; i < LOOP_MAX_SIGNALS; i++)
			if (l->sigs[i].signo == (int)si.ssi_signo)
				l->sigs[i].cb(l->sigs[i].arg, (int)si.ssi_signo);
	}
}

/* sig_slot
 * The entry for signo in l->sigs (its own, or the first free one); NULL when full. */
static struct loop_sig *sig_slot(struct loop *l, int signo)
{
	for (size_t i = 0; i < LOOP_MAX_SIGNALS; i++)
		if (!l->sigs[i].signo || l->sigs[i].signo == signo)
			return &l->sigs[i];
	return NULL;
}

int loop_watch_signals(struct loop *l, const int *signos, size_t n, loop_signal_cb cb, void *arg)
{
	for (size_t i = 0; i < n; i++) {
		struct loop_sig *slot = sig_slot(l, signos[i]);
		if (!slot) {
			errno = ENOSPC;
			return -1;
		}
		*slot = (struct loop_sig){signos[i], cb, arg};
		sigaddset(&l->sigmask, signos[i]);
	}
	/* one mask change and one signalfd for all of them */
	if (sigprocmask(SIG_BLOCK, &l->sigmask, NULL) < 0)
		return -1;
	bool first = l->sigfd < 0;
	int fd = signalfd(l->sigfd, &l->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -1;
	l->sigfd = fd;
	if (first && loop_add_fd(l, fd, EPOLLIN, on_signalfd, l) < 0)
		return -1;
	return 0;
}

int loop_watch_signal(struct loop *l, int signo, loop_signal_cb cb, void *arg)
{
	return loop_watch_signals(l, &signo, 1, cb, arg);
}

int loop_watch_end_signals(struct loop *l, loop_signal_cb cb, void *arg)
{
	static const int end_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	return loop_watch_signals(l, end_signals, sizeof(end_signals) / sizeof(end_signals[0]), cb,
				  arg);
}

/* run_due_timers
 * Fire every timer whose deadline has passed; a callback may arm or disarm others. */
static void run_due_timers(struct loop *l)
{
	uint64_t now = loop_now_ns();
	while (l->heap_len && l->heap[0]->when_ns <= now && !l->stopping) {
		struct loop_timer *t = l->heap[0];
		loop_timer_disarm(l, t);
		t->cb(t->arg);
	}
}

/* next_timeout
 * Time until the earliest deadline (0 when it has passed), NULL when no timer is armed
 * (wait for events only). At most a minute: a long sleep re-checks the clock. */
static const struct timespec *next_timeout(const struct loop *l, struct timespec *ts)
{
	if (!l->heap_len)
		return NULL;
	uint64_t now = loop_now_ns(), when = l->heap[0]->when_ns;
	uint64_t ns = when <= now ? 0 : when - now;
	if (ns > 60000000000ull)
		ns = 60000000000ull;
	*ts = (struct timespec){.tv_sec = (time_t)(ns / 1000000000),
				.tv_nsec = (long)(ns % 1000000000)};
	return ts;
}

/* wait_events
 * epoll_pwait2: the timeout in nanoseconds, so a timer 300 µs away is not rounded up to
 * the millisecond epoll_wait would wait (ping -i 0.0003, mtr -i 0.001 pace right).
 * Kernels before 5.11 lack it: epoll_wait then, the timeout rounded up, never early. */
static int wait_events(struct loop *l, struct epoll_event *evs, int max)
{
	struct timespec ts;
	const struct timespec *t = next_timeout(l, &ts);
	if (!l->no_pwait2) {
		int n = epoll_pwait2(l->epfd, evs, max, t, NULL);
		if (n >= 0 || errno != ENOSYS)
			return n;
		l->no_pwait2 = true;
	}
	int ms = -1;
	if (t)
		ms = (int)((uint64_t)t->tv_sec * 1000 + ((uint64_t)t->tv_nsec + 999999) / 1000000);
	return epoll_wait(l->epfd, evs, max, ms);
}

int loop_run(struct loop *l)
{
	struct epoll_event evs[LOOP_MAX_EVENTS];
	l->stopping = false;
	while (!l->stopping) {
		/* The signalfd alone does not keep the loop alive. */
		size_t fds = l->n_active - (l->sigfd >= 0 ? 1 : 0);
		if (!fds && !l->heap_len)
			break;
		int n = wait_events(l, evs, LOOP_MAX_EVENTS);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (int i = 0; i < n && !l->stopping; i++) {
			uint64_t data = evs[i].data.u64;
			struct loop_watch *w = &l->watches[(uint32_t)data];
			if (w->fd >= 0 && w->gen == (uint32_t)(data >> 32))
				w->cb(w->arg, w->fd, evs[i].events);
		}
		run_due_timers(l);
	}
	return 0;
}

void loop_stop(struct loop *l)
{
	l->stopping = true;
}
