/* multi.c — several targets in one event loop, as fping sweeps them: probe k goes
 * to target k mod N in round k / N, at least --gap after the probe before it (fping's
 * -i) and at least -i after the target's previous one (fping's -p), or with both 0 as
 * fast as a window of probes in flight allows. Each
 * probe waits -W for its answer; the run ends when every probe is answered or timed
 * out. Per-target counts are a compact record (a /16 has 65536 of them); the overall
 * figures go through common/stats. */
#include "ping.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/icmp.h"
#include "netdx/metrics_export.h"

#define MULTI_BURST 256 /* probes per timer tick at most, so replies are read in between */

/* The state of one sweep. */
struct ping_multi {
	struct loop *loop;             /* the event loop */
	struct probe_engine *e4;       /* IPv4 engine or NULL */
	struct probe_engine *e6;       /* IPv6 engine or NULL */
	const struct ping_opts *o;     /* options */
	struct ping_targets *t;        /* the targets and their counts */
	int width;                     /* widest label, for fping's padding */
	uint64_t gap_ns;               /* least time between any two probes */
	uint64_t period_ns;            /* least time between two probes to one target */
	uint64_t total;                /* probes to send (UINT64_MAX: until stopped) */
	uint64_t next;                 /* index of the next probe */
	uint64_t due_ns;               /* when the gap after the previous probe ends */
	uint64_t start_ns;             /* first probe */
	uint64_t last_send_ns;         /* latest probe */
	uint64_t transmitted;          /* probes sent */
	struct stats st;               /* all replies of all targets */
	struct stats_hist buckets;     /* st's RTTs for the percentiles */
	size_t window;                 /* probes in flight per engine at -i 0 */
	bool blocked;                  /* waiting for a place in the window */
	bool done;                     /* finishing */
	bool printed;                  /* a per-probe line was printed */
	struct loop_timer send_timer;  /* the next probe(s) */
	struct loop_timer deadline;    /* -w */
	bool exporter;                 /* --serve / --textfile: -i per target, a cycle each -i */
	struct metrics_latency *hists; /* per target, with an exposition or exporter; or NULL */
	struct metrics_export export;  /* --serve's server, --textfile's file */
	struct loop_timer cycle;       /* the exporter's textfile, each -i */
	double *vrtt;                  /* fping -C: each target's RTT per round (-1: none) */
	struct ping_fsplits fs;        /* fping: its figures, whole run and since a summary */
	struct loop_timer report;      /* fping -Q: the next interval summary */
	struct ping_dueq retries;      /* fping's default mode: tries due after a wait */
	struct loop_timer retry_timer; /* ... armed for the earliest */
};

/* cookie_make / cookie_target / cookie_round
 * A probe's cookie carries its target index and round. */
static void *cookie_make(size_t target, uint64_t round)
{
	return (void *)(uintptr_t)(((uint64_t)(uint32_t)round << 32) | (uint32_t)target);
}
static size_t cookie_target(const void *c)
{
	return (size_t)(uint32_t)(uintptr_t)c;
}
static uint32_t cookie_round(const void *c)
{
	return (uint32_t)((uint64_t)(uintptr_t)c >> 32);
}

/* in_flight
 * Probes of either engine still waiting. */
static size_t in_flight(const struct ping_multi *m)
{
	return (m->e4 ? probe_engine_in_flight(m->e4) : 0) +
	       (m->e6 ? probe_engine_in_flight(m->e6) : 0);
}

/* stamp
 * -D's prefix or "". */
static const char *stamp(const struct ping_multi *m, char *buf, size_t len)
{
	if (!m->o->timestamps)
		return "";
	if (m->o->fp.on)
		ping_ftext_stamp(buf, len);
	else
		ping_fmt_timestamp(buf, len);
	return buf;
}

/* fping_per_probe
 * fping prints a line per probe: in count mode unless -q, -a, -u or -x; in loop mode
 * unless -Q (even with -q, as fping). */
