/* mtr — a live, continuously updated per-hop view of the path, and mtr 0.95's report
 * modes, over common/rounds (probe rounds) and common/hops (per-hop statistics). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netdx/cli.h"
#include "netdx/metrics_export.h"
#include "netdx/path_setup.h"
#include "netdx/priv.h"
#include "netdx/sandbox.h"
#include "netdx/tool.h"
#include "netdx/zpages.h"
#include "mtr.h"

#define NAMES_WAIT_NS (2000 * 1000000ull) /* a report waits this long for the last names */

enum {
	OPT_DISPLAYMODE = 256,
	OPT_OPENMETRICS,
	OPT_PROMETHEUS,
	OPT_SERVE,
	OPT_TEXTFILE,
	OPT_ASN_SERVER,
	OPT_MAX_WAIT,
	OPT_MULTIPATH,
};

static const struct option long_options[] = {
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'v'},
	{"inet", no_argument, NULL, '4'},
	{"inet6", no_argument, NULL, '6'},
	{"report", no_argument, NULL, 'r'},
	{"report-wide", no_argument, NULL, 'w'},
	{"curses", no_argument, NULL, 't'},
	{"json", no_argument, NULL, 'j'},
	{"openmetrics", no_argument, NULL, OPT_OPENMETRICS},
	{"prometheus", no_argument, NULL, OPT_PROMETHEUS},
	{"serve", required_argument, NULL, OPT_SERVE},
	{"textfile", required_argument, NULL, OPT_TEXTFILE},
	{"csv", no_argument, NULL, 'C'},
	{"xml", no_argument, NULL, 'x'},
	{"raw", no_argument, NULL, 'l'},
	{"split", no_argument, NULL, 'p'},
	{"displaymode", required_argument, NULL, OPT_DISPLAYMODE},
	{"no-dns", no_argument, NULL, 'n'},
	{"show-ips", no_argument, NULL, 'b'},
	{"order", required_argument, NULL, 'o'},
	{"interval", required_argument, NULL, 'i'},
	{"report-cycles", required_argument, NULL, 'c'},
	{"filename", required_argument, NULL, 'F'},
	{"psize", required_argument, NULL, 's'},
	{"tos", required_argument, NULL, 'Q'},
	{"mpls", no_argument, NULL, 'e'},
	{"interface", required_argument, NULL, 'I'},
	{"address", required_argument, NULL, 'a'},
	{"first-ttl", required_argument, NULL, 'f'},
	{"max-ttl", required_argument, NULL, 'm'},
	{"udp", no_argument, NULL, 'u'},
	{"tcp", no_argument, NULL, 'T'},
	{"port", required_argument, NULL, 'P'},
	{"timeout", required_argument, NULL, 'Z'},
	{"max-wait", required_argument, NULL, OPT_MAX_WAIT},
	{"mark", required_argument, NULL, 'M'},
	{"localport", required_argument, NULL, 'L'},
	{"bitpattern", required_argument, NULL, 'B'},
	{"gracetime", required_argument, NULL, 'G'},
	{"max-unknown", required_argument, NULL, 'U'},
	{"aslookup", no_argument, NULL, 'z'},
	{"ipinfo", required_argument, NULL, 'y'},
	{"asn-server", required_argument, NULL, OPT_ASN_SERVER},
	{"multipath", optional_argument, NULL, OPT_MULTIPATH},
	{NULL, 0, NULL, 0},
};

