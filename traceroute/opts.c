/* opts.c — traceroute's command line: traceroute 2.x's options and positional packet
 * length, netdx's additions (--json, --openmetrics, --prometheus, --explain, --multipath,
 * --no-paris), each number
 * through cli.h's bounded parser, every mistake one line and exit 2. */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/cli.h"
#include "tr.h"

enum {
	OPT_MTU = 256,
	OPT_BACK,
	OPT_JSON,
	OPT_EXPLAIN,
	OPT_MULTIPATH,
	OPT_CONFIDENCE,
	OPT_NO_PARIS,
	OPT_RAW,
	OPT_OPENMETRICS,
	OPT_PROMETHEUS,
	OPT_HELP,
	OPT_ASN_SERVER,
	OPT_SPORT,
	OPT_FWMARK,
};

static const char usage_text[] =
	"Usage: traceroute [options] host [packetlen]\n"
	"Print the route packets take to host: each router on the way, by sending probes\n"
	"with growing TTLs (all in flight at once) and listening for what comes back.\n"
	"\n"
	"Methods:\n"
	"  (default)             UDP to port 33434, flow-stable (Paris); no privilege needed\n"
	"  -I, --icmp            ICMP echo requests\n"
	"  -T, --tcp             TCP SYN to port 80 (or -p); needs cap_net_raw\n"
	"  -U, --udp             UDP to one port, 53 unless -p: DNS queries to 53 (Paris);\n"
	"                        to another port each probe from its own port (not Paris)\n"
	"  -P, --protocol PROTO  bare IP packets of protocol PROTO (number or name); cap_net_raw\n"
	"  -UL                   UDP-Lite to one port, 53 unless -p, each probe from its own\n"
	"                        port; no privilege needed\n"
	"  -D, --dccp            DCCP-Requests to port 33434 (or -p); needs cap_net_raw\n"
	"  -M, --module NAME     traceroute 2.x's names: default, udp, icmp, tcp, raw (-P 253),\n"
	"                        udplite (-UL), dccp (-D), tcpconn (TCP connect() to port 80\n"
	"                        or -p, a socket per probe; no privilege needed)\n"
	"  -O, --options OPTS    -T: syn,ack,fin,rst,psh,urg,ece,cwr, flags=N, ecn, sack,\n"
	"                        timestamps, window_scaling, sysctl, mss=N, info;\n"
	"                        -UL: coverage=N (checksum coverage in bytes)\n"
	"\n"
	"Options:\n"
	"  -4, -6                use IPv4 / IPv6\n"
	"  -n                    print addresses only, no reverse names\n"
	"  -f, --first TTL       start at this TTL (default 1)\n"
	"  -m, --max-hops TTL    stop at this TTL (default 30, at most 255)\n"
	"  -q, --queries N       probes per hop (default 3, at most 10)\n"
	"  -N, --sim-queries N   probes in flight at most (default 16)\n"
	"  -w, --wait MAX[,HERE,NEAR]\n"
	"                        wait at most MAX s (default 5) for an answer; HERE times\n"
	"                        (default 3) the RTT of an answer from the same hop, NEAR\n"
	"                        times (default 3; traceroute 2.x: 10) that of a later hop\n"
	"  -z, --sendwait T      pause between probes: seconds, or milliseconds when >= 10\n"
	"  -p, --port PORT       destination port (UDP: of the first probe without Paris)\n"
	"  -s, --source ADDR     source address\n"
	"  -i, --interface IF    send through this interface\n"
	"  -t, --tos TOS         IPv4 TOS / IPv6 traffic class\n"
	"  -l, --flowlabel LABEL IPv6 flow label (0..1048575)\n"
	"      --sport PORT      source port of UDP and TCP probes\n"
	"      --fwmark MARK     firewall mark of the probes (SO_MARK); needs cap_net_raw\n"
	"  -r                    bypass routing: the host must be on a directly\n"
	"                        connected link\n"
	"  -g, --gateway GATE    route the probes through GATE (loose source routing; more\n"
	"                        with more -g or commas: 8 at most for IPv4; IPv6: 127, the\n"
	"                        first a routing header type if numeric, which Linux refuses)\n"
	"  -d, --debug           set SO_DEBUG on the probe sockets (needs cap_net_admin)\n"
	"  -F, --dont-fragment   set Don't Fragment\n"
	"      --mtu             find the path MTU (implies -F -N 1; prints F=MTU)\n"
	"      --back            print the hops of the way back when they differ ('-N')\n"
	"  -e, --extensions      print ICMP extensions (MPLS labels)\n"
	"  -A, --as-path-lookups print each hop's AS, [AS64500], from Team Cymru's DNS\n"
	"                        interface (traceroute 2.x asks whois)\n"
	"      --asn-server ADDR ask ADDR (a Cymru mirror) instead of resolv.conf's servers\n"
	"      --no-paris        vary the flow per probe, as classic traceroute does\n"
	"      --raw             UDP from a raw socket (cap_net_raw): the checksum tells\n"
	"                        probes apart even when routers quote only 8 bytes\n"
	"      --multipath       find every next hop at each TTL (MDA stopping rule)\n"
	"      --confidence PCT  how sure --multipath must be (default 95)\n"
	"      --explain         explain each hop in plain sentences (for teaching)\n"
	"      --json            one JSON document (see traceroute(8))\n"
	"      --openmetrics     per-hop metrics, OpenMetrics 1.0 text (see traceroute(8)):\n"
	"                        netdx_hop_sent_total, netdx_hop_lost_total,\n"
	"                        netdx_hop_loss_ratio, netdx_hop_rtt_last_seconds (and\n"
	"                        _avg, _best, _worst, _stdev), netdx_hop_icmp_ratelimited,\n"
	"                        netdx_hop_responder_replies_total, netdx_path_reached,\n"
	"                        netdx_path_hops (with -A netdx_hop_responder_asn)\n"
	"      --prometheus      the same in the Prometheus text format 0.0.4\n"
	"  -V, --version         print the version\n"
	"      --help            print this help\n"
	"\n"
	"Exit status: 0 the trace ran (whether or not the host answered), 1 a probe could\n"
	"not be sent (no route), 2 usage or system error.\n";

