/* opts.c — ping's command line: iputils' options plus --json, --targets and
 * --max-targets. Every number goes through common/cli's bounded parsers, so a bad
 * value is one line ("ping: invalid count '0': too small (minimum 1)") and exit 2. */
#include "ping.h"

#include <ctype.h>
#include <getopt.h>
#include <limits.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/cli.h"

/* iputils options netdx ping does not implement, with what they are, so the refusal
 * can say which one it is. */
static const struct {
	char opt;         /* the letter */
	const char *what; /* what it does in iputils */
} unsupported[] = {
	{'N', "IPv6 node information query"},
};

/* Long options; the short ones are iputils'. */
enum {
	OPT_TARGETS = 256,
	OPT_MAX_TARGETS,
	OPT_OPENMETRICS,
	OPT_PROMETHEUS,
	OPT_SERVE,
	OPT_TEXTFILE,
	OPT_GAP,
	OPT_HELP,
	OPT_VERSION
};
static const struct option long_opts[] = {
	{"json", no_argument, NULL, 'j'},
	{"targets", required_argument, NULL, OPT_TARGETS},
	{"max-targets", required_argument, NULL, OPT_MAX_TARGETS},
	{"openmetrics", no_argument, NULL, OPT_OPENMETRICS},
	{"prometheus", no_argument, NULL, OPT_PROMETHEUS},
	{"serve", required_argument, NULL, OPT_SERVE},
	{"textfile", required_argument, NULL, OPT_TEXTFILE},
	{"gap", required_argument, NULL, OPT_GAP},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};
static const char short_opts[] = ":46AaBbCc:Dde:F:fhI:i:jLl:M:m:nOp:qQ:RrS:s:T:t:UvVw:W:";

/* usage_long
 * The --help text's long options and the exit status. */
static void usage_long(FILE *f)
{
	fputs("  --gap <time>       sweeps: least time between any two probes (default 10ms;\n"
	      "                     0 with -i 0); units as -i\n"
	      "  --targets <file>   read targets from <file> (- for standard input)\n"
	      "  --max-targets <n>  allow sweeps of up to <n> targets (default 65536)\n"
	      "  --openmetrics      print the results as OpenMetrics 1.0 instead of text\n"
	      "  --prometheus       the same in the Prometheus text format 0.0.4\n"
	      "  --serve <a:port>   exporter: probe every target each -i (default 1s) until\n"
	      "                     stopped, serve GET /metrics at <a:port> (as smokeping_prober)\n"
	      "  --textfile <path>  exporter: write the metrics to <path> each -i, atomically,\n"
	      "                     for node_exporter's textfile collector\n"
	      "\n"
	      "Exit status: 0 replies received (sweeps: from every target), 1 none (with -c\n"
	      "and -w: fewer than <count>), 2 error. See ping(8).\n",
	      f);
}

/* ping_opts_usage
 * The --help text. */