/* --help: the options we take, in mtr's order and words. */
static const char usage_text[] =
	"Usage:\n"
	" mtr [options] hostname...\n\n"
	" -F, --filename FILE        read hostnames from FILE (- for stdin): one a line;\n"
	"                            blank lines and '#' comments skipped\n"
	" -4, --inet                 use IPv4 only\n"
	" -6, --inet6                use IPv6 only\n"
	" -I, --interface NAME       use named network interface\n"
	" -a, --address ADDRESS      bind the outgoing socket to ADDRESS\n"
	" -f, --first-ttl NUMBER     set what TTL to start\n"
	" -m, --max-ttl NUMBER       maximum number of hops\n"
	" -U, --max-unknown NUMBER   maximum unknown host\n"
	" -P, --port PORT            target port number for TCP or UDP (-T or -u)\n"
	" -L, --localport LOCALPORT  source port number for UDP\n"
	" -s, --psize PACKETSIZE     set the packet size used for probing\n"
	"                            (negative: random sizes up to -PACKETSIZE;\n"
	"                            ICMP, or UDP without -P and --multipath)\n"
	" -B, --bitpattern NUMBER    set bit pattern to use in payload\n"
	"                            (0-255; above 255 or -1: random)\n"
	" -i, --interval SECONDS     ICMP echo request interval\n"
	" -G, --gracetime SECONDS    number of seconds to wait for responses\n"
	"                            after the last round (default 5)\n"
	" -Q, --tos NUMBER           type of service field in IP header\n"
	" -e, --mpls                 display information from ICMP extensions\n"
	" -u, --udp                  use UDP instead of ICMP echo\n"
	" -T, --tcp                  use TCP instead of ICMP echo\n"
	" -Z, --timeout SECONDS      seconds to keep probe sockets open: every probe\n"
	"                            is waited for this long (1-3600)\n"
	"     --max-wait SECONDS     longest wait for a probe's answer, which adapts\n"
	"                            to the path's RTTs (default 10)\n"
	" -M, --mark MARK            mark each sent packet\n"
	" -r, --report               output using report mode\n"
	" -w, --report-wide          output wide report\n"
	" -c, --report-cycles COUNT  set the number of pings sent\n"
	" -j, --json                 output json\n"
	"     --openmetrics          output per-hop metrics, OpenMetrics 1.0 text:\n"
	"                            netdx_hop_sent_total, netdx_hop_lost_total,\n"
	"                            netdx_hop_loss_ratio, netdx_hop_rtt_last_seconds\n"
	"                            (and _avg, _best, _worst, _stdev),\n"
	"                            netdx_hop_icmp_ratelimited,\n"
	"                            netdx_hop_responder_replies_total,\n"
	"                            netdx_path_reached, netdx_path_hops,\n"
	"                            netdx_path_changes_total\n"
	"                            (and with -z / -y netdx_hop_responder_asn)\n"
	"     --prometheus           the same in the Prometheus text format 0.0.4\n"
	"     --serve ADDR:PORT      serve those metrics at http://ADDR:PORT/metrics,\n"
	"                            probing until stopped (or -c rounds)\n"
	"     --textfile PATH        write them to PATH after every round, atomically\n"
	"                            (node_exporter's textfile collector)\n"
	" -x, --xml                  output xml\n"
	" -C, --csv                  output comma separated values\n"
	" -l, --raw                  output raw format\n"
	" -p, --split                split output\n"
	" -t, --curses               use curses terminal interface\n"
	"     --displaymode MODE     select initial display mode (0-2)\n"
	" -n, --no-dns               do not resolve host names\n"
	" -b, --show-ips             show IP numbers and host names\n"
	" -y, --ipinfo NUMBER        select IP information in output: 0 AS number,\n"
	"                            1 prefix, 2 country, 3 registry, 4 allocation\n"
	"                            date, 5 AS name (Team Cymru's DNS interface)\n"
	" -z, --aslookup             display AS number (-y 0)\n"
	"     --asn-server ADDR      ask ADDR (a Cymru mirror) instead of resolv.conf's\n"
	" -o, --order FIELDS         select output fields\n"
	"     --multipath[=N]        N flows (default 4, at most 16), each on a source\n"
	"                            port of its own, each flow's rows on their own\n"
	"                            (-u or -T; -r, -w or -j)\n"
	" -h, --help                 display this help and exit\n"
	" -v, --version              output version information and exit\n\n"
	"See 'man 8 mtr' for details.\n";

/* set_mode
 * Remember an output mode option. */
static void set_mode(struct mtr_ctl *ctl, enum mtr_mode m)
{
	ctl->mode = m;
	ctl->mode_given = true;
}

/* What the command line says beyond ctl: read by parse_options, judged by check_options. */
struct mtr_args {
	int family;
	int port; /* -P, 0 when not given */
	long count;
	double timeout_s; /* --max-wait: the adaptive wait's ceiling */
	bool fixed_wait;  /* -Z gave it: every probe is waited for that long */
	double interval_s;
	double grace_s;           /* -G */
	int localport;            /* -L, 0 when not given */
	const char *src;          /* -a */
	bool json;                /* -j was given */
	const char *metrics_flag; /* --openmetrics or --prometheus as typed, NULL: neither */
	struct mtr_names *names;  /* -F's hosts, then the arguments */
	bool multipath;           /* --multipath was given */
};

/* check_hosts
 * The arguments after the options are hosts too, after -F's; at least one host, and
 * only one for the modes whose lines name no host (--raw, --split). */
static void check_hosts(const struct mtr_ctl *ctl, int argc, char **argv, struct mtr_names *names)
{
	for (int i = optind; i < argc; i++)
		mtr_names_add(names, argv[i]);
	if (names->n == 0 && names->skipped == 0)
		cli_die("usage", "a host to trace is needed (mtr [options] hostname...)");
	if (names->n == 0)
		exit(CLI_EXIT_ERROR); /* every line of -F's file was bad, and said so */
	if (names->n > 1 && (ctl->mode == MTR_RAW || ctl->mode == MTR_SPLIT))
		cli_die("usage", "%s traces one host at a time",
			ctl->mode == MTR_RAW ? "--raw" : "--split");
	/* the series of a host given twice would be one series twice (same target label) */
	bool metrics = ctl->mode == MTR_OPENMETRICS || ctl->mode == MTR_PROMETHEUS || ctl->serve ||
		       ctl->textfile;
	for (size_t i = 0; metrics && i < names->n; i++)
		for (size_t k = 0; k < i; k++)
			if (strcmp(names->name[i], names->name[k]) == 0)
				cli_die("usage", "%s is given twice (its metrics would clash)",
					names->name[i]);
}

