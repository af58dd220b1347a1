/* ping.h — what the files of netdx ping share (not a library header).
 *
 *   opts.c      command line -> struct ping_opts (every value through common/cli)
 *   fopts.c     the same when invoked as fping: fping 5.1's options and meanings
 *   ftext.c     fping's own lines: is alive / is unreachable, -C, -s, -x
 *   targets.c   arguments, CIDR blocks and --targets files -> struct ping_targets
 *   names.c     addresses as iputils prints them ("name (addr)"), lines kept in order
 *   single.c    one target, iputils' way: scheduling, counting, when to stop
 *   multi.c     several targets, fping's way: round-robin sweep in one event loop,
 *               -i apart per target, --gap apart between any two probes
 *   text.c      iputils' lines (reply, error, statistics) and the extras after them
 *   ipopts.c    -R / -T: the IPv4 option probes carry, the RR: / TS: lines of replies
 *   mtext.c     fping's lines for several targets
 *   fsplit.c    fping's per-target figures: last lines, -o, -Q / SIGQUIT, -N
 *   fnames.c    fping -d / -n: targets shown by their reverse names
 *   dueq.c      a min-heap of due times: fping's retries
 *   json.c      --json: one JSON object per line
 *   expo.c      --openmetrics / --prometheus: the same figures as smokeping_prober's
 *               families and netdx_ping_*, from the structs json.c reads
 *   main.c      privileges, sockets, signals, exit status */
#ifndef NETDX_PING_PING_H
#define NETDX_PING_PING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "netdx/addr.h"
#include "netdx/loop.h"
#include "netdx/metrics.h"
#include "netdx/metrics_http.h"
#include "netdx/probe.h"
#include "netdx/sock.h"
#include "netdx/stats.h"

#define PING_DEFAULT_SIZE 56            /* -s default, as iputils */
#define PING_MAX_SIZE4 65507            /* 65535 - 20 (IPv4) - 8 (ICMP) */
#define PING_MAX_SIZE6 65527            /* 65535 - 8: the IPv6 payload length limit */
#define PING_TIMING_MIN_SIZE 16         /* iputils times a reply only with >= 16 data bytes */
#define PING_USER_MIN_INTERVAL_MS 2.0   /* iputils' MINUSERINTERVAL */
#define PING_USER_MAX_PRELOAD 3         /* -l limit without root, as iputils */
#define PING_MAX_PRELOAD 65536          /* -l limit (the sequence space) */
#define PING_FLOOD_TICK_MS 10           /* flood: send anyway after 10 ms without a reply */
#define PING_DEFAULT_LINGER_MS 10000.0  /* -W default with one target (iputils) */
#define PING_DEFAULT_MAX_TARGETS 65536  /* sweeps larger than this need --max-targets */
#define PING_MAX_MAX_TARGETS 1048576    /* --max-targets ceiling */
#define PING_MULTI_GAP_MS 10.0          /* --gap default: between any two probes (fping's -i) */
#define PING_MULTI_TIMEOUT_MS 1000.0    /* -W default with several targets */
#define PING_MULTI_RCVBUF (4 << 20)     /* receive buffer for sweeps (capped by rmem_max) */
#define PING_MULTI_FLAT_OUT_WINDOW 1024 /* probes in flight per socket at -i 0 */

#define FPING_MAX_SIZE 65487 /* fping -b: "must be lower than 65488" */

/* What main should do after parsing. */
enum ping_action {
	PING_RUN,     /* ping */
	PING_HELP,    /* print the help and exit 0 */
	PING_VERSION, /* print the version and exit 0 */
};

/* fping -d / -n: which targets are shown by their reverse names. */
enum ping_frdns {
	FPING_RDNS_OFF,       /* as given */
	FPING_RDNS_ALL,       /* -d: every target */
	FPING_RDNS_ADDRESSES, /* -n: those given as addresses */
};

