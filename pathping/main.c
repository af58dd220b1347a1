/* pathping — Windows pathping's per-hop and per-link loss table, measured with every
 * hop probed at once: the statistics phase takes queries × period whatever the path's
 * length (Windows spends that per hop). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netdx/cli.h"
#include "netdx/path_setup.h"
#include "netdx/tool.h"
#include "pathping.h"

#define TRACE_ROUNDS 3 /* phase 1: a hop missing from all three is shown as "*" */
#define NAMES_WAIT_NS (2000 * 1000000ull) /* the longest the hop list waits for names */

/* --help, in Windows pathping's words. */
static const char usage_text[] =
	"Usage: pathping [-g host-list] [-h maximum_hops] [-i address] [-n]\n"
	"                [-p period] [-q num_queries] [-w timeout]\n"
	"                [-4] [-6] [--json | --openmetrics | --prometheus] target_name\n\n"
	"Options:\n"
	"    -g host-list     Loose source route along host-list (not supported).\n"
	"    -h maximum_hops  Maximum number of hops to search for target (30).\n"
	"    -i address       Use the specified source address.\n"
	"    -n               Do not resolve addresses to hostnames.\n"
	"    -p period        Wait period milliseconds between pings (250).\n"
	"    -q num_queries   Number of queries per hop (100).\n"
	"    -w timeout       Wait timeout milliseconds for each reply (3000).\n"
	"    -T, -R           Layer-2 priority and RSVP tests (not supported).\n"
	"    -4               Force using IPv4.\n"
	"    -6               Force using IPv6.\n"
	"    --json           One JSON document instead of the table.\n"
	"    --openmetrics    Per-hop metrics instead of the table, OpenMetrics 1.0 text:\n"
	"                     netdx_hop_sent_total, netdx_hop_lost_total,\n"
	"                     netdx_hop_loss_ratio, netdx_hop_rtt_*_seconds (last, avg,\n"
	"                     best, worst, stdev), netdx_hop_icmp_ratelimited,\n"
	"                     netdx_hop_link_lost, netdx_hop_link_loss_ratio,\n"
	"                     netdx_hop_node_lost, netdx_hop_node_loss_ratio,\n"
	"                     netdx_hop_responder_replies_total, netdx_path_reached,\n"
	"                     netdx_path_hops (see pathping(8)).\n"
	"    --prometheus     The same in the Prometheus text format 0.0.4.\n"
	"    --version        Print the version.\n";

/* refuse_option
 * Windows options that cannot work here: say why, exit 2. */
__attribute__((noreturn)) static void refuse_option(int opt)
{
	if (opt == 'g')
		cli_die("-g",
			"loose source routing is not supported: routers drop "
			"source-routed packets (RFC 7126), so the route would not be the real one");
	cli_die(opt == 'T' ? "-T" : "-R",
		"%s is not supported: it needs %s, which Linux does not offer to ICMP probes",
		opt == 'T' ? "layer-2 priority tagging" : "an RSVP test",
		opt == 'T' ? "802.1p tags set per packet by the driver" : "an RSVP daemon");
}

enum {
	OPT_OPENMETRICS = 256,
	OPT_PROMETHEUS,
};

/* set_metrics
 * --openmetrics or --prometheus: one of the two. */
static void set_metrics(struct pathping *pp, enum metrics_dialect d)
{
	const char *flag = d == METRICS_OPENMETRICS ? "--openmetrics" : "--prometheus";
	if (pp->metrics_flag && pp->dialect != d)
		cli_die_together(pp->metrics_flag, flag);
	pp->metrics_flag = flag;
	pp->dialect = d;
}

/* set_option
 * One option into pp (or die); false when opt is not one of them. */