/* check_multipath
 * --multipath: flows need ports to tell apart (Linux routers hash no ICMP field, so
 * ICMP flows would share one path), and a report that shows them (the live view, CSV,
 * XML, the metrics and the streams show one flow's rows: refused, not half done); each
 * flow on a source port of its own (-L would give them all one). */
static void check_multipath(const struct mtr_ctl *ctl, const struct mtr_args *a)
{
	if (!a->multipath)
		return;
	if (ctl->rc.probe.method == PROBE_METHOD_ICMP)
		cli_die("--multipath", "flows need -u (UDP) or -T (TCP)");
	if (ctl->mode != MTR_REPORT && ctl->mode != MTR_JSON)
		cli_die("--multipath", "its flows are shown by -r, -w and -j only");
	if (ctl->serve || ctl->textfile)
		cli_die("--multipath", "its flows are shown by -r, -w and -j only");
	if (ctl->rc.probe.sock.port)
		cli_die("--multipath", "each flow needs a source port of its own: not with -L");
}

/* check_options
 * What the options say together, once all are read: the port and flow, the hosts, the
 * TTL range, the interval this user may ask for. */
static void check_options(struct mtr_ctl *ctl, int argc, char **argv, const struct mtr_args *a)
{
	if (a->json && a->metrics_flag)
		cli_die_together("--json", a->metrics_flag);
	if (ctl->asn_server && ctl->ipinfo < 0)
		cli_die("usage", "--asn-server needs -z or -y (AS lookups)");
	if (a->port && ctl->rc.probe.method == PROBE_METHOD_ICMP)
		cli_die("-P", "a port needs -u (UDP) or -T (TCP)");
	if (a->localport && ctl->rc.probe.method != PROBE_METHOD_UDP)
		cli_die("-L", "a local port needs -u (UDP)");
	ctl->rc.probe.sock.port = (uint16_t)a->localport;
	/* UDP as mtr sends it: the port moves on with every probe, so ECMP routers spread
	 * the probes and every path's routers show; -P pins the flow to one path. TCP
	 * probes go to port 80 unless -P says otherwise. */
	ctl->rc.probe.port = (uint16_t)(a->port                                    ? a->port
					: ctl->rc.probe.method == PROBE_METHOD_TCP ? 80
										   : 33434);
	ctl->rc.probe.paris = a->port != 0 || a->multipath; /* a flow keeps its ports */
	check_hosts(ctl, argc, argv, a->names);
	if (ctl->rc.first_ttl > ctl->rc.max_ttl)
		cli_die("invalid first ttl", "%d is above the max ttl %d", ctl->rc.first_ttl,
			ctl->rc.max_ttl);
	if (a->interval_s < 1 && !(geteuid() == 0 || priv_have_net_raw()))
		cli_die("invalid interval", "an interval under 1 second needs root or cap_net_raw");
	ctl->port = a->port;
	ctl->fast_ok = geteuid() == 0 || priv_have_net_raw();
	ctl->rc.count = (uint64_t)a->count;
	ctl->rc.max_wait_ns = (uint64_t)(a->timeout_s * 1e9);
	if (a->fixed_wait)
		ctl->rc.min_wait_ns = ctl->rc.max_wait_ns; /* mtr's -Z: no adapting */
	ctl->rc.grace_ns = (uint64_t)(a->grace_s * 1e9);
	ctl->rc.interval_ns = (uint64_t)(a->interval_s * 1e9);
	ctl->rc.probe.family = a->family;
	check_multipath(ctl, a);
	if (ctl->psize < 0 && !mtr_random_size_ok(ctl, ctl->rc.probe.method))
		cli_die("invalid packet size", "random sizes (a negative -s) need ICMP, or -u "
					       "without -P and --multipath");
}

/* set_metrics
 * --openmetrics or --prometheus: a report mode, one of the two. */
static void set_metrics(struct mtr_ctl *ctl, struct mtr_args *a, enum mtr_mode m)
{
	const char *flag = m == MTR_OPENMETRICS ? "--openmetrics" : "--prometheus";
	if (a->metrics_flag && strcmp(a->metrics_flag, flag) != 0)
		cli_die_together(a->metrics_flag, flag);
	a->metrics_flag = flag;
	set_mode(ctl, m);
}