/* What only fping's command line says (ping invoked as fping). */
struct ping_fping {
	bool on;               /* invoked as fping: its options, lines and exit status */
	bool counting;         /* -c / -C: count mode (else: tries until a reply, -r) */
	bool vcount;           /* -C: every RTT per target at the end */
	bool show_alive;       /* -a: only the names of targets that answered */
	bool show_unreachable; /* -u: only the names of targets that did not */
	bool by_address;       /* -A: targets by address */
	bool elapsed;          /* -e: the RTT after "is alive" */
	bool stats;            /* -s: the statistics block at the end */
	bool generate;         /* -g: the arguments are a CIDR block or a start and end */
	long retries;          /* -r: tries after the first in the default mode */
	double backoff;        /* -B: each try waits this much longer than the one before */
	double timeout_ms;     /* -t: the first try's wait */
	long reachable;        /* -x: exit 0 when at least this many answered; 0: off */
	bool loop;             /* -l: probe every -p until SIGINT (count mode's lines) */
	enum ping_frdns rdns;  /* -d / -n: targets by their reverse names */
	bool all;              /* -m: every address of a name is a target */
	bool netdata;          /* -N: -Q's summaries as netdata's plugin protocol */
	bool outage;           /* -o: lost probes times -p after a target's loss */
	double report_s;       /* -Q: a summary of the last SECS every SECS (-c, -l); 0: none */
	bool random;           /* -R: random data after the stamp, new for every probe */
};

/* Everything the command line says. */
struct ping_opts {
	int family;         /* -4 / -6: AF_INET / AF_INET6; AF_UNSPEC: either */
	long count;         /* -c: stop after this many replies; 0: no limit */
	double interval_ms; /* -i, or the mode's default after ping_opts_defaults() */
	bool interval_set;  /* -i was given */
	double gap_ms;      /* --gap: sweeps, between any two probes; 0 with -i 0: flat out */
	bool gap_set;       /* --gap was given */
	double linger_ms;   /* -W: wait for replies this long (sweeps: per probe) */
	bool linger_set;    /* -W was given */
	double deadline_ms; /* -w: stop after this long; 0: no deadline */
	long size;          /* -s: data bytes after the ICMP header */
	int ttl;            /* -t: TTL / hop limit; 0: the system's */
	long preload;       /* -l: probes sent before waiting for a reply */
	bool quiet;         /* -q: only the first line and the statistics */
	bool numeric;       /* -n: no reverse lookups */
	bool timestamps;    /* -D: [seconds.micros] before each line */
	bool outstanding;   /* -O: report a probe still unanswered when the next goes */
	bool audible;       /* -a: bell on each reply */
	bool flood;         /* -f: flood */
	bool user_latency;  /* -U: RTTs from user space's send and read, not the kernel's */
	bool adaptive;      /* -A: the next probe when the last is answered (-i at most) */
	bool verbose;       /* -v: hop inference per reply, engine counters */
	bool json;          /* -j / --json: JSON lines instead of text */
	bool expo;          /* --openmetrics / --prometheus: an exposition at the end */
	enum metrics_dialect expo_dialect; /* which of the two */
	const char *serve;                 /* --serve ADDR:PORT as given; NULL: none */
	struct netdx_addr listen;          /* --serve's address */
	const char *textfile;              /* --textfile PATH; NULL: none */
	uint8_t pattern[16];               /* -p: fill bytes */
	size_t pattern_len;                /* 0: no -p */
	int tos;                           /* -Q: TOS / traffic class; -1: not set */
	enum sock_df df;                   /* -M do|dont|want */
	const char *iface;                 /* -I NAME: send through this interface */
	struct netdx_addr src;             /* -I ADDRESS: send from this address (len 0: none) */
	const char *targets_file;          /* --targets FILE ("-": standard input) */
	long max_targets;                  /* --max-targets */
	char **args;                       /* the target arguments */
	int n_args;                        /* how many */
	bool root;            /* real uid 0: flood, -i below 2 ms, -l above 3 allowed */
	struct ping_fping fp; /* invoked as fping: what only its command line says */
	/* iputils' socket and IP options (ipopts.c parses -T's) */
	bool record_route;      /* -R */
	const char *timestamp;  /* -T's type as given, NULL: none */
	uint8_t ip_options[40]; /* the option every probe carries (netdx/ipopt.h) */
	size_t ip_options_len;  /* 0: none */
	uint32_t mark;          /* -m: SO_MARK, 0: none */
	uint32_t flowlabel;     /* -F: IPv6 flow label, 0: none */
	long ident;             /* -e: the echo identifier, -1: random (raw) or the kernel's */
	int sndbuf;             /* -S: SO_SNDBUF, 0: the system's */
	bool broadcast;         /* -b: broadcast targets allowed */
	bool sticky_src;        /* -B: bind to the source the route gives at the start */
	bool dontroute;         /* -r: bypass the routing table */
	bool no_mcast_loop;     /* -L: no multicast loopback */
	bool connect_sock;      /* -C: connect() the socket to the target */
	bool so_debug;          /* -d: SO_DEBUG on the socket */
};

