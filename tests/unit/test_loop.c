/* test_loop.c — the event loop: timer order, cancel and re-arm, descriptors, signals,
 * and that it returns once nothing is left to wait for. */
#include "netdx/loop.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "unit.h"

/* What the callbacks record. */
struct trace {
	int order[16]; /* ids of fired timers, in firing order */
	int n;         /* how many fired */
	struct loop *loop;
};

/* One timer with an id that records itself when it fires. */
struct tagged {
	struct loop_timer t;
	struct trace *trace;
	int id;
};

static void record(void *arg)
{
	struct tagged *tg = arg;
	tg->trace->order[tg->trace->n++] = tg->id;
}

static void test_timers_fire_in_deadline_order(void)
{
	struct trace tr = {.n = 0};
	struct loop *l = loop_new();
	struct tagged tg[5];
	uint64_t now = loop_now_ns();
	/* armed out of order: deadlines 5, 1, 4, 2, 3 ms */
	int ms[5] = {5, 1, 4, 2, 3};
	for (int i = 0; i < 5; i++) {
		tg[i] = (struct tagged){.t = LOOP_TIMER_INIT, .trace = &tr, .id = ms[i]};
		loop_timer_arm(l, &tg[i].t, now + (uint64_t)ms[i] * 1000000, record, &tg[i]);
	}
	CU_ASSERT_EQUAL(loop_run(l), 0);
	CU_ASSERT_EQUAL(tr.n, 5);
	for (int i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(tr.order[i], i + 1);
	loop_free(l);
}

static void test_disarmed_timer_never_fires(void)
{
	struct trace tr = {.n = 0};
	struct loop *l = loop_new();
	struct tagged a = {.t = LOOP_TIMER_INIT, .trace = &tr, .id = 1};
	struct tagged b = {.t = LOOP_TIMER_INIT, .trace = &tr, .id = 2};
	uint64_t now = loop_now_ns();
	loop_timer_arm(l, &a.t, now + 1000000, record, &a);
	loop_timer_arm(l, &b.t, now + 2000000, record, &b);
	CU_ASSERT(loop_timer_armed(&a.t));
	loop_timer_disarm(l, &a.t);
	CU_ASSERT(!loop_timer_armed(&a.t));
	loop_timer_disarm(l, &a.t); /* twice is harmless */
	loop_run(l);
	CU_ASSERT_EQUAL(tr.n, 1);
	CU_ASSERT_EQUAL(tr.order[0], 2);
	loop_free(l);
}

static void test_rearm_moves_deadline(void)
{
	struct trace tr = {.n = 0};
	struct loop *l = loop_new();
	struct tagged a = {.t = LOOP_TIMER_INIT, .trace = &tr, .id = 1};
	struct tagged b = {.t = LOOP_TIMER_INIT, .trace = &tr, .id = 2};
	uint64_t now = loop_now_ns();
	loop_timer_arm(l, &a.t, now + 1000000, record, &a);
	loop_timer_arm(l, &b.t, now + 2000000, record, &b);
	loop_timer_arm(l, &a.t, now + 3000000, record, &a); /* a now after b */
	loop_run(l);
	CU_ASSERT_EQUAL(tr.n, 2);
	CU_ASSERT_EQUAL(tr.order[0], 2);
	CU_ASSERT_EQUAL(tr.order[1], 1);
	loop_free(l);
}

/* Many timers with pseudo-random deadlines: the heap must hand them back sorted. */
static uint64_t fired_last;
static int fired_bad, fired_n;
static void check_monotone(void *arg)
{
	struct loop_timer *t = arg;
	if (t->when_ns < fired_last)
		fired_bad++;
	fired_last = t->when_ns;
	fired_n++;
}

static void test_heap_many_timers(void)
{
	enum {
		N = 2000
	};
	static struct loop_timer ts[N];
	struct loop *l = loop_new();
	uint64_t now = loop_now_ns();
	uint32_t x = 12345;
	fired_last = 0, fired_bad = 0, fired_n = 0;
	for (int i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		ts[i] = (struct loop_timer)LOOP_TIMER_INIT;
		loop_timer_arm(l, &ts[i], now + (x % 5000) * 1000, check_monotone, &ts[i]);
	}
	for (int i = 0; i < N; i += 3) /* cancel a third of them from the middle of the heap */
		loop_timer_disarm(l, &ts[i]);
	loop_run(l);
	CU_ASSERT_EQUAL(fired_bad, 0);
	CU_ASSERT_EQUAL(fired_n, N - (N + 2) / 3);
	loop_free(l);
}

static void timer_not_early(void *arg)
{
	uint64_t *due = arg;
	CU_ASSERT(loop_now_ns() >= *due);
}

static void test_timer_never_early(void)
{
	struct loop *l = loop_new();
	struct loop_timer t = LOOP_TIMER_INIT;
	uint64_t due = loop_now_ns() + 20 * 1000000;
	loop_timer_arm(l, &t, due, timer_not_early, &due);
	loop_run(l);
	CU_ASSERT(loop_now_ns() >= due);
	loop_free(l);
}

/* A chain of timers 250 µs apart, each armed from the previous one's callback: none
 * early, and the chain done well inside the 20 ms that waits rounded up to whole
 * milliseconds would take (the loop sleeps in nanoseconds: epoll_pwait2). */
#define CHAIN_LINKS 20
#define CHAIN_STEP_NS 250000
struct chain {
	struct loop *loop;
	struct loop_timer t;
	uint64_t due;
	int links;
	int early;
};

static void chain_link(void *arg)
{
	struct chain *c = arg;
	uint64_t now = loop_now_ns();
	if (now < c->due)
		c->early++;
	if (++c->links < CHAIN_LINKS) {
		c->due = now + CHAIN_STEP_NS;
		loop_timer_arm(c->loop, &c->t, c->due, chain_link, c);
	}
}

static void test_timer_sub_millisecond(void)
{
	struct chain c = {.loop = loop_new(), .t = LOOP_TIMER_INIT};
	uint64_t start = loop_now_ns();
	c.due = start + CHAIN_STEP_NS;
	loop_timer_arm(c.loop, &c.t, c.due, chain_link, &c);
	CU_ASSERT_EQUAL(loop_run(c.loop), 0);
	CU_ASSERT_EQUAL(c.links, CHAIN_LINKS);
	CU_ASSERT_EQUAL(c.early, 0);
	CU_ASSERT(loop_now_ns() - start < (uint64_t)CHAIN_LINKS * 1000000);
	loop_free(c.loop);
}

/* fd readiness: a pipe with data wakes the callback, which removes the fd. */
static int fd_calls;
static void on_pipe(void *arg, int fd, uint32_t events)
{
	struct loop *l = arg;
	char c;
	CU_ASSERT(events & LOOP_IN);
	CU_ASSERT_EQUAL(read(fd, &c, 1), 1);
	CU_ASSERT_EQUAL(c, 'x');
	fd_calls++;
	loop_del_fd(l, fd);
}

static void test_fd_ready(void)
{
	int p[2];
	CU_ASSERT_FATAL(pipe(p) == 0);
	struct loop *l = loop_new();
	fd_calls = 0;
	CU_ASSERT_EQUAL(loop_add_fd(l, p[0], LOOP_IN, on_pipe, l), 0);
	CU_ASSERT_EQUAL(write(p[1], "x", 1), 1);
	CU_ASSERT_EQUAL(loop_run(l), 0); /* returns: the only fd was removed */
	CU_ASSERT_EQUAL(fd_calls, 1);
	CU_ASSERT_EQUAL(loop_del_fd(l, p[0]), -1); /* already gone */
	close(p[0]);
	close(p[1]);
	loop_free(l);
}

/* A callback that removes another ready descriptor and adds a new one (which takes the
 * freed slot) within one epoll batch: the removed one's pending event must not reach
 * the newcomer's callback. */
struct swap {
	struct loop *l;
	int a[2], b[2], c[2];   /* pipes: a's callback swaps b for c */
	int newcomer_calls;     /* c's callback ran, with c readable */
	int stale_calls;        /* c's callback ran while c had nothing to read */
	struct loop_timer done; /* ends the run once the batch is over */
};

static void stop_swap(void *arg)
{
	struct swap *sw = arg;
	loop_stop(sw->l);
}

static void on_newcomer(void *arg, int fd, uint32_t events)
{
	struct swap *sw = arg;
	char ch;
	(void)events;
	if (read(fd, &ch, 1) == 1)
		sw->newcomer_calls++;
	else
		sw->stale_calls++;
}

static void on_b(void *arg, int fd, uint32_t events)
{
	(void)arg, (void)fd, (void)events; /* must not run: a removes b first */
	CU_FAIL("removed descriptor's callback ran");
}

static void on_a(void *arg, int fd, uint32_t events)
{
	struct swap *sw = arg;
	char ch;
	(void)events;
	CU_ASSERT_EQUAL(read(fd, &ch, 1), 1);
	loop_del_fd(sw->l, sw->b[0]); /* frees slot 1, whose event is pending */
	CU_ASSERT_EQUAL(loop_add_fd(sw->l, sw->c[0], LOOP_IN, on_newcomer, sw), 0); /* slot 1 */
	loop_timer_arm(sw->l, &sw->done, loop_now_ns() + 20000000, stop_swap,
		       sw); /* after the batch */
}

static void test_stale_event_not_delivered(void)
{
	struct swap sw = {.l = loop_new(), .done = LOOP_TIMER_INIT};
	CU_ASSERT_FATAL(pipe2(sw.a, O_NONBLOCK) == 0 && pipe2(sw.b, O_NONBLOCK) == 0 &&
			pipe2(sw.c, O_NONBLOCK) == 0);
	CU_ASSERT_EQUAL(loop_add_fd(sw.l, sw.a[0], LOOP_IN, on_a, &sw), 0);
	CU_ASSERT_EQUAL(loop_add_fd(sw.l, sw.b[0], LOOP_IN, on_b, &sw), 0);
	CU_ASSERT_EQUAL(write(sw.a[1], "x", 1), 1);
	CU_ASSERT_EQUAL(write(sw.b[1], "x", 1), 1); /* both ready in the same batch */
	loop_run(sw.l);
	CU_ASSERT_EQUAL(sw.stale_calls, 0);
	CU_ASSERT_EQUAL(sw.newcomer_calls, 0); /* c never had data */
	loop_del_fd(sw.l, sw.c[0]);
	loop_del_fd(sw.l, sw.a[0]);
	for (int i = 0; i < 2; i++) {
		close(sw.a[i]);
		close(sw.b[i]);
		close(sw.c[i]);
	}
	loop_free(sw.l);
}

/* Signals arrive through the loop, not a handler. */
static int got_signal;
static void on_usr1(void *arg, int signo)
{
	got_signal = signo;
	loop_stop(arg);
}

static void raise_usr1(void *arg)
{
	(void)arg;
	raise(SIGUSR1);
}

static void test_signal_through_loop(void)
{
	struct loop *l = loop_new();
	struct loop_timer t = LOOP_TIMER_INIT, guard = LOOP_TIMER_INIT;
	got_signal = 0;
	CU_ASSERT_EQUAL(loop_watch_signal(l, SIGUSR1, on_usr1, l), 0);
	loop_timer_arm(l, &t, loop_now_ns(), raise_usr1, NULL);
	/* a far timer keeps the loop alive until the signal stops it */
	loop_timer_arm(l, &guard, loop_now_ns() + 5000000000ull, raise_usr1, NULL);
	loop_run(l);
	CU_ASSERT_EQUAL(got_signal, SIGUSR1);
	CU_ASSERT(loop_timer_armed(&guard));
	loop_free(l);
}

/* Several signals watched in one call each reach the callback; more than the loop
 * holds are refused. */
static unsigned got_mask;
static void on_usr(void *arg, int signo)
{
	got_mask |= signo == SIGUSR1 ? 1u : signo == SIGUSR2 ? 2u : 4u;
	if (got_mask == 3u)
		loop_stop(arg);
}

static void raise_both(void *arg)
{
	(void)arg;
	raise(SIGUSR2);
	raise(SIGUSR1);
}

static void test_signals_at_once(void)
{
	static const int both[] = {SIGUSR1, SIGUSR2};
	struct loop *l = loop_new();
	struct loop_timer t = LOOP_TIMER_INIT, guard = LOOP_TIMER_INIT;
	got_mask = 0;
	CU_ASSERT_EQUAL(loop_watch_signals(l, both, 2, on_usr, l), 0);
	loop_timer_arm(l, &t, loop_now_ns(), raise_both, NULL);
	loop_timer_arm(l, &guard, loop_now_ns() + 5000000000ull, raise_both, NULL);
	loop_run(l);
	CU_ASSERT_EQUAL(got_mask, 3u);
	CU_ASSERT(loop_timer_armed(&guard));
	int many[LOOP_MAX_SIGNALS + 1];
	for (int i = 0; i <= LOOP_MAX_SIGNALS; i++)
		many[i] = SIGRTMIN + i;
	CU_ASSERT_EQUAL(loop_watch_signals(l, many, LOOP_MAX_SIGNALS + 1, on_usr, l), -1);
	CU_ASSERT_EQUAL(errno, ENOSPC);
	loop_free(l);
}

static void test_empty_loop_returns(void)
{
	struct loop *l = loop_new();
	CU_ASSERT_EQUAL(loop_run(l), 0);
	loop_free(l);
}

static CU_TestInfo cases[] = {
	{"timers fire in deadline order", test_timers_fire_in_deadline_order},
	{"a disarmed timer never fires", test_disarmed_timer_never_fires},
	{"re-arming moves the deadline", test_rearm_moves_deadline},
	{"2000 timers, a third cancelled, fire sorted", test_heap_many_timers},
	{"a timer never fires early", test_timer_never_early},
	{"20 timers 250 us apart take well under 20 ms", test_timer_sub_millisecond},
	{"a ready descriptor wakes its callback", test_fd_ready},
	{"signals are delivered through the loop", test_signal_through_loop},
	{"several signals watched at once; too many refused", test_signals_at_once},
	{"an empty loop returns at once", test_empty_loop_returns},
	{"a freed slot's pending event does not reach its next user",
	 test_stale_event_not_delivered},
	CU_TEST_INFO_NULL,
};
UNIT_MAIN("loop", cases)