/* set_flag
 * An option without a value: set what it stands for; false when opt is not one. */
static bool set_flag(struct mtr_ctl *ctl, struct mtr_args *a, int opt)
{
	switch (opt) {
	case '4':
		a->family = AF_INET;
		break;
	case '6':
		a->family = AF_INET6;
		break;
	case 'r':
		set_mode(ctl, MTR_REPORT);
		break;
	case 'w':
		set_mode(ctl, MTR_REPORT);
		ctl->wide = true;
		break;
	case 't':
		set_mode(ctl, MTR_CURSES);
		break;
	case 'j':
		set_mode(ctl, MTR_JSON);
		a->json = true;
		break;
	case OPT_OPENMETRICS:
	case OPT_PROMETHEUS:
		set_metrics(ctl, a, opt == OPT_OPENMETRICS ? MTR_OPENMETRICS : MTR_PROMETHEUS);
		break;
	case 'C':
		set_mode(ctl, MTR_CSV);
		break;
	case 'x':
		set_mode(ctl, MTR_XML);
		break;
	case 'l':
		set_mode(ctl, MTR_RAW);
		break;
	case 'p':
		set_mode(ctl, MTR_SPLIT);
		break;
	case 'n':
		ctl->dns = false;
		break;
	case 'b':
		ctl->show_ips = true;
		break;
	case 'e':
		ctl->mpls = true;
		break;
	case 'u':
		ctl->rc.probe.method = PROBE_METHOD_UDP;
		break;
	case 'T':
		ctl->rc.probe.method = PROBE_METHOD_TCP;
		break;
	case 'z':
		ctl->ipinfo = ASN_F_AS;
		break;
	default:
		return false;
	}
	return true;
}

/* set_order
 * -o FIELDS: mtr's field letters, each checked. */
static void set_order(struct mtr_ctl *ctl, const char *arg)
{
	char bad;

	if (!mtr_order_valid(arg, &bad))
		cli_die("invalid order",
			"'%c' is not a field (use any of LDRSNBAWVGJMXI and space)", bad);
	snprintf(ctl->order, sizeof(ctl->order), "%s", arg);
}

/* set_export
 * --serve ADDR:PORT (checked now) or --textfile PATH. */
static void set_export(struct mtr_ctl *ctl, int opt, const char *arg)
{
	const char *why;
	if (opt == OPT_TEXTFILE) {
		if (*arg == '\0')
			cli_die("invalid textfile", "an empty path");
		ctl->textfile = arg;
	} else if (addr_parse_listen(arg, &ctl->listen, &why) != NETDX_OK) {
		cli_die("invalid listen address", "'%s': %s", arg, why);
	} else {
		ctl->serve = arg;
	}
}

/* set_psize
 * -s: 28..65000 bytes, or -65000..-28 for random sizes up to that (mtr's). */
static void set_psize(struct mtr_ctl *ctl, const char *arg)
{
	long v = cli_long_or_die("packet size", arg, -65000, 65000);
	char what[64];
	snprintf(what, sizeof(what), "invalid packet size '%s'", arg);
	if (v > -28 && v < 28)
		cli_die(what, "28 to 65000 bytes, or -65000 to -28 for random sizes");
	ctl->psize = (int)v;
}

/* set_wire_value
 * An option with a value about the probes themselves (mtr's -s -B -M -P -L -Z -G -U
 * --max-wait); false when opt is not one. */
static bool set_wire_value(struct mtr_ctl *ctl, struct mtr_args *a, int opt, const char *arg)
{
	switch (opt) {
	case 's':
		set_psize(ctl, arg);
		break;
	case 'B':
		ctl->bitpattern = (int)cli_long_or_die("bit pattern", arg, -1, 2147483647);
		if (ctl->bitpattern > 255)
			ctl->bitpattern = -1; /* mtr: above 255, a random byte per probe */
		break;
	case 'M':
		ctl->rc.probe.sock.mark = (uint32_t)cli_long_or_die("mark", arg, 0, 4294967295);
		break;
	case 'P':
		a->port = (int)cli_long_or_die("port", arg, 1, 65535);
		break;
	case 'L':
		a->localport = (int)cli_long_or_die("local port", arg, 1, 65535);
		break;
	case 'Z':
		a->timeout_s = (double)cli_long_or_die("timeout", arg, 1, 3600);
		a->fixed_wait = true;
		break;
	case OPT_MAX_WAIT:
		a->timeout_s = cli_duration_ms_or_die("max wait", arg, 1000, 1, 3600000) / 1000;
		a->fixed_wait = false;
		break;
	case 'G':
		a->grace_s = (double)cli_long_or_die("grace time", arg, 1, 3600);
		break;
	case 'U':
		ctl->rc.max_unknown = (int)cli_long_or_die("max unknown", arg, 1, 255);
		break;
	default:
		return false;
	}
	return true;
}

