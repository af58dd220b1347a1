/* mtr.h — what the files of the mtr front-end share: the run's configuration and
 * state (one struct, passed explicitly), the field table, and the output modes. */
#ifndef NETDX_MTR_H
#define NETDX_MTR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "netdx/asn.h"
#include "netdx/hops.h"
#include "netdx/loop.h"
#include "netdx/metrics.h"
#include "netdx/metrics_export.h"
#include "netdx/names.h"
#include "netdx/out.h"
#include "netdx/path_setup.h"
#include "netdx/pathchange.h"
#include "netdx/rounds.h"

enum mtr_mode {
	MTR_CURSES,      /* live view (the default on a terminal) */
	MTR_REPORT,      /* -r / -w */
	MTR_JSON,        /* --json */
	MTR_CSV,         /* --csv */
	MTR_XML,         /* --xml */
	MTR_OPENMETRICS, /* --openmetrics */
	MTR_PROMETHEUS,  /* --prometheus */
	MTR_EXPORT,      /* --serve / --textfile without a mode: nothing on stdout */
	MTR_RAW,         /* --raw: one line per event */
	MTR_SPLIT,       /* --split: changed hop lines as they change */
};

#define MTR_MAX_FIELDS 32
#define MTR_DEFAULT_ORDER "LS NABWV" /* -o's default, mtr's */
#define MTR_JITTER_ORDER "DR AGJMXI" /* what mtr's `j` key switches to */
#define MTR_MAX_HOSTS 256            /* hosts of one run (arguments and -F's lines) */

#define MTR_MAX_FLOWS 16    /* --multipath's largest N */
#define MTR_DEFAULT_FLOWS 4 /* --multipath without N */
#define MTR_SPLIT_LINE 128  /* --split: the longest hop line remembered */

struct mtr_ctl;
struct mtr_run;

/* A flow of --multipath after the first (whose figures are its host's own hops, rounds
 * and changes): its rounds on a socket, and so a source port, of its own. */
struct mtr_flow {
	struct hops hops;
	struct rounds *rounds;
	struct pathchange *changes;
	struct mtr_ctl *ctl; /* its host, for the rounds' callback */
};

/* One host of the run: the options (each host has its copy of the command line's), then
 * its state, flows and path-change log included. The loop, names and AS lookups are the
 * run's, shared by every host. */
struct mtr_ctl {
	enum mtr_mode mode;
	bool mode_given;                /* a mode option was given (no tty fallback then) */
	bool wide;                      /* -w: no truncated host names */
	bool show_ips;                  /* -b: name and address */
	bool dns;                       /* names (off with -n) */
	bool mpls;                      /* -e: show MPLS labels */
	char order[MTR_MAX_FIELDS + 1]; /* -o: field keys in display order */
	int display_mode;               /* --displaymode 0..2 (live view) */
	int ipinfo;                     /* -y / -z: the AS field shown (enum asn_field), -1: none */
	bool asn_names;                 /* AS names are looked up too (-y 5) */
	const char *asn_server;         /* --asn-server as given, NULL: resolv.conf's */
	struct netdx_addr asn_server_addr; /* ... its address */
	bool count_given;                  /* -c was given (the live view runs until q otherwise) */
	bool fast_ok;                      /* an interval under 1 s is allowed (root, cap) */
	int port;                          /* -P, 0 when not given */
	int psize;                         /* -s: packet size in bytes, IP header included;
					    * negative: random sizes up to -psize */
	int tos;                           /* -Q */
	int bitpattern;                    /* -B: the fill byte, -1: random per probe, -2:
					    * not given (iputils' counting bytes) */
	uint8_t pattern_byte;              /* ... the fixed one the probes point to */
	const char *target;                /* as given */
	struct path_target path;           /* its address, numeric too; ours toward it */
	char local_host[256];              /* gethostname() */
	struct rounds_config rc;           /* probing */
	time_t start;                      /* when the run began */
	const char *serve;                 /* --serve ADDR:PORT as given, NULL: none */
	struct netdx_addr listen;          /* ... its address */
	const char *textfile;              /* --textfile PATH, NULL: none */
	int n_flows;                       /* --multipath N: flows of their own, 0: off */
	/* state */
	struct mtr_run *run;                 /* every host of the run */
	size_t host_index;                   /* this one's place in run->hosts */
	char (*split_lines)[MTR_SPLIT_LINE]; /* --split: the line last printed per hop, by
					      * TTL ("" before the first; zpages, whose
					      * untouched pages cost nothing), NULL in
					      * the other modes */
	int split_count;                     /* --split: hop lines printed so far */
	struct loop *loop;
	struct hops hops;
	struct rounds *rounds;
	struct pathchange *changes; /* the path-change log (of flow 1 with --multipath) */
	struct mtr_flow *flows;     /* --multipath: flows 2..n_flows, NULL: none */
	struct names *names;        /* reverse names (NULL with -n) */
	struct asn *asn;            /* AS lookups (NULL without -z / -y) */
	bool awaiting_names;        /* the report waits for the last lookups */
	bool interrupted;           /* a signal ended the report run early */
	int exit_status;
	/* the live view's hook for every event of the rounds, NULL when there is none */
	void (*view_event)(void *view, const struct mtr_ctl *host, enum rounds_event ev,
			   const struct rounds_info *info);
	void *view; /* its argument: the view's state */
};