/* parse_wait
 * -w MAX[,HERE,NEAR]: each part a non-negative number (traceroute 2.x's syntax). */
static void parse_wait(const char *arg, struct tr_conf *c)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", arg);
	char *here = strchr(buf, ',');
	char *near = NULL;
	if (here) {
		*here++ = '\0';
		near = strchr(here, ',');
		if (near)
			*near++ = '\0';
	}
	c->wait_max_s = cli_double_or_die("wait", buf, 0, 3600);
	if (here)
		c->wait_here = cli_double_or_die("wait factor HERE", here, 0, 1000);
	if (near)
		c->wait_near = cli_double_or_die("wait factor NEAR", near, 0, 1000);
}

/* parse_protocol
 * -P: a protocol number (1..254) or a name from /etc/protocols. */
static int parse_protocol(const char *arg)
{
	long v;
	if (cli_parse_long(arg, 0, 1000, &v) != CLI_NOT_NUMBER)
		return (int)cli_long_or_die("protocol", arg, 1, 254);
	struct protoent *p = getprotobyname(arg);
	if (!p || p->p_proto < 1 || p->p_proto > 254)
		cli_die(NULL, "invalid protocol '%s': not a protocol number or name", arg);
	return p->p_proto;
}

/* parse_module
 * -M NAME: traceroute 2.x's method names for the methods we have. */
static void parse_module(const char *arg, struct tr_conf *c)
{
	/* clang-format off */
	static const struct { const char *name; enum tr_method method; } modules[] = {
		{"default", TR_UDP}, {"udp", TR_UDP_PORT}, {"icmp", TR_ICMP},
		{"tcp", TR_TCP}, {"raw", TR_RAW}, {"udplite", TR_UDPLITE},
		{"dccp", TR_DCCP}, {"tcpconn", TR_TCPCONN},
	};
	/* clang-format on */
	for (size_t i = 0; i < sizeof(modules) / sizeof(modules[0]); i++)
		if (strcmp(arg, modules[i].name) == 0) {
			c->method = modules[i].method;
			if (c->method == TR_RAW && !c->proto)
				c->proto = 253; /* 2.x's default (RFC 3692) */
			return;
		}
	cli_die("-M", "unknown method '%s' (default, udp, icmp, tcp, raw, udplite, dccp, tcpconn)",
		arg);
}

/* add_gateways
 * -g GATE[,GATE...]: each gateway in order, empty parts skipped (2.x's way); how
 * many a family allows is judged once the target's is known (gateways.c). */
