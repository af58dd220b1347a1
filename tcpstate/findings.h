/* findings.h — what the census means, in sentences: each finding with the evidence it
 * rests on (counts, counters, sysctl values, the threshold crossed) and what to do. A
 * finding is made only when its condition holds; figures that could not be read are
 * left out of the evidence, never guessed. */
#ifndef TCPSTATE_FINDINGS_H
#define TCPSTATE_FINDINGS_H

#include <stddef.h>

#include "census.h"
#include "kernel.h"

/* Most findings kept, and most facts in one finding's evidence. */
#define TS_FINDINGS_MAX 32
#define TS_FACTS_MAX 16

/* One figure of the evidence. */
struct ts_fact {
	const char *name; /* e.g. "close_wait", "tcp_syncookies", "ListenOverflows" */
	long long value;  /* its value */
};

/* One finding. */
struct ts_finding {
	const char *id;                     /* "close-wait", "accept-queue-full", ... */
	char summary[512];                  /* what is wrong, in a sentence */
	char advice[512];                   /* what to do */
	struct ts_fact facts[TS_FACTS_MAX]; /* the evidence */
	size_t nfacts;                      /* facts used */
};

/* Every finding of one census. */
struct ts_findings {
	struct ts_finding v[TS_FINDINGS_MAX]; /* in the order made */
	size_t n;                             /* how many */
};

/* Look at the census and the kernel's figures with the thresholds. */
void ts_findings_build(const struct ts_census *c, const struct ts_kernel *k,
		       const struct ts_thresholds *th, struct ts_findings *out);

/* --watch: CLOSE_WAIT grew in each of the last passes passes; the close-wait findings
 * say so (it only grows: a leak, not a burst) and carry it in their evidence. */
void ts_findings_note_rising(struct ts_findings *fs, unsigned passes);

/* --watch: the listen counters grew since the last pass (overflows, drops); the
 * accept-queue and SYN_RECV findings say so and carry it in their evidence. */
void ts_findings_note_overflows(struct ts_findings *fs, long long overflows, long long drops);

#endif
