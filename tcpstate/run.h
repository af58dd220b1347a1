/* run.h — one tcpstate run: the steps before the sandbox (namespace, owners, kernel
 * figures, the INET_DIAG socket) and each pass over the kernel's sockets, shared by the
 * single census (main.c) and --watch (watch.c). */
#ifndef TCPSTATE_RUN_H
#define TCPSTATE_RUN_H

#include "census.h"
#include "kernel.h"
#include "report.h"

/* A run. */
struct ts_run {
	const struct ts_opts *o;    /* the command line */
	struct sock_owners *owners; /* inode to process, NULL when not needed */
	struct tcp_diag *diag;      /* the INET_DIAG socket */
	struct ts_kernel kernel;    /* counters and sysctls */
	struct ts_census census;    /* the counts of the last pass (not with --list) */
	bool nomem;                 /* the census ran out of memory */
};

/* Everything before the first pass, in the order of privilege: --netns, the owners and
 * the kernel's figures (what root adds is used here), the common start, the socket, the
 * lockdown. Each failure is one line and exit 2. */
void ts_run_open(struct ts_run *r, const struct ts_opts *o);

/* One pass: a new census (or the --list lines), the counters read again. */
void ts_run_pass(struct ts_run *r);

/* The census's findings and its report, text or JSON (compact with --watch); delta is
 * --watch's change since the last pass, NULL otherwise. */
void ts_run_report(const struct ts_run *r, const struct ts_delta *delta);

/* Free what the run holds. */
void ts_run_close(struct ts_run *r);

/* watch.c: --watch: a pass every interval, redrawn on a terminal, a line per pass
 * otherwise, until --count passes or a signal. */
void ts_watch(struct ts_run *r);

#endif