/* Parse argv (argv[0] is the program). root: the caller's real uid is 0. Every bad
 * value ends the program with one line and exit status 2. */
enum ping_action ping_opts_parse(int argc, char **argv, bool root, struct ping_opts *o);

/* fopts.c: the same for ping invoked as fping (bad values: fping's status 1, options
 * netdx does not implement: 3); then fping's timing defaults, and fping -h. */
enum ping_action ping_fopts_parse(int argc, char **argv, bool root, struct ping_opts *o);
void ping_fopts_defaults(struct ping_opts *o);
void ping_fopts_usage(FILE *f);

/* --serve or --textfile: the exporter runs the sweep engine, even for one target. */
bool ping_opts_exporter(const struct ping_opts *o);

/* Fill in what depends on the mode (one target or several) and check the options
 * that only make sense with one target. Exits 2 on a conflict. */
void ping_opts_defaults(struct ping_opts *o, bool multi);

/* Check the options against the target's family (-s limits, -I address family). */
void ping_opts_check_family(const struct ping_opts *o, int family);

/* The --help text. */
void ping_opts_usage(FILE *f);

/* ---- ipopts.c: -R and -T ------------------------------------------------------------ */

/* -T's argument: tsonly, tsandaddr or tsprespec (whose hops are the arguments before
 * the target, as iputils reads them: they are taken off o->args). Builds the option
 * into o; exits 2 on a bad type or hop. Called once the arguments are known. */
void ping_ipopts_timestamp(struct ping_opts *o, const char *type);
/* -R: the record-route option into o. */
void ping_ipopts_record_route(struct ping_opts *o);

/* What the previous reply's route was, for iputils' "(same route)". */
struct ping_route_memo {
	uint8_t n;        /* addresses, 0: none yet */
	uint32_t addr[9]; /* the addresses */
};
struct ipopt_list;
struct ping_names;
/* After a reply line left open: the options of its header exactly as iputils prints
 * them ("\nRR: \t<addr>\n...", "\t(same route)", "\nTS: ..."), ending the line. */
void ping_text_ipopts(FILE *f, const struct ipopt_list *l, const struct ping_names *names,
		      struct ping_route_memo *memo);
/* The addresses those lines name (at most max into v): what they wait for. */
size_t ping_ipopts_addrs(const struct ipopt_list *l, struct netdx_addr *v, size_t max);

/* One target and, with several, its own counts (a compact record: a sweep of a /16
 * holds 65536 of them). */