static void add_gateways(struct tr_conf *c, char *arg)
{
	for (char *save = NULL, *g = strtok_r(arg, ",", &save); g; g = strtok_r(NULL, ",", &save)) {
		if (c->n_gateways == TR_MAX_GATEWAYS)
			cli_die("-g", "too many gateways: no more than %d", TR_MAX_GATEWAYS);
		c->gateways[c->n_gateways++] = g;
	}
}

/* parse_module_option
 * -O: UDP-Lite's coverage=N, or -T's words (tcpopts.c). */
static void parse_module_option(struct tr_conf *c, const char *arg)
{
	if (strncmp(arg, "coverage=", 9) == 0)
		c->cscov = cli_long_or_die("coverage", arg + 9, 0, 65535);
	else
		tr_tcp_opts_parse(arg, &c->tcp);
}

/* defaults
 * traceroute 2.x's defaults, Paris on, NEAR 3 (see --help). */
static void defaults(struct tr_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->family = AF_UNSPEC;
	c->method = TR_UDP;
	c->first_ttl = 1;
	c->max_ttl = 30;
	c->queries = 3;
	c->sim = 16;
	c->wait_max_s = 5;
	c->wait_here = 3;
	c->wait_near = 3;
	c->port = -1;
	c->confidence = 95;
	c->paris = true;
	c->packet_len = -1;
	c->cscov = -1;
}

/* check
 * What no single option can judge: ranges against each other, combinations. */
static void check(struct tr_conf *c)
{
	if (c->first_ttl > c->max_ttl)
		cli_die(NULL, "first ttl %d is above max ttl %d", c->first_ttl, c->max_ttl);
	if (c->json && c->explain)
		cli_die_together("--json", "--explain");
	if (c->metrics_flag && (c->json || c->explain))
		cli_die_together(c->json ? "--json" : "--explain", c->metrics_flag);
	if (c->metrics_flag && c->multipath)
		cli_die_together("--multipath", c->metrics_flag);
	if (c->multipath && c->method != TR_UDP && c->method != TR_ICMP)
		cli_die(NULL, "--multipath varies the flow per probe: UDP (default) and ICMP (-I) "
			      "probes only");
	if (c->multipath)
		c->paris = false;
	if (c->multipath && (c->mtu || c->explain))
		cli_die_together("--multipath", c->mtu ? "--mtu" : "--explain");
	if (c->raw_udp && c->method != TR_UDP && c->method != TR_UDP_PORT)
		cli_die(NULL, "--raw applies to UDP probes only");
	if (c->asn_server && !c->as_path)
		cli_die(NULL, "--asn-server needs -A (AS lookups)");
	if (c->mtu) {
		c->dontfrag = true;
		c->sim = 1;
	}
	/* -U to a service port (or without Paris) opens a socket per probe: after
	 * privileges are dropped (no mark), each on a port of its own (no --sport) */
	bool own_ports = c->method == TR_UDP_PORT && ((c->port > 0 && c->port != 53) || !c->paris);
	const char *per_probe = own_ports                 ? "-U -p PORT"
				: c->method == TR_UDPLITE ? "-UL"
				: c->method == TR_TCPCONN ? "-M tcpconn"
							  : NULL;
	if (per_probe && (c->sport || c->fwmark))
		cli_die_together(c->sport ? "--sport" : "--fwmark", per_probe);
	if (c->mtu && (c->method == TR_DCCP || c->method == TR_TCPCONN))
		cli_die("--mtu", "%s probes have a size of their own (their headers)",
			c->method == TR_DCCP ? "DCCP" : "TCP connect");
	if ((c->n_gateways || c->debug) && per_probe)
		cli_die(c->n_gateways ? "-g" : "-d",
			"%s needs privilege as each socket opens, and %s opens one per probe, "
			"after privileges are dropped",
			c->n_gateways ? "a source route" : "SO_DEBUG", per_probe);
	if (c->tcp.given && c->method != TR_TCP)
		cli_die("-O", "these method options are -T's");
	if (c->cscov >= 0 && c->method != TR_UDPLITE)
		cli_die("-O", "coverage= is UDP-Lite's (-UL)");
	if (c->tcp.given)
		tr_tcp_opts_check(&c->tcp);
	if (c->sport && c->method != TR_UDP && c->method != TR_UDP_PORT && c->method != TR_TCP &&
	    c->method != TR_DCCP)
		cli_die("--sport", "UDP, TCP SYN and DCCP probes only (not a socket per probe)");
}

