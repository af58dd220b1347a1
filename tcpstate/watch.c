/* watch.c — --watch: a census every interval on the event loop, with what changed since
 * the last pass: each state's count, connections begun and ended per second (Tcp
 * ActiveOpens + PassiveOpens, less the change of CurrEstab), ListenOverflows and
 * ListenDrops added, and how many passes in a row CLOSE_WAIT grew. Redrawn on a
 * terminal, one line per pass otherwise, one compact JSON document per pass with
 * --json. Processes are those found at the start: the sandbox reads no /proc after. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "netdx/cli.h"
#include "netdx/loop.h"
#include "run.h"

/* What the watch keeps from one pass to the next. */
struct watch {
	struct ts_run *r;                /* the run */
	struct loop *loop;               /* timer and signals */
	struct loop_timer timer;         /* the next pass */
	uint64_t interval_ns;            /* --watch */
	uint64_t last_ns;                /* when the last pass ran */
	uint64_t prev[TCP_DIAG_NSTATES]; /* each state's count at the last pass */
	uint64_t prev_total;             /* the total then */
	struct ts_kernel prev_kernel;    /* the counters then */
	struct ts_delta delta;           /* this pass's change */
	bool redraw;                     /* a terminal: clear and draw again */
};

/* state_total
 * One state's count, both families. */
static uint64_t state_total(const struct ts_census *c, unsigned st)
{
	return c->count[st][0] + c->count[st][1];
}

/* added
 * How much a counter grew, -1 when either reading is missing. */
static long long added(long long now, long long before)
{
	return now >= 0 && before >= 0 ? now - before : -1;
}

/* fill_rates
 * Connections begun and ended per second, and the listen drops added, from the kernel's
 * counters of this pass and the last. */
static void fill_rates(struct watch *w, double secs)
{
	const struct ts_kernel *k = &w->r->kernel, *p = &w->prev_kernel;
	struct ts_delta *d = &w->delta;
	long long opened = added(k->opens, p->opens), estab = added(k->curr_estab, p->curr_estab);
	bool first = d->pass < 2;
	d->opens_per_s = first || opened < 0 ? -1 : (double)opened / secs;
	d->closes_per_s = first || opened < 0 || k->curr_estab < 0 || p->curr_estab < 0
				  ? -1
				  : (double)(opened > estab ? opened - estab : 0) / secs;
	d->overflows = first ? -1 : added(k->listen_overflows, p->listen_overflows);
	d->drops = first ? -1 : added(k->listen_drops, p->listen_drops);
}

/* fill_delta
 * What changed since the last pass. */
static void fill_delta(struct watch *w, uint64_t now)
{
	const struct ts_census *c = &w->r->census;
	struct ts_delta *d = &w->delta;
	d->pass++;
	uint64_t since = d->pass < 2 ? w->interval_ns : now - w->last_ns;
	d->interval_s = (double)since / 1e9;
	for (unsigned st = 0; st < TCP_DIAG_NSTATES; st++)
		d->states[st] = (long long)state_total(c, st) - (long long)w->prev[st];
	d->total = (long long)c->total - (long long)w->prev_total;
	fill_rates(w, d->interval_s > 0 ? d->interval_s : 1);
	bool grew = d->pass > 1 && d->states[TCP_DIAG_CLOSE_WAIT] > 0;
	d->close_wait_rising = grew ? d->close_wait_rising + 1 : 0;
}

/* keep
 * Remember this pass for the next one. */
static void keep(struct watch *w, uint64_t now)
{
	for (unsigned st = 0; st < TCP_DIAG_NSTATES; st++)
		w->prev[st] = state_total(&w->r->census, st);
	w->prev_total = w->r->census.total;
	w->prev_kernel = w->r->kernel;
	w->last_ns = now;
}

/* on_pass
 * The timer: one pass, its report, the next pass (or the end after --count). */
static void on_pass(void *arg)
{
	struct watch *w = arg;
	uint64_t now = loop_now_ns();
	ts_run_pass(w->r);
	fill_delta(w, now);
	if (w->redraw)
		fputs("\033[H\033[2J", stdout);
	ts_run_report(w->r, &w->delta);
	if (fflush(stdout) != 0)
		cli_die("stdout", "%s", strerror(errno));
	keep(w, now);
	if (w->r->o->count && w->delta.pass >= w->r->o->count)
		loop_stop(w->loop);
	else
		loop_timer_arm(w->loop, &w->timer, now + w->interval_ns, on_pass, w);
}

/* on_end
 * SIGINT, SIGTERM, SIGHUP, SIGQUIT: stop after the pass shown. */
static void on_end(void *arg, int signo)
{
	struct watch *w = arg;
	(void)signo;
	loop_stop(w->loop);
}

void ts_watch(struct ts_run *r)
{
	struct watch w = {.r = r, .interval_ns = (uint64_t)(r->o->watch_s * 1e9)};
	w.delta.line = !r->o->json && !isatty(STDOUT_FILENO);
	w.redraw = !r->o->json && !w.delta.line;
	w.loop = loop_new();
	if (!w.loop || loop_watch_end_signals(w.loop, on_end, &w) < 0)
		cli_die("event loop", "%s", strerror(errno));
	loop_timer_arm(w.loop, &w.timer, loop_now_ns(), on_pass, &w);
	if (loop_run(w.loop) < 0)
		cli_die("event loop", "%s", strerror(errno));
	loop_free(w.loop);
}
