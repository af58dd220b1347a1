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
	{NULL, 0, NULL, 0},
};

/* --help: the options we take, in mtr's order and words. */
static const char usage_text[] =
	"Usage:\n"
	" mtr [options] hostname\n\n"
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
	"                            (negative: random sizes up to -PACKETSIZE)\n"
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
	"                            netdx_path_reached, netdx_path_hops\n"
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
};

/* check_options
 * What the options say together, once all are read: the port and flow, one host, the
 * TTL range, the interval this user may ask for. Returns the target. */
static const char *check_options(struct mtr_ctl *ctl, int argc, char **argv,
				 const struct mtr_args *a)
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
	ctl->rc.probe.paris = a->port != 0;
	if (optind != argc - 1)
		cli_die("usage", argc - optind > 1
					 ? "one host at a time"
					 : "a host to trace is needed (mtr [options] hostname)");
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
	return argv[optind];
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

/* set_probe_value
 * An option with a value about the probes themselves (mtr's -s -B -M -P -L -Z -G -U
 * --max-wait); false when opt is not one. */
static bool set_probe_value(struct mtr_ctl *ctl, struct mtr_args *a, int opt, const char *arg)
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
		return false;
	}
	return true;
}

/* parse_options
 * Fill ctl from argv; every error is one line and exit 2. Returns the target; *src is
 * -a's address or NULL. */
static const char *parse_options(struct mtr_ctl *ctl, int argc, char **argv, const char **src)
{
	struct mtr_args a = {
		.family = AF_UNSPEC, .count = 10, .timeout_s = 10, .interval_s = 1, .grace_s = 5};
	const char *target;
	int opt;

	cli_name_getopt(argv);
	while ((opt = getopt_long(argc, argv,
				  "hv46rwtjCxlpnbo:i:c:s:Q:eI:a:f:m:uTP:Z:zy:M:L:B:G:U:",
				  long_options, NULL)) != -1) {
		if (set_flag(ctl, &a, opt) || set_value(ctl, &a, opt, optarg) ||
		    set_probe_value(ctl, &a, opt, optarg))
			continue;
		cli_help_version_or_exit(opt, 'h', 'v', usage_text);
	}
	target = check_options(ctl, argc, argv, &a);
	*src = a.src;
	return target;
}

/* on_rounds
 * Every event of the rounds: the streaming modes print; the end stops the loop. */
static void on_rounds(void *arg, enum rounds_event ev, const struct rounds_info *info)
{
	struct mtr_ctl *ctl = arg;
	if (ev == ROUNDS_ANSWER && info->new_responder && ctl->names)
		names_want(ctl->names, info->from);
	if (ev == ROUNDS_ANSWER && info->new_responder && ctl->asn && ctl->ipinfo >= 0)
		asn_want(ctl->asn, info->from);
	mtr_stream_event(ctl, ev, info, stdout);
	if (ev == ROUNDS_ROUND_DONE || ev == ROUNDS_FINISHED)
		metrics_export_write(&ctl->export);
	if (ctl->view_event)
		ctl->view_event(ctl->view, ev, info);
	if (ev == ROUNDS_FINISHED)
		loop_stop(ctl->loop);
}

/* lookups_pending
 * Reverse names and AS lookups still running. */
static unsigned lookups_pending(const struct mtr_ctl *ctl)
{
	return (ctl->names ? names_pending(ctl->names) : 0) +
	       (ctl->asn ? asn_pending(ctl->asn) : 0);
}

/* on_name
 * A reverse or AS lookup ended. The live view shows it at its next redraw; a report
 * that waits for its names goes on once none is pending. */
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
	struct mtr_ctl *ctl = arg;
	(void)signo;
	ctl->interrupted = true;
	rounds_stop(ctl->rounds);
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

/* prepare
 * The target and our address, the probes' size, the socket (the way pathping does it:
 * common/path/path_setup.c); --serve's listening socket and --textfile's directory. */
static void prepare(struct mtr_ctl *ctl, const char *src)
{
	path_setup_target(&ctl->rc, ctl->target, src, &ctl->path);
	size_t headers = probe_header_len(ctl->rc.probe.family, ctl->rc.probe.method);
	size_t size = (size_t)(ctl->psize < 0 ? -ctl->psize : ctl->psize);
	if (size < headers)
		cli_die("invalid packet size", "%d is below the %zu bytes of headers", ctl->psize,
			headers);
	ctl->rc.probe.payload_len = size - headers;
	ctl->rc.random_size = ctl->psize < 0;
	ctl->rc.random_pattern = ctl->bitpattern == -1;
	if (ctl->bitpattern >= 0) {
		ctl->pattern_byte = (uint8_t)ctl->bitpattern;
		ctl->rc.probe.pattern = &ctl->pattern_byte;
		ctl->rc.probe.pattern_len = 1;
	}
	ctl->rc.probe.sock.tos = ctl->tos;
	if (!hops_init(&ctl->hops, ctl->rc.first_ttl, ctl->rc.max_ttl))
		cli_die("memory", "%s", strerror(ENOMEM));
	ctl->loop = loop_new();
	if (!ctl->loop || (ctl->dns && !(ctl->names = names_new(ctl->loop, on_name, ctl))))
		cli_die("memory", "%s", strerror(ENOMEM));
	/* AS lookups read resolv.conf (unless --asn-server): before the sandbox; the live
	 * view's y and z may ask for them later */
	ctl->asn_names = ctl->ipinfo == ASN_F_NAME;
	if ((ctl->ipinfo >= 0 || ctl->mode == MTR_CURSES) &&
	    !(ctl->asn = asn_new(ctl->loop, ctl->asn_server ? &ctl->asn_server_addr : NULL,
				 ctl->ipinfo == ASN_F_NAME, on_name, ctl)))
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
	struct metrics_export_opts x = {
		.serve = ctl->serve, .listen = &ctl->listen, .textfile = ctl->textfile};
	metrics_export_open(&ctl->export, &x, ctl->loop, mtr_metrics, ctl);
}