static const struct option longopts[] = {
	{"icmp", no_argument, NULL, 'I'},
	{"tcp", no_argument, NULL, 'T'},
	{"udp", no_argument, NULL, 'U'},
	{"protocol", required_argument, NULL, 'P'},
	{"first", required_argument, NULL, 'f'},
	{"max-hops", required_argument, NULL, 'm'},
	{"queries", required_argument, NULL, 'q'},
	{"sim-queries", required_argument, NULL, 'N'},
	{"wait", required_argument, NULL, 'w'},
	{"sendwait", required_argument, NULL, 'z'},
	{"port", required_argument, NULL, 'p'},
	{"source", required_argument, NULL, 's'},
	{"interface", required_argument, NULL, 'i'},
	{"tos", required_argument, NULL, 't'},
	{"dont-fragment", no_argument, NULL, 'F'},
	{"extensions", no_argument, NULL, 'e'},
	{"as-path-lookups", no_argument, NULL, 'A'},
	{"version", no_argument, NULL, 'V'},
	{"mtu", no_argument, NULL, OPT_MTU},
	{"back", no_argument, NULL, OPT_BACK},
	{"json", no_argument, NULL, OPT_JSON},
	{"explain", no_argument, NULL, OPT_EXPLAIN},
	{"multipath", no_argument, NULL, OPT_MULTIPATH},
	{"confidence", required_argument, NULL, OPT_CONFIDENCE},
	{"no-paris", no_argument, NULL, OPT_NO_PARIS},
	{"raw", no_argument, NULL, OPT_RAW},
	{"openmetrics", no_argument, NULL, OPT_OPENMETRICS},
	{"prometheus", no_argument, NULL, OPT_PROMETHEUS},
	{"help", no_argument, NULL, OPT_HELP},
	{"asn-server", required_argument, NULL, OPT_ASN_SERVER},
	{"sport", required_argument, NULL, OPT_SPORT},
	{"fwmark", required_argument, NULL, OPT_FWMARK},
	{"flowlabel", required_argument, NULL, 'l'},
	{"module", required_argument, NULL, 'M'},
	{"debug", no_argument, NULL, 'd'},
	{"gateway", required_argument, NULL, 'g'},
	{"options", required_argument, NULL, 'O'},
	{"dccp", no_argument, NULL, 'D'},
	{NULL, 0, NULL, 0},
};

/* set_metrics
 * --openmetrics or --prometheus: one of them, once. */
static void set_metrics(struct tr_conf *c, enum metrics_dialect d)
{
	const char *flag = d == METRICS_OPENMETRICS ? "--openmetrics" : "--prometheus";
	if (c->metrics_flag && c->dialect != d)
		cli_die_together(c->metrics_flag, flag);
	c->metrics_flag = flag;
	c->dialect = d;
}

/* set_method_flag
 * -I, -T, -U, -UL (-U then L), -D: the method; false when opt is none of them. */
static bool set_method_flag(struct tr_conf *c, int opt)
{
	/* clang-format off */
	static const struct { int opt; enum tr_method method; } flags[] = {
		{'I', TR_ICMP}, {'T', TR_TCP}, {'U', TR_UDP_PORT}, {'L', TR_UDPLITE}, {'D', TR_DCCP},
	};
	/* clang-format on */
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (flags[i].opt == opt) {
			c->method = flags[i].method;
			return true;
		}
	return false;
}

/* set_flag
 * An option without a value: set what it stands for; false when opt is not one. */
static bool set_flag(struct tr_conf *c, int opt)
{
	switch (opt) {
	case '4':
		c->family = AF_INET;
		break;
	case '6':
		c->family = AF_INET6;
		break;
	case 'n':
		c->numeric = true;
		break;
	case 'F':
		c->dontfrag = true;
		break;
	case 'e':
		c->extensions = true;
		break;
	case 'A':
		c->as_path = true;
		break;
	case OPT_MTU:
		c->mtu = true;
		break;
	case OPT_BACK:
		c->back = true;
		break;
	case OPT_JSON:
		c->json = true;
		break;
	case OPT_EXPLAIN:
		c->explain = true;
		break;
	case OPT_MULTIPATH:
		c->multipath = true;
		break;
	case OPT_NO_PARIS:
		c->paris = false;
		break;
	case OPT_RAW:
		c->raw_udp = true;
		break;
	case 'r':
		c->dontroute = true;
		break;
	case 'd':
		c->debug = true;
		break;
	case OPT_OPENMETRICS:
	case OPT_PROMETHEUS:
		set_metrics(c, opt == OPT_OPENMETRICS ? METRICS_OPENMETRICS : METRICS_PROMETHEUS);
		break;
	default:
		return set_method_flag(c, opt);
	}
	return true;
}

