/* report.h — everything a census prints, for text.c and json.c alike. */
#ifndef TCPSTATE_REPORT_H
#define TCPSTATE_REPORT_H

#include <jansson.h>

#include "census.h"
#include "findings.h"
#include "kernel.h"

/* One run's results. */
struct ts_report {
	const struct ts_census *census;     /* the counts */
	const struct ts_kernel *kernel;     /* counters and sysctls */
	const struct ts_findings *findings; /* the diagnoses */
	unsigned owners_hidden;             /* processes whose descriptors we could not read */
	const char *netns;                  /* --netns, or NULL */
	size_t top;                         /* entries per state in the top lists */
	unsigned states;                    /* the states asked for (-s), as a bitmap */
};

/* The states in the order they are shown (the issue's: LISTEN first, TIME_WAIT last,
 * CLOSE after it), n of them. */
const unsigned *ts_state_order(size_t *n);

/* text.c: the census, listeners, counters and findings as text. */
void ts_text_print(FILE *f, const struct ts_report *r);

/* json.c: the same as one JSON document (schema in man/tcpstate.8). */
json_t *ts_json_report(const struct ts_report *r);

#endif
