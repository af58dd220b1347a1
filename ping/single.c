/* single.c — one target, the way iputils ping runs it: a probe every interval (or,
 * flooding, one as soon as the last is answered or 10 ms have passed), preload,
 * -O's "no answer yet", -c / -w / -W ending rules, SIGQUIT status, and the numbers
 * iputils prints (pipe, ipg/ewma). RTTs come from the engine's kernel timestamps;
 * every figure goes through common/stats. */
#include "ping.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netdx/cli.h"
#include "netdx/icmp.h"
#include "netdx/ipopt.h"
#include "netdx/route.h"
#include "netdx/sandbox.h"
#include "netdx/num.h"

/* The state of one run. */
struct ping_single {
	struct loop *loop;            /* the event loop */
	struct probe_engine *e;       /* the engine (one socket) */
	const struct ping_opts *o;    /* options */
	struct netdx_addr dst;        /* the target */
	struct netdx_addr src;        /* our address toward it (-I names the interface) */
	const char *host;             /* iputils' hostname for the header and statistics */
	const char *target;           /* the target as given (the exposition's host label) */
	struct ping_names *names;     /* lines that name addresses, in order */
	bool timed;                   /* the payload has room for a time (>= 16 bytes) */
	bool flood_dots;              /* -f without -q: '.' per probe, backspace per reply */
	bool flush_each;              /* flush stdout after each line / dot */
	uint64_t interval_ns;         /* -i */
	struct stats st;              /* replies, duplicates, errors, sums */
	struct stats_hist buckets;    /* st's RTTs for the percentiles */
	uint64_t transmitted;         /* probes counted as sent (failed sends too, as iputils) */
	uint64_t start_ns;            /* when the first probe went */
	uint64_t last_send_ns;        /* when the latest probe went */
	uint16_t last_seq;            /* sequence of the latest probe */
	bool have_last;               /* last_seq is valid */
	long ewma8_us;                /* iputils' smoothed RTT: 8 x microseconds */
	long pipe;                    /* iputils' pipe: most probes out when an answer came */
	uint32_t ttl_seen[256];       /* first replies per TTL */
	int last_ttl;                 /* TTL of the latest first reply, -1: none */
	struct metrics_latency hist;  /* RTTs of first replies (--openmetrics, --prometheus) */
	uint8_t answered[65536 / 8];  /* by sequence: answered (for -O) */
	struct ping_route_memo route; /* -R: the last route printed, for "(same route)" */
	bool broadcast;               /* a broadcast target: (DUP!) only with -v */
	uint64_t send_due_ns;         /* when the next paced probe is due */
	struct loop_timer send_timer; /* paced sending, or the flood's 10 ms tick */
	struct loop_timer exit_timer; /* the wait after the last probe (-c) */
	struct loop_timer deadline;   /* -w */
	bool done;                    /* finishing: nothing more is sent or counted */
	bool exit_armed;              /* exit_timer was set (once, as iputils) */
};

/* seq_bit / seq_set / seq_clear
 * The answered bitmap, by 16-bit sequence. */
static bool seq_bit(const struct ping_single *s, uint16_t seq)
{
	return s->answered[seq >> 3] & (1u << (seq & 7));
}
static void seq_set(struct ping_single *s, uint16_t seq)
{
	s->answered[seq >> 3] |= (uint8_t)(1u << (seq & 7));
}
static void seq_clear(struct ping_single *s, uint16_t seq)
{
	s->answered[seq >> 3] &= (uint8_t) ~(1u << (seq & 7));
}

/* stamp
 * -D's "[seconds.micros] " prefix, or "". */
static const char *stamp(const struct ping_single *s, char *buf, size_t len)
{
	buf[0] = '\0';
	if (s->o->timestamps)
		ping_fmt_timestamp(buf, len);
	return buf;
}

/* print_no_answer
 * -O's "no answer yet for icmp_seq=N", in its turn among the lines. */
