/* pathping.h — what the files of the pathping front-end share. */
#ifndef NETDX_PATHPING_H
#define NETDX_PATHPING_H

#include <stdbool.h>
#include <stdio.h>

#include "netdx/hops.h"
#include "netdx/loop.h"
#include "netdx/metrics.h"
#include "netdx/names.h"
#include "netdx/path_setup.h"
#include "netdx/rounds.h"

/* The run: options, the two phases' results. */
struct pathping {
	bool numeric;                   /* -n */
	bool json;                      /* --json */
	const char *metrics_flag;       /* --openmetrics or --prometheus as typed, NULL: neither */
	enum metrics_dialect dialect;   /* ... and its dialect */
	int max_hops;                   /* -h */
	long queries;                   /* -q: probes per hop */
	long period_ms;                 /* -p: between probes to a hop */
	long timeout_ms;                /* -w: longest wait for an answer */
	const char *target;             /* as given */
	struct path_target path;        /* its address, and hop 0's (-i, else the route's source) */
	char local_name[256];           /* hop 0: this host */
	struct rounds_config rc;        /* probing */
	struct hops trace;              /* phase 1: the path */
	struct hops stats;              /* phase 2: the statistics */
	int last_ttl;                   /* the path's length from phase 1 (the hop list) */
	int rows;                       /* the table's hops: last_ttl, or the destination's TTL
				     * when phase 2 found it nearer (the trace lost every
				     * probe to it at its real distance) */
	uint64_t queries_sent;          /* probes each hop got in phase 2 (fewer than queries
				     * when a signal cut it short, 0 when it never ran) */
	uint64_t planned_ms;            /* phase 2's length, as "Computing statistics" says */
	uint64_t elapsed_ms;            /* how long it took */
	int send_errno;                 /* why probes could not be sent in phase 2, 0 if all went */
	struct probe_counters counters; /* both phases' engines together (--json) */
	struct loop *loop;
	struct names *names;          /* reverse names, one cache for the run (NULL with -n) */
	struct rounds *phase;         /* the phase running: what a signal ends */
	bool interrupted;             /* a signal ended the run early */
	bool rounds_done;             /* the running phase's last round closed */
	bool hop_list_printed;        /* the hop list is out: the names it showed are final */
	struct loop_timer hold;       /* phase 2 lasts planned_ms at least */
	struct loop_timer names_wait; /* the longest the hop list waits for names */
	struct hops_finding findings[HOPS_MAX_FINDINGS]; /* the verdict's (hops_findings) */
	size_t n_findings;
};

/* "name [addr]", or "addr" with -n or when the address has no name (yet). */
const char *pathping_host(const struct pathping *pp, const struct netdx_addr *a, char *buf,
			  size_t len);

/* Hop 0: "thishost [addr]", or "addr" with -n. */
const char *pathping_local(const struct pathping *pp, char *buf, size_t len);

/* Milliseconds as seconds, the way the text shows them: "25", "0.25". */
const char *pathping_seconds_text(uint64_t ms, char *buf, size_t len);

/* Windows pathping's statistics table, then the verdict. */
void pathping_print_table(const struct pathping *pp, FILE *out);

/* The same as one JSON document. */
bool pathping_print_json(const struct pathping *pp, FILE *out);

/* The table's figures as per-hop series (netdx/hops_metrics.h), link and node loss
 * included, in the dialect asked for. */
void pathping_print_metrics(const struct pathping *pp, FILE *out);

/* The verdict, one sentence at a time, the same for text and JSON: the findings
 * (netdx/hops.h) in words, with the table's own figures. */
void pathping_verdict(const struct pathping *pp, void (*line)(void *arg, const char *text),
		      void *arg);

#endif