static bool fping_per_probe(const struct ping_multi *m)
{
	const struct ping_fping *fp = &m->o->fp;
	if (fp->loop)
		return fp->report_s <= 0;
	return fp->counting && !m->o->quiet && !fp->reachable && !fp->show_alive &&
	       !fp->show_unreachable;
}

/* fping_verbose
 * fping's default mode prints "is alive" / "is unreachable" lines. */
static bool fping_verbose(const struct ping_multi *m)
{
	const struct ping_fping *fp = &m->o->fp;
	return !fp->counting && !m->o->quiet && !fp->reachable && !fp->show_alive &&
	       !fp->show_unreachable;
}

/* finish
 * Stop sending and counting; the summaries follow loop_run(). */
static void finish(struct ping_multi *m)
{
	m->done = true;
	loop_timer_disarm(m->loop, &m->report);
	loop_timer_disarm(m->loop, &m->retry_timer);
	loop_timer_disarm(m->loop, &m->send_timer);
	loop_timer_disarm(m->loop, &m->deadline);
	loop_timer_disarm(m->loop, &m->cycle);
	loop_stop(m->loop);
}

/* check_end
 * Every probe sent and none in flight: the sweep is over. */
static void check_end(struct ping_multi *m)
{
	if (!m->done && m->next >= m->total && in_flight(m) == 0)
		finish(m);
}

/* on_deadline
 * -w. */
static void on_deadline(void *arg)
{
	finish(arg);
}

/* send_failed
 * The kernel refused a probe: say so once per probe, as iputils would. */
static void send_failed(struct ping_multi *m, struct ping_target *t, int err)
{
	char lb[ADDR_STRLEN];
	const char *label = ping_target_label(t, lb, sizeof(lb));
	if (err == EMSGSIZE) {
		t->errors++;
		stats_error(&m->st);
	}
	if (m->o->fp.on) { /* fping's words, in its default mode's lines only */
		if (fping_verbose(m))
			fprintf(stderr, "%s: error while sending ping: %s\n", label, strerror(err));
		return;
	}
	if (m->o->quiet)
		return;
	if (m->o->json)
		ping_json_local_error(label, strerror(err), 0);
	else
		cli_error(label, "sendmsg: %s", strerror(err));
}

static void on_send_timer(void *arg);

/* probe_due
 * When probe m->next may go: the gap after the previous probe and the period after
 * its target's previous one both over. */
static uint64_t probe_due(const struct ping_multi *m, const struct ping_target *t)
{
	uint64_t due = m->due_ns, period = m->period_ns;
	/* no period (an exporter): the gap's schedule alone, so a late loop catches up */
	if (period && t->sent && t->last_sent_ns + period > due)
		due = t->last_sent_ns + period;
	return due;
}

static void on_retry_timer(void *arg);

/* fping_tries
 * fping's default mode: the sweep sends every target's first try; a try that is not
 * the last queues the next one for when its wait (-t, -B times more for each retry)
 * is over. */
static bool fping_tries(const struct ping_multi *m)
{
	return m->o->fp.on && !m->o->fp.counting;
}

/* queue_retry
 * Target i's try `round` just went: its next try is due when this one's wait ends. */
static void queue_retry(struct ping_multi *m, size_t i, uint32_t round, uint64_t now)
{
	const struct ping_fping *fp = &m->o->fp;
	if (round + 1 >= (uint64_t)m->o->count)
		return;
	double wait_ms = fp->timeout_ms;
	for (uint32_t k = 0; k < round; k++)
		wait_ms *= fp->backoff;
	if (!ping_dueq_push(&m->retries, now + (uint64_t)(wait_ms * 1e6), (uint32_t)i))
		cli_die(NULL, "out of memory");
	struct ping_due first;
	ping_dueq_peek(&m->retries, &first);
	if (!loop_timer_armed(&m->retry_timer) || first.due_ns < m->retry_timer.when_ns)
		loop_timer_arm(m->loop, &m->retry_timer, first.due_ns, on_retry_timer, m);
}

