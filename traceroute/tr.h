/* tr.h — traceroute's own declarations: the options, one record per probe, the run
 * that schedules probes and the outputs that print them. Everything network-facing
 * is in common/ (probe engine, hops, icmp, route, dns); this directory only drives it. */
#ifndef TR_H
#define TR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "netdx/addr.h"
#include "netdx/hops.h"
#include "netdx/icmp.h"
#include "netdx/loop.h"
#include "netdx/metrics.h"
#include "netdx/asn.h"
#include "netdx/names.h"
#include "netdx/probe.h"

#define TR_MAX_QUERIES 10     /* -q, as traceroute 2.x */
#define TR_MAX_PACKET 65000   /* positional packet length, as traceroute 2.x */
#define TR_NOTE_LEN 24        /* room for "!F-65535", "!<11-1>", "F=1500" */
#define TR_MP_MAX_PER_TTL 128 /* --multipath: probes to one TTL at most */
#define TR_MAX_GATEWAYS 127   /* -g: IPv6's limit (IPv4's is 8), as traceroute 2.x */

/* How probes are sent (traceroute 2.x's methods). */
enum tr_method {
	TR_UDP,      /* default: UDP, port 33434 (+1 per probe without Paris) */
	TR_UDP_PORT, /* -U: UDP to one port, 53 unless -p */
	TR_ICMP,     /* -I: ICMP echo */
	TR_TCP,      /* -T: TCP SYN, port 80 unless -p (CAP_NET_RAW) */
	TR_RAW,      /* -P PROTO: bare IP packets of that protocol (CAP_NET_RAW) */
	TR_UDPLITE,  /* -UL: UDP-Lite to one port, 53 unless -p, each from its own port */
	TR_DCCP,     /* -D: DCCP-Requests, port 33434 unless -p (CAP_NET_RAW) */
	TR_TCPCONN,  /* -M tcpconn: TCP connect(), port 80 unless -p; no privilege */
};

/* -O for -T: what was named (tcpopts.c). */
struct tr_tcp_opts {
	bool given;      /* -O at all */
	uint8_t flags;   /* flags named (PROBE_TCP_*), 0: none */
	uint8_t options; /* options named (PROBE_TCP_OPT_*) */
	uint16_t mss;    /* mss=, 0: 1460 */
	bool ecn;        /* ecn: ECE and CWR */
	bool sysctl;     /* sysctl: the system's options (also when nothing is named) */
	bool info;       /* info: print the destination's TCP flags */
};

/* Everything the command line says. */
struct tr_conf {
	int family; /* -4 / -6, AF_UNSPEC: the target's */
	enum tr_method method;
	int proto;                         /* -P */
	bool numeric;                      /* -n */
	int first_ttl, max_ttl;            /* -f, -m */
	int queries;                       /* -q */
	int sim;                           /* -N: probes in flight at most */
	double wait_max_s;                 /* -w MAX */
	double wait_here;                  /* -w ,HERE */
	double wait_near;                  /* -w ,,NEAR */
	double sendwait_ms;                /* -z */
	long port;                         /* -p, -1 unless given */
	const char *source;                /* -s, as typed */
	const char *iface;                 /* -i */
	int tos;                           /* -t */
	bool dontfrag;                     /* -F */
	bool mtu;                          /* --mtu */
	bool back;                         /* --back */
	bool extensions;                   /* -e */
	bool as_path;                      /* -A */
	const char *asn_server;            /* --asn-server as given, NULL: resolv.conf's */
	struct netdx_addr asn_server_addr; /* ... its address */
	bool json;                         /* --json */
	const char *metrics_flag;     /* --openmetrics or --prometheus as typed, NULL: neither */
	enum metrics_dialect dialect; /* ... and its dialect */
	bool explain;                 /* --explain */
	bool multipath;               /* --multipath */
	double confidence;            /* --confidence, percent (multipath) */
	bool paris;                   /* flow-stable probes (default; --no-paris clears it) */
	bool raw_udp;                 /* --raw: UDP from a raw socket (CAP_NET_RAW) */
	long sport;                   /* --sport, 0 unless given */
	long fwmark;                  /* --fwmark, 0 unless given */
	long flowlabel;               /* -l (IPv6), 0 unless given */
	bool dontroute;               /* -r: directly connected targets only */
	struct tr_tcp_opts tcp;       /* -O */
	long cscov;                   /* -UL -O coverage=N: UDP-Lite checksum coverage, -1:
				       * not given */
	const char *gateways[TR_MAX_GATEWAYS]; /* -g, each as typed (commas split) */
	size_t n_gateways;
	bool debug;       /* -d: SO_DEBUG on the probe sockets */
	const char *host; /* the target, as typed */
	long packet_len;  /* positional length, -1 unless given */
};