void ping_opts_usage(FILE *f)
{
	fputs("Usage: ping [options] <destination>...\n"
	      "       ping [options] --targets FILE\n"
	      "       ping --serve ADDR:PORT [--textfile PATH] [options] <destination>...\n"
	      "\n"
	      "One destination: iputils ping. Several, a CIDR block (10.0.0.0/28) or a\n"
	      "--targets file: a round-robin sweep with fping's per-target lines.\n"
	      "Started as fping: fping 5.1's options and output (fping -h).\n"
	      "\n"
	      "Options:\n"
	      "  -4                 use IPv4 only\n"
	      "  -6                 use IPv6 only\n"
	      "  -a                 audible ping (a bell on each reply)\n"
	      "  -A                 adaptive: the next probe as soon as the last is answered\n"
	      "                     (2ms apart at least without root; -i at most)\n"
	      "  -b                 allow pinging a broadcast address\n"
	      "  -B                 sticky source address: keep the one the route gives first\n"
	      "  -C                 connect() the socket to the destination\n"
	      "  -c <count>         stop after <count> replies (sweeps: probes per target)\n"
	      "  -D                 print timestamps\n"
	      "  -d                 SO_DEBUG on the socket (Linux needs CAP_NET_ADMIN for it:\n"
	      "                     without, as iputils, the probes go without it)\n"
	      "  -e <identifier>    the echo identifier of every probe (0: raw socket)\n"
	      "  -F <flowlabel>     IPv6 flow label of every probe (decimal or 0x hex)\n"
	      "  -f                 flood ping (root)\n"
	      "  -h, --help         print help and exit\n"
	      "  -I <interface>     interface name or source address\n"
	      "  -i <interval>      seconds between probes (default 1; sweeps: to each target);\n"
	      "                     units us, ms, s, m accepted; 0: flat out (root)\n"
	      "  -j, --json         one JSON object per line instead of text\n"
	      "  -L                 no loopback of multicast probes\n"
	      "  -l <preload>       send <preload> probes without waiting for replies\n"
	      "  -m <mark>          tag the probes with this SO_MARK\n"
	      "  -M <pmtud opt>     path MTU discovery: do, dont or want\n"
	      "  -n                 no reverse name lookups\n"
	      "  -O                 report outstanding replies\n"
	      "  -p <pattern>       fill the data with this hex pattern (up to 16 bytes)\n"
	      "  -q                 quiet output\n"
	      "  -Q <tclass>        TOS / traffic class (decimal or 0x hex)\n"
	      "  -R                 record route (IPv4 option; RR: lines after each reply)\n"
	      "  -r                 bypass the routing table: directly connected hosts only\n"
	      "  -S <size>          SO_SNDBUF of the probe socket\n"
	      "  -s <size>          data bytes per probe (default 56)\n"
	      "  -T <timestamp>     IPv4 timestamp option: tsonly, tsandaddr, or tsprespec\n"
	      "                     with the hops to stamp before the target (TS: lines)\n"
	      "  -t <ttl>           time to live / hop limit\n"
	      "  -U                 user-to-user latency: RTTs from before the send to the\n"
	      "                     read in user space, not the kernel's timestamps\n"
	      "  -v                 verbose: hop inference per reply, dropped packets\n"
	      "  -V, --version      print version and exit\n"
	      "  -w <deadline>      stop after <deadline> seconds\n"
	      "  -W <timeout>       time to wait for a reply (default 10s; sweeps 1s)\n",
	      f);
	usage_long(f);
}

/* die_invalid
 * "ping: invalid NAME 'VALUE': WHY": the shape of common/cli's number errors, for the
 * values that are not numbers. */
__attribute__((noreturn, format(printf, 3, 4))) static void
die_invalid(const char *name, const char *value, const char *why_fmt, ...)
{
	char what[256], why[256];
	va_list ap;
	va_start(ap, why_fmt);
	vsnprintf(why, sizeof(why), why_fmt, ap);
	va_end(ap);
	snprintf(what, sizeof(what), "invalid %s '%s'", name, value);
	cli_die(what, "%s", why);
}

/* parse_pattern
 * -p: hex digits, two per byte (a last odd digit is a byte of its own, as iputils'
 * sscanf("%2x") reads it), at most 16 bytes. */
static void parse_pattern(const char *s, struct ping_opts *o)
{
	size_t n = strlen(s);
	if (n == 0 || n > 32)
		die_invalid("pattern", s, "want 1 to 32 hex digits");
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			die_invalid("pattern", s, "not hex digits");
	o->pattern_len = 0;
	for (size_t i = 0; i < n; i += 2) {
		char byte[3] = {s[i], i + 1 < n ? s[i + 1] : '\0', '\0'};
		o->pattern[o->pattern_len++] = (uint8_t)strtoul(byte, NULL, 16);
	}
}

/* parse_number_hex
 * A value decimal, or hexadecimal after 0x (as iputils reads -Q and -F), min..max;
 * hex goes through the same message shape as every other number. */
static long parse_number_hex(const char *name, const char *s, long min, long max)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		const char *h = s + 2;
		size_t n = strlen(h);
		if (n == 0 || n > 8 || strspn(h, "0123456789abcdefABCDEF") != n)
			die_invalid(name, s, "not a number");
		long v = (long)strtoul(h, NULL, 16);
		if (v < min)
			die_invalid(name, s, "too small (minimum %ld)", min);
		if (v > max)
			die_invalid(name, s, "too large (maximum %ld)", max);
		return v;
	}
	return cli_long_or_die(name, s, min, max);
}

/* parse_iface
 * -I: an address (bind to it) or an interface name (which must exist). */
static void parse_iface(const char *s, struct ping_opts *o)
{
	if (addr_parse_literal(s, AF_UNSPEC, &o->src)) {
		o->iface = NULL;
		return;
	}
	if (*s == '\0' || strlen(s) >= IF_NAMESIZE || if_nametoindex(s) == 0)
		die_invalid("interface", s, "no such device or address");
	o->iface = s;
	o->src.len = 0;
}