static void print_no_answer(const struct ping_single *s, unsigned seq)
{
	struct ping_no_answer_text t = {.seq = seq};
	stamp(s, t.ts, sizeof(t.ts));
	ping_names_line(s->names, NULL, ping_text_line_no_answer, &t, sizeof(t));
}

/* flush
 * Lines reach a pipe as they happen (as iputils' fflush after each); the flood's dots
 * only when a terminal shows them, so a redirected flood is not a write per packet. */
static void flush(const struct ping_single *s)
{
	if (s->flush_each)
		fflush(stdout);
}

/* finish
 * Stop: no more probes, no more counting; the statistics follow loop_run(). */
static void finish(struct ping_single *s)
{
	s->done = true;
	loop_timer_disarm(s->loop, &s->send_timer);
	loop_timer_disarm(s->loop, &s->exit_timer);
	loop_timer_disarm(s->loop, &s->deadline);
	loop_stop(s->loop);
}

/* on_exit_timer / on_deadline
 * The wait after the last probe is over; -w's deadline came. */
static void on_exit_timer(void *arg)
{
	finish(arg);
}
static void on_deadline(void *arg)
{
	finish(arg);
}

/* may_send
 * iputils sends until -c probes went out, unless a deadline keeps it going. */
static bool may_send(const struct ping_single *s)
{
	if (s->done)
		return false;
	return !(s->o->count && s->transmitted >= (uint64_t)s->o->count && !s->o->deadline_ms);
}

/* check_done
 * iputils' exit tests: -c answers (replies and errors) in, or an error under -w. */
static void check_done(struct ping_single *s)
{
	if (s->done)
		return;
	if (s->o->count && s->st.received + s->st.errors >= (uint64_t)s->o->count)
		finish(s);
	else if (s->o->deadline_ms > 0 && s->st.errors)
		finish(s);
}

/* arm_exit
 * After the -c'th probe: wait twice the longest RTT (at least an interval) when
 * something came back, -W otherwise; then finish (iputils' __schedule_exit). */
static void arm_exit(struct ping_single *s)
{
	if (s->exit_armed || s->done || may_send(s) || s->o->deadline_ms > 0)
		return;
	uint64_t wait_ns;
	if (s->st.received) {
		uint64_t twice = (uint64_t)(2 * s->st.tmax_us) * 1000;
		wait_ns = twice > s->interval_ns ? twice : s->interval_ns;
	} else {
		wait_ns = (uint64_t)(s->o->linger_ms * 1e6);
	}
	s->exit_armed = true;
	loop_timer_arm(s->loop, &s->exit_timer, loop_now_ns() + wait_ns, on_exit_timer, s);
}

/* local_error
 * A probe the kernel refused. EMSGSIZE is iputils' "local error" (counted as an
 * error, with the MTU); anything else is "sendmsg: why", not counted. */
static void local_error(struct ping_single *s, int err)
{
	if (err == EMSGSIZE) {
		struct route_info ri;
		unsigned mtu = route_lookup(&s->dst, &ri, NULL) == NETDX_OK ? ri.mtu : 0;
		stats_error(&s->st);
		if (s->o->quiet)
			return;
		if (s->o->json)
			ping_json_local_error(NULL, "local error: message too long", mtu);
		else if (s->flood_dots)
			fputc('E', stdout);
		else if (addr_family(&s->dst) == AF_INET)
			cli_error("local error", "message too long, mtu=%u", mtu);
		else
			cli_error("local error", "message too long, mtu: %u", mtu);
		return;
	}
	if (s->o->quiet)
		return;
	if (s->o->json)
		ping_json_local_error(NULL, strerror(err), 0);
	else if (s->flood_dots)
		fputc('E', stdout);
	else
		cli_error("sendmsg", "%s", strerror(err));
}

/* send_one
 * One probe (with -O's report on the one before). False when nothing was sent: the
 * count is reached, we are finishing, or the window is full. */
