/* fopts.c — the command line of ping invoked as fping: fping 5.1's options and their
 * meanings (milliseconds, -p per target, -i between any two probes, -t the first
 * timeout) into the same struct ping_opts, fping's own fields in o->fp. Bad values
 * end the run with one line and fping's status for them (1). */
#include "ping.h"

#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/cli.h"

#define FPING_EXIT_USAGE 1 /* fping 5.1 exits 1 on a bad option or value */

/* fping 5.1's long options. */
/* clang-format off */
static const struct option fping_long_opts[] = {
	{"ipv4", no_argument, NULL, '4'},        {"ipv6", no_argument, NULL, '6'},
	{"alive", no_argument, NULL, 'a'},       {"addr", no_argument, NULL, 'A'},
	{"size", required_argument, NULL, 'b'},  {"backoff", required_argument, NULL, 'B'},
	{"count", required_argument, NULL, 'c'}, {"vcount", required_argument, NULL, 'C'},
	{"rdns", no_argument, NULL, 'd'},        {"timestamp", no_argument, NULL, 'D'},
	{"elapsed", no_argument, NULL, 'e'},     {"file", required_argument, NULL, 'f'},
	{"generate", no_argument, NULL, 'g'},    {"help", no_argument, NULL, 'h'},
	{"ttl", required_argument, NULL, 'H'},   {"interval", required_argument, NULL, 'i'},
	{"iface", required_argument, NULL, 'I'}, {"loop", no_argument, NULL, 'l'},
	{"all", no_argument, NULL, 'm'},         {"dontfrag", no_argument, NULL, 'M'},
	{"name", no_argument, NULL, 'n'},        {"netdata", no_argument, NULL, 'N'},
	{"outage", no_argument, NULL, 'o'},      {"tos", required_argument, NULL, 'O'},
	{"period", required_argument, NULL, 'p'}, {"quiet", no_argument, NULL, 'q'},
	{"squiet", required_argument, NULL, 'Q'}, {"retry", required_argument, NULL, 'r'},
	{"random", no_argument, NULL, 'R'},      {"stats", no_argument, NULL, 's'},
	{"src", required_argument, NULL, 'S'},   {"timeout", required_argument, NULL, 't'},
	{"unreach", no_argument, NULL, 'u'},     {"version", no_argument, NULL, 'v'},
	{"reachable", required_argument, NULL, 'x'}, {NULL, 0, NULL, 0},
};
/* clang-format on */
static const char fping_short_opts[] = ":46aAb:B:c:C:dDef:ghH:i:I:lmMnNoO:p:qQ:r:RsS:t:T:uvx:";

/* fping_die
 * "fping: WHY" and fping's status for bad usage. */