/* send_one
 * Probe `round` of target i now, counted; -1 (errno EBUSY) when the engine's window
 * is full and nothing went. */
static int send_one(struct ping_multi *m, size_t i, uint32_t round, uint64_t now)
{
	struct ping_target *t = &m->t->v[i];
	struct probe_engine *e = addr_family(&t->addr) == AF_INET ? m->e4 : m->e6;
	int rc = probe_send(e, &t->addr, m->o->ttl, cookie_make(i, round), NULL);
	int err = errno;
	if (rc < 0 && err == EBUSY)
		return -1;
	if (!m->transmitted)
		m->start_ns = now;
	m->last_send_ns = now;
	m->transmitted++;
	t->sent++;
	t->last_sent_ns = now;
	stats_sent(&m->st);
	if (rc < 0)
		send_failed(m, t, err);
	if (rc < 0 && m->o->fp.on)
		ping_fsplits_add(&m->fs, i, false, 0); /* fping counts it sent, unanswered */
	else if (fping_tries(m))
		queue_retry(m, i, round, now); /* as fping: a refused try is not retried */
	return 0;
}

/* next_wake
 * When send_due runs again: when the next probe is due (for an exporter, the gap's
 * schedule even when a burst ended early), now if it is due already. */
static uint64_t next_wake(const struct ping_multi *m, uint64_t due, uint64_t now)
{
	if (m->exporter)
		return m->due_ns;
	return due > now ? due : now;
}

/* send_due
 * Send the probes that are due (at most a burst), then wait for the next. A sweep
 * spaces from when probes really went, so a late loop never sends two probes less
 * than --gap apart, or two to one target less than -i apart; an exporter's gap runs
 * on the schedule's times, so its cadence does not drift. */
static void send_due(struct ping_multi *m)
{
	uint64_t now = loop_now_ns(), due = now;
	bool flat_out = !m->gap_ns && !m->period_ns;
	int burst = 0;
	m->blocked = false;
	while (!m->done && m->next < m->total && burst < MULTI_BURST) {
		size_t i = (size_t)(m->next % m->t->n);
		struct ping_target *t = &m->t->v[i];
		struct probe_engine *e = addr_family(&t->addr) == AF_INET ? m->e4 : m->e6;
		due = flat_out ? now : probe_due(m, t);
		if (due > now)
			break;
		if ((!m->gap_ns && probe_engine_in_flight(e) >= m->window) ||
		    send_one(m, i, (uint32_t)(m->next / m->t->n), now) < 0) {
			m->blocked = true;
			break;
		}
		m->next++;
		m->due_ns = (m->exporter ? due : now) + m->gap_ns;
		burst++;
	}
	fflush(stdout);
	if (!m->done && m->next < m->total && !m->blocked)
		loop_timer_arm(m->loop, &m->send_timer, next_wake(m, due, now), on_send_timer, m);
	check_end(m);
}

/* on_send_timer
 * The next probe is due. */
static void on_send_timer(void *arg)
{
	send_due(arg);
}

/* on_retry_timer
 * fping's retries whose wait is over (at most a burst), each sent at once, as fping
 * sends them, not held to -i: the first tries still to go wait -i after it. A
 * target that answered meanwhile gets no more tries. */
