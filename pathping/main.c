/* pathping — Windows pathping's per-hop and per-link loss table, measured with every
 * hop probed at once: the statistics phase takes queries × period whatever the path's
 * length (Windows spends that per hop). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netdx/addr.h"
#include "netdx/cli.h"
#include "netdx/priv.h"
#include "netdx/sandbox.h"
#include "netdx/route.h"
#include "pathping.h"

#define TRACE_ROUNDS 3 /* phase 1: a hop missing from all three is shown as "*" */

/* usage
 * --help, in Windows pathping's words. */
static void usage(void)
{
	fputs("Usage: pathping [-g host-list] [-h maximum_hops] [-i address] [-n]\n"
	      "                [-p period] [-q num_queries] [-w timeout]\n"
	      "                [-4] [-6] [--json] target_name\n\n"
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
	      "    --version        Print the version.\n",
	      stdout);
}

/* parse_options
 * Windows' options; every error is one line and exit 2. */
static void parse_options(struct pathping *pp, int argc, char **argv, const char **src)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'H'}, {"version", no_argument, NULL, 'V'},
		{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0},
	};
	int opt;
	cli_name_getopt(argv);
	while ((opt = getopt_long(argc, argv, "g:h:i:np:q:w:TR46", longopts, NULL)) != -1) {
		switch (opt) {
		case 'g':
			cli_die("-g", "loose source routing is not supported: routers drop "
				      "source-routed packets (RFC 7126), so the route would not be the real one");
		case 'T':
		case 'R':
			cli_die(opt == 'T' ? "-T" : "-R",
				"%s is not supported: it needs %s, which Linux does not offer to ICMP probes",
				opt == 'T' ? "layer-2 priority tagging" : "an RSVP test",
				opt == 'T' ? "802.1p tags set per packet by the driver" : "an RSVP daemon");
		case 'h': pp->max_hops = (int)cli_long_or_die("maximum hops", optarg, 1, 255); break;
		case 'i': *src = optarg; break;
		case 'n': pp->numeric = true; break;
		case 'p': pp->period_ms = cli_long_or_die("period", optarg, 1, 3600000); break;
		case 'q': pp->queries = cli_long_or_die("number of queries", optarg, 1, 1000000); break;
		case 'w': pp->timeout_ms = cli_long_or_die("timeout", optarg, 1, 3600000); break;
		case '4': pp->rc.probe.family = AF_INET; break;
		case '6': pp->rc.probe.family = AF_INET6; break;
		case 'j': pp->json = true; break;
		case 'H': usage(); exit(CLI_EXIT_OK);
		case 'V': cli_print_version(); exit(CLI_EXIT_OK);
		default: exit(CLI_EXIT_ERROR);
		}
	}
	if (optind != argc - 1)
		cli_die("usage", "one target_name is needed (pathping --help)");
	pp->target = argv[optind];
}

/* on_rounds
 * Stop the loop when a phase's last round closed. */
static void on_rounds(void *arg, enum rounds_event ev, const struct rounds_info *info)
{
	struct pathping *pp = arg;
	(void)info;
	if (ev == ROUNDS_FINISHED)
		loop_stop(pp->loop);
}

/* on_signal
 * Ctrl-C (or another end signal): end the current phase and show what was measured. */
static void on_signal(void *arg, int signo)
{
	(void)signo;
	rounds_stop(arg);
}

/* run_phase
 * Probe every hop count times, period apart, into hops; the socket was opened by
 * the caller's rounds. */
static void run_phase(struct pathping *pp, struct rounds *r)
{
	if (loop_watch_end_signals(pp->loop, on_signal, r) < 0)
		cli_die("signals", "%s", strerror(errno));
	rounds_start(r);
	if (loop_run(pp->loop) < 0)
		cli_die("event loop", "%s", strerror(errno));
}

/* print_trace
 * Phase 1's hop list, as Windows prints it. */
