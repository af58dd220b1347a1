/* rounds — continuous rounds of probes to every TTL of a path, for mtr and pathping.
 *
 * Round k starts at start + k × interval and sends one probe to each TTL from
 * first_ttl up to the destination's TTL once it is known (max_ttl before), all at
 * once. Answers are folded into a struct hops. A round closes when every one of its
 * probes is answered, or at its deadline: the wait adapts to the path — three times
 * the slowest answer seen so far plus a margin once the destination has answered,
 * max_wait before — so a silent hop costs only what the path's own RTTs justify.
 * Probes of a closed round that were not answered count as lost; a late answer to
 * them is ignored. Rounds may overlap when a round's wait is longer than the interval. */
#ifndef NETDX_ROUNDS_H
#define NETDX_ROUNDS_H

#include <stdbool.h>
#include <stdint.h>

#include "netdx/hops.h"
#include "netdx/loop.h"
#include "netdx/probe.h"

struct rounds_config {
	struct probe_config probe; /* family, method, size, socket options (timeout is set here) */
	struct netdx_addr dst;     /* the destination */
	int first_ttl, max_ttl;    /* TTL range (mtr -f/-m, pathping -h) */
	uint64_t interval_ns;      /* between round starts (mtr -i, pathping -p) */
	uint64_t count;            /* rounds to run; 0: until rounds_stop() */
	uint64_t max_wait_ns;      /* the longest a probe is waited for (mtr -Z, pathping -w) */
	uint64_t min_wait_ns;      /* the shortest, however fast the path; 0: 100 ms */
	uint64_t grace_ns;         /* once the last round has started, no open round waits
				    * longer than this after it (mtr -G); 0: their own waits */
	int max_unknown;           /* from the second round on, probe no TTL past the one
				    * where more than this many TTLs have never answered
				    * (mtr -U); 0: no limit */
	size_t payload_room;       /* the probes' payloads may grow to this (rounds_set_size);
				    * 0: probe.payload_len */
	bool random_size;          /* every probe's payload a random length from 0 to
				    * probe.payload_len (mtr -s with a negative size) */
	const struct probe_config *alt; /* other ways to probe, opened now too (those that
					  * cannot be are left out) for rounds_set_method */
	size_t n_alt;                   /* how many */
};

enum rounds_event {
	ROUNDS_SENT,       /* a probe went out */
	ROUNDS_ANSWER,     /* an answer was folded into the hops */
	ROUNDS_ROUND_DONE, /* a round closed */
	ROUNDS_FINISHED,   /* the last round closed (count reached, or stopped) */
};

/* What happened, for ROUNDS_SENT and ROUNDS_ANSWER (zero for the others). */
struct rounds_info {
	uint64_t round;                /* which round */
	int ttl;                       /* the probe's TTL */
	const struct netdx_addr *from; /* ANSWER: who answered */
	double rtt_ms;                 /* ANSWER: after how long */
	bool new_responder;            /* ANSWER: first answer from this address at this TTL */
};

struct rounds;
typedef void (*rounds_cb)(void *arg, enum rounds_event ev, const struct rounds_info *info);

/* Open the probe socket (the privileged step) and prepare; hops must have been
 * initialised with the same TTL range and outlive the rounds. NETDX_OK with *out, or
 * probe_engine_new's status and *why (*out NULL). */
enum netdx_status rounds_new(struct loop *loop, const struct rounds_config *cfg, struct hops *hops,
			     rounds_cb cb, void *arg, struct rounds **out, const char **why);
void rounds_free(struct rounds *r);

/* What the rounds need from the sandbox while they run (probe_engine_sandbox). */
unsigned rounds_sandbox(const struct rounds *r);

/* Start sending (round 0 at once). */
void rounds_start(struct rounds *r);

/* Probe no TTL above max_ttl from the next round on (pathping: the path's length as
 * its first phase found it). */
void rounds_limit_ttl(struct rounds *r, int max_ttl);

/* What the live view changes while rounds run (mtr's keys), from the next probe on:
 * the interval (from the last round's start), the count (0: until stopped; a count
 * already reached stops), the TTL range (the caller re-initialises the hops to it:
 * answers to earlier probes outside it are dropped), the probes' size (at most
 * payload_room; random: each probe a random length up to it), the fill byte (-1:
 * random per probe), the TOS. rounds_set_method switches to cfg's or an alt's method;
 * false when that way could not be opened. */
void rounds_set_interval(struct rounds *r, uint64_t interval_ns);
void rounds_set_count(struct rounds *r, uint64_t count);
void rounds_set_ttl(struct rounds *r, int first_ttl, int max_ttl);
bool rounds_set_size(struct rounds *r, size_t payload_len, bool random);
void rounds_set_pattern(struct rounds *r, int pattern);
int rounds_set_tos(struct rounds *r, int tos);
bool rounds_set_method(struct rounds *r, enum probe_method m);
enum probe_method rounds_method(const struct rounds *r);

/* Stop starting rounds; open rounds still close (ROUNDS_FINISHED follows). */
void rounds_stop(struct rounds *r);

/* Pause: no new rounds until rounds_resume(); open rounds still close. */
void rounds_pause(struct rounds *r);
void rounds_resume(struct rounds *r);
bool rounds_paused(const struct rounds *r);

uint64_t rounds_started(const struct rounds *r);   /* rounds begun so far */
uint64_t rounds_completed(const struct rounds *r); /* rounds closed so far */

/* Probes to this TTL that open rounds still wait for: sent (counted in the hop's
 * stats.sent) but neither answered nor lost yet. 0 once every round has closed. */
uint64_t rounds_awaiting(const struct rounds *r, int ttl);

/* Why the last probe that could not be sent failed (errno: ENETUNREACH when the route
 * vanished...), 0 if every send went out. Such probes count as sent and lost. */
int rounds_send_errno(const struct rounds *r);

/* The source port of the probes (probe_engine_source_port): UDP and TCP, else 0. */
uint16_t rounds_source_port(const struct rounds *r);

/* The probe engine's counters (foreign and malformed answers, send errors). */
const struct probe_counters *rounds_counters(const struct rounds *r);

#endif