__attribute__((noreturn, format(printf, 2, 3))) static void fping_die(int status, const char *fmt,
								      ...)
{
	char why[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	cli_error(NULL, "%s", why);
	exit(status);
}

/* fping_long
 * A whole number of an option in [min, max], or one line and status 1. */
static long fping_long(char opt, const char *s, long min, long max)
{
	long v;
	enum cli_status st = cli_parse_long(s, min, max, &v);
	if (st != CLI_OK)
		fping_die(FPING_EXIT_USAGE, "invalid -%c value '%s': %s", opt, s,
			  cli_status_str(st));
	return v;
}

/* fping_ms
 * Milliseconds (fractions allowed) of an option in [min, max]. */
static double fping_ms(char opt, const char *s, double min, double max)
{
	double v;
	enum cli_status st = cli_parse_double(s, min, max, &v);
	if (st != CLI_OK)
		fping_die(FPING_EXIT_USAGE, "invalid -%c value '%s': %s", opt, s,
			  cli_status_str(st));
	return v;
}

/* fping_address
 * -S: a literal source address. */
static void fping_address(const char *s, struct ping_opts *o)
{
	if (!addr_parse_literal(s, AF_UNSPEC, &o->src))
		fping_die(FPING_EXIT_USAGE, "can't parse source address: %s", s);
}

/* fping_names_flag
 * -d / -n: targets by their reverse names (fping takes one of the two). */
static void fping_names_flag(struct ping_fping *f, int c)
{
	if (f->rdns)
		fping_die(FPING_EXIT_USAGE, "use either one of -d or -n");
	f->rdns = c == 'd' ? FPING_RDNS_ALL : FPING_RDNS_ADDRESSES;
}

/* fping_flag_more
 * The options without a value that fping_flag leaves: loop, names, all addresses,
 * netdata, outage, random data; false when c is not one. */
static bool fping_flag_more(struct ping_fping *f, int c)
{
	switch (c) {
	case 'd':
	case 'n':
		fping_names_flag(f, c);
		break;
	case 'l':
		f->loop = true;
		break;
	case 'm':
		f->all = true;
		break;
	case 'N':
		f->netdata = true;
		break;
	case 'o':
		f->outage = true;
		break;
	case 'R':
		f->random = true;
		break;
	default:
		return false;
	}
	return true;
}

/* fping_flag
 * An option without a value; false when c is not one. */
static bool fping_flag(struct ping_opts *o, int c)
{
	struct ping_fping *f = &o->fp;
	switch (c) {
	case 'a':
		f->show_alive = true;
		break;
	case 'A':
		f->by_address = true;
		break;
	case 'D':
		o->timestamps = true;
		break;
	case 'e':
		f->elapsed = true;
		break;
	case 'g':
		f->generate = true;
		break;
	case 'M':
		o->df = SOCK_DF_DO;
		break;
	case 'q':
		o->quiet = true;
		break;
	case 's':
		f->stats = true;
		break;
	case 'u':
		f->show_unreachable = true;
		break;
	default:
		return fping_flag_more(f, c);
	}
	return true;
}

/* fping_value
 * An option with a value; false when c is not one. */
static bool fping_value(struct ping_opts *o, int c, const char *arg)
{
	struct ping_fping *f = &o->fp;
	switch (c) {
	case 'b':
		o->size = fping_long('b', arg, 0, FPING_MAX_SIZE);
		break;
	case 'B':
		f->backoff = fping_ms('B', arg, 1.0, 5.0);
		break;
	case 'c':
		o->count = fping_long('c', arg, 1, INT_MAX);
		break;
	case 'C':
		o->count = fping_long('C', arg, 1, INT_MAX);
		f->vcount = true;
		break;
	case 'f':
		o->targets_file = arg;
		break;
	case 'H':
		o->ttl = (int)fping_long('H', arg, 1, 255);
		break;
	case 'i':
		o->gap_ms = fping_ms('i', arg, 0.0, INT_MAX);
		break;
	case 'I':
		o->iface = arg;
		break;
	case 'O':
		o->tos = (int)fping_long('O', arg, 0, 255);
		break;
	case 'Q':
		/* seconds, as fping; like -q, and with -c or -l a summary every SECS */
		f->report_s = fping_ms('Q', arg, 0.0, 86400.0 * 365);
		o->quiet = true;
		break;
	case 'p':
		o->interval_ms = fping_ms('p', arg, 0.0, INT_MAX);
		o->interval_set = true;
		break;
	case 'r':
		f->retries = fping_long('r', arg, 0, 1000);
		break;
	case 'S':
		fping_address(arg, o);
		break;
	case 't':
		o->linger_ms = fping_ms('t', arg, 0.0, INT_MAX);
		o->linger_set = true;
		break;
	case 'T':
		break; /* ignored, as fping does (fping 2.4's select timeout) */
	case 'x':
		f->reachable = fping_long('x', arg, 1, INT_MAX);
		break;
	default:
		return false;
	}
	return true;
}

/* fping_refuse
 * An option getopt or the tables did not take. */
__attribute__((noreturn)) static void fping_refuse(int c, char **argv)
{
	if (c == ':')
		fping_die(FPING_EXIT_USAGE, "option %s needs a value", argv[optind - 1]);
	if (optopt > 0 && optopt < 128)
		fping_die(FPING_EXIT_USAGE, "invalid option -- '%c' (see fping -h)", optopt);
	fping_die(FPING_EXIT_USAGE, "unrecognized option '%s' (see fping -h)", argv[optind - 1]);
}

/* fping_check
 * What fping refuses once every option is read, in its words. */
static void fping_check(struct ping_opts *o)
{
	struct ping_fping *f = &o->fp;
	if (f->show_alive && f->show_unreachable)
		fping_die(FPING_EXIT_USAGE, "specify only one of a, u");
	if (o->count && f->loop)
		fping_die(FPING_EXIT_USAGE, "specify only one of c, l");
	if (f->generate && o->targets_file)
		fping_die(FPING_EXIT_USAGE, "specify only one of g, f");
	if (f->generate && (o->n_args < 1 || o->n_args > 2))
		fping_die(FPING_EXIT_USAGE, "-g takes a CIDR block or a start and an end address");
	if (o->n_args == 0 && !o->targets_file)
		o->targets_file = "-"; /* as fping: the targets from standard input */
	if (f->vcount && f->show_alive)
		fping_die(FPING_EXIT_USAGE, "specify only one of C, a");
	if (f->vcount && f->show_unreachable)
		fping_die(FPING_EXIT_USAGE, "specify only one of C, u");
}

/* ping_fopts_parse
 * Read fping's command line into *o (the same struct as ping's). */
enum ping_action ping_fopts_parse(int argc, char **argv, bool root, struct ping_opts *o)
{
	*o = (struct ping_opts){
		.family = AF_UNSPEC,
		.size = PING_DEFAULT_SIZE,
		.preload = 1,
		.tos = -1,
		.max_targets = PING_MAX_MAX_TARGETS,
		.numeric = true,
		.gap_ms = PING_MULTI_GAP_MS,
		.gap_set = true,
		.root = root,
		.fp = {.on = true, .retries = 3, .backoff = 1.5},
	};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, fping_short_opts, fping_long_opts, NULL)) != -1) {
		if (cli_family_option(c, &o->family) || fping_flag(o, c) ||
		    fping_value(o, c, optarg))
			continue;
		if (c == 'h')
			return PING_HELP;
		if (c == 'v')
			return PING_VERSION;
		fping_refuse(c, argv);
	}
	o->args = argv + optind;
	o->n_args = argc - optind;
	fping_check(o);
	return PING_RUN;
}