static bool set_option(struct pathping *pp, int opt, const char *arg, const char **src)
{
	switch (opt) {
	case 'h':
		pp->max_hops = (int)cli_long_or_die("maximum hops", arg, 1, 255);
		break;
	case 'i':
		*src = arg;
		break;
	case 'n':
		pp->numeric = true;
		break;
	case 'p':
		pp->period_ms = cli_long_or_die("period", arg, 1, 3600000);
		break;
	case 'q':
		pp->queries = cli_long_or_die("number of queries", arg, 1, 1000000);
		break;
	case 'w':
		pp->timeout_ms = cli_long_or_die("timeout", arg, 1, 3600000);
		break;
	case '4':
		pp->rc.probe.family = AF_INET;
		break;
	case '6':
		pp->rc.probe.family = AF_INET6;
		break;
	case 'j':
		pp->json = true;
		break;
	case OPT_OPENMETRICS:
	case OPT_PROMETHEUS:
		set_metrics(pp, opt == OPT_OPENMETRICS ? METRICS_OPENMETRICS : METRICS_PROMETHEUS);
		break;
	default:
		return false;
	}
	return true;
}

/* parse_options
 * Windows' options; every error is one line and exit 2. */
static void parse_options(struct pathping *pp, int argc, char **argv, const char **src)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'H'},
		{"version", no_argument, NULL, 'V'},
		{"json", no_argument, NULL, 'j'},
		{"openmetrics", no_argument, NULL, OPT_OPENMETRICS},
		{"prometheus", no_argument, NULL, OPT_PROMETHEUS},
		{NULL, 0, NULL, 0},
	};
	int opt;

	cli_name_getopt(argv);
	while ((opt = getopt_long(argc, argv, "g:h:i:np:q:w:TR46", longopts, NULL)) != -1) {
		if (set_option(pp, opt, optarg, src))
			continue;
		if (opt == 'g' || opt == 'T' || opt == 'R')
			refuse_option(opt);
		cli_help_version_or_exit(opt, 'H', 'V', usage_text);
	}
	if (pp->json && pp->metrics_flag)
		cli_die_together("--json", pp->metrics_flag);
	if (optind != argc - 1)
		cli_die("usage", "one target_name is needed (pathping --help)");
	pp->target = argv[optind];
}

/* end_phase
 * Stop the loop once the running phase is over: its last round closed and, in phase 2,
 * its planned length has passed (so "Computing statistics for N seconds" holds). */
static void end_phase(struct pathping *pp)
{
	if (pp->rounds_done && !loop_timer_armed(&pp->hold))
		loop_stop(pp->loop);
}

static void on_hold(void *arg)
{
	end_phase(arg);
}

/* on_rounds
 * Every address is looked up the moment it first answers; a phase ends with its last
 * round. */
static void on_rounds(void *arg, enum rounds_event ev, const struct rounds_info *info)
{
	struct pathping *pp = arg;
	if (ev == ROUNDS_ANSWER && info->new_responder && pp->names)
		names_want(pp->names, info->from);
	if (ev == ROUNDS_FINISHED) {
		pp->rounds_done = true;
		end_phase(pp);
	}
}

/* on_signal
 * Ctrl-C (or another end signal): end the run, and show what was measured. */
static void on_signal(void *arg, int signo)
{
	struct pathping *pp = arg;
	(void)signo;
	pp->interrupted = true;
	loop_timer_disarm(pp->loop, &pp->hold);
	rounds_stop(pp->phase);
	end_phase(pp);
}

/* run_phase
 * Probe every hop count times, period apart, into hops, until the phase is over; the
 * socket was opened by the caller's rounds. */
static void run_phase(struct pathping *pp, struct rounds *r)
{
	pp->phase = r;
	pp->rounds_done = false;
	rounds_start(r);
	if (loop_run(pp->loop) < 0)
		cli_die("event loop", "%s", strerror(errno));
}

/* trace_host
 * The address phase 1 shows for a hop, NULL for one that never answered. */
static const struct netdx_addr *trace_host(const struct pathping *pp, int ttl)
{
	const struct hop *hp = hops_at(&pp->trace, ttl);
	return hp->n_responders ? &hp->responders[0].addr : NULL;
}