static void on_retry_timer(void *arg)
{
	struct ping_multi *m = arg;
	uint64_t now = loop_now_ns();
	struct ping_due d;
	for (int burst = 0;
	     !m->done && burst < MULTI_BURST && ping_dueq_peek(&m->retries, &d) && d.due_ns <= now;
	     burst++) {
		ping_dueq_pop(&m->retries);
		struct ping_target *t = &m->t->v[d.target];
		if (t->received)
			continue;
		if (send_one(m, d.target, t->sent, now) < 0) {
			queue_retry(m, d.target, t->sent - 1, now); /* the window is full: later */
			continue;
		}
		if (m->due_ns < now + m->gap_ns)
			m->due_ns = now + m->gap_ns;
	}
	if (!m->done && ping_dueq_peek(&m->retries, &d))
		loop_timer_arm(m->loop, &m->retry_timer, d.due_ns > now ? d.due_ns : now,
			       on_retry_timer, m);
	fflush(stdout);
	check_end(m);
}

/* count_reply
 * A first reply or a duplicate into the target's record and the overall stats. */
static void count_reply(struct ping_multi *m, struct ping_target *t, const struct probe_result *r,
			bool dup)
{
	stats_reply(&m->st, r->number, r->rtt_ms, dup);
	if (dup) {
		t->duplicates++;
		return;
	}
	if (m->hists)
		metrics_latency_observe(&m->hists[t - m->t->v], r->rtt_ms / 1e3);
	if (!t->received || r->rtt_ms < t->min_ms)
		t->min_ms = r->rtt_ms;
	if (!t->received || r->rtt_ms > t->max_ms)
		t->max_ms = r->rtt_ms;
	t->received++;
	t->sum_ms += r->rtt_ms;
	t->last_ttl = r->reply_ttl;
}

/* fping_timeout
 * fping: a probe unanswered. Count and loop mode say so per probe (the default mode
 * names the targets that never answered at the end, as fping). */
static void fping_timeout(struct ping_multi *m, const struct ping_target *t, const char *label,
			  uint32_t round)
{
	char ts[64];
	ping_fsplits_add(&m->fs, (size_t)(t - m->t->v), false, 0);
	if (m->o->fp.counting && fping_per_probe(m))
		ping_mtext_timeout(stdout, stamp(m, ts, sizeof(ts)), label, m->width, round, t);
}

/* fping_reply
 * fping: an echo reply. Count mode prints each; the default mode a target's first. */
static void fping_reply(struct ping_multi *m, struct ping_target *t, const char *label,
			const struct probe_result *r, uint32_t round)
{
	const struct ping_fping *fp = &m->o->fp;
	bool dup = r->event == PROBE_DUPLICATE;
	char ts[64];
	count_reply(m, t, r, dup);
	if (!dup)
		ping_fsplits_add(&m->fs, (size_t)(t - m->t->v), true, r->rtt_ms);
	if (m->vrtt && !dup)
		m->vrtt[(size_t)(t - m->t->v) * (size_t)m->o->count + round] = r->rtt_ms;
	if (fp->counting && fping_per_probe(m))
		ping_mtext_reply(stdout, stamp(m, ts, sizeof(ts)), label, m->width, round, r->bytes,
				 r->rtt_ms, dup, t);
	if (fp->counting || dup || t->received != 1)
		return;
	if (!m->o->quiet && !fp->reachable && !fp->show_unreachable)
		ping_ftext_alive(stdout, fp, label, r->rtt_ms);
}

/* fping_result
 * fping's lines for one outcome (ICMP errors on stderr, as fping). */
static void fping_result(struct ping_multi *m, struct ping_target *t, const struct probe_result *r)
{
	char lb[ADDR_STRLEN], from[ADDR_STRLEN];
	const char *label = ping_target_label(t, lb, sizeof(lb));
	uint32_t round = cookie_round(r->cookie);
	if (r->event == PROBE_TIMEOUT) {
		fping_timeout(m, t, label, round);
	} else if (r->msg && r->msg->kind == ICMP_KIND_ECHO_REPLY && !r->late) {
		fping_reply(m, t, label, r, round);
	} else if (r->msg && !r->late) {
		t->errors++;
		stats_error(&m->st);
		if (!m->o->quiet)
			ping_ftext_icmp(stderr, r->msg->family, r->msg->type, r->msg->code,
					addr_to_str(&r->from, from, sizeof(from)), label);
		fping_timeout(m, t, label, round); /* an error ends the try unanswered */
	}
	fflush(stdout);
}