/* set_multipath
 * --multipath[=N]: N flows, MTR_DEFAULT_FLOWS without N (checked in check_multipath). */
static void set_multipath(struct mtr_ctl *ctl, struct mtr_args *a, const char *arg)
{
	a->multipath = true;
	ctl->n_flows = arg ? (int)cli_long_or_die("multipath flows", arg, 1, MTR_MAX_FLOWS)
			   : MTR_DEFAULT_FLOWS;
}

/* set_probe_value
 * An option with a value that says how to probe: parse and store it (or die); false
 * when opt is not one. */
static bool set_probe_value(struct mtr_ctl *ctl, struct mtr_args *a, int opt, const char *arg)
{
	switch (opt) {
	case 'i':
		/* Down to a microsecond: mtr 0.95 lets root ask for any positive interval (the
		 * loop waits in nanoseconds); under 1 s needs privilege (check_options). */
		a->interval_s =
			cli_duration_ms_or_die("interval", arg, 1000, 0.001, 3600000) / 1000;
		break;
	case 'c':
		a->count = cli_long_or_die("count", arg, 1, 1000000000);
		ctl->count_given = true;
		break;
	case 'Q':
		ctl->tos = (int)cli_long_or_die("tos", arg, 0, 255);
		break;
	case 'I':
		ctl->rc.probe.sock.ifname = arg;
		break;
	case 'a':
		a->src = arg;
		break;
	case 'f':
		ctl->rc.first_ttl = (int)cli_long_or_die("first ttl", arg, 1, 255);
		break;
	case 'm':
		ctl->rc.max_ttl = (int)cli_long_or_die("max ttl", arg, 1, 255);
		break;
	case OPT_MULTIPATH:
		set_multipath(ctl, a, arg);
		break;
	default:
		return set_wire_value(ctl, a, opt, arg);
	}
	return true;
}

/* set_value
 * An option with a value: parse and store it (or die); false when opt is not one. */
static bool set_value(struct mtr_ctl *ctl, struct mtr_args *a, int opt, const char *arg)
{
	switch (opt) {
	case OPT_DISPLAYMODE:
		ctl->display_mode = (int)cli_long_or_die("display mode", arg, 0, 2);
		break;
	case 'o':
		set_order(ctl, arg);
		break;
	case 'F':
		mtr_names_read_file(a->names, arg);
		break;
	case OPT_SERVE:
	case OPT_TEXTFILE:
		set_export(ctl, opt, arg);
		break;
	case 'y':
		ctl->ipinfo = (int)cli_long_or_die("ipinfo", arg, 0, ASN_F_COUNT - 1);
		break;
	case OPT_ASN_SERVER:
		if (!addr_parse_literal(arg, AF_UNSPEC, &ctl->asn_server_addr))
			cli_die("invalid asn server", "'%s': not an IP address", arg);
		ctl->asn_server = arg;
		break;
	default:
		return set_probe_value(ctl, a, opt, arg);
	}
	return true;
}

/* parse_options
 * Fill ctl and *names (the hosts) from argv; every error is one line and exit 2. *src
 * is -a's address or NULL. */
static void parse_options(struct mtr_ctl *ctl, int argc, char **argv, const char **src,
			  struct mtr_names *names)
{
	struct mtr_args a = {
		.family = AF_UNSPEC,
		.count = 10,
		.timeout_s = 10,
		.interval_s = 1,
		.grace_s = 5,
		.names = names,
	};
	int opt;

	cli_name_getopt(argv);
	while ((opt = getopt_long(argc, argv,
				  "hv46rwtjCxlpnbo:i:c:F:s:Q:eI:a:f:m:uTP:Z:zy:M:L:B:G:U:",
				  long_options, NULL)) != -1) {
		if (set_flag(ctl, &a, opt) || set_value(ctl, &a, opt, optarg))
			continue;
		cli_help_version_or_exit(opt, 'h', 'v', usage_text);
	}
	check_options(ctl, argc, argv, &a);
	*src = a.src;
}

/* on_rounds
 * Every event of a host's rounds: the streaming modes print; the end of the last host's
 * stops the loop. */
static void on_rounds(void *arg, enum rounds_event ev, const struct rounds_info *info)
{
	struct mtr_ctl *ctl = arg;
	if (ev == ROUNDS_ANSWER)
		mtr_flow_answer(ctl, ctl->changes, info);
	mtr_stream_event(ctl, ev, info, stdout);
	if (ev == ROUNDS_ROUND_DONE || ev == ROUNDS_FINISHED)
		metrics_export_write(&ctl->run->export);
	if (ctl->view_event)
		ctl->view_event(ctl->view, ctl, ev, info);
	if (ev == ROUNDS_FINISHED)
		mtr_flow_finished(ctl);
}