struct ping_target {
	struct netdx_addr addr; /* where probes go */
	const char *name;       /* as given (a name or literal); NULL: print the address */
	bool name_owned;        /* name was allocated (read from a file): free it */
	char *label;            /* fping -A, -d, -n: printed instead of name (allocated);
				 * NULL: name, or the address */
	uint32_t sent;          /* probes sent */
	uint32_t received;      /* first replies */
	uint32_t duplicates;    /* further replies */
	uint32_t errors;        /* ICMP errors instead of replies */
	double sum_ms;          /* sum of RTTs of first replies */
	double min_ms;          /* smallest RTT */
	double max_ms;          /* largest RTT */
	int last_ttl;           /* TTL of the latest reply; -1: none yet */
	uint64_t last_sent_ns;  /* when its latest probe went (a sweep's -i per target) */
};

/* A name of a sweep that did not resolve: a result for that target (fping reports it
 * and pings the rest), not a reason to stop. */
struct ping_unresolved {
	const char *name;   /* as given */
	bool name_owned;    /* name was allocated (read from a file): free it */
	const char *file;   /* the --targets file it came from ("stdin"), NULL: argument */
	unsigned long line; /* its line there */
	char why[80];       /* the resolver's words */
	size_t before;      /* resolved targets given before it (its place in the order) */
};

/* The target list. */
struct ping_targets {
	struct ping_target *v;       /* the resolved targets, in the order given */
	size_t n;                    /* how many */
	size_t cap;                  /* allocated */
	struct ping_unresolved *bad; /* sweeps: the names that did not resolve, in order */
	size_t n_bad;                /* how many */
	bool multi;                  /* several targets, a CIDR block or a file: fping mode */
	bool any4;                   /* some target is IPv4 */
	bool any6;                   /* some target is IPv6 */
	char canon[1025];            /* one target: its canonical name */
	bool literal;                /* one target: given as an address */
};

/* Build the list from the arguments and --targets, expanding CIDR blocks; refuse more
 * than o->max_targets before allocating them. Exits 2 with one line on any error
 * (bad block, unreadable file, too many targets, and an unknown host when it is the
 * only target); in a sweep a name that does not resolve goes into t->bad instead. */
void ping_targets_build(const struct ping_opts *o, struct ping_targets *t);

void ping_targets_free(struct ping_targets *t);

/* "[FILE line N: ]NAME", how messages name an unresolved target. */
const char *ping_unresolved_what(const struct ping_unresolved *u, char *buf, size_t len);

/* The name to print for a target: its name, or its address written into buf. */
const char *ping_target_label(const struct ping_target *t, char *buf, size_t len);

/* ---- names.c: addresses as iputils' pr_addr() prints them ------------------------- */

#define PING_NAME_TEXT 1100 /* "name (address)" */

/* Prints a line to f; from is the text of the address it names ("" when none). */
typedef void (*ping_line_fn)(FILE *f, const char *from, const void *ctx);

/* Lines that name addresses, in order: "name (addr)" from the common cache (the hosts
 * file and DNS, nsswitch.conf's order), or the address alone when numeric (nothing is
 * looked up). Made before the sandbox (it reads the hosts file); out of memory ends
 * the program. */
struct ping_names;
struct ping_names *ping_names_new(struct loop *loop, bool numeric);
void ping_names_free(struct ping_names *n);

/* What its lookups need from the sandbox (netdx/sandbox.h's needs). */
unsigned ping_names_sandbox(const struct ping_names *n);

/* Print a line (print(stdout, text of from, ctx); from NULL: it names no address) now
 * when it can be, or later in its turn: a line whose name is still being looked up
 * waits, and so does every line after it. ctx (size bytes) is copied. */
void ping_names_line(struct ping_names *n, const struct netdx_addr *from, ping_line_fn print,
		     const void *ctx, size_t size);

/* The same for a line that names further addresses (a reply's -R / -T options): it
 * waits for their names too, which its print function gets with ping_names_text. */
void ping_names_line_also(struct ping_names *n, const struct netdx_addr *from,
			  const struct netdx_addr *also, size_t n_also, ping_line_fn print,
			  const void *ctx, size_t size);