/* parse_df
 * -M do|dont|want. */
static enum sock_df parse_df(const char *s)
{
	if (strcmp(s, "do") == 0)
		return SOCK_DF_DO;
	if (strcmp(s, "dont") == 0)
		return SOCK_DF_NEVER;
	if (strcmp(s, "want") == 0)
		return SOCK_DF_WANT;
	die_invalid("-M argument", s, "want do, dont or want");
}

/* parse_listen
 * --serve ADDR:PORT: a literal address (IPv6 in brackets) and a port. */
static void parse_listen(const char *s, struct ping_opts *o)
{
	const char *why;
	if (addr_parse_listen(s, &o->listen, &why) != NETDX_OK)
		die_invalid("listen address", s, "%s", why);
	o->serve = s;
}

/* refuse_option
 * An option getopt did not accept: unknown, unsupported or missing its value. */
__attribute__((noreturn)) static void refuse_option(int c, char **argv)
{
	if (c == ':') {
		if (optopt > 0 && optopt < 128)
			cli_die(NULL, "option -%c needs a value", optopt);
		cli_die(NULL, "option %s needs a value", argv[optind - 1]);
	}
	for (size_t i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		if (optopt == unsupported[i].opt)
			cli_die(NULL, "option -%c (%s) is not supported by netdx ping", optopt,
				unsupported[i].what);
	if (optopt)
		cli_die(NULL, "invalid option -- '%c' (see ping --help)",
			isprint(optopt) ? optopt : '?');
	cli_die(NULL, "unrecognized option '%s' (see ping --help)", argv[optind - 1]);
}

/* set_socket_flag
 * A flag about the probe socket and its packets (-b, -B, -C, -d, -L, -R, -r); false
 * when c is not one. */
static bool set_socket_flag(struct ping_opts *o, int c)
{
	switch (c) {
	case 'b':
		o->broadcast = true;
		break;
	case 'B':
		o->sticky_src = true;
		break;
	case 'C':
		o->connect_sock = true;
		break;
	case 'd':
		o->so_debug = true;
		break;
	case 'L':
		o->no_mcast_loop = true;
		break;
	case 'R':
		o->record_route = true;
		break;
	case 'r':
		o->dontroute = true;
		break;
	default:
		return false;
	}
	return true;
}

/* set_flag
 * An option without a value: set what it stands for; false when c is not one. */
static bool set_flag(struct ping_opts *o, int c)
{
	if (set_socket_flag(o, c))
		return true;
	switch (c) {
	case 'a':
		o->audible = true;
		break;
	case 'A':
		o->adaptive = true;
		break;
	case 'D':
		o->timestamps = true;
		break;
	case 'f':
		o->flood = true;
		break;
	case 'j':
		o->json = true;
		break;
	case 'n':
		o->numeric = true;
		break;
	case 'O':
		o->outstanding = true;
		break;
	case 'q':
		o->quiet = true;
		break;
	case 'U':
		o->user_latency = true;
		break;
	case 'v':
		o->verbose = true;
		break;
	case OPT_OPENMETRICS:
	case OPT_PROMETHEUS:
		if (o->expo)
			cli_die(NULL, "options --openmetrics and --prometheus do not go together");
		o->expo = true;
		o->expo_dialect = c == OPT_OPENMETRICS ? METRICS_OPENMETRICS : METRICS_PROMETHEUS;
		break;
	default:
		return false;
	}
	return true;
}

/* set_value
 * An option with a value: parse and store it (or die); false when c is not one. */
static bool set_value(struct ping_opts *o, int c, const char *arg)
{
	const double max_ms = INT_MAX / 1000 * 1000.0;

	switch (c) {
	case 'c':
		o->count = cli_long_or_die("count", arg, 1, LONG_MAX);
		break;
	case 'I':
		parse_iface(arg, o);
		break;
	case 'i':
		o->interval_ms = cli_duration_ms_or_die("interval", arg, 1000.0, 0.0, max_ms);
		o->interval_set = true;
		break;
	case 'l':
		o->preload = cli_long_or_die("preload", arg, 1, PING_MAX_PRELOAD);
		break;
	case 'M':
		o->df = parse_df(arg);
		break;
	case 'p':
		parse_pattern(arg, o);
		break;
	case 'Q':
		o->tos = (int)parse_number_hex("tos", arg, 0, 255);
		break;
	case 's':
		o->size = cli_long_or_die("packet size", arg, 0, PING_MAX_SIZE6);
		break;
	case 't':
		o->ttl = (int)cli_long_or_die("ttl", arg, 1, 255);
		break;
	case 'w':
		o->deadline_ms = cli_duration_ms_or_die("deadline", arg, 1000.0, 0.0, max_ms);
		break;
	case 'W':
		o->linger_ms = cli_duration_ms_or_die("timeout", arg, 1000.0, 1.0, max_ms);
		o->linger_set = true;
		break;
	case OPT_GAP:
		o->gap_ms = cli_duration_ms_or_die("gap", arg, 1000.0, 0.0, max_ms);
		o->gap_set = true;
		break;
	case OPT_TARGETS:
		o->targets_file = arg;
		break;
	case OPT_SERVE:
		parse_listen(arg, o);
		break;
	case OPT_TEXTFILE:
		if (*arg == '\0')
			die_invalid("textfile", arg, "empty path");
		o->textfile = arg;
		break;
	case OPT_MAX_TARGETS:
		o->max_targets = cli_long_or_die("max-targets", arg, 1, PING_MAX_MAX_TARGETS);
		break;
	default:
		return false;
	}
	return true;
}

/* set_socket_value
 * An iputils option with a value for the probe socket or its IP header; false when c
 * is not one. */
static bool set_socket_value(struct ping_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'e':
		o->ident = cli_long_or_die("identifier", arg, 0, 65535);
		break;
	case 'F':
		o->flowlabel = (uint32_t)parse_number_hex("flow label", arg, 1, 0xfffff);
		break;
	case 'm':
		o->mark = (uint32_t)cli_long_or_die("mark", arg, 1, UINT32_MAX);
		break;
	case 'S':
		o->sndbuf = (int)cli_long_or_die("sndbuf", arg, 1, INT_MAX);
		break;
	case 'T':
		o->timestamp = arg;
		break;
	default:
		return false;
	}
	return true;
}