/* lookups_pending
 * Reverse names and AS lookups still running (the hosts share them). */
static unsigned lookups_pending(const struct mtr_ctl *ctl)
{
	return (ctl->names ? names_pending(ctl->names) : 0) +
	       (ctl->asn ? asn_pending(ctl->asn) : 0);
}

/* on_name
 * A reverse or AS lookup ended. The live view shows it at its next redraw; a report
 * that waits for its names goes on once none is pending. arg is the template ctl,
 * whose loop, names and AS lookups every host shares. */
static void on_name(void *arg)
{
	struct mtr_ctl *ctl = arg;
	if (ctl->awaiting_names && lookups_pending(ctl) == 0)
		loop_stop(ctl->loop);
}

static void stop_loop(void *arg)
{
	loop_stop(arg);
}

/* await_names
 * Before a report: let the last reverse and AS lookups finish, for at most
 * NAMES_WAIT_NS. */
static void await_names(struct mtr_ctl *ctl)
{
	struct loop_timer deadline = LOOP_TIMER_INIT;
	if (lookups_pending(ctl) == 0)
		return;
	ctl->awaiting_names = true;
	loop_timer_arm(ctl->loop, &deadline, loop_now_ns() + NAMES_WAIT_NS, stop_loop, ctl->loop);
	loop_run(ctl->loop);
	loop_timer_disarm(ctl->loop, &deadline);
	ctl->awaiting_names = false;
}

/* on_signal
 * SIGINT/SIGTERM in a report run: stop starting rounds, report what was measured. */
static void on_signal(void *arg, int signo)
{
	struct mtr_run *run = arg;
	(void)signo;
	for (size_t i = 0; i < run->n; i++) {
		run->hosts[i].interrupted = true;
		rounds_stop(run->hosts[i].rounds);
		mtr_flows_stop(&run->hosts[i]);
	}
}

/* prepare_live
 * What the live view's keys change as it runs: room for any probe size (s), the other
 * methods' engines (u, t: TCP's only with the privilege it needs), the AS lookups (y,
 * z). Fills alt; returns how many. */
static size_t prepare_live(struct mtr_ctl *ctl, struct probe_config alt[2])
{
	static const enum probe_method methods[] = {PROBE_METHOD_ICMP, PROBE_METHOD_UDP,
						    PROBE_METHOD_TCP};
	int family = ctl->rc.probe.family;
	size_t size = (size_t)(ctl->psize < 0 ? -ctl->psize : ctl->psize), n = 0;
	ctl->rc.payload_room = 65000 - probe_header_len(family, PROBE_METHOD_ICMP);
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		enum probe_method m = methods[i];
		size_t headers = probe_header_len(family, m);
		if (m == ctl->rc.probe.method)
			continue;
		alt[n] = ctl->rc.probe;
		alt[n].method = m;
		alt[n].payload_len = size > headers ? size - headers : 0;
		alt[n].port = (uint16_t)(ctl->port               ? ctl->port
					 : m == PROBE_METHOD_TCP ? 80
								 : 33434);
		alt[n].paris = ctl->port != 0;
		alt[n].sock.port = m == PROBE_METHOD_UDP ? alt[n].sock.port : 0; /* -L is UDP's */
		n++;
	}
	return n;
}

/* set_probe_bytes
 * The probes' payload (payload_len bytes after the headers, random sizes up to it with
 * a negative -s), fill (-B) and TOS. */
static void set_probe_bytes(struct mtr_ctl *ctl, size_t payload_len)
{
	ctl->rc.probe.payload_len = payload_len;
	/* a UDP flow keeps its ports (Paris) only with room for the stamp that names each
	 * probe and the two bytes that fix its checksum (probe_udp.c) */
	if (ctl->n_flows && ctl->rc.probe.method == PROBE_METHOD_UDP &&
	    ctl->rc.probe.payload_len < PROBE_STAMP_LEN + 2)
		ctl->rc.probe.payload_len = PROBE_STAMP_LEN + 2;
	ctl->rc.random_size = ctl->psize < 0;
	ctl->rc.probe.random_fill = ctl->bitpattern == -1;
	if (ctl->bitpattern >= 0) {
		ctl->pattern_byte = (uint8_t)ctl->bitpattern;
		ctl->rc.probe.pattern = &ctl->pattern_byte; /* this host's copy's */
		ctl->rc.probe.pattern_len = 1;
	}
	ctl->rc.probe.sock.tos = ctl->tos;
}

/* prepare_shared
 * What every host shares, in the template ctl its hosts are copied from: the loop,
 * reverse names, AS lookups. */