/* a's text as it stands: "name (addr)", or the address alone when numeric. */
const char *ping_names_text(const struct ping_names *n, const struct netdx_addr *a, char *buf,
			    size_t len);

/* Run the loop until every waiting line is printed; false when the loop stopped first
 * (a signal: then ping_names_give_up). */
bool ping_names_drain(struct ping_names *n);

/* Stop waiting for names: the lines left print now, their addresses unnamed. */
void ping_names_give_up(struct ping_names *n);

/* The outcome of one run, for the exit status and the summary. */
struct ping_result {
	int exit_code; /* CLI_EXIT_OK / CLI_EXIT_NOREPLY */
};

/* One target, iputils' way. Create the run first (the engine's callback needs it),
 * open the engine with ping_single_on_result and the run as its argument, drop
 * privileges, then run: it prints everything, frees the run and returns the exit
 * status. src is our address toward dst, as the kernel picks it; host is iputils'
 * hostname (canonical name, or the literal as given), target the argument as given. */
struct ping_single;
struct ping_single *ping_single_new(const struct ping_opts *o, struct loop *loop,
				    const struct netdx_addr *dst, const struct netdx_addr *src,
				    const char *host, const char *target, bool numeric);
void ping_single_on_result(void *arg, const struct probe_result *r);
/* The target is a broadcast address: every host on it answers, and as iputils the
 * further answers are counted as duplicates but marked (DUP!) only with -v. */
void ping_single_broadcast(struct ping_single *s);
/* What the run needs from the sandbox (netdx/sandbox.h), once made. */
unsigned ping_single_sandbox(const struct ping_single *s);
int ping_single_run(struct ping_single *s, struct probe_engine *e);

/* Several targets, fping's way, the same three steps; one engine per family in use
 * (NULL for the other). The targets' counts are updated. */
struct ping_multi;
struct ping_multi *ping_multi_new(const struct ping_opts *o, struct loop *loop,
				  struct ping_targets *t);
void ping_multi_on_result(void *arg, const struct probe_result *r);
int ping_multi_run(struct ping_multi *m, struct probe_engine *e4, struct probe_engine *e6);
/* Before the lockdown: open --serve's server and --textfile's directory (a failure
 * is one line and exit 2); the sandbox's needs for them, *dirfd the directory (-1). */
unsigned ping_multi_open_export(struct ping_multi *m, int *dirfd);

/* ---- text.c: iputils' lines ------------------------------------------------------- */

/* A reply as iputils prints it. */
struct ping_reply_line {
	const char *from; /* the address text (names.c) */
	size_t bytes;     /* ICMP bytes */
	unsigned seq;     /* icmp_seq */
	int ttl;          /* reply TTL, -1: unknown */
	bool timed;       /* print time= (iputils needs >= 16 data bytes) */
	long rtt_us;      /* RTT in microseconds */
	bool dup;         /* (DUP!) */
	bool truncated;   /* fewer bytes than sent: (truncated) instead of time */
	bool hops;        /* -v: append the hop inference */
	bool bell;        /* -a: a bell before the newline, where iputils rings it */
	bool open_end;    /* leave the line open: IP options follow (ping_text_ipopts) */
};

/* The statistics block and the extras before it. */
struct ping_summary {
	const char *host;                      /* "--- host ping statistics ---" */
	uint64_t transmitted;                  /* probes counted as sent */
	const struct stats *st;                /* received, duplicates, errors, sums, jitter ... */
	bool timed;                            /* print the rtt line */
	uint64_t time_ms;                      /* first to last probe */
	long pipe;                             /* iputils' pipe size (printed when > 1) */
	bool ipg;                              /* print ipg/ewma (flood, interval 0) */
	long ipg_us;                           /* inter-packet gap */
	long ewma8_us;                         /* iputils' smoothed RTT, 8 x microseconds */
	int ttl;                               /* commonest reply TTL, -1: none */
	const struct probe_counters *engine;   /* -v: what the engine dropped, NULL: hide */
	const char *target;                    /* the target as given (exposition's host) */
	const char *address;                   /* its address (exposition's ip) */
	int last_ttl;                          /* TTL of the latest first reply, -1: none */
	const struct metrics_latency *hist;    /* first replies' RTTs, smokeping's buckets */
	const struct probe_counters *counters; /* the engine's, for the exposition */
	bool after_dots; /* a flood's dots precede: one newline ends them, as iputils */
};