/* ping_multi_on_result
 * The engines' callback: count and print one outcome, resume a blocked sweep. */
void ping_multi_on_result(void *arg, const struct probe_result *r)
{
	struct ping_multi *m = arg;
	if (m->done || r->event == PROBE_SEND_FAILED)
		return;
	size_t i = cookie_target(r->cookie);
	uint32_t round = cookie_round(r->cookie);
	struct ping_target *t = &m->t->v[i];
	char lb[ADDR_STRLEN], ts[64], from[ADDR_STRLEN];
	const char *label = ping_target_label(t, lb, sizeof(lb));
	bool show = !m->o->quiet;
	if (m->o->fp.on) {
		fping_result(m, t, r);
	} else if (r->event == PROBE_TIMEOUT) {
		if (show && m->o->json)
			ping_json_no_answer(label, round, true);
		else if (show)
			ping_mtext_timeout(stdout, stamp(m, ts, sizeof(ts)), label, m->width, round,
					   t);
		m->printed |= show;
	} else if (r->msg && r->msg->kind == ICMP_KIND_ECHO_REPLY && !r->late) {
		bool dup = r->event == PROBE_DUPLICATE;
		count_reply(m, t, r, dup);
		if (show && m->o->json)
			ping_json_reply(label, addr_to_str(&r->from, from, sizeof(from)), r->bytes,
					round, r->reply_ttl, true, r->rtt_ms, dup);
		else if (show)
			ping_mtext_reply(stdout, stamp(m, ts, sizeof(ts)), label, m->width, round,
					 r->bytes, r->rtt_ms, dup, t);
		m->printed |= show;
	} else if (r->msg && r->msg->kind != ICMP_KIND_ECHO_REPLY && !r->late) {
		const struct icmp_msg *msg = r->msg;
		char what[128];
		uint32_t info = msg->kind == ICMP_KIND_PARAM_PROBLEM && msg->pointer ? msg->pointer
										     : msg->mtu;
		ping_fmt_icmp(what, sizeof(what), msg->family, msg->type, msg->code, info);
		t->errors++;
		stats_error(&m->st);
		addr_to_str(&r->from, from, sizeof(from));
		if (show && m->o->json)
			ping_json_error(label, from, round, what, msg->type, msg->code);
		else if (show)
			ping_mtext_error(stdout, stamp(m, ts, sizeof(ts)), what, from, label);
		m->printed |= show;
	}
	if (m->blocked && !m->done && !loop_timer_armed(&m->send_timer))
		loop_timer_arm(m->loop, &m->send_timer, loop_now_ns(), on_send_timer, m);
	check_end(m);
}

/* fping_report
 * fping's interval summary (-Q's, or SIGQUIT's). */
static void fping_report(struct ping_multi *m)
{
	struct ping_fsplit_view v = {.o = m->o, .t = m->t, .width = m->width};
	fflush(stdout);
	ping_fsplits_report(&m->fs, &v, fping_per_probe(m) || fping_verbose(m));
}

/* on_report
 * -Q: the summary of the last SECS, and the next one armed. */
static void on_report(void *arg)
{
	struct ping_multi *m = arg;
	fping_report(m);
	loop_timer_arm(m->loop, &m->report, m->report.when_ns + (uint64_t)(m->o->fp.report_s * 1e9),
		       on_report, m);
}

/* on_signal
 * SIGINT / SIGTERM end the sweep with its summaries; SIGQUIT prints a status line
 * (fping: the summary since the last one). */
static void on_signal(void *arg, int signo)
{
	struct ping_multi *m = arg;
	if (signo == SIGQUIT && m->o->fp.on) {
		fping_report(m);
		return;
	}
	if (signo == SIGQUIT) {
		fflush(stdout);
		ping_text_status(stderr, m->transmitted, &m->st, true, 0);
		return;
	}
	finish(m);
}

