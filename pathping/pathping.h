/* pathping.h — what the files of the pathping front-end share. */
#ifndef NETDX_PATHPING_H
#define NETDX_PATHPING_H

#include <stdbool.h>
#include <stdio.h>

#include "netdx/hops.h"
#include "netdx/loop.h"
#include "netdx/rounds.h"

/* The run: options, the two phases' results. */
struct pathping {
	bool numeric;               /* -n */
	bool json;                  /* --json */
	int max_hops;               /* -h */
	long queries;               /* -q: probes per hop */
	long period_ms;             /* -p: between probes to a hop */
	long timeout_ms;            /* -w: longest wait for an answer */
	const char *target;         /* as given */
	char target_text[ADDR_STRLEN];
	char local_name[256];       /* hop 0: this host */
	struct netdx_addr local;    /* hop 0's address (the route's source) */
	struct rounds_config rc;    /* probing */
	struct hops trace;          /* phase 1: the path */
	struct hops stats;          /* phase 2: the statistics */
	int last_ttl;               /* the path's length from phase 1 */
	double seconds;             /* phase 2's planned duration */
	int send_errno;             /* why probes could not be sent in phase 2, 0 if all went */
	struct probe_counters counters; /* both phases' engines together (--json) */
	struct loop *loop;
};

/* "name [addr]", or "addr" with -n or when the address has no name. */
const char *pathping_host(const struct pathping *pp, const struct netdx_addr *a, char *buf,
			  size_t len);

/* Hop 0: "thishost [addr]", or "addr" with -n. */
const char *pathping_local(const struct pathping *pp, char *buf, size_t len);

/* Windows pathping's statistics table, then the verdict. */
void pathping_print_table(const struct pathping *pp, FILE *out);

/* The same as one JSON document. */
bool pathping_print_json(const struct pathping *pp, FILE *out);

/* The verdict's findings, shared by text and JSON: for each hop, whether real loss
 * starts on the link into it, and whether the router only loses its own replies. */
bool pathping_link_loss_starts(const struct pathping *pp, int ttl, struct hop_loss *link);
bool pathping_node_only_loss(const struct pathping *pp, int ttl, struct hop_loss *node);

#endif
