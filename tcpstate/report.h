/* report.h — everything a census prints, for text.c and json.c alike. */
#ifndef TCPSTATE_REPORT_H
#define TCPSTATE_REPORT_H

#include <jansson.h>

#include "census.h"
#include "findings.h"
#include "kernel.h"

/* --watch: what changed since the last pass. */
struct ts_delta {
	long long pass;                     /* which pass, from 1 (the first has no change) */
	double interval_s;                  /* seconds since the last pass */
	long long states[TCP_DIAG_NSTATES]; /* change of each state's count */
	long long total;                    /* change of the total */
	double opens_per_s;                 /* connections begun per second, -1 unknown */
	double closes_per_s;                /* connections ended per second: those begun,
					     * less the change of CurrEstab; -1 unknown */
	long long overflows, drops;         /* ListenOverflows, ListenDrops added, -1 unknown */
	unsigned close_wait_rising;         /* passes in a row in which CLOSE_WAIT grew */
	bool line;                          /* one plain line per pass (not a terminal) */
};

/* One run's results. */
struct ts_report {
	const struct ts_census *census;     /* the counts */
	const struct ts_kernel *kernel;     /* counters and sysctls */
	const struct ts_findings *findings; /* the diagnoses */
	unsigned owners_hidden;             /* processes whose descriptors we could not read */
	bool owners_looked_up;              /* false: --no-owners, or no state can have one */
	const char *netns;                  /* --netns, or NULL */
	size_t top;                         /* entries per state in the top lists */
	unsigned states;                    /* the states asked for (-s), as a bitmap */
	const struct ts_delta *delta;       /* --watch's change, NULL otherwise */
};

/* The states in the order they are shown (the issue's: LISTEN first, TIME_WAIT last,
 * CLOSE after it), n of them. */
const unsigned *ts_state_order(size_t *n);

/* text.c: the census, listeners, counters and findings as text (with --watch, a
 * heading of the changes first, or one plain line per pass). */
void ts_text_print(FILE *f, const struct ts_report *r);

/* json.c: the same as one JSON document (schema in man/tcpstate.8). */
json_t *ts_json_report(const struct ts_report *r);

/* metrics.c: the same as one exposition: OpenMetrics 1.0, or the Prometheus text format
 * 0.0.4 (names and labels in man/tcpstate.8); dies on a write error. */
void ts_metrics_print(FILE *f, const struct ts_report *r, bool openmetrics);

#endif