static bool send_one(struct ping_single *s)
{
	if (!may_send(s))
		return false;
	if (s->o->outstanding && s->have_last && !seq_bit(s, s->last_seq)) {
		if (s->o->json)
			ping_json_no_answer(NULL, s->last_seq, false);
		else if (!s->o->quiet && !s->flood_dots)
			print_no_answer(s, s->last_seq);
		flush(s);
	}
	uint64_t number = 0;
	int rc = probe_send(s->e, &s->dst, s->o->ttl, NULL, &number);
	int err = errno;
	if (rc < 0 && err == EBUSY)
		return false;
	s->last_send_ns = loop_now_ns();
	s->transmitted++;
	stats_sent(&s->st);
	if (rc == 0) {
		s->last_seq = (uint16_t)number;
		s->have_last = true;
		seq_clear(s, s->last_seq);
		if (s->flood_dots)
			fputc('.', stdout);
	} else {
		s->last_seq = (uint16_t)(s->last_seq + 1);
		s->have_last = true;
		seq_clear(s, s->last_seq);
		local_error(s, err);
		check_done(s);
	}
	flush(s);
	arm_exit(s);
	return true;
}

/* on_send_timer
 * Paced sending: the next probe one interval after this one went, as iputils paces:
 * every gap is at least what -i says (a fixed grid would make up for a late wake-up
 * with a shorter gap, and a path whose RTT is close to the interval would see that). */
static void on_send_timer(void *arg)
{
	struct ping_single *s = arg;
	send_one(s);
	if (!may_send(s))
		return;
	s->send_due_ns = s->last_send_ns + s->interval_ns;
	loop_timer_arm(s->loop, &s->send_timer, s->send_due_ns, on_send_timer, s);
}

/* flood_refill
 * Interval 0: keep preload probes in flight. */
static void flood_refill(struct ping_single *s)
{
	while (probe_engine_in_flight(s->e) < (size_t)s->o->preload && send_one(s))
		;
}

/* on_flood_tick
 * Interval 0 without answers: iputils still sends one probe every 10 ms. */
static void on_flood_tick(void *arg)
{
	struct ping_single *s = arg;
	uint64_t tick = (uint64_t)PING_FLOOD_TICK_MS * 1000000;
	if (loop_now_ns() >= s->last_send_ns + tick)
		send_one(s);
	if (may_send(s))
		loop_timer_arm(s->loop, &s->send_timer, s->last_send_ns + tick, on_flood_tick, s);
}

/* note_answer
 * What every answer (reply or error) updates: iputils' pipe size. (-O's bitmap only
 * takes replies: iputils says "no answer yet" for a probe that got an ICMP error.) */
static void note_answer(struct ping_single *s, const struct probe_result *r)
{
	uint64_t sent = probe_engine_counters(s->e)->sent;
	if (sent >= r->number) {
		long diff = (long)(sent - r->number + 1);
		if (diff > s->pipe)
			s->pipe = diff;
	}
}

/* on_reply
 * An echo reply (or a duplicate of one): count it, print it. */
