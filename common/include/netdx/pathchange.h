/* pathchange — the path-change log of mtr: when the address answering at a TTL changes
 * and stays changed, one entry `time ttl old -> new`.
 *
 * A hop's responder is the address that answered there; a different address becomes
 * the new responder once it has answered `confirm` times in a row (an answer from the
 * current one or a third address starts over; a lost probe does not count). So a stray
 * answer is not a change, and a route that moves is one entry per hop it moves at. A flow that changes with every probe (mtr -u without -P) lets an
 * ECMP hop's responders alternate: such a hop logs changes as they come. Pure state:
 * the caller says when every answer arrived. */
#ifndef NETDX_PATHCHANGE_H
#define NETDX_PATHCHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netdx/addr.h"
#include "netdx/hops.h"

#define PATHCHANGE_LOG_MAX 64 /* entries kept; later ones are only counted */
#define PATHCHANGE_CONFIRM 3  /* mtr's confirm: answers in a row from the new address */

/* One change. */
struct pathchange_entry {
	double time_s;          /* when the first answer of the new responder came (the
				 * caller's clock: mtr's is the wall clock, seconds) */
	int ttl;                /* the hop */
	struct netdx_addr from; /* the responder before */
	struct netdx_addr to;   /* the one after */
};

/* What is known of one TTL. */
struct pathchange_hop {
	bool known;                  /* some address has answered */
	struct netdx_addr current;   /* the responder now */
	struct netdx_addr candidate; /* another address that answered last */
	unsigned candidate_n;        /* its answers in a row */
	double candidate_s;          /* the time of its first one */
};

struct pathchange {
	unsigned confirm;                                /* answers in a row that make a change */
	struct pathchange_hop hop[HOPS_MAX_TTL + 1];     /* by TTL */
	struct pathchange_entry log[PATHCHANGE_LOG_MAX]; /* the first changes, in order */
	size_t n_log;                                    /* of them kept */
	uint64_t total;                                  /* changes seen, kept or not */
};

/* A log with no hop known; confirm 0 is taken as 1 (every new address is a change).
 * NULL when memory is short. Its 92 KiB (a slot for every TTL, the kept entries) come
 * from zpages: only the pages of the hops that answer arrive. */
struct pathchange *pathchange_new(unsigned confirm);

/* Free what pathchange_new returned (NULL is ignored). */
void pathchange_free(struct pathchange *pc);

/* An answer from `from` at ttl at time_s. Returns true when it completed a change (the
 * entry is then pc->log[pc->n_log - 1] if it was kept). TTLs outside 1..HOPS_MAX_TTL
 * are ignored. */
bool pathchange_answer(struct pathchange *pc, int ttl, const struct netdx_addr *from,
		       double time_s);

#endif
