/* loop — the event loop every binary runs on: epoll for descriptors, a binary heap of
 * timers on CLOCK_MONOTONIC, signals through signalfd. No threads, no sleeps: the
 * epoll timeout is the earliest timer deadline. */
#ifndef NETDX_LOOP_H
#define NETDX_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;

/* What a descriptor is ready for (epoll's bits, so the loop passes them through; loop.c
 * checks they agree): callers need no <sys/epoll.h>. */
enum loop_event {
	LOOP_IN = 0x001,  /* readable */
	LOOP_OUT = 0x004, /* writable */
	LOOP_ERR = 0x008, /* an error is pending (a socket's error queue) */
	LOOP_HUP = 0x010, /* hung up */
};

/* Called when fd is ready; events is a mask of LOOP_IN, LOOP_ERR, ... */
typedef void (*loop_fd_cb)(void *arg, int fd, uint32_t events);
/* Called when a timer fires or a watched signal arrives. */
typedef void (*loop_cb)(void *arg);
typedef void (*loop_signal_cb)(void *arg, int signo);

/* A timer the caller owns (embed it in its own struct): no allocation per timer, and
 * cancelling is O(log n). Zero-initialise it (or LOOP_TIMER_INIT) before first use. */
struct loop_timer {
	uint64_t when_ns;  /* deadline on CLOCK_MONOTONIC */
	size_t heap_index; /* position in the heap + 1; 0 when not armed */
	loop_cb cb;        /* what to run */
	void *arg;         /* its argument */
};
#define LOOP_TIMER_INIT                                                                            \
	{                                                                                          \
		0, 0, NULL, NULL                                                                   \
	}

/* Current CLOCK_MONOTONIC time in nanoseconds. */
uint64_t loop_now_ns(void);

/* Current CLOCK_REALTIME time in nanoseconds: the clock the kernel stamps packets with,
 * for times measured against those stamps, never for scheduling. */
uint64_t loop_realtime_ns(void);

struct timespec;

/* A struct timespec (a clock's, a kernel stamp's) in nanoseconds. */
uint64_t loop_timespec_ns(const struct timespec *ts);

struct loop *loop_new(void);
void loop_free(struct loop *l);

/* Watch fd for events (LOOP_IN, LOOP_OUT). Returns 0 or -1 with errno. */
int loop_add_fd(struct loop *l, int fd, uint32_t events, loop_fd_cb cb, void *arg);
int loop_del_fd(struct loop *l, int fd);

/* Arm (or re-arm) t to run cb(arg) at when_ns. */
void loop_timer_arm(struct loop *l, struct loop_timer *t, uint64_t when_ns, loop_cb cb, void *arg);
/* Disarm t if it is armed; harmless otherwise. */
void loop_timer_disarm(struct loop *l, struct loop_timer *t);
bool loop_timer_armed(const struct loop_timer *t);

#define LOOP_MAX_SIGNALS 8 /* different signals one loop can watch */

/* Deliver signo through the loop instead of a handler (blocks it for the process).
 * Returns 0 or -1 with errno (ENOSPC: LOOP_MAX_SIGNALS are watched already). */
int loop_watch_signal(struct loop *l, int signo, loop_signal_cb cb, void *arg);

/* The same for n signals at once (one mask change, one signalfd update). */
int loop_watch_signals(struct loop *l, const int *signos, size_t n, loop_signal_cb cb, void *arg);

/* Watch the signals that end a run early but cleanly, with what it measured printed:
 * SIGINT, SIGTERM, SIGHUP (the terminal went away) and SIGQUIT (Ctrl-\; unwatched it
 * would dump core and, in mtr's live view, leave the terminal raw). Returns 0 or -1. */
int loop_watch_end_signals(struct loop *l, loop_signal_cb cb, void *arg);

/* Run until loop_stop() or until nothing is left to wait for (no fd, no timer).
 * Returns 0, or -1 with errno if epoll_wait failed. */
int loop_run(struct loop *l);
void loop_stop(struct loop *l);

#endif