static void prepare_shared(struct mtr_ctl *tmpl)
{
	tmpl->loop = loop_new();
	if (!tmpl->loop || (tmpl->dns && !(tmpl->names = names_new(tmpl->loop, on_name, tmpl))))
		cli_die("memory", "%s", strerror(ENOMEM));
	/* AS lookups read resolv.conf (unless --asn-server): before the sandbox; the live
	 * view's y and z may ask for them later */
	tmpl->asn_names = tmpl->ipinfo == ASN_F_NAME;
	if ((tmpl->ipinfo >= 0 || tmpl->mode == MTR_CURSES) &&
	    !(tmpl->asn = asn_new(tmpl->loop, tmpl->asn_server ? &tmpl->asn_server_addr : NULL,
				  tmpl->ipinfo == ASN_F_NAME, on_name, tmpl)))
		cli_die("memory", "%s", strerror(ENOMEM));
}

/* prepare_host
 * One host: the target and our address, the probes' size, the socket (the way pathping
 * does it: common/path/path_setup.c). False, said on stderr, when its name does not
 * resolve: mtr 0.95 goes on with the other hosts. */
static bool prepare_host(struct mtr_ctl *ctl, const char *src)
{
	const char *why;
	if (path_setup_try_target(&ctl->rc, ctl->target, src, &ctl->path, &why) != NETDX_OK) {
		cli_error(ctl->target, "%s", why);
		return false;
	}
	size_t headers = probe_header_len(ctl->rc.probe.family, ctl->rc.probe.method);
	size_t size = (size_t)(ctl->psize < 0 ? -ctl->psize : ctl->psize);
	if (size < headers)
		cli_die("invalid packet size", "%d is below the %zu bytes of headers", ctl->psize,
			headers);
	set_probe_bytes(ctl, size - headers);
	if (!hops_init(&ctl->hops, ctl->rc.first_ttl, ctl->rc.max_ttl) ||
	    !(ctl->changes = pathchange_new(PATHCHANGE_CONFIRM)) ||
	    (ctl->mode == MTR_SPLIT &&
	     !(ctl->split_lines = zpages_new(HOPS_MAX_TTL + 1, MTR_SPLIT_LINE))))
		cli_die("memory", "%s", strerror(ENOMEM));
	enum probe_method m = ctl->rc.probe.method;
	const char *method_opt = m == PROBE_METHOD_TCP ? "-T" : m == PROBE_METHOD_UDP ? "-u" : NULL;
	struct probe_config alt[2];
	if (ctl->mode == MTR_CURSES) {
		ctl->rc.n_alt = prepare_live(ctl, alt);
		ctl->rc.alt = alt;
	}
	ctl->rounds =
		path_setup_rounds(ctl->loop, &ctl->rc, method_opt, &ctl->hops, on_rounds, ctl);
	ctl->rc.alt = NULL; /* alt is gone when this returns */
	ctl->rc.n_alt = 0;
	mtr_flows_open(ctl, method_opt);
	return true;
}

/* prepare
 * Every host that resolves, a copy of the template each, in the order given (exit 2
 * when none does); --serve's listening socket and --textfile's directory. */
static void prepare(struct mtr_ctl *tmpl, struct mtr_run *run, const struct mtr_names *names,
		    const char *src)
{
	prepare_shared(tmpl);
	if (!(run->hosts = calloc(names->n, sizeof(*run->hosts))))
		cli_die("memory", "%s", strerror(ENOMEM));
	for (size_t i = 0; i < names->n; i++) {
		struct mtr_ctl *ctl = &run->hosts[run->n];
		*ctl = *tmpl;
		ctl->target = names->name[i];
		ctl->run = run;
		ctl->host_index = run->n;
		if (prepare_host(ctl, src))
			run->n++;
	}
	if (run->n == 0)
		exit(CLI_EXIT_ERROR); /* each host's line said why */
	struct metrics_export_opts x = {
		.serve = tmpl->serve, .listen = &tmpl->listen, .textfile = tmpl->textfile};
	metrics_export_open(&run->export, &x, tmpl->loop, mtr_metrics, run);
}

/* sandbox_needs
 * What the run needs from the sandbox: DNS sockets for names, what the probe method
 * needs (the same for every host), the terminal's modes for the live view. */
static unsigned sandbox_needs(const struct mtr_run *run, bool view)
{
	const struct mtr_ctl *ctl = &run->hosts[0];
	return (ctl->names ? names_sandbox() : 0) | (ctl->asn ? asn_sandbox() : 0) |
	       rounds_sandbox(ctl->rounds) | mtr_flows_sandbox(ctl) | (view ? SANDBOX_TTY : 0) |
	       metrics_export_needs(&run->export);
}

/* run_report
 * The modes that report: every host's rounds until the count or a signal, then the
 * names still being looked up. */
