/* opts.c — tcpstate's command line. ss's filter options where ss has one (-4, -6, state
 * names, --sport, --dport, --src, --dst), netstat's -e for the list, thresholds for the
 * findings, --watch, the teaching mode. Every bad value is one line and exit 2. */
#include "tcpstate.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "netdx/cli.h"

/* Long options without a short form. */
enum {
	OPT_SPORT = 256,
	OPT_DPORT,
	OPT_SRC,
	OPT_DST,
	OPT_NETNS,
	OPT_TOP,
	OPT_CLOSE_WAIT_MIN,
	OPT_SYN_RECV_MIN,
	OPT_TIME_WAIT_PCT,
	OPT_SYN_SENT_MIN,
	OPT_FIN_WAIT_MIN,
	OPT_LAST_ACK_MIN,
	OPT_IDLE_MIN,
	OPT_WATCH,
	OPT_COUNT,
	OPT_EXPLAIN,
	OPT_ERRNO,
	OPT_NO_OWNERS,
	OPT_OPENMETRICS,
	OPT_PROMETHEUS,
};

static const struct option long_opts[] = {
	{"state", required_argument, NULL, 's'},
	{"sport", required_argument, NULL, OPT_SPORT},
	{"dport", required_argument, NULL, OPT_DPORT},
	{"src", required_argument, NULL, OPT_SRC},
	{"dst", required_argument, NULL, OPT_DST},
	{"process", required_argument, NULL, 'p'},
	{"netns", required_argument, NULL, OPT_NETNS},
	{"json", no_argument, NULL, 'j'},
	{"openmetrics", no_argument, NULL, OPT_OPENMETRICS},
	{"prometheus", no_argument, NULL, OPT_PROMETHEUS},
	{"list", no_argument, NULL, 'l'},
	{"extend", no_argument, NULL, 'e'},
	{"no-owners", no_argument, NULL, OPT_NO_OWNERS},
	{"top", required_argument, NULL, OPT_TOP},
	{"close-wait-min", required_argument, NULL, OPT_CLOSE_WAIT_MIN},
	{"syn-recv-min", required_argument, NULL, OPT_SYN_RECV_MIN},
	{"time-wait-pct", required_argument, NULL, OPT_TIME_WAIT_PCT},
	{"syn-sent-min", required_argument, NULL, OPT_SYN_SENT_MIN},
	{"fin-wait-min", required_argument, NULL, OPT_FIN_WAIT_MIN},
	{"last-ack-min", required_argument, NULL, OPT_LAST_ACK_MIN},
	{"idle-min", required_argument, NULL, OPT_IDLE_MIN},
	{"watch", required_argument, NULL, OPT_WATCH},
	{"count", required_argument, NULL, OPT_COUNT},
	{"explain", optional_argument, NULL, OPT_EXPLAIN},
	{"errno", required_argument, NULL, OPT_ERRNO},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

static const char usage_text[] =
	"Usage: tcpstate [options]\n"
	"\n"
	"A census of TCP sockets (IPv4 and IPv6) by state, with the top local ports and\n"
	"peers per state and their processes, every listener's accept queue, the kernel's\n"
	"listen counters, and findings: CLOSE_WAIT leaks, full accept queues and SYN\n"
	"floods, TIME_WAIT pressure on the local port range, unanswered connects and scans,\n"
	"FIN_WAIT1/FIN_WAIT2/LAST_ACK leftovers, idle connections without keepalive.\n"
	"\n"
	"Options:\n"
	"  -4, -6                 IPv4 or IPv6 sockets only\n"
	"  -s, --state STATE      only this state (repeatable): ss names (close-wait,\n"
	"                         time-wait, listening, connected...) or netstat's (CLOSE_WAIT)\n"
	"  --sport PORT           local port\n"
	"  --dport PORT           remote port\n"
	"  --src ADDR[/PREFIX]    local address or block\n"
	"  --dst ADDR[/PREFIX]    remote address or block\n"
	"  -p, --process PID|NAME sockets of this process (by pid or by name)\n"
	"  --netns NAME           count in network namespace NAME (/run/netns/NAME)\n"
	"  -j, --json             one JSON document (schema in tcpstate(8))\n"
	"  --openmetrics          one OpenMetrics 1.0 exposition instead (tcpstate(8))\n"
	"  --prometheus           the same in the Prometheus text format 0.0.4 (node_exporter's\n"
	"                         textfile collector, promtool)\n"
	"  -l, --list             one line per socket, as netstat -nat prints it\n"
	"  -e, --extend           with --list: user, inode and PID/Program name (netstat -natep)\n"
	"  --no-owners            do not look up processes (no /proc walk): counts and\n"
	"                         findings as fast as ss -tan, without pid/comm\n"
	"  --top N                entries per state in the top lists (default 3)\n"
	"  --close-wait-min N     CLOSE_WAIT on one port worth a finding (default 10)\n"
	"  --syn-recv-min N       SYN_RECV sockets worth a finding (default 32)\n"
	"  --time-wait-pct P      TIME_WAIT to one destination worth a finding, in % of the\n"
	"                         local port range (default 50)\n"
	"  --syn-sent-min N       SYN_SENT sockets worth a finding (default 10)\n"
	"  --fin-wait-min N       FIN_WAIT1 or FIN_WAIT2 sockets worth a finding (default 50)\n"
	"  --last-ack-min N       LAST_ACK sockets worth a finding (default 20)\n"
	"  --idle-min SECS        idle time of an ESTABLISHED socket without keepalive worth\n"
	"                         a finding (default 3600)\n"
	"  --watch SECS           a census every SECS (units ms, s, m; at least 100ms):\n"
	"                         redrawn with the changes on a terminal, else one line each\n"
	"  --count N              with --watch: stop after N passes\n"
	"  --explain [STATE]      what each state means, who is in it, what moves it on,\n"
	"                         and the errno values applications see; then exit\n"
	"  --errno N|NAME         explain a socket errno (111, ECONNREFUSED, ...); then exit\n"
	"  -h, --help             print help and exit\n"
	"  -V, --version          print version and exit\n"
	"\n"
	"Exit status: 0 census done, 2 usage or system error. See tcpstate(8).\n";

/* add_state
 * -s: one more state (or group) for the kernel's bitmap. */
static void add_state(struct ts_opts *o, const char *name)
{
	unsigned bits = ts_state_parse(name);
	if (!bits)
		cli_die(NULL,
			"invalid state '%s': not a TCP state (ss's close-wait or netstat's "
			"CLOSE_WAIT; see tcpstate --help)",
			name);
	o->states |= bits;
}

/* set_process
 * -p: a pid (all digits) or a process name (as /proc/PID/comm has it, 15 bytes). */
static void set_process(struct ts_opts *o, const char *arg)
{
	if (arg[0] >= '0' && arg[0] <= '9')
		o->pid = cli_long_or_die("pid", arg, 1, INT_MAX);
	else if (arg[0] == '\0' || strlen(arg) > 15)
		cli_die(NULL, "invalid process name '%s': want 1 to 15 bytes, as in /proc/PID/comm",
			arg);
	o->proc = arg;
}

/* explain_state
 * --explain STATE: one state (not a group such as connected), as its kernel number;
 * tcp_tw_recycle is TIME_WAIT's. */
static unsigned explain_state(const char *name)
{
	/* who looks for tcp_tw_recycle finds what became of it, with TIME_WAIT */
	if (strcasecmp(name, "tcp_tw_recycle") == 0 || strcasecmp(name, "tw_recycle") == 0)
		return TCP_DIAG_TIME_WAIT;
	unsigned bits = ts_state_parse(name);
	if (!bits)
		cli_die(NULL,
			"invalid state '%s': not a TCP state (ss's close-wait or netstat's "
			"CLOSE_WAIT; see tcpstate --help)",
			name);
	if (bits & (bits - 1))
		cli_die(NULL, "invalid state '%s': --explain takes one state, not a group", name);
	return (unsigned)__builtin_ctz(bits);
}

/* set_flag
 * An option without a value; false when c is not one. */
static bool set_flag(struct ts_opts *o, int c)
{
	switch (c) {
	case 'j':
		o->json = true;
		break;
	case 'l':
		o->list = true;
		break;
	case 'e':
		o->extend = true;
		break;
	case OPT_NO_OWNERS:
		o->no_owners = true;
		break;
	case OPT_OPENMETRICS:
		o->openmetrics = true;
		break;
	case OPT_PROMETHEUS:
		o->prometheus = true;
		break;
	default:
		return false;
	}
	return true;
}

/* set_threshold
 * A value that tunes a finding; false when c is not one. */
static bool set_threshold(struct ts_opts *o, int c, const char *arg)
{
	switch (c) {
	case OPT_TOP:
		o->top = cli_long_or_die("top", arg, 1, 100);
		break;
	case OPT_CLOSE_WAIT_MIN:
		o->th.close_wait_min = cli_long_or_die("close-wait-min", arg, 1, INT_MAX);
		break;
	case OPT_SYN_RECV_MIN:
		o->th.syn_recv_min = cli_long_or_die("syn-recv-min", arg, 1, INT_MAX);
		break;
	case OPT_TIME_WAIT_PCT:
		o->th.time_wait_pct = cli_long_or_die("time-wait-pct", arg, 1, 100);
		break;
	case OPT_SYN_SENT_MIN:
		o->th.syn_sent_min = cli_long_or_die("syn-sent-min", arg, 1, INT_MAX);
		break;
	case OPT_FIN_WAIT_MIN:
		o->th.fin_wait_min = cli_long_or_die("fin-wait-min", arg, 1, INT_MAX);
		break;
	case OPT_LAST_ACK_MIN:
		o->th.last_ack_min = cli_long_or_die("last-ack-min", arg, 1, INT_MAX);
		break;
	case OPT_IDLE_MIN:
		o->th.idle_min_s = cli_long_or_die("idle-min", arg, 1, 30L * 24 * 3600);
		break;
	default:
		return false;
	}
	return true;
}

/* set_value
 * An option with a value; false when c is not one. */
static bool set_value(struct ts_opts *o, int c, const char *arg)
{
	switch (c) {
	case 's':
		add_state(o, arg);
		break;
	case OPT_SPORT:
		o->filter.sport = (int)cli_long_or_die("sport", arg, 0, 65535);
		break;
	case OPT_DPORT:
		o->filter.dport = (int)cli_long_or_die("dport", arg, 0, 65535);
		break;
	case OPT_SRC:
		ts_block_parse("src", arg, &o->filter.src);
		break;
	case OPT_DST:
		ts_block_parse("dst", arg, &o->filter.dst);
		break;
	case 'p':
		set_process(o, arg);
		break;
	case OPT_NETNS:
		o->netns = arg;
		break;
	case OPT_WATCH:
		o->watch_s = cli_duration_ms_or_die("watch", arg, 1000.0, 100.0, 86400000.0) / 1000;
		break;
	case OPT_COUNT:
		o->count = cli_long_or_die("count", arg, 1, LONG_MAX);
		break;
	case OPT_EXPLAIN:
		o->explain = true;
		o->explain_state = arg ? explain_state(arg) : 0;
		break;
	case OPT_ERRNO:
		o->errno_which = ts_errno_parse(arg);
		if (o->errno_which < 0)
			cli_die(NULL,
				"invalid errno '%s': not one tcpstate explains (see tcpstate "
				"--explain)",
				arg);
		break;
	default:
		return set_threshold(o, c, arg);
	}
	return true;
}

/* check_metrics
 * --openmetrics and --prometheus: one exposition of one census, so one of them, not with
 * another output (--json, --list) nor with --watch (stdout is no place for a stream of
 * expositions: a timer runs tcpstate each time, see tcpstate(8)). */
static void check_metrics(const struct ts_opts *o)
{
	const char *flag = o->openmetrics ? "--openmetrics" : "--prometheus";
	if (!o->openmetrics && !o->prometheus)
		return;
	if (o->openmetrics && o->prometheus)
		cli_die_together("--openmetrics", "--prometheus");
	if (o->json)
		cli_die_together("--json", flag);
	if (o->list)
		cli_die_together("--list", flag);
	if (o->watch_s)
		cli_die(NULL,
			"options --watch and %s do not go together: one exposition per run "
			"(run tcpstate from a timer, see tcpstate(8))",
			flag);
}

/* check_options
 * What only the whole command line can say is wrong. */
static void check_options(struct ts_opts *o, int argc, char **argv)
{
	if (o->explain && !o->explain_state && optind < argc)
		o->explain_state = explain_state(argv[optind++]);
	if (optind < argc)
		cli_die(NULL, "unexpected argument '%s' (see tcpstate --help)", argv[optind]);
	if (o->extend && !o->list)
		cli_die(NULL, "option -e goes with --list");
	if (o->list && o->json)
		cli_die_together("--list", "--json");
	if (o->explain && o->errno_which >= 0)
		cli_die_together("--explain", "--errno");
	if (o->count && !o->watch_s)
		cli_die(NULL, "option --count goes with --watch");
	if (o->no_owners && (o->extend || o->proc || o->pid >= 0))
		cli_die(NULL,
			"option --no-owners does not go with -e or -p (they need the processes)");
	if (o->watch_s && o->list)
		cli_die_together("--watch", "--list");
	check_metrics(o);
}

void ts_opts_parse(int argc, char **argv, struct ts_opts *o)
{
	*o = (struct ts_opts){
		.family = AF_UNSPEC,
		.filter = {.sport = -1, .dport = -1},
		.pid = -1,
		.top = 3,
		.errno_which = -1,
		.th = {.close_wait_min = 10,
		       .syn_recv_min = 32,
		       .time_wait_pct = 50,
		       .syn_sent_min = 10,
		       .fin_wait_min = 50,
		       .last_ack_min = 20,
		       .idle_min_s = 3600},
	};
	int c;
	cli_name_getopt(argv);
	while ((c = getopt_long(argc, argv, "46s:p:jlehV", long_opts, NULL)) != -1) {
		if (cli_family_option(c, &o->family) || set_flag(o, c) || set_value(o, c, optarg))
			continue;
		cli_help_version_or_exit(c, 'h', 'V', usage_text);
	}
	check_options(o, argc, argv);
	if (!o->states)
		o->states = TCP_DIAG_ALL_STATES;
}