/* Every host traced, in the order given (-F's lines, then the arguments), probed at once
 * on one loop; reports are printed in that order once every host is done. */
struct mtr_run {
	struct mtr_ctl *hosts;        /* the hosts that resolved */
	size_t n;                     /* of them */
	size_t running;               /* rounds that have not finished (every flow's) */
	struct metrics_export export; /* --serve / --textfile: every host's series */
};

/* The hosts to trace, as given: -F FILE's lines (FILE "-": stdin), then the arguments. */
struct mtr_names {
	char **name;    /* each one's text (allocated) */
	size_t n;       /* of them */
	size_t skipped; /* bad lines of the file, each reported on stderr and left out */
};

/* Add the hosts of -F's file to *names (exit 2 if it cannot be read). A bad line is
 * reported as "mtr: FILE line N: TEXT: why" and skipped. */
void mtr_names_read_file(struct mtr_names *names, const char *path);

/* Add one host argument. */
void mtr_names_add(struct mtr_names *names, const char *name);

void mtr_names_free(struct mtr_names *names);

/* One column of mtr's table (the -o keys). */
struct mtr_field {
	char key;           /* -o letter */
	const char *title;  /* header, JSON and CSV key */
	const char *format; /* printf format of one cell in the text table */
	int width;          /* cell width the table advances by */
	bool is_float;      /* milliseconds or percent (else a count) */
	double (*value)(const struct hop *hp);
};

/* The field of a key, NULL if there is none. */
const struct mtr_field *mtr_field(char key);

/* Check an -o string; on error *bad is the first unknown key. */
bool mtr_order_valid(const char *order, char *bad);

/* Text of the address (and name) shown for a responder, "???" for none. */
const char *mtr_host_text(const struct mtr_ctl *ctl, const struct hop *hp, size_t responder,
			  char *buf, size_t len);

/* mtr's AS cell of an address (-z / -y, fmt_ipinfo): the field padded to its width,
 * "AS" before an AS number, "???" while unknown; "" when no AS field is shown. */
const char *mtr_ipinfo_text(const struct mtr_ctl *ctl, const struct netdx_addr *a, char *buf,
			    size_t len);

/* Flow i (0: the first, ctl's own) of a run: its hops, rounds and path changes; a run
 * without --multipath has one flow. */
int mtr_flow_count(const struct mtr_ctl *ctl);
const struct hops *mtr_flow_hops(const struct mtr_ctl *ctl, int i);
const struct rounds *mtr_flow_rounds(const struct mtr_ctl *ctl, int i);
const struct pathchange *mtr_flow_changes(const struct mtr_ctl *ctl, int i);

/* --multipath: open the rounds of a host's flows 2..n_flows as the first's were
 * (privileged step; dies with one line on failure; each host its own, counted in
 * run->running), start and stop them; what they need from the sandbox; free them.
 * Without it, nothing. */
void mtr_flows_open(struct mtr_ctl *ctl, const char *method_opt);
void mtr_flows_start(struct mtr_ctl *ctl);
void mtr_flows_stop(struct mtr_ctl *ctl);
unsigned mtr_flows_sandbox(const struct mtr_ctl *ctl);
void mtr_flows_free(struct mtr_ctl *ctl);

/* An answer of one flow's rounds (any flow): names and AS lookups of a new responder,
 * the flow's path-change log. */