static void on_reply(struct ping_single *s, const struct probe_result *r, bool dup)
{
	long us = r->rtt_ms > 0 ? (long)num_round(r->rtt_ms * 1000.0) : 0;
	stats_reply(&s->st, r->number, s->timed ? r->rtt_ms : 0.0, dup);
	if (!dup && s->timed)
		s->ewma8_us = s->ewma8_us ? s->ewma8_us + us - s->ewma8_us / 8 : us * 8;
	if (!dup && r->reply_ttl >= 0 && r->reply_ttl < 256) {
		s->ttl_seen[r->reply_ttl]++;
		s->last_ttl = r->reply_ttl;
	}
	if (!dup && s->timed)
		metrics_latency_observe(&s->hist, r->rtt_ms / 1e3);
	seq_set(s, r->wire_seq);
	note_answer(s, r);
	if (s->o->quiet)
		return;
	struct ipopt_list opts = {.n = 0};
	if (s->o->ip_options_len && r->ip_options)
		ipopt_parse(r->ip_options, r->ip_options_len, &opts);
	if (s->o->json) {
		char from[ADDR_STRLEN];
		ping_json_reply_ipopts(addr_to_str(&r->from, from, sizeof(from)), r->bytes,
				       r->wire_seq, r->reply_ttl, s->timed, r->rtt_ms, dup,
				       s->o->ip_options_len ? &opts : NULL);
	} else if (s->flood_dots) {
		fputs(s->o->audible ? "\b \b\a" : "\b \b", stdout);
	} else {
		bool truncated = r->bytes < (size_t)s->o->size + 8;
		struct ping_reply_text t;
		stamp(s, t.ts, sizeof(t.ts));
		t.line = (struct ping_reply_line){
			.bytes = r->bytes,
			.seq = r->wire_seq,
			.ttl = r->reply_ttl,
			.timed = s->timed,
			.rtt_us = us,
			.dup = dup && (!s->broadcast || s->o->verbose),
			.truncated = truncated,
			.hops = s->o->verbose,
			.bell = s->o->audible,
			.open_end = s->o->ip_options_len > 0,
		};
		t.names = s->names;
		t.memo = &s->route;
		t.ipopts_len = 0;
		if (t.line.open_end && r->ip_options) {
			t.ipopts_len = r->ip_options_len < sizeof(t.ipopts) ? r->ip_options_len
									    : sizeof(t.ipopts);
			memcpy(t.ipopts, r->ip_options, t.ipopts_len);
		}
		/* -R / -T: the RR: / TS: lines end the reply's line, so they wait with it for
		 * the names of the addresses they show */
		struct netdx_addr also[IPOPT_SPACE];
		size_t n_also = ping_ipopts_addrs(&opts, also, IPOPT_SPACE);
		ping_names_line_also(s->names, &r->from, also, n_also, ping_text_line_reply, &t,
				     sizeof(t));
	}
	flush(s);
}

/* on_error
 * An ICMP error about one of our probes: "From ROUTER icmp_seq=N Time to live exceeded". */
static void on_error(struct ping_single *s, const struct probe_result *r)
{
	const struct icmp_msg *m = r->msg;
	stats_error(&s->st);
	note_answer(s, r);
	if (s->o->quiet)
		return;
	uint32_t info = m->kind == ICMP_KIND_PARAM_PROBLEM && m->pointer ? m->pointer : m->mtu;
	char what[128];
	ping_fmt_icmp(what, sizeof(what), m->family, m->type, m->code, info);
	if (s->o->json) {
		char from[ADDR_STRLEN];
		ping_json_error(NULL, addr_to_str(&r->from, from, sizeof(from)), r->wire_seq, what,
				m->type, m->code);
	} else if (s->flood_dots) {
		fputs("\bE", stdout);
	} else {
		struct ping_error_text t = {.seq = r->wire_seq};
		stamp(s, t.ts, sizeof(t.ts));
		snprintf(t.what, sizeof(t.what), "%s", what);
		ping_names_line(s->names, &r->from, ping_text_line_error, &t, sizeof(t));
	}
	flush(s);
}

/* adapt_next
 * -A: an answer came; once fewer than -l probes are unanswered, the next goes now, or
 * without root 2 ms after the last one at the soonest (the -i floor; iputils 20221126
 * too, whatever its man page's 200 ms says). The -i timer stays armed for answers that
 * never come. */
static void adapt_next(struct ping_single *s)
{
	if (!may_send(s) || probe_engine_in_flight(s->e) >= (size_t)s->o->preload)
		return;
	uint64_t floor_ns = s->o->root ? 0 : (uint64_t)(PING_USER_MIN_INTERVAL_MS * 1e6);
	uint64_t due = s->last_send_ns + floor_ns;
	if (due < s->send_due_ns)
		loop_timer_arm(s->loop, &s->send_timer, due, on_send_timer, s);
}

/* on_result
 * Everything the engine reports. Timeouts say nothing (iputils has none per probe; a
 * late reply still counts); they only free a place in the window. */