/* "0.045" / "12.3" / "123": iputils' precision for a reply time in microseconds. */
void ping_fmt_time(char *buf, size_t len, long us);

/* "%ld.%03ld" of microseconds, as iputils' statistics line. */
void ping_fmt_us3(char *buf, size_t len, long us);

/* iputils' words for an ICMP error with the numbers it appends ("Frag needed and DF set
 * (mtu = 1400)", "Time exceeded: Hop limit", "Dest Unreachable, Bad Code: 16"). */
void ping_fmt_icmp(char *buf, size_t len, int family, uint8_t type, uint8_t code, uint32_t info);

/* "[1700000000.123456] " for -D, from CLOCK_REALTIME now. */
void ping_fmt_timestamp(char *buf, size_t len);

void ping_text_pattern(FILE *f, const uint8_t *pattern, size_t len);
/* The PING line; total: size with the IP and ICMP headers. */
void ping_text_header(FILE *f, int family, const char *host, const char *dst_text,
		      const char *src_text, const char *iface, long size, long total);
/* The IPv6 PING line with -F's label: ", flow 0x%05x, " after the addresses, as
 * iputils. */
void ping_text_header_flow(FILE *f, const char *host, const char *dst_text, uint32_t flowlabel,
			   const char *src_text, const char *iface, long size);
void ping_text_reply(FILE *f, const char *stamp, const struct ping_reply_line *r);
void ping_text_error(FILE *f, const char *stamp, const char *from, unsigned seq, const char *what);
void ping_text_no_answer(FILE *f, const char *stamp, unsigned seq);

/* Lines that wait their turn (names.c) print from a copy of their data: the stamp is
 * the answer's time, the address's text comes when the line goes out. */
struct ping_reply_text {
	char ts[64];                    /* -D's stamp */
	struct ping_reply_line line;    /* from is set when printed */
	uint8_t ipopts[40];             /* line.open_end: the reply's IPv4 options (-R, -T) */
	size_t ipopts_len;              /* their length */
	const struct ping_names *names; /* names the options' addresses (ping_names_line_also
					 * waited for them) */
	struct ping_route_memo *memo;   /* the run's last route, for "(same route)" */
};
struct ping_error_text {
	char ts[64];    /* -D's stamp */
	unsigned seq;   /* icmp_seq */
	char what[128]; /* "Time to live exceeded" */
};
struct ping_no_answer_text {
	char ts[64];  /* -D's stamp */
	unsigned seq; /* the probe without an answer */
};
struct ping_header_text {
	int family;            /* of the target */
	const char *host;      /* iputils' hostname (lives as long as the run) */
	char num[ADDR_STRLEN]; /* the target's address */
	bool show_src;         /* -I or a source: "from SRC IFACE: " */
	char src[ADDR_STRLEN]; /* that source */
	const char *iface;     /* -I's interface, or NULL */
	long size, total;      /* data bytes, and with the headers */
	uint32_t flowlabel;    /* IPv6 -F: the ", flow 0x%05x, " form, 0: none */
};
/* ping_line_fn's of those (ctx: the struct of the same name). */
void ping_text_line_reply(FILE *f, const char *from, const void *ctx);
void ping_text_line_error(FILE *f, const char *from, const void *ctx);
void ping_text_line_no_answer(FILE *f, const char *from, const void *ctx);
void ping_text_line_header(FILE *f, const char *from, const void *ctx);

/* The netdx extras (jitter, percentiles, hop inference, reordering), placed before the
 * statistics block so that parsers of iputils' output (jc, tail -1) keep working. */