/* Where a probe stands. */
enum tr_state {
	TR_UNSENT = 0,
	TR_SENT, /* in flight */
	TR_DONE, /* answered, or given up (answered false: "*") */
};

/* What an answer says about the path. */
enum tr_kind {
	TR_NONE = 0, /* no answer */
	TR_TRANSIT,  /* time exceeded: a router on the way */
	TR_REACHED,  /* the destination answered (port unreachable, echo reply, SYN-ACK...) */
	TR_STOPPED,  /* an error that ends the trace (!H, !N, !X, !F-..., !<..>) */
};

/* One probe and its outcome. */
struct tr_probe {
	enum tr_state state;
	bool answered;          /* false: printed "*" */
	int ttl;                /* TTL it is sent with */
	uint64_t number;        /* the engine's probe number */
	uint64_t sent_ns;       /* CLOCK_MONOTONIC at send */
	size_t packet_len;      /* bytes on the wire, IP header included */
	struct netdx_addr from; /* who answered (len 0: a local error) */
	double rtt_ms;
	int reply_ttl;            /* TTL of the answer, -1 unknown */
	int icmp_type, icmp_code; /* -1 for TCP and UDP answers */
	uint8_t tcp_flags;        /* TCP answers */
	enum tr_kind kind;
	char note[TR_NOTE_LEN]; /* traceroute 2.x's mark: "!H", "!F-1400", "" */
	unsigned new_mtu;       /* --mtu: the size this probe first used ("F=...") */
	size_t n_mpls;          /* -e: RFC 4950 labels */
	struct icmp_mpls mpls[ICMP_MAX_MPLS];
};

struct tr_run;

/* What the run tells an output, in print order (the run holds back a probe until
 * every earlier one is decided and its responder's name is known). */
struct tr_output_ops {
	void (*header)(struct tr_run *r);
	void (*probe)(struct tr_run *r, const struct tr_probe *p, unsigned index_in_hop);
	void (*hop_end)(struct tr_run *r, int ttl);
	void (*end)(struct tr_run *r);
};

extern const struct tr_output_ops tr_text_ops;
extern const struct tr_output_ops tr_json_ops;
extern const struct tr_output_ops tr_explain_ops;
extern const struct tr_output_ops tr_metrics_ops;

/* A run: the target, the engine, every probe, the cursors that send and print. */
struct tr_run {
	const struct tr_conf *conf;
	struct loop *loop;
	struct probe_engine *engine;
	struct names *names; /* reverse names, NULL with -n */
	struct asn *asn;     /* -A: AS numbers, NULL without */
	const struct tr_output_ops *out;
	void *out_state;            /* the output's own (JSON document ...) */
	FILE *f;                    /* stdout */
	struct netdx_addr dst;      /* the target's address */
	char dst_text[ADDR_STRLEN]; /* ... as text */
	size_t header_len;          /* IP + transport header bytes of a probe */
	size_t packet_len;          /* current probe size (header included) */
	struct hops hops;           /* per-TTL aggregates (common/hops) */
	struct tr_probe *probes;    /* [(ttl - first_ttl) * queries + i] */
	size_t n_probes;
	size_t next_send;      /* first probe not yet sent */
	size_t next_print;     /* first probe not yet printed */
	size_t end;            /* probes past this are not needed (destination found) */
	unsigned in_flight;    /* sent and not yet decided */
	uint64_t last_send_ns; /* for -z */
	unsigned pending_mtu;  /* --mtu: to print with the next answered probe */
	unsigned device_mtu;   /* -F, --mtu: the MTU of the interface toward the target,
				      * read at setup (0: unknown) */
	bool reached;          /* the destination answered */
	bool failed;           /* a send failed for good (message printed) */
	uint8_t tcp_flags;     /* -O: the flags the probes carry (PROBE_TCP_*) */
	uint8_t tcp_options;   /* -O: the options they carry (PROBE_TCP_OPT_*) */
	int signal;            /* the end signal that stopped the run, 0 if none */
	int send_errno;
	uint64_t start_ns, end_ns; /* wall time of the run */
	struct loop_timer wait_timer;
	struct loop_timer send_timer;
	struct loop_timer settle_timer;          /* acts on a batch of answers */
	uint64_t late;                           /* answers after a probe was given up */
	void (*print)(struct tr_run *r);         /* prints what a newly known name unblocks */
	void *mp;                                /* --multipath's own state */
	size_t route_len;                        /* -g: bytes of the source route in every probe's
					  * IP header (option or IPv6 routing header) */
	uint8_t route[8 + 16 * TR_MAX_GATEWAYS]; /* ... those bytes */
	struct netdx_addr via[TR_MAX_GATEWAYS];  /* ... the gateways */
	size_t n_via;
};