/* set_steer_value
 * What steers the probes (sock_steer.c): --sport, --fwmark, -l; false when opt is
 * none of them. */
static bool set_steer_value(struct tr_conf *c, int opt, char *arg)
{
	switch (opt) {
	case OPT_SPORT:
		c->sport = cli_long_or_die("source port", arg, 1, 65535);
		break;
	case OPT_FWMARK:
		c->fwmark = cli_long_or_die("fwmark", arg, 0, 4294967295L);
		break;
	case 'l':
		c->flowlabel = cli_long_or_die("flow label", arg, 0, 0xfffff);
		break;
	case 'g':
		add_gateways(c, arg);
		break;
	default:
		return false;
	}
	return true;
}

/* set_value
 * An option with a value: parse and store it (or die); false when opt is not one. */
static bool set_value(struct tr_conf *c, int opt, char *arg)
{
	switch (opt) {
	case 'P':
		c->method = TR_RAW;
		c->proto = parse_protocol(arg);
		break;
	case 'f':
		c->first_ttl = (int)cli_long_or_die("first ttl", arg, 1, 255);
		break;
	case 'm':
		c->max_ttl = (int)cli_long_or_die("max ttl", arg, 1, 255);
		break;
	case 'q':
		c->queries = (int)cli_long_or_die("number of queries", arg, 1, TR_MAX_QUERIES);
		break;
	case 'N':
		c->sim = (int)cli_long_or_die("number of simultaneous probes", arg, 1, 1024);
		break;
	case 'w':
		parse_wait(arg, c);
		break;
	case 'z': {
		double v = cli_double_or_die("sendwait", arg, 0, 60000);
		c->sendwait_ms = v >= 10 ? v : v * 1000; /* traceroute 2.x's rule */
		break;
	}
	case 'p':
		c->port = cli_long_or_die("port", arg, 1, 65535);
		break;
	case 's':
		c->source = arg;
		break;
	case 'i':
		c->iface = arg;
		break;
	case 't':
		c->tos = (int)cli_long_or_die("tos", arg, 0, 255);
		break;
	case OPT_CONFIDENCE:
		c->confidence = cli_double_or_die("confidence", arg, 50, 99.99);
		break;
	case OPT_ASN_SERVER:
		if (!addr_parse_literal(arg, AF_UNSPEC, &c->asn_server_addr))
			cli_die("invalid asn server", "'%s': not an IP address", arg);
		c->asn_server = arg;
		break;
	case 'M':
		parse_module(arg, c);
		break;
	case 'O':
		parse_module_option(c, arg);
		break;
	default:
		return set_steer_value(c, opt, arg);
	}
	return true;
}

/* tr_opts_parse
 * argv into c, or one line on stderr and exit 2 (exit 0 after --help and -V). */
void tr_opts_parse(int argc, char **argv, struct tr_conf *c)
{
	int opt;

	defaults(c);
	cli_name_getopt(argv);
	while ((opt = getopt_long(argc, argv, "46nIUTP:f:m:q:N:w:z:p:s:i:t:FeAVl:rM:dg:O:DL",
				  longopts, NULL)) != -1) {
		/* -UL is one word (2.x's), which getopt reads as -U -L: no -L of its own */
		if (opt == 'L' && strcmp(argv[optind - 1], "-UL") != 0)
			cli_die(NULL, "invalid option -- 'L' (UDP-Lite is -UL)");
		if (set_flag(c, opt) || set_value(c, opt, optarg))
			continue;
		cli_help_version_or_exit(opt, OPT_HELP, 'V', usage_text);
	}
	if (optind >= argc)
		cli_die(NULL, "no host given (traceroute --help)");
	c->host = argv[optind++];
	if (optind < argc)
		c->packet_len = cli_long_or_die("packet length", argv[optind++], 0, TR_MAX_PACKET);
	if (optind < argc)
		cli_die(NULL, "unexpected argument '%s' (traceroute --help)", argv[optind]);
	check(c);
}