static void on_result(void *arg, const struct probe_result *r)
{
	struct ping_single *s = arg;
	if (s->done)
		return;
	if ((r->event == PROBE_REPLY || r->event == PROBE_ERROR || r->event == PROBE_DUPLICATE) &&
	    r->msg) {
		if (r->msg->kind == ICMP_KIND_ECHO_REPLY)
			on_reply(s, r, r->event == PROBE_DUPLICATE);
		else
			on_error(s, r);
	}
	check_done(s);
	if (!s->done && s->interval_ns == 0)
		flood_refill(s);
	else if (!s->done && s->o->adaptive && r->event == PROBE_REPLY)
		adapt_next(s);
	if (!s->done && !may_send(s))
		arm_exit(s);
}

/* on_signal
 * SIGINT / SIGTERM: statistics and out. SIGQUIT: iputils' one-line status on stderr. */
static void on_signal(void *arg, int signo)
{
	struct ping_single *s = arg;
	if (signo == SIGQUIT) {
		fflush(stdout);
		ping_text_status(stderr, s->transmitted, &s->st, s->timed, s->ewma8_us);
		return;
	}
	finish(s);
}

/* commonest_ttl
 * The TTL most first replies carried (hop inference uses it), -1 without replies. */
static int commonest_ttl(const struct ping_single *s)
{
	int best = -1;
	for (int t = 0; t < 256; t++)
		if (s->ttl_seen[t] && (best < 0 || s->ttl_seen[t] > s->ttl_seen[best]))
			best = t;
	return best;
}

/* print_start
 * PATTERN and PING lines (or the JSON start object). */
static void print_start(struct ping_single *s)
{
	const struct ping_opts *o = s->o;
	int family = addr_family(&s->dst);
	char num[ADDR_STRLEN];
	addr_to_str(&s->dst, num, sizeof(num));
	long total = o->size + (long)probe_header_len(family, PROBE_METHOD_ICMP) +
		     (long)o->ip_options_len;
	if (o->expo)
		return; /* the exposition instead of the text, at the end */
	if (o->json) {
		ping_json_start(s->host, num, o->size, total);
		return;
	}
	if (o->pattern_len && !o->quiet)
		ping_text_pattern(stdout, o->pattern, o->pattern_len);
	bool show_src = o->iface || o->src.len || o->sticky_src;
	struct ping_header_text t = {.family = family,
				     .host = s->host,
				     .iface = o->iface,
				     .show_src = show_src,
				     .size = o->size,
				     .total = total,
				     .flowlabel = family == AF_INET6 ? o->flowlabel : 0};
	snprintf(t.num, sizeof(t.num), "%s", num);
	if (t.show_src)
		addr_to_str(o->src.len ? &o->src : &s->src, t.src, sizeof(t.src));
	/* iputils prints the IPv4 target numerically, the IPv6 one through pr_addr. */
	ping_names_line(s->names, family == AF_INET6 ? &s->dst : NULL, ping_text_line_header, &t,
			sizeof(t));
	fflush(stdout);
}

/* print_end
 * The extras and iputils' statistics (or the JSON summary). */
static void print_end(struct ping_single *s)
{
	fflush(stdout);
	uint64_t span = s->transmitted ? s->last_send_ns - s->start_ns : 0;
	char address[ADDR_STRLEN];
	struct ping_summary sum = {
		.host = s->host,
		.transmitted = s->transmitted,
		.st = &s->st,
		.timed = s->timed,
		.time_ms = (span + 500000) / 1000000,
		.pipe = s->pipe,
		.ipg = (s->interval_ns == 0 || s->o->adaptive) && s->st.received &&
		       s->transmitted > 1,
		.ipg_us = s->transmitted > 1 ? (long)(span / 1000 / (s->transmitted - 1)) : 0,
		.ewma8_us = s->ewma8_us,
		.ttl = commonest_ttl(s),
		.engine = s->o->verbose ? probe_engine_counters(s->e) : NULL,
		.after_dots = s->flood_dots,
		.target = s->target,
		.address = addr_to_str(&s->dst, address, sizeof(address)),
		.last_ttl = s->last_ttl,
		.hist = &s->hist,
		.counters = probe_engine_counters(s->e),
	};
	if (s->o->json) {
		ping_json_summary(&sum);
		return;
	}
	if (s->o->expo) {
		struct metrics m;
		metrics_init(&m, s->o->expo_dialect);
		ping_expo_summary(&m, &sum);
		ping_expo_print(&m);
		metrics_free(&m);
		return;
	}
	ping_text_extras(stdout, &sum);
	ping_text_summary(stdout, &sum);
	fflush(stdout);
}