/* sandbox_needs
 * What the run needs from the sandbox: DNS sockets for names, what the probe method
 * needs, the terminal's modes for the live view. */
static unsigned sandbox_needs(const struct mtr_ctl *ctl, bool view)
{
	return (ctl->names ? names_sandbox() : 0) | (ctl->asn ? asn_sandbox() : 0) |
	       rounds_sandbox(ctl->rounds) | (view ? SANDBOX_TTY : 0) |
	       metrics_export_needs(&ctl->export);
}

/* run_report
 * The modes that report: every round until the count or a signal, then the names
 * still being looked up. */
static void run_report(struct mtr_ctl *ctl)
{
	if (loop_watch_end_signals(ctl->loop, on_signal, ctl) < 0)
		cli_die("signals", "%s", strerror(errno));
	rounds_start(ctl->rounds);
	if (loop_run(ctl->loop) < 0)
		cli_die("event loop", "%s", strerror(errno));
	await_names(ctl);
}

/* print_report
 * What a report mode prints once the rounds are over (the streaming modes, the live
 * view and an exporter without a mode have printed all they print). */
static void print_report(const struct mtr_ctl *ctl)
{
	switch (ctl->mode) {
	case MTR_REPORT:
		mtr_report_text(ctl, stdout);
		break;
	case MTR_JSON:
		mtr_report_json(ctl, stdout);
		break;
	case MTR_CSV:
		mtr_report_csv(ctl, stdout);
		break;
	case MTR_XML:
		mtr_report_xml(ctl, stdout);
		break;
	case MTR_OPENMETRICS:
	case MTR_PROMETHEUS:
		mtr_report_metrics(ctl, stdout);
		break;
	default:
		break;
	}
}

int main(int argc, char **argv)
{
	static struct mtr_ctl ctl = {
		.mode = MTR_REPORT,
		.dns = true,
		.ipinfo = -1,
		.order = MTR_DEFAULT_ORDER,
		.psize = 64,
		.bitpattern = -2,
		.rc = {.first_ttl = 1, .max_ttl = 30, .max_unknown = 5},
		.export = {.dirfd = -1},
	};
	const char *src = NULL;
	tool_start_or_die();
	if (isatty(STDOUT_FILENO))
		ctl.mode = MTR_CURSES;
	ctl.target = parse_options(&ctl, argc, argv, &src);
	if (ctl.serve || ctl.textfile) {
		if (!ctl.mode_given)
			ctl.mode = MTR_EXPORT; /* an exporter prints nothing unless asked */
		if (!ctl.count_given)
			ctl.rc.count = 0; /* and probes until stopped */
	}
	if (ctl.mode == MTR_CURSES && !mtr_curses_usable())
		ctl.mode = MTR_REPORT; /* not a usable terminal: report instead */
	if (ctl.mode == MTR_CURSES && !ctl.count_given)
		ctl.rc.count = 0; /* as mtr's: the live view runs until q unless -c is given */
	if (gethostname(ctl.local_host, sizeof(ctl.local_host)) < 0)
		snprintf(ctl.local_host, sizeof(ctl.local_host), "localhost");
	prepare(&ctl, src);
	struct mtr_view *view = ctl.mode == MTR_CURSES ? mtr_curses_open(&ctl) : NULL;
	if (!view && ctl.mode == MTR_CURSES)
		ctl.mode =
			MTR_REPORT; /* the terminal failed after all: report (until ^C if no -c) */
	tool_lockdown_writing_or_die(sandbox_needs(&ctl, view != NULL), ctl.export.dirfd);
	ctl.start = time(NULL);
	if (view)
		mtr_curses_run(view);
	else
		run_report(&ctl);
	print_report(&ctl);
	metrics_export_close(&ctl.export);
	rounds_free(ctl.rounds);
	names_free(ctl.names);
	asn_free(ctl.asn);
	hops_free(&ctl.hops);
	loop_free(ctl.loop);
	return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}