/* ping_multi_new
 * A sweep of the targets, before its engines exist (they need it as callback argument). */
struct ping_multi *ping_multi_new(const struct ping_opts *o, struct loop *loop,
				  struct ping_targets *t)
{
	struct ping_multi *m = calloc(1, sizeof(*m));
	if (!m)
		cli_die(NULL, "out of memory");
	m->loop = loop;
	m->o = o;
	m->t = t;
	m->exporter = ping_opts_exporter(o);
	/* The exporter probes each target every -i: the round's probes spread over it
	 * (its period is the gap times N). */
	m->period_ns = m->exporter ? 0 : (uint64_t)(o->interval_ms * 1e6);
	m->gap_ns = (uint64_t)(o->gap_ms * 1e6);
	if (m->exporter)
		m->gap_ns = t->n ? (uint64_t)(o->interval_ms * 1e6) / t->n : 0;
	m->export.dirfd = -1;
	if ((o->expo || m->exporter) && !(m->hists = calloc(t->n ? t->n : 1, sizeof(*m->hists))))
		cli_die(NULL, "out of memory");
	m->total = !t->n ? 0 : o->count ? (uint64_t)o->count * t->n : UINT64_MAX;
	if (o->fp.on && !o->fp.counting)
		m->total = t->n; /* the first tries; the retries are queued as they come due */
	m->window = PING_MULTI_FLAT_OUT_WINDOW;
	if (o->fp.vcount) {
		size_t cells = (t->n ? t->n : 1) * (size_t)o->count;
		if (!(m->vrtt = malloc(cells * sizeof(*m->vrtt))))
			cli_die(NULL, "out of memory");
		for (size_t k = 0; k < cells; k++)
			m->vrtt[k] = -1.0;
	}
	stats_init_hist(&m->st, &m->buckets);
	if (o->fp.on && !ping_fsplits_init(&m->fs, t->n))
		cli_die(NULL, "out of memory");
	return m;
}

/* label_width
 * The widest label, for fping's padding (once the labels are final: fping -d). */
static int label_width(const struct ping_targets *t)
{
	int width = 0;
	for (size_t i = 0; i < t->n; i++) {
		char lb[ADDR_STRLEN];
		int w = (int)strlen(ping_target_label(&t->v[i], lb, sizeof(lb)));
		if (w > width)
			width = w;
	}
	return width;
}

/* report_unresolved
 * The names that did not resolve, before the sweep starts, as fping reports them
 * (one line each on stderr; --json: an error object). */
static void report_unresolved(const struct ping_multi *m)
{
	for (size_t i = 0; i < m->t->n_bad; i++) {
		const struct ping_unresolved *u = &m->t->bad[i];
		char what[512];
		if (m->o->fp.on)
			fprintf(stderr, "%s: %s\n", u->name, u->why); /* fping's words */
		else if (m->o->json)
			ping_json_unresolved(u);
		else
			cli_error(ping_unresolved_what(u, what, sizeof(what)), "%s", u->why);
	}
	fflush(stdout);
}

/* print_unresolved_before
 * --json: the per-target objects of the names that did not resolve and were given
 * before resolved target i (i = n: the rest), from *next on. The text block, as
 * fping's, has no line for them. */
static void print_unresolved_before(const struct ping_multi *m, size_t i, size_t *next)
{
	for (; *next < m->t->n_bad && m->t->bad[*next].before <= i; (*next)++)
		if (m->o->json)
			ping_json_unresolved_target(&m->t->bad[*next]);
}

/* overall
 * The sweep's overall figures so far. */
