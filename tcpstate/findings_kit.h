/* findings_kit.h — what the finding files (findings*.c) share: making a finding, adding
 * its evidence and words, and each file's diagnoses. Private to them. */
#ifndef TCPSTATE_FINDINGS_KIT_H
#define TCPSTATE_FINDINGS_KIT_H

#include "findings.h"

/* The next free finding with its id, or NULL when the list is full. */
struct ts_finding *ts_finding_new(struct ts_findings *out, const char *id);

/* Add one figure to the evidence, unless it could not be read (negative). */
void ts_finding_fact(struct ts_finding *f, const char *name, long long value);

/* printf into a finding's text field. */
void ts_finding_say(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Who holds an entry's sockets, as words: "1234/python3", "several processes, among
 * them 1234/python3", or a process that cannot be seen. */
void ts_finding_holder(const struct ts_entry *e, char *buf, size_t len);

/* The pid of an entry's holder for the evidence, -1 (left out) when unknown. */
long long ts_finding_pid(const struct ts_entry *e);

/* The busiest entry of a table, NULL when it is empty. */
const struct ts_entry *ts_finding_top(const struct ts_table *t);

/* findings_syn.c: full accept queues, half-open handshakes, unanswered connects. */
void ts_find_handshakes(const struct ts_census *c, const struct ts_kernel *k,
			const struct ts_thresholds *th, struct ts_findings *out);

/* findings_close.c: TIME_WAIT pressure, FIN_WAIT1 / FIN_WAIT2 / LAST_ACK leftovers. */
void ts_find_closing(const struct ts_census *c, const struct ts_kernel *k,
		     const struct ts_thresholds *th, struct ts_findings *out);

/* findings_idle.c: idle ESTABLISHED connections without keepalive. */
void ts_find_idle(const struct ts_census *c, const struct ts_kernel *k,
		  const struct ts_thresholds *th, struct ts_findings *out);

#endif