static void print_trace(const struct pathping *pp)
{
	char host[320];
	printf("Tracing route to %s [%s]\nover a maximum of %d hops:\n", pp->target,
	       pp->target_text, pp->max_hops);
	printf("  0  %s \n", pathping_local(pp, host, sizeof(host)));
	for (int ttl = 1; ttl <= pp->last_ttl; ttl++) {
		const struct hop *hp = hops_at(&pp->trace, ttl);
		if (hp->n_responders)
			printf("%3d  %s \n", ttl, pathping_host(pp, &hp->responders[0].addr, host, sizeof(host)));
		else
			printf("%3d     *        *        *     \n", ttl);
	}
	fflush(stdout);
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
 * Resolve the target, find our source address (hop 0), open both phases' sockets and
 * drop every privilege before the first packet is read. */
static void prepare(struct pathping *pp, const char *src, struct rounds **trace,
		    struct rounds **stats)
{
	const char *why;
	struct netdx_addr dst, src_addr;
	struct route_info route;
	if (!addr_resolve(pp->target, pp->rc.probe.family, &dst, NULL, 0, &why))
		cli_die(pp->target, "%s", why);
	pp->rc.dst = dst;
	pp->rc.probe.family = addr_family(&dst);
	addr_to_str(&dst, pp->target_text, sizeof(pp->target_text));
	if (src) {
		if (!addr_parse_literal(src, pp->rc.probe.family, &src_addr))
			cli_die("invalid source address", "'%s'", src);
		pp->rc.probe.sock.src = &src_addr;
		pp->local = src_addr;
	} else if (route_lookup(&dst, &route, &why) && route.src.len) {
		pp->local = route.src;
	} else {
		cli_die(pp->target, "%s", route.src.len ? why : "no source address for it");
	}
	pp->rc.probe.payload_len = 64; /* Windows sends 64 data bytes */
	pp->rc.first_ttl = 1;
	pp->rc.max_ttl = pp->max_hops;
	pp->rc.max_wait_ns = (uint64_t)pp->timeout_ms * 1000000;
	if (!hops_init(&pp->trace, 1, pp->max_hops) || !hops_init(&pp->stats, 1, pp->max_hops) ||
	    !(pp->loop = loop_new()))
		cli_die("memory", "%s", strerror(ENOMEM));
	struct rounds_config rc = pp->rc;
	rc.count = TRACE_ROUNDS;
	rc.interval_ns = 0;
	*trace = rounds_new(pp->loop, &rc, &pp->trace, on_rounds, pp, &why);
	rc = pp->rc;
	rc.count = (uint64_t)pp->queries;
	rc.interval_ns = (uint64_t)pp->period_ms * 1000000;
	*stats = *trace ? rounds_new(pp->loop, &rc, &pp->stats, on_rounds, pp, &why) : NULL;
	if (!*stats)
		cli_die("socket", "%s", why);
	pp->rc.probe.sock.src = NULL;
	if (!priv_drop_all())
		cli_die("dropping capabilities", "%s", strerror(errno));
	if (!sandbox_enter())
		cli_die("seccomp", "%s", strerror(errno));
}

int main(int argc, char **argv)
{
	static struct pathping pp = {
		.max_hops = 30, .queries = 100, .period_ms = 250, .timeout_ms = 3000,
	};
	const char *src = NULL;
	struct rounds *trace, *stats;
	if (!priv_init())
		cli_die("capabilities", "%s", strerror(errno));
	parse_options(&pp, argc, argv, &src);
	if (gethostname(pp.local_name, sizeof(pp.local_name)) < 0)
		snprintf(pp.local_name, sizeof(pp.local_name), "localhost");
	prepare(&pp, src, &trace, &stats);

	run_phase(&pp, trace);
	pp.last_ttl = hops_last_ttl(&pp.trace);
	if (!pp.json)
		print_trace(&pp);

	/* Phase 2 probes only as far as phase 1 found the path, all hops at once. */
	rounds_limit_ttl(stats, pp.last_ttl);
	pp.seconds = (double)pp.queries * (double)pp.period_ms / 1000;
	if (!pp.json) {
		printf("\nComputing statistics for %.0f seconds...\n", ceil(pp.seconds));
		fflush(stdout);
	}
	run_phase(&pp, stats);
	pp.send_errno = rounds_send_errno(stats);
	add_counters(&pp.counters, rounds_counters(trace));
	add_counters(&pp.counters, rounds_counters(stats));
	if (pp.json)
		pathping_print_json(&pp, stdout);
	else
		pathping_print_table(&pp, stdout);
	int status = pp.stats.dest_ttl ? CLI_EXIT_OK : CLI_EXIT_NOREPLY;
	rounds_free(trace);
	rounds_free(stats);
	hops_free(&pp.trace);
	hops_free(&pp.stats);
	loop_free(pp.loop);
	return fflush(stdout) == 0 ? status : CLI_EXIT_ERROR;
}