/* opts.c: parse argv into conf, or exit 2 with one line (usage, --help, -V exit 0). */
void tr_opts_parse(int argc, char **argv, struct tr_conf *conf);

/* tcpopts.c: -O's words into o (or exit 2); the combinations refused (exit 2); the
 * engine's flags and options from o and the sysctls (before the sandbox); answer flags
 * as 2.x's info prints them ("rst,ack"). */
void tr_tcp_opts_parse(const char *arg, struct tr_tcp_opts *o);
void tr_tcp_opts_check(const struct tr_tcp_opts *o);
void tr_tcp_opts_apply(const struct tr_tcp_opts *o, struct probe_config *pc);
void tr_tcp_flags_text(uint8_t flags, char *buf, size_t len);
/* The options in opts (PROBE_TCP_OPT_*) as -O names them: "mss,sack". */
void tr_tcp_options_text(uint8_t opts, char *buf, size_t len);

/* gateways.c: resolve -g's gateways for the target's family into r->via and build the
 * source route every probe carries (r->route: IPv4's loose source route option, IPv6's
 * routing header); exit 2 for too many gateways or one that does not resolve. */
void tr_gateways_resolve(struct tr_run *r, struct tr_conf *c);

/* classify.c: fold an engine result into a probe record (kind, note, MPLS...). */
void tr_classify(const struct tr_run *r, const struct probe_result *res, struct tr_probe *p);

/* run.c: the engine's callback for a trace. */
void tr_run_on_result(void *arg, const struct probe_result *res);
/* run.c: run a trace (traceroute 2.x's order, all TTLs in flight, adaptive waits). */
int tr_run_trace(struct tr_run *r);
/* The probe record by TTL and index. */
struct tr_probe *tr_probe_at(const struct tr_run *r, int ttl, unsigned i);
/* The wait for a probe at this TTL, from what is known now. */
uint64_t tr_wait_ns(const struct tr_run *r, int ttl);
/* Print what can be printed (called again whenever a name arrives). */
void tr_run_print(struct tr_run *r);

/* multipath.c: the --multipath run and its output, and its engine callback. */
int tr_multipath_trace(struct tr_run *r);
void tr_multipath_on_result(void *arg, const struct probe_result *res);

/* json.c helpers shared with multipath: one probe, the document's head and tail. */
json_t *tr_json_probe(struct tr_run *r, const struct tr_probe *p);
json_t *tr_json_head(struct tr_run *r);
void tr_json_tail(struct tr_run *r, json_t *doc);

/* text.c helpers shared with explain and multipath: " name (addr)" or " addr". */
void tr_text_addr(struct tr_run *r, const struct netdx_addr *a);
/* The MPLS annotation " <MPLS:L=..,E=..,S=..,T=..>" into buf. */
void tr_text_mpls(const struct tr_probe *p, char *buf, size_t len);
/* The traceroute 2.x header line (no newline). */
void tr_text_header(struct tr_run *r);
/* --mtu's summary (tracepath's Resume line): the path MTU, the destination's TTL and
 * the way back's length (-1: unknown); false when the destination did not answer. */
bool tr_resume(const struct tr_run *r, unsigned *pmtu, int *hops, int *back);

#endif