/* ping_single_new
 * A run against one target, before its engine exists. */
struct ping_single *ping_single_new(const struct ping_opts *o, struct loop *loop,
				    const struct netdx_addr *dst, const struct netdx_addr *src,
				    const char *host, const char *target, bool numeric)
{
	struct ping_single *s = calloc(1, sizeof(*s));
	if (!s)
		cli_die(NULL, "out of memory");
	s->loop = loop;
	s->o = o;
	s->dst = *dst;
	s->src = *src;
	s->host = host;
	s->target = target;
	s->last_ttl = -1;
	s->timed = o->size >= PING_TIMING_MIN_SIZE;
	s->flood_dots = o->flood && !o->quiet && !o->json;
	/* names only for the text's lines: JSON, the exposition and -q show none */
	bool lines = !o->quiet && !o->json && !o->expo && !s->flood_dots;
	s->names = ping_names_new(loop, numeric || !lines);
	/* Nothing to flush per probe when quiet; a flood's dots only to a terminal. */
	s->flush_each = !o->quiet && (!s->flood_dots || isatty(STDOUT_FILENO));
	s->interval_ns = (uint64_t)(o->interval_ms * 1e6);
	stats_init_hist(&s->st, &s->buckets);
	return s;
}

/* ping_single_broadcast
 * Mark the target a broadcast address. */
void ping_single_broadcast(struct ping_single *s)
{
	s->broadcast = true;
}

/* ping_single_sandbox
 * What the run needs from the sandbox: names' lookups, and the route's MTU for a
 * probe the kernel refuses for its size (-M do). */
unsigned ping_single_sandbox(const struct ping_single *s)
{
	unsigned needs = ping_names_sandbox(s->names);
	return s->o->df == SOCK_DF_DO ? needs | SANDBOX_ROUTE : needs;
}

/* ping_single_on_result
 * The engine's callback. */
void ping_single_on_result(void *arg, const struct probe_result *r)
{
	on_result(arg, r);
}

/* ping_single_run
 * Print the first line, send and count until done, print the statistics, free the
 * run; the exit status. */
int ping_single_run(struct ping_single *s, struct probe_engine *e)
{
	const struct ping_opts *o = s->o;
	s->e = e;
	print_start(s);
	static const int signals[] = {SIGINT, SIGTERM, SIGQUIT};
	loop_watch_signals(s->loop, signals, sizeof(signals) / sizeof(signals[0]), on_signal, s);
	s->start_ns = loop_now_ns();
	if (o->deadline_ms > 0)
		loop_timer_arm(s->loop, &s->deadline,
			       s->start_ns + (uint64_t)(o->deadline_ms * 1e6), on_deadline, s);
	for (long i = 0; i < o->preload && send_one(s); i++)
		;
	if (s->interval_ns) {
		s->send_due_ns = s->start_ns + s->interval_ns;
		if (may_send(s))
			loop_timer_arm(s->loop, &s->send_timer, s->send_due_ns, on_send_timer, s);
	} else if (may_send(s)) {
		loop_timer_arm(s->loop, &s->send_timer,
			       s->last_send_ns + (uint64_t)PING_FLOOD_TICK_MS * 1000000,
			       on_flood_tick, s);
	}
	if (!s->done)
		loop_run(s->loop);
	/* lines still waiting for a name go out first (a signal stops the wait) */
	if (!ping_names_drain(s->names))
		ping_names_give_up(s->names);
	print_end(s);
	int rc = CLI_EXIT_OK;
	if (!s->st.received ||
	    (o->deadline_ms > 0 && o->count && s->st.received < (uint64_t)o->count))
		rc = CLI_EXIT_NOREPLY;
	ping_names_free(s->names);
	free(s);
	return rc;
}