/* check_conflicts
 * Outputs that exclude each other, and what the exporter cannot do. */
static void check_conflicts(const struct ping_opts *o)
{
	const char *expo =
		o->expo_dialect == METRICS_OPENMETRICS ? "--openmetrics" : "--prometheus";
	if (o->expo && o->json)
		cli_die(NULL, "options %s and --json do not go together", expo);
	if (!ping_opts_exporter(o))
		return;
	const char *mode = o->serve ? "--serve" : "--textfile";
	if (o->flood)
		cli_die(NULL, "options %s and -f do not go together", mode);
	if (o->preload > 1)
		cli_die(NULL, "options %s and -l do not go together", mode);
	if (o->outstanding)
		cli_die(NULL, "options %s and -O do not go together", mode);
	if (o->gap_set)
		cli_die(NULL,
			"options %s and --gap do not go together (it spreads each round over -i)",
			mode);
	if (o->interval_set && o->interval_ms <= 0)
		cli_die(NULL, "%s probes each target every -i: it must be above 0", mode);
}

/* ping_opts_exporter
 * Is this an exporter's run? */
bool ping_opts_exporter(const struct ping_opts *o)
{
	return o->serve || o->textfile;
}

/* ping_opts_parse
 * Read the command line into *o; bad values end the program (exit 2). */
enum ping_action ping_opts_parse(int argc, char **argv, bool root, struct ping_opts *o)
{
	*o = (struct ping_opts){
		.family = AF_UNSPEC,
		.size = PING_DEFAULT_SIZE,
		.preload = 1,
		.tos = -1,
		.ident = -1,
		.max_targets = PING_DEFAULT_MAX_TARGETS,
		.root = root,
	};
	int c;
	optind = 0; /* GNU: full re-initialisation (tests parse more than once) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		if (cli_family_option(c, &o->family) || set_flag(o, c) || set_value(o, c, optarg) ||
		    set_socket_value(o, c, optarg))
			continue;
		if (c == 'h' || c == OPT_HELP)
			return PING_HELP;
		if (c == 'V' || c == OPT_VERSION)
			return PING_VERSION;
		refuse_option(c, argv);
	}
	o->args = argv + optind;
	o->n_args = argc - optind;
	if (o->n_args == 0 && !o->targets_file)
		cli_die("usage error", "Destination address required (see ping --help)");
	if (!root && o->preload > PING_USER_MAX_PRELOAD)
		cli_die(NULL, "cannot set preload to value greater than %d: %ld",
			PING_USER_MAX_PRELOAD, o->preload);
	if (o->record_route && o->timestamp)
		cli_die(NULL, "only one of -T or -R may be used");
	if (o->timestamp)
		ping_ipopts_timestamp(o, o->timestamp);
	else if (o->record_route)
		ping_ipopts_record_route(o);
	check_conflicts(o);
	if (o->expo || ping_opts_exporter(o))
		o->quiet = true; /* no line per probe: an exposition instead, or a service */
	if (o->flood)
		o->numeric = true; /* as iputils: no lookups while flooding */
	return PING_RUN;
}