void ping_text_extras(FILE *f, const struct ping_summary *s);
void ping_text_summary(FILE *f, const struct ping_summary *s);
/* SIGQUIT: "\rR/T packets, L% loss, min/avg/ewma/max = ... ms" (iputils, on stderr). */
void ping_text_status(FILE *f, uint64_t transmitted, const struct stats *st, bool timed,
		      long ewma8_us);

/* ---- mtext.c: fping's lines ------------------------------------------------------- */

/* fping's RTT text: 3 significant decimals below 1 ms, then 2, 1, 0. */
void ping_fmt_fping_ms(char *buf, size_t len, double ms);
void ping_mtext_reply(FILE *f, const char *stamp, const char *label, int width, uint32_t round,
		      size_t bytes, double rtt_ms, bool dup, const struct ping_target *t);
void ping_mtext_timeout(FILE *f, const char *stamp, const char *label, int width, uint32_t round,
			const struct ping_target *t);
void ping_mtext_error(FILE *f, const char *stamp, const char *what, const char *from,
		      const char *label);
void ping_mtext_target(FILE *f, const char *label, int width, const struct ping_target *t);
/* A sweep's overall figures. */
struct ping_overall {
	size_t resolved;        /* targets probed */
	size_t alive;           /* of them answered at least once */
	size_t unresolved;      /* names that did not resolve (not probed) */
	uint64_t transmitted;   /* probes sent */
	const struct stats *st; /* every reply of every target */
	uint64_t time_ms;       /* first to last probe */
};
void ping_mtext_overall(FILE *f, const struct ping_overall *ov);

/* ---- ftext.c: fping's own lines -------------------------------------------------- */

/* The totals of fping -s. */
struct ping_fstats {
	size_t targets;      /* given, resolved or not */
	size_t alive;        /* answered */
	size_t unreachable;  /* resolved, never answered */
	size_t unknown;      /* did not resolve */
	uint64_t timeouts;   /* probes unanswered */
	uint64_t sent;       /* probes sent */
	uint64_t replies;    /* echo replies, duplicates included */
	uint64_t other_icmp; /* ICMP errors about our probes */
	double min_ms;       /* RTTs of the replies */
	double sum_ms;       /* (their sum) */
	double max_ms;       /* */
	double elapsed_s;    /* from start to end */
};

void ping_ftext_stamp(char *buf, size_t len);
void ping_ftext_alive(FILE *f, const struct ping_fping *fp, const char *label, double rtt_ms);
void ping_ftext_unreachable(FILE *f, const struct ping_fping *fp, const char *label);
void ping_ftext_vcount(FILE *f, const char *label, int width, const double *rtts, size_t n);
void ping_ftext_stats(FILE *f, const struct ping_fstats *s);
void ping_ftext_reachable(FILE *f, long required, size_t reachable);
void ping_ftext_icmp(FILE *f, int family, uint8_t type, uint8_t code, const char *from,
		     const char *label);

/* ---- fsplit.c: fping's figures as it counts them --------------------------------- */

/* A target's figures over a span: the whole run, or since the last summary. */
struct ping_fspan {
	uint32_t sent;     /* probes answered or timed out (one in flight is not counted) */
	uint32_t received; /* of them answered */
	double min_ms;     /* RTTs of the answers */
	double max_ms;     /* */
	double sum_ms;     /* (their sum) */
};
/* Every target's, both spans. */
struct ping_fsplits {
	struct ping_fspan *total; /* per target, the whole run */
	struct ping_fspan *span;  /* per target, since the last summary */
	size_t n;                 /* targets */
	bool charts_sent;         /* -N: the CHART lines went with the first summary */
};
/* What a summary names and how: the options, the targets, fping's padding. */
struct ping_fsplit_view {
	const struct ping_opts *o;    /* -o, -N, -Q, -p */
	const struct ping_targets *t; /* labels, and -N's ids */
	int width;                    /* widest label */
};
bool ping_fsplits_init(struct ping_fsplits *s, size_t n);
void ping_fsplits_free(struct ping_fsplits *s);
void ping_fsplits_add(struct ping_fsplits *s, size_t i, bool replied, double rtt_ms);
uint64_t ping_fsplits_timeouts(const struct ping_fsplits *s);
void ping_fsplits_line(FILE *f, const char *label, int width, const struct ping_fspan *p,
		       double outage_period_ms);
