/* engine_probe — drives common/ alone (no front-end) for the lab tests.
 *
 *   engine_probe [-6] [--raw] [--quiet] [--ttls A-B] [--count N] [--interval MS]
 *                [--timeout MS] [--size N] TARGET
 *
 * Sends N echo probes for each TTL in A..B (default: N probes with the default TTL),
 * one every interval, and prints one line per outcome (not with --quiet) and a summary:
 *   ready pid=P kind=dgram|raw ident=I        (capabilities dropped, seccomp on)
 *   probe ttl=K n=N event=reply|error|timeout|dup|late from=ADDR type=T code=C rtt=MS rttl=T
 *   summary sent=.. replies=.. errors=.. timeouts=.. dups=.. foreign=.. malformed=..
 * Not a product: it exists so the engine can be proven in the lab by itself. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netdx/addr.h"
#include "netdx/cli.h"
#include "netdx/loop.h"
#include "netdx/probe.h"
#include "netdx/tool.h"

/* Run state passed to every callback. */
struct run {
	struct loop *loop;
	struct probe_engine *engine;
	struct netdx_addr target;
	long ttl_first, ttl_last; /* 0, 0: default TTL */
	long count;               /* probes per TTL */
	long ttl;                 /* next TTL to hand out */
	long sent_at_ttl;         /* probes handed out at that TTL */
	bool quiet;               /* summary only */
};

/* next_probe
 * Hand the pacer TTL A count times, then A+1, ... up to B. */
static bool next_probe(void *arg, struct probe_request *req)
{
	struct run *r = arg;
	if (r->sent_at_ttl == r->count) {
		r->ttl++;
		r->sent_at_ttl = 0;
	}
	if (r->ttl > r->ttl_last)
		return false;
	r->sent_at_ttl++;
	req->dst = r->target;
	req->ttl = (int)r->ttl;
	req->cookie = NULL;
	return true;
}

/* on_result
 * Print one outcome; stop the loop once the stream is over and nothing is in flight. */
static void on_result(void *arg, const struct probe_result *res)
{
	static const char *names[] = {"reply", "error", "dup", "timeout", "sendfail"};
	struct run *r = arg;
	char from[ADDR_STRLEN] = "-";
	if (r->quiet)
		goto done;
	if (res->from.len)
		addr_to_str(&res->from, from, sizeof(from));
	printf("probe ttl=%d n=%llu event=%s from=%s type=%d code=%d rtt=%.3f rttl=%d%s\n",
	       res->ttl_sent, (unsigned long long)res->number,
	       res->late ? "late" : names[res->event], from, res->msg ? res->msg->type : -1,
	       res->msg ? res->msg->code : -1, res->rtt_ms, res->reply_ttl,
	       res->event == PROBE_SEND_FAILED ? strerror(res->send_errno) : "");
done:
	if (probe_engine_idle(r->engine))
		loop_stop(r->loop);
}

/* on_signal
 * SIGINT/SIGTERM: stop sending and finish with the summary. */
static void on_signal(void *arg, int signo)
{
	struct run *r = arg;
	(void)signo;
	loop_stop(r->loop);
}

/* parse_args
 * The options into r and cfg; the target's text. Bad input: one line and exit 2. */
static const char *parse_args(int argc, char **argv, struct run *r, struct probe_config *cfg,
			      double *interval_ms)
{
	static const struct option longopts[] = {
		{"raw", no_argument, NULL, 'r'},
		{"ttls", required_argument, NULL, 't'},
		{"quiet", no_argument, NULL, 'q'},
		{"count", required_argument, NULL, 'c'},
		{"interval", required_argument, NULL, 'i'},
		{"timeout", required_argument, NULL, 'W'},
		{"size", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	int opt;
	while ((opt = getopt_long(argc, argv, "6", longopts, NULL)) != -1) {
		switch (opt) {
		case '6':
			cfg->family = AF_INET6;
			break;
		case 'r':
			cfg->sock.force_raw = true;
			break;
		case 'q':
			r->quiet = true;
			break;
		case 't':
			if (sscanf(optarg, "%ld-%ld", &r->ttl_first, &r->ttl_last) != 2 ||
			    r->ttl_first < 1 || r->ttl_last > 255 || r->ttl_first > r->ttl_last)
				cli_die("--ttls", "want A-B with 1 <= A <= B <= 255");
			break;
		case 'c':
			r->count = cli_long_or_die("count", optarg, 1, 1000000);
			break;
		case 'i':
			*interval_ms = cli_double_or_die("interval", optarg, 0, 10000);
			break;
		case 'W':
			cfg->timeout_ns =
				(uint64_t)(cli_double_or_die("timeout", optarg, 1, 60000) * 1e6);
			break;
		case 's':
			cfg->payload_len = (size_t)cli_long_or_die("size", optarg, 0, 65000);
			break;
		default:
			exit(CLI_EXIT_ERROR);
		}
	}
	if (optind != argc - 1)
		cli_die("usage", "engine_probe [-6] [--raw] [--ttls A-B] [--count N] TARGET");
	return argv[optind];
}

int main(int argc, char **argv)
{
	struct run r = {.count = 1};
	struct probe_config cfg = {.family = AF_INET, .payload_len = 56, .timeout_ns = 1000000000};
	double interval_ms = 10;
	tool_start_or_die();
	const char *target = parse_args(argc, argv, &r, &cfg, &interval_ms);
	const char *why;
	if (addr_resolve(target, cfg.family, &r.target, NULL, 0, &why) != NETDX_OK)
		cli_die(target, "%s", why);
	r.ttl = r.ttl_first;
	r.loop = loop_new();
	if (!r.loop)
		cli_die("event loop", "%s", strerror(errno));
	if (probe_engine_new(r.loop, &cfg, on_result, &r, &r.engine, &why) != NETDX_OK)
		cli_die("socket", "%s", why);
	tool_lockdown_or_die(probe_engine_sandbox(r.engine));
	loop_watch_signal(r.loop, SIGINT, on_signal, &r);
	loop_watch_signal(r.loop, SIGTERM, on_signal, &r);
	const struct probe_sock *ps = probe_engine_sock(r.engine);
	printf("ready pid=%d kind=%s ident=%u\n", (int)getpid(),
	       ps->kind == SOCK_ICMP_RAW ? "raw" : "dgram", ps->ident);
	fflush(stdout);
	probe_pace(r.engine, (uint64_t)(interval_ms * 1e6), next_probe, &r);
	loop_run(r.loop);
	const struct probe_counters *c = probe_engine_counters(r.engine);
	printf("summary sent=%llu replies=%llu errors=%llu timeouts=%llu dups=%llu foreign=%llu "
	       "malformed=%llu\n",
	       (unsigned long long)c->sent, (unsigned long long)c->replies,
	       (unsigned long long)c->errors, (unsigned long long)c->timeouts,
	       (unsigned long long)c->duplicates, (unsigned long long)c->foreign,
	       (unsigned long long)c->malformed);
	int status = c->replies ? CLI_EXIT_OK : CLI_EXIT_NOREPLY;
	probe_engine_free(r.engine);
	loop_free(r.loop);
	return status;
}