/* hop_list_named
 * Are the names of phase 1's hops known (or known to be missing)? */
static bool hop_list_named(const struct pathping *pp)
{
	for (int ttl = 1; pp->names && ttl <= pp->last_ttl; ttl++)
		if (trace_host(pp, ttl) && !names_get(pp->names, trace_host(pp, ttl)))
			return false;
	return true;
}

/* print_hop_list
 * Phase 1's hop list, as Windows prints it, then (when phase 2 runs) the statistics
 * line. A name still being looked up is given up: the hop shows its address here and
 * in the table alike. */
static void print_hop_list(struct pathping *pp, bool computing)
{
	char host[320], seconds[32];
	loop_timer_disarm(pp->loop, &pp->names_wait);
	if (pp->json || pp->metrics_flag || pp->hop_list_printed)
		return;
	pp->hop_list_printed = true;
	printf("Tracing route to %s [%s]\nover a maximum of %d hops:\n", pp->target,
	       pp->path.dst_text, pp->max_hops);
	printf("  0  %s \n", pathping_local(pp, host, sizeof(host)));
	for (int ttl = 1; ttl <= pp->last_ttl; ttl++) {
		const struct netdx_addr *a = trace_host(pp, ttl);
		if (a && pp->names)
			names_give_up(pp->names, a);
		if (a)
			printf("%3d  %s \n", ttl, pathping_host(pp, a, host, sizeof(host)));
		else
			printf("%3d     *        *        *     \n", ttl);
	}
	if (computing)
		printf("\nComputing statistics for %s seconds...\n",
		       pathping_seconds_text(pp->planned_ms, seconds, sizeof(seconds)));
	fflush(stdout);
}

static void on_names_wait(void *arg)
{
	print_hop_list(arg, true);
}

/* on_name
 * A reverse lookup ended: the hop list goes out once its names are all known. */
static void on_name(void *arg)
{
	struct pathping *pp = arg;
	if (loop_timer_armed(&pp->names_wait) && hop_list_named(pp))
		print_hop_list(pp, true);
}

/* add_counters
 * Fold one phase's engine counters into the run's. */
static void add_counters(struct probe_counters *sum, const struct probe_counters *c)
{
	sum->sent += c->sent;
	sum->send_errors += c->send_errors;
	sum->replies += c->replies;
	sum->errors += c->errors;
	sum->duplicates += c->duplicates;
	sum->timeouts += c->timeouts;
	sum->foreign += c->foreign;
	sum->malformed += c->malformed;
}

/* prepare
 * The target and our address (hop 0), both phases' sockets; then every privilege is
 * given up before the first packet is read (the way mtr does it:
 * common/path/path_setup.c, common/core/tool.c). */
static void prepare(struct pathping *pp, const char *src, struct rounds **trace,
		    struct rounds **stats)
{
	path_setup_target(&pp->rc, pp->target, src, &pp->path);
	if (!pp->path.src.len)
		cli_die(pp->target, "no source address for it");
	pp->rc.probe.payload_len = 64; /* Windows sends 64 data bytes */
	pp->rc.first_ttl = 1;
	pp->rc.max_ttl = pp->max_hops;
	pp->rc.max_wait_ns = (uint64_t)pp->timeout_ms * 1000000;
	if (!hops_init(&pp->trace, 1, pp->max_hops) || !hops_init(&pp->stats, 1, pp->max_hops) ||
	    !(pp->loop = loop_new()) ||
	    (!pp->numeric && !(pp->names = names_new(pp->loop, on_name, pp))))
		cli_die("memory", "%s", strerror(ENOMEM));
	if (loop_watch_end_signals(pp->loop, on_signal, pp) < 0)
		cli_die("signals", "%s", strerror(errno));
	struct rounds_config rc = pp->rc;
	rc.count = TRACE_ROUNDS;
	rc.interval_ns = 0;
	*trace = path_setup_rounds(pp->loop, &rc, NULL, &pp->trace, on_rounds, pp);
	rc = pp->rc;
	rc.count = (uint64_t)pp->queries;
	rc.interval_ns = (uint64_t)pp->period_ms * 1000000;
	*stats = path_setup_rounds(pp->loop, &rc, NULL, &pp->stats, on_rounds, pp);
	tool_lockdown_or_die((pp->names ? names_sandbox() : 0) | rounds_sandbox(*trace) |
			     rounds_sandbox(*stats));
}