void ping_fsplits_report(struct ping_fsplits *s, const struct ping_fsplit_view *v, bool blank);

/* ---- dueq.c: a min-heap of due times ----------------------------------------------- */

struct ping_due {
	uint64_t due_ns; /* when, on CLOCK_MONOTONIC */
	uint32_t target; /* which target's next try */
};
struct ping_dueq {
	struct ping_due *v; /* the heap */
	size_t n;           /* entries */
	size_t cap;         /* room */
};
bool ping_dueq_push(struct ping_dueq *q, uint64_t due_ns, uint32_t target);
bool ping_dueq_peek(const struct ping_dueq *q, struct ping_due *out);
void ping_dueq_pop(struct ping_dueq *q);
void ping_dueq_free(struct ping_dueq *q);

/* ---- fnames.c: fping -d / -n ------------------------------------------------------ */

struct ping_fnames;
struct ping_fnames *ping_fnames_open(const struct ping_opts *o, struct loop *loop, unsigned *needs);
void ping_fnames_apply(struct ping_fnames *f, const struct ping_opts *o, struct ping_targets *t);

/* ---- json.c: --json ------------------------------------------------------------- */

void ping_json_start(const char *host, const char *address, long size, long total);
void ping_json_reply(const char *target, const char *from, size_t bytes, unsigned seq, int ttl,
		     bool timed, double rtt_ms, bool dup);
/* The same with the reply's IP options: "route" (-R), "timestamps" (-T). */
void ping_json_reply_ipopts(const char *from, size_t bytes, unsigned seq, int ttl, bool timed,
			    double rtt_ms, bool dup, const struct ipopt_list *l);
void ping_json_error(const char *target, const char *from, unsigned seq, const char *what, int type,
		     int code);
void ping_json_local_error(const char *target, const char *what, unsigned mtu);
void ping_json_no_answer(const char *target, unsigned seq, bool timeout);
void ping_json_summary(const struct ping_summary *s);
void ping_json_target(const char *label, const char *address, const struct ping_target *t);
void ping_json_unresolved(const struct ping_unresolved *u);
void ping_json_unresolved_target(const struct ping_unresolved *u);
void ping_json_overall(const struct ping_overall *ov);

/* ---- expo.c: --openmetrics / --prometheus ------------------------------------------ */

/* One target's exposition (families of smokeping_prober, then netdx_ping_*), from the
 * summary its JSON is written from. */
void ping_expo_summary(struct metrics *m, const struct ping_summary *s);

/* What a sweep's exposition reads: the targets and their histograms, the overall
 * figures, and the engines' counters (either NULL). */
struct ping_expo_sweep {
	const struct ping_targets *t;        /* targets and their counts */
	const struct metrics_latency *hists; /* one per target */
	const struct ping_overall *ov;       /* alive, unreachable, unresolved */
	const struct probe_counters *c4;     /* IPv4 engine's, or NULL */
	const struct probe_counters *c6;     /* IPv6 engine's, or NULL */
};
void ping_expo_sweep(struct metrics *m, const struct ping_expo_sweep *x);
/* The same in parts (a metrics_http_build's, netdx/metrics_http.h): the next part from
 * c on; true when the last one is written. Each part reads the counts as they are then. */
bool ping_expo_sweep_part(struct metrics *m, const struct ping_expo_sweep *x,
			  struct metrics_cursor *c);

/* Print an exposition (ended here) on stdout. */
void ping_expo_print(struct metrics *m);

#endif