/* sweep_defaults
 * A sweep's: -i per target (1 s, as iputils' users expect), --gap between any two
 * probes (fping's 10 ms; -i 0 alone keeps a sweep flat out), -W 1 s. */
static void sweep_defaults(struct ping_opts *o)
{
	if (o->flood)
		cli_die(NULL, "-f floods one target; a sweep takes -i (0 for flat out)");
	if (o->preload > 1)
		cli_die(NULL, "-l works with one target only");
	if (o->outstanding)
		cli_die(NULL, "-O works with one target only");
	if (o->sticky_src || o->adaptive || o->connect_sock)
		cli_die(NULL, "-%c works with one target only",
			o->adaptive       ? 'A'
			: o->connect_sock ? 'C'
					  : 'B');
	if (o->ip_options_len || o->flowlabel)
		cli_die(NULL, "-%c works with one target only",
			o->flowlabel   ? 'F'
			: o->timestamp ? 'T'
				       : 'R');
	if (!o->interval_set)
		o->interval_ms = 1000.0;
	if (!o->gap_set)
		o->gap_ms = o->interval_ms > 0 ? PING_MULTI_GAP_MS : 0.0;
	if (!o->linger_set)
		o->linger_ms = PING_MULTI_TIMEOUT_MS;
}

/* ping_opts_defaults
 * Defaults that depend on one target or several, and their conflicts. */
void ping_opts_defaults(struct ping_opts *o, bool multi)
{
	if (ping_opts_exporter(o)) {
		if (!o->interval_set)
			o->interval_ms = 1000.0; /* per target, as smokeping_prober's default */
		if (!o->linger_set)
			o->linger_ms = PING_MULTI_TIMEOUT_MS;
	} else if (multi) {
		sweep_defaults(o);
	} else {
		if (o->gap_set)
			cli_die(NULL, "--gap spaces the probes of a sweep: give several targets");
		if (!o->interval_set)
			o->interval_ms = o->flood ? 0.0 : 1000.0;
		if (!o->linger_set)
			o->linger_ms = PING_DEFAULT_LINGER_MS;
	}
	if (!o->root && o->interval_ms < PING_USER_MIN_INTERVAL_MS)
		cli_die(NULL, "cannot flood; minimal interval allowed for user is %gms",
			PING_USER_MIN_INTERVAL_MS);
	if (!o->root && o->gap_set && o->gap_ms < PING_USER_MIN_INTERVAL_MS)
		cli_die(NULL, "cannot flood; minimal gap allowed for user is %gms",
			PING_USER_MIN_INTERVAL_MS);
}

/* ping_opts_check_family
 * Limits that depend on the target's family. */
void ping_opts_check_family(const struct ping_opts *o, int family)
{
	if (family == AF_INET && o->size > PING_MAX_SIZE4) {
		char v[32];
		snprintf(v, sizeof(v), "%ld", o->size);
		die_invalid("packet size", v, "too large (maximum %d)", PING_MAX_SIZE4);
	}
	if (o->flowlabel && family != AF_INET6)
		cli_die(NULL, "-F is an IPv6 flow label: not for an IPv4 target");
	if (o->ip_options_len && family != AF_INET)
		cli_die(NULL, "-%c is an IPv4 header option: not for an IPv6 target",
			o->timestamp ? 'T' : 'R');
	if (o->src.len && addr_family(&o->src) != family)
		cli_die("invalid source address", "-I %s address for an %s target",
			addr_family(&o->src) == AF_INET ? "an IPv4" : "an IPv6",
			family == AF_INET ? "IPv4" : "IPv6");
}