static struct ping_overall overall(const struct ping_multi *m)
{
	size_t alive = 0;
	for (size_t i = 0; i < m->t->n; i++)
		alive += m->t->v[i].received > 0;
	return (struct ping_overall){
		.resolved = m->t->n,
		.alive = alive,
		.unresolved = m->t->n_bad,
		.transmitted = m->transmitted,
		.st = &m->st,
		.time_ms = m->transmitted ? (m->last_send_ns - m->start_ns + 500000) / 1000000 : 0,
	};
}

/* build_expo
 * The exposition of the sweep as it stands, from c on (a scrape's parts, a textfile,
 * the last one): a metrics_http_build. */
static bool build_expo(void *arg, struct metrics *out, struct metrics_cursor *c)
{
	const struct ping_multi *m = arg;
	struct ping_overall ov = overall(m);
	struct ping_expo_sweep x = {
		.t = m->t,
		.hists = m->hists,
		.ov = &ov,
		.c4 = m->e4 ? probe_engine_counters(m->e4) : NULL,
		.c6 = m->e6 ? probe_engine_counters(m->e6) : NULL,
	};
	return ping_expo_sweep_part(out, &x, c);
}

/* on_cycle
 * The exporter's textfile, once per -i. */
static void on_cycle(void *arg)
{
	struct ping_multi *m = arg;
	metrics_export_write(&m->export);
	loop_timer_arm(m->loop, &m->cycle, m->cycle.when_ns + (uint64_t)(m->o->interval_ms * 1e6),
		       on_cycle, m);
}

/* ping_multi_open_export
 * The exporter's server and textfile, before the lockdown; what the sandbox must
 * allow for them. */
unsigned ping_multi_open_export(struct ping_multi *m, int *dirfd)
{
	struct metrics_export_opts o = {
		.serve = m->o->serve, .listen = &m->o->listen, .textfile = m->o->textfile};
	metrics_export_open(&m->export, &o, m->loop, build_expo, m);
	*dirfd = m->export.dirfd;
	return metrics_export_needs(&m->export);
}

/* print_end
 * Per-target lines in the order given, then the overall block (or the exposition). */
static size_t print_end(struct ping_multi *m)
{
	struct ping_overall ov = overall(m);
	size_t bad = 0;
	if (m->o->expo) {
		struct metrics x;
		metrics_init(&x, m->o->expo_dialect);
		metrics_http_build_all(build_expo, m, &x);
		ping_expo_print(&x);
		metrics_free(&x);
		return ov.alive;
	}
	if (!m->o->json && m->printed)
		fputc('\n', stdout);
	for (size_t i = 0; i < m->t->n; i++) {
		const struct ping_target *t = &m->t->v[i];
		char lb[ADDR_STRLEN], num[ADDR_STRLEN];
		const char *label = ping_target_label(t, lb, sizeof(lb));
		print_unresolved_before(m, i, &bad);
		if (m->o->json)
			ping_json_target(label, addr_to_str(&t->addr, num, sizeof(num)), t);
		else
			ping_mtext_target(stdout, label, m->width, t);
	}
	print_unresolved_before(m, m->t->n, &bad);
	if (m->o->json)
		ping_json_overall(&ov);
	else
		ping_mtext_overall(stdout, &ov);
	fflush(stdout);
	return ov.alive;
}

/* fping_stats
 * fping -s's totals. */
static struct ping_fstats fping_stats(const struct ping_multi *m, size_t alive)
{
	const struct stats *st = &m->st;
	return (struct ping_fstats){
		.targets = m->t->n + m->t->n_bad,
		.alive = alive,
		.unreachable = m->t->n - alive,
		.unknown = m->t->n_bad,
		.timeouts = ping_fsplits_timeouts(&m->fs),
		.sent = st->sent,
		.replies = st->received + st->duplicates,
		.other_icmp = st->errors,
		.min_ms = st->min_ms,
		.sum_ms = st->mean_ms * (double)st->n,
		.max_ms = st->max_ms,
		.elapsed_s = (double)(loop_now_ns() - m->start_ns) / 1e9,
	};
}