/* plan_statistics
 * Phase 2's length: a round every period, queries rounds, and the last round's probes
 * get a period to be answered or, when the destination never answered phase 1, the -w
 * its dark hop is waited for. */
static uint64_t plan_statistics(const struct pathping *pp)
{
	uint64_t period = (uint64_t)pp->period_ms, timeout = (uint64_t)pp->timeout_ms;
	uint64_t last_wait = !pp->trace.dest_ttl && timeout > period ? timeout : period;
	return ((uint64_t)pp->queries - 1) * period + last_wait;
}

/* run_statistics
 * Phase 2: every hop of phase 1's path at once, for the planned time. The hop list
 * waits for its names meanwhile (NAMES_WAIT_NS at most, never past the phase): names
 * never hold the statistics back. */
static void run_statistics(struct pathping *pp, struct rounds *stats)
{
	uint64_t start = loop_now_ns(), length = pp->planned_ms * 1000000;
	rounds_limit_ttl(stats, pp->last_ttl);
	loop_timer_arm(pp->loop, &pp->hold, start + length, on_hold, pp);
	if (hop_list_named(pp))
		print_hop_list(pp, true);
	else
		loop_timer_arm(pp->loop, &pp->names_wait,
			       start + (length < NAMES_WAIT_NS ? length : NAMES_WAIT_NS),
			       on_names_wait, pp);
	run_phase(pp, stats);
	pp->elapsed_ms = (loop_now_ns() - start) / 1000000;
	pp->queries_sent = rounds_started(stats);
	pp->send_errno = rounds_send_errno(stats);
	if (pp->stats.dest_ttl && pp->stats.dest_ttl < pp->rows)
		pp->rows = pp->stats.dest_ttl; /* rows past the destination are not hops */
	pp->n_findings = hops_findings(&pp->stats, pp->rows, pp->findings, HOPS_MAX_FINDINGS);
}

int main(int argc, char **argv)
{
	static struct pathping pp = {
		.max_hops = 30,
		.queries = 100,
		.period_ms = 250,
		.timeout_ms = 3000,
		.hold = LOOP_TIMER_INIT,
		.names_wait = LOOP_TIMER_INIT,
	};
	const char *src = NULL;
	struct rounds *trace, *stats;
	tool_start_or_die();
	parse_options(&pp, argc, argv, &src);
	if (gethostname(pp.local_name, sizeof(pp.local_name)) < 0)
		snprintf(pp.local_name, sizeof(pp.local_name), "localhost");
	prepare(&pp, src, &trace, &stats);

	run_phase(&pp, trace);
	pp.last_ttl = pp.rows = hops_last_ttl(&pp.trace);
	pp.planned_ms = plan_statistics(&pp);
	bool traced = !pp.interrupted;
	if (traced)
		run_statistics(&pp, stats);
	print_hop_list(&pp, traced);
	add_counters(&pp.counters, rounds_counters(trace));
	add_counters(&pp.counters, rounds_counters(stats));
	if (pp.json)
		pathping_print_json(&pp, stdout);
	else if (pp.metrics_flag)
		pathping_print_metrics(&pp, stdout);
	else
		pathping_print_table(&pp, stdout);
	int status = pp.stats.dest_ttl ? CLI_EXIT_OK : CLI_EXIT_NOREPLY;
	rounds_free(trace);
	rounds_free(stats);
	names_free(pp.names);
	hops_free(&pp.trace);
	hops_free(&pp.stats);
	loop_free(pp.loop);
	return fflush(stdout) == 0 ? status : CLI_EXIT_ERROR;
}