void mtr_flow_answer(struct mtr_ctl *ctl, struct pathchange *changes,
		     const struct rounds_info *info);

/* A flow's rounds finished: the loop stops once every flow's of every host have. */
void mtr_flow_finished(struct mtr_ctl *ctl);

/* Is there a path-change log? Not when every probe is a flow of its own (-u without
 * -P): an ECMP hop's routers would take turns, each turn a "change". */
bool mtr_changes_kept(const struct mtr_ctl *ctl);

/* The path-change log under a text report ("Path changes:", a line per change), its
 * JSON, and the OpenMetrics counter netdx_path_changes_total. */
void mtr_changes_text(const struct pathchange *pc, FILE *out);
json_t *mtr_changes_json(const struct pathchange *pc);
/* The live view's line of the log: its count and latest entry kept, into buf; NULL
 * while it is empty. */
const char *mtr_changes_latest(const struct pathchange *pc, char *buf, size_t len);
/* The counter: one family, a sample per host (its target label) that keeps a log. */
void mtr_changes_metrics(const struct mtr_run *run, struct metrics *m);

/* The quote checks' marker of hop ttl of hops (" [NAT]", " [TOS 0x00 -> 0x20]", or "":
 * see netdx/quote_check.h) into buf, which it returns. */
const char *mtr_quote_mark(const struct mtr_ctl *ctl, const struct hops *hops, int ttl, char *buf,
			   size_t len);

/* Can probes of method m vary in size (a negative -s, or s in the live view)? ICMP's
 * and UDP's with a port that moves on; not TCP's nor a fixed UDP flow's (-P,
 * --multipath), whose answers the probe engine matches by a length it takes as every
 * probe's (a SYN's data acknowledged, the payload that pays for the checksum). */
static inline bool mtr_random_size_ok(const struct mtr_ctl *ctl, enum probe_method m)
{
	return m == PROBE_METHOD_ICMP ||
	       (m == PROBE_METHOD_UDP && ctl->port == 0 && ctl->n_flows == 0);
}

/* Report modes, written once the last round has closed. */
void mtr_report_text(const struct mtr_ctl *ctl, FILE *out);
bool mtr_report_json(const struct mtr_ctl *ctl, FILE *out);
void mtr_report_csv(const struct mtr_ctl *ctl, FILE *out);
void mtr_report_xml(const struct mtr_ctl *ctl, FILE *out);

/* The per-hop series (netdx/hops_metrics.h) of the rows the report shows, every host's
 * (its target label), appended to m (the caller ends it; m->nomem if memory ran out);
 * probes the open rounds still wait for are in neither sent nor lost. arg is the struct
 * mtr_run: a metrics_http_build, run for every scrape of --serve and every round's
 * --textfile, which writes all of it in its first part. */
bool mtr_metrics(void *arg, struct metrics *m, struct metrics_cursor *c);

/* --openmetrics, --prometheus: the exposition of mtr_metrics, whole, every host's. */
void mtr_report_metrics(const struct mtr_run *run, FILE *out);

/* Streaming modes: called for every event of the rounds. */
void mtr_stream_event(struct mtr_ctl *ctl, enum rounds_event ev, const struct rounds_info *info,
		      FILE *out);

/* What the rows shown tell beyond chance (netdx/hops.h): at most HOPS_MAX_FINDINGS
 * into out; returns how many were written. */
size_t mtr_findings(const struct mtr_ctl *ctl, struct hops_finding *out);

/* The index-th note under the table, one line without '\n', into buf; NULL past the
 * last. In order: a destination that never answered, routers that limit their ICMP,
 * loss the rounds cannot tell from none, probes that could not be sent, a run cut
 * short by a signal. */
const char *mtr_note_text(const struct mtr_ctl *ctl, size_t index, char *buf, size_t len);

/* Can the live view run here (stdout a terminal that terminfo knows)? Asked before
 * probing starts, so a run that falls back to a report keeps its report count. */
bool mtr_curses_usable(void);

/* Live view, in two steps around the sandbox: open puts the terminal in curses mode
 * (terminfo is a file, read now) and returns NULL when the terminal cannot be used
 * (the caller then reports); run probes every host and draws one (Tab shows the next)
 * until the user quits (q), a signal or the count, then restores the terminal and
 * frees the view. */
struct mtr_view;
struct mtr_view *mtr_curses_open(struct mtr_run *run);
void mtr_curses_run(struct mtr_view *v);

#endif