static void run_report(struct mtr_ctl *tmpl, struct mtr_run *run)
{
	if (loop_watch_end_signals(tmpl->loop, on_signal, run) < 0)
		cli_die("signals", "%s", strerror(errno));
	for (size_t i = 0; i < run->n; i++) {
		rounds_start(run->hosts[i].rounds);
		mtr_flows_start(&run->hosts[i]);
	}
	if (loop_run(tmpl->loop) < 0)
		cli_die("event loop", "%s", strerror(errno));
	await_names(tmpl);
}

/* print_report
 * What a report mode prints once the rounds are over: each host's report in the order
 * given, as mtr 0.95 prints them one after another; the metrics are one exposition (the
 * streaming modes, the live view and an exporter without a mode have printed all they
 * print). */
static void print_report(const struct mtr_run *run)
{
	for (size_t i = 0; i < run->n; i++) {
		const struct mtr_ctl *ctl = &run->hosts[i];
		if (ctl->mode == MTR_REPORT)
			mtr_report_text(ctl, stdout);
		else if (ctl->mode == MTR_JSON)
			mtr_report_json(ctl, stdout);
		else if (ctl->mode == MTR_CSV)
			mtr_report_csv(ctl, stdout);
		else if (ctl->mode == MTR_XML)
			mtr_report_xml(ctl, stdout);
	}
	if (run->hosts[0].mode == MTR_OPENMETRICS || run->hosts[0].mode == MTR_PROMETHEUS)
		mtr_report_metrics(run, stdout);
}

/* choose_mode
 * What the options leave unsaid: an exporter prints nothing unless asked and probes
 * until stopped; the live view only on a usable terminal, until q unless -c is given. */
static void choose_mode(struct mtr_ctl *ctl)
{
	if (ctl->serve || ctl->textfile) {
		if (!ctl->mode_given)
			ctl->mode = MTR_EXPORT;
		if (!ctl->count_given)
			ctl->rc.count = 0;
	}
	if (ctl->mode == MTR_CURSES && !mtr_curses_usable())
		ctl->mode = MTR_REPORT; /* not a usable terminal: report instead */
	if (ctl->mode == MTR_CURSES && !ctl->count_given)
		ctl->rc.count = 0; /* as mtr's: the live view runs until q unless -c is given */
}

/* free_run
 * Everything the hosts and their template hold. */
static void free_run(struct mtr_ctl *tmpl, struct mtr_run *run, struct mtr_names *names)
{
	metrics_export_close(&run->export);
	for (size_t i = 0; i < run->n; i++) {
		mtr_flows_free(&run->hosts[i]);
		rounds_free(run->hosts[i].rounds);
		hops_free(&run->hosts[i].hops);
		pathchange_free(run->hosts[i].changes);
		zpages_free(run->hosts[i].split_lines, HOPS_MAX_TTL + 1, MTR_SPLIT_LINE);
	}
	free(run->hosts);
	names_free(tmpl->names);
	asn_free(tmpl->asn);
	loop_free(tmpl->loop);
	mtr_names_free(names);
}

int main(int argc, char **argv)
{
	static struct mtr_ctl tmpl = {
		.mode = MTR_REPORT,
		.dns = true,
		.ipinfo = -1,
		.order = MTR_DEFAULT_ORDER,
		.psize = 64,
		.bitpattern = -2,
		.rc = {.first_ttl = 1, .max_ttl = 30, .max_unknown = 5},
	};
	static struct mtr_run run = {.export = {.dirfd = -1}};
	struct mtr_names names = {0};
	const char *src = NULL;
	tool_start_or_die();
	if (isatty(STDOUT_FILENO))
		tmpl.mode = MTR_CURSES;
	parse_options(&tmpl, argc, argv, &src, &names);
	choose_mode(&tmpl);
	if (gethostname(tmpl.local_host, sizeof(tmpl.local_host)) < 0)
		snprintf(tmpl.local_host, sizeof(tmpl.local_host), "localhost");
	prepare(&tmpl, &run, &names, src);
	struct mtr_view *view = tmpl.mode == MTR_CURSES ? mtr_curses_open(&run) : NULL;
	tool_local_time(); /* the report's and the display's clock */
	tool_lockdown_writing_or_die(sandbox_needs(&run, view != NULL), run.export.dirfd);
	time_t start = time(NULL);
	for (size_t i = 0; i < run.n; i++) {
		run.hosts[i].start = start;
		if (tmpl.mode == MTR_CURSES && !view)
			run.hosts[i].mode = MTR_REPORT; /* the terminal failed after all: report
							 * (until ^C if no -c) */
	}
	if (view)
		mtr_curses_run(view);
	else
		run_report(&tmpl, &run);
	print_report(&run);
	free_run(&tmpl, &run, &names);
	return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}