/* fping_end
 * fping's end: per-target summaries on stderr (count mode), -s, -x; its status. */
static int fping_end(struct ping_multi *m)
{
	const struct ping_fping *fp = &m->o->fp;
	size_t alive = 0;
	fflush(stdout);
	if (fping_per_probe(m))
		fputc('\n', stderr);
	for (size_t i = 0; i < m->t->n; i++) {
		const struct ping_target *t = &m->t->v[i];
		char lb[ADDR_STRLEN];
		const char *label = ping_target_label(t, lb, sizeof(lb));
		alive += t->received > 0;
		if (!fp->counting && !t->received && (fping_verbose(m) || fp->show_unreachable))
			ping_ftext_unreachable(stdout, fp, label);
	}
	fflush(stdout); /* before what follows on standard error */
	for (size_t i = 0; i < m->t->n; i++) {
		const struct ping_target *t = &m->t->v[i];
		char lb[ADDR_STRLEN];
		const char *label = ping_target_label(t, lb, sizeof(lb));
		if (fp->vcount)
			ping_ftext_vcount(stderr, label, m->width,
					  m->vrtt + i * (size_t)m->o->count, (size_t)m->o->count);
		else if (fp->counting)
			ping_fsplits_line(stderr, label, m->width, &m->fs.total[i],
					  fp->outage ? m->o->interval_ms : -1);
	}
	if (fp->stats) {
		struct ping_fstats s = fping_stats(m, alive);
		ping_ftext_stats(stderr, &s);
	}
	if (fp->reachable)
		ping_ftext_reachable(stdout, fp->reachable, alive);
	fflush(stdout);
	if (m->t->n_bad)
		return CLI_EXIT_ERROR;
	if (fp->reachable)
		return (size_t)fp->reachable <= alive ? CLI_EXIT_OK : CLI_EXIT_NOREPLY;
	return alive == m->t->n ? CLI_EXIT_OK : CLI_EXIT_NOREPLY;
}

/* ping_multi_run
 * Run the sweep to its end, print the summaries, free it; the exit status: fping's,
 * 2 when a name did not resolve, else 1 when a target never answered. */
int ping_multi_run(struct ping_multi *m, struct probe_engine *e4, struct probe_engine *e6)
{
	m->e4 = e4;
	m->e6 = e6;
	static const int signals[] = {SIGINT, SIGTERM, SIGQUIT};
	loop_watch_signals(m->loop, signals, sizeof(signals) / sizeof(signals[0]), on_signal, m);
	report_unresolved(m);
	m->width = label_width(m->t);
	m->start_ns = m->due_ns = loop_now_ns();
	if (m->o->fp.counting && m->o->fp.report_s > 0)
		loop_timer_arm(m->loop, &m->report,
			       m->start_ns + (uint64_t)(m->o->fp.report_s * 1e9), on_report, m);
	if (m->o->deadline_ms > 0)
		loop_timer_arm(m->loop, &m->deadline,
			       m->start_ns + (uint64_t)(m->o->deadline_ms * 1e6), on_deadline, m);
	if (m->export.dirfd >= 0)
		loop_timer_arm(m->loop, &m->cycle,
			       m->start_ns + (uint64_t)(m->o->interval_ms * 1e6), on_cycle, m);
	send_due(m);
	if (!m->done)
		loop_run(m->loop);
	metrics_export_write_now(&m->export); /* the final figures */
	int rc;
	if (m->o->fp.on) {
		rc = fping_end(m);
	} else {
		size_t alive = print_end(m);
		rc = m->t->n_bad        ? CLI_EXIT_ERROR
		     : alive == m->t->n ? CLI_EXIT_OK
					: CLI_EXIT_NOREPLY;
	}
	metrics_export_close(&m->export);
	ping_fsplits_free(&m->fs);
	ping_dueq_free(&m->retries);
	free(m->vrtt);
	free(m->hists);
	free(m);
	return rc;
}