/* ping_fopts_defaults
 * fping's timing: -p 1000 ms per target, -t 500 ms for the first try (each retry's
 * wait -B times the one before); with -c / -C / -l, -t follows -p up to 2000 ms. The
 * engine waits as long as the last try may. Every fping run is a sweep. */
void ping_fopts_defaults(struct ping_opts *o)
{
	struct ping_fping *f = &o->fp;
	if (!o->interval_set)
		o->interval_ms = 1000.0;
	f->counting = o->count > 0 || f->loop;
	if (!o->linger_set)
		o->linger_ms =
			f->counting ? (o->interval_ms < 2000.0 ? o->interval_ms : 2000.0) : 500.0;
	f->timeout_ms = o->linger_ms > 0 ? o->linger_ms : 1.0;
	if (!f->counting) {
		o->count = f->retries + 1;
		for (long i = 0; i < f->retries; i++)
			o->linger_ms *= f->backoff;
	}
	if (o->linger_ms < 1.0)
		o->linger_ms = 1.0;
}

/* ping_fopts_usage
 * fping -h. */
void ping_fopts_usage(FILE *f)
{
	fputs("Usage: fping [options] [targets...]\n"
	      "\n"
	      "netdx ping as fping: fping 5.1's options, output and exit status.\n"
	      "\n"
	      "Probing options:\n"
	      "   -4, --ipv4         only ping IPv4 addresses\n"
	      "   -6, --ipv6         only ping IPv6 addresses\n"
	      "   -b, --size=BYTES   amount of ping data to send, in bytes (default: 56)\n"
	      "   -B, --backoff=N    set exponential backoff factor to N (default: 1.5)\n"
	      "   -c, --count=N      count mode: send N pings to each target\n"
	      "   -f, --file=FILE    read list of targets from a file ( - means stdin)\n"
	      "   -g, --generate     generate target list (only if no -f specified)\n"
	      "                      (give start and end IP in the target list, or a CIDR address)\n"
	      "   -H, --ttl=N        set the IP TTL value (Time To Live hops)\n"
	      "   -I, --iface=IFACE  bind to a particular interface\n"
	      "   -l, --loop         loop mode: send pings forever\n"
	      "   -m, --all          use all IPs of provided hostnames (e.g. IPv4 and IPv6), use with -A\n"
	      "   -M, --dontfrag     set the Don't Fragment flag\n"
	      "   -O, --tos=N        set the type of service (tos) flag on the ICMP packets\n"
	      "   -p, --period=MSEC  interval between ping packets to one target (in ms)\n"
	      "                      (in loop and count modes, default: 1000 ms)\n"
	      "   -r, --retry=N      number of retries (default: 3)\n"
	      "   -R, --random       random packet data (to foil link data compression)\n"
	      "   -S, --src=IP       set source address\n"
	      "   -t, --timeout=MSEC individual target initial timeout (default: 500 ms,\n"
	      "                      except with -l/-c/-C, where it's the -p period up to 2000 ms)\n"
	      "\n"
	      "Output options:\n"
	      "   -a, --alive        show targets that are alive\n"
	      "   -A, --addr         show targets by address\n"
	      "   -C, --vcount=N     same as -c, report results in verbose format\n"
	      "   -d, --rdns         show targets by name (force reverse-DNS lookup)\n"
	      "   -D, --timestamp    print timestamp before each output line\n"
	      "   -e, --elapsed      show elapsed time on return packets\n"
	      "   -i, --interval=MSEC  interval between sending ping packets (default: 10 ms)\n"
	      "   -n, --name         show targets by name (reverse-DNS lookup for target IPs)\n"
	      "   -N, --netdata      output compatible for netdata (-l -Q are required)\n"
	      "   -o, --outage       show the accumulated outage time (lost packets * packet interval)\n"
	      "   -q, --quiet        quiet (don't show per-target/per-ping results)\n"
	      "   -Q, --squiet=SECS  same as -q, but add interval summary every SECS seconds\n"
	      "   -s, --stats        print final stats\n"
	      "   -u, --unreach      show targets that are unreachable\n"
	      "   -v, --version      show version\n"
	      "   -x, --reachable=N  shows if >=N hosts are reachable or not\n"
	      "\n"
	      "Exit status: 0 all reachable, 1 some unreachable or bad usage, 2 a name did not\n"
	      "resolve, 4 a system call failed.\n"
	      "See fping(8).\n",
	      f);
}
